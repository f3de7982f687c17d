"""Bad input gets a clear ValueError / TypeError that says what is wrong and how to fix it."""
import numpy as np
import pytest

import gdlib
from gdlib import linear, logistic, softmax

X = np.arange(12.0).reshape(6, 2)
y_reg = np.linspace(0, 1, 6)
y_bin = np.array([0, 1, 0, 1, 1, 0])
y_cls = np.array([0, 1, 2, 0, 1, 2])
W3, B3 = np.zeros((2, 3)), np.zeros(3)


def call(which, **overrides):
    y = {linear: y_reg, logistic: y_bin, softmax: y_cls}[which]
    args = dict(model=which, X=X, y=y, lr=0.1, epochs=2)
    args.update(overrides)
    return gdlib.descend(args.pop("model"), args.pop("X"), args.pop("y"), **args)


@pytest.mark.parametrize("kwargs,error,match", [
    (dict(X=np.arange(6.0)), ValueError, r"2-D.*reshape\(-1, 1\)"),
    (dict(X=X[:5]), ValueError, r"shape \(5,\) to match"),
    (dict(y=y_reg[:, None]), ValueError, r"shape \(6,\).*ravel"),
    (dict(X=np.where(X == 3, np.nan, X)), ValueError, r"NaN or inf.*index \(1, 1\)"),
    (dict(y=np.r_[y_reg[:5], np.inf]), ValueError, r"NaN or inf"),
    (dict(X=X.astype(str)), TypeError, r"real numbers.*dtype=float"),
    (dict(X=X.astype(object)), TypeError, r"real numbers"),
    (dict(y="abc"), TypeError, r"string"),
    (dict(X=[[1.0, 2.0], [3.0]]), TypeError, r"rectangular"),
    (dict(lr=0.0), ValueError, r"lr must be a finite number > 0"),
    (dict(lr=-1.0), ValueError, r"lr must be"),
    (dict(lr=np.nan), ValueError, r"lr must be"),
    (dict(lr="0.1"), TypeError, r"lr must be a real number"),
    (dict(epochs=0), ValueError, r"epochs must be an integer >= 1"),
    (dict(epochs=2.5), TypeError, r"epochs must be an integer"),
    (dict(batch_size=0), ValueError, r"batch_size must be between 1 and 6"),
    (dict(batch_size=7), ValueError, r"batch_size must be between 1 and 6"),
    (dict(batch_size=True), TypeError, r"batch_size must be an integer"),
    (dict(seed=-1), ValueError, r"seed"),
    (dict(seed="a"), TypeError, r"seed"),
    (dict(tol=0.0), ValueError, r"tol"),
    (dict(w0=np.zeros(3)), ValueError, r"w must have shape \(2,\)"),
    (dict(b0="x"), TypeError, r"b must be a real number"),
    (dict(b0=np.zeros(2)), ValueError, r"b must be a single number"),
    (dict(model=np), TypeError, r"gdlib.linear, gdlib.logistic, gdlib.softmax"),
    (dict(model="linear"), TypeError, r"must be one of the gdlib models"),
])
def test_descend_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        call(linear, **kwargs)


@pytest.mark.parametrize("y,match", [
    (np.array([0, 1, 2, 0, 1, 0]), r"labels in \[0, 2\).*map your classes"),
    (np.array([0, 1, 0.5, 0, 1, 0]), r"whole-number"),
    (np.array([0, 1, -1, 0, 1, 0]), r"labels in \[0, 2\)"),
])
def test_logistic_rejects_labels_out_of_range(y, match):
    with pytest.raises(ValueError, match=match):
        call(logistic, y=y)
    with pytest.raises(ValueError, match=match):
        logistic.loss(X, y, np.zeros(2), 0.0)


def test_softmax_rejects_bad_labels_and_shapes():
    with pytest.raises(ValueError, match=r"labels in \[0, 3\)"):
        softmax.gradient(X, np.array([0, 1, 3, 0, 1, 2]), W3, B3)
    with pytest.raises(ValueError, match=r"single class"):
        call(softmax, y=np.zeros(6, dtype=int))
    with pytest.raises(ValueError, match=r"\(d, K\) = \(2, K\)"):
        softmax.predict(X, np.zeros(2), B3)
    with pytest.raises(ValueError, match=r"b must have shape \(3,\)"):
        softmax.loss(X, y_cls, W3, np.zeros(2))
    with pytest.raises(ValueError, match=r"one-hot"):
        softmax.loss(X, np.eye(3)[y_cls], W3, B3)
    with pytest.raises(ValueError, match=r"labels in \[0, 3\)"):
        call(softmax, y=np.array([0, 1, 3, 0, 1, 2]), w0=W3, b0=B3)


@pytest.mark.parametrize("fn", [linear.predict, logistic.predict, softmax.predict])
def test_predict_rejects_nan_and_wrong_shapes(fn):
    w = W3 if fn is softmax.predict else np.zeros(2)
    b = B3 if fn is softmax.predict else 0.0
    with pytest.raises(ValueError, match="NaN"):
        fn(np.array([[np.nan, 1.0]]), w, b)
    with pytest.raises(ValueError, match="2-D"):
        fn(np.zeros((2, 2, 2)), w, b)


def test_check_gradient_rejects_bad_gradients():
    with pytest.raises(TypeError, match="pair"):
        gdlib.check_gradient(linear, X, y_reg, np.zeros(2), 0.0, gradient=lambda *a: 1.0)
    with pytest.raises(ValueError, match="must match w"):
        gdlib.check_gradient(linear, X, y_reg, np.zeros(2), 0.0,
                             gradient=lambda *a: (np.zeros(3), 0.0))
    with pytest.raises(TypeError, match="function"):
        gdlib.check_gradient(linear, X, y_reg, np.zeros(2), 0.0, gradient=3)
    with pytest.raises(ValueError, match="eps"):
        gdlib.check_gradient(linear, X, y_reg, np.zeros(2), 0.0, eps=-1.0)
