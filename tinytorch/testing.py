"""``tinytorch.testing``: PyTorch's ``torch.testing.assert_close``, with its default tolerances,
its checks in its order and its messages, over tensors, NumPy arrays, numbers, None, and
sequences and mappings of them; ``make_tensor`` and the deprecated ``assert_allclose``."""

import math
import warnings
from collections.abc import Mapping
from collections.abc import Sequence

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _tensor
from tinytorch._creation import from_numpy
from tinytorch._finfo import finfo

# (rtol, atol) by dtype, PyTorch's; every other dtype compares exactly.
_PRECISIONS = {_dtype.float16: (1e-3, 1e-5), _dtype.bfloat16: (1.6e-2, 1e-5),
               _dtype.float32: (1.3e-6, 1e-5), _dtype.float64: (1e-7, 1e-7)}
_NUMBER_DTYPES = {int: _dtype.int64, float: _dtype.float64}
_ALLCLOSE_PRECISIONS = {_dtype.float16: (1e-3, 1e-3), _dtype.float32: (1e-4, 1e-5),
                        _dtype.float64: (1e-5, 1e-8)}  # assert_allclose's (deprecated)


class _Mismatch(Exception):
    """A failed check: the exception type and message to raise, and where in the inputs."""

    def __init__(self, kind, message, where=()):
        super().__init__(message)
        self.kind, self.message, self.where = kind, message, where

    def error(self, msg):
        if isinstance(msg, str):
            return self.kind(msg)
        text = self.message
        if self.where:
            text += ("\n\nThe failure occurred for item "
                     + "".join(str([item]) for item in self.where))
        return self.kind(msg(text) if callable(msg) else text)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None,
                 equal_nan=False, check_device=True, check_dtype=True, check_layout=True,
                 check_stride=False, msg=None):
    """Asserts that ``actual`` and ``expected`` are close, as ``torch.testing.assert_close``.

    Tensors (or NumPy arrays) must have the same shape and, unless told otherwise, device and
    dtype; their values then satisfy ``|actual - expected| <= atol + rtol * |expected|``
    elementwise (NaNs equal only with ``equal_nan``). Numbers compare the same way, bools
    and integer dtypes exactly. Sequences and mappings compare item by item.

    Default tolerances by dtype, as PyTorch's (``rtol``, ``atol``): float16 (1e-3, 1e-5),
    bfloat16 (1.6e-2, 1e-5), float32 (1.3e-6, 1e-5), float64 (1e-7, 1e-7), others (0, 0);
    of two dtypes, the looser.

    Args:
        actual (Any): the actual input.
        expected (Any): the expected input.
        allow_subclasses (bool): accepted; tinytorch's tensor types have no subclasses to
            tell apart. Default: True.
        rtol (float, optional): relative tolerance; give it with ``atol`` or not at all.
        atol (float, optional): absolute tolerance; give it with ``rtol`` or not at all.
        equal_nan (bool): whether two NaNs are equal. Default: False.
        check_device (bool): whether the devices must match (else both go to the CPU).
        check_dtype (bool): whether the dtypes must match (else both are promoted).
        check_layout (bool): accepted; tinytorch tensors are all strided.
        check_stride (bool): whether the strides must match. Default: False.
        msg (str or Callable[[str], str], optional): the message on failure, or a function
            of the generated one.

    Raises:
        ValueError: only one of ``rtol`` and ``atol`` is given.
        TypeError: the inputs are of types that cannot be compared.
        AssertionError: they are not close.

    >>> import tinytorch
    >>> tinytorch.testing.assert_close(tinytorch.tensor([1.0, 2.0]),
    ...                                tinytorch.tensor([1.0, 2.0 + 1e-7]))
    >>> tinytorch.testing.assert_close([1, 2.0], [1, 2.0])
    """
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got "
                         f"no {'rtol' if rtol is None else 'atol'}.")
    options = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=check_device,
                   check_dtype=check_dtype, check_stride=check_stride)
    try:
        _compare(actual, expected, (), options)
    except _Mismatch as mismatch:
        raise mismatch.error(msg) from None


def _is_array(x):
    return isinstance(x, _tensor.Tensor) or hasattr(x, "__array_interface__") and \
        not isinstance(x, (bool, int, float))


