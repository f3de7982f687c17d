"""Checkers and figures of notebooks 01–02: a right answer gives ✓, a wrong one ✗ with a
hint, an untouched stub "not attempted yet"."""
import numpy as np
import pytest
from matplotlib.figure import Figure

import gdlib
from gdlib import data, exercises, linear, logistic, plots, softmax
from gdlib.exercises import gradient_descent as gd_exercises

from .exercise_helpers import assert_not_yet, assert_ok, assert_wrong, stub


@pytest.fixture(scope="module")
def line():
    return data.make_line(n=40, seed=0)


# --- notebook 01 -------------------------------------------------------------------------------

def mse(X, y, w, b):
    return 0.5 * np.mean((X @ w + b - y) ** 2)


def test_loss_function_right_wrong_and_stub():
    assert_ok(exercises.check_loss_function(linear, mse))
    assert_ok(exercises.check_loss_function(logistic, lambda X, y, w, b: float(
        np.mean(np.logaddexp(0, X @ w + b) - y * (X @ w + b)))))
    assert_ok(exercises.check_loss_function(softmax, lambda X, y, W, b: float(np.mean(
        np.log(np.exp(X @ W + b).sum(axis=1)) - (X @ W + b)[np.arange(len(y)), y]))))
    zero = lambda X, y, W, b: 0.0
    first = exercises.check_loss_function(softmax, zero)         # the slip, not the formula
    assert_wrong(first, "Hint 1/2", "the sign")
    assert "log ŷ" not in first.message
    assert_wrong(exercises.check_loss_function(softmax, zero), "Hint 2/2", "log ŷ")
    assert_not_yet(exercises.check_loss_function(linear, stub))


@pytest.mark.parametrize("wrong,words", [
    (lambda X, y, w, b: np.mean((X @ w + b - y) ** 2), ["½"]),
    (lambda X, y, w, b: 0.5 * np.sum((X @ w + b - y) ** 2), ["divide by n"]),
    (lambda X, y, w, b: np.sum((X @ w + b - y) ** 2), ["½", "divide by n"]),
    (lambda X, y, w, b: 0.5 * np.mean((X @ w - y) ** 2), ["Hint"]),
    (lambda X, y, w, b: None, ["one number"]),
    (lambda X, y, w, b: X @ w, ["Hint"]),
])
def test_loss_function_names_the_slip(wrong, words):
    assert_wrong(exercises.check_loss_function(linear, wrong), *words)


def test_a_crash_is_feedback_not_an_error():
    feedback = exercises.check_loss_function(linear, lambda X, y, w, b: 1 / 0)
    assert not feedback.ok and "ZeroDivisionError" in feedback.message


def test_best_bias(line):
    X, y = line
    best = y.mean()
    rest = lambda b: linear.loss(X, y, [0.0], b)
    assert rest(best) < min(rest(best - 1e-3), rest(best + 1e-3))   # it is the minimum
    assert_ok(exercises.check_best_bias(best, X, y))
    assert_wrong(exercises.check_best_bias(linear.least_squares(X, y)[1], X, y), "w is free")
    assert_wrong(exercises.check_best_bias(np.median(y), X, y), "∂L/∂b")
    assert_wrong(exercises.check_best_bias("the mean", X, y), "should", "number", hint=False)
    assert_not_yet(exercises.check_best_bias(None, X, y))


def fit_line(x, y):
    w = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return w, y.mean() - w * x.mean()


def test_fit_line_right_wrong_and_stub():
    assert_ok(exercises.check_fit_line(fit_line))
    through_zero = lambda x, y: (np.sum(x * y) / np.sum(x * x), y.mean())
    assert_wrong(exercises.check_fit_line(through_zero), "not zero", "Hint 1/2")
    assert_wrong(exercises.check_fit_line(through_zero), "x̄", "Hint 2/2")
    assert_wrong(exercises.check_fit_line(lambda x, y: fit_line(x, y)[0]), "should", "pair",
                 hint=False)
    assert_not_yet(exercises.check_fit_line(stub))


# --- notebook 02 -------------------------------------------------------------------------------

