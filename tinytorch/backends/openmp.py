"""``tinytorch.backends.openmp``: whether OpenMP runs tinytorch's CPU kernels: no, they run on
tinytorch's own threads (NOTE [CPU threads] in tinytorch/backends/threads.py).

>>> import tinytorch
>>> tinytorch.backends.openmp.is_available()
False
"""


def is_available():
    """False: tinytorch is not built with OpenMP.

    Returns:
        bool: False.

    >>> tinytorch.backends.openmp.is_available()
    False
    """
    return False
