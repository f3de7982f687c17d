"""The course's figure style: colours, resolution, and the one way to make a Figure
(``figure``, or ``new_figure`` for axes in a row), without pyplot."""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..palette import CLASS_COLORS, FIT_COLOR, GD_COLOR, SGD_COLOR  # noqa: F401  (re-exported)

DPI = 96


def figure(width, height):
    """An empty Figure of width × height inches at the course's DPI, with constrained
    layout, drawn without pyplot (no double display): every figure of gdlib starts here.

    Lay its axes out with matplotlib's own methods: ``fig.subplots``, ``fig.subplot_mosaic``,
    ``fig.add_gridspec``, ``fig.add_subplot(..., projection="3d")``. ``new_figure`` does the
    common case, axes in a row.
    """
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def new_figure(ncols=1, width=9.6, height=3.6, **subplot_kw):
    """A Figure with ncols axes in a row, and the axes: ``fig, axes = new_figure(2)``."""
    fig = figure(width, height)
    axes = fig.subplots(1, ncols, subplot_kw=subplot_kw or None, squeeze=False)[0]
    return fig, axes


def class_colormap(K):
    """A colour map of the first K class colours (for decision regions)."""
    from matplotlib.colors import ListedColormap
    return ListedColormap(CLASS_COLORS[:K])

