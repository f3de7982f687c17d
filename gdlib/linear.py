r"""The linear neuron with squared error: ½·ECM, half the lecture's ECM (MSE).

Model, for X of shape (n, d), w of shape (d,) and a scalar b:

.. math::  \hat{y} = X w + b

Loss, the mean squared error with a factor 1/2 (½·ECM):

.. math::  \mathcal{L}(w, b) = \frac{1}{2n} \sum_{i=1}^n (\hat y^{(i)} - y^{(i)})^2

The ½ cancels the 2 that differentiating the square brings down. PyTorch's
``MSELoss`` has no ½: its loss and gradient are twice these, so the same α is
twice as large a step there (and α_crit half as large).

The lecture writes the gradient without 1/n; that is the gradient of
``½ Σ (ŷ - y)²``. Dividing by n makes the learning rate α independent of n
and of the minibatch size.

Gradient:

.. math::
   \frac{\partial \mathcal{L}}{\partial w_j} = \frac{1}{n}\sum_i (\hat y^{(i)} - y^{(i)})\, x_j^{(i)}
   \qquad
   \frac{\partial \mathcal{L}}{\partial b} = \frac{1}{n}\sum_i (\hat y^{(i)} - y^{(i)})

i.e. ``(X.T @ (ŷ - y) / n, mean(ŷ - y))``.
"""
from __future__ import annotations

import numpy as np

from . import _validation
from .i18n import _
from .model import logits, neuron_functions, neuron_gradient, neuron_kernels

name = "linear"

#: Which entries of θ = [w, b] are weights: weight decay (gdlib.optimizers) acts on w,
#: never on the bias.
WEIGHTS = (0,)


# --- public API, inputs validated (loss and gradient: after validate_all, below) ---------

def predict(X, w, b):
    """ŷ = Xw + b, shape (n,)."""
    X, w, b = validate_params(validate_X(X), w, b)
    return logits(X, w, b)


# --- unchecked kernels, used inside the descent loop ------------------------------------

def loss_from_logits(z, y):
    """½ mean((z - y)²)."""
    r = z - y
    return 0.5 * float(r @ r) / len(y)


def gradient_from_logits(X, z, y):
    """Gradient from the forward pass z = Xw + b: (Xᵀr/n, Σr/n) with r = ŷ - y = z - y."""
    return neuron_gradient(X, z - y)


def loss_and_gradient_from_logits(X, z, y):
    """L and ∇L at the same θ, from one forward pass (GD needs both at every step)."""
    return loss_from_logits(z, y), gradient_from_logits(X, z, y)


# θ = [w, b] as one list: what gdlib.descend calls (gdlib.model.Model)
_loss_unchecked, _gradient_unchecked, _loss_and_gradient_unchecked = neuron_kernels(
    loss_from_logits, gradient_from_logits, loss_and_gradient_from_logits)


# --- input validation and initialisation --------------------------------------------------

def validate_X(X):
    return _validation.validate_X(X)


def validate_data(X, y):
    """X of shape (n, d) and real targets y of shape (n,)."""
    X = _validation.validate_X(X)
    return X, _validation.validate_targets(y, X.shape[0])


def validate_params(X, w, b):
    """w of shape (d,) and a scalar b."""
    return X, _validation.validate_weights(w, (X.shape[1],)), _validation.validate_bias(b)


def validate_all(X, y, w, b):
    """Validate data and parameters together."""
    X, y = validate_data(X, y)
    return (X, y, *validate_params(X, w, b)[1:])


# L and ∇L of (X, y, w, b), the inputs validated: the public API (gdlib.model)
loss, gradient = neuron_functions(
    validate_all, loss_from_logits, gradient_from_logits,
    loss_doc="L = 1/(2n) Σ (ŷ - y)².",
    gradient_doc="(∂L/∂w, ∂L/∂b) = (Xᵀ(ŷ - y)/n, mean(ŷ - y)).")


def init_params(X, y, rng):
    """Small random starting values: w ~ N(0, 0.1²) per weight, b ~ N(0, 0.1²)."""
    return 0.1 * rng.standard_normal(X.shape[1]), float(0.1 * rng.standard_normal())


# --- closed forms ----------------------------------------------------------------------------

def hessian(X):
    r"""The Hessian of L in θ = (w_1, …, w_d, b): H = (1/n) [X 1]ᵀ [X 1].

    L is quadratic, so H is the same everywhere; it is positive semi-definite,
    which is why the loss of the linear neuron is convex.
    """
    X = validate_X(X)
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    return A.T @ A / X.shape[0]


def critical_learning_rate(X):
    r"""α_crit = 2 / λ_max(H): GD on the linear neuron converges for 0 < α < α_crit.

    Along the eigenvector of the largest eigenvalue λ_max the error is multiplied
    by (1 - α λ_max) at every step; |1 - α λ_max| < 1 exactly when α < 2/λ_max.
    """
    return 2.0 / float(np.linalg.eigvalsh(hessian(X))[-1])


def least_squares(X, y):
    """The closed-form minimiser (w*, b*) of L, by np.linalg.lstsq on [X 1]."""
    X, y = validate_data(X, y)
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return theta[:-1], float(theta[-1])


def optimum(X, y):
    """θ̄ = (w̄, b̄) of a one-feature neuron as a point of the (w, b) plane: where the
    figures and explorers mark the minimum of the loss contours (``least_squares``,
    its one weight unpacked)."""
    w, b = least_squares(X, y)
    if w.shape != (1,):
        raise ValueError(_("optimum is a point of the (w, b) plane: X must have one feature, "
                           "got {d}. For d features use least_squares(X, y).").format(d=len(w)))
    return w[0], b
