"""Explorers of notebooks 02–03: GD, and minibatch SGD next to GD, on the loss contours."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import descent, linear, plots
from ..canvas import Canvas
from ..i18n import _, ngettext
from .base import (
    STYLE,
    Explorer,
    batch_or_none,
    diverged_label,
    log_range,
    loss_axes,
    run_status,
    trainer_controls,
)


class Bowl:
    """One loss surface of the one-feature linear neuron, drawn once on its own canvas:
    the contours (background), the paths and loss curves (redrawn on every change)."""

    def __init__(self, X, y, start, sgd):
        self.X, self.y, self.start = X, y, start
        w_opt, b_opt = linear.least_squares(X, y)
        optimum = (w_opt[0], b_opt)
        self.alpha_crit = linear.critical_learning_rate(X)
        self.canvas = canvas = Canvas(3 if sgd else 2)
        ax_c = canvas.axes[0]
        plots.draw_contours(ax_c, X, y, plots.window(optimum, start, pad=0.2), optimum=optimum)
        self.paths = {"GD": canvas.dynamic(*plots.draw_path(ax_c, [], [], plots.GD_COLOR))}
        self.curves = {"GD": [canvas.dynamic(ax.semilogy([], [], color=plots.GD_COLOR,
                                                         label="GD")[0])
                              for ax in canvas.axes[1:]]}
        if sgd:
            self.paths["SGD"] = canvas.dynamic(*plots.draw_path(ax_c, [], [], plots.SGD_COLOR))
            self.curves["SGD"] = [canvas.dynamic(ax.semilogy([], [], color=plots.SGD_COLOR,
                                                             lw=0.9, label="SGD")[0])
                                  for ax in canvas.axes[1:]]
        xlabels = [_("update t"), _("epochs (= examples seen / {n})").format(n=len(y))]
        for ax, xlabel in zip(canvas.axes[1:], xlabels):
            loss_axes(canvas, ax, xlabel)
        if sgd:
            canvas.axes[1].legend(handles=[self.curves["GD"][0], self.curves["SGD"][0]],
                                  fontsize=8, loc="upper right")
        self.diverged_label = canvas.dynamic(diverged_label(ax_c))


class PathExplorer(Explorer):
    """GD and/or SGD of the one-feature linear neuron, drawn on the loss contours.

    With a second data set (``narrow``), a checkbox switches between the round bowl and
    the narrow one; α keeps its ratio α/α_crit across the switch.
    """

    def __init__(self, X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd,
                 narrow=None, narrow_start=None):
        self.seed, self.sgd = seed, sgd
        self.bowls = {"round": Bowl(X, y, start, sgd)}
        if narrow is not None:
            self.bowls["narrow"] = Bowl(*narrow, narrow_start or start, sgd)
        self._use("round")
        lr_range = log_range(self.alpha_crit, 3.0, np.log10(4.0))
        controls = trainer_controls(len(y), lr, lr_range, batch_size if sgd else False,
                                     epochs, max_epochs)
        if narrow is not None:
            kappa = f"{np.linalg.cond(linear.hessian(narrow[0])):.0f}"
            controls["narrow"] = W.Checkbox(value=False,
                                            description=_("narrow bowl (κ ≈ {kappa})").format(
                                                kappa=kappa),
                                            style=STYLE, layout=W.Layout(width="auto"))
        super().__init__(controls, self.canvas)

    def _use(self, name):
        """Make the bowl ``name`` the one the explorer runs on and draws."""
        self.bowl = name
        bowl = self.bowls[name]
        self.X, self.y, self.start, self.alpha_crit = bowl.X, bowl.y, bowl.start, bowl.alpha_crit
        self.canvas, self.paths, self.curves = bowl.canvas, bowl.paths, bowl.curves
        self.diverged_label = bowl.diverged_label

    def update(self):
        narrow = self.controls.get("narrow")
        name = "narrow" if narrow is not None and narrow.value else "round"
        if name != self.bowl:       # keep α / α_crit: move the slider's range and value
            lr = self.controls["lr"]
            ratio = lr.value / self.alpha_crit
            self._use(name)
            low, high = log_range(self.alpha_crit, 3.0, np.log10(4.0))
            lr.min, lr.max = min(lr.min, low), max(lr.max, high)
            lr.value = ratio * self.alpha_crit
            lr.min, lr.max = low, high
        super().update()

    def _descend(self, lr, epochs, batch_size=None):
        return descent.descend(linear, self.X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=batch_or_none(batch_size, len(self.y)),
                               w0=[self.start[0]], b0=self.start[1])

    def run(self, lr, epochs, batch_size=None, narrow=False):
        runs = {"GD": self._descend(lr, epochs)}
        if self.sgd:
            runs["SGD"] = self._descend(lr, epochs, batch_size)
        return runs

    def redraw(self, runs):
        for name, h in runs.items():
            line, start = self.paths[name]
            line.set_data(h.ws[:, 0], h.bs)
            start.set_data(h.ws[:1, 0], h.bs[:1])
            xs = [np.arange(len(h.losses)), h.epochs_seen][:len(self.curves[name])]
            for curve, x in zip(self.curves[name], xs):
                curve.set_data(x, h.losses)
        self.diverged_label.set_visible(any(h.diverged for h in runs.values()))
        return self.canvas.png()

    def describe(self, runs):
        gd = runs["GD"]
        ratio = gd.lr / self.alpha_crit
        crit = f"(α / α_crit = {ratio:.3g}, α_crit = 2/λ_max = {self.alpha_crit:.3g})"
        if not self.sgd:
            return run_status(gd, crit)
        sgd = runs["SGD"]
        k = descent.minibatches(len(self.y), sgd.batch_size)
        # TRANSLATORS: the English plural serves k = 1 too; give the singular its own form.
        return ngettext("<b>GD</b>: {gd}<br><b>SGD</b> (|B| = {batch_size}, k = {k} minibatches "
                        "per epoch): {sgd}<br>{crit}",
                        "<b>GD</b>: {gd}<br><b>SGD</b> (|B| = {batch_size}, k = {k} minibatches "
                        "per epoch): {sgd}<br>{crit}", k).format(
            gd=run_status(gd), batch_size=sgd.batch_size, k=k, sgd=run_status(sgd), crit=crit)

    @property
    def history(self):
        """The SGD run in the SGD explorer, else the GD run."""
        return self.result.get("SGD", self.result["GD"])


def gd_explorer(X, y, start=(-2.0, -3.0), lr=0.1, epochs=30, max_epochs=200, narrow=None,
                narrow_start=(0.0, 5.0)):
    """GD on the one-feature linear neuron: α (log slider) and epochs.

    Left, the path θ⁰ → θ¹ → … on the loss contours; right, the loss curve.
    The slider spans 1/1000 of α_crit = 2/λ_max up to 4 α_crit (divergence).
    ``narrow``, a second data set (e.g. ``data.make_narrow_line()``), adds a checkbox
    that switches to its narrow bowl, started from ``narrow_start``.
    """
    X, y = linear.check_data(X, y)
    if narrow is not None:
        narrow = linear.check_data(*narrow)
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
    X, y = linear.check_data(X, y)
    return PathExplorer(X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd=True)

