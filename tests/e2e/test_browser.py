"""End-to-end: every course notebook, run in JupyterLab in a real Chromium.

For each notebook in notebooks/: open it, clear and run all cells from the
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

from .e2e_driver import check_notebook_in_browser, notebook_facts
from .e2e_scratch import BAD_CELLS, write_scratch_notebook

pytestmark = pytest.mark.e2e

REPO_NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOK_FILES = sorted(REPO_NOTEBOOKS.glob("*.ipynb"))
RUN_TIMEOUT_MS = float(os.environ.get("GDLIB_E2E_TIMEOUT", "180")) * 1000
REDRAW_TIMEOUT_MS = 20_000


@pytest.mark.parametrize("nb_file", NOTEBOOK_FILES, ids=[p.stem for p in NOTEBOOK_FILES])
def test_notebook_in_browser(nb_file, lab, artifacts_dir):
    problems = check_notebook_in_browser(
        lab, nb_file, f"notebooks/{nb_file.name}", artifacts_dir,
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
    from . import harness

    times = harness.slider_latency("gd", updates=3, lab=lab)
    assert len(times) == 3 and all(0 < t < 30 for t in times), times
