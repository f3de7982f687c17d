"""Figures of notebook 01: the loss surface of a neuron, and (non-)convexity."""
from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import linear, logistic
from .draw import draw_contours, loss_grid, window
from .style import DPI, FIT_COLOR, GD_COLOR, new_figure


def loss_landscape(X, y, limits=None):
    """The linear neuron's loss over (w, b): a 3-D bowl and its contours, θ̄ marked."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    limits = limits or window(optimum, min_half=3.0)
    fig = Figure(figsize=(9.6, 4.0), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ws, bs = np.linspace(*limits[0], 60), np.linspace(*limits[1], 60)
    L = loss_grid(linear.loss_from_logits, X[:, 0], y, ws, bs)
    W, B = np.meshgrid(ws, bs)
    ax3d.plot_surface(W, B, L, cmap="viridis", alpha=0.9, linewidth=0)
    ax3d.set(xlabel="$w$", ylabel="$b$", zlabel=r"$\mathcal{L}$",
             title="a convex bowl: one global minimum")
    ax = fig.add_subplot(1, 2, 2)
    draw_contours(ax, X, y, limits, optimum=optimum)
    ax.set_title(rf"contours; $\bar\theta$ = ($w$={optimum[0]:.2f}, $b$={optimum[1]:.2f})")
    return fig


def convexity(x, y01, b=0.0, w_range=(-8.0, 8.0), chord=(-6.0, 1.0)):
    """L(w) along a line, for three neurons, with a chord between two points.

    A function is convex when every chord lies on or above its graph. The
    sigmoid neuron with squared error breaks that: the counter-example the
    lecture leaves out.
    """
    x, y01 = np.asarray(x, float).ravel(), np.asarray(y01, float).ravel()
    cases = [("linear neuron + squared error", linear.loss_from_logits, y01),
             ("sigmoid neuron + cross-entropy", logistic.loss_from_logits, y01),
             ("sigmoid neuron + squared error", logistic.squared_error_from_logits, y01)]
    fig, axes = new_figure(3, height=3.2)
    ws = np.linspace(*w_range, 400)
    for ax, (title, loss_fn, target) in zip(axes, cases):
        L = np.array([loss_fn(w * x + b, target) for w in ws])
        (w1, w2) = chord
        L1, L2 = loss_fn(w1 * x + b, target), loss_fn(w2 * x + b, target)
        ts = np.linspace(w1, w2, 50)
        chord_line = L1 + (ts - w1) / (w2 - w1) * (L2 - L1)
        curve = np.array([loss_fn(t * x + b, target) for t in ts])
        below = np.any(chord_line < curve - 1e-12)
        ax.plot(ws, L, color="black", lw=1.8)
        ax.plot([w1, w2], [L1, L2], "o--", color=FIT_COLOR if below else GD_COLOR)
        verdict = "chord below the curve: NOT convex" if below else "chord above: convex"
        ax.set(xlabel="$w$" + (f" (b = {b:g})" if b else ""))
        ax.set_title(f"{title}\n{verdict}", fontsize=9, color=FIT_COLOR if below else "black")
    axes[0].set_ylabel(r"$\mathcal{L}(w)$")
    return fig

