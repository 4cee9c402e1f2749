"""``tinytorch.utils``: data loading utilities (``tinytorch.utils.data``) and
``summary(model, input_size)``, activation checkpointing (``tinytorch.utils.checkpoint``) and
``tinytorch.utils.hooks.RemovableHandle``."""

from tinytorch.utils import checkpoint
from tinytorch.utils import data
from tinytorch.utils import hooks
from tinytorch.utils._summary import summary

__all__ = ["checkpoint", "data", "hooks", "summary"]
