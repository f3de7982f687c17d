r"""Update rules for ``gdlib.descend(..., optimizer=...)``.

An optimizer turns the gradient g = ∇L_B(θ^[t]) into a step. Each one is a small
frozen dataclass holding its hyper-parameters, with two methods:

* ``init(params)``: its state for a fresh run (e.g. a velocity of zeros);
* ``step(params, grads, lr, state, t, weights=None)``: the new parameters and
  state after update t (1-based), with learning rate α = ``lr``. ``weights`` are
  the indices of the entries of ``params`` that are weights, the only ones weight
  decay touches (``descend`` passes the model's ``WEIGHTS``: ``(0,)`` for a
  neuron's [w, b], ``(0, 2)`` for a network's [W1, b1, W2, b2]); ``None`` means
  every entry, as ``torch.optim`` does with one parameter group.

Every rule is applied to b and every w_j *simultaneously*: the whole list of
gradients is taken at θ^[t] before any parameter changes. ``descend`` calls
``init`` once per run, so no state leaks from one run into the next. θ is any
list of arrays ([w, b] for a neuron, [W1, b1, W2, b2] for a network); squares,
roots and divisions are per coordinate.

``GD`` is the lecture's rule, θ ← θ − α g; ``optimizer=None`` means ``GD()``.
Each rule is the one of PyTorch's ``torch.optim`` below, with its defaults, so the
same α and start give the same numbers there:

=============  ===========================================================
``GD``         ``torch.optim.SGD`` (no momentum)
``Momentum``   ``torch.optim.SGD(momentum=β, nesterov=...)``
``AdaGrad``    ``torch.optim.Adagrad``
``RMSProp``    ``torch.optim.RMSprop`` (its ``alpha`` is ρ here)
``Adam``       ``torch.optim.Adam`` (``betas=(β₁, β₂)``)
``AdamW``      ``torch.optim.AdamW`` (Adam with decoupled weight decay)
=============  ===========================================================

**Weight decay** λ = ``weight_decay`` (a keyword argument; default 0, none; AdamW's
is 0.01) acts on
the weights only (w, W, W₁, W₂), never on the biases: the same as ``torch.optim``
given two parameter groups, the weights with ``weight_decay=λ`` and the biases
with 0. All but AdamW add it to the gradient (*coupled*): g ← g + λθ on the
weights, the gradient of the penalised objective L(θ) + (λ/2)‖w‖², which the
rule then minimises; λ = 0 leaves every step exactly as without it. AdamW
shrinks the weights *before* its Adam step instead (*decoupled*): w ← w − αλw,
then the Adam step on the gradient of L alone. Either way ``History.losses``
is the data loss L, as a torch training loop reports it.

``REGISTRY`` (at the end) lists every optimizer with its course name, colour and the
meaning of the explorer's β: a new optimizer is a class here and one entry there.
"""
from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass, field

import numpy as np

from . import _validation
from .i18n import N_, _
from .palette import CLASS_COLORS, FIT_COLOR, GD_COLOR, SGD_COLOR


def _zeros(params):
    """One array of zeros per parameter (the fresh state of a running sum or average)."""
    return [np.zeros_like(p, dtype=np.float64) for p in params]


def _validate_eps(eps):
    return _validation.validate_positive(eps, "eps", _(
        "ε only keeps the division finite; pass a small positive number such as eps=1e-8."))


def _beta(value, name, default):
    return _validation.validate_fraction(
        value, name, _("it is the weight of the past in an average; pass {name}={default} (the "
                       "default), or 0 for none.").format(name=name, default=default))


def _validate_weight_decay(value, default=0.0):
    """λ ≥ 0, finite: the strength of the penalty (λ/2)‖w‖²."""
    how = _("λ is the strength of the penalty (λ/2)‖w‖² on the weights: pass a small "
            "number such as weight_decay=1e-3, or {default} (the default).").format(
                default=f"{default:g}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(_("weight_decay must be a real number, got {value}: {hint}")
                        .format(value=_validation.describe(value), hint=how))
    if not (np.isfinite(value) and value >= 0):
        raise ValueError(_("weight_decay must be a finite number >= 0, got {value}: {hint}")
                         .format(value=repr(value), hint=how))
    return float(value)


def _decayed(params, grads, weight_decay, weights):
    """The gradient of L + (λ/2)‖w‖²: g + λθ on the weights, g itself on the biases.

    ``weights`` are the indices of the weights in ``params`` (``None``: all of them).
    λ = 0 returns ``grads`` itself, so the step is exactly the one without weight decay.
    """
    if weight_decay == 0:
        return grads
    grads = list(grads)
    for i in (range(len(params)) if weights is None else weights):
        grads[i] = grads[i] + weight_decay * params[i]
    return grads