def gd_step(X, y, w, b, lr):
    dw, db = linear.gradient(X, y, w, b)
    return w - lr * dw, b - lr * db


def test_gd_step_right_and_stub():
    assert_ok(exercises.check_gd_step(gd_step))
    assert_not_yet(exercises.check_gd_step(stub))


def test_gd_step_in_place_update_is_still_right():
    def in_place(X, y, w, b, lr):
        dw, db = linear.gradient(X, y, w, b)
        w -= lr * dw
        return w, b - lr * db
    assert_ok(exercises.check_gd_step(in_place))


def b_first(X, y, w, b, lr):
    """The slide lists b's update first; doing it first, then ∂L/∂w at the new b."""
    b = b - lr * linear.gradient(X, y, w, b)[1]
    return w - lr * linear.gradient(X, y, w, b)[0], b


@pytest.mark.parametrize("wrong,words", [
    (lambda X, y, w, b, lr: gd_exercises._sequential_step(X, y, w, b, lr), ["simultaneous",
                                                                             "w first"]),
    (b_first, ["simultaneous", "b first"]),
    (lambda X, y, w, b, lr: gd_step(X, y, w, b, -lr), ["uphill"]),
    (lambda X, y, w, b, lr: gd_step(X, y, w, b, 1.0), ["learning rate"]),
    (lambda X, y, w, b, lr: (w - lr * linear.gradient(X, y, w, b)[0], b), ["b stayed"]),
    (lambda X, y, w, b, lr: (w, b - 0.5 * lr), ["does not match"]),
    (lambda X, y, w, b, lr: w, ["should", "pair"]),
])
def test_gd_step_names_the_slip(wrong, words):
    # a slip gets a hint; an answer of the wrong kind is refused: what it "should" be
    assert_wrong(exercises.check_gd_step(wrong), *words, hint="should" not in words)


def test_gd_step_recognises_both_sequential_orders():
    X, y, w, b = gd_exercises.problem(linear, 0)
    w_first = gd_exercises._sequential_step(X, y, w, b, 0.1, "w")
    assert np.allclose(b_first(X, y, w, b, 0.1)[0], gd_exercises._sequential_step(
        X, y, w, b, 0.1, "b")[0])
    assert not np.allclose(w_first[1], b_first(X, y, w, b, 0.1)[1])   # two different slips


def test_gd_step_hints_climb_a_ladder_and_a_tick_resets_it():
    """The n-th wrong answer gets the n-th hint, vague to concrete, never the code; ✓ resets."""
    texts = [exercises.check_gd_step(b_first).message for _ in range(4)]
    rungs = gd_exercises.HINTS["gd_step"]["sequential"]
    for i, text in enumerate(texts):
        assert "b first" in text                                  # the slip, every time
        step = min(i, len(rungs) - 1)
        assert f"Hint {step + 1}/{len(rungs)}: {rungs[step]}" in text
    assert len(set(texts[:3])) == 3 and texts[3] == texts[2]      # the last rung stays
    assert "next hint" in texts[0] and "next hint" not in texts[2]
    for text in texts:
        assert "return" not in text and "lr * dw" not in text     # no solution code
    assert_ok(exercises.check_gd_step(gd_step))
    assert f"Hint 1/{len(rungs)}" in exercises.check_gd_step(b_first).message


def test_the_ladder_is_per_exercise():
    exercises.check_gd_step(b_first)
    exercises.check_gd_step(b_first)
    first = exercises.check_loss_function(linear, lambda X, y, w, b: 0.0)   # another one
    assert not first.ok
    assert "Hint 3/" in exercises.check_gd_step(b_first).message
    assert "not attempted" in exercises.check_gd_step(stub).message         # not a rung
    assert "Hint 3/" in exercises.check_gd_step(b_first).message


