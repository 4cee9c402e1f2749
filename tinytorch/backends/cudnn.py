"""``tinytorch.backends.cudnn``: PyTorch's cuDNN switches, accepted so scripts run unchanged.

tinytorch does not use cuDNN: its CUDA convolutions are its own kernels (im2col and cuBLAS),
which pick no algorithm by benchmarking and give the same result on every run. So:

- ``benchmark`` (default False) has no effect: there is no algorithm search to turn on.
- ``deterministic`` (default False) has no effect: tinytorch's convolutions, like all its
  kernels, are already deterministic (its cuda scatter-adds sort instead of using atomics).
- ``enabled`` (default True) and ``allow_tf32`` (default True) have no effect.
- :func:`is_available` is False and :func:`version` is None, as in a PyTorch build
  without cuDNN.

>>> import tinytorch
>>> tinytorch.backends.cudnn.benchmark = True  # accepted; no effect
>>> tinytorch.backends.cudnn.is_available()
False
"""

benchmark = False
deterministic = False
enabled = True
allow_tf32 = True


def is_available():
    """False: tinytorch never uses cuDNN."""
    return False


def version():
    """None: no cuDNN library is used."""
    return None
