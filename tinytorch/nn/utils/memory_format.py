"""``convert_conv2d_weight_memory_format`` / ``convert_conv3d_weight_memory_format``: lay a
model's convolution weights out in a memory format, as PyTorch's."""

from tinytorch.nn.modules.conv import Conv2d
from tinytorch.nn.modules.conv import Conv3d
from tinytorch.nn.modules.conv import ConvTranspose2d
from tinytorch.nn.modules.conv import ConvTranspose3d


def _convert(module, memory_format, kinds):
    if isinstance(module, kinds):
        module.weight.data = module.weight.detach().clone(memory_format=memory_format)
    for child in module.children():
        _convert(child, memory_format, kinds)
    return module


def convert_conv2d_weight_memory_format(module, memory_format):
    """Give the weight of every ``Conv2d`` and ``ConvTranspose2d`` in ``module`` (itself
    included) ``memory_format``, in place; the values and the Parameter objects stay.

    Args:
        module (nn.Module): the model.
        memory_format (tinytorch.memory_format): e.g. ``tinytorch.channels_last``.

    Returns:
        nn.Module: ``module``.

    >>> import tinytorch
    >>> model = tinytorch.nn.Sequential(tinytorch.nn.Conv2d(8, 4, 3))
    >>> model = tinytorch.nn.utils.convert_conv2d_weight_memory_format(
    ...     model, tinytorch.channels_last)
    >>> model[0].weight.is_contiguous(memory_format=tinytorch.channels_last)
    True
    """
    return _convert(module, memory_format, (Conv2d, ConvTranspose2d))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Give the weight of every ``Conv3d`` and ``ConvTranspose3d`` in ``module`` (itself
    included) ``memory_format``, in place; the values and the Parameter objects stay.

    Args:
        module (nn.Module): the model.
        memory_format (tinytorch.memory_format): e.g. ``tinytorch.channels_last_3d``.

    Returns:
        nn.Module: ``module``.

    >>> import tinytorch
    >>> conv = tinytorch.nn.Conv3d(2, 4, 3)
    >>> conv = tinytorch.nn.utils.convert_conv3d_weight_memory_format(
    ...     conv, tinytorch.channels_last_3d)
    >>> conv.weight.is_contiguous(memory_format=tinytorch.channels_last_3d)
    True
    """
    return _convert(module, memory_format, (Conv3d, ConvTranspose3d))
