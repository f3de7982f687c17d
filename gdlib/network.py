r"""A two-layer network: one hidden layer of tanh units, then a softmax neuron.

Model, for X of shape (n, d), h hidden units and K classes:

.. math::  H = \tanh(X W_1 + b_1), \qquad Z = H W_2 + b_2, \qquad
           \hat Y = \mathrm{softmax}(Z) \text{ row by row}

with θ = [W₁, b₁, W₂, b₂] of shapes (d, h), (h,), (h, K), (K,). The output layer
is the softmax neuron of ``gdlib.softmax``, fed the hidden activations H instead of X.

Loss, the mean categorical cross-entropy (ECC) from the logits, as for the softmax
neuron (integer labels y ∈ {0, …, K-1}):

.. math::  \mathcal{L} = \frac{1}{n}\sum_i \Big[\log\sum_l e^{z_l^{(i)}} - z_{y^{(i)}}^{(i)}\Big]

Gradient by backpropagation, the chain rule applied layer by layer from the
output back (Y is the one-hot matrix, ⊙ the element-wise product):

.. math::
   \Delta_2 = \hat Y - Y, \qquad
   \nabla_{W_2}\mathcal L = H^\top \Delta_2 / n, \qquad
   \nabla_{b_2}\mathcal L = \tfrac1n \textstyle\sum_i \Delta_2^{(i)}

   \Delta_1 = (\Delta_2 W_2^\top) \odot (1 - H^2), \qquad
   \nabla_{W_1}\mathcal L = X^\top \Delta_1 / n, \qquad
   \nabla_{b_1}\mathcal L = \tfrac1n \textstyle\sum_i \Delta_1^{(i)}

Δ₂ = Ŷ − Y is the output error of the softmax neuron (notebooks 05–06); it is
passed back through W₂ and through tanh′(a) = 1 − tanh²(a) to give the hidden
units' error Δ₁, and each layer's gradient is (its input)ᵀ × (its error) / n.
"""
from __future__ import annotations

import numpy as np

from . import _validation
from . import softmax
from .i18n import _
from .model import neuron_gradient

name = "network"

#: Keyword options of the random start that ``gdlib.descend`` passes on (``hidden=16``).
OPTIONS = ("hidden",)

#: Which entries of θ = [W₁, b₁, W₂, b₂] are weights: weight decay (gdlib.optimizers) acts
#: on W₁ and W₂, never on the biases.
WEIGHTS = (0, 2)

#: The hidden width h when none is given.
HIDDEN = 16


# --- public, checked API -------------------------------------------------------------

def predict(X, params):
    """Ŷ = softmax(tanh(XW₁ + b₁) W₂ + b₂): class probabilities, shape (n, K)."""
    X, params = validate_params(validate_X(X), params)
    return softmax.softmax(forward(X, params)[1])


def classify(X, params):
    """The predicted class arg max_k ŷ_k of every row of X, shape (n,)."""
    X, params = validate_params(validate_X(X), params)
    return forward(X, params)[1].argmax(axis=1)


def loss(X, y, params):
    """Mean categorical cross-entropy of the network's output, from the logits."""
    X, y, *params = validate_all(X, y, *_as_list(params))
    return _loss_unchecked(X, y, params)


def gradient(X, y, params):
    """[∂L/∂W₁, ∂L/∂b₁, ∂L/∂W₂, ∂L/∂b₂] by backpropagation (see the module docstring)."""
    X, y, *params = validate_all(X, y, *_as_list(params))
    return _gradient_unchecked(X, y, params)


# --- unchecked kernels ---------------------------------------------------------------------

def forward(X, params):
    """The forward pass: hidden activations H = tanh(XW₁ + b₁) and logits Z = HW₂ + b₂."""
    W1, b1, W2, b2 = params
    H = X @ W1
    H += b1
    np.tanh(H, out=H)
    Z = H @ W2
    Z += b2
    return H, Z


def backward(X, H, P, y, params):
    """The backward pass from the forward pass (H and Ŷ = P): the gradient, a list like params.

    Each layer's gradient is the neuron's (``gdlib.model.neuron_gradient``) with the
    layer's input and error: (X, Δ₁) for [W₁, b₁], (H, Δ₂) for [W₂, b₂].
    P is overwritten with Δ₂ = Ŷ − Y.
    """
    W2 = params[2]
    D2 = softmax.residual(P, y)             # Δ₂ = Ŷ − Y, without building Y
    D1 = D2 @ W2.T                          # the error passed back through W₂ ...
    D1 *= 1.0 - H * H                       # ... and through tanh′ = 1 − tanh²
    return [*neuron_gradient(X, D1), *neuron_gradient(H, D2)]


