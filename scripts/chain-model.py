#!/usr/bin/env python3
"""Writes the label-state chain of issue 23: G guards in a row, each releasing the data into
5 compartment sets of its own, and flows of one data class (or several) from one end of the
chain to the other. Every node may hold every compartment set, so the reachable (node, label)
states number about 5 G^2: the model that measures what a label state costs
(docs/performance.md) and that the label-state limit (docs/flows.md) stops.

    scripts/chain-model.py GUARDS [--classes K] [--flows F] [--direction both|forward] [--max-latency MS] > chain.json
"""
import argparse
import itertools
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guards", type=int, help="guards in the chain (nodes: guards + 1)")
    parser.add_argument("--classes", type=int, default=1, help="data classes (distinct owners), default 1")
    parser.add_argument("--flows", type=int, default=20, help="flows per data class, default 20")
    parser.add_argument("--releases", type=int, default=5, help="releases per guard, default 5")
    parser.add_argument("--direction", choices=("both", "forward"), default="both")
    parser.add_argument("--max-latency", type=float, help="max_latency_ms of every flow (default: none)")
    args = parser.parse_args()
    if args.guards < 1 or args.classes < 1 or args.flows < 1 or args.releases < 1:
        parser.error("guards, classes, flows and releases must be positive")

    # Distinct compartment sets: triples of as few compartments as give enough of them.
    wanted = args.guards * args.releases
    names = 3
    while len(list(itertools.combinations(range(names), 3))) < wanted:
        names += 1
    if names > 128:
        parser.error("too many guards for 128 compartments")
    compartments = [f"C{i}" for i in range(names)]
    sets = itertools.combinations(compartments, 3)
    everything = "TOP SECRET//" + "/".join(compartments)
    owners = ["USA", "GBR", "CAN", "AUS", "NZL", "FRA", "DEU", "NLD", "NOR", "DNK", "ITA", "ESP", "POL", "BEL",
              "CZE", "EST", "LVA", "LTU", "HUN", "PRT", "ROU", "SVK", "SVN", "HRV", "BGR", "GRC", "TUR", "ISL",
              "ALB", "MNE", "MKD", "FIN", "SWE", "LUX", "JPN", "KOR"]
    if args.classes > len(owners):
        parser.error(f"at most {len(owners)} classes")

    nodes = [{"id": f"n{i}", "jurisdiction": "USA", "accredited": everything} for i in range(args.guards + 1)]
    links = []
    for g in range(args.guards):
        releases = [{"from": everything, "to": "SECRET//" + "/".join(next(sets))} for _ in range(args.releases)]
        links.append({"id": f"guard-{g}", "kind": "guard", "from": f"n{g}", "to": f"n{g + 1}",
                      "direction": args.direction, "latency_ms": 1, "bandwidth_mbps": 1000,
                      "releases": releases})
    data = [{"id": f"d{k}", "marking": f"SECRET//{compartments[0]}", "owner": owners[k]} for k in range(args.classes)]
    workloads, flows, placement = [], [], {}
    for k in range(args.classes):
        for f in range(args.flows):
            source, target = f"src-{k}-{f}", f"dst-{k}-{f}"
            workloads += [{"id": source, "uses": [f"d{k}"]}, {"id": target, "uses": [f"d{k}"]}]
            placement[source] = ["n0"]
            placement[target] = [f"n{args.guards}"]
            flow = {"id": f"flow-{k}-{f}", "from": source, "to": target, "data": f"d{k}"}
            if args.max_latency is not None:
                flow["max_latency_ms"] = args.max_latency
            flows.append(flow)
    model = {"clearance": 1, "name": f"label-state chain of {args.guards} guards", "nodes": nodes, "links": links,
             "data": data, "workloads": workloads, "flows": flows, "placement": placement}
    json.dump(model, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
