"""Exercises of notebook 07: one momentum step, heavy ball's rate from its 2 × 2 matrix, the
largest stable α for a β, Adam's bias correction, and the digits challenge (a target loss in
as few updates as possible)."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, quadratic, softmax
from ..i18n import N_, _
from ..optimizers import Adam, Momentum
from . import feedback as _feedback
from .feedback import Feedback, attempt, close, number, pair, right, wrong


def _lists(seed):
    """A θ, a gradient and a velocity as lists of arrays of different shapes (like a network's)."""
    rng = np.random.default_rng(seed)
    shapes = [(3,), (), (2, 4)]
    return [[rng.standard_normal(s) for s in shapes] for _group in range(3)]


def _all_close(got, expected):
    return (isinstance(got, (list, tuple)) and len(got) == len(expected)
            and all(close(g, e) for g, e in zip(got, expected)))


def check_momentum_step(momentum_step):
    """Is ``momentum_step(params, grads, velocity, lr, beta) -> (new_params, new_velocity)``
    one heavy-ball update, v ← βv + g, θ ← θ − αv, applied to every array of the lists?

    Compared with ``gdlib.optimizers.Momentum(beta).step`` on lists of arrays of
    different shapes; the usual slips (no velocity, the (1 − β) of an average, the old v
    in the step) are named.
    """
    lr, beta = 0.1, 0.9
    for seed in (0, 1, 2):
        params, grads, velocity = _lists(seed)
        copies = [[np.copy(a) for a in group] for group in (params, grads, velocity)]
        result, feedback = attempt(momentum_step, *copies, lr, beta)
        if feedback is not None:
            return feedback
        result, feedback = pair(result, _("your function"), "new_params, new_velocity")
        if feedback is not None:
            return feedback
        new_params, new_velocity = result
        expected, v = Momentum(beta).step(params, grads, lr, velocity, 1)
        if _all_close(new_params, expected) and _all_close(new_velocity, v):
            continue
        slips = [
            (_("your θ moves by −αg: the velocity is not used. Hint: first v ← βv + g, then "
               "θ ← θ − αv."), [p - lr * g for p, g in zip(params, grads)]),
            (_("your step uses the old velocity. Hint: update v first (v ← βv + g), then take "
               "θ ← θ − αv with the new v."), [p - lr * u for p, u in zip(params, velocity)]),
            (_("you averaged, v ← βv + (1 − β)g; the heavy ball of gdlib and PyTorch adds the "
               "whole gradient: v ← βv + g."), [p - lr * (beta * u + (1 - beta) * g)
                                                for p, u, g in zip(params, velocity, grads)]),
        ]
        for hint, wrong in slips:
            if _all_close(new_params, wrong):
                return Feedback(False, hint)
        if _all_close(new_params, expected):
            return Feedback(False, _("θ is right, but the velocity you return is not the new "
                                     "v = βv + g."))
        return Feedback(False, _("your step does not match gdlib's momentum step. Hint: for "
                                 "every array, v ← βv + g, then θ ← θ − αv; return both lists."))
    return Feedback(True, _("correct: your step matches gdlib.optimizers.Momentum on lists of "
                            "arrays of three shapes."))


def _wrong(exercise, slip, what, hints, **fields):
    """✗ on the hint ladder of this ``slip`` of ``exercise``: a new kind of slip starts at its
    own first hint. ``hints`` are marked N_ and translated here (then given ``fields``)."""
    return wrong(f"{exercise}/{slip}", what, [_(hint).format(**fields) for hint in hints])


def _right(exercise, message):
    """✓: every slip's ladder of ``exercise`` starts again."""
    for key in [k for k in _feedback._failures if k.startswith(exercise + "/")]:
        _feedback._failures.pop(key)
    return right(exercise, message)


#: (λ, α, β) at which ``check_momentum_rate`` compares: the valley's λ_max at Polyak's
#: (α*, β*) (a double eigenvalue), complex eigenvalues (large β), real ones, and ρ > 1.
RATE_CASES = ((12.2315, 0.27107, 0.67382), (0.11838, 0.05, 0.95), (2.0, 0.3, 0.1),
              (12.2315, 0.05, 0.5), (12.2315, 0.35, 0.5))

RATE_HINTS = {
    "not_a_number": [N_("return one number, ρ(M_λ) = the largest |eigenvalue| of M_λ, not the "
                        "eigenvalues themselves."),
                     N_("reduce the array of eigenvalues to one number: the largest of their "
                        "absolute values.")],
    "no_abs": [N_("the eigenvalues of M_λ can be complex or negative; the rate is their size."),
               N_("take np.abs of the eigenvalues before the max.")],
    "smallest": [N_("the error shrinks only as fast as its slowest part: which eigenvalue "
                    "is that?"),
                 N_("ρ(M_λ) is the largest |eigenvalue|, not the smallest.")],
    "gd": [N_("with momentum the error has a partner, the velocity: the map acts on the pair "
              "(v, e)."),
           N_("build the 2 × 2 matrix M_λ of section 2 and take its eigenvalues.")],
    "sign": [N_("look at the entry of M_λ that carries the velocity into the error: e ← e − αv, "
                "with the new v = βv + λe."),
             N_("the bottom row is (−αβ, 1 − αλ): compare the sign of your −αβ.")],
    "nesterov": [N_("this exercise is the heavy ball, whose step is −αv."),
                 N_("the bottom row of heavy ball's M_λ is (−αβ, 1 − αλ).")],
    "eigvalsh": [N_("np.linalg.eigvalsh is for symmetric matrices only: it reads one triangle "
                    "of M_λ, and M_λ is not symmetric."),
                 N_("use np.linalg.eigvals, which accepts any square matrix.")],
    "other": [N_("check M_λ entry by entry against section 2: v ← βv + λe, then e ← e − αv."),
              N_("the top row of M_λ is (β, λ), from v ← βv + λe; the bottom row follows from "
                 "e ← e − αv with the new v.")],
}


def _rate_slips(lam, lr, beta):
    """The values that the usual slips return, by name."""
    eig = lambda M: np.linalg.eigvals(np.asarray(M, dtype=float))
    M = [[beta, lam], [-lr * beta, 1 - lr * lam]]
    return {
        "no_abs": [eig(M).real.max()],
        "smallest": [np.abs(eig(M)).min()],
        "gd": [abs(1 - lr * lam)],
        "sign": [np.abs(eig([[beta, lam], [lr * beta, 1 - lr * lam]])).max(),
                 np.abs(eig([[beta, -lam], [-lr * beta, 1 - lr * lam]])).max()],
        "nesterov": [quadratic.rate([lam], lr, beta, nesterov=True)],
        "eigvalsh": [np.abs(np.linalg.eigvalsh(np.asarray(M, dtype=float))).max()],
    }


def check_momentum_rate(momentum_rate):
    """Is ``momentum_rate(lam, lr, beta)`` ρ(M_λ), the spectral radius of heavy ball's
    iteration matrix M_λ = [[β, λ], [−αβ, 1 − αλ]] for one eigenvalue λ?

    Compared with ``gdlib.quadratic.rate`` at RATE_CASES; the usual slips (no |·|, the
    smallest eigenvalue, GD's |1 − αλ|, a sign, Nesterov's matrix, eigvalsh) are named,
    each with its own hint ladder.
    """
    for lam, lr, beta in RATE_CASES:
        expected = quadratic.rate([lam], lr, beta)
        result, fb = attempt(momentum_rate, lam, lr, beta)
        if fb is not None:
            return fb
        fields = dict(lam=f"{lam:g}", lr=f"{lr:g}", beta=f"{beta:g}")
        if np.iscomplexobj(result) and np.size(result) == 1:
            return _wrong("momentum_rate", "no_abs", _(
                "at λ = {lam}, α = {lr}, β = {beta} your rate is a complex number.").format(
                    **fields), RATE_HINTS["no_abs"])
        try:
            value = float(np.asarray(result, dtype=float).item())
        except (TypeError, ValueError):
            return _wrong("momentum_rate", "not_a_number", _(
                "your function returned {type}, not one number.").format(
                    type=type(result).__name__), RATE_HINTS["not_a_number"])
        if np.isclose(value, expected, rtol=1e-6):
            continue
        what = _("at λ = {lam}, α = {lr}, β = {beta} your rate is {value}, not ρ(M_λ).").format(
            value=f"{value:.4g}", **fields)
        for slip, values in _rate_slips(lam, lr, beta).items():
            if any(np.isclose(value, v, rtol=1e-6) for v in values):
                return _wrong("momentum_rate", slip, what, RATE_HINTS[slip])
        return _wrong("momentum_rate", "other", what, RATE_HINTS["other"])
    lam, lr, beta = RATE_CASES[1]
    return _right("momentum_rate", _(
        "correct: your ρ(M_λ) matches gdlib.quadratic.rate at {n} settings, among them complex "
        "eigenvalues (λ = {lam}, α = {lr}, β = {beta}: ρ = √β = {rho}) and a divergent one "
        "(ρ > 1).").format(n=len(RATE_CASES), lam=f"{lam:g}", lr=f"{lr:g}", beta=f"{beta:g}",
                           rho=f"{quadratic.rate([lam], lr, beta):.4f}"))


STABLE_HINTS = {
    "gd": [N_("momentum changes where the run blows up: compute ρ(M_λ) with β in it."),
           N_("scan α (e.g. np.linspace(0.01, 1, 10_000)) with your my_rate at λ_max and this "
              "β, and keep the largest α with ρ < 1.")],
    "slow_mode": [N_("the run diverges as soon as one eigenvector's error grows: which λ gives "
                     "up first as α grows?"),
                  N_("the steep mode, λ_max, limits α: ρ(M_λmax) reaches 1 first.")],
    "nesterov": [N_("this exercise is the heavy ball; Nesterov's edge is lower."),
                 N_("use heavy ball's M_λ (your my_rate), not Nesterov's.")],
    "optimal": [N_("this is the best α for β*, not the largest stable α for this β."),
                N_("scan α with ρ(M_λmax) at this β and keep the largest α with ρ < 1.")],
    "past": [N_("there ρ(M_λmax) ≥ 1: the run diverges. The edge is a little lower."),
             N_("refine: a finer grid, or a bisection between a stable and an unstable α.")],
    "short": [N_("ρ(M_λmax) < 1 still: a larger α is stable too."),
              N_("refine: a finer grid, or a bisection between a stable and an unstable α.")],
    "other": [N_("compute ρ(M_λ) at λ_max of linear.hessian(X) for α on a fine grid."),
              N_("the edge is where ρ(M_λmax) crosses 1: keep the largest α with ρ < 1.")],
}


def check_largest_stable_lr(lr_max, X, beta=0.9):
    """Is ``lr_max`` heavy ball's largest stable α at this β on the linear neuron's X?

    The edge 2(1 + β)/λ_max, where M_λmax gets the eigenvalue −1, to 3 significant
    digits. GD's 2/λ_max, λ_min's edge, Nesterov's, Polyak's α* and answers just past or
    short of the edge are named, each with its own hint ladder.
    """
    value, fb = number(lr_max, "α")
    if fb is not None:
        return fb
    lam = np.linalg.eigvalsh(linear.hessian(X))
    edge = quadratic.largest_stable_lr(lam[-1], beta)
    fields = dict(value=f"{value:.4g}", beta=f"{beta:g}")
    if np.isclose(value, edge, rtol=1e-3):
        return _right("largest_stable_lr", _(
            "correct: heavy ball with β = {beta} is stable for α < 2(1 + β)/λ_max = {edge}, "
            "{times} times GD's α_crit = 2/λ_max = {gd}: there M_λmax gets the eigenvalue −1. "
            "The velocity lets the ball take larger steps without blowing up.").format(
                edge=f"{edge:.4f}", times=f"{edge * lam[-1] / 2:.2g}", gd=f"{2 / lam[-1]:.4f}",
                **fields))
    named = {"gd": 2 / lam[-1], "slow_mode": quadratic.largest_stable_lr(lam[0], beta),
             "nesterov": quadratic.largest_stable_lr(lam[-1], beta, nesterov=True),
             "optimal": quadratic.optimal_momentum(lam)[0]}
    for slip, v in named.items():
        if np.isclose(value, v, rtol=1e-3):
            what = {"gd": _("α = {value} is GD's edge 2/λ_max (β = 0), not heavy ball's at "
                            "β = {beta}."),
                    "slow_mode": _("α = {value} is where the slow mode (λ_min) would give up, "
                                   "but another mode diverges long before."),
                    "nesterov": _("α = {value} is Nesterov's edge at β = {beta}."),
                    "optimal": _("α = {value} is Polyak's α*, the best α at β*.")}[slip]
            return _wrong("largest_stable_lr", slip, what.format(**fields), STABLE_HINTS[slip])
    rho = quadratic.rate(lam, value, beta)
    if value > 0 and abs(value / edge - 1) < 0.2:
        slip = "past" if rho >= 1 else "short"
        what = _("at α = {value}, β = {beta}: ρ = {rho}.").format(rho=f"{rho:.4f}", **fields)
        return _wrong("largest_stable_lr", slip, what, STABLE_HINTS[slip])
    return _wrong("largest_stable_lr", "other", _(
        "α = {value} is not the edge of stability at β = {beta} (ρ there is {rho}).").format(
            rho=f"{rho:.3g}", **fields), STABLE_HINTS["other"])


def check_bias_correction(bias_correction):
    """Is ``bias_correction(m, s, t, beta1, beta2) -> (m_hat, s_hat)`` Adam's correction,
    m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ) with t the 1-based update count?

    Checked by plugging it into an Adam step and comparing with
    ``gdlib.optimizers.Adam`` at updates t = 1, 2, 10 and 1000.
    """
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
            result, feedback = pair(result, _("your function"), "m_hat, s_hat")
            if feedback is not None:
                return feedback
            m_hat, s_hat = result
            try:
                step = params[0] - lr * np.asarray(m_hat) / (np.sqrt(np.asarray(s_hat)) + eps)
            except (TypeError, ValueError) as err:
                return Feedback(False, _("m_hat and s_hat should be arrays like m and s "
                                         "({err}).").format(err=err))
        if t == 1 and not np.all(np.isfinite(step)):
            return Feedback(False, _("at the first update your m̂ or ŝ is not finite: did you "
                                     "use β₁ᵗ⁻¹? t counts updates from 1, so the first "
                                     "correction divides by 1 − β₁¹ = 1 − β₁."))
        if close(step, expected[0], rtol=1e-10):
            continue
        if close(m_hat, m[0]) and close(s_hat, s[0]):
            return Feedback(False, _("you returned m and s unchanged. Hint: divide m by "
                                     "(1 − β₁ᵗ) and s by (1 − β₂ᵗ)."))
        if t > 1 and close(m_hat, m[0] / (1 - beta1 ** (t - 1))):
            return Feedback(False, _("your t is off by one: t counts updates from 1 (the "
                                     "first update has t = 1), so use β₁ᵗ, not β₁ᵗ⁻¹."))
        return Feedback(False, _("at update t = {t} your correction does not give Adam's step. "
                                 "Hint: m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ).").format(t=t))
    return Feedback(True, _("correct: with your m̂ and ŝ, Adam's step is gdlib's at t = 1, 2, "
                            "10 and 1000."))


#: The digits challenge: reach this training loss within this many updates. The reference is
#: plain GD at its best constant α on the grid α = 1, 2, …, 30 (tests/test_exercises_07.py).
CHALLENGE_TARGET, CHALLENGE_BUDGET, CHALLENGE_GD_LR = 0.1, 600, 12.0
CHALLENGE_KEYS = {"optimizer", "lr", "batch_size", "epochs"}


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
    if settings is None:
        return Feedback(False, _("not attempted yet: set `settings` to a dict such as "
                                 "dict(optimizer=..., lr=..., epochs=...), run that cell, then "
                                 "run this one again."))
    if not isinstance(settings, dict) or not {"lr", "epochs"} <= set(settings):
        return Feedback(False, _("settings should be a dict with at least lr and epochs, e.g. "
                                 "dict(optimizer=gdlib.optimizers.Adam(), lr=0.01, "
                                 "epochs=100)."))
    unknown = sorted(set(settings) - CHALLENGE_KEYS)
    if unknown:
        return Feedback(False, _("settings may hold only {allowed}; got {unknown} too.").format(
            allowed=", ".join(sorted(CHALLENGE_KEYS)), unknown=", ".join(unknown)))
    X, y = _digits()
    try:
        h = descent.descend(softmax, X, y, seed=0, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, _("gdlib.descend refused these settings: {err}").format(err=err))
    k = descent.minibatches(len(y), h.batch_size)
    used = updates_to_reach(h, CHALLENGE_TARGET)
    if used is None or used > CHALLENGE_BUDGET:
        stop = min(h.updates, CHALLENGE_BUDGET)
        asked = settings["epochs"] * k
        fields = dict(target=f"{CHALLENGE_TARGET}", budget=CHALLENGE_BUDGET, asked=asked)
        if h.diverged:
            return _wrong("digits_challenge", "diverged", _(
                "the loss did not reach {target} within {budget} updates: the run diverged."
            ).format(**fields), DIGITS_HINTS["diverged"])
        if asked < CHALLENGE_BUDGET:
            return _wrong("digits_challenge", "few_updates", _(
                "the loss did not reach {target}: epochs · k = {asked} updates were asked for, "
                "and after them the loss is {loss}.").format(
                    loss=f"{h.losses[stop]:.3f}", **fields), DIGITS_HINTS["few_updates"],
                budget=CHALLENGE_BUDGET)
        return _wrong("digits_challenge", "slow", _(
            "the loss did not reach {target} within {budget} updates (after {updates} updates "
            "it is {loss}).").format(updates=stop, loss=f"{h.losses[stop]:.3f}", **fields),
            DIGITS_HINTS["slow"])
    gd = descent.descend(softmax, X, y, lr=CHALLENGE_GD_LR, epochs=CHALLENGE_BUDGET, seed=0,
                         trajectory=False)
    ref = updates_to_reach(gd, CHALLENGE_TARGET)
    fields = dict(target=f"{CHALLENGE_TARGET}", used=used, lr=f"{CHALLENGE_GD_LR:g}")
    if ref is not None:
        return _right("digits_challenge", _(
            "reached L ≤ {target} after {used} updates (plain GD at its best α = {lr} needs "
            "{ref}). Can you do it in fewer?").format(ref=ref, **fields))
    return _right("digits_challenge", _(
        "reached L ≤ {target} after {used} updates (plain GD at α = {lr} does not get there "
        "in {budget}). Can you do it in fewer?").format(budget=CHALLENGE_BUDGET, **fields))


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
