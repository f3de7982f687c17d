"""Checkers and figures of notebooks 05 (logistic regression) and 06 (softmax regression).

Every checker: a right answer gives ✓, a wrong one ✗ with a hint, a stub "not attempted yet".
"""
import numpy as np
import pytest
from matplotlib.figure import Figure

import gdlib
from gdlib import data, descent, exercises, linear, logistic, plots, softmax

from .exercise_helpers import assert_not_yet, assert_wrong, stub


@pytest.fixture(scope="module")
def cancer():
    bc = data.load_breast_cancer(features=("mean radius", "mean texture"))
    return data.standardize(bc.X)[0], bc.y


# --- gradient exercises (the shared checker on the two models of these notebooks) -------------

def logistic_gradient(X, y, w, b):
    r = logistic.sigmoid(X @ w + b) - y
    return X.T @ r / len(y), r.mean()


def softmax_gradient(X, y, W, b):
    R = softmax.softmax(X @ W + b) - softmax.one_hot(y, W.shape[1])
    return X.T @ R / len(y), R.mean(axis=0)


def slide_softmax_gradient(X, y, W, b):
    """The slide's formula read literally: y_k − [y = k] with the one-hot y_k."""
    Y = softmax.one_hot(y, W.shape[1])
    return X.T @ (Y - Y), (Y - Y).sum(axis=0)


def test_gradient_exercises():
    assert exercises.check_gradient_function(logistic, logistic_gradient)
    assert exercises.check_gradient_function(softmax, softmax_gradient)
    assert_wrong(exercises.check_gradient_function(
        logistic, lambda X, y, w, b: tuple(-g for g in logistic_gradient(X, y, w, b))))
    assert_wrong(exercises.check_gradient_function(softmax, slide_softmax_gradient),
                 "y_k where ŷ_k is meant")
    assert_not_yet(exercises.check_gradient_function(softmax, stub))


def test_gradient_checker_names_the_slips_of_05_and_06():
    """The squared-error habit (an extra σ′) and the sum form are named; so is the slide's y_k."""
    def with_sigma_prime(X, y, w, b):
        y_hat = logistic.sigmoid(X @ w + b)
        r = (y_hat - y) * y_hat * (1 - y_hat)
        return X.T @ r / len(y), r.mean()

    def summed(X, y, W, b):
        return tuple(len(y) * g for g in softmax_gradient(X, y, W, b))

    assert_wrong(exercises.check_gradient_function(logistic, with_sigma_prime),
                 "σ′(z) = ŷ(1 − ŷ)", "squared error")
    assert_wrong(exercises.check_gradient_function(softmax, summed),
                 "n times too large")
    assert_wrong(exercises.check_gradient_function(softmax, slide_softmax_gradient),
                 "gradient is zero", "y_k")


def test_the_slides_softmax_gradient_is_zero_and_flagged():
    iris = data.load_iris()
    W, b = 0.1 * np.ones((4, 3)), np.zeros(3)
    dW, db = slide_softmax_gradient(iris.X, iris.y, W, b)
    assert not dW.any() and not db.any()
    assert gdlib.check_gradient(softmax, iris.X, iris.y, W, b, slide_softmax_gradient) == 1.0


# --- notebook 05 ------------------------------------------------------------------------------

def test_check_bias_only(cancer):
    _, y = cancer
    p = y.mean()
    assert exercises.check_bias_only(np.log(p / (1 - p)), y)
    assert_wrong(exercises.check_bias_only(p, y), "share of class 1", "invert σ")
    assert_wrong(exercises.check_bias_only(-np.log(p / (1 - p)), y), "wrong sign")
    assert_wrong(exercises.check_bias_only(3.0, y), "σ(b) − ȳ")
    assert_wrong(exercises.check_bias_only(3.0, y), "log(p / (1 − p))")
    assert_not_yet(exercises.check_bias_only(None, y))
    assert not exercises.check_bias_only("one", y)


def test_growth_prediction(cancer):
    X, y = cancer
    per_alpha = exercises.first_loss(logistic, X, y, 1e4) / 1e4
    assert exercises.check_growth_prediction(1e5 * per_alpha, 100, X, y)
    assert_wrong(exercises.check_growth_prediction(1e4 * per_alpha, 100, X, y),
                 "logistic", "-90%")
    assert_wrong(exercises.check_growth_prediction(1e5 * per_alpha, 10, X, y),
                 "10-fold")
    assert_not_yet(exercises.check_growth_prediction(None, None, X, y))


