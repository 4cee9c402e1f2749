"""Lazy modules: layers whose input size (``in_features``, ``in_channels``, ``num_features``) is
read from their first input. Until then their parameters and buffers are
``UninitializedParameter`` / ``UninitializedBuffer``; the first forward materialises them with
the ordinary layer's initialisation and turns the module into that layer (``cls_to_become``)."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._grad_mode import no_grad
from tinytorch.nn.modules import _state_dict
from tinytorch.nn.modules.conv import Conv1d
from tinytorch.nn.modules.conv import Conv2d
from tinytorch.nn.modules.conv import Conv3d
from tinytorch.nn.modules.conv import ConvTranspose1d
from tinytorch.nn.modules.conv import ConvTranspose2d
from tinytorch.nn.modules.conv import ConvTranspose3d
from tinytorch.nn.modules.instancenorm import InstanceNorm1d
from tinytorch.nn.modules.instancenorm import InstanceNorm2d
from tinytorch.nn.modules.instancenorm import InstanceNorm3d
from tinytorch.nn.modules.linear import Linear
from tinytorch.nn.modules.normalization import BatchNorm1d
from tinytorch.nn.modules.normalization import BatchNorm2d
from tinytorch.nn.modules.normalization import BatchNorm3d
from tinytorch.nn.parameter import UninitializedBuffer
from tinytorch.nn.parameter import UninitializedParameter
from tinytorch.nn.parameter import is_lazy


class LazyModuleMixin:
    """A mixin for modules that infer their parameters' shapes from their first input.

    A forward pre-hook calls :meth:`initialize_parameters` with the first call's arguments,
    then the module's class becomes ``cls_to_become`` (when set). Loading a state dict into
    an uninitialised lazy module materialises its parameters with the loaded shapes. Convert
    dtype and device (``.to``, ``.double()``) before the first forward; an optimizer may be
    built before it too, as the parameters keep their identity.

    Args:
        *args: the arguments of the module class it is mixed into.
        **kwargs: its keyword arguments.

    >>> m = tinytorch.nn.LazyLinear(3)
    >>> m.has_uninitialized_params(), m(tinytorch.ones(2, 5)).shape, m
    (True, torch.Size([2, 3]), Linear(in_features=5, out_features=3, bias=True))
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_hook = self.register_load_state_dict_pre_hook(_lazy_load_hook)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters,
                                                               with_kwargs=True)

    def initialize_parameters(self, *args, **kwargs):
        """Materialise the parameters for the first forward's arguments (each lazy module
        says how; called by the forward pre-hook, and a no-op once initialised).

        Args:
            *args: the forward's arguments (the input first).
            **kwargs: its keyword arguments.

        Raises:
            NotImplementedError: the module does not implement it.

        >>> m = tinytorch.nn.LazyLinear(3)
        >>> m.initialize_parameters(tinytorch.ones(2, 5))
        >>> m.weight.shape
        torch.Size([3, 5])
        """
        raise NotImplementedError(f"initialize_parameters is not implemented for "
                                  f"{type(self).__name__}")

    def has_uninitialized_params(self):
        """Whether any of the module's own parameters or buffers is uninitialised.

        Returns:
            bool: True before the first forward (or state-dict load).

        >>> tinytorch.nn.LazyConv2d(4, 3).has_uninitialized_params()
        True
        """
        return any(is_lazy(t) for t in (*self._parameters.values(), *self._buffers.values()))

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        # an uninitialised parameter is saved as it is (it has nothing to detach)
        for name, value in _state_dict.local_state(self).items():
            destination[prefix + name] = value if keep_vars or is_lazy(value) else value.detach()

    def _replicate_for_data_parallel(self):
        raise RuntimeError("Modules with uninitialized parameters can't be used with "
                           "`DataParallel`. Run a dummy forward pass to correctly initialize "
                           "the modules")


def _lazy_load_hook(module, state_dict, prefix, *rest):
    """A state-dict pre-hook: an uninitialised parameter or buffer takes the shape of the
    initialised one being loaded into it."""
    for name, param in (*module._parameters.items(), *module._buffers.items()):
        key = prefix + name
        if key in state_dict and param is not None and is_lazy(param) \
                and not is_lazy(state_dict[key]):
            with no_grad():
                param.materialize(state_dict[key].shape)


