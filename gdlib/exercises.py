"""Automatic checks for the notebooks' exercises.

Each checker takes the student's answer (a function or a number) and returns
a ``Feedback``: shown as a green ✓, or an orange ✗ with a hint. A checker never
raises on a wrong or unfinished answer, so "Run All" always gets through: the
stubs in the notebooks raise ``NotImplementedError``, which reads as "not yet".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks, data, descent, linear, logistic, softmax


@dataclass(frozen=True)
class Feedback:
    ok: bool
    message: str

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return ("✓ " if self.ok else "✗ ") + self.message

    def _repr_html_(self):
        color, mark = ("#2b8a3e", "✓") if self.ok else ("#d9480f", "✗")
        return f"<div style='color:{color}'><b>{mark}</b> {self.message}</div>"


NOT_YET = Feedback(False, "not attempted yet: replace `raise NotImplementedError` with "
                          "your code, run that cell, then run this one again.")


NOT_YET_NUMBER = Feedback(False, "not attempted yet: replace `None` with your number, run "
                                 "that cell, then run this one again.")


def _number(answer, name):
    """(value, None) for a finite number, else (None, Feedback): "not yet" or "not a number"."""
    if answer is None or answer is Ellipsis:
        return None, NOT_YET_NUMBER
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None, Feedback(False, f"{name} should be a number, got {answer!r}.")
    if not np.isfinite(value):
        return None, Feedback(False, f"{name} should be a finite number, got {value}.")
    return value, None


def _close(got, expected, rtol=1e-8):
    """Are the numbers (or arrays) close? False, not an error, for the wrong shape or type."""
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and bool(np.allclose(got, expected, rtol=rtol,
                                                                atol=1e-12))


def _pair(result, what):
    """The student's (w, b) pair, or a Feedback saying what came back instead."""
    if not (isinstance(result, tuple) and len(result) == 2):
        return None, Feedback(False, f"{what} should return a pair, e.g. `return w, b`; it "
                                     f"returned {type(result).__name__}.")
    return result, None


def _attempt(fn, *args):
    """Call the student's function; turn 'not written yet' and crashes into feedback."""
    try:
        return fn(*args), None
    except NotImplementedError:
        return None, NOT_YET
    except Exception as err:  # the student's code crashed: say how, don't stop Run All
        return None, Feedback(False, f"your function raised {type(err).__name__}: {err}")


def _student_pair(fn, what, *args):
    """Call the student's ``fn``: ((w, b), None) if it returned a pair, else (None, Feedback)."""
    result, feedback = _attempt(fn, *args)
    return (None, feedback) if feedback is not None else _pair(result, what)


