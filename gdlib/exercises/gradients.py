"""Checks of a student's gradient function, for any of the three neurons (notebooks 04–06),
naming the common slips."""
from __future__ import annotations

import numpy as np

from .. import checks, linear, logistic, softmax
from .feedback import Feedback, attempt, close, problem

HINTS = {
    linear: "the gradient is (Xᵀ(ŷ − y)/n, mean(ŷ − y)) with ŷ = Xw + b; "
            "did you divide by n and use ŷ − y (not y − ŷ)?",
    logistic: "the same form as the linear neuron, with ŷ = σ(Xw + b): "
              "(Xᵀ(ŷ − y)/n, mean(ŷ − y)).",
    softmax: "build Ŷ = softmax(XW + b) row by row, subtract the one-hot Y "
             "(Ŷ[i, y_i] −= 1), then return (Xᵀ(Ŷ − Y)/n, the mean of Ŷ − Y over rows). "
             "Note ŷ_k, not y_k: the slide's typo gives a zero gradient.",
}


def slips(model, X, y, w, b):
    """The gradients that the common slips give at θ = (w, b), each with its name.

    A list of ((dw, db), what went wrong). Every neuron: the slide's *sum* form (n times
    the mean's gradient) and the wrong sign (y − ŷ). The linear neuron: the mean of
    (ŷ − y)² without the ½ (twice the gradient). The logistic neuron: an extra factor
    σ′(z) = ŷ(1 − ŷ), the gradient of the squared error through a sigmoid. The softmax
    neuron: the slide's y_k for ŷ_k, which gives zero.
    """
    dw, db = model.gradient(X, y, w, b)
    n = len(y)
    found = [((n * dw, n * db), "your gradient is n times too large: you summed over the "
                                "examples (the slide's sum form ½Σ(ŷ − y)²) where gdlib's "
                                "loss is a mean; divide by n."),
             ((-dw, -db), "your gradient has the wrong sign, so it points uphill: the "
                          "residual is ŷ − y, not y − ŷ.")]
    if model is linear:
        found.append(((2 * dw, 2 * db), "your gradient is twice too large: it is the "
                                        "gradient of mean (ŷ − y)², without the ½ of "
                                        "gdlib's loss."))
    if model is logistic:
        y_hat = logistic.sigmoid(X @ w + b)
        r = (y_hat - y) * y_hat * (1 - y_hat)
        found.append(((X.T @ r / n, r.mean()), "you multiplied by σ′(z) = ŷ(1 − ŷ): that "
                      "is the gradient of the squared error through a sigmoid. With "
                      "cross-entropy σ′ cancels against the log's derivative, and "
                      "∂ℓ/∂z = ŷ − y."))
    if model is softmax:
        found.append(((np.zeros_like(dw), np.zeros_like(db)),
                      "your gradient is zero: you used the one-hot y_k where ŷ_k is meant "
                      "(the slide's typo), so every term y_k − [y = k] vanishes."))
    return found


def _name_slip(model, gradient, X, y, w, b):
    """What the student's gradient got wrong, if it is one of the common slips, else None."""
    got, feedback = attempt(gradient, X, y, w.copy(), np.copy(b))
    if feedback is not None or not (isinstance(got, tuple) and len(got) == 2):
        return None
    for (sw, sb), what in slips(model, X, y, w, b):
        if close(got[0], sw, rtol=1e-6) and close(got[1], sb, rtol=1e-6):
            return what
    return None


def check_gradient_function(model, gradient, seeds=(0, 1, 2)):
    """Is ``gradient(X, y, w, b) -> (dw, db)`` the gradient of ``model``'s loss?

    Compared with central finite differences (``gdlib.check_gradient``) on a
    few random problems; correct means a relative error below 1e-6. A wrong
    gradient that is one of the common ``slips`` gets that slip named.
    """
    worst, slip = 0.0, None
    for seed in seeds:
        X, y, w, b = problem(model, seed)
        err, feedback = attempt(checks.check_gradient, model, X, y, w, b, gradient)
        if feedback is not None:
            return feedback
        if err >= 1e-6 and slip is None:
            slip = _name_slip(model, gradient, X, y, w, b)
        worst = max(worst, err)
    if worst < 1e-6:
        return Feedback(True, f"correct: relative error {worst:.1e} against finite "
                              f"differences.")
    what = f"{slip} " if slip else ""
    return Feedback(False, f"relative error {worst:.2g} against finite differences (should "
                           f"be below 1e-6). {what}Hint: {HINTS[model]}")
