"""Exercises of notebook 04: the slide's sum form and α/n (and predicting what it does with
more examples), going back to raw units, and a fast fit of ten correlated features."""
from __future__ import annotations

import numpy as np

from .. import _validation
from .. import data, descent, linear
from .feedback import (Feedback, attempt, close, ladder, number, right, say, student_pair, texts,
                       wrong)

MESSAGES, HINTS = texts("regression")


def check_raw_units(to_raw_units, seeds=(0, 1, 2)):
    """Is ``to_raw_units(w_s, b_s, mean, std) -> (w, b)`` right for standardised features?

    A model fitted on x' = (x − μ)/s must predict the same on raw x with the
    converted (w, b). Checked on random data with several features, means and
    scales, against the least-squares fit on the standardised features.
    """
    messages, hints = MESSAGES["raw_units"], HINTS["raw_units"]
    exercise = "raw units"
    for seed in seeds:
        rng = np.random.default_rng(seed)
        X = rng.normal(rng.uniform(-50, 50, 3), rng.uniform(0.1, 20, 3), size=(30, 3))
        y = X @ rng.standard_normal(3) + rng.standard_normal(30)
        Xs, mean, std = data.standardize(X)
        w_s, b_s = linear.least_squares(Xs, y)
        result, feedback = student_pair(to_raw_units, "to_raw_units", w_s.copy(), b_s,
                                        mean.copy(), std.copy())
        if feedback is not None:
            return feedback
        w, b = result
        if np.shape(w) != np.shape(w_s):
            return Feedback(False, say(messages, "shape", shape=np.shape(w_s),
                                       got=np.shape(w)))
        want = linear.predict(Xs, w_s, b_s)
        if close(linear.predict(X, w, b), want, rtol=1e-8):
            continue
        w_raw, b_raw = linear.least_squares(X, y)     # the same line, fitted on raw x
        what = say(messages, "differ")
        slip = ("unchanged" if close(w, w_s) and close(b, b_s) else
                "times_std" if close(w, w_s * std, rtol=1e-6) else
                "bias" if close(w, w_raw, rtol=1e-6) else None)
        if slip:
            what += " " + say(messages, slip)
        return wrong(exercise, what, ladder(hints[slip or "other"]),
                     slip=slip or "other")
    return right(exercise, say(messages, "right"))


#: The Spanish edition's answers to "converges or diverges?" (its students write these).
SPANISH_WORDS = {"converge": "converges", "diverge": "diverges"}


def check_sum_form_prediction(prediction, alpha_equivalent, X, y, alpha_sum, batch_size=None):
    """Predict before you run: GD on the slide's sum form ½Σ(ŷ − y)² over all n examples
    with ``alpha_sum``. ``alpha_equivalent`` is the mean-form α it equals (n · α_sum) and
    ``prediction`` "converges" or "diverges"; both are checked against a run of
    ``gdlib.descend`` with that α (``batch_size`` None: full batch, as in the exercise).
    """
    messages, hints = MESSAGES["sum_form_prediction"], HINTS["sum_form_prediction"]
    exercise = "sum form: converge or diverge?"
    alpha_equivalent, feedback = number(alpha_equivalent, "alpha_equivalent")
    if feedback is not None:
        return feedback
    X, y = linear.validate_data(X, y)
    n = len(y) if batch_size is None else batch_size
    expected = n * alpha_sum
    crit = linear.critical_learning_rate(X)
    if not np.isclose(alpha_equivalent, expected, rtol=1e-3):
        return wrong(exercise, say(messages, "alpha",
                                   alpha=alpha_equivalent),
                     ladder(hints["alpha"], n=n))
    word = str(prediction).strip().lower() if prediction is not None else ""
    word = SPANISH_WORDS.get(word, word)              # the Spanish edition's "converge"
    if word not in ("converges", "diverges"):
        return Feedback(False, say(messages, "word", alpha=expected))
    history = descent.descend(linear, X, y, lr=expected, epochs=200, w0=np.zeros(X.shape[1]),
                              b0=0.0, trajectory=False)
    actual = "diverges" if history.diverged else "converges"
    if word != actual:
        return wrong(exercise, say(messages, actual, alpha=expected),
                     ladder(hints["word"], crit=crit))
    return right(exercise, say(messages, "right_" + actual, alpha=expected,
                               ratio=expected / crit, status=history.status))


def check_fast_fit(transform, lr, epochs, X, y, max_updates=10, rtol=1e-3):
    """Open challenge: any features ``transform(X)`` and (α, epochs) with which GD from
    θ = 0 reaches L ≤ (1 + rtol) · L(θ̄) in at most ``max_updates`` updates.

    The new features must carry the same information as X: their least-squares fit must
    be exactly as good as X's (not worse: nothing dropped; not better: nothing leaked).
    """
    messages, hints = MESSAGES["fast_fit"], HINTS["fast_fit"]
    exercise = "fast fit"
    X, y = linear.validate_data(X, y)
    lr, feedback = number(lr, "α")
    if feedback is None:
        epochs, feedback = number(epochs, "epochs")
    if feedback is None:
        Xt, feedback = attempt(transform, X.copy())
    if feedback is not None:
        return feedback
    try:
        Xt = _validation.validate_X(Xt, "transform(X)")
    except (TypeError, ValueError) as err:
        return Feedback(False, f"{err}")
    if Xt.shape[0] != len(y):
        return Feedback(False, say(messages, "rows", n=len(y), got=Xt.shape[0]))
    best = linear.loss(X, y, *linear.least_squares(X, y))
    best_t = linear.loss(Xt, y, *linear.least_squares(Xt, y))
    if best_t > best * (1 + 1e-6):
        return wrong(exercise, say(messages, "worse", loss=best_t, best=best),
                     ladder(hints))
    if best_t < best * (1 - 1e-6):
        return Feedback(False, say(messages, "leak", loss=best_t, best=best))
    if lr <= 0 or epochs < 1 or epochs != round(epochs) or epochs > max_updates:
        return Feedback(False, say(messages, "settings", most=max_updates, lr=lr,
                                   epochs=epochs))
    history = descent.descend(linear, Xt, y, lr=lr, epochs=int(epochs), w0=np.zeros(Xt.shape[1]),
                              b0=0.0, trajectory=False)
    fields = dict(n=history.updates, loss=history.losses[-1], target=(1 + rtol) * best, best=best)
    if history.diverged or not history.losses[-1] <= (1 + rtol) * best:
        return wrong(exercise, say(messages, "diverged" if history.diverged else "short",
                                   **fields), ladder(hints))
    return right(exercise, say(messages, "right", share=rtol,
                               kappa=np.linalg.cond(linear.hessian(Xt)), **fields))
