"""Normalisation layers: BatchNorm1d/2d, LayerNorm, GroupNorm, RMSNorm."""

import numbers

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch.nn import functional as F
from tinytorch._ops.nn_norm_extra import cross_map_lrn2d
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class _BatchNorm(Module):
    """Shared BatchNorm state: ``weight``/``bias`` (affine) and the ``running_mean``,
    ``running_var`` and ``num_batches_tracked`` buffers (track_running_stats). PyTorch's
    ``_NormBase``."""

    _version = 2  # version 2 added num_batches_tracked

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True,
                 track_running_stats=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        factory = {"device": device, "dtype": dtype}
        weight = Parameter(_creation.empty(num_features, **factory)) if affine else None
        self.register_parameter("weight", weight)
        use_bias = affine and bias
        self.register_parameter("bias", Parameter(_creation.empty(num_features, **factory))
                                if use_bias else None)
        if track_running_stats:
            self.register_buffer("running_mean", _creation.zeros(num_features, **factory))
            self.register_buffer("running_var", _creation.ones(num_features, **factory))
            self.register_buffer("num_batches_tracked",
                                 _creation.tensor(0, dtype=_dtype.int64, device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        version = local_metadata.get("version", None)
        key = prefix + "num_batches_tracked"
        if (version is None or version < 2) and self.track_running_stats \
                and key not in state_dict:  # saved before the buffer existed: keep ours
            state_dict[key] = (self.num_batches_tracked if self.num_batches_tracked is not None
                               else _creation.tensor(0, dtype=_dtype.int64))
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                      unexpected_keys, error_msgs)

    def reset_running_stats(self):
        """Reset the running statistics: ``running_mean`` to 0,
        ``running_var`` to 1 and ``num_batches_tracked`` to 0 (nothing without
        ``track_running_stats``).

        >>> bn = tinytorch.nn.BatchNorm1d(2)
        >>> _ = bn(tinytorch.tensor([[1.0, 2.0], [3.0, 6.0]]))
        >>> bn.reset_running_stats()
        >>> bn.running_mean, bn.num_batches_tracked
        (tensor([0., 0.]), tensor(0))
        """
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        """Reset the running statistics
        (:meth:`reset_running_stats`) and, with ``affine``, set ``weight`` to 1 and ``bias`` to 0.

        >>> bn = tinytorch.nn.BatchNorm1d(2)
        >>> bn.reset_parameters()
        >>> bn.weight
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
        """
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input):
        raise NotImplementedError

    def _update_factor(self):
        """Count this batch (training) and return the running statistics' update factor."""
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative moving average
                factor = 1.0 / float(self.num_batches_tracked)
        return factor

    def forward(self, input):
        """Normalise ``input`` per channel.

        In training mode (or without running statistics) the batch's mean and biased variance are
        used, and the running statistics (when tracked) are updated with the batch mean and
        unbiased variance, weighted by ``momentum`` (a cumulative average when it is None); in eval
        mode the running statistics are used.

        Args:
            input (Tensor): ``(N, C)`` or ``(N, C, L)`` for BatchNorm1d, ``(N, C, H, W)`` for
                BatchNorm2d.

        Returns:
            Tensor: of ``input``'s shape.

        Raises:
            ValueError: ``input`` has the wrong number of dimensions for the layer, or one value per
                channel in training mode.

        >>> bn = tinytorch.nn.BatchNorm1d(2)
        >>> y = bn(tinytorch.tensor([[1.0, 2.0], [3.0, 6.0]]))
        >>> bn.running_mean, bn.num_batches_tracked
        (tensor([0.2000, 0.4000]), tensor(1))
        """
        self._check_input_dim(input)
        factor = self._update_factor()
        use_batch_stats = self.training or (self.running_mean is None
                                            and self.running_var is None)
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None,
                            self.running_var if track else None, self.weight, self.bias,
                            use_batch_stats, factor, self.eps)

    def extra_repr(self):
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
                f"affine={self.affine}, bias={self.bias is not None}, "
                f"track_running_stats={self.track_running_stats}")


_BATCH_NORM_ARGS = """
    Args:
        num_features (int): C, the number of channels.
        eps (float): added to the variance for stability. Default: 1e-5.
        momentum (float or None): weight of the batch statistics in the running ones; None
            keeps a cumulative average. Default: 0.1.
        affine (bool): learnable ``weight`` and ``bias``. Default: True.
        track_running_stats (bool): keep running statistics (else batch statistics are used
            in eval mode too). Default: True.
        device (tinytorch.device, optional): where the parameters and buffers are created.
        dtype (tinytorch.dtype, optional): their dtype.
        bias (bool): with ``affine``, a learnable ``bias`` (keyword only). Default: True.
"""


def _batch_norm_doc(name, head, features, shape):
    """Class ``name``'s docstring: ``head``, the shared Args, an example on ``shape``."""
    return f"""{head}
{_BATCH_NORM_ARGS}
    >>> import tinytorch
    >>> tinytorch.nn.{name}({features})(tinytorch.randn{shape}).shape
    torch.Size({list(shape)})
    """


class _BatchNormNd(_BatchNorm):
    """BatchNorm1d/2d/3d: the input ranks ``_input_dims`` each takes."""

    _input_dims = ()

    def _check_input_dim(self, input):
        if input.dim() not in self._input_dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self._input_dims)} input "
                             f"(got {input.dim()}D input)")


class BatchNorm1d(_BatchNormNd):
    __doc__ = _batch_norm_doc("BatchNorm1d", """Batch normalisation over ``(N, C)`` or
    ``(N, C, L)``: per channel, y = (x - mean) / √(var + eps) · weight + bias, with batch
    statistics in training (updating the running ones) and running statistics in eval mode.""",
                              100, (20, 100))
    _input_dims = (2, 3)


