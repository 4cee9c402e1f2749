"""``tinytorch.utils``: data loading utilities (``tinytorch.utils.data``)."""

from tinytorch.utils import data

__all__ = ["data"]
