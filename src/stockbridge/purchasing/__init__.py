"""purchasing."""
