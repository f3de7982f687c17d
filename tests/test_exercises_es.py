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
    rungs = [gdlib.i18n._(h) for h in gradient_descent.HINTS["gd_step"]["sequential"]]
    assert rungs[0] != gradient_descent.HINTS["gd_step"]["sequential"][0]
    for rung in rungs:
        assert_wrong_es(exercises.check_gd_step(b_first), "actualizaste b primero",
                        "actualización simultánea", rung)
    assert_right_es(exercises.check_gd_step(gd_step), "correcto", "gdlib.descend")
    assert_all_translated(spanish)


def test_sgd_epoch_in_spanish(spanish):
    unshuffled = lambda *args: sgd_epoch(*args, shuffle=False)
    assert_wrong_es(exercises.check_sgd_epoch(unshuffled), "sin barajarlos",
                    gdlib.i18n._(sgd.HINTS["sgd_epoch"]["shuffle"][0]))
    assert_right_es(exercises.check_sgd_epoch(sgd_epoch), "correcto", "|B| = 3, 1, 4")
    assert_all_translated(spanish)


def test_softmax_checks_in_spanish(spanish):
    assert_wrong_es(exercises.check_softmax_function(naive_softmax), "se desborda",
                    gdlib.i18n._(classification.HINTS["softmax"]["overflow"][0]))
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


# --- issue 17: every new slip and rung speaks Spanish ------------------------------------------

