"""Exercises of notebook 03: the exact spread of a minibatch gradient, one epoch of SGD,
gradient noise, and SGD on a budget (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from .feedback import (NOT_YET_NUMBER, Feedback, check_value, close, ladder, number, problem,
                       right, say, student_pair, texts, wrong)

MESSAGES, HINTS = texts("sgd")


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
    messages, hints = MESSAGES["sgd_epoch"], HINTS["sgd_epoch"]
    sizes = (3, 1, 4)
    for seed, batch_size in zip(seeds, sizes):
        X, y, w, b = problem(linear, seed, n=10, d=2)
        lr = 0.05
        history = descent.descend(linear, X, y, lr=lr, epochs=1, batch_size=batch_size, seed=seed,
                                  w0=w, b0=b, trajectory=False)
        result, feedback = student_pair(sgd_epoch, "sgd_epoch", X, y, w.copy(), b, lr,
                                        batch_size, _descend_rng(X, y, seed))
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if close(got_w, history.w) and close(got_b, history.b):
            continue
        order = _descend_rng(X, y, seed).permutation(len(y))
        gw, gb = linear.gradient(X, y, w, b)
        k = descent.minibatches(len(y), batch_size)
        fields = dict(n=len(y), batch_size=batch_size, k=k)
        slips = [
            (_sgd_epoch(X, y, w, b, lr, batch_size, np.arange(len(y))), "shuffle"),
            ((w - lr * gw, b - lr * gb), "full"),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, total=True), "sum"),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, drop_last=True), "last"),
        ]
        key = next((key for (sw, sb), key in slips if close(got_w, sw) and close(got_b, sb)),
                   "other")
        return wrong("sgd_epoch", say(messages, key, **fields),
                     ladder(hints[key]))
    return right("sgd_epoch", say(messages, "right",
                                  sizes=", ".join(map(str, sizes))))


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
    messages, hints = MESSAGES["noise"], HINTS["noise"]
    value, feedback = number(answer, say(messages, "answer"))
    if feedback is not None:
        return feedback
    expected = gradient_noise(X, y)
    w, b = linear.least_squares(X, y)
    r = linear.predict(X, w, b) - y
    w_part = np.sum((r[:, None] * np.asarray(X, dtype=np.float64)) ** 2, axis=1)
    exercise = "gradient noise"
    slips = [(0.0, "full"), (np.mean(r ** 2), "b_only"), (np.mean(w_part), "w_only"),
             (np.mean(np.sqrt(w_part + r ** 2)), "norm")]
    for slip, key in slips:
        if np.isclose(value, slip, rtol=1e-3, atol=1e-12) and not np.isclose(value, expected):
            return wrong(exercise, say(messages, key), ladder(hints[key]), slip=key)
    return check_value(value, expected, say(messages, "name"), ladder(hints["other"]),
                       exercise=exercise)


def minibatch_spread(X, y, w, b, batch_size):
    r"""The exact spread (standard deviation) of ∂L_B/∂w over random minibatches of
    ``batch_size`` examples drawn without replacement, at θ = (w, b).

    With the n example gradients g⁽ⁱ⁾ = (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾ and their variance
    σ² = (1/n) Σ (g⁽ⁱ⁾ − ḡ)², the mean of |B| of them drawn without replacement has

    .. math::  \operatorname{Var} = \frac{\sigma^2}{|B|}\,\frac{n - |B|}{n - 1}

    (0 at |B| = n: every minibatch is then the whole set).
    """
    g = (linear.predict(X, [w], b) - y) * X[:, 0]
    n = len(g)
    return float(np.std(g) / np.sqrt(batch_size) * np.sqrt((n - batch_size) / (n - 1)))


def check_minibatch_spread(answer, X, y, w, b, batch_size):
    """Is ``answer`` the exact spread of ∂L_B/∂w at θ = (w, b) for minibatches of
    ``batch_size`` drawn without replacement (``minibatch_spread``)? The with-replacement
    formula σ/√|B| and a simulated estimate are recognised and named."""
    messages, hints = MESSAGES["spread"], HINTS["spread"]
    value, feedback = number(answer, say(messages, "name"))
    if feedback is not None:
        return feedback
    X, y = linear.validate_data(X, y)
    expected = minibatch_spread(X, y, w, b, batch_size)
    if np.isclose(value, expected, rtol=1e-3, atol=0.0):
        return right("minibatch_spread", say(messages, "right", value=value))
    g = (linear.predict(X, [w], b) - y) * X[:, 0]
    naive = [np.std(g) / np.sqrt(batch_size), np.std(g, ddof=1) / np.sqrt(batch_size)]
    key = ("replacement" if any(np.isclose(value, v, rtol=1e-3) for v in naive) else
           "estimate" if abs(value / expected - 1) < 0.05 else "other")
    return wrong("minibatch_spread", say(messages, key, value=value,
                                         off=value / expected - 1, batch_size=batch_size),
                 ladder(hints[key]))


def check_sgd_budget(lr, batch_size, X, y, epochs=2, target=2e-4, seeds=range(5),
                     start=(-2.0, -3.0)):
    """Open challenge (03): a learning rate (a number or a schedule t ↦ α_t) and a batch
    size with which ``epochs`` epochs of SGD from ``start`` end within a relative excess
    loss (L − L(θ̄))/L(θ̄) < ``target``, for every seed in ``seeds`` (luck is not enough).
    Any such recipe is a good answer."""
    messages, hints = MESSAGES["budget"], HINTS["budget"]
    if lr is None or batch_size is None:
        return NOT_YET_NUMBER
    X, y = linear.validate_data(X, y)
    L_bar = linear.loss(X, y, *linear.least_squares(X, y))
    worst = 0.0
    for seed in seeds:
        try:
            history = descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=batch_size,
                                      seed=seed, w0=[start[0]], b0=start[1], trajectory=False)
        except (TypeError, ValueError) as err:
            return Feedback(False, say(messages, "refused", err=err))
        if history.diverged:
            return wrong("sgd_budget", say(messages, "diverged", seed=seed,
                                           batch_size=batch_size), ladder(hints))
        worst = max(worst, history.losses[-1] / L_bar - 1)
    fields = dict(epochs=epochs, seeds=len(seeds), worst=worst)
    if worst < target:
        return right("sgd_budget", say(messages, "right", examples=epochs * len(y),
                                       updates=epochs * descent.minibatches(len(y), batch_size),
                                       **fields))
    return wrong("sgd_budget", say(messages, "short", target=target, **fields),
                 ladder(hints))
