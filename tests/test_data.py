"""Tests of gdlib.data: synthetic generators, shipped data sets and helpers."""
import dataclasses
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdlib import data
from gdlib.data import (
    Dataset,
    blob_centres,
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    make_blobs,
    make_line,
    make_moons,
    make_narrow_line,
    make_regression,
    standardize,
    train_test_split,
)

DATASETS = Path(data.__file__).parent / "files"
LOADERS = [load_diabetes, load_breast_cancer, load_iris, load_digits]
GENERATORS = [make_line, make_narrow_line, make_regression, make_blobs, make_moons]

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def assert_same_dataset(a, b):
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    np.testing.assert_array_equal(a.w_true, b.w_true)
    np.testing.assert_array_equal(a.b_true, b.b_true)


# --- the Dataset container -------------------------------------------------------------

def test_dataset_unpacks_into_X_and_y():
    ds = load_iris()
    X, y = ds
    assert X is ds.X and y is ds.y


def test_dataset_sizes_and_repr():
    ds = make_blobs(n=30, K=3)
    assert (ds.n, ds.d, ds.K) == (30, 2, 3)
    assert make_regression(n=7, d=4).K is None
    assert repr(ds) == "Dataset(name='blobs', n=30, d=2, K=3 classes)"
    assert repr(load_diabetes()) == "Dataset(name='diabetes', n=442, d=10, regression)"


def test_dataset_is_frozen():
    ds = make_line()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.X = np.zeros((1, 1))


def test_dataset_checks_its_fields():
    with pytest.raises(ValueError, match="X must be a 2-D"):
        Dataset(X=np.zeros(3), y=np.zeros(3), name="bad", feature_names=("a",))
    with pytest.raises(ValueError, match="y must be a 1-D"):
        Dataset(X=np.zeros((3, 1)), y=np.zeros((3, 1)), name="bad", feature_names=("a",))
    with pytest.raises(ValueError, match="3 rows but y has 2"):
        Dataset(X=np.zeros((3, 1)), y=np.zeros(2), name="bad", feature_names=("a",))
    with pytest.raises(ValueError, match="one name per column"):
        Dataset(X=np.zeros((3, 2)), y=np.zeros(3), name="bad", feature_names=("a",))


# --- shapes and dtypes -----------------------------------------------------------------

@pytest.mark.parametrize("make, d, y_dtype", [
    (lambda: make_line(n=17), 1, np.float64),
    (lambda: make_regression(n=17, d=3), 3, np.float64),
    (lambda: make_blobs(n=17, K=4), 2, np.int64),
    (lambda: make_moons(n=17), 2, np.int64),
])
def test_generator_shapes_and_dtypes(make, d, y_dtype):
    ds = make()
    assert ds.X.shape == (17, d) and ds.X.dtype == np.float64
    assert ds.y.shape == (17,) and ds.y.dtype == y_dtype
    assert len(ds.feature_names) == d
    assert np.all(np.isfinite(ds.X)) and np.all(np.isfinite(ds.y))


@pytest.mark.parametrize("load, shape, K", [
    (load_diabetes, (442, 10), None),
    (load_breast_cancer, (569, 30), 2),
    (load_iris, (150, 4), 3),
    (load_digits, (1797, 64), 10),
])
def test_loader_shapes_and_dtypes(load, shape, K):
    ds = load()
    assert ds.X.shape == shape and ds.X.dtype == np.float64
    assert ds.y.shape == (shape[0],)
    assert ds.y.dtype == (np.float64 if K is None else np.int64)
    assert ds.K == K
    assert len(ds.feature_names) == shape[1] == len(set(ds.feature_names))
    assert np.all(np.isfinite(ds.X))
    assert ds.X.flags.writeable and ds.y.flags.writeable
    assert ds.w_true is None and ds.b_true is None
    assert ds.description


# --- known facts about the real data ---------------------------------------------------

