"""Exercises of notebook 07: one momentum step, heavy ball's rate from its 2 × 2 matrix, the
largest stable α for a β, Adam's bias correction, and the digits challenge (a target loss in
as few updates as possible)."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, quadratic, softmax
from ..i18n import N_, _
from ..optimizers import Adam, Momentum
from .feedback import Feedback, attempt, close, number, pair, right, wrong


def _lists(seed):
    """A θ, a gradient and a velocity as lists of arrays of different shapes (like a network's)."""
    rng = np.random.default_rng(seed)
    shapes = [(3,), (), (2, 4)]
    return [[rng.standard_normal(s) for s in shapes] for _group in range(3)]


def _all_close(got, expected):
    return (isinstance(got, (list, tuple)) and len(got) == len(expected)
            and all(close(g, e) for g, e in zip(got, expected)))


MOMENTUM_HINTS = {
    "no_velocity": [N_("the heavy ball keeps a velocity v: the sum of past gradients, each "
                       "one shrunk by β per update."),
                    N_("first v ← βv + g, then θ ← θ − αv.")],
    "old_velocity": [N_("the order matters: which v should move θ, the old one or the new "
                        "one?"),
                     N_("update v first (v ← βv + g), then take θ ← θ − αv with the new v.")],
    "average": [N_("the (1 − β) belongs to Adam's averages, not to the heavy ball of gdlib "
                   "and PyTorch."),
                N_("the heavy ball adds the whole gradient: v ← βv + g.")],
    "sign": [N_("v points uphill, like g: the step goes against it."),
             N_("θ ← θ − αv, with a minus.")],
    "nesterov": [N_("the heavy ball steps along v alone; the extra look-ahead βv + g is "
                    "Nesterov's step."),
                 N_("θ ← θ − αv with the new v = βv + g.")],
    "beta_on_g": [N_("β is the memory of the velocity: it shrinks the old v, not the new "
                     "gradient."),
                  N_("v ← βv + g: β multiplies v, and g comes in whole.")],
    "velocity": [N_("return the new velocity too: the next step needs it."),
                 N_("return the list of new θ arrays and the list of new v = βv + g.")],
    "other": [N_("do the two updates in order, for every array of the lists: first the "
                 "velocity, then θ."),
              N_("for every array, v ← βv + g, then θ ← θ − αv; return both lists.")],
}


def _momentum_slips(params, grads, velocity, lr, beta):
    """The θ that each common slip gives: [(key, what went wrong, new params)]."""
    new_v = [beta * u + g for u, g in zip(velocity, grads)]
    step = lambda vs, sign=-1: [p + sign * lr * u for p, u in zip(params, vs)]
    return [
        ("no_velocity", _("your θ moves by −αg: the velocity is not used."), step(grads)),
        ("old_velocity", _("your step uses the old velocity."), step(velocity)),
        ("average", _("you averaged, v ← βv + (1 − β)g; the heavy ball of gdlib and PyTorch "
                      "adds the whole gradient."),
         step([beta * u + (1 - beta) * g for u, g in zip(velocity, grads)])),
        ("sign", _("your θ moves by +αv: uphill, the wrong sign."), step(new_v, +1)),
        ("nesterov", _("your θ moves by −α(βv + g) with the new v: that is Nesterov's "
                       "look-ahead step, not the heavy ball's."),
         step([beta * u + g for u, g in zip(new_v, grads)])),
        ("beta_on_g", _("your velocity is v + βg: β went onto the gradient instead of the old "
                        "velocity."), step([u + beta * g for u, g in zip(velocity, grads)])),
        ("beta_on_g", _("your velocity is β(v + g): β went onto the gradient too."),
         step([beta * (u + g) for u, g in zip(velocity, grads)])),
    ]


def check_momentum_step(momentum_step):
    """Is ``momentum_step(params, grads, velocity, lr, beta) -> (new_params, new_velocity)``
    one heavy-ball update, v ← βv + g, θ ← θ − αv, applied to every array of the lists?

    Compared with ``gdlib.optimizers.Momentum(beta).step`` on lists of arrays of
    different shapes. The usual slips are named, each with its own hint ladder: no
    velocity, the old v in the step, the (1 − β) of an average, the wrong sign, Nesterov's
    step, β on the gradient, the pair returned in swapped order, a stale velocity.
    """
    exercise = "momentum step"
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
        if _all_close(new_params, v) and _all_close(new_velocity, expected):
            return wrong(exercise, _("your pair comes back in swapped order: (new_velocity, "
                                     "new_params)."),
                         [_("return the new θ first, then the new velocity.")], slip="swapped")
        for key, what, slip_params in _momentum_slips(params, grads, velocity, lr, beta):
            if _all_close(new_params, slip_params):
                return wrong(exercise, what, [_(h) for h in MOMENTUM_HINTS[key]], slip=key)
        if _all_close(new_params, expected):
            return wrong(exercise, _("θ is right, but the velocity you return is not the new "
                                     "v = βv + g."),
                         [_(h) for h in MOMENTUM_HINTS["velocity"]], slip="velocity")
        return wrong(exercise, _("your step does not match gdlib's momentum step."),
                     [_(h) for h in MOMENTUM_HINTS["other"]], slip="other")
    return right(exercise, _("correct: your step matches gdlib.optimizers.Momentum on lists "
                             "of arrays of three shapes."))


def _wrong(exercise, slip, what, hints, **fields):
    """✗ on the hint ladder of this ``slip`` of ``exercise`` (a new kind of slip starts at its
    own first hint). ``hints`` are marked N_ and translated here (then given ``fields``)."""
    return wrong(exercise, what, [_(hint).format(**fields) for hint in hints], slip=slip)


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
    return right("momentum_rate", _(
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
        return right("largest_stable_lr", _(
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


def _bias_slip(m_hat, s_hat, m, s, t, beta1, beta2):
    """The key and sentence of a common slip in (m̂, ŝ), or (None, None)."""
    fixed_m, fixed_s = m / (1 - beta1 ** t), s / (1 - beta2 ** t)
    both = lambda a, b: close(m_hat, a) and close(s_hat, b)
    slips = [("unchanged", both(m, s), _("you returned m and s unchanged.")),
             ("swapped", both(fixed_s, fixed_m),
              _("your pair comes back in swapped order: (ŝ, m̂).")),
             ("precedence", both(m - beta1 ** t, s - beta2 ** t) or both(m - beta1 ** t, fixed_s)
              or both(fixed_m, s - beta2 ** t),
              _("your m̂ is m − β₁ᵗ (or your ŝ is s − β₂ᵗ): m/1-b1**t is read as (m/1) − "
                "b1**t.")),
             ("only_m", both(fixed_m, s), _("you corrected m̂ but returned s unchanged.")),
             ("only_s", both(m, fixed_s), _("you corrected ŝ but returned m unchanged.")),
             ("betas", both(m / (1 - beta2 ** t), s / (1 - beta1 ** t)),
              _("you swapped the two β's: m̂ divides by 1 − β₂ᵗ and ŝ by 1 − β₁ᵗ.")),
             ]
    if t > 1:
        slips.append(("off_by_one", close(m_hat, m / (1 - beta1 ** (t - 1))),
                      _("your t is off by one (β₁ᵗ⁻¹ where β₁ᵗ belongs).")))
    return next(((key, text) for key, hit, text in slips if hit), (None, None))


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
            result, feedback = pair(result, _("your function"), "m_hat, s_hat")
            if feedback is not None:
                return feedback
            m_hat, s_hat = result
            try:
                step = params[0] - lr * np.asarray(m_hat) / (np.sqrt(np.asarray(s_hat)) + eps)
            except (TypeError, ValueError) as err:
                return Feedback(False, _("m_hat and s_hat should be arrays like m and s "
                                         "({err}).").format(err=err))
        if close(step, expected[0], rtol=1e-10):
            continue
        key, what = _bias_slip(m_hat, s_hat, m[0], s[0], t, beta1, beta2)
        if key is None and t == 1 and not np.all(np.isfinite(step)):
            key, what = "off_by_one", _("at the first update your m̂ or ŝ is not finite: did "
                                        "you use β₁ᵗ⁻¹? At t = 1 that divides by 1 − β₁⁰ = 0.")
        if key is None:
            key, what = "other", _("at update t = {t} your correction does not give Adam's "
                                   "step.").format(t=t)
        return wrong(exercise, what, [_(h) for h in BIAS_HINTS[key]], slip=key)
    return right(exercise, _("correct: with your m̂ and ŝ, Adam's step is gdlib's at t = 1, 2, "
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
    exercise = "digits challenge"
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
        return right("digits_challenge", _(
            "reached L ≤ {target} after {used} updates (plain GD at its best α = {lr} needs "
            "{ref}). Can you do it in fewer?").format(ref=ref, **fields))
    return right("digits_challenge", _(
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
