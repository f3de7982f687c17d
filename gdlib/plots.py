"""Figures for the course.

Two kinds of things live here:

* **Drawing pieces** (``draw_*``): each draws one thing on a matplotlib Axes:
  the loss contours of a one-feature neuron, a trajectory, a loss curve, a
  decision boundary. Static figures and explorers are made of them.
* **Static figures**: one call each from a notebook; they return a matplotlib
  ``Figure``, which Jupyter shows as a PNG (and GitHub shows without a kernel).

``Canvas`` is what makes the explorers fast: it draws the expensive background
(contours, data) once, and on every slider move redraws only what changed
(blitting), then encodes the pixels as PNG bytes for an ``ipywidgets.Image``.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator
from PIL import Image

from . import descent, linear, logistic, softmax

DPI = 96
GD_COLOR, SGD_COLOR, FIT_COLOR = "#1f5fbf", "#e8590c", "#c2255c"
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def new_figure(ncols=1, width=9.6, height=3.6, **subplot_kw):
    """A Figure with ncols axes in a row, drawn without pyplot (no double display)."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, subplot_kw=subplot_kw or None, squeeze=False)[0]
    return fig, axes


# --- loss landscapes of a one-feature neuron -----------------------------------------------

def loss_grid(loss_from_logits, x, y, ws, bs):
    """L(w, b) on the grid ws × bs for z = w x + b (x of shape (n,)); shape (len(bs), len(ws))."""
    return np.array([[loss_from_logits(w * x + b, y) for w in ws] for b in bs])


def window(*points, pad=0.25, min_half=0.5):
    """Axis limits ((w_lo, w_hi), (b_lo, b_hi)) that contain every (w, b) point, padded."""
    P = np.array(points, dtype=float)
    lo, hi = P.min(axis=0), P.max(axis=0)
    half = np.maximum((hi - lo) * (0.5 + pad), min_half)
    mid = (lo + hi) / 2
    return tuple(zip(mid - half, mid + half))


