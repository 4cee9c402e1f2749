"""Helpers shared by the asv benchmark modules: device parameters and synchronisation."""

import tinytorch

DEVICES = ["cpu", "cuda"] if tinytorch.cuda.is_available() else ["cpu"]


def sync(device):
    """Wait for queued GPU work so a timing covers it (no-op on the CPU)."""
    if device.startswith("cuda"):
        tinytorch.cuda.synchronize()
