"""Fold an eval-mode BatchNorm into the convolution or linear layer before it, as PyTorch's
``torch.nn.utils.fusion``: ``bn(conv(x)) == fused_conv(x)`` up to rounding."""

import copy

from tinytorch import _creation
from tinytorch._ops.pointwise import rsqrt
from tinytorch.nn.parameter import Parameter

__all__ = ["fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval",
           "fuse_linear_bn_weights"]


def _check_eval(layer, bn):
    if layer.training or bn.training:
        raise AssertionError("Fusion only for eval!")


def _check_running_stats(bn):
    if bn.running_mean is None or bn.running_var is None:
        raise AssertionError("bn.running_mean and bn.running_var must not be None")


def fuse_conv_bn_eval(conv, bn, transpose=False):
    """A copy of ``conv`` with ``bn`` (both in eval mode) folded into its weight and bias.

    Args:
        conv (Module): a convolution (``ConvNd`` or, with ``transpose``, ``ConvTransposeNd``).
        bn (Module): the BatchNorm after it, with running statistics.
        transpose (bool): ``conv`` is transposed (its out channels are dim 1). Default: False.

    Returns:
        Module: the fused convolution (a deep copy; ``conv`` is unchanged).

    Raises:
        AssertionError: a module is in training mode, or ``bn`` tracks no running statistics.

    >>> from tinytorch.nn.utils import fuse_conv_bn_eval
    >>> conv, bn = tinytorch.nn.Conv2d(1, 2, 3).eval(), tinytorch.nn.BatchNorm2d(2).eval()
    >>> x = tinytorch.randn(1, 1, 5, 5)
    >>> bool(tinytorch.allclose(fuse_conv_bn_eval(conv, bn)(x), bn(conv(x)), atol=1e-6))
    True
    """
    _check_eval(conv, bn)
    fused_conv = copy.deepcopy(conv)
    _check_running_stats(bn)
    fused_conv.weight, fused_conv.bias = fuse_conv_bn_weights(
        fused_conv.weight, fused_conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight,
        bn.bias, transpose)
    return fused_conv


def fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False):
    """The weight and bias of a convolution followed by an eval-mode BatchNorm, as one
    convolution: ``w * gamma / sqrt(var + eps)`` per out channel and
    ``(b - mean) * gamma / sqrt(var + eps) + beta``.

    Args:
        conv_w (Tensor): the convolution's weight.
        conv_b (Tensor or None): its bias (None: zeros).
        bn_rm (Tensor): BatchNorm's running mean.
        bn_rv (Tensor): BatchNorm's running variance.
        bn_eps (float): BatchNorm's eps.
        bn_w (Tensor or None): BatchNorm's weight (None: ones).
        bn_b (Tensor or None): BatchNorm's bias (None: zeros).
        transpose (bool): the weight is a transposed convolution's. Default: False.

    Returns:
        tuple[Parameter, Parameter]: the fused weight and bias, in the conv's dtypes, requiring
        grad as ``conv_w`` and ``conv_b`` do.

    >>> from tinytorch.nn.utils import fuse_conv_bn_weights
    >>> w, b = fuse_conv_bn_weights(tinytorch.ones(1, 1, 1, 1), None, tinytorch.zeros(1),
    ...                             tinytorch.full((1,), 4.0), 0.0, None, None)
    >>> w.flatten().tolist(), b.tolist()
    ([0.5], [0.0])
    """
    conv_weight_dtype = conv_w.dtype
    conv_bias_dtype = conv_b.dtype if conv_b is not None else conv_weight_dtype
    if conv_b is None:
        conv_b = _creation.zeros_like(bn_rm)
    if bn_w is None:
        bn_w = _creation.ones_like(bn_rm)
    if bn_b is None:
        bn_b = _creation.zeros_like(bn_rm)
    bn_var_rsqrt = rsqrt(bn_rv + bn_eps)
    ones = [1] * (len(conv_w.shape) - 2)
    shape = [1, -1, *ones] if transpose else [-1, 1, *ones]
    fused_conv_w = (conv_w * (bn_w * bn_var_rsqrt).reshape(shape)).to(dtype=conv_weight_dtype)
    fused_conv_b = ((conv_b - bn_rm) * bn_var_rsqrt * bn_w + bn_b).to(dtype=conv_bias_dtype)
    return (Parameter(fused_conv_w, conv_w.requires_grad),
            Parameter(fused_conv_b, conv_b.requires_grad))


