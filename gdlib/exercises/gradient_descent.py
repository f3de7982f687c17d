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


def _all(hints):
    """The hints of a ladder (marked with N_), in the current language."""
    return [_(hint) for hint in hints]


def check_loss_function(model, loss):
    """Is ``loss(X, y, w, b)`` the loss of ``model`` (its ``model.loss``)?

    Compared on a few random problems. For the linear neuron the two classic slips
    (no ½, a sum instead of a mean) are recognised and named.
    """
    for seed in (0, 1, 2):
        X, y, w, b = problem(model, seed)
        expected = model.loss(X, y, w, b)
        got, feedback = attempt(loss, X, y, w.copy(), np.copy(b))
        if feedback is not None:
            return feedback
        if not close(got, expected):
            try:
                ratio = float(got) / expected
            except (TypeError, ValueError):
                return Feedback(False, _("your function should return one number, got "
                                         "{type}. Hint: {hint}").format(
                    type=type(got).__name__, hint=_(LOSS_HINTS[model])))
            n = len(y)
            slips = {2.0: _("you left out the factor ½"),
                     float(n): _("you summed instead of averaging (divide by n)"),
                     2.0 * n: _("you summed instead of averaging (divide by n) and left out "
                                "the factor ½")}
            slip = next((s for r, s in slips.items() if np.isclose(ratio, r)), None)
            if model is linear and slip:
                return Feedback(False, _("your loss is {ratio} times too large: {slip}. "
                                         "Hint: {hint}").format(
                    ratio=f"{ratio:.3g}", slip=slip, hint=_(LOSS_HINTS[model])))
            return Feedback(False, _("your loss gives {got} where it should give {expected}. "
                                     "Hint: {hint}").format(
                got=f"{float(got):.6g}", expected=f"{expected:.6g}", hint=_(LOSS_HINTS[model])))
    return Feedback(True, _("correct: your loss agrees with gdlib's on three random problems."))


def check_best_bias(answer, X, y):
    """The best bias b when the weights are held at w = 0 (a neuron that ignores x).

    Then ŷ = b for every example and L(0, b) = 1/(2n) Σ (b − y)², whose minimum is
    at ∂L/∂b = b − ȳ = 0: the mean of the targets (computed here from ``y``).
    """
    if answer is None:
        return NOT_YET_NUMBER
    b_bar = linear.least_squares(X, y)[1]
    expected = float(np.mean(y))
    if close(answer, b_bar) and not np.isclose(b_bar, expected):
        return Feedback(False, _("{answer} is b̄, the best bias when w is free too; here w "
                                 "is held at 0, so ŷ = b for every example. Hint: set ∂L/∂b = "
                                 "(1/n) Σ (b − y⁽ⁱ⁾) to zero.").format(answer=f"{float(answer):.4g}"))
    return check_value(answer, expected, _("the best bias for w = 0"),
                       _("with w = 0, ŷ = b for every example, so L(0, b) = 1/(2n) Σ (b − y⁽ⁱ⁾)²; "
                         "set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero and solve for b."))


def check_fit_line(fit_line, seeds=(0, 1, 2)):
    """Is ``fit_line(x, y) -> (w, b)`` the least-squares line (where ∇L = 0)?

    Compared with ``linear.least_squares`` on a few random one-feature data sets.
    """
    hint = _("∂L/∂b = 0 gives b = ȳ − w x̄; put that into ∂L/∂w = 0 and solve for w "
             "(it comes out in terms of the deviations x − x̄ and y − ȳ).")
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
        if not (close(np.ravel(w), w_ref) and close(b, b_ref)):
            return Feedback(False, _("on a test set your line is w = {w}, b = {b}; the "
                                     "minimum is at w = {w_min}, b = {b_min}. Hint: {hint}").format(
                w=f"{np.ravel(w)}", b=f"{b}", w_min=f"{w_ref[0]:.6g}", b_min=f"{b_ref:.6g}",
                hint=hint))
    return Feedback(True, _("correct: your (w̄, b̄) are where the gradient vanishes, the "
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
        return wrong("gd_step", what, _all(GD_STEP_HINTS[key]))
    return right("gd_step", _("correct: your step matches one update of gdlib.descend."))


def check_zigzag_updates(answer, X, fraction=0.95, shrink=1000.0):
    """Updates until GD at α = fraction · α_crit shrinks the error along u_max ``shrink``-fold.

    Along the eigenvector u_max of H the error is multiplied by 1 − αλ_max at every
    update, so after t updates it is |1 − αλ_max|^t times its start: the answer is
    the smallest whole t with |1 − αλ_max|^t ≤ 1/shrink. Computed from
    ``linear.hessian(X)`` and ``linear.critical_learning_rate(X)``.
    """
    lam_max = np.linalg.eigvalsh(linear.hessian(X))[-1]
    factor = abs(1.0 - fraction * linear.critical_learning_rate(X) * lam_max)
    exact = np.log(shrink) / -np.log(factor)
    expected = int(np.ceil(exact - 1e-9))
    name = _("the number of updates")
    hint = _("the factor per update is |1 − αλ_max| = {factor}; solve {factor}^t ≤ 1/{shrink} "
             "for t with logarithms.").format(factor=f"{factor:.3g}", shrink=f"{shrink:g}")
    if answer is None:
        return NOT_YET_NUMBER
    if close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return Feedback(False, _("t = {t} solves the equation exactly, but updates come whole: "
                                 "after {before} updates the error is not yet {shrink} times "
                                 "smaller. Hint: Round up.").format(
            t=f"{float(answer):.4g}", before=expected - 1, shrink=f"{shrink:g}"))
    return check_value(answer, expected, name, hint, rtol=1e-9)


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
        if feedback is None and not (isinstance(result, tuple) and len(result) == 3):
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
