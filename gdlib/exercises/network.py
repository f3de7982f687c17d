"""Exercises of notebook 08: the backward pass of the hidden layer, the all-zero start, and the
smallest network that does the job."""
from __future__ import annotations

import numpy as np

from .. import descent, network, softmax
from ..i18n import N_, _
from .feedback import NOT_YET, Feedback, attempt, ladder, right, say, wrong

BACKWARD_MESSAGES = {
    "right": N_("correct: your backward pass gives gdlib.network.gradient's ∂L/∂W₁ and ∂L/∂b₁ "
                "on three random networks."),
    "crashed": N_("{message}. The shapes: X (n, d), H (n, h), D2 (n, K), W2 (h, K)."),
    "pair": N_("return a pair, e.g. `return dW1, db1`; got {type}."),
    "transposed": N_("your ∂L/∂W₁ is transposed: shape {got} where W₁ has {shape}."),
    "shapes": N_("dW1 should have the shape of W₁ {shape_W1} and db1 that of b₁ {shape_b1}; got "
                 "{got_W1} and {got_b1}. Hint: Δ₂ is (n, K) and W₂ is (h, K), so the error "
                 "reaches the hidden units as Δ₂ W₂ᵀ, of shape (n, h)."),
    "slip": N_("∂L/∂W₁ is not right yet: {slip}."),
    "other": N_("∂L/∂W₁ is not right yet."),
    "bias": N_("∂L/∂W₁ is right, ∂L/∂b₁ not yet."),
    # the slips in ∂L/∂W₁ (``_backward_slip``), put into "slip"
    "no_tanh": N_("you left out tanh′: Δ₂W₂ᵀ must be multiplied by tanh′ element by element"),
    "one_minus_H": N_("tanh′(a) is 1 − tanh²(a) = 1 − H², not 1 − H"),
    "tanh_twice": N_("you applied tanh twice: 1 − tanh²(H), where H is already a tanh"),
    "sigmoid": N_("H(1 − H) is the sigmoid's derivative, not tanh's"),
    "sum": N_("you summed over the examples: divide by n"),
    "sign": N_("your gradient has the wrong sign: it points downhill"),
}

BACKWARD_HINT = N_("Δ₁ = (Δ₂ W₂ᵀ) ⊙ (1 − H²), then ∂L/∂W₁ = XᵀΔ₁ / n and ∂L/∂b₁ = the mean "
                   "of the rows of Δ₁.")

#: The hint ladder of each slip in the backward pass (the last rung is BACKWARD_HINT).
BACKWARD_HINTS = {
    "no_tanh": [N_("between W₂ and W₁ the error passes through tanh: the chain rule "
                   "multiplies by its derivative.")],
    "one_minus_H": [N_("tanh′(a) = 1 − tanh²(a), and tanh(a) is H itself.")],
    "tanh_twice": [N_("H is already tanh(A): tanh′(A) = 1 − tanh²(A) = 1 − H², with no "
                      "second tanh.")],
    "sigmoid": [N_("H(1 − H) is the sigmoid's derivative σ(1 − σ); the hidden layer is "
                   "tanh, whose derivative is 1 − tanh².")],
    "sum": [N_("gdlib's loss is a mean over the n examples, so each gradient is too.")],
    "sign": [N_("Δ₂ = Ŷ − Y is already the direction uphill: no minus sign goes in.")],
    "transposed": [N_("∂L/∂W₁ has W₁'s shape (d, h): X (n, d) goes on the left, "
                      "transposed, and Δ₁ (n, h) on the right.")],
    "bias": [N_("∂L/∂b₁ is Δ₁ averaged over the examples, one number per hidden unit.")],
    "other": [N_("go back one step at a time: through W₂ (Δ₂W₂ᵀ), through tanh (its "
                 "derivative, element by element), then to W₁ (Xᵀ·)/n.")],
}

ZERO_START_MESSAGES = {
    "not_yet": N_("not attempted yet: replace `None` with your prediction, a set of names such "
                  "as {names}, then run this cell again."),
    "not_a_set": N_("write a set of names, e.g. {names}; got {value}."),
    "unknown": N_("{unknown} are not parameter names: use \"W1\", \"b1\", \"W2\", \"b2\"."),
    "why": N_("with W₁ = 0 and b₁ = 0 every hidden unit outputs tanh(0) = 0, so ∂L/∂W₂ = HᵀΔ₂/n "
              "= 0; with W₂ = 0 no error reaches the hidden layer (Δ₂W₂ᵀ = 0), so ∂L/∂W₁ = "
              "∂L/∂b₁ = 0. Only b₂ can learn (the class shares), and the border never "
              "appears."),
    "none": N_("set() (none)"),
    "right": N_("correct: GD changes exactly {shown}. Why: {why}"),
    "first_layer": N_("not quite: W₁ and b₁ stay at zero. Run the verification cell below and "
                      "look at which arrays are still zero."),
    "W2": N_("not quite: W₂ stays at zero. Run the verification cell below and look at which "
             "arrays are still zero."),
    "missed": N_("not quite: {missed} does move. Run the verification cell below and look at "
                 "which arrays are still zero."),
    "b2": N_("not quite: on these data b₂ stays at zero too (the two classes are equally many, "
             "and Ŷ = ½ is already their best share). Run the verification cell below."),
}