def penalised_gradient(optimizer, params, grads, weights=None):
    """∇(L + (λ/2)‖w‖²) for ``optimizer``'s λ (its ``weight_decay``; 0 if it has none).

    ``descend`` tests its ``tol`` on this: with λ > 0 the penalised objective, not L,
    is what has a minimiser with a zero gradient.
    """
    return _decayed(params, grads, getattr(optimizer, "weight_decay", 0.0), weights)


@dataclass(frozen=True)
class GD:
    r"""Plain (stochastic) gradient descent: θ ← θ − α g.

    With ``weight_decay=λ``: θ ← θ − α(g + λθ) on the weights (the biases as
    before), i.e. GD on L + (λ/2)‖w‖². (PyTorch's ``SGD(weight_decay=λ)``.)
    """

    weight_decay: float = field(default=0.0, kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "weight_decay", _validate_weight_decay(self.weight_decay))

    def init(self, params):
        return None

    def step(self, params, grads, lr, state, t, weights=None):
        grads = _decayed(params, grads, self.weight_decay, weights)
        return [p - lr * g for p, g in zip(params, grads)], state


@dataclass(frozen=True)
class Momentum:
    r"""Heavy ball: v ← βv + g, θ ← θ − αv (v⁰ = 0).

    With ``nesterov=True`` the step looks ahead: θ ← θ − α(g + βv), with the new v.
    β = 0 is plain GD. ``weight_decay=λ`` first makes g ← g + λθ on the weights.
    (PyTorch's ``SGD(momentum=β, nesterov=..., weight_decay=λ)``.)
    """

    beta: float = 0.9
    nesterov: bool = False
    weight_decay: float = field(default=0.0, kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "beta", _beta(self.beta, "beta", 0.9))
        if not isinstance(self.nesterov, (bool, np.bool_)):
            raise TypeError(_("nesterov must be True or False, got {value}.")
                            .format(value=_validation.describe(self.nesterov)))
        object.__setattr__(self, "weight_decay", _validate_weight_decay(self.weight_decay))

    def init(self, params):
        return _zeros(params)

    def step(self, params, grads, lr, velocity, t, weights=None):
        grads = _decayed(params, grads, self.weight_decay, weights)
        velocity = [self.beta * vel + g for vel, g in zip(velocity, grads)]
        if self.nesterov:
            steps = [g + self.beta * vel for g, vel in zip(grads, velocity)]
        else:
            steps = velocity
        return [p - lr * s for p, s in zip(params, steps)], velocity


class _ScaledSteps:
    r"""What AdaGrad and RMSProp share: s⁰ = 0, s from the squared gradients (``accumulate``,
    one rule per optimizer), then θ ← θ − α g / (√s + ε), coordinate by coordinate."""

    def _validate(self):
        object.__setattr__(self, "eps", _validate_eps(self.eps))
        object.__setattr__(self, "weight_decay", _validate_weight_decay(self.weight_decay))

    def init(self, params):
        return _zeros(params)

    def step(self, params, grads, lr, scale, t, weights=None):
        grads = _decayed(params, grads, self.weight_decay, weights)
        scale = self.accumulate(scale, grads)
        return ([p - lr * g / (np.sqrt(s) + self.eps) for p, g, s in zip(params, grads, scale)],
                scale)


@dataclass(frozen=True)
class AdaGrad(_ScaledSteps):
    r"""AdaGrad: s ← s + g², θ ← θ − α g / (√s + ε) (s⁰ = 0).

    Each coordinate's step is divided by the root of the sum of all its past squared
    gradients, so steep coordinates take small steps and flat ones large steps; the
    steps only shrink. ``weight_decay=λ`` first makes g ← g + λθ on the weights.
    (PyTorch's ``Adagrad``.)
    """

    eps: float = 1e-10
    weight_decay: float = field(default=0.0, kw_only=True)

    def __post_init__(self):
        self._validate()

    def accumulate(self, total, grads):
        """s + g²: the sum of every past squared gradient."""
        return [s + g * g for s, g in zip(total, grads)]


