"""Shared fixtures and hypothesis settings for the gdlib tests."""
import os

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=40, deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def fresh_hint_ladders():
    """Every test starts with every exercise at its first hint (gdlib.exercises.wrong)."""
    from gdlib.exercises import reset_hints
    reset_hints()
    yield
    reset_hints()


#: The slow tiers of `make test` (`make check` runs everything else, in a few minutes):
#: pick one with `python -m pytest -m notebooks` (or blas, browser).
TIERS = {
    "notebooks": "executes the course notebooks (nbval, exercise stubs, worked solutions)",
    "blas": "runs every notebook under another OpenBLAS setting (tests/test_blas_kernels.py)",
    "browser": "drives JupyterLab or a page in a real Chromium (tests/e2e, the benchmark smoke test)",
}
NOTEBOOK_TESTS = ("test_exercise_stubs_run_and_say_not_yet", "test_worked_solutions_pass_their_checks")


def pytest_configure(config):
    for name, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{name}: slow tier: {meaning}")


def pytest_collection_modifyitems(items):
    """Each test of a slow tier gets its marker, by where it is (one place, not per file)."""
    for item in items:
        path = item.path.as_posix()
        if path.endswith(".ipynb") or item.originalname in NOTEBOOK_TESTS:
            item.add_marker(pytest.mark.notebooks)
        elif path.endswith("tests/test_blas_kernels.py"):
            item.add_marker(pytest.mark.blas)
        elif "/tests/e2e/" in path or path.endswith("tests/test_benchmarks_smoke.py"):
            item.add_marker(pytest.mark.browser)
