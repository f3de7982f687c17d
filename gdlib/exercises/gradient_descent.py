"""Exercises of notebooks 01–02: a loss function, the best bias, one GD step, the zigzag,
a whole GD loop."""
from __future__ import annotations

import numpy as np

from .. import descent, linear, logistic, softmax
from .feedback import (
    NOT_YET_NUMBER,
    Feedback,
    attempt,
    check_value,
    close,
    pair,
    problem,
)

LOSS_HINTS = {
    linear: "L = 1/(2n) Σ (ŷ − y)² with ŷ = Xw + b: half the mean of the squared residuals.",
    logistic: "L = −mean(y log ŷ + (1 − y) log(1 − ŷ)) with ŷ = σ(Xw + b).",
    softmax: "L = −mean over i of log ŷ_{y_i}, with Ŷ = softmax(XW + b) row by row.",
}


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
                return Feedback(False, f"your function should return one number, got "
                                       f"{type(got).__name__}. Hint: {LOSS_HINTS[model]}")
            n = len(y)
            mean = "you summed instead of averaging (divide by n)"
            slips = {2.0: "you left out the factor ½", float(n): mean,
                     2.0 * n: f"{mean} and left out the factor ½"}
            slip = next((s for r, s in slips.items() if np.isclose(ratio, r)), None)
            if model is linear and slip:
                return Feedback(False, f"your loss is {ratio:.3g} times too large: {slip}. "
                                       f"Hint: {LOSS_HINTS[model]}")
            return Feedback(False, f"your loss gives {float(got):.6g} where it should give "
                                   f"{expected:.6g}. Hint: {LOSS_HINTS[model]}")
    return Feedback(True, "correct: your loss agrees with gdlib's on three random problems.")


def check_best_bias(answer, X, y):
    """The best bias b when the weights are held at w = 0 (a neuron that ignores x).

    Then ŷ = b for every example and L(0, b) = 1/(2n) Σ (b − y)², whose minimum is
    at ∂L/∂b = b − ȳ = 0: the mean of the targets (computed here from ``y``).
    """
    if answer is None:
        return NOT_YET_NUMBER
    _, b_bar = linear.least_squares(X, y)
    expected = float(np.mean(y))
    if close(answer, b_bar) and not np.isclose(b_bar, expected):
        return Feedback(False, f"{float(answer):.4g} is b̄, the best bias when w is free "
                               f"too; here w is held at 0, so ŷ = b for every example. "
                               f"Hint: set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero.")
    return check_value(answer, expected, "the best bias for w = 0",
                       "with w = 0, ŷ = b for every example, so L(0, b) = 1/(2n) Σ (b − y⁽ⁱ⁾)²; "
                       "set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero and solve for b.")


def check_fit_line(fit_line, seeds=(0, 1, 2)):
    """Is ``fit_line(x, y) -> (w, b)`` the least-squares line (where ∇L = 0)?

    Compared with ``linear.least_squares`` on a few random one-feature data sets.
    """
    hint = ("∂L/∂b = 0 gives b = ȳ − w x̄; put that into ∂L/∂w = 0 and solve for w "
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
            return Feedback(False, f"on a test set your line is w = {np.ravel(w)}, b = {b}; "
                                   f"the minimum is at w = {w_ref[0]:.6g}, b = {b_ref:.6g}. "
                                   f"Hint: {hint}")
    return Feedback(True, "correct: your (w̄, b̄) are where the gradient vanishes, the "
                          "global minimum, on three random data sets.")


def _sequential_step(X, y, w, b, lr):
    """The wrong, sequential update: w first, then b with the gradient at the new w."""
    gw, _ = linear.gradient(X, y, w, b)
    w = w - lr * gw
    return w, b - lr * linear.gradient(X, y, w, b)[1]


def check_gd_step(gd_step, seeds=(0, 1, 2)):
    """Is ``gd_step(X, y, w, b, lr) -> (w, b)`` one GD update of the linear neuron?

    The reference is one update of ``gdlib.descend``. A sequential update (b computed
    with the new w) and a step uphill are recognised and named.
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
        seq_w, seq_b = _sequential_step(X, y, w, b, lr)
        gw, gb = linear.gradient(X, y, w, b)
        if close(got_w, seq_w) and close(got_b, seq_b):
            why = ("you updated b with the gradient at the new w. Compute the whole "
                   "gradient at θ^[t] first, then change w and b (simultaneous update).")
        elif close(got_w, w + lr * gw) and close(got_b, b + lr * gb):
            why = "you stepped uphill: θ ← θ − α∇L, with a minus."
        else:
            why = ("take (dw, db) = linear.gradient(X, y, w, b), then return "
                   "w − lr·dw and b − lr·db.")
        return Feedback(False, f"your step does not match one GD update. Hint: {why}")
    return Feedback(True, "correct: your step matches one update of gdlib.descend.")


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
    name = "the number of updates"
    hint = (f"the factor per update is |1 − αλ_max| = {factor:.3g}; solve "
            f"{factor:.3g}^t ≤ 1/{shrink:g} for t with logarithms.")
    if answer is None:
        return NOT_YET_NUMBER
    if close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return Feedback(False, f"t = {float(answer):.4g} solves the equation exactly, but "
                               f"updates come whole: after {expected - 1} updates the error "
                               f"is not yet {shrink:g} times smaller. Hint: Round up.")
    return check_value(answer, expected, name, hint, rtol=1e-9)


def check_gradient_descent(gradient_descent):
    """Is ``gradient_descent(X, y, w, b, lr, tol, max_updates) -> (w, b, updates)`` GD with a stop?

    "Repeat until it converges": before each update, stop if ‖∇L(θ^[t])‖ < tol; never
    make more than ``max_updates`` updates. Compared with ``gdlib.descend(..., tol=tol)``
    on runs that converge and on one that hits the cap.
    """
    hint = ("at the top of the loop compute (dw, db) = linear.gradient(X, y, w, b); if "
            "np.sqrt(np.sum(dw**2) + db**2) < tol, stop; otherwise update w and b and count "
            "one update. Loop at most max_updates times.")
    cases = [(0, 0.5, 1e-6, 1000), (1, 0.9, 1e-8, 1000), (2, 0.5, 1e-10, 5)]
    for seed, fraction, tol, cap in cases:
        X, y, w, b = problem(linear, seed)
        lr = fraction * linear.critical_learning_rate(X)
        h = descent.descend(linear, X, y, lr=lr, epochs=cap, w0=w, b0=b, tol=tol)
        result, feedback = attempt(gradient_descent, X, y, w.copy(), b, lr, tol, cap)
        if feedback is None and not (isinstance(result, tuple) and len(result) == 3):
            feedback = Feedback(False, "gradient_descent should return three things: "
                                       "`return w, b, updates`.")
        if feedback is not None:
            return feedback
        got_w, got_b, updates = result
        if updates != h.updates:
            return Feedback(False, f"with tol = {tol:g} and max_updates = {cap} your loop made "
                                   f"{updates} updates; it should make {h.updates}. Hint: {hint}")
        if not (close(got_w, h.w, rtol=1e-6) and close(got_b, h.b, rtol=1e-6)):
            return Feedback(False, f"the right number of updates ({updates}), but the final "
                                   f"θ differs from gdlib.descend's. Hint: {hint}")
    return Feedback(True, "correct: your loop stops exactly where gdlib.descend(..., tol=tol) "
                          "does, and respects the cap.")

