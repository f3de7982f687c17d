r"""Gradient checking: compare an analytic gradient with central differences.

For every parameter θ_i (every w_j, w_jk and b, b_k; every entry of W₁, b₁, W₂, b₂):

.. math::  \frac{\partial \mathcal{L}}{\partial \theta_i} \approx
           \frac{\mathcal{L}(\theta + \varepsilon e_i) - \mathcal{L}(\theta - \varepsilon e_i)}{2\varepsilon}

and the relative error between the two gradients g (analytic) and ĝ (numeric) is

.. math::  \frac{\lVert g - \hat g \rVert}{\max(\lVert g \rVert + \lVert \hat g \rVert,\ 10^{-12})}

A correct gradient gives about 1e-7 or less; a wrong one gives about 1e-2 or more.
"""
from __future__ import annotations

import numpy as np

from . import _validation
from .i18n import _


def numerical_gradient(f, theta, eps=1e-6):
    """Central differences of the scalar function f at the float array theta."""
    theta = np.array(theta, dtype=np.float64)  # a copy we may perturb
    grad = np.empty_like(theta)
    flat, gflat = theta.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(theta)
        flat[i] = old - eps
        down = f(theta)
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad


def relative_error(g, g_hat):
    """‖g - ĝ‖ / max(‖g‖ + ‖ĝ‖, 1e-12)."""
    g, g_hat = np.ravel(g), np.ravel(g_hat)
    return float(np.linalg.norm(g - g_hat) / max(np.linalg.norm(g) + np.linalg.norm(g_hat),
                                                  1e-12))


def check_gradient(model, X, y, w, b=None, gradient=None, eps=1e-6):
    """Relative error between an analytic gradient and central finite differences.

    ``model`` is ``gdlib.linear``, ``gdlib.logistic``, ``gdlib.softmax`` or
    ``gdlib.network``: its loss is differentiated numerically, one parameter at a time.
    θ is given as ``w, b`` for a neuron, or as the one list ``params`` (e.g.
    ``[W1, b1, W2, b2]`` for the network, ``History.params`` for any model):

        check_gradient(gdlib.softmax, X, y, W, b)
        check_gradient(gdlib.network, X, y, params)

    ``gradient`` is the analytic gradient to check (the model's own by default, or
    yours): ``gradient(X, y, w, b) -> (dw, db)`` in the first form,
    ``gradient(X, y, params) -> [one array per parameter]`` in the second.
    Returns one number over all of θ; below 1e-6 means "correct".
    """
    as_list = b is None and isinstance(w, (list, tuple))
    if b is None and not as_list:
        raise TypeError(_("pass θ as w, b (a neuron) or as one list params, e.g. "
                          "check_gradient(gdlib.network, X, y, params)."))
    X, y, *theta = model.validate_all(X, y, *(w if as_list else (w, b)))
    eps = _validation.validate_positive(eps, "eps", _("use a small step such as eps=1e-6."))
    if gradient is not None and not callable(gradient):
        form = "(X, y, params) -> [grads]" if as_list else "(X, y, w, b) -> (dw, db)"
        raise TypeError(_("gradient must be a function {form}, got {got}.").format(
            form=form, got=type(gradient).__name__))
    copies = [np.copy(p) for p in theta]        # the function under test may not change θ
    if gradient is None:
        got = model._gradient_unchecked(X, y, copies)
    elif as_list:
        got = gradient(X, y, copies)
        if not (isinstance(got, (list, tuple)) and len(got) == len(theta)):
            raise TypeError(_("gradient must return a list of {k} arrays, one per parameter, "
                              "like params; it returned {got}.").format(
                                  k=len(theta), got=_validation.describe(got)))
    else:
        got = gradient(X, y, *copies)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            raise TypeError(_("gradient must return a pair (dw, db), e.g. `return dw, db`."))
    got = [np.asarray(g, dtype=np.float64) for g in got]
    shapes = [np.shape(p) for p in theta]
    if [g.shape for g in got] != shapes:
        if len(theta) == 2:
            raise ValueError(_("gradient returned dw of shape {dw} and db of shape {db}; they "
                               "must match w {w} and b {b}.").format(
                                   dw=got[0].shape, db=got[1].shape, w=shapes[0], b=shapes[1]))
        raise ValueError(_("gradient returned arrays of shapes {got}; they must match the "
                           "parameters' shapes {shapes}.").format(
                               got=[g.shape for g in got], shapes=shapes))
    numeric = [numerical_gradient(lambda p_, i=i: model._loss_unchecked(
                   X, y, theta[:i] + [p_.reshape(shapes[i])] + theta[i + 1:]),
                   np.atleast_1d(theta[i]), eps)
               for i in range(len(theta))]
    return relative_error(np.concatenate([g.ravel() for g in got]),
                          np.concatenate([g.ravel() for g in numeric]))
