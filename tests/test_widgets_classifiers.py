"""The classifier explorers of notebooks 05–06 (drawn in the browser): what the kernel sends
the page, the loss panel's fixed range, the one threshold rule, the status line.

The page's own numbers are tested against these in tests/e2e/test_parity_classifiers.py.
"""
import numpy as np
import pytest

import gdlib
from gdlib import data, descent, logistic, plots, softmax, widgets
from gdlib.widgets import classifiers, front

CANCER = data.load_breast_cancer(features=("mean radius", "mean texture"))
IRIS = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
#: The data of the explorer cells of notebooks 05 and 06.
NOTEBOOK_DATA = {"logistic": (logistic, data.standardize(CANCER.X)[0], CANCER.y),
                 "softmax": (softmax, data.standardize(IRIS.X)[0], IRIS.y)}
MAKE = {"logistic": lambda: widgets.logistic_explorer(*NOTEBOOK_DATA["logistic"][1:],
                                                       names=CANCER.target_names),
        "softmax": lambda: widgets.softmax_explorer(*NOTEBOOK_DATA["softmax"][1:],
                                                     names=IRIS.target_names)}


# --- one threshold rule ------------------------------------------------------------------------

def test_logistic_classify_is_y_hat_at_least_one_half():
    rng = np.random.default_rng(0)
    X, w, b = rng.standard_normal((500, 2)), np.array([1.5, -2.0]), 0.3
    np.testing.assert_array_equal(logistic.classify(X, w, b),
                                  (logistic.predict(X, w, b) >= 0.5).astype(int))
    # on the boundary z = 0 itself: class 1 (ŷ = 0.5 ≥ 0.5); just below it: class 0
    X = np.array([[2.0, 1.0], [2.0, 1.0 + 1e-9]])
    np.testing.assert_array_equal(logistic.classify(X, [1.0, -2.0], 0.0), [1, 0])
    assert logistic.classify(X, [1.0, -2.0], 0.0).dtype == np.int64


def test_softmax_classify_is_the_most_probable_class_and_ties_go_to_the_first():
    rng = np.random.default_rng(1)
    X, W, b = rng.standard_normal((300, 2)), rng.standard_normal((2, 4)), rng.standard_normal(4)
    np.testing.assert_array_equal(softmax.classify(X, W, b),
                                  softmax.predict(X, W, b).argmax(axis=1))
    assert softmax.classify([[1.0, 1.0]], np.ones((2, 3)), np.zeros(3))[0] == 0


def test_classify_checks_its_input():
    with pytest.raises(ValueError, match="w"):
        logistic.classify(np.zeros((3, 2)), [1.0, 2.0, 3.0], 0.0)
    with pytest.raises(ValueError, match="shape"):
        softmax.classify(np.zeros((3, 2)), np.zeros((3, 3)), np.zeros(3))


def test_the_checkers_use_the_same_rule():
    """check_budget_challenge's test accuracy is logistic.classify's."""
    from gdlib.exercises import classification
    X, y = NOTEBOOK_DATA["logistic"][1:]
    fb = classification.check_budget_challenge(logistic, X, y, 5.0, 40, target=0.4,
                                               max_updates=100, X_test=X, y_test=y)
    h = descent.descend(logistic, X, y, lr=5.0, epochs=40, trajectory=False)
    accuracy = np.mean(logistic.classify(X, h.w, h.b) == y)
    assert f"{accuracy:.1%}" in str(fb)


# --- what the kernel sends ---------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MAKE))
def test_the_page_gets_descends_start_and_shuffles(name):
    ex = MAKE[name]()
    p = ex.figure.problem
    h = ex.result
    w0, b0 = (np.asarray(v) for v in p["start"])
    np.testing.assert_array_equal(w0, np.ravel(h.ws[0]))
    np.testing.assert_array_equal(b0, np.ravel(h.bs[0]))
    orders = np.frombuffer(bytes(p["orders"]), dtype="<i4").reshape(classifiers.MAX_EPOCHS, -1)
    np.testing.assert_array_equal(orders, descent.shuffles(ex.model, ex.X, ex.y,
                                                           epochs=classifiers.MAX_EPOCHS))
    assert p["model"] == name and (p["n"], p["d"]) == (len(ex.y), 2)
    np.testing.assert_array_equal(np.frombuffer(bytes(p["X"]), "<f8").reshape(-1, 2), ex.X)
    assert "accuracy" in ex.figure.texts and ex.figure.texts["accuracy"].count("{accuracy}") == 1


