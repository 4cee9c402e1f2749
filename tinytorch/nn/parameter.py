"""``nn.Parameter``: a Tensor that a Module registers as one of its parameters; and the lazy
modules' ``UninitializedParameter`` and ``UninitializedBuffer`` (no shape until materialised)."""

import copy

from tinytorch import _creation
from tinytorch._ops import conversion as _conversion
from tinytorch._grad_mode import no_grad
from tinytorch._tensor import Tensor


class Parameter(Tensor):
    """A Tensor that is a module parameter: assigning it as a Module attribute registers it,
    so it appears in ``parameters()`` and ``state_dict()``.

    ``Parameter(t)`` shares storage (and the version counter) with ``t``. Ops on a parameter
    return plain Tensors; only the leaf itself is a ``Parameter``.

    Args:
        data (Tensor): the parameter's value (an empty tensor when None).
        requires_grad (bool): whether it requires gradient. Default: ``True``.

    >>> import tinytorch
    >>> p = tinytorch.nn.Parameter(tinytorch.ones(2))
    >>> p.requires_grad, type(p * 2).__name__
    (True, 'Tensor')
    """

    __slots__ = ("__dict__",)  # PyTorch lets code tag parameters with attributes

    def __new__(cls, data=None, requires_grad=True):
        return _alias(cls, "Parameter", data, requires_grad)

    def __init__(self, data=None, requires_grad=True):  # everything happens in __new__
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        with _no_grad():
            data = _creation.empty_like(self).copy_(self)
        result = type(self)(data, self.requires_grad)
        result.__dict__.update(copy.deepcopy(self.__dict__, memo))
        memo[id(self)] = result
        return result


class Buffer(Tensor):
    """A Tensor that is a module buffer: assigning it as a Module attribute registers it, so it
    appears in ``buffers()`` and (when ``persistent``) ``state_dict()``, as ``register_buffer``
    does.

    ``Buffer(t)`` shares storage with ``t`` (a detached alias that keeps ``t``'s
    ``requires_grad``). Ops on a buffer return plain Tensors. PyTorch's ``Buffer(t)`` is a plain
    ``torch.Tensor`` tagged as a buffer; here it is an instance of this class (``isinstance``
    with ``Tensor`` holds either way).

    Args:
        data (Tensor): the buffer's value (an empty tensor when None).
        persistent (bool): whether it is part of ``state_dict()`` (keyword only).
            Default: ``True``.

    >>> import tinytorch
    >>> m = tinytorch.nn.Module()
    >>> m.steps = tinytorch.nn.Buffer(tinytorch.zeros(1), persistent=False)
    >>> [name for name, _ in m.named_buffers()], list(m.state_dict())
    (['steps'], [])
    """

    __slots__ = ("__dict__",)

    def __new__(cls, data=None, *, persistent=True):
        b = _alias(cls, "Buffer", data, None)
        b.persistent = persistent
        return b

    def __init__(self, data=None, *, persistent=True):  # everything happens in __new__
        pass


def _alias(cls, name, data, requires_grad):
    """A ``cls`` sharing ``data``'s storage and version counter (an empty tensor for None),
    requiring grad as told (None: as ``data`` does); ``name`` is the constructor PyTorch's
    TypeError names."""
    if data is None:
        data = _creation.empty(0)
    if not isinstance(data, Tensor):
        raise TypeError(f"{name}(): argument 'data' must be Tensor, not {type(data).__name__}")
    t = cls._make(data._data, data._backend, vc=data._vc)
    if data.requires_grad if requires_grad is None else requires_grad:
        _conversion.created_requiring_grad(t)
    return t


def _no_grad():
    return no_grad()


def _keeps_uninitialized(name):
    """Tensor method ``name`` (a conversion) that keeps an uninitialised tensor one: the
    result is of the same class, holding the converted (empty) data."""
    def method(self, *args, **kwargs):
        out = getattr(Tensor, name)(Tensor._make(self._data, self._backend), *args, **kwargs)
        if not isinstance(out, Tensor) or out._data is self._data:
            return self if isinstance(out, Tensor) else out  # type() names the type
        return type(self)(self.requires_grad, out.device, out.dtype)
    method.__name__ = name
    method.__doc__ = f"""``Tensor.{name}`` for a tensor with no data yet: the dtype and device
        it will be materialised with change, and it stays uninitialised.

        Args:
            *args: ``Tensor.{name}``'s arguments.
            **kwargs: its keyword arguments.

        Returns:
            Tensor: an uninitialised tensor of the same class (itself when nothing changes).

        >>> tinytorch.nn.UninitializedParameter().{"cpu" if name == "cuda" else name}()
        {"'torch.FloatTensor'" if name == "type" else "<UninitializedParameter>"}
        """
    return method


