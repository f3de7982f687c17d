"""Learning-rate schedules (gdlib.schedules) and the range test (gdlib.lr_range_test)."""
import math

import numpy as np
import pytest

import gdlib
from gdlib import data, linear, schedules, softmax

from .test_descent import regression


def test_step_decay_formula():
    s = schedules.step_decay(0.2, factor=0.5, every=10)
    assert [s(t) for t in (0, 9, 10, 19, 20, 35)] == [0.2, 0.2, 0.1, 0.1, 0.05, 0.025]


def test_inverse_time_formula_halves_after_tau():
    s = schedules.inverse_time(0.3, tau=50)
    assert s(0) == 0.3 and s(50) == pytest.approx(0.15) and s(150) == pytest.approx(0.075)


def test_cosine_formula_and_its_end():
    s = schedules.cosine(0.1, total=100, alpha_min=0.01)
    assert s(0) == pytest.approx(0.1) and s(50) == pytest.approx(0.055)
    assert s(99) == pytest.approx(0.01 + 0.045 * (1 + math.cos(math.pi * 0.99)))
    assert all(s(t) > s(t + 1) > 0 for t in range(99))


def test_warmup_is_linear_then_hands_over():
    s = schedules.warmup(0.1, 4)
    assert [s(t) for t in range(6)] == pytest.approx([0.025, 0.05, 0.075, 0.1, 0.1, 0.1])
    after = schedules.step_decay(0.1, 0.5, 2)
    s = schedules.warmup(0.1, 4, then=after)
    assert [s(t) for t in range(4, 9)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_geometric_goes_from_start_to_end_in_equal_log_steps():
    s = schedules.geometric(1e-4, 1.0, 5)
    assert [s(t) for t in range(5)] == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1, 1.0])


def test_schedules_have_readable_names():
    assert "step decay" in schedules.step_decay(0.1).__name__
    assert "cosine" in schedules.cosine(0.1, 10).__name__
    assert "then cosine" in schedules.warmup(0.1, 5, then=schedules.cosine(0.1, 10)).__name__


