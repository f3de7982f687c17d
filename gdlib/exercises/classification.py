"""Exercises of notebooks 05–06: the best constant predictor, predicting how the loss grows
with a too-large α, a pair of features, softmax, and a digit classifier on a budget."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, logistic, softmax
from .feedback import Feedback, attempt, ladder, number, right, say, texts, wrong

MESSAGES, HINTS = texts("classification")


def check_bias_only(answer, y):
    """Is ``answer`` the best bias b of a logistic neuron that ignores its features (w = 0)?

    With w = 0 every prediction is ŷ⁽ⁱ⁾ = σ(b). The answer is right when gdlib's
    own gradient ∂L/∂b = mean(σ(b) − y) vanishes there (|∂L/∂b| < 1e-4): the loss
    is convex in b, so that zero is its minimum.
    """
    messages, hints = MESSAGES["bias_only"], HINTS["bias_only"]
    b, feedback = number(answer, "b")
    if feedback is not None:
        return feedback
    exercise = "bias only"
    y = np.asarray(y, dtype=np.float64)
    db = logistic.gradient(np.zeros((len(y), 1)), y, np.zeros(1), b)[1]
    if abs(db) < 1e-4:
        return right(exercise, say(messages, "right", b=b, p=logistic.sigmoid(b)))
    what = say(messages, "gradient", b=b, db=db)
    share = float(np.mean(y))
    logit = np.log(share / (1 - share)) if 0 < share < 1 else np.nan
    slip = ("share" if np.isclose(b, share, rtol=1e-3) else
            "sign" if np.isclose(b, -logit, rtol=1e-3) else None)
    if slip:
        what += " " + say(messages, slip, b=b)
    return wrong(exercise, what, ladder(hints[slip or "other"]), slip=slip or "other")


def first_loss(model, X, y, multiple, seed=0):
    """L(θ¹): the loss after one GD update with α = ``multiple`` · α_crit, where α_crit is
    the linear neuron's on X (0/1 labels y; the linear neuron fits them as numbers)."""
    lr = multiple * linear.critical_learning_rate(X)
    y = np.asarray(y, dtype=np.float64)
    return descent.descend(model, X, y, lr=lr, epochs=1, seed=seed, trajectory=False).losses[1]


def check_growth_prediction(logistic_loss, linear_ratio, X, y, multiple=1e5, rtol=0.02):
    """Predict before you run: the logistic neuron's L(θ¹) at α = ``multiple`` · α_crit,
    and how many times the linear neuron's L(θ¹) grows from α = ``multiple``/10 · α_crit
    to ``multiple`` · α_crit. Both are checked, within ``rtol``, against gdlib's runs."""
    messages, hints = MESSAGES["growth"], HINTS["growth"]
    exercise = "growth prediction"
    logistic_loss, feedback = number(logistic_loss, "logistic_loss")
    if feedback is None:
        linear_ratio, feedback = number(linear_ratio, "linear_ratio")
    if feedback is not None:
        return feedback
    want_log = first_loss(logistic, X, y, multiple)
    want_ratio = first_loss(linear, X, y, multiple) / first_loss(linear, X, y, multiple / 10)
    if not np.isclose(logistic_loss, want_log, rtol=rtol):
        return wrong(exercise, say(messages, "logistic", loss=logistic_loss,
                                   off=logistic_loss / want_log - 1),
                     ladder(hints["logistic"]))
    if not np.isclose(linear_ratio, want_ratio, rtol=rtol):
        return wrong(exercise, say(messages, "linear", ratio=linear_ratio),
                     ladder(hints["linear"]))
    return right(exercise, say(messages, "right", loss=want_log, ratio=want_ratio))


def check_feature_pair(pair, data_set, target=0.15, lr=1.0, epochs=500):
    """Open challenge: any two features of ``data_set`` (a ``data.Dataset`` with 0/1 labels,
    e.g. ``data.load_breast_cancer()``) whose logistic neuron reaches a training loss
    below ``target``. As in notebook 05 §5: a seeded train/test split, standardised with
    the training statistics, GD with α = ``lr`` for ``epochs`` updates. The ✓ reports
    the test accuracy, measured on data the choice never saw.
    """
    messages, hints = MESSAGES["feature_pair"], HINTS["feature_pair"]
    exercise = "two features"
    if pair is None:
        return Feedback(False, say(messages, "not_yet"))
    names = list(data_set.feature_names)
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2 or any(p not in names for p in pair)
            or pair[0] == pair[1]):
        return Feedback(False, say(messages, "names", count=len(names),
                                   first=names[0], second=names[1], pair=repr(pair)))
    cols = [names.index(p) for p in pair]
    X_tr, X_te, y_tr, y_te = data.train_test_split(data_set.X[:, cols], data_set.y,
                                                   test_fraction=0.25, seed=0)
    X_tr, mu, sd = data.standardize(X_tr)
    X_te = data.standardize(X_te, mu, sd)[0]
    history = descent.descend(logistic, X_tr, y_tr, lr=lr, epochs=epochs, seed=0, trajectory=False)
    fields = dict(first=pair[0], second=pair[1], loss=history.losses[-1], target=target)
    if not history.losses[-1] < target:
        return wrong(exercise, say(messages, "short", **fields),
                     ladder(hints))
    accuracy = np.mean(logistic.classify(X_te, history.w, history.b) == y_te)
    return right(exercise, say(messages, "right", accuracy=accuracy, **fields))


