"""The exercise checks of notebooks 01–03 and 05–07 speak Spanish in the Spanish edition.

With gdlib.set_language("es"), a wrong answer gives ✗ and a right one ✓, still as the
first character, and the sentence after it is Spanish: the slip it names, the rung of
the hint ladder and the ✓ message all come from the catalogue, with no English sentence
left. Every message these checks looked up must have a translation (gdlib.i18n.missing).
"""
import re

import numpy as np
import pytest

import gdlib
from gdlib import exercises, i18n, linear
from gdlib.exercises import classification, gradient_descent, sgd

#: Words of an English sentence that a Spanish one never has (code and math aside).
ENGLISH = re.compile(r"\b(the|your|you|is|are|should|not|and|with|of|to|at|for|by|"
                     r"correct|done|yet|right|wrong|Hint|update|updates|step)\b")
#: The hint ladder's frame (feedback.wrong) while feedback.py is still English; once it
#: is translated these match nothing and the whole message is checked.
LADDER_FRAME = re.compile(r" Hint \d+/\d+: | \(Still stuck\? Try again: the next hint is "
                          r"more concrete\.\)")


@pytest.fixture(autouse=True)
def spanish():
    exercises.reset_hints()
    before = i18n.missing()
    gdlib.set_language("es")
    yield before
    gdlib.set_language("en")
    exercises.reset_hints()


def spanish_text(message):
    """The message, with no English sentence in it (the ladder's frame set aside)."""
    english = ENGLISH.findall(LADDER_FRAME.sub(" ", message))
    assert not english, f"English words {english} in: {message}"
    return message


def assert_wrong_es(feedback, *spanish_words):
    assert not feedback.ok and repr(feedback).startswith("✗"), feedback
    text = spanish_text(feedback.message)
    assert "Pista" in text or LADDER_FRAME.search(text), feedback
    for word in spanish_words:
        assert word in text, feedback


def assert_right_es(feedback, *spanish_words):
    assert feedback.ok and repr(feedback).startswith("✓"), feedback
    text = spanish_text(feedback.message)
    for word in spanish_words:
        assert word in text, feedback


def assert_all_translated(before):
    assert i18n.missing() <= before, f"no translation for {i18n.missing() - before}"


# --- student answers, right and wrong -------------------------------------------------------

def mse(X, y, w, b):
    return 0.5 * np.mean((X @ w + b - y) ** 2)


def gd_step(X, y, w, b, lr):
    dw, db = linear.gradient(X, y, w, b)
    return w - lr * dw, b - lr * db


def b_first(X, y, w, b, lr):
    b = b - lr * linear.gradient(X, y, w, b)[1]
    return w - lr * linear.gradient(X, y, w, b)[0], b


def sgd_epoch(X, y, w, b, lr, batch_size, rng, shuffle=True):
    n = len(y)
    order = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        dw, db = linear.gradient(X[idx], y[idx], w, b)
        w, b = w - lr * dw, b - lr * db
    return w, b


def stable_softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def naive_softmax(Z):
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)


def momentum_step(params, grads, velocity, lr, beta):
    velocity = [beta * v + g for v, g in zip(velocity, grads)]
    return [p - lr * v for p, v in zip(params, velocity)], velocity


def bias_correction(m, s, t, beta1, beta2):
    return m / (1 - beta1 ** t), s / (1 - beta2 ** t)


# --- the checks -----------------------------------------------------------------------------

def test_loss_function_in_spanish(spanish):
    assert_wrong_es(exercises.check_loss_function(
        linear, lambda X, y, w, b: np.mean((X @ w + b - y) ** 2)), "omitiste el factor ½")
    assert_right_es(exercises.check_loss_function(linear, mse), "correcto", "tu pérdida coincide")
    assert_all_translated(spanish)


def test_gd_step_ladder_in_spanish(spanish):
    rungs = [gdlib.i18n._(h) for h in gradient_descent.GD_STEP_HINTS["sequential"]]
    assert rungs[0] != gradient_descent.GD_STEP_HINTS["sequential"][0]
    for rung in rungs:
        assert_wrong_es(exercises.check_gd_step(b_first), "actualizaste b primero",
                        "actualización simultánea", rung)
    assert_right_es(exercises.check_gd_step(gd_step), "correcto", "gdlib.descend")
    assert_all_translated(spanish)


