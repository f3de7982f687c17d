"""The course's problems the peers, minibatch and optimizers sections run on, and their start θ⁰."""
from __future__ import annotations

import numpy as np

from gdlib import data, linear, logistic, softmax


def standardized(dataset):
    """(X standardised, y) of a course dataset."""
    return data.standardize(dataset.X)[0], dataset.y


def course_problems(quick):
    """(label, model, X, y, lr, course size?) on the course's data, standardised."""
    out = [("linear, line 40×1", linear, *data.make_line(), 0.1, True)]
    if not quick:
        out.append(("linear, diabetes 442×10", linear, *standardized(data.load_diabetes()),
                    0.1, True))
    out += [("logistic, breast cancer 569×30", logistic,
             *standardized(data.load_breast_cancer()), 0.1, True),
            ("softmax, digits 1797×64 K=10", softmax, *standardized(data.load_digits()),
             0.1, True)]
    if not quick:
        out.append(("linear, 100,000×100 (not course size)", linear,
                    *data.make_regression(n=100_000, d=100, seed=4), 0.1, False))
    return out


def start(model, X, y):
    """The same θ⁰ for gdlib and every peer."""
    rng = np.random.default_rng(5)
    if model is softmax:
        K = int(y.max()) + 1
        return 0.1 * rng.standard_normal((X.shape[1], K)), 0.1 * rng.standard_normal(K)
    return 0.1 * rng.standard_normal(X.shape[1]), float(0.1 * rng.standard_normal())
