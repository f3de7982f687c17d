"""Explorer of notebook 07: every optimizer on a round or a narrow bowl, with the theory.

Drawn in the browser (``js/optimizers.js``): the kernel sends both bowls once (data, start,
θ̄, L(θ̄), H's eigenvalues, numpy's shuffles, and matplotlib's backdrop of each); the page
reruns the optimizer and the theory's rates ρ(α, β) (``quadratic.rate``) on every input.
"""
from __future__ import annotations

import ipywidgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .. import data, descent, linear, plots, quadratic
from .front import snap_down, snap_up
from ..i18n import N_, _, say, translated
from ..optimizers import GD, REGISTRY, Momentum
from ..plots.style import new_figure
from . import front
from .base import (
    GAP,
    MAX_UPDATES,
    STYLE,
    Explorer,
    batch_or_none,
    int_slider,
    loss_panel,
    lr_slider,
    run_status,
)
from .front import backdrop, nice_limits
from .paths import max_updates

#: The optimizers a student picks from (gdlib.optimizers.REGISTRY), each built from the β
#: slider's value.
CHOICES = {name: entry.build for name, entry in REGISTRY.items() if entry.explorer}
#: What the β slider means for each optimizer (None: it does not apply); translated when shown.
BETA_MEANS = {name: REGISTRY[name].beta_means for name in CHOICES}
#: The two bowls (the keys are the values of the ``bowl`` control): button label, panel title.
# TRANSLATORS: a bowl is the loss surface (its contours); these label the toggle buttons.
BOWLS = {"narrow": (N_("narrow"), N_("narrow bowl: κ = {kappa}")),
         "round": (N_("round"), N_("round bowl: κ = {kappa}"))}
LR_RANGE = (-3.0, 0.8)          # α from 0.001 to 6.3: past 2(1 + β)/λ_max for every β
OFFSET = (-1.0, -3.0)           # the start θ⁰ = θ̄ + OFFSET, in both bowls
HALF_WINDOW = (4.0, 5.0)        # the contours show θ̄ ± this (w, b): room for momentum's swings
RHO_MAX = 1.5                   # the top of the rate panel (a larger ρ is drawn at the top)
#: The status line's sentences about the theory, under the names the page knows them by
#: (js/optimizers.js); translated when shown, here and in the page.
THEORY_TEXTS = {
    "theory": N_("theory: ρ = {rho} per update"),
    "theory_sgd": N_("theory: ρ = {rho} per update (full batch)"),
    "no_theory": N_("no rate theory for adaptive steps"),
    "beta_unused": N_("β (not used)"),
    "line": N_("<b>{name}</b> · {status} · excess loss L − L(θ̄) = <b>{excess}</b> · "
               "{theory}{best}"),
}
BEST = N_("<br>On this bowl (κ = {kappa}): GD's best α* = {lr_gd} gives "
          "ρ = (κ − 1)/(κ + 1) = {rho_gd}; momentum's best α* = {lr_hb}, β* = {beta_hb} "
          "give ρ = (√κ − 1)/(√κ + 1) = {rho_hb}.")


def _choices(labels):
    """The options of a toggle: the keys themselves where their labels read the same (as in
    English), else (label, key) pairs, so that ``control.value`` is always the key."""
    shown = [(_(label), key) for key, (label, _title) in labels.items()]
    return list(labels) if all(label == key for label, key in shown) else shown


def _rate(rho):
    """ρ as a student reads it: 0 when it is only round-off (the round bowl at α = 1)."""
    return "0" if rho < 1e-9 else f"{rho:.3g}"


def excess_range(initial_excess, limit):
    """The fixed log range of the excess-loss panel, which holds every run the controls make.

    Bottom: ``quadratic.excess`` keeps every excess loss at or above FLOOR · E⁰ (below that
    it is round-off), so snap_down(FLOOR · E⁰ / 2) is under every point, and a run that
    reaches round-off is drawn just inside the panel, not on its bottom spine. Top: a run stops as
    diverged at the first loss above ``limit`` = BLOWUP · max(L(θ⁰), 1), so every excess
    before it is below snap_up(limit); the diverging update itself leaves at the top (the
    panel says "diverged").
    """
    return snap_down(quadratic.FLOOR * initial_excess / 2), snap_up(limit)


