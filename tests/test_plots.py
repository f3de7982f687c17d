"""Static figures and the closed forms they show."""
import numpy as np
import pytest
from matplotlib.figure import Figure

import gdlib
from gdlib import canvas, data, linear, logistic, plots


@pytest.fixture(scope="module")
def line():
    return data.make_line(n=40, seed=0)


def test_hessian_matches_finite_differences(line):
    H = linear.hessian(line.X)
    f = lambda t: linear.loss(line.X, line.y, t[:1], t[1])
    t0 = np.array([0.3, -0.2])
    eps = 1e-4
    num = np.array([[(f(t0 + eps * (ei + ej)) - f(t0 + eps * (ei - ej))
                      - f(t0 - eps * (ei - ej)) + f(t0 - eps * (ei + ej))) / (4 * eps**2)
                     for ej in np.eye(2)] for ei in np.eye(2)])
    np.testing.assert_allclose(H, num, rtol=1e-5)


def test_critical_learning_rate_separates_convergence_from_divergence(line):
    crit = linear.critical_learning_rate(line.X)
    below = gdlib.descend(linear, line.X, line.y, lr=0.95 * crit, epochs=3000, tol=1e-9)
    above = gdlib.descend(linear, line.X, line.y, lr=1.05 * crit, epochs=3000)
    assert below.converged and above.diverged


def test_least_squares_is_where_gd_ends(line):
    w, b = linear.least_squares(line.X, line.y)
    h = gdlib.descend(linear, line.X, line.y, lr=0.5, epochs=5000, tol=1e-12)
    assert h.w[0] == pytest.approx(w[0], abs=1e-8) and h.b == pytest.approx(b, abs=1e-8)


def _midpoint_gap(loss, x, y, w1, w2):
    """L((w1+w2)/2) - (L(w1)+L(w2))/2: positive means NOT convex along that chord."""
    L = lambda w: loss(w * x, y)
    return L((w1 + w2) / 2) - (L(w1) + L(w2)) / 2


def test_sigmoid_with_squared_error_is_not_convex_but_cross_entropy_is():
    x = np.array([-2.0, -1.0, 1.0, 2.0])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    ws = np.linspace(-8, 8, 41)
    gaps = lambda f: [_midpoint_gap(f, x, y, a, b) for a in ws for b in ws]
    assert max(gaps(logistic.squared_error_from_logits)) > 1e-3
    assert max(gaps(logistic.loss_from_logits)) <= 1e-12
    assert max(gaps(linear.loss_from_logits)) <= 1e-12


@pytest.mark.parametrize("make,axes", [
    (lambda d: plots.loss_landscape(d.X, d.y), 2),
    (lambda d: plots.convexity(np.array([-2.0, -1, 1, 2]), np.array([0, 1, 0, 1])), 3),
    (lambda d: plots.learning_rates(d.X, d.y, [0.01, 0.1, 0.9, 1.1]), 5),
    (lambda d: plots.sgd_vs_gd(d.X, d.y, 0.1, [1, 8]), 3),
    (lambda d: plots.feature_scaling(d.X * 10 + 30, d.y), 2),
    (lambda d: plots.fitted_line(d.X, d.y, {"fit": ([2.0], 1.0)}), 1),
    (lambda d: plots.sigmoid_and_cross_entropy(), 2),
])
def test_static_figures_draw(line, make, axes):
    fig = make(line)
    assert isinstance(fig, Figure) and len(fig.axes) == axes
    fig.canvas.draw()                     # renders without error


def test_learning_rates_figure_names_divergence(line):
    crit = linear.critical_learning_rate(line.X)
    fig = plots.learning_rates(line.X, line.y, [0.1 * crit, 1.2 * crit], epochs=60)
    titles = [ax.get_title() for ax in fig.axes]
    assert "diverged" not in titles[0] and "diverged" in titles[1]


def test_classification_figures_draw():
    iris = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
    h = gdlib.descend(gdlib.softmax, iris.X, iris.y, lr=0.1, epochs=20)
    assert len(plots.decision_regions(iris.X, iris.y, h.w, h.b).axes) == 1
    y01 = (iris.y == 0).astype(int)
    hb = gdlib.descend(logistic, iris.X, y01, lr=0.1, epochs=20)
    assert len(plots.decision_boundary(iris.X, y01, hb.w, hb.b).axes) == 1
    fig = plots.digit_weights(np.zeros((64, 10)))
    assert sum(len(ax.images) == 1 for ax in fig.axes) == 10       # one image per class
    assert len(fig.axes) == 11                                      # and a colour bar


