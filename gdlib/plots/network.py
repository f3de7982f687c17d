"""Figures of notebook 08: from one neuron to a network (the two half-moons).

Why a hidden layer (curved borders from straight pieces), a loss that is not convex
(a chord below it, the loss on a plane through three networks), why the start is
random (clones from an all-equal start, saturation from a large one), minima from
several seeds, and early stopping on a validation set.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import LogNorm

from .. import descent, network, softmax
from ..i18n import _, ngettext
from .draw import boundary_points, draw_classes, draw_losses, region_grid
from .style import CLASS_COLORS, FIT_COLOR, GD_COLOR, SGD_COLOR, class_colormap, new_figure


# --- drawing pieces --------------------------------------------------------------------------

def draw_regions(ax, X, logits, K, num=150, alpha=0.3):
    """Shade the plane around X by the predicted class arg max_k z_k.

    ``logits(points)`` gives the (m, K) logits of an (m, 2) array of points.
    """
    xx, yy, grid = region_grid(X, num=num)
    labels = logits(grid).argmax(axis=1).reshape(xx.shape)
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    image = ax.imshow(labels, origin="lower", extent=extent, cmap=class_colormap(K), vmin=0,
                      vmax=K - 1, alpha=alpha, aspect="auto", interpolation="nearest")
    ax.set(xlim=extent[:2], ylim=extent[2:])
    return image


def draw_validation(ax, X_val, y_val, label=None):
    """Validation points: hollow circles in their class colours (``label`` by default
    "validation", in the language of the course)."""
    label = _("validation") if label is None else label
    for k in np.unique(y_val):
        ax.scatter(*X_val[y_val == k].T, s=16, facecolor="none", edgecolor=CLASS_COLORS[k % 10],
                   linewidth=1.0, label=label if k == y_val.max() else None)


def network_logits(params):
    """The function points ↦ logits Z of the network with parameters ``params``."""
    return lambda points: network.forward(points, params)[1]


def accuracy(y, logits):
    """The share of rows whose largest logit is the true class."""
    return float(np.mean(logits.argmax(axis=1) == y))


def _classes(y):
    return int(np.max(y)) + 1


# --- 1. why a hidden layer -------------------------------------------------------------------

def why_a_hidden_layer(X, y, neuron, params, names=None):
    """The softmax neuron's straight border next to a network's curved one.

    ``neuron`` is [W, b] of a trained softmax neuron, ``params`` = [W1, b1, W2, b2] of
    a trained network. Right: the h lines w₁ⱼᵀx + b₁ⱼ = 0 along which the hidden units
    change sign, under the network's border ŷ = 0.5 (black), which bends along them.
    """
    K = _classes(y)
    fig, axes = new_figure(3, width=12.0, height=3.9)
    W, b = neuron
    cases = [(axes[0], lambda P: softmax.logits(P, W, b), _("one softmax neuron")),
             (axes[1], network_logits(params),
              _("a network, h = {h}").format(h=params[0].shape[1]))]
    for ax, logits, title in cases:
        draw_regions(ax, X, logits, K)
        draw_classes(ax, X, y, names)
        ax.set_title(_("{title}: training accuracy {accuracy}").format(
            title=title, accuracy=f"{accuracy(y, logits(X)):.1%}"), fontsize=10)
    axes[0].legend(fontsize=8, loc="upper right")
    ax = axes[2]
    draw_classes(ax, X, y, names, alpha=0.35)
    xx, yy, grid = region_grid(X, num=150)
    W1, b1 = params[0], params[1]
    lines = [ax.plot(*boundary_points(W1[:, j], b1[j], (xx.min(), xx.max())),
                     color="#868e96", lw=0.9)[0] for j in range(W1.shape[1])]
    P = softmax.softmax(network_logits(params)(grid))[:, 1].reshape(xx.shape)
    ax.contour(xx, yy, P, levels=[0.5], colors="black", linewidths=2)
    border, = ax.plot([], [], color="black", lw=2)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()))
    ax.set_title(ngettext("its border bends along its {h} hidden unit's line",
                          "its border bends along its {h} hidden units' lines",
                          W1.shape[1]).format(h=W1.shape[1]), fontsize=10)
    ax.legend([lines[0], border], [_(r"hidden unit $m$: $w_{1,\cdot m}^\top x + b_{1,m} = 0$"),
                                   _("the network's border")], fontsize=8, loc="lower right")
    for ax in axes:
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
    return fig


# --- 3. the loss is no longer convex ---------------------------------------------------------

def losses_between(X, y, start, end, s):
    """L((1 − s) θ_start + s θ_end) for every s in the array ``s``: the loss on a straight line."""
    path = [np.multiply.outer(1 - s, np.asarray(a)) + np.multiply.outer(s, np.asarray(c))
            for a, c in zip(start, end)]
    return network.loss_path(X, y, path)


def most_different_units(params):
    """The two hidden units (i, j), i < j, whose weights (W₁ column, b₁, W₂ row) differ most."""
    W1, b1, W2, _b2 = params
    units = np.column_stack([W1.T, b1, W2])
    distance = np.linalg.norm(units[:, None] - units[None], axis=2)
    i, j = np.unravel_index(np.argmax(distance), distance.shape)
    return int(min(i, j)), int(max(i, j))


def _chord_panel(ax, X, y, start, end, labels, title):
    s = np.linspace(-0.25, 1.25, 301)
    L = losses_between(X, y, start, end, s)
    L0, L1 = losses_between(X, y, start, end, np.array([0.0, 1.0]))
    inside = (s >= 0) & (s <= 1)
    above = np.max(L[inside] - (L0 + s[inside] * (L1 - L0)))
    ax.plot(s, L, color="black", lw=1.8, label=_(r"$\mathcal{L}$ along the line"))
    ax.plot([0, 1], [L0, L1], "o--", color=FIT_COLOR, label=_("the chord"))
    for x, Lx, text in zip((0, 1), (L0, L1), labels):
        ax.annotate(text, (x, Lx), xytext=(0, 9), textcoords="offset points", ha="center",
                    fontsize=9)
    bulges = above > 1e-9
    verdict = (_("the loss rises {rise} above the chord: NOT convex").format(rise=f"{above:.2g}")
               if bulges else _("the loss stays under the chord"))
    ax.set_title(f"{title}\n{verdict}", fontsize=9, color=FIT_COLOR if bulges else "black")
    # TRANSLATORS: {start} and {end} are the words below, subscripts of θ
    xlabel = _(r"$s$, the point $(1-s)\,\theta_{{{start}}} + s\,\theta_{{{end}}}$").format(
        # TRANSLATORS: subscript of θ_start, the start of a straight line through θ-space
        start=_("start"),
        # TRANSLATORS: subscript of θ_end, the end of a straight line through θ-space
        end=_("end"))
    ax.set(xlabel=xlabel, ylabel=r"$\mathcal{L}$", xlim=(s[0], s[-1]), ylim=(0, 1.15 * L.max()))
    ax.legend(fontsize=8, loc="upper right")


def not_convex(X, y, theta_a, theta_b, swap=None):
    """Two straight lines through θ-space along which the network's loss rises above the chord.

    Left: from θ_A to the same network with two hidden units swapped (``swap``, by
    default the two that differ most): both ends compute the same function, so their
    losses are equal, and the loss between them is higher. Right: from θ_A to θ_B, the
    minimum reached from another random start. A convex loss stays under every chord.
    """
    i, j = most_different_units(theta_a) if swap is None else swap
    fig, axes = new_figure(2, width=10.0, height=3.6)
    _chord_panel(axes[0], X, y, theta_a, network.swap_units(theta_a, i, j),
                 (r"$\theta_A$", _(r"$\theta_A$, units {i}↔{j}").format(i=i, j=j)),
                 _("from θ_A to θ_A with hidden units {i} and {j} swapped").format(i=i, j=j))
    _chord_panel(axes[1], X, y, theta_a, theta_b, (r"$\theta_A$", r"$\theta_B$"),
                 _("from θ_A to θ_B, trained from another random start"))
    return fig


def loss_plane(X, y, points, labels, num=40, pad=0.3):
    """The loss on the plane through three parameter lists θ₀, θ₁, θ₂ (e.g. three minima).

    With u, v an orthonormal basis of the plane (Gram–Schmidt on θ₁ − θ₀ and θ₂ − θ₀),
    it draws L(θ₀ + a u + c v) over a window around the three points, which are marked
    with ``labels``; a and c are true distances in θ-space (equal axes).
    """
    flat = [np.concatenate([np.ravel(p) for p in theta]) for theta in points]
    shapes = [np.shape(p) for p in points[0]]
    u = flat[1] - flat[0]
    u /= np.linalg.norm(u)
    v = flat[2] - flat[0] - ((flat[2] - flat[0]) @ u) * u
    v /= np.linalg.norm(v)
    coords = np.array([[(f - flat[0]) @ u, (f - flat[0]) @ v] for f in flat])
    mid = (coords.min(axis=0) + coords.max(axis=0)) / 2
    half = np.ptp(coords, axis=0).max() * (0.5 + pad)
    a = np.linspace(mid[0] - half, mid[0] + half, num)
    c = np.linspace(mid[1] - half, mid[1] + half, num)
    A, C = np.meshgrid(a, c)
    thetas = flat[0] + A.reshape(-1, 1) * u + C.reshape(-1, 1) * v
    ends = np.cumsum([0] + [int(np.prod(s)) for s in shapes])
    path = [thetas[:, ends[k]:ends[k + 1]].reshape(-1, *shapes[k]) for k in range(len(shapes))]
    L = network.loss_path(X, y, path).reshape(A.shape)
    fig, (ax,) = new_figure(1, width=5.8, height=4.6)
    levels = np.geomspace(L.min(), L.max(), 16)
    filled = ax.contourf(A, C, L, levels=levels, cmap="viridis", norm=LogNorm())
    ax.contour(A, C, L, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
    for (ca, cc), label, color in zip(coords, labels, ["gold", "white", "#ff8787"]):
        ax.plot(ca, cc, "*", ms=15, color=color, mec="black", zorder=5)
        ax.annotate(label, (ca, cc), xytext=(9, -14), textcoords="offset points",
                    color="white", fontsize=9, weight="bold")
    fig.colorbar(filled, ax=ax, label=_(r"$\mathcal{L}$ (log scale)"), format="%.2g")
    ax.set_aspect("equal")
    ax.set(xlabel=_(r"distance along $u$"), ylabel=_(r"distance along $v$"))
    ax.set_title(_("the loss on the plane through three networks"), fontsize=10)
    return fig


# --- 4. why the lecture starts at random ----------------------------------------------------

def symmetric_start(X, y, equal, random, names=None):
    """An all-equal start against a random one: the hidden units stay clones, or part ways.

    ``equal`` and ``random`` are Histories of the same network (same h, α and epochs)
    from an all-equal and from a random start. Left: the first weight w₁,₁ⱼ of every
    hidden unit j against the update t (h curves each). Middle and right: the border
    each run ends with.
    """
    K = _classes(y)
    h = equal.params[0].shape[1]
    fig, axes = new_figure(3, width=12.0, height=3.9)
    ax = axes[0]
    t = np.arange(len(equal.losses))
    for j in range(h):
        ax.plot(t, random.trajectory[0][:, 0, j], color=SGD_COLOR, lw=0.8, alpha=0.8,
                label=ngettext("random start: {h} curve", "random start: {h} curves",
                               h).format(h=h) if j == 0 else None)
    for j in range(h):
        ax.plot(t, equal.trajectory[0][:, 0, j], color=GD_COLOR, lw=2.5,
                label=ngettext("all-equal start: {h} curve, one on top of another",
                               "all-equal start: {h} curves, one on top of another",
                               h).format(h=h) if j == 0 else None)
    ax.set(xlabel=_("update $t$"), ylabel=_(r"first weight $w_{1,1j}$ of hidden unit $j$"))
    ax.set_title(_("the hidden units' weights during training"), fontsize=10)
    ax.legend(fontsize=8, loc="best")
    for ax, run, title in [(axes[1], equal, _("all-equal start")),
                           (axes[2], random, _("random start"))]:
        logits = network_logits(run.params)
        draw_regions(ax, X, logits, K)
        draw_classes(ax, X, y, names)
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
        ax.set_title(_("{title}: training accuracy {accuracy}").format(
            title=title, accuracy=f"{accuracy(y, logits(X)):.1%}"), fontsize=10)
    return fig


def start_scales(X, y, scales, lr, epochs, hidden=16, seed=0):
    """Random starts of different sizes: the usual W₁ and W₂ (std 1/√fan-in) times s.

    Left: the hidden activations H = tanh(XW₁ + b₁) at the start, as histograms: near
    0 for a tiny start, piled up at ±1 (saturated, where tanh′ ≈ 0) for a large one.
    Right: the training loss of GD from each start.
    """
    fig, (ax_h, ax_l) = new_figure(2, width=10.4, height=3.8)
    base = network.init_params(X, y, np.random.default_rng(seed), hidden=hidden)
    bins = np.linspace(-1, 1, 41)
    for s, color in zip(scales, CLASS_COLORS):
        start = [s * base[0], base[1], s * base[2], base[3]]
        H = np.tanh(X @ start[0] + start[1])
        saturated = np.mean(np.abs(H) > 0.99)
        ax_h.hist(H.ravel(), bins=bins, histtype="step", lw=1.8, color=color, density=True,
                  label=_("s = {s}: {share} of them saturated").format(
                      s=f"{s:g}", share=f"{saturated:.0%}"))
        run = descent.descend(network, X, y, lr=lr, epochs=epochs, params0=start,
                              trajectory=False)
        draw_losses(ax_l, run, color=color, label=f"s = {s:g}")
    ax_h.set_yscale("log")
    ax_h.set_ylim(top=ax_h.get_ylim()[1] * 30)        # room for the legend above the bars
    ax_h.set(xlabel=_(r"hidden activation $\tanh(a)$ at the start"),
             ylabel=_("density (log scale)"))
    ax_h.set_title(_(r"saturated: $|\tanh(a)| > 0.99$, where $\tanh'(a) < 0.02$"), fontsize=10)
    ax_h.legend(fontsize=8, loc="upper center")
    ax_l.set_title(_("GD, α = {lr}, from starts of scale s").format(lr=f"{lr:g}"), fontsize=10)
    ax_l.legend(fontsize=8)
    return fig


# --- 5. GD and SGD on a loss with many minima --------------------------------------------------

def minima_from_seeds(X, y, runs, names=None):
    """One panel per run (``runs`` maps a label to a History): the border each run ends with."""
    K = _classes(y)
    fig, axes = new_figure(len(runs), width=3.2 * len(runs), height=3.4)
    for ax, (label, run) in zip(axes, runs.items()):
        logits = network_logits(run.params)
        draw_regions(ax, X, logits, K)
        draw_classes(ax, X, y, names)
        ax.set(xticks=[], yticks=[])
        ax.set_title(f"{label}\n" + _("L = {loss}, accuracy {accuracy}").format(
            loss=f"{run.losses[-1]:.3f}", accuracy=f"{accuracy(y, logits(X)):.1%}"), fontsize=9)
    return fig


# --- 6. training and validation --------------------------------------------------------------

def early_stopping(X, y, X_val, y_val, run, names=None):
    """Training and validation loss against epochs, and ŷ at the best epoch and at the end.

    Early stopping keeps θ from the epoch where the validation loss was lowest. Middle
    and right: the probability of the second class, ŷ₂, shaded as in notebook 05 (white
    where the network is unsure, ŷ₂ = 0.5 on the black border), the training points
    (filled) and the validation points (hollow; its mistakes drawn larger, with a black
    ring). The titles give the mean cost −log ŷ_y of those mistakes: it is what makes
    the validation loss rise, as the network grows more confident, right or wrong.
    """
    K = _classes(y)
    val = network.loss_path(X_val, y_val, run.trajectory)
    best = int(np.argmin(val))
    epochs = run.epochs_seen
    fig, axes = new_figure(3, width=12.4, height=4.1)
    ax = axes[0]
    ax.semilogy(epochs, run.losses, color=GD_COLOR, lw=1.5, label=_("training loss"))
    ax.semilogy(epochs, val, color=SGD_COLOR, lw=1.5, label=_("validation loss"))
    ax.axvline(epochs[best], color="black", lw=0.9, ls="--")
    ax.plot(epochs[best], val[best], "o", color=SGD_COLOR, mec="black")
    ax.annotate(_("lowest validation loss:\nepoch {epoch}").format(epoch=f"{epochs[best]:g}"),
                (epochs[best], val[best]), xytext=(10, 25), textcoords="offset points",
                fontsize=9)
    ax.set(xlabel=_("epochs"), ylabel=_(r"loss $\mathcal{L}$ (log scale)"))
    ax.set_title(_("the validation loss turns back up"), fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    both = np.vstack([X, X_val])
    xx, yy, grid = region_grid(both, num=150)
    extent = (xx.min(), xx.max(), yy.min(), yy.max())
    shade = None
    for ax, t, title in [
            (axes[1], best, _("epoch {epoch} (early stopping)").format(epoch=f"{epochs[best]:g}")),
            (axes[2], len(val) - 1, _("epoch {epoch} (the end)").format(epoch=f"{epochs[-1]:g}"))]:
        theta = [p[t] for p in run.trajectory]
        logits = network_logits(theta)
        if K == 2:
            P = softmax.softmax(logits(grid))[:, 1].reshape(xx.shape)
            shade = ax.imshow(P, origin="lower", extent=extent, aspect="auto",
                              cmap=probability_colormap(), vmin=0, vmax=1, alpha=0.55)
            ax.contour(xx, yy, P, levels=[0.5], colors="black", linewidths=1.2)
            ax.set(xlim=extent[:2], ylim=extent[2:])
        else:
            draw_regions(ax, both, logits, K)
        for k in np.unique(y):
            ax.scatter(*X[y == k].T, s=36, color=CLASS_COLORS[k % 10], edgecolor="white",
                       linewidth=0.5, label=names[k] if names is not None
                       else _("class {k}").format(k=k), zorder=3)
        draw_validation(ax, X_val, y_val)
        P_val = softmax.softmax(logits(X_val))
        wrong = P_val.argmax(axis=1) != y_val
        cost = -np.log(P_val[np.arange(len(y_val)), y_val])
        ax.scatter(*X_val[wrong].T, s=70, facecolor="none", edgecolor="black", linewidth=1.0,
                   label=_("validation, misclassified"), zorder=4)
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
        lines = [title,
                 _("accuracy: training {training}, validation {validation}")
                 .format(training=f"{accuracy(y, logits(X)):.0%}",
                         validation=f"{accuracy(y_val, logits(X_val)):.0%}"),
                 ngettext(r"{wrong} validation mistake, $-\log\hat y_y$ = {cost}",
                          r"{wrong} validation mistakes, mean $-\log\hat y_y$ = {cost}",
                          int(wrong.sum())).format(wrong=int(wrong.sum()),
                                                   cost=f"{cost[wrong].mean():.2f}")
                 if wrong.any() else _("no validation mistakes")]
        ax.set_title("\n".join(lines), fontsize=9)
    axes[1].legend(fontsize=7, loc="lower left")
    if shade is not None:
        fig.colorbar(shade, ax=list(axes[1:]), shrink=0.85, pad=0.01,
                     label=_(r"probability of {name}, $\hat y$").format(
                         name=names[1] if names is not None else _("class {k}").format(k=1)))
    return fig


def probability_colormap():
    """The two class colours through white, for ŷ of the second class (as in notebook 05)."""
    from matplotlib.colors import LinearSegmentedColormap
    return LinearSegmentedColormap.from_list("classes01", [CLASS_COLORS[0], "white",
                                                           CLASS_COLORS[1]])
