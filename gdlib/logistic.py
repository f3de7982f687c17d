r"""The logistic neuron with binary cross-entropy (the lecture's ECB / BCE).

Model: z = Xw + b and ŷ = σ(z) = 1 / (1 + e^{-z}), the probability of class 1.

Loss, the mean binary cross-entropy, computed from the logits so that it stays
finite and exact for any z (|z| = 10⁴ included):

.. math::
   \mathcal{L} = -\frac{1}{n}\sum_i \big[y^{(i)}\log \hat y^{(i)} + (1-y^{(i)})\log(1-\hat y^{(i)})\big]
               = \frac{1}{n}\sum_i \big[\log(1 + e^{z^{(i)}}) - y^{(i)} z^{(i)}\big]

Gradient: the same form as for the linear neuron,
``(Xᵀ(ŷ - y)/n, mean(ŷ - y))``.
"""
from __future__ import annotations

import numpy as np

from . import _validation
from .linear import validate_X, validate_params, init_params  # same θ = {w, b}
from .model import logits, neuron_functions, neuron_gradient, neuron_kernels

name = "logistic"

#: Which entries of θ = [w, b] are weights: weight decay (gdlib.optimizers) acts on w,
#: never on the bias.
WEIGHTS = (0,)


def sigmoid(z):
    """σ(z) = 1/(1 + e^{-z}), written as exp(-log(1 + e^{-z})) so it never overflows."""
    return np.exp(-np.logaddexp(0.0, -z))


# --- public API, inputs validated (loss and gradient: after validate_all, below) ---------

def predict(X, w, b):
    """ŷ = σ(Xw + b), the probability of class 1, shape (n,)."""
    X, w, b = validate_params(validate_X(X), w, b)
    return sigmoid(logits(X, w, b))


def classify(X, w, b):
    """The predicted class of every row of X, shape (n,): 1 where ŷ ≥ 0.5, that is where
    z = wᵀx + b ≥ 0 (the boundary itself counts as class 1), else 0.

    The one threshold rule of the course: the explorers' accuracy, the picture's boundary
    z = 0 and the checkers all use it (decided on the logit, which has no rounding of σ).
    """
    X, w, b = validate_params(validate_X(X), w, b)
    return (logits(X, w, b) >= 0.0).astype(np.int64)


# --- unchecked kernels ---------------------------------------------------------------------

def loss_from_logits(z, y):
    """mean(log(1 + e^{-z}) if y = 1, log(1 + e^{z}) if y = 0) = mean(log(1 + e^{(1-2y) z})).

    One logaddexp per example, with no subtraction: exact even for confident
    predictions, where log(1 + e^z) - y z would cancel.
    """
    return float(np.mean(np.logaddexp(0.0, (1.0 - 2.0 * y) * z)))


def gradient_from_logits(X, z, y):
    """(Xᵀr/n, Σr/n) with r = ŷ - y = σ(z) - y."""
    return neuron_gradient(X, sigmoid(z) - y)


def loss_and_gradient_from_logits(X, z, y):
    """L and ∇L at the same θ, from one forward pass z (GD needs both at every step)."""
    return loss_from_logits(z, y), gradient_from_logits(X, z, y)


# θ = [w, b] as one list: what gdlib.descend calls (gdlib.model.Model)
_loss_unchecked, _gradient_unchecked, _loss_and_gradient_unchecked = neuron_kernels(
    loss_from_logits, gradient_from_logits, loss_and_gradient_from_logits)


def validate_all(X, y, w, b):
    """Validate data and parameters together."""
    X, y = validate_data(X, y)
    return (X, y, *validate_params(X, w, b)[1:])


# L and ∇L of (X, y, w, b), the inputs validated: the public API (gdlib.model)
loss, gradient = neuron_functions(
    validate_all, loss_from_logits, gradient_from_logits,
    loss_doc="L = −mean(y log ŷ + (1 − y) log(1 − ŷ)), ŷ = σ(Xw + b): the mean binary "
             "cross-entropy, computed from the logits z = Xw + b.",
    gradient_doc="(∂L/∂w, ∂L/∂b) = (Xᵀ(σ(z) - y)/n, mean(σ(z) - y)).")


def validate_data(X, y):
    """X of shape (n, d) and 0/1 labels y of shape (n,) (returned as floats)."""
    X = _validation.validate_X(X)
    return X, _validation.validate_labels(y, X.shape[0], 2).astype(np.float64)


# --- the lecture leaves this out ----------------------------------------------------------

def squared_error_from_logits(z, y):
    r"""½ mean((σ(z) - y)²): a sigmoid neuron trained with squared error.

    A counter-example to "the loss of a single neuron is convex": composed with
    the sigmoid, the squared error has flat plateaus and is *not* convex in
    (w, b). Cross-entropy is what makes the logistic neuron's loss convex.
    """
    return 0.5 * float(np.mean((sigmoid(z) - y) ** 2))
