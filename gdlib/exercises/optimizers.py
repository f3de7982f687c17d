"""Exercises of notebook 07: one momentum step, β from κ, Adam's bias correction, and the
digits challenge (a target loss in as few updates as possible)."""
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
    exercise = "β from κ"
    value, feedback = number(beta, "β")
    if feedback is not None:
        return feedback
    lam = np.linalg.eigvalsh(linear.hessian(X))
    lr, beta_star, rho_star = quadratic.optimal_momentum(lam)
    kappa = lam[-1] / lam[0]
    shown = f"{value:.4g}"
    if np.isclose(value, rho_star, rtol=1e-3):
        return wrong(exercise, _("{value} is ρ* = (√κ − 1)/(√κ + 1), the rate.")
                     .format(value=shown), [_("β* is the square of the rate.")], slip="rate")
    for key, slip_value, what in [
            ("kappa", ((kappa - 1) / (kappa + 1)) ** 2,
             _("{value} is ((κ − 1)/(κ + 1))²: κ where √κ belongs.")),
            ("kappa", (kappa - 1) / (kappa + 1),
             _("{value} is (κ − 1)/(κ + 1), plain GD's best rate, not the heavy ball's β*.")),
            ("cond_X", ((kappa ** 0.25 - 1) / (kappa ** 0.25 + 1)) ** 2,
             _("{value} comes from κ^¼: did you take the condition number of X (np.linalg.cond "
               "gives √κ(H)) and its root again?"))]:
        if np.isclose(value, slip_value, rtol=1e-3):
            return wrong(exercise, what.format(value=shown), [
                _("κ = λ_max/λ_min is the ratio of the Hessian's eigenvalues; β* uses its "
                  "square root, √κ."),
                _("β* = ((√κ − 1)/(√κ + 1))² with κ from np.linalg.eigvalsh(linear.hessian(X))."
                  )], slip=key)
    if not np.isclose(value, beta_star, rtol=1e-3):
        return wrong(exercise, _("β = {value} is not β* yet.").format(value=shown), [
            _("κ = λ_max/λ_min of linear.hessian(X) (np.linalg.eigvalsh gives the "
              "eigenvalues)."),
            _("β* = ((√κ − 1)/(√κ + 1))².")], slip="other")
    yours = _valley_run(X, y, lr, value, updates, start)
    default = _valley_run(X, y, lr, 0.9, updates, start)
    if not yours < default:
        return Feedback(False, _("β = {value} is β*, but at α* it ended at L − L̄ = {yours}, "
                                 "not below β = 0.9's {default}.").format(
            value=shown, yours=f"{yours:.2g}", default=f"{default:.2g}"))
    return right(exercise, _("correct: β* = {value}. At α* = {lr} and {updates} updates, it "
                             "leaves L − L(θ̄) = {yours}; the default β = 0.9 leaves {default}, "
                             "about {times} times more.").format(
        value=shown, lr=f"{lr:.3g}", updates=updates, yours=f"{yours:.1g}",
        default=f"{default:.1g}", times=f"{default / yours:,.0f}"))


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
        fields = dict(target=f"{CHALLENGE_TARGET}", budget=CHALLENGE_BUDGET,
                      asked=settings["epochs"] * k)
        if h.diverged:
            return wrong(exercise, _("the loss did not reach {target} within {budget} updates "
                                     "(it diverged; epochs · k = {asked} updates were asked "
                                     "for).").format(**fields), [
                _("α is too large for this optimizer: the range test shows where the loss "
                  "turns up."),
                _("run the range test with the optimizer you train with, and take α well "
                  "below the blow-up.")], slip="diverged")
        return wrong(exercise, _("the loss did not reach {target} within {budget} updates "
                                 "(after {updates} updates the loss is {loss}; epochs · k = "
                                 "{asked} updates were asked for).").format(
            updates=stop, loss=f"{h.losses[stop]:.3f}", **fields), [
                _("try momentum or Adam: they go further per update than plain GD."),
                _("run the range test with the optimizer you train with (momentum's α is not "
                  "GD's), and read α off its curve.")], slip="slow")
    gd = descent.descend(softmax, X, y, lr=CHALLENGE_GD_LR, epochs=CHALLENGE_BUDGET, seed=0,
                         trajectory=False)
    ref = updates_to_reach(gd, CHALLENGE_TARGET)
    fields = dict(target=f"{CHALLENGE_TARGET}", used=used, lr=f"{CHALLENGE_GD_LR:g}")
    if ref is not None:
        return right(exercise, _("reached L ≤ {target} after {used} updates (plain GD at α = "
                                 "{lr} needs {ref}). Can you do it in fewer?").format(
            ref=ref, **fields))
    return right(exercise, _("reached L ≤ {target} after {used} updates (plain GD at α = {lr} "
                             "does not get there in {budget}). Can you do it in fewer?").format(
        budget=CHALLENGE_BUDGET, **fields))
