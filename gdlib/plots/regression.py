"""Figures of notebook 04: simultaneous against sequential updates, feature scaling with
the GD path on each map, and fitted lines."""
from __future__ import annotations

import numpy as np

from .. import data, linear
from ..i18n import N_, _, ngettext
from .draw import draw_contours, draw_path, square, window
from .style import GD_COLOR, SGD_COLOR, new_figure


def paths_side_by_side(X, y, paths, title=None):
    """Trajectories on the loss contours of a one-feature linear neuron, one panel each.

    ``paths`` maps a label to a pair of arrays (ws, bs), θ after every update (the start
    first). Every panel has the same window, around θ̄ and every point of every path,
    so the paths can be compared panel by panel without drawing over one another.
    """
    optimum = linear.optimum(X, y)
    points = [p for ws, bs in paths.values() for p in zip(ws, bs)]
    limits = window(optimum, *points, pad=0.1)
    fig, axes = new_figure(len(paths), width=4.6 * len(paths), height=4.0)
    for ax, (label, (ws, bs)), color in zip(axes, paths.items(), [GD_COLOR, SGD_COLOR]):
        draw_contours(ax, X, y, limits, optimum=optimum)
        draw_path(ax, np.asarray(ws), np.asarray(bs), color=color)
        ax.set(xlim=limits[0], ylim=limits[1])
        ax.set_title(label, fontsize=10)
    if title:
        fig.suptitle(title, fontsize=11)
    return fig


def feature_scaling(x, y, raw=None, standardised=None):
    """Loss contours for a raw feature and for the standardised one, same data.

    ``raw`` and ``standardised``, if given, are GD runs (``History``) on the raw and the
    standardised feature: each is drawn as a path on its own map, with its α and the
    loss it reached in the title.
    """
    x = np.asarray(x, float).reshape(-1, 1)
    xs = data.standardize(x)[0]
    fig, axes = new_figure(2, height=3.9)
    panels = [(axes[0], x, N_("raw feature"), raw), (axes[1], xs, N_("standardised feature"),
                                                     standardised)]
    for ax, X, title, history in panels:
        optimum = linear.optimum(X, y)
        limits = window(optimum, (0.0, 0.0), pad=0.2)
        if X is xs:              # same scale on both axes, so round contours look round
            limits = square(limits)
            ax.set_aspect("equal", adjustable="box")
        draw_contours(ax, X, y, limits, optimum=optimum)
        ratio = np.linalg.cond(linear.hessian(X))
        title = f"{_(title)}: κ(H) = λ_max/λ_min = {ratio:.3g}"
        if history is None:
            ax.plot(0, 0, "o", color="white", mec="black")
        else:
            draw_path(ax, history.ws[:, 0], history.bs, color="white")
            ax.lines[-2].set(ms=2, lw=0.8)
            title += "\n" + ngettext("GD, {alpha}: {updates} update, L = {loss}",
                                      "GD, {alpha}: {updates} updates, L = {loss}",
                                      history.updates).format(
                alpha=history.alpha_text, updates=history.updates, loss=f"{history.losses[-1]:.5g}")
        ax.set(xlim=limits[0], ylim=limits[1])
        ax.set_title(title, fontsize=9)
    return fig


def fitted_line(X, y, fits, xlabel="x", ylabel="y"):
    """Data and one or more fitted lines; ``fits`` maps a label to (w, b)."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.6)
    ax.scatter(X[:, 0], y, s=10, color="#555", alpha=0.7, label=_("data"))
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    for (label, (w, b)), style in zip(fits.items(), ["-", "--", ":"]):
        ax.plot(xs, np.ravel(w)[0] * xs + b, style, lw=2, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8)
    return fig
