"""The pieces of an explorer's backdrop (gdlib.widgets.front): the loss panels' fixed
ranges and x tiles, the module of each explorer kind."""
import pytest

from gdlib import widgets
from gdlib.widgets import front


@pytest.mark.parametrize("v,down,up", [(0.14, 0.1, 0.2), (0.3, 0.2, 0.5), (1.0, 1.0, 1.0),
                                       (7.0, 5.0, 10.0), (2e4, 2e4, 2e4), (3.3e-7, 2e-7, 5e-7)])
def test_loss_limits_snap_outward_to_1_2_5(v, down, up):
    assert front.snap_down(v) == pytest.approx(down) and front.snap_up(v) == pytest.approx(up)
    assert front.snap_down(v) <= v <= front.snap_up(v)


def test_a_loss_range_holds_the_floor_and_twice_the_start():
    low, high = front.loss_range(0.137, 21.0)
    assert (low, high) == (pytest.approx(0.1), pytest.approx(50.0))


@pytest.mark.parametrize("largest", [1, 5, 7, 50, 999, 3000])
def test_x_ranges_are_whole_and_the_last_holds_the_run(largest):
    limits = front.nice_limits(largest)
    assert limits == sorted(set(limits)) and all(isinstance(v, int) for v in limits)
    assert limits[-1] >= largest and (len(limits) == 1 or limits[-2] < largest)
    assert all(b / a <= 1.5 + 1e-12 for a, b in zip(limits, limits[1:]))   # a run fills ≥ 2/3


def test_each_kind_is_one_module_of_the_shared_files_and_its_own():
    for kind in ("surface", "paths", "regression", "classifiers", "optimizers", "network"):
        source = front.module(kind)
        assert source.startswith("// gdlib.descend in the browser")
        assert f"js/{kind}.js" not in source and "export default" in source
        assert "import " not in source.replace("import(", ""), "no build step: no imports"
        assert front.figure_class(kind).kind == kind
    assert set(widgets.EXPLORERS) == {"surface", "gd", "sgd", "regression", "logistic",
                                      "softmax", "optimizers", "network"}
