"""Exercises of notebook 07's first topic, the heavy ball: one momentum step, its rate from the
2 × 2 matrix M_λ, and the largest stable α for a β."""
from __future__ import annotations

import numpy as np

from .. import linear, quadratic
from ..optimizers import Momentum
from .feedback import attempt, close, ladder, number, right, say, student_pair, texts, wrong

MESSAGES, HINTS = texts("momentum")


#: (λ, α, β) at which ``check_momentum_rate`` compares: the valley's λ_max at Polyak's
#: (α*, β*) (a double eigenvalue), complex eigenvalues (large β), real ones, and ρ > 1.
RATE_CASES = ((12.2315, 0.27107, 0.67382), (0.11838, 0.05, 0.95), (2.0, 0.3, 0.1),
              (12.2315, 0.05, 0.5), (12.2315, 0.35, 0.5))


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
    messages, hints = MESSAGES["momentum"], HINTS["momentum"]
    exercise = "momentum step"
    lr, beta = 0.1, 0.9
    for seed in (0, 1, 2):
        params, grads, velocity = _lists(seed)
        copies = [[np.copy(a) for a in group] for group in (params, grads, velocity)]
        result, feedback = student_pair(momentum_step, say(messages, "your_function"), *copies,
                                        lr, beta, example="new_params, new_velocity")
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
        return wrong(exercise, say(messages, what), ladder(hints[key]),
                     slip=key)
    return right(exercise, say(messages, "right"))


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
    messages, hints = MESSAGES["rate"], HINTS["rate"]
    exercise = "momentum_rate"
    for lam, lr, beta in RATE_CASES:
        expected = quadratic.rate([lam], lr, beta)
        result, fb = attempt(momentum_rate, lam, lr, beta)
        if fb is not None:
            return fb
        fields = dict(lam=lam, lr=lr, beta=beta)
        if np.iscomplexobj(result) and np.size(result) == 1:
            return wrong(exercise, say(messages, "complex", **fields),
                         ladder(hints["no_abs"]), slip="no_abs")
        try:
            if np.size(result) != 1:          # e.g. both eigenvalues (complex: no cast to float)
                raise ValueError
            value = float(np.asarray(result, dtype=float).item())
        except (TypeError, ValueError):
            return wrong(exercise, say(messages, "not_a_number", type=type(result).__name__),
                         ladder(hints["not_a_number"]), slip="not_a_number")
        if np.isclose(value, expected, rtol=1e-6):
            continue
        slip = next((slip for slip, values in _rate_slips(lam, lr, beta).items()
                     if any(np.isclose(value, v, rtol=1e-6) for v in values)), "other")
        return wrong(exercise, say(messages, "wrong", value=value, **fields),
                     ladder(hints[slip]), slip=slip)
    lam, lr, beta = RATE_CASES[1]
    return right(exercise, say(messages, "right", n=len(RATE_CASES), lam=lam, lr=lr,
                               beta=beta, rho=quadratic.rate([lam], lr, beta)))


def check_largest_stable_lr(lr_max, X, beta=0.9):
    """Is ``lr_max`` heavy ball's largest stable α at this β on the linear neuron's X?

    The edge 2(1 + β)/λ_max, where M_λmax gets the eigenvalue −1, to 3 significant
    digits. GD's 2/λ_max, λ_min's edge, Nesterov's, Polyak's α* and answers just past or
    short of the edge are named, each with its own hint ladder.
    """
    messages, hints = MESSAGES["stable"], HINTS["stable"]
    exercise = "largest_stable_lr"
    value, fb = number(lr_max, "α")
    if fb is not None:
        return fb
    lam = np.linalg.eigvalsh(linear.hessian(X))
    edge = quadratic.largest_stable_lr(lam[-1], beta)
    fields = dict(value=value, beta=beta)
    if np.isclose(value, edge, rtol=1e-3):
        return right(exercise, say(messages, "right", edge=edge,
                                   times=edge * lam[-1] / 2, gd=2 / lam[-1], **fields))
    named = {"gd": 2 / lam[-1], "slow_mode": quadratic.largest_stable_lr(lam[0], beta),
             "nesterov": quadratic.largest_stable_lr(lam[-1], beta, nesterov=True),
             "optimal": quadratic.optimal_momentum(lam)[0]}
    for slip, v in named.items():
        if np.isclose(value, v, rtol=1e-3):
            return wrong(exercise, say(messages, slip, **fields),
                         ladder(hints[slip]), slip=slip)
    rho = quadratic.rate(lam, value, beta)
    if value > 0 and abs(value / edge - 1) < 0.2:
        slip = "past" if rho >= 1 else "short"
        return wrong(exercise, say(messages, "near", rho=rho, **fields),
                     ladder(hints[slip]), slip=slip)
    return wrong(exercise, say(messages, "other", rho=rho, **fields),
                 ladder(hints["other"]), slip="other")
