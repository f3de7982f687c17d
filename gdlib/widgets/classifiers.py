"""Explorers of notebooks 05–06: the logistic and softmax neurons on 2-D data."""
from __future__ import annotations

import numpy as np

from .. import descent, logistic, plots, softmax
from ..canvas import Canvas
from ..i18n import _
from .base import (
    Explorer,
    batch_or_none,
    diverged_label,
    loss_axes,
    run_status,
    trainer_controls,
)


class ClassifierExplorer(Explorer):
    """Logistic or softmax neuron on 2-D data: the boundary / regions and the loss."""

    def __init__(self, model, X, y, names, xlabel, ylabel, lr, lr_range, batch_size, epochs,
                 seed):
        self.model, self.X, self.y, self.seed = model, X, y, seed
        canvas = Canvas(2, width=10.0, height=4.0)
        ax_d, ax_l = canvas.axes
        K = int(y.max()) + 1
        if model is softmax:
            self.xx, self.yy, self.grid = plots.region_grid(X)
            extent = (self.xx.min(), self.xx.max(), self.yy.min(), self.yy.max())
            self.regions = canvas.dynamic(ax_d.imshow(
                np.zeros(self.xx.shape), origin="lower", extent=extent, aspect="auto",
                cmap=plots.class_colormap(K), vmin=0, vmax=K - 1, alpha=0.3,
                interpolation="nearest"))
            ax_d.set(xlim=extent[:2], ylim=extent[2:])
        plots.draw_classes(ax_d, X, y, names)
        legend = ax_d.legend(fontsize=8, loc="best")
        if model is softmax:   # points and legend over the moving regions: kept as pixels
            canvas.overlay(*ax_d.collections, legend)
        else:
            ax_d.set(xlim=ax_d.get_xlim(), ylim=ax_d.get_ylim())
            self.lines = [canvas.dynamic(ax_d.plot([], [], style, color="black", lw=lw)[0])
                          for style, lw in [("-", 1.8), (":", 1.0), (":", 1.0)]]
        ax_d.set(xlabel=xlabel, ylabel=ylabel)
        self.curve = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR)[0])
        loss_axes(canvas, ax_l, _("update t"))
        self.diverged_label = canvas.dynamic(diverged_label(ax_d), on_top=True)
        controls = trainer_controls(len(y), lr, lr_range, batch_size, epochs, 200)
        super().__init__(controls, canvas)

    def run(self, lr, batch_size, epochs):
        return descent.descend(self.model, self.X, self.y, lr=lr, epochs=epochs,
                               batch_size=batch_or_none(batch_size, len(self.y)), seed=self.seed)

    def redraw(self, h):
        if self.model is softmax:
            labels = softmax.logits(self.grid, h.w, h.b).argmax(axis=1)
            self.regions.set_data(labels.reshape(self.xx.shape))
        else:
            xlim = self.canvas.axes[0].get_xlim()
            for line, level in zip(self.lines, [0.0, np.log(9), -np.log(9)]):
                line.set_data(*plots.boundary_points(h.w, h.b, xlim, level))
        self.curve.set_data(np.arange(len(h.losses)), h.losses)
        self.diverged_label.set_visible(h.diverged)
        return self.canvas.png()

    def describe(self, h):
        if h.diverged:
            return run_status(h)
        P = self.model.predict(self.X, h.w, h.b)
        pred = (P > 0.5).astype(int) if self.model is logistic else P.argmax(axis=1)
        return run_status(h, _("· training accuracy <b>{accuracy}</b>").format(
            accuracy=f"{np.mean(pred == self.y):.1%}"))


def _two_features(model, X, y, name):
    """Checked 2-D data and integer labels for a classifier explorer."""
    X, y = model.check_data(X, y)
    if X.shape[1] != 2:
        raise ValueError(_("{name} draws 2-D data, X has {d} features: pass two columns, "
                           "e.g. X[:, :2].").format(name=name, d=X.shape[1]))
    return X, y.astype(np.int64)


def logistic_explorer(X, y, names=None, xlabel="$x_1$", ylabel="$x_2$", lr=0.5,
                      batch_size=None, epochs=50, seed=0):
    """Logistic neuron on 2-D data: α, |B| and epochs move the boundary σ(wᵀx + b) = 0.5."""
    X, y = _two_features(logistic, X, y, "logistic_explorer")
    return ClassifierExplorer(logistic, X, y, names, xlabel, ylabel, lr, (-3.0, 4.0),
                              batch_size, epochs, seed)


def softmax_explorer(X, y, names=None, xlabel="$x_1$", ylabel="$x_2$", lr=0.5,
                     batch_size=None, epochs=50, seed=0):
    """Softmax neuron on 2-D data with K classes: the regions argmax_k ŷ_k move with α, |B|."""
    X, y = _two_features(softmax, X, y, "softmax_explorer")
    return ClassifierExplorer(softmax, X, y, names, xlabel, ylabel, lr, (-3.0, 4.0),
                              batch_size, epochs, seed)