@dataclass(frozen=True)
class RMSProp(_ScaledSteps):
    r"""RMSProp: s ← ρs + (1 − ρ)g², θ ← θ − α g / (√s + ε) (s⁰ = 0).

    AdaGrad with a moving average instead of a sum, so old gradients are forgotten
    and the steps do not die out. ``weight_decay=λ`` first makes g ← g + λθ on the
    weights. (PyTorch's ``RMSprop``, whose ``alpha`` is ρ.)
    """

    rho: float = 0.99
    eps: float = 1e-8
    weight_decay: float = field(default=0.0, kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "rho", _beta(self.rho, "rho", 0.99))
        self._validate()

    def accumulate(self, average, grads):
        """ρs + (1 − ρ)g²: a moving average of the squared gradients."""
        rho = self.rho
        return [rho * s + (1 - rho) * g * g for s, g in zip(average, grads)]


@dataclass(frozen=True)
class Adam:
    r"""Adam: momentum on g and RMSProp's scale, both bias-corrected.

    m ← β₁m + (1 − β₁)g,  s ← β₂s + (1 − β₂)g²  (m⁰ = s⁰ = 0),
    m̂ = m / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ)  (t = 1, 2, … the update count),
    θ ← θ − α m̂ / (√ŝ + ε).

    Without the correction, m and s start far too small (they average zeros that
    were never gradients): m̂ and ŝ undo that. ``weight_decay=λ`` first makes
    g ← g + λθ on the weights (coupled: see ``AdamW``). (PyTorch's ``Adam``.)
    ``bias_correction=False`` leaves it out, to see what it does (not in PyTorch).
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    bias_correction: bool = True
    weight_decay: float = field(default=0.0, kw_only=True)

    def __post_init__(self):
        if not isinstance(self.bias_correction, (bool, np.bool_)):
            raise TypeError(_("bias_correction must be True or False, got {value}.")
                            .format(value=_validation.describe(self.bias_correction)))
        object.__setattr__(self, "beta1", _beta(self.beta1, "beta1", 0.9))
        object.__setattr__(self, "beta2", _beta(self.beta2, "beta2", 0.999))
        object.__setattr__(self, "eps", _validate_eps(self.eps))
        object.__setattr__(self, "weight_decay", _validate_weight_decay(self.weight_decay))

    def init(self, params):
        return _zeros(params), _zeros(params)

    def step(self, params, grads, lr, state, t, weights=None):
        grads = _decayed(params, grads, self.weight_decay, weights)
        return _adam_step(self, params, grads, lr, state, t, self.bias_correction)


def _adam_step(opt, params, grads, lr, state, t, bias_correction=True):
    """Adam's moving averages and step (the shared part of Adam and AdamW)."""
    b1, b2 = opt.beta1, opt.beta2
    m = [b1 * mi + (1 - b1) * g for mi, g in zip(state[0], grads)]
    s = [b2 * si + (1 - b2) * g * g for si, g in zip(state[1], grads)]
    c1, c2 = (1 - b1 ** t, 1 - b2 ** t) if bias_correction else (1.0, 1.0)
    new = [p - lr * (mi / c1) / (np.sqrt(si / c2) + opt.eps)
           for p, mi, si in zip(params, m, s)]
    return new, (m, s)


@dataclass(frozen=True)
class AdamW:
    r"""AdamW: Adam with *decoupled* weight decay (Loshchilov and Hutter, 2019).

    w ← w − αλw on the weights (not the biases), then Adam's step on g = ∇L alone:
    m ← β₁m + (1 − β₁)g,  s ← β₂s + (1 − β₂)g²  (m⁰ = s⁰ = 0),
    m̂ = m / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ),  θ ← θ − α m̂ / (√ŝ + ε).

    The weights shrink by the factor 1 − αλ before each step. In Adam with
    ``weight_decay`` the term λw joins g and is divided by √ŝ like the rest of it, so
    weights with large gradients are hardly decayed; here every weight shrinks at the
    same rate αλ. (PyTorch's ``AdamW``.)
    """

    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    weight_decay: float = 0.01

    def __post_init__(self):
        object.__setattr__(self, "beta1", _beta(self.beta1, "beta1", 0.9))
        object.__setattr__(self, "beta2", _beta(self.beta2, "beta2", 0.999))
        object.__setattr__(self, "eps", _validate_eps(self.eps))
        object.__setattr__(self, "weight_decay",
                           _validate_weight_decay(self.weight_decay, default=0.01))

    def init(self, params):
        return _zeros(params), _zeros(params)

    def step(self, params, grads, lr, state, t, weights=None):
        if self.weight_decay != 0:
            params = list(params)
            for i in (range(len(params)) if weights is None else weights):
                params[i] = params[i] * (1 - lr * self.weight_decay)
        return _adam_step(self, params, grads, lr, state, t)


