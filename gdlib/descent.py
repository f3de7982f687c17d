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

import numpy as np

from . import _validation
from . import optimizers
from .i18n import _, ngettext
from .model import validate_model, validate_options

#: A run is called diverged once its loss is not finite or exceeds BLOWUP · max(L(θ⁰), 1).
#: A healthy run never climbs 100-fold above where it started. Past α_crit the
#: linear neuron's loss grows geometrically and crosses this in a few steps; the
#: logistic and softmax losses have bounded gradients, so theirs grows in
#: proportion to α, and crosses it only for an α hundreds of times too large.
BLOWUP = 100.0


def minibatches(n, batch_size):
    """k = ⌈n / |B|⌉: the minibatches (updates) in one epoch; the last may be smaller."""
    return -(-n // batch_size)


def count_updates(n):
    """'1 update', '{n} updates', as a student reads it."""
    return ngettext("{n} update", "{n} updates", n).format(n=n)


def count_epochs(n):
    """'1 epoch', '{n} epochs', as ``count_updates``."""
    return ngettext("{n} epoch", "{n} epochs", n).format(n=n)


def divergence_limit(initial_loss):
    """The loss above which a run counts as diverged: BLOWUP · max(L(θ⁰), 1)."""
    return BLOWUP * max(initial_loss, 1.0)


@dataclass(frozen=True, eq=False)
class History:
    """What `descend` returns: the final θ, the loss curve and the trajectory.

    ``params`` is the final θ as a list, in the model's order (``gdlib.model.Model``):
    ``[w, b]`` for a neuron, ``[W1, b1, W2, b2]`` for ``gdlib.network``.
    ``losses[t]`` is the loss on the full training set after t updates
    (``losses[0]`` is the initial loss), ``examples_seen[t]`` how many examples
    the gradients had used by then, ``alphas[t]`` the learning rate α_t of update
    t + 1, and ``trajectory[i][t]`` the parameter ``params[i]`` after t updates
    (``None`` when the run was asked not to keep it).

    ``w``, ``b``, ``ws`` and ``bs`` are the neuron's names for ``params[0]``,
    ``params[1]``, ``trajectory[0]`` and ``trajectory[1]``. They only mean w and b for
    a neuron: for a network they are the hidden layer's W₁ and b₁ (the output layer's
    W₂ and b₂ are ``params[2]`` and ``params[3]``), so read a network's run through
    ``params`` and ``trajectory``, which name all four in order.
    """

    params: list
    losses: np.ndarray
    examples_seen: np.ndarray
    alphas: np.ndarray
    trajectory: list | None
    epochs_run: int
    converged: bool
    diverged: bool
    lr: object
    batch_size: int
    n: int
    optimizer: object = None

    @property
    def w(self):
        """The neuron's final weights w, ``params[0]`` (W₁ for a network: use ``params``)."""
        return self.params[0]

    @property
    def b(self):
        """The neuron's final bias b, ``params[1]`` (b₁ for a network: use ``params``)."""
        return self.params[1]

    @property
    def ws(self):
        """w after every update, shape (updates + 1, *w.shape): ``trajectory[0]`` (W₁ for
        a network: use ``trajectory``)."""
        return None if self.trajectory is None else self.trajectory[0]

    @property
    def bs(self):
        """b after every update, shape (updates + 1, *b.shape): ``trajectory[1]`` (b₁ for
        a network: use ``trajectory``)."""
        return None if self.trajectory is None else self.trajectory[1]

    @property
    def updates(self) -> int:
        """Number of parameter updates made."""
        return len(self.losses) - 1

    @property
    def epochs_seen(self) -> np.ndarray:
        """Examples seen, in epochs (for plotting the loss against epochs)."""
        return self.examples_seen / self.n

    def loss_after(self, epochs):
        """L(θ) after ``epochs`` epochs' worth of examples seen (a number or an array).

        That is the loss after the last update whose examples fit in the budget of
        ``epochs · n`` examples (``losses[0]`` when not even one update does): how far a
        run got for a given compute, to compare GD and SGD at equal cost.
        """
        budget = np.asarray(epochs, dtype=float) * self.n * (1 + 1e-12)   # 0.1 · 4000 = 400
        return self.losses[np.searchsorted(self.examples_seen, budget, side="right") - 1]

    @property
    def loss_limit(self) -> float:
        """The loss above which this run would count as diverged (``divergence_limit``)."""
        return divergence_limit(self.losses[0])

    @property
    def alpha_text(self) -> str:
        """α as a student reads it: 'α = 0.1', or the last α_t of a schedule."""
        if callable(self.lr) and len(self.alphas):
            return _("the schedule's α_t (α = {alpha} at the last update)").format(
                alpha=f"{self.alphas[-1]:.3g}")
        return f"α = {self.alphas[0] if len(self.alphas) else self.lr:.3g}"

    @property
    def status(self) -> str:
        """One line for a student: how the run ended."""
        updates = count_updates(self.updates)
        if self.diverged:
            return _("diverged after {updates}: the loss rose above {limit} = {blowup} · "
                     "max(L(θ⁰), 1). {alpha} is too large; lower it.").format(
                updates=updates, limit=f"{self.loss_limit:.3g}", blowup=f"{BLOWUP:g}",
                alpha=self.alpha_text)
        if self.converged and getattr(self.optimizer, "weight_decay", 0):
            text = _("converged (‖∇(L + (λ/2)‖w‖²)‖ < tol, with weight decay λ) after "
                     "{updates} ({epochs}), final loss L = {loss}")
        elif self.converged:
            text = _("converged (‖∇L‖ < tol) after {updates} ({epochs}), final loss {loss}")
        else:
            text = _("stopped after {updates} ({epochs}), final loss {loss}")
        return text.format(updates=updates, epochs=count_epochs(self.epochs_run),
                           loss=f"{self.losses[-1]:.6g}")

    def __repr__(self) -> str:
        return f"History({self.status})"


class _Recorder:
    """Preallocated storage for the loss curve, the α_t and the trajectory."""

    def __init__(self, max_updates, params, loss, keep_trajectory):
        self.t = 0
        self.losses = np.empty(max_updates + 1)
        self.alphas = np.empty(max_updates)
        self.seen = np.zeros(max_updates + 1, dtype=np.int64)
        self.trajectory = ([np.empty((max_updates + 1, *np.shape(p))) for p in params]
                           if keep_trajectory else None)
        self.limit = divergence_limit(loss)
        self._store(params, loss, 0)

    def _store(self, params, loss, seen):
        self.losses[self.t], self.seen[self.t] = loss, seen
        if self.trajectory is not None:
            for path, p in zip(self.trajectory, params):
                path[self.t] = p

    def add(self, params, loss, batch, alpha):
        """Record one update; return True if the run has diverged."""
        self.alphas[self.t] = alpha
        self.t += 1
        self._store(params, loss, self.seen[self.t - 1] + batch)
        return not (loss <= self.limit)  # also True for NaN

    def history(self, params, **info):
        keep = slice(0, self.t + 1)
        trajectory = (None if self.trajectory is None
                      else [path[keep] for path in self.trajectory])
        return History(params=params, losses=self.losses[keep], examples_seen=self.seen[keep],
                       alphas=self.alphas[:self.t], trajectory=trajectory, **info)


def _grad_norm(grads):
    """‖∇L‖ over all of θ (every w_j and b)."""
    return math.sqrt(sum(float(np.sum(np.square(g))) for g in grads))


def _objective_grad_norm(optimizer, params, grads, weights):
    """‖∇(L + (λ/2)‖w‖²)‖, the optimizer's λ (‖∇L‖ when it has no weight decay)."""
    return _grad_norm(optimizers.penalised_gradient(optimizer, params, grads, weights))


def _start(model, X, y, w0, b0, params0, rng, options):
    """Checked data and starting θ: random (from the seed) unless given."""
    X, y = model.validate_data(X, y)
    params = list(model.init_params(X, y, rng, **options))  # "asignar valores aleatorios"
    if params0 is not None:
        if w0 is not None or b0 is not None:
            raise TypeError(_("pass the start either as params0=[...] or as w0=, b0=, not "
                              "both."))
        if not isinstance(params0, (list, tuple)) or len(params0) != len(params):
            raise ValueError(_("params0 must be a list of {k} arrays, like History.params "
                               "for {model}.").format(k=len(params), model=model.__name__))
        params = list(params0)
    if w0 is not None:
        params[0] = w0
    if b0 is not None:
        params[1] = b0
    X, y, *params = model.validate_all(X, y, *params)
    return X, y, params


def shuffles(model, X, y, *, epochs, seed=0, **options):
    """The order in which SGD visits the examples in each epoch of ``descend`` with this
    ``seed``: numpy's shuffle of every epoch, shape (epochs, n). The explorers send it to
    the browser, which replays the same minibatches."""
    rng = np.random.default_rng(seed)
    X, y = model.validate_data(X, y)
    model.init_params(X, y, rng, **validate_options(model, options))  # the start draws first
    return np.stack([_shuffle(rng, len(y)) for _ in range(epochs)])


def _shuffle(rng, n):
    """One epoch's order of the n examples."""
    return rng.permutation(n)


def learning_rate(lr, t):
    """α_t for update t (0-based): ``lr`` itself, or ``lr(t)`` for a schedule."""
    if not callable(lr):
        return lr
    alpha = lr(t)
    try:
        ok = math.isfinite(alpha) and alpha > 0
    except TypeError:
        ok = False
    if not ok:
        raise ValueError(_("the learning-rate schedule gave α_t = {alpha} at update t = {t}: "
                           "a schedule must return a positive, finite number for every "
                           "t.").format(alpha=repr(alpha), t=t))
    return float(alpha)


def _validate_lr(lr):
    if callable(lr):
        return lr
    if isinstance(lr, (list, tuple, np.ndarray)):
        raise TypeError(_("lr must be a number α > 0 or a schedule, a function t ↦ α_t "
                          "(see gdlib.schedules); got a sequence."))
    return _validation.validate_positive(lr, "lr", _(
        "the learning rate α must be positive, e.g. lr=0.1, or a schedule t ↦ α_t from "
        "gdlib.schedules."))


def descend(model, X, y, *, lr, epochs, batch_size=None, seed=0, w0=None, b0=None,
            params0=None, tol=None, trajectory=True, optimizer=None, **options):
    """Minimise ``model``'s loss on (X, y) by GD (``batch_size=None``) or minibatch SGD.

    Parameters
    ----------
    model : module
        ``gdlib.linear``, ``gdlib.logistic``, ``gdlib.softmax`` or ``gdlib.network``
        (what ``descend`` needs of a model is ``gdlib.model.Model``).
    X, y : arrays
        Features of shape (n, d) and targets / labels of shape (n,).
    lr : float or callable
        The learning rate α > 0, or a schedule t ↦ α_t of the 0-based update t
        (``gdlib.schedules``).
    epochs : int
        Passes over the data (for GD one epoch is one update).
    batch_size : int or None
        |B|, from 1 to n. ``None`` (or n) is full-batch GD.
    seed : int
        Seeds the random start and the shuffles: same seed, same run.
    w0, b0 : arrays, optional
        Starting w and b (otherwise drawn at random from the seed).
    params0 : list of arrays, optional
        The whole starting θ as a list, like ``History.params``.
    tol : float, optional
        "Repeat until it converges": stop once ‖∇L(θ)‖ on the full training set
        is below ``tol`` (checked every update for GD, every epoch for SGD). With
        weight decay λ > 0 it is the gradient of L + (λ/2)‖w‖², the objective
        that has a minimiser.
    trajectory : bool
        Keep θ after every update in ``History.trajectory`` (a neuron's ``ws`` / ``bs``).
    optimizer : optional
        ``None`` for plain (S)GD, θ ← θ − α∇L, or one of ``gdlib.optimizers``
        (their ``weight_decay`` acts on the model's weights, ``model.WEIGHTS``, not
        on its biases).
    **options
        Options of the model's random start, e.g. ``hidden=16`` for ``gdlib.network``.

    Returns
    -------
    History
        Final ``params`` (``w``, ``b``), ``losses`` (the data loss L, without the
        weight-decay penalty), ``alphas``, the trajectory,
        ``epochs_run``, ``converged`` and ``diverged``. A diverging run stops early
        with ``diverged=True`` and no warnings.
    """
    model = validate_model(model)
    options = validate_options(model, options)
    lr = _validate_lr(lr)
    optimizer = optimizers.validate_optimizer(optimizer)
    epochs = _validation.validate_int(epochs, "epochs", 1,
                                      hint=_("Pass epochs >= 1, e.g. epochs=50."))
    seed = _validation.validate_int(seed, "seed", 0,
                                    hint=_("Pass a non-negative integer seed, e.g. seed=0."))
    if tol is not None:
        tol = _validation.validate_positive(
            tol, "tol", _("pass a small positive tolerance, e.g. tol=1e-6."))
    rng = np.random.default_rng(seed)
    X, y, params = _start(model, X, y, w0, b0, params0, rng, options)
    n = X.shape[0]
    if batch_size is not None:
        batch_size = _validation.validate_int(batch_size, "batch_size", 1, n,
                                              hint=_("|B| goes from 1 to n = {n}; None means full "
                                                     "batch.").format(n=n))
    loop = _full_batch if batch_size in (None, n) else _minibatch
    with np.errstate(all="ignore"):  # overflow is reported as divergence instead
        params, rec, info = loop(model, X, y, params, lr, optimizer, epochs, batch_size or n,
                                 tol, rng, trajectory)
    return rec.history(params, lr=lr, batch_size=batch_size or n, n=n, optimizer=optimizer,
                       **info)


def _full_batch(model, X, y, params, lr, optimizer, epochs, batch_size, tol, rng, trajectory):
    """GD: one forward pass per update gives both L(θ) for the history and ∇L(θ)."""
    loss, grads = model._loss_and_gradient_unchecked(X, y, params)
    rec = _Recorder(epochs, params, loss, trajectory)
    state = optimizer.init(params)
    weights = model.WEIGHTS
    converged = diverged = False
    t = 0
    while t < epochs and not diverged:
        if tol is not None and _objective_grad_norm(optimizer, params, grads, weights) < tol:
            converged = True
            break
        alpha = learning_rate(lr, t)
        # the simultaneous update of b and every w_j
        params, state = optimizer.step(params, grads, alpha, state, t + 1, weights=weights)
        loss, grads = model._loss_and_gradient_unchecked(X, y, params)
        diverged = rec.add(params, loss, len(y), alpha)
        t += 1
    if tol is not None and not (converged or diverged):
        converged = _objective_grad_norm(optimizer, params, grads, weights) < tol
    return params, rec, dict(epochs_run=t, converged=converged, diverged=diverged)


def _minibatch(model, X, y, params, lr, optimizer, epochs, batch_size, tol, rng, trajectory):
    """SGD: reshuffle every epoch, then k = ceil(n/|B|) updates on consecutive slices."""
    n = len(y)
    rec = _Recorder(epochs * minibatches(n, batch_size), params,
                    model._loss_unchecked(X, y, params), trajectory)
    state = optimizer.init(params)
    weights = model.WEIGHTS
    converged = diverged = False
    epoch = t = 0
    while epoch < epochs and not (converged or diverged):
        order = _shuffle(rng, n)
        Xs, ys = X[order], y[order]               # one copy per epoch; minibatches are views
        epoch += 1
        for start in range(0, n, batch_size):
            XB, yB = Xs[start:start + batch_size], ys[start:start + batch_size]
            grads = model._gradient_unchecked(XB, yB, params)
            alpha = learning_rate(lr, t)
            # the simultaneous update of b and every w_j
            params, state = optimizer.step(params, grads, alpha, state, t + 1, weights=weights)
            t += 1
            diverged = rec.add(params, model._loss_unchecked(X, y, params), len(yB), alpha)
            if diverged:
                break
        if tol is not None and not diverged:
            converged = _objective_grad_norm(optimizer, params,
                                             model._gradient_unchecked(X, y, params),
                                             weights) < tol
    return params, rec, dict(epochs_run=epoch, converged=converged, diverged=diverged)
