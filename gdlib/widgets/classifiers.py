"""Explorers of notebooks 05–06: the logistic and softmax neurons on 2-D data.

The kernel hands the page the data, the random start, numpy's shuffles and a backdrop once;
the page (js/classifiers.js) reruns GD / SGD on every slider move and draws the boundary
σ(wᵀx + b) = 0.5 (logistic) or the regions arg max_k ŷ_k (softmax), and the loss curve.
"""
from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg

from .. import descent, linear, logistic, plots, softmax
from .front import snap_up
from ..i18n import N_, _
from ..plots.style import new_figure
from . import front
from .base import (
    MAX_UPDATES,
    Explorer,
    batch_or_none,
    loss_panel,
    run_status,
    trainer_controls,
)
from .front import backdrop, loss_range, nice_limits
from .paths import max_updates

#: The epochs slider's maximum (with |B| = n; smaller batches lower it, see MAX_UPDATES).
MAX_EPOCHS = 200
#: The logistic panel's lines: the logit z = wᵀx + b at ŷ = 0.5 (solid), 0.9 and 0.1 (dotted).
LEVELS = (0.0, float(np.log(9.0)), float(-np.log(9.0)))
#: The softmax regions' opacity over the white axes (as plots' decision regions).
REGION_ALPHA = 0.3
ACCURACY = N_("· training accuracy <b>{accuracy}</b>")
#: GD updates of the run that measures the loss panel's floor (``loss_floor``).
FLOOR_UPDATES = 1000


def smoothness(model, X):
    """A bound on the curvature of the model's loss: ‖∇²L‖ ≤ c · λ_max((1/n)[X 1]ᵀ[X 1]),
    with c = 1/4 for the logistic neuron (σ' ≤ 1/4) and 1/2 for the softmax neuron
    (‖diag(ŷ) − ŷŷᵀ‖ ≤ 1/2). GD with α = 1 / this never raises the loss."""
    c = 0.25 if model is logistic else 0.5
    return c * float(np.linalg.eigvalsh(linear.hessian(X)).max())


def loss_floor(model, X, y, seed=0):
    """The bottom of the loss panel: half the loss that ``FLOOR_UPDATES`` GD updates at the
    safe α = 1 / ``smoothness`` reach from the explorer's start.

    No run goes below the infimum L* of the loss, and that run's loss L̂ ≥ L* comes close to
    it: on the notebooks' data L̂ / L* = 1.000 (05, breast cancer: L* = 0.2558, a minimum)
    and 1.104 (06, iris: L* ≈ 0.06856 is approached as the separable setosa's logits grow;
    L* measured with 200 000 updates), so L̂ / 2 holds every run the sliders can make with a
    margin of 1.8 (tests/test_widgets_classifiers.py sweeps the sliders). On separable data
    L* = 0 and a run may pass below the panel: the status line still gives its loss.
    """
    history = descent.descend(model, X, y, lr=1.0 / smoothness(model, X), epochs=FLOOR_UPDATES,
                              seed=seed, trajectory=False)
    return 0.5 * history.losses[-1]


def loss_tops(top, initial):
    """The tops of the loss panel's y ranges: ``top`` (above twice the start, where a healthy
    run stays), then a decade more at a time up to the first above the divergence limit
    100 · max(L(θ⁰), 1). An SGD run at a large α jumps far above its start without
    diverging: the page shows the smallest range that holds the whole run."""
    tops = [top]
    while tops[-1] < descent.divergence_limit(initial):
        tops.append(snap_up(10 * tops[-1]))
    return tops


def loss_y_tiles(fig, ax_left, ax, tops):
    """The loss panel's y-axis (with its spines) for every range [low, top], each on an
    opaque white tile that covers the one the backdrop drew: ``[{top, png, at}]``. The tiles
    share one rectangle, between the left panel and the loss panel's frame."""
    low = ax.get_ylim()[0]
    width, height = fig.canvas.get_width_height()
    pictures = []
    for top in tops:
        ax.set_ylim(low, top)
        renderer = RendererAgg(width, height, fig.dpi)
        ax.yaxis.draw(renderer)
        for spine in ax.spines.values():
            spine.draw(renderer)
        pictures.append(np.asarray(renderer.buffer_rgba()).copy())
    ax.set_ylim(low, tops[0])
    cols = np.nonzero(np.any([p[..., 3] for p in pictures], axis=(0, 1)))[0]
    frame = ax.get_window_extent()
    left = max(int(cols.min()) - 2, int(np.ceil(ax_left.get_window_extent().x1)) + 3)
    right = int(np.ceil(frame.x0)) + 2
    top_px = max(0, int(height - frame.y1) - 10)
    bottom_px = min(height, int(height - frame.y0) + 10)
    tiles = []
    for top, rgba in zip(tops, pictures):
        crop = rgba[top_px:bottom_px, left:right].astype(np.float64)
        alpha = crop[..., 3:] / 255.0                 # over white
        rgb = np.round(crop[..., :3] * alpha + 255.0 * (1.0 - alpha)).astype(np.uint8)
        tiles.append({"top": top, "png": front.png(rgb), "at": [left, top_px]})
    return tiles


