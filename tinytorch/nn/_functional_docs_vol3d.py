"""Docstrings of ``tinytorch.nn.functional``'s 3-D convolution and pooling (vol3D), attached
as ``_functional_docs.py`` attaches the others."""

from tinytorch.nn import functional as F
from tinytorch._tensor_docs import add_docstr
from tinytorch.nn._functional_docs import _CONV_ARGS
from tinytorch.nn._functional_docs import _CONV_RAISES
from tinytorch.nn._functional_docs_pool import _CEIL
from tinytorch.nn._functional_docs_pool import _INDICES
from tinytorch.nn._functional_docs_pool import _POOL_ARGS
from tinytorch.nn._functional_docs_pool import _pool_doc

_VOLUME = "input (Tensor): ``(N, C, D, H, W)`` or ``(C, D, H, W)``."
_ADAPTIVE_SIZE = """output_size (int or tuple): the output's ``(D_out, H_out, W_out)``; an int for
        all three, ``None`` in the tuple keeps that input size."""
_ADAPTIVE_RAISES = """Raises:
    RuntimeError: the input is not 4-D or 5-D, has an empty non-batch dimension, or
        ``output_size`` does not have three entries."""

add_docstr(F.conv3d, f"""Applies a 3-D convolution (cross-correlation) over an input volume
of several input planes.

Args:
    input (Tensor): ``(N, in_channels, D, H, W)`` or ``(in_channels, D, H, W)``.
    weight (Tensor): ``(out_channels, in_channels / groups, kD, kH, kW)``.
    {_CONV_ARGS}

Returns:
    Tensor: ``(N, out_channels, D_out, H_out, W_out)`` (no ``N`` for an unbatched input).

{_CONV_RAISES.format(unbatched=4, batched=5)}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.conv3d(tinytorch.ones(1, 1, 3, 4, 4), tinytorch.ones(2, 1, 2, 3, 3)).shape
torch.Size([1, 2, 2, 2, 2])
""")

add_docstr(F.conv_transpose3d, """Applies a 3-D transposed convolution (the gradient of
:func:`conv3d` with respect to its input; sometimes called "deconvolution").

Args:
    input (Tensor): ``(N, in_channels, D, H, W)`` or ``(in_channels, D, H, W)``.
    weight (Tensor): ``(in_channels, out_channels / groups, kD, kH, kW)``.
    bias (Tensor, optional): ``(out_channels,)``. Default: None.
    stride (int or tuple): the stride of the kernel. Default: 1.
    padding (int or tuple): ``dilation * (k - 1) - padding`` zero padding is added to both
        sides of each dimension of the input. Default: 0.
    output_padding (int or tuple): extra size added to one side of the output (smaller than
        the stride or the dilation). Default: 0.
    groups (int): split the input into groups. Default: 1.
    dilation (int or tuple): the spacing between kernel elements. Default: 1.

Returns:
    Tensor: ``(N, out_channels, D_out, H_out, W_out)`` with, per dimension,
    ``(size - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1``.

Raises:
    RuntimeError: the shapes, dtypes or ``output_padding`` do not fit.
    TypeError: ``padding`` is a string.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.conv_transpose3d(tinytorch.ones(1, 2, 2, 3, 3), tinytorch.ones(2, 1, 2, 2, 2),
...                    stride=2).shape
torch.Size([1, 1, 4, 6, 6])
""")

add_docstr(F.max_pool3d, _pool_doc(
    "Applies a 3-D max pooling over an input volume of several input planes. The gradient\n"
    "goes to the first maximum of each window (in depth, then row, then column order), as in\n"
    "PyTorch.",
    _VOLUME + "\n    " + _POOL_ARGS
    + "\n    dilation (int or tuple): the spacing between window elements. Default: 1.\n    "
    + _CEIL + "\n    " + _INDICES.replace("plane", "volume"),
    "Tensor or (Tensor, Tensor): ``(N, C, D_out, H_out, W_out)``, and the int64 indices with\n"
    "    ``return_indices``.",
    "F.max_pool3d(tinytorch.arange(8.0).reshape(1, 1, 2, 2, 2), 2)", "tensor([[[[[7.]]]]])"))
add_docstr(F.avg_pool3d, _pool_doc(
    "Applies a 3-D average pooling over an input volume of several input planes.",
    _VOLUME + "\n    " + _POOL_ARGS + "\n    " + _CEIL
    + "\n    count_include_pad (bool): count the zero padding in the average. Default: ``True``."
    + "\n    divisor_override (int, optional): divide each window's sum by this instead."
    + "\n        Default: None.",
    "Tensor: ``(N, C, D_out, H_out, W_out)``.",
    "F.avg_pool3d(tinytorch.arange(8.0).reshape(1, 1, 2, 2, 2), 2)", "tensor([[[[[3.5000]]]]])"))
add_docstr(F.adaptive_avg_pool3d, f"""Applies a 3-D adaptive average pooling: the windows are
chosen so that the output has size ``output_size``, whatever the input's.

Args:
    {_VOLUME}
    {_ADAPTIVE_SIZE}

Returns:
    Tensor: ``(N, C, D_out, H_out, W_out)``.

{_ADAPTIVE_RAISES}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.adaptive_avg_pool3d(tinytorch.ones(1, 3, 5, 8, 6), (2, 4, None)).shape
torch.Size([1, 3, 2, 4, 6])
""")
add_docstr(F.adaptive_max_pool3d, f"""Applies a 3-D adaptive max pooling: the windows are
chosen so that the output has size ``output_size``, whatever the input's.

Args:
    {_VOLUME}
    {_ADAPTIVE_SIZE}
    return_indices (bool): also return the flat index of each maximum in its ``D * H * W``
        volume. Default: ``False``.

Returns:
    Tensor or (Tensor, Tensor): ``(N, C, D_out, H_out, W_out)``, and the int64 indices with
    ``return_indices``.

{_ADAPTIVE_RAISES}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.adaptive_max_pool3d(tinytorch.arange(8.0).reshape(1, 1, 2, 2, 2), 1,
...                       return_indices=True)
(tensor([[[[[7.]]]]]), tensor([[[[[7]]]]]))
""")
