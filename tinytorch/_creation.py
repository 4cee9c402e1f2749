"""Tensor creation: ``tensor``, ``zeros``, ``arange``, ``rand`` … and the ``*_like`` forms.
Their docstrings are in ``tinytorch/_torch_docs_creation.py``."""

import builtins
import math
import warnings

from tinytorch import _device
from tinytorch import _dtype
from tinytorch import _memory_format
from tinytorch import _python_data
from tinytorch import _random as _rng
from tinytorch import _tensor
from tinytorch._ops import _util
from tinytorch._ops import conversion as _conversion
from tinytorch.backends import get_backend


def _finish(data, backend, requires_grad):
    t = _tensor.Tensor._make(data, backend)
    if requires_grad:
        _conversion.created_requiring_grad(t)
    return t


_default_device = [_device.device("cpu")]  # set_default_device's


def _backend(device):
    return get_backend(_default_device[0] if device is None else device)


def get_default_device():
    """Returns the device on which tensors are created when no device is given.

    Returns:
        tinytorch.device: ``cpu`` until :func:`set_default_device` says otherwise.

    >>> tinytorch.get_default_device()
    device(type='cpu')
    """
    return _default_device[0]


def set_default_device(device):
    """Sets the device on which the factory functions (``tensor``, ``zeros``, ``randn``,
    ``arange`` ..., and so the layers' parameters) create tensors when no device is given;
    ``from_numpy`` stays on the CPU, as in PyTorch.

    Args:
        device (str or tinytorch.device or None): the device; None means the CPU.

    >>> tinytorch.set_default_device("cpu")
    >>> tinytorch.zeros(2).device
    device(type='cpu')
    """
    _default_device[0] = _device.device("cpu" if device is None else device)


def _host_data(data):
    if isinstance(data, _tensor.Tensor):
        return data._backend.to_host(data._data)
    if isinstance(data, (list, tuple)) and _holds_tensors(data):
        return [_element(x) for x in data]
    return data


def _holds_tensors(data):
    """Whether a nested list holds tensors: at its top level, or down its first entries (a
    full scan would cost a Python step per number of a large nested list)."""
    while isinstance(data, (list, tuple)) and data:
        if any(isinstance(x, _tensor.Tensor) for x in data):
            return True
        data = data[0]
    return False


def _element(x):
    """An entry of a nested list: a tensor there is one number, as PyTorch reads it (so
    ``tensor([tensor([1.]), tensor([2.])])`` is 1-D)."""
    if isinstance(x, _tensor.Tensor):
        _util.scalar_of(x)
        return x._backend.to_host(x._data).reshape(())
    if isinstance(x, (list, tuple)):
        return [_element(y) for y in x]
    return x


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    natural = _python_data.infer_dtype(data, dtype is not None)
    dtype = natural if dtype is None else _dtype.to_dtype(dtype, "tensor")
    if isinstance(data, _tensor.Tensor):
        warnings.warn(_util.COPY_CONSTRUCT, UserWarning, stacklevel=_util.user_stacklevel())
        device = data.device if device is None else device
    backend = _backend(device)
    host = _host_data(data)
    if hasattr(host, "__dlpack__") and not isinstance(host, (list, tuple)):
        # a NumPy or CuPy array as it is; another library's tensor (PyTorch's) through DLPack
        native = hasattr(host, "__array_interface__") or hasattr(host, "__cuda_array_interface__")
        arr = backend.astype(backend.from_host(host) if native else backend.from_dlpack(host),
                             dtype)
        return _finish(backend.copy(arr), backend, requires_grad)
    empty = _python_data.empty_sizes(host)
    if empty is not None:
        return _finish(backend.zeros(tuple(empty), dtype), backend, requires_grad)
    try:
        if dtype.is_floating_point or dtype is _dtype.bool_ or (
                dtype is _dtype.int64 and natural is _dtype.int64):  # NumPy's own checks hold
            arr = backend.asarray(host, dtype)
        else:
            arr = _as_integers(backend, host, dtype, natural.is_floating_point)
    except ValueError as error:  # NumPy's for ragged lists; PyTorch's names the dim
        raise _python_data.shape_error(host, dtype) or error from None
    return _finish(arr, backend, requires_grad)


