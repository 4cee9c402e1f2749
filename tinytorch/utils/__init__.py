"""``tinytorch.utils``: data loading utilities (``tinytorch.utils.data``) and
``summary(model, input_size)`` and activation checkpointing
(``tinytorch.utils.checkpoint``)."""

from tinytorch.utils import checkpoint
from tinytorch.utils import data
from tinytorch.utils._summary import summary

__all__ = ["checkpoint", "data", "summary"]