def test_iris_facts():
    ds = load_iris()
    assert ds.target_names == ("setosa", "versicolor", "virginica")
    assert np.bincount(ds.y).tolist() == [50, 50, 50]
    assert ds.feature_names == ("sepal length (cm)", "sepal width (cm)",
                                "petal length (cm)", "petal width (cm)")
    # Fisher's table: min and max of each measurement, first flower 5.1 3.5 1.4 0.2 setosa.
    np.testing.assert_array_equal(ds.X.min(axis=0), [4.3, 2.0, 1.0, 0.1])
    np.testing.assert_array_equal(ds.X.max(axis=0), [7.9, 4.4, 6.9, 2.5])
    np.testing.assert_array_equal(ds.X[0], [5.1, 3.5, 1.4, 0.2])
    assert ds.y[0] == 0
    # The two rows where Fisher's values (kept here) differ from UCI's iris.data.
    np.testing.assert_array_equal(ds.X[34], [4.9, 3.1, 1.5, 0.2])
    np.testing.assert_array_equal(ds.X[37], [4.9, 3.6, 1.4, 0.1])


def test_digits_facts():
    ds = load_digits()
    assert ds.n == 1797
    assert ds.target_names == tuple("0123456789")
    assert ds.X.min() == 0 and ds.X.max() == 16
    np.testing.assert_array_equal(ds.X, np.round(ds.X))          # whole numbers
    assert sorted(set(ds.y.tolist())) == list(range(10))
    # The UCI test set's class counts.
    assert np.bincount(ds.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert ds.feature_names[0] == "pixel_0_0" and ds.feature_names[-1] == "pixel_7_7"
    assert ds.feature_names[8 * 3 + 5] == "pixel_3_5"


def test_breast_cancer_facts():
    ds = load_breast_cancer()
    assert ds.target_names == ("malignant", "benign")
    assert np.bincount(ds.y).tolist() == [212, 357]
    assert ds.feature_names[:2] == ("mean radius", "mean texture")
    assert ds.feature_names[10] == "radius error" and ds.feature_names[20] == "worst radius"
    radius = ds.X[:, 0]
    assert radius.min() == 6.981 and radius.max() == 28.11
    assert ds.X[0, 0] == 17.99 and ds.y[0] == 0


def test_diabetes_facts():
    ds = load_diabetes()
    assert ds.n == 442 and ds.target_names is None
    assert ds.feature_names == ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
    assert ds.y.min() == 25 and ds.y.max() == 346
    # Raw units, not scikit-learn's default scaling: the first patient of Efron et al.
    np.testing.assert_array_equal(ds.X[0], [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
    assert ds.y[0] == 151
    assert set(ds.X[:, 1].tolist()) == {1.0, 2.0}                 # sex is coded 1 / 2
    assert 19 <= ds.X[:, 0].min() and ds.X[:, 0].max() <= 79      # age in years


# --- selecting features by name --------------------------------------------------------

def test_select_one_feature():
    ds = load_diabetes(features=("bmi",))
    assert ds.X.shape == (442, 1) and ds.feature_names == ("bmi",)
    np.testing.assert_array_equal(ds.X[:, 0], load_diabetes().X[:, 2])
    np.testing.assert_array_equal(ds.y, load_diabetes().y)


def test_select_features_keeps_the_given_order():
    full = load_iris()
    ds = load_iris(features=["petal width (cm)", "sepal length (cm)"])
    assert ds.feature_names == ("petal width (cm)", "sepal length (cm)")
    np.testing.assert_array_equal(ds.X, full.X[:, [3, 0]])
    assert ds.target_names == full.target_names


def test_select_features_by_a_single_string():
    ds = load_breast_cancer(features="worst area")
    assert ds.X.shape == (569, 1) and ds.feature_names == ("worst area",)


@pytest.mark.parametrize("load", [load_diabetes, load_breast_cancer, load_iris])
def test_unknown_feature_name_lists_valid_names(load):
    with pytest.raises(ValueError, match=r"Unknown feature name\(s\).*'nope'.*Valid names"):
        load(features=("nope",))
    first = load().feature_names[0]
    with pytest.raises(ValueError, match=re.escape(repr(first))):
        load(features=("nope",))


@pytest.mark.parametrize("features, error, match", [
    ((), ValueError, "features is empty"),
    (("bmi", "bmi"), ValueError, "more than once"),
    (("bmi", 3), TypeError, "must contain names"),
    (5, TypeError, "sequence of feature names"),
])
def test_bad_features_argument(features, error, match):
    with pytest.raises(error, match=match):
        load_diabetes(features=features)


# --- the cache is never handed out -----------------------------------------------------

@pytest.mark.parametrize("load", LOADERS)
def test_mutating_a_loaded_dataset_does_not_change_the_next_one(load):
    first = load()
    X0, y0 = first.X.copy(), first.y.copy()
    first.X[:] = -1.0
    first.y[:] = 0
    second = load()
    np.testing.assert_array_equal(second.X, X0)
    np.testing.assert_array_equal(second.y, y0)
    assert second.X is not first.X and not np.shares_memory(second.X, first.X)


def test_selected_features_are_copies_too():
    ds = load_diabetes(features=("bmi", "bp"))
    ds.X[:] = 0
    assert load_diabetes().X[:, 2:4].min() > 0


# --- reproducibility -------------------------------------------------------------------

@pytest.mark.parametrize("make", GENERATORS)
def test_same_seed_same_data(make):
    assert_same_dataset(make(seed=123), make(seed=123))


@pytest.mark.parametrize("make", GENERATORS)
def test_different_seeds_different_data(make):
    a, b = make(seed=1), make(seed=2)
    assert not np.array_equal(a.X, b.X)


@pytest.mark.parametrize("make", GENERATORS)
def test_seed_none_gives_fresh_data(make):
    assert not np.array_equal(make(seed=None).X, make(seed=None).X)


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=st.integers(1, 50), d=st.integers(1, 6))
def test_regression_is_a_function_of_its_arguments(seed, n, d):
    assert_same_dataset(make_regression(n=n, d=d, seed=seed),
                        make_regression(n=n, d=d, seed=np.int64(seed)))


# --- make_line -------------------------------------------------------------------------

def test_make_line_true_parameters_are_recovered():
    ds = make_line(n=200, w=-1.5, b=0.7, noise=1e-3, seed=4)
    assert (ds.w_true, ds.b_true) == (-1.5, 0.7)
    A = np.column_stack([ds.X[:, 0], np.ones(ds.n)])
    (w, b), *_ = np.linalg.lstsq(A, ds.y, rcond=None)
    assert w == pytest.approx(-1.5, abs=1e-3) and b == pytest.approx(0.7, abs=1e-3)


def test_make_line_without_noise_is_exactly_the_line():
    ds = make_line(n=50, w=3.0, b=-2.0, noise=0.0)
    np.testing.assert_allclose(ds.y, 3.0 * ds.X[:, 0] - 2.0, rtol=0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, low=st.floats(-100, 100), width=st.floats(0.01, 100))
def test_make_line_x_lies_in_x_range(seed, low, width):
    ds = make_line(n=30, x_range=(low, low + width), seed=seed)
    assert np.all(ds.X >= low) and np.all(ds.X <= low + width)


def test_narrow_line_is_the_line_with_x_moved_right():
    line, narrow = make_line(seed=0), make_narrow_line(shift=3.0, seed=0)
    np.testing.assert_allclose(narrow.X, line.X + 3.0, rtol=0, atol=1e-12)
    residual = lambda ds: ds.y - (ds.w_true * ds.X[:, 0] + ds.b_true)
    np.testing.assert_allclose(residual(narrow), residual(line), rtol=0, atol=1e-12)
    assert make_narrow_line(shift=0.0, seed=5).X.tolist() == make_line(seed=5).X.tolist()


def test_narrow_line_makes_an_ill_conditioned_bowl():
    """κ(H) ≈ 100 for the default shift (the running example's is about 1.6), and it grows
    with the shift, while the least-squares slope stays the line's."""
    from gdlib import linear
    kappa = lambda ds: np.linalg.cond(linear.hessian(ds.X))
    assert kappa(make_line(seed=0)) < 2
    assert 80 < kappa(make_narrow_line(seed=0)) < 130
    assert kappa(make_narrow_line(shift=2.0)) < kappa(make_narrow_line(shift=3.0)) < \
        kappa(make_narrow_line(shift=4.0))
    w_line, _ = linear.least_squares(*make_line(seed=0))
    w_narrow, _ = linear.least_squares(*make_narrow_line(seed=0))
    assert w_narrow == pytest.approx(w_line, rel=1e-9)


def test_make_line_x_does_not_depend_on_noise():
    np.testing.assert_array_equal(make_line(noise=0.0).X, make_line(noise=2.0).X)


def test_make_line_noise_has_the_requested_size():
    ds = make_line(n=20000, w=1.0, b=0.0, noise=0.5, seed=7)
    residuals = ds.y - ds.X[:, 0]
    assert residuals.std() == pytest.approx(0.5, rel=0.03)
    assert abs(residuals.mean()) < 0.02


# --- make_regression -------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(seed=seeds, d=st.integers(1, 8))
def test_make_regression_true_parameters_are_recovered(seed, d):
    ds = make_regression(n=200, d=d, noise=1e-4, seed=seed)
    assert ds.w_true.shape == (d,) and isinstance(ds.b_true, float)
    A = np.column_stack([ds.X, np.ones(ds.n)])
    theta, *_ = np.linalg.lstsq(A, ds.y, rcond=None)
    np.testing.assert_allclose(theta[:-1], ds.w_true, atol=1e-3)
    assert theta[-1] == pytest.approx(ds.b_true, abs=1e-3)


def test_make_regression_without_noise_is_exact():
    ds = make_regression(n=20, d=3, noise=0)
    np.testing.assert_allclose(ds.y, ds.X @ ds.w_true + ds.b_true, rtol=0, atol=1e-12)


def test_make_regression_true_parameters_do_not_depend_on_n_or_noise():
    a = make_regression(n=10, d=4, noise=0.0, seed=3)
    b = make_regression(n=500, d=4, noise=2.0, seed=3)
    np.testing.assert_array_equal(a.w_true, b.w_true)
    assert a.b_true == b.b_true


def test_make_regression_features_are_standard_normal():
    X = make_regression(n=20000, d=3, seed=5).X
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=0.03)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=0.03)


