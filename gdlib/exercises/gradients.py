"""Checks of a student's gradient function, for any of the three neurons (notebooks 04–06),
naming the common slips."""
from __future__ import annotations

import numpy as np

from .. import gradcheck, linear, logistic, softmax
from .feedback import attempt, close, ladder, problem, right, say, texts, wrong

#: The loss of each neuron written as a sum over the examples (a sum where gdlib means).
SUM_FORMS = {linear: "½Σ(ŷ − y)²", logistic: "−Σ(y log ŷ + (1 − y) log(1 − ŷ))",
             softmax: "−Σ log ŷ_{y_i}"}

MESSAGES, HINTS = texts("gradients")


def slips(model, X, y, w, b):
    """The gradients that the common slips give at θ = (w, b), each with its name.

    A list of ((dw, db), what went wrong). Every neuron: the *sum* form of its own loss (n
    times the mean's gradient) and the wrong sign (y − ŷ). The linear neuron: the mean of
    (ŷ − y)² without the ½ (twice the gradient). The logistic neuron: an extra factor
    σ′(z) = ŷ(1 − ŷ), the gradient of the squared error through a sigmoid. The softmax
    neuron: the slide's y_k for ŷ_k, which gives zero.
    """
    messages = MESSAGES["gradient"]
    dw, db = model.gradient(X, y, w, b)
    n = len(y)
    found = [((n * dw, n * db), say(messages, "sum", sum_form=SUM_FORMS[model])),
             ((-dw, -db), say(messages, "sign"))]
    if model is linear:
        found.append(((2 * dw, 2 * db), say(messages, "no_half")))
    if model is logistic:
        y_hat = logistic.sigmoid(X @ w + b)
        r = (y_hat - y) * y_hat * (1 - y_hat)
        found.append(((X.T @ r / n, r.mean()), say(messages, "sigmoid_prime")))
    if model is softmax:
        found.append(((np.zeros_like(dw), np.zeros_like(db)), say(messages, "zero")))
    return found


def _name_slip(model, gradient, X, y, w, b):
    """What the student's gradient got wrong, if it is one of the common slips, else None."""
    got, feedback = attempt(gradient, X, y, w.copy(), np.copy(b))
    if feedback is not None or not (isinstance(got, (tuple, list)) and len(got) == 2):
        return None
    for (sw, sb), what in slips(model, X, y, w, b):
        if close(got[0], sw, rtol=1e-6) and close(got[1], sb, rtol=1e-6):
            return what
    return None


def check_gradient_function(model, gradient, seeds=(0, 1, 2)):
    """Is ``gradient(X, y, w, b) -> (dw, db)`` the gradient of ``model``'s loss?

    Compared with central finite differences (``gdlib.check_gradient``) on a
    few random problems; correct means a relative error below 1e-6. A wrong
    gradient that is one of the common ``slips`` gets that slip named, and each
    wrong answer the next rung of the neuron's hint ladder (``hints``).
    """
    messages, hints = MESSAGES["gradient"], HINTS["gradient"]
    worst, slip = 0.0, None
    for seed in seeds:
        X, y, w, b = problem(model, seed)
        err, feedback = attempt(gradcheck.check_gradient, model, X, y, w, b, gradient)
        if feedback is not None:
            return feedback
        if err >= 1e-6 and slip is None:
            slip = _name_slip(model, gradient, X, y, w, b)
        worst = max(worst, err)
    exercise = f"gradient of the {model.name} neuron"
    if worst < 1e-6:
        return right(exercise, say(messages, "right", error=worst))
    what = say(messages, "slip" if slip else "other", error=worst, slip=slip)
    return wrong(exercise, what, ladder(hints[model.name]), slip=slip or "other")
