"""Figures of notebook 07: why GD crawls in a narrow valley, momentum, Nesterov, adaptive
steps, Adam's bias correction, learning-rate schedules and the range test."""
from __future__ import annotations

import numpy as np

from .. import data, descent, linear, quadratic
from ..i18n import _, ngettext
from ..optimizers import REGISTRY, Adam, Momentum
# the maths of these figures lives in gdlib.quadratic (the explorer uses it too); the old names stay
from ..quadratic import FLOOR, excess, theory_line, valley  # noqa: F401
from .draw import draw_contours, draw_path, window
from .style import CLASS_COLORS, GD_COLOR, SGD_COLOR, figure, new_figure

#: Colours of the optimizers, the same in every figure and in the explorer (from the registry).
COLORS = {name: entry.color for name, entry in REGISTRY.items()}
#: Errors (square roots of losses) are drawn down to this fraction of the largest at the start.
ERROR_FLOOR = FLOOR ** 0.5


def run(X, y, start, lr, epochs, optimizer=None, batch_size=None, seed=0):
    """One run of the linear neuron from ``start`` = (w, b)."""
    return descent.descend(linear, X, y, lr=lr, epochs=epochs, optimizer=optimizer,
                           batch_size=batch_size, seed=seed, w0=[start[0]], b0=start[1])


def _contours(ax, X, y, histories, optimum, pad=0.1, num=70):
    points = [optimum] + [p for history in histories for p in zip(history.ws[:, 0], history.bs)]
    limits = window(*points, pad=pad)
    draw_contours(ax, X, y, limits, optimum=optimum, num=num)
    return limits


def _excess_axes(ax, title=None):
    """A log axis of the excess loss against the update; ``title`` by default its formula."""
    if title is None:
        title = _(r"excess loss $\mathcal{L}(\theta^{[t]}) - \mathcal{L}(\bar\theta)$")
    ax.set(yscale="log", xlabel=_("update $t$"))
    ax.set_title(title, fontsize=9)


def _theory(ax, E, rho, color, critical=False):
    ax.plot(*theory_line(E, rho, critical=critical), "--", color=color, lw=1.2, alpha=0.9)


def valley_gd(X, y, start, updates=60):
    """Plain GD at its best α* = 2/(λ_min + λ_max) in a narrow valley: zigzag, then a crawl.

    Left, the path on the contours; right, the excess loss L(θ^[t]) − L(θ̄) with the
    theory line (L⁰ − L̄) ρ^{2t}, ρ = (κ − 1)/(κ + 1).
    """
    optimum, loss_bar, lam = valley(X, y)
    lr, rho = quadratic.optimal_gd(lam)
    history = run(X, y, start, lr, updates)
    fig, (ax_c, ax_l) = new_figure(2, width=9.6, height=3.7)
    _contours(ax_c, X, y, [history], optimum)
    draw_path(ax_c, history.ws[:, 0], history.bs, color=COLORS["GD"], label=f"GD, α* = {lr:.3g}")
    ax_c.legend(fontsize=8, loc="upper right")
    ax_c.set_title(f"κ = λ_max/λ_min = {quadratic.condition_number(lam):.3g}", fontsize=9)
    E = excess(history, loss_bar)
    ax_l.plot(E, color=COLORS["GD"], lw=1.6, label=_("GD, measured"))
    _theory(ax_l, E, rho, "black")
    ax_l.plot([], [], "--", color="black",
              label=_("theory: ρ = (κ − 1)/(κ + 1) = {rho}").format(rho=f"{rho:.3f}"))
    _excess_axes(ax_l)
    ax_l.legend(fontsize=8, loc="lower left")
    return fig


