"""Scaling of clearance.distributed on this machine (docs/distributed.md): the same sweep
in one process, then on LocalClusters of 1 and 2 worker processes (one thread each), the
per-scenario cost against one full check, and the results checked equal.

    PYTHONPATH=build/python python3 benchmarks/sweep_scaling.py MODEL [--pairs N] [--workers 1,2]

The sweep is every single element of MODEL plus N random pairs (seed 1). Times are wall
clock (worker CPU seconds beside them, which a busy machine does not inflate) and include each cluster's start-up cost for the model (its snapshot shipped, loaded
and its whole check made once per worker), but not starting the cluster itself.
"""

import argparse
import statistics
import time

import clearance
from clearance import distributed


def resident_mib():
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--pairs", type=int, default=0)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk", type=int, default=16)
    args = parser.parse_args()

    model = clearance.Model.load(args.model)
    checks = []
    for _ in range(5):
        start = time.process_time()
        model.check()
        checks.append(time.process_time() - start)
    check = statistics.median(checks)
    scenarios = distributed.singles(model) + distributed.random_sets(model, 2, args.pairs, seed=1)
    print(f"{model.name}: {len(scenarios)} scenarios; one full check {check:.4f} CPU s (median of 5)")

    start, cpu_start = time.perf_counter(), time.process_time()
    here = distributed.sweep(model, scenarios)
    alone, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    per = cpu / len(scenarios)
    print(f"one process: {alone:.2f} s wall, {cpu:.2f} CPU s, {per * 1000:.1f} CPU ms a scenario = "
          f"{per / check:.2f} checks; {per * 100 / check:.0f} checks per 100 scenarios")

    from distributed import Client, LocalCluster

    times = {}
    for workers in [int(n) for n in args.workers.split(",")]:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                cpu_before = client.run(time.process_time)
                start = time.perf_counter()
                result = distributed.sweep(model, scenarios, client=client, chunk=args.chunk)
                times[workers] = time.perf_counter() - start
                cpu = {worker: spent - cpu_before[worker] for worker, spent in client.run(time.process_time).items()}
                memory = client.run(resident_mib)
        assert result.to_dict() == here.to_dict(), "the cluster's result differs from one process's"
        first = next(iter(times))
        cpus = ", ".join(f"{spent:.1f}" for spent in sorted(cpu.values()))
        mibs = ", ".join(f"{mib:.0f}" for mib in sorted(memory.values()))
        print(f"{workers} worker(s): {times[workers]:.2f} s wall, worker CPU {cpus} s, resident {mibs} MiB"
              + (f"; speed-up {times[first] / times[workers]:.2f}x over {first}" if workers != first else ""))

if __name__ == "__main__":
    main()
