r"""Learning-rate schedules: α_t for the update t = 0, 1, 2, … (0-based).

Pass one as ``gdlib.descend(..., lr=schedule)``. A schedule is any function
t ↦ α_t > 0; these are the classic ones, each a small function of α₀ and one or
two knobs. ``descend`` records the α_t it used in ``History.alphas``.

Why decay at all? With a constant α, SGD's noisy steps never stop: it hovers
around θ̄ in a cloud whose size grows with α (notebook 03). Robbins and Monro
(1951): SGD converges when Σ_t α_t = ∞ (it can still travel any distance) and
Σ_t α_t² < ∞ (the noise it adds up is finite); 1/t decay is the classic choice.
"""
from __future__ import annotations

import math

from . import _validation
from .i18n import N_, _

HINT = N_("the starting learning rate α₀ must be positive, e.g. alpha0=0.1.")


def _alpha0(alpha0):
    return _validation.validate_positive(alpha0, "alpha0", _(HINT))


def _named(schedule, text):
    """Give the schedule a readable name (figure legends and ``repr``), in the language
    set when the schedule is made."""
    schedule.__name__ = schedule.__qualname__ = text
    return schedule


def constant(alpha0):
    r"""Constant: α_t = α₀ (the same as ``lr=α₀``)."""
    alpha0 = _alpha0(alpha0)
    return _named(lambda t: alpha0, _("constant α = {alpha0}").format(alpha0=f"{alpha0:g}"))


def step_decay(alpha0, factor=0.5, every=100):
    r"""Step decay: α_t = α₀ · factor^⌊t / every⌋, i.e. α drops by ``factor`` every ``every`` updates."""
    alpha0 = _alpha0(alpha0)
    factor = _validation.validate_real(factor, "factor", 0.0, strict=True)
    if factor > 1:
        raise ValueError(_("factor must be in (0, 1], got {factor}: it multiplies α at every "
                           "drop, e.g. factor=0.5 halves it.").format(factor=factor))
    every = _validation.validate_int(every, "every", 1,
                                     hint=_("α drops every this many updates, e.g. every=100."))
    return _named(lambda t: alpha0 * factor ** (t // every),
                  _("step decay (×{factor} every {every})").format(factor=f"{factor:g}",
                                                                   every=every))


def inverse_time(alpha0, tau=100.0):
    r"""1/t decay: α_t = α₀ / (1 + t/τ); α has halved after τ updates.

    Σα_t = ∞ and Σα_t² < ∞: the schedule of Robbins and Monro's theorem.
    """
    alpha0 = _alpha0(alpha0)
    tau = _validation.validate_positive(
        tau, "tau", _("α has halved after τ updates; pass e.g. tau=100."))
    return _named(lambda t: alpha0 / (1.0 + t / tau),
                  _("1/t decay (τ = {tau})").format(tau=f"{tau:g}"))


def cosine(alpha0, total, alpha_min=0.0):
    r"""Cosine: α_t = α_min + ½(α₀ − α_min)(1 + cos(π t / T)) for t < T = ``total``.

    It glides from α₀ down to α_min over the T updates of the run. Pass the run's
    number of updates (epochs · k); asking for t ≥ T is an error.
    """
    alpha0 = _alpha0(alpha0)
    total = _validation.validate_int(total, "total", 1, hint=_("pass the run's number of updates, "
                                                               "epochs · k."))
    alpha_min = _validation.validate_real(alpha_min, "alpha_min", 0.0)
    if alpha_min >= alpha0:
        raise ValueError(_("alpha_min must be below alpha0 = {alpha0}, got {alpha_min}.").format(
            alpha0=f"{alpha0:g}", alpha_min=f"{alpha_min:g}"))

    def schedule(t):
        if t >= total:
            raise ValueError(_("the cosine schedule has total = {total} updates (t = 0 … "
                               "{last}) but was asked for update t = {t}: pass total = the "
                               "run's number of updates, epochs · k.").format(
                                   total=total, last=total - 1, t=t))
        return alpha_min + 0.5 * (alpha0 - alpha_min) * (1.0 + math.cos(math.pi * t / total))
    return _named(schedule, _("cosine (T = {total})").format(total=total))


def warmup(alpha0, steps, then=None):
    r"""Linear warm-up: α_t = α₀ (t + 1) / W for the first W = ``steps`` updates, then ``then``.

    After the warm-up, α_t = α₀ (``then=None``), or the schedule ``then`` started
    afresh: α_t = then(t − W). Small first steps let momentum and Adam's averages
    fill before the steps get large.
    """
    alpha0 = _alpha0(alpha0)
    steps = _validation.validate_int(steps, "steps", 1,
                                     hint=_("pass the warm-up length in updates, e.g. steps=50."))
    if then is not None and not callable(then):
        raise TypeError(_("then must be a schedule (a function t ↦ α_t) or None, got "
                          "{got}.").format(got=_validation.describe(then)))

    def schedule(t):
        if t < steps:
            return alpha0 * (t + 1) / steps
        return alpha0 if then is None else then(t - steps)
    if then is None:
        return _named(schedule, _("warm-up ({steps})").format(steps=steps))
    return _named(schedule, _("warm-up ({steps}), then {then}").format(steps=steps,
                                                                       then=then.__name__))


def geometric(alpha_start, alpha_end, updates):
    r"""Geometric growth (the range test): α_t = α_start · (α_end / α_start)^(t / (updates − 1)).

    α is multiplied by the same factor at every update, going from α_start at t = 0
    to α_end at t = updates − 1: equal steps on a log axis.
    """
    lo = _validation.validate_positive(alpha_start, "alpha_start", _("pass e.g. alpha_start=1e-5."))
    hi = _validation.validate_positive(alpha_end, "alpha_end", _("pass e.g. alpha_end=10."))
    if hi <= lo:
        raise ValueError(_("alpha_end must be larger than alpha_start, got {alpha_start} and "
                           "{alpha_end}.").format(alpha_start=f"{alpha_start:g}",
                                                  alpha_end=f"{alpha_end:g}"))
    updates = _validation.validate_int(updates, "updates", 2, hint=_("pass e.g. updates=100."))
    ratio = (hi / lo) ** (1.0 / (updates - 1))
    return _named(lambda t: lo * ratio ** t,
                  _("geometric ({lo} → {hi})").format(lo=f"{lo:g}", hi=f"{hi:g}"))