def _problem(model, seed, n=12, d=3, K=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if model is softmax:
        return X, rng.integers(0, K, n), rng.standard_normal((d, K)), rng.standard_normal(K)
    y = rng.standard_normal(n) if model is linear else rng.integers(0, 2, n).astype(float)
    return X, y, rng.standard_normal(d), float(rng.standard_normal())


HINTS = {
    linear: "the gradient is (Xᵀ(ŷ − y)/n, mean(ŷ − y)) with ŷ = Xw + b; "
            "did you divide by n and use ŷ − y (not y − ŷ)?",
    logistic: "the same form as the linear neuron, with ŷ = σ(Xw + b): "
              "(Xᵀ(ŷ − y)/n, mean(ŷ − y)).",
    softmax: "build Ŷ = softmax(XW + b) row by row, subtract the one-hot Y "
             "(Ŷ[i, y_i] −= 1), then return (Xᵀ(Ŷ − Y)/n, the mean of Ŷ − Y over rows). "
             "Note ŷ_k, not y_k: the slide's typo gives a zero gradient.",
}


def check_gradient_function(model, gradient, seeds=(0, 1, 2)):
    """Is ``gradient(X, y, w, b) -> (dw, db)`` the gradient of ``model``'s loss?

    Compared with central finite differences (``gdlib.check_gradient``) on a
    few random problems; correct means a relative error below 1e-6.
    """
    worst = 0.0
    for seed in seeds:
        X, y, w, b = _problem(model, seed)
        err, feedback = _attempt(checks.check_gradient, model, X, y, w, b, gradient)
        if feedback is not None:
            return feedback
        worst = max(worst, err)
    if worst < 1e-6:
        return Feedback(True, f"correct: relative error {worst:.1e} against finite "
                              f"differences.")
    return Feedback(False, f"relative error {worst:.2g} against finite differences (should "
                           f"be below 1e-6). Hint: {HINTS[model]}")


def check_value(answer, expected, name, hint, rtol=1e-3):
    """Is the number ``answer`` close to ``expected`` (relative tolerance rtol)?"""
    value, feedback = _number(answer, name)
    if feedback is not None:
        return feedback
    if np.isclose(value, expected, rtol=rtol, atol=0.0):
        return Feedback(True, f"correct: {name} = {value:.4g}.")
    return Feedback(False, f"{name} = {value:.4g} is not right yet. Hint: {hint}")


# --- exercises of notebooks 01–02 (parameter estimation, gradient descent) ----------------

LOSS_HINTS = {
    linear: "L = 1/(2n) Σ (ŷ − y)² with ŷ = Xw + b: half the mean of the squared residuals.",
    logistic: "L = −mean(y log ŷ + (1 − y) log(1 − ŷ)) with ŷ = σ(Xw + b).",
    softmax: "L = −mean over i of log ŷ_{y_i}, with Ŷ = softmax(XW + b) row by row.",
}


def check_loss_function(model, loss):
    """Is ``loss(X, y, w, b)`` the loss of ``model`` (its ``model.loss``)?

    Compared on a few random problems. For the linear neuron the two classic slips
    (no ½, a sum instead of a mean) are recognised and named.
    """
    for seed in (0, 1, 2):
        X, y, w, b = _problem(model, seed)
        expected = model.loss(X, y, w, b)
        got, feedback = _attempt(loss, X, y, w.copy(), np.copy(b))
        if feedback is not None:
            return feedback
        if not _close(got, expected):
            try:
                ratio = float(got) / expected
            except (TypeError, ValueError):
                return Feedback(False, f"your function should return one number, got "
                                       f"{type(got).__name__}. Hint: {LOSS_HINTS[model]}")
            n = len(y)
            mean = "you summed instead of averaging (divide by n)"
            slips = {2.0: "you left out the factor ½", float(n): mean,
                     2.0 * n: f"{mean} and left out the factor ½"}
            slip = next((s for r, s in slips.items() if np.isclose(ratio, r)), None)
            if model is linear and slip:
                return Feedback(False, f"your loss is {ratio:.3g} times too large: {slip}. "
                                       f"Hint: {LOSS_HINTS[model]}")
            return Feedback(False, f"your loss gives {float(got):.6g} where it should give "
                                   f"{expected:.6g}. Hint: {LOSS_HINTS[model]}")
    return Feedback(True, "correct: your loss agrees with gdlib's on three random problems.")


def check_best_bias(answer, X, y):
    """The best bias b when the weights are held at w = 0 (a neuron that ignores x).

    Then ŷ = b for every example and L(0, b) = 1/(2n) Σ (b − y)², whose minimum is
    at ∂L/∂b = b − ȳ = 0: the mean of the targets (computed here from ``y``).
    """
    if answer is None:
        return NOT_YET_NUMBER
    _, b_bar = linear.least_squares(X, y)
    expected = float(np.mean(y))
    if _close(answer, b_bar) and not np.isclose(b_bar, expected):
        return Feedback(False, f"{float(answer):.4g} is b̄, the best bias when w is free "
                               f"too; here w is held at 0, so ŷ = b for every example. "
                               f"Hint: set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero.")
    return check_value(answer, expected, "the best bias for w = 0",
                       "with w = 0, ŷ = b for every example, so L(0, b) = 1/(2n) Σ (b − y⁽ⁱ⁾)²; "
                       "set ∂L/∂b = (1/n) Σ (b − y⁽ⁱ⁾) to zero and solve for b.")


def check_fit_line(fit_line, seeds=(0, 1, 2)):
    """Is ``fit_line(x, y) -> (w, b)`` the least-squares line (where ∇L = 0)?

    Compared with ``linear.least_squares`` on a few random one-feature data sets.
    """
    hint = ("∂L/∂b = 0 gives b = ȳ − w x̄; put that into ∂L/∂w = 0 and solve for w "
            "(it comes out in terms of the deviations x − x̄ and y − ȳ).")
    for seed in seeds:
        rng = np.random.default_rng(seed)
        x = rng.uniform(-2, 3, 15)
        y = rng.normal(1.0, 1.0) * x + rng.normal(0.0, 2.0) + 0.3 * rng.standard_normal(15)
        w_ref, b_ref = linear.least_squares(x.reshape(-1, 1), y)
        result, feedback = _attempt(fit_line, x.copy(), y.copy())
        if feedback is None:
            result, feedback = _pair(result, "fit_line")
        if feedback is not None:
            return feedback
        w, b = result
        if not (_close(np.ravel(w), w_ref) and _close(b, b_ref)):
            return Feedback(False, f"on a test set your line is w = {np.ravel(w)}, b = {b}; "
                                   f"the minimum is at w = {w_ref[0]:.6g}, b = {b_ref:.6g}. "
                                   f"Hint: {hint}")
    return Feedback(True, "correct: your (w̄, b̄) are where the gradient vanishes, the "
                          "global minimum, on three random data sets.")


def _sequential_step(X, y, w, b, lr):
    """The wrong, sequential update: w first, then b with the gradient at the new w."""
    gw, _ = linear.gradient(X, y, w, b)
    w = w - lr * gw
    return w, b - lr * linear.gradient(X, y, w, b)[1]


def check_gd_step(gd_step, seeds=(0, 1, 2)):
    """Is ``gd_step(X, y, w, b, lr) -> (w, b)`` one GD update of the linear neuron?

    The reference is one update of ``gdlib.descend``. A sequential update (b computed
    with the new w) and a step uphill are recognised and named.
    """
    for seed in seeds:
        X, y, w, b = _problem(linear, seed)
        lr = 0.1 * (seed + 1)
        h = descent.descend(linear, X, y, lr=lr, epochs=1, w0=w, b0=b)
        result, feedback = _attempt(gd_step, X, y, w.copy(), b, lr)
        if feedback is None:
            result, feedback = _pair(result, "gd_step")
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if _close(got_w, h.w) and _close(got_b, h.b):
            continue
        seq_w, seq_b = _sequential_step(X, y, w, b, lr)
        gw, gb = linear.gradient(X, y, w, b)
        if _close(got_w, seq_w) and _close(got_b, seq_b):
            why = ("you updated b with the gradient at the new w. Compute the whole "
                   "gradient at θ^[t] first, then change w and b (simultaneous update).")
        elif _close(got_w, w + lr * gw) and _close(got_b, b + lr * gb):
            why = "you stepped uphill: θ ← θ − α∇L, with a minus."
        else:
            why = ("take (dw, db) = linear.gradient(X, y, w, b), then return "
                   "w − lr·dw and b − lr·db.")
        return Feedback(False, f"your step does not match one GD update. Hint: {why}")
    return Feedback(True, "correct: your step matches one update of gdlib.descend.")


def check_zigzag_updates(answer, X, fraction=0.95, shrink=1000.0):
    """Updates until GD at α = fraction · α_crit shrinks the error along u_max ``shrink``-fold.

    Along the eigenvector u_max of H the error is multiplied by 1 − αλ_max at every
    update, so after t updates it is |1 − αλ_max|^t times its start: the answer is
    the smallest whole t with |1 − αλ_max|^t ≤ 1/shrink. Computed from
    ``linear.hessian(X)`` and ``linear.critical_learning_rate(X)``.
    """
    lam_max = np.linalg.eigvalsh(linear.hessian(X))[-1]
    factor = abs(1.0 - fraction * linear.critical_learning_rate(X) * lam_max)
    exact = np.log(shrink) / -np.log(factor)
    expected = int(np.ceil(exact - 1e-9))
    name = "the number of updates"
    hint = (f"the factor per update is |1 − αλ_max| = {factor:.3g}; solve "
            f"{factor:.3g}^t ≤ 1/{shrink:g} for t with logarithms.")
    if answer is None:
        return NOT_YET_NUMBER
    if _close(answer, exact, rtol=1e-3) and not np.isclose(exact, expected):
        return Feedback(False, f"t = {float(answer):.4g} solves the equation exactly, but "
                               f"updates come whole: after {expected - 1} updates the error "
                               f"is not yet {shrink:g} times smaller. Hint: Round up.")
    return check_value(answer, expected, name, hint, rtol=1e-9)


def check_gradient_descent(gradient_descent):
    """Is ``gradient_descent(X, y, w, b, lr, tol, max_updates) -> (w, b, updates)`` GD with a stop?

    "Repeat until it converges": before each update, stop if ‖∇L(θ^[t])‖ < tol; never
    make more than ``max_updates`` updates. Compared with ``gdlib.descend(..., tol=tol)``
    on runs that converge and on one that hits the cap.
    """
    hint = ("at the top of the loop compute (dw, db) = linear.gradient(X, y, w, b); if "
            "np.sqrt(np.sum(dw**2) + db**2) < tol, stop; otherwise update w and b and count "
            "one update. Loop at most max_updates times.")
    cases = [(0, 0.5, 1e-6, 1000), (1, 0.9, 1e-8, 1000), (2, 0.5, 1e-10, 5)]
    for seed, fraction, tol, cap in cases:
        X, y, w, b = _problem(linear, seed)
        lr = fraction * linear.critical_learning_rate(X)
        h = descent.descend(linear, X, y, lr=lr, epochs=cap, w0=w, b0=b, tol=tol)
        result, feedback = _attempt(gradient_descent, X, y, w.copy(), b, lr, tol, cap)
        if feedback is None and not (isinstance(result, tuple) and len(result) == 3):
            feedback = Feedback(False, "gradient_descent should return three things: "
                                       "`return w, b, updates`.")
        if feedback is not None:
            return feedback
        got_w, got_b, updates = result
        if updates != h.updates:
            return Feedback(False, f"with tol = {tol:g} and max_updates = {cap} your loop made "
                                   f"{updates} updates; it should make {h.updates}. Hint: {hint}")
        if not (_close(got_w, h.w, rtol=1e-6) and _close(got_b, h.b, rtol=1e-6)):
            return Feedback(False, f"the right number of updates ({updates}), but the final "
                                   f"θ differs from gdlib.descend's. Hint: {hint}")
    return Feedback(True, "correct: your loop stops exactly where gdlib.descend(..., tol=tol) "
                          "does, and respects the cap.")


# --- exercises of notebooks 03–04 (SGD, linear regression) --------------------------------


def _one_epoch_sizes(n, batch_size):
    """The minibatch sizes of one epoch of ``gdlib.descend`` on n examples with |B| = batch_size."""
    h = descent.descend(linear, np.zeros((n, 1)), np.zeros(n), lr=0.1, epochs=1,
                        batch_size=batch_size, trajectory=False)
    return np.diff(h.examples_seen)


def check_minibatches(k, last_size, n, batch_size):
    """Are ``k`` (minibatches per epoch) and ``last_size`` (examples in the last one) right?

    The expected numbers are read off one epoch of ``gdlib.descend`` on n examples
    with minibatches of ``batch_size``: its number of updates and the examples its
    last update used.
    """
    k, feedback = _number(k, "k")
    if feedback is None:
        last_size, feedback = _number(last_size, "the size of the last minibatch")
    if feedback is not None:
        return feedback
    sizes = _one_epoch_sizes(n, batch_size)
    if not _close(k, len(sizes)):
        return Feedback(False, f"k = {k:g} is not right yet. Hint: k = ⌈n / |B|⌉ = "
                               f"math.ceil({n} / {batch_size}); a last, smaller minibatch "
                               f"still counts as one.")
    if not _close(last_size, sizes[-1]):
        return Feedback(False, f"k = {k:g} is right, but the last minibatch does not hold "
                               f"{last_size:g} examples. Hint: the first k − 1 minibatches take "
                               f"{batch_size} examples each; the last gets what is left of n.")
    return Feedback(True, f"correct: {len(sizes)} minibatches per epoch, "
                          f"{len(sizes) - 1} of {batch_size} and a last one of {sizes[-1]} "
                          f"({len(sizes) - 1} × {batch_size} + {sizes[-1]} = {n}).")


def _descend_rng(X, y, seed):
    """The random generator exactly as ``gdlib.descend(..., seed=seed)`` has it before epoch 1.

    ``descend`` first draws a random start from it (even when w0, b0 are given), then
    calls ``rng.permutation(n)`` at the start of every epoch.
    """
    rng = np.random.default_rng(seed)
    linear.init_params(X, y, rng)
    return rng


def _sgd_epoch(X, y, w, b, lr, batch_size, order, total=False, drop_last=False):
    """One epoch of SGD over the examples in ``order`` (the variants name students' slips)."""
    batches = np.split(order, range(batch_size, len(order), batch_size))
    if drop_last and len(batches[-1]) < batch_size:
        batches = batches[:-1]
    for idx in batches:
        gw, gb = linear.gradient(X[idx], y[idx], w, b)
        step = lr * (len(idx) if total else 1)
        w, b = w - step * gw, b - step * gb
    return w, b


def check_sgd_epoch(sgd_epoch, seeds=(0, 1, 2)):
    """Is ``sgd_epoch(X, y, w, b, lr, batch_size, rng) -> (w, b)`` one epoch of minibatch SGD?

    The reference is one epoch of ``gdlib.descend(linear, ..., batch_size=batch_size,
    epochs=1)``; the student's ``rng`` is in the same state as descend's
    (``_descend_rng``), so ``order = rng.permutation(n)`` gives the same shuffle.
    Missing the shuffle, a full-batch step, summed minibatch gradients and a dropped
    last minibatch are recognised and named.
    """
    hint = ("order = rng.permutation(n); then for start in range(0, n, batch_size): "
            "idx = order[start:start + batch_size], (dw, db) = linear.gradient(X[idx], "
            "y[idx], w, b), w, b = w − lr·dw, b − lr·db.")
    sizes = (3, 1, 4)
    for seed, batch_size in zip(seeds, sizes):
        X, y, w, b = _problem(linear, seed, n=10, d=2)
        lr = 0.05
        h = descent.descend(linear, X, y, lr=lr, epochs=1, batch_size=batch_size, seed=seed,
                            w0=w, b0=b, trajectory=False)
        result, feedback = _student_pair(sgd_epoch, "sgd_epoch", X, y, w.copy(), b, lr,
                                         batch_size, _descend_rng(X, y, seed))
        if feedback is not None:
            return feedback
        got_w, got_b = result
        if _close(got_w, h.w) and _close(got_b, h.b):
            continue
        order = _descend_rng(X, y, seed).permutation(len(y))
        gw, gb = linear.gradient(X, y, w, b)
        slips = [
            (_sgd_epoch(X, y, w, b, lr, batch_size, np.arange(len(y))),
             "you went through the examples in their stored order: shuffle first with "
             "order = rng.permutation(n) (call it once, before the loop)."),
            ((w - lr * gw, b - lr * gb), "that is one GD step on all n examples: make one "
                                         "update per minibatch, k = ⌈n/|B|⌉ updates in all."),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, total=True),
             "you summed the gradient over the minibatch: average it (divide by the "
             "minibatch's size; linear.gradient does that for you)."),
            (_sgd_epoch(X, y, w, b, lr, batch_size, order, drop_last=True),
             "you left out the last, smaller minibatch: with n = 10 and |B| = "
             f"{batch_size} there are k = {descent.minibatches(10, batch_size)} minibatches."),
        ]
        why = next((text for (sw, sb), text in slips if _close(got_w, sw) and _close(got_b, sb)),
                   hint)
        return Feedback(False, f"with |B| = {batch_size} your epoch ends at a different θ "
                               f"than gdlib.descend's. Hint: {why}")
    return Feedback(True, "correct: your epoch lands exactly where one epoch of "
                          f"gdlib.descend does, for |B| = {', '.join(map(str, sizes))}.")


