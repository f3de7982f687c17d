"""The interactive explorers: sliders that rerun `descend` and redraw the figure.

Each explorer is one call from a notebook, e.g. ``gd_explorer(X, y)``. It shows
its controls (α on a log slider, the batch size |B|, epochs, …), a status line
and a figure. Every change reruns the descent and redraws only what changed
(``plots.Canvas``), and the figure reaches the browser as PNG bytes swapped
into an ``ipywidgets.Image``. Only ipywidgets' core widgets are used (no ipympl).

For tests and for the curious: ``explorer.controls[name].value = v`` runs one
update; ``explorer.history`` is the last run and ``explorer.image.value`` the
last PNG.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from . import data, descent, linear, logistic, plots, softmax

STYLE = {"description_width": "initial"}
GAP = "2px 16px 2px 0"      # room between a slider's readout and the next label

#: An explorer run makes at most this many updates, so that a slider move stays quick
#: (~30 µs each): with a small |B| the epochs slider's range shrinks to fit.
MAX_UPDATES = 3000


# --- controls ----------------------------------------------------------------------------------

def lr_slider(value, low, high):
    """α on a log scale, from 10^low to 10^high."""
    return W.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.05,
                            description="learning rate α", readout_format=".3g",
                            style=STYLE, layout=W.Layout(width="360px", margin=GAP))


def int_slider(description, value, low, high):
    return W.IntSlider(value=value, min=low, max=high, description=description,
                       style=STYLE, layout=W.Layout(width="300px", margin=GAP))


def float_slider(description, value, low, high):
    return W.FloatSlider(value=value, min=low, max=high, step=(high - low) / 200,
                         description=description, readout_format=".2f", style=STYLE,
                         layout=W.Layout(width="300px", margin=GAP))


def log_range(center, below=3.0, above=0.6):
    """Slider exponents around log10(center); with the lr slider's step of 0.05 and a
    whole number of steps below, ``center`` itself is a slider value."""
    c = np.log10(center)
    return c - below, c + above


# --- the explorer --------------------------------------------------------------------------

class Explorer:
    """Controls, a status line and a figure; every change of a control reruns and redraws.

    Subclasses build a ``plots.Canvas`` and define ``run(**values)`` (the
    computation) and ``redraw(result)`` (update the artists and return
    ``self.canvas.png()``) and ``describe(result)`` (the status line, HTML).
    """

    def __init__(self, controls, canvas):
        self.controls, self.canvas = controls, canvas
        self._busy = False
        self.max_epochs = controls["epochs"].max if "epochs" in controls else None
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%", height="auto"))
        self.status = W.HTML()
        for name, control in controls.items():
            control.add_class("gd-control")
            control.add_class(f"gd-control-{name}")
            control.observe(self._changed, names="value")
        self.image.add_class("gd-figure")
        self.status.add_class("gd-status")
        row = W.HBox(list(controls.values()), layout=W.Layout(flex_flow="row wrap"))
        self.widget = W.VBox([row, self.status, self.image])
        self.widget.add_class("gd-explorer")
        self._fit_epochs()
        self.update()

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def _changed(self, _change):
        if self._busy:          # a control moved by _fit_epochs: one update is enough
            return
        self._busy = True
        try:
            self._fit_epochs()
            self.update()
        finally:
            self._busy = False

    def _fit_epochs(self):
        """Lower the epochs slider's maximum so that epochs · k ≤ MAX_UPDATES."""
        if "batch_size" not in self.controls:
            return
        size = self.controls["batch_size"]
        k = descent.minibatches(size.max, size.value)      # size.max is n
        self.controls["epochs"].max = max(1, min(self.max_epochs, MAX_UPDATES // k))

    def _cap_note(self):
        epochs = self.controls.get("epochs")
        if epochs is None or epochs.max == self.max_epochs:
            return ""
        size = self.controls["batch_size"]
        return (f"<br><i>epochs go up to {epochs.max} here: at this |B| an epoch is "
                f"{descent.minibatches(size.max, size.value)} updates, and the explorer stops "
                f"at {MAX_UPDATES} to stay quick (gdlib.descend has no such limit).</i>")

    def update(self):
        self.result = self.run(**self.values())
        self.image.value = self.redraw(self.result)
        self.status.value = self.describe(self.result) + self._cap_note()

    @property
    def history(self):
        """The last run (a ``descent.History``)."""
        return self.result

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (f"[{type(self).__name__}: an interactive figure with "
                                f"sliders; run the notebook in JupyterLab to use it]")
        return bundle


def run_status(history, extra=""):
    """The status line of a run: a clear 'diverged' instead of NaNs and warnings."""
    if history.diverged:
        return (f"<b style='color:#c92a2a'>⚠ diverged</b> after {history.updates} "
                f"update{'s' * (history.updates != 1)}: "
                f"the loss passed {history.loss_limit:.3g} = {descent.BLOWUP:g} · max(L(θ⁰), 1), "
                f"so α = {history.lr:.3g} is too large. {extra}")
    rising = history.losses[-1] > history.losses[0]
    note = (" <b style='color:#c92a2a'>The loss went up: α is too large.</b>"
            if rising else "")
    return (f"{history.updates} updates, {history.epochs_run} epochs · final loss "
            f"<b>{history.losses[-1]:.5g}</b>{note} {extra}")


def _trainer_controls(n, lr, lr_range, batch_size, epochs, max_epochs):
    controls = {"lr": lr_slider(lr, *lr_range)}
    if batch_size is not False:
        controls["batch_size"] = int_slider("batch size |B|", batch_size or n, 1, n)
    controls["epochs"] = int_slider("epochs", epochs, 1, max_epochs)
    return controls


def _loss_axes(canvas, ax, xlabel):
    """A live loss panel. Its name is a title, not a y-label, which the tick labels
    (whose width changes with the loss) could run into."""
    canvas.live(ax).set(xlabel=xlabel, title=r"loss $\mathcal{L}(\theta^{[t]})$ (log scale)")
    ax.title.set_fontsize(9)


def _diverged_label(ax):
    return ax.text(0.5, 0.5, "diverged", transform=ax.transAxes, ha="center",
                   va="center", fontsize=26, color="#c92a2a", weight="bold", visible=False)


def _batch(batch_size, n):
    return None if batch_size in (None, n) else batch_size


# --- 1. the loss surface ---------------------------------------------------------------------

class SurfaceExplorer(Explorer):
    """Move θ = (w, b) by hand: the point on the loss contours and the line it draws."""

    def __init__(self, X, y):
        self.X, self.y = X, y
        w_opt, b_opt = linear.least_squares(X, y)
        self.optimum = (w_opt[0], b_opt)
        self.limits = plots.window(self.optimum, min_half=3.0)      # θ̄ in the middle
        canvas = plots.Canvas(2)
        ax_c, ax_d = canvas.axes
        plots.draw_contours(ax_c, X, y, self.limits, optimum=self.optimum)
        ax_d.scatter(X[:, 0], y, s=12, color="#555")
        ax_d.set(xlabel="$x$", ylabel="$y$", ylim=ax_d.get_ylim())
        self.point = canvas.dynamic(ax_c.plot([], [], "o", color=plots.FIT_COLOR, ms=10,
                                              mec="white")[0])
        self.line = canvas.dynamic(ax_d.plot([], [], color=plots.FIT_COLOR, lw=2)[0])
        self.xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        (w_lo, w_hi), (b_lo, b_hi) = self.limits
        controls = {"w": float_slider("weight w", w_lo + 0.2 * (w_hi - w_lo), w_lo, w_hi),
                    "b": float_slider("bias b", b_lo + 0.2 * (b_hi - b_lo), b_lo, b_hi)}
        super().__init__(controls, canvas)

    def run(self, w, b):
        return w, b, linear.loss(self.X, self.y, [w], b)

    def redraw(self, result):
        w, b, _ = result
        self.point.set_data([w], [b])
        self.line.set_data(self.xs, w * self.xs + b)
        return self.canvas.png()

    def describe(self, result):
        w, b, L = result
        best = linear.loss(self.X, self.y, [self.optimum[0]], self.optimum[1])
        return (f"L(w = {w:.2f}, b = {b:.2f}) = <b>{L:.4g}</b> · the global minimum "
                f"L(θ̄) = {best:.4g} at w̄ = {self.optimum[0]:.2f}, b̄ = {self.optimum[1]:.2f}")

    @property
    def history(self):
        raise AttributeError("the surface explorer runs no descent; see .result")


def surface_explorer(X, y):
    """Sliders for w and b of the one-feature linear neuron: contour point and fitted line."""
    X, y = linear.check_data(X, y)
    return SurfaceExplorer(X, y)


# --- 2. gradient descent -----------------------------------------------------------------------

class PathExplorer(Explorer):
    """GD and/or SGD of the one-feature linear neuron, drawn on the loss contours."""

    def __init__(self, X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd):
        self.X, self.y, self.start, self.seed, self.sgd = X, y, start, seed, sgd
        w_opt, b_opt = linear.least_squares(X, y)
        optimum = (w_opt[0], b_opt)
        self.alpha_crit = linear.critical_learning_rate(X)
        canvas = plots.Canvas(3 if sgd else 2)
        ax_c = canvas.axes[0]
        limits = plots.window(optimum, start, pad=0.2)
        plots.draw_contours(ax_c, X, y, limits, optimum=optimum)
        self.paths = {"GD": canvas.dynamic(*plots.draw_path(ax_c, [], [], plots.GD_COLOR))}
        self.curves = {"GD": [canvas.dynamic(ax.semilogy([], [], color=plots.GD_COLOR,
                                                         label="GD")[0])
                              for ax in canvas.axes[1:]]}
        if sgd:
            self.paths["SGD"] = canvas.dynamic(*plots.draw_path(ax_c, [], [], plots.SGD_COLOR))
            self.curves["SGD"] = [canvas.dynamic(ax.semilogy([], [], color=plots.SGD_COLOR,
                                                             lw=0.9, label="SGD")[0])
                                  for ax in canvas.axes[1:]]
        n = len(y)
        xlabels = ["update t", f"epochs (= examples seen / {n})"]
        for ax, xlabel in zip(canvas.axes[1:], xlabels):
            _loss_axes(canvas, ax, xlabel)
        if sgd:
            canvas.axes[1].legend(handles=[self.curves["GD"][0], self.curves["SGD"][0]],
                                  fontsize=8, loc="upper right")
        self.diverged_label = canvas.dynamic(_diverged_label(ax_c))
        lr_range = log_range(self.alpha_crit, 3.0, np.log10(4.0))
        controls = _trainer_controls(len(y), lr, lr_range, batch_size if sgd else False,
                                     epochs, max_epochs)
        super().__init__(controls, canvas)

    def _descend(self, lr, epochs, batch_size=None):
        return descent.descend(linear, self.X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=_batch(batch_size, len(self.y)),
                               w0=[self.start[0]], b0=self.start[1])

    def run(self, lr, epochs, batch_size=None):
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
        return (f"<b>GD</b>: {run_status(gd)}<br><b>SGD</b> (|B| = {sgd.batch_size}, "
                f"k = {k} minibatches per epoch): {run_status(sgd)}<br>{crit}")

    @property
    def history(self):
        """The SGD run in the SGD explorer, else the GD run."""
        return self.result.get("SGD", self.result["GD"])


def gd_explorer(X, y, start=(-2.0, -3.0), lr=0.1, epochs=30, max_epochs=200):
    """GD on the one-feature linear neuron: α (log slider) and epochs.

    Left, the path θ⁰ → θ¹ → … on the loss contours; right, the loss curve.
    The slider spans 1/1000 of α_crit = 2/λ_max up to 4 α_crit (divergence).
    """
    X, y = linear.check_data(X, y)
    return PathExplorer(X, y, start, lr, None, epochs, max_epochs, seed=0, sgd=False)


def sgd_explorer(X, y, start=(-2.0, -3.0), lr=0.1, batch_size=4, epochs=10, max_epochs=50,
                 seed=0):
    """Minibatch SGD next to GD at the same α and epochs: α, |B| (1 … n) and epochs.

    Panels: both paths on the contours; the loss against updates; the loss
    against examples seen (epochs on the top axis), i.e. the same compute.
    """
    X, y = linear.check_data(X, y)
    return PathExplorer(X, y, start, lr, batch_size, epochs, max_epochs, seed, sgd=True)


# --- 4. linear regression on real data, with feature scaling -----------------------------------

class RegressionExplorer(Explorer):
    """A one-feature regression on raw or standardised x: path, fitted line, loss."""

    def __init__(self, X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed):
        self.X_raw, self.y, self.seed = X, y, seed
        self.scaled, self.mean, self.std = data.standardize(X)
        canvas = plots.Canvas(3, width=11.0)
        ax_c, ax_d, ax_l = canvas.axes
        ax_d.scatter(X[:, 0], y, s=8, color="#555", alpha=0.6)
        ax_d.set(xlabel=xlabel, ylabel=ylabel, ylim=ax_d.get_ylim(), xlim=ax_d.get_xlim())
        self.fit = canvas.dynamic(ax_d.plot([], [], color=plots.FIT_COLOR, lw=2)[0])
        self.path = canvas.dynamic(*plots.draw_path(ax_c, [], []))
        self.curve = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR)[0])
        _loss_axes(canvas, ax_l, "update t")
        self.diverged_label = canvas.dynamic(_diverged_label(ax_c))
        self.xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
        self.background = None
        controls = _trainer_controls(len(y), lr, (-6.0, 1.0), batch_size, epochs, 100)
        controls["standardize"] = W.Checkbox(value=standardize, description="standardise x",
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
        ax.set_title("standardised x" if standardize else "raw x", fontsize=9)
        self.alpha_crit = linear.critical_learning_rate(X)
        self.background = standardize
        self.canvas.invalidate()

    def run(self, lr, batch_size, epochs, standardize):
        if self.background != standardize:
            self._draw_background(standardize)
        X = self.scaled if standardize else self.X_raw
        return descent.descend(linear, X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=_batch(batch_size, len(self.y)), w0=[0.0], b0=0.0)

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
        return run_status(h, f"(α / α_crit = {h.lr / self.alpha_crit:.3g}, α_crit = "
                             f"{self.alpha_crit:.3g} for this scaling)")


def regression_explorer(X, y, xlabel="x", ylabel="y", lr=0.1, batch_size=None, epochs=50,
                        standardize=True, seed=0):
    """A real one-feature regression: α, |B|, epochs and a 'standardise x' switch."""
    X, y = linear.check_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"regression_explorer draws one feature, X has {X.shape[1]}: pass "
                         f"X[:, [j]] for the feature j you want.")
    return RegressionExplorer(X, y, xlabel, ylabel, lr, batch_size, epochs, standardize, seed)