def draw_contours(ax, X, y, limits, loss_from_logits=linear.loss_from_logits, num=90,
                  optimum=None):
    """Filled contours of L(w, b) for a one-feature neuron, the minimum marked with a star."""
    (w_lo, w_hi), (b_lo, b_hi) = limits
    ws, bs = np.linspace(w_lo, w_hi, num), np.linspace(b_lo, b_hi, num)
    L = loss_grid(loss_from_logits, X[:, 0], y, ws, bs)
    low = L.min() if optimum is None else min(L.min(), loss_from_logits(
        optimum[0] * X[:, 0] + optimum[1], y))
    levels = low + (L.max() - low) * np.geomspace(1e-3, 1.0, 14)
    ax.contourf(ws, bs, L, levels=np.r_[low, levels], cmap="viridis", alpha=0.85)
    ax.contour(ws, bs, L, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    if optimum is not None:
        ax.plot(*optimum, marker="*", ms=14, color="gold", mec="black", zorder=5)
    ax.set(xlim=(w_lo, w_hi), ylim=(b_lo, b_hi), xlabel="weight $w$", ylabel="bias $b$")
    return L


def draw_path(ax, ws, bs, color=GD_COLOR, label=None, **kw):
    """A trajectory θ⁰, θ¹, … in the (w, b) plane, its start circled."""
    line, = ax.plot(ws, bs, "o-", color=color, ms=3, lw=1.2, label=label, **kw)
    start, = ax.plot(ws[:1], bs[:1], "o", color=color, ms=8, mfc="white", mew=2, **kw)
    return line, start


def draw_losses(ax, history, x="updates", color=GD_COLOR, label=None):
    """The loss curve L(θ^[t]) of a run, on a log scale, against updates or epochs."""
    xs = np.arange(len(history.losses)) if x == "updates" else history.epochs_seen
    line, = ax.semilogy(xs, history.losses, color=color, lw=1.5, label=label)
    ax.set(xlabel="update $t$" if x == "updates" else "epochs (examples seen / n)",
           ylabel=r"loss $\mathcal{L}(\theta^{[t]})$")
    return line


def draw_classes(ax, X, y, names=None, **kw):
    """A scatter plot of 2-D points coloured by class."""
    for k in np.unique(y):
        label = names[k] if names is not None else f"class {k}"
        ax.scatter(*X[y == k].T, s=14, color=CLASS_COLORS[k % 10], edgecolor="white",
                   linewidth=0.4, label=label, **kw)
    return ax


def boundary_points(w, b, xlim, level=0.0):
    """Two points of the line w₁x₁ + w₂x₂ + b = level (the logit equals `level`)."""
    xs = np.array(xlim, dtype=float)
    if abs(w[1]) > 1e-12:
        return xs, (level - b - w[0] * xs) / w[1]
    x1 = (level - b) / w[0] if abs(w[0]) > 1e-12 else np.nan
    return np.array([x1, x1]), np.array([-1e6, 1e6])


def region_grid(X, num=150, pad=0.5):
    """A grid over the bounding box of 2-D data: (xx, yy, points of shape (num², 2))."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], num), np.linspace(lo[1], hi[1], num))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]


def class_colormap(K):
    from matplotlib.colors import ListedColormap
    return ListedColormap(CLASS_COLORS[:K])


# --- the fast canvas used by the explorers -------------------------------------------------

class Canvas:
    """A figure that redraws only what changes, and hands back PNG bytes.

    Artists registered with ``dynamic`` and axes registered with ``live`` are
    left out of the cached background; ``png()`` restores the background and
    draws just those (live axes are redrawn whole, since their limits change).
    """

    def __init__(self, ncols, width=9.6, height=3.6):
        self.fig, self.axes = new_figure(ncols, width, height)
        self._dynamic, self._live, self._background = [], [], None

    def dynamic(self, *artists):
        for a in artists:
            a.set_animated(True)
            self._dynamic.append(a)
        return artists if len(artists) > 1 else artists[0]

    def live(self, ax):
        ax.set_animated(True)
        ax.minorticks_off()          # minor log ticks cost more to draw than the data
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if ax.get_yscale() == "log":     # 1-2-5 ticks, so even a short range is labelled
            ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        self._live.append(ax)
        return ax

    def invalidate(self):
        """Call after changing the background (e.g. new contours)."""
        self._background = None

    def png(self):
        canvas = self.fig.canvas
        if self._background is None:
            self.fig.set_layout_engine("constrained")
            canvas.draw()                           # lays out and draws the background
            self.fig.set_layout_engine("none")      # then keep the axes where they are
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for ax in self._live:
            ax.relim()
            ax.autoscale_view()
            self.fig.draw_artist(ax)
        for artist in self._dynamic:
            self.fig.draw_artist(artist)
        return to_png(canvas)


def to_png(canvas):
    """Encode the canvas pixels as PNG (fast zlib level: sliders need speed, not bytes)."""
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


# --- static figures, one per idea ----------------------------------------------------------

def loss_landscape(X, y, limits=None):
    """The linear neuron's loss over (w, b): a 3-D bowl and its contours, θ̄ marked."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    limits = limits or window(optimum, (optimum[0] - 3, optimum[1] - 3), pad=0.1)
    fig = Figure(figsize=(9.6, 4.0), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax3d = fig.add_subplot(1, 2, 1, projection="3d")
    ws, bs = np.linspace(*limits[0], 60), np.linspace(*limits[1], 60)
    L = loss_grid(linear.loss_from_logits, X[:, 0], y, ws, bs)
    W, B = np.meshgrid(ws, bs)
    ax3d.plot_surface(W, B, L, cmap="viridis", alpha=0.9, linewidth=0)
    ax3d.set(xlabel="$w$", ylabel="$b$", zlabel=r"$\mathcal{L}$",
             title="a convex bowl: one global minimum")
    ax = fig.add_subplot(1, 2, 2)
    draw_contours(ax, X, y, limits, optimum=optimum)
    ax.set_title(rf"contours; $\bar\theta$ = ($w$={optimum[0]:.2f}, $b$={optimum[1]:.2f})")
    return fig


def convexity(x, y01, b=0.0, w_range=(-8.0, 8.0), chord=(-6.0, 1.0)):
    """L(w) along a line, for three neurons, with a chord between two points.

    A function is convex when every chord lies on or above its graph. The
    sigmoid neuron with squared error breaks that: the counter-example the
    lecture leaves out.
    """
    x, y01 = np.asarray(x, float).ravel(), np.asarray(y01, float).ravel()
    cases = [("linear neuron + squared error", linear.loss_from_logits, y01),
             ("sigmoid neuron + cross-entropy", logistic.loss_from_logits, y01),
             ("sigmoid neuron + squared error", logistic.squared_error_from_logits, y01)]
    fig, axes = new_figure(3, height=3.2)
    ws = np.linspace(*w_range, 400)
    for ax, (title, loss_fn, target) in zip(axes, cases):
        L = np.array([loss_fn(w * x + b, target) for w in ws])
        (w1, w2) = chord
        L1, L2 = loss_fn(w1 * x + b, target), loss_fn(w2 * x + b, target)
        ts = np.linspace(w1, w2, 50)
        chord_line = L1 + (ts - w1) / (w2 - w1) * (L2 - L1)
        curve = np.array([loss_fn(t * x + b, target) for t in ts])
        below = np.any(chord_line < curve - 1e-12)
        ax.plot(ws, L, color="black", lw=1.8)
        ax.plot([w1, w2], [L1, L2], "o--", color=FIT_COLOR if below else GD_COLOR)
        ax.set(title=title, xlabel="$w$" + (f" (b = {b:g})" if b else ""))
        verdict = "chord below the curve: NOT convex" if below else "chord above: convex"
        ax.text(0.5, 0.93, verdict, transform=ax.transAxes, ha="center", fontsize=9,
                color=FIT_COLOR if below else GD_COLOR)
    axes[0].set_ylabel(r"$\mathcal{L}(w)$")
    return fig


def learning_rates(X, y, lrs, epochs=25, start=(-2.0, -3.0)):
    """GD paths on the loss contours for several α, and their loss curves."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    limits = window(optimum, start, pad=0.2)
    fig, axes = new_figure(len(lrs) + 1, width=3.0 * (len(lrs) + 1), height=3.2)
    alpha_crit = linear.critical_learning_rate(X)
    for ax, lr, color in zip(axes, lrs, CLASS_COLORS):
        h = descent.descend(linear, X, y, lr=lr, epochs=epochs, w0=[start[0]], b0=start[1])
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        draw_path(ax, h.ws[:, 0], h.bs, color=color)
        ax.set(xlim=limits[0], ylim=limits[1])
        word = "diverged" if h.diverged else f"L = {h.losses[-1]:.3g}"
        ax.set_title(f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit\n{word}", fontsize=9)
        draw_losses(axes[-1], h, color=color, label=f"α = {lr:.3g}")
    axes[-1].set_ylim(top=10 * descent.descend(linear, X, y, lr=lrs[0], epochs=1,
                                               w0=[start[0]], b0=start[1]).losses[0])
    axes[-1].legend(fontsize=8)
    axes[-1].set_title(f"loss curves (α_crit = 2/λ_max = {alpha_crit:.3g})", fontsize=9)
    return fig


def sgd_vs_gd(X, y, lr, batch_sizes, epochs=10, start=(-2.0, -3.0), seed=0):
    """GD next to minibatch SGD: the paths, the loss against updates and against epochs."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    fig, (ax_path, ax_t, ax_e) = new_figure(3, height=3.4)
    draw_contours(ax_path, X, y, window(optimum, start, pad=0.2), optimum=optimum, num=70)
    runs = [("GD", None)] + [(f"SGD |B| = {B}", B) for B in batch_sizes]
    for (label, B), color in zip(runs, [GD_COLOR] + list(CLASS_COLORS[1:])):
        h = descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=B, seed=seed,
                            w0=[start[0]], b0=start[1])
        draw_path(ax_path, h.ws[:, 0], h.bs, color=color, label=label)
        draw_losses(ax_t, h, color=color, label=label)
        draw_losses(ax_e, h, x="epochs", color=color, label=label)
    ax_path.legend(fontsize=8, loc="lower right")
    ax_t.set_title("against updates: SGD takes k steps per epoch", fontsize=9)
    ax_e.set_title("against epochs: the same compute budget", fontsize=9)
    ax_e.legend(fontsize=8)
    return fig


def loss_curves(histories, x="updates", title=None):
    """Loss curves of several runs: ``histories`` maps a label to a History."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.4)
    for (label, h), color in zip(histories.items(), CLASS_COLORS):
        draw_losses(ax, h, x=x, color=color, label=label)
    ax.legend(fontsize=8)
    ax.set_title(title or "")
    return fig


def feature_scaling(x, y):
    """Loss contours for a raw feature and for the standardised one, same data."""
    x = np.asarray(x, float).reshape(-1, 1)
    xs = (x - x.mean()) / x.std()
    fig, axes = new_figure(2, height=3.6)
    for ax, X, title in [(axes[0], x, "raw feature"), (axes[1], xs, "standardised feature")]:
        w_opt, b_opt = linear.least_squares(X, y)
        optimum = (w_opt[0], b_opt)
        draw_contours(ax, X, y, window(optimum, (0.0, 0.0), pad=0.2), optimum=optimum)
        ax.plot(0, 0, "o", color="white", mec="black")
        ratio = np.linalg.cond(linear.hessian(X))
        ax.set_title(f"{title}: κ(H) = λ_max/λ_min = {ratio:.3g}", fontsize=9)
    return fig


def fitted_line(X, y, fits, xlabel="x", ylabel="y"):
    """Data and one or more fitted lines; ``fits`` maps a label to (w, b)."""
    fig, (ax,) = new_figure(1, width=6.0, height=3.6)
    ax.scatter(X[:, 0], y, s=10, color="#555", alpha=0.7, label="data")
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    for (label, (w, b)), style in zip(fits.items(), ["-", "--", ":"]):
        ax.plot(xs, np.ravel(w)[0] * xs + b, style, lw=2, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=8)
    return fig


def sigmoid_and_cross_entropy():
    """σ(z), and the two branches of the binary cross-entropy as functions of ŷ."""
    fig, (ax_s, ax_l) = new_figure(2, height=3.2)
    z = np.linspace(-8, 8, 200)
    ax_s.plot(z, logistic.sigmoid(z), color=GD_COLOR, lw=2)
    ax_s.axhline(0.5, color="grey", lw=0.7, ls="--")
    ax_s.set(xlabel="logit $z = w^\\top x + b$", ylabel=r"$\sigma(z)$",
             title="the sigmoid squashes z into (0, 1)")
    p = np.linspace(1e-3, 1 - 1e-3, 200)
    ax_l.plot(p, -np.log(p), color=GD_COLOR, lw=2, label=r"$y=1$: $-\log \hat y$")
    ax_l.plot(p, -np.log(1 - p), color=SGD_COLOR, lw=2, label=r"$y=0$: $-\log(1-\hat y)$")
    ax_l.set(xlabel=r"predicted probability $\hat y$", ylabel="loss of one example",
             ylim=(0, 5), title="cross-entropy punishes confident mistakes")
    ax_l.legend(fontsize=8)
    return fig


def decision_boundary(X, y, w, b, names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """2-D data and the logistic neuron's boundary σ(wᵀx + b) = 0.5 (with 0.1 / 0.9)."""
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    draw_classes(ax, X, y, names)
    xlim = ax.get_xlim()
    for level, style in [(0.0, "-"), (np.log(9), ":"), (-np.log(9), ":")]:
        ax.plot(*boundary_points(w, b, xlim, level), style, color="black",
                lw=1.8 if level == 0 else 1)
    ax.set(xlim=xlim, ylim=ax.get_ylim(), xlabel=xlabel, ylabel=ylabel,
           title=r"boundary $\hat y = 0.5$ (dotted: $\hat y$ = 0.1 and 0.9)")
    ax.legend(fontsize=8)
    return fig


def decision_regions(X, y, w, b, names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """2-D data coloured by class over the softmax neuron's regions argmax_k ŷ_k."""
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    xx, yy, grid = region_grid(X)
    K = np.shape(w)[1]
    regions = softmax.logits(grid, w, b).argmax(axis=1).reshape(xx.shape)
    ax.imshow(regions, origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
              cmap=class_colormap(K), vmin=0, vmax=K - 1, alpha=0.25, aspect="auto",
              interpolation="nearest")
    draw_classes(ax, X, y, names)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=r"regions: $\arg\max_k \hat y_k$")
    ax.legend(fontsize=8)
    return fig


def digit_weights(w, shape=(8, 8)):
    """The learned weights w_·k of each class k, drawn as images."""
    w = np.asarray(w)
    K = w.shape[1]
    fig, axes = new_figure(K, width=1.0 * K, height=1.5)
    bound = np.abs(w).max()
    for k, ax in enumerate(axes):
        ax.imshow(w[:, k].reshape(shape), cmap="RdBu_r", vmin=-bound, vmax=bound)
        ax.set(xticks=[], yticks=[], title=f"class {k}")
    return fig