def momentum_paths(X, y, start, betas=(0.95,), updates=60):
    """GD at its best α next to heavy ball at its best (α*, β*) and at larger β (same α*).

    Top, one panel per run with its path; bottom, the excess losses, each with its theory
    line (dashed): ρ^{2t} with ρ = (κ − 1)/(κ + 1) for GD and the spectral radius of the
    iteration matrix for the larger β; t²ρ^{2t}, ρ = (√κ − 1)/(√κ + 1), for heavy ball at
    (α*, β*), where M_λ has a double eigenvalue (critical damping), drawn through the end.
    """
    optimum, loss_bar, lam = valley(X, y)
    lr_gd, rho_gd = quadratic.optimal_gd(lam)
    lr, beta_star, rho_star = quadratic.optimal_momentum(lam)
    runs = [("GD", f"α* = {lr_gd:.3g}", lr_gd, 0.0, rho_gd, COLORS["GD"]),
            ("momentum", f"α* = {lr:.3g}, β* = {beta_star:.3g}", lr, beta_star, rho_star,
             COLORS["momentum"])]
    runs += [("momentum", f"α* = {lr:.3g}, β = {b:g}", lr, b, quadratic.rate(lam, lr, b),
              color) for b, color in zip(betas, [CLASS_COLORS[3], CLASS_COLORS[4]])]
    histories = [run(X, y, start, a, updates, None if b == 0 else Momentum(b))
                 for _n, _s, a, b, _r, _c in runs]
    fig = figure(10.4, 6.4)
    grid = fig.add_gridspec(2, len(runs), height_ratios=(1, 1.05))
    points = [p for history in histories for p in zip(history.ws[:, 0], history.bs)]
    limits = window(optimum, *points, pad=0.1)
    path_axes = [fig.add_subplot(grid[0, i]) for i in range(len(runs))]
    ax_l = fig.add_subplot(grid[1, :])
    for i, ((name, setting, _lr, beta, rho, color), history, ax_c) in enumerate(
            zip(runs, histories, path_axes)):
        draw_contours(ax_c, X, y, limits, optimum=optimum, num=70)
        draw_path(ax_c, history.ws[:, 0], history.bs, color=color)
        ax_c.set_title(f"{name}, {setting}", fontsize=9)
        if i:
            ax_c.set_ylabel("")
        E = excess(history, loss_bar)
        critical = beta == beta_star
        label = f"{name}, {setting}: ρ = {float(rho):.3f}"
        if critical:
            label += _(r" (dashed: $t^2\rho^{2t}$, critical damping)")
        ax_l.plot(E, color=color, lw=1.5, label=label)
        _theory(ax_l, E, rho, color, critical=critical)
    _excess_axes(ax_l, _("excess loss (solid) and the theory slope $\\rho^{2t}$ (dashed)"))
    ax_l.legend(fontsize=8, loc="lower left")
    return fig


def error_per_mode(X, y, start, runs, updates=80):
    """The error along each eigenvector of H, one panel per method (as in Distill's *Why
    Momentum Really Works*).

    ``runs`` is a list of (name, α, β, nesterov), name one of COLORS' ('GD', 'momentum',
    'Nesterov'; β = 0 for GD). Each panel shows |e| along the slow eigenvector (λ_min)
    and the steep one (λ_max), solid, and the theory ρ(M_λ)ᵗ of each mode from its start,
    dashed. Where M_λ has a double eigenvalue (critical damping) the error is (a + bt)ρᵗ:
    it rises above its dashed line by the factor t.
    """
    optimum, _loss_bar, lam = valley(X, y)
    H = linear.hessian(X)
    fig, axes = new_figure(len(runs), width=10.4, height=3.5)
    t = np.arange(updates + 1)
    modes = [(_("slow mode, λ_min = {lam}"), CLASS_COLORS[0]),
             (_("steep mode, λ_max = {lam}"), CLASS_COLORS[3])]
    for ax in axes[1:]:
        ax.sharey(axes[0])
    for ax, (name, lr, beta, nesterov) in zip(axes, runs):
        history = run(X, y, start, lr, updates, Momentum(beta, nesterov=nesterov) if beta else None)
        errors = quadratic.errors_along_eigenvectors(np.column_stack([history.ws[:, 0], history.bs]),
                                                     optimum, H)
        rhos = quadratic.mode_rates(lam, lr, beta, nesterov)
        floor = ERROR_FLOOR * errors[0].max()
        for i, ((text, color), rho) in enumerate(zip(modes, rhos)):
            e = np.where(errors[:, i] >= floor, errors[:, i], np.nan)     # below: round-off
            ax.semilogy(t, e, color=color, lw=1.5,
                        label=text.format(lam=f"{lam[i]:.3g}") + f": ρ = {rho:.3f}")
            with np.errstate(under="ignore"):
                line = errors[0, i] * rho ** t
            keep = line >= floor
            ax.semilogy(t[keep], line[keep], "--", color=color, lw=1.1)
        setting = f"α = {lr:.3g}" + (f", β = {beta:.3g}" if beta else "")
        ax.set_title(f"{name}: {setting}", fontsize=9, color=COLORS.get(name, "black"))
        ax.set(xlabel=_("update $t$"))
        ax.legend(fontsize=7, loc="lower left")
    axes[0].set_ylabel(_("|error| along the eigenvector"))
    return fig


