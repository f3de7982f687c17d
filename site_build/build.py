"""Build the course's static site (see the package docstring): ``build(out)``."""
from __future__ import annotations

import copy
import html
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import mistune
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExtractOutputPreprocessor

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOTEBOOKS = ROOT / "notebooks"
NODE_MODULES = HERE / "node_modules"
STATIC = "_static"                       # the shared folder, at the site's top
EDITIONS = ("en", "es")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
REF = re.compile(r"^IPY_MODEL_(\w+)$")

#: What a page says, in its edition's language.
WORDS = {
    "en": {
        "index": "Course map",
        "other": "Versión en español",
        "about": "This page is the notebook run once, with every explorer working in your browser "
                 "(no Python needed). To run and change the code yourself, get the notebook:",
        "download": "download",
        "run": "and open it in the course folder with <code>make lab</code> (see the course's "
               "README).",
        "static": "This explorer still computes its figure in Python: on this page it shows "
                  "the picture of its first run, and its controls are switched off. Run the "
                  "notebook (<code>make lab</code>) to use it.",
        "title": "Gradient descent, interactively",
        "lead": "Every lesson of the course, with its explorers live in the browser: drag a "
                "slider and watch the descent, no installation needed. Each page links its "
                "notebook (.ipynb) to run the code yourself with <code>make lab</code>.",
    },
    "es": {
        "index": "Mapa del curso",
        "other": "English version",
        "about": "Esta página es el notebook ejecutado una vez, con cada explorador funcionando "
                 "en tu navegador (sin instalar Python). Para ejecutar y cambiar el código tú "
                 "mismo, descarga el notebook:",
        "download": "descargar",
        "run": "y ábrelo en la carpeta del curso con <code>make lab</code> (ve el README del "
               "curso).",
        "static": "Este explorador todavía calcula su figura en Python: en esta página muestra "
                  "la imagen de su primera corrida y sus controles están desactivados. Ejecuta "
                  "el notebook (<code>make lab</code>) para usarlo.",
        "title": "Descenso por gradiente, interactivo",
        "lead": "Cada lección del curso, con sus exploradores funcionando en el navegador: "
                "arrastra un deslizador y mira el descenso, sin instalar nada. Cada página "
                "enlaza su notebook (.ipynb) para ejecutar el código tú mismo con "
                "<code>make lab</code>.",
    },
}


# ---------------------------------------------------------------------------------------------
# The notebooks
# ---------------------------------------------------------------------------------------------
def lessons():
    """{edition: [notebook paths]}, both editions, paired by number."""
    return {lang: sorted((NOTEBOOKS / lang).glob("[0-9][0-9]_*.ipynb")) for lang in EDITIONS}


def partner(path):
    """The other edition's notebook of the same lesson (same two-digit number)."""
    other = "es" if path.parent.name == "en" else "en"
    return next((NOTEBOOKS / other).glob(path.name[:3] + "*.ipynb"))