@dataclass(frozen=True)
class Entry:
    """One optimizer as the course names, draws and offers it: a row of ``REGISTRY``.

    ``name``: what figures, legends, the explorer's menu and the notebooks call it;
    ``rule``: its class, made with the fixed keyword arguments ``options`` (Nesterov is
    ``Momentum`` with ``nesterov=True``); ``color``: its colour in every figure and in
    the explorer; ``beta``: the parameter the explorer's β slider sets (None: β does not
    apply), and ``beta_means`` what that β is (an ``N_`` message, translated when shown);
    ``aliases``: more lower-case names ``validate_optimizer`` knows in a mistaken string;
    ``explorer``: whether the explorer's menu offers it.
    """

    name: str
    rule: type
    color: str
    beta: str | None = None
    beta_means: str | None = None
    options: dict = field(default_factory=dict, hash=False)
    aliases: tuple = ()
    explorer: bool = True

    def build(self, beta=None):
        """The optimizer, with ``beta`` (the slider's value) where β applies."""
        kwargs = dict(self.options)
        if self.beta is not None and beta is not None:
            kwargs[self.beta] = beta
        return self.rule(**kwargs)

    def call(self):
        """How a student writes it: ``gdlib.optimizers.Momentum(nesterov=True)``."""
        args = ", ".join(f"{key}={value!r}" for key, value in self.options.items())
        return f"gdlib.optimizers.{self.rule.__name__}({args})"


#: Every optimizer of the course by name, in the order menus and legends list them. All else
#: reads it: ``BY_NAME``, the explorer's menu and its page, the figures' colours.
REGISTRY = {entry.name: entry for entry in (
    Entry("GD", GD, GD_COLOR, aliases=("sgd",)),
    Entry("momentum", Momentum, SGD_COLOR, "beta", N_("momentum β")),
    Entry("Nesterov", Momentum, CLASS_COLORS[2], "beta", N_("momentum β"), {"nesterov": True}),
    Entry("AdaGrad", AdaGrad, CLASS_COLORS[4]),
    Entry("RMSProp", RMSProp, CLASS_COLORS[5]),
    Entry("Adam", Adam, FIT_COLOR, "beta1", N_("Adam's β₁")),
    # not in the explorer: its decay moves the minimum off θ̄, the one its excess loss is from
    Entry("AdamW", AdamW, CLASS_COLORS[6], "beta1", N_("Adam's β₁"), explorer=False),
)}
_BY_ALIAS = {alias: entry for entry in REGISTRY.values()
             for alias in (entry.name.lower(), *entry.aliases)}
#: The optimizers' classes by the lower-case names students know them by.
BY_NAME = {alias: entry.rule for alias, entry in _BY_ALIAS.items()}


def validate_optimizer(optimizer):
    """``None`` (plain GD) or an optimizer object; anything else is a clear TypeError."""
    if optimizer is None:
        return GD()
    if isinstance(optimizer, type):
        raise TypeError(_("optimizer={name} is a class: call it, e.g. optimizer={name}().")
                        .format(name=optimizer.__name__))
    if isinstance(optimizer, str):
        known = _BY_ALIAS.get(optimizer.strip().lower())
        example = known.call() if known else REGISTRY["Adam"].call()
        raise TypeError(_("optimizer must be an object from gdlib.optimizers, not the string "
                          "{value}: pass e.g. optimizer={example}.")
                        .format(value=repr(optimizer), example=example))
    if not (callable(getattr(optimizer, "init", None))
            and callable(getattr(optimizer, "step", None))):
        raise TypeError(_("optimizer must be None (plain GD) or one of gdlib.optimizers, such "
                          "as gdlib.optimizers.Momentum(beta=0.9); got {value}.")
                        .format(value=repr(optimizer)))
    if not _takes_weights(optimizer.step):
        raise TypeError(_("{value}.step must take the keyword argument weights= (the indices "
                          "of the weights in params, which weight decay acts on), as the "
                          "rules of gdlib.optimizers do.").format(value=repr(optimizer)))
    return optimizer


def _takes_weights(step):
    """Whether ``step`` accepts ``weights=`` (by name, or through ``**kwargs``)."""
    try:
        parameters = inspect.signature(step).parameters.values()
    except (TypeError, ValueError):         # no signature to read: let the call decide
        return True
    return any(p.name == "weights" and p.kind != p.POSITIONAL_ONLY or p.kind == p.VAR_KEYWORD
               for p in parameters)