def gradient_noise(X, y):
    """mean_i ‖∇ℓ⁽ⁱ⁾(θ̄)‖²: the mean squared gradient of one example at the minimum θ̄.

    Each ∇ℓ⁽ⁱ⁾ is ``linear.gradient`` on example i alone. Their mean is ∇L(θ̄) = 0,
    so this is the variance of the |B| = 1 minibatch gradient at θ̄.
    """
    w, b = linear.least_squares(X, y)
    grads = [np.r_[linear.gradient(X[i:i + 1], y[i:i + 1], w, b)] for i in range(len(y))]
    return float(np.mean(np.sum(np.square(grads), axis=1)))


def check_gradient_noise(answer, X, y):
    """Is ``answer`` the mean over examples of ‖∇ℓ⁽ⁱ⁾(θ̄)‖² (see ``gradient_noise``)?"""
    value, feedback = _number(answer, "your answer")
    if feedback is not None:
        return feedback
    expected = gradient_noise(X, y)
    w, b = linear.least_squares(X, y)
    r = linear.predict(X, w, b) - y
    slips = [(0.0, "that is ‖∇L(θ̄)‖², the full gradient, which is zero at the minimum: "
                   "square the gradient of each example first, then average."),
             (np.mean(r ** 2), "that is only the b part, mean (ŷ⁽ⁱ⁾ − y⁽ⁱ⁾)²: add the w "
                               "part, mean ((ŷ⁽ⁱ⁾ − y⁽ⁱ⁾) x⁽ⁱ⁾)².")]
    why = next((text for slip, text in slips if np.isclose(value, slip, rtol=1e-3,
                                                            atol=1e-12)),
               "at θ̄ = linear.least_squares(X, y) take r = ŷ − y; example i's gradient "
               "is (r⁽ⁱ⁾ x⁽ⁱ⁾, r⁽ⁱ⁾); average r²x² + r² over the examples.")
    return check_value(value, expected, "the mean squared example gradient at θ̄", why)


