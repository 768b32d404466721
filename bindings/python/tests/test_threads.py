"""check() releases the GIL, and checks in several threads agree."""

import bisect
import sys
import threading
import time

import pytest

import clearance


def big_model(workloads=4000, nodes=64, data=32):
    """A synthetic estate big enough that one check takes a noticeable time."""
    levels = ["UNCLASSIFIED", "CUI", "SECRET", "TOP SECRET"]
    markings = ["SECRET", "CUI//NOFORN", "TS", "U"]
    return clearance.Model.from_dict({
        "clearance": 1,
        "name": "big",
        "nodes": [{"id": f"n{i}", "jurisdiction": "USA", "accredited": levels[i % 4], "zone": f"z{i % 8}",
                   "capacity": {"cpu": 1000.0}} for i in range(nodes)],
        "links": [{"id": f"l{i}", "from": f"n{i}", "to": f"n{(i + 4) % nodes}"} for i in range(nodes)],
        "data": [{"id": f"d{i}", "marking": markings[i % 4]} for i in range(data)],
        "workloads": [{"id": f"w{i}", "uses": [f"d{i % data}", f"d{(i * 7) % data}"], "resources": {"cpu": 1.0},
                       "replicas": 2, "min_zones": 2} for i in range(workloads)],
        "flows": [{"id": f"f{i}", "from": f"w{i}", "to": f"w{(i + 1) % workloads}", "data": f"d{i % data}"}
                  for i in range(0, workloads, 4)],
        "placement": {f"w{i}": [f"n{i % nodes}", f"n{(i + 3) % nodes}"] for i in range(workloads)},
    })


@pytest.fixture(scope="module")
def big():
    """A model whose check takes at least 0.25 s, whatever the build type."""
    workloads = 4000
    while True:
        model = big_model(workloads)
        started = time.perf_counter()
        model.check()
        if time.perf_counter() - started >= 0.25 or workloads >= 128000:
            return model
        workloads *= 2


def test_python_runs_while_a_check_runs(big):
    windows = []  # (start, end) of each check in the worker thread
    done = threading.Event()

    def worker():
        for _ in range(3):
            start = time.perf_counter()
            big.check()
            windows.append((start, time.perf_counter()))
        done.set()

    ticks = []  # the main thread's progress, as times
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
            for _ in range(50):
                pass
        thread.join()
    finally:
        sys.setswitchinterval(interval)

    # Holding the GIL through a check, the worker would let the main thread run only near
    # either end of each window (a switch interval, stretched by the OS scheduler on a busy
    # machine); released, the main thread runs throughout, so look at the middle 40%.
    in_the_middle = 0
    for start, end in windows:
        margin = 0.3 * (end - start)
        first = bisect.bisect_right(ticks, start + margin)
        if first < len(ticks) and ticks[first] < end - margin:
            in_the_middle += 1
    durations = ", ".join(f"{end - start:.3f}s" for start, end in windows)
    assert in_the_middle >= 2, f"the main thread ran inside {in_the_middle} of 3 checks ({durations})"


def test_checks_in_several_threads_agree(big):
    expected = big.check().to_json()
    results = [None] * 4

    def worker(i):
        results[i] = big.check(jobs=1 + i % 2).to_json()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_placement_changes_while_checking_are_safe(minimal):
    stop = threading.Event()
    errors = []
    reports = []

    def checker():
        try:
            while not stop.is_set():
                reports.append(minimal.check().summary["findings"])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=checker)
    thread.start()
    try:
        for i in range(2000):
            minimal.set_placement("fusion", [["s-east"], ["s-west", "s-east"], ["cui"]][i % 3])
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert set(reports) <= {0, 1}  # compliant on SECRET nodes, one placement.level on cui
    assert minimal.workloads["fusion"].placement == ["s-west", "s-east"]  # the last, i = 1999