def test_wrong_and_right_build_feedback():
    from gdlib.exercises import feedback
    one = feedback.wrong("demo", "a slip.", ["vague", "concrete"])
    two = feedback.wrong("demo", "a slip.", ["vague", "concrete"])
    assert repr(one) == "✗ a slip. Hint 1/2: vague (Still stuck? Try again: the next hint " \
                        "is more concrete.)"
    assert repr(two) == "✗ a slip. Hint 2/2: concrete"
    assert feedback.right("demo", "done").ok
    assert "Hint 1/1: only" in feedback.wrong("demo", "again.", "only").message
    with pytest.raises(ValueError, match="at least one hint"):
        feedback.wrong("demo", "a slip.", [])


def test_zigzag_updates(line):
    X, y = line
    crit = linear.critical_learning_rate(X)
    lam, U = np.linalg.eigh(linear.hessian(X))
    h = gdlib.descend(linear, X, y, lr=0.95 * crit, epochs=100, w0=[-2.0], b0=-3.0)
    w_bar, b_bar = linear.least_squares(X, y)
    c = (np.c_[h.ws, h.bs] - np.r_[w_bar, b_bar]) @ U[:, -1]    # error along u_max
    observed = int(np.argmax(np.abs(c) <= np.abs(c[0]) / 1000))
    exact = np.log(1000) / -np.log(0.9)
    assert_ok(exercises.check_zigzag_updates(observed, X))
    assert_ok(exercises.check_zigzag_updates(int(np.ceil(exact)), X))
    assert_wrong(exercises.check_zigzag_updates(exact, X), "whole", "Hint 1/2")
    assert_wrong(exercises.check_zigzag_updates(exact, X), "round up", "Hint 2/2")
    assert_wrong(exercises.check_zigzag_updates(int(np.floor(exact)), X), "rounded down",
                 "round up")
    assert_wrong(exercises.check_zigzag_updates(1000, X), "factor per update")
    assert_wrong(exercises.check_zigzag_updates(1000, X), "logarithms")
    assert_not_yet(exercises.check_zigzag_updates(None, X))


def gradient_descent(X, y, w, b, lr, tol, max_updates):
    updates = 0
    while updates < max_updates:
        dw, db = linear.gradient(X, y, w, b)
        if np.sqrt(np.sum(dw ** 2) + db ** 2) < tol:
            break
        w, b = w - lr * dw, b - lr * db
        updates += 1
    return w, b, updates


def test_gradient_descent_right_and_stub():
    assert_ok(exercises.check_gradient_descent(gradient_descent))
    assert_not_yet(exercises.check_gradient_descent(stub))


def test_gradient_descent_wrong_answers():
    def one_too_many(X, y, w, b, lr, tol, max_updates):
        w, b, updates = gradient_descent(X, y, w, b, lr, tol, max_updates)
        return gd_step(X, y, w, b, lr) + (updates + 1,)

    def ignores_the_cap(X, y, w, b, lr, tol, max_updates):
        return gradient_descent(X, y, w, b, lr, tol, 10 ** 6)

    def wrong_theta(X, y, w, b, lr, tol, max_updates):
        w, b, updates = gradient_descent(X, y, w, b, lr, tol, max_updates)
        return w + 1, b, updates

    assert_wrong(exercises.check_gradient_descent(one_too_many), "updates")
    assert_wrong(exercises.check_gradient_descent(ignores_the_cap), "max_updates")
    assert_wrong(exercises.check_gradient_descent(wrong_theta), "θ")
    assert_wrong(exercises.check_gradient_descent(lambda *a: (a[2], a[3])), "should", "three",
                 hint=False)


# --- the figure added for notebook 02 ---------------------------------------------------------

def test_step_factors_marks_alpha_crit_and_the_learning_rates(line):
    crit = linear.critical_learning_rate(line.X)
    fig = plots.step_factors(line.X, [0.5 * crit, 1.05 * crit])
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    texts = " ".join(t.get_text() for t in ax.texts)
    assert f"{crit:.3g}" in texts
    labels = [ln.get_label() for ln in ax.lines]
    assert sum("α_crit" in label for label in labels) == 2
    vertical = [ln.get_xdata()[0] for ln in ax.lines if len(set(ln.get_xdata())) == 1]
    assert any(np.isclose(x, crit) for x in vertical)


# --- open challenges and the loop's ladder ------------------------------------------------

