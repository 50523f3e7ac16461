"""Timing a call the same way everywhere: warm-up, then min and median over runs, with the
thread count the measurement names."""
import statistics
import time
from contextlib import contextmanager
from typing import Callable, Dict, Iterator

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
