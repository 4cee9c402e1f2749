"""``tinytorch.distributed.nn``: collectives that autograd differentiates through."""

from tinytorch.distributed.nn import functional

__all__ = ["functional"]
