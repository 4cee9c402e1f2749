"""PyTorch's in-place samplers (``bernoulli_``, ``exponential_``, ``random_``, ``cauchy_``,
``log_normal_``, ``geometric_``) and ``bernoulli``, drawn from tinytorch's generators.

As in PyTorch, a sampler on a tensor that autograd records (a non-leaf that requires grad)
becomes its new history with a zero gradient: ``x.clone().exponential_()`` requires grad and
sends zeros back to ``x``. Unrecorded (the common case: initialising under ``no_grad``), the
draw goes straight into the tensor's storage.
"""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import conversion as _conversion
from tinytorch import _random
from tinytorch._finfo import finfo
from tinytorch._ops import inplace
from tinytorch._ops._op import Op
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for

# random_()'s bounds: floats hold every integer up to 2**digits exactly
_FLOAT_DIGITS = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}


def _fill(x, kernel, generator, *params):
    """Draw into x with ``backend.<kernel>(rng, array, *params)`` (see inplace.fill_with)."""
    rng = _random.rng_for(x._backend, generator)
    return inplace.fill_with(x, lambda be, a: getattr(be, kernel)(rng, a, *params))


def _floating(x, name):
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"{name} distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified "
                           f"{_dtype.SCALAR_TYPE_NAMES[x.dtype]}")


def uniform_(x, low, high, generator):
    """Tensor.uniform_ (documented there): PyTorch's checks, in its order (the dtype, each
    bound within the dtype's range, ``low <= high``, a finite width), then the draw."""
    if not x.dtype.is_floating_point:
        not_implemented_for("check_uniform_bounds", x)
    low, high = float(low), float(high)  # PyTorch reads both as doubles
    limit = finfo(x.dtype).max
    for name, value in (("from", low), ("to", high)):
        if not -limit <= value <= limit:
            raise RuntimeError(f"{name} is out of bounds for {_dtype.C_TYPE_NAMES[x.dtype]}")
    if not low <= high:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={low:g} > to={high:g}")
    if not high - low <= limit:
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<"
                           f"{_dtype.SCALAR_TYPE_NAMES[x.dtype]}>::max(), but found to={high:g} "
                           f"and from={low:g} which result in to-from to exceed the limit")
    return _fill(x, "uniform_", generator, low, high)


def normal_(x, mean, std, generator):
    """Tensor.normal_ (documented there): PyTorch's checks (``std >= 0``, then the dtype),
    then the draw."""
    std = float(std)
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    if not x.dtype.is_floating_point:
        not_implemented_for("normal_kernel_cpu", x)
    return _fill(x, "normal_", generator, mean, std)


def exponential_(self, lambd=1, *, generator=None):
    """Fills ``self`` with draws from the exponential distribution of rate ``lambd``:
    density ``lambd * exp(-lambd * x)``.

    Args:
        lambd (float): the rate, > 0. Default: 1.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: ``self`` is not floating point, or ``lambd <= 0``.

    >>> bool((tinytorch.empty(5).exponential_(2.0) >= 0).all())
    True
    """
    _floating(self, "Exponential")
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    return _fill(self, "exponential_", generator, lambd)


def cauchy_(self, median=0, sigma=1, *, generator=None):
    """Fills ``self`` with draws from the Cauchy distribution:
    density ``1 / (pi * sigma * (1 + ((x - median) / sigma)**2))``.

    Args:
        median (float): the location. Default: 0.
        sigma (float): the scale, > 0. Default: 1.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: ``self`` is not floating point, or ``sigma <= 0``.

    >>> tinytorch.empty(2, 3).cauchy_(median=1.0).shape
    torch.Size([2, 3])
    """
    _floating(self, "Cauchy")
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma}")
    return _fill(self, "cauchy_", generator, median, sigma)


def log_normal_(self, mean=1, std=2, *, generator=None):
    """Fills ``self`` with ``exp(N(mean, std**2))`` draws (a log-normal distribution whose
    logarithm has the given mean and standard deviation).

    Args:
        mean (float): the mean of the logarithm. Default: 1.
        std (float): the standard deviation of the logarithm, > 0. Default: 2.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: ``self`` is not floating point, or ``std <= 0``.

    >>> bool((tinytorch.empty(4).log_normal_(0.0, 0.5) > 0).all())
    True
    """
    if not self.dtype.is_floating_point:
        raise NotImplementedError(f'"log_normal_cpu" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[self.dtype]}'")
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std}")
    return _fill(self, "log_normal_", generator, mean, std)


