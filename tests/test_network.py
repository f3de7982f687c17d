"""The two-layer network: backpropagation against finite differences, and training it."""
import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

import gdlib
from gdlib import data, network, softmax


def random_params(d, h, K, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return [scale * rng.standard_normal((d, h)), scale * rng.standard_normal(h),
            scale * rng.standard_normal((h, K)), scale * rng.standard_normal(K)]


def random_problem(n, d, h, K, seed, scale=1.0):
    rng = np.random.default_rng(seed + 1)
    return rng.standard_normal((n, d)), rng.integers(0, K, n), random_params(d, h, K, seed,
                                                                             scale)


@pytest.fixture(scope="module")
def moons():
    X, y = data.make_moons(n=200, noise=0.15, seed=0)
    return data.standardize(X)[0], y


def accuracy(model, X, y, params):
    P = model.predict(X, params) if model is network else model.predict(X, *params)
    return np.mean(P.argmax(axis=1) == y)


# --- the model, by hand and against finite differences ----------------------------------------

@given(n=st.integers(1, 12), d=st.integers(1, 4), h=st.integers(1, 6),
       seed=st.integers(0, 2**31 - 1))
def test_gradient_matches_central_differences_two_classes(n, d, h, seed):
    X, y, params = random_problem(n, d, h, 2, seed)
    assert gdlib.check_gradient(network, X, y, params) < 1e-6


@given(n=st.integers(1, 12), d=st.integers(1, 4), h=st.integers(1, 6), K=st.integers(3, 6),
       seed=st.integers(0, 2**31 - 1))
def test_gradient_matches_central_differences_many_classes(n, d, h, K, seed):
    X, y, params = random_problem(n, d, h, K, seed)
    assert gdlib.check_gradient(network, X, y, params) < 1e-6


def test_forward_pass_by_hand():
    X = np.array([[1.0, -2.0], [0.5, 0.0], [0.0, 3.0]])
    y = np.array([0, 2, 1])
    W1, b1, W2, b2 = random_params(2, 3, 3, seed=7)
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2 + b2
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(network.predict(X, [W1, b1, W2, b2]), P, rtol=1e-12)
    assert network.loss(X, y, [W1, b1, W2, b2]) == pytest.approx(
        -np.mean(np.log(P[np.arange(3), y])), rel=1e-12)
    np.testing.assert_array_equal(network.classify(X, [W1, b1, W2, b2]), P.argmax(axis=1))


def test_backpropagation_is_the_chain_rule_written_out():
    """Per example and per weight, with loops: the formulas of the module docstring."""
    X, y, params = random_problem(5, 3, 4, 3, seed=2)
    W1, b1, W2, b2 = params
    Y = softmax.one_hot(y, 3)
    n, d, h, K = 5, 3, 4, 3
    dW1, db1, dW2, db2 = np.zeros((d, h)), np.zeros(h), np.zeros((h, K)), np.zeros(K)
    for i in range(n):
        a = X[i] @ W1 + b1
        H = np.tanh(a)
        z = H @ W2 + b2
        e = np.exp(z - z.max())
        delta2 = e / e.sum() - Y[i]                          # ∂ℓ/∂z_k = ŷ_k − y_k
        delta1 = np.array([sum(delta2[k] * W2[j, k] for k in range(K)) * (1 - H[j] ** 2)
                           for j in range(h)])               # ∂ℓ/∂a_j
        dW2 += np.outer(H, delta2) / n
        db2 += delta2 / n
        dW1 += np.outer(X[i], delta1) / n
        db1 += delta1 / n
    for got, expected in zip(network.gradient(X, y, params), [dW1, db1, dW2, db2]):
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-14)


def test_output_layer_gradient_is_the_softmax_neurons_on_H():
    X, y, params = random_problem(20, 3, 5, 4, seed=3)
    H = np.tanh(X @ params[0] + params[1])
    dW2, db2 = softmax.gradient(H, y, params[2], params[3])
    grads = network.gradient(X, y, params)
    np.testing.assert_allclose(grads[2], dW2, rtol=1e-12)
    np.testing.assert_allclose(grads[3], db2, rtol=1e-12, atol=1e-15)


