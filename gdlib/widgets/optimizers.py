"""Explorer of notebook 07: every optimizer on a round or a narrow bowl, with the theory."""
from __future__ import annotations

import ipywidgets as W
import numpy as np

from .. import data, descent, linear, plots, quadratic
from ..canvas import Canvas
from ..i18n import N_, _
from ..optimizers import GD, AdaGrad, Adam, Momentum, RMSProp
from ..plots import optimizers as figures
from .base import (
    GAP,
    STYLE,
    Explorer,
    batch_or_none,
    diverged_label,
    int_slider,
    lr_slider,
    run_status,
)

#: The optimizers a student picks from, built from the β slider's value.
CHOICES = {
    "GD": lambda beta: GD(),
    "momentum": lambda beta: Momentum(beta),
    "Nesterov": lambda beta: Momentum(beta, nesterov=True),
    "AdaGrad": lambda beta: AdaGrad(),
    "RMSProp": lambda beta: RMSProp(),
    "Adam": lambda beta: Adam(beta1=beta),
}
#: What the β slider means for each optimizer (None: it does not apply); translated when shown.
BETA_MEANS = {"GD": None, "momentum": N_("momentum β"), "Nesterov": N_("momentum β"),
              "AdaGrad": None, "RMSProp": None, "Adam": N_("Adam's β₁")}
#: The two bowls (the keys are the values of the ``bowl`` control): button label, panel title.
# TRANSLATORS: a bowl is the loss surface (its contours); these label the toggle buttons.
BOWLS = {"narrow": (N_("narrow"), N_("narrow bowl: κ = {kappa}")),
         "round": (N_("round"), N_("round bowl: κ = {kappa}"))}
LR_RANGE = (-3.0, 0.8)          # α from 0.001 to 6.3: past 2(1 + β)/λ_max for every β
OFFSET = (-1.0, -3.0)           # the start θ⁰ = θ̄ + OFFSET, in both bowls
HALF_WINDOW = (4.0, 5.0)        # the contours show θ̄ ± this (w, b): room for momentum's swings


def _choices(labels):
    """The options of a toggle: the keys themselves where their labels read the same (as in
    English), else (label, key) pairs, so that ``control.value`` is always the key."""
    shown = [(_(label), key) for key, (label, _title) in labels.items()]
    return list(labels) if all(label == key for label, key in shown) else shown


def _rate(rho):
    """ρ as a student reads it: 0 when it is only round-off (the round bowl at α = 1)."""
    return "0" if rho < 1e-9 else f"{rho:.3g}"


