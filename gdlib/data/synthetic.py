"""Synthetic data with known parameters: the answer GD should find is known in advance.

Every generator takes a ``seed``; the same seed gives the same arrays, and returns a
``Dataset`` (for the regression problems, ``w_true`` and ``b_true`` hold the parameters
it was made from).
"""
from __future__ import annotations

import numpy as np

from .._validation import validate_int, validate_range, validate_real, validate_seed
from ..i18n import _
from .real import Dataset


def make_line(n=40, w=2.0, b=1.0, noise=0.5, x_range=(-2, 2), seed=0):
    r"""Points scattered around a straight line: the smallest regression problem.

    Model
    -----
    .. math::  x \sim \mathcal{U}(x_{\min}, x_{\max}), \qquad
               y = w\,x + b + \text{noise}\cdot\varepsilon, \qquad
               \varepsilon \sim \mathcal{N}(0, 1)

    With a single weight and a bias, the loss is a surface over the (w, b) plane,
    which is what the contour plots of the course draw.

    Parameters
    ----------
    n : int, default 40
        Number of points (n >= 1).
    w, b : float, default 2.0 and 1.0
        The true slope and intercept.
    noise : float, default 0.5
        Standard deviation of the added Gaussian noise (>= 0; 0 puts every point on the line).
    x_range : (float, float), default (-2, 2)
        The interval from which x is drawn uniformly.
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, 1), y of shape (n,), with ``w_true = w`` and ``b_true = b``.
        The x values depend only on ``n``, ``x_range`` and ``seed``, not on ``noise``.
    """
    n = validate_int(n, "n", 1)
    w = validate_real(w, "w")
    b = validate_real(b, "b")
    noise = validate_real(noise, "noise", 0)
    low, high = validate_range(x_range, "x_range")
    rng = np.random.default_rng(validate_seed(seed))

    x = rng.uniform(low, high, size=n)
    epsilon = rng.standard_normal(n)
    y = w * x + b + noise * epsilon

    return Dataset(
        X=x.reshape(n, 1),
        y=y,
        name="line",
        feature_names=("x",),
        w_true=w,
        b_true=b,
        description=_("y = {w} x + {b} + {noise} ε, ε ~ N(0, 1), x ~ U({low}, {high}), "
                      "n = {n}, seed = {seed}").format(w=w, b=b, noise=noise, low=low,
                                                       high=high, n=n, seed=seed),
    )


def make_narrow_line(n=40, shift=3.0, w=2.0, b=1.0, noise=0.5, seed=0):
    r"""The running line, with its feature far from 0: a narrow, ill-conditioned bowl.

    ``make_line(n, w, b, noise, x_range=(shift − 2, shift + 2), seed)``: the same line
    y = w x + b, the same noise, but x (not centred, not scaled) drawn around ``shift``
    instead of around 0. The Hessian of the linear neuron's loss depends only on x,

    .. math::  \mathbf H = \begin{bmatrix} \overline{x^2} & \bar x \\ \bar x & 1 \end{bmatrix},

    and a mean x̄ far from 0 ties w and b together: the bowl becomes a long, narrow
    valley (for the default shift = 3 and seed, κ = λ_max/λ_min ≈ 100 instead of the
    running example's 1.6), where GD zigzags across and crawls along. With the same
    seed, x is ``make_line``'s x moved right by ``shift``, with the same noise.

    Parameters are those of ``make_line``; ``shift`` is any finite number (0 gives
    ``make_line`` itself).
    """
    shift = validate_real(shift, "shift")
    line = make_line(n=n, w=w, b=b, noise=noise, x_range=(shift - 2.0, shift + 2.0), seed=seed)
    return Dataset(X=line.X, y=line.y, name="narrow line", feature_names=line.feature_names,
                   w_true=line.w_true, b_true=line.b_true,
                   description=_("{line} (x shifted by {shift}: a narrow bowl)")
                   .format(line=line.description, shift=f"{shift:g}"))


