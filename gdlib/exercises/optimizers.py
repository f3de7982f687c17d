"""Exercises of notebook 07's second topic: Adam's bias correction, and the digits challenge (a
target loss in as few updates as possible). The heavy ball's exercises are in ``momentum``."""
from __future__ import annotations

import numpy as np

from .. import data, descent, softmax
from ..i18n import N_, ngettext
from ..optimizers import Adam
from .feedback import Feedback, attempt, close, ladder, pair, right, say, wrong

BIAS_MESSAGES = {
    "right": N_("correct: with your m̂ and ŝ, Adam's step is gdlib's at t = 1, 2, 10 and 1000."),
    "your_function": N_("your function"),
    "not_arrays": N_("m_hat and s_hat should be arrays like m and s ({err})."),
    "not_finite": N_("at the first update your m̂ or ŝ is not finite: did you use β₁ᵗ⁻¹? At "
                     "t = 1 that divides by 1 − β₁⁰ = 0."),
    "other": N_("at update t = {t} your correction does not give Adam's step."),
    # the slips in (m̂, ŝ) (``_bias_slip``)
    "unchanged": N_("you returned m and s unchanged."),
    "swapped": N_("your pair comes back in swapped order: (ŝ, m̂)."),
    "precedence": N_("your m̂ is m − β₁ᵗ (or your ŝ is s − β₂ᵗ): m/1-b1**t is read as (m/1) − "
                     "b1**t."),
    "only_m": N_("you corrected m̂ but returned s unchanged."),
    "only_s": N_("you corrected ŝ but returned m unchanged."),
    "betas": N_("you swapped the two β's: m̂ divides by 1 − β₂ᵗ and ŝ by 1 − β₁ᵗ."),
    "off_by_one": N_("your t is off by one (β₁ᵗ⁻¹ where β₁ᵗ belongs)."),
}

BIAS_HINTS = {
    "unchanged": [N_("m and s start at 0 and are averages, so early on they are too small: "
                     "they need to be scaled up."),
                  N_("divide m by (1 − β₁ᵗ) and s by (1 − β₂ᵗ).")],
    "precedence": [N_("Python divides before it subtracts: the whole 1 − β₁ᵗ must be the "
                      "denominator."),
                   N_("put the denominator in parentheses: m / (1 - beta1**t).")],
    "off_by_one": [N_("t counts updates from 1: the first update has t = 1."),
                   N_("use β₁ᵗ, not β₁ᵗ⁻¹ (and β₂ᵗ, not β₂ᵗ⁻¹).")],
    "only_m": [N_("both averages start at 0, so both are biased towards 0."),
               N_("ŝ = s / (1 − β₂ᵗ) too.")],
    "only_s": [N_("both averages start at 0, so both are biased towards 0."),
               N_("m̂ = m / (1 − β₁ᵗ) too.")],
    "betas": [N_("each average is corrected with its own β: m was made with β₁, s with β₂."),
              N_("m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ).")],
    "swapped": [N_("return m̂ first, then ŝ.")],
    "other": [N_("after t updates from 0, an average with decay β has total weight "
                 "1 − βᵗ on the gradients: divide by it."),
              N_("m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ).")],
}

#: The digits challenge: reach this training loss within this many updates. The reference is
#: plain GD at its best constant α on the grid α = 1, 2, …, 30 (tests/test_exercises_07.py).
CHALLENGE_TARGET, CHALLENGE_BUDGET, CHALLENGE_GD_LR = 0.1, 600, 12.0
CHALLENGE_KEYS = {"optimizer", "lr", "batch_size", "epochs"}

DIGITS_MESSAGES = {
    "not_yet": N_("not attempted yet: set `settings` to a dict such as dict(optimizer=..., "
                  "lr=..., epochs=...), run that cell, then run this one again."),
    "not_a_dict": N_("settings should be a dict with at least lr and epochs, e.g. "
                     "dict(optimizer=gdlib.optimizers.Adam(), lr=0.01, epochs=100)."),
    "unknown": N_("settings may hold only {allowed}; got {unknown} too."),
    "refused": N_("gdlib.descend refused these settings: {err}"),
    "diverged": N_("the loss did not reach {target} within {budget} updates: the run "
                   "diverged."),
    "few_updates": lambda n: ngettext(
        "the loss did not reach {target}: epochs · k = {n} update was asked for, and after it "
        "the loss is {loss:.3f}.",
        "the loss did not reach {target}: epochs · k = {n} updates were asked for, and after "
        "them the loss is {loss:.3f}.", n),
    "slow": N_("the loss did not reach {target} within {budget} updates (after {updates} "
               "updates it is {loss:.3f})."),
    "right": N_("reached L ≤ {target} after {used} updates (plain GD at its best α = {lr:g} "
                "needs {ref}). Can you do it in fewer?"),
    "right_gd_short": N_("reached L ≤ {target} after {used} updates (plain GD at α = {lr:g} "
                         "does not get there in {budget}). Can you do it in fewer?"),
}

