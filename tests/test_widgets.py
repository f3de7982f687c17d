"""Headless tests of the explorers: every control changes what the student sees."""
import numpy as np
import pytest

from gdlib import data, widgets

PNG = b"\x89PNG\r\n\x1a\n"


def status_of(ex):
    """The status line the student reads (HTML)."""
    return ex.status


def picture_of(ex):
    """What the page draws: the run (its losses and trajectory; tests/e2e/test_parity*.py
    check that the page draws gdlib's run)."""
    result = ex.result
    runs = (result.values() if isinstance(result, dict)
            else result if isinstance(result, tuple) else [result])   # network: (run, val)
    return [(h.losses.tobytes(), [p.tobytes() for p in h.trajectory]) if hasattr(h, "losses")
            else np.asarray(h).tobytes() for h in runs]


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
def test_explorer_is_drawn_in_the_page_and_tags_its_widgets(explorers, name):
    ex = explorers[name]()
    assert "gd-explorer" in ex.widget._dom_classes
    assert_drawn_in_the_browser(ex)
    for key, control in ex.controls.items():
        if hasattr(control, "step") and isinstance(control.value, float):   # as the page shows it
            where = np.log10(control.value) if hasattr(control, "base") else control.value
            k = (where - control.min) / control.step
            assert abs(k - round(k)) < 1e-6, f"{key} = {control.value} is off its slider's grid"
        assert {"gd-control", f"gd-control-{key}"} <= set(control._dom_classes)
        assert control.style.description_width == "initial"   # labels never cut off
    assert status_of(ex) and "nan" not in status_of(ex).lower()
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def assert_drawn_in_the_browser(ex):
    """A figure drawn in the browser: its kind's module, the problem and texts sent once,
    a backdrop PNG for each setting, and every control linked to the figure in the page."""
    from gdlib.widgets import front
    fig = ex.figure
    assert isinstance(fig, front.Figure) and fig._esm.startswith("// gdlib.descend in the browser")
    assert "export default" in fig._esm and fig.problem and fig.texts
    linked = {(link.source[0].model_id, link.target[1]) for link in ex.links}
    for key, control in ex.controls.items():
        assert (control.model_id, key) in linked, f"{key} is not linked to the figure in the page"
        synced = "index" if hasattr(control, "options") else "value"   # a menu: its index
        assert getattr(fig, key) == getattr(control, synced), f"the figure starts at another {key}"
    found = []

    def pngs(value):
        if isinstance(value, dict):
            if "png" in value:
                found.append(bytes(value["png"]))
            for v in value.values():
                pngs(v)
        elif isinstance(value, list):
            for v in value:
                pngs(v)
    pngs(fig.problem)
    assert found and all(p.startswith(PNG) for p in found)


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_every_control_changes_the_figure(explorers, name):
    ex = explorers[name]()
    for key, control in ex.controls.items():
        if getattr(control, "disabled", False):      # switched off: a student cannot move it
            continue
        before, status = picture_of(ex), status_of(ex)
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
        assert picture_of(ex) != before, f"moving {key} did not redraw the figure"
        assert status_of(ex) != status, f"moving {key} did not update the status"


@pytest.mark.parametrize("name", [n for n in widgets.EXPLORERS if n != "surface"])
def test_largest_learning_rate_reports_divergence(explorers, name):
    ex = explorers[name]()
    assert not ex.history.diverged and "diverged" not in status_of(ex)
    ex.controls["lr"].value = 10 ** ex.controls["lr"].max
    assert ex.history.diverged
    assert "diverged" in status_of(ex) and "nan" not in status_of(ex).lower()
    ex.controls["lr"].value = 10 ** ex.controls["lr"].min
    assert not ex.history.diverged and "diverged" not in status_of(ex)