def _infer_parameters(module, args, kwargs):
    """The forward pre-hook: materialise from the first input, then become the plain layer."""
    module.initialize_parameters(*args, **kwargs)
    if module.has_uninitialized_params():
        raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
    module._initialize_hook.remove()
    module._load_hook.remove()
    del module._initialize_hook
    del module._load_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become


class LazyLinear(LazyModuleMixin, Linear):
    """A :class:`Linear` whose ``in_features`` is the last dim of its first input.

    Args:
        out_features (int): size of each output sample.
        bias (bool): learn an additive bias. Default: True.
        device (tinytorch.device, optional): where the parameters will be created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> tinytorch.nn.LazyLinear(3)
    LazyLinear(in_features=0, out_features=3, bias=True)
    """

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            with no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()


class _LazyConvXdMixin(LazyModuleMixin):
    """Shared by the lazy convolutions: ``in_channels`` from the input's channel dim."""

    def _lazy_init(self, out_channels, bias, device, dtype):
        """Replace the placeholder (0-channel) parameters the plain layer made."""
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        """The convolution's initialisation, once the parameters are materialised.

        >>> conv = tinytorch.nn.LazyConv2d(2, 3)
        >>> conv.reset_parameters()  # nothing to initialise yet
        """
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if not self.has_uninitialized_params():
            return
        batched = len(self.kernel_size) + 2  # the spatial dims, then batch and channels
        if input.dim() not in (batched - 1, batched):
            raise RuntimeError(f"Expected {batched - 1}D (unbatched) or {batched}D (batched) "
                               f"input to {type(self).__name__}, but got input of size: "
                               f"{input.shape}")
        self.in_channels = input.shape[1] if input.dim() == batched else input.shape[0]
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        channels = (self.in_channels, self.out_channels // self.groups) if self.transposed \
            else (self.out_channels, self.in_channels // self.groups)
        with no_grad():
            self.weight.materialize((*channels, *self.kernel_size))
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()


class _LazyConvMixin(_LazyConvXdMixin):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False,
                         padding_mode, device=device, dtype=dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class _LazyConvTransposeMixin(_LazyConvXdMixin):
    def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0,
                 groups=1, bias=True, dilation=1, padding_mode="zeros", device=None,
                 dtype=None):
        super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False,
                         dilation, padding_mode, device=device, dtype=dtype)
        self._lazy_init(out_channels, bias, device, dtype)


class LazyConv1d(_LazyConvMixin, Conv1d):
    """A :class:`Conv1d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`Conv1d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConv1d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5))
    >>> conv.weight.shape
    torch.Size([4, 2, 3])
    """

    cls_to_become = Conv1d


class LazyConv2d(_LazyConvMixin, Conv2d):
    """A :class:`Conv2d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`Conv2d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConv2d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5, 5))
    >>> conv.weight.shape
    torch.Size([4, 2, 3, 3])
    """

    cls_to_become = Conv2d


class LazyConvTranspose1d(_LazyConvTransposeMixin, ConvTranspose1d):
    """A :class:`ConvTranspose1d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`ConvTranspose1d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConvTranspose1d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5))
    >>> conv.weight.shape
    torch.Size([2, 4, 3])
    """

    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTransposeMixin, ConvTranspose2d):
    """A :class:`ConvTranspose2d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`ConvTranspose2d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConvTranspose2d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5, 5))
    >>> conv.weight.shape
    torch.Size([2, 4, 3, 3])
    """

    cls_to_become = ConvTranspose2d


class LazyConv3d(_LazyConvMixin, Conv3d):
    """A :class:`Conv3d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`Conv3d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConv3d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5, 5, 5))
    >>> conv.weight.shape
    torch.Size([4, 2, 3, 3, 3])
    """

    cls_to_become = Conv3d


