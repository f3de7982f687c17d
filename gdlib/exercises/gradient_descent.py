"""Exercises of notebook 02: one GD step, the zigzag, a whole GD loop, and an α for the narrow
bowl (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from ..i18n import N_, ngettext
from .feedback import (NOT_YET_NUMBER, Feedback, attempt, check_value, close, ladder, number,
                       pair, problem, right, say, wrong)

GD_STEP_MESSAGES = {
    "right": N_("correct: your step matches one update of gdlib.descend."),
    "w_first": N_("you updated w first, then took ∂L/∂b at the new w: a stale mix of two "
                  "points, not a simultaneous update."),
    "b_first": N_("you updated b first (the slide's order), then took ∂L/∂w at the new b: a "
                  "stale mix of two points, not a simultaneous update."),
    "uphill": N_("you stepped uphill: the loss goes up."),
    "no_lr": N_("your step ignores the learning rate lr."),
    "only_w": N_("w moved, but b stayed where it was."),
    "only_b": N_("b moved, but w stayed where it was."),
    "other": N_("your step does not match one GD update."),
}

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

ZIGZAG_MESSAGES = {
    "name": N_("the number of updates"),
    "unrounded": N_("t = {t:.4g} solves the equation exactly, but is not a whole number of "
                    "updates."),
    "floor": N_("t = {t} is rounded down: after {t} updates the error is still more than "
                "1/{shrink:g} of its start."),
}

ZIGZAG_HINTS = {
    "round_up": [N_("updates come whole: after {before} updates the error is not yet "
                    "{shrink:g} times smaller."),
                 N_("round up.")],
    "other": [N_("the factor per update is |1 − αλ_max| = {factor:.3g}."),
              N_("solve {factor:.3g}^t ≤ 1/{shrink:g} for t with logarithms.")],
}

GRADIENT_DESCENT_MESSAGES = {
    "right": N_("correct: your loop stops exactly where gdlib.descend(..., tol=tol) does, and "
                "respects the cap."),
    "three": N_("gradient_descent should return three things: `return w, b, updates`."),
    "count": lambda n: ngettext(
        "with tol = {tol:g} and max_updates = {cap} your loop made {n} update; it should make "
        "{expected}.",
        "with tol = {tol:g} and max_updates = {cap} your loop made {n} updates; it should make "
        "{expected}.", n),
    "theta": N_("the right number of updates ({updates}), but the final θ differs from "
                "gdlib.descend's."),
}

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

NARROW_LR_MESSAGES = {
    "right": N_("α = {lr:.4g} = {ratio:.3f}·α_crit reaches ‖∇L‖ < {tol:g} in {updates} "
                "updates. (The textbook α* = 2/(λ_min + λ_max) needs {best} from this start: "
                "it is the best α for the worst start, not for every start.)"),
    "not_positive": N_("α should be positive, got {value:g}."),
    "diverged": N_("α = {lr:.4g} = {ratio:.3f}·α_crit: at or past α_crit GD does not "
                   "converge."),
    "zigzag": N_("α = {lr:.4g} = {ratio:.3f}·α_crit has not reached ‖∇L‖ < {tol:g} in {budget} "
                 "updates: what is left of ∇L is mostly the zigzag along u_max (factor "
                 "{factor:.3f} per update)."),
    "crawl": N_("α = {lr:.4g} = {ratio:.3f}·α_crit has not reached ‖∇L‖ < {tol:g} in {budget} "
                "updates: what is left of ∇L is mostly the crawl along u_min (factor "
                "{factor:.4f} per update)."),
}

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


def _sequential_step(X, y, w, b, lr, first="w"):
    """The wrong, sequential update: one parameter first, then the other with the gradient
    at the new value (``first="w"``, or ``"b"`` in the order the slide lists the updates)."""
    gw, gb = linear.gradient(X, y, w, b)
    if first == "w":
        w = w - lr * gw
        return w, b - lr * linear.gradient(X, y, w, b)[1]
    b = b - lr * gb
    return w - lr * linear.gradient(X, y, w, b)[0], b


def _gd_step_slip(X, y, w, b, lr, got_w, got_b):
    """Which slip a wrong step is: (the key of its sentence, the key of its hints)."""
    gw, gb = linear.gradient(X, y, w, b)
    is_step = lambda sw, sb: close(got_w, sw) and close(got_b, sb)
    if is_step(*_sequential_step(X, y, w, b, lr, "w")):
        return "w_first", "sequential"
    if is_step(*_sequential_step(X, y, w, b, lr, "b")):
        return "b_first", "sequential"
    if is_step(w + lr * gw, b + lr * gb):
        return "uphill", "uphill"
    if is_step(w - gw, b - gb):
        return "no_lr", "no_lr"
    if close(got_w, w - lr * gw) and close(got_b, b):
        return "only_w", "other"
    if close(got_b, b - lr * gb) and close(got_w, w):
        return "only_b", "other"
    return "other", "other"


def check_gd_step(gd_step, seeds=(0, 1, 2)):
    """Is ``gd_step(X, y, w, b, lr) -> (w, b)`` one GD update of the linear neuron?

    The reference is one update of ``gdlib.descend``. Sequential updates (either
    parameter first, the other with the gradient at its new value), a step uphill and
    a step without α are recognised and named; hints come one rung at a time.
    """
    for seed in seeds:
        X, y, w, b = problem(linear, seed)
        lr = 0.1 * (seed + 1)
        history = descent.descend(linear, X, y, lr=lr, epochs=1, w0=w, b0=b)
        result, feedback = attempt(gd_step, X, y, w.copy(), b, lr)
        if feedback is None:
            result, feedback = pair(result, "gd_step")
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if close(got_w, history.w) and close(got_b, history.b):
            continue
        what, key = _gd_step_slip(X, y, w, b, lr, got_w, got_b)
        # each named slip climbs its own ladder ("w moved, b stayed" is not "b moved, w stayed")
        what = say(GD_STEP_MESSAGES, what)
        return wrong("gd_step", what, ladder(GD_STEP_HINTS[key]),
                     slip=key if key != "other" else what)
    return right("gd_step", say(GD_STEP_MESSAGES, "right"))


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
    if answer is None:
        return NOT_YET_NUMBER
    round_up = ladder(ZIGZAG_HINTS["round_up"], before=expected - 1, shrink=shrink)
    if close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return wrong(exercise, say(ZIGZAG_MESSAGES, "unrounded", t=float(answer)), round_up,
                     slip="unrounded")
    if close(answer, expected - 1) and not np.isclose(exact, expected):
        return wrong(exercise, say(ZIGZAG_MESSAGES, "floor", t=expected - 1, shrink=shrink),
                     round_up[1:], slip="floor")
    return check_value(answer, expected, say(ZIGZAG_MESSAGES, "name"),
                       ladder(ZIGZAG_HINTS["other"], factor=factor, shrink=shrink), rtol=1e-9,
                       exercise=exercise)


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
        history = descent.descend(linear, X, y, lr=lr, epochs=cap, w0=w, b0=b, tol=tol)
        result, feedback = attempt(gradient_descent, X, y, w.copy(), b, lr, tol, cap)
        if feedback is None and not (isinstance(result, (tuple, list)) and len(result) == 3):
            feedback = Feedback(False, say(GRADIENT_DESCENT_MESSAGES, "three"))
        if feedback is not None:
            return feedback
        got_w, got_b, updates = result
        if updates != history.updates:
            key = ("late" if updates == history.updates + 1 else
                   "cap" if updates == cap and history.converged else "other")
            return wrong("gradient_descent", say(GRADIENT_DESCENT_MESSAGES, "count", tol=tol,
                                                 cap=cap, n=updates, expected=history.updates),
                         ladder(GRADIENT_DESCENT_HINTS[key]))
        if not (close(got_w, history.w, rtol=1e-6) and close(got_b, history.b, rtol=1e-6)):
            return wrong("gradient_descent", say(GRADIENT_DESCENT_MESSAGES, "theta",
                                                 updates=updates),
                         ladder(GD_STEP_HINTS["other"]))
    return right("gradient_descent", say(GRADIENT_DESCENT_MESSAGES, "right"))


def check_narrow_lr(lr, X, y, start=(0.0, 5.0), tol=1e-6, budget=750):
    """Open challenge (02): a constant α for which GD from ``start`` on the narrow bowl
    (X, y) reaches ‖∇L‖ < tol within ``budget`` updates. Any such α is a good answer."""
    value, feedback = number(lr, "α")
    if feedback is not None:
        return feedback
    if value <= 0:
        return Feedback(False, say(NARROW_LR_MESSAGES, "not_positive", value=value))
    crit = linear.critical_learning_rate(X)
    lam = np.linalg.eigvalsh(linear.hessian(X))
    run = lambda a, cap=budget: descent.descend(linear, X, y, lr=a, epochs=cap, tol=tol,
                                                w0=[start[0]], b0=start[1], trajectory=False)
    history = run(value)
    fields = dict(lr=value, ratio=value / crit, tol=tol, budget=budget)
    if history.converged:
        best = run(2.0 / lam.sum(), 100 * budget)
        return right("narrow_lr", say(NARROW_LR_MESSAGES, "right", updates=history.updates,
                                      best=best.updates, **fields))
    # which part of the gradient H(θ − θ̄) is left: along u_min (crawl) or u_max (zigzag)?
    lam, U = np.linalg.eigh(linear.hessian(X))
    w_bar, b_bar = linear.least_squares(X, y)
    g_min, g_max = np.abs(lam * (U.T @ (np.r_[history.w, history.b] - np.r_[w_bar, b_bar])))
    if history.diverged or value >= crit:
        what, key = say(NARROW_LR_MESSAGES, "diverged", **fields), "zigzag"
    elif g_max > g_min:
        what, key = say(NARROW_LR_MESSAGES, "zigzag", factor=abs(1 - value * lam[-1]),
                        **fields), "zigzag"
    else:
        what, key = say(NARROW_LR_MESSAGES, "crawl", factor=abs(1 - value * lam[0]),
                        **fields), "crawl"
    return wrong("narrow_lr", what, ladder(NARROW_LR_HINTS[key]))
