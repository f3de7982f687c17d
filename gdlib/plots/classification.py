"""Figures of notebooks 05–06: the sigmoid and cross-entropy, decision boundaries and
regions, probabilities, how large α must be to blow up, softmax, and the digits."""
from __future__ import annotations

import numpy as np

from .. import descent, linear, logistic, softmax
from ..i18n import N_, _
from .draw import boundary_points, draw_classes, draw_losses, region_grid
from .style import CLASS_COLORS, GD_COLOR, SGD_COLOR, class_colormap, figure, new_figure


def sigmoid_and_cross_entropy():
    """σ(z), and the two branches of the binary cross-entropy as functions of ŷ."""
    fig, (ax_s, ax_l) = new_figure(2, height=3.2)
    z = np.linspace(-8, 8, 200)
    ax_s.plot(z, logistic.sigmoid(z), color=GD_COLOR, lw=2)
    ax_s.axhline(0.5, color="grey", lw=0.7, ls="--")
    ax_s.set(xlabel=_("logit $z = w^\\top x + b$"), ylabel=r"$\sigma(z)$",
             title=_("the sigmoid squashes z into (0, 1)"))
    p = np.linspace(1e-3, 1 - 1e-3, 200)
    ax_l.plot(p, -np.log(p), color=GD_COLOR, lw=2, label=r"$y=1$: $-\log \hat y$")
    ax_l.plot(p, -np.log(1 - p), color=SGD_COLOR, lw=2, label=r"$y=0$: $-\log(1-\hat y)$")
    ax_l.set(xlabel=_(r"predicted probability $\hat y$"), ylabel=_("loss of one example"),
             ylim=(0, 5), title=_("cross-entropy punishes confident mistakes"))
    ax_l.legend(fontsize=8)
    return fig


def logistic_probabilities(X, y, w, b, names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """The logistic neuron seen two ways: ŷ over the plane, and the labels against z.

    Left: ŷ = σ(wᵀx + b) as shading, the boundary ŷ = 0.5 (solid) and ŷ = 0.1, 0.9
    (dotted), and the 2-D data. Right: each label y⁽ⁱ⁾ (jittered a little) against
    its logit z⁽ⁱ⁾, with the curve σ(z) the neuron fits to them: the examples on the
    wrong side of z = 0 are its mistakes, and the further out, the more they cost.
    """
    from matplotlib.colors import LinearSegmentedColormap
    w, y = np.asarray(w, float), np.asarray(y)
    cmap = LinearSegmentedColormap.from_list("classes01", [CLASS_COLORS[0], "white",
                                                           CLASS_COLORS[1]])
    fig, (ax, ax_z) = new_figure(2, width=10.4, height=4.0)
    xx, yy, grid = region_grid(X, num=120, pad=0.3)
    shade = ax.imshow(logistic.sigmoid(grid @ w + b).reshape(xx.shape), origin="lower",
                      extent=(xx.min(), xx.max(), yy.min(), yy.max()), aspect="auto",
                      cmap=cmap, vmin=0, vmax=1, alpha=0.45)
    draw_classes(ax, X, y, names)
    for level, style in [(0.0, "-"), (np.log(9), ":"), (-np.log(9), ":")]:
        ax.plot(*boundary_points(w, b, (xx.min(), xx.max()), level), style, color="black",
                lw=1.8 if level == 0 else 1)
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), xlabel=xlabel,
           ylabel=ylabel)
    ax.set_title(_(r"$\hat y$ over the plane; boundary $\hat y = 0.5$ (dotted: 0.1, 0.9)"),
                 fontsize=10)
    fig.colorbar(shade, ax=ax, label=r"$\hat y = \sigma(w^\top x + b)$", shrink=0.85)
    ax.legend(fontsize=8, loc="upper right")
    z = X @ w + b
    jitter = 0.04 * np.random.default_rng(0).standard_normal(len(z))
    zs = np.linspace(min(z.min(), -6), max(z.max(), 6), 200)
    draw_classes(ax_z, np.c_[z, y + jitter], y, names)
    ax_z.plot(zs, logistic.sigmoid(zs), color="black", lw=1.5, label=r"$\sigma(z)$")
    ax_z.axvline(0.0, color="grey", lw=0.8, ls="--")
    wrong = int(np.sum((z >= 0) != (y == 1)))
    ax_z.set(xlabel=_(r"logit $z^{(i)} = w^\top x^{(i)} + b$"),
             ylabel=_(r"label $y^{(i)}$ (jittered) and $\hat y$"))
    ax_z.set_title(_("labels against the logit: {wrong} of {n} on the wrong side of 0").format(
        wrong=wrong, n=len(z)), fontsize=10)
    ax_z.legend(fontsize=8, loc="center right")
    return fig


