"""Figures of notebook 01: the loss surface of a neuron, and (non-)convexity."""
from __future__ import annotations

import numpy as np

from .. import linear, logistic
from ..i18n import N_, _
from .draw import draw_contours, loss_grid, window
from .style import FIT_COLOR, GD_COLOR, figure, new_figure


def loss_landscape(X, y, limits=None):
    """The linear neuron's loss over (w, b): a 3-D bowl and its contours, θ̄ marked."""
    optimum = linear.optimum(X, y)
    limits = limits or window(optimum, min_half=3.0)
    fig = figure(9.6, 4.0)
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ws, bs = np.linspace(*limits[0], 60), np.linspace(*limits[1], 60)
    L = loss_grid(linear.loss_from_logits, X[:, 0], y, ws, bs)
    W, B = np.meshgrid(ws, bs)
    ax3d.plot_surface(W, B, L, cmap="viridis", alpha=0.9, linewidth=0)
    ax3d.set(xlabel="$w$", ylabel="$b$", zlabel=r"$\mathcal{L}$",
             title=_("a convex bowl: one global minimum"))
    ax = fig.add_subplot(1, 2, 2)
    draw_contours(ax, X, y, limits, optimum=optimum)
    ax.set_title(_(r"contours; $\bar\theta$ = ($w$={w}, $b$={b})").format(
        w=f"{optimum[0]:.2f}", b=f"{optimum[1]:.2f}"))
    return fig


def chord_gap(loss, w1, w2, num=400):
    """How far the graph of ``loss`` rises above its chord from w1 to w2: (gap, where).

    The chord is the straight line from (w1, L(w1)) to (w2, L(w2)). A convex loss never
    rises above any chord (gap ≤ 0); a positive gap is a witness of non-convexity.
    """
    ts = np.linspace(w1, w2, num)
    curve = np.array([loss(t) for t in ts])
    chord = curve[0] + (ts - w1) / (w2 - w1) * (curve[-1] - curve[0])
    i = int(np.argmax(curve - chord))
    return float(curve[i] - chord[i]), float(ts[i])


def convexity(x, y01, b=0.0, w_range=(-5.0, 6.0), chord=(-4.0, 0.6)):
    """L(w) along a line, for three neurons, with the same chord on each.

    A function is convex when no chord lies below its graph. Where the graph rises
    above the chord it is shaded, and the largest rise (the size of the violation) is
    marked and given in the title: the sigmoid neuron with squared error breaks
    convexity, the counter-example the lecture leaves out.
    """
    x, y01 = np.asarray(x, float).ravel(), np.asarray(y01, float).ravel()
    cases = [(N_("linear neuron + squared error"), linear.loss_from_logits),
             (N_("sigmoid neuron + cross-entropy"), logistic.loss_from_logits),
             (N_("sigmoid neuron + squared error"), logistic.squared_error_from_logits)]
    fig, axes = new_figure(3, height=3.3)
    ws = np.linspace(*w_range, 400)
    w1, w2 = chord
    for ax, (title, loss_fn) in zip(axes, cases):
        loss = lambda w: loss_fn(w * x + b, y01)
        ax.plot(ws, [loss(w) for w in ws], color="black", lw=1.8, label=r"$\mathcal{L}(w)$")
        gap, where = chord_gap(loss, w1, w2)
        bad = gap > 1e-12
        color = FIT_COLOR if bad else GD_COLOR
        ax.plot([w1, w2], [loss(w1), loss(w2)], "o--", color=color, label=_("chord"))
        if bad:
            ts = np.linspace(w1, w2, 200)
            curve = np.array([loss(t) for t in ts])
            line = loss(w1) + (ts - w1) / (w2 - w1) * (loss(w2) - loss(w1))
            ax.fill_between(ts, line, curve, where=curve > line, color=FIT_COLOR, alpha=0.3,
                            lw=0, label=_("curve above the chord"))
            top = loss(where)
            ax.annotate("", xy=(where, top), xytext=(where, top - gap),
                        arrowprops=dict(arrowstyle="<->", color=FIT_COLOR, lw=1.5))
            ax.text(where + 0.25, top - gap / 2, f"{gap:.3f}", color=FIT_COLOR, fontsize=9,
                    va="center", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
            verdict = _("the curve rises {gap} above the chord\n(shaded): NOT convex").format(
                gap=f"{gap:.3f}")
        else:
            verdict = _("chord on or above the curve:\nconvex (here)")
        ax.set(xlabel="$w$" + (f" (b = {b:g})" if b else ""))
        ax.set_title(f"{_(title)}\n{verdict}", fontsize=9, color=FIT_COLOR if bad else "black")
    axes[0].set_ylabel(r"$\mathcal{L}(w)$")
    return fig