class ClassifierExplorer(Explorer):
    """Logistic or softmax neuron on 2-D data: the boundary / regions and the loss, drawn in
    the browser (js/classifiers.js)."""

    def __init__(self, model, X, y, names, xlabel, ylabel, lr, lr_range, batch_size, epochs,
                 seed):
        self.model, self.X, self.y, self.seed = model, X, y, seed
        n, K = len(y), int(y.max()) + 1
        w0, b0 = model.init_params(X, y, np.random.default_rng(seed))   # descend's start
        problem = {"model": model.name, "n": n, "d": X.shape[1], "K": K,
                   "max_epochs": MAX_EPOCHS, "max_updates": MAX_UPDATES,
                   "X": front.floats(X), "y": front.floats(y),
                   "start": [np.ravel(w0).tolist(), np.ravel(b0).tolist()],
                   "orders": front.ints(descent.shuffles(model, X, y, epochs=MAX_EPOCHS,
                                                         seed=seed))}
        fig, (ax_d, ax_l) = new_figure(2, 10.0, 4.0)
        if model is softmax:
            xx, yy, _grid = plots.region_grid(X)
            ax_d.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))
            colors = [plots.CLASS_COLORS[k % len(plots.CLASS_COLORS)] for k in range(K)]
            problem["grid"] = {"x": front.floats(xx[0]), "y": front.floats(yy[:, 0]),
                               "colors": colors, "alpha": REGION_ALPHA}   # as draw_classes
        plots.draw_classes(ax_d, X, y, names)
        legend = ax_d.legend(fontsize=8, loc="best")
        if model is softmax:      # the regions move under the points and the legend
            over = [*ax_d.collections, legend]
        else:                     # the lines move over the points, under the legend
            ax_d.set(xlim=ax_d.get_xlim(), ylim=ax_d.get_ylim())
            problem["levels"] = list(LEVELS)
            over = [legend]
        ax_d.set(xlabel=xlabel, ylabel=ylabel)
        initial = model._loss_unchecked(X, y, [w0, b0])
        low, top = loss_range(loss_floor(model, X, y, seed), initial)
        loss_panel(ax_l, _("update t"), (low, top))
        for artist in over:
            artist.set_visible(False)
        problem["backdrop"] = backdrop(fig, [(ax_l, nice_limits(max_updates(n, MAX_EPOCHS)))])
        problem["backdrop"]["overlay"] = front.overlay(fig, over)
        problem["backdrop"]["y_tiles"] = loss_y_tiles(fig, ax_d, ax_l, loss_tops(top, initial))
        controls = trainer_controls(n, lr, lr_range, batch_size, epochs, MAX_EPOCHS)
        figure = front.figure_class("classifiers")(problem=problem)
        super().__init__(controls, figure)
        figure.texts = {**self.texts(), "accuracy": _(ACCURACY)}

    def run(self, lr, batch_size, epochs):
        return descent.descend(self.model, self.X, self.y, lr=lr, epochs=epochs,
                               batch_size=batch_or_none(batch_size, len(self.y)), seed=self.seed)

    def describe(self, history):
        if history.diverged:
            return run_status(history)
        accuracy = np.mean(self.model.classify(self.X, history.w, history.b) == self.y)
        return run_status(history, _(ACCURACY).format(accuracy=f"{accuracy:.1%}"))

    def regions(self, w, b):
        """The classes the softmax panel shows for θ = (w, b): arg max_k on the grid of
        ``plots.region_grid`` (rows from the bottom), shape (num, num)."""
        xx, _yy, grid = plots.region_grid(self.X)
        return softmax.classify(grid, w, b).reshape(xx.shape)


def _two_features(model, X, y, name):
    """Checked 2-D data and integer labels for a classifier explorer."""
    X, y = model.validate_data(X, y)
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
