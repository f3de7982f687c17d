"""The regression explorer's JavaScript (notebook 04) gives gdlib's numbers, in Chromium.

js/regression.js, fed the very ``problem`` the kernel sends, reruns the descent on the raw
or the standardised feature; at the default and at the extremes of every control (smallest
and diverging α, |B| = 1 and n, most epochs, both settings of the switch) its run equals
``gdlib.descend``'s (the explorer's ``result``) to 1e-9 relative, diverges at the same
update, draws the same fitted line and writes the same status line.
"""
from __future__ import annotations

import numpy as np
import pytest

from gdlib import data, widgets

from .test_parity import RTOL, assert_same_run, js, packed  # noqa: F401  (js: the fixture)

pytestmark = pytest.mark.e2e


def _cases(ex):
    lr, epochs, size = ex.controls["lr"], ex.controls["epochs"], ex.controls["batch_size"]
    n = size.max
    base = {"default": {}, "smallest α": {"lr": 10 ** lr.min}, "diverging α": {"lr": 10 ** lr.max},
            "most epochs": {"epochs": epochs.max}, "|B| = 1": {"batch_size": 1},
            "|B| = n": {"batch_size": n},
            "|B| = 1, most epochs": {"batch_size": 1, "epochs": epochs.max},
            "|B| = 1, diverging": {"batch_size": 1, "lr": 10 ** lr.max},
            "|B| = 32, smallest α, most epochs": {"batch_size": 32, "lr": 10 ** lr.min,
                                                  "epochs": epochs.max}}
    cases = {}
    for standardize in (True, False):
        word = "standardised" if standardize else "raw"
        for what, values in base.items():
            cases[f"{word}, {what}"] = {"standardize": standardize, **values}
    cases["raw, α = 1e-4 (stable for raw BMI)"] = {"standardize": False, "lr": 1e-4}
    return cases


def _set(ex, values):
    """|B| before epochs: |B| may lower the epochs' maximum."""
    for key in sorted(values, key=lambda k: k != "batch_size"):
        ex.controls[key].value = values[key]


EXPLORERS = {
    "notebook 04 (BMI)": lambda: widgets.regression_explorer(
        *data.load_diabetes(features="bmi"), xlabel="BMI", ylabel="disease progression"),
    "a line, raw at first, |B| = 5": lambda: widgets.regression_explorer(
        *data.make_line(n=40, seed=1), batch_size=5, standardize=False, seed=3),
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_the_regression_explorer_runs_as_gdlib_does(js, name):  # noqa: F811
    page = js("regression")
    make = EXPLORERS[name]
    for what, values in _cases(make()).items():
        ex = make()
        _set(ex, values)
        shown = ex.values()
        got = page.evaluate(
            """([problem, texts, values]) => {
                 const prepared = gd.prepare(unpack(problem));
                 const run = gd.runs(prepared, values);
                 return {run: plain(run), line: gd.fittedLine(prepared, values.standardize, run),
                         status: gd.describe(texts, prepared, values.standardize, run)};
               }""",
            [packed(ex.figure.problem), ex.figure.texts, shown])
        h = ex.result
        assert_same_run(got["run"], h, f"{name}, {what}")
        np.testing.assert_allclose(got["line"], ex.fitted_line(h), rtol=RTOL,
                                   err_msg=f"{name}, {what}: the fitted line")
        assert got["status"] == ex.status, f"{name}, {what}: the page's status line differs"
    assert not page.errors, page.errors