def test_boundary_points_lie_on_the_line():
    w, b = np.array([2.0, -1.0]), 0.5
    xs, ys = plots.boundary_points(w, b, (-3, 3), level=0.7)
    np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.7)


def test_decision_boundary_keeps_the_data_in_view():
    """The boundary lines must not stretch the axes far beyond the data."""
    X, y = data.make_blobs(n=60, K=2, seed=3)
    fig = plots.decision_boundary(X, y, np.array([0.05, 1.0]), 0.0)   # a near-flat line
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    span = X[:, 1].max() - X[:, 1].min()
    assert lo >= X[:, 1].min() - 0.2 * span and hi <= X[:, 1].max() + 0.2 * span


def test_live_loss_axis_has_few_short_tick_labels():
    ticks = canvas.LossTicks()
    inside = [v for v in ticks.tick_values(0.14, 0.9) if 0.14 <= v <= 0.9]
    assert inside == pytest.approx([0.2, 0.5])                    # 1-2-5 on a short range
    narrow = [v for v in ticks.tick_values(0.25, 0.45) if 0.25 <= v <= 0.45]
    assert narrow == pytest.approx([0.3, 0.4])                    # 1…9 when 1-2-5 gives < 2
    wide = [v for v in ticks.tick_values(1e4, 1e12) if 1e4 <= v <= 1e12]
    assert 2 <= len(wide) <= 7
    assert [canvas.compact_number(v) for v in (0.02, 50, 2000, 5e4, 1e12)] == \
        ["0.02", "50", "2000", "5e4", "1e12"]


# --- notebook 07: optimizers -------------------------------------------------------------------

@pytest.fixture(scope="module")
def valley():
    return data.make_line(n=40, seed=0, x_range=(1, 5))


@pytest.mark.parametrize("make,axes", [
    (lambda X, y: plots.valley_gd(X, y, (1.0, -2.0), updates=20), 2),
    (lambda X, y: plots.momentum_paths(X, y, (1.0, -2.0), updates=20), 2),
    (lambda X, y: plots.momentum_rates(X), 3),                       # with its colour bar
    (lambda X, y: plots.nesterov_vs_momentum(X, y, (1.0, -2.0), 0.05, 0.95, updates=20), 3),
    (lambda X, y: plots.bias_correction(X, y, (1.0, -2.0), updates=10), 2),
    (lambda X, y: plots.adaptive_steps(X, y, {"GD": 0.1, "Adam": 0.1}, updates=20), 2),
    (lambda X, y: plots.schedules_compared(
        X, y, {"constant": 0.05, "1/t": gdlib.schedules.inverse_time(0.05, 10)},
        (1.0, -2.0), epochs=3), 2),
    (lambda X, y: plots.range_test(gdlib.lr_range_test(linear, X, y, updates=40)), 1),
])
def test_optimizer_figures_draw(valley, make, axes):
    fig = make(*valley)
    assert isinstance(fig, Figure) and len(fig.axes) == axes


def test_excess_loss_is_floored_and_finite(valley):
    from gdlib.plots import optimizers as figures
    X, y = valley
    _, loss_bar, _ = figures.valley(X, y)
    h = figures.run(X, y, (1.0, -2.0), 1.0, 50)                 # diverges
    E = figures.excess(h, loss_bar)
    assert h.diverged and np.all(np.isfinite(E)) and np.all(E >= figures.FLOOR * E[0])


def test_theory_line_has_the_rate_as_its_slope(valley):
    from gdlib.plots import optimizers as figures
    E = 3.0 * 0.9 ** (2 * np.arange(50)) * (1 + 0.1 * np.arange(50))   # slower than ρ^{2t}
    t, line = figures.theory_line(E, 0.9)
    np.testing.assert_allclose(line[1:] / line[:-1], 0.81)
    assert line[-1] == pytest.approx(E[-1])                            # re-anchored at the end
    t, line = figures.theory_line(E, 0.9, reanchor=False)
    assert line[0] == pytest.approx(E[0])