def _as_integers(backend, host, dtype, floats):
    """Python numbers for an integer dtype as PyTorch converts them: in the dtype's range, or
    for uint8 an int down to -255 (two's complement: -1 is 255), floats truncated toward 0;
    else PyTorch's RuntimeError (NumPy raised OverflowError or ValueError). Built in int64
    or float64 first, then cast."""
    wide = backend.asarray(host, _dtype.float64 if floats else _dtype.int64)
    if wide.size:
        lo, hi = (float(backend.to_host(f(wide))) for f in (backend.amin, backend.amax))
        low, high = _util.int_range(dtype, not floats)
        if not low <= lo <= hi <= high:  # a NaN fails too
            raise RuntimeError(f"value cannot be converted to type {dtype.name} without "
                               f"overflow")
    return backend.astype(wide, dtype)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, _tensor.Tensor):
        return (data if device is None and dtype is None
                else data.to(device=device, dtype=dtype))
    if hasattr(data, "__array_interface__") and _backend(device).device.type == "cpu":
        out = from_numpy(data)
        return out if dtype is None else out.to(dtype)
    return tensor(data, dtype=dtype, device=device)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    if isinstance(obj, _tensor.Tensor):
        out = _converted(obj, dtype, device, copy)
    elif hasattr(obj, "__array_interface__") and getattr(obj, "ndim", 0) > 0:
        out = _converted(from_numpy(obj), dtype, device, copy)
    elif copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    else:
        out = tensor(obj, dtype=dtype, device=device)
    if requires_grad is not None and out.requires_grad != requires_grad:
        if out._grad_fn is not None:  # PyTorch: the result is a detached alias
            out = out.detach()
        _conversion.created_requiring_grad(out, requires_grad)
    return out


def _converted(t, dtype, device, copy):
    """``t`` on ``device`` in ``dtype``: itself when nothing changes and ``copy`` is not True;
    ``copy=False`` refuses a conversion with PyTorch's ValueError."""
    target = t.dtype if dtype is None else _dtype.to_dtype(dtype, "asarray")
    where = t.device if device is None else _device.device(device)
    if copy is False and target is not t.dtype:
        raise ValueError(f"can't alias tensor with dtype '{_dtype.SCALAR_TYPE_NAMES[t.dtype]}' "
                         f"into dtype '{_dtype.SCALAR_TYPE_NAMES[target]}'.")
    if copy is False and where != t.device:
        raise ValueError(f"can't alias tensor from device '{t.device}' to '{where}'.")
    out = t.to(device=where, dtype=target)
    return out.clone() if copy and out is t else out


def from_numpy(ndarray):
    if not hasattr(ndarray, "__array_interface__"):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.by_name(ndarray.dtype.name)  # raises for unsupported dtypes
    if any(s < 0 for s in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors "
                         "with negative strides are not currently supported. (You can probably "
                         "work around this by making a copy of your array  with "
                         "array.copy().) ")
    if not ndarray.flags.writeable:
        _util.warn_once(_util.NOT_WRITABLE)
    backend = get_backend("cpu")
    return _tensor.Tensor._make(backend.from_host(ndarray), backend)


def from_dlpack(ext_tensor):
    kind, index = ext_tensor.__dlpack_device__()
    backend = get_backend("cpu" if int(kind) == 1 else f"cuda:{index}")
    return _tensor.Tensor._make(backend.from_dlpack(ext_tensor), backend)


def _size(size, message=None, op=None):
    """The shape of a new tensor, refused with PyTorch's RuntimeError (its ``message`` where it
    has its own) if a size is negative: NumPy would raise ValueError, and randperm and eye
    would not raise at all."""
    shape = _util.shape_arg(size, op)
    for d in shape:
        if d < 0:
            raise RuntimeError(message or f"Trying to create tensor with negative dimension {d}: "
                                          f"{list(shape)}")
    return shape


def _check_layout(layout, name):
    """PyTorch's ``layout=``: None or ``strided``, the one layout tinytorch has."""
    if layout is not None and layout is not _memory_format.strided:
        raise TypeError(f"{name}(): argument 'layout' must be torch.layout, not "
                        f"{type(layout).__name__}")


def _make(kind, size, dtype, device, requires_grad, *extra):
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, kind)
    backend = _backend(device)
    data = getattr(backend, kind)(_size(size, op=kind), *extra, dtype)
    return _finish(data, backend, requires_grad)


