"""Flatten parameters into one vector and back."""

from tinytorch._ops.join import cat
from tinytorch._tensor import Tensor
from tinytorch._typeinfo import typename


def _check_same_device(param, device):
    if device is not None and param.device != device:
        raise TypeError("Found two parameters on different devices, this is currently not "
                        "supported.")
    return param.device


def parameters_to_vector(parameters):
    """Flatten an iterable of parameters into one 1-D tensor (each flattened, in order).

    Args:
        parameters (iterable of Tensor): the parameters, e.g. ``model.parameters()``.

    Returns:
        Tensor: the concatenation, differentiable with respect to them.

    Raises:
        TypeError: two parameters are on different devices.

    >>> import tinytorch
    >>> m = tinytorch.nn.Linear(3, 2)
    >>> tinytorch.nn.utils.parameters_to_vector(m.parameters()).shape
    torch.Size([8])
    """
    device = None
    flat = []
    for param in parameters:
        device = _check_same_device(param, device)
        flat.append(param.reshape(-1))
    return cat(flat)


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of the 1-D ``vec`` into ``parameters``, the inverse of
    :func:`parameters_to_vector`: each parameter's ``data`` becomes a view of its slice.

    Args:
        vec (Tensor): a 1-D tensor with at least as many elements as the parameters hold.
        parameters (iterable of Tensor): the parameters to overwrite.

    Raises:
        TypeError: ``vec`` is not a Tensor, or two parameters are on different devices.

    >>> import tinytorch
    >>> m = tinytorch.nn.Linear(3, 2)
    >>> tinytorch.nn.utils.vector_to_parameters(tinytorch.zeros(8), m.parameters())
    >>> m.bias
    Parameter containing:
    tensor([0., 0.], requires_grad=True)
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    device = None
    pointer = 0
    for param in parameters:
        device = _check_same_device(param, device)
        num = param.numel()
        param.data = vec[pointer:pointer + num].view_as(param).data
        pointer += num
