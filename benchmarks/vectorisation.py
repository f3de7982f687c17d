"""Section ``vectorisation``: gdlib's full-batch gradient next to per-example loops over the
Σ formula."""
from __future__ import annotations

import numpy as np

from gdlib import data, linear

from .timing import faster, fmt_time, race


def sigma_loop_gradient(X, y, w, b):
    """The lecture's formulas, one example and one feature at a time (Python lists):
    ∂L/∂w_j = 1/n Σ_i (ŷ⁽ⁱ⁾ - y⁽ⁱ⁾) x_j⁽ⁱ⁾,  ∂L/∂b = 1/n Σ_i (ŷ⁽ⁱ⁾ - y⁽ⁱ⁾)."""
    n, d = len(X), len(w)
    gw, gb = [0.0] * d, 0.0
    for i in range(n):
        xi = X[i]
        y_hat = b
        for j in range(d):
            y_hat += w[j] * xi[j]
        r = y_hat - y[i]
        for j in range(d):
            gw[j] += r * xi[j]
        gb += r
    return [g / n for g in gw], gb / n


def row_loop_gradient(X, y, w, b):
    """One example at a time, each a numpy row: Σ_i (x⁽ⁱ⁾·w + b - y⁽ⁱ⁾) x⁽ⁱ⁾ / n."""
    n = len(y)
    gw, gb = np.zeros_like(w), 0.0
    for i in range(n):
        r = X[i] @ w + b - y[i]
        gw += r * X[i]
        gb += r
    return gw / n, gb / n


def bench_vectorisation(cfg, report):
    n, d = cfg.vec_n, 10
    X, y = data.make_regression(n=n, d=d, seed=1)
    w, b = np.random.default_rng(2).standard_normal(d), 0.5
    Xl, yl, wl = X.tolist(), y.tolist(), w.tolist()
    public = lambda: linear.gradient(X, y, w, b)
    kernel = lambda: linear.gradient_from_logits(X, linear.logits(X, w, b), y)
    gw, gb = public()
    for loop, args in [(sigma_loop_gradient, (Xl, yl, wl, b)), (row_loop_gradient, (X, y, w, b)),
                       (kernel, ())]:
        lw, lb = loop(*args)
        assert np.allclose(lw, gw) and np.isclose(lb, gb), f"{loop.__name__} disagrees"
    ours, inside, lists, rows = race(public, kernel,
                                     lambda: sigma_loop_gradient(Xl, yl, wl, b),
                                     lambda: row_loop_gradient(X, y, w, b),
                                     repeat=cfg.repeat, min_time=cfg.min_time, warmup=cfg.warmup)
    for t, ref, how in [(ours, lists, "linear.gradient vs Σ loop over Python lists"),
                        (ours, rows, "linear.gradient vs loop over numpy rows"),
                        (inside, lists, "unchecked, as in descend, vs Σ loop over lists")]:
        report.row("vectorisation", f"∇L linear, n={n:,} d={d}: {how}", fmt_time(t),
                   fmt_time(ref), faster(ref, t), "≥ 100× faster", ref / t >= 100, "same ∇L")
    report.note("vectorisation: linear.gradient(X, y, w, b) is the public function, its input "
                "checks included (they read X once more, as the two products do); descend "
                "checks its inputs once and then calls the unchecked kernel every update. The "
                "loops get their inputs ready-made (lists / arrays) and untimed.")
