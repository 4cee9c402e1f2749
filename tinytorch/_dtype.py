"""Backend-neutral dtypes and PyTorch's type-promotion rules for the supported dtypes."""


class dtype:
    """A tensor element type, as ``torch.dtype``: ``tinytorch.float32``, ``tinytorch.int64`` …

    The dtypes are fixed objects (compare them with ``is`` or ``==``); each backend maps them
    to its own array type (NumPy's, CuPy's, ml_dtypes' ``bfloat16`` on the CPU).

    Args:
        name (str): the dtype's name (``'float32'``).
        itemsize (int): bytes per element.
        is_floating_point (bool): whether it is a floating-point type.
        is_signed (bool): whether it represents negative numbers.
        rank (int): its place in type promotion (a wider type ranks higher).

    >>> tinytorch.bfloat16, tinytorch.bfloat16.itemsize, tinytorch.bfloat16.is_floating_point
    (tinytorch.bfloat16, 2, True)
    >>> tinytorch.tensor([1.5]).dtype is tinytorch.float32
    True
    """

    __slots__ = {
        "name": "The dtype's name, as NumPy spells it (``'float32'``, ``'bfloat16'``).",
        "itemsize": "The size of one element in bytes (``torch.dtype.itemsize``).",
        "is_floating_point": "True for float16, bfloat16, float32 and float64.",
        "is_signed": "True for the dtypes that hold negative numbers (all but bool and uint8).",
        "_rank": "Its place in type promotion.",
    }

    def __init__(self, name, itemsize, is_floating_point, is_signed, rank):
        self.name = name
        self.itemsize = itemsize
        self.is_floating_point = is_floating_point
        self.is_signed = is_signed
        self._rank = rank

    @property
    def is_complex(self):
        """False: tinytorch has no complex dtypes."""
        return False

    def to_real(self):
        """This dtype's real counterpart, as ``torch.dtype.to_real``.

        Returns:
            tinytorch.dtype: itself, as every dtype here is real.

        >>> tinytorch.float16.to_real()
        tinytorch.float16
        """
        return self

    def to_complex(self):
        """``torch.dtype.to_complex``, which gives a complex dtype: tinytorch has none.

        Raises:
            RuntimeError: an integer or bool dtype (PyTorch's error).
            NotImplementedError: a floating-point dtype (PyTorch gives complex64, complex32
                or complex128, which tinytorch lacks).

        >>> tinytorch.int64.to_complex()
        Traceback (most recent call last):
            ...
        RuntimeError: Unknown Complex ScalarType for Long
        """
        if not self.is_floating_point:
            raise RuntimeError(f"Unknown Complex ScalarType for {SCALAR_TYPE_NAMES[self]}")
        raise NotImplementedError(f"{self}.to_complex(): tinytorch has no complex dtypes "
                                  f"(PyTorch gives {_COMPLEX[self.name]})")

    def __repr__(self):
        return f"tinytorch.{self.name}"

    # One object per dtype, so ``==`` (identity) holds after a copy or a round trip through
    # pickle (multiprocessing, a deep-copied config), as for torch.dtype.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return by_name, (self.name,)


bool_ = dtype("bool", 1, False, False, 0)
uint8 = dtype("uint8", 1, False, False, 1)
int8 = dtype("int8", 1, False, True, 1)  # uint8's rank: the two promote to int16
int16 = dtype("int16", 2, False, True, 3)
int32 = dtype("int32", 4, False, True, 4)
int64 = dtype("int64", 8, False, True, 5)
float16 = dtype("float16", 2, True, True, 6)
bfloat16 = dtype("bfloat16", 2, True, True, 6)  # float16's rank: the two promote to float32
float32 = dtype("float32", 4, True, True, 7)
float64 = dtype("float64", 8, True, True, 8)

ALL = (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64)
# PyTorch's C++ ScalarType names, which its error messages print ("got Float").
_COMPLEX = {"float16": "torch.complex32", "bfloat16": "torch.complex64",
            "float32": "torch.complex64", "float64": "torch.complex128"}
SCALAR_TYPE_NAMES = {bool_: "Bool", uint8: "Byte", int8: "Char", int16: "Short", int32: "Int",
                     int64: "Long", float16: "Half", bfloat16: "BFloat16", float32: "Float",
                     float64: "Double"}
# the C types PyTorch's messages name ("expected dtype float ... got dtype long int")
C_TYPE_NAMES = {bool_: "bool", uint8: "unsigned char", int8: "signed char", int16: "short int",
                int32: "int", int64: "long int", float16: "c10::Half", bfloat16: "c10::BFloat16",
                float32: "float", float64: "double"}
BY_NAME = {d.name: d for d in ALL}


def type_string(d, device_type):
    """PyTorch's C++ name for a tensor type in its messages: ``torch.FloatTensor``,
    ``torch.cuda.LongTensor``; ``CPUBoolType`` and ``CUDABFloat16Type`` (no legacy class)."""
    if d is bool_ or d is bfloat16:
        return f"{device_type.upper()}{SCALAR_TYPE_NAMES[d]}Type"
    return f"torch.{'' if device_type == 'cpu' else device_type + '.'}{SCALAR_TYPE_NAMES[d]}Tensor"
