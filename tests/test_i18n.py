"""gdlib's languages: English by default, Spanish from a gettext catalogue that is complete.

The catalogue's source is gdlib/locale/es/LC_MESSAGES/gdlib.po; `make translations`
extracts the messages from gdlib's code (Babel), merges them into it, and compiles
gdlib.mo, which is what gdlib reads (in an editable install and in a wheel alike).
"""
from __future__ import annotations

import gettext
import io
import re
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import gdlib
from gdlib import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "gdlib" / "locale" / "es" / "LC_MESSAGES" / "gdlib.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: What `make translations` reads (babel.cfg): the code, and the exercises' texts (data
#: files, with their own extractor).
with (ROOT / "babel.cfg").open(encoding="utf-8") as _cfg:
    METHODS = parse_mapping_cfg(_cfg)[0]


@pytest.fixture(autouse=True)
def english_after():
    yield
    gdlib.set_language("en")


def source_messages(root=ROOT / "gdlib"):
    """{message: where} for every message marked in gdlib's code."""
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            root, method_map=METHODS, keywords=KEYWORDS):
        singular = message[0] if isinstance(message, tuple) else message   # ngettext: (one, many)
        if singular:
            found.setdefault(singular, f"gdlib/{filename}:{lineno}")
    return found


def catalogue():
    with PO.open("rb") as f:
        return read_po(f, locale="es")


def fields(message: str) -> set[str]:
    """The named fields of a str.format template ({n}, {loss:.3g} → n, loss)."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def formats(message: str) -> set[tuple]:
    """Each field with the format it is shown in ({loss:.3g} → (loss, None, .3g)): a message
    formats its own numbers, so its translation must show them the same way."""
    return {(name, conversion, spec) for _, name, spec, conversion
            in string.Formatter().parse(message) if name is not None}


def test_english_is_the_default_and_changes_nothing():
    code = "import gdlib; from gdlib.i18n import _; print(gdlib.get_language(), _('diverged'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["en", "diverged"]


def test_spanish_comes_from_the_catalogue():
    messages = [m for m in catalogue() if m.id and m.string and not m.pluralizable]
    assert len(messages) >= 100, "the Spanish catalogue is nearly empty"
    gdlib.set_language("es")
    assert gdlib.get_language() == "es"
    for m in messages[:50]:
        assert i18n._(m.id) == m.string
    gdlib.set_language("en")
    assert all(i18n._(m.id) == m.id for m in messages[:50])


@pytest.mark.parametrize("language, error", [
    ("fr", ValueError), ("", ValueError), ("english", ValueError), (None, TypeError), (1, TypeError),
])
def test_an_unknown_language_says_which_exist(language, error):
    with pytest.raises(error, match="set_language"):
        gdlib.set_language(language)


def test_regional_codes_are_accepted():
    for code in ("es_MX", "es-MX", "ES", "en_US"):
        gdlib.set_language(code)
        assert gdlib.get_language() == code[:2].lower()


def test_every_message_in_the_code_has_a_spanish_translation():
    """The test that fails when a string that the Spanish edition shows is not translated."""
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue() if m.id}
    problems = []
    for message, where in source_messages().items():
        entry = translated.get(message)
        strings = [] if entry is None else (
            list(entry.string) if isinstance(entry.string, tuple) else [entry.string])
        if entry is None or not all(strings):
            problems.append(f"{where}: no translation for {message!r}")
        elif entry.fuzzy:
            problems.append(f"{where}: the translation of {message!r} is marked fuzzy (check it)")
        elif any(fields(s) != fields(message) for s in strings):   # (ngettext: singular's fields)
            problems.append(f"{where}: {message!r} and its translation {strings} fill in "
                            f"different fields")
        elif any(formats(s) != formats(message) for s in strings):
            problems.append(f"{where}: {message!r} and its translation {strings} format their "
                            f"numbers differently (e.g. {{loss:.3g}} against {{loss}})")
    assert not problems, ("run `make translations`, then translate in "
                          f"{PO.relative_to(ROOT)}:\n" + "\n".join(problems))


def test_a_translation_that_drops_a_numbers_format_is_caught():
    english = "L = {loss:.3g} after {n} updates"
    assert formats("L = {loss:.3g} tras {n} actualizaciones") == formats(english)
    assert formats("L = {loss} tras {n} actualizaciones") != formats(english)     # 17 digits
    assert fields("L = {loss} tras {n} actualizaciones") == fields(english)      # (same fields)


def test_the_catalogue_has_no_leftovers():
    in_code = set(source_messages())
    stale = [m.id for m in catalogue() if m.id     # (obsolete entries are not iterated)
             and (m.id if isinstance(m.id, str) else m.id[0]) not in in_code]
    assert not stale, f"translations of messages no longer in the code (`make translations`): {stale[:10]}"


def test_the_compiled_catalogue_is_up_to_date():
    buffer = io.BytesIO()
    write_mo(buffer, catalogue())
    fresh = gettext.GNUTranslations(io.BytesIO(buffer.getvalue()))._catalog
    with MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    assert committed == fresh, "gdlib.mo is older than gdlib.po: run `make translations`"


def test_the_missing_translation_check_catches_an_untranslated_message(tmp_path):
    """Add a marked message to a copy of the code: it is found, with no translation."""
    (tmp_path / "new.py").write_text('from gdlib.i18n import _\nprint(_("a sentence nobody translated"))\n')
    assert "a sentence nobody translated" in source_messages(tmp_path)
    translated = {m.id for m in catalogue()}
    assert "a sentence nobody translated" not in translated


def test_a_message_without_translation_is_recorded_at_run_time():
    gdlib.set_language("es")
    assert i18n._("a sentence nobody translated") == "a sentence nobody translated"
    assert "a sentence nobody translated" in i18n.missing()


def test_the_wheel_ships_the_catalogue_and_gdlib_reads_it(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path / "dist"), str(ROOT)],
                           capture_output=True, text=True)
    if build.returncode != 0:
        if re.search(r"connection|network|resolve|offline|index", build.stderr, re.I):
            pytest.skip("building a wheel needs setuptools from the package index, "
                        "unreachable here")
        raise AssertionError(build.stderr[-2000:])
    wheel, = (tmp_path / "dist").glob("gdlib-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "gdlib/locale/es/LC_MESSAGES/gdlib.mo" in names
    texts = sorted(path.name for path in (ROOT / "gdlib" / "exercises" / "texts").glob("*.json"))
    assert texts and all(f"gdlib/exercises/texts/{name}" in names for name in texts), names
    shipped = {name for name in names if name.endswith(".py")}
    tracked = set(subprocess.run(["git", "ls-files", "gdlib/*.py", "gdlib/**/*.py"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.split())
    if tracked:            # a source tree with git: the wheel ships its modules and no other
        assert shipped == tracked, (f"the wheel ships {shipped - tracked or 'nothing'} that git "
                                    f"does not track (left in build/ by an earlier build: "
                                    f"`make clean`) and lacks {tracked - shipped or 'nothing'}")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True)
    entry = next(m for m in catalogue() if m.id and isinstance(m.id, str) and m.string)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import gdlib; "
            "from gdlib.i18n import _; assert gdlib.__file__.startswith(sys.argv[1]), gdlib.__file__; "
            "import gdlib.exercises; "         # reads its texts from the installed package
            "gdlib.set_language('es'); print(_(sys.argv[2]))")
    out = subprocess.run([sys.executable, "-c", code, str(site), entry.id],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == entry.string.strip()
