"""Headless tests of the explorers: every control changes what the student sees."""
import numpy as np
import pytest

from gdlib import data, widgets

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def explorers():
    line = data.make_line(n=40, seed=0)
    dia = data.load_diabetes(features="bmi")
    bc = data.load_breast_cancer(features=("mean radius", "mean texture"))
    iris = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
    moons = data.make_moons(n=200, noise=0.15, seed=0)
    X_tr, X_val, y_tr, y_val = data.train_test_split(data.standardize(moons.X)[0], moons.y,
                                                     test_fraction=0.3, seed=0)
    return {
        "surface": lambda: widgets.surface_explorer(line.X, line.y),
        "gd": lambda: widgets.gd_explorer(line.X, line.y, narrow=data.make_narrow_line()),
        "sgd": lambda: widgets.sgd_explorer(line.X, line.y),
        "regression": lambda: widgets.regression_explorer(dia.X, dia.y),
        "logistic": lambda: widgets.logistic_explorer(data.standardize(bc.X)[0], bc.y),
        "softmax": lambda: widgets.softmax_explorer(data.standardize(iris.X)[0], iris.y),
        "optimizers": lambda: widgets.optimizer_explorer(*data.make_line(n=40, seed=0,
                                                                         x_range=(1, 5))),
        "network": lambda: widgets.network_explorer(X_tr, y_tr, X_val, y_val),
    }


