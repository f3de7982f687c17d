"""What every explorer shares: the controls, the Explorer class (controls linked in the page
to a figure drawn there), the status line of a run, and a loss panel."""
from __future__ import annotations

import ipywidgets
import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import descent
from ..i18n import N_, _, ngettext, say, translated
from .front import LossTicks, compact_number

STYLE = {"description_width": "initial"}
GAP = "2px 16px 2px 0"      # room between a slider's readout and the next label

#: An explorer run makes at most this many updates, so that a slider move stays quick
#: (~30 µs each): with a small |B| the epochs slider's range shrinks to fit.
MAX_UPDATES = 3000


def lr_slider(value, low, high):
    """α on a log scale, from 10^low to 10^high."""
    return ipywidgets.FloatLogSlider(value=value, base=10, min=low, max=high, step=0.05,
                                     description=_("learning rate α"), readout_format=".3g",
                                     style=STYLE,
                                     layout=ipywidgets.Layout(width="360px", margin=GAP))


def int_slider(description, value, low, high):
    return ipywidgets.IntSlider(value=value, min=low, max=high, description=description,
                                style=STYLE, layout=ipywidgets.Layout(width="300px", margin=GAP))


def float_slider(description, value, low, high):
    return ipywidgets.FloatSlider(value=value, min=low, max=high, step=(high - low) / 200,
                                  description=description, readout_format=".2f", style=STYLE,
                                  layout=ipywidgets.Layout(width="300px", margin=GAP))


def log_range(center, below=3.0, above=0.6):
    """Slider exponents around log10(center); with the lr slider's step of 0.05 and a
    whole number of steps below, ``center`` itself is a slider value."""
    c = np.log10(center)
    return c - below, c + above


#: The status line's sentences, under the names the page knows them by (js/status.js);
#: translated when shown, here and in the page.
STATUS_TEXTS = {
    "diverged": N_("<b style='color:#c92a2a'>⚠ diverged</b> after {updates} {update_word}: "
                   "the loss passed {limit} = {blowup} · max(L(θ⁰), 1), so α = {lr} is too "
                   "large. {extra}"),
    "rising": N_("The loss went up: α is too large."),
    "status": N_("{updates} updates, {epochs} epochs · final loss <b>{loss}</b>{note} {extra}"),
    "cap": N_("<br><i>epochs go up to {max} here: at this |B| an epoch is {k} updates, and the "
              "explorer stops at {limit} to stay quick (gdlib.descend has no such limit).</i>"),
}


def on_grid(slider):
    """Put a float slider's value on its grid, min + k · step (for a log slider, of the
    exponent), as the slider in the page does when it is drawn (α = 0.05 shows as 0.0501):
    the kernel then runs what the page runs."""
    if not isinstance(slider, (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider)):
        return
    log = isinstance(slider, ipywidgets.FloatLogSlider)
    where = np.log10(slider.value) / np.log10(slider.base) if log else slider.value
    k = np.clip(np.round((where - slider.min) / slider.step), 0,
                np.round((slider.max - slider.min) / slider.step))
    where = slider.min + k * slider.step
    slider.value = float(slider.base ** where if log else where)


def run_status(history, extra=""):
    """The status line of a run: a clear 'diverged' instead of NaNs and warnings."""
    if history.diverged:
        return say(STATUS_TEXTS, "diverged", updates=history.updates,
                   update_word=ngettext("update", "updates", history.updates),
                   limit=f"{history.loss_limit:.3g}", blowup=f"{descent.BLOWUP:g}",
                   lr=f"{history.lr:.3g}", extra=extra)
    rising = history.losses[-1] > history.losses[0]
    note = " <b style='color:#c92a2a'>" + say(STATUS_TEXTS, "rising") + "</b>" if rising else ""
    return say(STATUS_TEXTS, "status", updates=history.updates, epochs=history.epochs_run,
               loss=f"{history.losses[-1]:.5g}", note=note, extra=extra)


def trainer_controls(n, lr, lr_range, batch_size, epochs, max_epochs):
    controls = {"lr": lr_slider(lr, *lr_range)}
    if batch_size is not False:
        controls["batch_size"] = int_slider(_("batch size |B|"), batch_size or n, 1, n)
    controls["epochs"] = int_slider(_("epochs"), epochs, 1, max_epochs)
    return controls


