"""Op database entries (reduction)."""

OPS = []
