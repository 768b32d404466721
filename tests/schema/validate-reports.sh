#!/usr/bin/env bash
# Validates the reports `clearance check` writes for every example model (and, with its
# waivers, for each example that has a file in examples/waivers/) against the formats'
# published schemas (vendored in tests/schemas), or, for HTML, renders them in headless
# Chromium; sarif-multitool runs Microsoft's SARIF Multitool `validate` on the SARIF.
#   validate-reports.sh sarif|sarif-multitool|junit|oscal|html CLI SOURCE_DIR WORK_DIR
# Exit 0: valid; 1: invalid; 77: skipped, because a validator is not installed here and
# cannot be (CTest reports the test as skipped).
set -uo pipefail

kind=$1 cli=$2 source_dir=$3 work_dir=$4
schemas="$source_dir/tests/schemas"
skip() { echo "SKIPPED: $*"; exit 77; }

rm -rf "$work_dir" && mkdir -p "$work_dir" || exit 1
generate() {  # generate FORMAT EXTENSION
  for model in "$source_dir"/examples/*.json; do
    local name
    name=$(basename "$model" .json)
    # From the source tree's root, as a pipeline runs it: SARIF names the model relative to it.
    (cd "$source_dir" && "$cli" check "examples/$name.json" --format "$1" --output "$work_dir/$name.$2")
    local status=$?
    if [ $status -gt 1 ]; then echo "clearance check $model --format $1 failed ($status)"; exit 1; fi
  done
  # A report with waivers (waived, expired: spec waivers-v1 §3) is valid too.
  for waivers in "$source_dir"/examples/waivers/*.waivers.json; do
    [ -f "$waivers" ] || continue
    local name
    name=$(basename "$waivers" .waivers.json)
    (cd "$source_dir" && "$cli" check "examples/$name.json" --waivers "$waivers" --today 2026-12-03 --format "$1" \
      --output "$work_dir/$name.waived.$2" 2>/dev/null)
    local status=$?
    if [ $status -gt 1 ]; then echo "clearance check $name --waivers $waivers --format $1 failed ($status)"; exit 1; fi
  done
}

case $kind in
  sarif)
    [ -f "$schemas/sarif-schema-2.1.0.json" ] || skip "no $schemas/sarif-schema-2.1.0.json"
    python=""
    for candidate in python3 /usr/bin/python3; do
      if "$candidate" -c "import jsonschema" 2>/dev/null; then python=$candidate; break; fi
    done
    [ -n "$python" ] || skip "python3 has no jsonschema module (Debian: python3-jsonschema)"
    generate sarif sarif
    "$python" - "$schemas/sarif-schema-2.1.0.json" "$work_dir"/*.sarif <<'PY'
import json, sys
import jsonschema
validator = jsonschema.Draft4Validator(json.load(open(sys.argv[1])))
failed = False
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    print(f"{path}: {'valid' if not errors else 'INVALID'}")
    for error in errors[:20]:
        failed = True
        print(f"  /{'/'.join(map(str, error.path))}: {error.message[:300]}")
sys.exit(1 if failed else 0)
PY
    ;;
  sarif-multitool)
    # Microsoft's own validator: the schema and its rules for what viewers need (an
    # informationUri, physical locations, ...). Any error or warning fails; notes are advice
    # (SARIF2012 asks for PascalCase rule names: clearance's ids are dotted on purpose).
    # Pinned by tests/schema/sarif-multitool/package-lock.json: installed beside the sources
    # by `npm ci --prefix tests/schema/sarif-multitool` (.ci/run does), or else into the
    # build tree on first use.
    tool="$source_dir/tests/schema/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    if [ ! -x "$tool" ]; then
      modules="$work_dir/../sarif-multitool-node"
      tool="$modules/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
      if [ ! -x "$tool" ]; then
        command -v npm >/dev/null || skip "no npm to install @microsoft/sarif-multitool-linux (Debian: npm)"
        mkdir -p "$modules" && cp "$source_dir"/tests/schema/sarif-multitool/package{,-lock}.json "$modules/"
        (cd "$modules" && npm ci --no-audit --no-fund --loglevel=error) ||
          skip "npm ci could not install @microsoft/sarif-multitool-linux (registry unreachable?)"
      fi
    fi
    # The tool is a self-contained .NET program: without libicu it must be told so.
    export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
    generate sarif sarif
    failed=0
    for sarif in "$work_dir"/*.sarif; do
      log="${sarif%.sarif}.validation.sarif"
      output=$("$tool" validate "$sarif" --output "$log" --log ForceOverwrite 2>&1)
      status=$?
      problems=$(printf '%s\n' "$output" | grep -E ': (error|warning) ')
      if [ $status -ne 0 ] || [ -n "$problems" ]; then
        echo "$sarif: NOT CLEAN (multitool exit $status)"
        printf '%s\n' "${problems:-$output}" | head -40
        failed=1
      else
        echo "$sarif: clean"
      fi
    done
    exit $failed
    ;;
  junit)
    [ -f "$schemas/junit.xsd" ] || skip "no $schemas/junit.xsd"
    command -v xmllint >/dev/null || skip "no xmllint (Debian: libxml2-utils)"
    generate junit junit.xml
    xmllint --noout --schema "$schemas/junit.xsd" "$work_dir"/*.junit.xml
    ;;
  oscal)
    schema="$schemas/oscal_assessment-results_schema-1.1.2.json"
    [ -f "$schema" ] || skip "no $schema"
    command -v node >/dev/null || skip "no node (Debian: nodejs)"
    # ajv and ajv-formats, pinned by tests/schema/package-lock.json: installed beside the
    # sources by `npm ci`, or else into the build tree on first use.
    if [ ! -d "$source_dir/tests/schema/node_modules/ajv" ]; then
      modules="$work_dir/../schema-node"
      if [ ! -d "$modules/node_modules/ajv-formats" ]; then
        command -v npm >/dev/null || skip "no npm to install ajv (Debian: npm)"
        mkdir -p "$modules" && cp "$source_dir/tests/schema/package.json" "$source_dir/tests/schema/package-lock.json" "$modules/"
        (cd "$modules" && npm ci --no-audit --no-fund --loglevel=error) || skip "npm ci could not install ajv (offline?)"
      fi
      export NODE_PATH="$modules/node_modules"
    fi
    generate oscal oscal.json
    node "$source_dir/tests/schema/validate-oscal.js" "$schema" "$work_dir"/*.oscal.json
    ;;
  html)
    browser=""
    for candidate in chromium chromium-browser google-chrome; do
      if command -v "$candidate" >/dev/null; then browser=$candidate; break; fi
    done
    [ -n "$browser" ] || skip "no headless Chromium (Debian: chromium)"
    generate html html
    failed=0
    for page in "$work_dir"/*.html; do
      png="${page%.html}.png"
      profile=$(mktemp -d)
      timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --screenshot="$png" --window-size=1280,900 "file://$page" >/dev/null 2>&1
      rm -rf "$profile"
      size=$(stat -c %s "$png" 2>/dev/null || echo 0)
      # A PNG (signature 89 50 4E 47) of a rendered page, not of a blank one: blank 1280x900
      # screenshots compress to a few kilobytes.
      if [ "$(head -c 4 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e47" ] && [ "$size" -gt 30000 ]; then
        echo "$page: rendered ($size bytes of PNG)"
      else
        echo "$page: NOT RENDERED (screenshot $size bytes)"
        failed=1
      fi
    done
    exit $failed
    ;;
  *)
    echo "usage: validate-reports.sh sarif|sarif-multitool|junit|oscal|html CLI SOURCE_DIR WORK_DIR"
    exit 2
    ;;
esac
