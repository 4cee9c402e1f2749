"""Questions about types and dtypes a script asks before it computes: ``typename``,
``is_floating_point``, ``is_complex``, ``is_nonzero``, ``is_signed``, ``is_same_size``,
``get_device``, ``result_type``, ``can_cast``."""

from tinytorch import _dtype
from tinytorch import _tensor
from tinytorch._ops._util import _tensor_promotion


def typename(obj, /):
    """String representation of the type of an object: ``'torch.FloatTensor'`` for a float32
    tensor (PyTorch's type strings), else the object's module and qualified name.

    Args:
        obj (object): the object whose type to represent.

    Returns:
        str: the type of ``obj``.

    >>> import tinytorch
    >>> tinytorch.typename(tinytorch.tensor([1, 2, 3]))
    'torch.LongTensor'
    >>> tinytorch.typename(tinytorch.nn.Parameter)
    'tinytorch.nn.parameter.Parameter'
    """
    if isinstance(obj, _tensor.Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module = obj.__class__.__module__ or ""
        qualname = obj.__class__.__qualname__
    return qualname if module in ("", "builtins") else f"{module}.{qualname}"


def _tensor_argument(name, value):
    if not isinstance(value, _tensor.Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(value).__name__}")
    return value


def is_floating_point(input):
    """Returns True if the data type of ``input`` is a floating-point type (float64, float32,
    float16 or bfloat16).

    Args:
        input (Tensor): the input tensor.

    Returns:
        bool: whether its dtype is a floating-point one.

    Raises:
        TypeError: ``input`` is not a tensor.

    >>> tinytorch.is_floating_point(tinytorch.tensor([1.0, 2.0]))
    True
    >>> tinytorch.is_floating_point(tinytorch.tensor([1, 2]))
    False
    """
    return _tensor_argument("is_floating_point", input).dtype.is_floating_point


def is_complex(input):
    """Returns True if the data type of ``input`` is a complex type (tinytorch has none yet,
    so always False for a tensor).

    Args:
        input (Tensor): the input tensor.

    Returns:
        bool: whether its dtype is a complex one.

    Raises:
        TypeError: ``input`` is not a tensor.

    >>> tinytorch.is_complex(tinytorch.tensor([1.0, 2.0]))
    False
    """
    return _tensor_argument("is_complex", input).dtype.is_complex


def is_nonzero(input):
    """Returns True if ``input``, a tensor of one element, is not zero after type conversion.

    Args:
        input (Tensor): the input tensor.

    Returns:
        bool: whether its one element is not zero.

    Raises:
        TypeError: ``input`` is not a tensor.
        RuntimeError: ``input`` has no element, or more than one.

    >>> tinytorch.is_nonzero(tinytorch.tensor([1.5]))
    True
    >>> tinytorch.is_nonzero(tinytorch.tensor([False]))
    False
    """
    return _tensor_argument("is_nonzero", input).is_nonzero()


def is_signed(input):
    """Returns True if ``input``'s dtype is signed (every dtype but bool and uint8).

    Args:
        input (Tensor): the input tensor.

    Returns:
        bool: whether negative values are representable.

    Raises:
        TypeError: ``input`` is not a tensor.

    >>> tinytorch.is_signed(tinytorch.tensor([1], dtype=tinytorch.uint8))
    False
    """
    return _tensor_argument("is_signed", input).is_signed()


def is_same_size(input, other):
    """Returns True if ``input`` and ``other`` have the same shape.

    Args:
        input (Tensor): one tensor.
        other (Tensor): the other.

    Returns:
        bool: whether the shapes are equal.

    Raises:
        TypeError: ``input`` is not a tensor.

    >>> tinytorch.is_same_size(tinytorch.ones(2, 3), tinytorch.zeros(2, 3))
    True
    """
    return _tensor_argument("is_same_size", input).is_same_size(other)


def get_device(input):
    """The index of the CUDA device ``input`` is on, or -1 on the CPU.

    Args:
        input (Tensor): the input tensor.

    Returns:
        int: the device index.

    Raises:
        TypeError: ``input`` is not a tensor.

    >>> tinytorch.get_device(tinytorch.ones(1))
    -1
    """
    return _tensor_argument("get_device", input).get_device()


def _is_number(value):
    return isinstance(value, (bool, int, float))


def result_type(tensor1, tensor2):
    """Returns the dtype an arithmetic op on ``tensor1`` and ``tensor2`` computes in
    (PyTorch's type promotion: a number or a 0-d tensor only lifts the category).

    Args:
        tensor1 (Tensor or Number): an input tensor or number.
        tensor2 (Tensor or Number): an input tensor or number.

    Returns:
        tinytorch.dtype: the result's dtype.

    Raises:
        TypeError: an argument is neither a tensor nor a number.

    >>> tinytorch.result_type(tinytorch.tensor([1, 2], dtype=tinytorch.int32), 1.0)
    tinytorch.float32
    >>> tinytorch.result_type(tinytorch.tensor([1, 2], dtype=tinytorch.uint8), tinytorch.tensor(1))
    tinytorch.uint8
    """
    a_is, b_is = isinstance(tensor1, _tensor.Tensor), isinstance(tensor2, _tensor.Tensor)
    if not ((a_is or _is_number(tensor1)) and (b_is or _is_number(tensor2))):
        raise TypeError(f"result_type() received an invalid combination of arguments - got "
                        f"({type(tensor1).__name__}, {type(tensor2).__name__}), but expected "
                        f"Tensors or Numbers")
    if a_is and b_is:
        return _tensor_promotion(tensor1, tensor2)
    if a_is or b_is:
        t, number = (tensor1, tensor2) if a_is else (tensor2, tensor1)
        return _dtype.result_type_scalar(t.dtype, number)
    category = max(_dtype.scalar_category(tensor1), _dtype.scalar_category(tensor2))
    return (_dtype.bool_, _dtype.int64, _dtype.get_default_dtype())[category]


def can_cast(from_, to):
    """Whether PyTorch's casting rules allow converting ``from_`` to ``to``: never from a
    floating-point dtype to an integer one, nor from a non-bool dtype to bool.

    Args:
        from_ (tinytorch.dtype): the original dtype.
        to (tinytorch.dtype): the target dtype.

    Returns:
        bool: whether the cast is allowed.

    Raises:
        TypeError: an argument is not a dtype.

    >>> tinytorch.can_cast(tinytorch.double, tinytorch.float)
    True
    >>> tinytorch.can_cast(tinytorch.float, tinytorch.int)
    False
    """
    for position, (name, value) in enumerate((("from_", from_), ("to", to)), 1):
        if not isinstance(value, _dtype.dtype):
            raise TypeError(f"can_cast(): argument '{name}' (position {position}) must be "
                            f"torch.dtype, not {type(value).__name__}")
    return _dtype._category(from_) <= _dtype._category(to)
