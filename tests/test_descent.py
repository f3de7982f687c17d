"""The descent loop: GD and SGD converge, are deterministic and report divergence."""
import warnings

import numpy as np
import pytest

import gdlib
from gdlib import data, linear, logistic, softmax


def regression(n=80, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = X @ rng.standard_normal(d) + 0.7 + 0.3 * rng.standard_normal(n)
    return X, y


def blobs(K=2, n=90, seed=0):
    """K well-separated clouds (gdlib's own data: data.make_blobs)."""
    return data.make_blobs(n=n, K=K, spread=0.5, distance=4.0, seed=seed)


def test_gd_on_linear_regression_reaches_least_squares():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=0.5, epochs=2000, tol=1e-12)
    theta, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(y))], y, rcond=None)
    np.testing.assert_allclose(hist.w, theta[:-1], atol=1e-6)
    assert hist.b == pytest.approx(theta[-1], abs=1e-6)
    assert hist.converged and not hist.diverged


@pytest.mark.parametrize("model,K", [(logistic, 2), (softmax, 2), (softmax, 3), (softmax, 5)])
def test_small_step_lowers_loss_every_step_and_separates(model, K):
    X, y = blobs(K)
    hist = gdlib.descend(model, X, y, lr=0.1, epochs=300)
    assert np.all(np.diff(hist.losses) < 0)
    assert np.array_equal(model.classify(X, hist.w, hist.b), y)


def test_sgd_with_full_batch_is_exactly_gd():
    X, y = regression()
    gd = gdlib.descend(linear, X, y, lr=0.1, epochs=40, seed=3)
    sgd = gdlib.descend(linear, X, y, lr=0.1, epochs=40, seed=3, batch_size=len(y))
    np.testing.assert_array_equal(gd.losses, sgd.losses)
    np.testing.assert_array_equal(gd.ws, sgd.ws)
    np.testing.assert_array_equal(gd.w, sgd.w)
    assert gd.b == sgd.b


def test_minibatch_counts_k_updates_per_epoch_and_examples_seen():
    X, y = regression(n=50)
    hist = gdlib.descend(linear, X, y, lr=0.05, epochs=3, batch_size=16)
    k = 4                                   # ceil(50 / 16): 16 + 16 + 16 + 2
    assert hist.updates == 3 * k and hist.epochs_run == 3
    assert list(np.diff(hist.examples_seen[:k + 1])) == [16, 16, 16, 2]
    assert hist.examples_seen[-1] == 150
    np.testing.assert_allclose(hist.epochs_seen[-1], 3.0)
    assert len(hist.losses) == hist.ws.shape[0] == 3 * k + 1


def test_losses_are_full_training_loss_of_the_trajectory():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=0.1, epochs=2, batch_size=7)
    for t in [0, 5, hist.updates]:
        assert hist.losses[t] == pytest.approx(linear.loss(X, y, hist.ws[t], hist.bs[t]))


def test_update_is_simultaneous():
    # One step by hand, every parameter from the gradient at the *old* θ.
    X, y = regression(n=10, d=2)
    w0, b0 = np.array([1.0, -1.0]), 0.5
    dw, db = linear.gradient(X, y, w0, b0)
    hist = gdlib.descend(linear, X, y, lr=0.3, epochs=1, w0=w0, b0=b0)
    np.testing.assert_allclose(hist.w, w0 - 0.3 * dw)
    assert hist.b == pytest.approx(b0 - 0.3 * db)


def test_same_seed_same_history_different_seed_different_shuffle():
    X, y = regression()
    run = lambda seed: gdlib.descend(linear, X, y, lr=0.05, epochs=3, batch_size=5, seed=seed)
    a, b, c = run(7), run(7), run(8)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.ws, b.ws)
    assert not np.array_equal(a.losses, c.losses)
    # Same start, different shuffles: the first update already differs.
    w0 = np.zeros(3)
    d = gdlib.descend(linear, X, y, lr=0.05, epochs=1, batch_size=5, seed=1, w0=w0, b0=0.0)
    e = gdlib.descend(linear, X, y, lr=0.05, epochs=1, batch_size=5, seed=2, w0=w0, b0=0.0)
    assert d.losses[0] == e.losses[0] and d.losses[1] != e.losses[1]


