"""NumPy's scalars as the Python numbers PyTorch's argument parser reads them as."""

import numpy as np


def python_number(value):
    """``value`` as a Python number when it is a NumPy scalar, else ``value`` itself.

    PyTorch reads a NumPy integer as a Python int and a NumPy float (and, oddly, a NumPy bool)
    as a Python float wherever it takes a number: ``x / np.sqrt(d)`` keeps ``x``'s dtype. Left
    to NumPy, ``float32 array * np.float64`` would be float64 (NEP 50's strong NumPy scalars).

    Args:
        value: anything.

    Returns:
        int, float or ``value``: the number, or ``value`` when it is not a NumPy scalar.

    >>> import numpy as np
    >>> python_number(np.float32(0.5)), python_number(np.int64(3)), python_number("a")
    (0.5, 3, 'a')
    """
    if isinstance(value, np.generic):
        kind = value.dtype.kind
        if kind in "iu":
            return int(value)
        if kind in "fbV":  # V: ml_dtypes' bfloat16
            return float(value)
    return value


def is_host_array(value):
    """Whether ``value`` is a NumPy array, which PyTorch's operators take as a tensor.

    Args:
        value: anything.

    Returns:
        bool: True for a ``numpy.ndarray``.

    >>> import numpy as np
    >>> is_host_array(np.ones(2)), is_host_array(2.0)
    (True, False)
    """
    return isinstance(value, np.ndarray)


def numpy_collate_types():
    """NumPy's types as ``default_collate_fn_map`` keys them: arrays, and the scalars that
    become tensors (bools, numbers and objects; not ``str_``/``bytes_``, which are strings).

    Returns:
        tuple: ``(numpy.ndarray, (numpy.bool_, numpy.number, numpy.object_))``.

    >>> arrays, scalars = numpy_collate_types()
    >>> arrays.__name__, [t.__name__ for t in scalars]
    ('ndarray', ['bool', 'number', 'object_'])
    """
    return np.ndarray, (np.bool_, np.number, np.object_)