class OptimizerExplorer(Explorer):
    """An optimizer on the one-feature linear neuron, on the narrow bowl of x or the round
    bowl of standardised x: the path on the contours, the excess loss with the theory
    slope, and the rate ρ against α that theory gives (GD, momentum, Nesterov)."""

    def __init__(self, X, y, optimizer, lr, beta, batch_size, epochs, max_epochs, bowl, seed):
        self.y, self.seed = y, seed
        self.bowls = {"narrow": X, "round": data.standardize(X)[0]}
        canvas = Canvas(3, width=11.5, height=3.8)
        ax_c, ax_l, ax_r = canvas.axes
        self.path = canvas.dynamic(*plots.draw_path(ax_c, [], []))
        self.curve = canvas.dynamic(ax_l.semilogy([], [], color=plots.GD_COLOR, lw=1.5)[0])
        self.theory = canvas.dynamic(ax_l.semilogy([], [], "--", color="black", lw=1.2)[0])
        canvas.live(ax_l).set(xlabel=_("update t"))
        ax_l.set_title(_("excess loss $\\mathcal{L}(\\theta^{[t]}) - \\mathcal{L}(\\bar\\theta)$;\n"
                         "dashed: theory $\\propto\\rho^{2t}$"), fontsize=9)
        self.alphas = np.logspace(*LR_RANGE, 300)
        self.rate_gd = ax_r.semilogx([], [], color=plots.GD_COLOR, lw=1.2, label="GD")[0]
        self.rate_hb = canvas.dynamic(ax_r.semilogx([], [], color=plots.SGD_COLOR, lw=1.5,
                                                    label=_("momentum, this β"))[0])
        self.rate_nag = canvas.dynamic(ax_r.semilogx([], [], color=plots.CLASS_COLORS[2],
                                                     lw=1.5, ls="--",
                                                     label=_("Nesterov, this β"))[0])
        self.rate_dot = canvas.dynamic(ax_r.plot([], [], "o", color="black", ms=7)[0])
        self.no_theory = canvas.dynamic(ax_r.text(
            0.5, 0.25, _("no rate theory for\nadaptive steps"), transform=ax_r.transAxes,
            ha="center", va="center", fontsize=9, color="#555", visible=False))
        ax_r.axhline(1.0, color="grey", lw=0.8)
        ax_r.set(xlim=(self.alphas[0], self.alphas[-1]), ylim=(0.0, 1.5),
                 xlabel=_(r"learning rate $\alpha$"))
        ax_r.set_title(_(r"theory: rate $\rho$ per update (above 1: diverges)"), fontsize=9)
        ax_r.legend(fontsize=7, loc="lower left")
        self.diverged_label = canvas.dynamic(diverged_label(ax_c))
        self.background = None
        n = len(y)
        controls = {
            "optimizer": W.Dropdown(options=list(CHOICES), value=optimizer,
                                    description=_("optimizer"), style=STYLE,
                                    layout=W.Layout(width="210px", margin=GAP)),
            "lr": lr_slider(lr, *LR_RANGE),
            "beta": W.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01,
                                  description=_("momentum β"), readout_format=".2f",
                                  style=STYLE, layout=W.Layout(width="300px", margin=GAP)),
            "batch_size": int_slider(_("batch size |B|"), batch_size or n, 1, n),
            "epochs": int_slider(_("epochs"), epochs, 1, max_epochs),
            "bowl": W.ToggleButtons(options=_choices(BOWLS), value=bowl,
                                    description=_("bowl"), style=STYLE,
                                    layout=W.Layout(margin=GAP)),
        }
        super().__init__(controls, canvas)

    def _draw_background(self, bowl):
        """Contours, θ̄ and GD's rate curve of the chosen bowl (when it changes)."""
        ax = self.canvas.axes[0]
        for artist in list(ax.collections) + [ln for ln in ax.lines if not ln.get_animated()]:
            artist.remove()
        X = self.bowls[bowl]
        self.optimum, self.loss_bar, self.lam = figures.valley(X, self.y)
        self.start = (self.optimum[0] + OFFSET[0], self.optimum[1] + OFFSET[1])
        (w, b), (hw, hb) = self.optimum, HALF_WINDOW
        limits = ((w - hw, w + hw), (b - hb, b + hb))
        if bowl == "round":
            limits = plots.square(limits)
        plots.draw_contours(ax, X, self.y, limits, optimum=self.optimum, num=70)
        ax.set_title(_(BOWLS[bowl][1]).format(
            kappa=f"{quadratic.condition_number(self.lam):.3g}"), fontsize=9)
        self.rate_gd.set_data(self.alphas, quadratic.rate(self.lam, self.alphas))
        self.background = bowl
        self.canvas.invalidate()

    def run(self, optimizer, lr, beta, batch_size, epochs, bowl):
        if self.background != bowl:
            self._draw_background(bowl)
        means = BETA_MEANS[optimizer]
        self.controls["beta"].disabled = means is None
        self.controls["beta"].description = _(means) if means else _("β (not used)")
        X = self.bowls[bowl]
        return descent.descend(linear, X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=batch_or_none(batch_size, len(self.y)),
                               optimizer=CHOICES[optimizer](beta), w0=[self.start[0]],
                               b0=self.start[1])

    def _rho(self, h):
        """The theory's rate for this run's optimizer and α (None for adaptive ones)."""
        opt = h.optimizer
        if isinstance(opt, GD):
            return float(quadratic.rate(self.lam, h.lr))
        if isinstance(opt, Momentum):
            return float(quadratic.rate(self.lam, h.lr, opt.beta, opt.nesterov))
        return None

    def redraw(self, h):
        color = figures.COLORS[self.controls["optimizer"].value]
        self.path[0].set(data=(h.ws[:, 0], h.bs), color=color)
        self.path[1].set(data=(h.ws[:1, 0], h.bs[:1]), color=color)
        E = figures.excess(h, self.loss_bar)
        self.curve.set(data=(np.arange(len(E)), E), color=color)
        rho = self._rho(h)
        beta = self.controls["beta"].value
        self.rate_hb.set_data(self.alphas, quadratic.rate(self.lam, self.alphas, beta))
        self.rate_nag.set_data(self.alphas, quadratic.rate(self.lam, self.alphas, beta, True))
        if rho is None:
            self.theory.set_data([], [])
            self.rate_dot.set_data([], [])
        else:
            self.theory.set_data(*figures.theory_line(E, rho, reanchor=h.batch_size == h.n))
            self.rate_dot.set_data([h.lr], [min(rho, 1.5)])
        self.no_theory.set_visible(rho is None)
        self.diverged_label.set_visible(h.diverged)
        return self.canvas.png()

    def describe(self, h):
        lr_gd, rho_gd = quadratic.optimal_gd(self.lam)
        lr_hb, beta_hb, rho_hb = quadratic.optimal_momentum(self.lam)
        rho = self._rho(h)
        if rho is None:
            theory = _("no rate theory for adaptive steps")
        elif h.batch_size < h.n:
            theory = _("theory: ρ = {rho} per update (full batch)").format(rho=_rate(rho))
        else:
            theory = _("theory: ρ = {rho} per update").format(rho=_rate(rho))
        best = _("<br>On this bowl (κ = {kappa}): GD's best α* = {lr_gd} gives "
                 "ρ = (κ − 1)/(κ + 1) = {rho_gd}; momentum's best α* = {lr_hb}, β* = {beta_hb} "
                 "give ρ = (√κ − 1)/(√κ + 1) = {rho_hb}.").format(
            kappa=f"{quadratic.condition_number(self.lam):.3g}", lr_gd=f"{lr_gd:.3g}",
            rho_gd=_rate(rho_gd), lr_hb=f"{lr_hb:.3g}", beta_hb=f"{beta_hb:.2f}",
            rho_hb=_rate(rho_hb))
        if h.diverged:
            return run_status(h, theory + ".") + best
        E = figures.excess(h, self.loss_bar)
        name = self.controls["optimizer"].value
        if BETA_MEANS[name]:
            name += f" ({_(BETA_MEANS[name])} = {self.controls['beta'].value:.2f})"
        return _("<b>{name}</b> · {status} · excess loss L − L(θ̄) = <b>{excess}</b> · "
                 "{theory}{best}").format(name=name, status=run_status(h),
                                          excess=f"{E[-1]:.2g}", theory=theory, best=best)


