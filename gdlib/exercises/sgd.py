"""Exercises of notebook 03: the exact spread of a minibatch gradient, one epoch of SGD,
gradient noise, and SGD on a budget (open challenge)."""
from __future__ import annotations

import numpy as np

from .. import descent, linear
from ..i18n import N_
from .feedback import (NOT_YET_NUMBER, Feedback, check_value, close, ladder, number, problem,
                       right, say, student_pair, wrong)

SGD_EPOCH_MESSAGES = {
    "right": N_("correct: your epoch lands exactly where one epoch of gdlib.descend does, for "
                "|B| = {sizes}."),
    "shuffle": N_("you went through the examples in their stored order, without shuffling."),
    "full": N_("that is one GD step on all n examples, not an epoch of k = {k} minibatch "
               "updates."),
    "sum": N_("you summed the gradient over each minibatch instead of averaging it."),
    "last": N_("you left out the last, smaller minibatch: with n = {n} and |B| = {batch_size} "
               "there are k = {k} minibatches."),
    "other": N_("with |B| = {batch_size} your epoch ends at a different θ than "
                "gdlib.descend's."),
}


SGD_EPOCH_HINTS = {
    "shuffle": [
        N_("an epoch visits the examples in a random order, a new one every epoch."),
        N_("draw the order once, before the loop, with the rng you were given: "
           "rng.permutation(n)."),
    ],
    "full": [
        N_("SGD makes one update per minibatch, not one per epoch."),
        N_("cut the shuffled order into slices of batch_size (the last may be shorter), and "
           "update θ once per slice, with that slice's gradient."),
    ],
    "sum": [
        N_("the minibatch gradient ∇L_B is a mean over the |B| examples, not a sum."),
        N_("linear.gradient(X[idx], y[idx], w, b) already averages over the rows you give it."),
    ],
    "last": [
        N_("every example is used once per epoch, so the leftover examples form one more, "
           "smaller minibatch."),
        N_("range(0, n, batch_size) gives the start of every slice, the last one included."),
    ],
    "other": [
        N_("one epoch: shuffle once, then k = ⌈n/|B|⌉ updates, each with the average "
           "gradient of one minibatch at the current θ."),
        N_("order = rng.permutation(n); the minibatches are the consecutive slices "
           "order[start:start + batch_size]."),
        N_("for each slice idx, take linear.gradient(X[idx], y[idx], w, b) at the current "
           "(w, b), and update both w and b with it before the next slice."),
    ],
}

NOISE_MESSAGES = {
    "answer": N_("your answer"),
    "name": N_("the mean squared example gradient at θ̄"),
    "full": N_("that is ‖∇L(θ̄)‖², the full gradient, which is zero at the minimum."),
    "b_only": N_("that is only the b part, mean (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)²."),
    "w_only": N_("that is only the w part, mean ((ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾)²."),
    "norm": N_("that is the mean of ‖∇ℓ⁽ⁱ⁾‖, not of its square."),
}

NOISE_HINTS = {
    "full": [N_("square the gradient of each example first, then average.")],
    "b_only": [N_("add the w part, mean ((ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾)².")],
    "w_only": [N_("add the b part, mean (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)².")],
    "norm": [N_("square the norms before averaging.")],
    "other": [N_("at θ̄ = linear.least_squares(X, y), example i's gradient is (r⁽ⁱ⁾ x⁽ⁱ⁾, r⁽ⁱ⁾) "
                 "with r = ŷ − y."),
              N_("average r²x² + r² over the examples.")],
}

SPREAD_MESSAGES = {
    "name": N_("the spread"),
    "right": N_("correct: {value:.4g}. Drawing without replacement shrinks σ/√|B| by "
                "√((n − |B|)/(n − 1)), which is why the spreads of section 2 fall a little "
                "faster than 1/√|B|."),
    "replacement": N_("{value:.4g} is σ/√|B|, the spread for draws with replacement; these "
                      "minibatches are drawn without."),
    "estimate": N_("{value:.4g} is close (off by {off:+.1%}), as an estimate from random draws "
                   "would be; the exact value is asked."),
    "other": N_("{value:.4g} is not the spread of ∂L_B/∂w at |B| = {batch_size}."),
}

SPREAD_HINTS = {
    "replacement": [
        N_("at |B| = n the spread must be exactly 0 (every minibatch is then the whole set, "
           "as the table shows); does your formula give 0 there?"),
        N_("σ/√|B| holds for draws with replacement; without replacement the variance has "
           "one more factor, (n − |B|)/(n − 1)."),
    ],
    "estimate": [
        N_("compute the spread exactly, from the n example gradients, not from random draws."),
        N_("Var = σ²/|B| · (n − |B|)/(n − 1), with σ² the variance of the n example gradients."),
    ],
    "other": [
        N_("start from the n example gradients g⁽ⁱ⁾ = (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾ at θ and their "
           "spread σ (np.std, over all n)."),
        N_("the |B| = 1 row of the table is σ; averaging |B| of them, drawn without "
           "replacement, shrinks it, and to 0 at |B| = n."),
        N_("Var = σ²/|B| · (n − |B|)/(n − 1); the spread is its square root."),
    ],
}