def _compare(actual, expected, where, options):
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        missing = sorted(set(expected) - set(actual), key=repr)
        extra = sorted(set(actual) - set(expected), key=repr)
        if missing or extra:
            raise _Mismatch(AssertionError, f"The keys of the mappings do not match:\n"
                            f"Missing keys in the actual mapping: {missing}\n"
                            f"Additional keys in the actual mapping: {extra}", where)
        for key in expected:
            _compare(actual[key], expected[key], where + (key,), options)
    elif (isinstance(actual, Sequence) and isinstance(expected, Sequence)
          and not isinstance(actual, str) and not isinstance(expected, str)):
        if len(actual) != len(expected):
            raise _Mismatch(AssertionError, f"The length of the sequences mismatch: "
                            f"{len(actual)} != {len(expected)}", where)
        for i, (a, e) in enumerate(zip(actual, expected)):
            _compare(a, e, where + (i,), options)
    elif actual is None and expected is None:
        return
    elif isinstance(actual, bool) and isinstance(expected, bool):
        if actual is not expected:
            raise _Mismatch(AssertionError, f"Booleans mismatch: {actual} is not {expected}",
                            where)
    elif (isinstance(actual, (int, float)) and isinstance(expected, (int, float))
          and not isinstance(actual, bool) and not isinstance(expected, bool)):
        _compare_numbers(actual, expected, where, options)
    elif _is_array(actual) and _is_array(expected) and \
            isinstance(actual, _tensor.Tensor) == isinstance(expected, _tensor.Tensor):
        _compare_tensors(_as_tensor(actual), _as_tensor(expected), where, options)
    else:
        raise _Mismatch(TypeError, f"No comparison pair was able to handle inputs of type "
                        f"{type(actual)} and {type(expected)}.", where)


def _as_tensor(x):
    return x if isinstance(x, _tensor.Tensor) else from_numpy(x)


def _tolerances(options, *dtypes):
    if options["rtol"] is not None:
        return options["rtol"], options["atol"]
    return _loosest(_PRECISIONS, dtypes)


def _loosest(precisions, dtypes):
    """The largest (rtol, atol) that ``precisions`` gives any of ``dtypes`` (default 0)."""
    pairs = [precisions.get(d, (0.0, 0.0)) for d in dtypes]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _compare_numbers(actual, expected, where, options):
    if options["check_dtype"] and type(actual) is not type(expected):
        raise _Mismatch(AssertionError, f"The (d)types do not match: {type(actual)} != "
                        f"{type(expected)}.", where)
    rtol, atol = _tolerances(options, _NUMBER_DTYPES[type(actual)],
                             _NUMBER_DTYPES[type(expected)])
    if actual == expected or (options["equal_nan"] and math.isnan(actual)
                              and math.isnan(expected)):
        return
    diff = abs(actual - expected)
    if math.isfinite(diff) and diff <= atol + rtol * abs(expected):
        return
    raise _Mismatch(AssertionError, _scalar_message(actual, expected, rtol, atol), where)


def _scalar_message(actual, expected, rtol, atol):
    diff = abs(actual - expected)
    relative = math.inf if expected == 0 else diff / abs(expected)
    return _message("Scalars", f"Expected {expected} but got {actual}.", diff, None, relative,
                    None, rtol, atol)


def _check_attribute(name, a, b, where):
    if a != b:
        raise _Mismatch(AssertionError, f"The values for attribute '{name}' do not match: "
                        f"{a} != {b}.", where)


def _compare_tensors(actual, expected, where, options):
    _check_attribute("shape", actual.shape, expected.shape, where)
    if options["check_device"]:
        _check_attribute("device", actual.device, expected.device, where)
    if options["check_dtype"]:
        _check_attribute("dtype", actual.dtype, expected.dtype, where)
    if options["check_stride"]:
        _check_attribute("stride()", actual.stride(), expected.stride(), where)
    rtol, atol = _tolerances(options, actual.dtype, expected.dtype)
    actual, expected = actual.detach().cpu(), expected.detach().cpu()
    if actual.dtype is not expected.dtype:
        common = _dtype.promote_types(actual.dtype, expected.dtype)
        actual, expected = actual.to(common), expected.to(common)
    matches = actual.isclose(expected, rtol=rtol, atol=atol, equal_nan=options["equal_nan"])
    if bool(matches.all()):
        return
    message = (_scalar_message(actual.item(), expected.item(), rtol, atol) if not actual.ndim
               else _tensor_message(actual, expected, matches, rtol, atol))
    raise _Mismatch(AssertionError, message, where)