def momentum_rates(X, betas=(0.0, 0.5, 0.9)):
    """The rate ρ(α, β) of heavy ball on the linear neuron's quadratic, as theory gives it.

    Left, ρ against α for a few β (β = 0 is GD) and for β*; right, ρ over the (α, β)
    plane, with the region where it diverges (ρ ≥ 1) and the optimum (α*, β*).
    """
    lam = np.linalg.eigvalsh(linear.hessian(X))
    lr_star, beta_star, rho_star = quadratic.optimal_momentum(lam)
    lr_gd, rho_gd = quadratic.optimal_gd(lam)
    alphas = np.linspace(1e-3, 2.2 * lr_star, 400)
    fig, (ax_r, ax_m) = new_figure(2, width=10.4, height=3.9)
    for beta, color in zip(sorted(set(betas) | {beta_star}), CLASS_COLORS):
        label = "β = 0 (GD)" if beta == 0 else (f"β* = {beta:.3f}" if beta == beta_star
                                                  else f"β = {beta:g}")
        ax_r.plot(alphas, quadratic.rate(lam, alphas, beta), color=color,
                  lw=2.2 if beta == beta_star else 1.3, label=label)
    ax_r.plot(lr_star, rho_star, "*", color="gold", mec="black", ms=14, zorder=5)
    ax_r.plot(lr_gd, rho_gd, "o", color=CLASS_COLORS[0], mec="black", ms=7, zorder=5)
    ax_r.axhline(1.0, color="grey", lw=0.8)
    ax_r.set(xlim=(0, alphas[-1]), ylim=(0.6, 1.2), xlabel=_(r"learning rate $\alpha$"),
             ylabel=_(r"rate $\rho$ per update"))
    ax_r.set_title(_("GD's best ρ = {rho_gd}; momentum's best ρ* = {rho_star}").format(
        rho_gd=f"{rho_gd:.3f}", rho_star=f"{rho_star:.3f}"), fontsize=9)
    ax_r.legend(fontsize=8, loc="lower left")
    bs = np.linspace(0.0, 0.99, 160)
    R = quadratic.rate(lam, alphas[None, :], bs[:, None])
    mesh = ax_m.pcolormesh(alphas, bs, np.minimum(R, 1.2), cmap="viridis_r", vmin=0.6,
                           vmax=1.2, shading="auto")
    ax_m.contour(alphas, bs, R, levels=[1.0], colors="white", linewidths=1.5)
    ax_m.plot(lr_star, beta_star, "*", color="gold", mec="black", ms=14)
    # α* is 1/(1 + 1/κ) of the stability edge 2(1 + β*)/λ_max: the star sits on the white
    # line, so its label goes to the stable side, left of it
    ax_m.annotate(f"(α*, β*) = ({lr_star:.3g}, {beta_star:.3g})", (lr_star, beta_star),
                  xytext=(0.55 * lr_star, beta_star + 0.12), color="white", fontsize=8,
                  ha="center", va="bottom",
                  arrowprops=dict(arrowstyle="-", color="white", lw=0.8))
    ax_m.text(0.97 * alphas[-1], 0.2, _("ρ ≥ 1:\ndiverges"), color="white", fontsize=9,
              ha="right")
    ax_m.set(xlabel=_(r"learning rate $\alpha$"), ylabel=_(r"momentum $\beta$"))
    ax_m.set_title(_("ρ(α, β) over the plane (white line: ρ = 1)"), fontsize=9)
    fig.colorbar(mesh, ax=ax_m, label="ρ", shrink=0.9)
    return fig


