#!/usr/bin/env python3
"""Makes a findings-heavy estate from a compliant one (issue 20): drops a share of the
network links, narrows guards to their first release, halves the latency limits and moves
a share of the replicas to random nodes, all from a fixed seed. Until `clearance generate
--violations` exists, this is the estate that measures what a finding costs
(docs/performance.md, "Findings-heavy estates").

    scripts/findings-heavy-estate.py estate-100k.json > heavy.json [--seed 7] [--drop-links 0.12] [--misplace 0.12]
"""
import argparse
import json
import random
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--drop-links", type=float, default=0.12, help="share of network links removed")
    parser.add_argument("--misplace", type=float, default=0.12, help="share of workloads moved to random nodes")
    parser.add_argument("--latency-factor", type=float, default=0.5, help="factor on every max_latency_ms")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f)
    model["name"] = model.get("name", "estate") + " (findings-heavy)"
    links = []
    for link in model["links"]:
        kind = link.get("kind", "network")
        if kind == "network" and rng.random() < args.drop_links:
            continue
        if kind == "guard" and len(link.get("releases", [])) > 1:
            link["releases"] = link["releases"][:1]
        links.append(link)
    model["links"] = links
    for flow in model["flows"]:
        if "max_latency_ms" in flow:
            flow["max_latency_ms"] = max(1, round(flow["max_latency_ms"] * args.latency_factor))
    nodes = [node["id"] for node in model["nodes"]]
    for workload, placed in model["placement"].items():
        if rng.random() < args.misplace:
            model["placement"][workload] = sorted(set(rng.choice(nodes) for _ in placed))
    json.dump(model, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