class LazyConvTranspose3d(_LazyConvTransposeMixin, ConvTranspose3d):
    """A :class:`ConvTranspose3d` whose ``in_channels`` is the channel dim of its first input.

    Args: as :class:`ConvTranspose3d`'s, without ``in_channels``.

    >>> conv = tinytorch.nn.LazyConvTranspose3d(4, 3)
    >>> _ = conv(tinytorch.ones(1, 2, 5, 5, 5))
    >>> conv.weight.shape
    torch.Size([2, 4, 3, 3, 3])
    """

    cls_to_become = ConvTranspose3d


class _LazyNormBase(LazyModuleMixin):
    """Shared by the lazy batch norms: ``num_features`` from the input's channel dim."""

    def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None, *, bias=True):
        super().__init__(0, eps, momentum, False, False, device, dtype, bias=False)
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = UninitializedParameter(device=device, dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(device=device, dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
            self.running_var = UninitializedBuffer(device=device, dtype=dtype)
            self.num_batches_tracked = _creation.tensor(0, dtype=_dtype.int64, device=device)

    def reset_parameters(self):
        """Batch norm's initialisation, once the parameters are materialised.

        >>> norm = tinytorch.nn.LazyBatchNorm1d()
        >>> norm.reset_parameters()  # nothing to initialise yet
        """
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if not self.has_uninitialized_params():
            return
        self.num_features = input.shape[1]
        for t in (self.weight, self.bias, self.running_mean, self.running_var):
            if t is not None:
                t.materialize((self.num_features,))
        self.reset_parameters()


class LazyBatchNorm1d(_LazyNormBase, BatchNorm1d):
    """A :class:`BatchNorm1d` whose ``num_features`` is the channel dim of its first input.

    Args: as :class:`BatchNorm1d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyBatchNorm1d()(tinytorch.randn(4, 3)).shape
    torch.Size([4, 3])
    """

    cls_to_become = BatchNorm1d


class LazyBatchNorm2d(_LazyNormBase, BatchNorm2d):
    """A :class:`BatchNorm2d` whose ``num_features`` is the channel dim of its first input.

    Args: as :class:`BatchNorm2d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyBatchNorm2d()(tinytorch.randn(2, 3, 4, 4)).shape
    torch.Size([2, 3, 4, 4])
    """

    cls_to_become = BatchNorm2d


class LazyBatchNorm3d(_LazyNormBase, BatchNorm3d):
    """A :class:`BatchNorm3d` whose ``num_features`` is the channel dim of its first input.

    Args: as :class:`BatchNorm3d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyBatchNorm3d()(tinytorch.randn(2, 3, 2, 4, 4)).shape
    torch.Size([2, 3, 2, 4, 4])
    """

    cls_to_become = BatchNorm3d


class LazyInstanceNorm1d(_LazyNormBase, InstanceNorm1d):
    """An :class:`InstanceNorm1d` whose ``num_features`` is the channel dim of its first input
    (as PyTorch's, with ``affine`` and ``track_running_stats`` True by default).

    Args: as :class:`InstanceNorm1d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyInstanceNorm1d()(tinytorch.randn(2, 3, 4)).shape
    torch.Size([2, 3, 4])
    """

    cls_to_become = InstanceNorm1d


class LazyInstanceNorm2d(_LazyNormBase, InstanceNorm2d):
    """An :class:`InstanceNorm2d` whose ``num_features`` is the channel dim of its first input
    (as PyTorch's, with ``affine`` and ``track_running_stats`` True by default).

    Args: as :class:`InstanceNorm2d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyInstanceNorm2d()(tinytorch.randn(2, 3, 4, 4)).shape
    torch.Size([2, 3, 4, 4])
    """

    cls_to_become = InstanceNorm2d


class LazyInstanceNorm3d(_LazyNormBase, InstanceNorm3d):
    """An :class:`InstanceNorm3d` whose ``num_features`` is the channel dim of its first input
    (as PyTorch's, with ``affine`` and ``track_running_stats`` True by default).

    Args: as :class:`InstanceNorm3d`'s, without ``num_features``.

    >>> tinytorch.nn.LazyInstanceNorm3d()(tinytorch.randn(2, 3, 2, 4, 4)).shape
    torch.Size([2, 3, 2, 4, 4])
    """

    cls_to_become = InstanceNorm3d
