"""The English and Spanish editions are the same program, cell by cell.

notebooks/en/NN_*.ipynb and notebooks/es/NN_*.ipynb are paired by their number. In each
pair: the same cells in the same order, of the same types, with the same tags; every code
cell (and every worked solution's ```python block) has the same Python syntax tree once
its string constants are blanked (comments and the sentences a cell prints are
translated, nothing else); and the numbers in each pair of text outputs agree. A change
made to one edition and not to the other fails here.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = ("en", "es")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
TEXT_TYPES = ("text/plain", "text/html", "text/markdown", "text/latex")


def edition(language, root=ROOT):
    """{number prefix: path} of one edition."""
    return {p.name[:2]: p for p in sorted((root / "notebooks" / language).glob("[0-9][0-9]_*.ipynb"))}


def pairs(root=ROOT):
    en, es = edition("en", root), edition("es", root)
    return [(en[k], es[k]) for k in sorted(en.keys() & es.keys())]


class _BlankStrings(ast.NodeTransformer):
    """Every string constant becomes "", except an f-string's format spec (``{x:.3g}``),
    which decides the digits a cell prints."""

    def visit_Constant(self, node):
        return ast.Constant(value="") if isinstance(node.value, str) else node

    def visit_FormattedValue(self, node):
        node.value = self.visit(node.value)
        return node     # the format spec is kept as it is


def code_shape(source: str) -> str:
    """The syntax tree of a cell with its strings blanked; IPython magics (``%…``, ``!…``)
    are compared as they are written."""
    lines, magics = [], []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            magics.append(stripped)
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line)
    tree = _BlankStrings().visit(ast.parse("\n".join(lines)))
    return "\n".join(magics) + "\n" + ast.dump(tree, annotate_fields=False)


def solution_blocks(cell) -> list[str]:
    return re.findall(r"```python\n(.*?)```", cell.source, re.S)


def output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts += [str(out.data[t]) for t in TEXT_TYPES if t in out.data]
    return "\n".join(parts)


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def differences(en_path: Path, es_path: Path) -> list[str]:
    """Every way in which two notebooks are not the same program (empty: they are)."""
    en, es = nbformat.read(en_path, 4), nbformat.read(es_path, 4)
    if len(en.cells) != len(es.cells):
        return [f"{len(en.cells)} cells in {en_path.name}, {len(es.cells)} in {es_path.name}"]
    problems = []
    for i, (a, b) in enumerate(zip(en.cells, es.cells)):
        where = f"cell {i}"
        if a.cell_type != b.cell_type:
            problems.append(f"{where}: a {a.cell_type} cell in en, a {b.cell_type} cell in es")
            continue
        if a.metadata.get("tags", []) != b.metadata.get("tags", []):
            problems.append(f"{where}: tags {a.metadata.get('tags', [])} in en, "
                            f"{b.metadata.get('tags', [])} in es")
        if a.cell_type == "markdown":
            codes_a, codes_b = solution_blocks(a), solution_blocks(b)
            if len(codes_a) != len(codes_b) or any(
                    code_shape(x) != code_shape(y) for x, y in zip(codes_a, codes_b)):
                problems.append(f"{where}: the worked solution's code differs")
        elif a.cell_type == "code":
            if code_shape(a.source) != code_shape(b.source):
                problems.append(f"{where}: the code differs (beyond strings and comments):\n"
                                f"  en: {a.source[:300]!r}\n  es: {b.source[:300]!r}")
            na, nb_ = numbers(output_text(a)), numbers(output_text(b))
            if na != nb_ and "nbval-ignore-output" not in a.metadata.get("tags", []):
                # (an ignored output, e.g. a timing, differs from run to run anyway)
                problems.append(f"{where}: the numbers printed differ:\n  en: {na}\n  es: {nb_}")
    return problems


def test_both_editions_have_the_same_lessons():
    en, es = edition("en"), edition("es")
    assert en and en.keys() == es.keys(), (
        f"notebooks/en has {sorted(en)}, notebooks/es has {sorted(es)}: "
        f"every lesson must be in both editions")


@pytest.mark.parametrize("en_path, es_path", pairs(), ids=[p.name[:2] for p, _ in pairs()])
def test_the_editions_are_the_same_program(en_path, es_path):
    problems = differences(en_path, es_path)
    assert not problems, (f"{en_path.name} and {es_path.name} must be the same program "
                          f"(change both editions):\n- " + "\n- ".join(problems))


# --- the test's own checks: it fails when one edition changes alone ------------------------
EN_CELL = 'rate = 0.5  # the learning rate\nprint(f"α = {rate:.3g} after {n} updates")'
ES_CELL = 'rate = 0.5  # la tasa de aprendizaje\nprint(f"α = {rate:.3g} tras {n} actualizaciones")'


def test_strings_and_comments_may_differ():
    assert code_shape(EN_CELL) == code_shape(ES_CELL)
    assert code_shape('%matplotlib inline\nimport gdlib\ngdlib.set_language("en")') == \
        code_shape('%matplotlib inline\nimport gdlib\ngdlib.set_language("es")')


@pytest.mark.parametrize("changed", [
    ES_CELL.replace("0.5", "0.05"),                    # another number
    ES_CELL.replace("{rate:.3g}", "{rate:.5g}"),       # other digits printed
    ES_CELL.replace("rate = 0.5", "rate = 0.5\nn = 3"),  # one more statement
    ES_CELL.replace("print(", "display("),             # another call
])
def test_code_changes_are_caught(changed):
    assert code_shape(EN_CELL) != code_shape(changed)


def test_a_change_to_one_edition_fails(tmp_path):
    for language in EDITIONS:
        (tmp_path / "notebooks" / language).mkdir(parents=True)
    for language, words in (("en", ("# Title", EN_CELL, "final loss 0.25")),
                            ("es", ("# Título", ES_CELL, "pérdida final 0.25"))):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_markdown_cell(words[0]),
            nbformat.v4.new_code_cell(words[1], outputs=[
                nbformat.v4.new_output("stream", name="stdout", text=words[2])])])
        nbformat.write(nb, tmp_path / "notebooks" / language / f"01_{language}.ipynb")
    (en_path, es_path), = pairs(tmp_path)
    assert differences(en_path, es_path) == []

    nb = nbformat.read(es_path, 4)
    nb.cells[1].outputs[0].text = "pérdida final 0.26"
    nbformat.write(nb, es_path)
    assert "numbers printed differ" in differences(en_path, es_path)[0]

    nb.cells[1].outputs[0].text = "pérdida final 0.25"
    nb.cells[1].source = nb.cells[1].source.replace("0.5", "0.4")
    nbformat.write(nb, es_path)
    assert "the code differs" in differences(en_path, es_path)[0]

    nb.cells.append(nbformat.v4.new_markdown_cell("## Resumen"))
    nbformat.write(nb, es_path)
    assert "cells in" in differences(en_path, es_path)[0]


@pytest.mark.parametrize("readme, other, language", [("README.md", "README.es.md", "en"),
                                                     ("README.es.md", "README.md", "es")])
def test_each_readme_links_the_other_and_its_whole_course(readme, other, language):
    text = (ROOT / readme).read_text(encoding="utf-8")
    head = "\n".join(text.splitlines()[:5])
    assert f"]({other})" in head, f"{readme} links {other} at its top"
    links = re.findall(r"\]\(([^)#\s]+)\)", text)
    for target in links:
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"{readme}: broken link {target}"
    for path in edition(language).values():
        assert path.relative_to(ROOT).as_posix() in links, f"{readme} does not link {path.name}"
