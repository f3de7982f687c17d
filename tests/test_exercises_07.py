"""Exercise checks of notebook 07 (optimizers): right answers pass, the usual slips are named."""
import re

import numpy as np
import pytest

import gdlib
from gdlib import data, exercises, linear, optimizers, quadratic, softmax
from gdlib.exercises import optimizers as ex07


def stub(*args):
    raise NotImplementedError


# --- Exercise 1: one momentum step -------------------------------------------------------------

def momentum_step(params, grads, velocity, lr, beta):
    velocity = [beta * v + g for v, g in zip(velocity, grads)]
    return [p - lr * v for p, v in zip(params, velocity)], velocity


def test_a_right_momentum_step_passes():
    assert exercises.check_momentum_step(momentum_step)


@pytest.mark.parametrize("wrong,match", [
    (lambda p, g, v, lr, b: ([x - lr * y for x, y in zip(p, g)], v), "velocity is not used"),
    (lambda p, g, v, lr, b: ([x - lr * u for x, u in zip(p, v)],
                             [b * u + y for u, y in zip(v, g)]), "old velocity"),
    (lambda p, g, v, lr, b: ([x - lr * (b * u + (1 - b) * y) for x, u, y in zip(p, v, g)], v),
     r"averaged.*\(1 − β\)"),
    (lambda p, g, v, lr, b: (momentum_step(p, g, v, lr, b)[0], v), "velocity you return"),
    (lambda p, g, v, lr, b: momentum_step(p, g, v, lr, b)[0], "return a pair"),
    (lambda p, g, v, lr, b: ([x + lr * y for x, y in zip(p, g)], v), "does not match"),
    (stub, "not attempted yet"),
])
def test_momentum_step_slips_are_named(wrong, match):
    feedback = exercises.check_momentum_step(wrong)
    assert not feedback and feedback.message and re.search(match, feedback.message)


def test_the_momentum_check_does_not_let_the_student_change_its_reference():
    def mutating(params, grads, velocity, lr, beta):
        for g in grads:
            g *= 0                              # in place: must not fool the check
        return momentum_step(params, grads, velocity, lr, beta)
    assert not exercises.check_momentum_step(mutating)


# --- Exercise 2: β from κ ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def valley():
    return data.make_line(n=40, seed=0, x_range=(1, 5))


def test_beta_star_passes_and_beats_the_default(valley):
    X, y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    root = np.sqrt(lam[1] / lam[0])
    feedback = exercises.check_beta_from_kappa(((root - 1) / (root + 1)) ** 2, X, y)
    assert feedback and "β = 0.9 leaves" in feedback.message


def test_the_rate_instead_of_beta_and_other_numbers_are_named(valley):
    X, y = valley
    _, _, rho = quadratic.optimal_momentum(np.linalg.eigvalsh(linear.hessian(X)))
    assert "square of the rate" in exercises.check_beta_from_kappa(rho, X, y).message
    assert "not β* yet" in exercises.check_beta_from_kappa(0.9, X, y).message
    assert "not attempted" in exercises.check_beta_from_kappa(None, X, y).message
    assert "should be a number" in exercises.check_beta_from_kappa("abc", X, y).message


def test_the_valley_runs_really_differ(valley):
    """β* is better than 0.9 at α* by orders of magnitude (what the check reports)."""
    X, y = valley
    lr, beta, _ = quadratic.optimal_momentum(np.linalg.eigvalsh(linear.hessian(X)))
    best = ex07._valley_run(X, y, lr, beta, 60, (1.0, -2.0))
    default = ex07._valley_run(X, y, lr, 0.9, 60, (1.0, -2.0))
    assert 0 < best < default / 100


# --- Exercise 3: Adam's bias correction --------------------------------------------------------

def test_the_right_bias_correction_passes():
    assert exercises.check_bias_correction(lambda m, s, t, b1, b2: (m / (1 - b1 ** t),
                                                                   s / (1 - b2 ** t)))


