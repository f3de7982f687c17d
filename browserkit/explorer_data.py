"""The data each explorer is measured on: the course's, as the notebooks pass it.

The latency harness builds its explorers from this (``harness.slider_latency``, also inside
a kernel), and so does the ``latency`` section of the benchmarks (``benchmarks/latency.py``).
It imports only gdlib, so a kernel can import it from this checkout.
"""
from __future__ import annotations

from gdlib import data


def _standardized(dataset):
    return data.standardize(dataset.X)[0], dataset.y


#: explorer name (``gdlib.widgets.EXPLORERS``) -> a function returning its (X, y)
EXPLORER_DATA = {
    "surface": lambda: data.make_line(n=40, seed=0),
    "gd": lambda: data.make_line(n=40, seed=0),
    "sgd": lambda: data.make_line(n=40, seed=0),
    "regression": lambda: data.load_diabetes(features=("bmi",)),
    "logistic": lambda: _standardized(data.load_breast_cancer(
        features=("mean radius", "mean texture"))),
    "softmax": lambda: _standardized(data.load_iris(
        features=("petal length (cm)", "petal width (cm)"))),
    "optimizers": lambda: data.make_line(n=40, seed=0, x_range=(1, 5)),
    # notebook 08 passes a 140 / 60 split of these 200 points; the explorer makes the same
    "network": lambda: _standardized(data.make_moons(n=200, noise=0.15, seed=0)),
}
