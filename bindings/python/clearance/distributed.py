"""Contingency sweeps and Monte-Carlo availability, on one process or a Dask cluster.

Start here::

    import clearance
    from clearance import distributed

    model = clearance.Model.load("estate.json")
    result = distributed.sweep(model, distributed.singles(model))   # N-1, in this process
    result.ranking[:5]          # [('node:g1', 812), ...]: pairs each single failure breaks
    result.worst(3)             # the scenarios that break the most pairs

    from distributed import Client
    with Client("tcp://scheduler:8786") as client:                   # or a LocalCluster
        result = distributed.sweep(model, distributed.pairs_among(model, 50), client=client)

A scenario is a set of elements down (spec resilience-v1 section 1). For each, the sweep
keeps the findings its what-if adds, counted per rule, and the working (flow, source)
pairs of section 3 that break: the pair gets a flow.route, flow.bandwidth or flow.latency
finding, or the flow's destination is left on no node. A pair whose source node is itself
down is gone rather than broken (section 3 never counts a pair's own source as critical).

On a cluster the model travels once per worker, as a snapshot (Model.snapshot: a
checksummed Boost.Serialization archive) inside a WorkerPlugin, so a worker that joins or
restarts mid-sweep gets it too; each worker loads it once, keyed by its SHA-256, and keeps
it for every task. Tasks carry only element names; the what-if runs in C++ without the
GIL, a whole task's scenarios in one call that hands back four arrays of integers (no
Python object per scenario, a few bytes a broken pair over the network). Results do not
depend on the number of workers or on `chunk`. docs/distributed.md says how to run it on a
real cluster and what it costs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import threading
import time
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ._clearance import Model, rules

__all__ = [
    "QUIET_DASK_CONFIG",
    "Availability",
    "Scenario",
    "Snapshot",
    "SweepResult",
    "availability",
    "canonical",
    "elements",
    "pairs_among",
    "random_sets",
    "singles",
    "sweep",
    "worker_statistics",
]

# ---------------------------------------------------------------------------------------
# Elements and scenarios


def canonical(down: Iterable[str]) -> Tuple[str, ...]:
    """Elements in spec section 1's canonical order: `link:` before `node:`, then by id in
    code-point order (Python's str order), duplicates dropped."""
    return tuple(sorted(set(down), key=lambda element: (not element.startswith("link:"), element[5:])))


def elements(model: Model) -> List[str]:
    """Every element of the model ('link:ID' and 'node:ID'), in canonical order."""
    return list(canonical([f"node:{id}" for id in model.nodes.ids()] + [f"link:{id}" for id in model.links.ids()]))


def singles(model: Model) -> List[Tuple[str, ...]]:
    """N-1: every single element down, in canonical order."""
    return [(element,) for element in elements(model)]


def pairs_among(model: Model, k: int) -> List[Tuple[str, ...]]:
    """N-2 among the critical: every pair of the `k` most critical elements, as
    Model.resilience() ranks them (spec section 3: most pairs broken first, then by name).
    Fewer than `k` when fewer elements are critical for any pair."""
    if k < 0:
        raise ValueError("k must be at least 0")
    ranked = [entry["element"] for entry in model.resilience()["elements"][:k]]
    return [canonical(pair) for pair in itertools.combinations(ranked, 2)]


def random_sets(model: Model, k: int, count: int, seed: int) -> List[Tuple[str, ...]]:
    """`count` random sets of `k` distinct elements; the same seed, the same sets (Python's
    random.Random, seeded from the string of `seed`, over the canonical element list)."""
    universe = elements(model)
    if not 0 <= k <= len(universe):
        raise ValueError(f"k must be between 0 and the number of elements ({len(universe)})")
    if count < 0:
        raise ValueError("count must be at least 0")
    rng = random.Random(f"clearance-random-sets/{seed}")
    return [canonical(rng.sample(universe, k)) for _ in range(count)]


# ---------------------------------------------------------------------------------------
# The broadcast artefact and the worker-side cache


class Snapshot:
    """A model as snapshot bytes and their SHA-256, the key workers cache it under."""

    def __init__(self, data: bytes):
        self.data = data
        self.checksum = hashlib.sha256(data).hexdigest()

    @classmethod
    def of(cls, model: Model) -> "Snapshot":
        return cls(model.snapshot())


class _Prepared:
    """A model's WhatIfSession (its whole check, made once) and, when first asked for, the
    working pairs of section 3 in flow then node order. Built once per process and model:
    a worker that only sweeps never makes the pairs' list (the client maps positions back)."""

    def __init__(self, model: Model):
        self.model = model
        self._session: Any = None
        self.lock = threading.Lock()  # what-ifs run concurrently on the session; the memo is shared
        self._pairs: Optional[List[Tuple[str, str]]] = None
        self._pairs_from: Optional[Dict[str, List[int]]] = None
        self.memo: Dict[Tuple[str, ...], Tuple[Dict[str, int], List[int]]] = {}

    @property
    def session(self) -> Any:
        """The WhatIfSession, made on first use (the client of a cluster needs it only for
        the working pairs, once the workers are busy)."""
        with self.lock:
            if self._session is None:
                self._session = self.model.whatif_session()
            return self._session

    @property
    def pairs(self) -> List[Tuple[str, str]]:
        if self._pairs is None:
            self._pairs = self.session.working_pairs
        return self._pairs

    @property
    def pairs_from(self) -> Dict[str, List[int]]:
        """The positions in self.pairs of the pairs of each source node."""
        if self._pairs_from is None:
            pairs_from: Dict[str, List[int]] = {}
            for i, (_, node) in enumerate(self.pairs):
                pairs_from.setdefault(node, []).append(i)
            self._pairs_from = pairs_from
        return self._pairs_from

    def evaluate(self, down: Tuple[str, ...]) -> Tuple[Dict[str, int], List[int]]:
        """The added findings per rule and the indices (into self.pairs, ascending) of the
        working pairs that break with `down` (canonical) down."""
        if not down:
            return {}, []
        with self.lock:
            known = self.memo.get(down)
        if known is not None:
            return known
        added, broken = _whatif(self.session, down)
        result = (dict(sorted(added.items())), broken)
        with self.lock:
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            self.memo[down] = result
        return result


_MEMO_LIMIT = 65536  # scenarios remembered per process (Monte Carlo draws the same sets often)


def _whatif(session: Any, down: Tuple[str, ...]) -> Tuple[Dict[str, int], List[int]]:
    """One scenario, reduced to what a sweep keeps: the added findings per rule, and the
    positions in session.working_pairs of the working pairs that break (section 3; a pair
    whose source is down is not listed), ascending. One C++ pass (WhatIfSession.outcome),
    without the GIL."""
    return session.outcome(list(down))


# Worker side: snapshots received (by checksum) and the models prepared from them.
_snapshots: Dict[str, bytes] = {}
_prepared: Dict[str, _Prepared] = {}
_cache_lock = threading.Lock()


def _prepared_for(checksum: str) -> _Prepared:
    with _cache_lock:
        prepared = _prepared.get(checksum)
        if prepared is None:
            data = _snapshots.get(checksum)
            if data is None:
                raise RuntimeError(f"this worker has no snapshot {checksum[:12]}: its SnapshotPlugin is missing")
            prepared = _Prepared(Model.from_snapshot(data))
            _prepared[checksum] = prepared
        return prepared


def _register(snapshot: Snapshot) -> str:
    with _cache_lock:
        _snapshots[snapshot.checksum] = snapshot.data
    return snapshot.checksum


# Dask settings for a cluster that sweeps and has no dashboard (clearance sweep's
# LocalCluster; docs/distributed.md gives them for dask-scheduler and dask-worker): a
# worker's statistical profiler samples every thread's stack 100 times a second for the
# dashboard, and every process checks its event loop 50 times a second and its memory 10
# times; on a small machine that is CPU the what-ifs lose (about 3% of a core per idle
# process, halved with these). dask.config.set(QUIET_DASK_CONFIG) before the cluster starts.
QUIET_DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}

