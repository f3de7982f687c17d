"""Exercises of notebook 02: one GD step, the zigzag, a whole GD loop, and an α for the narrow
bowl (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from .feedback import (NOT_YET_NUMBER, Feedback, attempt, check_value, close, ladder, number,
                       pair, problem, right, say, texts, wrong)

MESSAGES, HINTS = texts("gradient_descent")


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
    messages, hints = MESSAGES["gd_step"], HINTS["gd_step"]
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
        what = say(messages, what)
        return wrong("gd_step", what, ladder(hints[key]),
                     slip=key if key != "other" else what)
    return right("gd_step", say(messages, "right"))


def check_zigzag_updates(answer, X, fraction=0.95, shrink=1000.0):
    """Updates until GD at α = fraction · α_crit shrinks the error along u_max ``shrink``-fold.

    Along the eigenvector u_max of H the error is multiplied by 1 − αλ_max at every
    update, so after t updates it is |1 − αλ_max|^t times its start: the answer is
    the smallest whole t with |1 − αλ_max|^t ≤ 1/shrink. Computed from
    ``linear.hessian(X)`` and ``linear.critical_learning_rate(X)``. An unrounded t and
    one rounded down are named.
    """
    messages, hints = MESSAGES["zigzag"], HINTS["zigzag"]
    exercise = "zigzag updates"
    lam_max = np.linalg.eigvalsh(linear.hessian(X))[-1]
    factor = abs(1.0 - fraction * linear.critical_learning_rate(X) * lam_max)
    exact = np.log(shrink) / -np.log(factor)
    expected = int(np.ceil(exact - 1e-9))
    if answer is None:
        return NOT_YET_NUMBER
    round_up = ladder(hints["round_up"], before=expected - 1, shrink=shrink)
    if close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return wrong(exercise, say(messages, "unrounded", t=float(answer)), round_up,
                     slip="unrounded")
    if close(answer, expected - 1) and not np.isclose(exact, expected):
        return wrong(exercise, say(messages, "floor", t=expected - 1, shrink=shrink),
                     round_up[1:], slip="floor")
    return check_value(answer, expected, say(messages, "name"),
                       ladder(hints["other"], factor=factor, shrink=shrink), rtol=1e-9,
                       exercise=exercise)


def check_gradient_descent(gradient_descent):
    """Is ``gradient_descent(X, y, w, b, lr, tol, max_updates) -> (w, b, updates)`` GD with a stop?

    "Repeat until it converges": before each update, stop if ‖∇L(θ^[t])‖ < tol; never
    make more than ``max_updates`` updates. Compared with ``gdlib.descend(..., tol=tol)``
    on runs that converge and on one that hits the cap. Testing after the update and
    never stopping are named; hints come one rung at a time.
    """
    messages, hints = MESSAGES["gradient_descent"], HINTS["gradient_descent"]
    cases = [(0, 0.5, 1e-6, 1000), (1, 0.9, 1e-8, 1000), (2, 0.5, 1e-10, 5)]
    for seed, fraction, tol, cap in cases:
        X, y, w, b = problem(linear, seed)
        lr = fraction * linear.critical_learning_rate(X)
        history = descent.descend(linear, X, y, lr=lr, epochs=cap, w0=w, b0=b, tol=tol)
        result, feedback = attempt(gradient_descent, X, y, w.copy(), b, lr, tol, cap)
        if feedback is None and not (isinstance(result, (tuple, list)) and len(result) == 3):
            feedback = Feedback(False, say(messages, "three"))
        if feedback is not None:
            return feedback
        got_w, got_b, updates = result
        if updates != history.updates:
            key = ("late" if updates == history.updates + 1 else
                   "cap" if updates == cap and history.converged else "other")
            return wrong("gradient_descent", say(messages, "count", tol=tol, cap=cap, n=updates,
                                                 expected=history.updates), ladder(hints[key]))
        if not (close(got_w, history.w, rtol=1e-6) and close(got_b, history.b, rtol=1e-6)):
            return wrong("gradient_descent", say(messages, "theta", updates=updates),
                         ladder(HINTS["gd_step"]["other"]))     # the step itself is wrong
    return right("gradient_descent", say(messages, "right"))


def check_narrow_lr(lr, X, y, start=(0.0, 5.0), tol=1e-6, budget=750):
    """Open challenge (02): a constant α for which GD from ``start`` on the narrow bowl
    (X, y) reaches ‖∇L‖ < tol within ``budget`` updates. Any such α is a good answer."""
    messages, hints = MESSAGES["narrow_lr"], HINTS["narrow_lr"]
    value, feedback = number(lr, "α")
    if feedback is not None:
        return feedback
    if value <= 0:
        return Feedback(False, say(messages, "not_positive", value=value))
    crit = linear.critical_learning_rate(X)
    lam = np.linalg.eigvalsh(linear.hessian(X))
    run = lambda a, cap=budget: descent.descend(linear, X, y, lr=a, epochs=cap, tol=tol,
                                                w0=[start[0]], b0=start[1], trajectory=False)
    history = run(value)
    fields = dict(lr=value, ratio=value / crit, tol=tol, budget=budget)
    if history.converged:
        best = run(2.0 / lam.sum(), 100 * budget)
        return right("narrow_lr", say(messages, "right", updates=history.updates,
                                      best=best.updates, **fields))
    # which part of the gradient H(θ − θ̄) is left: along u_min (crawl) or u_max (zigzag)?
    lam, U = np.linalg.eigh(linear.hessian(X))
    w_bar, b_bar = linear.least_squares(X, y)
    g_min, g_max = np.abs(lam * (U.T @ (np.r_[history.w, history.b] - np.r_[w_bar, b_bar])))
    if history.diverged or value >= crit:
        what, key = say(messages, "diverged", **fields), "zigzag"
    elif g_max > g_min:
        what, key = say(messages, "zigzag", factor=abs(1 - value * lam[-1]),
                        **fields), "zigzag"
    else:
        what, key = say(messages, "crawl", factor=abs(1 - value * lam[0]),
                        **fields), "crawl"
    return wrong("narrow_lr", what, ladder(hints[key]))
