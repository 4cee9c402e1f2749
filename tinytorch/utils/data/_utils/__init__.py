"""Internals of ``tinytorch.utils.data``: collation, fetching, and the worker processes."""