try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # Dask is optional: sweeps without a client need none
    _WorkerPlugin = object


class SnapshotPlugin(_WorkerPlugin):
    """Gives every worker, present or joining later, the snapshot; the worker loads it on
    its first task and keeps it until the plugin is removed."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.name = f"clearance-snapshot-{snapshot.checksum[:16]}"

    def setup(self, worker: Any = None) -> None:
        _register(self.snapshot)

    def teardown(self, worker: Any = None) -> None:
        with _cache_lock:
            _snapshots.pop(self.snapshot.checksum, None)
            _prepared.pop(self.snapshot.checksum, None)


# What this process's tasks spent, for benchmarks/sweep_scaling.py's CPU split.
_statistics = {"tasks": 0, "scenarios": 0, "cpu": 0.0}


def worker_statistics() -> Dict[str, Any]:
    """The sweep tasks this process ran (on a worker: client.run(worker_statistics)):
    tasks, scenarios and the CPU seconds of their what-ifs, which set against the worker
    process's CPU time shows what Dask itself spent."""
    with _cache_lock:
        return dict(_statistics)


def _sweep_task(checksum: str, scenarios: List[Tuple[str, ...]]) -> Tuple[bytes, bytes, bytes, bytes]:
    return _sweep_chunk(_prepared_for(checksum), scenarios)


