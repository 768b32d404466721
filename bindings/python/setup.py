"""Builds the extension `clearance._clearance` by configuring the whole clearance project
with CMake (only the Python module is built) and copying the module where setuptools wants
it: the pattern of pybind11's cmake_example. The metadata is in pyproject.toml.

The C++ sources are two directories up, so build from this directory (pip builds local
directories in place). Environment: CMAKE_BUILD_PARALLEL_LEVEL (default 2) and
CLEARANCE_CMAKE_ARGS (extra arguments for the configure step, split on spaces).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def version():
    config = (ROOT / "include" / "clearance" / "config.hpp").read_text(encoding="utf-8")
    return re.search(r'#define CLEARANCE_VERSION_STRING "([^"]+)"', config).group(1)


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").is_file():
            raise RuntimeError(f"the clearance sources are not at {ROOT}: build from the repository's bindings/python")
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DCLEARANCE_PYTHON=ON",
            "-DCLEARANCE_TESTS=OFF",
            "-DCLEARANCE_BENCHMARKS=OFF",
            "-DCLEARANCE_INSTALL=OFF",
            "-DCLEARANCE_C=OFF",
            f"-DPython3_EXECUTABLE={sys.executable}",
        ] + os.environ.get("CLEARANCE_CMAKE_ARGS", "").split()
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_clearance", "-j", jobs], check=True)
        # The module keeps the interpreter's suffix (_clearance.cpython-311-x86_64-linux-gnu.so).
        built = build_dir / "python" / "clearance" / target.name
        if not built.is_file():
            raise RuntimeError(f"CMake did not produce {built}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)


setup(
    version=version(),
    ext_modules=[CMakeExtension("clearance._clearance")],
    cmdclass={"build_ext": CMakeBuild},
)
