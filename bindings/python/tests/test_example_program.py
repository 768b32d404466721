"""examples/python/check.py works as documented: findings, exit status."""

import subprocess
import sys

from conftest import EXAMPLES_DIR, SOURCE_DIR

PROGRAM = SOURCE_DIR / "examples" / "python" / "check.py"


def run(*arguments):
    return subprocess.run([sys.executable, str(PROGRAM), *arguments], capture_output=True, text=True, check=False)


def test_the_example_program_exits_0_on_a_compliant_model():
    result = run(str(EXAMPLES_DIR / "nato-sovereign.json"))
    assert result.returncode == 0
    assert "nato-sovereign: 0 findings" in result.stdout


def test_the_example_program_lists_findings_and_exits_1():
    result = run(str(EXAMPLES_DIR / "coalition-cloud.json"))
    assert result.returncode == 1
    assert "placement.release: workload mpe-targeting, node us-mpe, data targeting-noforn" in result.stdout
    assert "coalition-cloud: 10 findings (4 critical, 3 high, 3 medium, 0 low)" in result.stdout


def test_the_example_program_exits_2_on_a_missing_file(tmp_path):
    result = run(str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "error:" in result.stderr
