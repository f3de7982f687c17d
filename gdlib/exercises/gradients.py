"""Checks of a student's gradient function, for any of the three neurons (notebooks 04–06),
naming the common slips."""
from __future__ import annotations

from .. import checks, linear, logistic, softmax
from .feedback import Feedback, attempt, problem

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
        X, y, w, b = problem(model, seed)
        err, feedback = attempt(checks.check_gradient, model, X, y, w, b, gradient)
        if feedback is not None:
            return feedback
        worst = max(worst, err)
    if worst < 1e-6:
        return Feedback(True, f"correct: relative error {worst:.1e} against finite "
                              f"differences.")
    return Feedback(False, f"relative error {worst:.2g} against finite differences (should "
                           f"be below 1e-6). Hint: {HINTS[model]}")