def check_softmax_function(fn):
    """Is ``fn(Z)`` the row-wise softmax, and stable for huge logits?

    Compared with ``gdlib.softmax.softmax`` on random logits, then on logits of
    size ~1000, where a naive exp overflows (numpy warnings are silenced there,
    so an overflow shows as feedback, not as a warning). Wrong answers climb a
    hint ladder (``hints``).
    """
    messages, hints = MESSAGES["softmax"], HINTS["softmax"]
    exercise = "stable softmax"
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((6, 4))
    far = 3 * rng.standard_normal((4, 4)) + np.array([[0.0], [1000.0], [-1000.0], [2000.0]])
    for logits, kind in [(Z, "small"), (300 * Z + 1000.0, "big"), (far, "far")]:
        with np.errstate(all="ignore"):
            got, feedback = attempt(fn, logits.copy())
        if feedback is not None:
            return feedback
        got = np.asarray(got, dtype=np.float64)
        if got.shape != logits.shape:
            return wrong(exercise, say(messages, "shape", expected=logits.shape,
                                       got=got.shape), ladder(hints["formula"]))
        if np.allclose(got, softmax.softmax(logits), rtol=1e-9, atol=1e-12):
            continue
        if kind == "far":
            return wrong(exercise, say(messages, "global"),
                         ladder(hints["global"]))
        if kind == "big":
            return wrong(exercise, say(messages, "overflow"),
                         ladder(hints["overflow"]))
        rows = got.sum(axis=1)
        slip = ("columns" if np.allclose(got.sum(axis=0), 1.0) and not np.allclose(rows, 1.0)
                else "sums" if not np.allclose(rows, 1.0) else "other")
        return wrong(exercise, say(messages, slip, sums=f"{np.round(rows, 3)}"),
                     ladder(hints["formula"]), slip=slip)
    return right(exercise, say(messages, "right"))


def check_two_class_softmax(fn):
    """Is ``fn(W, b) -> (w, b)`` the logistic neuron equal to a 2-class softmax neuron?

    Checked on random problems: ``logistic.predict(X, w, b)`` must equal
    ``softmax.predict(X, W, b)[:, 1]``, the probability of class 1.
    """
    messages, hints = MESSAGES["two_class"], HINTS["two_class"]
    exercise = "two-class softmax"
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        X, W = rng.standard_normal((12, 3)), rng.standard_normal((3, 2))
        bb = rng.standard_normal(2)
        result, feedback = attempt(fn, W.copy(), bb.copy())
        if feedback is None and not (isinstance(result, (tuple, list)) and len(result) == 2):
            feedback = Feedback(False, say(messages, "pair"))
        if feedback is None:
            got, feedback = attempt(logistic.predict, X, *result)
        if feedback is not None:
            return feedback
        want = softmax.predict(X, W, bb)[:, 1]
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        slip = "swapped" if np.allclose(got, 1 - want, rtol=1e-9, atol=1e-12) else "other"
        return wrong(exercise, say(messages, slip), ladder(hints[slip]))
    return right(exercise, say(messages, "right"))


def check_budget_challenge(model, X, y, lr, epochs, batch_size=None, *, target, max_updates,
                           X_test=None, y_test=None, seed=0):
    """Open challenge: any (α, epochs, |B|) whose run reaches L < ``target`` in at most
    ``max_updates`` updates of ``gdlib.descend(model, X, y, ...)`` is a good answer.

    The run is made here with the student's settings (``batch_size=None`` is GD); the
    ✓ reports its loss, its updates and, given a test set, its test accuracy.
    """
    messages, hints = MESSAGES["budget"], HINTS["budget"]
    exercise = f"budget challenge ({model.name})"
    lr, feedback = number(lr, "α")
    if feedback is None:
        epochs, feedback = number(epochs, "epochs")
    if feedback is not None:
        return feedback
    if lr <= 0 or epochs < 1 or epochs != round(epochs):
        return Feedback(False, say(messages, "settings", lr=lr, epochs=epochs))
    n = len(y)
    size = n if batch_size is None else batch_size
    if not (isinstance(size, (int, np.integer)) and 1 <= size <= n):
        return Feedback(False, say(messages, "batch_size", n=n,
                                   batch_size=repr(batch_size)))
    k = descent.minibatches(n, size)
    if int(epochs) * k > max_updates:
        return wrong(exercise, say(messages, "over", epochs=int(epochs), k=k,
                                   updates=int(epochs) * k, budget=max_updates),
                     ladder(hints))
    history = descent.descend(model, X, y, lr=lr, epochs=int(epochs), batch_size=batch_size,
                              seed=seed, trajectory=False)
    fields = dict(n=history.updates, lr=lr, loss=history.losses[-1], target=target,
                  budget=max_updates)
    if history.diverged or not history.losses[-1] < target:
        return wrong(exercise, say(messages, "diverged" if history.diverged else "short",
                                   **fields), ladder(hints))
    if X_test is None:
        return right(exercise, say(messages, "right", **fields))
    accuracy = np.mean(model.classify(X_test, history.w, history.b) == np.asarray(y_test))
    return right(exercise, say(messages, "right_test", accuracy=accuracy, **fields))
