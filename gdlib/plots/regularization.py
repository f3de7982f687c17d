"""Weight decay (notebook 08): the second answer to overfitting, after early stopping."""
from __future__ import annotations

import numpy as np

from .. import network
from .._validation import describe
from ..i18n import _
from .style import CLASS_COLORS, FIT_COLOR, GD_COLOR, new_figure


def weight_norms(run, weights=network.WEIGHTS):
    """‖W‖ = √(sum of the squares of the weights) after every update of a run (no biases).

    For the network, ‖W‖² = ‖W₁‖² + ‖W₂‖², the quantity weight decay penalises.
    """
    if run.trajectory is None:
        raise ValueError(_("this run kept no trajectory: run descend with trajectory=True "
                           "(the default)."))
    return np.sqrt(sum(np.sum(run.trajectory[i] ** 2, axis=tuple(range(1, run.trajectory[i].ndim)))
                       for i in weights))


def weight_decay(X_val, y_val, runs):
    """Early stopping and weight decay side by side, for networks trained on the same data.

    ``runs`` maps a label to the ``History`` of a network run (``gdlib.network``),
    e.g. ``{"λ = 0": plain, "λ = 0.003": decayed}``. Left: each run's training
    (dashed) and validation (solid) loss against epochs; on a run without weight
    decay the lowest validation loss, where early stopping stops, is marked. Right:
    ‖W‖ = √(‖W₁‖² + ‖W₂‖²) against epochs.
    """
    if not isinstance(runs, dict) or not runs:
        raise TypeError(_("runs must be a dict {{label: History}} of network runs, e.g. "
                          "{{'λ = 0': plain, 'λ = 0.003': decayed}}; got {value}.")
                        .format(value=describe(runs)))
    fig, (ax, ax_w) = new_figure(2, width=10.4, height=3.9)
    colors = [GD_COLOR, FIT_COLOR, *CLASS_COLORS[2:]]
    for (label, run), color in zip(runs.items(), colors):
        epochs = run.epochs_seen
        val = network.loss_path(X_val, y_val, run.trajectory)
        ax.semilogy(epochs, val, color=color, lw=1.6,
                    label=_("{run}: validation").format(run=label))
        ax.semilogy(epochs, run.losses, color=color, lw=1.1, ls="--",
                    label=_("{run}: training").format(run=label))
        if getattr(run.optimizer, "weight_decay", 0.0) == 0:
            best = int(np.argmin(val))
            ax.plot(epochs[best], val[best], "o", color=color, mec="black", zorder=5)
            ax.annotate(_("early stopping:\nepoch {epoch}").format(epoch=f"{epochs[best]:g}"),
                        (epochs[best], val[best]), xytext=(-10, 22), textcoords="offset points",
                        ha="center", fontsize=9)
        ax_w.plot(epochs, weight_norms(run), color=color, lw=1.6, label=label)
    ax.set(xlabel=_("epochs"), ylabel=_(r"loss $\mathcal{L}$ (log scale)"))
    ax.set_title(_("validation loss: early stopping or weight decay"), fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    ax_w.set(xlabel=_("epochs"), ylabel="‖W‖ = √(‖W₁‖² + ‖W₂‖²)")
    ax_w.set_ylim(bottom=0)
    ax_w.set_title(_("with weight decay ‖W‖ levels off"), fontsize=10)
    ax_w.legend(fontsize=8, loc="lower right")
    return fig
