"""Exercises of notebook 07: one momentum step, β from κ, Adam's bias correction, and the
digits challenge (a target loss in as few updates as possible)."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, quadratic, softmax
from ..i18n import _
from ..optimizers import Adam, Momentum
from .feedback import Feedback, attempt, close, number, pair


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


def _valley_run(X, y, lr, beta, updates, start):
    w_bar, b_bar = linear.least_squares(X, y)
    h = descent.descend(linear, X, y, lr=lr, epochs=updates, optimizer=Momentum(beta),
                        w0=[start[0]], b0=start[1])
    return h.losses[-1] - linear.loss(X, y, w_bar, b_bar)


def check_beta_from_kappa(beta, X, y, updates=60, start=(1.0, -2.0)):
    """Is ``beta`` the best momentum β* = ((√κ − 1)/(√κ + 1))² for the linear neuron on X?

    κ = λ_max/λ_min of ``linear.hessian(X)``. When it is, both heavy balls run at the best
    α* for ``updates`` updates, with this β and with the default β = 0.9, and the check
    says how much lower the loss ends with this β.
    """
    value, feedback = number(beta, "β")
    if feedback is not None:
        return feedback
    lam = np.linalg.eigvalsh(linear.hessian(X))
    lr, beta_star, rho_star = quadratic.optimal_momentum(lam)
    if np.isclose(value, rho_star, rtol=1e-3):
        return Feedback(False, _("{value} is ρ* = (√κ − 1)/(√κ + 1), the rate; β* is its "
                                 "square.").format(value=f"{value:.4g}"))
    if not np.isclose(value, beta_star, rtol=1e-3):
        return Feedback(False, _("β = {value} is not β* yet. Hint: κ = λ_max/λ_min of "
                                 "linear.hessian(X) (np.linalg.eigvalsh gives the eigenvalues), "
                                 "then β* = ((√κ − 1)/(√κ + 1))².").format(value=f"{value:.4g}"))
    yours = _valley_run(X, y, lr, value, updates, start)
    default = _valley_run(X, y, lr, 0.9, updates, start)
    if not yours < default:
        return Feedback(False, _("β = {value} is β*, but at α* it ended at L − L̄ = {yours}, "
                                 "not below β = 0.9's {default}.").format(
            value=f"{value:.4g}", yours=f"{yours:.2g}", default=f"{default:.2g}"))
    return Feedback(True, _("correct: β* = {value}. At α* = {lr} and {updates} updates, it "
                            "leaves L − L(θ̄) = {yours}; the default β = 0.9 leaves {default}, "
                            "about {times} times more.").format(
        value=f"{value:.4g}", lr=f"{lr:.3g}", updates=updates, yours=f"{yours:.1g}",
        default=f"{default:.1g}", times=f"{default / yours:,.0f}"))


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


#: The digits challenge: reach this training loss within this many updates.
CHALLENGE_TARGET, CHALLENGE_BUDGET, CHALLENGE_GD_LR = 0.1, 600, 3.0
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
    plain GD at α = CHALLENGE_GD_LR (a well-tuned constant α).
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
        fields = dict(target=f"{CHALLENGE_TARGET}", budget=CHALLENGE_BUDGET,
                      asked=settings["epochs"] * k)
        if h.diverged:
            return Feedback(False, _("the loss did not reach {target} within {budget} updates "
                                     "(it diverged; epochs · k = {asked} updates were asked "
                                     "for). Try momentum or Adam, and the range test for "
                                     "α.").format(**fields))
        return Feedback(False, _("the loss did not reach {target} within {budget} updates "
                                 "(after {updates} updates the loss is {loss}; epochs · k = "
                                 "{asked} updates were asked for). Try momentum or Adam, and "
                                 "the range test for α.").format(
            updates=stop, loss=f"{h.losses[stop]:.3f}", **fields))
    gd = descent.descend(softmax, X, y, lr=CHALLENGE_GD_LR, epochs=CHALLENGE_BUDGET, seed=0,
                         trajectory=False)
    ref = updates_to_reach(gd, CHALLENGE_TARGET)
    fields = dict(target=f"{CHALLENGE_TARGET}", used=used, lr=f"{CHALLENGE_GD_LR:g}")
    if ref is not None:
        return Feedback(True, _("reached L ≤ {target} after {used} updates (plain GD at α = "
                                "{lr} needs {ref}). Can you do it in fewer?").format(
            ref=ref, **fields))
    return Feedback(True, _("reached L ≤ {target} after {used} updates (plain GD at α = {lr} "
                            "does not get there in {budget}). Can you do it in fewer?").format(
        budget=CHALLENGE_BUDGET, **fields))
