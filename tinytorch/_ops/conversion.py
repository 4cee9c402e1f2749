"""Conversions (dtype, device, host), tensor metadata and repr, and the requires_grad / data /
detach entry points that Tensor methods call (its hooks are in ``tinytorch/_hooks.py``)."""

import copy
import numbers
import warnings

from tinytorch import _creation
from tinytorch import _device
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch import _tensor
from tinytorch._ops import _util
from tinytorch._ops._op import Op
from tinytorch.backends import get_backend
from tinytorch.backends._format import OPTIONS as _PRINT_OPTIONS


class Size(tuple):
    """``tensor.shape``: a tuple of ints, printed as ``torch.Size([2, 3])``.

    Args:
        iterable (Iterable[int]): the sizes. Default: empty (the shape of a 0-d tensor).

    >>> tinytorch.zeros(2, 3).shape
    torch.Size([2, 3])
    >>> tinytorch.Size([2, 3])[-1]
    3
    """

    def __new__(cls, iterable=()):
        sizes = tuple.__new__(cls, iterable)
        if all(type(n) is int for n in sizes):
            return sizes
        ints = [_util.as_int(n, bools=True) for n in sizes]  # a bool is a size here
        if None in ints:
            i = ints.index(None)
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is "
                            f"'{type(sizes[i]).__name__}')")
        return tuple.__new__(cls, ints)

    def __repr__(self):
        return f"torch.Size({list(self)})"

    # slices, sums and repeats stay Sizes, as PyTorch's do (tuple's would be plain tuples)
    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if type(index) is slice else item

    def __add__(self, other):
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        return Size(other + tuple(self)) if isinstance(other, tuple) else NotImplemented

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def numel(self):
        """Returns the number of elements a tensor of this size holds.

        Returns:
            int: the product of the sizes (1 for an empty size).

        >>> tinytorch.Size([2, 3]).numel()
        6
        """
        n = 1
        for s in self:
            n *= s
        return n


class Cast(Op):
    """y = x as ``dtype``. dL/dx = grad_output cast back to x's dtype."""

    node_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.in_dtype = _dtype.from_native(x.dtype)
        return ctx.backend.astype(x, dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return ctx.backend.astype(grad_output, ctx.in_dtype), None


class ToDevice(Op):
    """y = x copied to ``backend``. dL/dx = grad_output copied back."""

    @staticmethod
    def forward(ctx, x, target):
        # The output (and its node) belong to the target device: Op.apply makes the output
        # with ctx.backend, and backward then reads grad_output with the target's to_host.
        ctx.source, ctx.backend = ctx.backend, target
        return target.from_host(ctx.source.to_host(x))

    @staticmethod
    def backward(ctx, grad_output):
        return ctx.source.from_host(ctx.backend.to_host(grad_output)), None


def cast(x, dtype, op="to"):
    """x converted to ``dtype`` (x itself when it already has it); ``op`` names the function
    in the error for a ``dtype`` that is not one."""
    dtype = _dtype.to_dtype(dtype, op)
    if x.dtype is dtype:
        return x
    return Cast.apply(x, dtype)


def _to_device(x, dev):
    target = get_backend(dev)
    if target is x._backend:
        return x
    return ToDevice.apply(x, target)


def to(x, *args, **kwargs):
    """``Tensor.to(dtype)``, ``.to(device)``, ``.to(device, dtype)``, ``.to(other)``."""
    dev = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    copy = kwargs.pop("copy", False)
    layout = kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
    out = _convert(x, args, dev, dtype)
    if layout is not None:
        out = layout_to(out, layout)
    return out.clone() if copy and out is x else out


def _convert(x, args, dev, dtype):
    for a in args:
        if isinstance(a, _tensor.Tensor):
            dev, dtype = a.device, a.dtype
        elif isinstance(a, (_device.device, str)):  # PyTorch: a string is a device
            dev = a
        elif _device.ordinal(a) is not None:  # x.to(0): the accelerator's device 0
            dev = _device.device(a)
        else:
            dtype = a
    if dev is not None:
        x = _to_device(x, dev)
    if dtype is not None:
        x = cast(x, dtype)
    return x


def layout_to(x, fmt):
    """``x.to(memory_format=fmt)``: x when it already has the layout (or fmt is
    preserve_format), else a copy laid out as fmt."""
    from tinytorch import _memory_format  # a real cycle: the formats are built on shape ops
    return _memory_format.contiguous(x, fmt)


def cuda_device(dev):
    if dev is None:
        return "cuda"
    return f"cuda:{dev}" if isinstance(dev, int) else dev


def type_(x, dtype, non_blocking=False):
    """``Tensor.type``: the legacy type name (``'torch.cuda.FloatTensor'``) without ``dtype``;
    else x cast to a dtype, or to a legacy type name's dtype and device."""
    if dtype is None:
        where = "" if x.device.type == "cpu" else f"{x.device.type}."
        return f"torch.{where}{TYPE_NAMES.get(x.dtype.name, 'Tensor')}"
    dtype = getattr(dtype, "legacy_name", dtype)  # a typed tensor class: torch.DoubleTensor
    if not isinstance(dtype, str):
        return cast(x, dtype)
    where, _, name = dtype.rpartition(".")
    if where not in ("torch", "torch.cuda") or name not in _DTYPE_OF_TYPE and name != "Tensor":
        raise ValueError(f"invalid type: '{dtype}'")
    target = _DTYPE_OF_TYPE[name] if name != "Tensor" else _dtype.get_default_dtype()
    return to(x, "cuda" if where == "torch.cuda" else "cpu", target)


TYPE_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
              "bfloat16": "BFloat16Tensor", "int64": "LongTensor", "int32": "IntTensor",
              "bool": "BoolTensor", "uint8": "ByteTensor", "int8": "CharTensor",
              "int16": "ShortTensor"}