def execute(path, timeout=300):
    """The notebook run top to bottom in a fresh kernel, in memory (the committed file is never
    written), with the widget state the kernel ended with in its metadata."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                   record_timing=False, coalesce_streams=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute(
                       stderr=subprocess.DEVNULL)   # the kernel's log; a cell's error still raises
    return nb


def references(value):
    """The model ids a widget's state points to (``"IPY_MODEL_<id>"``, at any depth)."""
    if isinstance(value, str):
        match = REF.match(value)
        return [match.group(1)] if match else []
    if isinstance(value, dict):
        return [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def shown_views(nb):
    """The model ids of the widgets the notebook's outputs display."""
    return [output["data"][WIDGET_VIEW]["model_id"]
            for cell in nb.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if WIDGET_VIEW in output.get("data", {})]


def prune(state, shown):
    """Only the models a page needs: what the shown views reach, and the links (``jslink``)
    between two such models. Explorers the notebook builds without showing them (checks,
    exercises) would only make the page heavier and slower to start."""
    keep, todo = set(), list(shown)
    while todo:
        model = todo.pop()
        if model in keep or model not in state:
            continue
        keep.add(model)
        todo += references(state[model]["state"])
    for model, entry in state.items():
        refs = references(entry["state"])
        if model not in keep and entry["model_name"] == "LinkModel" and set(refs) <= keep:
            keep.add(model)
            keep.update(references(entry["state"]))
    return {model: state[model] for model in state if model in keep}


def tree(state, model):
    """Every model a widget reaches (itself included)."""
    seen, todo = [], [model]
    while todo:
        m = todo.pop()
        if m in seen or m not in state:
            continue
        seen.append(m)
        todo += references(state[m]["state"])
    return seen


def has_class(entry, name):
    return name in entry["state"].get("_dom_classes", [])


@dataclass
class Explorer:
    model: str         # the explorer's outer box
    live: bool         # drawn by an anywidget in the page (else a picture from the kernel)
    controls: list     # the model ids of its controls


def explorers(state):
    """The explorers (``.gd-explorer`` boxes) of a widget state, live or not."""
    out = []
    for model, entry in state.items():
        if has_class(entry, "gd-explorer"):
            parts = tree(state, model)
            live = any(state[m]["model_module"] == "anywidget" for m in parts)
            controls = [m for m in parts if has_class(state[m], "gd-control")]
            out.append(Explorer(model, live, controls))
    return out


NOTEBOOK_LINK = re.compile(r"\]\((?:\.\./(en|es)/)?(\d\d_\w+)\.ipynb(#[^)]*)?\)")
README_LINK = re.compile(r"\]\(\.\./\.\./README(?:\.es)?\.md(#[^)]*)?\)")


def site_links(source):
    """A markdown cell's links for the site: another lesson's .ipynb → its page, the README
    → the site's course map."""
    source = NOTEBOOK_LINK.sub(
        lambda m: f"]({'../' + m.group(1) + '/' if m.group(1) else ''}{m.group(2)}.html{m.group(3) or ''})",
        source)
    return README_LINK.sub("](../index.html)", source)


def prepare(nb, lang):
    """Make the executed notebook a page: links to pages, the widget state cut to what is shown,
    and the explorers that still draw in the kernel marked static. Returns the explorers."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = site_links(cell.source)
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    if not widgets:
        return []
    shown = shown_views(nb)
    widgets["state"] = prune(widgets["state"], shown)
    found = explorers(widgets["state"])
    static = {e.model for e in found if not e.live}
    for e in found:
        if not e.live:
            for control in e.controls:
                widgets["state"][control]["state"]["disabled"] = True
    note = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<p class="gd-static-note">{WORDS[lang]["static"]}</p>'}}
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        for i in reversed(range(len(outputs))):
            view = outputs[i].get("data", {}).get(WIDGET_VIEW)
            if view and view["model_id"] in static:
                outputs.insert(i, nbformat.from_dict(copy.deepcopy(note)))
    return found


# ---------------------------------------------------------------------------------------------
# One page
# ---------------------------------------------------------------------------------------------
def exporter(lang):
    static = f"../{STATIC}"
    html = HTMLExporter(
        template_name="gd_site", extra_template_basedirs=[str(HERE / "templates")],
        require_js_url=f"{static}/require.js",
        widget_renderer_url=f"{static}/embed-amd.js",
        mathjax_url=f"{static}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        language_code=lang, exclude_anchor_links=False)
    # the notebook's figures as files next to the page (not base64 inside it): a light page
    html.register_preprocessor(ExtractOutputPreprocessor(extract_output_types={"image/png", "image/jpeg"}),
                               enabled=True)
    return html


@dataclass
class Page:
    path: str          # relative to the site
    title: str
    seconds: float     # execute + export
    size: int          # bytes of the page's HTML
    explorers: int
    live: int


def page(path, out):
    """Execute one notebook and write its page and its .ipynb into ``out/<edition>/``."""
    t0 = time.perf_counter()
    lang = path.parent.name
    nb = execute(path)
    found = prepare(nb, lang)
    other = partner(path)
    gd = {"lang": lang, "words": WORDS[lang], "ipynb": path.name,
          "other_lang": other.parent.name,
          "other_href": f"../{other.parent.name}/{other.stem}.html"}
    body, resources = exporter(lang).from_notebook_node(
        nb, resources={"gd": gd, "static": f"../{STATIC}", "metadata": {"name": title(nb)},
                       "output_files_dir": f"{path.stem}_files"})
    target = Path(out) / lang / f"{path.stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    for name, data in resources.get("outputs", {}).items():
        (target.parent / name).parent.mkdir(parents=True, exist_ok=True)
        (target.parent / name).write_bytes(data)
    shutil.copyfile(path, target.with_suffix(".ipynb"))
    return Page(f"{lang}/{target.name}", title(nb), time.perf_counter() - t0,
                len(body.encode()), len(found), sum(e.live for e in found))


def title(nb):
    """The notebook's first heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "notebook"


# ---------------------------------------------------------------------------------------------
# The shared files
# ---------------------------------------------------------------------------------------------
#: What the pages use of MathJax 2 (nbconvert's template: TeX input, CommonHTML output).
MATHJAX = ("MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "jax/input/TeX", "jax/output/CommonHTML",
           "jax/element/mml", "fonts/HTML-CSS/TeX/woff", "extensions/*.js", "extensions/TeX",
           "localization/en", "localization/es", "LICENSE")


def npm_ci():
    """The pinned front-end packages in site_build/node_modules (``npm ci``, when the lock
    changed since the last install)."""
    stamp = NODE_MODULES / ".package-lock.json"
    lock = HERE / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        raise SystemExit("make site: npm is not installed (it fetches the pinned front-end "
                         "packages once): install Node.js, then make site again")
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE,
                   check=True)