class Bowl:
    """One of the two bowls: what a run and its theory need, and its backdrop (the contours,
    the excess-loss axes, GD's ρ against α), drawn once."""

    def __init__(self, name, X, y, alphas, updates, max_epochs, seed):
        self.X, self.y = X, y
        self.optimum, self.loss_bar, self.lam = quadratic.valley(X, y)
        self.start = (self.optimum[0] + OFFSET[0], self.optimum[1] + OFFSET[1])
        initial = linear.loss(X, y, [self.start[0]], self.start[1])
        self.fig = fig = new_figure(3, width=11.5, height=3.8)[0]
        ax_c, ax_l, ax_r = fig.axes
        (w, b), (hw, hb) = self.optimum, HALF_WINDOW
        limits = ((w - hw, w + hw), (b - hb, b + hb))
        if name == "round":
            limits = plots.square(limits)
        plots.draw_contours(ax_c, X, y, limits, optimum=self.optimum, num=70)
        kappa = f"{quadratic.condition_number(self.lam):.3g}"
        ax_c.set_title(_(BOWLS[name][1]).format(kappa=kappa), fontsize=9)
        loss_panel(ax_l, _("update t"),
                   excess_range(initial - self.loss_bar, descent.BLOWUP * max(initial, 1.0)))
        ax_l.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))  # a narrow panel
        ax_l.set_title(_("excess loss $\\mathcal{L}(\\theta^{[t]}) - \\mathcal{L}(\\bar\\theta)$;"
                         "\ndashed: theory $\\propto\\rho^{2t}$"), fontsize=9)
        colors = {name: REGISTRY[name].color for name in ("GD", "momentum", "Nesterov")}
        ax_r.semilogx(alphas, quadratic.rate(self.lam, alphas), color=colors["GD"], lw=1.2)
        ax_r.axhline(1.0, color="grey", lw=0.8)
        ax_r.set(xlim=(alphas[0], alphas[-1]), ylim=(0.0, RHO_MAX),
                 xlabel=_(r"learning rate $\alpha$"))
        ax_r.set_title(_(r"theory: rate $\rho$ per update (above 1: diverges)"), fontsize=9)
        ax_r.legend(handles=[
            Line2D([], [], color=colors["GD"], lw=1.2, label="GD"),
            Line2D([], [], color=colors["momentum"], lw=1.5, label=_("momentum, this β")),
            Line2D([], [], color=colors["Nesterov"], lw=1.5, ls="--",
                   label=_("Nesterov, this β"))], fontsize=7, loc="lower left")
        self.backdrop = backdrop(fig, [(ax_l, nice_limits(updates))])
        self.orders = descent.shuffles(linear, X, y, epochs=max_epochs, seed=seed)
        lr_gd, rho_gd = quadratic.optimal_gd(self.lam)
        lr_hb, beta_hb, rho_hb = quadratic.optimal_momentum(self.lam)
        self.best = _(BEST).format(kappa=kappa, lr_gd=f"{lr_gd:.3g}", rho_gd=_rate(rho_gd),
                                   lr_hb=f"{lr_hb:.3g}", beta_hb=f"{beta_hb:.2f}",
                                   rho_hb=_rate(rho_hb))

    def problem(self):
        """What the page gets for this bowl (js/optimizers.js)."""
        return {"X": front.floats(self.X), "y": front.floats(self.y),
                "start": [float(v) for v in self.start], "loss_bar": float(self.loss_bar),
                "lam": [float(v) for v in self.lam], "orders": front.ints(self.orders),
                "best": self.best, "backdrop": self.backdrop}


def rules():
    """The menu's optimizers as the page builds and draws them (gdlib.optimizers.REGISTRY):
    its rule in js/descent.js (the class's name), the fixed options, the parameter the β
    slider sets, and its colour."""
    return {name: {"rule": entry.rule.__name__, "options": dict(entry.options),
                   "beta": entry.beta, "color": entry.color}
            for name, entry in REGISTRY.items() if name in CHOICES}