_DTYPE_OF_TYPE = {type_name: _dtype.BY_NAME[dtype_name]
                  for dtype_name, type_name in TYPE_NAMES.items()}


# --- metadata ---------------------------------------------------------------------------------
def size(x, dim=None):
    if dim is None:
        return Size(x._data.shape)
    if not x.ndim and isinstance(dim, int) and not isinstance(dim, bool):
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return x._data.shape[_util.wrap_dim(dim, x.ndim, "size")]


def numel(x):
    return x._data.size


def length(x):
    if x.ndim == 0:
        raise TypeError("len() of a 0-d tensor")
    return x._data.shape[0]


def scalar(x, kind):
    """The one element of x as a Python number; PyTorch's error, by ``kind`` ("bool", "item",
    or int()/float()/complex()'s ValueError), for another number of elements."""
    n = x._data.size
    if n != 1 and kind == "bool":
        what = "no values" if n == 0 else "more than one value"
        raise RuntimeError(f"Boolean value of Tensor with {what} is ambiguous")
    if n != 1 and kind == "item":
        raise RuntimeError(f"a Tensor with {n} elements cannot be converted to Scalar")
    _util.scalar_of(x, kind == "float")  # float() (and complex()) warn, int() does not
    return x._backend.to_host(x._data).reshape(()).item()


def contains(x, element):
    """``element in x``, as PyTorch's: whether any element of x equals it (a tensor
    broadcast), not iteration over x's first dim."""
    if not isinstance(element, (_tensor.Tensor, numbers.Number)):
        raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you "
                           f"passed in a {type(element)}.")
    return bool((x == element).any())


def index_value(x):
    if x.dtype.is_floating_point or x.dtype is _dtype.bool_ or x._data.size != 1:
        raise TypeError("only integer tensors of a single element can be converted to an index")
    return int(scalar(x, "int"))


def item(x):
    return scalar(x, "item")


def tolist(x):
    return host_array(x).tolist()


def refuse_numpy_with_grad(x):
    """PyTorch's error for reading a tensor that requires grad, in grad mode, as a NumPy array
    (the array would silently leave the graph)."""
    if x._requires_grad and _grad_mode.is_grad_enabled():
        raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                           "Use tensor.detach().numpy() instead.")


