"""The feedback every exercise check returns (✓ / ✗ and a hint), and what the checks share:
reading a student's number or function safely, comparing, small test problems, and the
ladder of progressive hints.

The hint ladder: a check that finds a slip names *what* is wrong (a sign, a missing 1/n,
a stale gradient) and adds one hint from a list ordered from vague to concrete. The ladder
climbs per slip: the n-th time the same slip is made in the same exercise it gets the n-th
hint (the last one from then on), and a new kind of slip starts at its own first hint. A
✓ starts all the exercise's ladders again. The full solution is never a hint: it stays in
the notebook's hidden worked solution::

    return wrong("gd_step", say(messages, "uphill"), ladder(hints["uphill"]))
    return right("gd_step", say(messages, "right"))

The sentences given to ``wrong``, ``right``, ``Feedback``, ``number``, ``pair`` and
``check_value`` are shown as given: the checks pass them translated (``say`` and ``ladder``
translate), and this module adds its own framing ("Hint 1/2: ...", "not attempted yet",
"correct: ..."). Each exercise module keeps its sentences out of the code, in
``texts/<module>.json`` (one entry per exercise: ``"messages"``, what the check says, and
``"hints"``, its hint ladders), loaded with ``MESSAGES, HINTS = texts("<module>")`` and
translated when shown: ``say(messages, key, **fields)`` (``gdlib.i18n.say``) for what the
check says, ``ladder(hints[slip])`` for the hint ladder of a slip (``ladder(hints)`` where
the exercise has one ladder). A number carries its format in the sentence
(``{ratio:.3g}``), so the check passes the number itself; a sentence about a count ``n`` is
a pair ``{"one": "{n} update", "other": "{n} updates"}`` given to ``ngettext`` (English and
Spanish say "1 update", "2 updates")::

    texts/gradient_descent.json:
        {"gd_step": {"messages": {"uphill": "you stepped uphill: the loss goes up.", ...},
                     "hints": {"uphill": ["look at the sign of your update.", ...], ...}}, ...}

    MESSAGES, HINTS = texts("gradient_descent")                    # the module, once
    messages, hints = MESSAGES["gd_step"], HINTS["gd_step"]         # each check, once
    return wrong("gd_step", say(messages, "uphill"), ladder(hints["uphill"]))

``make translations`` puts these sentences into the catalogue like the ``_("...")`` in the
code (``babel.cfg``: the extractor ``gdlib.i18n.extract_texts``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .. import linear, softmax
from ..i18n import N_, _, say  # noqa: F401  (say: the exercises' way to show a sentence)


@dataclass(frozen=True)
class Feedback:
    ok: bool
    message: str

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return ("✓ " if self.ok else "✗ ") + self.message

    def _repr_html_(self):
        color, mark = ("#2b8a3e", "✓") if self.ok else ("#d9480f", "✗")
        return f"<div style='color:{color}'><b>{mark}</b> {self.message}</div>"


#: Wrong answers to each (exercise, slip) since the exercise's last ✓, in this kernel (the
#: hint ladders).
_failures: dict[tuple, int] = {}


def wrong(exercise, what, hints, slip=None):
    """✗ feedback for ``exercise``: ``what`` names the slip, then the next rung of ``hints``.

    ``hints`` go from vague to concrete. The ladder climbs per slip: the n-th time this
    ``slip`` (a key; by default the hints themselves, so that each kind of mistake with its
    own hints has its own ladder) is made since the exercise's last ✓ gets ``hints[n - 1]``
    (the last hint once they run out), e.g. "Hint 2/3: ...".
    """
    hints = [hints] if isinstance(hints, str) else list(hints)
    if not hints:
        raise ValueError("wrong() needs at least one hint, from vague to concrete.")
    key = (exercise, tuple(hints) if slip is None else slip)
    count = _failures.get(key, 0) + 1
    _failures[key] = count
    step = min(count, len(hints))
    if step < len(hints):
        text = _("{what} Hint {step}/{total}: {hint} (Still stuck? Try again: the next hint "
                 "is more concrete.)")
    else:
        text = _("{what} Hint {step}/{total}: {hint}")
    return Feedback(False, text.format(what=what.rstrip(), step=step, total=len(hints),
                                       hint=hints[step - 1]))


def right(exercise, message):
    """✓ feedback for ``exercise``; all its hint ladders start again from the first hint."""
    for key in [key for key in _failures if key[0] == exercise]:
        del _failures[key]
    return Feedback(True, message)


def texts(module):
    """``(MESSAGES, HINTS)`` of the exercise module ``module``, from ``texts/<module>.json``:
    ``MESSAGES[exercise][key]`` is a sentence (or a ``{"one", "other"}`` pair for a count
    ``n``), ``HINTS[exercise]`` a hint ladder or a ladder per slip. Untranslated: ``say`` and
    ``ladder`` translate when they show them."""
    with resources.files(__package__).joinpath("texts", f"{module}.json").open(
            encoding="utf-8") as f:
        exercises = json.load(f)
    return ({name: entry.get("messages", {}) for name, entry in exercises.items()},
            {name: entry.get("hints", []) for name, entry in exercises.items()})


def ladder(hints, **fields):
    """A hint ladder (rungs vague to concrete, from ``texts``) in the current language; given
    ``fields``, they fill in the rungs (a ladder without fields may show braces, as e^{z_k})."""
    return [_(hint).format(**fields) if fields else _(hint) for hint in hints]


def reset_hints():
    """Forget every exercise's wrong answers (all ladders back to the first hint)."""
    _failures.clear()


