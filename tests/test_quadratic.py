"""The theory of gdlib.quadratic against measured runs of gdlib.descend."""
import numpy as np
import pytest

import gdlib
from gdlib import data, linear, quadratic
from gdlib.optimizers import Momentum


@pytest.fixture(scope="module")
def valley():
    """The narrow valley: one feature far from 0, so w and b are tied (κ ≈ 100)."""
    X, y = data.make_line(n=40, seed=0, x_range=(1, 5))
    lam = np.linalg.eigvalsh(linear.hessian(X))
    w, b = linear.least_squares(X, y)
    return X, y, lam, linear.loss(X, y, w, b)


def excess(valley, lr, beta=None, nesterov=False, epochs=300):
    X, y, _, L_bar = valley
    opt = None if beta is None else Momentum(beta, nesterov)
    h = gdlib.descend(linear, X, y, lr=lr, epochs=epochs, optimizer=opt, w0=[0.0], b0=0.0)
    return h.losses - L_bar


def test_the_valley_is_ill_conditioned(valley):
    assert quadratic.condition_number(valley[2]) > 50


def test_gd_rate_is_max_of_one_minus_alpha_lambda(valley):
    lam = valley[2]
    for lr in (0.01, 0.1, 0.15, 0.2):
        assert quadratic.rate(lam, lr) == pytest.approx(np.abs(1 - lr * lam).max(), rel=1e-12)


@pytest.mark.parametrize("lr,beta,nesterov", [
    (0.15, None, False), (0.1, 0.5, False), (0.05, 0.95, False), (0.05, 0.99, False),
    (0.1, 0.5, True), (0.02, 0.9, True)])
def test_theory_rate_matches_the_measured_run(valley, lr, beta, nesterov):
    """Measured between update 40 and round-off. (Near the optimal β the two roots of M
    coincide and the error decays like t·ρᵗ, which a window this short cannot tell from a
    slightly larger ρ: those settings are left out.)"""
    E = excess(valley, lr, beta, nesterov)
    theory = quadratic.rate(valley[2], lr, beta or 0.0, nesterov)
    first = 40                                                  # past the transient
    last = int(np.nonzero(E > 1e-10 * E[0])[0][-1]) - 30       # stay above round-off
    assert last > first + 40
    assert quadratic.measured_rate(E, first, last, window=30) == pytest.approx(theory, abs=2e-3)


def test_rate_above_one_means_the_run_diverges(valley):
    X, y, lam, _ = valley
    for lr, nesterov in [(0.5, False), (0.2, True)]:
        assert quadratic.rate(lam, lr, 0.9, nesterov) > 1
        h = gdlib.descend(linear, X, y, lr=lr, epochs=300, optimizer=Momentum(0.9, nesterov))
        assert h.diverged


def test_optimal_momentum_is_the_best_on_a_grid_and_beats_gd(valley):
    lam = valley[2]
    kappa = quadratic.condition_number(lam)
    lr, beta, rho = quadratic.optimal_momentum(lam)
    assert rho == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
    assert beta == pytest.approx(rho ** 2)
    assert quadratic.rate(lam, lr, beta) == pytest.approx(rho, rel=1e-6)
    lrs, betas = np.linspace(0.01, 0.4, 300), np.linspace(0.0, 0.99, 300)
    grid = quadratic.rate(lam, lrs[:, None], betas[None, :])
    assert grid.min() >= rho * (1 - 1e-6)
    lr_gd, rho_gd = quadratic.optimal_gd(lam)
    assert rho_gd == pytest.approx((kappa - 1) / (kappa + 1))
    assert quadratic.rate(lam, lrs).min() >= rho_gd * (1 - 1e-9)
    assert rho < rho_gd
    # measured: after 60 updates, momentum at (α*, β*) is far below GD at its α*
    assert excess(valley, lr, beta, epochs=60)[-1] < 1e-4 * excess(valley, lr_gd, epochs=60)[-1]


def test_envelope_is_the_initial_excess_times_rho_to_the_2t():
    env = quadratic.excess_loss_envelope(2.0, 0.5, 3)
    np.testing.assert_allclose(env, [2.0, 0.5, 0.125, 0.03125])


