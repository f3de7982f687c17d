r"""Data for the course: synthetic problems with known answers, and small real data sets.

Synthetic generators (every one takes a ``seed``; the same seed gives the same arrays)::

    make_line        one feature,   y = w x + b + noise·ε                 (regression)
    make_narrow_line the same line with x far from 0: an ill-conditioned, narrow bowl
    make_regression  d features,    y = X w + b + noise·ε                 (regression)
    make_blobs       two features,  K Gaussian clouds on a circle         (classification)

Real data sets, shipped as small CSV files in ``gdlib/datasets/`` and read offline
with numpy alone (sources, licences and checksums: ``gdlib/datasets/README.md``)::

    load_diabetes        442 × 10, disease progression one year later  (regression)
    load_breast_cancer   569 × 30, malignant / benign                   (2 classes)
    load_iris            150 × 4,  three species of iris                (3 classes)
    load_digits          1797 × 64, 8×8 images of handwritten digits    (10 classes)

Helpers: ``standardize`` (z-score feature scaling) and ``train_test_split``.

Every function returns, or works on, the same shapes:

* ``X`` is a float64 array of shape (n, d): one row per example, one column per feature;
* ``y`` is float64 of shape (n,) for regression, int64 labels 0..K-1 for classification.

A ``Dataset`` unpacks like a pair, so both styles work::

    X, y = load_iris()
    data = load_iris();  data.X, data.y, data.feature_names, data.target_names
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validation import (check_int, check_range, check_real, check_seed, check_weights,
                          check_X, describe)

__all__ = [
    "Dataset",
    "make_line",
    "make_narrow_line",
    "make_regression",
    "make_blobs",
    "blob_centres",
    "load_diabetes",
    "load_breast_cancer",
    "load_iris",
    "load_digits",
    "standardize",
    "train_test_split",
    "DATASETS_DIR",
]

#: The folder with the shipped CSV files.
DATASETS_DIR = Path(__file__).parent / "datasets"


# ---------------------------------------------------------------------------------------
# The container
# ---------------------------------------------------------------------------------------

# eq=False: comparing two data sets field by field would compare numpy arrays, which
# has no single True/False answer. Two Dataset objects are equal only if they are one.
@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """A data set: the examples ``X``, the targets ``y`` and what they mean.

    Attributes
    ----------
    X : ndarray of float64, shape (n, d)
        One row per example, one column per feature.
    y : ndarray, shape (n,)
        float64 targets (regression) or int64 class labels 0..K-1 (classification).
    name : str
        A short name such as ``"iris"``.
    feature_names : tuple of str
        The name of each column of ``X`` (length d).
    target_names : tuple of str or None
        The name of each class (length K), or None for regression.
    w_true, b_true : ndarray, float or None
        The parameters that generated the data (synthetic data only), else None.
    description : str
        Where the data come from, or the formula that generated them.

    Notes
    -----
    ``X, y = dataset`` works because a Dataset iterates over ``X`` then ``y``.
    """

    X: np.ndarray
    y: np.ndarray
    name: str
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...] | None = None
    w_true: np.ndarray | float | None = None
    b_true: np.ndarray | float | None = None
    description: str = ""

    def __post_init__(self):
        if not isinstance(self.X, np.ndarray) or self.X.ndim != 2:
            raise ValueError(f"Dataset.X must be a 2-D numpy array of shape (n, d), got "
                             f"{describe(self.X)}: pass np.asarray(X).reshape(n, d).")
        if not isinstance(self.y, np.ndarray) or self.y.ndim != 1:
            raise ValueError(f"Dataset.y must be a 1-D numpy array of shape (n,), got "
                             f"{describe(self.y)}: pass np.asarray(y).ravel().")
        if self.X.shape[0] != self.y.shape[0]:
            raise ValueError(f"Dataset.X has {self.X.shape[0]} rows but y has "
                             f"{self.y.shape[0]} entries: pass one target per row of X.")
        if len(self.feature_names) != self.X.shape[1]:
            raise ValueError(f"Dataset.feature_names has {len(self.feature_names)} names "
                             f"but X has {self.X.shape[1]} columns: pass one name per column.")

    def __iter__(self):
        yield self.X
        yield self.y

    def __repr__(self):
        kind = "regression" if self.K is None else f"K={self.K} classes"
        return f"Dataset(name={self.name!r}, n={self.n}, d={self.d}, {kind})"

    @property
    def n(self) -> int:
        """The number of examples (rows of X)."""
        return self.X.shape[0]

    @property
    def d(self) -> int:
        """The number of features (columns of X)."""
        return self.X.shape[1]

    @property
    def K(self) -> int | None:
        """The number of classes, or None for a regression data set."""
        return None if self.target_names is None else len(self.target_names)


# ---------------------------------------------------------------------------------------
# Checking the arguments (each message says what was wrong and how to fix it)
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# Synthetic data with known parameters
# ---------------------------------------------------------------------------------------

def make_line(n=40, w=2.0, b=1.0, noise=0.5, x_range=(-2, 2), seed=0):
    r"""Points scattered around a straight line: the smallest regression problem.

    Model
    -----
    .. math::  x \sim \mathcal{U}(x_{\min}, x_{\max}), \qquad
               y = w\,x + b + \text{noise}\cdot\varepsilon, \qquad
               \varepsilon \sim \mathcal{N}(0, 1)

    With a single weight and a bias, the loss is a surface over the (w, b) plane,
    which is what the contour plots of the course draw.

    Parameters
    ----------
    n : int, default 40
        Number of points (n >= 1).
    w, b : float, default 2.0 and 1.0
        The true slope and intercept.
    noise : float, default 0.5
        Standard deviation of the added Gaussian noise (>= 0; 0 puts every point on the line).
    x_range : (float, float), default (-2, 2)
        The interval from which x is drawn uniformly.
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, 1), y of shape (n,), with ``w_true = w`` and ``b_true = b``.
        The x values depend only on ``n``, ``x_range`` and ``seed``, not on ``noise``.
    """
    n = check_int(n, "n", 1)
    w = check_real(w, "w")
    b = check_real(b, "b")
    noise = check_real(noise, "noise", 0)
    low, high = check_range(x_range, "x_range")
    rng = np.random.default_rng(check_seed(seed))

    x = rng.uniform(low, high, size=n)
    epsilon = rng.standard_normal(n)
    y = w * x + b + noise * epsilon

    return Dataset(
        X=x.reshape(n, 1),
        y=y,
        name="line",
        feature_names=("x",),
        w_true=w,
        b_true=b,
        description=(f"y = {w} x + {b} + {noise} ε, ε ~ N(0, 1), "
                     f"x ~ U({low}, {high}), n = {n}, seed = {seed}"),
    )


def make_narrow_line(n=40, shift=3.0, w=2.0, b=1.0, noise=0.5, seed=0):
    r"""The running line, with its feature far from 0: a narrow, ill-conditioned bowl.

    ``make_line(n, w, b, noise, x_range=(shift − 2, shift + 2), seed)``: the same line
    y = w x + b, the same noise, but x (not centred, not scaled) drawn around ``shift``
    instead of around 0. The Hessian of the linear neuron's loss depends only on x,

    .. math::  \mathbf H = \begin{bmatrix} \overline{x^2} & \bar x \\ \bar x & 1 \end{bmatrix},

    and a mean x̄ far from 0 ties w and b together: the bowl becomes a long, narrow
    valley (for the default shift = 3 and seed, κ = λ_max/λ_min ≈ 100 instead of the
    running example's 1.6), where GD zigzags across and crawls along. With the same
    seed, x is ``make_line``'s x moved right by ``shift``, with the same noise.

    Parameters are those of ``make_line``; ``shift`` is any finite number (0 gives
    ``make_line`` itself).
    """
    shift = check_real(shift, "shift")
    line = make_line(n=n, w=w, b=b, noise=noise, x_range=(shift - 2.0, shift + 2.0), seed=seed)
    return Dataset(X=line.X, y=line.y, name="narrow line", feature_names=line.feature_names,
                   w_true=line.w_true, b_true=line.b_true,
                   description=line.description + f" (x shifted by {shift:g}: a narrow bowl)")


def make_regression(n=200, d=5, noise=0.1, seed=0):
    r"""A linear regression problem in d dimensions with known weights.

    Model
    -----
    .. math::  w_{\text{true}} \sim \mathcal{N}(0, I_d), \quad
               b_{\text{true}} \sim \mathcal{N}(0, 1), \quad
               x^{(i)} \sim \mathcal{N}(0, I_d), \quad
               y^{(i)} = x^{(i)} \cdot w_{\text{true}} + b_{\text{true}}
                         + \text{noise}\cdot\varepsilon^{(i)}, \quad
               \varepsilon^{(i)} \sim \mathcal{N}(0, 1)

    The true parameters are drawn first, so for a given ``seed`` and ``d`` they do not
    change when ``n`` or ``noise`` changes.

    Parameters
    ----------
    n : int, default 200
        Number of examples (n >= 1).
    d : int, default 5
        Number of features (d >= 1).
    noise : float, default 0.1
        Standard deviation of the added Gaussian noise (>= 0).
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, d), y of shape (n,), ``w_true`` of shape (d,), ``b_true`` a float.
    """
    n = check_int(n, "n", 1)
    d = check_int(d, "d", 1)
    noise = check_real(noise, "noise", 0)
    rng = np.random.default_rng(check_seed(seed))

    w_true = rng.standard_normal(d)
    b_true = float(rng.standard_normal())
    X = rng.standard_normal((n, d))
    epsilon = rng.standard_normal(n)
    y = X @ w_true + b_true + noise * epsilon

    return Dataset(
        X=X,
        y=y,
        name="regression",
        feature_names=tuple(f"x{j}" for j in range(1, d + 1)),
        w_true=w_true,
        b_true=b_true,
        description=(f"y = X w_true + b_true + {noise} ε with X, w_true, b_true, ε "
                     f"~ N(0, 1), n = {n}, d = {d}, seed = {seed}"),
    )


def blob_centres(K=2, distance=3.0):
    r"""The K centres used by :func:`make_blobs`: equally spaced on a circle.

    .. math::  \mu_k = \text{distance}\cdot(\cos\theta_k, \sin\theta_k),
               \qquad \theta_k = \pi + 2\pi k / K, \qquad k = 0, \dots, K-1

    The first centre is (-distance, 0). For K = 2 the two centres are the opposite
    points (-distance, 0) for class 0 and (distance, 0) for class 1.

    Returns
    -------
    ndarray of float64, shape (K, 2)
    """
    K = check_int(K, "K", 2)
    distance = check_real(distance, "distance", 0, strict=True)
    theta = np.pi + 2 * np.pi * np.arange(K) / K
    centres = distance * np.column_stack([np.cos(theta), np.sin(theta)])
    # cos and sin of multiples of π/2 come out as about 1e-16 instead of 0: make them 0.
    centres[np.abs(centres) < 1e-12 * distance] = 0.0
    return centres


def make_blobs(n=200, K=2, spread=1.0, distance=3.0, seed=0):
    r"""K round clouds of points in the plane, one per class.

    Model
    -----
    .. math::  x^{(i)} = \mu_{y^{(i)}} + \text{spread}\cdot\varepsilon^{(i)}, \qquad
               \varepsilon^{(i)} \sim \mathcal{N}(0, I_2)

    with the centres :math:`\mu_k` equally spaced on a circle of radius ``distance``
    (see :func:`blob_centres`). The classes are balanced: class k gets
    ``n // K`` or ``n // K + 1`` points. The rows are shuffled.

    Known true parameters. With equal class sizes and the same round spread σ for
    every class, the probability of each class given x is exactly a softmax of a
    linear function of x (for K = 2, a sigmoid):

    .. math::  P(y = k \mid x) = \mathrm{softmax}_k(x W + b), \qquad
               W_{:,k} = \mu_k / \sigma^2, \qquad b_k = -\lVert\mu_k\rVert^2 / (2\sigma^2)

    so ``w_true`` / ``b_true`` are the parameters a softmax neuron should approach
    (W of shape (2, K), b of shape (K,)). For K = 2 they are given in logistic form,
    :math:`P(y = 1 \mid x) = \sigma(x \cdot w + b)` with
    :math:`w = (\mu_1 - \mu_0)/\sigma^2` of shape (2,) and
    :math:`b = (\lVert\mu_0\rVert^2 - \lVert\mu_1\rVert^2)/(2\sigma^2)`, which is 0
    here because every centre lies on the same circle (for K > 2 the b_k are all equal,
    and adding the same number to every b_k does not change a softmax).
    A model fitted to a finite sample only approaches these values.

    Parameters
    ----------
    n : int, default 200
        Number of points (n >= K, so that every class has at least one).
    K : int, default 2
        Number of classes (K >= 2); labels are 0, 1, ..., K-1.
    spread : float, default 1.0
        Standard deviation σ of each cloud around its centre (> 0).
    distance : float, default 3.0
        Radius of the circle on which the centres lie (> 0).
    seed : int or None, default 0
        Seed of the random generator (None: different data on every call).

    Returns
    -------
    Dataset
        X of shape (n, 2), int64 labels y of shape (n,), target_names ("0", ..., "K-1").
    """
    n = check_int(n, "n", 1)
    K = check_int(K, "K", 2)
    if n < K:
        raise ValueError(f"n must be at least K so that every class gets a point, got "
                         f"n = {n} and K = {K}: pass n >= {K}.")
    spread = check_real(spread, "spread", 0, strict=True)
    centres = blob_centres(K, distance)
    rng = np.random.default_rng(check_seed(seed))

    labels = np.arange(n, dtype=np.int64) % K            # 0, 1, ..., K-1, 0, 1, ...: balanced
    X = centres[labels] + spread * rng.standard_normal((n, 2))
    order = rng.permutation(n)
    X, y = X[order], labels[order]

    W = centres.T / spread**2                            # shape (2, K)
    b = -np.sum(centres**2, axis=1) / (2 * spread**2)    # shape (K,)
    if K == 2:
        w_true, b_true = W[:, 1] - W[:, 0], float(b[1] - b[0])
    else:
        w_true, b_true = W, b

    return Dataset(
        X=X,
        y=y,
        name="blobs",
        feature_names=("x1", "x2"),
        target_names=tuple(str(k) for k in range(K)),
        w_true=w_true,
        b_true=b_true,
        description=(f"{K} Gaussian blobs, x = mu_y + {spread} ε, ε ~ N(0, I), centres "
                     f"on a circle of radius {distance}, n = {n}, seed = {seed}"),
    )


# ---------------------------------------------------------------------------------------
# Real data sets shipped with the package
# ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _read_csv(filename):
    """Read ``gdlib/datasets/<filename>`` once: (column names, read-only float64 table).

    The last column is the target. The table is cached and never handed out: the
    loaders return copies, so changing a returned array cannot change the cache.
    """
    path = DATASETS_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(f"The data file {path} is missing: reinstall gdlib "
                                f"(pip install -e .) or restore gdlib/datasets/ from git.")
    opener = gzip.open if filename.endswith(".gz") else open
    with opener(path, "rt", encoding="ascii") as f:
        header = tuple(f.readline().strip().split(","))
        table = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    table.flags.writeable = False
    return header, table


def _feature_columns(dataset, names, features):
    """The column numbers of the requested ``features`` (all of them for None)."""
    if features is None:
        return list(range(len(names)))
    if isinstance(features, str):                        # features="bmi" means ("bmi",)
        features = (features,)
    try:
        features = tuple(features)
    except TypeError:
        raise TypeError(f"features must be None or a sequence of feature names, got "
                        f"{describe(features)}: pass e.g. features={names[:1]!r}.") from None
    if len(features) == 0:
        raise ValueError(f"features is empty: pass at least one name, or None for all "
                         f"{len(names)} features of {dataset}.")
    for feature in features:
        if not isinstance(feature, str):
            raise TypeError(f"features must contain names (str), got {describe(feature)}: "
                            f"pass e.g. features={names[:1]!r}.")
    unknown = [feature for feature in features if feature not in names]
    if unknown:
        raise ValueError(f"Unknown feature name(s) for {dataset}: {unknown}. "
                         f"Valid names are: {list(names)}.")
    if len(set(features)) != len(features):
        raise ValueError(f"features names a column more than once: {list(features)}: "
                         f"pass each name once.")
    return [names.index(feature) for feature in features]


def _load(filename, name, features, target_names, description):
    """Build a Dataset from a shipped file, with fresh (writable) copies of the arrays."""
    header, table = _read_csv(filename)
    names = header[:-1]
    columns = _feature_columns(name, names, features)
    X = np.array(table[:, columns], dtype=np.float64)   # np.array copies
    if target_names is None:
        y = np.array(table[:, -1], dtype=np.float64)
    else:
        y = table[:, -1].astype(np.int64)
    return Dataset(
        X=X,
        y=y,
        name=name,
        feature_names=tuple(names[j] for j in columns),
        target_names=target_names,
        description=description,
    )


def load_diabetes(features=None):
    """The diabetes data of Efron et al. (2004), in original (unscaled) units.

    442 patients, 10 baseline measurements each: ``age`` (years), ``sex`` (1 or 2),
    ``bmi`` (body mass index), ``bp`` (average blood pressure) and six blood serum
    measurements ``s1`` … ``s6`` (tc, ldl, hdl, tch, ltg, glu). The target is a
    quantitative measure of disease progression one year after baseline (25 … 346).

    Parameters
    ----------
    features : sequence of str, str or None, default None
        The columns to keep, by name, in the order given; None keeps all ten.
        ``features=("bmi",)`` gives the classic one-feature regression.

    Returns
    -------
    Dataset
        X of shape (442, len(features)), float64 y of shape (442,).

    Raises
    ------
    ValueError
        For an unknown feature name (the message lists the valid names).

    Source: B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004), "Least Angle
    Regression", Annals of Statistics 32(2), 407-499, as redistributed by scikit-learn
    (BSD-3-Clause). See ``gdlib/datasets/README.md``.
    """
    return _load("diabetes.csv", "diabetes", features, None,
                 "Diabetes (Efron, Hastie, Johnstone & Tibshirani 2004, 'Least Angle "
                 "Regression'): 442 patients, 10 baseline variables in original units; "
                 "target = disease progression one year after baseline.")


def load_breast_cancer(features=None):
    """Breast Cancer Wisconsin (Diagnostic): is a breast mass malignant or benign?

    569 fine-needle aspirate images; for each of ten properties of the cell nuclei
    (radius, texture, perimeter, area, smoothness, compactness, concavity, concave
    points, symmetry, fractal dimension) the ``mean``, the standard ``error`` and the
    ``worst`` value: 30 features, e.g. ``"mean radius"``, ``"radius error"``,
    ``"worst radius"``. Labels: 0 = malignant (212), 1 = benign (357).

    Parameters
    ----------
    features : sequence of str, str or None, default None
        The columns to keep, by name, in the order given; None keeps all 30.

    Returns
    -------
    Dataset
        X of shape (569, len(features)), int64 labels y, target_names ("malignant", "benign").

    Source: W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), UCI Machine Learning
    Repository, https://doi.org/10.24432/C5DW2B, CC BY 4.0.
    """
    return _load("breast_cancer.csv.gz", "breast_cancer", features,
                 ("malignant", "benign"),
                 "Breast Cancer Wisconsin (Diagnostic), Wolberg, Street & Mangasarian "
                 "(1995), UCI ML Repository, doi:10.24432/C5DW2B, CC BY 4.0.")


def load_iris(features=None):
    """Fisher's iris flowers: four measurements (cm) of 50 flowers of each of 3 species.

    Features: ``"sepal length (cm)"``, ``"sepal width (cm)"``, ``"petal length (cm)"``,
    ``"petal width (cm)"``. Labels: 0 = setosa, 1 = versicolor, 2 = virginica.

    Parameters
    ----------
    features : sequence of str, str or None, default None
        The columns to keep, by name, in the order given; None keeps all four.

    Returns
    -------
    Dataset
        X of shape (150, len(features)), int64 labels y,
        target_names ("setosa", "versicolor", "virginica").

    Source: R. A. Fisher (1936), via the UCI Machine Learning Repository,
    https://doi.org/10.24432/C56C76, CC BY 4.0 (values as in Fisher's paper).
    """
    return _load("iris.csv", "iris", features,
                 ("setosa", "versicolor", "virginica"),
                 "Iris (R. A. Fisher 1936), UCI ML Repository, doi:10.24432/C56C76, "
                 "CC BY 4.0.")


def load_digits():
    """Handwritten digits 0-9 as 8×8 images of ink counts 0..16 (the UCI test set).

    Each row of X is one image read row by row: column ``pixel_r_c`` is the pixel in
    row r, column c, so ``X[i].reshape(8, 8)`` shows example i.

    Returns
    -------
    Dataset
        X of shape (1797, 64) with whole numbers 0..16 (as float64), int64 labels y in
        0..9, target_names ("0", ..., "9").

    Source: E. Alpaydin, C. Kaynak (1998), "Optical Recognition of Handwritten Digits",
    UCI Machine Learning Repository, https://doi.org/10.24432/C50P49, CC BY 4.0.
    """
    return _load("digits.csv.gz", "digits", None,
                 tuple(str(k) for k in range(10)),
                 "Optical Recognition of Handwritten Digits (Alpaydin & Kaynak 1998), "
                 "test set, UCI ML Repository, doi:10.24432/C50P49, CC BY 4.0.")


# ---------------------------------------------------------------------------------------
# Preparing data
# ---------------------------------------------------------------------------------------

def standardize(X, mean=None, std=None):
    r"""Feature scaling: give every column mean 0 and standard deviation 1 (z-scores).

    .. math::  x'_{ij} = \frac{x_{ij} - \mu_j}{s_j}, \qquad
               \mu_j = \frac{1}{n}\sum_i x_{ij}, \qquad
               s_j = \sqrt{\frac{1}{n}\sum_i (x_{ij} - \mu_j)^2}

    A constant column (all values equal) has :math:`s_j = 0`; it gets :math:`s_j = 1`
    instead, so it becomes a column of zeros rather than a division by zero.

    Scale the test data with the training data's numbers, never with its own::

        X_train_s, mean, std = standardize(X_train)
        X_test_s, _, _ = standardize(X_test, mean, std)

    Parameters
    ----------
    X : array of shape (n, d)
    mean, std : arrays of shape (d,) or None
        None (both): compute them from X. Given (both): apply that earlier scaling.

    Returns
    -------
    (X_scaled, mean, std)
        X_scaled float64 of shape (n, d) (X itself is not changed); mean and std of shape (d,).
    """
    X = check_X(X)
    if (mean is None) != (std is None):
        raise ValueError("Pass both mean and std (as returned by an earlier standardize "
                         "call) or neither (to compute them from X).")
    if mean is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        constant = np.all(X == X[0], axis=0)
        mean[constant] = X[0, constant]      # exact, so a constant column becomes exactly 0
        std[constant] = 1.0
    else:
        mean = check_weights(mean, X.shape[1:], "mean")
        std = check_weights(std, X.shape[1:], "std")
        if np.any(std <= 0):
            raise ValueError(f"std must be > 0 in every column, got {std}: pass the std "
                             f"returned by an earlier standardize call.")
    return (X - mean) / std, mean, std


def train_test_split(X, y, test_fraction=0.25, seed=0):
    """Split the examples at random into a training part and a test part.

    The rows are put in a random order (a permutation drawn with ``seed``); the first
    ``round(test_fraction · n)`` of them, kept between 1 and n-1, form the test set
    and the rest the training set. Each row of X stays with its own y.

    Parameters
    ----------
    X : array of shape (n, d)
    y : array of shape (n,)
    test_fraction : float, default 0.25
        The share of examples held out for testing, 0 < test_fraction < 1.
    seed : int or None, default 0
        Seed of the random permutation.

    Returns
    -------
    X_train, X_test, y_train, y_test
        Copies of the rows of X and y (dtypes kept), in the shuffled order.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2:
        hint = " (for one feature use X.reshape(-1, 1))" if X.ndim == 1 else ""
        raise ValueError(f"X must be 2-D with shape (n, d), got shape {X.shape}: "
                         f"pass one row per example{hint}.")
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D with shape (n,), got shape {y.shape}: "
                         f"pass one target per example (y.ravel() flattens a column).")
    n = X.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"X has {n} rows but y has {y.shape[0]} entries: pass one "
                         f"target per row of X.")
    if n < 2:
        raise ValueError(f"Need at least 2 examples to split into training and test sets, "
                         f"got {n}: pass more data.")
    test_fraction = check_real(test_fraction, "test_fraction", 0, strict=True)
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must be < 1, got {test_fraction}: pass a share "
                         f"such as 0.25 (a quarter of the examples for testing).")
    rng = np.random.default_rng(check_seed(seed))

    n_test = min(max(round(test_fraction * n), 1), n - 1)
    order = rng.permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
