"""The course's figure style: colours, resolution, and a Figure without pyplot."""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..palette import CLASS_COLORS, FIT_COLOR, GD_COLOR, SGD_COLOR  # noqa: F401  (re-exported)

DPI = 96


def new_figure(ncols=1, width=9.6, height=3.6, **subplot_kw):
    """A Figure with ncols axes in a row, drawn without pyplot (no double display)."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, subplot_kw=subplot_kw or None, squeeze=False)[0]
    return fig, axes


def class_colormap(K):
    """A colour map of the first K class colours (for decision regions)."""
    from matplotlib.colors import ListedColormap
    return ListedColormap(CLASS_COLORS[:K])

