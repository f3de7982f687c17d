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

from .exercise_helpers import assert_not_yet, assert_ok, assert_wrong, stub


@pytest.fixture(scope="module")
def line():
    return data.make_line(n=40, seed=0)


# --- notebook 03 ---------------------------------------------------------------------------

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


def test_sgd_epoch_hints_climb_a_ladder():
    from gdlib.exercises import sgd as sgd_exercises
    unshuffled = epoch_variant(shuffle=False)
    rungs = sgd_exercises.HINTS["sgd_epoch"]["shuffle"]
    texts = [exercises.check_sgd_epoch(unshuffled).message for _ in range(3)]
    assert all("without shuffling" in text for text in texts)
    assert rungs[0] in texts[0] and rungs[1] in texts[1] and rungs[1] in texts[2]
    assert_ok(exercises.check_sgd_epoch(sgd_epoch))
    assert rungs[0] in exercises.check_sgd_epoch(unshuffled).message


def test_sgd_epoch_matches_descend_and_names_the_slips():
    assert_ok(exercises.check_sgd_epoch(sgd_epoch))
    assert_wrong(exercises.check_sgd_epoch(epoch_variant(shuffle=False)), "without shuffling")
    assert_wrong(exercises.check_sgd_epoch(full_batch), "one GD step")
    assert_wrong(exercises.check_sgd_epoch(epoch_variant(total=True)), "summed", "Hint 1/2")
    assert_wrong(exercises.check_sgd_epoch(epoch_variant(drop_last=True)),
                 "last, smaller minibatch")
    assert_not_yet(exercises.check_sgd_epoch(stub))
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
    assert_ok(exercises.check_gradient_noise(expected, X, y))
    assert_wrong(exercises.check_gradient_noise(0.0, X, y), "full gradient")
    assert_wrong(exercises.check_gradient_noise(np.mean(r**2), X, y), "only the b part")
    assert_wrong(exercises.check_gradient_noise(1.0, X, y), "least_squares")
    assert_not_yet(exercises.check_gradient_noise(None, X, y))
    assert not exercises.check_gradient_noise("big", X, y).ok


# --- notebook 04 ---------------------------------------------------------------------------

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
    assert_ok(exercises.check_raw_units(right))
    assert_wrong(exercises.check_raw_units(b_unchanged), "b is not")
    assert_wrong(exercises.check_raw_units(times_std), "multiplied by s_j")
    assert_wrong(exercises.check_raw_units(lambda w, b, mean, std: (w, b)), "unchanged")
    other = lambda w, b, mean, std: (w / std ** 2, b)
    assert_wrong(exercises.check_raw_units(other), "Hint 1/2")
    assert_wrong(exercises.check_raw_units(other), "w_j / s_j", "Hint 2/2")
    assert_not_yet(exercises.check_raw_units(stub))
    shape = exercises.check_raw_units(lambda w, b, mean, std: (w[:1], b))
    assert not shape.ok and "shape" in repr(shape)


def test_gradient_exercise_of_notebook_04():
    vectorised = lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y))
    slide = lambda X, y, w, b: (X.T @ (X @ w + b - y), np.sum(X @ w + b - y))
    assert_ok(exercises.check_gradient_function(linear, vectorised))
    assert_wrong(exercises.check_gradient_function(linear, slide), "divide by n")


def test_gradient_checker_names_the_linear_neurons_slips():
    """The slide's sum form, the missing ½ and the wrong sign are named, not a generic hint."""
    mean = lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y))
    scaled = lambda c: (lambda X, y, w, b: tuple(c * g for g in mean(X, y, w, b)))
    assert_wrong(exercises.check_gradient_function(linear, scaled(12)), "n times too large",
                 "sum form")                                 # problem() has n = 12
    assert_wrong(exercises.check_gradient_function(linear, scaled(2)), "twice", "½")
    assert_wrong(exercises.check_gradient_function(linear, scaled(-1)), "wrong sign")
    other = exercises.check_gradient_function(linear, scaled(3))
    assert_wrong(other)
    assert "times too large" not in repr(other)                    # no slip made up


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


