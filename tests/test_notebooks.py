"""The course notebooks: structure, committed outputs, and exercises whose solutions check out.

(nbval, run by the same pytest command, re-executes every notebook and compares
its outputs with the committed ones; these tests check the rest.)
"""
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/[0-9][0-9]_*.ipynb"))   # en/ and es/
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def last_line(cell):
    lines = [ln for ln in cell.source.strip().splitlines() if ln.strip()
             and not ln.lstrip().startswith("#")]
    return lines[-1] if lines else ""


ids = [f"{p.parent.name}/{p.name}" for p in NOTEBOOKS]
EDITIONS = ("en", "es")

#: The headings every notebook has, in each edition's words.
HEADINGS = {
    "en": {"goals": "Learning goals", "try": "What to try",
           "sections": ("## Explore", "## Exercises", "## Summary")},
    "es": {"goals": "Objetivos de aprendizaje", "try": "Qué probar",
           "sections": ("## Explora", "## Ejercicios", "## Resumen")},
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_series_is_complete(edition):
    numbers = [p.name[:2] for p in NOTEBOOKS if p.parent.name == edition]
    assert len(numbers) >= 8, f"notebooks/{edition}: {numbers}"     # the lecture's 01–06 and more
    assert numbers == [f"{i:02d}" for i in range(1, len(numbers) + 1)], \
        f"notebooks/{edition}: numbered 01, 02, … without gaps, got {numbers}"


def test_there_are_only_the_two_editions():
    assert sorted({p.parent.name for p in NOTEBOOKS}) == list(EDITIONS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_valid_and_executed_top_to_bottom(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), \
        f"{path.name} was not run top to bottom in a fresh kernel: run `make notebooks`"
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name} code cell {i} has an error"
            if out.output_type == "stream":
                assert out.name == "stdout", f"{path.name} code cell {i} wrote to stderr"
            assert WIDGET_VIEW not in out.get("data", {}), \
                f"{path.name} cell {i} keeps a stale widget view: run `make notebooks`"
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_reads_like_lecture_notes(path):
    nb = read(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    words = HEADINGS[path.parent.name]
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert words["goals"] in first.source
    for heading in words["sections"]:
        assert re.search(rf"^{heading}", text, re.M), f"{path.name} lacks '{heading}'"
    assert words["try"] in text
    assert "$" in text, "the maths is written in LaTeX"
    for target in re.findall(r"\]\(([^)#\s]+\.(?:ipynb|md))", text):
        assert (path.parent / target).resolve().exists(), f"broken link {target}"
    first_code = code_cells(nb)[0].source
    assert first_code.startswith("%matplotlib inline")
    assert f'gdlib.set_language("{path.parent.name}")' in first_code, \
        f"{path.name}: the first code cell calls gdlib.set_language(\"{path.parent.name}\")"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_plots_come_from_gdlib_and_widget_cells_are_not_compared(path):
    nb = read(path)
    explorers = 0
    for cell in code_cells(nb):
        assert "pyplot" not in cell.source, "no plotting boilerplate in notebooks: use gdlib.plots"
        line = last_line(cell)
        if "_explorer(" in line:
            explorers += 1
        if "_explorer(" in line or line.startswith("plots."):
            assert "nbval-ignore-output" in tags(cell), \
                f"tag the widget / figure cell `{line}` with nbval-ignore-output"
    assert explorers >= 1, f"{path.name} has no interactive explorer"


def _solution_code(cell):
    blocks = re.findall(r"```python\n(.*?)```", cell.source, re.S)
    assert len(blocks) == 1, "a solution cell holds exactly one ```python block"
    assert "<details>" in cell.source, "solutions are collapsed in <details>"
    return blocks[0]


def _exercises(nb):
    """Pairs (stub cell index, solution code)."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if "exercise-stub" in tags(cell):
            solution = next(c for c in nb.cells[i + 1:] if "solution" in tags(c))
            pairs.append((i, _solution_code(solution)))
    return pairs


def _feedback(nb):
    texts = []
    for cell in code_cells(nb):
        for out in cell.outputs:
            text = out.get("data", {}).get("text/plain", "") if "data" in out else ""
            if text.startswith(("✓", "✗")):
                texts.append(text)
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_exercise_stubs_run_and_say_not_yet(path):
    nb = read(path)
    pairs = _exercises(nb)
    # 2–4 exercises; 07 has 5: it covers two topics (momentum; adaptive steps and schedules)
    assert 2 <= len(pairs) <= (5 if path.name.startswith("07_") else 4), \
        f"{path.name} should have 2-4 exercises"
    feedback = _feedback(nb)
    assert len(feedback) >= len(pairs) and all(f.startswith("✗") for f in feedback)


#: In the Spanish edition, after the first code cell: record every text a figure, an
#: explorer or gdlib's catalogue shows while the notebook runs.
_LISTEN = """
import json
import matplotlib.text, matplotlib.backend_bases
import gdlib.widgets.base, gdlib.widgets.front
from gdlib import i18n
_SHOWN = []
def _texts(fig):
    _SHOWN.extend(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible())
_print_figure = matplotlib.backend_bases.FigureCanvasBase.print_figure
def _listening_print_figure(self, *args, **kwargs):
    _texts(self.figure)
    return _print_figure(self, *args, **kwargs)
matplotlib.backend_bases.FigureCanvasBase.print_figure = _listening_print_figure
_words = gdlib.widgets.front.words
def _listening_words(fig):
    _texts(fig)                                  # an explorer's backdrop, drawn for the page
    return _words(fig)
gdlib.widgets.front.words = _listening_words
_init = gdlib.widgets.base.Explorer.__init__
def _listening_init(self, controls, figure):
    _init(self, controls, figure)
    _SHOWN.append(self.status)                   # the status line the page shows first
    _SHOWN.extend(str(c.description) for c in self.controls.values())
    _SHOWN.extend(str(o) for c in self.controls.values() for o in getattr(c, "options", ()))
    _SHOWN.extend(str(v) for v in figure.texts.values() if isinstance(v, str) and "{" not in v)
gdlib.widgets.base.Explorer.__init__ = _listening_init
"""
_REPORT = "print('@@shown@@' + json.dumps({'shown': _SHOWN, 'missing': sorted(i18n.missing())}))"

#: Words that only English has: one of them in a Spanish figure, status line or printed
#: sentence means a string that was not translated.
ENGLISH = re.compile(r"\b(the|and|with|of|loss|update|updates|epoch|epochs|diverged|converged|"
                     r"learning|training|validation|accuracy|weights?|steps?|after|hint|wrong|"
                     r"should|which|when|this|that|your|rate|class|start|slope|intercept)\b",
                     re.I)


def _untranslated(texts):
    """Texts with an English word outside maths ($…$), outside names given values in
    code style (``diverged = True`` names History.diverged, it is not a sentence) and
    outside dotted names of code (``gdlib.quadratic.rate``)."""
    def prose(t):
        t = re.sub(r"\b\w+(\.\w+)+\b", "", re.sub(r"\$[^$]*\$", "", t))
        return re.sub(r"\b\w+ = ", "", t)
    return sorted({t.strip() for t in texts if ENGLISH.search(prose(t))})


def _printed(nb):
    texts = []
    for cell in code_cells(nb):
        for out in cell.outputs:
            if out.output_type == "stream":
                texts += out.text.splitlines()
            elif "data" in out and not any(t.startswith("image/") for t in out.data):
                # (a figure's text/plain is matplotlib's "<Figure size … with 1 Axes>")
                texts += [str(out.data[t]) for t in ("text/plain", "text/html") if t in out.data]
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_worked_solutions_pass_their_checks(path):
    """Every exercise's worked solution passes its checker. In the Spanish edition, this
    run also checks that everything shown (figures, explorers, printed text, feedback)
    is Spanish: no message missing from the catalogue, no English sentence left."""
    nb = read(path)
    pairs = _exercises(nb)
    for i, code in pairs:
        nb.cells[i].source = code
    spanish = path.parent.name == "es"
    if spanish:
        first = nb.cells.index(code_cells(nb)[0])
        nb.cells.insert(first + 1, nbformat.v4.new_code_cell(_LISTEN))
        nb.cells.append(nbformat.v4.new_code_cell(_REPORT))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    feedback = _feedback(nb)
    assert len(feedback) >= len(pairs)
    assert all(f.startswith("✓") for f in feedback), feedback
    if spanish:
        import json
        report = json.loads(nb.cells.pop().outputs[0].text.split("@@shown@@", 1)[1])
        assert not report["missing"], f"{path.name}: no Spanish for {report['missing']}"
        english = _untranslated(report["shown"] + _printed(nb))
        assert not english, f"{path.name} shows English: {english}"


def test_the_english_detector_flags_english_and_passes_spanish():
    assert _untranslated(["final loss 0.25", "learning rate α", "3 epochs"]) == \
        ["3 epochs", "final loss 0.25", "learning rate α"]
    assert _untranslated(["pérdida final 0.25", "tasa de aprendizaje α", "3 épocas",
                          "pérdida $\\mathcal{L}(\\theta^{[t]})$", "GD, SGD, Adam"]) == []
    assert _untranslated(["$\\text{the loss}$ es la pérdida"]) == []    # maths is not prose
    assert _untranslated(["α = 0.05: converged = False"]) == []           # nor History's names
    assert _untranslated(["coincide con gdlib.quadratic.rate"]) == []     # nor code's names
    assert _untranslated(["the rate of gdlib.quadratic.rate"]) == ["the rate of gdlib.quadratic.rate"]