def _sweep_chunk(prepared: _Prepared, scenarios: List[Tuple[str, ...]]) -> Tuple[bytes, bytes, bytes, bytes]:
    """WhatIfSession.outcomes of the chunk: one call into C++, without the GIL, that hands
    back four arrays of integers (see _outcomes)."""
    start = time.thread_time()
    result = prepared.session.outcomes(scenarios)
    spent = time.thread_time() - start
    with _cache_lock:
        _statistics["tasks"] += 1
        _statistics["scenarios"] += len(scenarios)
        _statistics["cpu"] += spent
    return result


def _availability_task(checksum: str, universe: List[Tuple[str, float]], seed: int, first: int, count: int):
    return _sample_range(_prepared_for(checksum), universe, seed, first, count)


def _run(
    model: Model,
    client: Any,
    work: Tuple[Callable[..., Any], Callable[..., Any]],
    chunks: List[Tuple[Any, ...]],
    sizes: List[int],
    progress: Optional[Callable[[int], None]],
    receive: Callable[[_Prepared, int, Any], Any] = lambda prepared, i, result: result,
) -> Tuple[_Prepared, List[Any]]:
    """Runs the chunks, here (work[0](prepared, *chunk)) or on the client's workers
    (work[1](checksum, *chunk)), and returns the model prepared here with receive(prepared,
    i, result) of each chunk i's result, in chunk order. receive runs as each result arrives,
    while the workers go on. progress(n) after each chunk of n items."""
    prepared = _Prepared(model)
    results: List[Any] = [None] * len(chunks)
    if client is None:
        for i, chunk in enumerate(chunks):
            results[i] = receive(prepared, i, work[0](prepared, *chunk))
            if progress:
                progress(sizes[i])
        return prepared, results
    from distributed import as_completed

    snapshot = Snapshot.of(model)
    plugin = SnapshotPlugin(snapshot)
    client.register_worker_plugin(plugin, name=plugin.name)
    try:
        futures = [client.submit(work[1], snapshot.checksum, *chunk, pure=False) for chunk in chunks]
        position = {future.key: i for i, future in enumerate(futures)}
        # with_results: the results come on the client's event loop as tasks finish, rather
        # than one round trip from this thread to the loop per future.
        for future, result in as_completed(futures, with_results=True):
            i = position[future.key]
            results[i] = receive(prepared, i, result)
            if progress:
                progress(sizes[i])
        return prepared, results
    finally:
        try:
            client.unregister_worker_plugin(plugin.name)
        except Exception:  # a worker that died meanwhile has nothing to tear down
            pass