@pytest.mark.parametrize("wrong,match", [
    (lambda m, s, t, b1, b2: (m, s), "unchanged"),
    (lambda m, s, t, b1, b2: (m / (1 - b1 ** (t - 1)), s / (1 - b2 ** (t - 1))), "β₁ᵗ⁻¹"),
    (lambda m, s, t, b1, b2: (m / (1 - b1 ** t), s), "corrected m̂ but returned s"),
    (lambda m, s, t, b1, b2: m / (1 - b1 ** t), "return a pair"),
    (lambda m, s, t, b1, b2: (m / (1 - b2 ** t), s / (1 - b1 ** t)), "swapped the two β"),
    (lambda m, s, t, b1, b2: (2 * m, s / (1 - b2 ** t)), "does not give Adam"),
    (stub, "not attempted yet"),
])
def test_bias_correction_slips_are_named(wrong, match):
    feedback = exercises.check_bias_correction(wrong)
    assert not feedback and match in feedback.message


def test_the_reference_of_the_bias_check_is_gdlibs_adam():
    """Without the correction, Adam's step is different from gdlib's (the check can fail)."""
    params, grads = [np.ones(3)], [np.full(3, 0.5)]
    a, _ = optimizers.Adam().step(params, grads, 0.1, optimizers.Adam().init(params), 1)
    b, _ = optimizers.Adam(bias_correction=False).step(params, grads, 0.1,
                                                       optimizers.Adam().init(params), 1)
    assert not np.allclose(a[0], b[0])


# --- Exercise 4: the digits challenge ---------------------------------------------------------

def test_a_good_challenge_answer_passes_and_counts_its_updates():
    feedback = exercises.check_digits_challenge(
        dict(optimizer=optimizers.Momentum(0.9), lr=1.0, epochs=100))
    assert feedback
    used = int(feedback.message.split("after ")[1].split(" updates")[0])
    X, y = ex07._digits()
    h = gdlib.descend(softmax, X, y, lr=1.0, epochs=100, optimizer=optimizers.Momentum(0.9),
                      seed=0)
    assert h.losses[used] <= ex07.CHALLENGE_TARGET < h.losses[used - 1]
    assert "plain GD at α = 3 needs" in feedback.message


@pytest.mark.parametrize("settings,match", [
    (None, "not attempted"),
    (dict(lr=0.1), "at least lr and epochs"),
    ([("lr", 0.1)], "at least lr and epochs"),
    (dict(lr=0.1, epochs=5, seed=3), "only"),
    (dict(lr=0.1, epochs=50), "did not reach 0.1 within 600"),
    (dict(lr=1e4, epochs=50), "it diverged"),
    (dict(lr=-1.0, epochs=5), "refused"),
    (dict(lr=0.1, epochs=5, optimizer="adam"), "refused.*Adam"),
])
def test_challenge_answers_that_fail_say_why(settings, match):
    feedback = exercises.check_digits_challenge(settings)
    assert not feedback and re.search(match, feedback.message)


# --- issue 17 (items 19–22): the slips of 07, each on its first occurrence ------------------

def _step(params, grads, velocity, lr, new_velocity, direction):
    return [p - lr * d for p, d in zip(params, direction)], new_velocity


@pytest.mark.parametrize("wrong,match", [
    (lambda p, g, v, lr, b: _step(p, g, v, lr, [b * u + y for u, y in zip(v, g)],
                                  [-(b * u + y) for u, y in zip(v, g)]), "wrong sign"),
    (lambda p, g, v, lr, b: _step(p, g, v, lr, [b * u + y for u, y in zip(v, g)],
                                  [b * (b * u + y) + y for u, y in zip(v, g)]), "Nesterov"),
    (lambda p, g, v, lr, b: _step(p, g, v, lr, [u + b * y for u, y in zip(v, g)],
                                  [u + b * y for u, y in zip(v, g)]), "β went onto the gradient"),
    (lambda p, g, v, lr, b: _step(p, g, v, lr, [b * (u + y) for u, y in zip(v, g)],
                                  [b * (u + y) for u, y in zip(v, g)]), "β went onto the gradient"),
    (lambda p, g, v, lr, b: momentum_step(p, g, v, lr, b)[::-1], "swapped order"),
])
def test_momentum_slips_of_issue_17_are_named_at_the_first_hint(wrong, match):
    feedback = exercises.check_momentum_step(wrong)
    assert not feedback and re.search(match, feedback.message), feedback
    assert "Hint 1/" in feedback.message
    assert "θ ← θ − αv" not in feedback.message.split("Hint")[0]       # the slip, no formula


