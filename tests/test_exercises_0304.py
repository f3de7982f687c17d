"""Checkers and figures of notebooks 03 (SGD) and 04 (linear regression).

Each checker: a right answer gives ✓, a wrong one ✗ with a hint that names the
slip, and an untouched stub "not attempted yet".
"""
import math

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import gdlib
from gdlib import data, exercises, linear, plots
from gdlib.exercises import sgd as sgd_exercises


@pytest.fixture(scope="module")
def line():
    return data.make_line(n=40, seed=0)


def ok(feedback):
    return feedback.ok and repr(feedback).startswith("✓")


def wrong(feedback, *words):
    text = repr(feedback)
    return (not feedback.ok and text.startswith("✗") and "Hint" in text
            and all(w in text for w in words))


def not_yet(feedback):
    return not feedback.ok and "not attempted yet" in repr(feedback)


# --- notebook 03 ---------------------------------------------------------------------------

def test_minibatch_count():
    assert ok(exercises.check_minibatches(14, 26, n=442, batch_size=32))
    assert ok(exercises.check_minibatches(4, 10, n=40, batch_size=10))
    assert ok(exercises.check_minibatches(1, 40, n=40, batch_size=40))
    assert wrong(exercises.check_minibatches(13, 26, n=442, batch_size=32), "ceil")
    assert wrong(exercises.check_minibatches(14, 32, n=442, batch_size=32), "what is left")
    assert not_yet(exercises.check_minibatches(None, None, n=442, batch_size=32))
    assert not_yet(exercises.check_minibatches(14, None, n=442, batch_size=32))


def epoch_variant(shuffle=True, total=False, drop_last=False):
    """One SGD epoch as a student might write it: right by default, or with one slip."""
    def sgd_epoch(X, y, w, b, lr, batch_size, rng):
        n = len(y)
        order = rng.permutation(n) if shuffle else np.arange(n)
        stop = n - n % batch_size if drop_last else n
        for start in range(0, stop, batch_size):
            idx = order[start:start + batch_size]
            dw, db = linear.gradient(X[idx], y[idx], w, b)
            scale = len(idx) if total else 1
            w, b = w - lr * scale * dw, b - lr * scale * db
        return w, b
    return sgd_epoch


sgd_epoch = epoch_variant()


def full_batch(X, y, w, b, lr, batch_size, rng):
    dw, db = linear.gradient(X, y, w, b)
    return w - lr * dw, b - lr * db


def stub(*args):
    raise NotImplementedError  # your code here


def test_sgd_epoch_matches_descend_and_names_the_slips():
    assert ok(exercises.check_sgd_epoch(sgd_epoch))
    assert wrong(exercises.check_sgd_epoch(epoch_variant(shuffle=False)), "rng.permutation")
    assert wrong(exercises.check_sgd_epoch(full_batch), "one GD step")
    assert wrong(exercises.check_sgd_epoch(epoch_variant(total=True)), "average")
    assert wrong(exercises.check_sgd_epoch(epoch_variant(drop_last=True)),
                 "last, smaller minibatch")
    assert not_yet(exercises.check_sgd_epoch(stub))
    crash = exercises.check_sgd_epoch(lambda *a: 1 / 0)
    assert not crash.ok and "ZeroDivisionError" in repr(crash)
    single = exercises.check_sgd_epoch(lambda *a: 3.0)
    assert not single.ok and "pair" in repr(single)


def test_the_checker_rng_is_the_one_descend_uses(line):
    """Several epochs of the reference loop, fed descend's generator, give descend's run."""
    w0, b0 = np.array([-2.0]), -3.0
    h = gdlib.descend(linear, line.X, line.y, lr=0.1, epochs=3, batch_size=7, seed=5,
                      w0=w0, b0=b0)
    rng = sgd_exercises._descend_rng(line.X, line.y, 5)
    w, b = w0, b0
    for _ in range(3):
        w, b = sgd_epoch(line.X, line.y, w, b, 0.1, 7, rng)
    np.testing.assert_allclose(np.r_[w, b], np.r_[h.w, h.b], rtol=1e-12)


def test_gradient_noise(line):
    X, y = line
    w, b = linear.least_squares(X, y)
    r = X[:, 0] * w[0] + b - y
    expected = np.mean(r**2 * X[:, 0]**2 + r**2)
    assert exercises.gradient_noise(X, y) == pytest.approx(expected, rel=1e-12)
    assert ok(exercises.check_gradient_noise(expected, X, y))
    assert wrong(exercises.check_gradient_noise(0.0, X, y), "full gradient")
    assert wrong(exercises.check_gradient_noise(np.mean(r**2), X, y), "only the b part")
    assert wrong(exercises.check_gradient_noise(1.0, X, y), "least_squares")
    assert not_yet(exercises.check_gradient_noise(None, X, y))
    assert not exercises.check_gradient_noise("big", X, y).ok