ZERO_START_HINTS = [N_("at the start H = tanh(XW₁ + b₁) = ?, and backpropagation multiplies "
                        "the output error Δ₂ by W₂ᵀ = ?"),
                     N_("∂L/∂W₂ = HᵀΔ₂/n needs H ≠ 0, ∂L/∂W₁ and ∂L/∂b₁ need Δ₂W₂ᵀ ≠ 0, and "
                        "∂L/∂b₂ is the mean of the rows of Δ₂ = Ŷ − Y.")]

SMALL_NETWORK_MESSAGES = {
    "not_yet": N_("not attempted yet: replace `None` with a dict of settings, e.g. {example}, "
                  "then run this cell again."),
    "not_a_dict": N_("settings must be a dict with at least hidden, lr and epochs, e.g. "
                     "{example}."),
    "unknown": N_("unknown settings {unknown}: use hidden, lr, epochs, seed and batch_size."),
    "not_whole": N_("epochs and batch_size must be whole numbers ({error})."),
    "too_many": N_("these settings make {updates} updates; keep it to {most} (fewer epochs, or "
                   "a larger |B|)."),
    "refused": N_("gdlib.descend refused these settings: {error}"),
    "diverged": N_("the run diverged: {status}"),
    "below": N_("h = {h} gives validation accuracy {val:.1%} ({hits} of {n}; training "
                "{train:.1%}), below the target {target:.0%}."),
    "wide": N_("h = {h} gives validation accuracy {val:.1%} (training {train:.1%}): the target "
               "is met, now shrink the network."),
    "right": N_("h = {h} gives validation accuracy {val:.1%} (training {train:.1%}) ≥ "
                "{target:.0%}. One hidden unit cannot bend the border (it is a level set of "
                "tanh(w₁ᵀx + b₁), a straight line); {h} can."),
}

SMALL_NETWORK_HINTS = {
    "diverged": [N_("α is too large for this network: try a smaller one.")],
    "one": [N_("one tanh unit gives a straight border, whatever α and the epochs: the moons "
               "need a bend."),
            N_("try h = 2 or 3, with enough epochs for the border to bend.")],
    "below": [N_("train longer, or try another α: is the training accuracy still rising?"),
              N_("the start matters now: another seed can end in a better minimum.")],
    "wide": [N_("can you meet it with h ≤ {largest}?")],
}


