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
from matplotlib.ticker import FuncFormatter, Locator, MaxNLocator
from matplotlib.transforms import Bbox
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


def square(limits):
    """The same limits widened to a square: equal ranges of w and b around their centres."""
    mids = [(lo + hi) / 2 for lo, hi in limits]
    half = max(hi - lo for lo, hi in limits) / 2
    return tuple((m - half, m + half) for m in mids)


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

def compact_number(v, _pos=None):
    """A short tick label: 0.02, 50, 2000, then 5e4, 1e12 (so labels never grow wide)."""
    if v <= 0 or 1e-3 <= v < 1e4:
        return f"{v:g}"
    e = int(np.floor(np.log10(v)))
    return f"{v / 10.0 ** e:.3g}e{e}"


class LossTicks(Locator):
    """Log-axis ticks for a loss curve: 1-2-5 per decade over a short range, so even
    0.14 … 0.3 is labelled; whole decades (at most ~6 of them) over a long one."""

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin, vmax):
        lo, hi = np.floor(np.log10(vmin)), np.ceil(np.log10(vmax))
        subs = (1, 2, 5) if hi - lo <= 3 else (1,)
        stride = max(1, int(np.ceil((hi - lo) / 6)))
        ticks = np.array([s * 10.0 ** e for e in np.arange(lo, hi + 1, stride) for s in subs])
        inside = ticks[(ticks >= vmin) & (ticks <= vmax)]
        if len(inside) < 2:      # a narrow range: every 1 … 9 of the decade
            ticks = np.array([s * 10.0 ** e for e in np.arange(lo, hi + 1) for s in range(1, 10)])
        return ticks


class Canvas:
    """A figure that redraws only what changes, and hands back PNG bytes.

    Artists registered with ``dynamic`` and axes registered with ``live`` are
    left out of the cached background; ``png()`` restores the background and
    draws just those. A live axes rescales to its data: its y-axis is redrawn
    every time, the rest of it (frame, x-axis, legend) only when its x-limits
    change, i.e. when the number of updates does, not when α does.
    """

    def __init__(self, ncols, width=9.6, height=3.6):
        self.fig, self.axes = new_figure(ncols, width, height)
        self._dynamic, self._live, self._background = [], [], None
        self._frames = None     # (x-limits of the live axes, their pixels without y-axes)

    def dynamic(self, *artists):
        for a in artists:
            a.set_animated(True)
            self._dynamic.append(a)
        return artists if len(artists) > 1 else artists[0]

    def live(self, ax):
        ax.set_animated(True)
        ax.yaxis.set_animated(True)  # not part of the axes' frame: drawn on its own
        ax.minorticks_off()          # minor log ticks cost more to draw than the data
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if ax.get_yscale() == "log":
            ax.yaxis.set_major_locator(LossTicks())
            ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
        self._live.append(ax)
        return ax

    def invalidate(self):
        """Call after changing the background (e.g. new contours)."""
        self._background = None

    def png(self):
        canvas = self.fig.canvas
        if self._background is None:
            self.fig.set_layout_engine("constrained", wspace=0.06)   # room for wider y-ticks
            canvas.draw()                           # lays out and draws the background
            self.fig.set_layout_engine("none")      # then keep the axes where they are
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._frames = None
        else:
            canvas.restore_region(self._background)
        for ax in self._live:
            ax.relim()
            ax.autoscale_view()
        self._draw_frames()
        for ax in self._live:
            self.fig.draw_artist(ax.yaxis)
        for artist in self._dynamic:
            self.fig.draw_artist(artist)
        return to_png(canvas)

    def _draw_frames(self):
        """The live axes but their y-axes: drawn, or restored while the x-limits stay."""
        if not self._live:
            return
        xlims = [ax.get_xlim() for ax in self._live]
        if self._frames is not None and self._frames[0] == xlims:
            self.fig.canvas.restore_region(self._frames[1])
            return
        for ax in self._live:
            self.fig.draw_artist(ax)
        region = Bbox.union([ax.get_tightbbox() for ax in self._live]).padded(5)
        self._frames = (xlims, self.fig.canvas.copy_from_bbox(region))


