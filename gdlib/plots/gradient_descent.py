"""Figures of notebook 02: GD paths for several α, the step factors |1 − αλ|, loss curves."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from .draw import draw_contours, draw_losses, draw_path, window
from .style import CLASS_COLORS, FIT_COLOR, GD_COLOR, SGD_COLOR, new_figure


def learning_rates(X, y, lrs, epochs=25, start=(-2.0, -3.0)):
    """GD paths on the loss contours for several α, and their loss curves."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    runs = [descent.descend(linear, X, y, lr=lr, epochs=epochs, w0=[start[0]], b0=start[1])
            for lr in lrs]
    # the window holds every path that does not diverge (a diverging one leaves it)
    kept = [np.c_[h.ws[:, 0], h.bs] for h in runs if not h.diverged]
    limits = window(optimum, start, *np.concatenate(kept or [np.empty((0, 2))]), pad=0.1)
    fig, axes = new_figure(len(lrs) + 1, width=3.0 * (len(lrs) + 1), height=3.2)
    alpha_crit = linear.critical_learning_rate(X)
    for ax, lr, h, color in zip(axes, lrs, runs, CLASS_COLORS):
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        draw_path(ax, h.ws[:, 0], h.bs, color=color)
        ax.set(xlim=limits[0], ylim=limits[1])
        word = "diverged" if h.diverged else f"L = {h.losses[-1]:.3g}"
        ax.set_title(f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit\n{word}", fontsize=9)
        draw_losses(axes[-1], h, color=color, label=f"α = {lr:.3g}")
    axes[-1].set_ylim(top=10 * runs[0].losses[0])
    axes[-1].legend(fontsize=8)
    axes[-1].set_title(f"loss curves (α_crit = 2/λ_max = {alpha_crit:.3g})", fontsize=9)
    return fig


def step_factors(X, lrs=()):
    r"""Why GD on the linear neuron converges only for α < α_crit = 2/λ_max: |1 − αλ| against α.

    The error θ^[t] − θ̄ along each eigenvector of the Hessian H (eigenvalue λ) is
    multiplied by 1 − αλ at every update. The slowest of these factors (bold) sets
    the speed; it is smallest at α* = 2/(λ_min + λ_max) and crosses 1 at α_crit,
    past which GD diverges. The learning rates ``lrs`` are marked on the bold curve
    (in the colours of ``learning_rates``).
    """
    lam = np.linalg.eigvalsh(linear.hessian(X))
    alpha_crit, alpha_best = 2.0 / lam[-1], 2.0 / (lam[0] + lam[-1])
    alphas = np.linspace(0.0, 1.3 * alpha_crit, 500)
    factors = np.abs(1.0 - np.outer(alphas, lam))
    fig, (ax,) = new_figure(1, width=7.6, height=3.9)
    ax.axvspan(alpha_crit, alphas[-1], color=FIT_COLOR, alpha=0.1)
    ax.axhline(1.0, color="grey", lw=0.8)
    for i in (0, -1):
        ax.plot(alphas, factors[:, i], "--", lw=1, color="grey" if i == 0 else "#555",
                label=rf"$|1 - \alpha\lambda|$ for $\lambda_{{{'min' if i == 0 else 'max'}}}$"
                      rf" = {lam[i]:.3g}")
    rate = factors.max(axis=1)
    ax.plot(alphas, rate, color="black", lw=2.2, label=r"slowest: $\max_i |1 - \alpha\lambda_i|$")
    ax.axvline(alpha_crit, color=FIT_COLOR, lw=1.5)
    ax.axvline(alpha_best, color=GD_COLOR, lw=1.2, ls=":")
    ax.text(alpha_crit, 0.04, rf" $\alpha_{{crit}} = 2/\lambda_{{max}}$ = {alpha_crit:.3g}:"
                              "\n past it, GD diverges", color=FIT_COLOR, fontsize=9)
    ax.text(alpha_best, 1.42, rf"$\alpha^* = 2/(\lambda_{{min}}+\lambda_{{max}})$ = "
                              f"{alpha_best:.3g} ", color=GD_COLOR, fontsize=9, va="top",
            ha="right")
    for lr, color in zip(lrs, CLASS_COLORS):
        ax.plot(lr, np.abs(1.0 - lr * lam).max(), "o", color=color, ms=8, mec="black",
                zorder=5, label=f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit")
    ax.set(xlim=(0, alphas[-1]), ylim=(0, 1.5), xlabel=r"learning rate $\alpha$",
           ylabel=r"factor per update $|1 - \alpha\lambda|$",
           title="each update multiplies the error along an eigenvector of H by $1 - \\alpha\\lambda$")
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, loc="lower left")
    return fig


def loss_curves(histories, x="updates", title=None):
    """Loss curves of several runs: ``histories`` maps a label to a History."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.4)
    for (label, h), color in zip(histories.items(), CLASS_COLORS):
        draw_losses(ax, h, x=x, color=color, label=label)
    ax.legend(fontsize=8)
    ax.set_title(title or "")
    return fig


def paths_on_contours(X, y, paths, limits=None, title=None):
    """Several trajectories on the loss contours of the one-feature linear neuron.

    ``paths`` maps a label to a pair of arrays (ws, bs): θ after every update,
    the start first. ``limits`` ((w_lo, w_hi), (b_lo, b_hi)) defaults to a window
    around θ̄ and every point of every path.
    """
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    points = [p for ws, bs in paths.values() for p in zip(ws, bs)]
    limits = limits or window(optimum, *points, pad=0.1)
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    draw_contours(ax, X, y, limits, optimum=optimum)
    for (label, (ws, bs)), color in zip(paths.items(), [GD_COLOR, SGD_COLOR, *CLASS_COLORS[2:]]):
        draw_path(ax, np.asarray(ws), np.asarray(bs), color=color, label=label)
    ax.set(xlim=limits[0], ylim=limits[1])
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title or "")
    return fig

