"""Figures of notebook 02: GD paths for several α, the error along the Hessian's
eigenvectors (round and narrow bowls), the step factors |1 − αλ|, loss curves."""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, MaxNLocator, NullFormatter

from .. import descent, linear
from ..i18n import _, ngettext
from .draw import (draw_contours, draw_eigenvectors, draw_losses, draw_path, eigenvectors,
                   square, window)
from .style import CLASS_COLORS, FIT_COLOR, GD_COLOR, figure, new_figure


def learning_rates(X, y, lrs, epochs=25, start=(-2.0, -3.0)):
    """GD paths on the loss contours for several α (two rows of panels), and their loss
    curves in one tall panel on the right."""
    optimum = linear.optimum(X, y)
    runs = [descent.descend(linear, X, y, lr=lr, epochs=epochs, w0=[start[0]], b0=start[1])
            for lr in lrs]
    # the window holds every path that does not diverge (a diverging one leaves it)
    kept = [np.c_[history.ws[:, 0], history.bs] for history in runs if not history.diverged]
    limits = window(optimum, start, *np.concatenate(kept or [np.empty((0, 2))]), pad=0.1)
    cols = -(-len(lrs) // 2)
    names = [str(i) for i in range(len(lrs))] + ["."] * (2 * cols - len(lrs))
    fig = figure(width=3.3 * cols + 3.6, height=6.4)
    ax = fig.subplot_mosaic([names[:cols] + ["loss"], names[cols:] + ["loss"]])
    axes = [ax[str(i)] for i in range(len(lrs))]
    alpha_crit = linear.critical_learning_rate(X)
    for a, lr, history, color in zip(axes, lrs, runs, CLASS_COLORS):
        draw_contours(a, X, y, limits, optimum=optimum, num=60)
        draw_path(a, history.ws[:, 0], history.bs, color=color)
        a.set(xlim=limits[0], ylim=limits[1])
        word = (ngettext("diverged after {updates} update", "diverged after {updates} updates",
                         history.updates).format(updates=history.updates) if history.diverged
                else ngettext("L = {loss} after {updates} update", "L = {loss} after {updates} updates",
                              history.updates).format(loss=f"{history.losses[-1]:.3g}",
                                                      updates=history.updates))
        a.set_title(f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit\n{word}", fontsize=10)
        draw_losses(ax["loss"], history, color=color, label=f"α = {lr / alpha_crit:.2f}·α_crit")
    ax["loss"].set_ylim(top=10 * runs[0].losses[0])
    ax["loss"].legend(fontsize=9, loc="upper right")
    ax["loss"].set_title(_("loss curves (α_crit = 2/λ_max = {alpha_crit})").format(
        alpha_crit=f"{alpha_crit:.3g}"), fontsize=10)
    return fig


def along_eigenvectors(X, y, fractions=(0.05, 0.95), epochs=30, start=(-2.0, -3.0)):
    r"""GD at α = fraction · α_crit, seen along the Hessian's eigenvectors u_min and u_max.

    One contour panel per α: the path, and the arrows u_min, u_max from θ̄ (the axes of
    the elliptic contours; equal scales on w and b, so they look perpendicular). The
    last panel: the error's components |c_i^[t]| = |u_iᵀ(θ^[t] − θ̄)| against t on a
    log scale, straight lines of slope |1 − αλ_i| per update (solid u_max, dashed
    u_min). On a narrow bowl (κ = λ_max/λ_min ≫ 1) an α near α_crit zigzags across the
    valley (along u_max), and any α crawls along it (u_min).
    """
    optimum = np.array(linear.optimum(X, y))
    lam, U = eigenvectors(X)
    alpha_crit = 2.0 / lam[-1]
    runs = [descent.descend(linear, X, y, lr=f * alpha_crit, epochs=epochs, w0=[start[0]],
                            b0=start[1]) for f in fractions]
    paths = [np.c_[history.ws[:, 0], history.bs] for history in runs]
    points = np.concatenate(paths)
    points = points[np.all(np.isfinite(points), axis=1)]
    # θ̄ in the middle: the window holds every path and its mirror image through θ̄
    limits = square(window(optimum, *points, *(2 * optimum - points), pad=0.06))
    fig, axes = new_figure(len(runs) + 1, width=3.5 * (len(runs) + 1), height=3.9)
    half = (limits[0][1] - limits[0][0]) / 2
    for ax, f, history, path, color in zip(axes, fractions, runs, paths, CLASS_COLORS[1::2]):
        draw_contours(ax, X, y, limits, optimum=tuple(optimum), num=80)
        draw_path(ax, *path.T, color=color)
        draw_eigenvectors(ax, X, optimum, 0.35 * half)
        ax.set(xlim=limits[0], ylim=limits[1])
        ax.set_aspect("equal")
        ax.set_title(_("α = {f}·α_crit: factors 1 − αλ =\n{factor_min} (u_min), {factor_max} (u_max)")
                     .format(f=f"{f:g}", factor_min=f"{1 - f * alpha_crit * lam[0]:+.3f}",
                             factor_max=f"{1 - f * alpha_crit * lam[-1]:+.3f}"), fontsize=9)
        C = np.abs((path - optimum) @ U)
        C[C < 1e-9 * C.max()] = np.nan          # below that, round-off: not drawn
        first = len(runs) > 1 and f == fractions[0]     # drawn wide: a curve on top stays seen
        for i, style, name in [(1, "-", "u_max"), (0, "--", "u_min")]:
            axes[-1].semilogy(C[:, i], style, color=color, lw=3.2 if first else 1.6,
                              alpha=0.55 if first else 1.0, label=f"{f:g}·α_crit, {name}")
    axes[-1].set(xlabel=_("update $t$"), ylabel=r"$|c_i^{[t]}| = |\mathbf{u}_i^\top"
                                                r"(\theta^{[t]} - \bar\theta)|$")
    low, high = axes[-1].get_ylim()
    decades = np.log10(high / low)
    axes[-1].yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if decades < 3 else (1.0,),
                                                numticks=12))
    axes[-1].yaxis.set_major_formatter(FormatStrFormatter("%g"))
    axes[-1].yaxis.set_minor_formatter(NullFormatter())
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_title(_("error along each eigenvector\n(κ = λ_max/λ_min = {kappa})").format(
        kappa=f"{lam[-1] / lam[0]:.3g}"), fontsize=9)
    axes[-1].legend(fontsize=8, loc="lower left")
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
    fig, (ax,) = new_figure(1, width=9.6, height=3.9)
    ax.axvspan(alpha_crit, alphas[-1], color=FIT_COLOR, alpha=0.1)
    ax.axhline(1.0, color="grey", lw=0.8)
    for i, style, color in [(0, "--", "#495057"), (-1, ":", "#862e9c")]:
        name = "min" if i == 0 else "max"
        ax.plot(alphas, factors[:, i], style, lw=1.6, color=color,
                label=rf"$|1 - \alpha\lambda_{{{name}}}|$, $\lambda_{{{name}}}$ = {lam[i]:.3g}")
    rate = factors.max(axis=1)
    ax.plot(alphas, rate, color="black", lw=2.2,
            label=_(r"slowest: $\max_i |1 - \alpha\lambda_i|$"))
    ax.axvline(alpha_crit, color=FIT_COLOR, lw=1.5)
    ax.axvline(alpha_best, color=GD_COLOR, lw=1.2, ls=":")
    ax.text(alpha_crit, 0.04, _(r" $\alpha_{{crit}} = 2/\lambda_{{max}}$ = {alpha_crit}:"
                                "\n past it, GD diverges").format(alpha_crit=f"{alpha_crit:.3g}"),
            color=FIT_COLOR, fontsize=9)
    ax.text(alpha_best, 1.42, rf"$\alpha^* = 2/(\lambda_{{min}}+\lambda_{{max}})$ = "
                              f"{alpha_best:.3g} ", color=GD_COLOR, fontsize=9, va="top",
            ha="right")
    for lr, color in zip(lrs, CLASS_COLORS):
        ax.plot(lr, np.abs(1.0 - lr * lam).max(), "o", color=color, ms=8, mec="black",
                zorder=5, label=f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit")
    ax.set(xlim=(0, alphas[-1]), ylim=(0, 1.5), xlabel=_(r"learning rate $\alpha$"),
           ylabel=_(r"factor per update $|1 - \alpha\lambda|$"),
           title=_("each update multiplies the error along an eigenvector of H by "
                   "$1 - \\alpha\\lambda$"))
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))   # beside, not over
    return fig


def loss_curves(histories, x="updates", title=None):
    """Loss curves of several runs: ``histories`` maps a label to a History."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.4)
    for (label, history), color in zip(histories.items(), CLASS_COLORS):
        draw_losses(ax, history, x=x, color=color, label=label)
    ax.legend(fontsize=8)
    ax.set_title(title or "")
    return fig

