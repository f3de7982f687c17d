"""The explorers' canvas keeps the pixels of its live axes (frame, axes, tick labels) for
the last few sets of their limits (gdlib.canvas.Canvas): the result must be the same
picture as drawing them afresh; the loss axes' limits snap to 1-2-5 levels."""
import numpy as np
import pytest

from gdlib import canvas, data, widgets

LINE = data.make_line(n=40, seed=0)
IRIS = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
MAKE = {
    "regression": lambda: widgets.regression_explorer(*data.load_diabetes(features="bmi")),
    "softmax": lambda: widgets.softmax_explorer(data.standardize(IRIS.X)[0], IRIS.y),
}


@pytest.mark.parametrize("name", list(MAKE))
def test_kept_frames_give_the_same_png_as_fresh_ones(name):
    ex = MAKE[name]()
    lr, epochs = ex.controls["lr"], ex.controls["epochs"]
    moves = [(lr, lr.value * 1.5), (lr, lr.value * 0.5), (epochs, epochs.value // 2),
             (lr, lr.value), (lr, 10 ** lr.max)]             # the last one diverges
    for control, value in moves:
        control.value = value
        kept = bytes(ex.image.value)
        ex.canvas._frames = {}                               # forget the kept frames
        assert ex.canvas.png() == kept, f"{name}: kept frame differs after {value}"


@pytest.mark.parametrize("v,down,up", [(0.14, 0.1, 0.2), (0.3, 0.2, 0.5), (1.0, 1.0, 1.0),
                                       (7.0, 5.0, 10.0), (2e4, 2e4, 2e4), (3.3e-7, 2e-7, 5e-7)])
def test_loss_limits_snap_outward_to_1_2_5(v, down, up):
    assert canvas.snap_down(v) == pytest.approx(down) and canvas.snap_up(v) == pytest.approx(up)
    assert canvas.snap_down(v) <= v <= canvas.snap_up(v)


def test_a_small_step_of_alpha_keeps_the_limits_and_the_kept_frames_are_bounded():
    ex = MAKE["regression"]()
    lr, ax = ex.controls["lr"], ex.canvas.axes[2]
    limits = ax.get_ylim()
    lr.value = lr.value * 10 ** lr.step                      # one step of the slider
    assert ax.get_ylim() == limits                           # same 1-2-5 levels
    assert all(np.log10(v) % 1 in (0, pytest.approx(np.log10(2)), pytest.approx(np.log10(5)))
               for v in limits)
    epochs = ex.controls["epochs"]
    for e in range(1, 3 * canvas.Canvas.FRAMES):
        epochs.value = e                                     # new x-limits every time
    assert len(ex.canvas._frames) == canvas.Canvas.FRAMES