def test_feature_pair_accepts_any_good_pair_and_reports_the_test_accuracy():
    full = data.load_breast_cancer()
    good = exercises.check_feature_pair(("worst area", "worst concave points"), full)
    assert good and "test accuracy" in good.message
    assert exercises.check_feature_pair(("worst perimeter", "worst smoothness"), full)
    assert_wrong(exercises.check_feature_pair(("mean radius", "mean texture"), full),
                 "0.2685", "not yet below 0.15")
    for bad in [("mean radius",), ("mean radius", "mean radius"), ("radius", "texture"), 3]:
        assert not exercises.check_feature_pair(bad, full)
    assert_not_yet(exercises.check_feature_pair(None, full))


def test_cross_entropy_loss_grows_in_proportion_to_a_large_alpha(cancer):
    X, y = cancer
    first = lambda a: gdlib.descend(logistic, X, y, lr=a, epochs=1, seed=0).losses[1] / a
    assert first(1e3) == pytest.approx(first(1e4), rel=1e-3)
    lin = lambda a: gdlib.descend(linear, X, y, lr=a, epochs=1, seed=0).losses[1] / a**2
    assert lin(1e3) == pytest.approx(lin(1e4), rel=1e-2)   # the squared error: ∝ α²


# --- notebook 06 ------------------------------------------------------------------------------

def stable_softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def test_check_softmax_function():
    assert exercises.check_softmax_function(stable_softmax)
    naive = lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert_wrong(exercises.check_softmax_function(naive), "overflows", "Hint 1/2")
    assert_wrong(exercises.check_softmax_function(naive), "Hint 2/2", "largest logit")
    by_column = lambda Z: stable_softmax(Z.T).T
    assert_wrong(exercises.check_softmax_function(by_column), "sum to 1")
    assert_wrong(exercises.check_softmax_function(lambda Z: Z[:, :2]), "shape")
    assert_not_yet(exercises.check_softmax_function(stub))


def test_softmax_gradient_hints_climb_a_ladder_and_never_give_the_code():
    """First wrong answer: what is wrong and a vague hint; then more concrete ones; ✓ resets."""
    summed = lambda X, y, W, b: tuple(len(y) * g for g in softmax_gradient(X, y, W, b))
    texts = [exercises.check_gradient_function(softmax, summed).message for _ in range(4)]
    assert all("n times too large" in t for t in texts)           # the slip, every time
    assert [t.count(f"Hint {k}/3") for k, t in enumerate(texts[:3], 1)] == [1, 1, 1]
    assert "Hint 3/3" in texts[3]                                  # the last rung stays
    assert "XᵀR / n" in texts[2] and "XᵀR / n" not in texts[0]     # concrete only later
    assert not any("return" in t or "def " in t for t in texts)    # never the code
    assert exercises.check_gradient_function(softmax, softmax_gradient)
    assert "Hint 1/3" in exercises.check_gradient_function(softmax, summed).message
    # the ladder is per exercise: the logistic gradient starts at its first hint
    assert "Hint 1/2" in exercises.check_gradient_function(
        logistic, lambda X, y, w, b: tuple(-g for g in logistic_gradient(X, y, w, b))).message


def test_check_two_class_softmax():
    right = lambda W, b: (W[:, 1] - W[:, 0], b[1] - b[0])
    assert exercises.check_two_class_softmax(right)
    swapped = lambda W, b: (W[:, 0] - W[:, 1], b[0] - b[1])
    assert not exercises.check_two_class_softmax(swapped)
    assert "P(class 0)" in exercises.check_two_class_softmax(swapped).message
    assert_wrong(exercises.check_two_class_softmax(lambda W, b: (W[:, 1], b[1])))
    assert not exercises.check_two_class_softmax(lambda W, b: W)
    assert_not_yet(exercises.check_two_class_softmax(stub))


# --- figures --------------------------------------------------------------------------------

def test_logistic_probabilities_counts_the_mistakes(cancer):
    X, y = cancer
    h = gdlib.descend(logistic, X, y, lr=1.0, epochs=200)
    fig = plots.logistic_probabilities(X, y, h.w, h.b, names=("malignant", "benign"))
    assert isinstance(fig, Figure) and len(fig.axes) == 3        # two panels and a colorbar
    wrong = int(np.sum((logistic.predict(X, h.w, h.b) >= 0.5) != (y == 1)))
    assert f"{wrong} of {len(y)}" in fig.axes[1].get_title()
    fig.canvas.draw()