def numpy(x, force=False):
    """``Tensor.numpy``: PyTorch's checks in its order (the device, the graph, the dtype:
    NumPy has no bfloat16); ``force`` copies from a device and leaves the graph first."""
    if not force:
        if x._backend.device.type != "cpu":
            raise TypeError(f"can't convert {x.device} device type tensor to numpy. Use "
                            "Tensor.cpu() to copy the tensor to host memory first.")
        refuse_numpy_with_grad(x)
    if x.dtype is _dtype.bfloat16:
        raise TypeError("Got unsupported ScalarType BFloat16")
    return host_array(x)


def host_array(x):
    """x's data as a host array (a copy from a device; ml_dtypes' bfloat16 for bfloat16), for
    tinytorch's own readers: ``numpy()`` refuses what PyTorch's refuses."""
    return x._backend.to_host(x._data)


def array(x, dtype=None):
    """``numpy.asarray(x)``: ``numpy()``'s array (its errors, as PyTorch's ``__array__``),
    converted to ``dtype``."""
    host = numpy(x)
    return host if dtype is None else host.astype(dtype, copy=False)


def wrap(array):
    """``Tensor.__array_wrap__``: what a NumPy function computed from a tensor (``np.exp(t)``,
    ``np.transpose(t)``; NumPy read it through ``__array__``) as a CPU tensor sharing its
    memory, as PyTorch's; a bool result as uint8, as PyTorch's (``np.isnan(t)``)."""
    if array.dtype == bool:
        array = array.astype("uint8")
    return _creation.from_numpy(array)


def dlpack(x, stream=None, **options):
    """Export x's array; versioned requests (``max_version`` …) pass through, so consumers
    such as ``numpy.from_dlpack`` get a writable view."""
    kwargs = {k: v for k, v in options.items() if v is not None}
    if stream is not None:
        kwargs["stream"] = stream
    return x._data.__dlpack__(**kwargs)


def dlpack_device(x):
    return x._data.__dlpack_device__()


def tensor_repr(x):
    return x._backend.format_tensor(x._data, _repr_suffix(x))


def tensor_format(x, spec):
    if x.ndim == 0:
        return format(x.item(), spec)
    if spec:  # PyTorch formats only a 0-d tensor by a spec
        raise TypeError("unsupported format string passed to Tensor.__format__")
    return repr(x)


def _repr_suffix(x):
    parts = []
    if x._backend.device.type != "cpu":
        parts.append(f"device='{x.device}'")
    default = _dtype.get_default_dtype()
    if x._data.size == 0:  # PyTorch: no elements to infer from, so size and dtype are shown
        if x.ndim != 1:
            parts.append(f"size={tuple(x.shape)}")
        if x.dtype is not default:
            parts.append(f"dtype={x.dtype!r}")
    else:
        if not _PRINT_OPTIONS.edgeitems:  # PyTorch: a summary with no elements names the size
            parts.append(f"size={tuple(x.shape)}")
        if x.dtype not in (default, _dtype.int64, _dtype.bool_):
            parts.append(f"dtype={x.dtype!r}")
    if x._grad_fn is not None:
        # the node's class name, as PyTorch prints it (torch::autograd::NotImplemented: the last)
        parts.append(f"grad_fn=<{x.grad_fn.name().rpartition('::')[2]}>")
    elif x._requires_grad:
        parts.append("requires_grad=True")
    return parts


# --- requires_grad, data and detach ------------------------------------------------------------
def get_grad(x):
    """``x.grad``, with PyTorch's warning for a non-leaf that does not retain its gradient
    (backward never fills it: reading it is usually a slip for the leaf)."""
    if x._grad_fn is not None and not x._retains_grad:
        warnings.warn("The .grad attribute of a Tensor that is not a leaf Tensor is being "
                      "accessed. Its .grad attribute won't be populated during "
                      "autograd.backward(). If you indeed want the .grad field to be populated "
                      "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
                      "access the non-leaf Tensor by mistake, make sure you access the leaf "
                      "Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more "
                      "information.", UserWarning, stacklevel=2)
    return x._grad


