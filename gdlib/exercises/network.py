"""Exercises of notebook 08: the backward pass of the hidden layer, the all-zero start, and the
smallest network that does the job."""
from __future__ import annotations

import numpy as np

from .. import descent, network, softmax
from .feedback import NOT_YET, Feedback, attempt, ladder, right, say, texts, wrong

MESSAGES, HINTS = texts("network")


def _backward_hints(key):
    """The ladder of the slip ``key`` in the backward pass, then the rung every slip ends on
    (the whole rule: ``"last_rung"``)."""
    hints = HINTS["backward"]
    return ladder(hints[key]) + ladder(hints["last_rung"])


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
    """Name a common slip in ∂L/∂W₁: its key, or None."""
    n = len(X)
    back = D2 @ W2.T
    slips = [("no_tanh", X.T @ back / n),
             ("one_minus_H", X.T @ (back * (1 - H)) / n),
             ("tanh_twice", X.T @ (back * (1 - np.tanh(H) ** 2)) / n),
             ("sigmoid", X.T @ (back * H * (1 - H)) / n),
             ("sum", X.T @ (back * (1 - H * H))),
             ("sign", -X.T @ (back * (1 - H * H)) / n)]
    return next((key for key, grad in slips if np.allclose(dW1, grad)), None)


def check_hidden_backward(fn, seeds=(0, 1, 2)):
    """Is ``fn(X, H, D2, W2) -> (dW1, db1)`` the backward pass through the hidden layer?

    ``H`` = tanh(XW₁ + b₁) is the layer's output and ``D2`` = Ŷ − Y the output error;
    the answer is compared with the first two entries of ``gdlib.network.gradient`` on a
    few random networks (which ``gdlib.check_gradient`` ties to finite differences). Any
    way of computing it passes (a list, einsum, (Δ₁ᵀX)ᵀ); the usual slips are named, each
    with its own hint ladder: no tanh′, 1 − H, tanh applied twice, the sigmoid's H(1 − H),
    a sum, the wrong sign, a transposed ∂L/∂W₁.
    """
    messages = MESSAGES["backward"]
    exercise = "hidden backward"
    for seed in seeds:
        X, H, D2, params, y = _layer_problem(seed)
        result, feedback = attempt(fn, X.copy(), H.copy(), D2.copy(), params[2].copy())
        if feedback is NOT_YET:
            return feedback
        if feedback is not None:
            return Feedback(False, say(messages, "crashed", message=feedback.message))
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return Feedback(False, say(messages, "pair", type=type(result).__name__))
        dW1, db1 = (np.asarray(g, dtype=np.float64) for g in result)
        want_W1, want_b1 = network.gradient(X, y, params)[:2]
        if dW1.shape == want_W1.T.shape and np.allclose(dW1, want_W1.T, rtol=1e-8, atol=1e-12):
            return wrong(exercise, say(messages, "transposed", got=dW1.shape,
                                       shape=want_W1.shape),
                         _backward_hints("transposed"), slip="transposed")
        if dW1.shape != want_W1.shape or db1.shape != want_b1.shape:
            return Feedback(False, say(messages, "shapes", shape_W1=want_W1.shape,
                                       shape_b1=want_b1.shape, got_W1=dW1.shape,
                                       got_b1=db1.shape))
        if not np.allclose(dW1, want_W1, rtol=1e-8, atol=1e-12):
            key = _backward_slip(X, H, D2, params[2], dW1)
            what = (say(messages, "slip", slip=say(messages, key)) if key
                    else say(messages, "other"))
            return wrong(exercise, what, _backward_hints(key or "other"), slip=key or "other")
        if not np.allclose(db1, want_b1, rtol=1e-8, atol=1e-12):
            return wrong(exercise, say(messages, "bias"), _backward_hints("bias"),
                         slip="bias")
    return right(exercise, say(messages, "right"))


NAMES = ("W1", "b1", "W2", "b2")


def zero_start_changes(X, y, hidden=16, lr=1.0, epochs=200):
    """Which of W1, b1, W2, b2 GD changes at all from the all-zero start (a set of names)."""
    X, y = network.validate_data(X, y)
    K = int(y.max()) + 1
    zero = [np.zeros((X.shape[1], hidden)), np.zeros(hidden), np.zeros((hidden, K)),
            np.zeros(K)]
    run = descent.descend(network, X, y, lr=lr, epochs=epochs, params0=zero)
    return {name for name, p in zip(NAMES, run.params) if np.any(p != 0)}