class OptimizerExplorer(Explorer):
    """An optimizer on the one-feature linear neuron, on the narrow bowl of x or the round
    bowl of standardised x: the path on the contours, the excess loss with the theory
    slope, and the rate ρ against α that theory gives (GD, momentum, Nesterov)."""

    def __init__(self, X, y, optimizer, lr, beta, batch_size, epochs, max_epochs, bowl, seed):
        self.y, self.seed = y, seed
        n = len(y)
        self.alphas = np.logspace(*LR_RANGE, 300)
        updates = max(max_epochs, max_updates(n, max_epochs))
        self.bowls = {name: Bowl(name, X_bowl, y, self.alphas, updates, max_epochs, seed)
                      for name, X_bowl in (("narrow", X), ("round", data.standardize(X)[0]))}
        controls = {
            "optimizer": ipywidgets.Dropdown(options=list(CHOICES), value=optimizer,
                                             description=_("optimizer"), style=STYLE,
                                             layout=ipywidgets.Layout(width="210px", margin=GAP)),
            "lr": lr_slider(lr, *LR_RANGE),
            "beta": ipywidgets.FloatSlider(value=beta, min=0.0, max=0.99, step=0.01,
                                           description=_("momentum β"), readout_format=".2f",
                                           style=STYLE,
                                           layout=ipywidgets.Layout(width="300px", margin=GAP)),
            "batch_size": int_slider(_("batch size |B|"), batch_size or n, 1, n),
            "epochs": int_slider(_("epochs"), epochs, 1, max_epochs),
            "bowl": ipywidgets.ToggleButtons(options=_choices(BOWLS), value=bowl,
                                             description=_("bowl"), style=STYLE,
                                             layout=ipywidgets.Layout(margin=GAP)),
        }
        controls["optimizer"].observe(self._beta_label, names="value")
        figure = front.figure_class("optimizers")(
            problem={"optimizers": list(CHOICES), "rules": rules(), "bowl_names": list(BOWLS),
                     "n": n, "max_epochs": max_epochs, "max_updates": MAX_UPDATES,
                     "alphas": front.floats(self.alphas), "rho_max": RHO_MAX,
                     "bowls": {name: b.problem() for name, b in self.bowls.items()}})
        super().__init__(controls, figure)
        self._beta_label()
        figure.texts = {**self.texts(), **translated(THEORY_TEXTS),
                        "no_theory_figure": _("no rate theory for\nadaptive steps"),
                        "beta_means": {k: _(v) if v else None for k, v in BETA_MEANS.items()}}

    def _beta_label(self, _change=None):
        """The β slider says what β means for this optimizer, and is off where it does not
        apply. The page does the same itself (js/optimizers.js ``labelBeta``), so that a page
        with no kernel (the static site) shows it too; here it holds for a kernel alone."""
        means = BETA_MEANS[self.controls["optimizer"].value]
        self.controls["beta"].disabled = means is None
        self.controls["beta"].description = _(means) if means else say(THEORY_TEXTS, "beta_unused")

    @property
    def bowl(self):
        """The bowl the controls show (a ``Bowl``)."""
        return self.bowls[self.controls["bowl"].value]

    @property
    def lam(self):
        """H's eigenvalues on the bowl shown."""
        return self.bowl.lam

    def run(self, optimizer, lr, beta, batch_size, epochs, bowl):
        b = self.bowls[bowl]
        return descent.descend(linear, b.X, self.y, lr=lr, epochs=epochs, seed=self.seed,
                               batch_size=batch_or_none(batch_size, len(self.y)),
                               optimizer=CHOICES[optimizer](beta), w0=[b.start[0]],
                               b0=b.start[1])

    def _rho(self, history):
        """The theory's rate for this run's optimizer and α (None for adaptive ones)."""
        opt = history.optimizer
        if isinstance(opt, GD):
            return float(quadratic.rate(self.lam, history.lr))
        if isinstance(opt, Momentum):
            return float(quadratic.rate(self.lam, history.lr, opt.beta, opt.nesterov))
        return None

    @property
    def rho(self):
        """The theory's rate ρ of the run at the controls' values (None: adaptive steps)."""
        return self._rho(self.result)

    def describe(self, history):
        rho = self._rho(history)
        if rho is None:
            theory = say(THEORY_TEXTS, "no_theory")
        else:
            full_batch = history.batch_size == history.n
            theory = say(THEORY_TEXTS, "theory" if full_batch else "theory_sgd", rho=_rate(rho))
        best = self.bowl.best
        if history.diverged:
            return run_status(history, theory + ".") + best
        E = quadratic.excess(history, self.bowl.loss_bar)
        name = self.controls["optimizer"].value
        if BETA_MEANS[name]:
            name += f" ({_(BETA_MEANS[name])} = {self.controls['beta'].value:.2f})"
        return say(THEORY_TEXTS, "line", name=name, status=run_status(history),
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
    X, y = linear.validate_data(X, y)
    if X.shape[1] != 1:
        raise ValueError(_("optimizer_explorer draws one feature, X has {d}: pass X[:, [j]] "
                           "for the feature j you want.").format(d=X.shape[1]))
    if optimizer not in CHOICES:
        raise ValueError(_("optimizer must be one of {choices}, got {got}.").format(
            choices=", ".join(CHOICES), got=repr(optimizer)))
    if bowl not in BOWLS:
        raise ValueError(_("bowl must be 'narrow' or 'round', got {got}.").format(
            got=repr(bowl)))
    return OptimizerExplorer(X, y, optimizer, lr, beta, batch_size, epochs,
                             max_epochs, bowl, seed)
