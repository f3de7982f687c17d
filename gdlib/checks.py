r"""Gradient checking: compare an analytic gradient with central differences.

For every parameter θ_i (every w_j, w_jk and b, b_k):

.. math::  \frac{\partial \mathcal{L}}{\partial \theta_i} \approx
           \frac{\mathcal{L}(\theta + \varepsilon e_i) - \mathcal{L}(\theta - \varepsilon e_i)}{2\varepsilon}

and the relative error between the two gradients g (analytic) and ĝ (numeric) is

.. math::  \frac{\lVert g - \hat g \rVert}{\max(\lVert g \rVert + \lVert \hat g \rVert,\ 10^{-12})}

A correct gradient gives about 1e-7 or less; a wrong one gives about 1e-2 or more.
"""
from __future__ import annotations

import numpy as np

from . import _validation as v


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


def check_gradient(model, X, y, w, b, gradient=None, eps=1e-6):
    """Relative error between an analytic gradient and central finite differences.

    ``model`` is ``gdlib.linear``, ``gdlib.logistic`` or ``gdlib.softmax``: its
    ``loss`` is differentiated numerically. ``gradient(X, y, w, b) -> (dw, db)``
    is the analytic gradient to check (the model's own by default, or yours).
    Returns one number over all of θ = {w, b}; below 1e-6 means "correct".
    """
    X, y, w, b = model.check_all(X, y, w, b)
    eps = v.check_positive(eps, "eps", "use a small step such as eps=1e-6.")
    gradient = model.gradient if gradient is None else gradient
    if not callable(gradient):
        raise TypeError(f"gradient must be a function (X, y, w, b) -> (dw, db), got "
                        f"{type(gradient).__name__}.")
    got = gradient(X, y, w.copy(), np.copy(b))
    if not (isinstance(got, tuple) and len(got) == 2):
        raise TypeError("gradient must return a pair (dw, db), e.g. `return dw, db`.")
    dw, db = (np.asarray(g, dtype=np.float64) for g in got)
    if dw.shape != w.shape or db.shape != np.shape(b):
        raise ValueError(f"gradient returned dw of shape {dw.shape} and db of shape "
                         f"{db.shape}; they must match w {w.shape} and b {np.shape(b)}.")
    num_w = numerical_gradient(lambda w_: model.loss(X, y, w_, b), w, eps)
    num_b = numerical_gradient(lambda b_: model.loss(X, y, w, b_.reshape(np.shape(b))),
                               np.atleast_1d(b), eps)
    return relative_error(np.concatenate([dw.ravel(), db.ravel()]),
                          np.concatenate([num_w.ravel(), num_b.ravel()]))


# How to print a number at round-off level. Its last bits depend on the machine (the
# BLAS kernels of the CPU, the number of threads, the numpy version), so printing it raw
# would show every student a different "result". These say what the number means.

def agreement(diff, tol=1e-12):
    """Say whether two computations agree up to round-off, the same way on every machine.

    ``diff`` is the largest absolute difference between them. Below ``tol`` it is
    round-off, and this returns ``"agree to round-off (< 1e-12)"``; otherwise the real
    difference, e.g. ``"differ by 3.2e-05"`` (which a machine does not change).

    >>> agreement(1.1e-16)
    'agree to round-off (< 1e-12)'
    >>> agreement(3.21e-5)
    'differ by 3.2e-05'
    """
    diff, tol = float(diff), float(tol)
    if not (np.isfinite(diff) and tol > 0):
        raise ValueError(f"agreement needs a finite difference and a positive tol, got "
                         f"diff = {diff}, tol = {tol}.")
    if abs(diff) < tol:
        return f"agree to round-off (< {tol:.0e})".replace("e-0", "e-").replace("e+0", "e")
    return f"differ by {abs(diff):.1e}"


def magnitude(x):
    """The order of magnitude of a round-off-level number, e.g. ``"≈ 1e-10"``.

    Gives the power of ten nearest to ``|x|`` on a log scale, so 7.1e-11 and 8.4e-11 (the
    same finite-difference check on two CPUs) both print ``"≈ 1e-10"``; 0 prints ``"= 0"``.

    >>> magnitude(7.1e-11), magnitude(8.4e-11), magnitude(0.0)
    ('≈ 1e-10', '≈ 1e-10', '= 0')
    """
    x = abs(float(x))
    if not np.isfinite(x):
        raise ValueError(f"magnitude needs a finite number, got {x}.")
    if x == 0:
        return "= 0"
    return f"≈ 1e{int(np.round(np.log10(x)))}"
