"""The exercise checks' sentences: kept out of the code, in one JSON file per exercise module
(gdlib/exercises/texts/, read by gdlib.exercises.feedback.texts and shown by ``say``), each
number formatted once, in the sentence itself, and a
count that may be 1 said in the singular ("1 update", "1 actualización")."""
from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import gdlib
from gdlib import data, exercises, softmax
from gdlib.exercises import feedback

MODULES = [importlib.import_module(f"gdlib.exercises.{m.name}")
           for m in pkgutil.iter_modules(exercises.__path__)]
TABLES = [(module.__name__.rsplit(".", 1)[1], name, table) for module in MODULES
          for name, table in getattr(module, "MESSAGES", {}).items()]
COUNTED = [(f"{module}.MESSAGES[{name!r}][{key!r}]", table, key) for module, name, table in TABLES
           for key, sentence in table.items() if isinstance(sentence, dict)]


@pytest.fixture(autouse=True)
def english_after():
    yield
    gdlib.set_language("en")


def sample_fields(sentence):
    """A value for every field of ``sentence`` that its format accepts."""
    return {name: (0.5 if spec else "x") for _, name, spec, _ in string.Formatter().parse(sentence)
            if name is not None}


def test_every_module_has_its_tables_and_stays_short():
    assert len(TABLES) >= 20 and len(COUNTED) >= 8
    for module in MODULES:
        lines = Path(module.__file__).read_text(encoding="utf-8").count("\n")
        assert lines <= 400, f"{module.__name__} has {lines} lines: split it by exercise"


@pytest.mark.parametrize("where, table, key", COUNTED, ids=[c[0] for c in COUNTED])
@pytest.mark.parametrize("language, one, many", [("en", " update", " updates"),
                                                 ("es", " actualización", " actualizaciones")])
def test_a_count_of_one_is_said_in_the_singular(where, table, key, language, one, many):
    gdlib.set_language(language)
    english = table[key]["one"]
    said = {}
    for n in (1, 2, 1000):
        fields = sample_fields(english) | {"n": n}
        said[n] = feedback.say(table, key, **fields)
    assert f"{1}{one}" in said[1] and f"{1}{many}" not in said[1], said[1]
    assert f"{2}{many}" in said[2] and f"{1000}{many}" in said[1000], said


def test_a_count_that_is_not_a_whole_number_reads_as_plural():
    """A student's loop may return "5" or 2.5 updates: ngettext gets a whole number."""
    from gdlib.exercises.gradient_descent import MESSAGES
    table = MESSAGES["gradient_descent"]
    gdlib.set_language("es")
    for n, said in [("5", "hizo 5 actualizaciones"), (2.5, "hizo 2.5 actualizaciones"),
                    (1.0, "hizo 1.0 actualización"), (None, "hizo None actualizaciones")]:
        assert said in feedback.say(table, "count", tol=1e-6, cap=10, n=n, expected=3)


def test_a_checker_says_1_update():
    """The budget challenge's run diverges at its first update: "after 1 update"."""
    from gdlib.exercises import classification
    digits = data.load_digits()
    X, y = digits.X[:100] / 16, digits.y[:100]
    fb = exercises.check_budget_challenge(softmax, X, y, 1e6, 5, target=0.1, max_updates=10)
    assert not fb and "α = 1e+06" in fb.message and "diverged after 1 update." in fb.message
    text = feedback.say(classification.MESSAGES["budget"], "short", n=3, loss=1 / 3, target=0.25)
    assert text == "after 3 updates the training loss is 0.3333, not yet below 0.25."


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__.rsplit(".", 1)[1] for m in MODULES])
def test_every_text_a_check_names_is_in_its_json_file(module):
    """A key a check spells out (``MESSAGES["gd_step"]``, ``say(messages, "uphill")``,
    ``hints["uphill"]``) is in texts/<module>.json: a typo there fails here, not in a
    student's rare wrong answer. (Keys a slip helper computes are checked by the exercise
    tests, which make every slip.)"""
    if not hasattr(module, "MESSAGES"):
        return
    source = Path(module.__file__).read_text(encoding="utf-8")
    tables = {"MESSAGES": module.MESSAGES, "HINTS": module.HINTS}
    named = 0
    for function in re.split(r"\n(?=def )", source):
        chosen = re.search(r'^\s+(messages(?:, hints)?|hints) = (.*)$', function, re.M)
        exercises = dict(zip(chosen.group(1).split(", "),
                             re.findall(r'\["(\w+)"\]', chosen.group(2)))) if chosen else {}
        for kind, exercise in re.findall(r'\b(MESSAGES|HINTS)\["(\w+)"\]', function):
            assert exercise in tables[kind], f"{module.__name__}: no {kind}[{exercise!r}]"
            named += 1
        for kind, exercise, key in (
                [("MESSAGES", e, k) for e, k in
                 re.findall(r'say\(MESSAGES\["(\w+)"\], "(\w+)"', function)]
                + [("HINTS", e, k) for e, k in re.findall(r'HINTS\["(\w+)"\]\["(\w+)"\]', function)]
                + [("MESSAGES", exercises.get("messages"), k)
                   for k in re.findall(r'say\(messages, "(\w+)"(?! \+)', function)]
                + [("HINTS", exercises.get("hints"), k)
                   for k in re.findall(r'\bhints\["(\w+)"\]', function)]):
            assert exercise is not None, f"{module.__name__}: {key!r} with no table chosen"
            assert key in tables[kind][exercise], \
                f"{module.__name__}: {kind}[{exercise!r}] has no {key!r}"
            named += 1
    assert named, f"{module.__name__} names none of its texts"