# --- 5 and 6. classification in 2-D ----------------------------------------------------------

class ClassifierExplorer(Explorer):
    """Logistic or softmax neuron on 2-D data: the boundary / regions and the loss."""

    def __init__(self, model, X, y, names, xlabel, ylabel, lr, lr_range, batch_size, epochs,
                 seed):
        self.model, self.X, self.y, self.seed = model, X, y, seed
        canvas = plots.Canvas(2, width=10.0, height=4.0)
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
        if model is softmax:   # points and legend over the regions: redrawn after them
            canvas.dynamic(*ax_d.collections, legend)
        else:
            ax_d.set(xlim=ax_d.get_xlim(), ylim=ax_d.get_ylim())
            self.lines = [canvas.dynamic(ax_d.plot([], [], style, color="black", lw=lw)[0])
                          for style, lw in [("-", 1.8), (":", 1.0), (":", 1.0)]]
        ax_d.set(xlabel=xlabel, ylabel=ylabel)
        self.curve = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR)[0])
        _loss_axes(canvas, ax_l, "update t")
        self.diverged_label = canvas.dynamic(_diverged_label(ax_d))
        controls = _trainer_controls(len(y), lr, lr_range, batch_size, epochs, 200)
        super().__init__(controls, canvas)

    def run(self, lr, batch_size, epochs):
        return descent.descend(self.model, self.X, self.y, lr=lr, epochs=epochs,
                               batch_size=_batch(batch_size, len(self.y)), seed=self.seed)

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
        return run_status(h, f"· training accuracy <b>{np.mean(pred == self.y):.1%}</b>")


def _two_features(model, X, y, name):
    """Checked 2-D data and integer labels for a classifier explorer."""
    X, y = model.check_data(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"{name} draws 2-D data, X has {X.shape[1]} features: "
                         f"pass two columns, e.g. X[:, :2].")
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


#: Every explorer, by name (the benchmarks and tests walk this).
EXPLORERS = {"surface": surface_explorer, "gd": gd_explorer, "sgd": sgd_explorer,
             "regression": regression_explorer, "logistic": logistic_explorer,
             "softmax": softmax_explorer}
