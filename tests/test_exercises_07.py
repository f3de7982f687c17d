"""Exercise checks of notebook 07 (optimizers): right answers pass, the usual slips are named."""
import re

import numpy as np
import pytest

import gdlib
from gdlib import data, exercises, linear, optimizers, quadratic, softmax
from gdlib.exercises import momentum as ex07_momentum
from gdlib.exercises import optimizers as ex07

from .exercise_helpers import stub


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


# --- Exercise 2: heavy ball's rate from its 2 × 2 matrix ----------------------------------------

@pytest.fixture(scope="module")
def valley():
    return data.make_line(n=40, seed=0, x_range=(1, 5))


def my_rate(lam, lr, beta):
    M = np.array([[beta, lam], [-lr * beta, 1 - lr * lam]])
    return np.abs(np.linalg.eigvals(M)).max()


def test_a_right_rate_passes_and_names_the_complex_case():
    feedback = exercises.check_momentum_rate(my_rate)
    assert feedback and "ρ = √β = 0.9747" in feedback.message
    assert quadratic.rate([0.11838], 0.05, 0.95) == pytest.approx(np.sqrt(0.95))


def test_the_rate_cases_cover_what_the_message_claims(valley):
    X, _y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    lr, beta, _rho = quadratic.optimal_momentum(lam)
    cases = ex07_momentum.RATE_CASES
    assert cases[0] == pytest.approx((lam[1], lr, beta), rel=1e-4)             # Polyak's
    eig = [np.linalg.eigvals(quadratic.iteration_matrix(*c)) for c in cases]
    assert np.iscomplexobj(eig[1]) and np.abs(eig[1].imag).max() > 0.05      # complex
    assert quadratic.rate([cases[-1][0]], *cases[-1][1:]) > 1                 # diverges


def test_a_rate_in_closed_form_passes_too():
    def closed_form(lam, lr, beta):                   # the roots of the characteristic polynomial
        tr, det = beta + 1 - lr * lam, beta
        return np.abs(np.roots([1, -tr, det])).max()
    assert exercises.check_momentum_rate(closed_form)


def heavy_ball(lam, lr, b, sign=-1.0):
    """Heavy ball's M_λ (sign=+1: the slip with +αβ)."""
    return np.array([[b, lam], [sign * lr * b, 1 - lr * lam]])


RATE_SLIPS = [
    (lambda lam, lr, b: np.linalg.eigvals(heavy_ball(lam, lr, b)).max(), "your rate is", "size"),
    (lambda lam, lr, b: np.linalg.eigvals(heavy_ball(lam, lr, b)).real.max(), "not ρ", "size"),
    (lambda lam, lr, b: np.abs(np.linalg.eigvals(heavy_ball(lam, lr, b))).min(),
     "not ρ", "slowest part"),
    (lambda lam, lr, b: abs(1 - lr * lam), "not ρ", "velocity"),
    (lambda lam, lr, b: np.abs(np.linalg.eigvals(heavy_ball(lam, lr, b, sign=1.0))).max(),
     "not ρ", "carries the velocity"),
    (lambda lam, lr, b: quadratic.rate([lam], lr, b, nesterov=True), "not ρ", "heavy ball"),
    (lambda lam, lr, b: np.abs(np.linalg.eigvalsh(heavy_ball(lam, lr, b))).max(),
     "not ρ", "symmetric"),
    (lambda lam, lr, b: np.linalg.eigvals(heavy_ball(lam, lr, b)),
     "not one number", "eigenvalues themselves"),
    (lambda lam, lr, b: 0.5, "not ρ", "entry by entry"),
    (stub, "not attempted yet", None),
]


@pytest.mark.parametrize("wrong,what,hint", RATE_SLIPS)
def test_rate_slips_are_named_without_giving_the_answer_first(wrong, what, hint):
    feedback = exercises.check_momentum_rate(wrong)
    assert not feedback and what in feedback.message
    if hint is not None:
        assert "Hint 1/2" in feedback.message and hint in feedback.message
        assert "[[β, λ], [−αβ, 1 − αλ]]" not in feedback.message          # not the answer