class UninitializedTensorMixin:
    """What an uninitialised parameter or buffer can do: convert its dtype and device (the
    ones it will be materialised with) and :meth:`materialize`; it has no shape.

    >>> p = tinytorch.nn.UninitializedParameter().double()
    >>> p, p.dtype
    (<UninitializedParameter>, tinytorch.float64)
    """

    __slots__ = ()
    cls_to_become = None

    def materialize(self, shape, device=None, dtype=None):
        """Give it data: an uninitialised tensor of ``shape`` (its own device and dtype
        unless given), and make it a ``cls_to_become`` (Parameter, Tensor).

        Args:
            shape (tuple): the shape.
            device (tinytorch.device, optional): the device. Default: its own.
            dtype (tinytorch.dtype, optional): the dtype. Default: its own.

        >>> p = tinytorch.nn.UninitializedParameter()
        >>> p.materialize((2, 3))
        >>> type(p).__name__, p.shape
        ('Parameter', torch.Size([2, 3]))
        """
        device = self.device if device is None else device
        dtype = self.dtype if dtype is None else dtype
        self.data = _creation.empty(shape, device=device, dtype=dtype)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        """No shape before :meth:`materialize`: reading it raises PyTorch's RuntimeError."""
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into "
            "an initialized one. Call `forward` to initialize the parameters before accessing "
            "their attributes.")

    def share_memory_(self):
        """Refused: there is no memory to share before :meth:`materialize`.

        Raises:
            RuntimeError: always.

        >>> tinytorch.nn.UninitializedBuffer().share_memory_()
        Traceback (most recent call last):
            ...
        RuntimeError: Can't share memory on an uninitialized parameter or buffer. Call ...
        """
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. Call `forward` to "
            "initialize the parameters before calling `module.share_memory()`.")

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]

    to = _keeps_uninitialized("to")
    cpu = _keeps_uninitialized("cpu")
    cuda = _keeps_uninitialized("cuda")
    float = _keeps_uninitialized("float")
    double = _keeps_uninitialized("double")
    half = _keeps_uninitialized("half")
    bfloat16 = _keeps_uninitialized("bfloat16")
    type = _keeps_uninitialized("type")


def is_lazy(param):
    """Whether ``param`` is an :class:`UninitializedParameter` or :class:`UninitializedBuffer`.

    Args:
        param (Any): the object to check.

    Returns:
        bool: True for an uninitialised parameter or buffer.

    >>> is_lazy(tinytorch.nn.UninitializedParameter()), is_lazy(tinytorch.ones(1))
    (True, False)
    """
    return isinstance(param, UninitializedTensorMixin)


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A parameter whose shape is not known yet (a lazy module's, until its first forward):
    only its dtype and device may change, and :meth:`materialize` makes it a Parameter.

    Args:
        requires_grad (bool): whether the parameter will require gradient. Default: True.
        device (tinytorch.device, optional): the device it will be materialised on.
        dtype (tinytorch.dtype, optional): the dtype it will be materialised with.

    >>> tinytorch.nn.UninitializedParameter(dtype=tinytorch.float64).double()
    <UninitializedParameter>
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return super().__new__(cls, _creation.empty(0, device=device, dtype=dtype),
                               requires_grad)

    def __init__(self, requires_grad=True, device=None, dtype=None):  # all in __new__
        pass


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (a lazy module's, until its first forward):
    only its dtype and device may change, and :meth:`materialize` makes it a Tensor.

    Args:
        requires_grad (bool): whether the buffer will require gradient. Default: False.
        device (tinytorch.device, optional): the device it will be materialised on.
        dtype (tinytorch.dtype, optional): the dtype it will be materialised with.

    >>> tinytorch.nn.UninitializedBuffer()
    <UninitializedBuffer>
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        return _alias(cls, "UninitializedBuffer", _creation.empty(0, device=device, dtype=dtype),
                      requires_grad)
