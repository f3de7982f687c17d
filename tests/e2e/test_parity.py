"""The explorers' JavaScript gives gdlib's numbers: parity in a real Chromium.

Each explorer kind's ES module (gdlib/widgets/js, as the widget ships it) is imported into
a blank page and fed the very ``problem`` the kernel sends; its runs, at the explorer's
default and at the extremes of every control, must equal ``gdlib.descend``'s (the
explorer's ``result`` at the same values) to 1e-9 relative, diverge at the same update,
and write the same status line.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

from gdlib import data, widgets

from browserkit.standalone import load_module, packed

pytestmark = pytest.mark.e2e

RTOL = 1e-9


@pytest.fixture(scope="module")
def js(lab):
    """A blank page with the module of an explorer kind loaded: ``js(kind)`` → page."""
    pages = {}

    def load(kind):
        if kind not in pages:
            page = lab.context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            load_module(page, kind)
            page.errors = errors
            pages[kind] = page
        return pages[kind]

    yield load
    for page in pages.values():
        page.close()


def assert_same_run(js_run, history, what):
    """One run in the page equals gdlib's History."""
    assert js_run["updates"] == history.updates, f"{what}: {js_run['updates']} updates in the page, {history.updates} in gdlib"
    assert js_run["diverged"] == history.diverged, f"{what}: diverged {js_run['diverged']} vs {history.diverged}"
    assert js_run["epochsRun"] == history.epochs_run, what
    np.testing.assert_allclose(js_run["losses"], history.losses, rtol=RTOL, err_msg=f"{what}: losses")
    for i, path in enumerate(history.trajectory):
        np.testing.assert_allclose(np.reshape(js_run["trajectory"][i], path.shape), path, rtol=RTOL, atol=1e-300,
                                   err_msg=f"{what}: θ[{i}] after every update")


def _paths_cases(ex):
    lr, epochs = ex.controls["lr"], ex.controls["epochs"]
    cases = {"default": {}, "smallest α": {"lr": 10 ** lr.min}, "diverging α": {"lr": 10 ** lr.max},
             "most epochs": {"epochs": epochs.max}}
    if "batch_size" in ex.controls:
        n = ex.controls["batch_size"].max
        cases |= {"|B| = 1": {"batch_size": 1}, "|B| = n": {"batch_size": n},
                  "|B| = 1, most epochs": {"batch_size": 1, "epochs": epochs.max},
                  "|B| = 7, diverging": {"batch_size": 7, "lr": 10 ** lr.max}}
    if "narrow" in ex.controls:
        cases |= {"narrow bowl": {"narrow": True}, "narrow, diverging": {"narrow": True, "lr": 10 ** 3}}
    return cases


EXPLORERS = {
    "gd": lambda: widgets.gd_explorer(*data.make_line(), narrow=data.make_narrow_line()),
    "sgd": lambda: widgets.sgd_explorer(*data.make_line()),
}


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_paths_explorers_run_as_gdlib_does(js, name):
    page = js("paths")
    make = EXPLORERS[name]
    for what, values in _paths_cases(make()).items():
        ex = make()
        for key, value in values.items():       # the kernel's explorer at those values
            ex.controls[key].value = value
        shown = ex.values()
        bowl = "narrow" if shown.get("narrow") else "round"
        got = page.evaluate(
            """([problem, texts, bowl, values]) => {
                 problem = unpack(problem);
                 const bowls = gd.prepare(problem);
                 const result = gd.runs(problem, bowls[bowl], values);
                 return {runs: Object.fromEntries(Object.entries(result).map(([k, r]) => [k, plain(r)])),
                         status: gd.describe(texts, problem, bowls[bowl], result)};
               }""",
            [packed(ex.figure.problem), ex.figure.texts, bowl, shown])
        result = ex.result
        assert set(got["runs"]) == set(result), what
        for run in result:
            assert_same_run(got["runs"][run], result[run], f"{name}, {what}, {run}")
        assert got["status"] == ex.status, f"{name}, {what}: the page's status line differs"
    assert not page.errors, page.errors


def test_the_picture_is_drawn_once_per_change_and_never_while_nothing_changes(lab):
    """No animation loop on a student's battery: one picture at first, one more for a burst
    of changes within a frame, none while nothing changes."""
    from browserkit.standalone import render

    page = lab.context.new_page()
    try:
        render(page, EXPLORERS["sgd"]())
        frames = lambda: int(page.evaluate("document.querySelector('canvas.gd-figure').dataset.frames"))
        page.wait_for_timeout(500)
        assert frames() == 1
        page.evaluate("for (const lr of [0.05, 0.06, 0.07]) gdModel.set('lr', lr)")
        page.wait_for_timeout(500)
        assert frames() == 2, "three changes in one frame make one picture"
        page.wait_for_timeout(500)
        assert frames() == 2
        status = page.evaluate("document.querySelector('.gd-status').textContent")
        ex = EXPLORERS["sgd"]()
        ex.controls["lr"].value = 0.07
        assert " ".join(status.split()) == " ".join(re.sub(r"<[^>]+>", "", ex.status).split())
    finally:
        page.close()
