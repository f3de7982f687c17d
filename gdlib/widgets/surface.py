"""Explorer of notebook 01: move θ = (w, b) by hand on the loss surface."""
from __future__ import annotations

import numpy as np

from .. import linear, plots
from ..canvas import Canvas
from ..i18n import _
from .base import Explorer, float_slider


class SurfaceExplorer(Explorer):
    """Move θ = (w, b) by hand: the point on the loss contours and the line it draws."""

    def __init__(self, X, y):
        self.X, self.y = X, y
        w_opt, b_opt = linear.least_squares(X, y)
        self.optimum = (w_opt[0], b_opt)
        self.limits = plots.window(self.optimum, min_half=3.0)      # θ̄ in the middle
        canvas = Canvas(2)
        ax_c, ax_d = canvas.axes
        plots.draw_contours(ax_c, X, y, self.limits, optimum=self.optimum)
        ax_d.scatter(X[:, 0], y, s=12, color="#555")
        ax_d.set(xlabel="$x$", ylabel="$y$", ylim=ax_d.get_ylim())
        self.point = canvas.dynamic(ax_c.plot([], [], "o", color=plots.FIT_COLOR, ms=10,
                                              mec="white")[0])
        self.line = canvas.dynamic(ax_d.plot([], [], color=plots.FIT_COLOR, lw=2)[0])
        self.xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        (w_lo, w_hi), (b_lo, b_hi) = self.limits
        controls = {"w": float_slider(_("weight w"), w_lo + 0.2 * (w_hi - w_lo), w_lo, w_hi),
                    "b": float_slider(_("bias b"), b_lo + 0.2 * (b_hi - b_lo), b_lo, b_hi)}
        super().__init__(controls, canvas)

    def run(self, w, b):
        return w, b, linear.loss(self.X, self.y, [w], b)

    def redraw(self, result):
        w, b, _loss = result
        self.point.set_data([w], [b])
        self.line.set_data(self.xs, w * self.xs + b)
        return self.canvas.png()

    def describe(self, result):
        w, b, L = result
        best = linear.loss(self.X, self.y, [self.optimum[0]], self.optimum[1])
        return _("L(w = {w}, b = {b}) = <b>{loss}</b> · the global minimum L(θ̄) = {best} at "
                 "w̄ = {w_bar}, b̄ = {b_bar}").format(
                     w=f"{w:.2f}", b=f"{b:.2f}", loss=f"{L:.4g}", best=f"{best:.4g}",
                     w_bar=f"{self.optimum[0]:.2f}", b_bar=f"{self.optimum[1]:.2f}")

    @property
    def history(self):
        raise AttributeError(_("the surface explorer runs no descent; see .result"))


def surface_explorer(X, y):
    """Sliders for w and b of the one-feature linear neuron: contour point and fitted line."""
    X, y = linear.check_data(X, y)
    return SurfaceExplorer(X, y)

