r"""What a model is to ``gdlib.descend``, stated once, and the single neuron written once.

``Model`` is the contract: the names ``gdlib.linear``, ``gdlib.logistic``,
``gdlib.softmax`` and ``gdlib.network`` define so that ``descend`` can train them;
``validate_model`` and ``validate_options`` are how ``descend`` validates a model it is
given. The three single neurons then share one implementation of their loss and gradient
(``neuron_gradient``, ``neuron_kernels`` and ``neuron_functions`` below), because with its
own loss every one of them has the same gradient.
"""
from __future__ import annotations

from types import ModuleType
from typing import Protocol, runtime_checkable

from .i18n import _


@runtime_checkable
class Model(Protocol):
    r"""The contract between a model and ``gdlib.descend``.

    A model is a module (``gdlib.linear``, ``gdlib.logistic``, ``gdlib.softmax``,
    ``gdlib.network``) that defines the names below; ``descend`` refuses any other
    object (``validate_model``). Its parameters θ are one list of arrays, in
    this order: θ = {w, b} is ``[w, b]`` for a neuron (w of shape (d,) and a number b;
    W of shape (d, K) and b of shape (K,) for softmax), and ``[W₁, b₁, W₂, b₂]`` for
    the network. X has shape (n, d), one example per row; y has shape (n,), real
    targets or labels 0, …, K−1. The loss is the mean over the n examples,

    .. math::  \mathcal L(\theta) = \frac1n \sum_{i=1}^n \ell(\hat y^{(i)}, y^{(i)}),

    and the gradient ∇L(θ) is the list of its partial derivatives, one array per entry
    of θ and of that entry's shape: [∂L/∂w, ∂L/∂b] for a neuron. ``descend`` needs:

    ``validate_data(X, y)`` (checked)
        X and y checked and converted to the arrays the kernels expect: ``(X, y)``.
        Bad input raises a ValueError or TypeError that says how to fix it.
    ``validate_all(X, y, *θ)`` (checked)
        X, y and every entry of θ checked together (their shapes agree):
        ``(X, y, *θ)``.
    ``init_params(X, y, rng, **options)``
        The random start θ⁰ (a sequence like θ), drawn from the numpy Generator
        ``rng``. A model with options names them in ``OPTIONS`` (the network's
        ``("hidden",)``); the others take none.
    ``_loss_unchecked(X, y, params)``
        L(θ), a float, for θ = ``params``.
    ``_gradient_unchecked(X, y, params)``
        ∇L(θ), a list like ``params``.
    ``_loss_and_gradient_unchecked(X, y, params)``
        (L(θ), ∇L(θ)) from one forward pass: GD needs both at every update.
    ``WEIGHTS``
        The indices of the entries of θ that are weights: ``(0,)`` for [w, b],
        ``(0, 2)`` for [W₁, b₁, W₂, b₂]. Weight decay (``gdlib.optimizers``) and the
        penalty (λ/2)‖w‖² act on those entries only, never on the biases.

    The three ``_…_unchecked`` kernels are the inner loop: they trust their input,
    which ``descend`` checked once with ``validate_all``, and are private. Students call
    each model's checked ``loss`` and ``gradient`` (and ``predict``), which give the
    same numbers; those, and the ``name`` every model has, are not part of this
    contract.
    """

    WEIGHTS: tuple

    def validate_data(self, X, y): ...

    def validate_all(self, X, y, *params): ...

    def init_params(self, X, y, rng, **options): ...

    def _loss_unchecked(self, X, y, params) -> float: ...

    def _gradient_unchecked(self, X, y, params) -> list: ...

    def _loss_and_gradient_unchecked(self, X, y, params) -> tuple: ...


def validate_model(model):
    """``model`` itself if it is a module that meets the contract ``Model``, else a TypeError."""
    if not isinstance(model, ModuleType) or not isinstance(model, Model):
        raise TypeError(_("model must be one of the gdlib models (gdlib.linear, "
                          "gdlib.logistic, gdlib.softmax, gdlib.network), got {model}.").format(
                              model=repr(model)))
    return model


