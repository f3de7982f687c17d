"""Exercises of notebook 04: the slide's sum form and α/n, and going back to raw units."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear
from .feedback import Feedback, close, number, student_pair


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
    if np.allclose(step, target, rtol=1e-6, atol=0.0):
        return Feedback(True, f"correct: α_sum = {alpha_sum:.4g} on the sum form takes "
                              f"the very step of α = {alpha_mean:g} on the mean form.")
    n = len(y)
    ratio = np.linalg.norm(step) / np.linalg.norm(target)
    hint = ("∇L_sum = n ∇L_mean, so α_sum ∇L_sum = α_mean ∇L_mean needs α_sum = α_mean / n."
            if not np.isclose(ratio, n ** 2) else
            "you multiplied by n; the sum's gradient is already n times larger, so divide.")
    return Feedback(False, f"with α_sum = {alpha_sum:.4g} the sum form's step is "
                           f"{ratio:.4g} times the mean form's (it should be 1). Hint: {hint}")


def check_raw_units(to_raw_units, seeds=(0, 1, 2)):
    """Is ``to_raw_units(w_s, b_s, mean, std) -> (w, b)`` right for standardised features?

    A model fitted on x' = (x − μ)/s must predict the same on raw x with the
    converted (w, b). Checked on random data with several features, means and
    scales, against the least-squares fit on the standardised features.
    """
    hint = ("w_j x'_j = w_j (x_j − μ_j)/s_j, so w_j(raw) = w_j / s_j and "
            "b(raw) = b − Σ_j w_j μ_j / s_j (vectorised: w / std and b − np.sum(w * mean / std)).")
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
            return Feedback(False, f"w should have shape {np.shape(w_s)} (one weight per "
                                   f"feature), got {np.shape(w)}. Hint: {hint}")
        want = linear.predict(Xs, w_s, b_s)
        if not close(linear.predict(X, w, b), want, rtol=1e-8):
            w_raw, _ = linear.least_squares(X, y)     # the same line, fitted on raw x
            why = ("the weights are right but b is not: moving the μ_j out of "
                   "(x_j − μ_j)/s_j changes the bias. " if close(w, w_raw, rtol=1e-6)
                   else "") + hint
            return Feedback(False, f"on raw data your (w, b) predict differently from the "
                                   f"standardised model. Hint: {why}")
    return Feedback(True, "correct: with your (w, b) the raw features give the same "
                          "predictions as the standardised model, on three data sets.")

