"""The three neurons: predictions, losses and gradients against finite differences."""
import types

import numpy as np
import pytest
from hypothesis import given, strategies as st

import gdlib
from gdlib import linear, logistic, softmax
from gdlib.model import Model, neuron_gradient

MODELS = [linear, logistic, softmax]


def random_problem(model, n, d, K, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if model is softmax:
        return X, rng.integers(0, K, n), scale * rng.standard_normal((d, K)), \
            scale * rng.standard_normal(K)
    y = rng.standard_normal(n) if model is linear else rng.integers(0, 2, n)
    return X, y, scale * rng.standard_normal(d), float(scale * rng.standard_normal())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@given(n=st.integers(1, 12), d=st.integers(1, 5), K=st.integers(2, 5),
       seed=st.integers(0, 2**31 - 1))
def test_gradient_matches_central_differences(model, n, d, K, seed):
    X, y, w, b = random_problem(model, n, d, K, seed)
    assert gdlib.check_gradient(model, X, y, w, b) < 1e-6


@pytest.mark.parametrize("K", [3, 4, 7])
def test_softmax_gradient_with_many_classes(K):
    X, y, w, b = random_problem(softmax, 30, 4, K, seed=K)
    assert gdlib.check_gradient(softmax, X, y, w, b) < 1e-7


@pytest.mark.parametrize("model", [logistic, softmax], ids=lambda m: m.name)
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_extreme_logits_give_finite_correct_loss_and_gradient(model, sign):
    # logits of ±1e4: naive log(σ(z)) or exp(z) would give inf / nan here.
    X = np.array([[1.0], [2.0], [-1.0]])
    y = np.array([1, 0, 1])
    if model is logistic:
        w, b = np.array([sign * 1e4]), 0.0
        z = X[:, 0] * w[0]
        expected = np.mean(np.where(y == 1, np.maximum(-z, 0), np.maximum(z, 0)))
    else:
        w, b = np.array([[0.0, sign * 1e4, -sign * 1e4]]), np.zeros(3)
        Z = X @ w
        expected = np.mean(Z.max(axis=1) - Z[np.arange(3), y])   # exact up to e^-1e4
    L = model.loss(X, y, w, b)
    dw, db = model.gradient(X, y, w, b)
    assert np.isfinite(L) and np.all(np.isfinite(dw)) and np.all(np.isfinite(db))
    assert L == pytest.approx(expected, rel=1e-12)
    assert gdlib.check_gradient(model, X, y, w, b, eps=1e-3) < 1e-6


@given(z=st.floats(-1e4, 1e4))
def test_sigmoid_is_stable_and_in_unit_interval(z):
    s = logistic.sigmoid(np.array([z]))[0]
    assert 0.0 <= s <= 1.0
    assert s == pytest.approx(1 / (1 + np.exp(-z)) if z > -700 else 0.0, abs=1e-15)


def test_linear_formulas_by_hand():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = np.array([1.0, 2.0, 3.0])
    w, b = np.array([0.5, -1.0]), 2.0
    yhat = np.array([0.5, -0.5, -1.5])
    r = yhat - y
    np.testing.assert_allclose(linear.predict(X, w, b), yhat)
    assert linear.loss(X, y, w, b) == pytest.approx(np.sum(r**2) / 6)
    dw, db = linear.gradient(X, y, w, b)
    # The lecture's per-example sums, divided by n.
    np.testing.assert_allclose(dw, [sum(r[i] * X[i, j] for i in range(3)) / 3 for j in range(2)])
    assert db == pytest.approx(r.mean())


def test_logistic_loss_matches_textbook_formula(rng):
    X, y, w, b = random_problem(logistic, 50, 3, 2, seed=1)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert logistic.loss(X, y, w, b) == pytest.approx(bce, rel=1e-12)
    np.testing.assert_allclose(logistic.predict(X, w, b), p, rtol=1e-12)


def test_softmax_predict_rows_sum_to_one_and_loss_matches_formula():
    X, y, w, b = random_problem(softmax, 40, 3, 4, seed=2)
    P = softmax.predict(X, w, b)
    assert P.shape == (40, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    assert softmax.loss(X, y, w, b) == pytest.approx(-np.mean(np.log(P[np.arange(40), y])))
    dw, db = softmax.gradient(X, y, w, b)
    Y = softmax.one_hot(y, 4)
    np.testing.assert_allclose(dw, X.T @ (P - Y) / 40)
    np.testing.assert_allclose(db, (P - Y).mean(axis=0))


def test_check_gradient_catches_a_wrong_gradient():
    X, y, w, b = random_problem(softmax, 20, 3, 3, seed=3)

    def slide_gradient(X, y, w, b):   # the slide's typo: y_k instead of ŷ_k
        Y = softmax.one_hot(y, w.shape[1])
        return X.T @ (Y - Y) / len(y), (Y - Y).mean(axis=0)

    assert gdlib.check_gradient(softmax, X, y, w, b, gradient=slide_gradient) > 0.1


def test_models_do_not_mutate_their_inputs():
    X, y, w, b = random_problem(softmax, 10, 2, 3, seed=4)
    copies = [a.copy() for a in (X, y, w, b)]
    softmax.gradient(X, y, w, b)
    gdlib.check_gradient(softmax, X, y, w, b)
    for a, c in zip((X, y, w, b), copies):
        np.testing.assert_array_equal(a, c)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
@given(n=st.integers(1, 12), d=st.integers(1, 5), K=st.integers(2, 5),
       seed=st.integers(0, 2**31 - 1), scale=st.sampled_from([1.0, 1e2, 1e4]))
def test_one_pass_loss_and_gradient_match_the_separate_ones(model, n, d, K, seed, scale):
    """GD's shared forward pass (loss_and_gradient_from_logits) gives the same numbers as
    loss_from_logits and gradient_from_logits, also for extreme logits."""
    X, y, w, b = random_problem(model, n, d, K, seed, scale=scale)
    X, y, w, b = model.validate_all(X, y, w, b)
    z = model.logits(X, w, b)
    loss, (gw, gb) = model.loss_and_gradient_from_logits(X, z, y)
    gw_ref, gb_ref = model.gradient_from_logits(X, z, y)
    assert loss == pytest.approx(model.loss_from_logits(z, y), rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(gw, gw_ref, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(gb, gb_ref, rtol=1e-12, atol=1e-300)


def test_logistic_loss_is_exact_for_confident_predictions():
    """No cancellation: a right answer at logit ±40 costs log(1 + e^-40) ≈ 4.2e-18, not 0."""
    z, y = np.array([40.0, -40.0]), np.array([1.0, 0.0])
    assert logistic.loss_from_logits(z, y) == pytest.approx(np.log1p(np.exp(-40.0)), rel=1e-12)


@pytest.mark.parametrize("model", [linear, logistic, softmax, gdlib.network],
                         ids=lambda m: m.name)
def test_every_model_meets_the_contract_and_its_kernels_give_the_checked_numbers(model):
    """gdlib.model.Model is the one list of what descend needs; the private kernels it
    calls give exactly what the checked loss and gradient give students."""
    assert isinstance(model, Model)
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((20, 3)), rng.integers(0, 3, 20)
    if model is linear:
        y = rng.standard_normal(20)
    if model is logistic:
        y = y % 2
    X, y = model.validate_data(X, y)
    params = list(model.init_params(X, y, rng))
    loss, grads = model._loss_and_gradient_unchecked(X, y, params)
    assert loss == model._loss_unchecked(X, y, params)
    checked = (model.gradient(X, y, params) if model is gdlib.network
               else model.gradient(X, y, *params))
    assert len(grads) == len(checked) == len(params)
    for g, g_sep, g_checked, p in zip(grads, model._gradient_unchecked(X, y, params),
                                      checked, params):
        assert np.shape(g) == np.shape(p)
        np.testing.assert_array_equal(g, g_sep)
        np.testing.assert_array_equal(g, g_checked)
    assert all(0 <= i < len(params) for i in model.WEIGHTS)


@pytest.mark.parametrize("missing", ["_loss_unchecked", "_gradient_unchecked",
                                     "_loss_and_gradient_unchecked", "validate_all",
                                     "validate_data", "init_params", "WEIGHTS"])
def test_descend_refuses_a_module_without_part_of_the_contract(missing):
    fake = types.ModuleType("fake")
    fake.__dict__.update({k: v for k, v in vars(linear).items()
                          if not k.startswith("__") and k != missing})
    X, y = np.array([[0.0], [1.0]]), np.array([0.0, 1.0])
    with pytest.raises(TypeError, match="one of the gdlib models"):
        gdlib.descend(fake, X, y, lr=0.1, epochs=1)
    fake.__dict__[missing] = getattr(linear, missing)          # complete again: accepted
    assert gdlib.descend(fake, X, y, lr=0.1, epochs=1).updates == 1


def test_the_neuron_gradient_is_one_formula():
    """∇_w L = Xᵀ(ŷ − y)/n, ∇_b L = mean(ŷ − y): ∂L/∂b a float for one output, else (K,)."""
    X, r = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0.5, -1.5])
    dw, db = neuron_gradient(X, r)
    np.testing.assert_array_equal(dw, [(0.5 - 4.5) / 2, (1.0 - 6.0) / 2])
    assert type(db) is float and db == -0.5
    dW, db = neuron_gradient(X, np.c_[r, 2 * r])
    np.testing.assert_array_equal(dW, np.c_[dw, 2 * dw])
    np.testing.assert_array_equal(db, [-0.5, -1.0])
def test_log_sum_exp_is_exact_where_the_textbook_formula_overflows():
    Z = np.array([[0.5, -1.0, 2.0], [1000.0, 0.0, -1000.0], [-800.0, -800.0, -801.0]])
    lse = softmax.log_sum_exp(Z)
    assert lse.shape == (3,)
    assert lse[0] == pytest.approx(np.log(np.exp(Z[0]).sum()), rel=1e-15)
    assert lse[1] == 1000.0                                   # e^1000 overflows; this does not
    assert lse[2] == pytest.approx(-800.0 + np.log(2 + np.exp(-1.0)), rel=1e-15)  # e^-800 = 0
    with np.errstate(over="ignore"):
        assert np.isinf(np.log(np.exp(Z[1]).sum()))           # what the shift avoids


def test_log_sum_exp_of_a_stack_is_that_of_each_matrix_and_shares_the_softmax():
    """loss_path feeds a (T, n, K) stack, the losses an (n, K) matrix: the same numbers."""
    Z = 30 * np.random.default_rng(5).standard_normal((4, 6, 3))
    stack = softmax.log_sum_exp(Z)
    assert stack.shape == (4, 6)
    for t in range(4):
        np.testing.assert_array_equal(stack[t], softmax.log_sum_exp(Z[t]))
        lse, P = softmax.log_sum_exp(Z[t], return_softmax=True)
        np.testing.assert_array_equal(lse, stack[t])
        np.testing.assert_array_equal(P, softmax.softmax(Z[t]))
        np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)


def test_optimum_is_the_least_squares_point_of_a_one_feature_neuron():
    X, y = gdlib.data.make_line(n=40, seed=0)
    w_bar, b_bar = linear.optimum(X, y)
    w, b = linear.least_squares(X, y)
    assert (w_bar, b_bar) == (w[0], b)
    dw, db = linear.gradient(X, y, [w_bar], b_bar)             # the minimum: ∇L = 0
    assert abs(dw[0]) < 1e-12 and abs(db) < 1e-12
    X2 = np.c_[X, X ** 2]
    with pytest.raises(ValueError, match=r"one feature, got 2\. For d features use "
                                         r"least_squares\(X, y\)"):
        linear.optimum(X2, y)
