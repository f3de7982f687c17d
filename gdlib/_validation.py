"""Input validation (``validate_*``), done once at the boundary of every public function.

Each ``validate_*`` returns a clean float64 (or int64) array, or raises a
``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, wrong
value) whose message says what was wrong *and* how to fix it.
"""
from __future__ import annotations

import numbers

import numpy as np

from .i18n import _


def _as_numeric_array(a, name):
    """Convert ``a`` to a numpy array of numbers, or raise a TypeError."""
    if isinstance(a, (str, bytes)):
        raise TypeError(_("{name} must be an array of numbers, got a string {value}: "
                          "pass a numpy array, e.g. np.asarray(values, dtype=float).")
                        .format(name=name, value=repr(a)))
    try:
        arr = np.asarray(a)
    except (ValueError, TypeError) as err:  # ragged lists
        raise TypeError(_("{name} could not be turned into an array ({error}): "
                          "pass a rectangular numpy array of numbers.")
                        .format(name=name, error=err)) from None
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(_("{name} must hold real numbers, got dtype {dtype}: "
                          "convert it with np.asarray({name}, dtype=float).")
                        .format(name=name, dtype=arr.dtype))
    return arr


def _validate_finite(arr, name):
    if not np.all(np.isfinite(arr)):
        if arr.ndim == 0:
            raise ValueError(_("{name} contains NaN or inf: remove or impute those "
                               "values before training.").format(name=name))
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(_("{name} contains NaN or inf (first at index {index}): remove or "
                           "impute those values before training.")
                         .format(name=name, index=tuple(int(i) for i in bad)))


def validate_X(X, name="X"):
    """Features: a finite float array of shape (n, d) with n, d >= 1."""
    X = _as_numeric_array(X, name)
    if X.ndim != 2:
        if X.ndim == 1:
            raise ValueError(_("{name} must be 2-D with shape (n, d), got shape {shape}. "
                               "For a single feature use {name}.reshape(-1, 1).")
                             .format(name=name, shape=X.shape))
        raise ValueError(_("{name} must be 2-D with shape (n, d), got shape {shape}.")
                         .format(name=name, shape=X.shape))
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(_("{name} must have at least one row and one column, got shape "
                           "{shape}.").format(name=name, shape=X.shape))
    X = X.astype(np.float64, copy=False)
    _validate_finite(X, name)
    return X


def validate_targets(y, n, name="y"):
    """Real targets (linear neuron): finite floats of shape (n,)."""
    y = _as_numeric_array(y, name)
    if y.shape != (n,):
        raise ValueError(_("{name} must have shape ({n},) to match X's {n} rows, got "
                           "shape {shape}. Use {name}.ravel() if it is a column.")
                         .format(name=name, n=n, shape=y.shape))
    y = y.astype(np.float64, copy=False)
    _validate_finite(y, name)
    return y


def validate_labels(y, n, K, name="y"):
    """Class labels: whole numbers in [0, K) of shape (n,), returned as int64."""
    y = _as_numeric_array(y, name)
    if y.shape != (n,):
        raise ValueError(_("{name} must have shape ({n},) to match X's {n} rows, got "
                           "shape {shape}. Pass integer labels, not one-hot rows.")
                         .format(name=name, n=n, shape=y.shape))
    _validate_finite(y, name)
    if np.any(y != np.round(y)):
        raise ValueError(_("{name} must hold whole-number class labels, got values such "
                           "as {value}: use labels 0, 1, ..., K-1.")
                         .format(name=name, value=y[y != np.round(y)][0]))
    if y.size and (y.min() < 0 or y.max() >= K):
        raise ValueError(_("{name} must hold labels in [0, {K}), found labels from "
                           "{low} to {high}: map your classes to 0, ..., {last}.")
                         .format(name=name, K=K, low=f"{y.min():g}", high=f"{y.max():g}",
                                 last=K - 1))
    return y.astype(np.int64, copy=False)


def validate_weights(w, shape, name="w"):
    """Weights of an exact shape, finite floats."""
    w = _as_numeric_array(w, name)
    if w.shape != shape:
        raise ValueError(_("{name} must have shape {shape} to match the data, got shape "
                           "{got}.").format(name=name, shape=shape, got=w.shape))
    w = w.astype(np.float64, copy=False)
    _validate_finite(w, name)
    return w


