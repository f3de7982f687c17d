"""The checkers of notebook 08's exercises: right answers pass, the usual slips are named."""
import numpy as np
import pytest

from gdlib import data, exercises, network, softmax

from .exercise_helpers import assert_not_yet, assert_ok, assert_wrong, stub


@pytest.fixture(scope="module")
def moons():
    ds = data.make_moons(n=200, noise=0.15, seed=0)
    X, _, _ = data.standardize(ds.X)
    return data.train_test_split(X, ds.y, test_fraction=0.3, seed=0)


# --- the backward pass of the hidden layer ----------------------------------------------------

def right_backward(X, H, D2, W2):
    D1 = (D2 @ W2.T) * (1 - H**2)
    return X.T @ D1 / len(X), D1.mean(axis=0)


def test_backward_right_answer_passes():
    assert_ok(exercises.check_hidden_backward(right_backward))


@pytest.mark.parametrize("slip, words, hint", [
    (lambda X, H, D2, W2: (X.T @ (D2 @ W2.T) / len(X), (D2 @ W2.T).mean(axis=0)), ["tanh′"],
     True),
    (lambda X, H, D2, W2: (X.T @ ((D2 @ W2.T) * (1 - H)) / len(X),
                           ((D2 @ W2.T) * (1 - H)).mean(axis=0)), ["1 − H²"], True),
    (lambda X, H, D2, W2: (X.T @ ((D2 @ W2.T) * (1 - H**2)),
                           ((D2 @ W2.T) * (1 - H**2)).sum(axis=0)), ["divide by n"], True),
    # a crash: refused with the shapes, before any hint
    (lambda X, H, D2, W2: (X.T @ (D2 @ W2) / len(X), D2.mean(axis=0)), ["D2 (n, K), W2 (h, K)"],
     False),
    (lambda X, H, D2, W2: (X.T @ D2 / len(X), D2.mean(axis=0)), ["shape of W₁"], True),
    (lambda X, H, D2, W2: (right_backward(X, H, D2, W2)[0], np.zeros(W2.shape[0])), ["∂L/∂b₁"],
     True),
])
def test_backward_slips_are_named(slip, words, hint):
    assert_wrong(exercises.check_hidden_backward(slip), *words, hint=hint)


def test_backward_not_yet_crash_and_bad_return():
    assert_not_yet(exercises.check_hidden_backward(stub))
    assert_wrong(exercises.check_hidden_backward(lambda *a: 1 / 0), "ZeroDivisionError",
                 hint=False)
    assert_wrong(exercises.check_hidden_backward(lambda *a: a[0]), "pair", hint=False)


def test_the_checker_agrees_with_finite_differences():
    """What the checker calls right is the gradient of the loss (gdlib.check_gradient)."""
    import gdlib
    X, H, D2, params, y = exercises.network._layer_problem(4)

    def gradient(X, y, p):
        H, Z = network.forward(X, p)
        dW1, db1 = right_backward(X, H, softmax.softmax(Z) - softmax.one_hot(y, 3), p[2])
        return [dW1, db1, *network.gradient(X, y, p)[2:]]

    assert gdlib.check_gradient(network, X, y, params, gradient=gradient) < 1e-6


# --- the all-zero start ----------------------------------------------------------------------

def test_zero_start_moves_only_b2_on_unbalanced_data(moons):
    X_tr, _, y_tr, _ = moons
    assert np.bincount(y_tr)[0] != np.bincount(y_tr)[1]
    assert exercises.zero_start_changes(X_tr, y_tr) == {"b2"}
    assert_ok(exercises.check_zero_start({"b2"}, X_tr, y_tr))
    assert_ok(exercises.check_zero_start(["b2"], X_tr, y_tr))


def test_zero_start_on_balanced_data_moves_nothing():
    X, y = data.make_moons(n=100, seed=1)          # 50 and 50: Ŷ = ½ is already the best b₂
    assert exercises.zero_start_changes(X, y) == set()
    assert_ok(exercises.check_zero_start(set(), X, y))


@pytest.mark.parametrize("answer, words", [
    ({"W1", "b1", "W2", "b2"}, ["not quite"]),
    ({"W2", "b2"}, ["not quite"]),
    ({"w1"}, ["not parameter names"]),
    (3, ["set of names"]),
])
def test_zero_start_wrong_answers(moons, answer, words):
    X_tr, _, y_tr, _ = moons
    refused = "names" in words[0]               # not names, or not a set: no hint, what to write
    assert_wrong(exercises.check_zero_start(answer, X_tr, y_tr), *words, hint=not refused)


def test_zero_start_not_yet(moons):
    X_tr, _, y_tr, _ = moons
    assert_not_yet(exercises.check_zero_start(None, X_tr, y_tr))


# --- the smallest network ---------------------------------------------------------------------

def test_small_network_that_meets_the_target_passes(moons):
    X_tr, X_val, y_tr, y_val = moons
    settings = dict(hidden=3, lr=3.0, epochs=500, seed=0)
    assert_ok(exercises.check_small_network(settings, X_tr, y_tr, X_val, y_val))


def test_small_network_failures_are_explained(moons):
    X_tr, X_val, y_tr, y_val = moons
    check = lambda s: exercises.check_small_network(s, X_tr, y_tr, X_val, y_val)
    assert_not_yet(check(None))
    assert_wrong(check(dict(hidden=1, lr=1.0, epochs=300)), "below the target")
    assert_wrong(check(dict(hidden=16, lr=1.5, epochs=300)), "shrink")
    assert_wrong(check(dict(hidden=3, lr=500.0, epochs=50)), "diverged")
    # refused before any run: what is wrong with the settings, no hint
    assert_wrong(check(dict(hidden=3, lr=1.0, epochs=5000, batch_size=1)), "updates",
                 hint=False)
    assert_wrong(check(dict(hidden=3, lr=1.0)), "at least hidden, lr and epochs", hint=False)
    assert_wrong(check(dict(hidden=3, lr=1.0, epochs=10, momentum=0.9)), "unknown settings",
                 hint=False)
    assert_wrong(check(dict(hidden=0, lr=1.0, epochs=10)), "refused", hint=False)