def test_lr_blowup_draws(cancer):
    X, y = cancer
    fig = plots.lr_blowup(X, y, multiples=[0.5, 2.0, 1e4], epochs=10)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    fig.canvas.draw()


def test_softmax_example_shows_the_loss():
    z = np.array([2.0, 1.0, -1.0])
    fig = plots.softmax_example(z, 0, names=("a", "b", "c"))
    loss = softmax.loss([[1.0]], [0], z[None, :], np.zeros(3))   # x = 1 gives logits z
    assert f"{loss:.3f}" in fig.axes[1].get_title()
    fig.canvas.draw()


def test_digit_examples_draws():
    X, y = data.load_digits()
    fig = plots.digit_examples(X[:4] / 16, y[:4], np.array([0, 1, 2, 0]))
    assert len(fig.axes) == 4
    fig.canvas.draw()


def test_budget_challenge_accepts_any_good_answer_and_names_what_fails():
    digits = data.load_digits()
    X, y = digits.X[:400] / 16, digits.y[:400]
    check = lambda lr, epochs, bs=None: exercises.check_budget_challenge(
        softmax, X, y, lr, epochs, bs, target=0.1, max_updates=100)
    assert check(8.0, 100) and check(8.0, 50, 200)                 # GD, and SGD (2 per epoch)
    assert_wrong(check(2.0, 40), "not yet below 0.1")
    assert_wrong(check(8.0, 10, 32), "130 updates", "over the budget")
    assert_wrong(check(1e6, 50), "diverged")
    assert_not_yet(check(None, None))
    assert not check(-1.0, 10) and not check(1.0, 2.5) and not check(1.0, 10, 0)


# --- issue 17 (items 20–23) -------------------------------------------------------------------

def global_shift_softmax(Z):
    """Shifted by the largest logit of the whole matrix: stable near 1000, but a row 1000
    below that maximum underflows to 0/0."""
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=1, keepdims=True)


def test_a_shift_by_the_global_maximum_fails_on_rows_far_apart():
    with np.errstate(all="ignore"):
        far = np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 999.0]])
        assert np.isnan(global_shift_softmax(far)).any()              # the failure is real
    assert np.allclose(global_shift_softmax(np.array([[1000.0, 999.0], [998.0, 1001.0]])),
                       stable_softmax(np.array([[1000.0, 999.0], [998.0, 1001.0]])))
    feedback = exercises.check_softmax_function(global_shift_softmax)
    assert_wrong(feedback, "1000 apart", "whole matrix", "Hint 1/2")
    assert_wrong(exercises.check_softmax_function(global_shift_softmax), "Hint 2/2",
                 "axis=1")
    ok = exercises.check_softmax_function(stable_softmax)
    assert ok and "rows 1000 apart" in ok.message


def test_softmax_slips_start_their_own_ladders():
    naive = lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    exercises.check_softmax_function(naive)
    exercises.check_softmax_function(naive)
    first = exercises.check_softmax_function(global_shift_softmax)
    assert "Hint 1/2" in first.message and "whole matrix" in first.message


def test_answers_in_other_natural_forms_pass():
    assert exercises.check_two_class_softmax(lambda W, b: [W[:, 1] - W[:, 0], b[1] - b[0]])
    einsum = lambda X, y, W, b: [np.einsum("nd,nk->dk", X, softmax.softmax(X @ W + b)
                                           - softmax.one_hot(y, W.shape[1])) / len(y),
                                 (softmax.softmax(X @ W + b)
                                  - softmax.one_hot(y, W.shape[1])).mean(axis=0)]
    assert exercises.check_gradient_function(softmax, einsum)
    transposed = lambda X, y, w, b: (((logistic.sigmoid(X @ w + b) - y) @ X).T / len(y),
                                     np.mean(logistic.sigmoid(X @ w + b) - y))
    assert exercises.check_gradient_function(logistic, transposed)
    assert exercises.check_softmax_function(
        lambda Z: np.exp(Z.T - Z.max(axis=1)).T / np.exp(Z.T - Z.max(axis=1)).sum(axis=0)[:, None])


def test_bias_only_slips_are_named_on_the_first_miss(cancer):
    _, y = cancer
    p = y.mean()
    first = exercises.check_bias_only(p, y)
    assert_wrong(first, "Hint 1/1", "share of class 1")
    assert "log(p / (1 − p))" not in first.message
