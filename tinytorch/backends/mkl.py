"""``tinytorch.backends.mkl``: Intel's MKL, which tinytorch does not use (its CPU kernels are
NumPy's, over the BLAS NumPy was built with).

>>> import tinytorch
>>> tinytorch.backends.mkl.is_available()
False
"""

from tinytorch.backends.mkldnn import verbose  # noqa: F401  (accepted, prints nothing)

VERBOSE_OFF = 0
VERBOSE_ON = 1


def is_available():
    """False: tinytorch is not built with MKL.

    Returns:
        bool: False.

    >>> tinytorch.backends.mkl.is_available()
    False
    """
    return False
