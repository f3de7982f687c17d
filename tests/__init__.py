"""The gdlib tests (a package, so ``from tests.e2e import harness`` works from the repository root)."""