def test_a_complex_rate_is_named():
    feedback = exercises.check_momentum_rate(
        lambda lam, lr, b: complex(np.linalg.eigvals(heavy_ball(lam, lr, b))[0])
        if lam < 1 else my_rate(lam, lr, b))
    assert not feedback and "complex number" in feedback.message and "size" in feedback.message


def test_each_rate_slip_climbs_its_own_ladder():
    gd = lambda lam, lr, b: abs(1 - lr * lam)
    smallest = RATE_SLIPS[2][0]
    assert "Hint 1/2" in exercises.check_momentum_rate(gd).message
    assert "Hint 2/2" in exercises.check_momentum_rate(gd).message
    assert "Hint 1/2" in exercises.check_momentum_rate(smallest).message   # a new slip: rung 1
    assert exercises.check_momentum_rate(my_rate)
    assert "Hint 1/2" in exercises.check_momentum_rate(gd).message         # ✓ resets every slip


# --- Exercise 3: the largest stable α for a β --------------------------------------------------

def test_the_edge_passes_and_its_numbers_are_right(valley):
    X, _y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    edge = 2 * 1.9 / lam[1]
    assert quadratic.rate(lam, 0.999 * edge, 0.9) < 1 < quadratic.rate(lam, 1.001 * edge, 0.9)
    feedback = exercises.check_largest_stable_lr(edge, X, beta=0.9)
    assert feedback and "2(1 + β)/λ_max = 0.3107" in feedback.message
    assert "1.9 times GD's α_crit = 2/λ_max = 0.1635" in feedback.message
    assert quadratic.largest_stable_lr(lam[1], 0.9) == pytest.approx(edge)


def test_a_scanned_edge_passes(valley):
    X, _y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    alphas = np.linspace(0.01, 1, 10_000)
    stable = alphas[[my_rate(lam[1], a, 0.9) < 1 for a in alphas]]
    assert exercises.check_largest_stable_lr(stable.max(), X, beta=0.9)


@pytest.mark.parametrize("answer,what,hint", [
    (lambda lam: 2 / lam[1], "GD's edge", "β in it"),
    (lambda lam: 2 * 1.9 / lam[0], "slow mode", "gives up first"),
    (lambda lam: 2 * 1.9 / (lam[1] * 2.8), "Nesterov's edge", "heavy ball"),
    (lambda lam: quadratic.optimal_momentum(lam)[0], "Polyak's α*", "best α for β*"),
    (lambda lam: 1.05 * 2 * 1.9 / lam[1], "ρ = 1.", "diverges"),
    (lambda lam: 0.95 * 2 * 1.9 / lam[1], "ρ = 0.9", "larger α is stable"),
    (lambda lam: 0.01, "not the edge", "fine grid"),
])
def test_stability_slips_are_named(valley, answer, what, hint):
    X, _y = valley
    lam = np.linalg.eigvalsh(linear.hessian(X))
    feedback = exercises.check_largest_stable_lr(answer(lam), X, beta=0.9)
    assert not feedback and what in feedback.message and hint in feedback.message
    assert "Hint 1/2" in feedback.message and "0.3107" not in feedback.message


def test_the_stability_check_wants_a_number(valley):
    X, _y = valley
    assert "not attempted" in exercises.check_largest_stable_lr(None, X).message
    assert "should be a number" in exercises.check_largest_stable_lr("abc", X).message


def test_largest_stable_lr_refuses_bad_input():
    with pytest.raises(ValueError, match="0 ≤ β < 1"):
        quadratic.largest_stable_lr(12.0, 1.0)
    with pytest.raises(ValueError, match="λ_max > 0"):
        quadratic.largest_stable_lr(-1.0, 0.5)


# --- Exercise 4: Adam's bias correction --------------------------------------------------------

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


