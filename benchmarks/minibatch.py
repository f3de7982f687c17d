"""Section ``minibatch``: SGD at |B| = 1, µs per update, next to the least Python can do."""
from __future__ import annotations

import numpy as np

import gdlib
from gdlib import data, linear

from .problems import standardized
from .timing import race


def bare_sgd(X, y, lr, epochs, w, b, rng):
    """|B| = 1 SGD with nothing else: shuffle, slice, gradient, update (no loss recorded)."""
    n = len(y)
    for _ in range(epochs):
        order = rng.permutation(n)
        Xs, ys = X[order], y[order]
        for i in range(n):
            XB, yB = Xs[i:i + 1], ys[i:i + 1]
            r = XB @ w + b - yB
            w, b = w - lr * (XB.T @ r), b - lr * float(r[0])
    return w, b


def bench_minibatch(cfg, report):
    problems = [("line 40×1", *data.make_line(), 50),
                ("diabetes 442×10", *standardized(data.load_diabetes()), 5)]
    if not cfg.quick:
        problems.append(("regression 2000×64", *data.make_regression(n=2000, d=64, seed=6), 1))
    for label, X, y, epochs in problems:
        epochs = 1 if cfg.quick else epochs
        updates = epochs * len(y)
        w0, b0 = np.zeros(X.shape[1]), 0.0
        ours, bare = race(
            lambda: gdlib.descend(linear, X, y, lr=0.01, epochs=epochs, batch_size=1, w0=w0,
                                  b0=b0),
            lambda: bare_sgd(X, y, 0.01, epochs, w0, b0, np.random.default_rng(0)),
            repeat=cfg.repeat, warmup=cfg.warmup)
        report.row("minibatch", f"SGD |B|=1 linear, {label}: time per update",
                   f"{ours / updates * 1e6:.3g} µs", f"bare step {bare / updates * 1e6:.3g} µs",
                   f"{ours / bare:.2g}× bare", "— (none set)")
    report.note("minibatch: µs per update = time of descend(batch_size=1) / number of updates. "
                "The bare step is the least Python can do per update (slice, Xᵀr, update); "
                "gdlib adds the full-training-set loss after every update (O(n·d), so it grows "
                "with n) and θ for the trajectory.")
