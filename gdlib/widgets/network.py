"""The explorer of notebook 08: a two-layer network on 2-D data, with a validation set."""
from __future__ import annotations

import numpy as np

from .. import _validation as v
from .. import data, descent, network, plots
from ..canvas import Canvas
from ..i18n import _
from .base import (
    Explorer,
    batch_or_none,
    diverged_label,
    int_slider,
    log_range,
    loss_axes,
    run_status,
    trainer_controls,
)


class NetworkExplorer(Explorer):
    """α, |B|, h, epochs and the seed of a two-layer network: its regions and both losses."""

    def __init__(self, X, y, X_val, y_val, names, lr, batch_size, hidden, max_hidden, epochs,
                 max_epochs, seed, grid):
        self.X, self.y, self.X_val, self.y_val = X, y, X_val, y_val
        K = int(y.max()) + 1
        names = names or [_("class {k}").format(k=k) for k in range(K)]
        canvas = Canvas(2, width=10.0, height=4.2)
        ax_d, ax_l = canvas.axes
        # a coarse grid keeps the regions cheap; bilinear smoothing hides its cells (K = 2)
        self.xx, self.yy, self.grid = plots.region_grid(np.vstack([X, X_val]), num=grid)
        extent = (self.xx.min(), self.xx.max(), self.yy.min(), self.yy.max())
        self.regions = canvas.dynamic(ax_d.imshow(
            np.zeros(self.xx.shape), origin="lower", extent=extent, aspect="auto",
            cmap=plots.class_colormap(K), vmin=0, vmax=K - 1, alpha=0.3,
            interpolation="bilinear" if K == 2 else "nearest", interpolation_stage="data"))
        ax_d.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        points = []       # markers (Line2D) redraw several times faster than scatter plots
        for k in range(K):
            color = plots.CLASS_COLORS[k % 10]
            points += ax_d.plot(*X[y == k].T, "o", ms=4, color=color, mec="white", mew=0.4,
                                label=_("{name} (training)").format(name=names[k]))
            points += ax_d.plot(*X_val[y_val == k].T, "o", ms=4.5, mfc="none", mec=color,
                                mew=1.0, label=_("validation (hollow)") if k == K - 1 else None)
        canvas.overlay(*points)                   # over the moving regions: kept as pixels
        # the legend sits above the panel, in the background, so it is never redrawn
        ax_d.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3,
                    frameon=False, borderaxespad=0.2, handletextpad=0.2, columnspacing=0.8)
        val = canvas.dynamic(ax_l.semilogy([], [], color=plots.SGD_COLOR, lw=1.0,
                                           label=_("validation"))[0])
        train = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR, lw=1.0,
                                             label=_("training"))[0])     # drawn over validation
        self.curves = [train, val]
        loss_axes(canvas, ax_l, _("epochs (= examples seen / {n})").format(n=len(y)))
        ax_l.legend(handles=self.curves, fontsize=8, loc="upper right")
        self.diverged_label = canvas.dynamic(diverged_label(ax_d), on_top=True)
        controls = trainer_controls(len(y), lr, log_range(lr, 3.0, 2.0), batch_size, epochs,
                                    max_epochs)
        controls["hidden"] = int_slider(_("hidden units h"), hidden, 1, max_hidden)
        controls["seed"] = int_slider(_("seed of the start"), seed, 0, 20)
        super().__init__(controls, canvas)

    def run(self, lr, batch_size, epochs, hidden, seed):
        h = descent.descend(network, self.X, self.y, lr=lr, epochs=epochs, seed=seed,
                            batch_size=batch_or_none(batch_size, len(self.y)), hidden=hidden)
        if h.diverged:                         # no validation curve for a diverged run
            return h, np.full(len(h.losses), np.nan)
        return h, network.loss_path(self.X_val, self.y_val, h.trajectory)

    def redraw(self, result):
        h, val = result
        labels = network.forward(self.grid, h.params)[1].argmax(axis=1)
        self.regions.set_data(labels.reshape(self.xx.shape))
        for curve, losses in zip(self.curves, [h.losses, val]):
            curve.set_data(h.epochs_seen, losses)
        self.diverged_label.set_visible(h.diverged)
        return self.canvas.png()

    def describe(self, result):
        h, val = result
        if h.diverged:
            return run_status(h)
        accuracy = lambda X, y: np.mean(network.classify(X, h.params) == y)
        best = int(np.argmin(val))
        return run_status(h, _(
            "· accuracy: training <b>{training}</b>, validation <b>{validation}</b><br>"
            "lowest validation loss {loss} after {epochs} epochs (early stopping would keep "
            "that θ)").format(training=f"{accuracy(self.X, self.y):.1%}",
                              validation=f"{accuracy(self.X_val, self.y_val):.1%}",
                              loss=f"{val[best]:.3g}", epochs=f"{h.epochs_seen[best]:.3g}"))

    @property
    def history(self):
        """The last run (a ``descent.History``)."""
        return self.result[0]


def network_explorer(X, y, X_val=None, y_val=None, names=None, lr=1.5, batch_size=None,
                     hidden=16, max_hidden=32, epochs=150, max_epochs=500, seed=0, grid=80):
    """A two-layer network on 2-D data: α (log), |B|, h, epochs and the seed of the start.

    Left, the regions arg max_k ŷ_k with the training points (filled) and the
    validation points (hollow); right, the training and the validation loss against
    epochs. Without ``X_val, y_val``, 30 % of (X, y) is held out for validation
    (``data.train_test_split``, seed 0). The α slider spans 1/1000 of ``lr`` to 100 ``lr``,
    where GD diverges.
    """
    X, y = network.check_data(X, y)
    if (X_val is None) != (y_val is None):
        raise ValueError(_("pass both X_val and y_val (a validation set), or neither."))
    if X_val is None:
        X, X_val, y, y_val = data.train_test_split(X, y, test_fraction=0.3, seed=0)
    X_val, y_val = network.check_data(X_val, y_val, K=int(y.max()) + 1)   # the same classes
    for name, features in [("X", X), ("X_val", X_val)]:
        if features.shape[1] != 2:
            raise ValueError(_("network_explorer draws 2-D data, {name} has {d} features: "
                               "pass two columns, e.g. {name}[:, :2].").format(
                                   name=name, d=features.shape[1]))
    lr = v.check_positive(lr, "lr", _("the starting α of the slider, e.g. lr=1.5."))
    return NetworkExplorer(X, y.astype(np.int64), X_val, y_val.astype(np.int64), names, lr,
                           batch_size, hidden, max_hidden, epochs, max_epochs, seed, grid)
