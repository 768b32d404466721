"""`clearance sweep`: contingency sweeps (and Monte-Carlo availability) on a Dask cluster.

    clearance sweep MODEL (--singles | --pairs-of K | --random K --count N --seed S
                           | --availability --samples N [--seed S])
                          [--scheduler ADDRESS] [--workers N] [--chunk N] [--output FILE]

Installed as the console script `clearance-sweep`; `python3 -m clearance.sweep` and the
C++ CLI's `clearance sweep` (which runs the latter) are the same program. Without
--scheduler it starts a LocalCluster of --workers processes (default: one per processor).
MODEL is a model file or a snapshot (`clearance snapshot`). Exit status: 0, or 2 on an
input or usage error. docs/distributed.md has the details.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Callable, List, Optional

from ._clearance import Model, ModelError


def load_model(path: str) -> Model:
    """A model file (JSON) or a snapshot, whichever the file's first bytes say it is."""
    with open(path, "rb") as file:
        head = file.read(64)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return Model.load(path)
    return Model.load_snapshot(path)


def write_atomically(path: str, text: str) -> None:
    """Writes `text` to a temporary file beside `path`, then renames it over `path`: a
    reader sees the old file or the whole new one, never a part."""
    directory = os.path.dirname(os.path.abspath(path))
    descriptor, temporary = tempfile.mkstemp(prefix=".clearance-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class Progress:
    """'done/total' on one line of stderr, redrawn in place; silent when stderr is not a
    terminal."""

    def __init__(self, total: int, what: str, stream=None):
        self.total = total
        self.done = 0
        self.what = what
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()

    def __call__(self, n: int) -> None:
        self.done += n
        if self.enabled:
            percent = 100 * self.done // self.total if self.total else 100
            self.stream.write(f"\r{self.done}/{self.total} {self.what} ({percent}%)")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="clearance sweep",
        description="Contingency sweeps (spec resilience-v1 sections 1-4) over a Dask cluster: every single "
        "failure, every pair among the most critical elements, random k-sets, or Monte-Carlo availability.",
    )
    p.add_argument("model", metavar="MODEL", help="model file (JSON) or snapshot")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--singles", action="store_true", help="every single element down (N-1)")
    mode.add_argument("--pairs-of", type=int, metavar="K", help="every pair among the K most critical elements")
    mode.add_argument("--random", type=int, metavar="K", help="random sets of K elements (with --count and --seed)")
    mode.add_argument("--availability", action="store_true", help="Monte-Carlo availability of every working pair")
    p.add_argument("--count", type=int, metavar="N", help="--random: how many sets")
    p.add_argument("--samples", type=int, metavar="N", help="--availability: how many samples")
    p.add_argument("--seed", type=int, metavar="S", help="--random (required) and --availability (default 1)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler (tcp://host:8786)")
    p.add_argument("--workers", type=int, metavar="N", help="LocalCluster worker processes (default: one per processor)")
    p.add_argument("--chunk", type=int, metavar="N",
                   help="scenarios (or samples) a task (default: some 32 tasks per worker thread, at most 4096 "
                   "scenarios; 256 samples)")
    p.add_argument("--output", metavar="FILE", help="write the JSON here, atomically (default: standard output)")
    return p


def check_arguments(p: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.random is not None:
        if args.count is None or args.seed is None:
            p.error("--random needs --count and --seed")
        if args.random < 1 or args.count < 0:
            p.error("--random needs K >= 1 and --count N >= 0")
    elif args.count is not None:
        p.error("--count goes with --random")
    if args.availability:
        if args.samples is None or args.samples < 1:
            p.error("--availability needs --samples N >= 1")
    elif args.samples is not None:
        p.error("--samples goes with --availability")
    if args.seed is not None and args.random is None and not args.availability:
        p.error("--seed goes with --random or --availability")
    if args.pairs_of is not None and args.pairs_of < 0:
        p.error("--pairs-of needs K >= 0")
    if args.scheduler and args.workers is not None:
        p.error("--workers starts a LocalCluster: give it or --scheduler, not both")
    if args.workers is not None and args.workers < 1:
        p.error("--workers needs N >= 1")
    if args.chunk is not None and args.chunk < 1:
        p.error("--chunk needs N >= 1")


def run(args: argparse.Namespace, model: Model, client) -> str:
    from . import distributed

    if args.availability:
        progress = Progress(args.samples, "samples")
        try:
            result = distributed.availability(
                model, args.samples, seed=1 if args.seed is None else args.seed, client=client,
                chunk=args.chunk or 256, progress=progress,
            )
        finally:
            progress.close()
        return result.to_json()
    if args.singles:
        scenarios = distributed.singles(model)
    elif args.pairs_of is not None:
        scenarios = distributed.pairs_among(model, args.pairs_of)
    else:
        scenarios = distributed.random_sets(model, args.random, args.count, args.seed)
    progress = Progress(len(scenarios), "scenarios")
    try:
        result = distributed.sweep(model, scenarios, client=client, chunk=args.chunk, progress=progress)
    finally:
        progress.close()
    return result.to_json()


def with_client(args: argparse.Namespace, body: Callable[[object], str]) -> str:
    import dask
    from distributed import Client, LocalCluster

    from .distributed import QUIET_DASK_CONFIG

    if args.scheduler:
        with Client(args.scheduler) as client:
            return body(client)
    workers = args.workers or os.cpu_count() or 1
    # No dashboard, so none of its profiling: the CPU goes to the what-ifs.
    with dask.config.set(QUIET_DASK_CONFIG):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster) as client:
                return body(client)


def main(argv: Optional[List[str]] = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    check_arguments(p, args)
    try:
        model = load_model(args.model)  # before Dask is imported and a cluster starts: a bad file fails fast
        try:
            import distributed as _  # noqa: F401
        except ImportError:
            print("error: clearance sweep needs Dask's distributed (Debian: python3-distributed)", file=sys.stderr)
            return 2
        text = with_client(args, lambda client: run(args, model, client))
        if args.output:
            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
        return 0
    except (ModelError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.filename or args.model}: {error.strerror or error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
