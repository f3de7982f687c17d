"""The interactive explorers: sliders whose figure is recomputed and drawn in the browser.

Each explorer is one call from a notebook, e.g. ``widgets.gd_explorer(X, y)``. It shows
its controls (α on a log slider, the batch size |B|, epochs, …), a status line and a
figure. The kernel hands the page the problem once (``front``: the data, the start, numpy's
shuffles, matplotlib's backdrop of everything that does not move); the sliders are linked
to the figure in the page, whose ES module (``js/``, one per kind) reruns the descent and
draws on every input event, with gdlib's numbers (tests/e2e/test_parity*.py).

``base`` holds what every explorer shares (the controls, the ``Explorer`` class, the
status line); one module per family: ``surface`` (01), ``paths`` (02–03), ``regression``
(04), ``classifiers`` (05–06), ``optimizers`` (07), ``network`` (08).

For tests and for the curious: ``explorer.controls[name].value = v`` moves a control;
``explorer.history`` is gdlib's run at the controls' values and ``explorer.status`` the
status line the page shows for them.
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
