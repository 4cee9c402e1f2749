"""``tinytorch.backends.mps``: Apple's Metal devices, which tinytorch does not support.

Device-picking code such as ``"mps" if torch.backends.mps.is_available() else "cpu"`` runs
unchanged and picks another device.

>>> import tinytorch
>>> tinytorch.backends.mps.is_available()
False
"""


def is_available():
    """False: tinytorch has no MPS (Apple Metal) backend."""
    return False


def is_built():
    """False: tinytorch has no MPS (Apple Metal) backend."""
    return False
