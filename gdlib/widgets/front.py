"""The browser side of an explorer: an anywidget that reruns the descent and draws in the page.

The kernel hands the browser the problem once (the data, the start, numpy's shuffle order of
every epoch, the translated texts) and a *backdrop* for each setting: matplotlib's picture of
everything that does not move (contours with their labels, data, axes, titles, legends), with
the data → pixel box of each axes. On every slider input event the ES module (``js/``, one per
explorer kind, shipped inside gdlib) reruns the descent in JavaScript and draws the moving
marks over the backdrop. The sliders are ipywidgets' own, linked to the figure in the browser
(``ipywidgets.jslink``), so a drag never waits for the kernel.

gdlib's numpy code stays the reference: the JavaScript must give the same numbers
(tests/e2e/test_parity.py), and the kernel's explorer recomputes its ``history`` with
``gdlib.descend`` at the values the sliders hold.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import anywidget
import numpy as np
import traitlets as T
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.ticker import Locator, MaxNLocator
from PIL import Image


JS = Path(__file__).with_name("js")
#: What every explorer kind's module is made of, before its own file.
SHARED = ("descent.js", "draw.js", "status.js", "controls.js")
#: The files a kind needs between the shared ones and its own (the network's model and shuffles).
PARTS = {"network": ("pcg64.js", "twolayer.js")}


@lru_cache(maxsize=None)
def module(kind):
    """The ES module of an explorer kind: the shared files, its parts, then ``js/{kind}.js``,
    as one module (anywidget loads one), no build step."""
    names = (*SHARED, *PARTS.get(kind, ()), f"{kind}.js")
    return "\n".join((JS / name).read_text(encoding="utf-8") for name in names)


class Figure(anywidget.AnyWidget):
    """The moving picture and the status line of an explorer, drawn in the browser.

    ``problem`` and ``texts`` are sent once; the value traits are linked to the sliders.
    ``controls`` names the controls' widget models (name → ``IPY_MODEL_<model id>``): the page moves their
    ranges itself (js/controls.js). A subclass per kind sets ``_esm = module(kind)``.
    """

    problem = T.Dict().tag(sync=True)
    controls = T.Dict().tag(sync=True)
    texts = T.Dict().tag(sync=True)
    lr = T.Float(0.1).tag(sync=True)
    epochs = T.Int(1).tag(sync=True)
    batch_size = T.Int(1).tag(sync=True)
    narrow = T.Bool(False).tag(sync=True)
    w = T.Float(0.0).tag(sync=True)
    b = T.Float(0.0).tag(sync=True)
    standardize = T.Bool(False).tag(sync=True)
    optimizer = T.Int(0).tag(sync=True)        # a menu's index (see BrowserExplorer)
    beta = T.Float(0.0).tag(sync=True)
    bowl = T.Int(0).tag(sync=True)             # a toggle's index
    hidden = T.Int(1).tag(sync=True)
    seed = T.Int(0).tag(sync=True)


def figure_class(kind):
    """The Figure subclass that runs ``js/{kind}.js``."""
    return _figure_class(kind)


@lru_cache(maxsize=None)
def _figure_class(kind):
    name = "".join(part.title() for part in kind.split("_")) + "Figure"
    return type(name, (Figure,), {"_esm": module(kind), "kind": kind, "__module__": __name__})


def floats(a):
    """An array as little-endian float64 bytes (a binary trait: no JSON of numbers)."""
    return memoryview(np.ascontiguousarray(a, dtype="<f8").tobytes())


def ints(a):
    """An integer array as little-endian int32 bytes."""
    return memoryview(np.ascontiguousarray(a, dtype="<i4").tobytes())


def png(rgba, mode="RGB"):
    """PNG bytes of an RGBA pixel array (RGB for an opaque picture), at zlib's default level:
    ``optimize=True`` made the explorers' pictures 4 % smaller at 5 times the cost."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgba)).convert(mode).save(buffer, format="PNG")
    return memoryview(buffer.getvalue())


def axes_box(ax, height):
    """[left, top, right, bottom] of an axes in the figure's pixels, top-left origin."""
    box = ax.get_window_extent()
    return [float(box.x0), float(height - box.y1), float(box.x1), float(height - box.y0)]


def axes_spec(ax, height):
    return {"box": axes_box(ax, height), "x": list(map(float, ax.get_xlim())),
            "y": list(map(float, ax.get_ylim())), "xlog": ax.get_xscale() == "log",
            "ylog": ax.get_yscale() == "log"}


# --- the axes of a loss panel -----------------------------------------------------------------

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

    def view_limits(self, vmin, vmax):
        """The view snaps outward to the levels 1, 2, 5 × 10^k: a small change of the loss
        (one step of α) keeps the same limits, so a small change of the loss keeps them."""
        return snap_down(vmin), snap_up(vmax)


LEVELS = np.array([1.0, 2.0, 5.0, 10.0])