BUDGET_MESSAGES = {
    "refused": N_("gdlib.descend did not accept your recipe: {err}"),
    "diverged": N_("with seed {seed} the run diverged: α is too large for |B| = {batch_size}."),
    "right": N_("done: after {epochs} epochs ({examples} example gradients, {updates} updates) "
                "the worst of {seeds} seeds is {worst:.1e} above L(θ̄). GD gets {epochs} "
                "updates for the same price."),
    "short": N_("the worst of {seeds} seeds ends {worst:.1e} above L(θ̄) (relative); below "
                "{target:g} is asked."),
}

BUDGET_HINTS = [
    N_("with a constant α, SGD ends in a cloud whose size is set by α (section 6): the last "
       "updates need a small α, the first ones a large one."),
    N_("descend takes a schedule, lr=lambda t: ..., where t counts the updates from 0; two "
       "epochs with |B| = 10 on n = 4000 are 800 updates."),
    N_("a large α for the first couple of hundred updates, then a smaller one, then smaller "
       "again (a step schedule), at a small |B|."),
]


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
        return wrong("sgd_epoch", say(SGD_EPOCH_MESSAGES, key, **fields),
                     ladder(SGD_EPOCH_HINTS[key]))
    return right("sgd_epoch", say(SGD_EPOCH_MESSAGES, "right",
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
    value, feedback = number(answer, say(NOISE_MESSAGES, "answer"))
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
            return wrong(exercise, say(NOISE_MESSAGES, key), ladder(NOISE_HINTS[key]), slip=key)
    return check_value(value, expected, say(NOISE_MESSAGES, "name"), ladder(NOISE_HINTS["other"]),
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
    value, feedback = number(answer, say(SPREAD_MESSAGES, "name"))
    if feedback is not None:
        return feedback
    X, y = linear.check_data(X, y)
    expected = minibatch_spread(X, y, w, b, batch_size)
    if np.isclose(value, expected, rtol=1e-3, atol=0.0):
        return right("minibatch_spread", say(SPREAD_MESSAGES, "right", value=value))
    g = (linear.predict(X, [w], b) - y) * X[:, 0]
    naive = [np.std(g) / np.sqrt(batch_size), np.std(g, ddof=1) / np.sqrt(batch_size)]
    key = ("replacement" if any(np.isclose(value, v, rtol=1e-3) for v in naive) else
           "estimate" if abs(value / expected - 1) < 0.05 else "other")
    return wrong("minibatch_spread", say(SPREAD_MESSAGES, key, value=value,
                                         off=value / expected - 1, batch_size=batch_size),
                 ladder(SPREAD_HINTS[key]))


def check_sgd_budget(lr, batch_size, X, y, epochs=2, target=2e-4, seeds=range(5),
                     start=(-2.0, -3.0)):
    """Open challenge (03): a learning rate (a number or a schedule t ↦ α_t) and a batch
    size with which ``epochs`` epochs of SGD from ``start`` end within a relative excess
    loss (L − L(θ̄))/L(θ̄) < ``target``, for every seed in ``seeds`` (luck is not enough).
    Any such recipe is a good answer."""
    if lr is None or batch_size is None:
        return NOT_YET_NUMBER
    X, y = linear.check_data(X, y)
    L_bar = linear.loss(X, y, *linear.least_squares(X, y))
    worst = 0.0
    for seed in seeds:
        try:
            history = descent.descend(linear, X, y, lr=lr, epochs=epochs, batch_size=batch_size,
                                seed=seed, w0=[start[0]], b0=start[1], trajectory=False)
        except (TypeError, ValueError) as err:
            return Feedback(False, say(BUDGET_MESSAGES, "refused", err=err))
        if history.diverged:
            return wrong("sgd_budget", say(BUDGET_MESSAGES, "diverged", seed=seed,
                                           batch_size=batch_size), ladder(BUDGET_HINTS))
        worst = max(worst, history.losses[-1] / L_bar - 1)
    fields = dict(epochs=epochs, seeds=len(seeds), worst=worst)
    if worst < target:
        return right("sgd_budget", say(BUDGET_MESSAGES, "right", examples=epochs * len(y),
                                       updates=epochs * descent.minibatches(len(y), batch_size),
                                       **fields))
    return wrong("sgd_budget", say(BUDGET_MESSAGES, "short", target=target, **fields),
                 ladder(BUDGET_HINTS))
