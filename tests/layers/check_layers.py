#!/usr/bin/env python3
"""Checks the layer map of docs/design.md: no header includes a header of a higher layer.

Data flows one way (STYLE.md §2): vocabulary -> labels -> model -> io -> findings ->
analyse -> report. A header may include headers of its own layer or below, never above.
Every public header (include/clearance) and internal header (src/*.hpp) must be listed, so
that a new one is placed on purpose. Run with the repository root as its argument.
"""
import pathlib
import re
import sys

LAYERS = ["vocabulary", "labels", "model", "io", "findings", "analyse", "report", "testing"]

PUBLIC = {
    "vocabulary": "config span bitset error date country id_table rules source_map terminal_text",
    "labels": "scheme label marking",
    "model": "model builder graph",
    "io": "load save snapshot atomic_file generate",
    "findings": "finding waivers",
    "analyse": "check flow explain explain_flow whatif whatif_session resilience exposure place",
    "report": "report report_formats exposure_html",
    "testing": "testing",
}
INTERNAL = {
    "vocabulary": "text read_file json json_pointer grouping radix_queue run_tasks subprocess keyed_hash output",
    "labels": "label_text scheme_names marking_parse",
    "model": "check_predicates",
    "io": "json_reader",
    "findings": "rule_text finding_keys",
    "analyse": "flow_space reach_closure latency_check plain_paths flow_findings live_first whatif_down check_parts critical_elements place_flows",
    "report": "report_common report_waivers",
}
# The JSON loader's fast path (issue 20).
INTERNAL["vocabulary"] += " json_scan"
INTERNAL["model"] += " model_stream"
INTERNAL["io"] += " load_fast"


def table(groups):
    return {name: LAYERS.index(layer) for layer, names in groups.items() for name in names.split()}


def main(root):
    root = pathlib.Path(root)
    public, internal = table(PUBLIC), table(INTERNAL)
    problems = []
    headers = [(p, public) for p in sorted((root / "include/clearance").glob("*.hpp"))]
    headers += [(p, internal) for p in sorted((root / "src").glob("*.hpp"))]
    for path, layers in headers:
        name = path.stem
        if name not in layers:
            problems.append(f"{path.relative_to(root)}: not in the layer map of tests/layers/check_layers.py")
            continue
        text = path.read_text(encoding="utf-8")
        for included in re.findall(r'#include <clearance/([a-z_]+)\.hpp>', text):
            if included in public and public[included] > layers[name]:
                problems.append(f"{path.relative_to(root)} ({LAYERS[layers[name]]}) includes clearance/{included}.hpp "
                                f"({LAYERS[public[included]]}), a layer above")
        for included in re.findall(r'#include "([a-z_]+)\.hpp"', text):
            if included in internal and internal[included] > layers[name]:
                problems.append(f"{path.relative_to(root)} ({LAYERS[layers[name]]}) includes {included}.hpp "
                                f"({LAYERS[internal[included]]}), a layer above")
    for problem in problems:
        print(problem)
    print(f"{len(headers) - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
