"""Exercises of notebook 03: minibatches per epoch, one epoch of SGD, gradient noise."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from .feedback import Feedback, check_value, close, number, problem, student_pair


def _one_epoch_sizes(n, batch_size):
    """The minibatch sizes of one epoch of ``gdlib.descend`` on n examples with |B| = batch_size."""
    h = descent.descend(linear, np.zeros((n, 1)), np.zeros(n), lr=0.1, epochs=1,
                        batch_size=batch_size, trajectory=False)
    return np.diff(h.examples_seen)


def check_minibatches(k, last_size, n, batch_size):
    """Are ``k`` (minibatches per epoch) and ``last_size`` (examples in the last one) right?

    The expected numbers are read off one epoch of ``gdlib.descend`` on n examples
    with minibatches of ``batch_size``: its number of updates and the examples its
    last update used.
    """
    k, feedback = number(k, "k")
    if feedback is None:
        last_size, feedback = number(last_size, "the size of the last minibatch")
    if feedback is not None:
        return feedback
    sizes = _one_epoch_sizes(n, batch_size)
    if not close(k, len(sizes)):
        return Feedback(False, f"k = {k:g} is not right yet. Hint: k = ⌈n / |B|⌉ = "
                               f"math.ceil({n} / {batch_size}); a last, smaller minibatch "
                               f"still counts as one.")
    if not close(last_size, sizes[-1]):
        return Feedback(False, f"k = {k:g} is right, but the last minibatch does not hold "
                               f"{last_size:g} examples. Hint: the first k − 1 minibatches take "
                               f"{batch_size} examples each; the last gets what is left of n.")
    return Feedback(True, f"correct: {len(sizes)} minibatches per epoch, "
                          f"{len(sizes) - 1} of {batch_size} and a last one of {sizes[-1]} "
                          f"({len(sizes) - 1} × {batch_size} + {sizes[-1]} = {n}).")


def _descend_rng(X, y, seed):
    """The random generator exactly as ``gdlib.descend(..., seed=seed)`` has it before epoch 1.

    ``descend`` first draws a random start from it (even when w0, b0 are given), then
    calls ``rng.permutation(n)`` at the start of every epoch.
    """
    rng = np.random.default_rng(seed)
    linear.init_params(X, y, rng)
    return rng


def _sgd_epoch(X, y, w, b, lr, batch_size, order, total=False, drop_last=False):
    """One epoch of SGD over the examples in ``order`` (the variants name students' slips)."""
    batches = np.split(order, range(batch_size, len(order), batch_size))
    if drop_last and len(batches[-1]) < batch_size:
        batches = batches[:-1]
    for idx in batches:
        gw, gb = linear.gradient(X[idx], y[idx], w, b)
        step = lr * (len(idx) if total else 1)
        w, b = w - step * gw, b - step * gb
    return w, b


def check_sgd_epoch(sgd_epoch, seeds=(0, 1, 2)):
    """Is ``sgd_epoch(X, y, w, b, lr, batch_size, rng) -> (w, b)`` one epoch of minibatch SGD?

    The reference is one epoch of ``gdlib.descend(linear, ..., batch_size=batch_size,
    epochs=1)``; the student's ``rng`` is in the same state as descend's
    (``_descend_rng``), so ``order = rng.permutation(n)`` gives the same shuffle.
    Missing the shuffle, a full-batch step, summed minibatch gradients and a dropped
    last minibatch are recognised and named.
    """
    hint = ("order = rng.permutation(n); then for start in range(0, n, batch_size): "
            "idx = order[start:start + batch_size], (dw, db) = linear.gradient(X[idx], "
            "y[idx], w, b), w, b = w − lr·dw, b − lr·db.")
    sizes = (3, 1, 4)
    for seed, batch_size in zip(seeds, sizes):
        X, y, w, b = problem(linear, seed, n=10, d=2)
        lr = 0.05
        h = descent.descend(linear, X, y, lr=lr, epochs=1, batch_size=batch_size, seed=seed,
                            w0=w, b0=b, trajectory=False)
        result, feedback = student_pair(sgd_epoch, "sgd_epoch", X, y, w.copy(), b, lr,
                                         batch_size, _descend_rng(X, y, seed))
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if close(got_w, h.w) and close(got_b, h.b):
            continue
        order = _descend_rng(X, y, seed).permutation(len(y))
        gw, gb = linear.gradient(X, y, w, b)
        slips = [
            (_sgd_epoch(X, y, w, b, lr, batch_size, np.arange(len(y))),
             "you went through the examples in their stored order: shuffle first with "
             "order = rng.permutation(n) (call it once, before the loop)."),
            ((w - lr * gw, b - lr * gb), "that is one GD step on all n examples: make one "
                                         "update per minibatch, k = ⌈n/|B|⌉ updates in all."),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, total=True),
             "you summed the gradient over the minibatch: average it (divide by the "
             "minibatch's size; linear.gradient does that for you)."),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, drop_last=True),
             "you left out the last, smaller minibatch: with n = 10 and |B| = "
             f"{batch_size} there are k = {descent.minibatches(10, batch_size)} minibatches."),
        ]
        why = next((text for (sw, sb), text in slips if close(got_w, sw) and close(got_b, sb)),
                   hint)
        return Feedback(False, f"with |B| = {batch_size} your epoch ends at a different θ "
                               f"than gdlib.descend's. Hint: {why}")
    return Feedback(True, "correct: your epoch lands exactly where one epoch of "
                          f"gdlib.descend does, for |B| = {', '.join(map(str, sizes))}.")


def gradient_noise(X, y):
    """mean_i ‖∇ℓ⁽ⁱ⁾(θ̄)‖²: the mean squared gradient of one example at the minimum θ̄.

    Each ∇ℓ⁽ⁱ⁾ is ``linear.gradient`` on example i alone. Their mean is ∇L(θ̄) = 0,
    so this is the variance of the |B| = 1 minibatch gradient at θ̄.
    """
    w, b = linear.least_squares(X, y)
    grads = [np.r_[linear.gradient(X[i:i + 1], y[i:i + 1], w, b)] for i in range(len(y))]
    return float(np.mean(np.sum(np.square(grads), axis=1)))


def check_gradient_noise(answer, X, y):
    """Is ``answer`` the mean over examples of ‖∇ℓ⁽ⁱ⁾(θ̄)‖² (see ``gradient_noise``)?"""
    value, feedback = number(answer, "your answer")
    if feedback is not None:
        return feedback
    expected = gradient_noise(X, y)
    w, b = linear.least_squares(X, y)
    r = linear.predict(X, w, b) - y
    slips = [(0.0, "that is ‖∇L(θ̄)‖², the full gradient, which is zero at the minimum: "
                   "square the gradient of each example first, then average."),
             (np.mean(r ** 2), "that is only the b part, mean (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)²: add the w "
                               "part, mean ((ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾)².")]
    why = next((text for slip, text in slips if np.isclose(value, slip, rtol=1e-3,
                                                            atol=1e-12)),
               "at θ̄ = linear.least_squares(X, y) take r = ŷ − y; example i's gradient "
               "is (r⁽ⁱ⁾ x⁽ⁱ⁾, r⁽ⁱ⁾); average r²x² + r² over the examples.")
    return check_value(value, expected, "the mean squared example gradient at θ̄", why)

