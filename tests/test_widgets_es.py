"""The explorers in Spanish: status lines, controls, figure texts and the text/plain repr.

The same explorers as tests/test_widgets.py (its ``explorers`` fixture), built after
``gdlib.set_language("es")``; English comes back after every test.
"""
import re

import pytest

import gdlib
from gdlib import i18n, widgets
from tests.test_widgets import explorers, status_of  # noqa: F401  (the fixture)

#: English words that a Spanish explorer must not show (momentum, GD, SGD, Adam, … are names).
ENGLISH = re.compile(r"\b(updates?|epochs?|loss|learning rate|batch size|minibatch(es)?|"
                     r"training|validation|accuracy|diverged|converged|weight|bias|bowl|"
                     r"narrow|round|standardi[sz]ed?|raw|hidden units|seed|theory|excess|"
                     r"per update|global minimum|not used|optimizer|lowest|early stopping|"
                     r"the|and|at|of|is|too large|log scale|dashed|class)\b")
#: What the explorers' own code writes in their figures (gdlib.plots' texts are not theirs).
FIGURE_ENGLISH = re.compile(r"update t|examples seen|log scale|excess loss|dashed|theory|"
                            r"learning rate|bowl|diverged|\(training\)|validation|"
                            r"\btraining\b|standardised|raw x")


@pytest.fixture
def spanish():
    before = i18n.missing()
    gdlib.set_language("es")
    try:
        yield
        assert i18n.missing() <= before, f"untranslated: {i18n.missing() - before}"
    finally:
        gdlib.set_language("en")


def words(html):
    """The text of a status line, without its tags."""
    return re.sub(r"<[^>]+>", " ", html)


def shown(ex):
    """Everything the student reads outside the figure: status, control labels, options."""
    texts = [words(status_of(ex))]
    for control in ex.controls.values():
        texts.append(control.description)
        texts += list(getattr(control, "_options_labels", ()))
    return texts


def figure_texts(ex):
    """What the figure shows: the backdrops' words and the labels the page draws."""
    return backdrop_words(ex.figure.problem) + page_words(ex.figure.texts)


def backdrop_words(value):
    """The words of every backdrop in a browser figure's problem (front.words)."""
    if isinstance(value, dict):
        return list(value.get("words", [])) + [w for v in value.values() for w in backdrop_words(v)]
    if isinstance(value, list):
        return [w for v in value for w in backdrop_words(v)]
    return []


def page_words(texts):
    """The words the page draws itself (labels on the canvas), not the status templates."""
    return [v for k, v in texts.items() if k.endswith("_label")]


def assert_spanish(ex):
    for text in shown(ex):
        assert not ENGLISH.search(text), f"English in {text!r}"
    for text in figure_texts(ex):
        assert not FIGURE_ENGLISH.search(text), f"English in the figure: {text!r}"
    plain = ex._repr_mimebundle_()["text/plain"]
    assert "figura interactiva" in plain and "JupyterLab" in plain


@pytest.mark.parametrize("name", list(widgets.EXPLORERS))
def test_every_explorer_speaks_spanish(explorers, spanish, name):   # noqa: F811
    ex = explorers[name]()
    assert_spanish(ex)
    status = words(status_of(ex))
    if name == "surface":
        assert "el mínimo global" in status
        assert [c.description for c in ex.controls.values()] == ["peso w", "sesgo b"]
        return
    assert "épocas" in status and "actualizaciones" in status and "pérdida final" in status
    assert ex.controls["lr"].description == "tasa de aprendizaje α"
    assert ex.controls["epochs"].description == "épocas"
    if "batch_size" in ex.controls:
        assert ex.controls["batch_size"].description == "tamaño del minilote |B|"
        ex.controls["batch_size"].value = 1          # the cap note, where the range shrinks
        if ex.epochs_cap() < ex.max_epochs:
            assert "las épocas llegan hasta" in status_of(ex)
        assert_spanish(ex)
    ex.controls["lr"].value = 10 ** ex.controls["lr"].max
    assert ex.history.diverged and "divergió" in status_of(ex)
    assert_spanish(ex)