DIGITS_HINTS = {
    "diverged": [
        N_("an α suits only the optimizer it was found with: was yours found for another "
           "one? (For the same α, momentum with β = 0.9 moves about 1/(1 − β) = 10 times as "
           "far as GD.)"),
        N_("run gdlib.lr_range_test(softmax, X_dig, y_dig, optimizer=...) with the optimizer "
           "you train with, and stay well below the α where it blows up.")],
    "few_updates": [
        N_("the budget is {budget} updates: ask for more epochs (with full batch, one epoch "
           "is one update)."),
        N_("epochs · k should reach the budget: with |B| = n, k = 1.")],
    "slow": [
        N_("the range test's suggestion, where the loss fell fastest during the test, is the "
           "cautious end of a band that reaches up to below its blow-up."),
        N_("run the range test with the optimizer you train with, then try a few α across "
           "its band (say 1, 3 and 10 times the suggestion, below the blow-up) and keep the "
           "fastest."),
        N_("momentum (β = 0.9) and Adam both beat plain GD here, each at its own α.")],
}


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
    exercise = "bias correction"
    rng = np.random.default_rng(0)
    beta1, beta2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    for t in (1, 2, 10, 1000):
        params, grads = [rng.standard_normal(3)], [rng.standard_normal(3)]
        state = ([rng.standard_normal(3)], [rng.random(3)])
        expected, (m, s) = Adam(beta1, beta2, eps).step(params, grads, lr, state, t)
        with np.errstate(all="ignore"):      # a slip may divide by 1 − β⁰ = 0
            result, feedback = attempt(bias_correction, m[0].copy(), s[0].copy(), t, beta1,
                                       beta2)
            if feedback is not None:
                return feedback
            result, feedback = pair(result, say(BIAS_MESSAGES, "your_function"),
                                    "m_hat, s_hat")
            if feedback is not None:
                return feedback
            m_hat, s_hat = result
            try:
                step = params[0] - lr * np.asarray(m_hat) / (np.sqrt(np.asarray(s_hat)) + eps)
            except (TypeError, ValueError) as err:
                return Feedback(False, say(BIAS_MESSAGES, "not_arrays", err=err))
        if close(step, expected[0], rtol=1e-10):
            continue
        key = what = _bias_slip(m_hat, s_hat, m[0], s[0], t, beta1, beta2)
        if key is None and t == 1 and not np.all(np.isfinite(step)):
            key, what = "off_by_one", "not_finite"
        if key is None:
            key = what = "other"
        return wrong(exercise, say(BIAS_MESSAGES, what, t=t), ladder(BIAS_HINTS[key]), slip=key)
    return right(exercise, say(BIAS_MESSAGES, "right"))


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
    exercise = "digits_challenge"
    if settings is None:
        return Feedback(False, say(DIGITS_MESSAGES, "not_yet"))
    if not isinstance(settings, dict) or not {"lr", "epochs"} <= set(settings):
        return Feedback(False, say(DIGITS_MESSAGES, "not_a_dict"))
    unknown = sorted(set(settings) - CHALLENGE_KEYS)
    if unknown:
        return Feedback(False, say(DIGITS_MESSAGES, "unknown",
                                   allowed=", ".join(sorted(CHALLENGE_KEYS)),
                                   unknown=", ".join(unknown)))
    X, y = _digits()
    try:
        history = descent.descend(softmax, X, y, seed=0, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, say(DIGITS_MESSAGES, "refused", err=err))
    k = descent.minibatches(len(y), history.batch_size)
    used = updates_to_reach(history, CHALLENGE_TARGET)
    fields = dict(target=CHALLENGE_TARGET, budget=CHALLENGE_BUDGET)
    if used is None or used > CHALLENGE_BUDGET:
        stop = min(history.updates, CHALLENGE_BUDGET)
        asked = settings["epochs"] * k
        miss = ("diverged" if history.diverged else
                "few_updates" if asked < CHALLENGE_BUDGET else "slow")
        return wrong(exercise, say(DIGITS_MESSAGES, miss, n=asked, updates=stop,
                                   loss=history.losses[stop], **fields),
                     ladder(DIGITS_HINTS[miss], budget=CHALLENGE_BUDGET), slip=miss)
    gd = descent.descend(softmax, X, y, lr=CHALLENGE_GD_LR, epochs=CHALLENGE_BUDGET, seed=0,
                         trajectory=False)
    ref = updates_to_reach(gd, CHALLENGE_TARGET)
    return right(exercise, say(DIGITS_MESSAGES, "right" if ref is not None else "right_gd_short",
                               used=used, lr=CHALLENGE_GD_LR, ref=ref, **fields))
