"""Figures of notebook 04: feature scaling and fitted lines."""
from __future__ import annotations

import numpy as np

from .. import linear
from .draw import draw_contours, square, window
from .style import new_figure


def feature_scaling(x, y):
    """Loss contours for a raw feature and for the standardised one, same data."""
    x = np.asarray(x, float).reshape(-1, 1)
    xs = (x - x.mean()) / x.std()
    fig, axes = new_figure(2, height=3.6)
    for ax, X, title in [(axes[0], x, "raw feature"), (axes[1], xs, "standardised feature")]:
        w_opt, b_opt = linear.least_squares(X, y)
        optimum = (w_opt[0], b_opt)
        limits = window(optimum, (0.0, 0.0), pad=0.2)
        if X is xs:              # same scale on both axes, so round contours look round
            limits = square(limits)
            ax.set_aspect("equal", adjustable="box")
        draw_contours(ax, X, y, limits, optimum=optimum)
        ax.plot(0, 0, "o", color="white", mec="black")
        ratio = np.linalg.cond(linear.hessian(X))
        ax.set_title(f"{title}: κ(H) = λ_max/λ_min = {ratio:.3g}", fontsize=9)
    return fig


def fitted_line(X, y, fits, xlabel="x", ylabel="y"):
    """Data and one or more fitted lines; ``fits`` maps a label to (w, b)."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.6)
    ax.scatter(X[:, 0], y, s=10, color="#555", alpha=0.7, label="data")
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    for (label, (w, b)), style in zip(fits.items(), ["-", "--", ":"]):
        ax.plot(xs, np.ravel(w)[0] * xs + b, style, lw=2, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8)
    return fig

