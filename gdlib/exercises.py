"""Automatic checks for the notebooks' exercises.

Each checker takes the student's answer (a function or a number) and returns
a ``Feedback``: shown as a green ✓, or an orange ✗ with a hint. A checker never
raises on a wrong or unfinished answer, so "Run All" always gets through: the
stubs in the notebooks raise ``NotImplementedError``, which reads as "not yet".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks, linear, logistic, softmax


@dataclass(frozen=True)
class Feedback:
    ok: bool
    message: str

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return ("✓ " if self.ok else "✗ ") + self.message

    def _repr_html_(self):
        color, mark = ("#2b8a3e", "✓") if self.ok else ("#d9480f", "✗")
        return f"<div style='color:{color}'><b>{mark}</b> {self.message}</div>"


NOT_YET = Feedback(False, "not attempted yet: replace `raise NotImplementedError` with "
                          "your code, run that cell, then run this one again.")


def _attempt(fn, *args):
    """Call the student's function; turn 'not written yet' and crashes into feedback."""
    try:
        return fn(*args), None
    except NotImplementedError:
        return None, NOT_YET
    except Exception as err:  # the student's code crashed: say how, don't stop Run All
        return None, Feedback(False, f"your function raised {type(err).__name__}: {err}")


def _problem(model, seed, n=12, d=3, K=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if model is softmax:
        return X, rng.integers(0, K, n), rng.standard_normal((d, K)), rng.standard_normal(K)
    y = rng.standard_normal(n) if model is linear else rng.integers(0, 2, n).astype(float)
    return X, y, rng.standard_normal(d), float(rng.standard_normal())


HINTS = {
    linear: "the gradient is (Xᵀ(ŷ − y)/n, mean(ŷ − y)) with ŷ = Xw + b; "
            "did you divide by n and use ŷ − y (not y − ŷ)?",
    logistic: "the same form as the linear neuron, with ŷ = σ(Xw + b): "
              "(Xᵀ(ŷ − y)/n, mean(ŷ − y)).",
    softmax: "build Ŷ = softmax(XW + b) row by row, subtract the one-hot Y "
             "(Ŷ[i, y_i] −= 1), then return (Xᵀ(Ŷ − Y)/n, the mean of Ŷ − Y over rows). "
             "Note ŷ_k, not y_k: the slide's typo gives a zero gradient.",
}


def check_gradient_function(model, gradient, seeds=(0, 1, 2)):
    """Is ``gradient(X, y, w, b) -> (dw, db)`` the gradient of ``model``'s loss?

    Compared with central finite differences (``gdlib.check_gradient``) on a
    few random problems; correct means a relative error below 1e-6.
    """
    worst = 0.0
    for seed in seeds:
        X, y, w, b = _problem(model, seed)
        err, feedback = _attempt(checks.check_gradient, model, X, y, w, b, gradient)
        if feedback is not None:
            return feedback
        worst = max(worst, err)
    if worst < 1e-6:
        return Feedback(True, f"correct: relative error {worst:.1e} against finite "
                              f"differences.")
    return Feedback(False, f"relative error {worst:.2g} against finite differences (should "
                           f"be below 1e-6). Hint: {HINTS[model]}")


def check_value(answer, expected, name, hint, rtol=1e-3):
    """Is the number ``answer`` close to ``expected`` (relative tolerance rtol)?"""
    if answer is None or answer is Ellipsis:
        return NOT_YET
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be a number, got {answer!r}.")
    if np.isclose(value, expected, rtol=rtol, atol=0.0):
        return Feedback(True, f"correct: {name} = {value:.4g}.")
    return Feedback(False, f"{name} = {value:.4g} is not right yet. Hint: {hint}")


# --- exercises of notebooks 01–03 (parameter estimation, GD, SGD) --------------------------


# --- exercises of notebooks 04–06 (linear, logistic, softmax) -----------------------------
