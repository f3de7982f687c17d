"""Exercises of notebooks 01–02: a loss function, the best bias, the minimum, a chord that
witnesses non-convexity (open challenge), one GD step, the zigzag, a whole GD loop, and an
α for the narrow bowl (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import descent, linear, logistic, softmax
from ..i18n import N_, _
from .feedback import (
    NOT_YET_NUMBER,
    Feedback,
    attempt,
    check_value,
    close,
    number,
    pair,
    problem,
    right,
    wrong,
)

LOSS_HINTS = {
    linear: N_("L = 1/(2n) Σ (ŷ − y)² with ŷ = Xw + b: half the mean of the squared residuals."),
    logistic: N_("L = −mean(y log ŷ + (1 − y) log(1 − ŷ)) with ŷ = σ(Xw + b)."),
    softmax: N_("L = −mean over i of log ŷ_{y_i}, with Ŷ = softmax(XW + b) row by row."),
}

#: The first, vaguer rung of each loss exercise's ladder (LOSS_HINTS is the second).
LOSS_FIRST_HINTS = {
    linear: N_("compare your code with the loss's formula piece by piece: the prediction, the "
               "residual, the square, the factor in front."),
    logistic: N_("compare your code with the loss's formula piece by piece: the prediction "
                 "σ(z), the two logs, the sign, the mean."),
    softmax: N_("compare your code with the loss's formula piece by piece: the probabilities "
                "row by row, the log of the true class's one, the sign, the mean."),
}

#: The loss of each neuron written as a sum over the examples (a sum where gdlib means).
SUM_FORMS = {linear: "½Σ(ŷ − y)²", logistic: "−Σ(y log ŷ + (1 − y) log(1 − ŷ))",
             softmax: "−Σ log ŷ_{y_i}"}


def _all(hints):
    """The hints of a ladder (marked with N_), in the current language."""
    return [_(hint) for hint in hints]


def _loss_hints(model):
    return [_(LOSS_FIRST_HINTS[model]), _(LOSS_HINTS[model])]


def _loss_slip(model, ratio, n):
    """What a loss ``ratio`` times the right one says about the slip (a key, a sentence)."""
    slips = [(float(n), "sum", _("you summed over the examples ({sum_form}) where gdlib's "
                                 "loss is a mean: divide by n.").format(sum_form=SUM_FORMS[model])),
             (-1.0, "sign", _("it has the wrong sign: the log of a probability is negative, "
                              "so the cross-entropy carries a minus sign in front."))]
    if model is linear:
        slips = [(2.0, "half", _("you left out the factor ½.")),
                 (float(n), "sum", _("you summed instead of averaging (divide by n).")),
                 (2.0 * n, "sum_half", _("you summed instead of averaging (divide by n) and "
                                         "left out the factor ½."))]
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
            return wrong(exercise, _("your function should return one number, got "
                                     "{type}.").format(type=type(got).__name__),
                         _loss_hints(model), slip="type")
        key, slip = _loss_slip(model, ratio, len(y))
        if slip:
            return wrong(exercise, _("your loss is {ratio} times the right one: {slip}").format(
                ratio=f"{ratio:.3g}", slip=slip), _loss_hints(model), slip=key)
        return wrong(exercise, _("your loss gives {got} where it should give {expected}.")
                     .format(got=f"{float(got):.6g}", expected=f"{expected:.6g}"),
                     _loss_hints(model), slip="other")
    return right(exercise, _("correct: your loss agrees with gdlib's on three random problems."))


BEST_BIAS_HINTS = [N_("with w = 0, ŷ = b for every example: L(0, b) = 1/(2n) Σ (b − y⁽ⁱ⁾)² is "
                      "a parabola in b."),
                   N_("set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero and solve for b.")]


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
    if close(answer, b_bar) and not np.isclose(b_bar, expected):
        return wrong(exercise, _("{answer} is b̄, the best bias when w is free too; here w "
                                 "is held at 0, so ŷ = b for every example.")
                     .format(answer=f"{float(answer):.4g}"), _all(BEST_BIAS_HINTS[1:]),
                     slip="b_bar")
    if close(answer, np.median(y)) and not np.isclose(np.median(y), expected):
        return wrong(exercise, _("{answer} is the median of y: it minimises the mean absolute "
                                 "error, not the mean squared one.")
                     .format(answer=f"{float(answer):.4g}"), _all(BEST_BIAS_HINTS[1:]),
                     slip="median")
    return check_value(answer, expected, _("the best bias for w = 0"), _all(BEST_BIAS_HINTS),
                       exercise=exercise)


FIT_LINE_HINTS = {
    "swapped": [N_("fit_line returns the pair in the order (w, b).")],
    "bias": [N_("once w is known, ∂L/∂b = 0 gives b = ȳ − w x̄.")],
    "other": [N_("the minimum is where both partial derivatives vanish: write ∂L/∂b = 0 and "
                 "∂L/∂w = 0."),
              N_("∂L/∂b = 0 gives b = ȳ − w x̄; put that into ∂L/∂w = 0 and solve for w "
                 "(it comes out in terms of the deviations x − x̄ and y − ȳ).")],
}


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
        if close(np.ravel(b), w_ref) and close(w, b_ref):
            return wrong(exercise, _("your pair is (b̄, w̄): the two are swapped."),
                         _all(FIT_LINE_HINTS["swapped"]), slip="swapped")
        if close(np.ravel(w), w_ref):
            return wrong(exercise, _("your w is right, your b is not."),
                         _all(FIT_LINE_HINTS["bias"]), slip="bias")
        try:
            grad = linear.gradient(x.reshape(-1, 1), y, np.ravel(np.asarray(w, dtype=float)),
                                   float(b))
        except (TypeError, ValueError):
            return Feedback(False, _("fit_line should return two numbers, w and b; it "
                                     "returned {w} and {b}.").format(w=repr(w), b=repr(b)))
        return wrong(exercise, _("on a test set your line is w = {w}, b = {b}, where the "
                                 "gradient is (∂L/∂w, ∂L/∂b) = ({dw}, {db}), not zero: not "
                                 "the minimum.").format(
                                     w=f"{float(np.ravel(w)[0]):.4g}", b=f"{float(b):.4g}",
                                     dw=f"{grad[0][0]:.3g}", db=f"{grad[1]:.3g}"),
                     _all(FIT_LINE_HINTS["other"]), slip="other")
    return right(exercise, _("correct: your (w̄, b̄) are where the gradient vanishes, the "
                             "global minimum, on three random data sets."))


def _sequential_step(X, y, w, b, lr, first="w"):
    """The wrong, sequential update: one parameter first, then the other with the gradient
    at the new value (``first="w"``, or ``"b"`` in the order the slide lists the updates)."""
    gw, gb = linear.gradient(X, y, w, b)
    if first == "w":
        w = w - lr * gw
        return w, b - lr * linear.gradient(X, y, w, b)[1]
    b = b - lr * gb
    return w - lr * linear.gradient(X, y, w, b)[0], b


GD_STEP_HINTS = {
    "sequential": [
        N_("in GD both partial derivatives are taken at the same point θ^[t]."),
        N_("call linear.gradient once, before you change anything, and keep both results."),
        N_("only after (dw, db) are both computed, form the new w and the new b from them."),
    ],
    "uphill": [
        N_("look at the sign of your update."),
        N_("∇L points uphill; GD moves against it: θ ← θ − α∇L."),
    ],
    "no_lr": [
        N_("how long should the step be?"),
        N_("the step is the gradient times the learning rate α = lr."),
    ],
    "other": [
        N_("one GD update is θ^[t+1] = θ^[t] − α∇L(θ^[t]), for w and for b."),
        N_("linear.gradient(X, y, w, b) gives (∂L/∂w, ∂L/∂b) at θ^[t]; both parameters move."),
        N_("the new w is w minus lr times ∂L/∂w, and the new b is b minus lr times ∂L/∂b."),
    ],
}


def _gd_step_slip(X, y, w, b, lr, got_w, got_b):
    """Which slip a wrong step is: (what went wrong, the key of its hints)."""
    gw, gb = linear.gradient(X, y, w, b)
    is_step = lambda sw, sb: close(got_w, sw) and close(got_b, sb)
    if is_step(*_sequential_step(X, y, w, b, lr, "w")):
        return (_("you updated w first, then took ∂L/∂b at the new w: a stale mix of two "
                  "points, not a simultaneous update."), "sequential")
    if is_step(*_sequential_step(X, y, w, b, lr, "b")):
        return (_("you updated b first (the slide's order), then took ∂L/∂w at the new b: a "
                  "stale mix of two points, not a simultaneous update."), "sequential")
    if is_step(w + lr * gw, b + lr * gb):
        return _("you stepped uphill: the loss goes up."), "uphill"
    if is_step(w - gw, b - gb):
        return _("your step ignores the learning rate lr."), "no_lr"
    if close(got_w, w - lr * gw) and close(got_b, b):
        return _("w moved, but b stayed where it was."), "other"
    if close(got_b, b - lr * gb) and close(got_w, w):
        return _("b moved, but w stayed where it was."), "other"
    return _("your step does not match one GD update."), "other"


def check_gd_step(gd_step, seeds=(0, 1, 2)):
    """Is ``gd_step(X, y, w, b, lr) -> (w, b)`` one GD update of the linear neuron?

    The reference is one update of ``gdlib.descend``. Sequential updates (either
    parameter first, the other with the gradient at its new value), a step uphill and
    a step without α are recognised and named; hints come one rung at a time.
    """
    for seed in seeds:
        X, y, w, b = problem(linear, seed)
        lr = 0.1 * (seed + 1)
        h = descent.descend(linear, X, y, lr=lr, epochs=1, w0=w, b0=b)
        result, feedback = attempt(gd_step, X, y, w.copy(), b, lr)
        if feedback is None:
            result, feedback = pair(result, "gd_step")
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if close(got_w, h.w) and close(got_b, h.b):
            continue
        what, key = _gd_step_slip(X, y, w, b, lr, got_w, got_b)
        # each named slip climbs its own ladder ("w moved, b stayed" is not "b moved, w stayed")
        return wrong("gd_step", what, _all(GD_STEP_HINTS[key]),
                     slip=key if key != "other" else what)
    return right("gd_step", _("correct: your step matches one update of gdlib.descend."))


ZIGZAG_HINTS = [N_("along u_max the error is multiplied by |1 − αλ_max| at every update: after "
                    "t updates, by |1 − αλ_max|^t."),
                 N_("solve |1 − αλ_max|^t ≤ 1/shrink for t with logarithms, then round up to "
                    "a whole number of updates.")]


def check_zigzag_updates(answer, X, fraction=0.95, shrink=1000.0):
    """Updates until GD at α = fraction · α_crit shrinks the error along u_max ``shrink``-fold.

    Along the eigenvector u_max of H the error is multiplied by 1 − αλ_max at every
    update, so after t updates it is |1 − αλ_max|^t times its start: the answer is
    the smallest whole t with |1 − αλ_max|^t ≤ 1/shrink. Computed from
    ``linear.hessian(X)`` and ``linear.critical_learning_rate(X)``. An unrounded t and
    one rounded down are named.
    """
    exercise = "zigzag updates"
    lam_max = np.linalg.eigvalsh(linear.hessian(X))[-1]
    factor = abs(1.0 - fraction * linear.critical_learning_rate(X) * lam_max)
    exact = np.log(shrink) / -np.log(factor)
    expected = int(np.ceil(exact - 1e-9))
    name = _("the number of updates")
    if answer is None:
        return NOT_YET_NUMBER
    round_up = [_("updates come whole: after {before} updates the error is not yet {shrink} "
                  "times smaller.").format(before=expected - 1, shrink=f"{shrink:g}"),
                _("round up.")]
    if close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return wrong(exercise, _("t = {t} solves the equation exactly, but is not a whole "
                                 "number of updates.").format(t=f"{float(answer):.4g}"),
                     round_up, slip="unrounded")
    if close(answer, expected - 1) and not np.isclose(exact, expected):
        return wrong(exercise, _("t = {t} is rounded down: after {t} updates the error is "
                                 "still more than 1/{shrink} of its start.").format(
                                     t=expected - 1, shrink=f"{shrink:g}"),
                     round_up[1:], slip="floor")
    return check_value(answer, expected, name, [
        _("the factor per update is |1 − αλ_max| = {factor}.").format(factor=f"{factor:.3g}"),
        _("solve {factor}^t ≤ 1/{shrink} for t with logarithms.").format(
            factor=f"{factor:.3g}", shrink=f"{shrink:g}")], rtol=1e-9, exercise=exercise)


GRADIENT_DESCENT_HINTS = {
    "late": [
        N_("a start that is already good enough should cost 0 updates."),
        N_("test ‖∇L(θ^[t])‖ < tol at the top of the loop, before the update, not after it."),
    ],
    "cap": [
        N_("the loop must also end when the tolerance is reached."),
        N_("compute ‖∇L‖ = √(‖∂L/∂w‖² + (∂L/∂b)²) every round and leave the loop (break) once "
           "it is below tol."),
    ],
    "other": [
        N_("each round: the gradient at θ^[t], the test, then the simultaneous update."),
        N_("the norm is over all of θ: √(Σ_j (∂L/∂w_j)² + (∂L/∂b)²), compared with tol before "
           "updating; count only the updates you make, at most max_updates."),
    ],
}


def check_gradient_descent(gradient_descent):
    """Is ``gradient_descent(X, y, w, b, lr, tol, max_updates) -> (w, b, updates)`` GD with a stop?

    "Repeat until it converges": before each update, stop if ‖∇L(θ^[t])‖ < tol; never
    make more than ``max_updates`` updates. Compared with ``gdlib.descend(..., tol=tol)``
    on runs that converge and on one that hits the cap. Testing after the update and
    never stopping are named; hints come one rung at a time.
    """
    cases = [(0, 0.5, 1e-6, 1000), (1, 0.9, 1e-8, 1000), (2, 0.5, 1e-10, 5)]
    for seed, fraction, tol, cap in cases:
        X, y, w, b = problem(linear, seed)
        lr = fraction * linear.critical_learning_rate(X)
        h = descent.descend(linear, X, y, lr=lr, epochs=cap, w0=w, b0=b, tol=tol)
        result, feedback = attempt(gradient_descent, X, y, w.copy(), b, lr, tol, cap)
        if feedback is None and not (isinstance(result, (tuple, list)) and len(result) == 3):
            feedback = Feedback(False, _("gradient_descent should return three things: "
                                         "`return w, b, updates`."))
        if feedback is not None:
            return feedback
        got_w, got_b, updates = result
        if updates != h.updates:
            key = ("late" if updates == h.updates + 1 else
                   "cap" if updates == cap and h.converged else "other")
            return wrong("gradient_descent",
                         _("with tol = {tol} and max_updates = {cap} your loop made {updates} "
                           "updates; it should make {expected}.").format(
                             tol=f"{tol:g}", cap=cap, updates=updates, expected=h.updates),
                         _all(GRADIENT_DESCENT_HINTS[key]))
        if not (close(got_w, h.w, rtol=1e-6) and close(got_b, h.b, rtol=1e-6)):
            return wrong("gradient_descent",
                         _("the right number of updates ({updates}), but the final θ differs "
                           "from gdlib.descend's.").format(updates=updates),
                         _all(GD_STEP_HINTS["other"]))
    return right("gradient_descent", _("correct: your loop stops exactly where "
                                       "gdlib.descend(..., tol=tol) does, and respects the cap."))


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
        return Feedback(False, _("θ₁ and θ₂ should each be a pair of numbers (w, b), e.g. "
                                 "theta1 = (-4.0, 0.0)."))
    if not (np.all(np.isfinite(t1)) and np.all(np.isfinite(t2))):
        return Feedback(False, _("θ₁ and θ₂ should hold finite numbers."))
    x, y = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
    loss = lambda t: logistic.squared_error_from_logits(t[0] * x + t[1], y)
    s = np.linspace(0.0, 1.0, 400)
    rise = max(loss((1 - u) * t1 + u * t2) - ((1 - u) * loss(t1) + u * loss(t2)) for u in s)
    if rise >= at_least:
        return right("chord_witness", _("a witness: between your θ₁ and θ₂ the loss rises "
                                        "{rise} above the chord (at least {at_least} was "
                                        "asked). No convex function could do that.").format(
            rise=f"{rise:.3f}", at_least=f"{at_least:g}"))
    hints = [_("the rise comes from a plateau next to a steep drop: put one end on a plateau, "
               "where the neuron is confidently wrong, and the other near the minimum."),
             _("move b too: the chord of the figure (b = 0) gives 0.127; other lines through "
               "the (w, b) plane cross the plateau's edge more steeply."),
             _("try an end far out, with |w| large (say w = −10), and choose b for it; keep "
               "the other end near the minimum, around (0.5, 0).")]
    what = (_("the loss rises only {rise} above your chord (at least {at_least} is "
              "asked).").format(rise=f"{rise:.3f}", at_least=f"{at_least:g}")
            if rise > 1e-12 else
            _("the loss stays on or below your chord: on this segment it looks convex."))
    return wrong("chord_witness", what, hints)


def check_narrow_lr(lr, X, y, start=(0.0, 5.0), tol=1e-6, budget=750):
    """Open challenge (02): a constant α for which GD from ``start`` on the narrow bowl
    (X, y) reaches ‖∇L‖ < tol within ``budget`` updates. Any such α is a good answer."""
    value, feedback = number(lr, "α")
    if feedback is not None:
        return feedback
    if value <= 0:
        return Feedback(False, _("α should be positive, got {value}.").format(value=f"{value:g}"))
    crit = linear.critical_learning_rate(X)
    lam = np.linalg.eigvalsh(linear.hessian(X))
    run = lambda a, cap=budget: descent.descend(linear, X, y, lr=a, epochs=cap, tol=tol,
                                                w0=[start[0]], b0=start[1], trajectory=False)
    h = run(value)
    if h.converged:
        best = run(2.0 / lam.sum(), 100 * budget)
        return right("narrow_lr", _("α = {lr} = {ratio}·α_crit reaches ‖∇L‖ < {tol} in "
                                    "{updates} updates. (The textbook α* = 2/(λ_min + λ_max) "
                                    "needs {best} from this start: it is the best α for the "
                                    "worst start, not for every start.)").format(
            lr=f"{value:.4g}", ratio=f"{value / crit:.3f}", tol=f"{tol:g}", updates=h.updates,
            best=best.updates))
    # which part of the gradient H(θ − θ̄) is left: along u_min (crawl) or u_max (zigzag)?
    lam, U = np.linalg.eigh(linear.hessian(X))
    w_bar, b_bar = linear.least_squares(X, y)
    g_min, g_max = np.abs(lam * (U.T @ (np.r_[h.w, h.b] - np.r_[w_bar, b_bar])))
    fields = dict(lr=f"{value:.4g}", ratio=f"{value / crit:.3f}", tol=f"{tol:g}", budget=budget)
    if h.diverged or value >= crit:
        what, key = (_("α = {lr} = {ratio}·α_crit: at or past α_crit GD does not "
                       "converge.").format(**fields), "zigzag")
    elif g_max > g_min:
        what, key = (_("α = {lr} = {ratio}·α_crit has not reached ‖∇L‖ < {tol} in {budget} "
                       "updates: what is left of ∇L is mostly the zigzag along u_max (factor "
                       "{factor} per update).").format(
                           factor=f"{abs(1 - value * lam[-1]):.3f}", **fields), "zigzag")
    else:
        what, key = (_("α = {lr} = {ratio}·α_crit has not reached ‖∇L‖ < {tol} in {budget} "
                       "updates: what is left of ∇L is mostly the crawl along u_min (factor "
                       "{factor} per update).").format(
                           factor=f"{abs(1 - value * lam[0]):.4f}", **fields), "crawl")
    return wrong("narrow_lr", what, _all(NARROW_LR_HINTS[key]))


NARROW_LR_HINTS = {
    "crawl": [N_("the factor along u_min is 1 − αλ_min: what makes it smaller?"),
              N_("take α as large as you can while the zigzag along u_max still dies out fast."),
              N_("α may come close to α_crit, but not too close: try between 0.9 and 0.98 of "
                 "α_crit.")],
    "zigzag": [N_("∇L along u_max is λ_max times the error there, so even a small zigzag "
                  "dominates ‖∇L‖: it must die out quickly."),
               N_("the zigzag's factor |1 − αλ_max| grows towards 1 as α nears α_crit (and is "
                  "≥ 1 past it): back off a little."),
               N_("try between 0.9 and 0.98 of α_crit.")],
}