X01, Y01 = np.array([-3.0, -2, -1, 1, 2, 3]), np.array([0, 0, 1, 0, 1, 1])


def test_chord_witness_accepts_any_good_pair():
    assert_ok(exercises.check_chord_witness((-9.93, -3.5), (0.34, -0.3), X01, Y01))
    assert_ok(exercises.check_chord_witness((0.34, -0.3), (-9.93, -3.5), X01, Y01))  # reversed
    assert_ok(exercises.check_chord_witness((-10.0, -4.0), (0.5, 0.0), X01, Y01))
    assert_wrong(exercises.check_chord_witness((-4.0, 0.0), (0.6, 0.0), X01, Y01),
                 "rises only 0.127")                    # the figure's chord: not enough
    assert_wrong(exercises.check_chord_witness((0.3, 0.0), (0.8, 0.0), X01, Y01), "on or below")
    assert_wrong(exercises.check_chord_witness((1.0, 0.0, 3.0), (2.0, 0.0), X01, Y01), "should",
                 "pair", hint=False)
    assert_not_yet(exercises.check_chord_witness(None, None, X01, Y01))


def test_chord_witness_rise_is_measured_right():
    from gdlib import plots
    line = lambda s: np.array([-10.0, -4.0]) * (1 - s) + np.array([0.5, 0.0]) * s
    loss = lambda s: logistic.squared_error_from_logits(line(s)[0] * X01 + line(s)[1], Y01)
    gap, _ = plots.chord_gap(loss, 0.0, 1.0, num=4001)
    text = exercises.check_chord_witness((-10.0, -4.0), (0.5, 0.0), X01, Y01).message
    assert f"rises {gap:.3f}" in text


def test_narrow_lr_challenge():
    X, y = data.make_narrow_line()
    crit = linear.critical_learning_rate(X)
    for f in (0.9, 0.95, 0.98):                             # a range of good answers
        assert_ok(exercises.check_narrow_lr(f * crit, X, y))
        h = gdlib.descend(linear, X, y, lr=f * crit, epochs=750, tol=1e-6, w0=[0.0], b0=5.0)
        assert h.converged
    assert_wrong(exercises.check_narrow_lr(0.5 * crit, X, y), "crawl along u_min")
    assert_wrong(exercises.check_narrow_lr(0.999 * crit, X, y), "zigzag along u_max")
    assert_wrong(exercises.check_narrow_lr(1.2 * crit, X, y), "past α_crit")
    lam = np.linalg.eigvalsh(linear.hessian(X))
    assert_wrong(exercises.check_narrow_lr(2 / lam.sum(), X, y))  # α* is not fast enough here
    assert_wrong(exercises.check_narrow_lr(-0.1, X, y), "should", "positive", hint=False)
    assert_not_yet(exercises.check_narrow_lr(None, X, y))


def test_gradient_descent_loop_names_a_late_test_and_a_loop_that_never_stops():
    def late(X, y, w, b, lr, tol, max_updates):          # tests after updating
        updates = 0
        while updates < max_updates:
            dw, db = linear.gradient(X, y, w, b)
            w, b = w - lr * dw, b - lr * db
            updates += 1
            if np.sqrt(np.sum(dw ** 2) + db ** 2) < tol:
                break
        return w, b, updates

    def never(X, y, w, b, lr, tol, max_updates):
        for _ in range(max_updates):
            w, b = gd_step(X, y, w, b, lr)
        return w, b, max_updates

    texts = [exercises.check_gradient_descent(late).message for _ in range(2)]
    assert "before the update" in texts[1] and "Hint 1/2" in texts[0]
    first = exercises.check_gradient_descent(never).message    # a new slip: its own rung 1
    assert "Hint 1/2" in first and "break" not in first
    assert_wrong(exercises.check_gradient_descent(never), "break", "Hint 2/2")


# --- issue 17 (items 19–22): the ladder per slip, named slips, any natural form -------------

def uphill(X, y, w, b, lr):
    dw, db = linear.gradient(X, y, w, b)
    return w + lr * dw, b + lr * db


