r"""The learning-rate range test ("LR finder", as in fast.ai's ``lr_find``).

One short run in which α grows geometrically, from tiny to far too large:

.. math::  \alpha_t = \alpha_{\text{start}} \, (\alpha_{\text{end}} / \alpha_{\text{start}})^{t/(T-1)}, \quad t = 0, …, T-1.

At first α is too small and the loss hardly moves; then it falls, fastest at
some α; then the steps get too large and the loss blows up. Plotted against α
(log axis), the curve says which α to train with: the one where the loss falls
fastest, well below the one where it blows up. One run of T updates replaces a
search over many runs (its answer is approximate: every α was used only briefly,
and from wherever the smaller ones had left θ).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validation
from . import descent, schedules
from .i18n import _, ngettext
from .model import validate_model

#: The loss "blows up" once it is this many times its lowest value so far.
BLOWUP_FACTOR = 4.0


@dataclass(frozen=True, eq=False)
class RangeTest:
    """What ``lr_range_test`` found: α_t and the loss after each update, and its reading."""

    alphas: np.ndarray      # α_t of update t
    losses: np.ndarray      # the loss on the training set after update t
    steepest: float         # where the (smoothed) loss falls fastest against log α
    blowup: float | None    # the first α past the minimum with loss > BLOWUP_FACTOR · min
    history: descent.History

    @property
    def suggestion(self) -> float:
        """The α to train with: where the loss falls fastest."""
        return self.steepest

    @property
    def message(self) -> str:
        """What the test suggests, and why, in one paragraph."""
        best = int(np.argmin(self.losses))
        if self.blowup is None:
            text = _("the loss falls fastest at α ≈ {steepest}, its lowest point is at "
                     "α ≈ {lowest}, and it never blew up up to α = {last} (raise alpha_end to "
                     "find the limit). Suggestion: α ≈ {steepest}, where the loss falls "
                     "fastest: large steps that still make progress, safely below the "
                     "blow-up.")
        else:
            text = _("the loss falls fastest at α ≈ {steepest}, its lowest point is at "
                     "α ≈ {lowest}, and it blows up past α ≈ {blowup} (more than {factor}× its "
                     "lowest value). Suggestion: α ≈ {steepest}, where the loss falls "
                     "fastest: large steps that still make progress, safely below the "
                     "blow-up.")
        return text.format(steepest=f"{self.steepest:.2g}", lowest=f"{self.alphas[best]:.2g}",
                           last=f"{self.alphas[-1]:.2g}",
                           blowup=None if self.blowup is None else f"{self.blowup:.2g}",
                           factor=f"{BLOWUP_FACTOR:g}")

    def __repr__(self):
        return f"RangeTest({self.message})"


def _smooth(values, window):
    """Moving average over ``window`` consecutive values (shorter result: 'valid' part)."""
    return np.convolve(values, np.ones(window) / window, mode="valid")


def read_curve(alphas, losses, window=None):
    """(steepest α, blow-up α or None) from the losses of a range test.

    The slope is d log L / d log α of the moving averages of log L and log α over
    ``window`` updates (default: a tenth of them, at least 5, so that minibatch noise
    does not pass for a steep drop), and the steepest α the most negative slope before
    the lowest (averaged) loss. The blow-up α is the first one past the lowest loss whose loss exceeds
    ``BLOWUP_FACTOR`` times the lowest; None when none does.
    """
    log_a, log_L = np.log(alphas), np.log(np.maximum(losses, 1e-300))
    window = window or max(5, len(alphas) // 10)
    window = max(1, min(window, len(alphas) // 4))
    sa, sL = _smooth(log_a, window), _smooth(log_L, window)
    lowest = int(np.argmin(sL))
    slopes = np.diff(sL) / np.diff(sa)
    falling = slopes[:max(lowest, 1)]
    i = int(np.argmin(falling))
    steepest = float(np.exp((sa[i] + sa[i + 1]) / 2))
    best = int(np.argmin(losses))
    over = np.nonzero(losses[best:] > BLOWUP_FACTOR * losses[best])[0]
    blowup = float(alphas[best + over[0]]) if len(over) else None
    return steepest, blowup


def lr_range_test(model, X, y, *, alpha_start=1e-5, alpha_end=10.0, updates=200,
                  batch_size=None, seed=0, optimizer=None, **options):
    """Run ``updates`` updates with α growing geometrically from alpha_start to alpha_end.

    Returns a ``RangeTest``: ``alphas``, ``losses`` (the training loss after each
    update), ``steepest`` (the suggestion), ``blowup`` and a ``message`` that says
    what it suggests and why. The run stops early once ``descend`` calls it
    diverged. ``batch_size``, ``seed``, ``optimizer`` and ``options`` are passed to
    ``gdlib.descend``.
    """
    updates = _validation.validate_int(updates, "updates", 10, hint=_(
        "the test needs enough points to read a slope, e.g. updates=200."))
    schedule = schedules.geometric(alpha_start, alpha_end, updates)
    X, y = validate_model(model).validate_data(X, y)
    n = len(y)
    if batch_size is not None:
        batch_size = _validation.validate_int(batch_size, "batch_size", 1, n,
                                              hint=_("|B| goes from 1 to n = {n}; None means full "
                                                     "batch.").format(n=n))
    k = descent.minibatches(n, batch_size or n)               # updates per epoch
    history = descent.descend(model, X, y, lr=schedule, epochs=-(-updates // k),
                              batch_size=batch_size, seed=seed, trajectory=False,
                              optimizer=optimizer, **options)
    used = min(updates, history.updates)
    alphas, losses = history.alphas[:used], history.losses[1:used + 1]
    if used < 10:
        raise ValueError(ngettext(
            "the range test diverged after {used} update, before it could read anything: "
            "lower alpha_start (it was {alpha_start}).",
            "the range test diverged after {used} updates, before it could read anything: "
            "lower alpha_start (it was {alpha_start}).", used).format(
                used=used, alpha_start=f"{alpha_start:g}"))
    steepest, blowup = read_curve(alphas, losses)
    if blowup is None and history.diverged and used == history.updates:
        blowup = float(alphas[-1])
    return RangeTest(alphas, losses, steepest, blowup, history)
