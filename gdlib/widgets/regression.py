"""Explorer of notebook 04: a real one-feature regression, raw or standardised."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import data, descent, linear, plots
from ..canvas import Canvas
from ..i18n import _
from .base import (
    STYLE,
    Explorer,
    batch_or_none,
    diverged_label,
    loss_axes,
    run_status,
    trainer_controls,
)


class RegressionExplorer(Explorer):
    """A one-feature regression on raw or standardised x: path, fitted line, loss."""

    def __init__(self, X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed):
        self.X_raw, self.y, self.seed = X, y, seed
        self.scaled, self.mean, self.std = data.standardize(X)
        canvas = Canvas(3, width=11.0)
        ax_c, ax_d, ax_l = canvas.axes
        ax_d.scatter(X[:, 0], y, s=8, color="#555", alpha=0.6)
        ax_d.set(xlabel=xlabel, ylabel=ylabel, ylim=ax_d.get_ylim(), xlim=ax_d.get_xlim())
        self.fit = canvas.dynamic(ax_d.plot([], [], color=plots.FIT_COLOR, lw=2)[0])
        self.path = canvas.dynamic(*plots.draw_path(ax_c, [], []))
        self.curve = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR)[0])
        loss_axes(canvas, ax_l, _("update t"))
        self.diverged_label = canvas.dynamic(diverged_label(ax_c))
        self.xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        self.background = None
        controls = trainer_controls(len(y), lr, (-6.0, 1.0), batch_size, epochs, 100)
        controls["standardize"] = W.Checkbox(value=standardize, description=_("standardise x"),
                                             style=STYLE)
        super().__init__(controls, canvas)

    def _draw_background(self, standardize):
        """Contours of L(w, b) for the raw or the standardised feature (when it changes)."""
        ax = self.canvas.axes[0]
        for artist in list(ax.collections) + [ln for ln in ax.lines if not ln.get_animated()]:
            artist.remove()
        X = self.scaled if standardize else self.X_raw
        w_opt, b_opt = linear.least_squares(X, self.y)
        plots.draw_contours(ax, X, self.y, plots.window((w_opt[0], b_opt), (0.0, 0.0),
                                                        pad=0.2),
                            optimum=(w_opt[0], b_opt))
        ax.set_title(_("standardised x") if standardize else _("raw x"), fontsize=9)
        self.alpha_crit = linear.critical_learning_rate(X)
        self.background = standardize
        self.canvas.invalidate()

    def run(self, lr, batch_size, epochs, standardize):
        if self.background != standardize:
            self._draw_background(standardize)
        X = self.scaled if standardize else self.X_raw
        return descent.descend(linear, X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=batch_or_none(batch_size, len(self.y)), w0=[0.0], b0=0.0)

    def redraw(self, h):
        self.path[0].set_data(h.ws[:, 0], h.bs)
        self.path[1].set_data(h.ws[:1, 0], h.bs[:1])
        w, b = h.w[0], h.b
        if self.background:                      # back to raw units: w (x - μ)/σ + b
            w, b = w / self.std[0], b - w * self.mean[0] / self.std[0]
        self.fit.set_data(self.xs, w * self.xs + b)
        self.curve.set_data(np.arange(len(h.losses)), h.losses)
        self.diverged_label.set_visible(h.diverged)
        return self.canvas.png()

    def describe(self, h):
        return run_status(h, _("(α / α_crit = {ratio}, α_crit = {crit} for this scaling)").format(
            ratio=f"{h.lr / self.alpha_crit:.3g}", crit=f"{self.alpha_crit:.3g}"))


def regression_explorer(X, y, xlabel="x", ylabel="y", lr=0.1, batch_size=None, epochs=50,
                        standardize=True, seed=0):
    """A real one-feature regression: α, |B|, epochs and a 'standardise x' switch."""
    X, y = linear.check_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(_("regression_explorer draws one feature, X has {d}: pass X[:, [j]] "
                           "for the feature j you want.").format(d=X.shape[1]))
    return RegressionExplorer(X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed)