def vendor(out):
    """Copy the shared files into ``out/_static``: RequireJS, the ipywidgets HTML manager (and
    the fonts its style sheet names), anywidget's AMD build, MathJax (trimmed), nbconvert's lab
    style sheets, and the site's own files."""
    static = Path(out) / STATIC
    npm = NODE_MODULES
    manager = npm / "@jupyter-widgets/html-manager/dist"
    files = {npm / "requirejs/require.js": "require.js",
             manager / "embed-amd.js": "embed-amd.js",
             npm / "anywidget/dist/index.js": "anywidget.js"}
    # the widgets' icon font: every browser the site targets reads woff2, the first it lists
    files.update({font: font.name for font in manager.glob("*.woff2")})
    lab = next(Path(p) for p in HTMLExporter(template_name="lab").template_paths
               if (Path(p) / "static/index.css").exists())
    files[lab / "static/index.css"] = "lab/index.css"
    files[lab / "static/theme-light.css"] = "lab/theme-light.css"
    for f in (HERE / "static").iterdir():
        files[f] = f.name
    for source, name in files.items():
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, static / name)
    mathjax = npm / "mathjax"
    for pattern in MATHJAX:
        for source in mathjax.glob(pattern):
            target = static / "mathjax" / source.relative_to(mathjax)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


# ---------------------------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------------------------
def course_map(readme, heading):
    """The README's course map (the section under ``heading`` up to the next heading), as HTML,
    with its links to notebooks made links to their pages."""
    text = (ROOT / readme).read_text(encoding="utf-8")
    start = text.index(heading + "\n") + len(heading) + 1
    end = text.index("\n#", start)
    section = re.sub(r"\]\(notebooks/(en|es)/(\d\d_\w+)\.ipynb\)", r"](\1/\2.html)", text[start:end])
    return mistune.create_markdown(plugins=["table"], escape=False)(section)


def index(out):
    """``out/index.html``: the course map of both READMEs."""
    parts = []
    for lang, readme, heading in (("en", "README.md", "## Course map"),
                                  ("es", "README.es.md", "## Mapa del curso")):
        w = WORDS[lang]
        parts.append(f'<section lang="{lang}" id="{lang}">\n<h2>{html.escape(w["title"])}</h2>\n'
                     f'<p class="gd-lead">{w["lead"]}</p>\n{course_map(readme, heading)}</section>')
    body = "\n".join(parts)
    (Path(out) / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(WORDS["en"]["title"])} · {html.escape(WORDS["es"]["title"])}</title>
<link rel="stylesheet" href="{STATIC}/site.css">
</head>
<body class="gd-index">
<main>
<nav class="gd-banner"><a href="#en">English</a> · <a href="#es" lang="es">Español</a></nav>
{body}
</main>
</body>
</html>
""", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Everything
# ---------------------------------------------------------------------------------------------
def build(out, paths=None, jobs=None, log=print):
    """Build the site into ``out`` (emptied first); ``paths``: only these notebooks (default:
    every lesson of both editions). Returns the pages."""
    t0 = time.perf_counter()
    out = Path(out)
    paths = [Path(p).resolve() for p in paths] if paths else [p for ps in lessons().values() for p in ps]
    npm_ci()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    vendor(out)
    index(out)
    jobs = jobs or min(len(paths), os.cpu_count() or 1)
    pages = []
    # "spawn", not Linux's "fork": the caller may have threads (a test's browser and web
    # server), and a forked child of a threaded process can deadlock (Python ≥ 3.12 warns).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        for p in pool.map(page, paths, [out] * len(paths)):
            log(f"  {p.path}: {p.seconds:.1f} s, {p.size / 1e6:.2f} MB, "
                f"{p.live} of {p.explorers} explorers live")
            pages.append(p)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    log(f"site: {len(pages)} pages + index.html in {out}, {size / 1e6:.1f} MB in all, "
        f"built in {time.perf_counter() - t0:.0f} s ({jobs} at a time)")
    return pages
