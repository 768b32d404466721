"""Cost and scaling of clearance.distributed on this machine (docs/distributed.md).

    PYTHONPATH=build/python python3 benchmarks/sweep_scaling.py MODEL [--pairs N] [--workers 1,2] [--chunk N]

1. One full check of MODEL: `Model.check()` (the C++ check of the loaded model, no report
   written), CPU time, median of 5: the unit of issue 22's per-scenario target.
2. The N-1 sweep (every single element) in this process, from the model to the result:
   its session's whole check, every what-if and the reduction, CPU time (best of 3), in
   checks per 100 scenarios (the target: at most 10).
3. The sweep of every single element plus N random pairs (seed 1): in this process, then on
   a Dask cluster of 1, 2, ... worker processes (one thread each) with a scheduler process
   of its own, as on a real cluster. For each: wall time from submitting to the result in
   hand (the workers' start-up for the model included: snapshot shipped and loaded, whole
   check made), and the CPU time of every process over the same span: the workers (and,
   inside them, the what-ifs themselves), the nanny processes that watch them, the
   scheduler, and this process (the client). On a busy machine the wall times and the
   speed-up mean little; the CPU split says where the time goes whatever the load. The
   results are checked equal to the one-process sweep's.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import psutil

import clearance
from clearance import distributed


def cpu_seconds(process):
    """User plus system CPU seconds of a psutil.Process (0 once it has gone)."""
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return times.user + times.system


def resident_mib():
    return psutil.Process().memory_info().rss / 2**20


def one_process_sweep(model, scenarios, repeat):
    """CPU seconds of distributed.sweep(model, scenarios) here, best of `repeat`, and its result."""
    best, result = None, None
    for _ in range(repeat):
        start = time.process_time()
        result = distributed.sweep(model, scenarios)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best, result


class Cluster:
    """A scheduler process and `workers` single-threaded worker processes (dask-scheduler
    and dask-worker, as on a real cluster), and a Client of it."""

    def __init__(self, workers):
        from distributed import Client

        self.directory = tempfile.TemporaryDirectory(prefix="clearance-sweep-scaling-")
        scheduler_file = os.path.join(self.directory.name, "scheduler.json")
        # clearance sweep's settings (distributed.QUIET_DASK_CONFIG), as environment variables.
        environment = dict(os.environ, **{"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value)
                                          for key, value in distributed.QUIET_DASK_CONFIG.items()})
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": environment}
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", scheduler_file], **quiet)
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", scheduler_file,
             "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard", "--memory-limit", "0"], **quiet)
        deadline = time.monotonic() + 60
        while not os.path.exists(scheduler_file):
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.close()
                raise RuntimeError("the scheduler did not start")
            time.sleep(0.1)
        self.client = Client(scheduler_file=scheduler_file)
        self.client.wait_for_workers(workers, timeout=120)
        self.worker_processes = {address: psutil.Process(pid) for address, pid in self.client.run(os.getpid).items()}
        self.nanny_processes = {p.parent().pid: p.parent() for p in self.worker_processes.values()}
        self.nanny_processes[self.worker.pid] = psutil.Process(self.worker.pid)

    def cpu(self):
        """CPU seconds so far: per worker process, the nannies, the scheduler, this process."""
        statistics = self.client.run(distributed.worker_statistics)
        return {
            "workers": [cpu_seconds(p) for _, p in sorted(self.worker_processes.items())],
            "what-ifs": [statistics[address]["cpu"] for address in sorted(self.worker_processes)],
            "tasks": sum(s["tasks"] for s in statistics.values()),
            "nannies": sum(cpu_seconds(p) for p in self.nanny_processes.values()),
            "scheduler": cpu_seconds(psutil.Process(self.scheduler.pid)),
            "client": cpu_seconds(psutil.Process()),
        }

    def close(self):
        if getattr(self, "client", None) is not None:
            self.client.close()
        for process in (self.worker, self.scheduler):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.directory.cleanup()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--pairs", type=int, default=0, help="random pairs (seed 1) after the single elements")
    parser.add_argument("--workers", default="1,2", help="comma-separated numbers of worker processes")
    parser.add_argument("--chunk", type=int, default=None, help="scenarios a task (default: sweep()'s own choice)")
    args = parser.parse_args()

    model = clearance.Model.load(args.model)
    checks = []
    for _ in range(5):
        start = time.process_time()
        model.check()
        checks.append(time.process_time() - start)
    check = statistics.median(checks)
    print(f"{model.name}: one full check (Model.check()) {check * 1000:.2f} CPU ms (median of 5)")

    singles = distributed.singles(model)
    n1, _ = one_process_sweep(model, singles, 3)
    print(f"N-1 sweep, one process, whole (session, {len(singles)} what-ifs, reduction): {n1:.3f} CPU s = "
          f"{n1 / check:.1f} checks = {n1 / check * 100 / len(singles):.1f} checks per 100 scenarios")

    scenarios = singles + distributed.random_sets(model, 2, args.pairs, seed=1)
    start = time.perf_counter()
    cpu, here = one_process_sweep(model, scenarios, 1)
    alone = time.perf_counter() - start
    shipped = sum(8 + 4 * s.broken_count + 8 * len(s.added) for s in here.scenarios)  # WhatIfSession.outcomes' arrays
    print(f"{len(scenarios)} scenarios, one process: {alone:.2f} s wall, {cpu:.2f} CPU s, "
          f"{cpu / len(scenarios) * 1000:.2f} CPU ms a scenario = {cpu / len(scenarios) / check:.3f} checks; "
          f"results {shipped / 2**20:.1f} MiB as the workers send them")

    times = {}
    for workers in [int(n) for n in args.workers.split(",")]:
        cluster = Cluster(workers)
        try:
            before = cluster.cpu()
            start = time.perf_counter()
            result = distributed.sweep(model, scenarios, client=cluster.client, chunk=args.chunk)
            times[workers] = time.perf_counter() - start
            after = cluster.cpu()
            memory = sorted(cluster.client.run(resident_mib).values())
        finally:
            cluster.close()
        assert result.to_dict() == here.to_dict(), "the cluster's result differs from one process's"
        spent = {key: ([a - b for a, b in zip(after[key], before[key])] if isinstance(after[key], list)
                       else after[key] - before[key]) for key in after}
        first = next(iter(times))
        print(f"{workers} worker(s): {times[workers]:.2f} s wall"
              + (f", speed-up {times[first] / times[workers]:.2f}x over {first}" if workers != first else "")
              + f"; CPU s: workers {' + '.join(f'{s:.2f}' for s in spent['workers'])}"
              f" (what-ifs {' + '.join(f'{s:.2f}' for s in spent['what-ifs'])}; {spent['tasks']} tasks),"
              f" nannies {spent['nannies']:.2f}, scheduler {spent['scheduler']:.2f}, client {spent['client']:.2f};"
              f" resident {', '.join(f'{m:.0f}' for m in memory)} MiB")


if __name__ == "__main__":
    main()
