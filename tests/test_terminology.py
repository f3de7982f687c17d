"""The Spanish edition names each concept one way.

The rules below list the course's Spanish term for a concept and the words it replaced;
they are checked over every Spanish notebook (its prose, the comments and strings of its
code, and its outputs) and over the translations (msgstr) of gdlib's catalogue, which is
what gdlib prints in Spanish. Code itself (names such as ``along_eigenvectors``) is not
Spanish text and is not checked.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
SPANISH = sorted((ROOT / "notebooks" / "es").glob("[0-9][0-9]_*.ipynb"))
PO = ROOT / "gdlib" / "locale" / "es" / "LC_MESSAGES" / "gdlib.po"

#: (what to write, a pattern of what not to write, a sentence the rule must flag)
RULES = [
    ("notebook", r"\blibretas?\b|\bcuadernos?\b", "En la libreta 4 vimos el cuaderno."),
    ("atributo", r"\bcaracter[ií]sticas?\b", "el escalamiento de características"),
    ("atributos", r"\bvariables\b", "los diez variables de diabetes"),
    ("valores propios / vectores propios", r"\beigen(valor|vector)",
     "los eigenvalores de H y sus eigenvectores"),
    ("fila", r"\brengl[oó]n", "un renglón por ejemplo"),
    ("divergente", r"\bdivergid[oa]s?\b", "la corrida se declara divergida"),
    ("la pérdida rebasó {limit}", r"\bpérdida pasó de\b", "la pérdida pasó de 100"),
    ("corrida", r"\bejecuci[oó]n\b[^.]{0,30}\bdiverg", "la ejecución divergió"),
    ("barajar", r"\brevolv|\brevuelv|\brevuelt", "revuelve los ejemplos"),
    ("devuelve", r"\bregres(a|an|e|en|ar|ó)\b", "la función regresa el par"),
    ("predeterminado", r"\bpor (defecto|omisi[oó]n)\b", "la β por omisión"),
    ("Mostrar una solución", r"<summary>(?!Mostrar una solución</summary>)",
     "<summary>Ver una solución</summary>"),
    ("θ_{inicio}, θ_{fin}", r"theta_\{(start|end)\}", r"\theta_{start} + s\,\theta_{end}"),
    ("IMC", r"\bBMI\b(?!\*? en inglés)", "con el BMI estandarizado"),
]
PATTERNS = [(term, re.compile(pattern, re.IGNORECASE if term != "IMC" else 0))
            for term, pattern, _ in RULES]


def slips(text: str) -> list[str]:
    """'found → write' for every word of ``text`` that a rule rejects."""
    return [f"{m.group(0)!r} → {term}" for term, pattern in PATTERNS
            for m in pattern.finditer(text)]


def code_text(source: str) -> str:
    """The comments and strings of Python code (notebook magics and shell lines dropped)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    parts = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type in (tokenize.COMMENT, tokenize.STRING) or \
                    tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
                parts.append(tok.string)
    except (tokenize.TokenError, IndentationError):      # not Python: check all of it
        return source
    return "\n".join(parts)


def markdown_text(source: str) -> str:
    """Prose, with inline code dropped and fenced code reduced to its comments and strings."""
    blocks = re.split(r"```(?:python)?\n(.*?)```", source, flags=re.S)
    prose = blocks[0::2]
    code = blocks[1::2]
    prose = [re.sub(r"`[^`\n]*`", "", p) for p in prose]
    return "\n".join(prose + [code_text(c) for c in code])


def notebook_texts(path: Path):
    """(where, Spanish text) for every cell of a notebook and every output."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            yield f"cell {i}", markdown_text(cell.source)
        elif cell.cell_type == "code":
            yield f"cell {i} (code)", code_text(cell.source)
            for out in cell.get("outputs", []):
                if out.output_type == "stream":
                    yield f"cell {i} (output)", out.text
                elif "data" in out:
                    for kind in ("text/plain", "text/html", "text/markdown"):
                        if kind in out.data:
                            yield f"cell {i} (output)", str(out.data[kind])


@pytest.mark.parametrize("path", SPANISH, ids=[p.name for p in SPANISH])
def test_spanish_notebooks_use_the_course_terms(path):
    found = [f"{where}: {slip}" for where, text in notebook_texts(path) for slip in slips(text)]
    assert not found, f"{path.name}:\n  " + "\n  ".join(found)


def test_the_catalogue_uses_the_course_terms():
    with open(PO, "rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) \
            else [message.string]
        original = message.id if isinstance(message.id, str) else message.id[0]
        for text in strings:
            found += [f"{original[:50]!r}: {slip}" for slip in slips(text or "")]
    assert not found, "gdlib.po:\n  " + "\n  ".join(found)


def test_there_are_spanish_notebooks_and_they_use_the_terms():
    assert len(SPANISH) == 8
    text = "\n".join(t for path in SPANISH for _, t in notebook_texts(path))
    for term in ("notebook", "atributo", "valores propios", "fila", "corrida", "baraja",
                 "devuelve", "predeterminad", "Mostrar una solución"):
        assert term in text, f"the Spanish notebooks never say {term!r}"


@pytest.mark.parametrize("term, pattern, example", RULES, ids=[r[0] for r in RULES])
def test_each_rule_flags_its_example(term, pattern, example):
    assert any(s.endswith(f"→ {term}") for s in slips(example)), example


def test_the_rules_leave_the_course_terms_and_code_alone():
    good = ("En este notebook, los atributos estandarizados, los valores propios de H, una fila "
            "por ejemplo; la corrida divergente: la pérdida rebasó 100. Baraja y devuelve el "
            "valor predeterminado; de regreso a la regresión. <summary>Mostrar una solución"
            "</summary> el IMC (*BMI* en inglés)")
    assert slips(good) == []
    assert slips(code_text("plots.along_eigenvectors(X)  # sin comentario\n"
                           "eigenvalues = np.linalg.eigvalsh(H)")) == []
    assert slips(code_text('x = 1  # un renglón por ejemplo')) != []
    assert slips(code_text('print(f"la pérdida pasó de {x}")')) != []
    assert slips(markdown_text("usa `regresa()` y\n```python\nregresa = 1  # regresa\n```")) \
        == ["'regresa' → devuelve"]
