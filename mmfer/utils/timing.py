"""Timing a call the same way everywhere: warm-up, then min and median over runs, with the
thread count the measurement names."""
import statistics
import time
from contextlib import contextmanager
from typing import Callable, Dict, Hashable, Iterator, List, Mapping

import torch


@contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """Run the block with ``threads`` intra-op threads, then put the process's own count back
    (a caller that goes on training must not inherit a benchmark's).

    >>> before = torch.get_num_threads()
    >>> with torch_threads(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == before
    True
    """
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def time_call(fn: Callable[[], object], warmup: int = 3, runs: int = 10) -> Dict[str, float]:
    """Milliseconds of ``fn()``: ``min_ms`` and ``median_ms`` over ``runs`` after ``warmup``.

    >>> sorted(time_call(lambda: None, warmup=1, runs=3))
    ['median_ms', 'min_ms', 'runs']
    """
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return dict(min_ms=min(times), median_ms=statistics.median(times), runs=runs)


def time_interleaved(calls: Mapping[Hashable, Callable[[], object]], rounds: int,
                     warmup: int = 1, settle: int = 0) -> Dict[Hashable, List[float]]:
    """Milliseconds of each call over ``rounds`` interleaved rounds (every call once a round,
    so that a slow spell of the machine hits all of them alike), after ``warmup`` untimed
    rounds.

    With ``settle``, each timed call follows that many untimed calls of its own: runtimes
    whose threads spin after a call (onnxruntime, OpenVINO, OpenMP) steal the cores from
    whatever runs next, so a call timed right after another runtime's is slowed by it, not
    by its own work.

    >>> times = time_interleaved({'a': lambda: None, 'b': lambda: None}, rounds=3, settle=1)
    >>> {key: len(ms) for key, ms in times.items()}
    {'a': 3, 'b': 3}
    """
    times = {key: [] for key in calls}
    for round_ in range(warmup + rounds):
        for key, fn in calls.items():
            for _ in range(settle):
                fn()
            start = time.perf_counter()
            fn()
            if round_ >= warmup:
                times[key].append((time.perf_counter() - start) * 1000)
    return times