def test_every_explorer_is_listed(explorers):
    assert set(explorers) == set(widgets.EXPLORERS)


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_explorer_draws_a_png_and_tags_its_widgets(explorers, name):
    ex = explorers[name]()
    assert bytes(ex.image.value).startswith(PNG)
    assert "gd-explorer" in ex.widget._dom_classes
    assert "gd-figure" in ex.image._dom_classes and "gd-status" in ex.status._dom_classes
    for key, control in ex.controls.items():
        assert {"gd-control", f"gd-control-{key}"} <= set(control._dom_classes)
        assert control.style.description_width == "initial"   # labels never cut off
    assert ex.status.value and "nan" not in ex.status.value.lower()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_every_control_changes_the_figure(explorers, name):
    ex = explorers[name]()
    for key, control in ex.controls.items():
        if getattr(control, "disabled", False):      # switched off: a student cannot move it
            continue
        before, status = bytes(ex.image.value), ex.status.value
        if isinstance(control.value, bool):
            control.value = not control.value
        elif hasattr(control, "options"):            # a dropdown or toggle buttons
            control.value = next(o for o in control.options if o != control.value)
        elif key == "lr":
            control.value = control.value * 0.5
        elif key == "batch_size":
            control.value = max(control.min, control.value // 2 if control.value > 1 else 2)
        elif isinstance(control.value, float):
            control.value = control.min + 0.7 * (control.max - control.min)
        else:            # halve it, or step up from the minimum (a seed of 0)
            control.value = (max(control.min, control.value // 2)
                             if control.value > control.min else control.value + 1)
        assert bytes(ex.image.value) != before, f"moving {key} did not redraw the figure"
        assert ex.status.value != status, f"moving {key} did not update the status"


@pytest.mark.parametrize("name", [n for n in widgets.EXPLORERS if n != "surface"])
def test_largest_learning_rate_reports_divergence(explorers, name):
    ex = explorers[name]()
    assert not ex.history.diverged and "diverged" not in ex.status.value
    ex.controls["lr"].value = 10 ** ex.controls["lr"].max
    assert ex.history.diverged
    assert "diverged" in ex.status.value and "nan" not in ex.status.value.lower()
    ex.controls["lr"].value = 10 ** ex.controls["lr"].min
    assert not ex.history.diverged and "diverged" not in ex.status.value


def test_larger_lr_gives_a_different_trajectory(explorers):
    ex = explorers["gd"]()
    ws = ex.history.ws.copy()
    ex.controls["lr"].value *= 2
    assert ex.history.ws.shape == ws.shape and not np.allclose(ex.history.ws, ws)


def test_gd_slider_spans_alpha_crit(explorers):
    ex = explorers["gd"]()
    lo, hi = 10 ** ex.controls["lr"].min, 10 ** ex.controls["lr"].max
    assert lo < ex.alpha_crit < hi and "α_crit" in ex.status.value


def test_sgd_batch_size_runs_from_1_to_n_and_full_batch_matches_gd(explorers):
    ex = explorers["sgd"]()
    c = ex.controls["batch_size"]
    assert (c.min, c.max) == (1, 40)
    c.value = 40
    np.testing.assert_array_equal(ex.result["SGD"].losses, ex.result["GD"].losses)
    c.value = 1
    assert ex.history.updates == 40 * ex.controls["epochs"].value


def test_the_narrow_switch_changes_the_bowl_and_keeps_alpha_over_alpha_crit(explorers):
    ex = explorers["gd"]()
    lr = ex.controls["lr"]
    lr.value = 0.95 * ex.alpha_crit
    round_crit, round_path = ex.alpha_crit, ex.history.ws.copy()
    ex.controls["narrow"].value = True
    narrow = data.make_narrow_line()
    from gdlib import linear
    assert ex.alpha_crit == pytest.approx(linear.critical_learning_rate(narrow.X))
    assert ex.alpha_crit < round_crit / 5                         # a steeper bowl
    assert lr.value / ex.alpha_crit == pytest.approx(0.95)        # the same regime
    assert 10 ** lr.min < ex.alpha_crit < 10 ** lr.max
    assert ex.history.ws[0, 0] == 0.0 and ex.history.bs[0] == 5.0  # narrow_start
    assert "0.95" in ex.status.value and not ex.history.diverged
    lr.value = 10 ** lr.max                                       # 4 α_crit of this bowl
    assert ex.history.diverged
    ex.controls["narrow"].value = False
    assert ex.alpha_crit == round_crit and ex.history.diverged    # still 4 α_crit
    lr.value = 0.95 * round_crit
    np.testing.assert_allclose(ex.history.ws, round_path)


def test_a_narrow_bowl_must_be_one_feature_data():
    line = data.make_line(n=10)
    with pytest.raises(ValueError, match="one-feature data"):
        widgets.gd_explorer(line.X, line.y, narrow=(np.zeros((10, 2)), line.y))


def test_epochs_slider_sets_run_length(explorers):
    ex = explorers["gd"]()
    ex.controls["epochs"].value = 7
    assert ex.history.updates == 7 and len(ex.history.losses) == 8


def test_standardize_changes_the_problem(explorers):
    ex = explorers["regression"]()
    scaled_crit = ex.alpha_crit
    ex.controls["standardize"].value = False
    assert ex.alpha_crit < scaled_crit / 100     # raw BMI: a badly conditioned bowl
    ex.controls["standardize"].value = True
    assert ex.alpha_crit == pytest.approx(scaled_crit)


def test_surface_explorer_status_shows_the_loss(explorers):
    ex = explorers["surface"]()
    w, b, L = ex.result
    assert f"{L:.4g}" in ex.status.value


@pytest.mark.parametrize("make,X,y,match", [
    (widgets.logistic_explorer, np.zeros((4, 3)), [0, 1, 0, 1], "2-D data"),
    (widgets.softmax_explorer, np.zeros((4, 1)), [0, 1, 2, 1], "2-D data"),
    (widgets.regression_explorer, np.zeros((4, 2)), [0.0, 1, 2, 3], "one feature"),
    (widgets.gd_explorer, np.zeros((4, 1)), [0.0, 1, np.nan, 3], "NaN"),
    (widgets.logistic_explorer, np.zeros((4, 2)), [0, 1, 2, 1], r"labels in \[0, 2\)"),
])
def test_explorers_reject_bad_data(make, X, y, match):
    with pytest.raises(ValueError, match=match):
        make(X, np.asarray(y))


@pytest.mark.parametrize("name", ["sgd", "regression", "logistic", "softmax", "network"])
def test_small_batches_shrink_the_epochs_range_to_stay_quick(explorers, name):
    ex = explorers[name]()
    size, epochs = ex.controls["batch_size"], ex.controls["epochs"]
    full_max = epochs.max
    size.value = 1
    k = size.max                                     # |B| = 1: n updates per epoch
    assert epochs.max == max(1, min(full_max, widgets.MAX_UPDATES // k))
    assert epochs.value <= epochs.max
    assert ex.history.updates <= max(widgets.MAX_UPDATES, k)
    assert ex.history.epochs_run == epochs.value     # one run, at the clamped value
    if epochs.max < full_max:
        assert f"epochs go up to {epochs.max}" in ex.status.value
    size.value = size.max                            # full batch: the whole range again
    assert epochs.max == full_max and "epochs go up to" not in ex.status.value


def test_a_clamped_epochs_slider_updates_once(explorers, monkeypatch):
    ex = explorers["logistic"]()
    runs = []
    original = ex.run
    monkeypatch.setattr(ex, "run", lambda **v: runs.append(v) or original(**v))
    ex.controls["batch_size"].value = 1              # clamps epochs from 50 down to 5
    assert len(runs) == 1 and runs[0]["epochs"] == ex.controls["epochs"].value


# --- notebook 07: the optimizer explorer ------------------------------------------------------

def test_optimizer_explorer_runs_every_optimizer_with_its_theory(explorers):
    from gdlib import optimizers, quadratic
    ex = explorers["optimizers"]()
    for name in ex.controls["optimizer"].options:
        ex.controls["optimizer"].value = name
        h = ex.history
        assert not h.diverged and h.losses[-1] < h.losses[0]
        has_theory = name in ("GD", "momentum", "Nesterov")
        assert ("theory: ρ = " in ex.status) == has_theory
        assert (ex.rho is None) != has_theory             # the page draws "no rate theory"
        assert ex.controls["beta"].disabled == (name in ("GD", "AdaGrad", "RMSProp"))
        if name == "Nesterov":
            assert h.optimizer == optimizers.Momentum(ex.controls["beta"].value, nesterov=True)
            rho = quadratic.rate(ex.lam, h.lr, h.optimizer.beta, True)
            assert f"ρ = {rho:.3g}" in ex.status
        if name == "Adam":
            assert h.optimizer.beta1 == ex.controls["beta"].value
    assert "Adam's β₁" == ex.controls["beta"].description
    ex.controls["optimizer"].value = "GD"
    assert ex.controls["beta"].disabled and ex.controls["beta"].description == "β (not used)"


def test_optimizer_explorer_sends_both_bowls_and_indices_to_the_page(explorers):
    from gdlib import quadratic
    ex = explorers["optimizers"]()
    problem = ex.figure.problem
    assert problem["optimizers"][ex.figure.optimizer] == ex.controls["optimizer"].value
    assert problem["bowl_names"][ex.figure.bowl] == ex.controls["bowl"].value
    assert set(problem["bowls"]) == {"narrow", "round"}
    # α = 0.05 is not on the slider's grid: the kernel takes the value the page's slider shows
    assert ex.controls["lr"].value == pytest.approx(10 ** -1.3, rel=1e-12)
    for name, bowl in ex.bowls.items():
        sent = problem["bowls"][name]
        assert sent["lam"] == list(bowl.lam) and sent["loss_bar"] == bowl.loss_bar
        assert sent["backdrop"]["png"][:8] == PNG and len(sent["backdrop"]["tiles"]) == 1
        E0 = quadratic.excess(ex.run("GD", 0.01, 0.0, 40, 1, name), bowl.loss_bar)[0]
        low, high = sent["backdrop"]["axes"][1]["y"]   # the excess panel holds every run
        assert low < quadratic.FLOOR * E0 / 1.5          # round-off drawn inside, not on the spine
        assert high >= 100 * max(E0 + bowl.loss_bar, 1)


def test_optimizer_explorer_bowls_and_optimal_settings(explorers):
    from gdlib import quadratic
    ex = explorers["optimizers"]()
    assert quadratic.condition_number(ex.lam) > 50 and "κ = 103" in ex.status
    lr, beta, rho = quadratic.optimal_momentum(ex.lam)
    ex.controls["beta"].value = round(beta, 2)
    ex.controls["lr"].value = lr
    fast = ex.history.losses[-1]
    ex.controls["optimizer"].value = "GD"
    ex.controls["lr"].value = quadratic.optimal_gd(ex.lam)[0]
    assert fast < ex.history.losses[-1]
    ex.controls["bowl"].value = "round"
    assert quadratic.condition_number(ex.lam) == pytest.approx(1.0)
    ex.controls["lr"].value = 1.0                    # H = I: GD lands on θ̄ in one update
    assert "ρ = 0 per update" in ex.status


def test_the_explorers_maths_lives_in_quadratic_and_keeps_its_old_names():
    from gdlib import quadratic
    from gdlib.plots import optimizers as figures
    for name in ("valley", "excess", "theory_line", "FLOOR"):
        assert getattr(figures, name) is getattr(quadratic, name)   # notebooks keep working


def test_optimizer_explorer_rejects_bad_choices():
    X, y = data.make_line(n=40, seed=0)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        widgets.optimizer_explorer(X, y, optimizer="lbfgs")
    with pytest.raises(ValueError, match="bowl must be"):
        widgets.optimizer_explorer(X, y, bowl="flat")
def test_network_explorer_follows_the_validation_loss_and_the_width(explorers):
    from gdlib import network
    ex = explorers["network"]()
    h, val = ex.result
    np.testing.assert_allclose(val, network.loss_path(ex.X_val, ex.y_val, h.trajectory))
    assert "validation" in ex.status.value and "early stopping" in ex.status.value
    ex.controls["hidden"].value = 3
    assert [p.shape for p in ex.history.params] == [(2, 3), (3,), (3, 2), (2,)]
    ex.controls["seed"].value = 5
    again = widgets.network_explorer(ex.X, ex.y, ex.X_val, ex.y_val, hidden=3, seed=5)
    np.testing.assert_array_equal(again.history.losses, ex.history.losses)   # seeded
    assert again.image.value == ex.image.value


def test_network_explorer_rejects_bad_data():
    X, y = data.make_moons(n=20)
    with pytest.raises(ValueError, match="2-D data"):
        widgets.network_explorer(np.c_[X, X], y, X, y)
    with pytest.raises(ValueError, match=r"labels in \[0, 2\)"):
        widgets.network_explorer(X, y, X, np.r_[y[:-1], 2])
    with pytest.raises(ValueError, match="lr"):
        widgets.network_explorer(X, y, X, y, lr=0.0)
    with pytest.raises(ValueError, match="both X_val and y_val"):
        widgets.network_explorer(X, y, X)


def test_network_explorer_holds_out_a_validation_set_when_given_none():
    X, y = data.make_moons(n=50, seed=2)
    ex = widgets.network_explorer(X, y, epochs=5)
    X_tr, X_val, y_tr, y_val = data.train_test_split(X, y, test_fraction=0.3, seed=0)
    np.testing.assert_array_equal(ex.X_val, X_val)
    np.testing.assert_array_equal(ex.y, y_tr)


def _set(ex, values):
    """Set the controls to values, |B| before epochs (|B| may lower the epochs' maximum)."""
    for key in sorted(values, key=lambda k: k != "batch_size"):
        ex.controls[key].value = values[key]


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_after_a_burst_of_moves_the_figure_and_status_show_the_final_values(explorers, name):
    """No stale frame: after many quick moves of every slider (new limits, kept frames,
    back and forth), the figure and the status line are those of a fresh explorer set to
    the final values, pixel for pixel and word for word."""
    ex = explorers[name]()
    rng = np.random.default_rng(1)
    sliders = [k for k, c in ex.controls.items() if not isinstance(c.value, bool)]
    for _ in range(15):
        c = ex.controls[sliders[rng.integers(len(sliders))]]
        if hasattr(c, "options"):                        # a dropdown or toggle buttons
            c.value = c.options[rng.integers(len(c.options))]
        elif type(c).__name__ == "FloatLogSlider":
            c.value = 10 ** (c.min + c.step * rng.integers(0, round((c.max - c.min) / c.step) + 1))
        elif isinstance(c.value, float):
            c.value = c.min + c.step * rng.integers(0, round((c.max - c.min) / c.step) + 1)
        else:
            c.value = int(rng.integers(c.min, c.max + 1))
    fresh = explorers[name]()
    _set(fresh, ex.values())
    assert fresh.values() == ex.values()
    assert bytes(ex.image.value) == bytes(fresh.image.value), "the figure is not the final values'"
    assert ex.status.value == fresh.status.value, "the status line is not the final values'"
