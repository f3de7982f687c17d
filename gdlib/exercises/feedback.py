"""The feedback every exercise check returns (✓ / ✗ and a hint), and what the checks share:
reading a student's number or function safely, comparing, small test problems, and the
ladder of progressive hints.

The hint ladder: a check that finds a slip names *what* is wrong (a sign, a missing 1/n,
a stale gradient) and adds one hint from a list ordered from vague to concrete. The ladder
climbs per slip: the n-th time the same slip is made in the same exercise it gets the n-th
hint (the last one from then on), and a new kind of slip starts at its own first hint. A
✓ starts all the exercise's ladders again. The full solution is never a hint: it stays in
the notebook's hidden worked solution::

    return wrong("gd_step", _("you stepped uphill."), [_("look at the sign of the update"),
                                                       _("θ ← θ − α∇L: which way is downhill?")])
    return right("gd_step", _("correct: ..."))

The sentences given to ``wrong``, ``right``, ``Feedback``, ``number``, ``pair`` and
``check_value`` are shown as given: the checks pass them translated; this module translates
only its own framing ("Hint 1/2: ...", "not attempted yet", "correct: ..."). Each exercise
keeps its sentences in tables at the top of its module, marked ``N_("...")`` and translated
when shown: ``say(TABLE, key, **fields)`` for what the check says, ``ladder(HINTS[slip])``
for a hint ladder. A number carries its format in the sentence (``{ratio:.3g}``), so the
check passes the number itself; a sentence about a count ``n`` is a function of ``n`` that
calls ``ngettext`` (English and Spanish say "1 update", "2 updates")::

    GD_STEP_MESSAGES = {"uphill": N_("you stepped uphill: the loss goes up."), ...}
    GD_STEP_HINTS = {"uphill": [N_("look at the sign of your update."), ...], ...}

    return wrong("gd_step", say(GD_STEP_MESSAGES, "uphill"), ladder(GD_STEP_HINTS["uphill"]))
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import linear, softmax
from ..i18n import N_, _


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


def say(table, key, **fields):
    """The sentence ``table[key]`` in the current language, with its ``fields`` filled in.

    A table's sentences are marked ``N_("...")`` and translated here, when shown, so that
    ``set_language`` called after the import still changes them. A sentence about a count is
    a function of the count, the field ``n``: ``lambda n: ngettext("{n} update", "{n}
    updates", n)``.
    """
    sentence = table[key]
    return (sentence(_count(fields["n"])) if callable(sentence) else _(sentence)).format(**fields)


def _count(n):
    """``n`` as the whole number that ``ngettext`` takes; anything else (a student's 2.5 or
    "5") reads as plural."""
    try:
        return int(n) if n == int(n) else 2
    except (TypeError, ValueError, OverflowError):
        return 2


def ladder(hints, **fields):
    """A hint ladder (rungs marked ``N_``, vague to concrete) in the current language; given
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


def student_pair(fn, what, *args):
    """Call the student's ``fn``: ((w, b), None) if it returned a pair, else (None, Feedback)."""
    result, feedback = attempt(fn, *args)
    return (None, feedback) if feedback is not None else pair(result, what)


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
