"""Weight decay where the course uses it: the numbers notebooks 06 and 08 print and say.

06: on the separable iris petals plain GD has no minimiser (‖W‖ keeps growing); with
λ > 0 ‖W‖ stops, and every start ends at the same W. 08: on the noisy moons weight decay
keeps the validation loss from turning up, as low as early stopping's, and λ must be
chosen (too weak still turns up, too strong underfits).
"""
import numpy as np
import pytest

import gdlib
from gdlib import data, network, plots, softmax
from gdlib.optimizers import GD

IRIS_RUN = dict(lr=2.0, epochs=10000)


@pytest.fixture(scope="module")
def iris():
    iris = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
    return data.standardize(iris.X)[0], iris.y


@pytest.fixture(scope="module")
def iris_runs(iris):
    X, y = iris
    plain = gdlib.descend(softmax, X, y, seed=0, **IRIS_RUN)
    decayed = gdlib.descend(softmax, X, y, seed=0, optimizer=GD(weight_decay=1e-3), **IRIS_RUN)
    other = gdlib.descend(softmax, X, y, seed=1, optimizer=GD(weight_decay=1e-3), **IRIS_RUN)
    return plain, decayed, other


def norm_at(run, t):
    return np.linalg.norm(run.ws[t])


def test_06_without_weight_decay_W_keeps_growing(iris_runs):
    plain, _, _ = iris_runs
    norms = [norm_at(plain, t) for t in (100, 1000, 10000)]
    assert [round(n, 2) for n in norms] == [7.23, 12.85, 16.82]       # 06's first ‖W‖ table
    assert norms[2] - norms[1] > 3.5 and norms[1] - norms[0] > 5      # a few units per decade
    assert plain.losses[10000] == pytest.approx(0.0687, abs=5e-5)
    assert plain.losses[10000] < plain.losses[9000]                   # "and still creeps down"


def test_06_with_weight_decay_W_stops_and_the_loss_stays_the_data_loss(iris, iris_runs):
    X, y = iris
    _, decayed, _ = iris_runs
    norms = [norm_at(decayed, t) for t in (100, 1000, 10000)]
    assert [round(n, 2) for n in norms] == [6.73, 8.60, 8.61]         # "stops at 8.61"
    assert abs(norms[2] - norms[1]) < 0.02                             # "from about epoch 1000 on"
    assert norm_at(decayed, 5000) == pytest.approx(norms[2], abs=1e-3)
    assert [round(decayed.losses[t], 4) for t in (100, 1000, 10000)] == [0.1137, 0.0896, 0.0895]
    # History.losses is L alone, the penalty left out
    assert decayed.losses[-1] == pytest.approx(softmax.loss(X, y, decayed.w, decayed.b),
                                               rel=1e-12)
    # ...and the run has arrived: the gradient of L + (λ/2)‖W‖² is zero there (not ∇L)
    gW, gb = softmax.gradient(X, y, decayed.w, decayed.b)
    assert np.abs(gW + 1e-3 * decayed.w).max() < 1e-9 and np.abs(gb).max() < 1e-9
    assert np.abs(gW).max() > 1e-3


def test_06_every_start_ends_at_the_same_W(iris_runs):
    _, decayed, other = iris_runs
    start_gap = np.abs(other.ws[0] - decayed.ws[0]).max()
    end_gap = np.abs(other.w - decayed.w).max()
    assert f"{start_gap:.2f}" == "0.14"
    assert gdlib.roundoff.magnitude(end_gap) == "≈ 1e-10"
    assert 3e-11 < end_gap < 3e-10           # far from the rounding edges of "≈ 1e-10"
    # the b_k only up to their common shift
    np.testing.assert_allclose(other.b - other.b.mean(), decayed.b - decayed.b.mean(), atol=1e-9)


def test_06_the_minimiser_is_the_one_tol_finds(iris, iris_runs):
    X, y = iris
    _, decayed, _ = iris_runs
    h = gdlib.descend(softmax, X, y, lr=2.0, epochs=100000, seed=2, tol=1e-10,
                      optimizer=GD(weight_decay=1e-3), trajectory=False)
    assert h.converged
    # L + (λ/2)‖W‖² is λ-strongly convex in W: ‖∇‖ < tol puts W within tol/λ = 1e-7 of W*
    np.testing.assert_allclose(h.w, decayed.w, rtol=0, atol=1e-7)


# --- 08 ------------------------------------------------------------------------------------
LAMBDAS = (0, 0.001, 0.003, 0.01)