def check_sum_form_lr(alpha_sum, X, y, alpha_mean):
    """Is ``alpha_sum`` the α for which GD on ½Σ(ŷ − y)² takes the steps of GD with
    ``alpha_mean`` on gdlib's 1/(2n) Σ(ŷ − y)²?

    Checked by taking one step of each from θ = 0: the sum-form step with the
    student's α (gradient Xᵀ(ŷ − y), Σ(ŷ − y)) against one update of ``gdlib.descend``.
    """
    alpha_sum, feedback = _number(alpha_sum, "α_sum")
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
        result, feedback = _student_pair(to_raw_units, "to_raw_units", w_s.copy(), b_s,
                                         mean.copy(), std.copy())
        if feedback is not None:
            return feedback
        w, b = result
        if np.shape(w) != np.shape(w_s):
            return Feedback(False, f"w should have shape {np.shape(w_s)} (one weight per "
                                   f"feature), got {np.shape(w)}. Hint: {hint}")
        want = linear.predict(Xs, w_s, b_s)
        if not _close(linear.predict(X, w, b), want, rtol=1e-8):
            w_raw, _ = linear.least_squares(X, y)     # the same line, fitted on raw x
            why = ("the weights are right but b is not: moving the μ_j out of "
                   "(x_j − μ_j)/s_j changes the bias. " if _close(w, w_raw, rtol=1e-6)
                   else "") + hint
            return Feedback(False, f"on raw data your (w, b) predict differently from the "
                                   f"standardised model. Hint: {why}")
    return Feedback(True, "correct: with your (w, b) the raw features give the same "
                          "predictions as the standardised model, on three data sets.")


