"""Exercises of notebook 07's first topic, the heavy ball: one momentum step, its rate from the
2 × 2 matrix M_λ, and the largest stable α for a β."""
from __future__ import annotations

import numpy as np

from .. import linear, quadratic
from ..i18n import N_
from ..optimizers import Momentum
from .feedback import attempt, close, ladder, number, pair, right, say, wrong

MOMENTUM_MESSAGES = {
    "right": N_("correct: your step matches gdlib.optimizers.Momentum on lists of arrays of "
                "three shapes."),
    "your_function": N_("your function"),
    "swapped": N_("your pair comes back in swapped order: (new_velocity, new_params)."),
    "velocity": N_("θ is right, but the velocity you return is not the new v = βv + g."),
    "other": N_("your step does not match gdlib's momentum step."),
    # the slips in θ (``_momentum_slips``)
    "no_velocity": N_("your θ moves by −αg: the velocity is not used."),
    "old_velocity": N_("your step uses the old velocity."),
    "average": N_("you averaged, v ← βv + (1 − β)g; the heavy ball of gdlib and PyTorch adds "
                  "the whole gradient."),
    "sign": N_("your θ moves by +αv: uphill, the wrong sign."),
    "nesterov": N_("your θ moves by −α(βv + g) with the new v: that is Nesterov's look-ahead "
                   "step, not the heavy ball's."),
    "v_plus_beta_g": N_("your velocity is v + βg: β went onto the gradient instead of the old "
                        "velocity."),
    "beta_v_plus_g": N_("your velocity is β(v + g): β went onto the gradient too."),
}

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
    "swapped": [N_("return the new θ first, then the new velocity.")],
    "velocity": [N_("return the new velocity too: the next step needs it."),
                 N_("return the list of new θ arrays and the list of new v = βv + g.")],
    "other": [N_("do the two updates in order, for every array of the lists: first the "
                 "velocity, then θ."),
              N_("for every array, v ← βv + g, then θ ← θ − αv; return both lists.")],
}

#: (λ, α, β) at which ``check_momentum_rate`` compares: the valley's λ_max at Polyak's
#: (α*, β*) (a double eigenvalue), complex eigenvalues (large β), real ones, and ρ > 1.
RATE_CASES = ((12.2315, 0.27107, 0.67382), (0.11838, 0.05, 0.95), (2.0, 0.3, 0.1),
              (12.2315, 0.05, 0.5), (12.2315, 0.35, 0.5))

RATE_MESSAGES = {
    "right": N_("correct: your ρ(M_λ) matches gdlib.quadratic.rate at {n} settings, among them "
                "complex eigenvalues (λ = {lam:g}, α = {lr:g}, β = {beta:g}: ρ = √β = "
                "{rho:.4f}) and a divergent one (ρ > 1)."),
    "complex": N_("at λ = {lam:g}, α = {lr:g}, β = {beta:g} your rate is a complex number."),
    "not_a_number": N_("your function returned {type}, not one number."),
    "wrong": N_("at λ = {lam:g}, α = {lr:g}, β = {beta:g} your rate is {value:.4g}, not "
                "ρ(M_λ)."),
}

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

STABLE_MESSAGES = {
    "right": N_("correct: heavy ball with β = {beta:g} is stable for α < 2(1 + β)/λ_max = "
                "{edge:.4f}, {times:.2g} times GD's α_crit = 2/λ_max = {gd:.4f}: there M_λmax "
                "gets the eigenvalue −1. The velocity lets the ball take larger steps without "
                "blowing up."),
    "gd": N_("α = {value:.4g} is GD's edge 2/λ_max (β = 0), not heavy ball's at β = {beta:g}."),
    "slow_mode": N_("α = {value:.4g} is where the slow mode (λ_min) would give up, but another "
                    "mode diverges long before."),
    "nesterov": N_("α = {value:.4g} is Nesterov's edge at β = {beta:g}."),
    "optimal": N_("α = {value:.4g} is Polyak's α*, the best α at β*."),
    "near": N_("at α = {value:.4g}, β = {beta:g}: ρ = {rho:.4f}."),
    "other": N_("α = {value:.4g} is not the edge of stability at β = {beta:g} (ρ there is "
                "{rho:.3g})."),
}

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


def _lists(seed):
    """A θ, a gradient and a velocity as lists of arrays of different shapes (like a network's)."""
    rng = np.random.default_rng(seed)
    shapes = [(3,), (), (2, 4)]
    return [[rng.standard_normal(s) for s in shapes] for _group in range(3)]


def _all_close(got, expected):
    return (isinstance(got, (list, tuple)) and len(got) == len(expected)
            and all(close(g, e) for g, e in zip(got, expected)))