def test_sum_form_prediction():
    X, y = data.load_diabetes(features="bmi")
    X = data.standardize(X)[0]
    check = lambda p, a: exercises.check_sum_form_prediction(p, a, X, y, alpha_sum=0.005)
    assert_ok(check("diverges", 442 * 0.005))                      # α = 2.21 > α_crit = 2
    assert_wrong(check("converges", 442 * 0.005), "but the run diverges")
    assert_wrong(check("diverges", 32 * 0.005), "not the mean-form α")
    assert not check(None, 2.21).ok and "converges" in check(None, 2.21).message
    assert_not_yet(check(None, None))
    small = exercises.check_sum_form_prediction("converges", 442 * 0.004, X, y, alpha_sum=0.004)
    assert_ok(small)                                               # α = 1.77 < 2


def test_fast_fit_accepts_any_whitening_and_rejects_shortcuts():
    dia = data.load_diabetes()

    def whiten(X):
        Xc = X - X.mean(axis=0)
        lam, V = np.linalg.eigh(Xc.T @ Xc / len(X))
        return Xc @ V / np.sqrt(lam)

    check = lambda f, lr=1.0, epochs=1: exercises.check_fast_fit(f, lr, epochs, dia.X, dia.y)
    assert_ok(check(whiten))
    assert_ok(check(lambda X: whiten(X)[:, ::-1], lr=0.9, epochs=10))   # any order, any α that works
    standardised = lambda X: data.standardize(X)[0]
    assert_wrong(check(standardised, lr=0.45, epochs=10), "target")  # κ = 470: too slow
    assert_wrong(check(lambda X: whiten(X)[:, :5]), "lost information")
    leak = check(lambda X: np.c_[whiten(X), dia.y])
    assert not leak.ok and "leak" in leak.message
    assert not check(whiten, epochs=11).ok and not check(whiten, lr=-1.0).ok
    assert_not_yet(exercises.check_fast_fit(whiten, None, None, dia.X, dia.y))


def test_feature_scaling_draws_each_run_on_its_own_map():
    x, y = data.load_diabetes(features="bmi")
    xs = data.standardize(x)[0]
    crit = linear.critical_learning_rate(x)
    h_raw = gdlib.descend(linear, x, y, lr=0.9 * crit, epochs=50, w0=[0.0], b0=0.0)
    h_std = gdlib.descend(linear, xs, y, lr=1.0, epochs=1, w0=[0.0], b0=0.0)
    fig = plots.feature_scaling(x, y, raw=h_raw, standardised=h_std)
    for ax, h in zip(fig.axes, [h_raw, h_std]):
        drawn = [ln.get_xydata() for ln in ax.lines]
        assert any(d.shape == (h.updates + 1, 2) and np.allclose(d, np.c_[h.ws[:, 0], h.bs])
                   for d in drawn), "the run's whole path is on its map"
        assert f"{h.updates} update" in ax.get_title()
    fig.canvas.draw()


def test_paths_side_by_side_puts_each_path_on_its_own_panel(line):
    X, y = line
    h = gdlib.descend(linear, X, y, lr=0.5, epochs=5, w0=[-2.0], b0=-3.0)
    other = (h.ws[:, 0] + 0.1, h.bs)
    fig = plots.paths_side_by_side(X, y, {"a": (h.ws[:, 0], h.bs), "b": other})
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    assert fig.axes[0].get_xlim() == fig.axes[1].get_xlim()          # the same window
    assert any(len(ln.get_xdata()) == 6 and np.allclose(ln.get_xdata(), other[0])
               for ln in fig.axes[1].lines)
    fig.canvas.draw()