# --- exercises of notebooks 05–06 (logistic, softmax) -------------------------------------


def check_bias_only(answer, y):
    """Is ``answer`` the best bias b of a logistic neuron that ignores its features (w = 0)?

    With w = 0 every prediction is ŷ⁽ⁱ⁾ = σ(b). The answer is right when gdlib's
    own gradient ∂L/∂b = mean(σ(b) − y) vanishes there (|∂L/∂b| < 1e-4): the loss
    is convex in b, so that zero is its minimum.
    """
    b, feedback = _number(answer, "b")
    if feedback is not None:
        return feedback
    y = np.asarray(y, dtype=np.float64)
    _, db = logistic.gradient(np.zeros((len(y), 1)), y, np.zeros(1), b)
    if abs(db) < 1e-4:
        return Feedback(True, f"correct: b = {b:.4f}, so every ŷ = σ(b) = "
                              f"{logistic.sigmoid(b):.4f}, the share of class 1 in y.")
    return Feedback(False, f"at b = {b:.4g} the gradient ∂L/∂b = mean(σ(b) − y) = {db:.3g}, "
                           f"not 0. Hint: with w = 0 every ŷ⁽ⁱ⁾ = σ(b), so ∂L/∂b = σ(b) − ȳ "
                           f"(ȳ = mean of the labels). Solve σ(b) = ȳ: the inverse of the "
                           f"sigmoid is log(p / (1 − p)).")