# ---------------------------------------------------------------------------------------
# Sweeps


class Scenario:
    """One scenario's outcome: the elements down (canonical order), the added findings per
    rule, and the broken working pairs as (flow, node), in flow then node order."""

    __slots__ = ("down", "added", "_broken", "_positions", "_prepared")

    def __init__(self, down: Tuple[str, ...], added: Dict[str, int], broken: List[Tuple[str, str]]):
        self.down = down
        self.added = added
        self._broken: Optional[List[Tuple[str, str]]] = broken
        self._positions: Any = None
        self._prepared: Optional[_Prepared] = None

    @classmethod
    def _at(cls, down: Tuple[str, ...], added: Dict[str, int], positions: Any, prepared: _Prepared) -> "Scenario":
        """A scenario whose broken pairs are positions in prepared.pairs, made into (flow,
        node) tuples when first asked for: a sweep of many scenarios ranks and sorts them
        by counts alone."""
        scenario = cls(down, added, None)  # type: ignore[arg-type]
        scenario._positions = positions
        scenario._prepared = prepared
        return scenario

    @property
    def broken(self) -> List[Tuple[str, str]]:
        if self._broken is None:
            pairs = self._prepared.pairs  # type: ignore[union-attr]
            self._broken = [pairs[i] for i in self._positions]
            self._positions = self._prepared = None
        return self._broken

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Scenario, (self.down, self.added, self.broken))

    @property
    def broken_count(self) -> int:
        """len(self.broken), without making the pairs."""
        return len(self._broken if self._broken is not None else self._positions)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "down": list(self.down),
            "added": dict(self.added),
            "broken": [{"flow": flow, "node": node} for flow, node in self.broken],
        }

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and (self.down, self.added, self.broken) == (
            other.down,
            other.added,
            other.broken,
        )

    def __repr__(self) -> str:
        return f"Scenario(down={list(self.down)}, added={sum(self.added.values())}, broken={self.broken_count})"


class SweepResult:
    """The scenarios in the order given, and their reduction."""

    def __init__(self, model_name: str, scenarios: List[Scenario]):
        self.model = model_name
        self.scenarios = scenarios

    @property
    def ranking(self) -> List[Tuple[str, int]]:
        """(element, pairs broken) over the single-element scenarios that break any pair:
        most pairs first, then by element string (spec section 3's order). For an N-1 sweep
        it is Model.resilience()'s 'elements'; empty when the sweep has no single-element
        scenario."""
        counts: Dict[str, int] = {}
        for scenario in self.scenarios:
            if len(scenario.down) == 1 and scenario.broken_count:
                counts[scenario.down[0]] = scenario.broken_count
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def worst(self, n: int = 10) -> List[Scenario]:
        """The `n` scenarios that break the most pairs (then add the most findings, then by
        their elements)."""
        return sorted(self.scenarios, key=lambda s: (-s.broken_count, -sum(s.added.values()), s.down))[:n]

    def to_dict(self) -> Dict[str, Any]:
        """The JSON of `clearance sweep` (docs/distributed.md)."""
        return {
            "clearance": 1,
            "model": self.model,
            "scenarios": [scenario.to_dict() for scenario in self.scenarios],
            "ranking": [{"element": element, "broken": n} for element, n in self.ranking],
        }

    def to_json(self) -> str:
        """to_dict() as JSON text, one scenario and one ranking entry a line."""
        return _json_document(self.to_dict())


