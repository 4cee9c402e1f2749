"""Op database entries (nn)."""

OPS = []
