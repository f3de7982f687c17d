"""site_build: its pieces without a kernel or a browser, and one page built (the whole site in a
browser: tests/e2e/test_site.py)."""
from __future__ import annotations

import re

import nbformat
import pytest

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


@pytest.mark.notebooks          # it runs a notebook: the slow tier, not `make check`
def test_build_one_page_self_contained(tmp_path):
    """``make site`` for one notebook with a live explorer: the page, its .ipynb, the index and
    the shared files; every script and style sheet a page names is a file of the site (no
    URL to another server), and the stored widget state carries the explorer's module."""
    import html.parser
    import json
    import shutil

    if shutil.which("npm") is None and not (sb.NODE_MODULES / ".package-lock.json").exists():
        pytest.skip("npm is not installed: the site's front-end files cannot be fetched")
    out = tmp_path / "site"
    notebook = sb.NOTEBOOKS / "en" / "02_gradient_descent.ipynb"
    (page,) = sb.build(out, [notebook], jobs=1, log=lambda *_: None)
    assert (page.path, page.explorers, page.live) == ("en/02_gradient_descent.html", 1, 1)
    assert (out / "en" / notebook.name).read_bytes() == notebook.read_bytes()
    assert (out / "index.html").is_file()

    class Refs(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.refs, self.scripts = [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "script" and "src" in attrs:
                self.refs.append(attrs["src"])
            if tag == "link":
                self.refs.append(attrs["href"])
            if tag == "img" and not attrs["src"].startswith("data:"):
                self.refs.append(attrs["src"])
            self.scripts.append(attrs.get("type"))

    text = (out / page.path).read_text(encoding="utf-8")
    refs = Refs()
    refs.feed(text)
    assert refs.refs, "the page names no script"
    assert any(ref.startswith("02_gradient_descent_files/") for ref in refs.refs), "figures inside the page"
    for ref in refs.refs:
        assert "://" not in ref and not ref.startswith("//"), ref
        assert (out / "en" / ref.split("?")[0]).resolve().is_file(), ref
    for name in ("require.js", "require-config.js", "embed-amd.js", "anywidget.js", "site.css",
                 "mathjax/MathJax.js", "mathjax/config/TeX-AMS_CHTML-full.js", "lab/index.css"):
        assert (out / sb.STATIC / name).is_file(), name
    start = text.index('<script type="application/vnd.jupyter.widget-state+json">')
    state = json.loads(text[text.index(">", start) + 1:text.index("</script>", start)])["state"]
    figures = [m for m in state.values() if m["model_module"] == "anywidget"]
    assert len(figures) == 1 and "export default" in figures[0]["state"]["_esm"]
