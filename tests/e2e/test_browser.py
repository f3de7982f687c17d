"""End-to-end: every course notebook, run in JupyterLab in a real Chromium.

For each notebook of both editions (notebooks/en, notebooks/es): open it, clear and run all cells from the
Run menu, then check that no cell failed, the browser console stayed clean,
every widget rendered (as many explorers as the notebook's source displays),
and that in every explorer each control, moved with the keyboard, changes
the figure's bytes, and the largest learning rate says "diverged".
Screenshots go to artifacts/e2e/.  The harness tests at the end check the
checks themselves on hand-built scratch notebooks, and the latency harness
used by benchmarks/run.py.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from browserkit.driver import check_notebook_in_browser, notebook_facts
from .e2e_scratch import BAD_CELLS, write_scratch_notebook

pytestmark = pytest.mark.e2e

REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK_FILES = sorted(REPO_NOTEBOOKS.glob("*/[0-9][0-9]_*.ipynb"))
RUN_TIMEOUT_MS = float(os.environ.get("GDLIB_E2E_TIMEOUT", "180")) * 1000
REDRAW_TIMEOUT_MS = 20_000


@pytest.mark.parametrize("nb_file", NOTEBOOK_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOK_FILES])
def test_notebook_in_browser(nb_file, lab, artifacts_dir):
    problems = check_notebook_in_browser(
        lab, nb_file, f"notebooks/{nb_file.parent.name}/{nb_file.name}", artifacts_dir,
        run_timeout_ms=RUN_TIMEOUT_MS, redraw_timeout_ms=REDRAW_TIMEOUT_MS,
    )
    assert not problems, (
        f"{nb_file.name} in JupyterLab (screenshots in {artifacts_dir}):\n- " + "\n- ".join(problems)
    )


# --------------------------------------------------------------------------
# The harness itself
# --------------------------------------------------------------------------
def test_explorer_count_comes_from_the_source(tmp_path):
    nb_file = write_scratch_notebook(
        tmp_path / "count.ipynb",
        explorers=2,
        cells_after=(
            "%matplotlib inline\nex = widgets.gd_explorer(X, y)\nex",  # a name bound to one
            "display(widgets.sgd_explorer(X, y))\nplots.show_data(X, y)",
            "widgets.logistic_explorer(\n    X, y,\n    lr=0.5,\n)",  # a call over several lines
            "ex2 = widgets.softmax_explorer(X, y)",  # not shown
            "widgets.gd_explorer  # not called",
        ),
    )
    facts = notebook_facts(nb_file)
    assert facts.explorers == 5 and facts.explorer_cells == [2, 3, 4, 5, 6], facts
    assert facts.code_cells == 8, facts


def test_harness_passes_working_explorers(lab, artifacts_dir, scratch_dir):
    nb_file = write_scratch_notebook(scratch_dir / "working.ipynb", redraw=True, explorers=2)
    problems = check_notebook_in_browser(
        lab, nb_file, lab.api_path(nb_file), artifacts_dir, stem="_harness-working",
        run_timeout_ms=RUN_TIMEOUT_MS, redraw_timeout_ms=REDRAW_TIMEOUT_MS,
    )
    assert not problems, "\n".join(problems)
    assert (artifacts_dir / "_harness-working.png").exists()
    assert (artifacts_dir / "_harness-working-explorer-2.png").exists()


def test_harness_catches_what_it_should(lab, artifacts_dir, scratch_dir):
    """A figure that does not redraw, warnings in a callback, a widget that does
    not render, a console error, stderr, a failing cell, and the explorer after
    it that never ran: each one is reported."""
    nb_file = write_scratch_notebook(
        scratch_dir / "broken.ipynb",
        redraw=False,
        warn=True,
        explorers=1,
        cells_after=(
            BAD_CELLS["missing-widget"],
            BAD_CELLS["console-error"],
            BAD_CELLS["stderr"],
            BAD_CELLS["exception"],
            "scratch_explorer()",
        ),
    )
    problems = check_notebook_in_browser(
        lab, nb_file, lab.api_path(nb_file), artifacts_dir, stem="_harness-broken",
        run_timeout_ms=RUN_TIMEOUT_MS, redraw_timeout_ms=4_000,
    )
    report = "\n".join(problems)
    expected = {
        "cells not run": "only 6 of 7 code cells ran",
        "failing cell": "ZeroDivisionError",
        "stderr": "gd-e2e-scratch: on stderr",
        "widget not rendered": "widget not rendered: 'Error displaying widget",
        "explorer count": "1 explorers (.gd-explorer) rendered, the notebook's source displays 2",
        "no redraw": "explorer 1: figure did not change after moving slider 'lr'",
        "console error": "browser console: console.error: gd-e2e-scratch: boom",
        "log console": "gd-e2e-scratch: a warning in a widget callback",
    }
    missed = [what for what, text in expected.items() if text not in report]
    assert not missed, f"the harness missed {missed}; it reported:\n{report}"


def test_slider_latency_harness(lab):
    from browserkit import harness

    times = harness.slider_latency("gd", updates=3, lab=lab)
    assert len(times) == 3 and all(0 < t < 30 for t in times), times


def test_after_a_burst_of_moves_the_page_shows_the_final_values(lab, scratch_dir):
    """No stale frame in the browser: quick key presses (faster than the kernel answers)
    and fast drags on every slider, then, once the figure settles, the figure's pixels and
    the status line are those the explorer makes for the values the sliders show (the
    page draws the run gdlib makes at those values)."""
    import re

    import numpy as np

    from gdlib import widgets

    from browserkit import harness
    from browserkit.driver import PANEL

    name = "sgd"
    nb_file = harness.write_latency_notebook(scratch_dir / "burst.ipynb", name)
    api_path = lab.api_path(nb_file)
    page = lab.context.new_page()
    try:
        harness._open_and_run(page, lab, nb_file, api_path)
        box = page.locator(f"{PANEL} .gd-explorer").first
        box.scroll_into_view_if_needed()
        controls = box.locator(".gd-control")
        for i in range(controls.count()):
            handle = controls.nth(i).locator(".noUi-handle").first
            handle.focus()
            for key in ["ArrowRight"] * 8 + ["ArrowLeft"] * 3:      # no wait between presses
                page.keyboard.press(key)
            harness.drag(page, 0, controls.nth(i), seconds=0.5, span=0.5)
        harness._settle(page, 0)
        shown = {}
        for i in range(controls.count()):
            handle = controls.nth(i).locator(".noUi-handle").first
            shown[harness._control_label(controls.nth(i))] = float(handle.get_attribute("aria-valuetext"))
        status = box.locator(".gd-status").first.text_content()
        drawn = box.locator("canvas.gd-figure").first.evaluate(
            "c => Object.fromEntries(Object.entries(c.gdRun).map(([k, r]) => [k, Array.from(r.losses)]))")
    finally:
        lab.server.shutdown_kernels_for(api_path)
        page.close()
    X, y = harness.benchmark_data(name)
    ex = widgets.EXPLORERS[name](X, y)
    values = {"lr": 10 ** shown["lr"], "batch_size": int(shown["batch_size"]), "epochs": int(shown["epochs"])}
    for key in ("batch_size", "epochs", "lr"):
        ex.controls[key].value = values[key]
    expected_status = re.sub(r"<[^>]+>", "", ex.status)
    assert " ".join(status.split()) == " ".join(expected_status.split()), (shown, status, expected_status)
    assert set(drawn) == set(ex.result), drawn.keys()
    for run, losses in drawn.items():      # the picture is the run at the values shown
        np.testing.assert_allclose(losses, ex.result[run].losses, rtol=1e-9, err_msg=f"{run} at {shown}")


def test_notebook_latency_harness(lab):
    """The in-page measurement of a course notebook: every slider, each press split into
    stages in time order, and a drag that sends the slider's final value (no timings
    are asserted: they depend on the machine)."""
    from browserkit import harness
    from browserkit.probe import median_stages

    results = harness.notebook_latency("01", presses=2, lab=lab)
    assert [r.control for r in results] == ["w", "b"]
    for r in results:
        assert len(r.timelines) == 4
        for t in r.timelines:         # drawn in the page: no image comes from the kernel
            moments = [t[m] for m in ("key", "src", "decoded", "frame")]
            assert moments == sorted(moments), t
            assert t["canvas"] and t["image_bytes"] is None
        assert "drawing (JS)" in median_stages(r.timelines)
        assert "kernel: run + redraw + PNG" not in median_stages(r.timelines)
        assert r.drag["figures"] >= 1 and r.drag["values_sent"] >= 1, r.drag
        assert 0 < r.drag["coverage"] <= 1.5, r.drag
        assert r.drag["last_value_sent_is_shown"], r.drag
    assert "| 01 | 2 |" in harness.report({"01": results})
