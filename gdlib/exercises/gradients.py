"""Checks of a student's gradient function, for any of the three neurons (notebooks 04–06),
naming the common slips."""
from __future__ import annotations

import numpy as np

from .. import checks, linear, logistic, softmax
from ..i18n import N_
from .feedback import attempt, close, ladder, problem, right, say, wrong

#: The loss of each neuron written as a sum over the examples (a sum where gdlib means).
SUM_FORMS = {linear: "½Σ(ŷ − y)²", logistic: "−Σ(y log ŷ + (1 − y) log(1 − ŷ))",
             softmax: "−Σ log ŷ_{y_i}"}

GRADIENT_MESSAGES = {
    "right": N_("correct: relative error {error:.1e} against finite differences."),
    "slip": N_("relative error {error:.2g} against finite differences (should be below 1e-6): "
               "{slip}"),
    "other": N_("relative error {error:.2g} against finite differences (should be below "
                "1e-6)."),
    # the common slips (``slips``)
    "sum": N_("your gradient is n times too large: you summed over the examples (the sum form "
              "{sum_form}) where gdlib's loss is a mean; divide by n."),
    "sign": N_("your gradient has the wrong sign, so it points uphill: the residual is ŷ − y, "
               "not y − ŷ."),
    "no_half": N_("your gradient is twice too large: it is the gradient of mean (ŷ − y)², "
                  "without the ½ of gdlib's loss."),
    "sigmoid_prime": N_("you multiplied by σ′(z) = ŷ(1 − ŷ): that is the gradient of the "
                        "squared error through a sigmoid. With cross-entropy σ′ cancels against "
                        "the log's derivative, and ∂ℓ/∂z = ŷ − y."),
    "zero": N_("your gradient is zero: you used the one-hot y_k where ŷ_k is meant (the slide's "
               "typo), so every term y_k − [y = k] vanishes."),
}

#: The hint ladder of each neuron's gradient exercise, vague to concrete (the code itself
#: stays in the notebook's hidden solution).
GRADIENT_HINTS = {
    linear: [N_("compare your formula with ∂L/∂w_j = (1/n) Σ_i (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x_j⁽ⁱ⁾ term by "
                "term: the sign of the residual, the 1/n, any extra factor."),
             N_("with the residuals r = ŷ − y (ŷ = Xw + b), ∂L/∂w is Xᵀr / n and ∂L/∂b is the "
                "mean of r.")],
    logistic: [N_("the logistic gradient has exactly the linear neuron's form; only ŷ changes."),
               N_("with ŷ = σ(Xw + b) and r = ŷ − y: ∂L/∂w = Xᵀr / n and ∂L/∂b = mean(r), "
                  "with no σ′ factor.")],
    softmax: [N_("one example's ∂ℓ/∂z_k is ŷ_k − [y = k]: prediction minus one-hot target, "
                 "one column per class."),
              N_("build Ŷ = softmax(XW + b) (n × K) and Y = softmax.one_hot(y, K); the "
                 "residuals R = Ŷ − Y play the part of ŷ − y."),
              N_("∂L/∂W = XᵀR / n has W's shape (d × K); ∂L/∂b is the mean of R over the "
                 "rows, shape (K,).")],
}


def slips(model, X, y, w, b):
    """The gradients that the common slips give at θ = (w, b), each with its name.

    A list of ((dw, db), what went wrong). Every neuron: the *sum* form of its own loss (n
    times the mean's gradient) and the wrong sign (y − ŷ). The linear neuron: the mean of
    (ŷ − y)² without the ½ (twice the gradient). The logistic neuron: an extra factor
    σ′(z) = ŷ(1 − ŷ), the gradient of the squared error through a sigmoid. The softmax
    neuron: the slide's y_k for ŷ_k, which gives zero.
    """
    dw, db = model.gradient(X, y, w, b)
    n = len(y)
    found = [((n * dw, n * db), say(GRADIENT_MESSAGES, "sum", sum_form=SUM_FORMS[model])),
             ((-dw, -db), say(GRADIENT_MESSAGES, "sign"))]
    if model is linear:
        found.append(((2 * dw, 2 * db), say(GRADIENT_MESSAGES, "no_half")))
    if model is logistic:
        y_hat = logistic.sigmoid(X @ w + b)
        r = (y_hat - y) * y_hat * (1 - y_hat)
        found.append(((X.T @ r / n, r.mean()), say(GRADIENT_MESSAGES, "sigmoid_prime")))
    if model is softmax:
        found.append(((np.zeros_like(dw), np.zeros_like(db)), say(GRADIENT_MESSAGES, "zero")))
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
    wrong answer the next rung of the neuron's hint ladder (``GRADIENT_HINTS``).
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
    exercise = f"gradient of the {model.name} neuron"
    if worst < 1e-6:
        return right(exercise, say(GRADIENT_MESSAGES, "right", error=worst))
    what = say(GRADIENT_MESSAGES, "slip" if slip else "other", error=worst, slip=slip)
    return wrong(exercise, what, ladder(GRADIENT_HINTS[model]), slip=slip or "other")