def _json_document(document: Dict[str, Any]) -> str:
    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + line(item) for item in value)
            parts.append(f"  {line(key)}: [\n{items}\n  ]")
        else:
            parts.append(f"  {line(key)}: {line(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _validated(model: Model, scenarios: Iterable[Iterable[str]]) -> List[Tuple[str, ...]]:
    """The scenarios in canonical form; an unknown element raises ModelError (with a "did
    you mean") here, before any work is sent out."""
    known = set()
    result = []
    for scenario in scenarios:
        if isinstance(scenario, str):
            raise TypeError(f"a scenario is a list of elements, not the string {scenario!r}")
        down = canonical(scenario)
        for element in down:
            if element not in known:
                model.availability(element)  # raises ModelError for an unknown element
                known.add(element)
        result.append(down)
    return result


_RULE_NAMES = [rule.name for rule in rules()]  # by rule index, as WhatIfSession.outcomes counts them
_TASKS_PER_THREAD = 32  # the automatic chunk: enough tasks to even out the workers' ends
_LARGEST_CHUNK = 4096  # ... but no task so long that a lost worker costs much, nor its result over a few MiB
_LOCAL_CHUNK = 1024  # in this process, chunks only pace progress()


def _chunk_for(client: Any, scenarios: int) -> int:
    """The automatic chunk: in this process, _LOCAL_CHUNK; on a cluster, about
    _TASKS_PER_THREAD tasks for each worker thread, so that a task is long beside the
    scheduler's and client's cost of it (about a millisecond) and the last tasks, which
    leave some workers idle, are short beside the sweep."""
    if client is None:
        return _LOCAL_CHUNK
    threads = sum(client.nthreads().values()) or 1
    return max(1, min(_LARGEST_CHUNK, -(-scenarios // (threads * _TASKS_PER_THREAD))))


def _outcomes(
    prepared: _Prepared, downs: List[Tuple[str, ...]], arrays: Tuple[bytes, bytes, bytes, bytes]
) -> List[Scenario]:
    """The scenarios of one chunk from WhatIfSession.outcomes' four arrays (native uint32):
    per scenario the end of its (rule, count) entries and of its broken pairs' positions."""
    added_ends, added, broken_ends = (memoryview(array).cast("I").tolist() for array in arrays[:3])
    broken = memoryview(arrays[3]).cast("I")  # sliced, not copied: 4 bytes a pair until asked for
    names = _RULE_NAMES
    scenarios = []
    added_at = broken_at = 0
    for down, added_end, broken_end in zip(downs, added_ends, broken_ends):
        counts = {names[added[2 * i]]: added[2 * i + 1] for i in range(added_at, added_end)}
        scenarios.append(Scenario._at(down, counts, broken[broken_at:broken_end], prepared))
        added_at, broken_at = added_end, broken_end
    return scenarios


def sweep(
    model: Model,
    scenarios: Iterable[Iterable[str]],
    client: Any = None,
    chunk: Optional[int] = None,
    progress: Optional[Callable[[int], None]] = None,
) -> SweepResult:
    """Evaluates each scenario (an iterable of 'node:ID'/'link:ID' strings down) and
    returns a SweepResult in the scenarios' order. Without `client`, in this process;
    with a distributed.Client, `chunk` scenarios a task over its workers (a worker lost
    mid-sweep has its tasks run again elsewhere; by default some 32 tasks per worker
    thread, at most 4096 scenarios each). progress(n) is called as n more scenarios are
    done. Raises ModelError for an unknown element."""
    if chunk is not None and chunk < 1:
        raise ValueError("chunk must be at least 1")
    canonical_scenarios = _validated(model, scenarios)
    size = chunk or _chunk_for(client, len(canonical_scenarios))
    chunks = [(canonical_scenarios[i : i + size],) for i in range(0, len(canonical_scenarios), size)]
    sizes = [len(scenarios_of_chunk) for (scenarios_of_chunk,) in chunks]
    _, results = _run(
        model,
        client,
        (_sweep_chunk, _sweep_task),
        chunks,
        sizes,
        progress,
        receive=lambda prepared, i, arrays: _outcomes(prepared, chunks[i][0], arrays),
    )
    return SweepResult(model.name, list(itertools.chain.from_iterable(results)))


# ---------------------------------------------------------------------------------------
# Monte-Carlo availability


def _sample_down(universe: List[Tuple[str, float]], seed: int, sample: int) -> Tuple[str, ...]:
    """The elements down in sample `sample` of stream `seed`: its own generator, seeded from
    (seed, sample) alone, so any split of the samples over tasks draws the same sets."""
    rng = random.Random(f"clearance-availability/{seed}/{sample}")
    return tuple(element for element, p in universe if rng.random() >= p)


def _sample_range(prepared: _Prepared, universe: List[Tuple[str, float]], seed: int, first: int, count: int):
    """Per working pair: the samples of [first, first + count) with its source up, and
    those of them in which it works. Integer counts, so sums over tasks are exact."""
    source_down = [0] * len(prepared.pairs)
    broken_count = [0] * len(prepared.pairs)
    for sample in range(first, first + count):
        down = _sample_down(universe, seed, sample)
        for i in prepared.evaluate(down)[1]:  # never a pair whose source is down
            broken_count[i] += 1
        for element in down:
            for i in prepared.pairs_from.get(element[5:], ()) if element.startswith("node:") else ():
                source_down[i] += 1
    up = [count - n for n in source_down]
    works = [n - b for n, b in zip(up, broken_count)]
    return up, works


class Availability:
    """Monte-Carlo availability of each working pair (spec section 4): the fraction of
    the samples with the pair's source up in which the pair works, with a 95% Wilson
    interval."""

    def __init__(self, model_name: str, seed: int, samples: int, pairs: List[Dict[str, Any]]):
        self.model = model_name
        self.seed = seed
        self.samples = samples
        self.pairs = pairs

    def to_dict(self) -> Dict[str, Any]:
        return {"clearance": 1, "model": self.model, "seed": self.seed, "samples": self.samples, "flows": self.pairs}

    def to_json(self) -> str:
        return _json_document(self.to_dict())


def _wilson(worked: int, n: int) -> Tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    z = 1.959963984540054
    estimate = worked / n
    denominator = 1 + z * z / n
    centre = (estimate + z * z / (2 * n)) / denominator
    half = z * math.sqrt(estimate * (1 - estimate) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if worked == 0 else max(0.0, centre - half)
    high = 1.0 if worked == n else min(1.0, centre + half)
    return low, high


def availability(
    model: Model,
    samples: int,
    seed: int = 1,
    client: Any = None,
    chunk: int = 256,
    progress: Optional[Callable[[int], None]] = None,
) -> Availability:
    """Estimates the availability of every working pair from `samples` Monte-Carlo draws
    of the elements with availability below 1, each element down with probability 1 − p.
    Sample i is drawn from its own stream (seed, i), so the result is the same for the
    same seed whatever the client, its number of workers or `chunk`. For exact values on
    small estates use Model.resilience(availability=True)."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    universe = [(element, p) for element in elements(model) for p in [model.availability(element)] if p < 1]
    chunks = [(universe, seed, first, min(chunk, samples - first)) for first in range(0, samples, chunk)]
    sizes = [count for (_, _, _, count) in chunks]
    prepared, results = _run(model, client, (_sample_range, _availability_task), chunks, sizes, progress)
    pairs = prepared.pairs
    up = [0] * len(pairs)
    works = [0] * len(pairs)
    for chunk_up, chunk_works in results:
        up = [a + b for a, b in zip(up, chunk_up)]
        works = [a + b for a, b in zip(works, chunk_works)]
    result = []
    for (flow, node), n, worked in zip(pairs, up, works):
        low, high = _wilson(worked, n)
        result.append(
            {
                "flow": flow,
                "node": node,
                "availability": worked / n if n else None,
                "method": "monte-carlo",
                "samples": n,
                "interval": [low, high],
            }
        )
    return Availability(model.name, seed, samples, result)