def test_larger_lr_gives_a_different_trajectory(explorers):
    ex = explorers["gd"]()
    ws = ex.history.ws.copy()
    ex.controls["lr"].value *= 2
    assert ex.history.ws.shape == ws.shape and not np.allclose(ex.history.ws, ws)


def test_gd_slider_spans_alpha_crit(explorers):
    ex = explorers["gd"]()
    lo, hi = 10 ** ex.controls["lr"].min, 10 ** ex.controls["lr"].max
    assert lo < ex.alpha_crit < hi and "α_crit" in status_of(ex)


def test_sgd_batch_size_runs_from_1_to_n_and_full_batch_matches_gd(explorers):
    ex = explorers["sgd"]()
    c = ex.controls["batch_size"]
    assert (c.min, c.max) == (1, 40)
    c.value = 40
    np.testing.assert_array_equal(ex.result["SGD"].losses, ex.result["GD"].losses)
    c.value = 1
    assert ex.history.updates == 40 * ex.controls["epochs"].value


def page_moves_lr(ex, before):
    """What the page does when the narrow-bowl checkbox flips (js/paths.js ``switchedLr``),
    as JupyterLab syncs it to the kernel: the α slider takes the new bowl's range and keeps
    α / α_crit, on its grid (the page's code itself: tests/e2e/test_parity.py, test_site.py)."""
    lr, now = ex.controls["lr"], ex.bowls[ex.bowl]
    ratio = lr.value / ex.bowls[before].alpha_crit
    lr.min, lr.max = min(lr.min, now.lr_range[0]), max(lr.max, now.lr_range[1])
    lr.value = ratio * now.alpha_crit
    lr.min, lr.max = now.lr_range
    widgets.base.on_grid(lr)


def test_the_narrow_switch_changes_the_bowl_and_the_page_keeps_alpha_over_alpha_crit(explorers):
    ex = explorers["gd"]()
    lr = ex.controls["lr"]
    below = 10 ** -lr.step                         # one slider step below α_crit: 0.891 α_crit
    lr.value = below * ex.alpha_crit
    round_crit, round_path = ex.alpha_crit, ex.history.ws.copy()
    sent = ex.figure.problem["bowls"]
    assert [lr.min, lr.max] == sent["round"]["lr_range"]          # the page's ranges, per bowl
    ex.controls["narrow"].value = True
    narrow = data.make_narrow_line()
    from gdlib import linear
    assert ex.bowl == "narrow"
    assert ex.alpha_crit == pytest.approx(linear.critical_learning_rate(narrow.X))
    assert ex.alpha_crit < round_crit / 5                         # a steeper bowl
    assert ex.history.ws[0, 0] == 0.0 and ex.history.bs[0] == 5.0  # narrow_start
    assert lr.value == below * round_crit                         # the kernel moves no slider
    page_moves_lr(ex, "round")
    assert [lr.min, lr.max] == sent["narrow"]["lr_range"]
    assert lr.value / ex.alpha_crit == pytest.approx(below)       # the same regime
    assert 10 ** lr.min < ex.alpha_crit < 10 ** lr.max
    assert "α / α_crit = 0.891" in status_of(ex) and not ex.history.diverged
    lr.value = 10 ** lr.max                                       # 4 α_crit of this bowl
    assert ex.history.diverged
    ex.controls["narrow"].value = False
    page_moves_lr(ex, "narrow")
    assert ex.alpha_crit == round_crit and ex.history.diverged    # still 4 α_crit
    lr.value = below * round_crit
    np.testing.assert_allclose(ex.history.ws, round_path)


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_the_page_gets_the_controls_it_moves(explorers, name):
    """The figure names its controls' widget models (the page sets their ranges itself)."""
    ex = explorers[name]()
    assert ex.figure.controls == {k: f"IPY_MODEL_{c.model_id}" for k, c in ex.controls.items()}
    assert all(ex.figure.controls.values())


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
    scaled_crit, scaled_run = ex.alpha_crit, ex.history
    ex.controls["standardize"].value = False
    assert ex.alpha_crit < scaled_crit / 100     # raw BMI: a badly conditioned bowl
    assert ex.history.losses[-1] > scaled_run.losses[-1] and "for this scaling" in ex.status
    ex.controls["standardize"].value = True
    assert ex.alpha_crit == pytest.approx(scaled_crit)


