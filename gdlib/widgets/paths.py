"""Explorers of notebooks 02–03: GD, and minibatch SGD next to GD, on the loss contours."""
from __future__ import annotations

import ipywidgets
import numpy as np

from matplotlib.lines import Line2D

from .. import descent, linear, plots
from ..i18n import _, ngettext
from ..plots.style import new_figure
from . import front
from .base import (
    MAX_UPDATES,
    STYLE,
    Explorer,
    batch_or_none,
    log_range,
    loss_panel,
    run_status,
    trainer_controls,
)
from .front import backdrop, loss_range, nice_limits


class Bowl:
    """One loss surface of the one-feature linear neuron: what the browser needs to run GD
    and SGD on it (data, start, the shuffles), and its backdrop (the contours, the loss
    panels' axes), drawn once."""

    def __init__(self, X, y, start, sgd, max_epochs, seed):
        self.X, self.y, self.start = X, y, start
        optimum = w_bar, b_bar = linear.optimum(X, y)
        self.alpha_crit = linear.critical_learning_rate(X)
        #: The α slider's range on this bowl (exponents): α_crit / 1000 … 4 α_crit.
        self.lr_range = log_range(self.alpha_crit, 3.0, np.log10(4.0))
        fig, axes = new_figure(3 if sgd else 2, 9.6, 3.6)
        plots.draw_contours(axes[0], X, y, plots.window(optimum, start, pad=0.2), optimum=optimum)
        floor = linear.loss(X, y, [w_bar], b_bar)
        initial = linear.loss(X, y, [start[0]], start[1])
        xlabels = [_("update t"), _("epochs (= examples seen / {n})").format(n=len(y))]
        for ax, xlabel in zip(axes[1:], xlabels):
            loss_panel(ax, xlabel, loss_range(floor, initial))
        if sgd:
            axes[1].legend(handles=[Line2D([], [], color=plots.GD_COLOR, label="GD"),
                                    Line2D([], [], color=plots.SGD_COLOR, lw=0.9, label="SGD")],
                           fontsize=8, loc="upper right")
        n = len(y)
        updates = max(max_epochs, max_updates(n, max_epochs)) if sgd else max_epochs
        panels = [(axes[1], nice_limits(updates))]
        if sgd:
            panels.append((axes[2], nice_limits(max_epochs)))
        self.backdrop = backdrop(fig, panels)
        self.orders = (descent.shuffles(linear, X, y, epochs=max_epochs, seed=seed)
                       if sgd else None)

    def problem(self):
        """What the page gets for this bowl (js/paths.js)."""
        out = {"X": front.floats(self.X), "y": front.floats(self.y),
               "start": [float(v) for v in self.start], "alpha_crit": self.alpha_crit,
               "lr_range": [float(v) for v in self.lr_range], "backdrop": self.backdrop}
        if self.orders is not None:
            out["orders"] = front.ints(self.orders)
        return out


