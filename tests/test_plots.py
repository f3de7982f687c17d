"""Static figures and the closed forms they show."""
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

import gdlib
from gdlib import data, linear, logistic, optimizers, plots, quadratic
from gdlib.widgets import front


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
    (lambda d: plots.along_eigenvectors(d.X, d.y, (0.95,)), 2),
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
    titles = [ax.get_title() for ax in fig.axes if ax.get_title().startswith("α")]
    assert len(titles) == 2
    assert "diverged" not in titles[0] and "diverged after" in titles[1]


def test_classification_figures_draw():
    iris = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
    h = gdlib.descend(gdlib.softmax, iris.X, iris.y, lr=0.1, epochs=20)
    assert len(plots.decision_regions(iris.X, iris.y, h.w, h.b).axes) == 1
    y01 = (iris.y == 0).astype(int)
    hb = gdlib.descend(logistic, iris.X, y01, lr=0.1, epochs=20)
    assert len(plots.logistic_probabilities(iris.X, y01, hb.w, hb.b).axes) == 3  # + colour bar
    fig = plots.digit_weights(np.zeros((64, 10)))
    assert sum(len(ax.images) == 1 for ax in fig.axes) == 10       # one image per class
    assert len(fig.axes) == 11                                      # and a colour bar


def test_boundary_points_lie_on_the_line():
    w, b = np.array([2.0, -1.0]), 0.5
    xs, ys = plots.boundary_points(w, b, (-3, 3), level=0.7)
    np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.7)


def test_logistic_boundary_keeps_the_data_in_view():
    """The boundary lines must not stretch the axes far beyond the data."""
    X, y = data.make_blobs(n=60, K=2, seed=3)
    fig = plots.logistic_probabilities(X, y, np.array([0.05, 1.0]), 0.0)   # a near-flat line
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    span = X[:, 1].max() - X[:, 1].min()
    assert lo >= X[:, 1].min() - 0.2 * span and hi <= X[:, 1].max() + 0.2 * span


def test_live_loss_axis_has_few_short_tick_labels():
    ticks = front.LossTicks()
    inside = [v for v in ticks.tick_values(0.14, 0.9) if 0.14 <= v <= 0.9]
    assert inside == pytest.approx([0.2, 0.5])                    # 1-2-5 on a short range
    narrow = [v for v in ticks.tick_values(0.25, 0.45) if 0.25 <= v <= 0.45]
    assert narrow == pytest.approx([0.3, 0.4])                    # 1…9 when 1-2-5 gives < 2
    wide = [v for v in ticks.tick_values(1e4, 1e12) if 1e4 <= v <= 1e12]
    assert 2 <= len(wide) <= 7
    assert [front.compact_number(v) for v in (0.02, 50, 2000, 5e4, 1e12)] == \
        ["0.02", "50", "2000", "5e4", "1e12"]


# --- notebook 07: optimizers -------------------------------------------------------------------

@pytest.fixture(scope="module")
def valley():
    return data.make_line(n=40, seed=0, x_range=(1, 5))


