"""Exercises of notebook 04: the slide's sum form and α/n (and predicting what it does with
more examples), going back to raw units, and a fast fit of ten correlated features."""
from __future__ import annotations

import numpy as np

from .. import _validation
from .. import data, descent, linear
from ..i18n import N_, ngettext
from .feedback import Feedback, attempt, close, ladder, number, right, say, student_pair, wrong

RAW_UNITS_MESSAGES = {
    "right": N_("correct: with your (w, b) the raw features give the same predictions as the "
                "standardised model, on three data sets."),
    "shape": N_("w should have shape {shape} (one weight per feature), got {got}."),
    "differ": N_("on raw data your (w, b) predict differently from the standardised model."),
    "unchanged": N_("You returned w and b unchanged."),
    "times_std": N_("Your weights are multiplied by s_j, where they should be divided."),
    "bias": N_("The weights are right but b is not."),
}

RAW_UNITS_HINTS = {
    "unchanged": [N_("w_j x'_j = w_j (x_j − μ_j)/s_j: what multiplies the raw x_j?")],
    "times_std": [N_("x'_j = (x_j − μ_j)/s_j, so w_j x'_j has x_j over s_j.")],
    "bias": [N_("moving the μ_j out of (x_j − μ_j)/s_j changes the bias."),
             N_("expand Σ_j w_j (x_j − μ_j)/s_j + b and collect the terms without x.")],
    "other": [N_("write the standardised model w_j x'_j with x'_j = (x_j − μ_j)/s_j and "
                 "expand."),
              N_("w_j(raw) = w_j / s_j, and b(raw) = b − Σ_j w_j μ_j / s_j.")],
}

SUM_FORM_PREDICTION_MESSAGES = {
    "alpha": N_("α = {alpha:.4g} is not the mean-form α of this run."),
    "word": N_("α = {alpha:.4g} is right. Now set prediction to \"converges\" or "
               "\"diverges\"."),
    "diverges": N_("α = {alpha:.4g} is right, but the run diverges."),
    "converges": N_("α = {alpha:.4g} is right, but the run converges."),
    "right_diverges": N_("correct: the full-batch run is GD with α = {alpha:.4g}, "
                         "{ratio:.2f}·α_crit, so it diverges ({status}). With the sum form, "
                         "the α that worked for small minibatches is too large for big ones."),
    "right_converges": N_("correct: the full-batch run is GD with α = {alpha:.4g}, "
                          "{ratio:.2f}·α_crit, so it converges ({status}). With the sum form, "
                          "the α that worked for small minibatches is too large for big ones."),
}

SUM_FORM_PREDICTION_HINTS = {
    "alpha": [N_("the sum form's gradient is |B| times the mean form's: how many examples does "
                 "the sum run over now?"),
              N_("α = |B| · α_sum, with |B| = {n} now.")],
    "word": [N_("compare α with α_crit = 2/λ_max of these (standardised) features."),
             N_("here H = I, so λ_max = 1 and α_crit = {crit:.3g}.")],
}

FAST_FIT_MESSAGES = {
    "rows": N_("transform(X) must keep the {n} rows (one per patient), got {got}."),
    "worse": N_("your features fit worse than the originals at best (L = {loss:.6g} against "
                "{best:.6g}): they lost information, e.g. a dropped feature."),
    "leak": N_("your features fit better than the originals can (L = {loss:.6g} against "
               "{best:.6g}): did y leak into them?"),
    "settings": N_("α must be > 0 and epochs a whole number from 1 to {most}, got α = {lr:g}, "
                   "epochs = {epochs:g}."),
    "diverged": lambda n: ngettext(
        "GD diverged after {n} update; the target is L ≤ {target:.6g} (the minimum is "
        "{best:.6g}).",
        "GD diverged after {n} updates; the target is L ≤ {target:.6g} (the minimum is "
        "{best:.6g}).", n),
    "short": lambda n: ngettext(
        "GD reached L = {loss:.6g} after {n} update; the target is L ≤ {target:.6g} (the "
        "minimum is {best:.6g}).",
        "GD reached L = {loss:.6g} after {n} updates; the target is L ≤ {target:.6g} (the "
        "minimum is {best:.6g}).", n),
    "right": lambda n: ngettext(
        "done: L = {loss:.6g} after {n} update, within {share:.1%} of the minimum {best:.6g}; "
        "κ(H) of your features is {kappa:.3g}.",
        "done: L = {loss:.6g} after {n} updates, within {share:.1%} of the minimum {best:.6g}; "
        "κ(H) of your features is {kappa:.3g}.", n),
}

FAST_FIT_HINTS = [
    N_("one update was enough on standardised BMI because there H = I. Which features would "
       "give the ten diabetes features H = I?"),
    N_("standardising removes the scales, not the correlations: rotate onto the eigenvectors "
       "of the features' covariance (np.linalg.eigh), then scale each new feature to unit "
       "variance (whitening)."),
]


