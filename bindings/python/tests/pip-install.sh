#!/usr/bin/env bash
# `pip install` of the bindings works offline: a fresh virtual environment (seeing the
# system's site-packages for setuptools), the package built from bindings/python with the
# system's pybind11, then the example program run from outside the source tree.
#   pip-install.sh PYTHON SOURCE_DIR WORK_DIR
# Exit 77 (skipped) when the interpreter cannot make a virtual environment with pip.
set -uo pipefail
python=$1 source_dir=$2 work_dir=$3
skip() { echo "SKIPPED: $*"; exit 77; }

"$python" -c "import setuptools" 2>/dev/null || skip "$python has no setuptools (Debian: python3-setuptools)"
rm -rf "$work_dir/venv" && mkdir -p "$work_dir" || exit 1
"$python" -m venv --system-site-packages "$work_dir/venv" ||
  skip "$python cannot create a virtual environment with pip (Debian: python3-venv)"
venv_python="$work_dir/venv/bin/python"

# The extension's CMake build lives in bindings/python/build (pip builds in place): a second
# run rebuilds only what changed, and ccache shares the objects of the project's own build.
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}
"$venv_python" -m pip install --no-build-isolation --no-deps --no-index --quiet "$source_dir/bindings/python" || exit 1

site=$("$venv_python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
failed=0
for file in __init__.py __init__.pyi _clearance.pyi py.typed testing.py distributed.py sweep.py; do
  [ -f "$site/clearance/$file" ] || { echo "not installed: $site/clearance/$file"; failed=1; }
done
[ -x "$work_dir/venv/bin/clearance-sweep" ] || { echo "not installed: the console script clearance-sweep"; failed=1; }
ls "$site"/clearance/_clearance*.so >/dev/null 2>&1 || { echo "not installed: $site/clearance/_clearance*.so"; failed=1; }

# From a directory with no `clearance` in it, so that the installed package is the one found.
cd "$work_dir" || exit 1
where=$("$venv_python" -c "import clearance; print(clearance.__file__)")
case $where in
  "$site"/*) echo "imported from $where" ;;
  *) echo "imported the wrong package: $where"; failed=1 ;;
esac
output=$("$venv_python" "$source_dir/examples/python/check.py" "$source_dir/examples/coalition-cloud.json")
status=$?
echo "$output" | tail -1
if [ $status -ne 1 ] || ! grep -q "coalition-cloud: 10 findings" <<<"$output"; then
  echo "examples/python/check.py: exit $status, expected 1 with 10 findings"
  failed=1
fi
exit $failed