@pytest.mark.parametrize("make,axes", [
    (lambda X, y: plots.valley_gd(X, y, (1.0, -2.0), updates=20), 2),
    (lambda X, y: plots.momentum_paths(X, y, (1.0, -2.0), updates=20), 4),   # 3 paths + loss
    (lambda X, y: plots.momentum_rates(X), 3),                       # with its colour bar
    (lambda X, y: plots.nesterov_vs_momentum(X, y, (1.0, -2.0), 0.05, 0.95, updates=20), 3),
    (lambda X, y: plots.error_per_mode(X, y, (1.0, -2.0), [("GD", 0.05, 0.0, False),
                                                           ("Nesterov", 0.05, 0.95, True)],
                                       updates=20), 2),
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


def test_adaptive_steps_draws_any_registered_optimizer_in_its_colour(valley):
    from gdlib.optimizers import REGISTRY
    fig = plots.adaptive_steps(*valley, {"GD": 0.1, "Nesterov": 0.05, "AdamW": 0.1}, updates=20)
    legend = {t.get_text(): line.get_color() for t, line in
              zip(fig.axes[1].get_legend().get_texts(), fig.axes[1].get_legend().get_lines())}
    assert {name: legend[name] for name in ("GD", "Nesterov", "AdamW")} == {
        name: REGISTRY[name].color for name in ("GD", "Nesterov", "AdamW")}
    with pytest.raises(ValueError, match=r"not a name of one: 'adam', 'SGD'\. The names: GD, "):
        plots.adaptive_steps(*valley, {"adam": 0.1, "SGD": 0.1, "GD": 0.1}, updates=5)


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

def test_contour_labels_tell_the_loss_where_they_sit():
    """Every label on a contour map is the loss at its own place on the map (to its digits)."""
    X, y = data.make_line(n=40, seed=0)
    fig, (ax,) = plots.new_figure(1)
    plots.draw_contours(ax, X, y, ((-1.0, 5.0), (-2.0, 4.0)))
    fig.canvas.draw()
    labels = [t for t in ax.texts if t.get_text()]
    assert len(labels) >= 3
    for text in labels:
        w, b = text.get_position()
        shown = float(text.get_text())
        assert shown == pytest.approx(linear.loss(X, y, [w], b), rel=0.06), text
    fig, (ax,) = plots.new_figure(1)
    plots.draw_contours(ax, X, y, ((-1.0, 5.0), (-2.0, 4.0)), labels=False)
    assert not ax.texts


@pytest.mark.parametrize("value,text", [(0.1441, "0.14"), (1.37, "1.4"), (23.3, "23"),
                                        (2330.0, "2330"), (52000.0, "5e+04")])
def test_level_labels_are_short(value, text):
    assert plots.draw.level_label(value) == text


def test_convexity_figure_measures_the_rise_above_the_chord():
    x01, y01 = np.array([-3.0, -2, -1, 1, 2, 3]), np.array([0, 0, 1, 0, 1, 1])
    fig = plots.convexity(x01, y01, chord=(-4.0, 0.6))
    loss = lambda w: logistic.squared_error_from_logits(w * x01, y01)
    s = np.linspace(0, 1, 20001)                       # independent: a fine grid on the chord
    ws = -4.0 + s * 4.6
    rise = max(loss(w) - ((1 - t) * loss(-4.0) + t * loss(0.6)) for w, t in zip(ws, s))
    assert rise > 0.1                                   # large, not a round-off witness
    titles = [ax.get_title() for ax in fig.axes]
    assert f"rises {rise:.3f} above the chord" in titles[2] and "NOT convex" in titles[2]
    assert "convex" in titles[0] and "NOT" not in titles[0] + titles[1]
    gap, where = plots.chord_gap(loss, -4.0, 0.6)
    assert gap == pytest.approx(rise, abs=1e-4) and -4.0 < where < 0.6


def test_eigenvectors_diagonalise_the_hessian(line):
    lam, U = plots.eigenvectors(line.X)
    H = linear.hessian(line.X)
    np.testing.assert_allclose(H @ U, U * lam, atol=1e-12)
    np.testing.assert_allclose(U.T @ U, np.eye(2), atol=1e-12)
    assert lam[0] < lam[1] and np.all(U[0] >= 0)


def test_along_eigenvectors_shows_the_factors_of_the_theory():
    """The error components drawn in the last panel shrink by exactly |1 − αλ_i| per update."""
    X, y = data.make_narrow_line()
    fig = plots.along_eigenvectors(X, y, fractions=(0.05, 0.95), epochs=20, start=(0.0, 5.0))
    lam = np.linalg.eigvalsh(linear.hessian(X))
    panel = fig.axes[2]
    lines = {ln.get_label(): np.asarray(ln.get_ydata(), float) for ln in panel.lines}
    for f in (0.05, 0.95):
        for i, name in [(0, "u_min"), (1, "u_max")]:
            c = lines[f"{f:g}·α_crit, {name}"]
            ratios = c[1:] / c[:-1]
            np.testing.assert_allclose(ratios, abs(1 - f * 2 / lam[1] * lam[i]), rtol=1e-6)
    assert "κ = λ_max/λ_min = 103" in panel.get_title()
    assert "-0.900 (u_max)" in fig.axes[1].get_title()


def test_hovering_titles_give_the_rms_of_the_notebook_table(line):
    """03's figure and table measure the cloud alike: 100 epochs, the second half."""
    X, y = line
    w_bar, b_bar = linear.least_squares(X, y)
    fig = plots.sgd_hovering(X, y, [0.2, 0.05], batch_size=1, epochs=100)
    for ax, lr in zip(fig.axes, [0.2, 0.05]):
        h = gdlib.descend(linear, X, y, lr=lr, epochs=100, batch_size=1, w0=w_bar, b0=b_bar)
        late = slice(h.updates // 2, None)
        rms = np.sqrt(np.mean(np.hypot(h.ws[late, 0] - w_bar[0], h.bs[late] - b_bar) ** 2))
        assert ax.get_title().endswith(f"= {rms:.3g}")


def test_sgd_vs_gd_puts_updates_on_a_log_like_axis(line):
    fig = plots.sgd_vs_gd(line.X, line.y, 0.1, [1, 4], epochs=10)
    assert fig.axes[1].get_xscale() == "symlog" and fig.axes[2].get_xscale() == "linear"


# --- notebook 08: the network ---------------------------------------------------------------

@pytest.fixture(scope="module")
def moon_runs():
    ds = data.make_moons(n=80, noise=0.15, seed=0)
    X, y = data.standardize(ds.X)[0], ds.y
    a = gdlib.descend(gdlib.network, X, y, lr=2.0, epochs=150, seed=0, hidden=6)
    b = gdlib.descend(gdlib.network, X, y, lr=2.0, epochs=150, seed=1, hidden=6)
    return X, y, a, b


def test_network_figures_draw(moon_runs):
    X, y, a, b = moon_runs
    neuron = gdlib.descend(gdlib.softmax, X, y, lr=1.0, epochs=50)
    twin = gdlib.network.swap_units(a.params, 0, 1)
    figures = [
        (plots.why_a_hidden_layer(X, y, neuron.params, a.params), 3),
        (plots.not_convex(X, y, a.params, b.params), 2),
        (plots.loss_plane(X, y, [a.params, b.params, twin], ["A", "B", "A'"], num=12), 2),
        (plots.symmetric_start(X, y, a, b), 3),
        (plots.start_scales(X, y, [0.1, 1.0, 30.0], lr=1.0, epochs=20, hidden=6), 2),
        (plots.minima_from_seeds(X, y, {"a": a, "b": b}), 2),
        (plots.early_stopping(X[:40], y[:40], X[40:], y[40:], a), 4),     # + the ŷ colour bar
    ]
    for fig, axes in figures:
        assert isinstance(fig, Figure) and len(fig.axes) == axes
        fig.canvas.draw()


def test_early_stopping_shows_the_mistakes_growing_confident():
    """Notebook 08, section 6: between epoch 233 (lowest validation loss) and 1000 the
    validation mistakes barely change in number (20, 21 of 240), while their mean cost
    −log ŷ_y climbs from 2.43 to 4.11: that, not a new border, lifts the validation loss."""
    noisy = gdlib.data.make_moons(n=300, noise=0.3, seed=3)
    X, _, _ = gdlib.data.standardize(noisy.X)
    X_tr, X_val, y_tr, y_val = gdlib.data.train_test_split(X, noisy.y, test_fraction=0.8,
                                                           seed=0)
    big = gdlib.descend(gdlib.network, X_tr, y_tr, lr=1.0, epochs=1000, seed=0, hidden=32)
    fig = plots.early_stopping(X_tr, y_tr, X_val, y_val, big, noisy.target_names)
    titles = [ax.get_title() for ax in fig.axes[1:3]]
    assert titles[0].startswith("epoch 233 (early stopping)")
    assert titles[0].endswith(r"20 validation mistakes, mean $-\log\hat y_y$ = 2.43")
    assert titles[1].startswith("epoch 1000 (the end)")
    assert titles[1].endswith(r"21 validation mistakes, mean $-\log\hat y_y$ = 4.11")
    assert fig.axes[3].get_ylabel() == r"probability of lower moon, $\hat y$"
    # the share of the validation loss that the mistakes carry, as the notebook says
    for t, share, rest in [(233, "0.203", "0.045"), (1000, "0.359", "0.027")]:
        theta = [p[t] for p in big.trajectory]
        cost = -np.log(gdlib.network.predict(X_val, theta)[np.arange(len(y_val)), y_val])
        wrong = gdlib.network.classify(X_val, theta) != y_val
        assert f"{cost[wrong].sum() / len(y_val):.3f}" == share
        assert f"{cost[~wrong].sum() / len(y_val):.3f}" == rest
    # the border itself hardly moves: 5 % of the window changes class
    from gdlib.plots.draw import region_grid
    grid = region_grid(np.vstack([X_tr, X_val]), num=150)[2]
    early, end = ([p[t] for p in big.trajectory] for t in (233, 1000))
    changed = np.mean(gdlib.network.classify(grid, early) != gdlib.network.classify(grid, end))
    assert f"{changed:.0%}" == "5%"
    # ... but the network grows sure of itself: the pale band 0.1 < ŷ < 0.9 narrows
    unsure = [np.mean(np.abs(gdlib.network.predict(grid, theta)[:, 1] - 0.5) < 0.4)
              for theta in (early, end)]
    assert unsure[1] < 0.75 * unsure[0]


def test_early_stopping_without_validation_mistakes():
    X = np.array([[-2.0, 0.0], [-1.5, 0.5], [1.5, 0.0], [2.0, -0.5]])
    y = np.array([0, 0, 1, 1])
    run = gdlib.descend(gdlib.network, X, y, lr=1.0, epochs=30, seed=0, hidden=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plots.early_stopping(X, y, X + 0.1, y, run)
    assert fig.axes[1].get_title().endswith("no validation mistakes")


def test_the_loss_between_two_networks_is_the_loss_at_each_point(moon_runs):
    from gdlib.plots import network as netplots
    X, y, a, b = moon_runs
    s = np.array([0.0, 0.3, 1.0])
    L = netplots.losses_between(X, y, a.params, b.params, s)
    for si, Li in zip(s, L):
        theta = [(1 - si) * p + si * q for p, q in zip(a.params, b.params)]
        assert Li == pytest.approx(gdlib.network.loss(X, y, theta), rel=1e-12)


def test_swapped_units_give_a_chord_the_loss_rises_above(moon_runs):
    """The non-convexity the figure shows: equal ends, a higher middle."""
    from gdlib.plots import network as netplots
    X, y, a, _ = moon_runs
    i, j = netplots.most_different_units(a.params)
    L = netplots.losses_between(X, y, a.params, gdlib.network.swap_units(a.params, i, j),
                                np.linspace(0, 1, 21))
    assert L[0] == pytest.approx(L[-1], rel=1e-12) and L.max() > L[0] + 1e-3
    title = plots.not_convex(X, y, a.params, a.params).axes[1].get_title()
    assert "NOT convex" not in title                 # a point to itself: no bulge to report


def test_the_chord_axis_names_its_ends_in_the_language_of_the_course(moon_runs):
    X, y, a, b = moon_runs
    try:
        labels = {}
        for language in ("en", "es"):
            gdlib.set_language(language)
            labels[language] = plots.not_convex(X, y, a.params, b.params).axes[0].get_xlabel()
    finally:
        gdlib.set_language("en")
    assert labels["en"] == r"$s$, the point $(1-s)\,\theta_{start} + s\,\theta_{end}$"
    assert labels["es"] == r"$s$, el punto $(1-s)\,\theta_{inicio} + s\,\theta_{fin}$"


def test_momentum_paths_draws_each_path_in_its_own_panel(valley):
    fig = plots.momentum_paths(*valley, (1.0, -2.0), updates=20)
    paths, loss = fig.axes[:3], fig.axes[3]
    colors = [{line.get_color() for line in ax.lines if len(line.get_xdata()) > 1}
              for ax in paths]
    assert colors == [{plots.GD_COLOR}, {plots.SGD_COLOR}, {plots.CLASS_COLORS[3]}]  # one each
    assert "GD" in paths[0].get_title() and "β* = 0.674" in paths[1].get_title()
    assert len(loss.get_legend().get_texts()) == 3


def test_critical_theory_line_is_t_squared_rho_2t_through_the_end():
    from gdlib.plots import optimizers as figures
    rho, t = 0.82, np.arange(61)
    E = 50 * (1 + 0.3 * t) ** 2 * rho ** (2 * t)                     # (a + bt)² ρ^{2t}
    tt, line = figures.theory_line(E, rho, critical=True)
    assert tt[0] == 1 and line[-1] == pytest.approx(E[-1])
    np.testing.assert_allclose(line / (tt ** 2 * rho ** (2 * tt)),
                               line[-1] / (60 ** 2 * rho ** 120))


def test_the_optimal_heavy_ball_meets_its_t_squared_line_from_update_20(valley):
    """The notebook: 'from update 20 on the run stays within 4 % of it'."""
    from gdlib.plots import optimizers as figures
    X, y = valley
    _, loss_bar, lam = figures.valley(X, y)
    lr, beta, rho = quadratic.optimal_momentum(lam)
    E = figures.excess(figures.run(X, y, (1.0, -2.0), lr, 60, optimizers.Momentum(beta)), loss_bar)
    t, line = figures.theory_line(E, rho, critical=True)
    ratio = E[t] / line
    assert np.all(np.abs(ratio[t >= 20] - 1) < 0.04) and ratio[t == 10][0] > 1.04
    start_line = figures.theory_line(E, rho, reanchor=False)[1]          # ρ^{2t} from the start
    assert E[60] / start_line[60] > 1000                                  # "far below the run"


def test_error_per_mode_shows_the_measured_errors_and_their_rates(valley):
    X, y = valley
    runs = [("GD", 0.05, 0.0, False), ("momentum", 0.05, 0.95, False),
            ("Nesterov", 0.05, 0.95, True)]
    fig = plots.error_per_mode(X, y, (1.0, -2.0), runs, updates=40)
    texts = [[t.get_text() for t in ax.get_legend().get_texts()] for ax in fig.axes]
    assert texts[0][1].endswith("ρ = 0.388") and texts[1][0].endswith("ρ = 0.975")
    assert texts[2][0].endswith("ρ = 0.972") and texts[2][1].endswith("ρ = 0.607")
    nesterov = fig.axes[2].lines[2].get_ydata()                         # its steep mode, measured
    assert nesterov[20] < 1e-3 * fig.axes[1].lines[2].get_ydata()[20]   # orders of magnitude
    assert fig.axes[1].get_shared_y_axes().joined(fig.axes[0], fig.axes[1])


def test_the_star_label_of_the_rate_map_is_off_the_stability_line(valley):
    X, _y = valley
    fig = plots.momentum_rates(X)
    label = next(t for t in fig.axes[1].texts if "(α*, β*)" in t.get_text())
    lam = np.linalg.eigvalsh(linear.hessian(X))
    x, y = label.xyann if hasattr(label, "xyann") else label.get_position()
    assert quadratic.rate(lam, x, y) < 0.95                     # well inside the stable side


def test_range_test_marks_alpha_crit_and_does_not_call_the_suggestion_steepest_descent(valley):
    X, y = valley
    fig = plots.range_test(gdlib.lr_range_test(linear, X, y, updates=40), alpha_crit=0.16)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("α_crit = 2/λ_max = 0.16" in t for t in labels)
    assert not any("steepest descent" in t for t in labels)


def test_the_schedules_have_a_legend_on_both_panels(valley):
    X, y = valley
    fig = plots.schedules_compared(X, y, {"constant": 0.05, "1/t": gdlib.schedules.inverse_time(
        0.05, 10)}, (1.0, -2.0), epochs=3)
    assert all(ax.get_legend() is not None for ax in fig.axes)


def test_nesterovs_loss_falls_orders_of_magnitude_faster_through_the_steep_mode(valley):
    """Notebook 07 §3: at α = 0.05, β = 0.95 Nesterov's loss falls about a hundred times below
    heavy ball's, because the steep mode, nearly all of the loss at first, dies at 0.61."""
    from gdlib.plots import optimizers as figures
    X, y = valley
    optimum, loss_bar, lam = figures.valley(X, y)
    runs = {n: figures.run(X, y, (1.0, -2.0), 0.05, 80, optimizers.Momentum(0.95, nesterov=n))
            for n in (False, True)}
    E = {n: figures.excess(h, loss_bar) for n, h in runs.items()}
    peaks = lambda E: np.array([E[t:t + 10].max() for t in range(10, 80, 10)])
    ratio = peaks(E[False]) / peaks(E[True])       # "70 to 360 times lower from update 10 on"
    assert ratio.min() > 69 and ratio.max() < 361 and round(ratio.min()) == 70
    e0 = quadratic.errors_along_eigenvectors([[1.0, -2.0]], optimum, linear.hessian(X))[0]
    share = lam[1] * e0[1] ** 2 / (lam @ e0 ** 2)                 # the steep mode's part of L − L̄
    assert share > 0.95


def test_the_diabetes_range_test_is_flat_to_about_1e_3_not_to_0_005():
    """Notebook 07 §6: 'flat to about 10⁻³' (the loss is already 17 % down at 0.005), and it
    blows up within a factor of 2 above α_crit = 0.497."""
    dia = data.load_diabetes()
    X, y = data.standardize(dia.X)[0], dia.y
    finder = gdlib.lr_range_test(linear, X, y, alpha_start=1e-4, alpha_end=10.0, updates=200,
                                 batch_size=32)
    drop = lambda alpha: 1 - finder.losses[np.searchsorted(finder.alphas, alpha)] / finder.losses[0]
    assert drop(1e-3) < 0.05 and drop(5e-3) > 0.15
    crit = linear.critical_learning_rate(X)
    assert round(crit, 3) == 0.497 and crit < finder.blowup < 2 * crit
