"""The surface explorer's JavaScript (notebook 01) gives gdlib's numbers, in Chromium.

js/surface.js, fed the very ``problem`` the kernel sends, computes L(w, b) and writes the
status line; at the default and at the extremes of both sliders they must equal the
Python explorer's ``result`` (to 1e-9 relative) and ``status`` (word for word).
"""
from __future__ import annotations

import numpy as np
import pytest

from gdlib import data, widgets

from .test_parity import RTOL, js, packed  # noqa: F401  (js: the fixture)

pytestmark = pytest.mark.e2e


def _cases(ex):
    w, b = ex.controls["w"], ex.controls["b"]
    return {"default": {}, "smallest w": {"w": w.min}, "largest w": {"w": w.max},
            "smallest b": {"b": b.min}, "largest b": {"b": b.max},
            "both smallest": {"w": w.min, "b": b.min}, "both largest": {"w": w.max, "b": b.max},
            "the minimum": {"w": ex.optimum[0], "b": ex.optimum[1]}}


EXPLORERS = {
    "notebook 01's data": lambda: widgets.surface_explorer(*data.make_line()),
    "40 points": lambda: widgets.surface_explorer(*data.make_line(n=40, seed=3)),
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_the_surface_explorer_computes_the_loss_as_gdlib_does(js, name):  # noqa: F811
    page = js("surface")
    make = EXPLORERS[name]
    for what, values in _cases(make()).items():
        ex = make()
        for key, value in values.items():
            ex.controls[key].value = value
        got = page.evaluate(
            """([problem, texts, values]) => {
                 const prepared = gd.prepare(unpack(problem));
                 const result = gd.runs(prepared, values);
                 return {result, status: gd.describe(texts, prepared, result)};
               }""",
            [packed(ex.figure.problem), ex.figure.texts, ex.values()])
        w, b, loss = ex.result
        assert got["result"][:2] == [w, b], what
        np.testing.assert_allclose(got["result"][2], loss, rtol=RTOL, err_msg=f"{name}, {what}: L(w, b)")
        assert got["status"] == ex.status, f"{name}, {what}: the page's status line differs"
    assert not page.errors, page.errors
