"""Exercises of notebooks 05–06: the best constant predictor, the α that blows up, softmax."""
from __future__ import annotations

import numpy as np

from .. import descent, linear, logistic, softmax
from .feedback import Feedback, attempt, number


def check_bias_only(answer, y):
    """Is ``answer`` the best bias b of a logistic neuron that ignores its features (w = 0)?

    With w = 0 every prediction is ŷ⁽ⁱ⁾ = σ(b). The answer is right when gdlib's
    own gradient ∂L/∂b = mean(σ(b) − y) vanishes there (|∂L/∂b| < 1e-4): the loss
    is convex in b, so that zero is its minimum.
    """
    b, feedback = number(answer, "b")
    if feedback is not None:
        return feedback
    y = np.asarray(y, dtype=np.float64)
    _, db = logistic.gradient(np.zeros((len(y), 1)), y, np.zeros(1), b)
    if abs(db) < 1e-4:
        return Feedback(True, f"correct: b = {b:.4f}, so every ŷ = σ(b) = "
                              f"{logistic.sigmoid(b):.4f}, the share of class 1 in y.")
    return Feedback(False, f"at b = {b:.4g} the gradient ∂L/∂b = mean(σ(b) − y) = {db:.3g}, "
                           f"not 0. Hint: with w = 0 every ŷ⁽ⁱ⁾ = σ(b), so ∂L/∂b = σ(b) − ȳ "
                           f"(ȳ = mean of the labels). Solve σ(b) = ȳ: the inverse of the "
                           f"sigmoid is log(p / (1 − p)).")


def blowup_lr(X, y, seed=0):
    """The smallest α for which ``descend(logistic, X, y, lr=α, epochs=1, seed=seed)``
    stops as diverged, by bisection on log α (L(θ¹) is convex in α, so one crossing)."""
    diverged = lambda lr: descent.descend(logistic, X, y, lr=lr, epochs=1, seed=seed,
                                   trajectory=False).diverged
    lo, hi = 1.0, 2.0
    while diverged(lo):
        lo, hi = lo / 2, lo
    while not diverged(hi):
        lo, hi = hi, 2 * hi
    for _ in range(40):
        mid = np.sqrt(lo * hi)
        lo, hi = (lo, mid) if diverged(mid) else (mid, hi)
    return hi


def check_blowup_lr(answer, X, y, seed=0, rtol=0.03):
    """Is ``answer`` (within ``rtol``) the smallest α at which gdlib calls a logistic
    run diverged after its first update, ``descend(logistic, X, y, lr=α, epochs=1,
    seed=seed)``? The expected value is found by bisection with gdlib itself."""
    lr, feedback = number(answer, "α")
    if feedback is not None:
        return feedback
    expected = blowup_lr(X, y, seed)
    if abs(lr - expected) <= rtol * expected:
        crit = linear.critical_learning_rate(X)
        return Feedback(True, f"correct: α = {lr:.4g}; gdlib's bisection gives "
                              f"{expected:.4g}, {expected / crit:.0f} times the α_crit = "
                              f"{crit:.3g} of a linear neuron on the same data.")
    side = "too small: that run still passes" if lr < expected else "too large"
    return Feedback(False, f"α = {lr:.4g} is {side} (off by {lr / expected - 1:+.0%}). Hint: "
                           f"measure L(θ¹) / α at a large α such as 1000 (it hardly changes "
                           f"with α there), then solve (L(θ¹)/α) · α = BLOWUP · max(L(θ⁰), 1) "
                           f"for α.")


def check_softmax_function(fn):
    """Is ``fn(Z)`` the row-wise softmax, and stable for huge logits?

    Compared with ``gdlib.softmax.softmax`` on random logits, then on logits of
    size ~1000, where a naive exp overflows (numpy warnings are silenced there,
    so an overflow shows as feedback, not as a warning).
    """
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((6, 4))
    hint = ("exponentiate, then divide each row by its own sum: "
            "E / E.sum(axis=1, keepdims=True).")
    for logits, big in [(Z, False), (300 * Z + 1000.0, True)]:
        with np.errstate(all="ignore"):
            got, feedback = attempt(fn, logits.copy())
        if feedback is not None:
            return feedback
        got = np.asarray(got, dtype=np.float64)
        if got.shape != logits.shape:
            return Feedback(False, f"softmax(Z) should have the shape of Z {logits.shape}, "
                                   f"got {got.shape}. Hint: {hint}")
        if np.allclose(got, softmax.softmax(logits), rtol=1e-9, atol=1e-12):
            continue
        if big:
            return Feedback(False, "right for small logits, but wrong (nan or inf) for logits "
                                   "near 1000: e^1000 overflows. Hint: softmax(z) = "
                                   "softmax(z − c) for any c; subtract each row's maximum "
                                   "(Z.max(axis=1, keepdims=True)) before np.exp.")
        if not np.allclose(got.sum(axis=1), 1.0):
            return Feedback(False, f"each row of softmax(Z) should sum to 1; yours sum to "
                                   f"{np.round(got.sum(axis=1), 3)}. Hint: {hint}")
        return Feedback(False, f"not the softmax of each row. Hint: {hint}")
    return Feedback(True, "correct, and stable: exact for logits near 1000 too.")


def check_two_class_softmax(fn):
    """Is ``fn(W, b) -> (w, b)`` the logistic neuron equal to a 2-class softmax neuron?

    Checked on random problems: ``logistic.predict(X, w, b)`` must equal
    ``softmax.predict(X, W, b)[:, 1]``, the probability of class 1.
    """
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        X, W = rng.standard_normal((12, 3)), rng.standard_normal((3, 2))
        bb = rng.standard_normal(2)
        result, feedback = attempt(fn, W.copy(), bb.copy())
        if feedback is None and not (isinstance(result, tuple) and len(result) == 2):
            feedback = Feedback(False, "return a pair: `return w, b`.")
        if feedback is None:
            got, feedback = attempt(logistic.predict, X, *result)
        if feedback is not None:
            return feedback
        want = softmax.predict(X, W, bb)[:, 1]
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        if np.allclose(got, 1 - want, rtol=1e-9, atol=1e-12):
            return Feedback(False, "your neuron gives P(class 0) instead of P(class 1): "
                                   "swap the order of a difference.")
        return Feedback(False, "σ(wᵀx + b) is not softmax(Wᵀx + b)₁ yet. Hint: divide the "
                               "top and bottom of e^{z₁} / (e^{z₀} + e^{z₁}) by e^{z₁}; "
                               "which single logit is left, and how is it linear in x?")
    return Feedback(True, "correct: with K = 2, softmax(z)₁ = σ(z₁ − z₀), so a 2-class "
                          "softmax neuron is a logistic neuron.")

