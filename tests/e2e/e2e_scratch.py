"""Scratch notebooks for testing the browser harness itself.

They build an "explorer" by hand with the same DOM contract as gdlib's
explorers (see tests/e2e/README.md), so the harness can be checked without
the course notebooks: with ``redraw=True`` it redraws its figure whenever a
control moves; with ``redraw=False`` it never redraws (only the status line
follows the controls), and with ``warn=True`` every update warns (the warning
lands in JupyterLab's log console): the checks must catch both.  ``BAD_CELLS``
are further failures the harness must report.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

_EXPLORER_SOURCE = '''\
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

import warnings

REDRAW = {redraw!r}
WARN = {warn!r}


def scratch_explorer():
    lr = widgets.FloatLogSlider(value=0.1, base=10, min=-3, max=1, step=0.1,
                                description="α")
    epochs = widgets.IntSlider(value=10, min=1, max=50, description="epochs")
    w0 = widgets.FloatSlider(value=0.0, min=-5, max=5, step=0.5, description="w")
    standardize = widgets.Checkbox(value=False, description="standardize")
    controls = {{"lr": lr, "epochs": epochs, "w": w0, "standardize": standardize}}
    for name, control in controls.items():
        control.add_class("gd-control")
        control.add_class(f"gd-control-{{name}}")
    figure = widgets.Image(format="png")
    figure.add_class("gd-figure")
    status = widgets.HTML()
    status.add_class("gd-status")

    def render():
        # gradient descent on f(w) = (w - 3)^2: diverges for lr > 1
        scale = 2.0 if standardize.value else 1.0
        w, losses = w0.value, []
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs.value):
                losses.append(scale * (w - 3.0) ** 2)
                w -= lr.value * 2.0 * (w - 3.0)
        fig = Figure(figsize=(3, 2), dpi=60)
        ax = fig.add_subplot()
        ax.plot(np.clip(losses, 0, 1e6), marker="o")
        ax.set_title(f"lr={{lr.value:.3g}}")
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue(), (not np.isfinite(w)) or abs(w) > 1e6

    def update(change=None):
        if WARN and change is not None:
            warnings.warn("gd-e2e-scratch: a warning in a widget callback")
        png, diverged = render()
        if REDRAW or change is None:
            figure.value = png
        status.value = "<b>diverged</b>: try a smaller α" if diverged else "converging"

    for control in controls.values():
        control.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HBox([lr, epochs, w0, standardize]), figure, status])
    box.add_class("gd-explorer")
    return box
'''


#: Cells that each make one check fail (see test_browser.py).
BAD_CELLS = {
    # a widget view whose model does not exist: "Error displaying widget"
    "missing-widget": (
        "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'gd-e2e-no-such-model', "
        "'version_major': 2, 'version_minor': 0}, 'text/plain': 'a widget'}, raw=True)"
    ),
    "console-error": "from IPython.display import Javascript\nJavascript(\"console.error('gd-e2e-scratch: boom')\")",
    "stderr": "import sys\nprint('gd-e2e-scratch: on stderr', file=sys.stderr)",
    "exception": "1 / 0",
}


def write_scratch_notebook(
    path: Path, *, redraw: bool = True, warn: bool = False, explorers: int = 2, cells_after: tuple[str, ...] = ()
) -> Path:
    """Write a notebook with ``explorers`` hand-built explorer cells, then ``cells_after`` (sources)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Harness scratch notebook"))
    nb.cells.append(nbformat.v4.new_code_cell(_EXPLORER_SOURCE.format(redraw=redraw, warn=warn)))
    for _ in range(explorers):
        nb.cells.append(nbformat.v4.new_code_cell("# shown as the course shows them\nscratch_explorer()"))
    for source in cells_after:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    nb.cells.append(nbformat.v4.new_code_cell(""))  # an empty cell never gets a prompt number
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