def _loss_unchecked(X, y, params):
    """L(θ) for params = [W₁, b₁, W₂, b₂]."""
    return softmax.loss_from_logits(forward(X, params)[1], y)


def _gradient_unchecked(X, y, params):
    """∇L(θ) as a list [∂L/∂W₁, ∂L/∂b₁, ∂L/∂W₂, ∂L/∂b₂]."""
    H, Z = forward(X, params)
    return backward(X, H, softmax.softmax(Z), y, params)


def _loss_and_gradient_unchecked(X, y, params):
    """(L(θ), ∇L(θ)) from one forward pass (``softmax.loss_and_probabilities`` shares
    e^{Z − m} between the loss and Ŷ)."""
    H, Z = forward(X, params)
    loss, P = softmax.loss_and_probabilities(Z, y)
    return loss, backward(X, H, P, y, params)


def loss_path(X, y, trajectory):
    """L(θ^[t]) for every θ^[t] of a trajectory (``History.trajectory``), at once.

    ``trajectory`` is the list [W₁s, b₁s, W₂s, b₂s] of arrays of shape (T, *shape);
    the result has shape (T,). Used to follow a validation loss along a run.
    """
    W1, b1, W2, b2 = trajectory
    H = np.tanh(X @ W1 + b1[:, None, :])                 # (T, n, h): one H per θ^[t]
    Z = H @ W2 + b2[:, None, :]                          # (T, n, K)
    return np.mean(softmax.log_sum_exp(Z) - Z[:, np.arange(len(y)), y], axis=1)


def swap_units(params, i, j):
    """The same network with hidden units i and j swapped (columns of W₁ and b₁, rows of W₂).

    It computes exactly the same function, so it has the same loss: the parameters
    that minimise L come in families of h! relabellings of the hidden units.
    """
    W1, b1, W2, b2 = params
    order = np.arange(W1.shape[1])
    order[[i, j]] = order[[j, i]]
    return [W1[:, order], b1[order], W2[order], b2.copy()]


def flip_unit(params, m):
    """The same network with the signs of hidden unit m flipped: its column of W₁, its
    entry of b₁ *and* its row of W₂.

    tanh is odd, tanh(−a) = −tanh(a), so the unit's output changes sign and its
    negated outgoing weights undo that: the network computes the same function.
    """
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in params)
    W1[:, m] *= -1
    b1[m] *= -1
    W2[m] *= -1
    return [W1, b1, W2, b2]


def match_units(params, reference):
    """``params`` with its hidden units relabelled and sign-flipped to be nearest ``reference``.

    Both are [W₁, b₁, W₂, b₂] of networks of the same shape. Unit m is the vector
    (W₁[:, m], b₁[m], W₂[m]); it is paired with a unit of ``reference`` up to a sign
    (``flip_unit``), and the pairing that makes the sum of squared distances smallest
    is chosen among all h! of them (the assignment problem, solved exactly by the
    Hungarian method). The result computes the same function as ``params`` (only
    ``swap_units`` and ``flip_unit`` were applied), so distances between it and
    ``reference`` count what really differs, not the numbering or the signs.
    """
    W1_reference = _validation._as_numeric_array(_as_list(reference)[0], "W1")
    X_d = np.zeros((1, W1_reference.shape[0] if W1_reference.ndim == 2 else 1))
    reference = validate_params(X_d, reference)[1]
    params = validate_params(X_d, params)[1]
    if params[0].shape != reference[0].shape or params[2].shape != reference[2].shape:
        raise ValueError(_("the two networks must have the same shapes to match their units, "
                           "got W1 and W2 of shapes {shapes} and {reference}: train both "
                           "with the same hidden=h on the same data.").format(
                               shapes=(params[0].shape, params[2].shape),
                               reference=(reference[0].shape, reference[2].shape)))
    units = np.column_stack([params[0].T, params[1], params[2]])          # (h, d + 1 + K)
    targets = np.column_stack([reference[0].T, reference[1], reference[2]])
    same = ((targets[:, None] - units[None]) ** 2).sum(axis=2)             # [r, m]
    flipped = ((targets[:, None] + units[None]) ** 2).sum(axis=2)
    order = _assignment(np.minimum(same, flipped))        # unit order[r] goes to place r
    h = len(order)
    signs = np.where(same[np.arange(h), order] <= flipped[np.arange(h), order], 1.0, -1.0)
    W1, b1, W2, b2 = params
    return [W1[:, order] * signs, b1[order] * signs, W2[order] * signs[:, None], b2.copy()]