def zeros(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    _check_layout(layout, "zeros")
    size = _size(_util.sized(args, size, "zeros", "size"),
                 "zeros: Dimension size must be non-negative.", "zeros")
    return _make("zeros", size, dtype, device, requires_grad)


def ones(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False):
    _check_layout(layout, "ones")
    return _make("ones", _util.sized(args, size, "ones", "size"), dtype, device, requires_grad)


def empty(*args, size=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=_memory_format.contiguous_format):
    _check_layout(layout, "empty")
    size = _util.sized(args, size, "empty", "size")
    if memory_format is _memory_format.preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    out = _make("empty", size, dtype, device, False)
    return _conversion.created_requiring_grad(_memory_format.contiguous(out, memory_format),
                                              requires_grad)


def full(size, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False):
    _check_layout(layout, "full")
    _util.shape_arg((size,), "full")  # PyTorch's TypeError for a lone float
    fill_value = _util.python_number(fill_value)  # a NumPy scalar is a number, as in PyTorch
    if dtype is None:
        dtype = _python_data.infer_dtype(fill_value)
    fill_value = _util.checked_scalar(fill_value, _dtype.to_dtype(dtype, "full"))
    return _make("full", (tuple(size),), dtype, device, requires_grad, fill_value)


def arange(start, end=None, step=1, *, dtype=None, layout=None, device=None,
           requires_grad=False):
    _check_layout(layout, "arange")
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("arange(): step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"upper bound and lower bound inconsistent with step sign "
                           f"(start={start}, end={end}, step={step})")
    if dtype is None:
        dtype = _python_data.infer_dtype([start, end, step])
    dtype = _dtype.to_dtype(dtype, "arange")
    backend = _backend(device)
    return _finish(backend.arange(start, end, step, dtype), backend, requires_grad)


def range(start, end, step=1, *, dtype=None, layout=None, device=None,  # noqa: A001
          requires_grad=False):
    """PyTorch's deprecated ``torch.range``: the values ``start + i * step`` up to ``end``
    INCLUDED (``floor((end - start) / step) + 1`` of them), in the default dtype unless ``dtype``
    says otherwise, even for integer arguments. It warns, as PyTorch does; use
    :func:`arange`, whose ``end`` is excluded.

    Args:
        start (number): the first value.
        end (number): the last value's bound (included when reached).
        step (number): the gap between values. Default: 1.
        dtype (tinytorch.dtype, optional): the result's dtype. Default: the default dtype.
        layout (tinytorch.layout, optional): only ``tinytorch.strided`` (or None).
        device (tinytorch.device, optional): where to create it.
        requires_grad (bool): whether autograd records it. Default: False.

    Returns:
        Tensor: 1-D.

    Raises:
        RuntimeError: ``step`` is 0, its sign disagrees with ``end - start``, or a bound is
            not finite (PyTorch's messages).
        TypeError: ``layout`` is not a layout.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     tinytorch.range(1, 2, 0.5)
    tensor([1.0000, 1.5000, 2.0000])
    """
    warnings.warn("torch.range is deprecated and will be removed in a future release because its "
                  "behavior is inconsistent with Python's range builtin. Instead, use "
                  "torch.arange, which produces values in [start, end).", UserWarning,
                  stacklevel=_util.user_stacklevel())
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, "range")
    if not dtype.is_floating_point:  # PyTorch truncates the bounds and step to integers first
        start, end, step = int(start), int(end), int(step)
        if step == 0:  # PyTorch divides by it (a floating-point exception, the process dies)
            raise RuntimeError("step must be nonzero")
        n = abs(end - start) // abs(step) + 1
        return arange(start, start + n * step, step, layout=layout, device=device, dtype=dtype,
                      requires_grad=requires_grad)
    n = math.floor((end - start) / step) + 1
    # arange's end half a step past the last value, so that float rounding cannot add or drop one
    return arange(start, start + (n - 0.5) * step, step, layout=layout, device=device,
                  dtype=dtype, requires_grad=requires_grad)


def linspace(start, end, steps, *, dtype=None, layout=None, device=None, requires_grad=False):
    _check_layout(layout, "linspace")
    steps = _util.int_argument(steps, "linspace", "steps", 3)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, "linspace")
    backend = _backend(device)
    if dtype is _dtype.bool_:
        raise NotImplementedError(f"\"linspace_{backend.device.type}\" not implemented for "
                                  f"'Bool'")
    start, end = (_util.checked_scalar(v, dtype) for v in (start, end))  # c10's checked
    return _finish(backend.linspace(start, end, steps, dtype), backend, requires_grad)


