"""Exercises of notebooks 05–06: the best constant predictor, predicting how the loss grows
with a too-large α, a pair of features, softmax, and a digit classifier on a budget."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, logistic, softmax
from ..i18n import N_, ngettext
from .feedback import Feedback, attempt, ladder, number, right, say, wrong

BIAS_ONLY_MESSAGES = {
    "right": N_("correct: b = {b:.4f}, so every ŷ = σ(b) = {p:.4f}, the share of class 1 in y."),
    "gradient": N_("at b = {b:.4g} the gradient ∂L/∂b = mean(σ(b) − y) = {db:.3g}, not 0."),
    "share": N_("{b:.4g} is ȳ, the share of class 1: that is the prediction σ(b) should make, "
                "not b."),
    "sign": N_("Your b has the wrong sign: σ(b) is the share of class 0."),
}

BIAS_ONLY_HINTS = {
    "share": [N_("b is the logit whose sigmoid is ȳ: invert σ.")],
    "sign": [N_("σ(b) = ȳ gives log(ȳ / (1 − ȳ)): which goes on top?")],
    "other": [N_("with w = 0 every ŷ⁽ⁱ⁾ = σ(b), so ∂L/∂b = σ(b) − ȳ (ȳ = mean of the labels)."),
              N_("solve σ(b) = ȳ: the inverse of the sigmoid is log(p / (1 − p)).")],
}

GROWTH_MESSAGES = {
    "right": N_("correct: L(θ¹) = {loss:.4g} for the logistic neuron (∝ α), and the linear "
                "neuron's grows {ratio:.4g}-fold (∝ α²)."),
    "logistic": N_("the logistic neuron's L(θ¹) = {loss:.4g} is off by {off:+.0%}."),
    "linear": N_("the logistic prediction is right, but the linear neuron's L(θ¹) does not "
                 "grow {ratio:.4g}-fold."),
}

GROWTH_HINTS = {
    "logistic": [N_("for a large α the cross-entropy's L(θ¹) grows in proportion to α."),
                 N_("take L(θ¹) / (α/α_crit) from the table's last row and multiply by the new "
                    "α/α_crit.")],
    "linear": [N_("the squared error is quadratic in θ, and one update moves θ in proportion "
                  "to α."),
               N_("L(θ¹) ∝ α² for a large α: ten times the α, how many times the loss?")],
}

FEATURE_PAIR_MESSAGES = {
    "not_yet": N_("not attempted yet: replace `None` with two feature names, run that cell, "
                  "then run this one again."),
    "names": N_("give two different names from the list of {count} features "
                "(cancer.feature_names), e.g. (\"{first}\", \"{second}\"); got {pair}."),
    "short": N_("with {first} and {second} the training loss is {loss:.4f}, not yet below "
                "{target:g}."),
    "right": N_("done: {first} and {second} reach a training loss of {loss:.4f} < {target:g}; "
                "test accuracy {accuracy:.1%}, on examples your choice never saw."),
}

FEATURE_PAIR_HINTS = [
    N_("two features that measure the same thing (radius, perimeter and area) add little to "
       "each other; pair a size with a shape."),
    N_("the 'worst' measurements (the largest of the cell nuclei in an image) separate the "
       "classes better than the means."),
]

SOFTMAX_MESSAGES = {
    "right": N_("correct, and stable: exact for logits near 1000, and for rows 1000 apart."),
    "shape": N_("softmax(Z) should have the shape of Z {expected}, got {got}."),
    "global": N_("right for logits near 1000, but wrong (nan or 0) when the rows lie 1000 "
                 "apart: did you subtract the largest logit of the whole matrix, not of each "
                 "row?"),
    "overflow": N_("right for small logits, but wrong (nan or inf) for logits near 1000: "
                   "e^1000 overflows."),
    "columns": N_("your columns sum to 1, not your rows: the sum runs over the classes of one "
                  "example, along axis=1."),
    "sums": N_("each row of softmax(Z) should sum to 1; yours sum to {sums}."),
    "other": N_("not the softmax of each row."),
}

SOFTMAX_HINTS = {
    "formula": [N_("ŷ_k = e^{z_k} / Σ_l e^{z_l}, where the sum runs over the K logits of the "
                   "same row (the same example)."),
                N_("exponentiate every logit, then divide each row by its own sum; "
                   "keepdims=True keeps one sum per row, shaped to divide.")],
    "overflow": [N_("softmax(z) = softmax(z − c) for any number c (section 1). Which c keeps "
                    "every exponent at or below 0?"),
                 N_("subtract each row's largest logit, Z.max(axis=1, keepdims=True), "
                    "before np.exp.")],
    "global": [N_("softmax(z) = softmax(z − c) holds for one c per row, not one c for the whole "
                  "matrix: a row far below the matrix's largest logit becomes e^(−1000) = 0 "
                  "everywhere, and 0/0."),
               N_("subtract each row's own largest logit: Z.max(axis=1, keepdims=True).")],
}

TWO_CLASS_MESSAGES = {
    "right": N_("correct: with K = 2, softmax(z)₁ = σ(z₁ − z₀), so a 2-class softmax neuron is "
                "a logistic neuron."),
    "pair": N_("return a pair: `return w, b`."),
    "swapped": N_("your neuron gives P(class 0) instead of P(class 1)."),
    "other": N_("σ(wᵀx + b) is not softmax(Wᵀx + b)₁ yet."),
}

TWO_CLASS_HINTS = {
    "swapped": [N_("swap the order of a difference.")],
    "other": [N_("divide the top and bottom of e^{z₁} / (e^{z₀} + e^{z₁}) by e^{z₁}: which "
                 "single combination of logits is left?"),
              N_("ŷ₁ = σ(z₁ − z₀); write z₁ − z₀ as (something)ᵀx + (something): those are w "
                 "and b.")],
}

BUDGET_MESSAGES = {
    "settings": N_("α must be > 0 and epochs a whole number ≥ 1, got α = {lr:g}, epochs = "
                   "{epochs:g}."),
    "batch_size": N_("batch_size must be None (GD) or a whole number from 1 to n = {n}, got "
                     "{batch_size}."),
    "over": N_("epochs · k = {epochs} · {k} = {updates} updates, over the budget of {budget}."),
    "diverged": lambda n: ngettext(
        "α = {lr:g} is too large even for cross-entropy: the run diverged after {n} update.",
        "α = {lr:g} is too large even for cross-entropy: the run diverged after {n} updates.",
        n),
    "short": lambda n: ngettext(
        "after {n} update the training loss is {loss:.4f}, not yet below {target:g}.",
        "after {n} updates the training loss is {loss:.4f}, not yet below {target:g}.", n),
    "right": lambda n: ngettext(
        "done: training loss {loss:.4f} < {target:g} after {n} update (budget {budget}).",
        "done: training loss {loss:.4f} < {target:g} after {n} updates (budget {budget}).", n),
    "right_test": lambda n: ngettext(
        "done: training loss {loss:.4f} < {target:g} after {n} update (budget {budget}); test "
        "accuracy {accuracy:.1%}.",
        "done: training loss {loss:.4f} < {target:g} after {n} updates (budget {budget}); "
        "test accuracy {accuracy:.1%}.", n),
}

BUDGET_HINTS = [
    N_("notebook 05 showed that cross-entropy forgives a much larger α than you might dare; "
       "the explorer's last 'what to try' says so too."),
    N_("with GD, every epoch is one update; try α several times larger than 2 and as many "
       "epochs as the budget allows."),
]


def check_bias_only(answer, y):
    """Is ``answer`` the best bias b of a logistic neuron that ignores its features (w = 0)?

    With w = 0 every prediction is ŷ⁽ⁱ⁾ = σ(b). The answer is right when gdlib's
    own gradient ∂L/∂b = mean(σ(b) − y) vanishes there (|∂L/∂b| < 1e-4): the loss
    is convex in b, so that zero is its minimum.
    """
    b, feedback = number(answer, "b")
    if feedback is not None:
        return feedback
    exercise = "bias only"
    y = np.asarray(y, dtype=np.float64)
    db = logistic.gradient(np.zeros((len(y), 1)), y, np.zeros(1), b)[1]
    if abs(db) < 1e-4:
        return right(exercise, say(BIAS_ONLY_MESSAGES, "right", b=b, p=logistic.sigmoid(b)))
    what = say(BIAS_ONLY_MESSAGES, "gradient", b=b, db=db)
    share = float(np.mean(y))
    logit = np.log(share / (1 - share)) if 0 < share < 1 else np.nan
    slip = ("share" if np.isclose(b, share, rtol=1e-3) else
            "sign" if np.isclose(b, -logit, rtol=1e-3) else None)
    if slip:
        what += " " + say(BIAS_ONLY_MESSAGES, slip, b=b)
    return wrong(exercise, what, ladder(BIAS_ONLY_HINTS[slip or "other"]), slip=slip or "other")


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
    exercise = "growth prediction"
    logistic_loss, feedback = number(logistic_loss, "logistic_loss")
    if feedback is None:
        linear_ratio, feedback = number(linear_ratio, "linear_ratio")
    if feedback is not None:
        return feedback
    want_log = first_loss(logistic, X, y, multiple)
    want_ratio = first_loss(linear, X, y, multiple) / first_loss(linear, X, y, multiple / 10)
    if not np.isclose(logistic_loss, want_log, rtol=rtol):
        return wrong(exercise, say(GROWTH_MESSAGES, "logistic", loss=logistic_loss,
                                   off=logistic_loss / want_log - 1),
                     ladder(GROWTH_HINTS["logistic"]))
    if not np.isclose(linear_ratio, want_ratio, rtol=rtol):
        return wrong(exercise, say(GROWTH_MESSAGES, "linear", ratio=linear_ratio),
                     ladder(GROWTH_HINTS["linear"]))
    return right(exercise, say(GROWTH_MESSAGES, "right", loss=want_log, ratio=want_ratio))


def check_feature_pair(pair, data_set, target=0.15, lr=1.0, epochs=500):
    """Open challenge: any two features of ``data_set`` (a ``data.Dataset`` with 0/1 labels,
    e.g. ``data.load_breast_cancer()``) whose logistic neuron reaches a training loss
    below ``target``. As in notebook 05 §5: a seeded train/test split, standardised with
    the training statistics, GD with α = ``lr`` for ``epochs`` updates. The ✓ reports
    the test accuracy, measured on data the choice never saw.
    """
    exercise = "two features"
    if pair is None:
        return Feedback(False, say(FEATURE_PAIR_MESSAGES, "not_yet"))
    names = list(data_set.feature_names)
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2 or any(p not in names for p in pair)
            or pair[0] == pair[1]):
        return Feedback(False, say(FEATURE_PAIR_MESSAGES, "names", count=len(names),
                                   first=names[0], second=names[1], pair=repr(pair)))
    cols = [names.index(p) for p in pair]
    X_tr, X_te, y_tr, y_te = data.train_test_split(data_set.X[:, cols], data_set.y,
                                                   test_fraction=0.25, seed=0)
    X_tr, mu, sd = data.standardize(X_tr)
    X_te = data.standardize(X_te, mu, sd)[0]
    history = descent.descend(logistic, X_tr, y_tr, lr=lr, epochs=epochs, seed=0, trajectory=False)
    fields = dict(first=pair[0], second=pair[1], loss=history.losses[-1], target=target)
    if not history.losses[-1] < target:
        return wrong(exercise, say(FEATURE_PAIR_MESSAGES, "short", **fields),
                     ladder(FEATURE_PAIR_HINTS))
    accuracy = np.mean(logistic.classify(X_te, history.w, history.b) == y_te)
    return right(exercise, say(FEATURE_PAIR_MESSAGES, "right", accuracy=accuracy, **fields))


def check_softmax_function(fn):
    """Is ``fn(Z)`` the row-wise softmax, and stable for huge logits?

    Compared with ``gdlib.softmax.softmax`` on random logits, then on logits of
    size ~1000, where a naive exp overflows (numpy warnings are silenced there,
    so an overflow shows as feedback, not as a warning). Wrong answers climb a
    hint ladder (``SOFTMAX_HINTS``).
    """
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
            return wrong(exercise, say(SOFTMAX_MESSAGES, "shape", expected=logits.shape,
                                       got=got.shape), ladder(SOFTMAX_HINTS["formula"]))
        if np.allclose(got, softmax.softmax(logits), rtol=1e-9, atol=1e-12):
            continue
        if kind == "far":
            return wrong(exercise, say(SOFTMAX_MESSAGES, "global"),
                         ladder(SOFTMAX_HINTS["global"]))
        if kind == "big":
            return wrong(exercise, say(SOFTMAX_MESSAGES, "overflow"),
                         ladder(SOFTMAX_HINTS["overflow"]))
        rows = got.sum(axis=1)
        slip = ("columns" if np.allclose(got.sum(axis=0), 1.0) and not np.allclose(rows, 1.0)
                else "sums" if not np.allclose(rows, 1.0) else "other")
        return wrong(exercise, say(SOFTMAX_MESSAGES, slip, sums=f"{np.round(rows, 3)}"),
                     ladder(SOFTMAX_HINTS["formula"]), slip=slip)
    return right(exercise, say(SOFTMAX_MESSAGES, "right"))


def check_two_class_softmax(fn):
    """Is ``fn(W, b) -> (w, b)`` the logistic neuron equal to a 2-class softmax neuron?

    Checked on random problems: ``logistic.predict(X, w, b)`` must equal
    ``softmax.predict(X, W, b)[:, 1]``, the probability of class 1.
    """
    exercise = "two-class softmax"
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        X, W = rng.standard_normal((12, 3)), rng.standard_normal((3, 2))
        bb = rng.standard_normal(2)
        result, feedback = attempt(fn, W.copy(), bb.copy())
        if feedback is None and not (isinstance(result, (tuple, list)) and len(result) == 2):
            feedback = Feedback(False, say(TWO_CLASS_MESSAGES, "pair"))
        if feedback is None:
            got, feedback = attempt(logistic.predict, X, *result)
        if feedback is not None:
            return feedback
        want = softmax.predict(X, W, bb)[:, 1]
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        slip = "swapped" if np.allclose(got, 1 - want, rtol=1e-9, atol=1e-12) else "other"
        return wrong(exercise, say(TWO_CLASS_MESSAGES, slip), ladder(TWO_CLASS_HINTS[slip]))
    return right(exercise, say(TWO_CLASS_MESSAGES, "right"))


def check_budget_challenge(model, X, y, lr, epochs, batch_size=None, *, target, max_updates,
                           X_test=None, y_test=None, seed=0):
    """Open challenge: any (α, epochs, |B|) whose run reaches L < ``target`` in at most
    ``max_updates`` updates of ``gdlib.descend(model, X, y, ...)`` is a good answer.

    The run is made here with the student's settings (``batch_size=None`` is GD); the
    ✓ reports its loss, its updates and, given a test set, its test accuracy.
    """
    exercise = f"budget challenge ({model.name})"
    lr, feedback = number(lr, "α")
    if feedback is None:
        epochs, feedback = number(epochs, "epochs")
    if feedback is not None:
        return feedback
    if lr <= 0 or epochs < 1 or epochs != round(epochs):
        return Feedback(False, say(BUDGET_MESSAGES, "settings", lr=lr, epochs=epochs))
    n = len(y)
    size = n if batch_size is None else batch_size
    if not (isinstance(size, (int, np.integer)) and 1 <= size <= n):
        return Feedback(False, say(BUDGET_MESSAGES, "batch_size", n=n,
                                   batch_size=repr(batch_size)))
    k = descent.minibatches(n, size)
    if int(epochs) * k > max_updates:
        return wrong(exercise, say(BUDGET_MESSAGES, "over", epochs=int(epochs), k=k,
                                   updates=int(epochs) * k, budget=max_updates),
                     ladder(BUDGET_HINTS))
    history = descent.descend(model, X, y, lr=lr, epochs=int(epochs), batch_size=batch_size,
                        seed=seed, trajectory=False)
    fields = dict(n=history.updates, lr=lr, loss=history.losses[-1], target=target,
                  budget=max_updates)
    if history.diverged or not history.losses[-1] < target:
        return wrong(exercise, say(BUDGET_MESSAGES, "diverged" if history.diverged else "short",
                                   **fields), ladder(BUDGET_HINTS))
    if X_test is None:
        return right(exercise, say(BUDGET_MESSAGES, "right", **fields))
    accuracy = np.mean(model.classify(X_test, history.w, history.b) == np.asarray(y_test))
    return right(exercise, say(BUDGET_MESSAGES, "right_test", accuracy=accuracy, **fields))