def test_a_new_slip_starts_at_its_own_first_hint():
    """Two sequential updates climb the sequential ladder; the first uphill step that follows
    gets the uphill ladder's first hint, not its second."""
    exercises.check_gd_step(b_first)
    assert "Hint 2/3" in exercises.check_gd_step(b_first).message
    first_uphill = exercises.check_gd_step(uphill).message
    assert "uphill" in first_uphill and "Hint 1/2" in first_uphill
    assert "Hint 2/2" in exercises.check_gd_step(uphill).message
    assert "Hint 3/3" in exercises.check_gd_step(b_first).message   # each ladder keeps its rung
    assert_ok(exercises.check_gd_step(gd_step))                      # ✓ resets them all
    assert "Hint 1/3" in exercises.check_gd_step(b_first).message
    assert "Hint 1/2" in exercises.check_gd_step(uphill).message


def test_wrong_keeps_one_ladder_per_slip_key():
    from gdlib.exercises import feedback
    hints = ["vague", "concrete"]
    assert "Hint 1/2" in feedback.wrong("demo", "a.", hints, slip="a").message
    assert "Hint 1/2" in feedback.wrong("demo", "b.", hints, slip="b").message
    assert "Hint 2/2" in feedback.wrong("demo", "a.", hints, slip="a").message
    feedback.right("demo", "done")
    assert "Hint 1/2" in feedback.wrong("demo", "a.", hints, slip="a").message


def test_a_list_is_as_good_as_a_pair():
    assert_ok(exercises.check_gd_step(lambda *args: list(gd_step(*args))))
    assert_ok(exercises.check_fit_line(lambda x, y: list(fit_line(x, y))))
    assert_ok(exercises.check_gradient_descent(lambda *args: list(gradient_descent(*args))))


@pytest.mark.parametrize("model, loss, words", [
    (logistic, lambda X, y, w, b: float(np.sum(np.logaddexp(0, X @ w + b) - y * (X @ w + b))),
     ["−Σ(y log ŷ + (1 − y) log(1 − ŷ))", "divide by n"]),
    (softmax, lambda X, y, W, b: float(np.sum(
        np.log(np.exp(X @ W + b).sum(axis=1)) - (X @ W + b)[np.arange(len(y)), y])),
     ["−Σ log ŷ_{y_i}", "divide by n"]),
    (logistic, lambda X, y, w, b: -float(np.mean(np.logaddexp(0, X @ w + b) - y * (X @ w + b))),
     ["wrong sign", "minus sign"]),
])
def test_the_sum_and_sign_slips_of_each_neurons_loss_are_named(model, loss, words):
    feedback = exercises.check_loss_function(model, loss)
    assert_wrong(feedback, "Hint 1/2", *words)
    assert "½Σ(ŷ − y)²" not in feedback.message           # the model's own loss, not the line's


def test_fit_line_names_a_swapped_pair_and_a_wrong_bias():
    assert_wrong(exercises.check_fit_line(lambda x, y: fit_line(x, y)[::-1]), "swapped")
    assert_wrong(exercises.check_fit_line(lambda x, y: (fit_line(x, y)[0], y.mean())),
                 "your w is right", "ȳ − w x̄")


def test_best_bias_names_the_median(line):
    X, y = line
    y = y.copy()
    y[0] += 100                                    # mean and median far apart
    assert_wrong(exercises.check_best_bias(np.median(y), X, y), "median")
    assert_wrong(exercises.check_best_bias(np.mean(y) + 1, X, y), "not right yet", "Hint 1/2",
                 "parabola")


def test_gd_step_half_moves_are_two_slips_with_two_ladders():
    only_w = lambda X, y, w, b, lr: (gd_step(X, y, w, b, lr)[0], b)
    only_b = lambda X, y, w, b, lr: (w, gd_step(X, y, w, b, lr)[1])
    assert "Hint 1/3" in exercises.check_gd_step(only_w).message
    assert "Hint 2/3" in exercises.check_gd_step(only_w).message
    first_b = exercises.check_gd_step(only_b).message
    assert "b moved, but w stayed" in first_b and "Hint 1/3" in first_b
