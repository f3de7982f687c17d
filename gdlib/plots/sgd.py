"""Figures of notebook 03: minibatch SGD against GD, the spread of minibatch steps, hovering."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from ..i18n import _, ngettext
from .draw import draw_contours, draw_losses, draw_path, window
from .style import CLASS_COLORS, GD_COLOR, SGD_COLOR, new_figure


def sgd_vs_gd(X, y, lr, batch_sizes, epochs=10, start=(-2.0, -3.0), seed=0):
    """GD next to minibatch SGD: the paths, the loss against updates and against epochs."""
    optimum = linear.optimum(X, y)
    fig, (ax_path, ax_t, ax_e) = new_figure(3, height=3.4)
    draw_contours(ax_path, X, y, window(optimum, start, pad=0.2), optimum=optimum, num=70)
    runs = [(f"SGD |B| = {B}", B) for B in batch_sizes] + [("GD", None)]   # GD on top
    for (label, B), color in zip(runs, list(CLASS_COLORS[1:len(runs)]) + [GD_COLOR]):
        history = descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=B, seed=seed,
                            w0=[start[0]], b0=start[1])
        draw_path(ax_path, history.ws[:, 0], history.bs, color=color, label=label)
        draw_losses(ax_t, history, color=color, label=label)
        draw_losses(ax_e, history, x="epochs", color=color, label=label)
    ax_path.legend(fontsize=8, loc="lower right")
    # GD's 10 updates and SGD's hundreds on one axis: log-like past t = 1, so neither is a sliver
    ax_t.set_xscale("symlog", linthresh=1.0, linscale=0.5)
    ax_t.set_xlim(left=0)
    ax_t.set_xlabel(_("update $t$ (log scale past 1)"))
    ax_t.set_title(_("against updates: SGD takes k steps per epoch"), fontsize=9)
    ax_e.set_title(_("against epochs: equal compute"), fontsize=9)
    ax_e.legend(fontsize=8)
    return fig


def minibatch_steps(X, y, points, lr, batch_sizes, draws=200, seed=0):
    """Where one update can land: θ − α∇L_B(θ) for many random minibatches B, and the GD step.

    One panel per |B|, on the loss contours of the one-feature linear neuron. From
    every θ in ``points`` the arrow is the GD step θ − α∇L(θ); the dots are where
    an SGD step lands for ``draws`` minibatches of |B| examples drawn at random
    (without replacement). The cloud is centred on the GD step (the minibatch
    gradient is an unbiased estimate) and shrinks as |B| grows; at θ̄ the GD step
    is zero but the SGD steps are not.
    """
    optimum = linear.optimum(X, y)
    n = len(y)
    rng = np.random.default_rng(seed)
    limits = window(optimum, *points, pad=0.35)
    fig, axes = new_figure(len(batch_sizes), width=3.3 * len(batch_sizes), height=3.4)
    for ax, B in zip(axes, batch_sizes):
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        for w, b in points:
            ends = []
            for _draw in range(draws):
                idx = rng.choice(n, size=B, replace=False)
                gw, gb = linear.gradient_from_logits(X[idx], linear.logits(X[idx], [w], b),
                                                     y[idx])
                ends.append((w - lr * gw[0], b - lr * gb))
            ends = np.array(ends)          # over θ̄'s star, which shows through
            ax.scatter(*ends.T, s=7, color=SGD_COLOR, alpha=0.35, linewidth=0, zorder=6)
            gw, gb = linear.gradient(X, y, [w], b)
            ax.annotate("", xy=(w - lr * gw[0], b - lr * gb), xytext=(w, b),
                        arrowprops=dict(arrowstyle="-|>", color="white", lw=1.6))
            ax.plot(w, b, "o", color="white", mec="black", ms=6)
        ax.set(xlim=limits[0], ylim=limits[1])
        k = descent.minibatches(n, B)
        ax.set_title(ngettext("|B| = {B} of n = {n}  (k = {k} minibatch)",
                              "|B| = {B} of n = {n}  (k = {k} minibatches)", k).format(B=B, n=n, k=k),
                     fontsize=9)
    from matplotlib.lines import Line2D
    axes[0].legend(handles=[
        Line2D([], [], ls="", marker="o", ms=4, color=SGD_COLOR,
               label=r"SGD: $\theta - \alpha\nabla\mathcal{L}_\mathcal{B}(\theta)$"),
        Line2D([], [], color="black", marker=r"$\rightarrow$", ls="", ms=10,
               label=r"GD: $\theta - \alpha\nabla\mathcal{L}(\theta)$")],
        fontsize=7, loc="upper left")
    return fig


def sgd_hovering(X, y, lrs, batch_size=1, epochs=100, seed=0):
    """SGD with a constant α, started AT the minimum θ̄: it does not stay there.

    One panel per α, all zoomed to the same window around θ̄: the dots are the
    parameters after every update of ``epochs`` epochs of SGD with minibatches of
    ``batch_size``. They hover in a cloud whose size shrinks with α. The title gives
    ``hover_rms``, the root-mean-square distance to θ̄ over the second half of the run
    (the same measure as the notebook's table).
    """
    optimum = w_bar, b_bar = linear.optimum(X, y)
    runs = [descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=batch_size,
                            seed=seed, w0=[w_bar], b0=b_bar) for lr in lrs]
    half = max(np.abs(np.c_[history.ws[:, 0] - w_bar, history.bs - b_bar]).max()
               for history in runs)
    half = 1.1 * max(half, 1e-6)
    limits = ((w_bar - half, w_bar + half), (b_bar - half, b_bar + half))
    fig, axes = new_figure(len(lrs), width=3.3 * len(lrs), height=3.4)
    for ax, history in zip(axes, runs):
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        ax.plot(history.ws[:, 0], history.bs, ".", color=SGD_COLOR, ms=2.5, alpha=0.6, zorder=6)
        ax.plot(w_bar, b_bar, "+", color="black", ms=12, mew=1.5, zorder=7,
                label=r"$\bar\theta$")
        ax.set_aspect("equal")
        ax.set_title(f"α = {history.lr:g}, |B| = {history.batch_size}: "
                     f"rms ‖θ − θ̄‖ = {hover_rms(history, optimum):.3g}", fontsize=9)
    axes[0].legend(fontsize=8, loc="upper left")
    return fig


def hover_rms(history, optimum):
    """√mean ‖θ^[t] − θ̄‖² over the second half of a run's updates: the size of the cloud
    SGD hovers in, once it has settled (the first half is left out)."""
    late = slice(history.updates // 2, None)
    dist2 = (history.ws[late, 0] - optimum[0]) ** 2 + (history.bs[late] - optimum[1]) ** 2
    return float(np.sqrt(np.mean(dist2)))