def set_grad(x, grad):
    """``x.grad = grad``, checked as PyTorch checks it: None, or a tensor of x's size, dtype
    and device (a mismatched one would fail later, inside an optimizer, or be summed into
    silently)."""
    if grad is not None:
        if not isinstance(grad, _tensor.Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                            f"type {type(grad).__name__}")
        if grad._data.dtype != x._data.dtype:
            got, want = _dtype.C_TYPE_NAMES[grad.dtype], _dtype.SCALAR_TYPE_NAMES[x.dtype]
            raise RuntimeError(f"attempting to assign a gradient with dtype '{got}' to a tensor "
                               f"with grad_dtype '{want}'. The gradient must match the "
                               "tensor's grad_dtype (defaults to the tensor's dtype). You can "
                               "set the tensor's grad_dtype attribute with a specific dtype, or "
                               "None to allow any dtype. Set grad_dtype with caution. Diverging "
                               "the dtypes of a tensor and its gradient may break downstream "
                               "systems that assume they match.")
        if grad._backend is not x._backend:
            raise RuntimeError(f"attempting to assign a gradient located on device "
                               f"'{grad.device}' to a tensor located on device '{x.device}'. "
                               "Please ensure that the gradient and the tensor are on the same "
                               "device")
        if grad._data.shape != x._data.shape:
            raise RuntimeError(f"attempting to assign a gradient of size "
                               f"'{list(grad._data.shape)}' to a tensor of size "
                               f"'{list(x._data.shape)}'. Please ensure that the gradient and "
                               "the tensor are the same size")
    x._grad = grad


def deepcopy(x, memo):
    """``copy.deepcopy(x)`` as PyTorch allows it: for a graph leaf only (a copy of an op's
    result would carry a copy of the graph behind it); the copy is made by the default
    protocol (data, requires_grad, grad; a subclass's attributes), with x's version, an
    inference tensor only inside inference mode (NOTE [Inference tensors])."""
    if x._grad_fn is not None:
        raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support "
                           "the deepcopy protocol at the moment.  If you were attempting to "
                           "deepcopy a module, this may be because of a "
                           "torch.nn.utils.weight_norm usage, see "
                           "https://github.com/pytorch/pytorch/pull/103001")
    out = copy._reconstruct(x, memo, *x.__reduce_ex__(4))
    version = x._vc[0]  # kept, as PyTorch's; an inference tensor only inside the mode
    out._vc = ([version] if not _grad_mode._state.inference
               else _grad_mode.InferenceVersion((version, True)))
    return out


def set_requires_grad(x, value,
                      refusal="only Tensors of floating point and complex dtype"):
    value = bool(value)
    if x._grad_fn is not None and not value:
        raise RuntimeError("you can only change requires_grad flags of leaf variables. If you "
                           "want to use a computed variable in a subgraph that doesn't require "
                           "differentiation use var_no_grad = var.detach().")
    if value and not (x.dtype.is_floating_point or x.dtype.is_complex):
        raise RuntimeError(f"{refusal} can require gradients (got {x.dtype!r}); convert with "
                           ".float() first")
    if value and len(x._vc) > 1 and not _grad_mode._state.inference:  # NOTE [Inference tensors]
        raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                           "InferenceMode is not allowed.")
    x._requires_grad = value


def requires_grad_(x, value=True):
    set_requires_grad(x, value, "only Tensors of floating point dtype")  # PyTorch's wording here
    return x


def created_requiring_grad(x, value=True):
    """``x``, made by a factory or ``Parameter`` with ``requires_grad``: PyTorch words its
    refusal of an integer dtype for them."""
    set_requires_grad(x, value, "Only Tensors of floating point and complex dtype")
    return x


def data(x):
    """``x.data``: x's storage without its history and, unlike :func:`detach`, with a version
    counter of its own (an inference tensor's mark kept), as PyTorch's: a write through it is
    not seen by autograd's saved-value checks (PyTorch's documented hazard of ``.data``)."""
    return _tensor.Tensor._make(x._data, x._backend, vc=[0, *x._vc[1:]])