def _assignment(cost):
    """The permutation p minimising Σ_r cost[r, p[r]] (Hungarian method, O(h³)).

    The shortest-augmenting-path form with potentials u (rows) and w (columns), as in
    Kuhn (1955) and Jonker & Volgenant (1987); exact, for a square cost matrix.
    """
    n = cost.shape[0]
    u, w = np.zeros(n + 1), np.zeros(n + 1)
    row_of = np.zeros(n + 1, dtype=int)          # row_of[j]: the row given column j (1-based)
    way = np.zeros(n + 1, dtype=int)
    for i in range(1, n + 1):
        row_of[0] = i
        j0 = 0
        slack = np.full(n + 1, np.inf)
        used = np.zeros(n + 1, dtype=bool)
        while row_of[j0] != 0:
            used[j0] = True
            i0 = row_of[j0]
            free = ~used
            free[0] = False
            reduced = cost[i0 - 1] - u[i0] - w[1:]
            better = free[1:] & (reduced < slack[1:])
            slack[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free[1:], slack[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[row_of[used]] += delta
            w[used] -= delta
            slack[free] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            row_of[j0] = row_of[j1]
            j0 = j1
    order = np.zeros(n, dtype=int)
    order[row_of[1:] - 1] = np.arange(n)
    return order


# --- input validation and initialisation --------------------------------------------------

def validate_X(X):
    return _validation.validate_X(X)


def validate_data(X, y, K=None):
    """X of shape (n, d) and integer labels in [0, K) (K = max(y) + 1 by default)."""
    return softmax.validate_data(X, y, K)


def _as_list(params):
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)) \
            or len(params) != 4:
        raise TypeError(_("params must be the list [W1, b1, W2, b2] of the network's four "
                          "arrays (like History.params), got {value}.")
                        .format(value=_validation.describe(params)))
    return list(params)


def validate_params(X, params):
    """[W₁, b₁, W₂, b₂] with shapes (d, h), (h,), (h, K), (K,), h ≥ 1 and K ≥ 2."""
    W1, b1, W2, b2 = _as_list(params)
    d = X.shape[1]
    W1 = _validation._as_numeric_array(W1, "W1")
    if W1.ndim != 2 or W1.shape[0] != d or W1.shape[1] < 1:
        raise ValueError(_("W1 must have shape (d, h) = ({d}, h), one column per hidden "
                           "unit, got shape {shape}.").format(d=d, shape=W1.shape))
    h = W1.shape[1]
    W2 = _validation._as_numeric_array(W2, "W2")
    if W2.ndim != 2 or W2.shape[0] != h or W2.shape[1] < 2:
        raise ValueError(_("W2 must have shape (h, K) = ({h}, K) with K >= 2 classes, "
                           "got shape {shape}.").format(h=h, shape=W2.shape))
    K = W2.shape[1]
    validate = _validation.validate_weights
    params = [validate(W1, (d, h), "W1"), validate(b1, (h,), "b1"),
              validate(W2, (h, K), "W2"), validate(b2, (K,), "b2")]
    return X, params


def validate_all(X, y, W1, b1, W2, b2):
    """Validate data and parameters together: labels must be < K = W2.shape[1]."""
    X, params = validate_params(validate_X(X), [W1, b1, W2, b2])
    return (*validate_data(X, y, K=params[2].shape[1]), *params)


def init_params(X, y, rng, hidden=HIDDEN):
    r"""The random start ("asignar valores aleatorios a los parámetros").

    W₁ ~ N(0, 1/d) and W₂ ~ N(0, 1/h), biases 0: the scale 1/√(fan-in) of LeCun et
    al. (1998), which keeps each unit's input a·x of about unit variance for
    standardised x, where tanh is neither flat (saturated) nor linear. The random
    weights make the h hidden units differ; an all-equal start would keep them equal
    forever (notebook 08).
    """
    hidden = _validation.validate_int(hidden, "hidden", 1,
                                      hint=_("Pass the number of hidden units, e.g. hidden=16."))
    d, K = X.shape[1], int(y.max()) + 1
    W1 = rng.standard_normal((d, hidden)) / np.sqrt(d)
    W2 = rng.standard_normal((hidden, K)) / np.sqrt(hidden)
    return [W1, np.zeros(hidden), W2, np.zeros(K)]
