"""How the benchmarks time things, and at which sizes: ``Config`` (``FULL`` or ``QUICK``),
``race``, and the formatting of times and ratios."""
from __future__ import annotations

import dataclasses
import gc
import math
import statistics
from time import perf_counter


@dataclasses.dataclass(frozen=True)
class Config:
    quick: bool
    repeat: int            # timings per measurement (the median is reported)
    min_time: float        # a timing loops a fast call until it takes at least this long (s)
    warmup: int            # untimed calls before timing
    updates: int           # slider updates per explorer
    vec_n: int             # vectorisation problem: n × 10
    hw_n: int              # hardware-limit problem: n × hw_d
    hw_d: int
    hw_updates: int        # GD updates timed on it
    hw_repeat: int
    gd_epochs: int         # peers, full batch
    sgd_epochs: int        # peers, |B| = 1
    presses: int = 10      # browser: key presses each way per slider
    threads: int = 0       # for numpy's BLAS and torch (set in main)


FULL = Config(quick=False, repeat=7, min_time=0.05, warmup=1, updates=30, vec_n=10_000,
              hw_n=1_000_000, hw_d=100, hw_updates=5, hw_repeat=5, gd_epochs=100, sgd_epochs=5)
QUICK = Config(quick=True, repeat=1, min_time=0.0, warmup=0, updates=1, vec_n=300,
               hw_n=50_000, hw_d=20, hw_updates=4, hw_repeat=2, gd_epochs=5, sgd_epochs=1)


def race(*fns, repeat, min_time=0.0, warmup=1, best=False):
    """Median seconds per call of each function, timed in turns (a, b, a, b, …).

    Taking turns spreads the machine's drift over all of them alike. A call faster
    than ``min_time`` is looped (the same number of times in every round) and the
    loop's time divided, as ``timeit`` does. The garbage collector is off meanwhile.
    ``best``: the fastest time instead of the median (what the hardware can do).
    """
    numbers = []
    for fn in fns:
        for _ in range(warmup):
            fn()
        once = min_time
        if min_time > 0:
            t0 = perf_counter()
            fn()
            once = perf_counter() - t0
        numbers.append(max(1, math.ceil(min_time / max(once, 1e-9))))
    times = [[] for _ in fns]
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            for fn, number, ts in zip(fns, numbers, times):
                t0 = perf_counter()
                for _ in range(number):
                    fn()
                ts.append((perf_counter() - t0) / number)
    finally:
        gc.enable()
    return [(min if best else statistics.median)(ts) for ts in times]


def fmt_time(s):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            break
    v = s / scale
    return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"


def faster(reference, ours):
    """How many times faster gdlib is (or slower)."""
    r = reference / ours
    return f"{r:.3g}× faster" if r >= 1 else f"{1 / r:.3g}× slower"
