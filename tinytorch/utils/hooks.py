"""``tinytorch.utils.hooks``: PyTorch's home of :class:`RemovableHandle`, the handle every
``register_*_hook`` returns (scripts import it from ``torch.utils.hooks`` to annotate or to
build their own hook registries)."""

from tinytorch._hooks import RemovableHandle

__all__ = ["RemovableHandle"]
