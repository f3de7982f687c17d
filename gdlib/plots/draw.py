"""Drawing pieces: each draws one thing on a matplotlib Axes (contours of L(w, b), a
trajectory, a loss curve, classes, a decision boundary). Figures and explorers are made of them."""
from __future__ import annotations

import numpy as np
from matplotlib.patheffects import withStroke

from .. import linear
from ..i18n import _
from .style import CLASS_COLORS, GD_COLOR


def loss_grid(loss_from_logits, x, y, ws, bs):
    """L(w, b) on the grid ws × bs for z = w x + b (x of shape (n,)); shape (len(bs), len(ws))."""
    return np.array([[loss_from_logits(w * x + b, y) for w in ws] for b in bs])


def window(*points, pad=0.25, min_half=0.5):
    """Axis limits ((w_lo, w_hi), (b_lo, b_hi)) that contain every (w, b) point, padded."""
    P = np.array(points, dtype=float)
    lo, hi = P.min(axis=0), P.max(axis=0)
    half = np.maximum((hi - lo) * (0.5 + pad), min_half)
    mid = (lo + hi) / 2
    return tuple(zip(mid - half, mid + half))


def square(limits):
    """The same limits widened to a square: equal ranges of w and b around their centres."""
    mids = [(lo + hi) / 2 for lo, hi in limits]
    half = max(hi - lo for lo, hi in limits) / 2
    return tuple((m - half, m + half) for m in mids)


def level_label(value):
    """A contour level as a short label: 0.15, 1.4, 23, 2330, 5e+04."""
    if value >= 1e4:
        return f"{value:.0e}"
    return f"{value:.0f}" if value >= 100 else f"{value:.2g}"


def draw_contours(ax, X, y, limits, loss_from_logits=linear.loss_from_logits, num=90,
                  optimum=None, labels=True):
    """Filled contours of L(w, b) for a one-feature neuron, the minimum marked with a star.

    The levels are L_min + (L_max − L_min)·g for g from 10⁻³ to 1 on a log scale, so
    the bowl's floor is resolved too; with ``labels`` every third contour carries its
    loss, so a student can read L off the map.
    """
    (w_lo, w_hi), (b_lo, b_hi) = limits
    ws, bs = np.linspace(w_lo, w_hi, num), np.linspace(b_lo, b_hi, num)
    L = loss_grid(loss_from_logits, X[:, 0], y, ws, bs)
    low = L.min() if optimum is None else min(L.min(), loss_from_logits(
        optimum[0] * X[:, 0] + optimum[1], y))
    levels = low + (L.max() - low) * np.geomspace(1e-3, 1.0, 14)
    ax.contourf(ws, bs, L, levels=np.r_[low, levels], cmap="viridis", alpha=0.85)
    lines = ax.contour(ws, bs, L, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    if labels:
        for text in ax.clabel(lines, levels[3:-1:3], fmt=level_label, fontsize=8,
                              colors="white", inline=True, inline_spacing=3):
            text.set(alpha=1.0, path_effects=[withStroke(linewidth=2, foreground="#222")])
    if optimum is not None:
        ax.plot(*optimum, marker="*", ms=14, color="gold", mec="black", zorder=5)
    ax.set(xlim=(w_lo, w_hi), ylim=(b_lo, b_hi), xlabel=_("weight $w$"), ylabel=_("bias $b$"))
    return L


def eigenvectors(X):
    """The Hessian's eigenvalues (smallest first) and eigenvectors (columns u_min, u_max),
    each signed so that its w-component is ≥ 0 (eigh may return u or −u)."""
    lam, U = np.linalg.eigh(linear.hessian(X))
    return lam, U * np.where(U[0] < 0, -1.0, 1.0)


def draw_eigenvectors(ax, X, optimum, length):
    """Arrows u_min and u_max of the Hessian from θ̄, ``length`` long in (w, b) units."""
    _lam, U = eigenvectors(X)
    for u, name in [(U[:, 0], r"$\mathbf{u}_{\min}$"), (U[:, 1], r"$\mathbf{u}_{\max}$")]:
        tip = np.asarray(optimum) + length * u
        ax.annotate("", xy=tip, xytext=optimum, zorder=6,
                    arrowprops=dict(arrowstyle="-|>", color="white", lw=2.0))
        ax.text(*(np.asarray(optimum) + 1.18 * length * u), name, color="white", fontsize=11,
                ha="center", va="center", zorder=6,
                path_effects=[withStroke(linewidth=2.5, foreground="#222")])


def draw_path(ax, ws, bs, color=GD_COLOR, label=None, **kw):
    """A trajectory θ⁰, θ¹, … in the (w, b) plane, its start circled."""
    line, = ax.plot(ws, bs, "o-", color=color, ms=3, lw=1.2, label=label, **kw)
    start, = ax.plot(ws[:1], bs[:1], "o", color=color, ms=8, mfc="white", mew=2, **kw)
    return line, start


def draw_losses(ax, history, x="updates", color=GD_COLOR, label=None):
    """The loss curve L(θ^[t]) of a run, on a log scale, against updates or epochs."""
    xs = np.arange(len(history.losses)) if x == "updates" else history.epochs_seen
    line, = ax.semilogy(xs, history.losses, color=color, lw=1.5, label=label)
    ax.set(xlabel=_("update $t$") if x == "updates" else _("epochs (examples seen / n)"),
           ylabel=_(r"loss $\mathcal{L}(\theta^{[t]})$"))
    return line


def draw_classes(ax, X, y, names=None, **kw):
    """A scatter plot of 2-D points coloured by class."""
    for k in np.unique(y):
        label = names[k] if names is not None else _("class {k}").format(k=k)
        ax.scatter(*X[y == k].T, s=14, color=CLASS_COLORS[k % 10], edgecolor="white",
                   linewidth=0.4, label=label, **kw)
    return ax


def boundary_points(w, b, xlim, level=0.0):
    """Two points of the line w₁x₁ + w₂x₂ + b = level (the logit equals `level`)."""
    xs = np.array(xlim, dtype=float)
    if abs(w[1]) > 1e-12:
        return xs, (level - b - w[0] * xs) / w[1]
    x1 = (level - b) / w[0] if abs(w[0]) > 1e-12 else np.nan
    return np.array([x1, x1]), np.array([-1e6, 1e6])


def region_grid(X, num=150, pad=0.5):
    """A grid over the bounding box of 2-D data: (xx, yy, points of shape (num², 2))."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], num), np.linspace(lo[1], hi[1], num))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]

