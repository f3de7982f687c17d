"""Preparing data: feature scaling (``standardize``) and a seeded ``train_test_split``."""
from __future__ import annotations

import numpy as np

from .._validation import validate_real, validate_seed, validate_weights, validate_X
from ..i18n import _


def standardize(X, mean=None, std=None):
    r"""Feature scaling: give every column mean 0 and standard deviation 1 (z-scores).

    .. math::  x'_{ij} = \frac{x_{ij} - \mu_j}{s_j}, \qquad
               \mu_j = \frac{1}{n}\sum_i x_{ij}, \qquad
               s_j = \sqrt{\frac{1}{n}\sum_i (x_{ij} - \mu_j)^2}

    A constant column (all values equal) has :math:`s_j = 0`; it gets :math:`s_j = 1`
    instead, so it becomes a column of zeros rather than a division by zero.

    Scale the test data with the training data's numbers, never with its own::

        X_train_s, mean, std = standardize(X_train)
        X_test_s, _, _ = standardize(X_test, mean, std)

    Parameters
    ----------
    X : array of shape (n, d)
    mean, std : arrays of shape (d,) or None
        None (both): compute them from X. Given (both): apply that earlier scaling.

    Returns
    -------
    (X_scaled, mean, std)
        X_scaled float64 of shape (n, d) (X itself is not changed); mean and std of shape (d,).
    """
    X = validate_X(X)
    if (mean is None) != (std is None):
        raise ValueError(_("Pass both mean and std (as returned by an earlier standardize "
                           "call) or neither (to compute them from X)."))
    if mean is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        constant = np.all(X == X[0], axis=0)
        mean[constant] = X[0, constant]      # exact, so a constant column becomes exactly 0
        std[constant] = 1.0
    else:
        mean = validate_weights(mean, X.shape[1:], "mean")
        std = validate_weights(std, X.shape[1:], "std")
        if np.any(std <= 0):
            raise ValueError(_("std must be > 0 in every column, got {std}: pass the std "
                               "returned by an earlier standardize call.").format(std=std))
    return (X - mean) / std, mean, std


def train_test_split(X, y, test_fraction=0.25, seed=0):
    """Split the examples at random into a training part and a test part.

    The rows are put in a random order (a permutation drawn with ``seed``); the first
    ``round(test_fraction · n)`` of them, kept between 1 and n-1, form the test set
    and the rest the training set. Each row of X stays with its own y.

    Parameters
    ----------
    X : array of shape (n, d)
    y : array of shape (n,)
    test_fraction : float, default 0.25
        The share of examples held out for testing, 0 < test_fraction < 1.
    seed : int or None, default 0
        Seed of the random permutation.

    Returns
    -------
    X_train, X_test, y_train, y_test
        Copies of the rows of X and y (dtypes kept), in the shuffled order.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2:
        if X.ndim == 1:
            raise ValueError(_("X must be 2-D with shape (n, d), got shape {shape}: pass one "
                               "row per example (for one feature use X.reshape(-1, 1)).")
                             .format(shape=X.shape))
        raise ValueError(_("X must be 2-D with shape (n, d), got shape {shape}: pass one "
                           "row per example.").format(shape=X.shape))
    if y.ndim != 1:
        raise ValueError(_("y must be 1-D with shape (n,), got shape {shape}: pass one "
                           "target per example (y.ravel() flattens a column).")
                         .format(shape=y.shape))
    n = X.shape[0]
    if y.shape[0] != n:
        raise ValueError(_("X has {n} rows but y has {m} entries: pass one target per row "
                           "of X.").format(n=n, m=y.shape[0]))
    if n < 2:
        raise ValueError(_("Need at least 2 examples to split into training and test sets, "
                           "got {n}: pass more data.").format(n=n))
    test_fraction = validate_real(test_fraction, "test_fraction", 0, strict=True)
    if test_fraction >= 1:
        raise ValueError(_("test_fraction must be < 1, got {value}: pass a share such as "
                           "0.25 (a quarter of the examples for testing).")
                         .format(value=test_fraction))
    rng = np.random.default_rng(validate_seed(seed))

    n_test = min(max(round(test_fraction * n), 1), n - 1)
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
