"""The explorers' canvas keeps the frame of each live axes (spines, x-axis, legend) as
pixels while its x-limits stay the same (gdlib.canvas.Canvas): the result must be the same
picture as drawing that frame afresh."""
import pytest

from gdlib import data, widgets

LINE = data.make_line(n=40, seed=0)
IRIS = data.load_iris(features=("petal length (cm)", "petal width (cm)"))
MAKE = {
    "gd": lambda: widgets.gd_explorer(LINE.X, LINE.y),
    "sgd": lambda: widgets.sgd_explorer(LINE.X, LINE.y),
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
        ex.canvas._frames = None                             # forget the kept frames
        assert ex.canvas.png() == kept, f"{name}: kept frame differs after {value}"