def to_png(canvas):
    """Encode the canvas pixels as PNG (fast zlib level: sliders need speed, not bytes).

    The figure is opaque, so RGB is the same picture as RGBA, with less to encode.
    """
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


# --- static figures, one per idea ----------------------------------------------------------

def loss_landscape(X, y, limits=None):
    """The linear neuron's loss over (w, b): a 3-D bowl and its contours, θ̄ marked."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    limits = limits or window(optimum, min_half=3.0)
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
        verdict = "chord below the curve: NOT convex" if below else "chord above: convex"
        ax.set(xlabel="$w$" + (f" (b = {b:g})" if b else ""))
        ax.set_title(f"{title}\n{verdict}", fontsize=9, color=FIT_COLOR if below else "black")
    axes[0].set_ylabel(r"$\mathcal{L}(w)$")
    return fig


def learning_rates(X, y, lrs, epochs=25, start=(-2.0, -3.0)):
    """GD paths on the loss contours for several α, and their loss curves."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    runs = [descent.descend(linear, X, y, lr=lr, epochs=epochs, w0=[start[0]], b0=start[1])
            for lr in lrs]
    # the window holds every path that does not diverge (a diverging one leaves it)
    kept = [np.c_[h.ws[:, 0], h.bs] for h in runs if not h.diverged]
    limits = window(optimum, start, *np.concatenate(kept or [np.empty((0, 2))]), pad=0.1)
    fig, axes = new_figure(len(lrs) + 1, width=3.0 * (len(lrs) + 1), height=3.2)
    alpha_crit = linear.critical_learning_rate(X)
    for ax, lr, h, color in zip(axes, lrs, runs, CLASS_COLORS):
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        draw_path(ax, h.ws[:, 0], h.bs, color=color)
        ax.set(xlim=limits[0], ylim=limits[1])
        word = "diverged" if h.diverged else f"L = {h.losses[-1]:.3g}"
        ax.set_title(f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit\n{word}", fontsize=9)
        draw_losses(axes[-1], h, color=color, label=f"α = {lr:.3g}")
    axes[-1].set_ylim(top=10 * runs[0].losses[0])
    axes[-1].legend(fontsize=8)
    axes[-1].set_title(f"loss curves (α_crit = 2/λ_max = {alpha_crit:.3g})", fontsize=9)
    return fig


def sgd_vs_gd(X, y, lr, batch_sizes, epochs=10, start=(-2.0, -3.0), seed=0):
    """GD next to minibatch SGD: the paths, the loss against updates and against epochs."""
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    fig, (ax_path, ax_t, ax_e) = new_figure(3, height=3.4)
    draw_contours(ax_path, X, y, window(optimum, start, pad=0.2), optimum=optimum, num=70)
    runs = [(f"SGD |B| = {B}", B) for B in batch_sizes] + [("GD", None)]   # GD on top
    for (label, B), color in zip(runs, list(CLASS_COLORS[1:len(runs)]) + [GD_COLOR]):
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
        limits = window(optimum, (0.0, 0.0), pad=0.2)
        if X is xs:              # same scale on both axes, so round contours look round
            limits = square(limits)
            ax.set_aspect("equal", adjustable="box")
        draw_contours(ax, X, y, limits, optimum=optimum)
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
    xlim, ylim = ax.get_xlim(), ax.get_ylim()       # the data's, before the lines
    for level, style in [(0.0, "-"), (np.log(9), ":"), (-np.log(9), ":")]:
        ax.plot(*boundary_points(w, b, xlim, level), style, color="black",
                lw=1.8 if level == 0 else 1)
    ax.set(xlim=xlim, ylim=ylim, xlabel=xlabel, ylabel=ylabel,
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
        image = ax.imshow(w[:, k].reshape(shape), cmap="RdBu_r", vmin=-bound, vmax=bound)
        ax.set(xticks=[], yticks=[], title=f"class {k}")
    fig.colorbar(image, ax=axes, shrink=0.8, label="weight $w_{jk}$")
    return fig


# --- figures added for notebooks 05–06 (logistic and softmax regression) --------------------

def logistic_probabilities(X, y, w, b, names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """The logistic neuron seen two ways: ŷ over the plane, and the labels against z.

    Left: ŷ = σ(wᵀx + b) as shading, the boundary ŷ = 0.5 (solid) and ŷ = 0.1, 0.9
    (dotted), and the 2-D data. Right: each label y⁽ⁱ⁾ (jittered a little) against
    its logit z⁽ⁱ⁾, with the curve σ(z) the neuron fits to them: the examples on the
    wrong side of z = 0 are its mistakes, and the further out, the more they cost.
    """
    from matplotlib.colors import LinearSegmentedColormap
    w, y = np.asarray(w, float), np.asarray(y)
    cmap = LinearSegmentedColormap.from_list("classes01", [CLASS_COLORS[0], "white",
                                                           CLASS_COLORS[1]])
    fig, (ax, ax_z) = new_figure(2, width=10.4, height=4.0)
    xx, yy, grid = region_grid(X, num=120, pad=0.3)
    shade = ax.imshow(logistic.sigmoid(grid @ w + b).reshape(xx.shape), origin="lower",
                      extent=(xx.min(), xx.max(), yy.min(), yy.max()), aspect="auto",
                      cmap=cmap, vmin=0, vmax=1, alpha=0.45)
    draw_classes(ax, X, y, names)
    for level, style in [(0.0, "-"), (np.log(9), ":"), (-np.log(9), ":")]:
        ax.plot(*boundary_points(w, b, (xx.min(), xx.max()), level), style, color="black",
                lw=1.8 if level == 0 else 1)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), xlabel=xlabel,
           ylabel=ylabel)
    ax.set_title(r"$\hat y$ over the plane; boundary $\hat y = 0.5$ (dotted: 0.1, 0.9)",
                 fontsize=10)
    fig.colorbar(shade, ax=ax, label=r"$\hat y = \sigma(w^\top x + b)$", shrink=0.85)
    ax.legend(fontsize=8, loc="upper right")
    z = X @ w + b
    jitter = 0.04 * np.random.default_rng(0).standard_normal(len(z))
    zs = np.linspace(min(z.min(), -6), max(z.max(), 6), 200)
    draw_classes(ax_z, np.c_[z, y + jitter], y, names)
    ax_z.plot(zs, logistic.sigmoid(zs), color="black", lw=1.5, label=r"$\sigma(z)$")
    ax_z.axvline(0.0, color="grey", lw=0.8, ls="--")
    wrong = int(np.sum((z >= 0) != (y == 1)))
    ax_z.set(xlabel=r"logit $z^{(i)} = w^\top x^{(i)} + b$",
             ylabel=r"label $y^{(i)}$ (jittered) and $\hat y$")
    ax_z.set_title(f"labels against the logit: {wrong} of {len(z)} on the wrong side of 0",
                   fontsize=10)
    ax_z.legend(fontsize=8, loc="center right")
    return fig


def lr_blowup(X, y, multiples=None, epochs=50, shown=(1.2, 300.0), seed=0):
    """Too large an α: geometric blow-up (linear neuron) against growth ∝ α (logistic).

    Both neurons get the same features X and 0/1 labels y (the linear neuron fits
    the labels as numbers), and α in multiples of α_crit = 2/λ_max(H) of the
    linear neuron. Left: the worst loss of a run of ``epochs`` GD updates against
    α (× marks a run stopped as diverged), with gdlib's "diverged" line
    BLOWUP · max(L(θ⁰), 1). Right: the loss curves at the multiples ``shown``.
    """
    multiples = np.geomspace(0.1, 3e4, 49) if multiples is None else np.asarray(multiples)
    alpha_crit = linear.critical_learning_rate(X)
    run = lambda model, m: descent.descend(model, X, y, lr=m * alpha_crit, epochs=epochs,
                                           seed=seed, trajectory=False)
    neurons = [(linear, SGD_COLOR, "linear + squared error"),
               (logistic, GD_COLOR, "logistic + cross-entropy")]
    fig, (ax, ax_t) = new_figure(2, width=10.4, height=3.8)
    limits = set()      # one "diverged" line per neuron (the same when both L(θ⁰) ≤ 1)
    for model, color, label in neurons:
        runs = [run(model, m) for m in multiples]
        worst = np.array([h.losses.max() for h in runs])
        div = np.array([h.diverged for h in runs])
        ax.loglog(multiples, worst, "-", color=color, lw=1.5, label=label)
        ax.plot(multiples[div], worst[div], "x", color=color, ms=5)
        limits.add(float(descent.BLOWUP * max(runs[0].losses[0], 1.0)))
    for a in (ax, ax_t):
        for i, limit in enumerate(sorted(limits)):
            a.axhline(limit, color="#c92a2a", lw=0.8, ls="--", label=None if i else
                      f"'diverged': {descent.BLOWUP:g} × max(L(θ⁰), 1)")
    for m, text in [(1.0, r"$\alpha_{crit}$"), (4.0, r"$4\alpha_{crit}$")]:
        ax.axvline(m, color="grey", lw=0.8, ls=":")
        ax.text(m * 1.1, 0.02, text, fontsize=8, color="grey",
                transform=ax.get_xaxis_transform())
    ax.set(xlabel=r"learning rate $\alpha\,/\,\alpha_{crit}$",
           ylabel=f"worst loss in {epochs} updates")
    ax.set_title("worst loss against α (× = stopped as diverged)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    for (model, color, label), style in zip(neurons, ["-", "--"]):
        for m, lw in zip(shown, [1.0, 2.0]):
            draw_losses(ax_t, run(model, m), color=color,
                        label=f"{label.split()[0]}, α = {m:g} α_crit")
            ax_t.lines[-1].set(ls=style, lw=lw)
    ax_t.set_title("loss curves: geometric growth against a bounded one", fontsize=10)
    ax_t.legend(fontsize=8)
    return fig


def softmax_example(z, y, names=None):
    """One example through the softmax: its logits z_k, then ŷ_k next to the one-hot y.

    The categorical cross-entropy of the example is -log ŷ_y: only the probability
    given to the true class y counts (the others enter through the sum to 1).
    """
    z = np.asarray(z, float)
    K = len(z)
    names = [f"{k}" for k in range(K)] if names is None else list(names)
    p = softmax.softmax(z[None, :])[0]
    colors = [CLASS_COLORS[k % 10] for k in range(K)]
    fig, (ax_z, ax_p) = new_figure(2, width=9.6, height=3.2)
    ax_z.bar(names, z, color=colors)
    ax_z.axhline(0.0, color="black", lw=0.8)
    ax_z.set(ylabel=r"logit $z_k = w_{\cdot k}^\top x + b_k$",
             title="logits: any real numbers")
    ax_p.bar(names, p, color=colors, label=r"$\hat y_k$ = softmax$(z)_k$")
    ax_p.bar(names, softmax.one_hot([y], K)[0], fill=False, edgecolor="black", lw=1.5,
             ls="--", label=rf"one-hot $y_k = [y = k]$, $y$ = {names[y]}")
    for k in range(K):
        ax_p.text(k, p[k] + 0.02, f"{p[k]:.2f}", ha="center", fontsize=8)
    ax_p.set(ylim=(0, 1.15), ylabel="probability",
             title=rf"probabilities; ECC $= -\log \hat y_y$ = {-np.log(p[y]):.3f}")
    ax_p.legend(fontsize=8, loc="upper right")
    return fig


def digit_examples(X, y, y_pred, names=None, shape=(8, 8), num=10):
    """The first ``num`` images of X, each titled "true → predicted" (red when wrong)."""
    X = np.asarray(X)
    num = min(num, len(X))
    names = [str(k) for k in range(10)] if names is None else list(names)
    fig, axes = new_figure(num, width=1.0 * num, height=1.5)
    for i, ax in enumerate(axes):
        ax.imshow(X[i].reshape(shape), cmap="gray_r")
        ok = y[i] == y_pred[i]
        ax.set(xticks=[], yticks=[])
        ax.set_title(f"{names[y[i]]} → {names[y_pred[i]]}", fontsize=10,
                     color="black" if ok else "#c92a2a")
    return fig


# --- figures added for notebooks 01–02 (parameter estimation, gradient descent) -------------

def step_factors(X, lrs=()):
    r"""Why GD on the linear neuron converges only for α < α_crit = 2/λ_max: |1 − αλ| against α.

    The error θ^[t] − θ̄ along each eigenvector of the Hessian H (eigenvalue λ) is
    multiplied by 1 − αλ at every update. The slowest of these factors (bold) sets
    the speed; it is smallest at α* = 2/(λ_min + λ_max) and crosses 1 at α_crit,
    past which GD diverges. The learning rates ``lrs`` are marked on the bold curve
    (in the colours of ``learning_rates``).
    """
    lam = np.linalg.eigvalsh(linear.hessian(X))
    alpha_crit, alpha_best = 2.0 / lam[-1], 2.0 / (lam[0] + lam[-1])
    alphas = np.linspace(0.0, 1.3 * alpha_crit, 500)
    factors = np.abs(1.0 - np.outer(alphas, lam))
    fig, (ax,) = new_figure(1, width=7.6, height=3.9)
    ax.axvspan(alpha_crit, alphas[-1], color=FIT_COLOR, alpha=0.1)
    ax.axhline(1.0, color="grey", lw=0.8)
    for i in (0, -1):
        ax.plot(alphas, factors[:, i], "--", lw=1, color="grey" if i == 0 else "#555",
                label=rf"$|1 - \alpha\lambda|$ for $\lambda_{{{'min' if i == 0 else 'max'}}}$"
                      rf" = {lam[i]:.3g}")
    rate = factors.max(axis=1)
    ax.plot(alphas, rate, color="black", lw=2.2, label=r"slowest: $\max_i |1 - \alpha\lambda_i|$")
    ax.axvline(alpha_crit, color=FIT_COLOR, lw=1.5)
    ax.axvline(alpha_best, color=GD_COLOR, lw=1.2, ls=":")
    ax.text(alpha_crit, 0.04, rf" $\alpha_{{crit}} = 2/\lambda_{{max}}$ = {alpha_crit:.3g}:"
                              "\n past it, GD diverges", color=FIT_COLOR, fontsize=9)
    ax.text(alpha_best, 1.42, rf"$\alpha^* = 2/(\lambda_{{min}}+\lambda_{{max}})$ = "
                              f"{alpha_best:.3g} ", color=GD_COLOR, fontsize=9, va="top",
            ha="right")
    for lr, color in zip(lrs, CLASS_COLORS):
        ax.plot(lr, np.abs(1.0 - lr * lam).max(), "o", color=color, ms=8, mec="black",
                zorder=5, label=f"α = {lr:.3g} = {lr / alpha_crit:.2f}·α_crit")
    ax.set(xlim=(0, alphas[-1]), ylim=(0, 1.5), xlabel=r"learning rate $\alpha$",
           ylabel=r"factor per update $|1 - \alpha\lambda|$",
           title="each update multiplies the error along an eigenvector of H by $1 - \\alpha\\lambda$")
    ax.title.set_fontsize(10)
    ax.legend(fontsize=8, loc="lower left")
    return fig


# --- figures added for notebooks 03–04 (SGD, linear regression) -----------------------------

def minibatch_steps(X, y, points, lr, batch_sizes, draws=200, seed=0):
    """Where one update can land: θ − α∇L_B(θ) for many random minibatches B, and the GD step.

    One panel per |B|, on the loss contours of the one-feature linear neuron. From
    every θ in ``points`` the arrow is the GD step θ − α∇L(θ); the dots are where
    an SGD step lands for ``draws`` minibatches of |B| examples drawn at random
    (without replacement). The cloud is centred on the GD step (the minibatch
    gradient is an unbiased estimate) and shrinks as |B| grows; at θ̄ the GD step
    is zero but the SGD steps are not.
    """
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    n = len(y)
    rng = np.random.default_rng(seed)
    limits = window(optimum, *points, pad=0.35)
    fig, axes = new_figure(len(batch_sizes), width=3.3 * len(batch_sizes), height=3.4)
    for ax, B in zip(axes, batch_sizes):
        draw_contours(ax, X, y, limits, optimum=optimum, num=60)
        for w, b in points:
            ends = []
            for _ in range(draws):
                idx = rng.choice(n, size=B, replace=False)
                gw, gb = linear.gradient_from_logits(X[idx], linear.logits(X[idx], [w], b),
                                                     y[idx])
                ends.append((w - lr * gw[0], b - lr * gb))
            ends = np.array(ends)
            ax.scatter(*ends.T, s=7, color=SGD_COLOR, alpha=0.35, linewidth=0)
            gw, gb = linear.gradient(X, y, [w], b)
            ax.annotate("", xy=(w - lr * gw[0], b - lr * gb), xytext=(w, b),
                        arrowprops=dict(arrowstyle="-|>", color="white", lw=1.6))
            ax.plot(w, b, "o", color="white", mec="black", ms=6)
        ax.set(xlim=limits[0], ylim=limits[1])
        ax.set_title(f"|B| = {B} of n = {n}  (k = {descent.minibatches(n, B)} minibatches)", fontsize=9)
    from matplotlib.lines import Line2D
    axes[0].legend(handles=[
        Line2D([], [], ls="", marker="o", ms=4, color=SGD_COLOR,
               label=r"SGD: $\theta - \alpha\nabla\mathcal{L}_\mathcal{B}(\theta)$"),
        Line2D([], [], color="black", marker=r"$\rightarrow$", ls="", ms=10,
               label=r"GD: $\theta - \alpha\nabla\mathcal{L}(\theta)$")],
        fontsize=7, loc="upper left")
    return fig


def sgd_hovering(X, y, lrs, batch_size=1, epochs=50, seed=0):
    """SGD with a constant α, started AT the minimum θ̄: it does not stay there.

    One panel per α, all zoomed to the same window around θ̄: the dots are the
    parameters after every update of ``epochs`` epochs of SGD with minibatches of
    ``batch_size``. They hover in a cloud whose size shrinks with α. The title
    gives the root-mean-square distance to θ̄.
    """
    w_opt, b_opt = linear.least_squares(X, y)
    runs = [descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=batch_size,
                            seed=seed, w0=w_opt, b0=b_opt) for lr in lrs]
    half = max(np.abs(np.c_[h.ws[:, 0] - w_opt[0], h.bs - b_opt]).max() for h in runs)
    half = 1.1 * max(half, 1e-6)
    limits = ((w_opt[0] - half, w_opt[0] + half), (b_opt - half, b_opt + half))
    fig, axes = new_figure(len(lrs), width=3.3 * len(lrs), height=3.4)
    for ax, h in zip(axes, runs):
        draw_contours(ax, X, y, limits, optimum=(w_opt[0], b_opt), num=60)
        ax.plot(h.ws[:, 0], h.bs, ".", color=SGD_COLOR, ms=2.5, alpha=0.6, zorder=6)
        ax.plot(w_opt[0], b_opt, "+", color="black", ms=12, mew=1.5, zorder=7,
                label=r"$\bar\theta$")
        rms = np.sqrt(np.mean((h.ws[:, 0] - w_opt[0]) ** 2 + (h.bs - b_opt) ** 2))
        ax.set_aspect("equal")
        ax.set_title(f"α = {h.lr:g}, |B| = {h.batch_size}: "
                     f"rms ‖θ − θ̄‖ = {rms:.3g}", fontsize=9)
    axes[0].legend(fontsize=8, loc="upper left")
    return fig


def paths_on_contours(X, y, paths, limits=None, title=None):
    """Several trajectories on the loss contours of the one-feature linear neuron.

    ``paths`` maps a label to a pair of arrays (ws, bs): θ after every update,
    the start first. ``limits`` ((w_lo, w_hi), (b_lo, b_hi)) defaults to a window
    around θ̄ and every point of every path.
    """
    w_opt, b_opt = linear.least_squares(X, y)
    optimum = (w_opt[0], b_opt)
    points = [p for ws, bs in paths.values() for p in zip(ws, bs)]
    limits = limits or window(optimum, *points, pad=0.1)
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    draw_contours(ax, X, y, limits, optimum=optimum)
    for (label, (ws, bs)), color in zip(paths.items(), [GD_COLOR, SGD_COLOR, *CLASS_COLORS[2:]]):
        draw_path(ax, np.asarray(ws), np.asarray(bs), color=color, label=label)
    ax.set(xlim=limits[0], ylim=limits[1])
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title(title or "")
    return fig
