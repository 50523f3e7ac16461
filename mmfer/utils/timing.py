"""Timing a call the same way everywhere: warm-up, then min and median over runs."""
import statistics
import time
from typing import Callable, Dict


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
