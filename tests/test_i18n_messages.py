"""In Spanish, the input checks and the exercise feedback speak Spanish, and nothing else changes:
the same exceptions, the same ✓ / ✗ first, the same numbers; back in English, the English text."""
from __future__ import annotations

import numpy as np
import pytest

import gdlib
from gdlib import data, exercises, linear, softmax
from gdlib.exercises import feedback

from .exercise_helpers import stub


@pytest.fixture(autouse=True)
def spanish():
    feedback.reset_hints()
    gdlib.set_language("es")
    yield
    gdlib.set_language("en")
    feedback.reset_hints()


def test_x_and_y_of_different_lengths():
    X, y = np.zeros((5, 2)), np.zeros(4)
    with pytest.raises(ValueError, match=r"y debe tener forma \(5,\) para corresponder a las "
                                         r"5 filas de X, pero tiene forma \(4,\)"):
        linear.loss(X, y, np.zeros(2), 0.0)
    gdlib.set_language("en")
    with pytest.raises(ValueError, match=r"y must have shape \(5,\) to match X's 5 rows"):
        linear.loss(X, y, np.zeros(2), 0.0)


def test_a_negative_learning_rate():
    X, y = data.make_line(n=10)
    with pytest.raises(ValueError, match=r"lr debe ser un número finito > 0, pero se recibió "
                                         r"-0\.1"):
        gdlib.descend(linear, X, y, lr=-0.1, epochs=1)


def test_a_label_out_of_range():
    X, y = np.zeros((3, 2)), np.array([0, 1, 3])
    with pytest.raises(ValueError, match=r"y debe contener etiquetas en \[0, 3\), pero van de "
                                         r"0 a 3: numera tus clases como 0, \.\.\., 2\."):
        softmax.loss(X, y, np.zeros((2, 3)), np.zeros(3))


def test_an_integer_check_keeps_its_type_and_numbers():
    with pytest.raises(TypeError, match=r"n debe ser un entero, pero se recibió 2\.5 \(float\): "
                                        r"pasa un número entero como n=2\."):
        data.make_line(n=2.5)
    with pytest.raises(ValueError, match=r"n debe ser un entero >= 1, pero se recibió 0\."):
        data.make_line(n=0)


def test_an_optimizer_check():
    with pytest.raises(ValueError, match=r"beta debe estar en \[0, 1\), pero se recibió 1\.5: "
                                         r"es el peso del pasado"):
        gdlib.optimizers.Momentum(beta=1.5)


def _gradient(X, y, w, b):
    r = X @ w + b - y
    return X.T @ r / len(y), r.mean()


def _summed(X, y, w, b):
    dw, db = _gradient(X, y, w, b)
    return dw * len(y), db * len(y)


def test_a_wrong_and_a_right_gradient():
    wrong = exercises.check_gradient_function(linear, _summed)
    assert not wrong and repr(wrong).startswith("✗ ")
    assert "tu gradiente es n veces demasiado grande" in wrong.message
    assert "Pista 1/2: compara tu fórmula" in wrong.message
    assert "¿Sigues atorado?" in wrong.message
    assert "Pista 2/2: con los residuos" in exercises.check_gradient_function(linear, _summed).message
    right = exercises.check_gradient_function(linear, _gradient)
    assert right and repr(right).startswith("✓ correcto: error relativo de ")
    assert right._repr_html_().startswith("<div style='color:#2b8a3e'><b>✓</b> correcto")


def test_not_attempted_follows_the_language_set_after_the_import():
    fb = exercises.check_gradient_function(linear, stub)
    assert fb is exercises.NOT_YET
    assert repr(fb).startswith("✗ todavía no lo has intentado")
    gdlib.set_language("en")
    assert repr(fb).startswith("✗ not attempted yet")


def test_what_a_dataset_shows():
    moons = data.make_moons(n=20)
    assert moons.target_names == ("luna superior", "luna inferior")
    assert moons.feature_names == ("x1", "x2")                 # keys: never translated
    assert "dos medias lunas entrelazadas" in moons.description
    assert repr(data.load_iris()) == "Dataset(name='iris', n=150, d=4, K=3 clases)"
    assert data.load_breast_cancer(features="mean radius").target_names == ("maligno", "benigno")
    gdlib.set_language("en")
    assert data.make_moons(n=20).target_names == ("upper moon", "lower moon")
    assert repr(data.load_iris()) == "Dataset(name='iris', n=150, d=4, K=3 classes)"
