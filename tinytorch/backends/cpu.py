"""The CPU backend: NumPy arrays, float32 kept float32 (never silently upcast)."""

import numpy as np

from tinytorch._device import device
from tinytorch.backends import _heap
from tinytorch.backends._array_api import ArrayAPIBackend


class CPUBackend(ArrayAPIBackend):
    """NumPy implementation of the backend contract."""

    xp = np
    device = device("cpu")

    def __init__(self):
        self.heap_reuse = _heap.configure()  # see NOTE [Heap reuse]

    def from_host(self, array):
        return array

    def to_host(self, a):
        return a