class PathExplorer(Explorer):
    """GD and/or SGD of the one-feature linear neuron, drawn on the loss contours.

    With a second data set (``narrow``), a checkbox switches between the round bowl and
    the narrow one; the page then moves the α slider to the new bowl's range, keeping
    α/α_crit (js/paths.js ``keepRatio``), and the kernel hears the slider's new values.
    """

    def __init__(self, X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd,
                 narrow=None, narrow_start=None):
        self.seed, self.sgd = seed, sgd
        self.bowls = {"round": Bowl(X, y, start, sgd, max_epochs, seed)}
        if narrow is not None:
            self.bowls["narrow"] = Bowl(*narrow, narrow_start or start, sgd, max_epochs, seed)
        controls = trainer_controls(len(y), lr, self.bowls["round"].lr_range,
                                    batch_size if sgd else False, epochs, max_epochs)
        if narrow is not None:
            kappa = f"{np.linalg.cond(linear.hessian(narrow[0])):.0f}"
            controls["narrow"] = ipywidgets.Checkbox(
                value=False, description=_("narrow bowl (κ ≈ {kappa})").format(kappa=kappa),
                style=STYLE, layout=ipywidgets.Layout(width="auto"))
        figure = front.figure_class("paths")(
            problem={"sgd": sgd, "n": len(y), "max_epochs": max_epochs,
                     "max_updates": MAX_UPDATES,
                     "bowls": {name: bowl.problem() for name, bowl in self.bowls.items()}})
        super().__init__(controls, figure)
        figure.texts = {**self.texts(), "sgd_status": [sgd_status(1), sgd_status(2)]}

    @property
    def bowl(self):
        """The name of the bowl the checkbox shows ("round" or "narrow")."""
        narrow = self.controls.get("narrow")
        return "narrow" if narrow is not None and narrow.value else "round"

    X = property(lambda self: self.bowls[self.bowl].X)
    y = property(lambda self: self.bowls[self.bowl].y)
    start = property(lambda self: self.bowls[self.bowl].start)
    alpha_crit = property(lambda self: self.bowls[self.bowl].alpha_crit,
                          doc="2/λ_max of the bowl the checkbox shows.")

    def _descend(self, bowl, lr, epochs, batch_size=None):
        return descent.descend(linear, bowl.X, bowl.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=batch_or_none(batch_size, len(bowl.y)),
                               w0=[bowl.start[0]], b0=bowl.start[1])

    def run(self, lr, epochs, batch_size=None, narrow=False):
        bowl = self.bowls["narrow" if narrow else "round"]
        runs = {"GD": self._descend(bowl, lr, epochs)}
        if self.sgd:
            runs["SGD"] = self._descend(bowl, lr, epochs, batch_size)
        return runs

    def describe(self, runs):
        gd = runs["GD"]
        ratio = gd.lr / self.alpha_crit
        crit = f"(α / α_crit = {ratio:.3g}, α_crit = 2/λ_max = {self.alpha_crit:.3g})"
        if not self.sgd:
            return run_status(gd, crit)
        sgd = runs["SGD"]
        k = descent.minibatches(len(self.y), sgd.batch_size)
        return sgd_status(k).format(
            gd=run_status(gd), batch_size=sgd.batch_size, k=k, sgd=run_status(sgd), crit=crit)

    @property
    def history(self):
        """The SGD run in the SGD explorer, else the GD run."""
        result = self.result
        return result.get("SGD", result["GD"])


def sgd_status(k):
    """The SGD explorer's status line, for k minibatches per epoch."""
    # TRANSLATORS: the English plural serves k = 1 too; give the singular its own form.
    return ngettext("<b>GD</b>: {gd}<br><b>SGD</b> (|B| = {batch_size}, k = {k} minibatches "
                    "per epoch): {sgd}<br>{crit}",
                    "<b>GD</b>: {gd}<br><b>SGD</b> (|B| = {batch_size}, k = {k} minibatches "
                    "per epoch): {sgd}<br>{crit}", k)


def max_updates(n, max_epochs):
    """The most updates an SGD run of the explorer makes, over every |B| from 1 to n."""
    return max(min(max_epochs, max(1, MAX_UPDATES // descent.minibatches(n, size)))
               * descent.minibatches(n, size) for size in range(1, n + 1))


def gd_explorer(X, y, start=(-2.0, -3.0), lr=0.1, epochs=30, max_epochs=200, narrow=None,
                narrow_start=(0.0, 5.0)):
    """GD on the one-feature linear neuron: α (log slider) and epochs.

    Left, the path θ⁰ → θ¹ → … on the loss contours; right, the loss curve.
    The slider spans 1/1000 of α_crit = 2/λ_max up to 4 α_crit (divergence).
    ``narrow``, a second data set (e.g. ``data.make_narrow_line()``), adds a checkbox
    that switches to its narrow bowl, started from ``narrow_start``.
    """
    X, y = linear.validate_data(X, y)
    if narrow is not None:
        narrow = linear.validate_data(*narrow)
        if narrow[0].shape[1] != 1:
            raise ValueError(_("narrow must be one-feature data like X, got X of shape "
                               "{shape}: pass e.g. data.make_narrow_line().").format(
                                   shape=narrow[0].shape))
    return PathExplorer(X, y, start, lr, None, epochs, max_epochs, seed=0, sgd=False,
                        narrow=narrow, narrow_start=narrow_start)


def sgd_explorer(X, y, start=(-2.0, -3.0), lr=0.1, batch_size=4, epochs=10, max_epochs=50,
                 seed=0):
    """Minibatch SGD next to GD at the same α and epochs: α, |B| (1 … n) and epochs.

    Panels: both paths on the contours; the loss against updates; the loss
    against examples seen (epochs on the top axis), i.e. the same compute.
    """
    X, y = linear.validate_data(X, y)
    return PathExplorer(X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd=True)

