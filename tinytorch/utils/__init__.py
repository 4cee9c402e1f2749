"""``tinytorch.utils``: data loading utilities (``tinytorch.utils.data``) and
``summary(model, input_size)``."""

from tinytorch.utils import data
from tinytorch.utils._summary import summary

__all__ = ["data", "summary"]