# --- issue 17 (items 15, 16, 19–22) ------------------------------------------------------------

def _backward_with(derivative, sign=1.0):
    def backward(X, H, D2, W2):
        D1 = (D2 @ W2.T) * derivative(H)
        return sign * X.T @ D1 / len(X), sign * D1.mean(axis=0)
    return backward


@pytest.mark.parametrize("slip, words", [
    (_backward_with(lambda H: 1 - H**2, sign=-1.0), ["wrong sign"]),
    (_backward_with(lambda H: 1 - np.tanh(H)**2), ["tanh twice"]),
    (_backward_with(lambda H: H * (1 - H)), ["sigmoid"]),
    (lambda X, H, D2, W2: (right_backward(X, H, D2, W2)[0].T, right_backward(X, H, D2, W2)[1]),
     ["transposed"]),
])
def test_backward_slips_of_issue_17_are_named_at_the_first_hint(slip, words):
    feedback = exercises.check_hidden_backward(slip)
    assert_wrong(feedback, "Hint 1/2", *words)
    assert "Δ₂W₂ᵀ, of shape" not in feedback.message            # not the shape hint of old
    assert "(1 − H²), then" not in feedback.message             # the formula comes later
    assert_wrong(exercises.check_hidden_backward(slip), "Hint 2/2", "(1 − H²), then")


def test_backward_ladder_climbs_per_slip():
    exercises.check_hidden_backward(_backward_with(lambda H: 1 - H))
    assert_wrong(exercises.check_hidden_backward(_backward_with(lambda H: 1 - H)), "Hint 2/2")
    assert_wrong(exercises.check_hidden_backward(_backward_with(lambda H: H * (1 - H))),
                 "Hint 1/2")


@pytest.mark.parametrize("form", [
    lambda X, H, D2, W2: [*right_backward(X, H, D2, W2)],
    lambda X, H, D2, W2: (np.einsum("nd,nh->dh", X, (D2 @ W2.T) * (1 - H**2)) / len(X),
                          np.einsum("nh->h", (D2 @ W2.T) * (1 - H**2)) / len(X)),
    lambda X, H, D2, W2: ((((D2 @ W2.T) * (1 - H**2)).T @ X).T / len(X),
                          ((D2 @ W2.T) * (1 - H**2)).mean(axis=0)),
])
def test_backward_accepts_a_list_einsum_and_a_transposed_product(form):
    assert_ok(exercises.check_hidden_backward(form))


def test_zero_start_accepts_one_name_and_names_the_slips(moons):
    X_tr, _, y_tr, _ = moons
    assert_ok(exercises.check_zero_start("b2", X_tr, y_tr))
    assert_wrong(exercises.check_zero_start("W2", X_tr, y_tr), "W₂ stays at zero", "Hint 1/2")
    assert_wrong(exercises.check_zero_start({"W1", "b2"}, X_tr, y_tr), "W₁ and b₁ stay",
                 "Hint 1/2")
    assert_wrong(exercises.check_zero_start(set(), X_tr, y_tr), "b2 does move", "Hint 1/2")
    assert_wrong(exercises.check_zero_start({"w1"}, X_tr, y_tr), "not parameter names",
                 hint=False)
    X, y = data.make_moons(n=100, seed=1)
    assert_wrong(exercises.check_zero_start("b2", X, y), "equally many")


def test_small_network_example_and_solution_are_robust(moons):
    """The example of the messages meets the target (then asks to shrink) and the worked
    solution passes, for every seed: neither sits on a lucky run."""
    X_tr, X_val, y_tr, y_val = moons
    check = lambda s: exercises.check_small_network(s, X_tr, y_tr, X_val, y_val)
    example = check(None).message.split("e.g. ")[1].split(", then")[0]
    assert example == "dict(hidden=8, lr=2.0, epochs=1000, seed=0)"
    for seed in range(4):
        assert_wrong(check(dict(hidden=8, lr=2.0, epochs=1000, seed=seed)), "shrink")
        assert_ok(check(dict(hidden=3, lr=2.0, epochs=1000, seed=seed)))


def test_small_network_hints_do_not_push_towards_a_wider_layer(moons):
    X_tr, X_val, y_tr, y_val = moons
    check = lambda s: exercises.check_small_network(s, X_tr, y_tr, X_val, y_val)
    one = check(dict(hidden=1, lr=1.0, epochs=300))
    assert_wrong(one, "below the target", "straight border", "Hint 1/2")
    short = check(dict(hidden=3, lr=0.1, epochs=10))
    assert_wrong(short, "below the target", "Hint 1/2")
    for feedback in (one, short):
        assert "wider" not in feedback.message


def test_the_target_is_counted_in_whole_points(moons):
    """57 of 60 is exactly 95 %: met, without depending on the round-off of 57/60."""
    X_tr, X_val, y_tr, y_val = moons
    feedback = exercises.check_small_network(dict(hidden=3, lr=2.0, epochs=1000, seed=0),
                                             X_tr, y_tr, X_val, y_val, target=0.95)
    assert_ok(feedback, "95.0%")
    assert len(y_val) == 60