def optimizer_explorer(X, y, optimizer="momentum", lr=0.05, beta=0.9, batch_size=None,
                       epochs=100, max_epochs=300, bowl="narrow", seed=0):
    """GD, momentum, Nesterov, AdaGrad, RMSProp or Adam on a one-feature linear neuron.

    Controls: the optimizer, α (log slider), β (momentum's, or Adam's β₁), |B|, epochs
    and the bowl: "narrow" is the loss of x as given (far from 0: w and b are tied, κ
    large), "round" that of standardised x (κ = 1). Panels: the path on the contours;
    the excess loss L(θ^[t]) − L(θ̄) with the theory slope ρ^{2t}; ρ against α for GD,
    momentum and Nesterov at this β, with the current α marked.
    """
    X, y = linear.check_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(_("optimizer_explorer draws one feature, X has {d}: pass X[:, [j]] "
                           "for the feature j you want.").format(d=X.shape[1]))
    if optimizer not in CHOICES:
        raise ValueError(_("optimizer must be one of {choices}, got {got}.").format(
            choices=", ".join(CHOICES), got=repr(optimizer)))
    if bowl not in BOWLS:
        raise ValueError(_("bowl must be 'narrow' or 'round', got {got}.").format(
            got=repr(bowl)))
    return OptimizerExplorer(X, y, optimizer, lr, beta, batch_size, epochs, max_epochs, bowl,
                             seed)
