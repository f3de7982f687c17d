"""gdlib.tables: aligned text tables for notebook cells, and History.loss_after."""
import numpy as np
import pytest

import gdlib
from gdlib import data, linear
from gdlib.tables import cell, table


def test_a_table_aligns_numbers_right_and_text_left():
    text = table(["run", "updates", "loss"], [("GD", 10, 1.39284), ("SGD |B| = 4", 100, 0.1447)],
                 [None, "d", ".4f"])
    assert text.splitlines() == [
        "run           updates     loss",
        "GD                 10   1.3928",
        "SGD |B| = 4       100   0.1447",
    ]


def test_no_negative_zero():
    assert cell(-0.0, "+.4f") == "+0.0000"
    assert cell(-1e-9, ".4f") == "0.0000"
    assert cell(-1e-9, ".1%") == "0.0%"
    assert cell(-0.5, "+.4f") == "-0.5000"          # a real negative number stays negative
    assert cell(np.float64(-0.0), "+.2f") == "+0.00"
    assert cell("diverged", ".4f") == "diverged"     # text is printed as it is


def test_mixed_column_of_numbers_and_verdicts():
    text = table(["α", "loss"], [(0.1, 0.5), (2.0, "diverged")], ["g", ".3f"])
    assert text.splitlines()[1:] == ["0.1   0.500", "  2   diverged"]


@pytest.mark.parametrize("args,match", [
    ((["a", "b"], [(1, 2)], ["d"]), "one format per column"),
    ((["a", "b"], [(1, 2, 3)], None), "row 0 .* 3 values"),
    ((["a"], [("x",)], ["d"]), None),                      # a string ignores the format
    ((["a"], [(1.5,)], ["d"]), "cannot format 1.5"),
])
def test_bad_tables_say_what_to_fix(args, match):
    if match is None:
        assert table(*args)
        return
    with pytest.raises(ValueError, match=match):
        table(*args)


def test_loss_after_reads_the_loss_at_a_budget_of_examples():
    X, y = data.make_line(n=40, seed=0)
    h = gdlib.descend(linear, X, y, lr=0.1, epochs=3, batch_size=12, seed=0)
    # updates use 12, 12, 12, 4 examples: after 0.3 epochs (12 examples) one update
    assert h.loss_after(0.3) == h.losses[1]
    assert h.loss_after(0.2) == h.losses[0]               # not even one update fits
    assert h.loss_after(1) == h.losses[4]                 # the whole first epoch
    assert np.array_equal(h.loss_after([1, 2, 3]), h.losses[[4, 8, 12]])
    big = gdlib.descend(linear, *data.make_line(n=4000, seed=0), lr=0.1, epochs=1,
                        batch_size=10, trajectory=False)
    assert big.loss_after(0.1) == big.losses[40]          # 0.1 · 4000 is 400, not 399.99…


def test_a_blank_cell_keeps_a_column_of_numbers_right_aligned():
    text = table(["t", "ratio"], [(0, ""), (1, -0.9)], ["d", "+.2f"])
    assert text.splitlines() == ["t   ratio", "0", "1   -0.90"]
