"""Op database entries (shape)."""

OPS = []
