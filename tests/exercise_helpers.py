"""What the exercise tests assert about a checker's feedback (gdlib.exercises), in one place.

    from .exercise_helpers import assert_not_yet, assert_ok, assert_wrong, stub

A checker answers with a ``Feedback``: ✓ and its message, ✗ and a message with a hint from the
exercise's ladder ("Hint 1/2: …"), or "not attempted yet" for the stub the notebook hands out.
"""
from __future__ import annotations


def stub(*args):
    """An exercise the student has not touched yet: the notebook's stub."""
    raise NotImplementedError  # your code here


def assert_ok(feedback, *words):
    """✓, with each of ``words`` in the message."""
    assert feedback.ok and repr(feedback).startswith("✓"), feedback
    for word in words:
        assert word in feedback.message, feedback


def assert_wrong(feedback, *words, hint=True):
    """✗, with each of ``words`` in the message and, with ``hint``, a hint from the ladder.

    ``hint=False`` is for the answers refused before any hint: a crash, a wrong type or shape,
    which the message names (pass what it must say in ``words``).
    """
    assert not feedback.ok and repr(feedback).startswith("✗"), feedback
    if hint:
        assert "Hint" in feedback.message, feedback
    for word in words:
        assert word in feedback.message, feedback


def assert_not_yet(feedback):
    """✗ "not attempted yet": what the stub gets."""
    assert not feedback.ok and repr(feedback).startswith("✗"), feedback
    assert "not attempted yet" in feedback.message, feedback