# --- make_blobs ------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=seeds, K=st.integers(2, 8), extra=st.integers(0, 60))
def test_make_blobs_classes_are_balanced(seed, K, extra):
    n = K + extra
    ds = make_blobs(n=n, K=K, seed=seed)
    counts = np.bincount(ds.y, minlength=K)
    assert ds.y.min() >= 0 and ds.y.max() <= K - 1 and len(counts) == K
    assert counts.sum() == n and counts.max() - counts.min() <= 1
    assert ds.target_names == tuple(str(k) for k in range(K))


@pytest.mark.parametrize("K", [2, 3, 5])
def test_make_blobs_class_means_are_near_the_centres(K):
    ds = make_blobs(n=4000 * K, K=K, spread=0.5, distance=2.0, seed=11)
    centres = blob_centres(K, 2.0)
    for k in range(K):
        mean = ds.X[ds.y == k].mean(axis=0)
        np.testing.assert_allclose(mean, centres[k], atol=0.05)
        assert ds.X[ds.y == k].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.05)


@pytest.mark.parametrize("K", [2, 3, 4, 7])
def test_blob_centres_are_equally_spaced_on_the_circle(K):
    centres = blob_centres(K, distance=3.0)
    assert centres.shape == (K, 2)
    np.testing.assert_allclose(np.linalg.norm(centres, axis=1), 3.0)
    gaps = np.linalg.norm(centres - np.roll(centres, 1, axis=0), axis=1)
    np.testing.assert_allclose(gaps, gaps[0])
    np.testing.assert_allclose(centres.mean(axis=0), 0, atol=1e-12)