def test_loss_and_gradient_in_one_pass_equals_the_separate_kernels():
    X, y, params = random_problem(30, 2, 6, 3, seed=4)
    L, grads = network._loss_and_gradient_unchecked(X, y, params)
    assert L == network._loss_unchecked(X, y, params)
    for a, b in zip(grads, network._gradient_unchecked(X, y, params)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_huge_weights_give_a_finite_exact_loss_and_gradient(sign):
    """Saturated tanh and logits of ±1e4: no overflow, the loss from the logits."""
    X = np.array([[1.0], [2.0], [-1.0]])
    y = np.array([1, 0, 1])
    params = [np.array([[sign * 1e4, 1.0]]), np.zeros(2),
              np.array([[0.0, 1e4], [0.0, -1e4]]), np.zeros(2)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L = network.loss(X, y, params)
        grads = network.gradient(X, y, params)
    H = np.tanh(X @ params[0])
    Z = H @ params[2]
    expected = np.mean(Z.max(axis=1) - Z[np.arange(3), y])
    assert np.isfinite(L) and L == pytest.approx(expected, rel=1e-12)
    assert all(np.all(np.isfinite(g)) for g in grads)


def test_loss_path_follows_a_trajectory(moons):
    X, y = moons
    h = gdlib.descend(network, X, y, lr=0.5, epochs=12, batch_size=50, seed=1, hidden=5)
    path = network.loss_path(X, y, h.trajectory)
    np.testing.assert_allclose(path, h.losses, rtol=1e-12)
    X_val, y_val = data.make_moons(n=40, seed=9)
    t = 7
    theta_t = [p[t] for p in h.trajectory]
    assert network.loss_path(X_val, y_val, h.trajectory)[t] == pytest.approx(
        network.loss(X_val, y_val, theta_t), rel=1e-12)


def test_swapping_two_hidden_units_changes_theta_but_not_the_function():
    X, y, params = random_problem(15, 3, 5, 3, seed=8)
    twin = network.swap_units(params, 1, 3)
    assert not np.array_equal(twin[0], params[0])
    np.testing.assert_array_equal(twin[0][:, [3, 1]], params[0][:, [1, 3]])
    np.testing.assert_array_equal(twin[2][[3, 1]], params[2][[1, 3]])
    np.testing.assert_allclose(network.predict(X, twin), network.predict(X, params), rtol=1e-12)
    assert network.loss(X, y, twin) == pytest.approx(network.loss(X, y, params), rel=1e-12)


def test_flipping_a_unit_flips_its_weights_in_and_out_but_not_the_function():
    X, y, params = random_problem(15, 3, 5, 3, seed=8)
    twin = network.flip_unit(params, 2)
    np.testing.assert_array_equal(twin[0][:, 2], -params[0][:, 2])
    assert twin[1][2] == -params[1][2]
    np.testing.assert_array_equal(twin[2][2], -params[2][2])
    keep = [0, 1, 3, 4]
    np.testing.assert_array_equal(twin[0][:, keep], params[0][:, keep])
    np.testing.assert_array_equal(twin[3], params[3])
    np.testing.assert_allclose(network.predict(X, twin), network.predict(X, params), rtol=1e-12)
    assert params[0][0, 2] == random_params(3, 5, 3, seed=8)[0][0, 2]     # input left alone


def brute_force_assignment(cost):
    n = len(cost)
    return min(sum(cost[r, p[r]] for r in range(n)) for p in itertools.permutations(range(n)))


@given(n=st.integers(1, 6), seed=st.integers(0, 2**31 - 1), ties=st.booleans())
def test_assignment_is_the_cheapest_permutation(n, seed, ties):
    rng = np.random.default_rng(seed)
    cost = (rng.integers(0, 3, (n, n)).astype(float) if ties      # many equal costs
            else rng.standard_normal((n, n)))
    order = network._assignment(cost)
    assert sorted(order) == list(range(n))
    assert cost[np.arange(n), order].sum() == pytest.approx(brute_force_assignment(cost), abs=1e-9)


@given(h=st.integers(1, 7), seed=st.integers(0, 2**31 - 1))
def test_match_units_undoes_any_relabelling_and_sign_flips(h, seed):
    X, y, params = random_problem(10, 3, h, 2, seed)
    rng = np.random.default_rng(seed)
    order, signs = rng.permutation(h), rng.choice([-1.0, 1.0], h)
    W1, b1, W2, b2 = params
    scrambled = [W1[:, order] * signs, b1[order] * signs, W2[order] * signs[:, None], b2]
    np.testing.assert_allclose(network.predict(X, scrambled), network.predict(X, params),
                               rtol=1e-10)
    matched = network.match_units(scrambled, params)
    for got, want in zip(matched, params):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_match_units_keeps_the_function_and_finds_the_nearest_relabelling():
    X, y, a = random_problem(12, 2, 4, 3, seed=3)
    b = random_params(2, 4, 3, seed=4)
    matched = network.match_units(b, a)
    np.testing.assert_allclose(network.predict(X, matched), network.predict(X, b), rtol=1e-10)

    def distance(p):
        return sum(np.sum((x - r) ** 2) for x, r in zip(p, a))
    every = []                                     # all 4! · 2⁴ equivalent networks
    W1, b1, W2, b2 = b
    for order in itertools.permutations(range(4)):
        for signs in itertools.product([-1.0, 1.0], repeat=4):
            signs = np.array(signs)
            order = list(order)
            every.append(distance([W1[:, order] * signs, b1[order] * signs,
                                   W2[order] * signs[:, None], b2]))
    assert distance(matched) == pytest.approx(min(every), rel=1e-12)
    assert distance(matched) < distance(b)


def test_two_seeds_on_the_moons_differ_much_less_once_their_units_are_matched(moons):
    """Notebook 08, section 5: ‖W₁(seed 0) − W₁(seed 1)‖ / ‖W₁(seed 0)‖ is 1.27 as
    trained and 0.42 once seed 1's units are relabelled and sign-flipped onto seed 0's."""
    X, y = moons
    a, b = (gdlib.descend(network, X, y, lr=3.0, epochs=1000, seed=s, hidden=16).params
            for s in (0, 1))
    matched = network.match_units(b, a)
    np.testing.assert_allclose(network.predict(X, matched), network.predict(X, b), atol=1e-12)
    raw = np.linalg.norm(a[0] - b[0]) / np.linalg.norm(a[0])
    after = np.linalg.norm(a[0] - matched[0]) / np.linalg.norm(a[0])
    assert f"{raw:.2f}" == "1.27"
    assert f"{after:.2f}" == "0.42"


def test_the_explorer_of_notebook_08_as_it_opens(moons):
    """Notebook 08's 'what to try': with the explorer's defaults the validation loss stays
    below the training loss for the whole run and the validation accuracy is 100 %; at
    α near 0.01 (the two slider values around it) the loss falls from 0.56 to about 0.4
    in the 150 epochs, above the single neuron's 0.31."""
    import inspect
    from gdlib import widgets
    X, y = moons
    defaults = {k: p.default for k, p in
                inspect.signature(widgets.network_explorer).parameters.items()}
    assert (defaults["lr"], defaults["epochs"], defaults["hidden"]) == (1.5, 150, 16)
    X_tr, X_val, y_tr, y_val = data.train_test_split(X, y, test_fraction=0.3, seed=0)
    assert (len(y_tr), len(y_val)) == (140, 60)
    run = gdlib.descend(network, X_tr, y_tr, lr=defaults["lr"], epochs=defaults["epochs"],
                        seed=defaults["seed"], hidden=defaults["hidden"])
    val = network.loss_path(X_val, y_val, run.trajectory)
    assert np.all(val < run.losses)
    assert np.mean(network.classify(X_val, run.params) == y_val) == 1.0
    neuron = gdlib.descend(softmax, X, y, lr=1.0, epochs=500, seed=0)
    assert f"{neuron.losses[-1]:.2f}" == "0.31"
    step = 0.05                                       # the α slider's step in log10
    exponents = np.log10(defaults["lr"]) + step * np.arange(-60, 41)
    near = sorted(10.0 ** exponents, key=lambda a: abs(np.log10(a) + 2))[:2]
    for lr in near:
        slow = gdlib.descend(network, X_tr, y_tr, lr=lr, epochs=defaults["epochs"],
                             seed=defaults["seed"], hidden=defaults["hidden"])
        assert f"{slow.losses[0]:.2f}" == "0.56"
        assert 0.38 < slow.losses[-1] < 0.42 and slow.losses[-1] > neuron.losses[-1]


def test_match_units_says_what_is_wrong():
    a = random_params(2, 4, 2, seed=0)
    with pytest.raises(ValueError, match="same shapes.*hidden=h"):
        network.match_units(random_params(2, 5, 2, seed=1), a)
    with pytest.raises(TypeError, match=r"list \[W1, b1, W2, b2\]"):
        network.match_units(a[:3], a)
    with pytest.raises(ValueError, match=r"W1 must have shape \(d, h\) = \(2, h\)"):
        network.match_units(random_params(3, 4, 2, seed=1), a)


# --- bad input -----------------------------------------------------------------------------

def test_bad_parameters_are_named():
    X, y, params = random_problem(6, 2, 3, 2, seed=0)
    W1, b1, W2, b2 = params
    with pytest.raises(TypeError, match=r"list \[W1, b1, W2, b2\]"):
        network.loss(X, y, [W1, b1, W2])
    with pytest.raises(TypeError, match=r"list \[W1, b1, W2, b2\]"):
        network.predict(X, W1)
    with pytest.raises(ValueError, match=r"W1 must have shape \(d, h\) = \(2, h\)"):
        network.loss(X, y, [W1.T, b1, W2, b2])
    with pytest.raises(ValueError, match=r"b1 must have shape \(3,\)"):
        network.loss(X, y, [W1, b2, W2, b2])
    with pytest.raises(ValueError, match=r"W2 must have shape \(h, K\) = \(3, K\)"):
        network.loss(X, y, [W1, b1, W2[:2], b2])
    with pytest.raises(ValueError, match="K >= 2"):
        network.loss(X, y, [W1, b1, W2[:, :1], b2[:1]])
    with pytest.raises(ValueError, match="W2 contains NaN"):
        network.gradient(X, y, [W1, b1, np.full_like(W2, np.nan), b2])
    with pytest.raises(ValueError, match=r"labels in \[0, 2\)"):
        network.loss(X, np.r_[y[:-1], 2], params)
    with pytest.raises(ValueError, match="2-D"):
        network.predict(X[:, 0], params)


def test_hidden_option_is_checked():
    X, y = data.make_moons(n=20)
    with pytest.raises(ValueError, match="hidden must be"):
        gdlib.descend(network, X, y, lr=0.1, epochs=2, hidden=0)
    with pytest.raises(TypeError, match="hidden must be an integer"):
        gdlib.descend(network, X, y, lr=0.1, epochs=2, hidden=2.5)
    with pytest.raises(TypeError, match="takes only hidden"):
        gdlib.descend(network, X, y, lr=0.1, epochs=2, width=3)


# --- gradient checks of the whole θ list, for every model --------------------------------------

def test_check_gradient_takes_params_as_one_list_for_every_model():
    X, y, params = random_problem(10, 3, 4, 3, seed=5)
    W, b = params[2][:3], params[3]
    assert gdlib.check_gradient(softmax, X, y, [W, b]) < 1e-6
    assert gdlib.check_gradient(softmax, X, y, W, b) < 1e-6


def test_check_gradient_flags_a_wrong_backward_pass():
    X, y, params = random_problem(10, 2, 4, 2, seed=6)

    def no_tanh_derivative(X, y, params):    # forgets the factor 1 − H² in Δ₁
        W1, b1, W2, b2 = params
        H = np.tanh(X @ W1 + b1)
        D2 = softmax.softmax(H @ W2 + b2) - softmax.one_hot(y, 2)
        D1 = D2 @ W2.T
        n = len(y)
        return [X.T @ D1 / n, D1.mean(axis=0), H.T @ D2 / n, D2.mean(axis=0)]

    assert gdlib.check_gradient(network, X, y, params, gradient=no_tanh_derivative) > 1e-3
    good = lambda X, y, p: network.gradient(X, y, p)
    assert gdlib.check_gradient(network, X, y, params, gradient=good) < 1e-6
    with pytest.raises(TypeError, match="list of 4 arrays"):
        gdlib.check_gradient(network, X, y, params, gradient=lambda X, y, p: p[0])
    with pytest.raises(ValueError, match="shapes"):
        gdlib.check_gradient(network, X, y, params,
                             gradient=lambda X, y, p: [g.T for g in network.gradient(X, y, p)])
    with pytest.raises(TypeError, match="as one list params"):
        gdlib.check_gradient(network, X, y, params[0])


# --- training it with gdlib.descend ---------------------------------------------------------

def test_a_hidden_layer_separates_the_moons_where_one_neuron_cannot(moons):
    X, y = moons
    neuron = gdlib.descend(softmax, X, y, lr=1.0, epochs=3000, seed=0, trajectory=False)
    assert softmax.gradient(X, y, neuron.w, neuron.b)[0] == pytest.approx(0, abs=1e-4)
    assert 0.80 < accuracy(softmax, X, y, neuron.params) <= 0.88
    net = gdlib.descend(network, X, y, lr=5.0, epochs=1000, seed=0, hidden=16,
                        trajectory=False)
    assert not net.diverged and accuracy(network, X, y, net.params) >= 0.97


def test_minibatch_sgd_trains_the_network_too(moons):
    X, y = moons
    h = gdlib.descend(network, X, y, lr=5.0, epochs=100, batch_size=20, seed=0, hidden=16,
                      trajectory=False)
    assert h.updates == 100 * 10 and accuracy(network, X, y, h.params) >= 0.97


def test_history_params_is_the_list_of_four_arrays(moons):
    X, y = moons
    h = gdlib.descend(network, X, y, lr=0.1, epochs=5, seed=0, hidden=7)
    assert isinstance(h.params, list) and [p.shape for p in h.params] == \
        [(2, 7), (7,), (7, 2), (2,)]
    assert [p.shape for p in h.trajectory] == [(6, 2, 7), (6, 7), (6, 7, 2), (6, 2)]
    for path, p in zip(h.trajectory, h.params):
        np.testing.assert_array_equal(path[-1], p)
    assert h.w is h.params[0] and h.b is h.params[1]


def test_each_gd_update_is_theta_minus_alpha_times_the_gradient(moons):
    X, y = moons
    h = gdlib.descend(network, X, y, lr=0.3, epochs=3, seed=2, hidden=4)
    for t in range(3):
        theta = [p[t] for p in h.trajectory]
        for p_next, p, g in zip([p[t + 1] for p in h.trajectory], theta,
                                network.gradient(X, y, theta)):
            np.testing.assert_allclose(p_next, p - 0.3 * g, rtol=1e-12, atol=1e-15)


def test_the_random_start_has_the_documented_scale():
    X = np.zeros((3, 400))
    y = np.array([0, 1, 2])
    W1, b1, W2, b2 = network.init_params(X, y, np.random.default_rng(0), hidden=300)
    assert W1.std() == pytest.approx(1 / np.sqrt(400), rel=0.02)
    assert W2.std() == pytest.approx(1 / np.sqrt(300), rel=0.1)
    assert not b1.any() and not b2.any()


@pytest.mark.parametrize("batch_size", [None, 16])
def test_same_seed_same_run_other_seed_other_run(moons, batch_size):
    X, y = moons
    run = lambda seed: gdlib.descend(network, X, y, lr=0.5, epochs=20, batch_size=batch_size,
                                     seed=seed, hidden=8)
    a, b, c = run(3), run(3), run(4)
    np.testing.assert_array_equal(a.losses, b.losses)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.params[0], c.params[0])


def test_params0_gives_the_whole_start(moons):
    X, y = moons
    start = random_params(2, 3, 2, seed=0, scale=0.5)
    h = gdlib.descend(network, X, y, lr=0.1, epochs=2, params0=start)
    for path, p in zip(h.trajectory, start):
        np.testing.assert_array_equal(path[0], p)


def test_an_all_zero_start_keeps_the_hidden_units_equal(moons):
    X, y = moons
    zero = [np.zeros((2, 5)), np.zeros(5), np.zeros((5, 2)), np.zeros(2)]
    h = gdlib.descend(network, X, y, lr=0.5, epochs=200, params0=zero)
    W1, b1, W2, b2 = h.params
    assert np.ptp(W1, axis=1).max() == 0 and np.ptp(b1) == 0 and np.ptp(W2, axis=0).max() == 0


@pytest.mark.parametrize("batch_size", [None, 10])
def test_too_large_a_learning_rate_is_reported_as_diverged(moons, batch_size):
    X, y = moons
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = gdlib.descend(network, X, y, lr=1e4, epochs=200, batch_size=batch_size, seed=0)
    assert h.diverged and "diverged" in h.status


def test_tolerance_stops_the_network_when_the_gradient_is_small(moons):
    X, y = moons
    h = gdlib.descend(network, X, y, lr=0.5, epochs=20000, tol=0.05, seed=0, hidden=4)
    grads = network.gradient(X, y, h.params)
    assert h.converged and h.updates < 20000
    assert np.sqrt(sum(np.sum(g**2) for g in grads)) < 0.05
