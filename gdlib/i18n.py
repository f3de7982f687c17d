"""The language of everything gdlib shows: figures, explorers, feedback, error messages.

English is the default and the source language: every sentence is written in English in
the code and looked up, when it is shown, in a gettext catalogue::

    gdlib/locale/es/LC_MESSAGES/gdlib.po    the Spanish translations (edit this one)
    gdlib/locale/es/LC_MESSAGES/gdlib.mo    compiled from it (`make translations`)

In the code, a sentence the student sees is written ``_("...")`` (or
``ngettext(singular, plural, n)``), with its numbers as named fields filled in after
the lookup: ``_("{n} updates").format(n=n)``. A module-level constant is marked with
``N_("...")`` (nothing happens) and translated with ``_()`` where it is shown, so that
``set_language`` called later still changes it. The exercises keep their sentences in
data files, ``gdlib/exercises/texts/*.json`` (see ``gdlib.exercises.feedback.texts``);
``extract_texts`` hands those to Babel, so they reach the catalogue the same way.
"""
from __future__ import annotations

import gettext
import json
from pathlib import Path

#: The languages of the course, English first (the default).
LANGUAGES = ("en", "es")
DOMAIN = "gdlib"
LOCALE_DIR = Path(__file__).parent / "locale"

_language = "en"
_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_missing: set[str] = set()


class _Missing(gettext.NullTranslations):
    """The catalogue's fallback: records every message it had no translation for."""

    def gettext(self, message):
        _missing.add(message)
        return message

    def ngettext(self, singular, plural, n):
        _missing.add(singular)
        return singular if n == 1 else plural


def set_language(language: str) -> None:
    """Show everything gdlib draws and says in ``language``: ``"en"`` or ``"es"``.

    Call it in the first cell of a notebook, before the figures and explorers are made.
    """
    global _language, _catalogue
    if not isinstance(language, str):
        raise TypeError(f"set_language takes a language code as a string, e.g. "
                        f"set_language('es'), not {type(language).__name__}")
    code = language.strip().lower().replace("-", "_").split("_")[0]
    if code not in LANGUAGES:
        raise ValueError(f"gdlib speaks {' and '.join(map(repr, LANGUAGES))}, not "
                         f"{language!r}: call set_language('en') or set_language('es')")
    if code == "en":
        _catalogue = gettext.NullTranslations()
    else:
        _catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
        _catalogue.add_fallback(_Missing())
    _language = code


def get_language() -> str:
    """The language set by ``set_language`` (``"en"`` until it is called)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural sentence for a count ``n``, in the current language."""
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a module-level constant for the catalogue; translate it with ``_`` when shown."""
    return message


def say(table, key, **fields):
    """The sentence ``table[key]`` in the current language, with its ``fields`` filled in.

    ``table`` holds untranslated sentences (marked ``N_``, or read from a data file such as
    the exercises' texts): translated here, when shown, so that ``set_language`` called
    after the import still changes them. A sentence about a count, the field ``n``, is a
    pair ``{"one": "{n} update", "other": "{n} updates"}``: ``ngettext`` picks the form for
    ``n`` in the current language.
    """
    sentence = table[key]
    if isinstance(sentence, dict):
        return ngettext(sentence["one"], sentence["other"], _count(fields["n"])).format(**fields)
    return _(sentence).format(**fields)


def _count(n):
    """``n`` as the whole number that ``ngettext`` takes; anything else (a student's 2.5 or
    "5") reads as plural."""
    try:
        return int(n) if n == int(n) else 2
    except (TypeError, ValueError, OverflowError):
        return 2


def translated(table):
    """Every sentence of ``table`` (a dict of ``N_`` marked sentences) in the current
    language: what a page gets to fill in itself."""
    return {key: _(sentence) for key, sentence in table.items()}


def missing() -> set[str]:
    """Every message looked up, since the process started, in a language whose catalogue
    had no translation for it (the tests check that it stays empty)."""
    return set(_missing)


def extract_texts(fileobj, keywords, comment_tags, options):
    """Babel's extractor for the exercises' JSON texts (``babel.cfg``): every string in the
    file is a sentence to translate, and a ``{"one": ..., "other": ...}`` pair is a count's
    singular and plural (``ngettext``). Yields Babel's ``(lineno, funcname, message,
    comments)``; the line is where the sentence is written in the file."""
    text = fileobj.read().decode("utf-8")

    def line(message):
        return text.count("\n", 0, text.find(json.dumps(message, ensure_ascii=False))) + 1

    def walk(value):
        if isinstance(value, str):
            yield line(value), "_", value, []
        elif isinstance(value, dict) and set(value) == {"one", "other"}:
            yield line(value["one"]), "ngettext", (value["one"], value["other"]), []
        else:
            for item in value.values() if isinstance(value, dict) else value:
                yield from walk(item)

    yield from walk(json.loads(text))