def lr_blowup(X, y, multiples=None, shown=(1.2, 300.0), epochs=50, seed=0):
    """Too large an α: geometric blow-up (linear neuron) against growth ∝ α (logistic).

    Both neurons get the same features X and 0/1 labels y (the linear neuron fits
    the labels as numbers), the same random start, and α in multiples of
    α_crit = 2/λ_max(H) of the linear neuron. Left: the loss after one update,
    L(θ¹), against α on log–log axes: it grows like α² for the squared error (its
    loss is quadratic in θ) and like α for the cross-entropy (its gradient is
    bounded). Right: the loss curves of ``epochs`` updates at the multiples ``shown``;
    a run that gdlib stops as diverged ends early, marked ×.
    """
    multiples = np.geomspace(0.1, 3e4, 49) if multiples is None else np.asarray(multiples)
    alpha_crit = linear.critical_learning_rate(X)
    run = lambda model, m, epochs: descent.descend(model, X, y, lr=m * alpha_crit,
                                                   epochs=epochs, seed=seed, trajectory=False)
    neurons = [(linear, SGD_COLOR, N_("linear + squared error"), N_("linear")),
               (logistic, GD_COLOR, N_("logistic + cross-entropy"), N_("logistic"))]
    fig, (ax, ax_t) = new_figure(2, width=10.4, height=3.8)
    for model, color, label, _name in neurons:
        first = np.array([run(model, m, 1).losses[1] for m in multiples])
        ax.loglog(multiples, first, "-", color=color, lw=1.8, label=_(label))
        ax.axhline(run(model, 1.0, 1).losses[0], color=color, lw=0.8, ls=":")
    for m, text in [(1.0, r"$\alpha_{crit}$"), (4.0, r"$4\alpha_{crit}$")]:
        ax.axvline(m, color="grey", lw=0.8, ls="--")
        ax.text(m * 1.1, 0.9, text, fontsize=9, color="grey", va="top",
                transform=ax.get_xaxis_transform())
    ax.set(xlabel=_(r"learning rate $\alpha\,/\,\alpha_{crit}$"),
           ylabel=_(r"loss after one update $\mathcal{L}(\theta^{[1]})$"))
    ax.set_title(_(r"one update: $\propto\alpha^2$ (squared error), $\propto\alpha$ "
                   r"(cross-entropy); dotted: $\mathcal{L}(\theta^{[0]})$"), fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    for (model, color, _label, name), style in zip(neurons, ["-", "--"]):
        for m, lw in zip(shown, [1.0, 2.0]):
            history = run(model, m, epochs)
            text = (_("{neuron}, α = {m} α_crit (diverged)") if history.diverged
                    else "{neuron}, α = {m} α_crit")
            draw_losses(ax_t, history, color=color, label=text.format(neuron=_(name), m=f"{m:g}"))
            ax_t.lines[-1].set(ls=style, lw=lw)
            if history.diverged:
                ax_t.plot(history.updates, history.losses[-1], "x", color=color, ms=8, mew=2)
    ax_t.set_title(_("loss curves: geometric growth against a bounded one"), fontsize=10)
    ax_t.legend(fontsize=8)
    return fig


def decision_regions(X, y, w, b, names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """2-D data coloured by class over the softmax neuron's regions argmax_k ŷ_k."""
    fig, (ax,) = new_figure(1, width=5.6, height=4.2)
    xx, yy, grid = region_grid(X)
    K = np.shape(w)[1]
    regions = softmax.logits(grid, w, b).argmax(axis=1).reshape(xx.shape)
    ax.imshow(regions, origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
              cmap=class_colormap(K), vmin=0, vmax=K - 1, alpha=0.25, aspect="auto",
              interpolation="nearest")
    draw_classes(ax, X, y, names)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=_(r"regions: $\arg\max_k \hat y_k$"))
    ax.legend(fontsize=8)
    return fig


def softmax_example(z, y, names=None):
    """One example through the softmax: its logits z_k, then ŷ_k next to the one-hot y.

    The categorical cross-entropy of the example is -log ŷ_y: only the probability
    given to the true class y counts (the others enter through the sum to 1).
    """
    z = np.asarray(z, float)
    K = len(z)
    names = [f"{k}" for k in range(K)] if names is None else list(names)
    p = softmax.softmax(z[None, :])[0]
    colors = [CLASS_COLORS[k % 10] for k in range(K)]
    fig, (ax_z, ax_p) = new_figure(2, width=9.6, height=3.2)
    ax_z.bar(names, z, color=colors)
    ax_z.axhline(0.0, color="black", lw=0.8)
    ax_z.set(ylabel=_(r"logit $z_k = w_{\cdot k}^\top x + b_k$"),
             title=_("logits: any real numbers"))
    ax_p.bar(names, p, color=colors, label=r"$\hat y_k$ = softmax$(z)_k$")
    ax_p.bar(names, softmax.one_hot([y], K)[0], fill=False, edgecolor="black", lw=1.5,
             ls="--", label=_("one-hot $y_k = [y = k]$, $y$ = {name}").format(name=names[y]))
    for k in range(K):
        ax_p.text(k, p[k] + 0.02, f"{p[k]:.2f}", ha="center", fontsize=8)
    ax_p.set(ylim=(0, 1.15), ylabel=_("probability"),
             title=_(r"probabilities; ECC $= -\log \hat y_y$ = {loss}").format(
                 loss=f"{-np.log(p[y]):.3f}"))
    ax_p.legend(fontsize=8, loc="upper right")
    return fig


def _image_grid(num, ncols=5, size=1.7):
    """A Figure with ``num`` image axes in rows of ``ncols``, each about ``size`` inches."""
    nrows = -(-num // ncols)
    fig = figure(size * ncols + 1.2, size * nrows + 0.3)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[num:]:
        ax.remove()
    return fig, axes[:num]


def digit_weights(w, shape=(8, 8)):
    """The learned weights w_·k of each class k, drawn as images (two rows of five)."""
    w = np.asarray(w)
    K = w.shape[1]
    fig, axes = _image_grid(K)
    bound = np.abs(w).max()
    for k, ax in enumerate(axes):
        image = ax.imshow(w[:, k].reshape(shape), cmap="RdBu_r", vmin=-bound, vmax=bound)
        ax.set(xticks=[], yticks=[])
        ax.set_title(_("class {k}").format(k=k), fontsize=11)
    fig.colorbar(image, ax=list(axes), shrink=0.9, label=_("weight $w_{jk}$"))
    return fig


def digit_examples(X, y, y_pred, names=None, shape=(8, 8), num=10):
    """The first ``num`` images of X, each titled "true → predicted" (red when wrong)."""
    X = np.asarray(X)
    num = min(num, len(X))
    names = [str(k) for k in range(10)] if names is None else list(names)
    fig, axes = _image_grid(num, size=1.5)
    for i, ax in enumerate(axes):
        ax.imshow(X[i].reshape(shape), cmap="gray_r")
        ok = y[i] == y_pred[i]
        ax.set(xticks=[], yticks=[])
        ax.set_title(f"{names[y[i]]} → {names[y_pred[i]]}", fontsize=11,
                     color="black" if ok else "#c92a2a")
    return fig