def _tensor_message(actual, expected, matches, rtol, atol):
    n = matches.numel()
    wrong = n - int(matches.sum())
    a, e, ok = actual.flatten(), expected.flatten(), matches.flatten()
    if not actual.dtype.is_floating_point:
        a, e = a.to(_dtype.int64), e.to(_dtype.int64)
    diff = (a - e).abs()
    diff[ok] = 0
    relative = _relative(diff, e.abs())
    relative[ok] = 0
    shape = tuple(matches.shape)
    (d, i), (r, j) = (diff.max(0), relative.max(0))
    return _message("Tensor-likes", f"Mismatched elements: {wrong} / {n} ({wrong / n:.1%})",
                    d.item(), _unravel(int(i), shape), r.item(), _unravel(int(j), shape),
                    rtol, atol)


def _relative(diff, scale):
    """diff / scale with PyTorch's x / 0 (inf, or NaN for a NaN difference), without dividing
    by zero: a user's test suite may turn NumPy's divide warning into an error."""
    zero = scale == 0
    over_zero = diff.float().masked_fill(~diff.float().isnan(), math.inf)
    return over_zero.where(zero, diff / scale.masked_fill(zero, 1))


def _unravel(flat, shape):
    index = []
    for size in reversed(shape):
        flat, rest = divmod(flat, size)
        index.append(rest)
    return tuple(reversed(index))


def _message(what, extra, diff, diff_at, relative, relative_at, rtol, atol):
    equality = rtol == 0 and atol == 0
    lines = [f"{what} are not {'equal' if equality else 'close'}!", "", extra]
    for kind, value, at, tol in (("absolute", diff, diff_at, atol),
                                 ("relative", relative, relative_at, rtol)):
        line = (f"{kind.title()} difference: {value}" if at is None
                else f"Greatest {kind} difference: {value} at index {at}")
        lines.append(line if equality else f"{line} (up to {tol} allowed)")
    return "\n".join(lines)