def validate_options(model, options):
    """Keyword options for the model's random start (e.g. ``hidden=16`` for a network)."""
    allowed = getattr(model, "OPTIONS", ())
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        if allowed:
            text = _("descend got unexpected keyword {unknown}: {model} takes only {allowed}.")
        else:
            text = _("descend got unexpected keyword {unknown}: {model} takes no such option.")
        raise TypeError(text.format(unknown=", ".join(unknown), model=model.__name__,
                                    allowed=", ".join(allowed)))
    return options


# --- the single neuron, written once -----------------------------------------------------

def logits(X, w, b):
    """z = Xw + b: shape (n,) for w of shape (d,), (n, K) for W of shape (d, K).

    For the linear neuron z is the prediction ŷ itself; the logistic neuron predicts
    σ(z) and the softmax neuron softmax(z).
    """
    z = X @ w
    z += b
    return z


def neuron_gradient(X, r):
    r"""∇L from the residual r = ŷ − y of every example: the same formula for every neuron.

    .. math::
       \nabla_w \mathcal L = \frac1n X^\top (\hat y - y), \qquad
       \nabla_b \mathcal L = \frac1n \sum_{i=1}^n (\hat y^{(i)} - y^{(i)})

    The linear neuron with ½·ECM, the logistic neuron with ECB and the softmax neuron
    with ECC (r = Ŷ − Y, one-hot Y, shape (n, K)) all have this gradient: each loss is
    the one that cancels the derivative of its activation. The network uses it for each
    layer too, with that layer's input and error (``gdlib.network.backward``).
    Returns (∂L/∂w, ∂L/∂b), with ∂L/∂b a float when r is a vector (one output).
    """
    n = len(r)
    if r.ndim == 1:
        return X.T @ r / n, float(r.sum()) / n
    return X.T @ r / n, r.sum(axis=0) / n


def neuron_kernels(loss_from_logits, gradient_from_logits, loss_and_gradient_from_logits):
    """The three unchecked kernels of ``Model`` for a neuron, θ = [w, b] as one list.

    Each neuron writes its loss and gradient as functions of the logits z = Xw + b;
    these adapters compute z from θ and pass it on. Returns
    ``(_loss_unchecked, _gradient_unchecked, _loss_and_gradient_unchecked)``.
    """

    def loss(X, y, params):
        """L(θ) for params = [w, b]."""
        return loss_from_logits(logits(X, *params), y)

    def gradient(X, y, params):
        """∇L(θ) as a list [∂L/∂w, ∂L/∂b]."""
        return list(gradient_from_logits(X, logits(X, *params), y))

    def loss_and_gradient(X, y, params):
        """(L(θ), ∇L(θ)) from one forward pass."""
        loss, grads = loss_and_gradient_from_logits(X, logits(X, *params), y)
        return loss, list(grads)

    return loss, gradient, loss_and_gradient


def neuron_functions(validate_all, loss_from_logits, gradient_from_logits, loss_doc, gradient_doc):
    """A neuron's public ``loss(X, y, w, b)`` and ``gradient(X, y, w, b)``: the inputs
    checked by its ``validate_all`` (clear errors for wrong shapes, NaN, bad labels), then its
    functions of the logits z = Xw + b. ``loss_doc`` and ``gradient_doc``, each with the
    formula, become their docstrings; they belong to the neuron's module."""

    def loss(X, y, w, b):
        X, y, w, b = validate_all(X, y, w, b)
        return loss_from_logits(logits(X, w, b), y)

    def gradient(X, y, w, b):
        X, y, w, b = validate_all(X, y, w, b)
        return gradient_from_logits(X, logits(X, w, b), y)

    for function, doc in ((loss, loss_doc), (gradient, gradient_doc)):
        function.__doc__, function.__module__ = doc, loss_from_logits.__module__
        function.__qualname__ = function.__name__
    return loss, gradient