class _Shown(Feedback):
    """A module-level Feedback whose message (marked ``N_``) is translated when it is read,
    so that ``set_language`` called after the import still changes it."""

    def __getattribute__(self, name):
        value = object.__getattribute__(self, name)
        return _(value) if name == "message" else value


NOT_YET = _Shown(False, N_("not attempted yet: replace `raise NotImplementedError` with "
                           "your code, run that cell, then run this one again."))
NOT_YET_NUMBER = _Shown(False, N_("not attempted yet: replace `None` with your number, run "
                                  "that cell, then run this one again."))


def number(answer, name):
    """(value, None) for a finite number, else (None, Feedback): "not yet" or "not a number"."""
    if answer is None or answer is Ellipsis:
        return None, NOT_YET_NUMBER
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None, Feedback(False, _("{name} should be a number, got {value}.")
                              .format(name=name, value=repr(answer)))
    if not np.isfinite(value):
        return None, Feedback(False, _("{name} should be a finite number, got {value}.")
                              .format(name=name, value=value))
    return value, None


def close(got, expected, rtol=1e-8):
    """Are the numbers (or arrays) close? False, not an error, for the wrong shape or type."""
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and bool(np.allclose(got, expected, rtol=rtol,
                                                                atol=1e-12))


def pair(result, what, example="w, b", count=2):
    """The student's pair (e.g. (w, b)), or a Feedback saying what came back instead.

    A tuple or a list of ``count`` things is a pair (``return [w, b]`` is as good as
    ``return w, b``); it comes back as a tuple.
    """
    if not (isinstance(result, (tuple, list)) and len(result) == count):
        return None, Feedback(False, _("{what} should return a pair, e.g. `return "
                                       "{example}`; it returned {type}.")
                              .format(what=what, example=example, type=type(result).__name__))
    return tuple(result), None


def attempt(fn, *args):
    """Call the student's function; turn 'not written yet' and crashes into feedback."""
    try:
        return fn(*args), None
    except NotImplementedError:
        return None, NOT_YET
    except Exception as err:  # the student's code crashed: say how, don't stop Run All
        return None, Feedback(False, _("your function raised {error}: {message}")
                              .format(error=type(err).__name__, message=err))


def student_pair(fn, what, *args, example="w, b"):
    """Call the student's ``fn``: ((w, b), None) if it returned a pair, else (None, Feedback)
    (``what`` and ``example`` as in ``pair``)."""
    result, feedback = attempt(fn, *args)
    return (None, feedback) if feedback is not None else pair(result, what, example)


def problem(model, seed, n=12, d=3, K=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if model is softmax:
        return X, rng.integers(0, K, n), rng.standard_normal((d, K)), rng.standard_normal(K)
    y = rng.standard_normal(n) if model is linear else rng.integers(0, 2, n).astype(float)
    return X, y, rng.standard_normal(d), float(rng.standard_normal())


def check_value(answer, expected, name, hints, rtol=1e-3, exercise=None):
    """Is the number ``answer`` close to ``expected`` (relative tolerance rtol)?

    A miss names the number and climbs the hint ladder ``hints`` (vague to concrete) of
    ``exercise`` (default: ``name``).
    """
    value, feedback = number(answer, name)
    if feedback is not None:
        return feedback
    exercise = name if exercise is None else exercise
    if np.isclose(value, expected, rtol=rtol, atol=0.0):
        return right(exercise, _("correct: {name} = {value:.4g}.").format(name=name, value=value))
    return wrong(exercise, _("{name} = {value:.4g} is not right yet.").format(name=name,
                                                                                value=value),
                 hints)