def nesterov_vs_momentum(X, y, start, lr, beta, updates=80):
    """Heavy ball and Nesterov at the same α and (large) β: the look-ahead damps the swing.

    Left, the paths; middle, the excess losses (no theory line: the rate ρ is the slowest
    mode's, and Nesterov's loss falls far faster than that small gain in ρ suggests, see
    ``error_per_mode``); right, ρ against α at this β for both: Nesterov's rate is a little
    better here, but it diverges at a smaller α.
    """
    optimum, loss_bar, lam = valley(X, y)
    runs = [("momentum", Momentum(beta)), ("Nesterov", Momentum(beta, nesterov=True))]
    histories = [run(X, y, start, lr, updates, opt) for _n, opt in runs]
    fig, (ax_c, ax_l, ax_r) = new_figure(3, width=11.5, height=3.7)
    _contours(ax_c, X, y, histories, optimum)
    alphas = np.linspace(1e-3, 2.5 * lr, 300)
    for (name, opt), history in zip(runs, histories):
        color = COLORS[name]
        rho = quadratic.rate(lam, lr, beta, opt.nesterov)
        draw_path(ax_c, history.ws[:, 0], history.bs, color=color, label=name)
        ax_l.plot(excess(history, loss_bar), color=color, lw=1.5, label=f"{name}: ρ = {float(rho):.4f}")
        ax_r.plot(alphas, quadratic.rate(lam, alphas, beta, opt.nesterov), color=color,
                  label=name)
    ax_c.legend(fontsize=8, loc="upper right")
    ax_c.set_title(f"α = {lr:g}, β = {beta:g}", fontsize=9)
    _excess_axes(ax_l)
    ax_l.legend(fontsize=8, loc="lower left")
    ax_r.axhline(1.0, color="grey", lw=0.8)
    ax_r.axvline(lr, color="black", lw=0.8, ls=":")
    ax_r.set(ylim=(0.8, 1.3), xlim=(0, alphas[-1]), xlabel=_(r"learning rate $\alpha$"),
             ylabel=_(r"rate $\rho$"))
    ax_r.set_title(_("theory at β = {beta} (dotted: this α)").format(beta=f"{beta:g}"),
                   fontsize=9)
    ax_r.legend(fontsize=8, loc="upper left")
    return fig