def test_random_start_comes_from_seed_unless_given():
    X, y = regression()
    a = gdlib.descend(linear, X, y, lr=0.1, epochs=1, seed=1)
    b = gdlib.descend(linear, X, y, lr=0.1, epochs=1, seed=2)
    assert not np.array_equal(a.ws[0], b.ws[0])
    c = gdlib.descend(linear, X, y, lr=0.1, epochs=1, w0=[0.0, 1.0, 2.0], b0=3.0)
    np.testing.assert_array_equal(c.ws[0], [0.0, 1.0, 2.0])
    assert c.bs[0] == 3.0


@pytest.mark.parametrize("batch_size", [None, 4])
def test_divergence_is_reported_not_warned(batch_size):
    X, y = regression()
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # any RuntimeWarning fails the test
        hist = gdlib.descend(linear, X, y, lr=50.0, epochs=10_000, batch_size=batch_size)
    assert hist.diverged and not hist.converged
    assert hist.updates < 10_000 * (1 if batch_size is None else 20)
    assert "diverged" in hist.status and "diverged" in repr(hist)


def test_tolerance_stops_early_and_reports_convergence():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=0.5, epochs=10_000, tol=1e-4)
    assert hist.converged and hist.updates < 10_000
    assert np.linalg.norm(np.r_[linear.gradient(X, y, hist.w, hist.b)]) < 1e-4
    short = gdlib.descend(linear, X, y, lr=0.001, epochs=5, tol=1e-4)
    assert not short.converged and short.epochs_run == 5


def test_sgd_tolerance_checked_each_epoch():
    X, y = regression(n=40)
    hist = gdlib.descend(linear, X, y, lr=0.05, epochs=5000, batch_size=40 // 2, tol=1e-3)
    assert hist.converged and hist.epochs_run < 5000
    assert hist.updates == 2 * hist.epochs_run


def test_inputs_are_not_mutated():
    X, y = regression()
    w0 = np.ones(3)
    gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=8, w0=w0, b0=0.0)
    np.testing.assert_array_equal(w0, np.ones(3))
    np.testing.assert_array_equal(X, regression()[0])


def test_trajectory_can_be_skipped():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=0.1, epochs=5, trajectory=False)
    assert hist.ws is None and hist.bs is None and len(hist.losses) == 6


# --- θ as a list, schedules and optimizers (the hooks of gdlib.optimizers / schedules) -------

@pytest.mark.parametrize("model,K", [(linear, None), (logistic, 2), (softmax, 3)])
def test_history_params_is_the_list_w_b(model, K):
    X, y = regression() if K is None else blobs(K)
    hist = gdlib.descend(model, X, y, lr=0.1, epochs=4, batch_size=16)
    assert isinstance(hist.params, list) and len(hist.params) == 2
    assert hist.params[0] is hist.w and hist.params[1] is hist.b
    np.testing.assert_array_equal(hist.trajectory[0][-1], hist.w)
    np.testing.assert_array_equal(hist.trajectory[1][-1], hist.b)


def test_params0_is_the_same_start_as_w0_b0():
    X, y = regression()
    a = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=9, w0=[1.0, 2.0, 3.0], b0=-1.0)
    b = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=9,
                      params0=[np.array([1.0, 2.0, 3.0]), -1.0])
    np.testing.assert_array_equal(a.losses, b.losses)
    with pytest.raises(TypeError, match="either as params0"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=5, params0=[np.zeros(3), 0.0], w0=np.zeros(3))
    with pytest.raises(ValueError, match="list of 2 arrays"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=5, params0=[np.zeros(3)])