ALIASES = {"float": float32, "double": float64, "half": float16, "long": int64, "int": int32,
           "short": int16, "bool": bool_}
# Two different dtypes of one rank promote to a wider one (PyTorch's promote_types).
_SAME_RANK = {(uint8, int8): int16, (int8, uint8): int16, (float16, bfloat16): float32,
              (bfloat16, float16): float32}

_BY_NATIVE = {}


def from_native(native):
    """The tinytorch dtype of a backend array dtype (NumPy's and CuPy's dtype objects)."""
    found = _BY_NATIVE.get(native)
    if found is None:
        found = _BY_NATIVE[native] = BY_NAME[native.name]
    return found


_default_float = [float32]


def get_default_dtype():
    """Return the default floating-point dtype, as ``torch.get_default_dtype``.

    Python floats, ``tensor([1.5])``, ``zeros``, ``rand`` … produce it; it is
    ``tinytorch.float32`` until :func:`set_default_dtype` changes it.

    Returns:
        tinytorch.dtype: the current default floating-point dtype.

    >>> tinytorch.get_default_dtype()
    tinytorch.float32
    """
    return _default_float[0]


def set_default_dtype(d):
    """Set the default floating-point dtype, as ``torch.set_default_dtype``.

    It decides the dtype of Python floats turned into tensors, of ``zeros``/``rand`` … without
    a ``dtype``, and of an integer or bool tensor combined with a Python float.

    Args:
        d (tinytorch.dtype): a floating-point dtype (float16, bfloat16, float32 or float64).

    Raises:
        TypeError: ``d`` is not a floating-point dtype.

    >>> tinytorch.set_default_dtype(tinytorch.float64)
    >>> tinytorch.tensor([1.5]).dtype
    tinytorch.float64
    >>> tinytorch.set_default_dtype(tinytorch.float32)
    """
    if not isinstance(d, dtype) or not d.is_floating_point:  # PyTorch's two messages
        raise TypeError(f"{'' if isinstance(d, dtype) else 'invalid dtype object: '}only "
                        f"floating-point types are supported as the default type")
    _default_float[0] = d


def to_dtype(d, op):
    """A dtype argument read as PyTorch's argument parser reads it: a dtype, or the Python types
    ``float``, ``int`` and ``bool`` (float64, int64 and bool, as in PyTorch). Anything else,
    a name such as ``'float32'`` or a NumPy dtype included, raises PyTorch's TypeError for
    ``op``'s ``dtype`` argument (``Tensor.type`` takes type names: :func:`by_name`)."""
    if isinstance(d, dtype):
        return d
    if d is float:  # PyTorch's Python float is a C double, whatever the default dtype
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    if d is complex:
        raise TypeError(f"{op}(): complex dtypes are not supported; use one of "
                        f"{', '.join(x.name for x in ALL)}")
    kind = type(d)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    raise TypeError(f"{op}(): argument 'dtype' must be torch.dtype, not {name}")


def by_name(name):
    """The dtype named ``name`` (``'float32'``, or an alias as ``'float'``, ``'long'``): for
    type names inside tinytorch (NumPy's dtype names, ``Tensor.type``'s strings)."""
    found = BY_NAME.get(name) or ALIASES.get(name)
    if found is None:
        raise TypeError(f"unsupported dtype {name!r}; use one of "
                        f"{', '.join(x.name for x in ALL)}")
    return found


def opmath(d):
    """The dtype PyTorch's kernels compute ``d`` in (its opmath_type): float32 for the 16-bit
    floats, ``d`` itself otherwise."""
    return float32 if d is float16 or d is bfloat16 else d


def _category(d):
    return 2 if d.is_floating_point else (0 if d is bool_ else 1)


def promote_types(a, b):
    """The smallest dtype both ``a`` and ``b`` convert to, as ``torch.promote_types``: what
    an op on two tensors of these dtypes computes in.

    Args:
        a (tinytorch.dtype): one dtype.
        b (tinytorch.dtype): the other.

    Returns:
        tinytorch.dtype: the promoted dtype (float16 with bfloat16 gives float32, uint8 with
        int8 int16, an integer with a floating dtype the floating one).

    >>> tinytorch.promote_types(tinytorch.bfloat16, tinytorch.float16)
    tinytorch.float32
    >>> tinytorch.promote_types(tinytorch.int64, tinytorch.bfloat16)
    tinytorch.bfloat16
    """
    if a is b:
        return a
    if a._rank == b._rank:
        return _SAME_RANK[a, b]
    return a if a._rank > b._rank else b


def scalar_category(value):
    """0 for bool, 1 for int, 2 for float Python scalars."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return 1
    return 2


def result_type_scalar(d, value):
    """The dtype of ``tensor(d) op python_scalar``: scalars only lift the category."""
    cat = scalar_category(value)
    if cat <= _category(d):
        return d
    return get_default_dtype() if cat == 2 else int64
