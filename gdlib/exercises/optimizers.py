"""Exercises of notebook 07's second topic: Adam's bias correction, and the digits challenge (a
target loss in as few updates as possible). The heavy ball's exercises are in ``momentum``."""
from __future__ import annotations

import numpy as np

from .. import data, descent, softmax
from ..optimizers import Adam
from .feedback import Feedback, close, ladder, right, say, student_pair, texts, wrong

MESSAGES, HINTS = texts("optimizers")


#: The digits challenge: reach this training loss within this many updates. The reference is
#: plain GD at its best constant α on the grid α = 1, 2, …, 30 (tests/test_exercises_07.py).
CHALLENGE_TARGET, CHALLENGE_BUDGET, CHALLENGE_GD_LR = 0.1, 600, 12.0
CHALLENGE_KEYS = {"optimizer", "lr", "batch_size", "epochs"}


def _bias_slip(m_hat, s_hat, m, s, t, beta1, beta2):
    """The key of the common slip that (m̂, ŝ) is, or None."""
    fixed_m, fixed_s = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
    both = lambda a, b: close(m_hat, a) and close(s_hat, b)
    slips = [("unchanged", both(m, s)),
             ("swapped", both(fixed_s, fixed_m)),
             ("precedence", both(m - beta1 ** t, s - beta2 ** t) or both(m - beta1 ** t, fixed_s)
              or both(fixed_m, s - beta2 ** t)),
             ("only_m", both(fixed_m, s)),
             ("only_s", both(m, fixed_s)),
             ("betas", both(m / (1 - beta2 ** t), s / (1 - beta1 ** t))),
             ("off_by_one", t > 1 and close(m_hat, m / (1 - beta1 ** (t - 1))))]
    return next((key for key, hit in slips if hit), None)


def check_bias_correction(bias_correction):
    """Is ``bias_correction(m, s, t, beta1, beta2) -> (m_hat, s_hat)`` Adam's correction,
    m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ) with t the 1-based update count?

    Checked by plugging it into an Adam step and comparing with
    ``gdlib.optimizers.Adam`` at updates t = 1, 2, 10 and 1000. Named slips, each with
    its own ladder: m and s unchanged, only m̂ or only ŝ corrected, the pair in swapped
    order, the β's swapped, ``m/1-b1**t`` (no parentheses), t off by one.
    """
    messages, hints = MESSAGES["bias"], HINTS["bias"]
    exercise = "bias correction"
    rng = np.random.default_rng(0)
    beta1, beta2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    for t in (1, 2, 10, 1000):
        params, grads = [rng.standard_normal(3)], [rng.standard_normal(3)]
        state = ([rng.standard_normal(3)], [rng.random(3)])
        expected, (m, s) = Adam(beta1, beta2, eps).step(params, grads, lr, state, t)
        with np.errstate(all="ignore"):      # a slip may divide by 1 − β⁰ = 0
            result, feedback = student_pair(bias_correction, say(messages, "your_function"),
                                            m[0].copy(), s[0].copy(), t, beta1, beta2,
                                            example="m_hat, s_hat")
            if feedback is not None:
                return feedback
            m_hat, s_hat = result
            try:
                step = params[0] - lr * np.asarray(m_hat) / (np.sqrt(np.asarray(s_hat)) + eps)
            except (TypeError, ValueError) as err:
                return Feedback(False, say(messages, "not_arrays", err=err))
        if close(step, expected[0], rtol=1e-10):
            continue
        key = what = _bias_slip(m_hat, s_hat, m[0], s[0], t, beta1, beta2)
        if key is None and t == 1 and not np.all(np.isfinite(step)):
            key, what = "off_by_one", "not_finite"
        if key is None:
            key = what = "other"
        return wrong(exercise, say(messages, what, t=t), ladder(hints[key]), slip=key)
    return right(exercise, say(messages, "right"))


def updates_to_reach(history, target):
    """The first update t with L(θ^[t]) ≤ target, or None."""
    hits = np.nonzero(history.losses <= target)[0]
    return int(hits[0]) if len(hits) else None


def _digits():
    digits = data.load_digits()
    return digits.X / 16, digits.y


def check_digits_challenge(settings):
    """The open challenge: ``settings`` (a dict with ``lr``, ``epochs`` and optionally
    ``optimizer`` and ``batch_size``, as for ``gdlib.descend``) must bring the softmax
    neuron's training loss on the digits (pixels / 16, seed 0) down to CHALLENGE_TARGET
    within CHALLENGE_BUDGET updates. The check counts the updates it took, next to
    plain GD at α = CHALLENGE_GD_LR (its best constant α). A run that diverges or is too
    slow gets hints about the range test (run with the optimizer one trains with, and read
    as a band), each kind of miss on its own ladder.
    """
    messages, hints = MESSAGES["digits"], HINTS["digits"]
    exercise = "digits_challenge"
    if settings is None:
        return Feedback(False, say(messages, "not_yet"))
    if not isinstance(settings, dict) or not {"lr", "epochs"} <= set(settings):
        return Feedback(False, say(messages, "not_a_dict"))
    unknown = sorted(set(settings) - CHALLENGE_KEYS)
    if unknown:
        return Feedback(False, say(messages, "unknown",
                                   allowed=", ".join(sorted(CHALLENGE_KEYS)),
                                   unknown=", ".join(unknown)))
    X, y = _digits()
    try:
        history = descent.descend(softmax, X, y, seed=0, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, say(messages, "refused", err=err))
    k = descent.minibatches(len(y), history.batch_size)
    used = updates_to_reach(history, CHALLENGE_TARGET)
    fields = dict(target=CHALLENGE_TARGET, budget=CHALLENGE_BUDGET)
    if used is None or used > CHALLENGE_BUDGET:
        stop = min(history.updates, CHALLENGE_BUDGET)
        asked = settings["epochs"] * k
        miss = ("diverged" if history.diverged else
                "few_updates" if asked < CHALLENGE_BUDGET else "slow")
        return wrong(exercise, say(messages, miss, n=asked, updates=stop,
                                   loss=history.losses[stop], **fields),
                     ladder(hints[miss], budget=CHALLENGE_BUDGET), slip=miss)
    gd = descent.descend(softmax, X, y, lr=CHALLENGE_GD_LR, epochs=CHALLENGE_BUDGET, seed=0,
                         trajectory=False)
    ref = updates_to_reach(gd, CHALLENGE_TARGET)
    return right(exercise, say(messages, "right" if ref is not None else "right_gd_short",
                               used=used, lr=CHALLENGE_GD_LR, ref=ref, **fields))