def test_two_blobs_are_opposite_points():
    np.testing.assert_array_equal(blob_centres(2, 3.0), [[-3.0, 0.0], [3.0, 0.0]])
    ds = make_blobs(K=2, spread=1.0, distance=3.0)
    np.testing.assert_array_equal(ds.w_true, [6.0, 0.0])
    assert ds.b_true == 0.0


def test_make_blobs_rows_are_shuffled():
    y = make_blobs(n=100, K=2).y
    assert not np.array_equal(y, np.arange(100) % 2)
    assert not np.array_equal(y, np.sort(y))


@settings(max_examples=30, deadline=None)
@given(seed=seeds, K=st.integers(2, 6), spread=st.floats(0.2, 3.0),
       distance=st.floats(0.5, 5.0))
def test_make_blobs_true_parameters_classify_by_nearest_centre(seed, K, spread, distance):
    """softmax(XW + b) is largest for the nearest centre: the Bayes classifier."""
    ds = make_blobs(n=60, K=K, spread=spread, distance=distance, seed=seed)
    centres = blob_centres(K, distance)
    squared = ((ds.X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    if K == 2:
        assert ds.w_true.shape == (2,) and isinstance(ds.b_true, float)
        scores = ds.X @ ds.w_true + ds.b_true
        gap = squared[:, 0] - squared[:, 1]         # > 0 where centre 1 is nearer
        np.testing.assert_allclose(scores, gap / (2 * spread**2), atol=1e-9 * (1 + np.abs(gap).max()))
    else:
        assert ds.w_true.shape == (2, K) and ds.b_true.shape == (K,)
        scores = ds.X @ ds.w_true + ds.b_true
        # score_k = -|x - mu_k|^2 / (2 s^2) + |x|^2 / (2 s^2): same order as -distance.
        expected = -squared / (2 * spread**2) + (ds.X**2).sum(axis=1, keepdims=True) / (2 * spread**2)
        np.testing.assert_allclose(scores, expected, atol=1e-9 * (1 + np.abs(expected).max()))


# --- make_moons ------------------------------------------------------------------------

@given(seed=seeds, n=st.integers(2, 60))
def test_make_moons_classes_are_balanced(seed, n):
    ds = make_moons(n=n, seed=seed)
    assert np.bincount(ds.y, minlength=2).tolist() == [n - n // 2, n // 2]
    assert ds.K == 2 and ds.w_true is None and ds.target_names == ("upper moon", "lower moon")


def test_make_moons_without_noise_lies_on_the_two_arcs():
    X, y = make_moons(n=101, noise=0.0, seed=5)
    upper, lower = X[y == 0], X[y == 1] - [1.0, 0.5]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(*lower.T), 1.0, rtol=1e-12)
    assert upper[:, 1].min() >= 0.0 and lower[:, 1].max() <= 0.0     # upper and lower arcs


def test_make_moons_interleave_so_no_line_separates_them():
    """A lower-moon point lies inside a triangle of upper-moon points: every line that
    has the triangle on one side has that point there too."""
    X, y = make_moons(n=400, noise=0.0, seed=0)
    nearest = lambda k, p: X[y == k][np.argmin(np.hypot(*(X[y == k] - p).T))]
    corners = np.array([nearest(0, p) for p in [(-1.0, 0.0), (1.0, 0.0), (0.0, 1.0)]])
    tip = nearest(1, (0.0, 0.5))                     # the lower moon's left tip
    weights = np.linalg.solve(np.vstack([corners.T, np.ones(3)]), np.r_[tip, 1.0])
    assert np.all(weights > 0.1)                     # a convex combination of the corners


def test_make_moons_noise_has_the_requested_size():
    X, y = make_moons(n=20000, noise=0.3, seed=2)
    X0, y0 = make_moons(n=20000, noise=0.0, seed=2)
    # noise is drawn after the angles, so noise=0 gives the same points without it
    np.testing.assert_array_equal(y, y0)
    assert np.std(X - X0) == pytest.approx(0.3, rel=0.02)


def test_make_moons_rows_are_shuffled():
    y = make_moons(n=100).y
    assert not np.array_equal(y, np.arange(100) % 2)


# --- standardize -----------------------------------------------------------------------

int_matrices = hnp.arrays(
    np.int64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=12),
    elements=st.integers(-1000, 1000),
).map(lambda a: a.astype(np.float64))


@settings(max_examples=60, deadline=None)
@given(X=int_matrices)
def test_standardize_gives_mean_0_std_1(X):
    before = X.copy()
    Z, mean, std = standardize(X)
    np.testing.assert_array_equal(X, before)                       # input untouched
    assert Z.shape == X.shape and Z.dtype == np.float64
    assert mean.shape == std.shape == (X.shape[1],)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-9)
    constant = np.ptp(X, axis=0) == 0
    np.testing.assert_allclose(Z.std(axis=0)[~constant], 1, rtol=1e-9)
    np.testing.assert_array_equal(Z[:, constant], 0)
    np.testing.assert_array_equal(std[constant], 1)
    np.testing.assert_allclose(Z * std + mean, X, atol=1e-9)       # undoes exactly