# --- Exercise 5: the digits challenge ---------------------------------------------------------

def test_a_good_challenge_answer_passes_and_counts_its_updates():
    feedback = exercises.check_digits_challenge(
        dict(optimizer=optimizers.Momentum(0.9), lr=3.0, epochs=100))
    assert feedback
    used = int(feedback.message.split("after ")[1].split(" updates")[0])
    X, y = ex07._digits()
    h = gdlib.descend(softmax, X, y, lr=3.0, epochs=100, optimizer=optimizers.Momentum(0.9),
                      seed=0)
    assert h.losses[used] <= ex07.CHALLENGE_TARGET < h.losses[used - 1]
    assert used == 33 and "plain GD at its best α = 12 needs 56" in feedback.message


def test_the_gd_reference_is_gds_best_alpha_on_a_grid():
    X, y = ex07._digits()
    needed, most = {}, 150
    for lr in range(1, 31):      # a run need not go past the fewest updates found so far
        h = gdlib.descend(softmax, X, y, lr=float(lr), epochs=most, seed=0, trajectory=False)
        needed[lr] = ex07.updates_to_reach(h, ex07.CHALLENGE_TARGET) or np.inf
        most = int(min(most, needed[lr]))
    best = min(needed.values())
    assert needed[int(ex07.CHALLENGE_GD_LR)] == best == 56


def test_the_notebook_solution_reads_the_range_test_of_its_own_optimizer():
    """The hidden solution: a range test run with heavy ball, then α across its band."""
    X, y = ex07._digits()
    gd = gdlib.lr_range_test(softmax, X, y, alpha_start=1e-3, alpha_end=100.0)
    hb = gdlib.lr_range_test(softmax, X, y, alpha_start=1e-3, alpha_end=100.0,
                             optimizer=optimizers.Momentum(0.9))
    assert hb.suggestion == pytest.approx(0.108, abs=0.001)
    assert gd.suggestion == pytest.approx(1.30, abs=0.01)
    assert gd.blowup == pytest.approx(14.8, abs=0.1)
    reached = {}
    for lr in (0.3, 1.0, 3.0, 10.0):
        h = gdlib.descend(softmax, X, y, lr=lr, epochs=100, optimizer=optimizers.Momentum(0.9),
                          seed=0, trajectory=False)
        reached[lr] = ex07.updates_to_reach(h, ex07.CHALLENGE_TARGET)
    assert reached == {0.3: None, 1.0: 58, 3.0: 33, 10.0: 99}
    # GD's suggestion given to heavy ball is not its α: it does not get there
    h = gdlib.descend(softmax, X, y, lr=gd.blowup, epochs=100, optimizer=optimizers.Momentum(0.9),
                      seed=0, trajectory=False)
    assert ex07.updates_to_reach(h, ex07.CHALLENGE_TARGET) is None


@pytest.mark.parametrize("settings,match", [
    (None, "not attempted"),
    (dict(lr=0.1), "at least lr and epochs"),
    ([("lr", 0.1)], "at least lr and epochs"),
    (dict(lr=0.1, epochs=5, seed=3), "only"),
    (dict(lr=0.1, epochs=700),
     "did not reach 0.1 within 600 updates.*Hint 1/3: the range test's suggestion"),
    (dict(lr=0.1, epochs=50), "50 updates were asked for.*Hint 1/2: the budget is 600"),
    (dict(lr=1e4, epochs=50), "diverged.*Hint 1/2: an α suits only the optimizer"),
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


def test_the_challenge_hints_are_not_circular():
    """A slow run's hints climb; none of them is "try the range test" alone."""
    messages = [exercises.check_digits_challenge(dict(lr=0.1, epochs=700)).message
                for _ in range(3)]
    assert [f"Hint {k}/3" in m for k, m in zip((1, 2, 3), messages)] == [True] * 3
    assert "band" in messages[0] and "optimizer you train with" in messages[1]