def validate_bias(b, shape=(), name="b"):
    """Bias: a finite float (shape ()) or a vector of one bias per class."""
    if shape == ():
        if isinstance(b, bool) or not isinstance(b, (numbers.Real, np.ndarray)):
            raise TypeError(_("{name} must be a real number, got {type}: pass e.g. "
                              "{name}=0.0.").format(name=name, type=type(b).__name__))
        b = _as_numeric_array(b, name)
        if b.shape not in ((), (1,)):
            raise ValueError(_("{name} must be a single number for this model, got shape "
                               "{shape}.").format(name=name, shape=b.shape))
        _validate_finite(b, name)
        return float(b.reshape(()))
    return validate_weights(b, shape, name)


def validate_positive(value, name, hint):
    """A finite real number > 0 (learning rate, tolerance...).

    ``hint`` (how to fix it) is shown as given: pass it translated, ``_("...")``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(_("{name} must be a real number, got {type}: {hint}")
                        .format(name=name, type=type(value).__name__, hint=hint))
    if not np.isfinite(value) or value <= 0:
        raise ValueError(_("{name} must be a finite number > 0, got {value}: {hint}")
                         .format(name=name, value=repr(value), hint=hint))
    return float(value)


def describe(value):
    """A short description of a value for an error message: its repr and its type."""
    if isinstance(value, np.ndarray):
        return _("an array of shape {shape}").format(shape=value.shape)
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def validate_int(value, name, low, high=None, hint=""):
    """A whole number in [low, high] (no upper bound for high=None), returned as an int.

    ``hint`` (how to fix it) is shown as given: pass it translated, ``_("...")``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        example = low
        if isinstance(value, numbers.Real) and np.isfinite(value):
            example = max(low, round(value))
        message = _("{name} must be an integer, got {value}: pass a whole number such as "
                    "{name}={example}.").format(name=name, value=describe(value),
                                                example=example)
        raise TypeError(f"{message} {hint}".rstrip())
    value = int(value)
    if value < low or (high is not None and value > high):
        if high is None:
            message = _("{name} must be an integer >= {low}, got {value}.")
        else:
            message = _("{name} must be between {low} and {high}, got {value}.")
        message = message.format(name=name, low=low, high=high, value=value)
        raise ValueError(f"{message} {hint}".rstrip())
    return value


def validate_real(value, name, low=None, strict=False):
    """A finite real number (>= low, or > low when strict), returned as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(_("{name} must be a real number, got {value}: pass a number such "
                          "as {name}=1.0.").format(name=name, value=describe(value)))
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(_("{name} must be a finite number, got {value}: pass a finite "
                           "value.").format(name=name, value=value))
    if low is not None and (value <= low if strict else value < low):
        sign = ">" if strict else ">="
        raise ValueError(_("{name} must be {sign} {low}, got {value}: pass {name} {sign} "
                           "{low}.").format(name=name, sign=sign, low=low, value=value))
    return value


def validate_fraction(value, name, hint):
    """A decay rate such as β, ρ or β₁: a real number in [0, 1), returned as a float.

    ``hint`` (how to fix it) is shown as given: pass it translated, ``_("...")``.
    """
    value = validate_real(value, name)
    if not 0.0 <= value < 1.0:
        raise ValueError(_("{name} must be in [0, 1), got {value}: {hint}")
                         .format(name=name, value=repr(value), hint=hint))
    return value


def validate_seed(seed):
    """A seed for np.random.default_rng: None (fresh randomness) or an int >= 0."""
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(_("seed must be an int or None, got {value}: pass e.g. seed=0 "
                          "(the same seed always gives the same data).")
                        .format(value=describe(seed)))
    if seed < 0:
        raise ValueError(_("seed must be a non-negative int or None, got {value}: pass "
                           "seed >= 0.").format(value=seed))
    return int(seed)


def validate_range(value, name):
    """A pair (low, high) of finite numbers with low < high."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(_("{name} must be a pair (low, high), got {value}: pass e.g. "
                          "{name}=(-2, 2).").format(name=name, value=describe(value)))
    low = validate_real(value[0], f"{name}[0]")
    high = validate_real(value[1], f"{name}[1]")
    if not low < high:
        example = (high, low) if low > high else (low, low + 1)
        raise ValueError(_("{name} must satisfy low < high, got {value}: pass e.g. "
                           "{name}={example}.").format(name=name, value=tuple(value),
                                                       example=example))
    return low, high