def blowup_lr(X, y, seed=0):
    """The smallest α for which ``descend(logistic, X, y, lr=α, epochs=1, seed=seed)``
    stops as diverged, by bisection on log α (L(θ¹) is convex in α, so one crossing)."""
    diverged = lambda lr: descent.descend(logistic, X, y, lr=lr, epochs=1, seed=seed,
                                   trajectory=False).diverged
    lo, hi = 1.0, 2.0
    while diverged(lo):
        lo, hi = lo / 2, lo
    while not diverged(hi):
        lo, hi = hi, 2 * hi
    for _ in range(40):
        mid = np.sqrt(lo * hi)
        lo, hi = (lo, mid) if diverged(mid) else (mid, hi)
    return hi


def check_blowup_lr(answer, X, y, seed=0, rtol=0.03):
    """Is ``answer`` (within ``rtol``) the smallest α at which gdlib calls a logistic
    run diverged after its first update, ``descend(logistic, X, y, lr=α, epochs=1,
    seed=seed)``? The expected value is found by bisection with gdlib itself."""
    lr, feedback = _number(answer, "α")
    if feedback is not None:
        return feedback
    expected = blowup_lr(X, y, seed)
    if abs(lr - expected) <= rtol * expected:
        crit = linear.critical_learning_rate(X)
        return Feedback(True, f"correct: α = {lr:.4g}; gdlib's bisection gives "
                              f"{expected:.4g}, {expected / crit:.0f} times the α_crit = "
                              f"{crit:.3g} of a linear neuron on the same data.")
    side = "too small: that run still passes" if lr < expected else "too large"
    return Feedback(False, f"α = {lr:.4g} is {side} (off by {lr / expected - 1:+.0%}). Hint: "
                           f"measure L(θ¹) / α at a large α such as 1000 (it hardly changes "
                           f"with α there), then solve (L(θ¹)/α) · α = BLOWUP · max(L(θ⁰), 1) "
                           f"for α.")


