"""Exercises of notebook 01: a loss function, the best bias, the minimum of a line's loss, and
a chord that witnesses non-convexity (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import linear, logistic, softmax
from ..i18n import N_
from .feedback import (NOT_YET_NUMBER, Feedback, attempt, check_value, close, ladder, pair,
                       problem, right, say, wrong)
from .gradients import SUM_FORMS

#: check_loss_function: a wrong loss, and the slip its ratio to the right one names.
LOSS_MESSAGES = {
    "right": N_("correct: your loss agrees with gdlib's on three random problems."),
    "type": N_("your function should return one number, got {type}."),
    "ratio": N_("your loss is {ratio:.3g} times the right one: {slip}"),
    "other": N_("your loss gives {got:.6g} where it should give {expected:.6g}."),
    "sum": N_("you summed over the examples ({sum_form}) where gdlib's loss is a mean: divide "
              "by n."),
    "sign": N_("it has the wrong sign: the log of a probability is negative, so the "
               "cross-entropy carries a minus sign in front."),
    "half": N_("you left out the factor ½."),
    "sum_linear": N_("you summed instead of averaging (divide by n)."),
    "sum_half": N_("you summed instead of averaging (divide by n) and left out the factor ½."),
}

#: The ladder of each neuron's loss exercise (every slip climbs its own).
LOSS_HINTS = {
    linear: [N_("compare your code with the loss's formula piece by piece: the prediction, the "
                "residual, the square, the factor in front."),
             N_("L = 1/(2n) Σ (ŷ − y)² with ŷ = Xw + b: half the mean of the squared "
                "residuals.")],
    logistic: [N_("compare your code with the loss's formula piece by piece: the prediction "
                  "σ(z), the two logs, the sign, the mean."),
               N_("L = −mean(y log ŷ + (1 − y) log(1 − ŷ)) with ŷ = σ(Xw + b).")],
    softmax: [N_("compare your code with the loss's formula piece by piece: the probabilities "
                 "row by row, the log of the true class's one, the sign, the mean."),
              N_("L = −mean over i of log ŷ_{y_i}, with Ŷ = softmax(XW + b) row by row.")],
}

BEST_BIAS_MESSAGES = {
    "name": N_("the best bias for w = 0"),
    "b_bar": N_("{answer:.4g} is b̄, the best bias when w is free too; here w is held at 0, so "
                "ŷ = b for every example."),
    "median": N_("{answer:.4g} is the median of y: it minimises the mean absolute error, not "
                 "the mean squared one."),
}

BEST_BIAS_HINTS = [N_("with w = 0, ŷ = b for every example: L(0, b) = 1/(2n) Σ (b − y⁽ⁱ⁾)² is "
                      "a parabola in b."),
                   N_("set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero and solve for b.")]

FIT_LINE_MESSAGES = {
    "right": N_("correct: your (w̄, b̄) are where the gradient vanishes, the global minimum, on "
                "three random data sets."),
    "swapped": N_("your pair is (b̄, w̄): the two are swapped."),
    "bias": N_("your w is right, your b is not."),
    "not_numbers": N_("fit_line should return two numbers, w and b; it returned {w} and {b}."),
    "other": N_("on a test set your line is w = {w:.4g}, b = {b:.4g}, where the gradient is "
                "(∂L/∂w, ∂L/∂b) = ({dw:.3g}, {db:.3g}), not zero: not the minimum."),
}

FIT_LINE_HINTS = {
    "swapped": [N_("fit_line returns the pair in the order (w, b).")],
    "bias": [N_("once w is known, ∂L/∂b = 0 gives b = ȳ − w x̄.")],
    "other": [N_("the minimum is where both partial derivatives vanish: write ∂L/∂b = 0 and "
                 "∂L/∂w = 0."),
              N_("∂L/∂b = 0 gives b = ȳ − w x̄; put that into ∂L/∂w = 0 and solve for w "
                 "(it comes out in terms of the deviations x − x̄ and y − ȳ).")],
}

CHORD_MESSAGES = {
    "right": N_("a witness: between your θ₁ and θ₂ the loss rises {rise:.3f} above the chord "
                "(at least {at_least:g} was asked). No convex function could do that."),
    "not_pairs": N_("θ₁ and θ₂ should each be a pair of numbers (w, b), e.g. theta1 = (-4.0, "
                    "0.0)."),
    "not_finite": N_("θ₁ and θ₂ should hold finite numbers."),
    "low": N_("the loss rises only {rise:.3f} above your chord (at least {at_least:g} is "
              "asked)."),
    "convex": N_("the loss stays on or below your chord: on this segment it looks convex."),
}

CHORD_HINTS = [N_("the rise comes from a plateau next to a steep drop: put one end on a "
                  "plateau, where the neuron is confidently wrong, and the other near the "
                  "minimum."),
               N_("move b too: the chord of the figure (b = 0) gives 0.127; other lines through "
                  "the (w, b) plane cross the plateau's edge more steeply."),
               N_("try an end far out, with |w| large (say w = −10), and choose b for it; keep "
                  "the other end near the minimum, around (0.5, 0).")]


def _loss_slip(model, ratio, n):
    """What a loss ``ratio`` times the right one says about the slip (a key, a sentence)."""
    slips = [(float(n), "sum", say(LOSS_MESSAGES, "sum", sum_form=SUM_FORMS[model])),
             (-1.0, "sign", say(LOSS_MESSAGES, "sign"))]
    if model is linear:
        slips = [(2.0, "half", say(LOSS_MESSAGES, "half")),
                 (float(n), "sum", say(LOSS_MESSAGES, "sum_linear")),
                 (2.0 * n, "sum_half", say(LOSS_MESSAGES, "sum_half"))]
    return next(((key, text) for r, key, text in slips if np.isclose(ratio, r)), (None, None))


def check_loss_function(model, loss):
    """Is ``loss(X, y, w, b)`` the loss of ``model`` (its ``model.loss``)?

    Compared on a few random problems. The classic slips are recognised and named: a sum
    instead of a mean (every neuron, in that neuron's own sum form), no ½ (the linear
    neuron), a missing minus sign (the cross-entropies).
    """
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
            return wrong(exercise, say(LOSS_MESSAGES, "type", type=type(got).__name__),
                         ladder(LOSS_HINTS[model]), slip="type")
        key, slip = _loss_slip(model, ratio, len(y))
        if slip:
            return wrong(exercise, say(LOSS_MESSAGES, "ratio", ratio=ratio, slip=slip),
                         ladder(LOSS_HINTS[model]), slip=key)
        return wrong(exercise, say(LOSS_MESSAGES, "other", got=float(got), expected=expected),
                     ladder(LOSS_HINTS[model]), slip="other")
    return right(exercise, say(LOSS_MESSAGES, "right"))


def check_best_bias(answer, X, y):
    """The best bias b when the weights are held at w = 0 (a neuron that ignores x).

    Then ŷ = b for every example and L(0, b) = 1/(2n) Σ (b − y)², whose minimum is
    at ∂L/∂b = b − ȳ = 0: the mean of the targets (computed here from ``y``).
    """
    exercise = "best bias"
    if answer is None:
        return NOT_YET_NUMBER
    b_bar = linear.least_squares(X, y)[1]
    expected = float(np.mean(y))
    for slip, near in (("b_bar", b_bar), ("median", np.median(y))):
        if close(answer, near) and not np.isclose(near, expected):
            return wrong(exercise, say(BEST_BIAS_MESSAGES, slip, answer=float(answer)),
                         ladder(BEST_BIAS_HINTS[1:]), slip=slip)
    return check_value(answer, expected, say(BEST_BIAS_MESSAGES, "name"),
                       ladder(BEST_BIAS_HINTS), exercise=exercise)


def check_fit_line(fit_line, seeds=(0, 1, 2)):
    """Is ``fit_line(x, y) -> (w, b)`` the least-squares line (where ∇L = 0)?

    Compared with ``linear.least_squares`` on a few random one-feature data sets. A
    swapped pair (b, w) and a right w with a wrong b are named; a wrong line is told
    its gradient, which is not zero.
    """
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
            return wrong(exercise, say(FIT_LINE_MESSAGES, slip), ladder(FIT_LINE_HINTS[slip]),
                         slip=slip)
        try:
            grad = linear.gradient(x.reshape(-1, 1), y, np.ravel(np.asarray(w, dtype=float)),
                                   float(b))
        except (TypeError, ValueError):
            return Feedback(False, say(FIT_LINE_MESSAGES, "not_numbers", w=repr(w), b=repr(b)))
        return wrong(exercise, say(FIT_LINE_MESSAGES, "other", w=float(np.ravel(w)[0]),
                                   b=float(b), dw=grad[0][0], db=grad[1]),
                     ladder(FIT_LINE_HINTS["other"]), slip="other")
    return right(exercise, say(FIT_LINE_MESSAGES, "right"))


def check_chord_witness(theta1, theta2, x, y, at_least=0.15):
    """Open challenge (01): two points θ₁ = (w₁, b₁), θ₂ = (w₂, b₂) between which the sigmoid
    neuron's squared error on (x, y) rises at least ``at_least`` above its chord.

    Any such pair is a good answer. The rise is measured on 400 points of the segment:
    max over s of L((1 − s)θ₁ + sθ₂) − [(1 − s)L(θ₁) + sL(θ₂)].
    """
    if theta1 is None or theta2 is None:
        return NOT_YET_NUMBER
    try:
        t1, t2 = (np.asarray(t, dtype=np.float64).reshape(2) for t in (theta1, theta2))
    except (TypeError, ValueError):
        return Feedback(False, say(CHORD_MESSAGES, "not_pairs"))
    if not (np.all(np.isfinite(t1)) and np.all(np.isfinite(t2))):
        return Feedback(False, say(CHORD_MESSAGES, "not_finite"))
    x, y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    loss = lambda t: logistic.squared_error_from_logits(t[0] * x + t[1], y)
    s = np.linspace(0.0, 1.0, 400)
    rise = max(loss((1 - u) * t1 + u * t2) - ((1 - u) * loss(t1) + u * loss(t2)) for u in s)
    if rise >= at_least:
        return right("chord_witness", say(CHORD_MESSAGES, "right", rise=rise, at_least=at_least))
    what = say(CHORD_MESSAGES, "low" if rise > 1e-12 else "convex", rise=rise,
               at_least=at_least)
    return wrong("chord_witness", what, ladder(CHORD_HINTS))
