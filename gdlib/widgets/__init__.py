"""The interactive explorers: sliders that rerun `descend` and redraw the figure.

Each explorer is one call from a notebook, e.g. ``widgets.gd_explorer(X, y)``. It
shows its controls (α on a log slider, the batch size |B|, epochs, …), a status
line and a figure. Every change reruns the descent and redraws only what changed
(``gdlib.canvas.Canvas``), and the figure reaches the browser as PNG bytes swapped
into an ``ipywidgets.Image``. Only ipywidgets' core widgets are used (no ipympl).

``base`` holds what every explorer shares (the controls, the ``Explorer`` class,
the status line); one module per family: ``surface`` (01), ``paths`` (02–03),
``regression`` (04), ``classifiers`` (05–06), ``optimizers`` (07), ``network`` (08).

For tests and for the curious: ``explorer.controls[name].value = v`` runs one
update; ``explorer.history`` is the last run and ``explorer.image.value`` the
last PNG.
"""
from .base import MAX_UPDATES, Explorer, run_status
from .classifiers import logistic_explorer, softmax_explorer
from .network import network_explorer
from .optimizers import optimizer_explorer
from .paths import gd_explorer, sgd_explorer
from .regression import regression_explorer
from .surface import surface_explorer

#: Every explorer, by name (the benchmarks and tests walk this).
EXPLORERS = {"surface": surface_explorer, "gd": gd_explorer, "sgd": sgd_explorer,
             "regression": regression_explorer, "logistic": logistic_explorer,
             "softmax": softmax_explorer, "optimizers": optimizer_explorer,
             "network": network_explorer}