@pytest.mark.parametrize("make,error,match", [
    (lambda: schedules.step_decay(0.0), ValueError, r"alpha0 must be a finite number > 0"),
    (lambda: schedules.step_decay(0.1, factor=2.0), ValueError, r"factor must be in \(0, 1\]"),
    (lambda: schedules.step_decay(0.1, every=0), ValueError, r"every must be"),
    (lambda: schedules.inverse_time(0.1, tau=-1), ValueError, r"tau must be"),
    (lambda: schedules.cosine(0.1, total=0), ValueError, r"total must be"),
    (lambda: schedules.cosine(0.1, 10, alpha_min=0.2), ValueError, r"alpha_min must be below"),
    (lambda: schedules.warmup(0.1, 5, then=0.05), TypeError, r"then must be a schedule"),
    (lambda: schedules.geometric(1.0, 0.1, 10), ValueError, r"alpha_end must be larger"),
    (lambda: schedules.constant("0.1"), TypeError, r"alpha0 must be a real number"),
])
def test_bad_schedule_arguments_are_named(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_a_cosine_schedule_shorter_than_the_run_stops_it_naming_the_update():
    X, y = regression()
    with pytest.raises(ValueError, match=r"total = 20 updates.*t = 20"):
        gdlib.descend(linear, X, y, lr=schedules.cosine(0.1, 20), epochs=30)


def test_history_records_the_schedule():
    X, y = regression()
    s = schedules.step_decay(0.1, 0.5, 3)
    h = gdlib.descend(linear, X, y, lr=s, epochs=10)
    np.testing.assert_array_equal(h.alphas, [s(t) for t in range(10)])


def test_a_decaying_schedule_lands_where_constant_sgd_hovers():
    """Robbins–Monro: the same budget of |B| = 1 SGD from θ̄; α_t → 0 ends much nearer θ̄."""
    X, y = data.make_line(n=40, seed=0)
    w_bar, b_bar = linear.least_squares(X, y)
    dist = lambda h: np.hypot(h.ws[-200:, 0] - w_bar[0], h.bs[-200:] - b_bar).mean()
    run = lambda lr: gdlib.descend(linear, X, y, lr=lr, epochs=50, batch_size=1, seed=1,
                                   w0=w_bar, b0=b_bar)
    constant, decayed = run(0.1), run(schedules.inverse_time(0.1, tau=40))
    assert dist(decayed) < 0.25 * dist(constant)


# --- the range test ---------------------------------------------------------------------------

def test_range_test_reads_the_linear_neuron_right():
    """On the linear neuron the loss blows up just past α_crit = 2/λ_max: the test must say so,
    and suggest an α below it that makes progress."""
    X, y = regression()
    crit = linear.critical_learning_rate(X)
    r = gdlib.lr_range_test(linear, X, y, alpha_start=1e-4, alpha_end=100.0, updates=150)
    assert r.blowup is not None and crit < r.blowup < 8 * crit
    assert 0.02 * crit < r.steepest < crit
    assert f"α ≈ {r.steepest:.2g}" in r.message and f"past α ≈ {r.blowup:.2g}" in r.message
    assert len(r.alphas) == len(r.losses) <= 150
    np.testing.assert_allclose(r.alphas[1:] / r.alphas[:-1], (1e6) ** (1 / 149))


def test_range_test_is_deterministic_and_takes_minibatches_and_optimizers():
    X, y = regression()
    runs = [gdlib.lr_range_test(linear, X, y, updates=60, batch_size=8, seed=2,
                                optimizer=gdlib.optimizers.Adam()) for _ in range(2)]
    np.testing.assert_array_equal(runs[0].losses, runs[1].losses)
    assert len(runs[0].losses) == 60 or runs[0].history.diverged


def test_range_test_that_never_blows_up_says_so():
    X, y = regression()
    r = gdlib.lr_range_test(linear, X, y, alpha_start=1e-6, alpha_end=1e-2, updates=50)
    assert r.blowup is None and "never blew up" in r.message


def test_read_curve_on_a_made_up_curve():
    alphas = np.geomspace(1e-3, 10, 81)
    falls = 1.0 / (1.0 + np.exp(-3.0 * (np.log10(alphas) + 1.0)))  # steepest at α = 0.1
    losses = np.exp(-2.0 * falls) + (alphas > 3) * 50.0
    steepest, blowup = gdlib.lr_finder.read_curve(alphas, losses)
    assert 0.05 < steepest < 0.2 and 3 <= blowup < 3.5


@pytest.mark.parametrize("kwargs,error,match", [
    (dict(updates=5), ValueError, r"updates must be"),
    (dict(alpha_start=1.0, alpha_end=0.1), ValueError, r"alpha_end must be larger"),
    (dict(batch_size=0), ValueError, r"batch_size must be between 1 and"),
])
def test_range_test_bad_input(kwargs, error, match):
    X, y = regression()
    with pytest.raises(error, match=match):
        gdlib.lr_range_test(linear, X, y, **kwargs)


def test_range_test_that_diverges_at_once_says_what_to_do():
    X, y = regression()
    with pytest.raises(ValueError, match="lower alpha_start"):
        gdlib.lr_range_test(linear, 100 * X, y, alpha_start=10.0, alpha_end=1e4, updates=50)


def test_range_test_on_digits_suggests_an_alpha_that_trains():
    d = data.load_digits()
    X = d.X / 16
    r = gdlib.lr_range_test(softmax, X, d.y, alpha_start=1e-3, alpha_end=100.0, updates=200,
                            batch_size=64)
    assert r.blowup is not None and r.steepest < r.blowup
    good = gdlib.descend(softmax, X, d.y, lr=r.steepest, epochs=3, batch_size=64)
    tiny = gdlib.descend(softmax, X, d.y, lr=r.steepest / 100, epochs=3, batch_size=64)
    assert good.losses[-1] < 0.5 * tiny.losses[-1] and not good.diverged


@pytest.mark.parametrize("bad", ["fast", object(), {"t": 0.1}])
def test_an_lr_that_is_neither_a_number_nor_a_schedule_says_what_to_pass(bad):
    X, y = regression()
    with pytest.raises(TypeError, match=r"lr must be a real number.*schedule t ↦ α_t"):
        gdlib.descend(linear, X, y, lr=bad, epochs=3)


@pytest.mark.parametrize("language, said", [("en", "after 1 update,"),
                                            ("es", "tras 1 actualización,")])
def test_range_test_that_diverges_at_its_first_update_says_1_update(language, said):
    X, y = regression()
    gdlib.set_language(language)
    try:
        with pytest.raises(ValueError) as raised:
            gdlib.lr_range_test(linear, 1e4 * X, y, alpha_start=1e3, alpha_end=1e5, updates=50)
    finally:
        gdlib.set_language("en")
    assert said in str(raised.value), str(raised.value)