def set_data(x, value):
    if not isinstance(value, _tensor.Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
    if x.requires_grad and not value.dtype.is_floating_point:
        raise RuntimeError("data set to a tensor that requires gradients must be floating point "
                           "or complex dtype")
    x._data = value._data
    x._backend = value._backend


def detach(x):
    vc = x._vc
    if type(vc) is not list and not _grad_mode._state.inference:
        vc = [0, True]  # an inference tensor's: one with a counter (NOTE [Inference tensors])
    return _tensor.Tensor._make(x._data, x._backend, vc=vc)


def version(x):
    """``x._version``; PyTorch's error for an inference tensor (NOTE [Inference tensors])."""
    if type(x._vc) is not list:
        raise RuntimeError("Inference tensors do not track version counter.")
    return x._vc[0]


def detach_(x):
    if x._view_src is not None:
        raise RuntimeError(
            "Can't detach views in-place. Use detach() instead. If you are using "
            "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
            "True, gradients are views of DDP buckets, and hence detach_() cannot be called on "
            "these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
            "function in torch/optim/optimizer.py as the solution.")
    x._grad_fn = None
    x._requires_grad = False
    return x


def _options(t):
    return (f"TensorOptions(dtype={_dtype.C_TYPE_NAMES[t.dtype]}, device="
            f"{t.device}, layout=Strided, requires_grad=false (default), pinned_memory=false "
            "(default), memory_format=(nullopt))")


def legacy_new(x, args, kwargs):
    """PyTorch's legacy ``x.new(...)``: always x's dtype, and x's device type. No arguments: an
    empty tensor; sizes (ints or a Size, or ``size=``): uninitialised values; a tensor of x's
    dtype: an alias of it (a view); other data (a list, an array): a copy in x's dtype."""
    if set(kwargs) - {"device", "size"} or ("size" in kwargs and args):
        got = [type(a).__name__ for a in args] + [f"{k}={type(v).__name__}"
                                                 for k, v in kwargs.items()]
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"({', '.join(got)}), but expected one of: (*, torch.device device = "
                        "None), (torch.Storage storage), (Tensor other), (tuple of ints size, "
                        "*, torch.device device = None), (object data, *, torch.device device "
                        "= None)")
    device = _device.device(x.device if kwargs.get("device") is None else kwargs["device"])
    if device.type != x.device.type:
        raise RuntimeError(f"legacy constructor expects device type: {x.device.type} but device "
                           f"type: {device.type} was passed")
    size = kwargs.get("size", args)
    if len(args) == 1 and (isinstance(args[0], bool) or not isinstance(args[0], int)):
        data = args[0]
        if isinstance(data, _tensor.Tensor):
            if data.dtype is not x.dtype:
                raise TypeError(f"expected {_options(x)} (got {_options(data)})")
            return data.view(tuple(data.shape))
        if isinstance(data, str):
            raise TypeError("new(): invalid data type 'str'")
        if isinstance(data, (float, complex, bool)):
            raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        if not isinstance(data, Size):
            return _creation.tensor(data, dtype=x.dtype, device=device)
        size = data
    for i, n in enumerate(size):
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"new(): argument 'size' failed to unpack the object at pos {i + 1} "
                            f"with error \"type must be tuple of ints,but got "
                            f"{type(n).__name__}\"")
    return _creation._make("empty", tuple(size) if size else (0,), dtype=x.dtype, device=device,
                           requires_grad=False)


def new(x, kind, args, dtype, device, requires_grad):
    kw = dict(dtype=dtype or x.dtype, device=x.device if device is None else device,
              requires_grad=requires_grad)
    if kind == "tensor":
        return _creation.tensor(args, **kw)
    if kind == "full":
        return _creation.full(args[0], args[1], **kw)
    return _creation._make(kind, args, **kw)  # new_zeros(-1): PyTorch's message is empty's

