"""Instance norm and local response norm, composed as PyTorch composes them: instance norm is
batch norm over a (1, N·C, *) view (one channel per instance), local response norm an average
pool of x² over a zero-padded window of channels. Gradients and double backward come from
the ops composed. Also PyTorch's legacy CrossMapLRN2d, one op with PyTorch's own backward."""

import math

from tinytorch import _dtype
from tinytorch._grad_mode import no_grad
from tinytorch._ops import nn_misc
from tinytorch._ops import nn_norm
from tinytorch._ops import nn_pool
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops._op import Op


def _repeat(t, n):
    return None if t is None else shape.repeat(t, (n,))


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalise each channel of each instance over its spatial dims,
    y = (x - mean) / √(var + eps) · weight + bias.

    Args:
        input (Tensor): ``(N, C, *spatial)``.
        running_mean (Tensor, optional): ``(C,)``; with ``use_input_stats`` updated in place
            with the instances' mean (weighted by ``momentum``), else used.
        running_var (Tensor, optional): ``(C,)``, as ``running_mean`` (unbiased variance).
        weight (Tensor, optional): ``(C,)`` scale.
        bias (Tensor, optional): ``(C,)`` shift.
        use_input_stats (bool): normalise with each instance's statistics (else the running
            ones). Default: True.
        momentum (float): the running statistics' update factor. Default: 0.1.
        eps (float): added to the variance. Default: 1e-5.

    Returns:
        Tensor: of ``input``'s shape.

    Raises:
        ValueError: one spatial element with ``use_input_stats``.
        RuntimeError: no running statistics without ``use_input_stats``, or a wrong-sized
            ``weight`` or ``bias``.

    >>> tinytorch.nn.functional.instance_norm(tinytorch.tensor([[[1.0, 3.0], [0.0, 4.0]]]))
    tensor([[[-1.0000,  1.0000],
             [-1.0000,  1.0000]]])
    """
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{input.shape}")
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when "
                           "use_input_stats is false")
    n, c = input.shape[0], input.shape[1]
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {n * c} elements not {t.numel() * n}")
    # as PyTorch: every tensor repeated per instance (so the weight is copied, not kept)
    mean, var = _repeat(running_mean, n), _repeat(running_var, n)
    # PyTorch's input.contiguous().view(...): a non-contiguous input is copied, not kept
    flat = shape.reshape(shape.contiguous(input), (1, n * c) + tuple(input.shape[2:]))
    y = nn_norm.batch_norm(flat, mean, var, _repeat(weight, n), _repeat(bias, n),
                           bool(use_input_stats), momentum, eps)
    if use_input_stats:
        with no_grad():  # each channel's running statistics: the mean over its instances
            for running, updated in ((running_mean, mean), (running_var, var)):
                if running is not None:
                    running.copy_(reduction.mean(shape.reshape(updated, (n, c)), 0))
    return shape.reshape(y, tuple(input.shape))


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Local response normalisation across channels:
    y_c = x_c / (k + alpha/size · Σ x_{c'}²)^beta, the sum over the ``size`` channels around c
    (``size // 2`` before, ``(size - 1) // 2`` after; zeros beyond the ends).

    Args:
        input (Tensor): ``(N, C, *)``, at least 3-D.
        size (int): the number of channels summed over.
        alpha (float): the multiplier. Default: 1e-4.
        beta (float): the exponent. Default: 0.75.
        k (float): the additive constant. Default: 1.

    Returns:
        Tensor: of ``input``'s shape.

    Raises:
        ValueError: ``input`` has fewer than 3 dims.

    >>> tinytorch.nn.functional.local_response_norm(tinytorch.ones(1, 2, 1), 2, alpha=1.0,
    ...                                             beta=1.0)
    tensor([[[0.6667],
             [0.5000]]])
    """
    if input.ndim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {input.ndim} "
                         f"dimensions)")
    if input.numel() == 0:
        return input
    n, c = input.shape[0], input.shape[1]
    # x² of each channel averaged over the size channels around it (zeros beyond the ends)
    square = shape.reshape(input * input, (n, 1, c, -1))
    square = nn_misc.pad(square, (0, 0, size // 2, (size - 1) // 2))
    div = nn_pool.avg_pool(square, (size, 1), 1, 0, False, True, None, 2)
    div = shape.reshape(div, tuple(input.shape))
    return input / (div * alpha + k) ** beta


class CrossMapLRN2d(Op):
    """PyTorch's legacy LRN across channels: y = x · scale^-β, scale = k + α/size · Σ x²
    (see the kernel for its window). dL/dx is PyTorch's own formula, which is not the
    forward's derivative (the backend's cross_map_lrn2d_backward)."""

    node_name = "CrossMapLRN2dBackward"

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        y, scale = ctx.backend.cross_map_lrn2d(x, size, alpha, beta, k)
        ctx.options = (size, alpha, beta)
        ctx.scale = scale
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        size = ctx.options[0]
        q = int(size - (size - 1) / 2)
        if q > size - 1:  # its padded ratios cannot hold the channels
            raise RuntimeError(f"start ({q}) + length ({x.shape[1]}) exceeds dimension size "
                               f"({x.shape[1] + size - 1}).")
        return (ctx.backend.cross_map_lrn2d_backward(g, x, y, ctx.scale, *ctx.options),
                None, None, None, None)


def cross_map_lrn2d(input, size, alpha, beta, k):
    """nn.CrossMapLRN2d's function: its checks, then the op."""
    if input.dim() != 4:
        raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D instead.")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_dtype.SCALAR_TYPE_NAMES[input.dtype]}")
    if input.shape[1] == 0:
        raise IndexError(f"select(): index 0 out of range for tensor of size "
                         f"{list(input.shape)} at dimension 1")
    return CrossMapLRN2d.apply(input, size, alpha, beta, k)