def check_softmax_function(fn):
    """Is ``fn(Z)`` the row-wise softmax, and stable for huge logits?

    Compared with ``gdlib.softmax.softmax`` on random logits, then on logits of
    size ~1000, where a naive exp overflows (numpy warnings are silenced there,
    so an overflow shows as feedback, not as a warning).
    """
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((6, 4))
    hint = ("exponentiate, then divide each row by its own sum: "
            "E / E.sum(axis=1, keepdims=True).")
    for logits, big in [(Z, False), (300 * Z + 1000.0, True)]:
        with np.errstate(all="ignore"):
            got, feedback = _attempt(fn, logits.copy())
        if feedback is not None:
            return feedback
        got = np.asarray(got, dtype=np.float64)
        if got.shape != logits.shape:
            return Feedback(False, f"softmax(Z) should have the shape of Z {logits.shape}, "
                                   f"got {got.shape}. Hint: {hint}")
        if np.allclose(got, softmax.softmax(logits), rtol=1e-9, atol=1e-12):
            continue
        if big:
            return Feedback(False, "right for small logits, but wrong (nan or inf) for logits "
                                   "near 1000: e^1000 overflows. Hint: softmax(z) = "
                                   "softmax(z − c) for any c; subtract each row's maximum "
                                   "(Z.max(axis=1, keepdims=True)) before np.exp.")
        if not np.allclose(got.sum(axis=1), 1.0):
            return Feedback(False, f"each row of softmax(Z) should sum to 1; yours sum to "
                                   f"{np.round(got.sum(axis=1), 3)}. Hint: {hint}")
        return Feedback(False, f"not the softmax of each row. Hint: {hint}")
    return Feedback(True, "correct, and stable: exact for logits near 1000 too.")