def check_zero_start(answer, X, y):
    """Is ``answer`` the set of parameters that GD moves from an all-zero start?

    The truth is measured here: 200 GD updates from W₁, b₁, W₂, b₂ = 0 on (X, y). The
    answer may be a set, a list or tuple of names, or one name ("b2").
    """
    messages, hints = MESSAGES["zero_start"], HINTS["zero_start"]
    exercise = "zero start"
    example = '{"W1", "b2"}'
    if answer is None:
        return Feedback(False, say(messages, "not_yet", names=example))
    try:
        guess = {answer} if isinstance(answer, str) else {str(a) for a in answer}
    except TypeError:
        return Feedback(False, say(messages, "not_a_set", names=example,
                                   value=repr(answer)))
    unknown = guess - set(NAMES)
    if unknown:
        return Feedback(False, say(messages, "unknown", unknown=sorted(unknown)))
    truth = zero_start_changes(X, y)
    shown = ("{" + ", ".join(f'"{name}"' for name in NAMES if name in truth) + "}" if truth
             else say(messages, "none"))
    if guess == truth:
        return right(exercise, say(messages, "right", shown=shown,
                                   why=say(messages, "why")))
    slip = ("first_layer" if guess & {"W1", "b1"} - truth else
            "W2" if "W2" in guess - truth else "missed" if truth - guess else "b2")
    return wrong(exercise, say(messages, slip,
                               missed=", ".join(sorted(truth - guess))),
                 ladder(hints), slip=slip)


def check_small_network(settings, X, y, X_val, y_val, target=0.95, largest=4,
                        max_updates=5000):
    """Does ``descend(network, X, y, **settings)`` reach ``target`` validation accuracy with
    at most ``largest`` hidden units?

    ``settings`` is a dict with ``hidden``, ``lr``, ``epochs`` and optionally ``seed`` and
    ``batch_size``; the run is made here (at most ``max_updates`` updates, to stay quick).
    """
    messages, hints = MESSAGES["small_network"], HINTS["small_network"]
    exercise = "small network"
    example = "dict(hidden=8, lr=2.0, epochs=1000, seed=0)"
    if settings is None:
        return Feedback(False, say(messages, "not_yet", example=example))
    if not isinstance(settings, dict) or not {"hidden", "lr", "epochs"} <= set(settings):
        return Feedback(False, say(messages, "not_a_dict", example=example))
    unknown = set(settings) - {"hidden", "lr", "epochs", "seed", "batch_size"}
    if unknown:
        return Feedback(False, say(messages, "unknown", unknown=sorted(unknown)))
    batch = settings.get("batch_size") or len(y)
    try:
        updates = int(settings["epochs"]) * descent.minibatches(len(y), int(batch))
    except (TypeError, ValueError) as err:
        return Feedback(False, say(messages, "not_whole", error=err))
    if updates > max_updates:
        return Feedback(False, say(messages, "too_many", updates=updates,
                                   most=max_updates))
    try:
        run = descent.descend(network, X, y, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, say(messages, "refused", error=err))
    if run.diverged:
        return wrong(exercise, say(messages, "diverged", status=run.status),
                     ladder(hints["diverged"]), slip="diverged")
    hits = int(np.sum(network.classify(X_val, run.params) == np.asarray(y_val)))
    needed = int(np.ceil(target * len(y_val) - 1e-9))   # whole points: no round-off at 95 %
    train = np.mean(network.classify(X, run.params) == y)
    h = run.params[0].shape[1]
    numbers = dict(h=h, val=hits / len(y_val), hits=hits, n=len(y_val), train=train,
                   target=target)
    if hits < needed:
        slip = "one" if h == 1 else "below"
        return wrong(exercise, say(messages, "below", **numbers),
                     ladder(hints[slip]), slip=slip)
    if h > largest:
        return wrong(exercise, say(messages, "wide", **numbers),
                     ladder(hints["wide"], largest=largest), slip="wide")
    return right(exercise, say(messages, "right", **numbers))