def geometric_(self, p, *, generator=None):
    """Fills ``self`` with draws from the geometric distribution: the number of Bernoulli(p)
    trials up to and including the first success, ``P(k) = (1 - p)**(k - 1) * p``, k >= 1.

    Args:
        p (float): the success probability, in (0, 1).
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self`` (any dtype but bool).

    Raises:
        RuntimeError: ``p`` is not in (0, 1).

    >>> bool((tinytorch.empty(5, dtype=tinytorch.int64).geometric_(0.5) >= 1).all())
    True
    """
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p}")
    return _fill(self, "geometric_", generator, p)


def _probabilities(p):
    if not bool(((p >= 0) & (p <= 1)).all()):
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")


def bernoulli_(self, p=0.5, *, generator=None):
    """Fills ``self`` with 1 with probability ``p`` and 0 otherwise.

    Args:
        p (float or Tensor): the probability of a 1, in [0, 1]; a tensor broadcastable to
            ``self`` gives each element its own. Default: 0.5.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self``, its dtype kept (bool, integer or floating).

    Raises:
        RuntimeError: a probability outside [0, 1].

    >>> tinytorch.empty(3).bernoulli_(tinytorch.tensor([0.0, 1.0, 1.0]))
    tensor([0., 1., 1.])
    """
    if is_tensor(p):
        _probabilities(p)
        p = p.to(self.device)._backend.broadcast_to(p._data, tuple(self.shape))
    elif not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return _fill(self, "bernoulli_", generator, p)


def bernoulli(input, p=None, *, generator=None):
    """Draws a tensor of 0s and 1s: element i is 1 with probability ``input[i]`` (or with
    probability ``p`` for every element when ``p`` is given).

    Args:
        input (Tensor): the probabilities, in [0, 1] (floating point); the result has its
            shape, dtype and device.
        p (float, optional): one probability for every element instead.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: the draws. Differentiable with a zero gradient, as PyTorch's.

    Raises:
        NotImplementedError: ``input`` is not floating point (and ``p`` is not given).
        RuntimeError: a probability outside [0, 1].

    >>> tinytorch.bernoulli(tinytorch.tensor([0.0, 1.0, 0.0]))
    tensor([0., 1., 0.])
    """
    if p is not None:
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
        probs = p
    elif not input.dtype.is_floating_point:
        raise NotImplementedError(f'"bernoulli_tensor_cpu_p_" not implemented for '
                                  f"'{_dtype.SCALAR_TYPE_NAMES[input.dtype]}'")
    else:
        _probabilities(input)
        probs = input._data
    rng = _random.rng_for(input._backend, generator)
    return inplace.Fill.apply(input, lambda be, a: be.bernoulli_(rng, a, probs))


def _bounds(dtype, low, high):
    """[low, high) checked against what ``dtype`` holds, as PyTorch's random_."""
    if dtype.is_floating_point:
        top = 2 ** _FLOAT_DIGITS[dtype.name]
        lo, hi = -top, top
    elif dtype is _dtype.bool_:
        lo, hi = 0, 1
    else:
        bits = dtype.itemsize * 8 - dtype.is_signed
        lo, hi = (-(2 ** bits) if dtype.is_signed else 0), 2 ** bits - 1
    if high is None:  # the max of int64 itself is left out: randint's bound is int64 too
        return low, min(hi + 1, 2 ** 63 - 1)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                           f"from={low} >= to={high}")
    for name, value in (("from", low), ("to - 1", high - 1)):
        if not lo <= value <= hi:
            raise RuntimeError(f"{name} is out of bounds for {_dtype.C_TYPE_NAMES[dtype]}")
    return low, high