def test_standardize_constant_column():
    X = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 3.0], [0.1, 5.0], [0.1, 8.0], [0.1, 9.0],
                  [0.1, 4.0]])
    Z, mean, std = standardize(X)
    assert std[0] == 1.0 and mean[0] == 0.1
    np.testing.assert_array_equal(Z[:, 0], 0.0)


def test_standardize_applies_a_previous_scaling():
    X_train, X_test, _, _ = train_test_split(*load_diabetes(), seed=2)
    Z_train, mean, std = standardize(X_train)
    Z_test, mean2, std2 = standardize(X_test, mean, std)
    np.testing.assert_allclose(Z_test, (X_test - mean) / std)
    np.testing.assert_array_equal(mean2, mean)
    np.testing.assert_array_equal(std2, std)
    assert np.abs(Z_test.mean(axis=0)).max() > 1e-6     # test data is not re-centred on itself
    # applying the training scaling to the training data gives the same result
    np.testing.assert_allclose(standardize(X_train, mean, std)[0], Z_train)


def test_standardize_accepts_lists():
    Z, mean, std = standardize([[1, 10], [3, 30]])
    np.testing.assert_array_equal(Z, [[-1, -1], [1, 1]])
    np.testing.assert_array_equal(mean, [2, 20])
    np.testing.assert_array_equal(std, [1, 10])


