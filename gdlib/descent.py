r"""Gradient descent (GD) and minibatch stochastic gradient descent (SGD).

One loop covers both. With θ = {w, b} and learning rate α:

.. math::  \theta^{[t+1]} = \theta^{[t]} - \alpha \nabla \mathcal{L}_{\mathcal{B}}(\theta^{[t]})

where the gradient is taken over a minibatch B of examples. Full-batch GD is
the case B = all n examples. For SGD the n examples are reshuffled every
epoch and cut into k = ceil(n / |B|) minibatches (the last may be smaller);
an epoch is one pass over all k of them. b and every w_j are updated
*simultaneously*: the whole gradient is computed at θ^[t] before any
parameter changes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from . import _validation as v

#: A run is called diverged once its loss is not finite or exceeds BLOWUP · max(L(θ⁰), 1).
#: A healthy run never climbs 100-fold above where it started. Past α_crit the
#: linear neuron's loss grows geometrically and crosses this in a few steps; the
#: logistic and softmax losses have bounded gradients, so theirs grows in
#: proportion to α, and crosses it only for an α hundreds of times too large.
BLOWUP = 100.0


def minibatches(n, batch_size):
    """k = ⌈n / |B|⌉: the minibatches (updates) in one epoch; the last may be smaller."""
    return -(-n // batch_size)


def divergence_limit(initial_loss):
    """The loss above which a run counts as diverged: BLOWUP · max(L(θ⁰), 1)."""
    return BLOWUP * max(initial_loss, 1.0)


@dataclass(frozen=True, eq=False)
class History:
    """What `descend` returns: the final θ, the loss curve and the trajectory.

    ``losses[t]`` is the loss on the full training set after t updates
    (``losses[0]`` is the initial loss), ``examples_seen[t]`` how many examples
    the gradients had used by then, and ``ws[t]``, ``bs[t]`` the parameters
    (``None`` when the run was asked not to keep the trajectory).
    """

    w: np.ndarray
    b: float | np.ndarray
    losses: np.ndarray
    examples_seen: np.ndarray
    ws: np.ndarray | None
    bs: np.ndarray | None
    epochs_run: int
    converged: bool
    diverged: bool
    lr: float
    batch_size: int
    n: int

    @property
    def updates(self) -> int:
        """Number of parameter updates made."""
        return len(self.losses) - 1

    @property
    def epochs_seen(self) -> np.ndarray:
        """Examples seen, in epochs (for plotting the loss against epochs)."""
        return self.examples_seen / self.n

    @property
    def loss_limit(self) -> float:
        """The loss above which this run would count as diverged (``divergence_limit``)."""
        return divergence_limit(self.losses[0])

    @property
    def status(self) -> str:
        """One line for a student: how the run ended."""
        if self.diverged:
            return (f"diverged after {self.updates} updates: the loss rose above "
                    f"{self.loss_limit:.3g} = {BLOWUP:g} · max(L(θ⁰), 1). α = {self.lr:.3g} "
                    f"is too large; lower it.")
        how = "converged (‖∇L‖ < tol)" if self.converged else "stopped"
        return (f"{how} after {self.updates} updates ({self.epochs_run} epochs), "
                f"final loss {self.losses[-1]:.6g}")

    def __repr__(self) -> str:
        return f"History({self.status})"


class _Recorder:
    """Preallocated storage for the loss curve and the trajectory."""

    def __init__(self, max_updates, w, b, loss, keep_trajectory):
        self.t = 0
        self.losses = np.empty(max_updates + 1)
        self.seen = np.zeros(max_updates + 1, dtype=np.int64)
        self.ws = np.empty((max_updates + 1, *np.shape(w))) if keep_trajectory else None
        self.bs = np.empty((max_updates + 1, *np.shape(b))) if keep_trajectory else None
        self.limit = divergence_limit(loss)
        self._store(w, b, loss, 0)

    def _store(self, w, b, loss, seen):
        self.losses[self.t], self.seen[self.t] = loss, seen
        if self.ws is not None:
            self.ws[self.t], self.bs[self.t] = w, b

    def add(self, w, b, loss, batch):
        """Record one update; return True if the run has diverged."""
        self.t += 1
        self._store(w, b, loss, self.seen[self.t - 1] + batch)
        return not (loss <= self.limit)  # also True for NaN

    def history(self, w, b, **info):
        keep = slice(0, self.t + 1)
        return History(w=w, b=b, losses=self.losses[keep], examples_seen=self.seen[keep],
                       ws=None if self.ws is None else self.ws[keep],
                       bs=None if self.bs is None else self.bs[keep], **info)


def _grad_norm(gw, gb):
    """‖∇L‖ over all of θ = {w, b}."""
    return math.sqrt(float(np.sum(gw * gw) + np.sum(np.square(gb))))


def _check_model(model):
    needed = ("logits", "loss_from_logits", "gradient_from_logits",
              "loss_and_gradient_from_logits", "check_all", "check_data", "init_params")
    if not isinstance(model, ModuleType) or not all(hasattr(model, a) for a in needed):
        raise TypeError(f"model must be one of the gdlib models (gdlib.linear, "
                        f"gdlib.logistic, gdlib.softmax), got {model!r}.")
    return model


def _start(model, X, y, w0, b0, rng):
    """Checked data and starting θ: random (from the seed) unless w0/b0 are given."""
    X, y = model.check_data(X, y)
    w, b = model.init_params(X, y, rng)   # the lecture's "asignar valores aleatorios"
    w = w if w0 is None else w0
    b = b if b0 is None else b0
    return model.check_all(X, y, w, b)


def descend(model, X, y, *, lr, epochs, batch_size=None, seed=0, w0=None, b0=None,
            tol=None, trajectory=True):
    """Minimise ``model``'s loss on (X, y) by GD (``batch_size=None``) or minibatch SGD.

    Parameters
    ----------
    model : module
        ``gdlib.linear``, ``gdlib.logistic`` or ``gdlib.softmax``.
    X, y : arrays
        Features of shape (n, d) and targets / labels of shape (n,).
    lr : float
        The learning rate α > 0.
    epochs : int
        Passes over the data (for GD one epoch is one update).
    batch_size : int or None
        |B|, from 1 to n. ``None`` (or n) is full-batch GD.
    seed : int
        Seeds the random start and the shuffles: same seed, same run.
    w0, b0 : arrays, optional
        Starting parameters (otherwise drawn at random from the seed).
    tol : float, optional
        "Repeat until it converges": stop once ‖∇L(θ)‖ on the full training set
        is below ``tol`` (checked every update for GD, every epoch for SGD).
    trajectory : bool
        Keep θ after every update in ``History.ws`` / ``History.bs``.

    Returns
    -------
    History
        Final ``w`` and ``b``, ``losses``, the trajectory, ``epochs_run``,
        ``converged`` and ``diverged``. A diverging run stops early with
        ``diverged=True`` and no warnings.
    """
    model = _check_model(model)
    lr = v.check_positive(lr, "lr", "the learning rate α must be positive, e.g. lr=0.1.")
    epochs = v.check_int(epochs, "epochs", 1, hint="Pass epochs >= 1, e.g. epochs=50.")
    seed = v.check_int(seed, "seed", 0, hint="Pass a non-negative integer seed, e.g. seed=0.")
    if tol is not None:
        tol = v.check_positive(tol, "tol", "pass a small positive tolerance, e.g. tol=1e-6.")
    rng = np.random.default_rng(seed)
    X, y, w, b = _start(model, X, y, w0, b0, rng)
    n = X.shape[0]
    if batch_size is not None:
        batch_size = v.check_int(batch_size, "batch_size", 1, n,
                                 hint=f"|B| goes from 1 to n = {n}; None means full batch.")
    loop = _full_batch if batch_size in (None, n) else _minibatch
    with np.errstate(all="ignore"):  # overflow is reported as divergence instead
        w, b, rec, info = loop(model, X, y, w, b, lr, epochs, batch_size or n, tol, rng,
                               trajectory)
    return rec.history(w, b, lr=lr, batch_size=batch_size or n, n=n, **info)


def _full_batch(model, X, y, w, b, lr, epochs, batch_size, tol, rng, trajectory):
    """GD: one forward pass per update gives both L(θ) for the history and ∇L(θ)."""
    loss, (gw, gb) = model.loss_and_gradient_from_logits(X, model.logits(X, w, b), y)
    rec = _Recorder(epochs, w, b, loss, trajectory)
    converged = diverged = False
    epoch = 0
    while epoch < epochs and not diverged:
        if tol is not None and _grad_norm(gw, gb) < tol:
            converged = True
            break
        w, b = w - lr * gw, b - lr * gb           # simultaneous update of b and every w_j
        loss, (gw, gb) = model.loss_and_gradient_from_logits(X, model.logits(X, w, b), y)
        diverged = rec.add(w, b, loss, len(y))
        epoch += 1
    if tol is not None and not (converged or diverged):
        converged = _grad_norm(gw, gb) < tol
    return w, b, rec, dict(epochs_run=epoch, converged=converged, diverged=diverged)


def _minibatch(model, X, y, w, b, lr, epochs, batch_size, tol, rng, trajectory):
    """SGD: reshuffle every epoch, then k = ceil(n/|B|) updates on consecutive slices."""
    n = len(y)
    k = minibatches(n, batch_size)
    rec = _Recorder(epochs * k, w, b, model.loss_from_logits(model.logits(X, w, b), y),
                    trajectory)
    converged = diverged = False
    epoch = 0
    while epoch < epochs and not (converged or diverged):
        order = rng.permutation(n)
        Xs, ys = X[order], y[order]               # one copy per epoch; minibatches are views
        epoch += 1
        for start in range(0, n, batch_size):
            XB, yB = Xs[start:start + batch_size], ys[start:start + batch_size]
            gw, gb = model.gradient_from_logits(XB, model.logits(XB, w, b), yB)
            w, b = w - lr * gw, b - lr * gb       # simultaneous update of b and every w_j
            z = model.logits(X, w, b)
            diverged = rec.add(w, b, model.loss_from_logits(z, y), len(yB))
            if diverged:
                break
        if tol is not None and not diverged:
            converged = _grad_norm(*model.gradient_from_logits(X, z, y)) < tol
    return w, b, rec, dict(epochs_run=epoch, converged=converged, diverged=diverged)
