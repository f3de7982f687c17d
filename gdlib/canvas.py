"""The fast canvas the explorers redraw: blitting, and PNG bytes for an ipywidgets.Image.

``Canvas`` draws the expensive background (contours, data) once, and on every
slider move redraws only what changed (the dynamic artists and the live loss
axes), lays the fixed overlay (data points and a legend drawn over moving regions) on top
as kept pixels, then encodes the pixels as PNG bytes.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter, Locator, MaxNLocator
from matplotlib.transforms import Bbox
from PIL import Image

from .plots.style import new_figure


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
        (one step of α) keeps the same limits, so the canvas can reuse the axis' pixels."""
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


#: Limits the live axes take while the figure is laid out (wide tick labels: 1000, 0.001).
STAND_IN = {"linear": (0.0, 1000.0), "log": (1e-3, 1e3)}


class Canvas:
    """A figure that redraws only what changes, and hands back PNG bytes.

    Artists registered with ``dynamic`` and axes registered with ``live`` are
    left out of the cached background; ``png()`` restores the pixels of the background
    with the live axes drawn at their current limits, then draws just the dynamic
    artists. A live axes rescales to its data; the pixels of the background with the live
    axes are kept for the last ``FRAMES`` sets of limits, so that a slider moving back and
    forth, or α moving the loss within the same 1-2-5 levels (``LossTicks``), only draws
    the curves and the paths.
    """

    #: How many sets of limits of the live axes keep their pixels (~1.3 MB each).
    FRAMES = 12

    def __init__(self, ncols, width=9.6, height=3.6):
        self.fig, self.axes = new_figure(ncols, width, height)
        self._dynamic, self._live, self._background = [], [], None
        self._overlay, self._overlay_pixels, self._on_top = [], None, []
        self._frames = {}       # limits of the live axes -> the canvas' pixels with them drawn

    def dynamic(self, *artists, on_top=False):
        """Artists redrawn at every update; ``on_top``: after the overlay (a label that
        must not hide under the data points)."""
        for a in artists:
            a.set_animated(True)
            (self._on_top if on_top else self._dynamic).append(a)
        return artists if len(artists) > 1 else artists[0]

    def overlay(self, *artists):
        """Artists that never change but lie over dynamic ones (points and a legend over
        class regions that move): drawn once into their own transparent pixels, which
        ``png()`` blends over the frame, instead of being drawn again at every update."""
        for a in artists:
            a.set_animated(True)
            self._overlay.append(a)
        return artists if len(artists) > 1 else artists[0]

    def live(self, ax):
        ax.set_animated(True)
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
            self._lay_out()
            for legend in (a for a in self._dynamic + self._overlay if isinstance(a, Legend)):
                keep_place(legend)
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._frames = {}
            self._overlay_pixels = overlay_pixels(self.fig, self._overlay)
        for ax in self._live:
            ax.relim()
            ax.autoscale_view()
        self._restore_frame()
        for artist in self._dynamic:
            self.fig.draw_artist(artist)
        if self._overlay_pixels is not None:
            blend(np.asarray(canvas.buffer_rgba()), *self._overlay_pixels)
        for artist in self._on_top:
            self.fig.draw_artist(artist)
        return to_png(canvas)

    def _lay_out(self):
        """Lay out and draw the background, with the live axes at fixed stand-in limits:
        their tick labels then take the same room whatever the last run was, so the
        picture never depends on the history of the sliders."""
        for ax in self._live:
            ax.set_xlim(*STAND_IN["linear"], auto=None)
            ax.set_ylim(*STAND_IN[ax.get_yscale()], auto=None)
        # matplotlib < 3.11 draws an animated image (the class regions) into the
        # background anyway, baking in the first run's regions: hide what is redrawn.
        redrawn = self._dynamic + self._overlay + self._on_top
        shown = [a.get_visible() for a in redrawn]
        for a in redrawn:
            a.set_visible(False)
        self.fig.set_layout_engine("constrained", wspace=0.06)   # room for wider y-ticks
        self.fig.canvas.draw()                  # lays out and draws the background
        self.fig.set_layout_engine("none")      # then keep the axes where they are
        for a, visible in zip(redrawn, shown):
            a.set_visible(visible)

    def _restore_frame(self):
        """The background with the live axes at their limits: kept pixels, or drawn now."""
        limits = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self._live)
        frame = self._frames.pop(limits, None)
        if frame is None:
            self.fig.canvas.restore_region(self._background)
            for ax in self._live:
                self.fig.draw_artist(ax)
            frame = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            if len(self._frames) >= self.FRAMES:
                del self._frames[next(iter(self._frames))]     # the least recently used
        else:
            self.fig.canvas.restore_region(frame)
        self._frames[limits] = frame                            # now the most recent


def overlay_pixels(fig, artists):
    """The artists drawn alone on a transparent canvas of the figure's size: the
    rectangle (rows, columns) they cover, its colours and its alpha, or None."""
    if not artists:
        return None
    width, height = fig.canvas.get_width_height()
    renderer = RendererAgg(width, height, fig.dpi)
    for artist in artists:
        artist.draw(renderer)
    rgba = np.asarray(renderer.buffer_rgba())
    rows, cols = np.nonzero(rgba[..., 3])
    if rows.size == 0:
        return None
    box = np.s_[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    alpha = rgba[box][..., 3:].astype(np.uint16)
    return box, rgba[box][..., :3].astype(np.uint16) * alpha, alpha


def blend(pixels, box, premultiplied, alpha):
    """Lay premultiplied colours with their alpha over opaque RGBA pixels, in place:
    new = (colour·α + old·(255 − α)) / 255, rounded."""
    under = pixels[box][..., :3].astype(np.uint16)
    pixels[box][..., :3] = (premultiplied + under * (255 - alpha) + 127) // 255


def keep_place(legend):
    """Pin a legend where it is now: a legend at loc="best" searches the data for the
    emptiest corner at every draw (~40 % of a softmax explorer's update), for points
    that never move."""
    ax = legend.axes
    box = legend.get_window_extent(ax.figure.canvas.get_renderer())
    x0, y0 = ax.transAxes.inverted().transform((box.x0, box.y0))
    legend.set_loc((x0, y0))


def to_png(canvas):
    """Encode the canvas pixels as PNG (fast zlib level: sliders need speed, not bytes).

    The figure is opaque, so RGB is the same picture as RGBA, with less to encode.
    """
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()

