"""``tinytorch.utils``: ``summary(model, input_size)``."""

from tinytorch.utils._summary import summary

__all__ = ["summary"]