def _momentum_slips(params, grads, velocity, lr, beta):
    """The θ that each common slip gives: [(key of its hints, key of its sentence, new θ)]."""
    new_v = [beta * u + g for u, g in zip(velocity, grads)]
    step = lambda vs, sign=-1: [p + sign * lr * u for p, u in zip(params, vs)]
    return [
        ("no_velocity", "no_velocity", step(grads)),
        ("old_velocity", "old_velocity", step(velocity)),
        ("average", "average", step([beta * u + (1 - beta) * g for u, g in zip(velocity, grads)])),
        ("sign", "sign", step(new_v, +1)),
        ("nesterov", "nesterov", step([beta * u + g for u, g in zip(new_v, grads)])),
        ("beta_on_g", "v_plus_beta_g", step([u + beta * g for u, g in zip(velocity, grads)])),
        ("beta_on_g", "beta_v_plus_g", step([beta * (u + g) for u, g in zip(velocity, grads)])),
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
        result, feedback = pair(result, say(MOMENTUM_MESSAGES, "your_function"),
                                "new_params, new_velocity")
        if feedback is not None:
            return feedback
        new_params, new_velocity = result
        expected, v = Momentum(beta).step(params, grads, lr, velocity, 1)
        if _all_close(new_params, expected) and _all_close(new_velocity, v):
            continue
        if _all_close(new_params, v) and _all_close(new_velocity, expected):
            key = what = "swapped"
        else:
            key, what = next(((key, what) for key, what, slip_params
                              in _momentum_slips(params, grads, velocity, lr, beta)
                              if _all_close(new_params, slip_params)),
                             ("velocity", "velocity") if _all_close(new_params, expected)
                             else ("other", "other"))
        return wrong(exercise, say(MOMENTUM_MESSAGES, what), ladder(MOMENTUM_HINTS[key]),
                     slip=key)
    return right(exercise, say(MOMENTUM_MESSAGES, "right"))


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
    exercise = "momentum_rate"
    for lam, lr, beta in RATE_CASES:
        expected = quadratic.rate([lam], lr, beta)
        result, fb = attempt(momentum_rate, lam, lr, beta)
        if fb is not None:
            return fb
        fields = dict(lam=lam, lr=lr, beta=beta)
        if np.iscomplexobj(result) and np.size(result) == 1:
            return wrong(exercise, say(RATE_MESSAGES, "complex", **fields),
                         ladder(RATE_HINTS["no_abs"]), slip="no_abs")
        try:
            if np.size(result) != 1:          # e.g. both eigenvalues (complex: no cast to float)
                raise ValueError
            value = float(np.asarray(result, dtype=float).item())
        except (TypeError, ValueError):
            return wrong(exercise, say(RATE_MESSAGES, "not_a_number", type=type(result).__name__),
                         ladder(RATE_HINTS["not_a_number"]), slip="not_a_number")
        if np.isclose(value, expected, rtol=1e-6):
            continue
        slip = next((slip for slip, values in _rate_slips(lam, lr, beta).items()
                     if any(np.isclose(value, v, rtol=1e-6) for v in values)), "other")
        return wrong(exercise, say(RATE_MESSAGES, "wrong", value=value, **fields),
                     ladder(RATE_HINTS[slip]), slip=slip)
    lam, lr, beta = RATE_CASES[1]
    return right(exercise, say(RATE_MESSAGES, "right", n=len(RATE_CASES), lam=lam, lr=lr,
                               beta=beta, rho=quadratic.rate([lam], lr, beta)))


def check_largest_stable_lr(lr_max, X, beta=0.9):
    """Is ``lr_max`` heavy ball's largest stable α at this β on the linear neuron's X?

    The edge 2(1 + β)/λ_max, where M_λmax gets the eigenvalue −1, to 3 significant
    digits. GD's 2/λ_max, λ_min's edge, Nesterov's, Polyak's α* and answers just past or
    short of the edge are named, each with its own hint ladder.
    """
    exercise = "largest_stable_lr"
    value, fb = number(lr_max, "α")
    if fb is not None:
        return fb
    lam = np.linalg.eigvalsh(linear.hessian(X))
    edge = quadratic.largest_stable_lr(lam[-1], beta)
    fields = dict(value=value, beta=beta)
    if np.isclose(value, edge, rtol=1e-3):
        return right(exercise, say(STABLE_MESSAGES, "right", edge=edge,
                                   times=edge * lam[-1] / 2, gd=2 / lam[-1], **fields))
    named = {"gd": 2 / lam[-1], "slow_mode": quadratic.largest_stable_lr(lam[0], beta),
             "nesterov": quadratic.largest_stable_lr(lam[-1], beta, nesterov=True),
             "optimal": quadratic.optimal_momentum(lam)[0]}
    for slip, v in named.items():
        if np.isclose(value, v, rtol=1e-3):
            return wrong(exercise, say(STABLE_MESSAGES, slip, **fields),
                         ladder(STABLE_HINTS[slip]), slip=slip)
    rho = quadratic.rate(lam, value, beta)
    if value > 0 and abs(value / edge - 1) < 0.2:
        slip = "past" if rho >= 1 else "short"
        return wrong(exercise, say(STABLE_MESSAGES, "near", rho=rho, **fields),
                     ladder(STABLE_HINTS[slip]), slip=slip)
    return wrong(exercise, say(STABLE_MESSAGES, "other", rho=rho, **fields),
                 ladder(STABLE_HINTS["other"]), slip="other")
