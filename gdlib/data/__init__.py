r"""Data for the course: synthetic problems with known answers, and small real data sets.

Synthetic generators (``synthetic``; every one takes a ``seed``; the same seed gives the same arrays)::

    make_line        one feature,   y = w x + b + noise·ε                 (regression)
    make_narrow_line the same line with x far from 0: an ill-conditioned, narrow bowl
    make_regression  d features,    y = X w + b + noise·ε                 (regression)
    make_blobs       two features,  K Gaussian clouds on a circle         (classification)
    make_moons       two features,  two interleaved half-moons            (classification)

Real data sets (``real``), shipped as small CSV files in ``gdlib/data/files/`` and read offline
with numpy alone (sources, licences and checksums: ``gdlib/data/files/README.md``)::

    load_diabetes        442 × 10, disease progression one year later  (regression)
    load_breast_cancer   569 × 30, malignant / benign                   (2 classes)
    load_iris            150 × 4,  three species of iris                (3 classes)
    load_digits          1797 × 64, 8×8 images of handwritten digits    (10 classes)

Helpers (``preparing``): ``standardize`` (z-score feature scaling) and ``train_test_split``.

Every function returns, or works on, the same shapes:

* ``X`` is a float64 array of shape (n, d): one row per example, one column per feature;
* ``y`` is float64 of shape (n,) for regression, int64 labels 0..K-1 for classification.

A ``Dataset`` unpacks like a pair, so both styles work::

    X, y = load_iris()
    data = load_iris();  data.X, data.y, data.feature_names, data.target_names
"""
from .preparing import standardize, train_test_split
from .real import (DATASETS_DIR, Dataset, load_breast_cancer, load_diabetes, load_digits,
                   load_iris)
from .synthetic import (blob_centres, make_blobs, make_line, make_moons, make_narrow_line,
                        make_regression)

__all__ = [
    "Dataset",
    "make_line",
    "make_narrow_line",
    "make_regression",
    "make_blobs",
    "blob_centres",
    "make_moons",
    "load_diabetes",
    "load_breast_cancer",
    "load_iris",
    "load_digits",
    "standardize",
    "train_test_split",
    "DATASETS_DIR",
]