def test_iteration_matrix_broadcasts():
    M = quadratic.iteration_matrix(np.array([1.0, 2.0]), 0.1, 0.5)
    assert M.shape == (2, 2, 2)
    np.testing.assert_allclose(M[1], [[0.5, 2.0], [-0.05, 0.8]])
    N = quadratic.iteration_matrix(2.0, 0.1, 0.5, nesterov=True)
    np.testing.assert_allclose(N, [[0.5, 2.0], [-0.025, 0.7]])


def test_mode_rates_explain_nesterovs_fast_fall(valley):
    """Notebook 07: at α = 0.05, β = 0.95 heavy ball damps every mode at √β; Nesterov the
    steep one at about √(β(1 − αλ_max)) ≈ 0.61 and the slow one at 0.972; GD's steep one
    at |1 − αλ_max| = 0.388."""
    lam = valley[2]
    np.testing.assert_allclose(quadratic.mode_rates(lam, 0.05, 0.95), np.sqrt(0.95))
    slow, steep = quadratic.mode_rates(lam, 0.05, 0.95, nesterov=True)
    assert round(slow, 3) == 0.972 and round(steep, 3) == 0.607
    assert steep == pytest.approx(np.sqrt(0.95 * (1 - 0.05 * lam[1])), rel=1e-3)
    np.testing.assert_allclose(quadratic.mode_rates(lam, 0.05), np.abs(1 - 0.05 * lam))
    assert quadratic.rate(lam, 0.05, 0.95, True) == max(slow, steep)


def test_errors_along_eigenvectors_shrink_at_their_mode_rates(valley):
    X, y, lam, _ = valley
    h = gdlib.descend(linear, X, y, lr=0.05, epochs=12, w0=[1.0], b0=-2.0)   # above round-off
    w, b = linear.least_squares(X, y)
    E = quadratic.errors_along_eigenvectors(np.column_stack([h.ws[:, 0], h.bs]),
                                            [w[0], b], linear.hessian(X))
    np.testing.assert_allclose(E[1:] / E[:-1], np.broadcast_to(quadratic.mode_rates(lam, 0.05),
                                                               (12, 2)), rtol=1e-6)


@pytest.mark.parametrize("beta,nesterov", [(0.0, False), (0.5, False), (0.9, False),
                                           (0.95, False), (0.95, True)])
def test_largest_stable_lr_is_where_the_rate_crosses_one(valley, beta, nesterov):
    lam = valley[2]
    edge = quadratic.largest_stable_lr(lam[1], beta, nesterov)
    assert quadratic.rate(lam, 0.999 * edge, beta, nesterov) < 1
    assert quadratic.rate(lam, 1.001 * edge, beta, nesterov) > 1


def test_polyaks_alpha_sits_just_below_the_stability_edge(valley):
    """Notebook 07: α* = 1/(1 + 1/κ) ≈ 0.990 of the edge; 1 % more diverges; 10 % less
    gives ρ = 0.874 instead of 0.821."""
    lam = valley[2]
    lr, beta, rho = quadratic.optimal_momentum(lam)
    edge = quadratic.largest_stable_lr(lam[1], beta)
    kappa = quadratic.condition_number(lam)
    assert lr / edge == pytest.approx(1 / (1 + 1 / kappa)) and round(lr / edge, 2) == 0.99
    assert quadratic.rate(lam, 1.01 * lr, beta) > 1
    assert round(quadratic.rate(lam, 0.9 * lr, beta), 3) == 0.874 and round(rho, 3) == 0.821


def test_both_modes_share_the_rate_at_the_optimum_and_heavy_balls_are_critically_damped(valley):
    """Notebook 07 §2: GD at α* shrinks both modes at 0.981 (the steep one with a flipping
    sign); heavy ball at (α*, β*) both at 0.821, each M_λ with a double eigenvalue."""
    lam = valley[2]
    lr_gd, rho_gd = quadratic.optimal_gd(lam)
    np.testing.assert_allclose(quadratic.mode_rates(lam, lr_gd), rho_gd)
    assert np.all(np.diff(np.sign(1 - lr_gd * lam)) != 0) and round(rho_gd, 3) == 0.981
    lr, beta, rho = quadratic.optimal_momentum(lam)
    np.testing.assert_allclose(quadratic.mode_rates(lam, lr, beta), rho, rtol=1e-6)
    for M in quadratic.iteration_matrix(lam, lr, beta):
        tr, det = np.trace(M), np.linalg.det(M)
        assert abs(tr ** 2 - 4 * det) < 1e-9                      # a double eigenvalue
