#!/usr/bin/env python3
"""Check a model and print its findings, as `clearance check` does.

    python3 examples/python/check.py examples/coalition-cloud.json

Exit status: 0 compliant, 1 findings, 2 the model could not be loaded. The same program
in C is examples/c/check.c.
"""

import sys

import clearance


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} MODEL", file=sys.stderr)
        return 2
    try:
        model = clearance.Model.load(argv[1])
    except clearance.ModelError as error:
        for diagnostic in error.diagnostics:
            print(f"error: {diagnostic.file}:{diagnostic.line}:{diagnostic.column}: "
                  f"{diagnostic.pointer}: {diagnostic.message}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    report = model.check()
    for finding in report.findings:
        keys = ", ".join(f"{key} {getattr(finding, key)}"
                         for key in ("workload", "flow", "link", "node", "data", "resource")
                         if getattr(finding, key) is not None)
        print(f"{finding.severity:8} {finding.rule}: {keys}")
        print(f"         {finding.message}")
    summary = report.summary
    print(f"{model.name}: {summary['findings']} findings "
          f"({summary['critical']} critical, {summary['high']} high, {summary['medium']} medium, {summary['low']} low)")
    return 0 if report.is_compliant else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