@pytest.mark.parametrize("args, error, match", [
    ((np.arange(5.0),), ValueError, r"2-D.*reshape\(-1, 1\)"),
    ((np.array([[1.0, np.nan]]),), ValueError, r"NaN or inf.*index \(0, 1\)"),
    ((np.zeros((0, 3)),), ValueError, "at least one row"),
    ((np.ones((3, 2)), np.zeros(2)), ValueError, "both mean and std"),
    ((np.ones((3, 2)), None, np.ones(2)), ValueError, "both mean and std"),
    ((np.ones((3, 2)), np.zeros(3), np.ones(3)), ValueError, r"shape \(2,\)"),
    ((np.ones((3, 2)), np.zeros(2), np.array([1.0, 0.0])), ValueError, "std must be > 0"),
    ((np.ones((3, 2)), np.zeros(2), np.array([1.0, np.inf])), ValueError, "std contains NaN or inf"),
    (([["a", "b"]],), TypeError, "real numbers"),
])
def test_standardize_rejects_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        standardize(*args)


# --- train_test_split ------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 200), fraction=st.floats(0.01, 0.99), seed=seeds)
def test_train_test_split_is_a_partition(n, fraction, seed):
    X = np.arange(2 * n, dtype=np.float64).reshape(n, 2)
    y = np.arange(n)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=fraction, seed=seed)
    assert len(y_test) == min(max(round(fraction * n), 1), n - 1)
    assert len(y_train) + len(y_test) == n
    assert sorted(np.concatenate([y_train, y_test]).tolist()) == list(range(n))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)        # rows stay paired
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)
    assert y_train.dtype == y.dtype and X_train.dtype == X.dtype


