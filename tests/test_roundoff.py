"""gdlib.roundoff.agreement and magnitude: round-off-level numbers printed the same on every machine."""
import numpy as np
import pytest

from gdlib.roundoff import agreement, magnitude


@pytest.mark.parametrize("diff", [0.0, 1.1e-16, -4.4e-16, 4.6e-16, 9.9e-13])
def test_round_off_agrees_and_prints_one_text(diff):
    assert agreement(diff) == "agree to round-off (< 1e-12)"


@pytest.mark.parametrize("diff, text", [(1e-12, "differ by 1.0e-12"), (3.21e-5, "differ by 3.2e-05"),
                                        (-2e-3, "differ by 2.0e-03"), (7.0, "differ by 7.0e+00")])
def test_a_real_difference_is_not_hidden(diff, text):
    assert agreement(diff) == text


def test_agreement_tolerance_is_said():
    assert agreement(1e-11, tol=1e-10) == "agree to round-off (< 1e-10)"
    assert agreement(1e-11, tol=1e-12) == "differ by 1.0e-11"
    assert agreement(np.float64(2e-16), tol=np.float64(1e-8)) == "agree to round-off (< 1e-8)"


@pytest.mark.parametrize("bad", [dict(diff=np.nan), dict(diff=np.inf), dict(diff=0.0, tol=0.0),
                                 dict(diff=0.0, tol=-1e-12)])
def test_agreement_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        agreement(**bad)


@pytest.mark.parametrize("x, text", [(7.1e-11, "≈ 1e-10"), (8.4e-11, "≈ 1e-10"), (-8.4e-11, "≈ 1e-10"),
                                     (3.0e-11, "≈ 1e-11"), (3.3e-11, "≈ 1e-10"), (1e-10, "≈ 1e-10"),
                                     (2.0, "≈ 1e0"), (4e5, "≈ 1e6"), (0.0, "= 0")])
def test_magnitude_is_the_nearest_power_of_ten(x, text):
    assert magnitude(x) == text


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_magnitude_refuses_non_finite(bad):
    with pytest.raises(ValueError):
        magnitude(bad)
