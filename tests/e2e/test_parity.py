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


_STEER = """async ([kind, state, controls, flips]) => {
  // the figure's model and its controls' models, as the widget manager holds them
  const stand_in = (attrs) => {
    const handlers = {};
    const m = {
      attrs, saved: 0,
      get: (name) => m.attrs[name],
      set: (name, value) => {
        const changes = typeof name === "object" ? name : {[name]: value};
        Object.assign(m.attrs, changes);
        for (const k of Object.keys(changes)) (handlers["change:" + k] || []).forEach((f) => f());
      },
      on: (event, f) => (handlers[event] = handlers[event] || []).push(f),
      off: (event, f) => { handlers[event] = (handlers[event] || []).filter((g) => g !== f); },
      save_changes: () => { m.saved += 1; },
    };
    return m;
  };
  const models = Object.fromEntries(Object.entries(controls).map(([id, attrs]) => [id, stand_in(attrs)]));
  const figure = stand_in(unpack(state));
  figure.widget_manager = {get_model: async (id) => models["IPY_MODEL_" + id]};
  const stop = gd.default.initialize({model: figure});
  const after = [];
  for (const [name, value] of flips) {
    figure.set(name, value);
    await new Promise((done) => setTimeout(done, 50));
    after.push(Object.fromEntries(Object.entries(models).map(([id, m]) => [id, {...m.attrs, saved: m.saved}])));
  }
  stop();
  return after;
}"""


def _steer(page, ex, flips):
    """The page's moves of the controls (``initialize``: js/controls.js, js/paths.js) for the
    figure ``flips`` [(trait, value)], from the explorer's state: each control's traits after
    each flip, by name."""
    fig = ex.figure
    state = {"problem": fig.problem, "texts": fig.texts, "controls": fig.controls,
             **{name: getattr(fig, name) for name in ex.controls}}
    controls = {f"IPY_MODEL_{c.model_id}": {k: getattr(c, k) for k in ("min", "max", "value", "step", "base")
                             if hasattr(c, k)} for c in ex.controls.values()}
    names = {f"IPY_MODEL_{c.model_id}": name for name, c in ex.controls.items()}
    after = page.evaluate(_STEER, [fig.kind, packed(state), controls, flips])
    return [{names[i]: attrs for i, attrs in step.items()} for step in after]


def test_the_page_moves_alpha_with_the_bowl_and_the_kernel_follows(js):
    """The narrow-bowl checkbox: the page puts the α slider on the new bowl's range at the
    same α / α_crit (on its grid), and back; the kernel's explorer, given those values (as
    JupyterLab syncs them), runs the same regime."""
    page = js("paths")
    ex = EXPLORERS["gd"]()
    lr = ex.controls["lr"]
    below = 10 ** -lr.step                          # 0.891 α_crit of either bowl
    lr.value = below * ex.alpha_crit
    widgets.base.on_grid(lr)
    round_crit = ex.alpha_crit
    to_narrow, back = _steer(page, ex, [["narrow", True], ["narrow", False]])
    sent = ex.figure.problem["bowls"]
    moved = to_narrow["lr"]
    assert [moved["min"], moved["max"]] == sent["narrow"]["lr_range"] and moved["saved"] == 1
    ex.controls["narrow"].value = True
    lr.min, lr.max = min(lr.min, moved["min"]), max(lr.max, moved["max"])
    lr.value = moved["value"]                        # what JupyterLab syncs to the kernel
    lr.min, lr.max = moved["min"], moved["max"]
    assert lr.value == moved["value"]                # in range: the kernel keeps it as sent
    assert lr.value / ex.alpha_crit == pytest.approx(below, rel=1e-12)
    on = lr.value
    widgets.base.on_grid(lr)
    assert lr.value == pytest.approx(on, rel=1e-14), "the page put α off the slider's grid"
    assert "α / α_crit = 0.891" in ex.status and not ex.history.diverged
    assert [back["lr"]["min"], back["lr"]["max"]] == sent["round"]["lr_range"]
    assert back["lr"]["value"] == pytest.approx(below * round_crit, rel=1e-12)
    assert to_narrow["epochs"]["saved"] == 0         # nothing else moves
    assert not page.errors, page.errors


def _moons():
    moons = data.make_moons(n=200, noise=0.15, seed=0)
    return data.train_test_split(data.standardize(moons.X)[0], moons.y, test_fraction=0.3, seed=0)


_EPOCH_EXPLORERS = {     # the notebooks' data: |B| = 1 lowers each one's epochs range
    "sgd": lambda: widgets.sgd_explorer(*data.make_line(n=40, seed=0), epochs=200, max_epochs=200),
    "regression": lambda: widgets.regression_explorer(*data.load_diabetes(features="bmi")),
    "logistic": lambda: widgets.logistic_explorer(
        data.standardize(data.load_breast_cancer(features=("mean radius", "mean texture")).X)[0],
        data.load_breast_cancer(features=("mean radius", "mean texture")).y),
    "softmax": lambda: widgets.softmax_explorer(
        data.standardize(data.load_iris(features=("petal length (cm)", "petal width (cm)")).X)[0],
        data.load_iris(features=("petal length (cm)", "petal width (cm)")).y),
    "network": lambda: widgets.network_explorer(*(lambda s: (s[0], s[2], s[1], s[3]))(_moons())),
    "optimizers": lambda: widgets.optimizer_explorer(*data.make_line(n=40, seed=0, x_range=(1, 5))),
}


@pytest.mark.parametrize("name", list(_EPOCH_EXPLORERS))
def test_the_page_fits_the_epochs_slider_to_the_batch_size(lab, name):
    """|B| shrinks: the page lowers the epochs slider's maximum to ``epochs_cap`` (and its
    value within it); |B| = n: the whole range again (the value stays)."""
    ex = _EPOCH_EXPLORERS[name]()
    page = lab.context.new_page()
    try:
        load_module(page, ex.figure.kind)
        epochs, size = ex.controls["epochs"], ex.controls["batch_size"]
        epochs.value = epochs.max
        ex.figure.epochs = epochs.value
        n = size.max
        small, full = _steer(page, ex, [["batch_size", 1], ["batch_size", n]])
        size.value = 1
        cap = ex.epochs_cap()
        assert (small["epochs"]["max"], small["epochs"]["value"]) == (cap, min(ex.max_epochs, cap))
        assert small["epochs"]["saved"] == (1 if cap < ex.max_epochs else 0), small["epochs"]
        size.value = n
        assert full["epochs"]["max"] == ex.max_epochs and full["epochs"]["value"] == cap
    finally:
        page.close()