def test_train_test_split_default_quarter():
    X_train, X_test, y_train, y_test = train_test_split(*load_iris())
    assert X_train.shape == (112, 4) and X_test.shape == (38, 4)
    assert y_train.dtype == np.int64


def test_train_test_split_is_seeded():
    X, y = make_regression(n=40)
    a = train_test_split(X, y, seed=5)
    b = train_test_split(X, y, seed=5)
    c = train_test_split(X, y, seed=6)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[3], c[3])


def test_train_test_split_returns_copies():
    X, y = make_line(n=10)
    X_train, *_ = train_test_split(X, y)
    X_train[:] = 0
    assert np.all(X != 0)


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((np.zeros(4), np.zeros(4)), {}, ValueError, r"X must be 2-D.*reshape\(-1, 1\)"),
    ((np.zeros((4, 1)), np.zeros((4, 1))), {}, ValueError, r"y must be 1-D.*ravel"),
    ((np.zeros((4, 1)), np.zeros(3)), {}, ValueError, "4 rows but y has 3"),
    ((np.zeros((1, 1)), np.zeros(1)), {}, ValueError, "at least 2 examples"),
    ((np.zeros((4, 1)), np.zeros(4)), {"test_fraction": 0}, ValueError, "test_fraction must be > 0"),
    ((np.zeros((4, 1)), np.zeros(4)), {"test_fraction": 1.0}, ValueError, "test_fraction must be < 1"),
    ((np.zeros((4, 1)), np.zeros(4)), {"test_fraction": "0.2"}, TypeError, "real number"),
    ((np.zeros((4, 1)), np.zeros(4)), {"seed": 1.5}, TypeError, "seed must be an int or None"),
])
def test_train_test_split_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        train_test_split(*args, **kwargs)


# --- bad arguments to the generators ---------------------------------------------------