def _modify_low_high(low, high, dtype, lowest, highest, default_low, default_high):
    """PyTorch's checks and clamping of make_tensor's range ``[low, high)`` for ``dtype``,
    whose values lie in ``[lowest, highest)``."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low == high and dtype.is_floating_point:
        warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or "
                      "complex types is deprecated since 2.1 and will be removed in 2.3. "
                      "Use `torch.full(...)` instead.", FutureWarning, stacklevel=3)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                         f"but {dtype} only supports [{lowest}, {highest})")
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    if not dtype.is_floating_point:  # randint's high is exclusive: ceil both, as PyTorch
        return math.ceil(low), math.ceil(high)
    return low, high


def _draw(shape, dtype, device, low, high):
    """Uniform values of ``dtype`` in ``[low, high)`` (PyTorch's defaults when None)."""
    if dtype is _dtype.bool_:
        low, high = _modify_low_high(low, high, dtype, 0, 2, 0, 2)
        return _creation.randint(low, high, shape, dtype=dtype, device=device)
    if not dtype.is_floating_point:
        bits = 8 * dtype.itemsize
        lowest, highest = (-(1 << bits - 1), (1 << bits - 1) - 1) if dtype.is_signed else (
            0, (1 << bits) - 1)
        highest += dtype is not _dtype.int64  # randint cannot draw int64's maximum
        low, high = _modify_low_high(low, high, dtype, lowest, highest, -9, 10)
        return _creation.randint(low, high, shape, dtype=dtype, device=device)
    limit = finfo(dtype).max
    low, high = _modify_low_high(low, high, dtype, -limit, limit, -9, 9)
    result = _creation.empty(shape, dtype=dtype, device=device)
    if high - low >= limit:  # uniform_ needs a finite width: draw half the range, double it
        return result.uniform_(low / 2, high / 2).mul_(2)
    return result.uniform_(low, high)


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False,
                noncontiguous=False, exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` filled with values drawn uniformly from ``[low, high)``, as
    ``torch.testing.make_tensor``.

    Default ranges by dtype, PyTorch's: bool ``[0, 2)``, unsigned integers ``[0, 10)``,
    signed integers ``[-9, 10)``, floating point ``[-9, 9)``. A ``low`` or ``high`` outside
    the dtype's finite range is clamped to it; integer bounds are rounded up.

    Args:
        shape (int or Sequence[int]): the sizes, as separate ints or one sequence.
        dtype (tinytorch.dtype): the dtype.
        device (str or tinytorch.device): the device.
        low (float, optional): the inclusive lower bound. Default: by dtype (above).
        high (float, optional): the exclusive upper bound. Default: by dtype (above).
        requires_grad (bool): whether autograd records operations on it. Default: False.
        noncontiguous (bool): whether to return a non-contiguous view (every other element
            of a tensor twice as long in the last dimension); ignored for fewer than two
            elements. Default: False.
        exclude_zero (bool): replace zeros by 1 (bool and integer dtypes) or by the dtype's
            ``finfo.tiny``. Default: False.
        memory_format (tinytorch.memory_format, optional): the memory format of the result.

    Returns:
        Tensor: the new tensor.

    Raises:
        ValueError: ``noncontiguous`` with a ``memory_format``, ``requires_grad`` for a bool
            or integer dtype, a NaN bound, ``low >= high``, or a range outside the dtype's.
        TypeError: ``dtype`` is not a tinytorch dtype.

    >>> import tinytorch
    >>> from tinytorch.testing import make_tensor
    >>> x = make_tensor(2, 3, dtype=tinytorch.float32, device="cpu", low=-1, high=1)
    >>> x.shape, bool(((x >= -1) & (x < 1)).all())
    (torch.Size([2, 3]), True)
    >>> make_tensor((4,), dtype=tinytorch.int64, device="cpu", noncontiguous=True).is_contiguous()
    False
    """
    if len(shape) == 1 and isinstance(shape[0], Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually "
                         f"exclusive, but got noncontiguous={noncontiguous} and "
                         f"memory_format={memory_format}")
    if not isinstance(dtype, _dtype.dtype):
        raise TypeError(f"The requested dtype '{dtype}' is not supported by "
                        f"torch.testing.make_tensor(). To request support, file an issue at: "
                        f"https://github.com/pytorch/pytorch/issues")
    if requires_grad and not dtype.is_floating_point:
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral "
                         f"dtypes, but got dtype={dtype}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    if noncontiguous:  # twice as long, so the view's neighbours differ from its values
        shape = (*shape[:-1], 2 * shape[-1])
    result = _draw(shape, dtype, device, low, high)
    if noncontiguous:
        result = result[..., 1::2]  # offset by one, to catch offset mistakes too
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = finfo(dtype).tiny if dtype.is_floating_point else 1
    if dtype.is_floating_point:
        result.requires_grad_(requires_grad)
    return result


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated (PyTorch's FutureWarning says so): :func:`assert_close` with the looser
    tolerances of old, NaNs equal by default, and no dtype check.

    Default tolerances (``rtol``, ``atol``): float16 (1e-3, 1e-3), float32 (1e-4, 1e-5),
    float64 (1e-5, 1e-8), others (0, 0); of two dtypes, the looser. A number or list is made
    a tensor first (``expected`` in ``actual``'s dtype).

    Args:
        actual (Any): the actual value.
        expected (Any): the expected value.
        rtol (float, optional): relative tolerance; give it with ``atol`` or not at all.
        atol (float, optional): absolute tolerance; give it with ``rtol`` or not at all.
        equal_nan (bool): whether two NaNs are equal. Default: True.
        msg (str): the message on failure instead of the generated one. Default: ''.

    Raises:
        AssertionError: they are not close.

    >>> import tinytorch, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     tinytorch.testing.assert_allclose(tinytorch.tensor([1.0]), [1.00001])
    """
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be "
                  "removed in a future release. Please use `torch.testing.assert_close()` "
                  "instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning,
                  stacklevel=2)
    if not isinstance(actual, _tensor.Tensor):
        actual = _creation.tensor(actual)
    if not isinstance(expected, _tensor.Tensor):
        expected = _creation.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = _loosest(_ALLCLOSE_PRECISIONS, (actual.dtype, expected.dtype))
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan,
                 check_device=True, check_dtype=False, check_stride=False, msg=msg or None)
