"""Explorer of notebook 01: move θ = (w, b) by hand on the loss surface."""
from __future__ import annotations

import numpy as np

from .. import linear, plots
from ..i18n import N_, _
from ..plots.style import new_figure
from . import front
from .base import Explorer, float_slider
from .front import backdrop

#: The status line (the page fills it in: js/surface.js).
SURFACE = N_("L(w = {w}, b = {b}) = <b>{loss}</b> · the global minimum L(θ̄) = {best} at "
             "w̄ = {w_bar}, b̄ = {b_bar}")


class SurfaceExplorer(Explorer):
    """Move θ = (w, b) by hand: the point on the loss contours and the line it draws.

    The page computes L(w, b) and draws the point and the line over matplotlib's
    contours and data (js/surface.js); ``result`` is gdlib's (w, b, L) at the sliders."""

    def __init__(self, X, y):
        self.X, self.y = X, y
        self.optimum = w_bar, b_bar = linear.optimum(X, y)
        self.best = linear.loss(X, y, [w_bar], b_bar)
        self.limits = plots.window(self.optimum, min_half=3.0)      # θ̄ in the middle
        fig, (ax_c, ax_d) = new_figure(2)
        plots.draw_contours(ax_c, X, y, self.limits, optimum=self.optimum)
        ax_d.scatter(X[:, 0], y, s=12, color="#555")
        ax_d.set(xlabel="$x$", ylabel="$y$", xlim=ax_d.get_xlim(), ylim=ax_d.get_ylim())
        xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        (w_lo, w_hi), (b_lo, b_hi) = self.limits
        controls = {"w": float_slider(_("weight w"), w_lo + 0.2 * (w_hi - w_lo), w_lo, w_hi),
                    "b": float_slider(_("bias b"), b_lo + 0.2 * (b_hi - b_lo), b_lo, b_hi)}
        figure = front.figure_class("surface")(
            problem={"X": front.floats(X), "y": front.floats(y), "n": len(y),
                     "xs": [float(v) for v in xs], "best": float(self.best),
                     "optimum": [float(v) for v in self.optimum],
                     "backdrop": backdrop(fig)})
        super().__init__(controls, figure)
        figure.texts = {**self.texts(), "surface": _(SURFACE)}

    def run(self, w, b):
        return w, b, linear.loss(self.X, self.y, [w], b)

    def describe(self, result):
        w, b, L = result
        return _(SURFACE).format(
            w=f"{w:.2f}", b=f"{b:.2f}", loss=f"{L:.4g}", best=f"{self.best:.4g}",
            w_bar=f"{self.optimum[0]:.2f}", b_bar=f"{self.optimum[1]:.2f}")

    @property
    def history(self):
        raise AttributeError(_("the surface explorer runs no descent; see .result"))


def surface_explorer(X, y):
    """Sliders for w and b of the one-feature linear neuron: contour point and fitted line."""
    X, y = linear.validate_data(X, y)
    return SurfaceExplorer(X, y)