@pytest.fixture(scope="module")
def moons():
    noisy = data.make_moons(n=300, noise=0.3, seed=3)
    X, _, _ = data.standardize(noisy.X)
    return data.train_test_split(X, noisy.y, test_fraction=0.8, seed=0)


@pytest.fixture(scope="module")
def decay_runs(moons):
    X_tr, X_val, y_tr, y_val = moons
    return {lam: gdlib.descend(network, X_tr, y_tr, lr=1.0, epochs=1000, seed=0, hidden=32,
                               optimizer=GD(weight_decay=lam)) for lam in LAMBDAS}


def table_row(run, X_val, y_val):
    v = network.loss_path(X_val, y_val, run.trajectory)
    return (round(float(v.min()), 3), int(v.argmin()), round(float(v[-1]), 3),
            round(float(plots.weight_norms(run)[-1]), 2))


def test_08_the_weight_decay_table(moons, decay_runs):
    _, X_val, _, y_val = moons
    rows = {lam: table_row(run, X_val, y_val) for lam, run in decay_runs.items()}
    assert rows == {0: (0.248, 233, 0.386, 11.08), 0.001: (0.246, 274, 0.278, 7.70),
                    0.003: (0.247, 478, 0.247, 5.67), 0.01: (0.348, 95, 0.351, 2.24)}


def test_08_lambda_zero_is_the_early_stopping_run_bit_for_bit(moons, decay_runs):
    X_tr, _, y_tr, _ = moons
    big = gdlib.descend(network, X_tr, y_tr, lr=1.0, epochs=1000, seed=0, hidden=32)
    for a, b in zip(big.trajectory, decay_runs[0].trajectory):
        np.testing.assert_array_equal(a, b)


def test_08_weight_decay_keeps_the_validation_loss_down_and_W_bounded(moons, decay_runs):
    _, X_val, _, y_val = moons
    plain, decayed = decay_runs[0], decay_runs[0.003]
    v0 = network.loss_path(X_val, y_val, plain.trajectory)
    v = network.loss_path(X_val, y_val, decayed.trajectory)
    assert v0[-1] - v0.min() > 0.1                   # λ = 0 turns up: early stopping is needed
    assert v[-1] - v.min() < 1e-3                    # λ = 0.003: nothing to catch
    assert v[-1] <= v0.min()                         # as low as the early stop
    n0, n = plots.weight_norms(plain), plots.weight_norms(decayed)
    assert n0[-1] - n0[500] > 2                      # ‖W‖ keeps growing without decay ...
    assert abs(n[-1] - n[800]) < 0.05                # ... and levels off with it
    # too strong a decay underfits: a higher training loss as well as validation loss
    assert decay_runs[0.01].losses[-1] > 1.5 * decayed.losses[-1]


def test_weight_norms_leave_the_biases_out(decay_runs):
    run = decay_runs[0.003]
    W1, b1, W2, b2 = run.params
    assert plots.weight_norms(run)[-1] == pytest.approx(np.sqrt(np.sum(W1 ** 2) + np.sum(W2 ** 2)),
                                                        rel=1e-12)
    with pytest.raises(ValueError, match="trajectory=True"):
        plots.weight_norms(gdlib.descend(network, *data.make_moons(n=20, seed=0), lr=1.0,
                                         epochs=2, trajectory=False))


@pytest.mark.parametrize("language", ["en", "es"])
def test_08_the_figure_marks_early_stopping_on_the_run_without_decay_only(moons, decay_runs,
                                                                          language):
    _, X_val, _, y_val = moons
    gdlib.set_language(language)
    try:
        fig = plots.weight_decay(X_val, y_val, {"λ = 0": decay_runs[0],
                                                "λ = 0.003": decay_runs[0.003]})
        fig.canvas.draw()
        ax, ax_w = fig.axes
        marks = [line for line in ax.get_lines() if line.get_marker() == "o"]
        assert len(marks) == 1 and marks[0].get_xdata()[0] == 233
        assert len(ax.get_lines()) == 5 and len(ax_w.get_lines()) == 2
        np.testing.assert_allclose(ax_w.get_lines()[1].get_ydata(),
                                   plots.weight_norms(decay_runs[0.003]))
        words = {"en": "weight decay", "es": "decaimiento de pesos"}[language]
        assert words in ax.get_title() and words in ax_w.get_title()
    finally:
        gdlib.set_language("en")
    with pytest.raises(TypeError, match="runs must be a dict"):
        plots.weight_decay(X_val, y_val, [decay_runs[0]])