def test_the_softmax_page_gets_gdlibs_grid_and_an_overlay_of_points_and_legend():
    ex = MAKE["softmax"]()
    p = ex.figure.problem
    xx, yy, _grid = plots.region_grid(ex.X)
    np.testing.assert_array_equal(np.frombuffer(bytes(p["grid"]["x"]), "<f8"), xx[0])
    np.testing.assert_array_equal(np.frombuffer(bytes(p["grid"]["y"]), "<f8"), yy[:, 0])
    assert p["grid"]["colors"] == list(plots.CLASS_COLORS[:3])
    box = p["backdrop"]["axes"][0]["box"]
    left, top = p["backdrop"]["overlay"]["at"]
    assert box[0] <= left and box[1] <= top            # the points and legend, inside the axes
    assert ex.regions(ex.history.w, ex.history.b).shape == xx.shape
    assert "grid" not in MAKE["logistic"]().figure.problem


def test_the_logistic_page_draws_the_boundary_and_the_0_1_and_0_9_lines():
    p = MAKE["logistic"]().figure.problem
    z = np.asarray(p["levels"])
    np.testing.assert_allclose(logistic.sigmoid(z), [0.5, 0.9, 0.1])


def test_the_overlay_is_the_given_artists_alone_on_transparent_pixels():
    from gdlib.plots.style import new_figure
    fig, (ax,) = new_figure(1, 3.0, 2.0)
    points = ax.scatter([0.0, 1.0], [0.0, 1.0], s=40, color="red")
    points.set_visible(False)
    front.backdrop(fig)
    out = front.overlay(fig, [points])
    assert points.get_visible() and out["at"][0] > 0
    from PIL import Image
    import io
    image = np.asarray(Image.open(io.BytesIO(bytes(out["png"]))))
    assert image.shape[2] == 4 and image[..., 3].min() == 0 and image[..., 3].max() == 255
    ax.set_visible(False)
    assert front.overlay(fig, []) is None