class BatchNorm2d(_BatchNormNd):
    __doc__ = _batch_norm_doc(
        "BatchNorm2d", "Batch normalisation over ``(N, C, H, W)`` per channel (see "
        ":class:`BatchNorm1d`).", 3, (4, 3, 5, 5))
    _input_dims = (4,)


class BatchNorm3d(_BatchNormNd):
    __doc__ = _batch_norm_doc(
        "BatchNorm3d", "Batch normalisation over ``(N, C, D, H, W)`` per channel (see "
        ":class:`BatchNorm1d`).", 3, (2, 3, 2, 4, 4))
    _input_dims = (5,)


class LayerNorm(Module):
    """Normalise over the last ``len(normalized_shape)`` dims, then scale and shift
    elementwise (``weight`` ones, ``bias`` zeros at start).

    Args:
        normalized_shape (int or sequence of ints): the trailing shape to normalise over.
        eps (float): added to the variance for stability. Default: 1e-5.
        elementwise_affine (bool): learnable ``weight`` (and ``bias``). Default: True.
        bias (bool): with ``elementwise_affine``, a learnable ``bias``. Default: True.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> tinytorch.nn.LayerNorm(10)(tinytorch.randn(20, 5, 10)).shape
    torch.Size([20, 5, 10])
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True,
                 device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        factory = {"device": device, "dtype": dtype}
        self.register_parameter("weight", Parameter(
            _creation.empty(*self.normalized_shape, **factory)) if elementwise_affine else None)
        self.register_parameter("bias", Parameter(
            _creation.empty(*self.normalized_shape, **factory))
            if elementwise_affine and bias else None)
        self.reset_parameters()

    def reset_parameters(self):
        """With ``elementwise_affine``, set ``weight`` to 1 and
        ``bias`` to 0.

        >>> ln = tinytorch.nn.LayerNorm(2)
        >>> ln.reset_parameters()
        >>> ln.bias
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        """
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}")


class GroupNorm(Module):
    """Normalise ``(N, C, *)`` over groups of ``C / num_groups`` channels, then scale and
    shift per channel.

    Args:
        num_groups (int): the number of groups; must divide ``num_channels``.
        num_channels (int): C, the number of channels.
        eps (float): added to the variance for stability. Default: 1e-5.
        affine (bool): learnable per-channel ``weight`` and ``bias``. Default: True.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> tinytorch.nn.GroupNorm(3, 6)(tinytorch.randn(20, 6, 10, 10)).shape
    torch.Size([20, 6, 10, 10])
    """

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None,
                 dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups "
                             f"({num_groups})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        factory = {"device": device, "dtype": dtype}
        self.register_parameter("weight", Parameter(_creation.empty(num_channels, **factory))
                                if affine else None)
        self.register_parameter("bias", Parameter(_creation.empty(num_channels, **factory))
                                if affine and bias else None)
        self.reset_parameters()

    def reset_parameters(self):
        """With ``affine``, set ``weight`` to 1 and ``bias`` to 0.

        >>> gn = tinytorch.nn.GroupNorm(1, 2)
        >>> gn.reset_parameters()
        >>> gn.weight
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
        """
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, "
                f"affine={self.affine}, bias={self.bias is not None}")


class RMSNorm(Module):
    """Root-mean-square normalisation over the last ``len(normalized_shape)`` dims,
    y = x / √(mean(x²) + eps) · weight (``weight`` ones at start).

    Args:
        normalized_shape (int or sequence of ints): the trailing shape to normalise over.
        eps (float, optional): added to the mean square. Default: None, meaning
            ``finfo(input.dtype).eps`` (float32's for bfloat16 and float16 inputs).
        elementwise_affine (bool): a learnable ``weight``. Default: True.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> tinytorch.nn.RMSNorm([5, 10])(tinytorch.randn(20, 5, 10)).shape
    torch.Size([20, 5, 10])
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None,
                 dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.register_parameter("weight", Parameter(_creation.empty(
            *self.normalized_shape, device=device, dtype=dtype)) if elementwise_affine else None)
        self.reset_parameters()

    def reset_parameters(self):
        """With ``elementwise_affine``, set ``weight`` to 1.

        >>> norm = tinytorch.nn.RMSNorm(2)
        >>> norm.reset_parameters()
        >>> norm.weight
        Parameter containing:
        tensor([1., 1.], requires_grad=True)
        """
        if self.elementwise_affine:
            init.ones_(self.weight)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return (f"{self.normalized_shape}, eps={self.eps}, "
                f"elementwise_affine={self.elementwise_affine}")


class CrossMapLRN2d(Module):
    """PyTorch's legacy local response normalisation across the channels of a 4-D input:
    ``y = x / (k + alpha/size · Σ x²)^beta``, with PyTorch's channel window (which keeps
    channel 0 in every sum) and PyTorch's gradient formula (which is not the exact derivative
    of its forward; :class:`LocalResponseNorm` is the exact one).

    Args:
        size (int): the number of channels summed over.
        alpha (float): the multiplier. Default: 1e-4.
        beta (float): the exponent. Default: 0.75.
        k (float): the additive constant. Default: 1.

    Raises:
        ValueError: the input is not 4-D.

    >>> import tinytorch
    >>> tinytorch.nn.CrossMapLRN2d(3, alpha=1.0, beta=1.0)(tinytorch.ones(1, 2, 1, 1))
    tensor([[[[0.6000]],
    <BLANKLINE>
             [[0.6000]]]])
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        return cross_map_lrn2d(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
