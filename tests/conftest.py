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
