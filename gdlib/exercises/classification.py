"""Exercises of notebooks 05–06: the best constant predictor, the α that blows up, softmax."""
from __future__ import annotations

import numpy as np

from .. import descent, linear, logistic, softmax
from .feedback import Feedback, attempt, number, right, wrong


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


SOFTMAX_HINTS = {
    "formula": ["ŷ_k = e^{z_k} / Σ_l e^{z_l}, where the sum runs over the K logits of the "
                "same row (the same example).",
                "exponentiate every logit, then divide each row by its own sum; "
                "keepdims=True keeps one sum per row, shaped to divide."],
    "overflow": ["softmax(z) = softmax(z − c) for any number c (section 1). Which c keeps "
                 "every exponent at or below 0?",
                 "subtract each row's largest logit, Z.max(axis=1, keepdims=True), "
                 "before np.exp."],
}


def check_softmax_function(fn):
    """Is ``fn(Z)`` the row-wise softmax, and stable for huge logits?

    Compared with ``gdlib.softmax.softmax`` on random logits, then on logits of
    size ~1000, where a naive exp overflows (numpy warnings are silenced there,
    so an overflow shows as feedback, not as a warning). Wrong answers climb a
    hint ladder (``SOFTMAX_HINTS``).
    """
    exercise = "stable softmax"
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((6, 4))
    for logits, big in [(Z, False), (300 * Z + 1000.0, True)]:
        with np.errstate(all="ignore"):
            got, feedback = attempt(fn, logits.copy())
        if feedback is not None:
            return feedback
        got = np.asarray(got, dtype=np.float64)
        if got.shape != logits.shape:
            return wrong(exercise, f"softmax(Z) should have the shape of Z {logits.shape}, "
                                   f"got {got.shape}.", SOFTMAX_HINTS["formula"])
        if np.allclose(got, softmax.softmax(logits), rtol=1e-9, atol=1e-12):
            continue
        if big:
            return wrong(exercise, "right for small logits, but wrong (nan or inf) for "
                                   "logits near 1000: e^1000 overflows.",
                         SOFTMAX_HINTS["overflow"])
        if not np.allclose(got.sum(axis=1), 1.0):
            return wrong(exercise, f"each row of softmax(Z) should sum to 1; yours sum to "
                                   f"{np.round(got.sum(axis=1), 3)}.", SOFTMAX_HINTS["formula"])
        return wrong(exercise, "not the softmax of each row.", SOFTMAX_HINTS["formula"])
    return right(exercise, "correct, and stable: exact for logits near 1000 too.")


def check_two_class_softmax(fn):
    """Is ``fn(W, b) -> (w, b)`` the logistic neuron equal to a 2-class softmax neuron?

    Checked on random problems: ``logistic.predict(X, w, b)`` must equal
    ``softmax.predict(X, W, b)[:, 1]``, the probability of class 1.
    """
    exercise = "two-class softmax"
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
            return wrong(exercise, "your neuron gives P(class 0) instead of P(class 1).",
                         ["swap the order of a difference."])
        return wrong(exercise, "σ(wᵀx + b) is not softmax(Wᵀx + b)₁ yet.",
                     ["divide the top and bottom of e^{z₁} / (e^{z₀} + e^{z₁}) by e^{z₁}: "
                      "which single combination of logits is left?",
                      "ŷ₁ = σ(z₁ − z₀); write z₁ − z₀ as (something)ᵀx + (something): "
                      "those are w and b."])
    return right(exercise, "correct: with K = 2, softmax(z)₁ = σ(z₁ − z₀), so a 2-class "
                           "softmax neuron is a logistic neuron.")


def check_budget_challenge(model, X, y, lr, epochs, batch_size=None, *, target, max_updates,
                           X_test=None, y_test=None, seed=0):
    """Open challenge: any (α, epochs, |B|) whose run reaches L < ``target`` in at most
    ``max_updates`` updates of ``gdlib.descend(model, X, y, ...)`` is a good answer.

    The run is made here with the student's settings (``batch_size=None`` is GD); the
    ✓ reports its loss, its updates and, given a test set, its test accuracy.
    """
    exercise = f"budget challenge ({model.name})"
    lr, feedback = number(lr, "α")
    if feedback is None:
        epochs, feedback = number(epochs, "epochs")
    if feedback is not None:
        return feedback
    if lr <= 0 or epochs < 1 or epochs != round(epochs):
        return Feedback(False, f"α must be > 0 and epochs a whole number ≥ 1, got α = {lr:g}, "
                               f"epochs = {epochs:g}.")
    n = len(y)
    size = n if batch_size is None else batch_size
    if not (isinstance(size, (int, np.integer)) and 1 <= size <= n):
        return Feedback(False, f"batch_size must be None (GD) or a whole number from 1 to "
                               f"n = {n}, got {batch_size!r}.")
    updates = int(epochs) * descent.minibatches(n, size)
    hints = ["notebook 05 showed that cross-entropy forgives a much larger α than you "
             "might dare; the explorer's last 'what to try' says so too.",
             "with GD, every epoch is one update; try α several times larger than 2 and "
             "as many epochs as the budget allows."]
    if updates > max_updates:
        return wrong(exercise, f"{int(epochs)} epochs of {descent.minibatches(n, size)} "
                               f"update(s) each make {updates} updates, over the budget of "
                               f"{max_updates}.", hints)
    h = descent.descend(model, X, y, lr=lr, epochs=int(epochs), batch_size=batch_size,
                        seed=seed, trajectory=False)
    if h.diverged:
        return wrong(exercise, f"α = {lr:g} is too large even for cross-entropy: the run "
                               f"diverged after {h.updates} updates.", hints)
    loss = h.losses[-1]
    if not loss < target:
        return wrong(exercise, f"after {h.updates} updates the training loss is "
                               f"{loss:.4f}, not yet below {target:g}.", hints)
    scored = ""
    if X_test is not None:
        pred = model.predict(X_test, h.w, h.b)
        pred = pred.argmax(axis=1) if model is softmax else (pred >= 0.5).astype(int)
        scored = f"; test accuracy {np.mean(pred == np.asarray(y_test)):.1%}"
    return right(exercise, f"done: training loss {loss:.4f} < {target:g} after {h.updates} "
                           f"updates (budget {max_updates}){scored}.")
