"""The explorer of notebook 08: a two-layer network on 2-D data, with a validation set.

Drawn in the browser (``js/network.js``): the kernel sends the data, the grid of the regions,
the random start of every (seed, h) and numpy's PCG64 state after it (the page draws the
epochs' shuffles itself, as ``Generator.permutation`` does), and matplotlib's backdrop.
"""
from __future__ import annotations

import numpy as np

from matplotlib.lines import Line2D
from matplotlib.backends.backend_agg import RendererAgg

from .. import _validation
from .. import data, descent, network, plots
from ..i18n import N_, _
from ..plots.style import new_figure
from . import front
from .base import (
    MAX_UPDATES,
    Explorer,
    batch_or_none,
    int_slider,
    log_range,
    loss_panel,
    run_status,
    trainer_controls,
)
from .front import backdrop, loss_range, nice_limits

#: The largest seed of the seed slider.
MAX_SEED = 20

#: The bottom of the loss panel. Cross-entropy has no floor above 0: a network that separates
#: the training set drives it down for ever (on notebook 08's moons, h = 32, α ≈ 17 and 500
#: epochs reach 4e-5, and a validation loss can round to 0.0 in float64), so no fixed log range
#: holds every run. 1e-4 is where there is nothing left to see: a mean −log p_y below it means
#: the network gives the right class more than 99.99 % on (geometric) average. A run that goes
#: lower leaves the panel at its bottom edge; the status line still gives its numbers.
LOSS_FLOOR = 1e-4

ACCURACY = N_("· accuracy: training <b>{training}</b>, validation <b>{validation}</b><br>"
              "lowest validation loss {loss} after {epochs} epochs (early stopping would keep "
              "that θ)")


def overlay(fig, artists):
    """The artists drawn alone on transparent pixels (cropped), to lay over what moves:
    {png, at: [left, top]} in the backdrop's pixels."""
    width, height = fig.canvas.get_width_height()
    renderer = RendererAgg(width, height, fig.dpi)
    for artist in artists:
        artist.draw(renderer)
    rgba = np.asarray(renderer.buffer_rgba())
    rows, cols = np.nonzero(rgba[..., 3])
    top, left = int(rows.min()), int(cols.min())
    return {"png": front.png(rgba[top:rows.max() + 1, left:cols.max() + 1], "RGBA"),
            "at": [left, top]}


def starts(X, y, max_hidden, max_seed=MAX_SEED):
    """The random start θ⁰ of ``descend`` for every seed 0 … max_seed and h = 1 … max_hidden,
    and numpy's PCG64 state right after it (the shuffles' generator): (W₁ and W₂ of each,
    flattened and concatenated, seed by seed, h by h; states[seed][h − 1]; the highest
    loss at a start)."""
    flat, states, highest = [], [], 0.0
    for seed in range(max_seed + 1):
        states.append([])
        for hidden in range(1, max_hidden + 1):
            rng = np.random.default_rng(seed)
            params = network.init_params(X, y, rng, hidden=hidden)
            flat += [params[0].ravel(), params[2].ravel()]
            highest = max(highest, network._loss_unchecked(X, y, params))
            state = rng.bit_generator.state
            states[-1].append({"state": {"state": str(state["state"]["state"]),
                                         "inc": str(state["state"]["inc"])},
                               "has_uint32": int(state["has_uint32"]),
                               "uinteger": int(state["uinteger"])})
    return np.concatenate(flat), states, highest


