"""Exercises of notebook 04: the slide's sum form and α/n (and predicting what it does with
more examples), going back to raw units, and a fast fit of ten correlated features."""
from __future__ import annotations

import numpy as np

from .. import _validation as v
from .. import data, descent, linear
from ..i18n import _, ngettext
from .feedback import Feedback, attempt, close, number, right, student_pair, wrong


def check_sum_form_lr(alpha_sum, X, y, alpha_mean):
    """Is ``alpha_sum`` the α for which GD on ½Σ(ŷ − y)² takes the steps of GD with
    ``alpha_mean`` on gdlib's 1/(2n) Σ(ŷ − y)²?

    Checked by taking one step of each from θ = 0: the sum-form step with the
    student's α (gradient Xᵀ(ŷ − y), Σ(ŷ − y)) against one update of ``gdlib.descend``.
    """
    alpha_sum, feedback = number(alpha_sum, "α_sum")
    if feedback is not None:
        return feedback
    X, y = linear.check_data(X, y)
    w0 = np.zeros(X.shape[1])
    h = descent.descend(linear, X, y, lr=alpha_mean, epochs=1, w0=w0, b0=0.0)
    r = -y                                            # ŷ − y at θ = 0
    step = -alpha_sum * np.r_[X.T @ r, r.sum()]       # θ¹ = 0 − α_sum ∇L_sum(0)
    target = np.r_[h.w, h.b]
    exercise = "sum-form α"
    if np.allclose(step, target, rtol=1e-6, atol=0.0):
        return right(exercise, _("correct: α_sum = {alpha_sum} on the sum form takes the very "
                                 "step of α = {alpha} on the mean form.")
                     .format(alpha_sum=f"{alpha_sum:.4g}", alpha=f"{alpha_mean:g}"))
    n = len(y)
    ratio = np.linalg.norm(step) / np.linalg.norm(target)
    what = _("with α_sum = {alpha_sum} the sum form's step is {ratio} times the mean "
             "form's (it should be 1).").format(alpha_sum=f"{alpha_sum:.4g}",
                                                ratio=f"{ratio:.4g}")
    if np.isclose(ratio, n ** 2):
        return wrong(exercise, what + " " + _("You multiplied α by n."),
                     [_("the sum's gradient is already n times larger, so its α must be "
                        "smaller: divide.")], slip="times_n")
    if np.isclose(ratio, n):
        return wrong(exercise, what + " " + _("You kept the mean form's α."),
                     [_("the sum's gradient is n times the mean's: what must α do to keep "
                        "the step the same?")], slip="same")
    return wrong(exercise, what, [_("compare the two gradients: ∇L_sum = n ∇L_mean."),
                                  _("α_sum ∇L_sum = α_mean ∇L_mean: solve for α_sum.")],
                 slip="other")


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
            return Feedback(False, _("w should have shape {shape} (one weight per feature), "
                                     "got {got}.").format(shape=np.shape(w_s), got=np.shape(w)))
        want = linear.predict(Xs, w_s, b_s)
        if close(linear.predict(X, w, b), want, rtol=1e-8):
            continue
        w_raw, b_raw = linear.least_squares(X, y)     # the same line, fitted on raw x
        what = _("on raw data your (w, b) predict differently from the standardised model.")
        if close(w, w_s) and close(b, b_s):
            return wrong(exercise, what + " " + _("You returned w and b unchanged."),
                         [_("w_j x'_j = w_j (x_j − μ_j)/s_j: what multiplies the raw x_j?")],
                         slip="unchanged")
        if close(w, w_s * std, rtol=1e-6):
            return wrong(exercise, what + " " + _("Your weights are multiplied by s_j, where "
                                                  "they should be divided."),
                         [_("x'_j = (x_j − μ_j)/s_j, so w_j x'_j has x_j over s_j.")],
                         slip="times_std")
        if close(w, w_raw, rtol=1e-6):
            return wrong(exercise, what + " " + _("The weights are right but b is not."),
                         [_("moving the μ_j out of (x_j − μ_j)/s_j changes the bias."),
                          _("expand Σ_j w_j (x_j − μ_j)/s_j + b and collect the terms "
                            "without x.")], slip="bias")
        return wrong(exercise, what, [
            _("write the standardised model w_j x'_j with x'_j = (x_j − μ_j)/s_j and expand."),
            _("w_j(raw) = w_j / s_j, and b(raw) = b − Σ_j w_j μ_j / s_j.")], slip="other")
    return right(exercise, _("correct: with your (w, b) the raw features give the same "
                             "predictions as the standardised model, on three data sets."))



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
        return wrong(exercise, _("α = {alpha} is not the mean-form α of this run.")
                     .format(alpha=f"{alpha_equivalent:.4g}"),
                     [_("the sum form's gradient is |B| times the mean form's: how many "
                        "examples does the sum run over now?"),
                      _("α = |B| · α_sum, with |B| = {n} now.").format(n=n)])
    word = str(prediction).strip().lower() if prediction is not None else ""
    word = SPANISH_WORDS.get(word, word)              # the Spanish edition's "converge"
    if word not in ("converges", "diverges"):
        return Feedback(False, _("α = {alpha} is right. Now set prediction to \"converges\" "
                                 "or \"diverges\".").format(alpha=f"{expected:.4g}"))
    h = descent.descend(linear, X, y, lr=expected, epochs=200, w0=np.zeros(X.shape[1]),
                        b0=0.0, trajectory=False)
    actual = "diverges" if h.diverged else "converges"
    if word != actual:
        what = (_("α = {alpha} is right, but the run diverges.") if h.diverged else
                _("α = {alpha} is right, but the run converges."))
        return wrong(exercise, what.format(alpha=f"{expected:.4g}"),
                     [_("compare α with α_crit = 2/λ_max of these (standardised) features."),
                      _("here H = I, so λ_max = 1 and α_crit = {crit}.")
                      .format(crit=f"{crit:.3g}")])
    text = (_("correct: the full-batch run is GD with α = {alpha}, {ratio}·α_crit, so it "
              "diverges ({status}). With the sum form, the α that worked for small minibatches "
              "is too large for big ones.") if h.diverged else
            _("correct: the full-batch run is GD with α = {alpha}, {ratio}·α_crit, so it "
              "converges ({status}). With the sum form, the α that worked for small minibatches "
              "is too large for big ones."))
    return right(exercise, text.format(alpha=f"{expected:.4g}", ratio=f"{expected / crit:.2f}",
                                       status=h.status))


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
    hints = [_("one update was enough on standardised BMI because there H = I. Which "
               "features would give the ten diabetes features H = I?"),
             _("standardising removes the scales, not the correlations: rotate onto the "
               "eigenvectors of the features' covariance (np.linalg.eigh), then scale each "
               "new feature to unit variance (whitening).")]
    try:
        Xt = v.check_X(Xt, "transform(X)")
    except (TypeError, ValueError) as err:
        return Feedback(False, f"{err}")
    if Xt.shape[0] != len(y):
        return Feedback(False, _("transform(X) must keep the {n} rows (one per patient), got "
                                 "{got}.").format(n=len(y), got=Xt.shape[0]))
    best = linear.loss(X, y, *linear.least_squares(X, y))
    best_t = linear.loss(Xt, y, *linear.least_squares(Xt, y))
    if best_t > best * (1 + 1e-6):
        return wrong(exercise, _("your features fit worse than the originals at best "
                                 "(L = {loss} against {best}): they lost information, e.g. a "
                                 "dropped feature.").format(loss=f"{best_t:.6g}",
                                                            best=f"{best:.6g}"), hints)
    if best_t < best * (1 - 1e-6):
        return Feedback(False, _("your features fit better than the originals can "
                                 "(L = {loss} against {best}): did y leak into them?")
                        .format(loss=f"{best_t:.6g}", best=f"{best:.6g}"))
    if lr <= 0 or epochs < 1 or epochs != round(epochs) or epochs > max_updates:
        return Feedback(False, _("α must be > 0 and epochs a whole number from 1 to {most}, "
                                 "got α = {lr}, epochs = {epochs}.")
                        .format(most=max_updates, lr=f"{lr:g}", epochs=f"{epochs:g}"))
    h = descent.descend(linear, Xt, y, lr=lr, epochs=int(epochs), w0=np.zeros(Xt.shape[1]),
                        b0=0.0, trajectory=False)
    if h.diverged or not h.losses[-1] <= (1 + rtol) * best:
        if h.diverged:
            what = _("GD diverged after {n} updates; the target is L ≤ {target} (the minimum "
                     "is {best}).")
        else:
            what = _("GD reached L = {loss} after {n} updates; the target is L ≤ {target} "
                     "(the minimum is {best}).")
        return wrong(exercise, what.format(n=h.updates, loss=f"{h.losses[-1]:.6g}",
                                           target=f"{(1 + rtol) * best:.6g}", best=f"{best:.6g}"),
                     hints)
    return right(exercise, ngettext(
        "done: L = {loss} after {n} update, within {share} of the minimum {best}; κ(H) of "
        "your features is {kappa}.",
        "done: L = {loss} after {n} updates, within {share} of the minimum {best}; κ(H) of "
        "your features is {kappa}.", h.updates).format(
            loss=f"{h.losses[-1]:.6g}", n=h.updates, share=f"{rtol:.1%}", best=f"{best:.6g}",
            kappa=f"{np.linalg.cond(linear.hessian(Xt)):.3g}"))
