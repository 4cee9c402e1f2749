"""The CPU backend: NumPy arrays, float32 kept float32 (never silently upcast)."""

import numpy as np

from tinytorch._device import device
from tinytorch.backends._array_api import ArrayAPIBackend


class CPUBackend(ArrayAPIBackend):
    """NumPy implementation of the backend contract."""

    xp = np
    device = device("cpu")

    def from_host(self, array):
        return array

    def to_host(self, a):
        return a
