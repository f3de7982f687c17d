"""The classifier explorers' JavaScript (js/classifiers.js) gives gdlib's numbers, in Chromium.

The logistic explorer of notebook 05 and the softmax explorer of notebook 06, on the data
those notebooks give them, fed the very ``problem`` the kernel sends: at the default and at
the extremes of every control the page's run equals ``gdlib.descend``'s (the explorer's
``result``) to 1e-9 relative, diverges at the same update and writes the same status line
(training accuracy included); the softmax regions the page draws are
``softmax.classify`` on gdlib's grid.
"""
from __future__ import annotations

import numpy as np
import pytest

from gdlib import data, plots, softmax, widgets
from gdlib.widgets import front

from .test_parity import assert_same_run, js, packed  # noqa: F401  (js is a fixture)

pytestmark = pytest.mark.e2e


def _cancer():
    """Notebook 05's explorer cell: two standardised features of the breast-cancer data."""
    cancer = data.load_breast_cancer(features=("mean radius", "mean texture"))
    X, _, _ = data.standardize(cancer.X)
    return widgets.logistic_explorer(X, cancer.y, names=cancer.target_names,
                                     xlabel="mean radius (standardised)",
                                     ylabel="mean texture (standardised)")


def _iris():
    """Notebook 06's explorer cell: iris' standardised petal length and width."""
    iris = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
    X, _, _ = data.standardize(iris.X)
    return widgets.softmax_explorer(X, iris.y, names=iris.target_names,
                                    xlabel="petal length (standardised)",
                                    ylabel="petal width (standardised)")


EXPLORERS = {"logistic": _cancer, "softmax": _iris}


def _cases(ex):
    lr, epochs, size = ex.controls["lr"], ex.controls["epochs"], ex.controls["batch_size"]
    n, smallest, largest = size.max, 10 ** lr.min, 10 ** lr.max
    return {
        "default": {},
        "smallest α": {"lr": smallest},
        "smallest α, |B| = 1": {"lr": smallest, "batch_size": 1},
        "diverging α": {"lr": largest},
        "diverging α, |B| = 1": {"lr": largest, "batch_size": 1},
        "diverging α, |B| = 7": {"lr": largest, "batch_size": 7},
        "|B| = 1": {"batch_size": 1},
        "|B| = 1, most epochs": {"batch_size": 1, "epochs": epochs.max},
        "|B| = 2, most epochs": {"batch_size": 2, "epochs": epochs.max},
        "|B| = n - 1, most epochs": {"batch_size": n - 1, "epochs": epochs.max},
        "|B| = n": {"batch_size": n},
        "most epochs": {"epochs": epochs.max},
        "α = 10, most epochs": {"lr": 10.0, "epochs": epochs.max},
        "one epoch": {"epochs": 1},
    }


def _at(make, values):
    """A fresh explorer with its controls at ``values`` (|B| first: it may cap the epochs)."""
    ex = make()
    for key in sorted(values, key=lambda k: k != "batch_size"):
        ex.controls[key].value = values[key]
    return ex


_RUN = """([problem, texts, values]) => {
  problem = unpack(problem);
  const data = gd.prepare(problem);
  const run = gd.runs(problem, data, values);
  const out = {run: plain(run), status: gd.describe(texts, problem, data, run)};
  if (data.grid) out.labels = Array.from(gd.regionLabels(data.grid, run.params, data.K));
  out.top = gd.pickRange(problem.backdrop.y_tiles, run).top;
  return out;
}"""


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_classifier_explorers_run_as_gdlib_does(js, name):
    page = js("classifiers")
    make = EXPLORERS[name]
    problem = None
    for what, values in _cases(make()).items():
        ex = _at(make, values)
        if problem is None:
            problem = packed(ex.figure.problem)      # the same for every value of the controls
        got = page.evaluate(_RUN, [problem, ex.figure.texts, ex.values()])
        h = ex.result
        assert_same_run(got["run"], h, f"{name}, {what}")
        assert got["status"] == ex.status, f"{name}, {what}: the page's status line differs"
        tops = [t["top"] for t in ex.figure.problem["backdrop"]["y_tiles"]]
        if h.diverged:          # the climb is shown up to the divergence limit and beyond
            assert got["top"] == tops[-1] >= h.loss_limit, what
        else:                   # the smallest loss range that holds the whole run
            assert h.losses.max() <= got["top"] and all(t < h.losses.max() for t in tops
                                                        if t < got["top"]), what
        if name == "softmax":
            expected = ex.regions(h.w, h.b).ravel()
            assert np.array_equal(got["labels"], expected), (
                f"{what}: the page's regions differ from softmax.classify on "
                f"{np.sum(np.asarray(got['labels']) != expected)} grid points")
    assert not page.errors, page.errors


def test_the_cases_cover_the_extremes():
    """Every case above is what it says: the diverging ones diverge, at different updates
    for GD and SGD; the others do not; the epochs' cap bites at |B| = 1."""
    for name, make in EXPLORERS.items():
        cases = _cases(make())
        for what, values in cases.items():
            ex = _at(make, values)
            assert ex.result.diverged == what.startswith("diverging"), (name, what)
        capped = _at(make, cases["|B| = 1, most epochs"])
        assert capped.epochs_cap() < widgets.classifiers.MAX_EPOCHS   # the page lowers the slider to it
        assert "epochs go up to" in capped.status


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_the_drawn_regions_and_the_classes_the_page_uses_are_gdlibs(js, name):
    """The page's classify (accuracy) and, for softmax, the regions it draws, fed gdlib's own
    θ at the default and after a long run (sharp borders), equal gdlib's classify."""
    page = js("classifiers")
    make = EXPLORERS[name]
    for values in ({}, {"lr": 10.0, "epochs": 200}):
        ex = _at(make, values)
        h = ex.result
        got = page.evaluate(
            """([problem, w, b]) => {
                 problem = unpack(problem);
                 const data = gd.prepare(problem), params = [Float64Array.from(w), Float64Array.from(b)];
                 const model = problem.model === "softmax" ? gd.softmax : gd.logistic;
                 const out = {classes: Array.from(model.classify(data, params))};
                 if (data.grid) out.labels = Array.from(gd.regionLabels(data.grid, params, data.K));
                 return out;
               }""",
            [packed(ex.figure.problem), np.ravel(h.w).tolist(), np.ravel(h.b).tolist()])
        np.testing.assert_array_equal(got["classes"], ex.model.classify(ex.X, h.w, h.b))
        if name == "softmax":
            xx, yy, grid = plots.region_grid(ex.X)
            labels = softmax.classify(grid, h.w, h.b)
            np.testing.assert_array_equal(got["labels"], labels)
            assert set(labels) == {0, 1, 2}               # every class has a region
    assert not page.errors, page.errors
