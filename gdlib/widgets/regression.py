"""Explorer of notebook 04: a real one-feature regression, raw or standardised."""
from __future__ import annotations

import ipywidgets

from .. import data, descent, linear, plots
from ..i18n import N_, _
from ..plots.style import new_figure
from . import front
from .base import (
    MAX_UPDATES,
    STYLE,
    Explorer,
    batch_or_none,
    loss_panel,
    run_status,
    trainer_controls,
)
from .front import backdrop, loss_range, nice_limits
from .paths import max_updates

#: The status line's note on α (the page fills it in too: js/regression.js).
CRIT = N_("(α / α_crit = {ratio}, α_crit = {crit} for this scaling)")
#: The epochs slider's range.
MAX_EPOCHS = 100


class RegressionExplorer(Explorer):
    """A one-feature regression on raw or standardised x: path, fitted line, loss.

    The kernel sends both features and a backdrop for each (the contours of L(w, b) for
    raw and for standardised x, the data, the loss panel's axes); the checkbox swaps them
    in the page, which reruns the descent and draws the path, the fitted line (in raw
    units) and the loss curve (js/regression.js)."""

    def __init__(self, X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed):
        self.X_raw, self.y, self.seed = X, y, seed
        self.scaled, self.mean, self.std = data.standardize(X)
        n = len(y)
        self.features = {False: self.X_raw, True: self.scaled}
        self.crits = {key: linear.critical_learning_rate(Xs)
                      for key, Xs in self.features.items()}
        w_opt, b_opt = linear.least_squares(X, y)
        floor = linear.loss(X, y, w_opt, b_opt)
        initial = linear.loss(X, y, [0.0], 0.0)
        limits = nice_limits(max(MAX_EPOCHS, max_updates(n, MAX_EPOCHS)))
        backdrops = {"raw": self._backdrop(False, xlabel, ylabel, (floor, initial), limits),
                     "standardized": self._backdrop(True, xlabel, ylabel, (floor, initial),
                                                    limits)}
        controls = trainer_controls(n, lr, (-6.0, 1.0), batch_size, epochs, MAX_EPOCHS)
        controls["standardize"] = ipywidgets.Checkbox(
            value=standardize, description=_("standardise x"), style=STYLE)
        figure = front.figure_class("regression")(
            problem={"X": front.floats(self.X_raw), "scaled": front.floats(self.scaled),
                     "y": front.floats(y), "n": n, "mean": float(self.mean[0]),
                     "std": float(self.std[0]),
                     "xs": [float(X[:, 0].min()), float(X[:, 0].max())],
                     "alpha_crit": {"raw": self.crits[False],
                                    "standardized": self.crits[True]},
                     "max_epochs": MAX_EPOCHS, "max_updates": MAX_UPDATES,
                     "orders": front.ints(descent.shuffles(linear, X, y, epochs=MAX_EPOCHS,
                                                           seed=seed)),
                     "backdrops": backdrops})
        super().__init__(controls, figure)
        figure.texts = {**self.texts(), "crit": _(CRIT)}

    def _backdrop(self, standardize, xlabel, ylabel, losses, limits):
        """matplotlib's picture for one setting of the switch: the contours of L(w, b) for
        this feature, the data (raw units), the loss panel's axes."""
        X = self.features[standardize]
        fig, (ax_c, ax_d, ax_l) = new_figure(3, 11.0, 3.6)
        optimum = linear.optimum(X, self.y)
        plots.draw_contours(ax_c, X, self.y, plots.window(optimum, (0.0, 0.0), pad=0.2),
                            optimum=optimum)
        ax_c.set_title(_("standardised x") if standardize else _("raw x"), fontsize=9)
        ax_d.scatter(self.X_raw[:, 0], self.y, s=8, color="#555", alpha=0.6)
        ax_d.set(xlabel=xlabel, ylabel=ylabel, ylim=ax_d.get_ylim(), xlim=ax_d.get_xlim())
        loss_panel(ax_l, _("update t"), loss_range(*losses))
        return backdrop(fig, [(ax_l, limits)])

    @property
    def alpha_crit(self):
        """α_crit = 2/λ_max for the feature the switch picks."""
        return self.crits[self.controls["standardize"].value]

    def run(self, lr, batch_size, epochs, standardize):
        return descent.descend(linear, self.features[standardize], self.y, lr=lr, epochs=epochs,
                               seed=self.seed, batch_size=batch_or_none(batch_size, len(self.y)),
                               w0=[0.0], b0=0.0)

    def describe(self, history):
        crit = self.crits[self.controls["standardize"].value]
        return run_status(history, _(CRIT).format(ratio=f"{history.lr / crit:.3g}",
                                                  crit=f"{crit:.3g}"))

    def fitted_line(self, history):
        """(w, b) of the fitted line in raw units: w (x − μ)/σ + b when x is standardised."""
        w, b = history.w[0], history.b
        if self.controls["standardize"].value:
            w, b = w / self.std[0], b - w * self.mean[0] / self.std[0]
        return w, b


def regression_explorer(X, y, xlabel="x", ylabel="y", lr=0.1, batch_size=None, epochs=50,
                        standardize=True, seed=0):
    """A real one-feature regression: α, |B|, epochs and a 'standardise x' switch."""
    X, y = linear.validate_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(_("regression_explorer draws one feature, X has {d}: pass X[:, [j]] "
                           "for the feature j you want.").format(d=X.shape[1]))
    return RegressionExplorer(X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed)