def loss_panel(ax, xlabel, ylim):
    """A loss panel drawn in the browser: log scale, a fixed y range that holds every run,
    its name as a title (as ``loss_axes``)."""
    ax.set_yscale("log")
    ax.set_ylim(*ylim)
    ax.minorticks_off()
    ax.yaxis.set_major_locator(LossTicks())
    ax.yaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.set_xlabel(xlabel)
    ax.set_title(_(r"loss $\mathcal{L}(\theta^{[t]})$ (log scale)"), fontsize=9, y=1.0)


def batch_or_none(batch_size, n):
    return None if batch_size in (None, n) else batch_size



class Explorer:
    """Controls linked, in the browser, to a ``front.Figure`` that reruns and draws there.

    The sliders are ipywidgets' own; ``ipywidgets.jslink`` ties each one to the figure's
    trait of the same name, so the picture follows the hand without the kernel. The page
    also moves the sliders' ranges where a control asks for it (the epochs slider's maximum
    follows |B|, ``epochs_cap``; 02's α slider follows the bowl): the figure gets the
    controls' widget references (its ``controls`` trait, ``IPY_MODEL_<id>``) and sets their ``min``/``max``/``value``
    itself, in JupyterLab (which syncs them back here) and on a page with no kernel alike.
    The kernel still hears every value: ``result`` / ``history`` rerun gdlib at the values
    the sliders hold (the reference the browser's numbers are tested against), and
    ``status`` is the status line the page shows for them.

    Subclasses build the figure and define ``run(**values)`` and ``describe(result)``.
    """

    def __init__(self, controls, figure):
        self.controls, self.figure = controls, figure
        self.max_epochs = controls["epochs"].max if "epochs" in controls else None
        self._cache = None
        self.links = []
        if self.max_epochs is not None:          # the range the page starts from
            controls["epochs"].max = self.epochs_cap()
        for name, control in controls.items():
            control.add_class("gd-control")
            control.add_class(f"gd-control-{name}")
            on_grid(control)
            # a menu or toggle buttons sync their index, not their value: the figure gets the
            # index (the page knows the options from the problem)
            synced = "index" if hasattr(control, "options") else "value"
            setattr(figure, name, getattr(control, synced))
            self.links.append(ipywidgets.jslink((control, synced), (figure, name)))
        figure.controls = {name: f"IPY_MODEL_{control.model_id}" for name, control in controls.items()}
        figure.add_class("gd-figure-widget")
        row = ipywidgets.HBox(list(controls.values()),
                              layout=ipywidgets.Layout(flex_flow="row wrap"))
        self.widget = ipywidgets.VBox([row, figure])
        self.widget.add_class("gd-explorer")

    def values(self):
        return {name: control.value for name, control in self.controls.items()}

    def epochs_cap(self):
        """The epochs slider's maximum at the |B| the controls hold: epochs · k ≤ MAX_UPDATES
        (k minibatches per epoch). The page lowers the slider to it when |B| shrinks
        (js/controls.js); a run never goes past it (js/status.js ``cappedEpochs``)."""
        if "batch_size" not in self.controls:
            return self.max_epochs
        size = self.controls["batch_size"]
        k = descent.minibatches(size.max, size.value)      # size.max is n
        return max(1, min(self.max_epochs, MAX_UPDATES // k))

    def _cap_note(self):
        cap = self.epochs_cap()
        if cap is None or cap == self.max_epochs:
            return ""
        size = self.controls["batch_size"]
        return say(STATUS_TEXTS, "cap", max=cap, k=descent.minibatches(size.max, size.value),
                   limit=MAX_UPDATES)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = _("[{name}: an interactive figure with sliders; run the "
                                 "notebook in JupyterLab to use it]").format(
                                     name=type(self).__name__)
        return bundle

    @property
    def result(self):
        """The run at the controls' values (rerun only when they changed), as the page runs
        it: at most ``epochs_cap()`` epochs (the page's slider goes no further)."""
        values = self.values()
        if "epochs" in values:
            values["epochs"] = min(values["epochs"], self.epochs_cap())
        key = tuple(sorted(values.items()))
        if self._cache is None or self._cache[0] != key:
            self._cache = key, self.run(**values)
        return self._cache[1]

    @property
    def history(self):
        """The last run (a ``descent.History``)."""
        return self.result

    @property
    def status(self):
        """The status line (HTML) the page shows for the controls' values."""
        return self.describe(self.result) + self._cap_note()

    def texts(self):
        """The translated templates the page fills in (``js/status.js``)."""
        return {**translated(STATUS_TEXTS), "diverged_label": _("diverged"),
                "update_word": [ngettext("update", "updates", 1),
                                ngettext("update", "updates", 2)]}
