r"""Update rules for ``gdlib.descend(..., optimizer=...)``.

An optimizer turns the gradient g = ∇L_B(θ^[t]) into a step. Each one is a small
frozen dataclass holding its hyper-parameters, with two methods:

* ``init(params)``: its state for a fresh run (e.g. a velocity of zeros);
* ``step(params, grads, lr, state, t)``: the new parameters and state after
  update t (1-based), with learning rate α = ``lr``.

Every rule is applied to b and every w_j *simultaneously*: the whole list of
gradients is taken at θ^[t] before any parameter changes. ``descend`` calls
``init`` once per run, so no state leaks from one run into the next.

``GD`` is the lecture's rule, θ ← θ − α g; ``optimizer=None`` means ``GD()``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GD:
    r"""Plain (stochastic) gradient descent: θ ← θ − α g."""

    def init(self, params):
        return None

    def step(self, params, grads, lr, state, t):
        return [p - lr * g for p, g in zip(params, grads)], state


def check_optimizer(optimizer):
    """``None`` (plain GD) or an optimizer object; anything else is a clear TypeError."""
    if optimizer is None:
        return GD()
    if isinstance(optimizer, type):
        raise TypeError(f"optimizer={optimizer.__name__} is a class: call it, e.g. "
                        f"optimizer={optimizer.__name__}().")
    if not (callable(getattr(optimizer, "init", None))
            and callable(getattr(optimizer, "step", None))):
        raise TypeError(f"optimizer must be None (plain GD) or one of gdlib.optimizers, such as "
                        f"gdlib.optimizers.Momentum(beta=0.9); got {optimizer!r}.")
    return optimizer