def test_momentum_ladder_climbs_per_slip():
    no_velocity = lambda p, g, v, lr, b: ([x - lr * y for x, y in zip(p, g)], v)
    uphill = lambda p, g, v, lr, b: _step(p, g, v, lr, [b * u + y for u, y in zip(v, g)],
                                          [-(b * u + y) for u, y in zip(v, g)])
    assert "Hint 1/2" in exercises.check_momentum_step(no_velocity).message
    assert "Hint 2/2" in exercises.check_momentum_step(no_velocity).message
    assert "Hint 1/2" in exercises.check_momentum_step(uphill).message
    assert exercises.check_momentum_step(lambda *a: list(momentum_step(*a)))   # a list is a pair


def right_correction(m, s, t, b1, b2):
    return m / (1 - b1 ** t), s / (1 - b2 ** t)


@pytest.mark.parametrize("wrong,match", [
    (lambda m, s, t, b1, b2: (m / 1 - b1 ** t, s / 1 - b2 ** t), r"m/1-b1\*\*t is read as"),
    (lambda m, s, t, b1, b2: (m / 1 - b1 ** t, s / (1 - b2 ** t)), r"m/1-b1\*\*t is read as"),
    (lambda m, s, t, b1, b2: (m, s / (1 - b2 ** t)), "corrected ŝ but returned m"),
    (lambda m, s, t, b1, b2: (m / (1 - b1 ** t), s), "corrected m̂ but returned s"),
    (lambda m, s, t, b1, b2: right_correction(m, s, t, b1, b2)[::-1], "swapped order"),
])
def test_bias_correction_slips_of_issue_17_are_named_at_the_first_hint(wrong, match):
    feedback = exercises.check_bias_correction(wrong)
    assert not feedback and re.search(match, feedback.message), feedback
    assert "Hint 1/" in feedback.message and "β₁ᵗ⁻¹" not in feedback.message


def test_bias_correction_accepts_a_list_and_the_off_by_one_climbs_its_own_ladder():
    assert exercises.check_bias_correction(lambda *a: list(right_correction(*a)))
    late = lambda m, s, t, b1, b2: (m / (1 - b1 ** (t - 1)), s / (1 - b2 ** (t - 1)))
    exercises.check_bias_correction(lambda m, s, t, b1, b2: (m, s))
    first = exercises.check_bias_correction(late).message
    assert "β₁ᵗ⁻¹" in first and "Hint 1/2" in first


def test_beta_from_kappa_names_kappa_for_its_root(valley):
    X, y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    kappa = lam[1] / lam[0]
    got = exercises.check_beta_from_kappa(((kappa - 1) / (kappa + 1)) ** 2, X, y)
    assert not got and "κ where √κ belongs" in got.message and "Hint 1/2" in got.message
    got = exercises.check_beta_from_kappa((kappa - 1) / (kappa + 1), X, y)
    assert not got and "plain GD's best rate" in got.message
    root = np.sqrt(np.sqrt(kappa))
    got = exercises.check_beta_from_kappa(((root - 1) / (root + 1)) ** 2, X, y)
    assert not got and "condition number of X" in got.message


def test_digits_challenge_misses_climb_a_ladder():
    first = exercises.check_digits_challenge(dict(lr=0.1, epochs=50))
    second = exercises.check_digits_challenge(dict(lr=0.1, epochs=50))
    assert "Hint 1/2" in first.message and "Hint 2/2" in second.message
    assert "Hint 1/2" in exercises.check_digits_challenge(dict(lr=1e4, epochs=50)).message
