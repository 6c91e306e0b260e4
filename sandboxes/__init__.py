"""Makes `sandboxes.tests` importable from the repository root (its tests import their
helpers by that name)."""
