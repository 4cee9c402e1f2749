"""Backend-neutral dtypes and PyTorch's type-promotion rules for the supported dtypes."""


class dtype:
    """A tensor element type (``tinytorch.float32`` …). Backends map it to their own."""

    __slots__ = ("name", "itemsize", "is_floating_point", "is_signed", "_rank")

    def __init__(self, name, itemsize, is_floating_point, is_signed, rank):
        self.name = name
        self.itemsize = itemsize
        self.is_floating_point = is_floating_point
        self.is_signed = is_signed
        self._rank = rank

    @property
    def is_complex(self):
        return False

    def __repr__(self):
        return f"tinytorch.{self.name}"


bool_ = dtype("bool", 1, False, False, 0)
uint8 = dtype("uint8", 1, False, False, 1)
int8 = dtype("int8", 1, False, True, 2)
int16 = dtype("int16", 2, False, True, 3)
int32 = dtype("int32", 4, False, True, 4)
int64 = dtype("int64", 8, False, True, 5)
float16 = dtype("float16", 2, True, True, 6)
float32 = dtype("float32", 4, True, True, 7)
float64 = dtype("float64", 8, True, True, 8)

ALL = (bool_, uint8, int8, int16, int32, int64, float16, float32, float64)
# PyTorch's C++ ScalarType names, which its error messages print ("got Float").
SCALAR_TYPE_NAMES = {bool_: "Bool", uint8: "Byte", int8: "Char", int16: "Short", int32: "Int",
                     int64: "Long", float16: "Half", float32: "Float", float64: "Double"}
BY_NAME = {d.name: d for d in ALL}
ALIASES = {"float": float32, "double": float64, "half": float16, "long": int64, "int": int32,
           "short": int16, "bool": bool_}

_BY_NATIVE = {}


def from_native(native):
    """The tinytorch dtype of a backend array dtype (NumPy's and CuPy's dtype objects)."""
    found = _BY_NATIVE.get(native)
    if found is None:
        found = _BY_NATIVE[native] = BY_NAME[native.name]
    return found


_default_float = [float32]


def get_default_dtype():
    """Return the default floating-point dtype (``tinytorch.float32`` unless changed)."""
    return _default_float[0]


def set_default_dtype(d):
    """Set the dtype that float Python values and ``rand``/``zeros`` … produce."""
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_float[0] = d


def to_dtype(d):
    """Normalise a dtype argument (a dtype, a name, or a Python type) to a tinytorch dtype."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return get_default_dtype()
    if d is int:
        return int64
    if d is bool:
        return bool_
    name = getattr(d, "name", d) if not isinstance(d, str) else d
    if isinstance(name, str):
        found = BY_NAME.get(name) or ALIASES.get(name)
        if found is not None:
            return found
    raise TypeError(f"unsupported dtype {d!r}; use one of {', '.join(x.name for x in ALL)}")


def _category(d):
    return 2 if d.is_floating_point else (0 if d is bool_ else 1)


def promote_types(a, b):
    """PyTorch's ``promote_types`` for two tensor dtypes."""
    if a is b:
        return a
    if (a is uint8 and b is int8) or (a is int8 and b is uint8):
        return int16
    return a if a._rank >= b._rank else b


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
