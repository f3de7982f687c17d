"""Section ``hardware``: one full-batch GD update on a big problem next to Xw and Xᵀr alone."""
from __future__ import annotations

import numpy as np

import gdlib
from gdlib import linear

from .timing import fmt_time, race


def bench_hardware(cfg, report):
    n, d, k = cfg.hw_n, cfg.hw_d, cfg.hw_updates
    rng = np.random.default_rng(3)
    X = rng.standard_normal((n, d))
    y = X @ rng.standard_normal(d) + 0.1 * rng.standard_normal(n)
    w0, r = np.zeros(d), rng.standard_normal(n)
    run = lambda epochs: gdlib.descend(linear, X, y, lr=0.1, epochs=epochs, w0=w0, b0=0.0)
    floor, one, more = race(lambda: (X @ w0, X.T @ r), lambda: run(1), lambda: run(1 + k),
                            repeat=cfg.hw_repeat, warmup=cfg.warmup, best=True)
    per_update = (more - one) / k
    what = f"one GD update, n={n:,} d={d} float64 vs Xw + Xᵀr"
    if per_update <= 0:                                  # noise larger than the signal
        report.row("hardware", what, "too noisy", fmt_time(floor), target="≤ 1.3× floor")
        return
    report.row("hardware", what, fmt_time(per_update), fmt_time(floor),
               f"{per_update / floor:.2f}× floor", "≤ 1.3× floor", per_update <= 1.3 * floor)
    report.note(f"hardware: an update is timed as (descend with {1 + k} epochs − descend with 1) "
                f"/ {k}, so the one-time start (input checks, first forward pass, "
                f"{fmt_time(one - per_update)} here) is left out; it includes what gdlib records "
                f"(the loss, θ). The floor is X @ w plus X.T @ r alone. Each is the fastest "
                f"of {cfg.hw_repeat} runs (noise only adds). X is "
                f"{X.nbytes / 2**30:.2g} GiB: both products are memory-bound.")