def test_regression_explorer_sends_a_backdrop_for_each_setting_of_the_switch(explorers):
    from gdlib import linear
    ex = explorers["regression"]()
    raw, scaled = (ex.figure.problem["backdrops"][k] for k in ("raw", "standardized"))
    assert bytes(raw["png"]).startswith(PNG) and bytes(raw["png"]) != bytes(scaled["png"])
    assert raw["axes"][0]["x"] != scaled["axes"][0]["x"]           # w in other units
    assert raw["axes"][2]["y"] == scaled["axes"][2]["y"]           # one loss range for both
    lo, hi = raw["axes"][2]["y"]
    w, b = linear.least_squares(ex.X_raw, ex.y)
    assert lo <= linear.loss(ex.X_raw, ex.y, w, b) and linear.loss(ex.X_raw, ex.y, [0.0], 0.0) < hi
    assert raw["tiles"][0][-1]["xmax"] >= widgets.MAX_UPDATES      # the longest run fits
    for standardize in (True, False):                              # the line in raw units
        ex.controls["standardize"].value = standardize
        w, b = ex.fitted_line(ex.history)
        X = ex.scaled if standardize else ex.X_raw
        np.testing.assert_allclose(w * ex.X_raw[:, 0] + b,
                                   linear.predict(X, ex.history.w, ex.history.b))