def _backward_hints(key):
    return ladder(BACKWARD_HINTS[key]) + [_(BACKWARD_HINT)]


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
    exercise = "hidden backward"
    for seed in seeds:
        X, H, D2, params, y = _layer_problem(seed)
        result, feedback = attempt(fn, X.copy(), H.copy(), D2.copy(), params[2].copy())
        if feedback is NOT_YET:
            return feedback
        if feedback is not None:
            return Feedback(False, say(BACKWARD_MESSAGES, "crashed", message=feedback.message))
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return Feedback(False, say(BACKWARD_MESSAGES, "pair", type=type(result).__name__))
        dW1, db1 = (np.asarray(g, dtype=np.float64) for g in result)
        want_W1, want_b1 = network.gradient(X, y, params)[:2]
        if dW1.shape == want_W1.T.shape and np.allclose(dW1, want_W1.T, rtol=1e-8, atol=1e-12):
            return wrong(exercise, say(BACKWARD_MESSAGES, "transposed", got=dW1.shape,
                                       shape=want_W1.shape),
                         _backward_hints("transposed"), slip="transposed")
        if dW1.shape != want_W1.shape or db1.shape != want_b1.shape:
            return Feedback(False, say(BACKWARD_MESSAGES, "shapes", shape_W1=want_W1.shape,
                                       shape_b1=want_b1.shape, got_W1=dW1.shape,
                                       got_b1=db1.shape))
        if not np.allclose(dW1, want_W1, rtol=1e-8, atol=1e-12):
            key = _backward_slip(X, H, D2, params[2], dW1)
            what = (say(BACKWARD_MESSAGES, "slip", slip=say(BACKWARD_MESSAGES, key)) if key
                    else say(BACKWARD_MESSAGES, "other"))
            return wrong(exercise, what, _backward_hints(key or "other"), slip=key or "other")
        if not np.allclose(db1, want_b1, rtol=1e-8, atol=1e-12):
            return wrong(exercise, say(BACKWARD_MESSAGES, "bias"), _backward_hints("bias"),
                         slip="bias")
    return right(exercise, say(BACKWARD_MESSAGES, "right"))


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

    The truth is measured here: 200 GD updates from W₁, b₁, W₂, b₂ = 0 on (X, y). The
    answer may be a set, a list or tuple of names, or one name ("b2").
    """
    exercise = "zero start"
    example = '{"W1", "b2"}'
    if answer is None:
        return Feedback(False, say(ZERO_START_MESSAGES, "not_yet", names=example))
    try:
        guess = {answer} if isinstance(answer, str) else {str(a) for a in answer}
    except TypeError:
        return Feedback(False, say(ZERO_START_MESSAGES, "not_a_set", names=example,
                                   value=repr(answer)))
    unknown = guess - set(NAMES)
    if unknown:
        return Feedback(False, say(ZERO_START_MESSAGES, "unknown", unknown=sorted(unknown)))
    truth = zero_start_changes(X, y)
    shown = ("{" + ", ".join(f'"{name}"' for name in NAMES if name in truth) + "}" if truth
             else say(ZERO_START_MESSAGES, "none"))
    if guess == truth:
        return right(exercise, say(ZERO_START_MESSAGES, "right", shown=shown,
                                   why=say(ZERO_START_MESSAGES, "why")))
    slip = ("first_layer" if guess & {"W1", "b1"} - truth else
            "W2" if "W2" in guess - truth else "missed" if truth - guess else "b2")
    return wrong(exercise, say(ZERO_START_MESSAGES, slip,
                               missed=", ".join(sorted(truth - guess))),
                 ladder(ZERO_START_HINTS), slip=slip)


def check_small_network(settings, X, y, X_val, y_val, target=0.95, largest=4,
                        max_updates=5000):
    """Does ``descend(network, X, y, **settings)`` reach ``target`` validation accuracy with
    at most ``largest`` hidden units?

    ``settings`` is a dict with ``hidden``, ``lr``, ``epochs`` and optionally ``seed`` and
    ``batch_size``; the run is made here (at most ``max_updates`` updates, to stay quick).
    """
    exercise = "small network"
    example = "dict(hidden=8, lr=2.0, epochs=1000, seed=0)"
    if settings is None:
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "not_yet", example=example))
    if not isinstance(settings, dict) or not {"hidden", "lr", "epochs"} <= set(settings):
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "not_a_dict", example=example))
    unknown = set(settings) - {"hidden", "lr", "epochs", "seed", "batch_size"}
    if unknown:
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "unknown", unknown=sorted(unknown)))
    batch = settings.get("batch_size") or len(y)
    try:
        updates = int(settings["epochs"]) * descent.minibatches(len(y), int(batch))
    except (TypeError, ValueError) as err:
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "not_whole", error=err))
    if updates > max_updates:
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "too_many", updates=updates,
                                   most=max_updates))
    try:
        run = descent.descend(network, X, y, trajectory=False, **settings)
    except (TypeError, ValueError) as err:
        return Feedback(False, say(SMALL_NETWORK_MESSAGES, "refused", error=err))
    if run.diverged:
        return wrong(exercise, say(SMALL_NETWORK_MESSAGES, "diverged", status=run.status),
                     ladder(SMALL_NETWORK_HINTS["diverged"]), slip="diverged")
    hits = int(np.sum(network.classify(X_val, run.params) == np.asarray(y_val)))
    needed = int(np.ceil(target * len(y_val) - 1e-9))   # whole points: no round-off at 95 %
    train = np.mean(network.classify(X, run.params) == y)
    h = run.params[0].shape[1]
    numbers = dict(h=h, val=hits / len(y_val), hits=hits, n=len(y_val), train=train,
                   target=target)
    if hits < needed:
        slip = "one" if h == 1 else "below"
        return wrong(exercise, say(SMALL_NETWORK_MESSAGES, "below", **numbers),
                     ladder(SMALL_NETWORK_HINTS[slip]), slip=slip)
    if h > largest:
        return wrong(exercise, say(SMALL_NETWORK_MESSAGES, "wide", **numbers),
                     ladder(SMALL_NETWORK_HINTS["wide"], largest=largest), slip="wide")
    return right(exercise, say(SMALL_NETWORK_MESSAGES, "right", **numbers))