def adaptive_steps(X_raw, y, runs, updates=300):
    """Badly scaled raw features: GD next to AdaGrad, RMSProp and Adam, from θ = (0, 0).

    ``runs`` maps a name of ``gdlib.optimizers.REGISTRY`` ('GD', 'AdaGrad', 'RMSProp',
    'Adam', ...) to its α, each with its default hyper-parameters. Left, the
    paths on the raw contours (GD is the line that barely leaves the start); right, the
    excess loss against updates, and GD on the standardised feature for comparison.
    """
    optimum, loss_bar, lam = valley(X_raw, y)
    unknown = [name for name in runs if name not in REGISTRY]
    if unknown:
        raise ValueError(_("runs maps optimizers' names to their α; not a name of one: "
                           "{unknown}. The names: {names}.").format(
                               unknown=", ".join(map(repr, unknown)), names=", ".join(REGISTRY)))
    histories = {name: run(X_raw, y, (0.0, 0.0), lr, updates, REGISTRY[name].build())
                 for name, lr in runs.items()}
    fig, (ax_c, ax_l) = new_figure(2, width=10.4, height=3.9)
    _contours(ax_c, X_raw, y, histories.values(), optimum, pad=0.05)
    for name, history in histories.items():
        draw_path(ax_c, history.ws[:, 0], history.bs, color=COLORS[name],
                  label=f"{name}, α = {history.lr:.3g}")
        ax_l.plot(excess(history, loss_bar), color=COLORS[name], lw=1.5, label=name)
    X_std = data.standardize(X_raw)[0]
    _optimum_std, loss_std, lam_std = valley(X_std, y)
    h_std = run(X_std, y, (0.0, 0.0), quadratic.optimal_gd(lam_std)[0], updates)
    ax_l.plot(excess(h_std, loss_std), color=COLORS["GD"], ls=":", lw=1.5,
              label=_("GD, standardised x (α* = 1: θ̄ in one update)"))
    ax_c.legend(fontsize=7, loc="lower left")
    ax_c.set_title(_("raw feature: κ = {kappa}").format(
        kappa=f"{quadratic.condition_number(lam):.2g}"), fontsize=9)
    _excess_axes(ax_l)
    ax_l.legend(fontsize=8, loc="center right")
    return fig


def bias_correction(X, y, start, lr=0.1, updates=40, beta1=0.9, beta2=0.999):
    """Adam with and without its bias correction, in the first updates.

    Left: for a constant gradient g the corrected step is α·sign(g) per coordinate, and
    the uncorrected one (1 − β₁ᵗ)/√(1 − β₂ᵗ) times that: (1 − β₁)/√(1 − β₂) ≈ 3.2 at
    t = 1, more for the next dozens of updates, near 1 only after thousands.
    Right: the step lengths ‖θ^[t] − θ^[t−1]‖ / α of both on the valley.
    """
    t = np.arange(1, 5001)
    factor = (1 - beta1 ** t) / np.sqrt(1 - beta2 ** t)
    runs = {"Adam": Adam(beta1, beta2), _("without the correction"):
            Adam(beta1, beta2, bias_correction=False)}
    fig, (ax_f, ax_s) = new_figure(2, width=9.6, height=3.6)
    ax_f.semilogx(t, factor, color="#555", lw=2)
    ax_f.axhline(1.0, color=COLORS["Adam"], lw=1)
    peak = int(np.argmax(factor))
    ax_f.plot(t[peak], factor[peak], "o", color="#555")
    ax_f.annotate(_("×{factor} at t = {t}").format(factor=f"{factor[peak]:.2f}", t=t[peak]),
                  (t[peak], factor[peak]), xytext=(8, -4), textcoords="offset points",
                  fontsize=8, va="top")
    ax_f.set(xlabel=_("update $t$"), ylabel=_("uncorrected step / corrected step"),
             ylim=(0, 1.15 * factor.max()))
    ax_f.set_title(_(r"$(1 - \beta_1^t)\,/\sqrt{1 - \beta_2^t}$ for a constant gradient"),
                   fontsize=9)
    for (name, opt), color in zip(runs.items(), [COLORS["Adam"], "#555"]):
        history = run(X, y, start, lr, updates, opt)
        steps = np.hypot(np.diff(history.ws[:, 0]), np.diff(history.bs)) / lr
        ax_s.plot(np.arange(1, updates + 1), steps, "o-", ms=3, color=color, lw=1.3,
                  label=name)
    ax_s.set(xlabel=_("update $t$"), ylabel=_(r"step length / $\alpha$"), ylim=(0, None))
    ax_s.set_title(_("the valley, α = {lr}: how far each update moves θ").format(lr=f"{lr:g}"),
                   fontsize=9)
    ax_s.legend(fontsize=8, loc="upper right")
    return fig