def test_surface_explorer_status_shows_the_loss(explorers):
    ex = explorers["surface"]()
    w, b, L = ex.result
    assert f"{L:.4g}" in ex.status
    ex.controls["w"].value = ex.controls["w"].max
    assert ex.result[2] > L and f"{ex.result[2]:.4g}" in ex.status
    assert ex.figure.texts["surface"].startswith("L(w = {w}")


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
def test_small_batches_cap_the_epochs_as_the_page_does(explorers, name):
    ex = explorers[name]()
    size, epochs = ex.controls["batch_size"], ex.controls["epochs"]
    full_max = epochs.max
    assert full_max == ex.epochs_cap() == ex.max_epochs
    epochs.value = full_max
    size.value = 1
    k = size.max                                     # |B| = 1: n updates per epoch
    cap = max(1, min(full_max, widgets.MAX_UPDATES // k))
    assert ex.epochs_cap() == cap
    # the kernel runs what the page runs (js/status.js cappedEpochs), before the page has
    # lowered the slider (js/controls.js fitEpochs), and after
    assert ex.history.epochs_run == cap and ex.history.updates <= max(widgets.MAX_UPDATES, k)
    if cap < full_max:
        assert f"epochs go up to {cap}" in status_of(ex)
    before = ex.history
    epochs.max = cap                                 # the page's move, synced to the kernel
    assert epochs.value == cap and ex.history is before
    size.value = size.max                            # full batch: the whole range again
    assert ex.epochs_cap() == full_max and "epochs go up to" not in status_of(ex)


def test_an_explorer_starts_with_the_epochs_range_of_its_batch_size():
    line = data.make_line(n=40, seed=0)
    ex = widgets.sgd_explorer(line.X, line.y, batch_size=1, epochs=200, max_epochs=200)
    cap = max(1, min(ex.max_epochs, widgets.MAX_UPDATES // 40))
    assert ex.controls["epochs"].max == cap == ex.epochs_cap() < ex.max_epochs
    assert ex.controls["epochs"].value == cap and ex.figure.epochs == cap


def test_a_clamped_epochs_slider_updates_once(explorers, monkeypatch):
    ex = explorers["logistic"]()
    runs = []
    original = ex.run
    monkeypatch.setattr(ex, "run", lambda **v: runs.append(v) or original(**v))
    ex.controls["batch_size"].value = 1              # the page clamps epochs from 50 down to 5
    ex.controls["epochs"].max = ex.epochs_cap()
    ex.history                                       # the kernel reruns when asked
    assert len(runs) == 1 and runs[0]["epochs"] == ex.controls["epochs"].value == 5


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
    assert "validation" in ex.status and "early stopping" in ex.status
    ex.controls["hidden"].value = 3
    assert [p.shape for p in ex.history.params] == [(2, 3), (3,), (3, 2), (2,)]
    ex.controls["seed"].value = 5
    again = widgets.network_explorer(ex.X, ex.y, ex.X_val, ex.y_val, hidden=3, seed=5)
    np.testing.assert_array_equal(again.history.losses, ex.history.losses)   # seeded
    assert again.status == ex.status


def test_network_explorer_sends_every_start_and_the_generator_after_it(explorers):
    """The page runs any (seed, h) without the kernel: the kernel sends θ⁰ of every one, as
    gdlib.descend draws it, and numpy's PCG64 state after it (js/network.js draws the epochs'
    shuffles from it; tests/e2e/test_parity_network.py checks its permutations)."""
    from gdlib import descent, network
    from gdlib.widgets.network import MAX_SEED, starts
    ex = explorers["network"]()
    problem = ex.figure.problem
    assert (problem["max_hidden"], problem["max_seed"]) == (32, MAX_SEED) == (32, 20)
    flat = np.frombuffer(bytes(problem["starts"]), dtype="<f8")
    assert flat.size == (MAX_SEED + 1) * sum(2 * h + 2 * h for h in range(1, 33))   # d = K = 2
    at = 0
    for seed in range(MAX_SEED + 1):
        for h in range(1, 33):
            if (seed, h) in [(0, 1), (0, 16), (7, 5), (20, 32)]:
                run = descent.descend(network, ex.X, ex.y, lr=1.0, epochs=1, seed=seed, hidden=h)
                W1, _, W2, _ = (path[0] for path in run.trajectory)
                np.testing.assert_array_equal(flat[at:at + 2 * h], W1.ravel())
                np.testing.assert_array_equal(flat[at + 2 * h:at + 4 * h], W2.ravel())
                state = problem["rng"][seed][h - 1]
                rng = np.random.default_rng(0)
                rng.bit_generator.state = {
                    "bit_generator": "PCG64", "has_uint32": state["has_uint32"],
                    "uinteger": state["uinteger"],
                    "state": {k: int(v) for k, v in state["state"].items()}}
                orders = descent.shuffles(network, ex.X, ex.y, epochs=3, seed=seed, hidden=h)
                np.testing.assert_array_equal([rng.permutation(len(ex.y)) for _ in range(3)],
                                              orders)
            at += 4 * h
    assert starts(ex.X, ex.y, 32)[0].size == flat.size


def test_network_explorer_loss_panel_holds_the_usual_runs(explorers):
    """The fixed loss range [LOSS_FLOOR, 2 × the highest starting loss, snapped]: the default
    run, and its longest and widest versions, stay inside it."""
    from gdlib.widgets.network import LOSS_FLOOR
    ex = explorers["network"]()
    losses = ex.figure.problem["backdrop"]["axes"][1]
    low, high = losses["y"]
    assert losses["ylog"] and low == LOSS_FLOOR
    for values in [{}, {"epochs": 500}, {"epochs": 500, "hidden": 32}, {"batch_size": 10}]:
        _set(ex, values)
        h, val = ex.result
        assert low < min(h.losses.min(), val.min()) and h.losses[0] < high / 2, values


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
    assert picture_of(ex) == picture_of(fresh), "the figure is not the final values'"
    assert status_of(ex) == status_of(fresh), "the status line is not the final values'"
