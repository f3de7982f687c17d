"""Fixtures for the end-to-end browser tests (JupyterLab + Playwright + Chromium).

One JupyterLab server and one headless Chromium serve the whole e2e package;
both are stopped, with the server's kernels, when its last test ends, also
when a test fails.  See README.md here for the environment variables.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from browserkit.server import Lab, browser_unavailable, find_chromium, in_ci

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser (JupyterLab + Chromium)")


BROWSER_SKIPPED = "browser tests (tests/e2e) skipped: "


def skip_or_fail(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(BROWSER_SKIPPED + reason)


def pytest_terminal_summary(terminalreporter):
    # pytest shows skip reasons only with -rs: say it once, in one line, anyway. Read from the
    # reports, which reach this process also from pytest-xdist's workers (make test).
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        if BROWSER_SKIPPED in reason:
            terminalreporter.write_line(reason[reason.index(BROWSER_SKIPPED):], yellow=True)
            return


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = browser_unavailable()
    if reason:
        skip_or_fail(reason)
    return find_chromium()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(os.environ.get("GDLIB_E2E_ARTIFACTS", REPO / "artifacts" / "e2e"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """The server's root dir: ``notebooks`` links to the repo's notebooks, and
    ``_harness`` holds the harness's own scratch notebooks (written by tests).

    The repo's notebooks are served in place (through a symlink), so their
    kernels run in the real notebooks/ directory, as a student's do; autosave
    is off, so nothing is written back to them.
    """
    root = tmp_path_factory.mktemp("lab-root")
    (root / "notebooks").symlink_to(NOTEBOOKS, target_is_directory=True)
    (root / "_harness").mkdir()
    return root


@pytest.fixture(scope="session")
def lab(chromium_path, lab_root):
    """The session's JupyterLab server + Chromium (``lab.server``, ``lab.context``)."""
    # chromium_path first: nothing is started where the browser tests skip.
    instance = Lab(lab_root, chromium_path)
    try:
        instance.start()
    except Exception as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def scratch_dir(lab_root) -> Path:
    """A directory served by the lab server, for notebooks written by a test."""
    return Path(tempfile.mkdtemp(dir=lab_root / "_harness"))