def schedules_compared(X, y, schedules, start, batch_size=1, epochs=40, seed=0):
    """SGD with the same budget and different schedules α_t: α_t, and the distance to θ̄.

    ``schedules`` maps a label to a schedule (or a constant α). Left, α_t against the
    update; right, the root-mean-square distance ‖θ^[t] − θ̄‖ over each epoch (log
    scale): a constant α hovers, a decaying α lands.
    """
    optimum = np.array(valley(X, y)[0])
    fig, (ax_a, ax_d) = new_figure(2, width=10.4, height=3.7)
    for (label, lr), color in zip(schedules.items(), [SGD_COLOR, *CLASS_COLORS[2:]]):
        history = run(X, y, start, lr, epochs, batch_size=batch_size, seed=seed)
        k = history.updates // epochs
        ax_a.plot(np.arange(history.updates), history.alphas, color=color, lw=1.5, label=label)
        dist2 = (history.ws[1:, 0] - optimum[0]) ** 2 + (history.bs[1:] - optimum[1]) ** 2
        rms = np.sqrt(dist2.reshape(epochs, k).mean(axis=1))
        ax_d.semilogy(np.arange(1, epochs + 1), rms, "o-", ms=3, color=color, lw=1.3,
                      label=label)
    top = ax_a.get_ylim()[1]                 # room above the curves for the legend
    ax_a.set(xlabel=_("update $t$"), ylabel=r"$\alpha_t$", ylim=(0, 1.45 * top / 1.05))
    ax_a.legend(fontsize=8, loc="upper center", ncol=2)
    ax_a.set_title(ngettext("the schedules ({updates} update each, |B| = {batch_size})",
                            "the schedules ({updates} updates each, |B| = {batch_size})",
                            history.updates).format(updates=history.updates, batch_size=batch_size),
                   fontsize=9)
    ax_d.set(xlabel=_("epoch"))
    ax_d.set_title(_(r"rms distance to the minimum $\|\theta^{[t]} - \bar\theta\|$ over each "
                     "epoch"), fontsize=9)
    ax_d.legend(fontsize=8, loc="lower left")
    return fig


def range_test(result, title=None, alpha_crit=None):
    """The loss against α (log–log) of a learning-rate range test, with what it suggests.

    ``alpha_crit``, when known (the linear neuron's 2/λ_max), is marked too, dotted: the
    test does not use it.
    """
    fig, (ax,) = new_figure(1, width=8.0, height=3.8)
    ax.loglog(result.alphas, result.losses, color=GD_COLOR, lw=1.5)
    ax.axvline(result.steepest, color="#2b8a3e", lw=1.5,
               label=_("fastest fall of the loss: α ≈ {alpha} (suggested)").format(
                   alpha=f"{result.steepest:.2g}"))
    if result.blowup is not None:
        ax.axvline(result.blowup, color="#c92a2a", lw=1.5,
                   label=_("blows up: α ≈ {alpha}").format(alpha=f"{result.blowup:.2g}"))
    if alpha_crit is not None:
        ax.axvline(alpha_crit, color="black", lw=1.2, ls=":",
                   label=_("full-batch GD's α_crit = 2/λ_max = {alpha}").format(
                       alpha=f"{alpha_crit:.3g}"))
    ax.set(xlabel=_(r"learning rate $\alpha_t$ (grows every update)"),
           ylabel=_(r"training loss after the update"))
    ax.set_ylim(top=min(ax.get_ylim()[1], 3 * result.losses[0]))   # the blow-up, not its end
    n = len(result.alphas)
    ax.set_title(title or ngettext("range test: {n} update", "range test: {n} updates",
                                   n).format(n=n), fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    return fig