@pytest.mark.parametrize("batch_size", [None, 7])
def test_constant_schedule_is_exactly_the_constant_rate(batch_size):
    X, y = regression()
    a = gdlib.descend(linear, X, y, lr=0.2, epochs=6, batch_size=batch_size, seed=4)
    b = gdlib.descend(linear, X, y, lr=lambda t: 0.2, epochs=6, batch_size=batch_size, seed=4)
    np.testing.assert_array_equal(a.losses, b.losses)
    np.testing.assert_array_equal(a.ws, b.ws)
    assert np.all(a.alphas == 0.2) and len(a.alphas) == a.updates


@pytest.mark.parametrize("batch_size", [None, 7])
def test_schedule_gets_the_0_based_update_index_and_history_records_alpha_t(batch_size):
    X, y = regression()
    seen = []
    schedule = lambda t: seen.append(t) or 0.1 / (1 + t)
    hist = gdlib.descend(linear, X, y, lr=schedule, epochs=3, batch_size=batch_size)
    assert seen == list(range(hist.updates))
    np.testing.assert_allclose(hist.alphas, 0.1 / (1 + np.arange(hist.updates)))


def test_each_update_uses_its_own_alpha_t():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=lambda t: 0.1 / (1 + t), epochs=3)
    for t in range(3):           # θ^[t+1] = θ^[t] − α_t ∇L(θ^[t])
        dw, db = linear.gradient(X, y, hist.ws[t], hist.bs[t])
        np.testing.assert_allclose(hist.ws[t + 1], hist.ws[t] - 0.1 / (1 + t) * dw)
        assert hist.bs[t + 1] == pytest.approx(hist.bs[t] - 0.1 / (1 + t) * db)


@pytest.mark.parametrize("bad", [0.0, -0.1, float("nan"), float("inf"), None, "0.1"])
def test_a_schedule_that_gives_a_bad_alpha_stops_with_the_update_named(bad):
    X, y = regression()
    schedule = lambda t: 0.1 if t < 3 else bad
    with pytest.raises(ValueError, match=r"at update t = 3"):
        gdlib.descend(linear, X, y, lr=schedule, epochs=10)


def test_lr_must_be_a_number_or_a_schedule():
    X, y = regression()
    with pytest.raises(TypeError, match="schedule"):
        gdlib.descend(linear, X, y, lr=[0.1, 0.2], epochs=3)
    with pytest.raises(ValueError, match="positive"):
        gdlib.descend(linear, X, y, lr=-1.0, epochs=3)


def test_plain_gd_optimizer_is_the_default_bit_for_bit():
    from gdlib.optimizers import GD
    X, y = regression()
    for batch_size in (None, 6):
        a = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=batch_size)
        b = gdlib.descend(linear, X, y, lr=0.1, epochs=5, batch_size=batch_size, optimizer=GD())
        np.testing.assert_array_equal(a.ws, b.ws)
        np.testing.assert_array_equal(a.bs, b.bs)


@pytest.mark.parametrize("bad", ["adam", object(), 0.9])
def test_an_unknown_optimizer_is_a_clear_type_error(bad):
    X, y = regression()
    with pytest.raises(TypeError, match="gdlib.optimizers"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=bad)


def test_an_optimizer_class_instead_of_an_instance_is_named():
    from gdlib.optimizers import GD
    X, y = regression()
    with pytest.raises(TypeError, match="call it"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, optimizer=GD)


def test_model_options_are_checked():
    X, y = regression()
    with pytest.raises(TypeError, match="hidden"):
        gdlib.descend(linear, X, y, lr=0.1, epochs=3, hidden=16)


def test_diverged_status_with_a_schedule_names_the_last_alpha():
    X, y = regression()
    hist = gdlib.descend(linear, X, y, lr=lambda t: 50.0, epochs=100)
    assert hist.diverged and "α = 50 at the last update" in hist.status