def snap_down(v):
    """The largest 1, 2, 5 × 10^k that is ≤ v (v > 0)."""
    e = np.floor(np.log10(v))
    return float(LEVELS[LEVELS * 10.0 ** e <= v * (1 + 1e-12)].max() * 10.0 ** e)


def snap_up(v):
    """The smallest 1, 2, 5 × 10^k that is ≥ v (v > 0)."""
    e = np.floor(np.log10(v))
    return float(LEVELS[LEVELS * 10.0 ** e >= v * (1 - 1e-12)].min() * 10.0 ** e)


#: The x ranges [0, xmax] of a loss panel: these × 10^k (a run fills at least 3/4 of it).
STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)


def nice_limits(largest, smallest=5):
    """The x ranges a loss panel is drawn for: whole numbers ``STEPS`` × 10^k from
    ``smallest`` up to the first that holds ``largest``."""
    out, e = [], 0
    while not out or out[-1] < largest:
        for step in STEPS:
            v = step * 10 ** e
            if v >= smallest and v == int(v) and (not out or out[-1] < largest):
                out.append(int(v))
        e += 1
    return out


def loss_range(floor, initial):
    """A fixed log loss axis: from below the lowest loss there is (``floor``) to above twice
    the loss at the start. A run that climbs higher leaves it at the top, as it should (the
    status line says how far it went, or that it diverged)."""
    return snap_down(floor), snap_up(2 * initial)


def backdrop(fig, loss_panels=()):
    """matplotlib's picture of what does not move, and where each axes is.

    ``loss_panels``: (axes, x ranges) of the panels whose x-axis follows the run. Their
    x-axis (ticks, labels, label) is left out of the picture and drawn once per range into
    a transparent tile, which the browser lays over the picture for the range that holds
    the run. Their y range is what the caller set (fixed: it holds every run).
    """
    panels = dict(loss_panels)
    for ax, limits in panels.items():
        if not isinstance(ax.xaxis.get_major_locator(), MaxNLocator):   # unless the caller's
            ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
        # (as many ticks as the axes' width holds: 10 run together on a narrow panel)
        ax.minorticks_off()
        ax.set_xlim(0, limits[-1])                 # the widest labels, for the layout
    fig.set_layout_engine("constrained", wspace=0.06)
    fig.canvas.draw()
    fig.set_layout_engine("none")                  # keep the axes where they are
    for ax in panels:
        ax.xaxis.set_visible(False)
    fig.canvas.draw()
    width, height = fig.canvas.get_width_height()
    picture = png(np.asarray(fig.canvas.buffer_rgba()))
    tiles = []
    for ax, limits in panels.items():
        ax.xaxis.set_visible(True)
        tiles.append([axis_tile(fig, ax, xmax) for xmax in limits])
    return {"png": picture, "size": [width, height],
            "axes": [axes_spec(ax, height) for ax in fig.axes], "tiles": tiles,
            "words": words(fig)}


def words(fig):
    """Every text drawn in a figure (titles, axis labels, legends, notes): what a reader of
    the backdrop sees, kept beside it so that tests can check its language."""
    out = [fig.get_suptitle()] if fig.get_suptitle() else []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        out += [t.get_text() for t in legend.get_texts()] if legend else []
    return [text for text in out if text]


def axis_tile(fig, ax, xmax):
    """The x-axis of ``ax`` for the range [0, xmax], alone on transparent pixels."""
    ax.set_xlim(0, xmax)
    width, height = fig.canvas.get_width_height()
    renderer = RendererAgg(width, height, fig.dpi)
    ax.xaxis.draw(renderer)
    rgba = np.asarray(renderer.buffer_rgba())
    rows, cols = np.nonzero(rgba[..., 3])
    top, left = int(rows.min()), int(cols.min())
    crop = rgba[top:rows.max() + 1, left:cols.max() + 1]
    return {"xmax": xmax, "png": png(crop, "RGBA"), "at": [left, top]}


def overlay(fig, artists):
    """Artists that never move but must lie over marks that do (data points and a legend
    over class regions drawn in the browser), alone on transparent pixels: ``{png, at:
    [left, top]}``, cropped to what they cover, or None. Hide them while ``backdrop`` draws
    the rest (``set_visible(False)``); this shows them again and draws them where the
    backdrop's layout put the axes."""
    width, height = fig.canvas.get_width_height()
    renderer = RendererAgg(width, height, fig.dpi)
    for artist in artists:
        artist.set_visible(True)
        artist.draw(renderer)
    rgba = np.asarray(renderer.buffer_rgba())
    rows, cols = np.nonzero(rgba[..., 3])
    if rows.size == 0:
        return None
    top, left = int(rows.min()), int(cols.min())
    return {"png": png(rgba[top:rows.max() + 1, left:cols.max() + 1], "RGBA"), "at": [left, top]}
