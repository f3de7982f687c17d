"""Exercises of notebook 08: the backward pass of the hidden layer, the all-zero start, and the
smallest network that does the job."""
from __future__ import annotations

import numpy as np

from .. import descent, network, softmax
from ..i18n import N_, _
from .feedback import NOT_YET, Feedback, attempt

BACKWARD_HINT = N_("Δ₁ = (Δ₂ W₂ᵀ) ⊙ (1 − H²), then ∂L/∂W₁ = XᵀΔ₁ / n and ∂L/∂b₁ = the mean "
                   "of the rows of Δ₁.")


def _layer_problem(seed, n=11, d=3, h=5, K=3):
    """A random network and data, with its forward pass: X, H, Δ₂ = Ŷ − Y, params, y."""
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, d)), rng.integers(0, K, n)
    params = [rng.standard_normal((d, h)), rng.standard_normal(h),
              rng.standard_normal((h, K)), rng.standard_normal(K)]
    H, Z = network.forward(X, params)
    D2 = softmax.softmax(Z) - softmax.one_hot(y, K)
    return X, H, D2, params, y


def _backward_slip(X, H, D2, W2, dW1):
    """Name a common slip in ∂L/∂W₁, or return None."""
    n = len(X)
    slips = [(X.T @ (D2 @ W2.T) / n, _("you left out tanh′: multiply Δ₂W₂ᵀ by (1 − H²) "
                                       "element by element")),
             (X.T @ ((D2 @ W2.T) * (1 - H)) / n,
              _("tanh′(a) is 1 − tanh²(a) = 1 − H², not 1 − H")),
             (X.T @ ((D2 @ W2.T) * (1 - H * H)), _("you summed over the examples: divide by n"))]
    return next((text for grad, text in slips if np.allclose(dW1, grad)), None)


def check_hidden_backward(fn, seeds=(0, 1, 2)):
    """Is ``fn(X, H, D2, W2) -> (dW1, db1)`` the backward pass through the hidden layer?

    ``H`` = tanh(XW₁ + b₁) is the layer's output and ``D2`` = Ŷ − Y the output error;
    the answer is compared with the first two entries of ``gdlib.network.gradient`` on a
    few random networks (which ``gdlib.check_gradient`` ties to finite differences).
    """
    for seed in seeds:
        X, H, D2, params, y = _layer_problem(seed)
        result, feedback = attempt(fn, X.copy(), H.copy(), D2.copy(), params[2].copy())
        if feedback is NOT_YET:
            return feedback
        if feedback is not None:
            return Feedback(False, _("{message}. The shapes: X (n, d), H (n, h), D2 (n, K), "
                                     "W2 (h, K).").format(message=feedback.message))
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return Feedback(False, _("return a pair, e.g. `return dW1, db1`; got {type}.")
                            .format(type=type(result).__name__))
        dW1, db1 = (np.asarray(g, dtype=np.float64) for g in result)
        want_W1, want_b1 = network.gradient(X, y, params)[:2]
        if dW1.shape != want_W1.shape or db1.shape != want_b1.shape:
            return Feedback(False, _("dW1 should have the shape of W₁ {shape_W1} and db1 that "
                                     "of b₁ {shape_b1}; got {got_W1} and {got_b1}. Hint: Δ₂ "
                                     "is (n, K) and W₂ is (h, K), so the error reaches the "
                                     "hidden units as Δ₂ W₂ᵀ, of shape (n, h).")
                            .format(shape_W1=want_W1.shape, shape_b1=want_b1.shape,
                                    got_W1=dW1.shape, got_b1=db1.shape))
        if not np.allclose(dW1, want_W1, rtol=1e-8, atol=1e-12):
            slip = _backward_slip(X, H, D2, params[2], dW1)
            if slip:
                text = _("∂L/∂W₁ is not right yet: {slip}. Hint: {hint}")
            else:
                text = _("∂L/∂W₁ is not right yet. Hint: {hint}")
            return Feedback(False, text.format(slip=slip, hint=_(BACKWARD_HINT)))
        if not np.allclose(db1, want_b1, rtol=1e-8, atol=1e-12):
            return Feedback(False, _("∂L/∂W₁ is right, ∂L/∂b₁ not yet. Hint: {hint}")
                            .format(hint=_(BACKWARD_HINT)))
    return Feedback(True, _("correct: your backward pass gives gdlib.network.gradient's "
                            "∂L/∂W₁ and ∂L/∂b₁ on three random networks."))


NAMES = ("W1", "b1", "W2", "b2")


def zero_start_changes(X, y, hidden=16, lr=1.0, epochs=200):
    """Which of W1, b1, W2, b2 GD changes at all from the all-zero start (a set of names)."""
    X, y = network.check_data(X, y)
    K = int(y.max()) + 1
    zero = [np.zeros((X.shape[1], hidden)), np.zeros(hidden), np.zeros((hidden, K)),
            np.zeros(K)]
    run = descent.descend(network, X, y, lr=lr, epochs=epochs, params0=zero)
    return {name for name, p in zip(NAMES, run.params) if np.any(p != 0)}