@pytest.mark.parametrize("make, kwargs, error, match", [
    (make_line, {"n": -3}, ValueError, r"n must be an integer >= 1, got -3"),
    (make_line, {"n": 0}, ValueError, "n must be an integer >= 1"),
    (make_line, {"n": 2.5}, TypeError, "n must be an integer, got 2.5"),
    (make_line, {"n": True}, TypeError, "n must be an integer"),
    (make_line, {"n": "10"}, TypeError, "n must be an integer"),
    (make_line, {"noise": -0.1}, ValueError, "noise must be >= 0"),
    (make_line, {"noise": float("nan")}, ValueError, "noise must be a finite number"),
    (make_line, {"w": None}, TypeError, "w must be a real number"),
    (make_line, {"b": float("inf")}, ValueError, "b must be a finite number"),
    (make_line, {"x_range": (2, -2)}, ValueError, "low < high"),
    (make_line, {"x_range": (1, 1)}, ValueError, "low < high"),
    (make_line, {"x_range": 3}, TypeError, r"pair \(low, high\)"),
    (make_line, {"x_range": (0, 1, 2)}, TypeError, r"pair \(low, high\)"),
    (make_line, {"seed": 1.0}, TypeError, "seed must be an int or None"),
    (make_line, {"seed": "0"}, TypeError, "seed must be an int or None"),
    (make_line, {"seed": -1}, ValueError, "seed must be a non-negative int"),
    (make_narrow_line, {"shift": "3"}, TypeError, "shift must be a real number"),
    (make_narrow_line, {"shift": float("nan")}, ValueError, "shift must be a finite number"),
    (make_narrow_line, {"n": 0}, ValueError, "n must be an integer >= 1"),
    (make_narrow_line, {"seed": -1}, ValueError, "seed must be a non-negative int"),
    (make_regression, {"n": 0}, ValueError, "n must be an integer >= 1"),
    (make_regression, {"d": 0}, ValueError, "d must be an integer >= 1"),
    (make_regression, {"d": 2.0}, TypeError, "d must be an integer"),
    (make_regression, {"noise": -1}, ValueError, "noise must be >= 0"),
    (make_regression, {"seed": False}, TypeError, "seed must be an int or None"),
    (make_blobs, {"K": 1}, ValueError, r"K must be an integer >= 2, got 1"),
    (make_blobs, {"K": 2.0}, TypeError, "K must be an integer"),
    (make_blobs, {"n": 3, "K": 4}, ValueError, "n must be at least K"),
    (make_blobs, {"n": -1}, ValueError, "n must be an integer >= 1"),
    (make_blobs, {"spread": 0}, ValueError, "spread must be > 0"),
    (make_blobs, {"spread": -1.0}, ValueError, "spread must be > 0"),
    (make_blobs, {"distance": 0}, ValueError, "distance must be > 0"),
    (make_blobs, {"distance": "far"}, TypeError, "distance must be a real number"),
    (make_blobs, {"seed": [1]}, TypeError, "seed must be an int or None"),
    (make_moons, {"n": 1}, ValueError, "n must be an integer >= 2"),
    (make_moons, {"n": 10.0}, TypeError, "n must be an integer"),
    (make_moons, {"noise": -0.1}, ValueError, "noise must be >= 0"),
    (make_moons, {"noise": float("nan")}, ValueError, "noise must be a finite number"),
    (make_moons, {"seed": -1}, ValueError, "seed must be a non-negative int"),
])
def test_generators_reject_bad_input(make, kwargs, error, match):
    with pytest.raises(error, match=match):
        make(**kwargs)


def test_numpy_integers_are_accepted():
    ds = make_blobs(n=np.int64(12), K=np.int32(3), seed=np.uint8(4))
    assert ds.n == 12 and ds.K == 3
    np.testing.assert_array_equal(ds.X, make_blobs(n=12, K=3, seed=4).X)


# --- the shipped files -----------------------------------------------------------------

def readme_checksums():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    return dict((name, digest) for digest, name in
                re.findall(r"^([0-9a-f]{64})  (\S+)$", text, flags=re.MULTILINE))


def test_readme_lists_a_checksum_for_every_data_file():
    files = sorted(p.name for p in DATASETS.iterdir() if p.name.endswith((".csv", ".csv.gz")))
    assert files == ["breast_cancer.csv.gz", "diabetes.csv", "digits.csv.gz", "iris.csv"]
    assert sorted(readme_checksums()) == files


@pytest.mark.parametrize("name", ["diabetes.csv", "breast_cancer.csv.gz", "iris.csv",
                                  "digits.csv.gz"])
def test_sha256_matches_readme(name):
    digest = hashlib.sha256((DATASETS / name).read_bytes()).hexdigest()
    assert digest == readme_checksums()[name]


def test_data_files_are_small():
    total = sum(p.stat().st_size for p in DATASETS.iterdir())
    assert total < 300_000


def test_data_loads_without_scikit_learn_or_network():
    """Import gdlib.data with scikit-learn unimportable and every socket refused."""
    code = (
        "import sys, socket\n"
        "sys.modules['sklearn'] = None\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('no network in this test')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from gdlib import data as module\n"
        "print(module.load_digits().n, module.load_iris().n, module.load_diabetes().n,"
        " module.load_breast_cancer().n)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1797", "150", "442", "569"]