def _cases():
    """(name, a call that returns a ✗ Feedback, a Spanish word it must contain)."""
    from gdlib import data, logistic, softmax
    line = data.make_line(n=40, seed=0)
    X, y = line
    w, b = linear.least_squares(X, y)
    r = X[:, 0] * w[0] + b - y
    moons = data.make_moons(n=200, noise=0.15, seed=0)
    Xm = data.standardize(moons.X)[0]
    X_tr, X_val, y_tr, y_val = data.train_test_split(Xm, moons.y, test_fraction=0.3, seed=0)
    p = float(np.mean(y_tr))
    fit = lambda x, y: tuple(linear.least_squares(x.reshape(-1, 1), y)[i].item() if i == 0 else
                             linear.least_squares(x.reshape(-1, 1), y)[1] for i in (0, 1))
    vel = lambda v, g, beta: [beta * u + e for u, e in zip(v, g)]
    step = lambda P, d, lr: [q - lr * e for q, e in zip(P, d)]

    def backward(derivative, sign=1.0, transpose=False):
        def fn(X, H, D2, W2):
            D1 = (D2 @ W2.T) * derivative(H)
            dW1 = sign * X.T @ D1 / len(X)
            return (dW1.T if transpose else dW1), sign * D1.mean(axis=0)
        return fn

    return [
        ("loss sum", lambda: exercises.check_loss_function(logistic, lambda X, y, w, b: float(
            np.sum(np.logaddexp(0, X @ w + b) - y * (X @ w + b)))), "sumaste sobre los ejemplos"),
        ("loss sign", lambda: exercises.check_loss_function(logistic, lambda X, y, w, b: -float(
            np.mean(np.logaddexp(0, X @ w + b) - y * (X @ w + b)))), "signo equivocado"),
        ("loss other", lambda: exercises.check_loss_function(softmax, lambda *a: 0.0),
         "pieza por pieza"),
        ("fit swapped", lambda: exercises.check_fit_line(lambda x, y: fit(x, y)[::-1]),
         "intercambiados"),
        ("fit bias", lambda: exercises.check_fit_line(lambda x, y: (fit(x, y)[0], 0.0)),
         "tu w es correcto"),
        ("fit other", lambda: exercises.check_fit_line(lambda x, y: (1.0, 0.0)), "no es el mínimo"),
        ("best bias median", lambda: exercises.check_best_bias(np.median(y + (np.arange(40) == 0)
                                                                         * 100), X,
                                                               y + (np.arange(40) == 0) * 100),
         "mediana"),
        ("best bias", lambda: exercises.check_best_bias(123.0, X, y), "parábola"),
        ("zigzag", lambda: exercises.check_zigzag_updates(1000, X), "factor por actualización"),
        ("zigzag exact", lambda: exercises.check_zigzag_updates(np.log(1000) / -np.log(0.9), X),
         "número entero"),
        ("noise w", lambda: exercises.check_gradient_noise(np.mean(r**2 * X[:, 0]**2), X, y),
         "solo la parte de w"),
        ("noise norm", lambda: exercises.check_gradient_noise(
            np.mean(np.sqrt(r**2 * X[:, 0]**2 + r**2)), X, y), "no la de su cuadrado"),
        ("noise", lambda: exercises.check_gradient_noise(1.0, X, y), "least_squares"),
        ("raw unchanged", lambda: exercises.check_raw_units(lambda w, b, m, s: (w, b)),
         "sin cambios"),
        ("raw times", lambda: exercises.check_raw_units(lambda w, b, m, s: (w * s, b)),
         "multiplicados por s_j"),
        ("raw bias", lambda: exercises.check_raw_units(lambda w, b, m, s: (w / s, b)),
         "b no"),
        ("raw other", lambda: exercises.check_raw_units(lambda w, b, m, s: (w / s**2, b)),
         "desarróllalo"),
        ("bias share", lambda: exercises.check_bias_only(p, y_tr), "proporción de la clase 1"),
        ("bias sign", lambda: exercises.check_bias_only(-np.log(p / (1 - p)), y_tr),
         "signo equivocado"),
        ("bias other", lambda: exercises.check_bias_only(3.0, y_tr), "σ(b) − ȳ"),
        ("softmax global", lambda: exercises.check_softmax_function(
            lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True)),
         "toda la matriz"),
        ("softmax columns", lambda: exercises.check_softmax_function(
            lambda Z: stable_softmax(Z.T).T), "tus columnas suman 1"),
        ("gradient sum form", lambda: exercises.check_gradient_function(
            softmax, lambda X, y, W, b: tuple(len(y) * g for g in softmax.gradient(X, y, W, b))),
         "−Σ log ŷ_{y_i}"),
        ("momentum sign", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, [-u for u in vel(v, g, beta)], lr),
                                       vel(v, g, beta))), "signo equivocado"),
        ("momentum nesterov", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, vel(vel(v, g, beta), g, beta), lr),
                                       vel(v, g, beta))), "Nesterov"),
        ("momentum beta on g", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, [u + beta * e for u, e in zip(v, g)], lr), v)),
         "β quedó sobre el gradiente"),
        ("momentum beta on both", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, [beta * (u + e) for u, e in zip(v, g)], lr), v)),
         "también sobre el gradiente"),
        ("momentum swapped", lambda: exercises.check_momentum_step(
            lambda *a: momentum_step(*a)[::-1]), "orden invertido"),
        ("momentum old v", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, v, lr), vel(v, g, beta))), "velocidad anterior"),
        ("momentum average", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: (step(P, [beta * u + (1 - beta) * e
                                                for u, e in zip(v, g)], lr), v)), "promediaste"),
        ("momentum velocity", lambda: exercises.check_momentum_step(
            lambda *a: (momentum_step(*a)[0], a[2])), "la velocidad que devuelves"),
        ("momentum other", lambda: exercises.check_momentum_step(
            lambda P, g, v, lr, beta: ([2 * q for q in P], v)), "no coincide"),
        ("adam precedence", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (m / 1 - b1 ** t, s / 1 - b2 ** t)), "se lee como"),
        ("adam only m", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (m / (1 - b1 ** t), s)), "corregiste m̂"),
        ("adam only s", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (m, s / (1 - b2 ** t))), "corregiste ŝ"),
        ("adam swapped", lambda: exercises.check_bias_correction(
            lambda *a: bias_correction(*a)[::-1]), "orden invertido"),
        ("adam betas", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (m / (1 - b2 ** t), s / (1 - b1 ** t))),
         "intercambiaste las dos β"),
        ("adam late", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (m / (1 - b1 ** (t - 1)), s / (1 - b2 ** (t - 1)))),
         "β₁ᵗ⁻¹"),
        ("adam other", lambda: exercises.check_bias_correction(
            lambda m, s, t, b1, b2: (2 * m, s)), "el paso de Adam"),
        ("digits slow", lambda: exercises.check_digits_challenge(dict(lr=0.1, epochs=50)),
         "no llegó"),
        ("digits diverged", lambda: exercises.check_digits_challenge(dict(lr=1e4, epochs=50)),
         "divergió"),
        ("backward sign", lambda: exercises.check_hidden_backward(
            backward(lambda H: 1 - H**2, sign=-1.0)), "signo equivocado"),
        ("backward tanh twice", lambda: exercises.check_hidden_backward(
            backward(lambda H: 1 - np.tanh(H)**2)), "tanh dos veces"),
        ("backward sigmoid", lambda: exercises.check_hidden_backward(
            backward(lambda H: H * (1 - H))), "sigmoide"),
        ("backward 1 − H", lambda: exercises.check_hidden_backward(
            backward(lambda H: 1 - H)), "no 1 − H"),
        ("backward no tanh", lambda: exercises.check_hidden_backward(
            backward(lambda H: 1.0)), "te faltó tanh′"),
        ("backward transposed", lambda: exercises.check_hidden_backward(
            backward(lambda H: 1 - H**2, transpose=True)), "transpuesto"),
        ("backward other", lambda: exercises.check_hidden_backward(
            backward(lambda H: 2 - H**2)), "todavía no es correcto"),
        ("backward bias", lambda: exercises.check_hidden_backward(
            lambda *a: (backward(lambda H: 1 - H**2)(*a)[0], np.zeros(a[3].shape[0]))),
         "∂L/∂b₁ todavía no"),
        ("zero W1", lambda: exercises.check_zero_start({"W1", "b2"}, X_tr, y_tr),
         "se quedan en cero"),
        ("zero W2", lambda: exercises.check_zero_start("W2", X_tr, y_tr), "W₂ se queda en cero"),
        ("zero missed", lambda: exercises.check_zero_start(set(), X_tr, y_tr), "sí se mueve"),
        ("small one", lambda: exercises.check_small_network(
            dict(hidden=1, lr=1.0, epochs=300), X_tr, y_tr, X_val, y_val), "frontera recta"),
        ("small short", lambda: exercises.check_small_network(
            dict(hidden=3, lr=0.1, epochs=10), X_tr, y_tr, X_val, y_val), "por debajo de la meta"),
        ("small wide", lambda: exercises.check_small_network(
            dict(hidden=8, lr=2.0, epochs=1000, seed=0), X_tr, y_tr, X_val, y_val),
         "achica la red"),
        ("small diverged", lambda: exercises.check_small_network(
            dict(hidden=3, lr=500.0, epochs=50), X_tr, y_tr, X_val, y_val), "demasiado grande"),
    ]


