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
    return {
        "surface": lambda: widgets.surface_explorer(line.X, line.y),
        "gd": lambda: widgets.gd_explorer(line.X, line.y),
        "sgd": lambda: widgets.sgd_explorer(line.X, line.y),
        "regression": lambda: widgets.regression_explorer(dia.X, dia.y),
        "logistic": lambda: widgets.logistic_explorer(data.standardize(bc.X)[0], bc.y),
        "softmax": lambda: widgets.softmax_explorer(data.standardize(iris.X)[0], iris.y),
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
        before, status = bytes(ex.image.value), ex.status.value
        if isinstance(control.value, bool):
            control.value = not control.value
        elif key == "lr":
            control.value = control.value * 0.5
        elif key == "batch_size":
            control.value = max(control.min, control.value // 2 if control.value > 1 else 2)
        else:
            control.value = control.min + 0.7 * (control.max - control.min) \
                if isinstance(control.value, float) else max(control.min, control.value // 2)
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


@pytest.mark.parametrize("name", ["sgd", "regression", "logistic", "softmax"])
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
        if type(c).__name__ == "FloatLogSlider":
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