def check_raw_units(to_raw_units, seeds=(0, 1, 2)):
    """Is ``to_raw_units(w_s, b_s, mean, std) -> (w, b)`` right for standardised features?

    A model fitted on x' = (x − μ)/s must predict the same on raw x with the
    converted (w, b). Checked on random data with several features, means and
    scales, against the least-squares fit on the standardised features.
    """
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
            return Feedback(False, say(RAW_UNITS_MESSAGES, "shape", shape=np.shape(w_s),
                                       got=np.shape(w)))
        want = linear.predict(Xs, w_s, b_s)
        if close(linear.predict(X, w, b), want, rtol=1e-8):
            continue
        w_raw, b_raw = linear.least_squares(X, y)     # the same line, fitted on raw x
        what = say(RAW_UNITS_MESSAGES, "differ")
        slip = ("unchanged" if close(w, w_s) and close(b, b_s) else
                "times_std" if close(w, w_s * std, rtol=1e-6) else
                "bias" if close(w, w_raw, rtol=1e-6) else None)
        if slip:
            what += " " + say(RAW_UNITS_MESSAGES, slip)
        return wrong(exercise, what, ladder(RAW_UNITS_HINTS[slip or "other"]),
                     slip=slip or "other")
    return right(exercise, say(RAW_UNITS_MESSAGES, "right"))


#: The Spanish edition's answers to "converges or diverges?" (its students write these).
SPANISH_WORDS = {"converge": "converges", "diverge": "diverges"}


def check_sum_form_prediction(prediction, alpha_equivalent, X, y, alpha_sum, batch_size=None):
    """Predict before you run: GD on the slide's sum form ½Σ(ŷ − y)² over all n examples
    with ``alpha_sum``. ``alpha_equivalent`` is the mean-form α it equals (n · α_sum) and
    ``prediction`` "converges" or "diverges"; both are checked against a run of
    ``gdlib.descend`` with that α (``batch_size`` None: full batch, as in the exercise).
    """
    exercise = "sum form: converge or diverge?"
    alpha_equivalent, feedback = number(alpha_equivalent, "alpha_equivalent")
    if feedback is not None:
        return feedback
    X, y = linear.check_data(X, y)
    n = len(y) if batch_size is None else batch_size
    expected = n * alpha_sum
    crit = linear.critical_learning_rate(X)
    if not np.isclose(alpha_equivalent, expected, rtol=1e-3):
        return wrong(exercise, say(SUM_FORM_PREDICTION_MESSAGES, "alpha",
                                   alpha=alpha_equivalent),
                     ladder(SUM_FORM_PREDICTION_HINTS["alpha"], n=n))
    word = str(prediction).strip().lower() if prediction is not None else ""
    word = SPANISH_WORDS.get(word, word)              # the Spanish edition's "converge"
    if word not in ("converges", "diverges"):
        return Feedback(False, say(SUM_FORM_PREDICTION_MESSAGES, "word", alpha=expected))
    history = descent.descend(linear, X, y, lr=expected, epochs=200, w0=np.zeros(X.shape[1]),
                        b0=0.0, trajectory=False)
    actual = "diverges" if history.diverged else "converges"
    if word != actual:
        return wrong(exercise, say(SUM_FORM_PREDICTION_MESSAGES, actual, alpha=expected),
                     ladder(SUM_FORM_PREDICTION_HINTS["word"], crit=crit))
    return right(exercise, say(SUM_FORM_PREDICTION_MESSAGES, "right_" + actual, alpha=expected,
                               ratio=expected / crit, status=history.status))


def check_fast_fit(transform, lr, epochs, X, y, max_updates=10, rtol=1e-3):
    """Open challenge: any features ``transform(X)`` and (α, epochs) with which GD from
    θ = 0 reaches L ≤ (1 + rtol) · L(θ̄) in at most ``max_updates`` updates.

    The new features must carry the same information as X: their least-squares fit must
    be exactly as good as X's (not worse: nothing dropped; not better: nothing leaked).
    """
    exercise = "fast fit"
    X, y = linear.check_data(X, y)
    lr, feedback = number(lr, "α")
    if feedback is None:
        epochs, feedback = number(epochs, "epochs")
    if feedback is None:
        Xt, feedback = attempt(transform, X.copy())
    if feedback is not None:
        return feedback
    try:
        Xt = _validation.check_X(Xt, "transform(X)")
    except (TypeError, ValueError) as err:
        return Feedback(False, f"{err}")
    if Xt.shape[0] != len(y):
        return Feedback(False, say(FAST_FIT_MESSAGES, "rows", n=len(y), got=Xt.shape[0]))
    best = linear.loss(X, y, *linear.least_squares(X, y))
    best_t = linear.loss(Xt, y, *linear.least_squares(Xt, y))
    if best_t > best * (1 + 1e-6):
        return wrong(exercise, say(FAST_FIT_MESSAGES, "worse", loss=best_t, best=best),
                     ladder(FAST_FIT_HINTS))
    if best_t < best * (1 - 1e-6):
        return Feedback(False, say(FAST_FIT_MESSAGES, "leak", loss=best_t, best=best))
    if lr <= 0 or epochs < 1 or epochs != round(epochs) or epochs > max_updates:
        return Feedback(False, say(FAST_FIT_MESSAGES, "settings", most=max_updates, lr=lr,
                                   epochs=epochs))
    history = descent.descend(linear, Xt, y, lr=lr, epochs=int(epochs), w0=np.zeros(Xt.shape[1]),
                        b0=0.0, trajectory=False)
    fields = dict(n=history.updates, loss=history.losses[-1], target=(1 + rtol) * best, best=best)
    if history.diverged or not history.losses[-1] <= (1 + rtol) * best:
        return wrong(exercise, say(FAST_FIT_MESSAGES, "diverged" if history.diverged else "short",
                                   **fields), ladder(FAST_FIT_HINTS))
    return right(exercise, say(FAST_FIT_MESSAGES, "right", share=rtol,
                               kappa=np.linalg.cond(linear.hessian(Xt)), **fields))