class NetworkExplorer(Explorer):
    """α, |B|, h, epochs and the seed of a two-layer network: its regions and both losses."""

    def __init__(self, X, y, X_val, y_val, names, lr, batch_size, hidden, max_hidden, epochs,
                 max_epochs, seed, grid):
        self.X, self.y, self.X_val, self.y_val = X, y, X_val, y_val
        K = int(y.max()) + 1
        names = names or [_("class {k}").format(k=k) for k in range(K)]
        fig, (ax_d, ax_l) = new_figure(2, 10.0, 4.2)
        # a coarse grid keeps the regions cheap; the page interpolates it (K = 2)
        self.xx, self.yy, self.grid = plots.region_grid(np.vstack([X, X_val]), num=grid)
        extent = (self.xx.min(), self.xx.max(), self.yy.min(), self.yy.max())
        ax_d.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        points = []       # drawn over the moving regions: sent as a transparent overlay
        for k in range(K):
            color = plots.CLASS_COLORS[k % 10]
            points += ax_d.plot(*X[y == k].T, "o", ms=4, color=color, mec="white", mew=0.4,
                                label=_("{name} (training)").format(name=names[k]))
            points += ax_d.plot(*X_val[y_val == k].T, "o", ms=4.5, mfc="none", mec=color,
                                mew=1.0, label=_("validation (hollow)") if k == K - 1 else None)
        ax_d.legend(fontsize=8, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3,
                    frameon=False, borderaxespad=0.2, handletextpad=0.2, columnspacing=0.8)
        flat, states, initial = starts(X, y, max_hidden)
        loss_panel(ax_l, _("epochs (= examples seen / {n})").format(n=len(y)),
                   loss_range(LOSS_FLOOR, initial))
        # over the moving curves, as matplotlib draws a legend: sent with the points
        points.append(ax_l.legend(
            handles=[Line2D([], [], color=plots.GD_COLOR, lw=1.0, label=_("training")),
                     Line2D([], [], color=plots.SGD_COLOR, lw=1.0, label=_("validation"))],
            fontsize=8, loc="upper right"))
        for artist in points:
            artist.set_visible(False)
        picture = backdrop(fig, [(ax_l, nice_limits(max_epochs))])
        for artist in points:
            artist.set_visible(True)
        controls = trainer_controls(len(y), lr, log_range(lr, 3.0, 2.0), batch_size, epochs,
                                    max_epochs)
        controls["hidden"] = int_slider(_("hidden units h"), hidden, 1, max_hidden)
        controls["seed"] = int_slider(_("seed of the start"), seed, 0, MAX_SEED)
        figure = front.figure_class("network")(problem={
            "X": front.floats(X), "y": front.ints(y), "X_val": front.floats(X_val),
            "y_val": front.ints(y_val), "n": len(y), "n_val": len(y_val), "d": 2, "K": K,
            "grid": front.floats(self.grid), "grid_num": grid,
            "colors": [plots.CLASS_COLORS[k % 10] for k in range(K)],
            "starts": front.floats(flat), "rng": states, "max_hidden": max_hidden,
            "max_seed": MAX_SEED, "max_epochs": max_epochs, "max_updates": MAX_UPDATES,
            "backdrop": picture, "overlay": overlay(fig, points)})
        super().__init__(controls, figure)
        figure.texts = {**self.texts(), "network": _(ACCURACY)}

    def run(self, lr, batch_size, epochs, hidden, seed):
        history = descent.descend(network, self.X, self.y, lr=lr, epochs=epochs, seed=seed,
                                  batch_size=batch_or_none(batch_size, len(self.y)), hidden=hidden)
        if history.diverged:                   # no validation curve for a diverged run
            return history, np.full(len(history.losses), np.nan)
        return history, network.loss_path(self.X_val, self.y_val, history.trajectory)

    def describe(self, result):
        history, val = result
        if history.diverged:
            return run_status(history)
        accuracy = lambda X, y: np.mean(network.classify(X, history.params) == y)
        best = int(np.argmin(val))
        return run_status(history, _(ACCURACY).format(
            training=f"{accuracy(self.X, self.y):.1%}",
            validation=f"{accuracy(self.X_val, self.y_val):.1%}",
            loss=f"{val[best]:.3g}", epochs=f"{history.epochs_seen[best]:.3g}"))

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
    X, y = network.validate_data(X, y)
    if (X_val is None) != (y_val is None):
        raise ValueError(_("pass both X_val and y_val (a validation set), or neither."))
    if X_val is None:
        X, X_val, y, y_val = data.train_test_split(X, y, test_fraction=0.3, seed=0)
    X_val, y_val = network.validate_data(X_val, y_val, K=int(y.max()) + 1)   # the same classes
    for name, features in [("X", X), ("X_val", X_val)]:
        if features.shape[1] != 2:
            raise ValueError(_("network_explorer draws 2-D data, {name} has {d} features: "
                               "pass two columns, e.g. {name}[:, :2].").format(
                                   name=name, d=features.shape[1]))
    lr = _validation.validate_positive(lr, "lr", _("the starting α of the slider, e.g. lr=1.5."))
    return NetworkExplorer(X, y.astype(np.int64), X_val, y_val.astype(np.int64), names, lr,
                           batch_size, hidden, max_hidden, epochs, max_epochs, seed, grid)
