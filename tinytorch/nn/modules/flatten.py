"""Flatten and Unflatten."""

from tinytorch.nn.modules.module import Module


class Flatten(Module):
    """Flatten dims ``start_dim`` .. ``end_dim`` into one.

    Args:
        start_dim (int): the first dimension to flatten. Default: 1 (keeps the batch).
        end_dim (int): the last dimension to flatten. Default: -1.

    >>> import tinytorch
    >>> tinytorch.nn.Flatten()(tinytorch.zeros(32, 1, 5, 5)).shape
    torch.Size([32, 25])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Expand dim ``dim`` into ``unflattened_size``.

    Args:
        dim (int): the dimension to expand.
        unflattened_size (tuple of ints): the sizes it becomes; their product must be its size.

    >>> import tinytorch
    >>> tinytorch.nn.Unflatten(1, (2, 5, 5))(tinytorch.zeros(2, 50)).shape
    torch.Size([2, 2, 5, 5])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError("unflattened_size must be a tuple of ints, but found type "
                            f"{type(unflattened_size).__name__}")
        for pos, size in enumerate(unflattened_size):
            if not isinstance(size, int):
                raise TypeError(f"unflattened_size must be tuple of ints, but found element of "
                                f"type {type(size).__name__} at pos {pos}")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