def make_regression(n=200, d=5, noise=0.1, seed=0):
    r"""A linear regression problem in d dimensions with known weights.

    Model
    -----
    .. math::  w_{\text{true}} \sim \mathcal{N}(0, I_d), \quad
               b_{\text{true}} \sim \mathcal{N}(0, 1), \quad
               x^{(i)} \sim \mathcal{N}(0, I_d), \quad
               y^{(i)} = x^{(i)} \cdot w_{\text{true}} + b_{\text{true}}
                         + \text{noise}\cdot\varepsilon^{(i)}, \quad
               \varepsilon^{(i)} \sim \mathcal{N}(0, 1)

    The true parameters are drawn first, so for a given ``seed`` and ``d`` they do not
    change when ``n`` or ``noise`` changes.

    Parameters
    ----------
    n : int, default 200
        Number of examples (n >= 1).
    d : int, default 5
        Number of features (d >= 1).
    noise : float, default 0.1
        Standard deviation of the added Gaussian noise (>= 0).
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, d), y of shape (n,), ``w_true`` of shape (d,), ``b_true`` a float.
    """
    n = validate_int(n, "n", 1)
    d = validate_int(d, "d", 1)
    noise = validate_real(noise, "noise", 0)
    rng = np.random.default_rng(validate_seed(seed))

    w_true = rng.standard_normal(d)
    b_true = float(rng.standard_normal())
    X = rng.standard_normal((n, d))
    epsilon = rng.standard_normal(n)
    y = X @ w_true + b_true + noise * epsilon

    return Dataset(
        X=X,
        y=y,
        name="regression",
        feature_names=tuple(f"x{j}" for j in range(1, d + 1)),
        w_true=w_true,
        b_true=b_true,
        description=_("y = X w_true + b_true + {noise} ε with X, w_true, b_true, ε "
                      "~ N(0, 1), n = {n}, d = {d}, seed = {seed}")
        .format(noise=noise, n=n, d=d, seed=seed),
    )


def blob_centres(K=2, distance=3.0):
    r"""The K centres used by :func:`make_blobs`: equally spaced on a circle.

    .. math::  \mu_k = \text{distance}\cdot(\cos\theta_k, \sin\theta_k),
               \qquad \theta_k = \pi + 2\pi k / K, \qquad k = 0, \dots, K-1

    The first centre is (-distance, 0). For K = 2 the two centres are the opposite
    points (-distance, 0) for class 0 and (distance, 0) for class 1.

    Returns
    -------
    ndarray of float64, shape (K, 2)
    """
    K = validate_int(K, "K", 2)
    distance = validate_real(distance, "distance", 0, strict=True)
    theta = np.pi + 2 * np.pi * np.arange(K) / K
    centres = distance * np.column_stack([np.cos(theta), np.sin(theta)])
    # cos and sin of multiples of π/2 come out as about 1e-16 instead of 0: make them 0.
    centres[np.abs(centres) < 1e-12 * distance] = 0.0
    return centres