def test_minibatches_and_sgd_epoch_in_spanish(spanish):
    assert_wrong_es(exercises.check_minibatches(13, 26, n=442, batch_size=32),
                    "todavía no es correcto", "math.ceil(442 / 32)")
    assert_wrong_es(exercises.check_minibatches(14, 32, n=442, batch_size=32),
                    "el último minilote no tiene 32 ejemplos")
    assert_right_es(exercises.check_minibatches(14, 26, n=442, batch_size=32),
                    "14 minilotes por época", "13 × 32 + 26 = 442")
    unshuffled = lambda *args: sgd_epoch(*args, shuffle=False)
    assert_wrong_es(exercises.check_sgd_epoch(unshuffled), "sin barajarlos",
                    gdlib.i18n._(sgd.SGD_EPOCH_HINTS["shuffle"][0]))
    assert_right_es(exercises.check_sgd_epoch(sgd_epoch), "correcto", "|B| = 3, 1, 4")
    assert_all_translated(spanish)


def test_softmax_checks_in_spanish(spanish):
    assert_wrong_es(exercises.check_softmax_function(naive_softmax), "se desborda",
                    gdlib.i18n._(classification.SOFTMAX_HINTS["overflow"][0]))
    assert_right_es(exercises.check_softmax_function(stable_softmax), "correcto y estable")
    assert_wrong_es(exercises.check_two_class_softmax(lambda W, b: (W[:, 0] - W[:, 1],
                                                                     b[0] - b[1])),
                    "P(clase 0) en lugar de P(clase 1)")
    assert_right_es(exercises.check_two_class_softmax(lambda W, b: (W[:, 1] - W[:, 0],
                                                                     b[1] - b[0])),
                    "neurona logística")
    assert_all_translated(spanish)


def test_optimizer_checks_in_spanish(spanish):
    no_velocity = lambda params, grads, velocity, lr, beta: (
        [p - lr * g for p, g in zip(params, grads)], velocity)
    assert_wrong_es(exercises.check_momentum_step(no_velocity), "no se usa la velocidad")
    assert_right_es(exercises.check_momentum_step(momentum_step), "correcto",
                    "gdlib.optimizers.Momentum")
    assert_wrong_es(exercises.check_bias_correction(lambda m, s, t, b1, b2: (m, s)),
                    "devolviste m y s sin cambios")
    assert_right_es(exercises.check_bias_correction(bias_correction), "el paso de Adam")
    assert_all_translated(spanish)


def test_english_again_after_spanish():
    gdlib.set_language("en")
    assert exercises.check_gd_step(gd_step).message == (
        "correct: your step matches one update of gdlib.descend.")
    assert "not a simultaneous update" in exercises.check_gd_step(b_first).message


def test_the_rate_stability_and_digits_checks_of_07_in_spanish(spanish):
    from gdlib import data
    X, _y = data.make_line(n=40, seed=0, x_range=(1, 5))
    lam = np.linalg.eigvalsh(linear.hessian(X))

    def rate(l, lr, beta):
        return np.abs(np.linalg.eigvals(np.array([[beta, l], [-lr * beta, 1 - lr * l]]))).max()
    assert_wrong_es(exercises.check_momentum_rate(lambda l, lr, beta: abs(1 - lr * l)),
                    "tu tasa es", "la velocidad")
    assert_right_es(exercises.check_momentum_rate(rate), "correcto", "valores propios complejos")
    assert_wrong_es(exercises.check_largest_stable_lr(2 / lam[1], X), "es el borde del GD")
    assert_right_es(exercises.check_largest_stable_lr(3.8 / lam[1], X), "correcto",
                    "la bola pesada con β = 0.9 es estable")
    assert_wrong_es(exercises.check_digits_challenge(dict(lr=1e4, epochs=50)),
                    "la corrida divergió", "optimizador")
    assert_all_translated(spanish)
