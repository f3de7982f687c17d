r"""The softmax neuron with categorical cross-entropy (the lecture's ECC / CCE).

Model, for K classes: W of shape (d, K), b of shape (K,),

.. math::  Z = XW + b, \qquad \hat Y = \mathrm{softmax}(Z) \text{ row by row},
           \qquad \hat y_k^{(i)} = \frac{e^{z_k^{(i)}}}{\sum_l e^{z_l^{(i)}}}

Loss, the mean categorical cross-entropy with integer labels y ∈ {0, …, K-1},
computed with log-sum-exp so that it is exact for any logits:

.. math::  \mathcal{L} = \frac{1}{n}\sum_i \Big[\log\sum_l e^{z_l^{(i)}} - z_{y^{(i)}}^{(i)}\Big]

Gradient (Y is the one-hot matrix, Y_ik = [y^{(i)} = k]):

.. math::
   \frac{\partial \mathcal{L}}{\partial w_{jk}} = \frac{1}{n}\sum_i (\hat y_k^{(i)} - [y^{(i)} = k])\, x_j^{(i)}
   \qquad
   \frac{\partial \mathcal{L}}{\partial b_k} = \frac{1}{n}\sum_i (\hat y_k^{(i)} - [y^{(i)} = k])

i.e. ``(X.T @ (Ŷ - Y) / n, mean(Ŷ - Y, axis=0))``. (The lecture's slide writes
y_k where ŷ_k is meant, and calls this neuron "logistic" with "binary"
cross-entropy: it is the softmax neuron with categorical cross-entropy.)
"""
from __future__ import annotations

import numpy as np

from . import _validation
from .i18n import _
from .model import logits, neuron_functions, neuron_gradient, neuron_kernels

name = "softmax"

#: Which entries of θ = [W, b] are weights: weight decay (gdlib.optimizers) acts on W,
#: never on the bias.
WEIGHTS = (0,)


def softmax(Z):
    """Row-wise softmax, shifted by the row maximum so that exp never overflows."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def log_sum_exp(Z, return_softmax=False):
    r"""log Σ_l e^{z_l} along the last axis of Z, exact for any logits: with m the largest
    z of each row,

    .. math::  \log\sum_l e^{z_l} = m + \log\sum_l e^{z_l - m},

    where no e^{z_l − m} exceeds 1 (no overflow) and the sum is at least 1 (no log 0).
    Z may be (n, K) or a stack (T, n, K) of them; the result drops the last axis.

    With ``return_softmax=True``, also softmax(Z) = e^{Z − m} / Σ_l e^{z_l − m} from the
    same exponentials: what a loss and its gradient share in one forward pass.
    """
    m = Z.max(axis=-1, keepdims=True)
    E = np.exp(Z - m)
    s = E.sum(axis=-1, keepdims=True)
    lse = m[..., 0] + np.log(s[..., 0])
    return (lse, E / s) if return_softmax else lse


def one_hot(y, K):
    """The (n, K) matrix Y with Y[i, k] = [y_i = k]."""
    Y = np.zeros((len(y), K))
    Y[np.arange(len(y)), y] = 1.0
    return Y


# --- public API, inputs validated (loss and gradient: after validate_all, below) ---------

def predict(X, w, b):
    """Ŷ = softmax(XW + b): class probabilities, shape (n, K)."""
    X, w, b = validate_params(validate_X(X), w, b)
    return softmax(logits(X, w, b))


def classify(X, w, b):
    """The predicted class arg max_k z_k of every row of X (= arg max_k ŷ_k), shape (n,);
    a tie goes to the first of the tied classes (numpy's argmax)."""
    X, w, b = validate_params(validate_X(X), w, b)
    return logits(X, w, b).argmax(axis=1)


# --- unchecked kernels ---------------------------------------------------------------------

def loss_from_logits(Z, y):
    """mean(logsumexp(z) - z_y)."""
    rows = np.arange(len(y))
    return float(np.mean(log_sum_exp(Z) - Z[rows, y]))


def residual(P, y):
    """Ŷ − Y from the probabilities P = Ŷ, without building the one-hot Y: 1 is taken
    from each row's entry of its true class. P is overwritten (and returned)."""
    P[np.arange(len(y)), y] -= 1.0
    return P


def gradient_from_logits(X, Z, y):
    """(Xᵀ(Ŷ - Y)/n, Σ rows of (Ŷ - Y) / n) with Ŷ = softmax(Z)."""
    return neuron_gradient(X, residual(softmax(Z), y))


def loss_and_probabilities(Z, y):
    """L and Ŷ = softmax(Z) from one pass over the logits: ``log_sum_exp`` gives
    logsumexp(z) and softmax(Z) from the same exponentials e^{Z − m}."""
    lse, P = log_sum_exp(Z, return_softmax=True)
    return float(np.mean(lse - Z[np.arange(len(y)), y])), P


def loss_and_gradient_from_logits(X, Z, y):
    """L and ∇L at the same θ, from one forward pass (``loss_and_probabilities``)."""
    loss, P = loss_and_probabilities(Z, y)
    return loss, neuron_gradient(X, residual(P, y))


# θ = [W, b] as one list: what gdlib.descend calls (gdlib.model.Model)
_loss_unchecked, _gradient_unchecked, _loss_and_gradient_unchecked = neuron_kernels(
    loss_from_logits, gradient_from_logits, loss_and_gradient_from_logits)


# --- input validation and initialisation --------------------------------------------------

def validate_X(X):
    return _validation.validate_X(X)


def validate_data(X, y, K=None):
    """X of shape (n, d) and integer labels in [0, K). K defaults to max(y) + 1."""
    X = _validation.validate_X(X)
    if K is None:
        y_arr = _validation.validate_labels(y, X.shape[0], np.inf)
        K = int(y_arr.max()) + 1
        if K < 2:
            raise ValueError(_("y holds a single class (0): softmax needs labels from at "
                               "least two classes, 0, ..., K-1 with K >= 2."))
    return X, _validation.validate_labels(y, X.shape[0], K)


def validate_params(X, w, b):
    """W of shape (d, K) with K >= 2, and b of shape (K,)."""
    w = _validation._as_numeric_array(w, "w")
    if w.ndim != 2 or w.shape[0] != X.shape[1] or w.shape[1] < 2:
        raise ValueError(_("w must have shape (d, K) = ({d}, K) with K >= 2 classes, got "
                           "shape {shape}.").format(d=X.shape[1], shape=w.shape))
    w = _validation.validate_weights(w, w.shape)
    return X, w, _validation.validate_bias(b, (w.shape[1],))


def validate_all(X, y, w, b):
    """Validate data and parameters together: labels must be < K = w.shape[1]."""
    X, w, b = validate_params(validate_X(X), w, b)
    return (*validate_data(X, y, K=w.shape[1]), w, b)


# L and ∇L of (X, y, w, b), the inputs validated: the public API (gdlib.model)
loss, gradient = neuron_functions(
    validate_all, loss_from_logits, gradient_from_logits,
    loss_doc="L = −mean over i of log ŷ_{y_i}, Ŷ = softmax(XW + b): the mean categorical "
             "cross-entropy, computed from the logits Z = XW + b.",
    gradient_doc="(∂L/∂W, ∂L/∂b) = (Xᵀ(Ŷ - Y)/n, mean over rows of Ŷ - Y).")


def init_params(X, y, rng):
    """Small random W ~ N(0, 0.1²) of shape (d, K), and b ~ N(0, 0.1²)."""
    K = int(y.max()) + 1
    return 0.1 * rng.standard_normal((X.shape[1], K)), 0.1 * rng.standard_normal(K)