def test_minibatch_spread_is_exact_and_matches_a_simulation(line):
    X, y = line
    exact = sgd_exercises.minibatch_spread(X, y, -1.0, -2.0, 16)
    rng = np.random.default_rng(0)
    draws = [linear.gradient(X[i], y[i], [-1.0], -2.0)[0][0]
             for i in (rng.choice(40, 16, replace=False) for _ in range(20000))]
    assert np.std(draws) == pytest.approx(exact, rel=0.02)
    assert sgd_exercises.minibatch_spread(X, y, -1.0, -2.0, 40) == pytest.approx(0, abs=1e-12)
    assert_ok(exercises.check_minibatch_spread(sgd_exercises.minibatch_spread(
        X, y, -1.0, -2.0, 30), X, y, -1.0, -2.0, 30))
    g = (linear.predict(X, [-1.0], -2.0) - y) * X[:, 0]
    assert_wrong(exercises.check_minibatch_spread(np.std(g) / np.sqrt(30), X, y, -1.0, -2.0, 30),
                 "with replacement")
    assert_wrong(exercises.check_minibatch_spread(1.02 * exact, X, y, -1.0, -2.0, 16),
                 "estimate")
    assert_wrong(exercises.check_minibatch_spread(7.0, X, y, -1.0, -2.0, 30), "not the spread")
    assert_not_yet(exercises.check_minibatch_spread(None, X, y, -1.0, -2.0, 30))


def test_sgd_budget_challenge():
    X, y = data.make_line(n=4000, seed=0)
    steps = lambda t: 0.1 if t < 200 else (0.02 if t < 500 else 0.004)
    assert_ok(exercises.check_sgd_budget(steps, 10, X, y))
    assert_wrong(exercises.check_sgd_budget(0.03, 40, X, y), "worst of 5 seeds")  # constant α
    assert_wrong(exercises.check_sgd_budget(0.66, None or 4000, X, y))        # GD: 2 updates
    assert_wrong(exercises.check_sgd_budget(5.0, 10, X, y), "diverged")
    bad = exercises.check_sgd_budget(0.1, 0, X, y)
    assert not bad.ok and "batch_size" in bad.message
    assert_not_yet(exercises.check_sgd_budget(None, 10, X, y))


# --- issue 17 (items 19–22) ---------------------------------------------------------------------

def test_gradient_noise_names_one_part_and_the_unsquared_norm(line):
    X, y = line
    w, b = linear.least_squares(X, y)
    r = X[:, 0] * w[0] + b - y
    assert_wrong(exercises.check_gradient_noise(np.mean(r**2 * X[:, 0]**2), X, y),
                 "only the w part")
    assert_wrong(exercises.check_gradient_noise(np.mean(np.sqrt(r**2 * X[:, 0]**2 + r**2)), X, y),
                 "not of its square")


def test_the_sum_form_slip_cites_each_neurons_own_loss():
    from gdlib import logistic, softmax
    for model, sum_form in [(linear, "½Σ(ŷ − y)²"),
                            (logistic, "−Σ(y log ŷ + (1 − y) log(1 − ŷ))"),
                            (softmax, "−Σ log ŷ_{y_i}")]:
        summed = lambda X, y, w, b, m=model: tuple(len(y) * g for g in m.gradient(X, y, w, b))
        feedback = exercises.check_gradient_function(model, summed)
        assert_wrong(feedback, sum_form, "divide by n")
        others = {"½Σ(ŷ − y)²", "−Σ(y log ŷ + (1 − y) log(1 − ŷ))", "−Σ log ŷ_{y_i}"} - {sum_form}
        assert not any(other in feedback.message for other in others)


def test_gradient_slips_climb_their_own_ladders():
    vectorised = lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y), np.mean(X @ w + b - y))
    summed = lambda X, y, w, b: tuple(len(y) * g for g in vectorised(X, y, w, b))
    flipped = lambda X, y, w, b: tuple(-g for g in vectorised(X, y, w, b))
    assert_wrong(exercises.check_gradient_function(linear, summed), "Hint 1/2")
    assert_wrong(exercises.check_gradient_function(linear, summed), "Hint 2/2")
    assert_wrong(exercises.check_gradient_function(linear, flipped), "wrong sign", "Hint 1/2")


def test_lists_and_einsum_are_accepted():
    vectorised = lambda X, y, w, b: [np.einsum("ij,i->j", X, X @ w + b - y) / len(y),
                                     np.mean(X @ w + b - y)]
    assert_ok(exercises.check_gradient_function(linear, vectorised))
    right = lambda w, b, mean, std: [w / std, b - np.einsum("j,j->", w, mean / std)]
    assert_ok(exercises.check_raw_units(right))
    assert_ok(exercises.check_sgd_epoch(lambda *args: list(sgd_epoch(*args))))