# --- the loss panel ------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MAKE))
def test_the_loss_range_holds_every_run_the_sliders_make(name):
    """The floor is half of what 1000 safe GD updates reach; the infimum of the loss, measured
    with 20 000 more, lies above it, and so do the lowest losses over the sliders' range: GD at
    every α of the slider and the most epochs, and SGD at |B| = 1, 2, 10 (every 10th α)."""
    model, X, y = NOTEBOOK_DATA[name]
    ex = MAKE[name]()
    low, high = ex.figure.problem["backdrop"]["axes"][1]["y"]
    assert low <= classifiers.loss_floor(model, X, y)
    long = descent.descend(model, X, y, lr=1 / classifiers.smoothness(model, X), epochs=20000,
                           trajectory=False)
    assert low < 0.6 * long.losses[-1]                 # a margin over the infimum
    lr = ex.controls["lr"]
    alphas = 10 ** np.arange(lr.min, lr.max + 1e-9, lr.step)
    lowest = np.inf
    for batch_size, every in ((None, 1), (1, 10), (2, 10), (10, 10)):
        k = descent.minibatches(len(y), batch_size or len(y))
        epochs = min(classifiers.MAX_EPOCHS, max(1, widgets.MAX_UPDATES // k))
        for alpha in alphas[::every]:
            h = descent.descend(model, X, y, lr=alpha, epochs=epochs, batch_size=batch_size,
                                trajectory=False)
            lowest = min(lowest, h.losses.min())
            assert h.losses[0] < high / 1.9             # the start: under half the top
    assert low < lowest < 1.1 * long.losses[-1]        # the sweep gets near the infimum


@pytest.mark.parametrize("name", list(MAKE))
def test_the_loss_ranges_reach_past_the_divergence_limit_and_share_one_tile_place(name):
    ex = MAKE[name]()
    spec = ex.figure.problem["backdrop"]
    low, top = spec["axes"][1]["y"]
    tiles = spec["y_tiles"]
    tops = [t["top"] for t in tiles]
    assert tops[0] == top and all(b == pytest.approx(10 * a) for a, b in zip(tops, tops[1:]))
    assert tops[-2] < descent.divergence_limit(ex.result.losses[0]) <= tops[-1]
    assert len({tuple(t["at"]) for t in tiles}) == 1
    left, y0 = tiles[0]["at"]
    box, data_box = spec["axes"][1]["box"], spec["axes"][0]["box"]
    assert data_box[2] < left < box[0] and y0 < box[1]   # between the panels, over the axis
    from PIL import Image
    import io
    sizes = {Image.open(io.BytesIO(bytes(t["png"]))).size for t in tiles}
    assert len(sizes) == 1 and Image.open(io.BytesIO(bytes(tiles[0]["png"]))).mode == "RGB"
    assert classifiers.loss_tops(2.0, 0.69) == [2.0, 20.0, 200.0]
    assert classifiers.loss_tops(5.0, 1.08) == [5.0, 50.0, 500.0]


def test_the_floor_needs_a_safe_step():
    """α = 1/smoothness never raises the loss (the floor's run is monotone)."""
    for model, X, y in NOTEBOOK_DATA.values():
        h = descent.descend(model, X, y, lr=1 / classifiers.smoothness(model, X), epochs=300,
                            trajectory=False)
        assert np.all(np.diff(h.losses) <= 1e-15)


# --- the status line -------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MAKE))
def test_the_status_gives_the_training_accuracy_unless_it_diverged(name):
    ex = MAKE[name]()
    h = ex.result
    accuracy = np.mean(ex.model.classify(ex.X, h.w, h.b) == ex.y)
    assert f"training accuracy <b>{accuracy:.1%}</b>" in ex.status
    assert accuracy > (0.85 if name == "logistic" else 0.9)
    ex.controls["lr"].value = 10 ** ex.controls["lr"].max
    assert ex.history.diverged and "diverged" in ex.status and "accuracy" not in ex.status


def test_a_clamped_epochs_slider_runs_once_at_the_clamped_value(monkeypatch):
    ex = MAKE["logistic"]()
    runs = []
    original = ex.run
    monkeypatch.setattr(ex, "run", lambda **v: runs.append(v) or original(**v))
    ex.controls["batch_size"].value = 1              # the cap goes from 50 down to 5
    assert ex.history.epochs_run == ex.epochs_cap() == 5      # the kernel runs what the page does
    ex.controls["epochs"].max = ex.epochs_cap()      # the page clamps the slider (synced here)
    assert ex.history.epochs_run == ex.controls["epochs"].value == 5
    assert len(runs) == 1 and runs[0]["epochs"] == 5
    assert "epochs go up to 5" in ex.status


@pytest.mark.parametrize("name", list(MAKE))
def test_the_page_speaks_spanish(name):
    gdlib.set_language("es")
    try:
        ex = MAKE[name]()
        assert "exactitud de entrenamiento" in ex.status
        assert ex.figure.texts["accuracy"] == "· exactitud de entrenamiento <b>{accuracy}</b>"
        assert ex.figure.texts["diverged_label"] == "divergió"
        assert "épocas" in ex.figure.texts["status"]
    finally:
        gdlib.set_language("en")


def test_more_classes_than_colours_reuse_them_as_the_points_do():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((60, 2)), np.arange(60) % 12
    ex = widgets.softmax_explorer(X, y, epochs=3)
    colors = ex.figure.problem["grid"]["colors"]
    assert len(colors) == 12 and colors[10:] == list(plots.CLASS_COLORS[:2])


@pytest.mark.parametrize("name", list(MAKE))
def test_every_control_is_tagged_linked_and_changes_the_run(name):
    ex = MAKE[name]()
    assert "gd-explorer" in ex.widget._dom_classes
    assert "gd-figure-widget" in ex.figure._dom_classes
    for key, control in ex.controls.items():
        assert {"gd-control", f"gd-control-{key}"} <= set(control._dom_classes)
        assert getattr(ex.figure, key) == control.value          # the page starts in step
        status, losses = ex.status, ex.result.losses.copy()
        if key == "lr":
            control.value *= 0.5
        else:                                                     # |B| or epochs
            control.value = control.value // 2
        assert ex.status != status and not np.array_equal(ex.result.losses, losses), key


@pytest.mark.parametrize("name", list(MAKE))
def test_after_a_burst_of_moves_the_kernel_knows_the_final_values(name):
    ex = MAKE[name]()
    rng = np.random.default_rng(1)
    for _ in range(12):
        key = list(ex.controls)[rng.integers(len(ex.controls))]
        c = ex.controls[key]
        if key == "lr":
            c.value = 10 ** (c.min + c.step * rng.integers(0, round((c.max - c.min) / c.step) + 1))
        else:
            c.value = int(rng.integers(c.min, c.max + 1))
        ex.status                                        # the kernel asked in between
    fresh = MAKE[name]()
    for key in sorted(ex.controls, key=lambda k: k != "batch_size"):
        fresh.controls[key].value = ex.controls[key].value
    assert fresh.values() == ex.values() and fresh.status == ex.status
    np.testing.assert_array_equal(fresh.history.losses, ex.history.losses)
