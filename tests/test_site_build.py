"""site_build's pieces that need no kernel and no browser (the whole site: tests/e2e/test_site.py)."""
from __future__ import annotations

import re

import nbformat

from site_build import build as sb

VIEW = sb.WIDGET_VIEW


def model(name, module="@jupyter-widgets/controls", classes=(), **state):
    return {"model_name": name, "model_module": module, "model_module_version": "2.0.0",
            "state": {"_dom_classes": list(classes), **state}}


def explorer_state(live):
    """A shown explorer (box → row of a slider, figure), its jslink, and an unshown widget."""
    figure = (model("AnyModel", module="anywidget", classes=["gd-figure-widget"]) if live
              else model("ImageModel", classes=["gd-figure"]))
    return {
        "box": model("VBoxModel", classes=["gd-explorer"], children=["IPY_MODEL_row", "IPY_MODEL_fig"]),
        "row": model("HBoxModel", children=["IPY_MODEL_lr"], layout="IPY_MODEL_layout"),
        "layout": model("LayoutModel", module="@jupyter-widgets/base"),
        "lr": model("FloatLogSliderModel", classes=["gd-control", "gd-control-lr"]),
        "fig": figure,
        "link": model("LinkModel", source=["IPY_MODEL_lr", "value"], target=["IPY_MODEL_fig", "lr"]),
        "unshown": model("IntSliderModel", classes=["gd-control"]),
        "unshown_link": model("LinkModel", source=["IPY_MODEL_unshown", "value"],
                              target=["IPY_MODEL_fig", "epochs"]),
    }


def notebook(state):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("See [notebook 3](03_stochastic_gradient_descent.ipynb), "
                                              "[es](../es/02_descenso_por_gradiente.ipynb#Explorar) and "
                                              "[the README](../../README.md)."),
                nbformat.v4.new_code_cell("widgets.gd_explorer(X, y)")]
    nb.cells[1].outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/plain": "[PathExplorer: …]",
                                VIEW: {"version_major": 2, "version_minor": 0, "model_id": "box"}},
        execution_count=1)]
    nb.metadata["widgets"] = {sb.WIDGET_STATE: {"version_major": 2, "version_minor": 0, "state": state}}
    return nb


def test_prune_keeps_what_the_shown_views_reach_and_their_links():
    kept = sb.prune(explorer_state(live=True), ["box"])
    assert set(kept) == {"box", "row", "layout", "lr", "fig", "link"}


def test_explorers_are_live_when_an_anywidget_draws_them():
    for live in (True, False):
        (found,) = sb.explorers(explorer_state(live))
        assert (found.model, found.live, found.controls) == ("box", live, ["lr"])


def test_a_static_explorer_says_so_and_its_controls_are_off():
    nb = notebook(explorer_state(live=False))
    (found,) = sb.prepare(nb, "es")
    assert not found.live
    state = nb.metadata["widgets"][sb.WIDGET_STATE]["state"]
    assert state["lr"]["state"]["disabled"] is True
    note, widget = nb.cells[1].outputs
    assert "gd-static-note" in note["data"]["text/html"] and "todavía" in note["data"]["text/html"]
    assert VIEW in widget["data"]


def test_a_live_explorer_is_left_as_the_kernel_made_it():
    nb = notebook(explorer_state(live=True))
    (found,) = sb.prepare(nb, "en")
    assert found.live
    assert "disabled" not in nb.metadata["widgets"][sb.WIDGET_STATE]["state"]["lr"]["state"]
    assert len(nb.cells[1].outputs) == 1


def test_links_to_notebooks_become_links_to_pages():
    nb = notebook({})
    sb.prepare(nb, "en")
    assert nb.cells[0].source == ("See [notebook 3](03_stochastic_gradient_descent.html), "
                                  "[es](../es/02_descenso_por_gradiente.html#Explorar) and "
                                  "[the README](../index.html).")


def test_the_course_map_links_every_lesson_of_both_editions():
    for readme, heading in (("README.md", "## Course map"), ("README.es.md", "## Mapa del curso")):
        html = sb.course_map(readme, heading)
        links = set(re.findall(r'href="([^"]+)"', html))
        pages = {f"{lang}/{p.stem}.html" for lang, paths in sb.lessons().items() for p in paths}
        assert len(pages) == 16 and pages <= links, (readme, sorted(pages - links))
        assert "<table>" in html


def test_every_lesson_has_its_partner_in_the_other_edition():
    for lang, paths in sb.lessons().items():
        for path in paths:
            other = sb.partner(path)
            assert other.parent.name != lang and other.name[:3] == path.name[:3]