def test_every_new_slip_and_rung_is_spanish(spanish):
    for name, call, word in _cases():
        first, second = call(), call()                 # two rungs of the slip's ladder
        assert_wrong_es(first, word)
        assert_wrong_es(second)
        assert first.message.split(" Pista ")[0] == second.message.split(" Pista ")[0], name
    assert_all_translated(spanish)


def test_the_new_right_answers_and_not_yet_messages_are_spanish(spanish):
    from gdlib import data
    moons = data.make_moons(n=200, noise=0.15, seed=0)
    Xm = data.standardize(moons.X)[0]
    X_tr, X_val, y_tr, y_val = data.train_test_split(Xm, moons.y, test_fraction=0.3, seed=0)
    assert_right_es(exercises.check_softmax_function(stable_softmax), "filas a 1000 de distancia")
    assert_right_es(exercises.check_zero_start("b2", X_tr, y_tr), "correcto")
    assert_right_es(exercises.check_small_network(dict(hidden=3, lr=2.0, epochs=1000, seed=0),
                                                  X_tr, y_tr, X_val, y_val), "exactitud")
    not_yet = exercises.check_small_network(None, X_tr, y_tr, X_val, y_val)
    assert repr(not_yet).startswith("✗") and "todavía no lo has intentado" in not_yet.message
    assert "dict(hidden=8, lr=2.0, epochs=1000, seed=0)" in not_yet.message
    spanish_text(not_yet.message)


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