def fuse_linear_bn_eval(linear, bn):
    """A copy of ``linear`` with ``bn`` (both in eval mode) folded into its weight and bias.

    Args:
        linear (Linear): the linear layer.
        bn (Module): the BatchNorm after it: ``num_features`` equal to ``out_features``, or 1.

    Returns:
        Linear: the fused layer (a deep copy; ``linear`` is unchanged).

    Raises:
        AssertionError: a module is in training mode, the feature counts do not fit, or
            ``bn`` tracks no running statistics.

    >>> from tinytorch.nn.utils import fuse_linear_bn_eval
    >>> linear, bn = tinytorch.nn.Linear(3, 2).eval(), tinytorch.nn.BatchNorm1d(2).eval()
    >>> x = tinytorch.randn(4, 3)
    >>> bool(tinytorch.allclose(fuse_linear_bn_eval(linear, bn)(x), bn(linear(x)), atol=1e-6))
    True
    """
    _check_eval(linear, bn)
    fused_linear = copy.deepcopy(linear)
    # bn's channels must broadcast against linear's last dim to keep linear's shapes.
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise AssertionError("To fuse, linear.out_features == bn.num_features or "
                             f"bn.num_features == 1, got linear.out_features="
                             f"{linear.out_features} and bn.num_features={bn.num_features}")
    _check_running_stats(bn)
    fused_linear.weight, fused_linear.bias = fuse_linear_bn_weights(
        fused_linear.weight, fused_linear.bias, bn.running_mean, bn.running_var, bn.eps,
        bn.weight, bn.bias)
    return fused_linear


def fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b):
    """The weight and bias of a linear layer followed by an eval-mode BatchNorm, as one linear
    layer (see :func:`fuse_conv_bn_weights`).

    Args:
        linear_w (Tensor): the linear weight, ``(out_features, in_features)``.
        linear_b (Tensor or None): its bias (None: zeros).
        bn_rm (Tensor): BatchNorm's running mean.
        bn_rv (Tensor): BatchNorm's running variance.
        bn_eps (float): BatchNorm's eps.
        bn_w (Tensor): BatchNorm's weight.
        bn_b (Tensor): BatchNorm's bias.

    Returns:
        tuple[Parameter, Parameter]: the fused weight and bias.

    >>> from tinytorch.nn.utils import fuse_linear_bn_weights
    >>> w, b = fuse_linear_bn_weights(tinytorch.ones(1, 2), tinytorch.ones(1), tinytorch.ones(1),
    ...                               tinytorch.ones(1), 0.0, tinytorch.full((1,), 2.0),
    ...                               tinytorch.zeros(1))
    >>> w.tolist(), b.tolist()
    ([[2.0, 2.0]], [0.0])
    """
    linear_weight_dtype = linear_w.dtype
    linear_bias_dtype = linear_b.dtype if linear_b is not None else linear_weight_dtype
    if linear_b is None:
        linear_b = _creation.zeros_like(bn_rm)
    bn_scale = bn_w * rsqrt(bn_rv + bn_eps)
    fused_w = linear_w * bn_scale.unsqueeze(-1).to(dtype=linear_weight_dtype)
    fused_b = ((linear_b - bn_rm) * bn_scale + bn_b).to(dtype=linear_bias_dtype)
    return (Parameter(fused_w, linear_w.requires_grad),
            Parameter(fused_b, linear_b.requires_grad))
