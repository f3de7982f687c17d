"""The gdlib tests (a package: pytest puts the repository root on sys.path, so the tests
import ``browserkit`` and each other, e.g. ``from .exercise_helpers import assert_ok``)."""
