"""Process-wide switches a PyTorch script sets first: float32 matmul precision,
deterministic algorithms and the inter-op thread count. Each is accepted and remembered; none
changes tinytorch's results, because tinytorch's kernels already compute float32 matmuls in
full precision (no TF32 or bfloat16 passes) and give the same result on every run (its cuda
scatter-adds sort rather than use atomics), and it runs one op at a time (no inter-op pool:
its threads split each op, see ``set_num_threads``)."""

import warnings

from tinytorch._ops._util import user_stacklevel
from tinytorch.backends import threads

_PRECISIONS = ("highest", "high", "medium")
_state = {"precision": "highest", "deterministic": False, "warn_only": False, "interop": None}


def set_float32_matmul_precision(precision):
    """Set how precisely float32 matrix products may be computed (PyTorch allows TF32 or
    bfloat16 passes for ``'high'`` / ``'medium'``); tinytorch always computes them in full
    float32, which every setting permits.

    Args:
        precision (str): ``'highest'`` (default), ``'high'`` or ``'medium'``; another string
            warns and changes nothing (PyTorch's behaviour).

    Raises:
        RuntimeError: ``precision`` is not a str.

    >>> import tinytorch
    >>> tinytorch.set_float32_matmul_precision("high")
    >>> tinytorch.get_float32_matmul_precision()
    'high'
    >>> tinytorch.set_float32_matmul_precision("highest")
    """
    if not isinstance(precision, str):
        raise RuntimeError(f"set_float32_matmul_precision expects a str, but got "
                           f"{type(precision).__name__}")
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      f"setFloat32MatmulPrecision call has no effect.", UserWarning,
                      stacklevel=user_stacklevel())
        return
    _state["precision"] = precision


def get_float32_matmul_precision():
    """Returns the current float32 matrix multiplication precision.

    Returns:
        str: the value last given to :func:`set_float32_matmul_precision`; ``'highest'``
        until then.

    >>> tinytorch.get_float32_matmul_precision()
    'highest'
    """
    return _state["precision"]


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Ask for deterministic algorithms only. tinytorch's are all deterministic, so this
    records the setting and changes nothing.

    Args:
        mode (bool): on or off.
        warn_only (bool): PyTorch warns instead of raising for nondeterministic ops.

    Raises:
        TypeError: ``mode`` or ``warn_only`` is not a bool (PyTorch's message).

    >>> import tinytorch
    >>> tinytorch.use_deterministic_algorithms(True)
    >>> tinytorch.are_deterministic_algorithms_enabled()
    True
    >>> tinytorch.use_deterministic_algorithms(False)
    """
    for name, value in (("mode", mode), ("warn_only", warn_only)):
        if not isinstance(value, bool):
            position = " (position 1)" if name == "mode" else ""
            raise TypeError(f"_set_deterministic_algorithms(): argument '{name}'{position} "
                            f"must be bool, not {type(value).__name__}")
    _state["deterministic"], _state["warn_only"] = mode, warn_only


def are_deterministic_algorithms_enabled():
    """Returns True if the global deterministic flag is turned on.

    Returns:
        bool: whether :func:`use_deterministic_algorithms` last turned the switch on.

    >>> tinytorch.are_deterministic_algorithms_enabled()
    False
    """
    return _state["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    """Returns True if the global deterministic flag is set to warn only.

    Returns:
        bool: whether :func:`use_deterministic_algorithms` was last called with
        ``warn_only=True``.

    >>> tinytorch.is_deterministic_algorithms_warn_only_enabled()
    False
    """
    return _state["warn_only"]


def get_num_interop_threads():
    """Returns the number of threads used for inter-op parallelism on the CPU.

    tinytorch runs one op at a time and has no inter-op pool: the count is remembered, not
    used (see :func:`set_num_interop_threads`).

    Returns:
        int: the count given to :func:`set_num_interop_threads`, else the number of cores
        this process may run on (PyTorch's default).

    >>> tinytorch.get_num_interop_threads() >= 1
    True
    """
    return _state["interop"] or threads.cpu_count()


def set_num_interop_threads(num):
    """Sets the number of threads used for inter-op parallelism on the CPU, once per process,
    as PyTorch allows; tinytorch has no inter-op pool, so it only records the number.

    Args:
        num (int): a positive number of threads.

    Raises:
        RuntimeError: ``num`` is not a positive int, or the count was set before (PyTorch's
            messages).

    >>> import tinytorch
    >>> tinytorch.get_num_interop_threads() >= 1
    True
    """
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_interop_threads expects an int, but got "
                           f"{type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    if _state["interop"] is not None:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work "
                           "has started or set_num_interop_threads called")
    _state["interop"] = num