def check_two_class_softmax(fn):
    """Is ``fn(W, b) -> (w, b)`` the logistic neuron equal to a 2-class softmax neuron?

    Checked on random problems: ``logistic.predict(X, w, b)`` must equal
    ``softmax.predict(X, W, b)[:, 1]``, the probability of class 1.
    """
    for seed in (0, 1, 2):
        rng = np.random.default_rng(seed)
        X, W = rng.standard_normal((12, 3)), rng.standard_normal((3, 2))
        bb = rng.standard_normal(2)
        result, feedback = _attempt(fn, W.copy(), bb.copy())
        if feedback is None and not (isinstance(result, tuple) and len(result) == 2):
            feedback = Feedback(False, "return a pair: `return w, b`.")
        if feedback is None:
            got, feedback = _attempt(logistic.predict, X, *result)
        if feedback is not None:
            return feedback
        want = softmax.predict(X, W, bb)[:, 1]
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        if np.allclose(got, 1 - want, rtol=1e-9, atol=1e-12):
            return Feedback(False, "your neuron gives P(class 0) instead of P(class 1): "
                                   "swap the order of a difference.")
        return Feedback(False, "σ(wᵀx + b) is not softmax(Wᵀx + b)₁ yet. Hint: divide the "
                               "top and bottom of e^{z₁} / (e^{z₀} + e^{z₁}) by e^{z₁}; "
                               "which single logit is left, and how is it linear in x?")
    return Feedback(True, "correct: with K = 2, softmax(z)₁ = σ(z₁ − z₀), so a 2-class "
                          "softmax neuron is a logistic neuron.")
