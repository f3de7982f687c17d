r"""Update rules for ``gdlib.descend(..., optimizer=...)``.

An optimizer turns the gradient g = ∇L_B(θ^[t]) into a step. Each one is a small
frozen dataclass holding its hyper-parameters, with two methods:

* ``init(params)``: its state for a fresh run (e.g. a velocity of zeros);
* ``step(params, grads, lr, state, t)``: the new parameters and state after
  update t (1-based), with learning rate α = ``lr``.

Every rule is applied to b and every w_j *simultaneously*: the whole list of
gradients is taken at θ^[t] before any parameter changes. ``descend`` calls
``init`` once per run, so no state leaks from one run into the next. θ is any
list of arrays ([w, b] for a neuron, [W1, b1, W2, b2] for a network); squares,
roots and divisions are per coordinate.

``GD`` is the lecture's rule, θ ← θ − α g; ``optimizer=None`` means ``GD()``.
The others follow PyTorch's ``torch.optim`` with its defaults (no weight decay),
so the same α and start give the same numbers there:

=============  ===========================================================
``Momentum``   ``torch.optim.SGD(momentum=β, nesterov=...)``
``AdaGrad``    ``torch.optim.Adagrad``
``RMSProp``    ``torch.optim.RMSprop`` (its ``alpha`` is ρ here)
``Adam``       ``torch.optim.Adam`` (``betas=(β₁, β₂)``)
=============  ===========================================================
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validation as v
from .i18n import _


def _zeros(params):
    """One array of zeros per parameter (the fresh state of a running sum or average)."""
    return [np.zeros_like(p, dtype=np.float64) for p in params]


def _check_eps(eps):
    return v.check_positive(eps, "eps", _("ε only keeps the division finite; pass a small "
                                          "positive number such as eps=1e-8."))


def _beta(value, name, default):
    return v.check_fraction(value, name, _("it is the weight of the past in an average; "
                                           "pass {name}={default} (the default), or 0 for "
                                           "none.").format(name=name, default=default))


@dataclass(frozen=True)
class GD:
    r"""Plain (stochastic) gradient descent: θ ← θ − α g."""

    def init(self, params):
        return None

    def step(self, params, grads, lr, state, t):
        return [p - lr * g for p, g in zip(params, grads)], state


@dataclass(frozen=True)
class Momentum:
    r"""Heavy ball: v ← βv + g, θ ← θ − αv (v⁰ = 0).

    With ``nesterov=True`` the step looks ahead: θ ← θ − α(g + βv), with the new v.
    β = 0 is plain GD. (PyTorch's ``SGD(momentum=β, nesterov=...)``.)
    """

    beta: float = 0.9
    nesterov: bool = False

    def __post_init__(self):
        object.__setattr__(self, "beta", _beta(self.beta, "beta", 0.9))
        if not isinstance(self.nesterov, (bool, np.bool_)):
            raise TypeError(_("nesterov must be True or False, got {value}.")
                            .format(value=v.describe(self.nesterov)))

    def init(self, params):
        return _zeros(params)

    def step(self, params, grads, lr, velocity, t):
        velocity = [self.beta * vel + g for vel, g in zip(velocity, grads)]
        if self.nesterov:
            steps = [g + self.beta * vel for g, vel in zip(grads, velocity)]
        else:
            steps = velocity
        return [p - lr * s for p, s in zip(params, steps)], velocity


@dataclass(frozen=True)
class AdaGrad:
    r"""AdaGrad: s ← s + g², θ ← θ − α g / (√s + ε) (s⁰ = 0).

    Each coordinate's step is divided by the root of the sum of all its past squared
    gradients, so steep coordinates take small steps and flat ones large steps; the
    steps only shrink. (PyTorch's ``Adagrad``.)
    """

    eps: float = 1e-10

    def __post_init__(self):
        object.__setattr__(self, "eps", _check_eps(self.eps))

    def init(self, params):
        return _zeros(params)

    def step(self, params, grads, lr, total, t):
        total = [s + g * g for s, g in zip(total, grads)]
        return ([p - lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, total)],
                total)


@dataclass(frozen=True)
class RMSProp:
    r"""RMSProp: s ← ρs + (1 − ρ)g², θ ← θ − α g / (√s + ε) (s⁰ = 0).

    AdaGrad with a moving average instead of a sum, so old gradients are forgotten
    and the steps do not die out. (PyTorch's ``RMSprop``, whose ``alpha`` is ρ.)
    """

    rho: float = 0.99
    eps: float = 1e-8

    def __post_init__(self):
        object.__setattr__(self, "rho", _beta(self.rho, "rho", 0.99))
        object.__setattr__(self, "eps", _check_eps(self.eps))

    def init(self, params):
        return _zeros(params)

    def step(self, params, grads, lr, average, t):
        rho = self.rho
        average = [rho * s + (1 - rho) * g * g for s, g in zip(average, grads)]
        return ([p - lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, average)],
                average)


@dataclass(frozen=True)
class Adam:
    r"""Adam: momentum on g and RMSProp's scale, both bias-corrected.

    m ← β₁m + (1 − β₁)g,  s ← β₂s + (1 − β₂)g²  (m⁰ = s⁰ = 0),
    m̂ = m / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ)  (t = 1, 2, … the update count),
    θ ← θ − α m̂ / (√ŝ + ε).

    Without the correction, m and s start far too small (they average zeros that
    were never gradients): m̂ and ŝ undo that. (PyTorch's ``Adam``.)
    ``bias_correction=False`` leaves it out, to see what it does (not in PyTorch).
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True

    def __post_init__(self):
        if not isinstance(self.bias_correction, (bool, np.bool_)):
            raise TypeError(_("bias_correction must be True or False, got {value}.")
                            .format(value=v.describe(self.bias_correction)))
        object.__setattr__(self, "beta1", _beta(self.beta1, "beta1", 0.9))
        object.__setattr__(self, "beta2", _beta(self.beta2, "beta2", 0.999))
        object.__setattr__(self, "eps", _check_eps(self.eps))

    def init(self, params):
        return _zeros(params), _zeros(params)

    def step(self, params, grads, lr, state, t):
        b1, b2 = self.beta1, self.beta2
        m = [b1 * mi + (1 - b1) * g for mi, g in zip(state[0], grads)]
        s = [b2 * si + (1 - b2) * g * g for si, g in zip(state[1], grads)]
        c1, c2 = (1 - b1 ** t, 1 - b2 ** t) if self.bias_correction else (1.0, 1.0)
        new = [p - lr * (mi / c1) / (np.sqrt(si / c2) + self.eps)
               for p, mi, si in zip(params, m, s)]
        return new, (m, s)


#: The optimizers by the names students know them by (for error messages and explorers).
BY_NAME = {"gd": GD, "sgd": GD, "momentum": Momentum, "nesterov": Momentum,
           "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam}


def check_optimizer(optimizer):
    """``None`` (plain GD) or an optimizer object; anything else is a clear TypeError."""
    if optimizer is None:
        return GD()
    if isinstance(optimizer, type):
        raise TypeError(_("optimizer={name} is a class: call it, e.g. optimizer={name}().")
                        .format(name=optimizer.__name__))
    if isinstance(optimizer, str):
        known = BY_NAME.get(optimizer.strip().lower())
        example = (f"gdlib.optimizers.{known.__name__}"
                   f"({'nesterov=True' if optimizer.lower() == 'nesterov' else ''})"
                   if known else "gdlib.optimizers.Adam()")
        raise TypeError(_("optimizer must be an object from gdlib.optimizers, not the string "
                          "{value}: pass e.g. optimizer={example}.")
                        .format(value=repr(optimizer), example=example))
    if not (callable(getattr(optimizer, "init", None))
            and callable(getattr(optimizer, "step", None))):
        raise TypeError(_("optimizer must be None (plain GD) or one of gdlib.optimizers, such "
                          "as gdlib.optimizers.Momentum(beta=0.9); got {value}.")
                        .format(value=repr(optimizer)))
    return optimizer