def test_the_optimizer_explorer_in_spanish(explorers, spanish):   # noqa: F811
    ex = explorers["optimizers"]()
    bowl = ex.controls["bowl"]
    assert bowl._options_labels == ("estrecho", "redondo")
    assert bowl.value == "narrow"                    # the values stay the keys
    bowl.value = "round"
    assert "tazón redondo" in ex.bowl.fig.axes[0].get_title()
    for name in ex.controls["optimizer"].options:
        ex.controls["optimizer"].value = name
        for text in [words(ex.status), *(c.description for c in ex.controls.values()),
                     *bowl._options_labels]:
            assert not ENGLISH.search(text), f"English in {text!r}"
        has_theory = name in ("GD", "momentum", "Nesterov")
        assert ("teoría: ρ = " in ex.status) == has_theory
        assert "exceso de pérdida" in ex.status and "En este tazón" in ex.status
    for backdrop in ex.bowls.values():               # the backdrops and the page's own texts
        for ax in backdrop.fig.axes:
            legend = ax.get_legend()
            texts = [ax.get_title(), ax.get_xlabel()]
            texts += [t.get_text() for t in legend.get_texts()] if legend else []
            for text in texts:
                assert not FIGURE_ENGLISH.search(text), f"English in the figure: {text!r}"
    assert ex.figure.texts["no_theory_figure"].startswith("sin teoría de la tasa ρ\n")
    for text in ex.figure.texts.values():            # (without the templates' {fields})
        assert not FIGURE_ENGLISH.search(re.sub(r"\{\w+\}", "", str(text))), text
    assert ex.controls["beta"].description == "β₁ de Adam"
    ex.controls["optimizer"].value = "GD"
    assert ex.controls["beta"].description == "β (no se usa)"


def test_the_sgd_explorer_counts_one_minibatch_in_spanish(explorers, spanish):   # noqa: F811
    ex = explorers["sgd"]()
    assert "minilotes por época" in status_of(ex)
    ex.controls["batch_size"].value = ex.controls["batch_size"].max
    assert "k = 1 minilote por época" in status_of(ex)
    one, many = ex.figure.texts["sgd_status"]            # what the page fills in
    assert "k = {k} minilote por época" in one and "minilotes por época" in many


def test_the_network_explorer_speaks_spanish_in_the_page(explorers, spanish):   # noqa: F811
    """What js/network.js fills in (the kernel's translated templates) and the status line the
    page shows are Spanish."""
    ex = explorers["network"]()
    texts = ex.figure.texts
    assert "exactitud" in texts["network"] and "paro temprano" in texts["network"]
    for key in ("network", "status", "diverged", "rising", "cap", "diverged_label"):
        text = re.sub(r"\{\w+\}", " ", words(texts[key]))        # {training}: a field name
        assert not ENGLISH.search(text), f"English in the page's {key!r}: {text}"
    assert "épocas" in ex.status and "pérdida de validación mínima" in ex.status
    assert not ENGLISH.search(words(ex.status))
    assert [c.description for c in ex.controls.values()][-2:] == ["unidades ocultas h",
                                                                  "semilla del inicio"]


def test_explorer_errors_in_spanish(spanish):
    import numpy as np
    with pytest.raises(ValueError, match="dibuja datos en 2-D"):
        widgets.logistic_explorer(np.zeros((4, 3)), np.array([0, 1, 0, 1]))
    with pytest.raises(ValueError, match="no 'flat'"):
        widgets.optimizer_explorer(np.zeros((4, 1)), np.zeros(4), bowl="flat")


def test_the_surface_and_regression_explorers_speak_spanish_in_the_page(explorers, spanish):   # noqa: F811
    """What js/surface.js and js/regression.js fill in comes translated from the kernel."""
    ex = explorers["surface"]()
    assert "el mínimo global" in ex.status and not ENGLISH.search(words(ex.status))
    assert ex.figure.texts["surface"] == i18n._(widgets.surface.SURFACE) != widgets.surface.SURFACE
    assert [c.description for c in ex.controls.values()] == ["peso w", "sesgo b"]
    ex = explorers["regression"]()
    assert "con esta escala" in ex.status and not ENGLISH.search(words(ex.status))
    assert ex.figure.texts["crit"] == "(α / α_crit = {ratio}, α_crit = {crit} con esta escala)"
    assert ex.controls["standardize"].description == "estandarizar x"
    ex.controls["batch_size"].value = 1
    assert "las épocas llegan hasta" in ex.status and not ENGLISH.search(words(ex.status))
    ex.controls["lr"].value = 10 ** ex.controls["lr"].max
    assert "divergió" in ex.status and ex.figure.texts["diverged_label"] == "divergió"


def test_the_regression_backdrops_are_drawn_in_spanish(spanish):
    """The texts matplotlib draws into both backdrops (the page only shows their pixels)."""
    from gdlib import data
    ex = widgets.regression_explorer(*data.load_diabetes(features="bmi"))

    def backdrops(value):
        if isinstance(value, dict):
            return ([value] if "words" in value else []) + [b for v in value.values()
                                                            for b in backdrops(v)]
        return [b for v in value for b in backdrops(v)] if isinstance(value, list) else []
    found = backdrops(ex.figure.problem)
    assert len(found) == 2
    for backdrop in found:
        assert backdrop["words"] and not [t for t in backdrop["words"] if FIGURE_ENGLISH.search(t)]