def random_(self, from_=0, to=None, *, generator=None):
    """Fills ``self`` with integers drawn uniformly from ``[from, to - 1]``; PyTorch's
    ``random_(from=0, to=None)`` (``from`` is a Python keyword: pass it by position).

    ``random_(to)`` draws from ``[0, to - 1]``. Without ``to`` the range is what the dtype
    holds: ``[0, 2**mantissa_digits]`` for floating types (``2**24`` for float32), ``[0, max)``
    for integer types, ``{0, 1}`` for bool.

    Args:
        from_ (int): the lowest value, or ``to`` when it is the only argument. Default: 0.
        to (int, optional): one past the highest value.
        generator (Generator, optional): the source of randomness.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: ``from >= to``, or a bound the dtype cannot hold.

    >>> bool((tinytorch.empty(5).random_(3, 6) >= 3).all())
    True
    """
    if to is None and from_ != 0:
        from_, to = 0, from_
    return _fill(self, "random_", generator, *_bounds(self.dtype, from_, to))


class Normal(Op):
    """y = mean + std z, z ~ N(0, 1) drawn from ``rng`` in y's ``shape`` and ``dtype``, mean
    and std tensors or numbers broadcast together.  dL/dmean = dL/dstd = 0, as PyTorch's
    NormalBackward (it does not reparameterise: distributions.Normal.rsample does)."""

    broadcasts = True

    @staticmethod
    def forward(ctx, mean, std, *, rng, shape, dtype):
        be = ctx.backend
        ctx.meta = dtype
        return be.add(be.mul(be.randn(rng, shape, dtype), std), mean)

    @staticmethod
    def backward(ctx, g):
        zeros = ctx.backend.zeros(g.shape, ctx.meta)
        return tuple(zeros if need else None for need in ctx.needs_input_grad)


_NORMAL_SIGNATURES = (
    " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
    " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
    "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
    "device = None, bool pin_memory = False, bool requires_grad = False)")


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False):
    """Draws from normal distributions of the given means and standard deviations.

    Four forms, as PyTorch's: ``normal(mean, std)`` with tensors (broadcast together),
    ``normal(mean_tensor, std=1.0)``, ``normal(mean, std_tensor)``, and
    ``normal(mean, std, size)`` with numbers. Autograd sends zeros to a ``mean`` or ``std``
    that requires grad, as PyTorch does (use ``distributions.Normal(...).rsample()`` for
    gradients through the draw).

    Args:
        mean (Tensor or float): the means.
        std (Tensor or float): the standard deviations, >= 0. Default: 1.
        size (tuple of int, optional): the shape, for the numbers-only form.
        generator (Generator, optional): the source of randomness.
        dtype, device, requires_grad: for the numbers-only form, as :func:`randn`.

    Returns:
        Tensor: the draws, of the broadcast shape (or ``size``).

    Raises:
        TypeError: two numbers without ``size``.
        RuntimeError: a negative standard deviation.
        NotImplementedError: an integer mean or std tensor.

    >>> import tinytorch
    >>> tinytorch.normal(tinytorch.zeros(2, 3), 1.0).shape
    torch.Size([2, 3])
    >>> tinytorch.normal(2.0, 3.0, (4,)).shape
    torch.Size([4])
    """
    tensors = [t for t in (mean, std) if is_tensor(t)]
    if not is_tensor(std) and std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    if not tensors:
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}), but expected "
                            f"one of:\n{_NORMAL_SIGNATURES}\n")
        out = _creation.randn(*size, generator=generator, dtype=dtype, device=device)
        out = out.mul_(std).add_(mean) if (std, mean) != (1, 0) else out
        return _conversion.created_requiring_grad(out, requires_grad)
    result = tensors[0].dtype if len(tensors) == 1 else _dtype.promote_types(
        *[t.dtype for t in tensors])
    for t in tensors:
        if not t.dtype.is_floating_point:
            not_implemented_for("normal_kernel_cpu", t)
    if is_tensor(std) and bool((std < 0).any()):
        raise RuntimeError("normal expects all elements of std >= 0.0")
    shape = broadcast_shapes(*[tuple(t.shape) for t in tensors])
    rng = _random.rng_for(tensors[0]._backend, generator)
    return Normal.apply(mean, std, rng=rng, shape=shape, dtype=result)