def logspace(start, end, steps, base, dtype, device, requires_grad):
    """:func:`tinytorch.logspace`'s values (its checks done)."""
    backend = _backend(device)
    return _finish(backend.logspace(start, end, steps, base, dtype), backend, requires_grad)


def eye(n, m=None, *, dtype=None, layout=None, device=None, requires_grad=False):
    _check_layout(layout, "eye")
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, "eye")
    for name, value in (("n", n), ("m", m)):
        if value is not None and value < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {value}")
    backend = _backend(device)
    return _finish(backend.eye(n, n if m is None else m, dtype), backend, requires_grad)


def _random(kind, size, generator, dtype, device, requires_grad, *extra):
    dtype = _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype, kind)
    if device is None and generator is not None:
        device = generator.device
    backend = _backend(device)
    rng = _rng.rng_for(backend, generator)
    data = getattr(backend, kind)(rng, *extra, _size(size, op=kind), dtype)
    return _finish(data, backend, requires_grad)


def rand(*args, size=None, generator=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    _check_layout(layout, "rand")
    return _random("rand", _util.sized(args, size, "rand", "size"), generator, dtype, device,
                   requires_grad)


def randn(*args, size=None, generator=None, dtype=None, layout=None, device=None,
          requires_grad=False, pin_memory=False):
    _check_layout(layout, "randn")
    return _random("randn", _util.sized(args, size, "randn", "size"), generator, dtype, device,
                   requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, layout=None,
            device=None, requires_grad=False):
    _check_layout(layout, "randint")
    if size is None:
        low, high, size = 0, low, high
    elif high is None:  # randint(high, size=...): PyTorch's parser binds the one bound to high
        low, high = 0, low
    if high is None or size is None:
        raise TypeError("randint() missing required arguments 'high' and 'size'")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")
    return _random("randint", (tuple(size),), generator, dtype or _dtype.int64, device,
                   requires_grad, low, high)


def randperm(n, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    _check_layout(layout, "randperm")
    dtype = _dtype.int64 if dtype is None else _dtype.to_dtype(dtype, "randperm")
    _size((n,))
    backend = _backend(device if device is not None or generator is None else generator.device)
    return _finish(backend.randperm(_rng.rng_for(backend, generator), n, dtype), backend,
                   requires_grad)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices drawn from the categorical distributions in the rows of ``input``.

    Args:
        input (Tensor): non-negative weights, shape (n,) or (rows, n); rows need not sum to 1.
        num_samples (int): draws per row.
        replacement (bool): draw with replacement.
        generator (Generator, optional): the source of randomness.

    Returns:
        An int64 tensor of shape (num_samples,) or (rows, num_samples).

    Raises:
        RuntimeError: ``input`` is not 1-D or 2-D, has a negative or non-finite weight or a row
            summing to 0, or fewer than ``num_samples`` categories without replacement.

    >>> multinomial(tensor([0.0, 1.0]), 3, replacement=True).tolist()
    [1, 1, 1]
    """
    n = input.shape[-1] if input.dim() > 0 else 0
    if input.dim() not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim, got shape {tuple(input.shape)}")
    if not replacement and num_samples > n:
        raise RuntimeError(f"cannot sample n_sample ({num_samples}) > prob_dist.size(-1) ({n}) "
                           f"samples without replacement")
    bad = ~((input >= 0) & input.isfinite())
    if bool(bad.any()):  # PyTorch's kernels word it apart; its first bad entry decides which
        what = "= infinity or NaN" if input[bad].reshape(-1)[0].item() >= 0 else "< 0"
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0"
                           if not replacement or num_samples == 1 else "invalid multinomial "
                           f"distribution (encountering probability entry {what})")
    if not bool((input.sum(-1) > 0).all()):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    backend = input._backend
    data = backend.multinomial(_rng.rng_for(backend, generator), input._data, num_samples,
                               replacement)
    return _finish(data, backend, False)


def poisson(input, generator=None):
    """Counts drawn from Poisson distributions with the rates in ``input``.

    Args:
        input (Tensor): the non-negative rates (a floating dtype).
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: the counts, ``input``'s shape and dtype; no gradient is recorded (PyTorch
        records a zero gradient).

    Raises:
        RuntimeError: a rate is negative or NaN (PyTorch's message).

    >>> poisson(tensor([0.0, 0.0]))
    tensor([0., 0.])
    """
    return _sample_from(input, "poisson", generator)


def binomial(count, prob, generator=None):
    """Counts drawn from Binomial(``count``, ``prob``) distributions, elementwise.

    Args:
        count (Tensor): the numbers of trials (whole numbers in a floating dtype).
        prob (Tensor): the success probabilities, ``count``'s shape and dtype.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: the counts, ``count``'s shape and dtype; no gradient is recorded.

    Raises:
        ValueError: ``count`` is not floating point (PyTorch's message).
        RuntimeError: ``prob``'s dtype is not ``count``'s (PyTorch's message).

    >>> binomial(tensor([3.0, 5.0]), tensor([1.0, 0.0]))
    tensor([3., 0.])
    """
    if not count.is_floating_point():
        raise ValueError(f"binomial only supports floating-point dtypes for count, got: "
                         f"{_dtype.SCALAR_TYPE_NAMES[count.dtype]}")
    if prob.dtype != count.dtype:
        raise RuntimeError(f"Found dtype {_dtype.SCALAR_TYPE_NAMES[prob.dtype]} but expected "
                           f"{_dtype.SCALAR_TYPE_NAMES[count.dtype]}")
    backend = count._backend
    data = backend.binomial(_rng.rng_for(backend, generator), count._data, prob._data)
    return _finish(data, backend, False)


def _standard_gamma(input, generator=None):
    """Draws from Gamma(``input``, 1), no gradient recorded (``torch._standard_gamma``)."""
    return _sample_from(input, "standard_gamma", generator)


def _standard_gamma_grad(self, output):
    """The reparameterised gradient d output / d self of Gamma(``self``, 1) draws ``output``
    (``torch._standard_gamma_grad``; PyTorch's approximation, no gradient recorded)."""
    backend = self._backend
    return _finish(backend.standard_gamma_grad(self._data, output._data), backend, False)


def _dirichlet_grad(x, alpha, total):
    """The scaled reparameterised gradient of Beta(``alpha``, ``total - alpha``) draws ``x``
    (``torch._dirichlet_grad``; PyTorch's approximation, no gradient recorded)."""
    backend = x._backend
    return _finish(backend.dirichlet_grad(x._data, alpha._data, total._data), backend, False)


def _sample_from(input, kind, generator):
    if kind == "poisson" and not bool((input >= 0).all()):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    backend = input._backend
    return _finish(getattr(backend, kind)(_rng.rng_for(backend, generator), input._data),
                   backend, False)


def _like(fn, name, input, dtype, layout, device, requires_grad, memory_format, *extra):
    """``fn(input.shape, *extra)`` with input's dtype and device unless given, laid out by
    ``memory_format``: preserve_format (PyTorch's default) takes input's strides where input
    is dense, as PyTorch's ``empty_like`` does."""
    _check_layout(layout, name)
    if not isinstance(memory_format, _memory_format.memory_format):
        raise TypeError(f"{name}(): argument 'memory_format' must be torch.memory_format, not "
                        f"{type(memory_format).__name__}")
    out = fn(input.shape, *extra, dtype=dtype or input.dtype,
             device=input.device if device is None else device)
    if memory_format is not _memory_format.preserve_format:
        out = _memory_format.contiguous(out, memory_format)
    elif out._backend is input._backend:
        out = _tensor.Tensor._make(out._backend.preserve_format(out._data, input._data, True),
                                   out._backend)
    return _conversion.created_requiring_grad(out, requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=_memory_format.preserve_format):
    return _like(zeros, "zeros_like", input, dtype, layout, device, requires_grad,
                 memory_format)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=_memory_format.preserve_format):
    return _like(ones, "ones_like", input, dtype, layout, device, requires_grad, memory_format)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=_memory_format.preserve_format):
    return _like(empty, "empty_like", input, dtype, layout, device, requires_grad,
                 memory_format)


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=_memory_format.preserve_format):
    return _like(full, "full_like", input, dtype, layout, device, requires_grad, memory_format,
                 fill_value)


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=_memory_format.preserve_format):
    return _like(rand, "rand_like", input, dtype, layout, device, requires_grad, memory_format)


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=_memory_format.preserve_format):
    return _like(randn, "randn_like", input, dtype, layout, device, requires_grad,
                 memory_format)


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None,
                 requires_grad=False, memory_format=_memory_format.preserve_format):
    if high is None:
        low, high = 0, low
    return _like(lambda shape, **kw: randint(low, high, tuple(shape), **kw), "randint_like",
                 input, dtype, layout, device, requires_grad, memory_format)