def check_zero_start(answer, X, y):
    """Is ``answer`` the set of parameters that GD moves from an all-zero start?

    The truth is measured here: 200 GD updates from W₁, b₁, W₂, b₂ = 0 on (X, y).
    """
    if answer is None:
        return Feedback(False, _("not attempted yet: replace `None` with your prediction, a "
                                 "set of names such as {names}, then run this cell again.")
                        .format(names='{"W1", "b2"}'))
    try:
        guess = {str(a) for a in answer}
    except TypeError:
        return Feedback(False, _("write a set of names, e.g. {names}; got {value}.")
                        .format(names='{"W1", "b2"}', value=repr(answer)))
    unknown = guess - set(NAMES)
    if unknown:
        return Feedback(False, _("{unknown} are not parameter names: use \"W1\", \"b1\", "
                                 "\"W2\", \"b2\".").format(unknown=sorted(unknown)))
    truth = zero_start_changes(X, y)
    why = _("with W₁ = 0 and b₁ = 0 every hidden unit outputs tanh(0) = 0, so ∂L/∂W₂ = HᵀΔ₂/n "
            "= 0; with W₂ = 0 no error reaches the hidden layer (Δ₂W₂ᵀ = 0), so ∂L/∂W₁ = "
            "∂L/∂b₁ = 0. Only b₂ can learn (the class shares), and the border never appears.")
    shown = "{" + ", ".join(f'"{name}"' for name in NAMES if name in truth) + "}" \
        if truth else _("set() (none)")
    if guess == truth:
        return Feedback(True, _("correct: GD changes exactly {shown}. Why: {why}")
                        .format(shown=shown, why=why))
    return Feedback(False, _("not quite: run the verification cell below and look at which "
                             "arrays are still zero. Hint: at the start H = tanh(XW₁ + b₁) = ?, "
                             "and backpropagation multiplies the output error Δ₂ by W₂ᵀ = ?"))


def check_small_network(settings, X, y, X_val, y_val, target=0.95, largest=4,
                        max_updates=5000):
    """Does ``descend(network, X, y, **settings)`` reach ``target`` validation accuracy with
    at most ``largest`` hidden units?

    ``settings`` is a dict with ``hidden``, ``lr``, ``epochs`` and optionally ``seed`` and
    ``batch_size``; the run is made here (at most ``max_updates`` updates, to stay quick).
    """
    if settings is None:
        return Feedback(False, _("not attempted yet: replace `None` with a dict of settings, "
                                 "e.g. dict(hidden=8, lr=1.5, epochs=300, seed=0), then run "
                                 "this cell again."))
    if not isinstance(settings, dict) or not {"hidden", "lr", "epochs"} <= set(settings):
        return Feedback(False, _("settings must be a dict with at least hidden, lr and epochs, "
                                 "e.g. dict(hidden=8, lr=1.5, epochs=300, seed=0)."))
    unknown = set(settings) - {"hidden", "lr", "epochs", "seed", "batch_size"}
    if unknown:
        return Feedback(False, _("unknown settings {unknown}: use hidden, lr, epochs, seed and "
                                 "batch_size.").format(unknown=sorted(unknown)))
    batch = settings.get("batch_size") or len(y)
    try:
        updates = int(settings["epochs"]) * descent.minibatches(len(y), int(batch))
    except (TypeError, ValueError) as err:
        return Feedback(False, _("epochs and batch_size must be whole numbers ({error}).")
                        .format(error=err))
    if updates > max_updates:
        return Feedback(False, _("these settings make {updates} updates; keep it to {most} "
                                 "(fewer epochs, or a larger |B|).")
                        .format(updates=updates, most=max_updates))
    try:
        run = descent.descend(network, X, y, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, _("gdlib.descend refused these settings: {error}")
                        .format(error=err))
    if run.diverged:
        return Feedback(False, _("the run diverged: {status}").format(status=run.status))
    val = np.mean(network.classify(X_val, run.params) == y_val)
    train = np.mean(network.classify(X, run.params) == y)
    h = run.params[0].shape[1]
    numbers = dict(h=h, val=f"{val:.1%}", train=f"{train:.1%}", target=f"{target:.0%}",
                   largest=largest)
    if val < target:
        return Feedback(False, _("h = {h} gives validation accuracy {val} (training {train}), "
                                 "below the target {target}. Hint: more epochs, another α, or "
                                 "another seed (the start matters now); a wider layer makes it "
                                 "easier.").format(**numbers))
    if h > largest:
        return Feedback(False, _("h = {h} gives validation accuracy {val} (training {train}): "
                                 "the target is met, now shrink the network. Can you meet it "
                                 "with h ≤ {largest}?").format(**numbers))
    return Feedback(True, _("h = {h} gives validation accuracy {val} (training {train}) ≥ "
                            "{target}. One hidden unit cannot bend the border (it is a level "
                            "set of tanh(w₁ᵀx + b₁), a straight line); {h} can.")
                    .format(**numbers))