def make_blobs(n=200, K=2, spread=1.0, distance=3.0, seed=0):
    r"""K round clouds of points in the plane, one per class.

    Model
    -----
    .. math::  x^{(i)} = \mu_{y^{(i)}} + \text{spread}\cdot\varepsilon^{(i)}, \qquad
               \varepsilon^{(i)} \sim \mathcal{N}(0, I_2)

    with the centres :math:`\mu_k` equally spaced on a circle of radius ``distance``
    (see :func:`blob_centres`). The classes are balanced: class k gets
    ``n // K`` or ``n // K + 1`` points. The rows are shuffled.

    Known true parameters. With equal class sizes and the same round spread σ for
    every class, the probability of each class given x is exactly a softmax of a
    linear function of x (for K = 2, a sigmoid):

    .. math::  P(y = k \mid x) = \mathrm{softmax}_k(x W + b), \qquad
               W_{:,k} = \mu_k / \sigma^2, \qquad b_k = -\lVert\mu_k\rVert^2 / (2\sigma^2)

    so ``w_true`` / ``b_true`` are the parameters a softmax neuron should approach
    (W of shape (2, K), b of shape (K,)). For K = 2 they are given in logistic form,
    :math:`P(y = 1 \mid x) = \sigma(x \cdot w + b)` with
    :math:`w = (\mu_1 - \mu_0)/\sigma^2` of shape (2,) and
    :math:`b = (\lVert\mu_0\rVert^2 - \lVert\mu_1\rVert^2)/(2\sigma^2)`, which is 0
    here because every centre lies on the same circle (for K > 2 the b_k are all equal,
    and adding the same number to every b_k does not change a softmax).
    A model fitted to a finite sample only approaches these values.

    Parameters
    ----------
    n : int, default 200
        Number of points (n >= K, so that every class has at least one).
    K : int, default 2
        Number of classes (K >= 2); labels are 0, 1, ..., K-1.
    spread : float, default 1.0
        Standard deviation σ of each cloud around its centre (> 0).
    distance : float, default 3.0
        Radius of the circle on which the centres lie (> 0).
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, 2), int64 labels y of shape (n,), target_names ("0", ..., "K-1").
    """
    n = validate_int(n, "n", 1)
    K = validate_int(K, "K", 2)
    if n < K:
        raise ValueError(_("n must be at least K so that every class gets a point, got "
                           "n = {n} and K = {K}: pass n >= {K}.").format(n=n, K=K))
    spread = validate_real(spread, "spread", 0, strict=True)
    centres = blob_centres(K, distance)
    rng = np.random.default_rng(validate_seed(seed))

    labels = np.arange(n, dtype=np.int64) % K            # 0, 1, ..., K-1, 0, 1, ...: balanced
    X = centres[labels] + spread * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    X, y = X[order], labels[order]

    W = centres.T / spread**2                            # shape (2, K)
    b = -np.sum(centres**2, axis=1) / (2 * spread**2)    # shape (K,)
    if K == 2:
        w_true, b_true = W[:, 1] - W[:, 0], float(b[1] - b[0])
    else:
        w_true, b_true = W, b

    return Dataset(
        X=X,
        y=y,
        name="blobs",
        feature_names=("x1", "x2"),
        target_names=tuple(str(k) for k in range(K)),
        w_true=w_true,
        b_true=b_true,
        description=_("{K} Gaussian blobs, x = mu_y + {spread} ε, ε ~ N(0, I), centres "
                      "on a circle of radius {distance}, n = {n}, seed = {seed}")
        .format(K=K, spread=spread, distance=distance, n=n, seed=seed),
    )


def make_moons(n=200, noise=0.15, seed=0):
    r"""Two interleaved half-moons: two classes that no straight line separates.

    Model
    -----
    .. math::  t^{(i)} \sim \mathcal{U}(0, \pi), \qquad
               x^{(i)} = \begin{cases} (\cos t,\ \sin t) & y^{(i)} = 0 \\
                                         (1 - \cos t,\ \tfrac12 - \sin t) & y^{(i)} = 1
                         \end{cases} \; + \text{noise}\cdot\varepsilon^{(i)}, \qquad
               \varepsilon^{(i)} \sim \mathcal{N}(0, I_2)

    Class 0 is the upper arc of the unit circle centred at (0, 0); class 1 the lower
    arc of the unit circle centred at (1, 1/2). Each arc's tip reaches into the other
    moon's hollow, so the border between the classes must bend: a single neuron, whose
    borders are straight lines, gets most but not all of the points right (notebook 08).

    Parameters
    ----------
    n : int, default 200
        Number of points (n >= 2); the upper moon gets ⌈n/2⌉ of them, the lower ⌊n/2⌋.
    noise : float, default 0.15
        Standard deviation of the Gaussian noise added to every point (>= 0).
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, 2), int64 labels y of shape (n,), target_names ("upper moon",
        "lower moon"). The rows are shuffled. There are no true parameters
        (``w_true`` is None): no model of the course generated these data.
    """
    n = validate_int(n, "n", 2, hint=_("Pass n >= 2 so that each moon gets a point."))
    noise = validate_real(noise, "noise", 0)
    rng = np.random.default_rng(validate_seed(seed))

    y = np.arange(n, dtype=np.int64) % 2                 # 0, 1, 0, 1, ...: balanced
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower) + noise * rng.standard_normal((n, 2))
    order = rng.permutation(n)

    return Dataset(
        X=X[order],
        y=y[order],
        name="moons",
        feature_names=("x1", "x2"),
        target_names=(_("upper moon"), _("lower moon")),
        description=_("two interleaved half-moons, arcs of unit circles centred at (0, 0) "
                      "and (1, 0.5), + {noise} ε, ε ~ N(0, I), n = {n}, seed = {seed}")
        .format(noise=noise, n=n, seed=seed),
    )


# ---------------------------------------------------------------------------------------