# --- notebook 04 ---------------------------------------------------------------------------

def test_sum_form_learning_rate(line):
    X, y = line
    n = len(y)
    assert ok(exercises.check_sum_form_lr(0.5 / n, X, y, alpha_mean=0.5))
    assert wrong(exercises.check_sum_form_lr(0.5 * n, X, y, alpha_mean=0.5), "divide")
    assert wrong(exercises.check_sum_form_lr(0.5, X, y, alpha_mean=0.5), "α_mean / n")
    assert not_yet(exercises.check_sum_form_lr(None, X, y, alpha_mean=0.5))
    assert not exercises.check_sum_form_lr("x", X, y, alpha_mean=0.5).ok


def test_sum_form_with_alpha_over_n_follows_the_mean_form(line):
    """The claim behind the checker: the two forms give the same trajectory."""
    X, y = line
    n, lr = len(y), 0.5
    h = gdlib.descend(linear, X, y, lr=lr, epochs=30, w0=[-2.0], b0=-3.0)
    w, b = np.array([-2.0]), -3.0
    for t in range(30):
        r = X @ w + b - y
        w, b = w - lr / n * (X.T @ r), b - lr / n * r.sum()
        np.testing.assert_allclose(np.r_[w, b], np.r_[h.ws[t + 1], h.bs[t + 1]], rtol=1e-10)


def test_raw_units():
    right = lambda w, b, mean, std: (w / std, b - np.sum(w * mean / std))
    b_unchanged = lambda w, b, mean, std: (w / std, b)
    times_std = lambda w, b, mean, std: (w * std, b - np.sum(w * mean * std))
    assert ok(exercises.check_raw_units(right))
    assert wrong(exercises.check_raw_units(b_unchanged), "b is not")
    assert wrong(exercises.check_raw_units(times_std), "w / std")
    assert not_yet(exercises.check_raw_units(stub))
    shape = exercises.check_raw_units(lambda w, b, mean, std: (w[:1], b))
    assert not shape.ok and "shape" in repr(shape)


def test_gradient_exercise_of_notebook_04():
    vectorised = lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y))
    slide = lambda X, y, w, b: (X.T @ (X @ w + b - y), np.sum(X @ w + b - y))
    assert ok(exercises.check_gradient_function(linear, vectorised))
    assert wrong(exercises.check_gradient_function(linear, slide), "divide by n")


# --- figures ---------------------------------------------------------------------------------

def scatter_offsets(ax):
    return [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]


def test_minibatch_steps_cloud_is_centred_on_the_gd_step(line):
    X, y = line
    n, lr, theta = len(y), 0.3, (-1.0, -2.0)
    gw, gb = linear.gradient(X, y, [theta[0]], theta[1])
    gd_end = np.array([theta[0] - lr * gw[0], theta[1] - lr * gb])
    fig = plots.minibatch_steps(X, y, [theta], lr, [1, n], draws=400)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    fig.canvas.draw()
    (cloud_1,), (cloud_n,) = (scatter_offsets(ax) for ax in fig.axes)
    np.testing.assert_allclose(cloud_n, np.tile(gd_end, (400, 1)), atol=1e-12)  # |B| = n: GD
    spread = cloud_1.std(axis=0)
    assert np.all(spread > 0.05)
    assert np.all(np.abs(cloud_1.mean(axis=0) - gd_end) < 4 * spread / math.sqrt(400))
    assert "k = 40" in fig.axes[0].get_title() and "k = 1" in fig.axes[1].get_title()


def test_sgd_hovering_shrinks_with_alpha(line):
    X, y = line
    fig = plots.sgd_hovering(X, y, [0.2, 0.02], batch_size=1, epochs=20)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    fig.canvas.draw()
    rms = [float(ax.get_title().split("=")[-1]) for ax in fig.axes]
    assert rms[0] > 3 * rms[1] > 0
    assert fig.axes[0].get_xlim() == fig.axes[1].get_xlim()      # the same zoom


def test_paths_on_contours(line):
    X, y = line
    h = gdlib.descend(linear, X, y, lr=0.5, epochs=5, w0=[-2.0], b0=-3.0)
    fig = plots.paths_on_contours(X, y, {"GD": (h.ws[:, 0], h.bs),
                                         "other": ([-2.0, 0.0], [-3.0, 0.0])}, title="t")
    assert isinstance(fig, Figure) and len(fig.axes) == 1
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["GD", "other"] and fig.axes[0].get_title() == "t"
