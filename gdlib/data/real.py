"""Small real data sets shipped with the package (``gdlib/data/files/``), read offline with
numpy alone, and the ``Dataset`` container every loader and generator returns.

Sources, licences and checksums: ``gdlib/data/files/README.md``.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._validation import describe
from ..i18n import _

#: The folder with the shipped CSV files.
DATASETS_DIR = Path(__file__).resolve().parent / "files"




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
            raise ValueError(_("Dataset.X must be a 2-D numpy array of shape (n, d), got "
                               "{value}: pass np.asarray(X).reshape(n, d).")
                             .format(value=describe(self.X)))
        if not isinstance(self.y, np.ndarray) or self.y.ndim != 1:
            raise ValueError(_("Dataset.y must be a 1-D numpy array of shape (n,), got "
                               "{value}: pass np.asarray(y).ravel().")
                             .format(value=describe(self.y)))
        if self.X.shape[0] != self.y.shape[0]:
            raise ValueError(_("Dataset.X has {n} rows but y has {m} entries: pass one "
                               "target per row of X.")
                             .format(n=self.X.shape[0], m=self.y.shape[0]))
        if len(self.feature_names) != self.X.shape[1]:
            raise ValueError(_("Dataset.feature_names has {names} names but X has {d} "
                               "columns: pass one name per column.")
                             .format(names=len(self.feature_names), d=self.X.shape[1]))

    def __iter__(self):
        yield self.X
        yield self.y

    def __repr__(self):
        if self.K is None:
            text = _("Dataset(name={name}, n={n}, d={d}, regression)")
        else:
            text = _("Dataset(name={name}, n={n}, d={d}, K={K} classes)")
        return text.format(name=repr(self.name), n=self.n, d=self.d, K=self.K)

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


@functools.lru_cache(maxsize=None)
def _read_csv(filename):
    """Read ``gdlib/data/files/<filename>`` once: (column names, read-only float64 table).

    The last column is the target. The table is cached and never handed out: the
    loaders return copies, so changing a returned array cannot change the cache.
    """
    path = DATASETS_DIR / filename
    if not path.is_file():
        raise FileNotFoundError(_("The data file {path} is missing: reinstall gdlib "
                                  "(pip install -e .) or restore gdlib/data/files/ from git.")
                                .format(path=path))
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
        raise TypeError(_("features must be None or a sequence of feature names, got "
                          "{value}: pass e.g. features={example}.")
                        .format(value=describe(features), example=repr(names[:1]))) from None
    if len(features) == 0:
        raise ValueError(_("features is empty: pass at least one name, or None for all "
                           "{d} features of {dataset}.").format(d=len(names), dataset=dataset))
    for feature in features:
        if not isinstance(feature, str):
            raise TypeError(_("features must contain names (str), got {value}: pass e.g. "
                              "features={example}.")
                            .format(value=describe(feature), example=repr(names[:1])))
    unknown = [feature for feature in features if feature not in names]
    if unknown:
        raise ValueError(_("Unknown feature name(s) for {dataset}: {unknown}. Valid names "
                           "are: {names}.").format(dataset=dataset, unknown=unknown,
                                                   names=list(names)))
    if len(set(features)) != len(features):
        raise ValueError(_("features names a column more than once: {features}: pass each "
                           "name once.").format(features=list(features)))
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
    (BSD-3-Clause). See ``gdlib/data/files/README.md``.
    """
    return _load("diabetes.csv", "diabetes", features, None,
                 _("Diabetes (Efron, Hastie, Johnstone & Tibshirani 2004, 'Least Angle "
                   "Regression'): 442 patients, 10 baseline variables in original units; "
                   "target = disease progression one year after baseline."))


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
                 (_("malignant"), _("benign")),
                 _("Breast Cancer Wisconsin (Diagnostic), Wolberg, Street & Mangasarian "
                   "(1995), UCI ML Repository, doi:10.24432/C5DW2B, CC BY 4.0."))


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
                 _("Iris (R. A. Fisher 1936), UCI ML Repository, doi:10.24432/C56C76, "
                   "CC BY 4.0."))


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
                 _("Optical Recognition of Handwritten Digits (Alpaydin & Kaynak 1998), "
                   "test set, UCI ML Repository, doi:10.24432/C50P49, CC BY 4.0."))


# ---------------------------------------------------------------------------------------
