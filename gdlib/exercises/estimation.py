"""Exercises of notebook 01: a loss function, the best bias, the minimum of a line's loss, and
a chord that witnesses non-convexity (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import linear, logistic
from .feedback import (NOT_YET_NUMBER, Feedback, attempt, check_value, close, ladder, pair,
                       problem, right, say, texts, wrong)
from .gradients import SUM_FORMS

MESSAGES, HINTS = texts("estimation")


def _loss_slip(model, ratio, n):
    """What a loss ``ratio`` times the right one says about the slip (a key, a sentence)."""
    messages = MESSAGES["loss"]
    slips = [(float(n), "sum", say(messages, "sum", sum_form=SUM_FORMS[model])),
             (-1.0, "sign", say(messages, "sign"))]
    if model is linear:
        slips = [(2.0, "half", say(messages, "half")),
                 (float(n), "sum", say(messages, "sum_linear")),
                 (2.0 * n, "sum_half", say(messages, "sum_half"))]
    return next(((key, text) for r, key, text in slips if np.isclose(ratio, r)), (None, None))


def check_loss_function(model, loss):
    """Is ``loss(X, y, w, b)`` the loss of ``model`` (its ``model.loss``)?

    Compared on a few random problems. The classic slips are recognised and named: a sum
    instead of a mean (every neuron, in that neuron's own sum form), no ½ (the linear
    neuron), a missing minus sign (the cross-entropies).
    """
    messages, hints = MESSAGES["loss"], HINTS["loss"]
    exercise = f"loss of the {model.name} neuron"
    for seed in (0, 1, 2):
        X, y, w, b = problem(model, seed)
        expected = model.loss(X, y, w, b)
        got, feedback = attempt(loss, X, y, w.copy(), np.copy(b))
        if feedback is not None:
            return feedback
        if close(got, expected):
            continue
        try:
            ratio = float(got) / expected
        except (TypeError, ValueError):
            return wrong(exercise, say(messages, "type", type=type(got).__name__),
                         ladder(hints[model.name]), slip="type")
        key, slip = _loss_slip(model, ratio, len(y))
        if slip:
            return wrong(exercise, say(messages, "ratio", ratio=ratio, slip=slip),
                         ladder(hints[model.name]), slip=key)
        return wrong(exercise, say(messages, "other", got=float(got), expected=expected),
                     ladder(hints[model.name]), slip="other")
    return right(exercise, say(messages, "right"))


def check_best_bias(answer, X, y):
    """The best bias b when the weights are held at w = 0 (a neuron that ignores x).

    Then ŷ = b for every example and L(0, b) = 1/(2n) Σ (b − y)², whose minimum is
    at ∂L/∂b = b − ȳ = 0: the mean of the targets (computed here from ``y``).
    """
    messages, hints = MESSAGES["best_bias"], HINTS["best_bias"]
    exercise = "best bias"
    if answer is None:
        return NOT_YET_NUMBER
    b_bar = linear.least_squares(X, y)[1]
    expected = float(np.mean(y))
    for slip, near in (("b_bar", b_bar), ("median", np.median(y))):
        if close(answer, near) and not np.isclose(near, expected):
            return wrong(exercise, say(messages, slip, answer=float(answer)),
                         ladder(hints[1:]), slip=slip)
    return check_value(answer, expected, say(messages, "name"),
                       ladder(hints), exercise=exercise)


def check_fit_line(fit_line, seeds=(0, 1, 2)):
    """Is ``fit_line(x, y) -> (w, b)`` the least-squares line (where ∇L = 0)?

    Compared with ``linear.least_squares`` on a few random one-feature data sets. A
    swapped pair (b, w) and a right w with a wrong b are named; a wrong line is told
    its gradient, which is not zero.
    """
    messages, hints = MESSAGES["fit_line"], HINTS["fit_line"]
    exercise = "fit_line"
    for seed in seeds:
        rng = np.random.default_rng(seed)
        x = rng.uniform(-2, 3, 15)
        y = rng.normal(1.0, 1.0) * x + rng.normal(0.0, 2.0) + 0.3 * rng.standard_normal(15)
        w_ref, b_ref = linear.least_squares(x.reshape(-1, 1), y)
        result, feedback = attempt(fit_line, x.copy(), y.copy())
        if feedback is None:
            result, feedback = pair(result, "fit_line")
        if feedback is not None:
            return feedback
        w, b = result
        if close(np.ravel(w), w_ref) and close(b, b_ref):
            continue
        slip = ("swapped" if close(np.ravel(b), w_ref) and close(w, b_ref) else
                "bias" if close(np.ravel(w), w_ref) else None)
        if slip:
            return wrong(exercise, say(messages, slip), ladder(hints[slip]),
                         slip=slip)
        try:
            grad = linear.gradient(x.reshape(-1, 1), y, np.ravel(np.asarray(w, dtype=float)),
                                   float(b))
        except (TypeError, ValueError):
            return Feedback(False, say(messages, "not_numbers", w=repr(w), b=repr(b)))
        return wrong(exercise, say(messages, "other", w=float(np.ravel(w)[0]),
                                   b=float(b), dw=grad[0][0], db=grad[1]),
                     ladder(hints["other"]), slip="other")
    return right(exercise, say(messages, "right"))


def check_chord_witness(theta1, theta2, x, y, at_least=0.15):
    """Open challenge (01): two points θ₁ = (w₁, b₁), θ₂ = (w₂, b₂) between which the sigmoid
    neuron's squared error on (x, y) rises at least ``at_least`` above its chord.

    Any such pair is a good answer. The rise is measured on 400 points of the segment:
    max over s of L((1 − s)θ₁ + sθ₂) − [(1 − s)L(θ₁) + sL(θ₂)].
    """
    messages, hints = MESSAGES["chord"], HINTS["chord"]
    if theta1 is None or theta2 is None:
        return NOT_YET_NUMBER
    try:
        t1, t2 = (np.asarray(t, dtype=np.float64).reshape(2) for t in (theta1, theta2))
    except (TypeError, ValueError):
        return Feedback(False, say(messages, "not_pairs"))
    if not (np.all(np.isfinite(t1)) and np.all(np.isfinite(t2))):
        return Feedback(False, say(messages, "not_finite"))
    x, y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    loss = lambda t: logistic.squared_error_from_logits(t[0] * x + t[1], y)
    s = np.linspace(0.0, 1.0, 400)
    rise = max(loss((1 - u) * t1 + u * t2) - ((1 - u) * loss(t1) + u * loss(t2)) for u in s)
    if rise >= at_least:
        return right("chord_witness", say(messages, "right", rise=rise, at_least=at_least))
    what = say(messages, "low" if rise > 1e-12 else "convex", rise=rise,
               at_least=at_least)
    return wrong("chord_witness", what, ladder(hints))
