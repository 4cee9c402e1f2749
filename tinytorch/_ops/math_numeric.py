"""Numerical helpers scripts call beside training: ``cov`` and ``corrcoef``, the trapezoid
rule (``trapezoid``, ``trapz``, ``cumulative_trapezoid``) and ``histogram``, each composed
of existing ops (gradients included where PyTorch has them), and ``frexp``; with PyTorch's
checks and messages."""

import math
import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import conversion
from tinytorch._ops import counting
from tinytorch._ops import linalg
from tinytorch._ops import pointwise
from tinytorch._ops import reduction
from tinytorch._ops import shape
from tinytorch._ops.diagonal import diagonal
from tinytorch._ops.join import narrow
from tinytorch._ops.stacking import select
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import return_type
from tinytorch._ops._util import wrap_dim

FrexpResult = return_type("frexp", ["mantissa", "exponent"])


class Frexp(Op):
    """(m, e) with x = m 2^e, |m| in [0.5, 1) (m = x, e = 0 for 0, inf, NaN).
    dL/dx = g_m / 2^e; the exponent is an integer, without a gradient. 2^e of a bfloat16 or
    float16 x in float32, as PyTorch's (2^16 is beyond float16), of a float64 x in float64
    (PyTorch's float32 2^e gives 0 and inf there)."""

    @staticmethod
    def forward(ctx, x):
        mantissa, exponent = ctx.backend.frexp(x)
        ctx.mark_non_differentiable(exponent)
        ctx.save_for_backward(exponent)
        return mantissa, exponent

    @staticmethod
    def backward(ctx, g, _):
        be = ctx.backend
        (exponent,) = ctx.saved_tensors
        dtype = _dtype.from_native(g.dtype)
        wide = _dtype.opmath(dtype)
        grad = be.div(g, be.exp2(be.astype(exponent, wide)))
        return grad if wide is dtype else be.astype(grad, dtype)


def frexp(input):
    """Decomposes ``input`` into mantissa and exponent: ``input = mantissa * 2 ** exponent``
    with ``|mantissa|`` in [0.5, 1) (0, inf and NaN keep their value, exponent 0).

    Args:
        input (Tensor): a floating-point tensor.

    Returns:
        tuple: ``(mantissa, exponent)``, the mantissa in ``input``'s dtype (differentiable:
        ``grad / 2 ** exponent``), the exponent int32.

    Raises:
        RuntimeError: ``input`` is not floating-point.

    >>> import tinytorch
    >>> m, e = tinytorch.frexp(tinytorch.tensor([8.0, 0.3, -5.0]))
    >>> m, e
    (tensor([ 0.5000,  0.6000, -0.6250]), tensor([ 4, -1,  3], dtype=tinytorch.int32))
    """
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    return FrexpResult(*Frexp.apply(input))


def _weights(name, w, n, integral):
    if w.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.ndim} dimensions")
    if integral != (not w.dtype.is_floating_point and w.dtype is not _dtype.bool_):
        kind = "integral" if integral else "floating point"
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{_dtype.SCALAR_TYPE_NAMES[w.dtype]} dtype")
    if w.numel() != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {n}")
    if n and bool(compare.lt(reduction.amin(w), 0)):
        raise RuntimeError(f"cov(): {name} cannot be negative")
    return w


def cov(input, *, correction=1, fweights=None, aweights=None):
    """Estimates the covariance matrix of the variables in the rows of ``input`` (columns are
    observations), as ``numpy.cov`` with ``rowvar=True``.

    Args:
        input (Tensor): a 1-D (one variable) or 2-D tensor.

    Keyword args:
        correction (int): the difference between the sample size and the divisor (Bessel's
            correction, 1, by default; 0 for the population covariance).
        fweights (Tensor, optional): integer frequency weights, one per observation.
        aweights (Tensor, optional): floating-point observation weights.

    Returns:
        Tensor: the (variables x variables) covariance matrix (0-d for one variable).

    Raises:
        RuntimeError: ``input`` has more than 2 dims, or a weight has the wrong dtype, size or
            a negative entry (PyTorch's messages). Warns when the degrees of freedom are <= 0.

    >>> x = tinytorch.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])
    >>> tinytorch.cov(x)
    tensor([[ 1., -1.],
            [-1.,  1.]])
    """
    if input.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.ndim} dimensions")
    obs = shape.reshape(input, (1, -1)) if input.ndim < 2 else input
    n = obs.shape[1]
    w = None if fweights is None else _weights("fweights", fweights, n, True)
    if aweights is not None:
        aw = _weights("aweights", aweights, n, False)
        w = aw if w is None else arithmetic.mul(w, aw)
    w_sum = n if w is None else reduction.sum(w)
    weighted = obs if w is None else arithmetic.mul(obs, w)
    avg = arithmetic.div(reduction.sum(weighted, 1), w_sum)
    if w is not None and correction != 0 and aweights is not None:
        norm = arithmetic.sub(w_sum, arithmetic.div(
            arithmetic.mul(reduction.sum(arithmetic.mul(w, aweights)), correction), w_sum))
    else:
        norm = w_sum - correction
    if bool(compare.le(norm, 0) if is_tensor(norm) else norm <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less "
                      "than the number of observations.", UserWarning, stacklevel=2)
        norm = 0
    centred = arithmetic.sub(obs, shape.unsqueeze(avg, 1))
    other = centred if w is None else arithmetic.mul(centred, w)
    c = linalg.matmul(centred, shape.transpose(other, 0, 1))
    return shape.squeeze(arithmetic.div(c, norm))


def corrcoef(input):
    """The Pearson correlation coefficients of the variables in the rows of ``input``:
    :func:`cov` divided by the outer product of the standard deviations, clipped to [-1, 1].

    Args:
        input (Tensor): a 1-D or 2-D tensor (variables in rows, observations in columns).

    Returns:
        Tensor: the correlation matrix.

    >>> x = tinytorch.tensor([[0.0, 1.0, 2.0], [2.0, 1.0, 0.5]])
    >>> tinytorch.corrcoef(x)
    tensor([[ 1.0000, -0.9820],
            [-0.9820,  1.0000]])
    """
    c = cov(input)
    if c.ndim == 0:
        return arithmetic.div(c, c)
    std = pointwise.sqrt(diagonal(c))
    c = arithmetic.div(arithmetic.div(c, shape.unsqueeze(std, 1)), shape.unsqueeze(std, 0))
    return pointwise.clamp(c, -1, 1)


def _trapezoid_args(y, x, dx, name):
    if x is not None and dx is not None or x is not None and not is_tensor(x):
        given = ", ".join(["Tensor"] + ([type(x).__name__ if not is_tensor(x) else "Tensor"]
                                        if x is not None else []) + (
            [f"dx={type(dx).__name__}"] if dx is not None else []))
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({given}), but expected one of:\n"
                        f" * (Tensor y, Tensor x, *, int dim = -1)\n"
                        f" * (Tensor y, *, Number dx = 1, int dim = -1)")
    if y.dtype is _dtype.bool_ or x is not None and x.dtype is _dtype.bool_:
        which = "`y`" if x is None else "`x` or `y`"
        raise RuntimeError(f"{name}: received a bool input for {which}, but bool is not "
                           "supported")
    return 1 if dx is None else (dx.item() if is_tensor(dx) else dx)


def _spacing(y, x, dim, name):
    """The widths between samples along ``dim`` of ``y``: x's differences, broadcast."""
    if x.ndim == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        return shape.reshape(_diff(x, 0), (-1,) + (1,) * (y.ndim - 1 - dim))
    return _diff(x, dim)


def _diff(x, dim):
    """x[1:] - x[:-1] along ``dim``."""
    n = x.shape[dim]
    return arithmetic.sub(narrow(x, dim, 1, n - 1), narrow(x, dim, 0, n - 1))


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """Integrates ``y`` along ``dim`` by the trapezoidal rule, with samples at ``x`` or
    spaced ``dx`` apart.

    Args:
        y (Tensor): the values.
        x (Tensor, optional): the sample points: 1-D (one per sample along ``dim``) or of
            ``y``'s shape.

    Keyword args:
        dx (float): the spacing when ``x`` is not given. Default: 1.
        dim (int): the dimension to integrate along. Default: -1.

    Returns:
        Tensor: ``y`` with ``dim`` reduced.

    Raises:
        TypeError: both ``x`` and ``dx`` are given.
        RuntimeError: a 1-D ``x`` does not have one point per sample.

    >>> tinytorch.trapezoid(tinytorch.tensor([1.0, 2.0, 3.0]))
    tensor(4.)
    >>> tinytorch.trapezoid(tinytorch.tensor([1.0, 2.0, 3.0]), tinytorch.tensor([0.0, 1.0, 3.0]))
    tensor(6.5000)
    """
    step = _trapezoid_args(y, x, dx, "trapezoid")
    dim = wrap_dim(dim, y.ndim, "trapezoid")
    n = y.shape[dim]
    if n == 0:
        return reduction.sum(y, dim) if y.dtype.is_floating_point else \
            conversion.cast(reduction.sum(y, dim), _dtype.get_default_dtype())
    if x is None:  # PyTorch's (Σ y - (first + last) / 2) dx: integers summed in int64
        ends = arithmetic.add(select(y, dim, 0), select(y, dim, -1))
        return arithmetic.mul(arithmetic.sub(reduction.sum(y, dim), ends * 0.5), step)
    pairs = arithmetic.add(narrow(y, dim, 1, n - 1), narrow(y, dim, 0, n - 1))
    areas = arithmetic.mul(_spacing(y, x, dim, "trapezoid"), pairs)
    return arithmetic.div(reduction.sum(areas, dim), 2)


def trapz(y, x=None, *, dx=None, dim=-1):
    """Alias of :func:`trapezoid`.

    Args:
        y (Tensor): the values.
        x (Tensor, optional): the sample points.

    Keyword args:
        dx (float): the spacing when ``x`` is not given. Default: 1.
        dim (int): the dimension to integrate along. Default: -1.

    Returns:
        Tensor: ``y`` with ``dim`` reduced.

    >>> tinytorch.trapz(tinytorch.tensor([1.0, 2.0, 3.0]), dx=2)
    tensor(8.)
    """
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoidal-rule integral of ``y`` along ``dim`` (one value fewer than
    samples), with samples at ``x`` or spaced ``dx`` apart.

    Args:
        y (Tensor): the values.
        x (Tensor, optional): the sample points, as for :func:`trapezoid`.

    Keyword args:
        dx (float): the spacing when ``x`` is not given. Default: 1.
        dim (int): the dimension to integrate along. Default: -1.

    Returns:
        Tensor: ``y``'s shape with ``dim`` one shorter.

    Raises:
        TypeError: both ``x`` and ``dx`` are given.
        RuntimeError: a 1-D ``x`` does not have one point per sample.

    >>> tinytorch.cumulative_trapezoid(tinytorch.tensor([1.0, 2.0, 3.0]))
    tensor([1.5000, 4.0000])
    """
    step = _trapezoid_args(y, x, dx, "cumulative_trapezoid")
    dim = wrap_dim(dim, y.ndim, "cumulative_trapezoid")
    n = y.shape[dim]
    if n == 0:
        return _float(y)
    pairs = arithmetic.add(narrow(y, dim, 1, n - 1), narrow(y, dim, 0, n - 1))
    if x is None:
        return reduction.cumsum(arithmetic.mul(_float(pairs), step / 2), dim)
    areas = arithmetic.mul(_spacing(y, x, dim, "cumulative_trapezoid"), pairs)
    return reduction.cumsum(arithmetic.div(areas, 2), dim)


def _float(t):
    return t if t.dtype.is_floating_point else conversion.cast(t, _dtype.get_default_dtype())


HistogramResult = return_type("histogram", ["hist", "bin_edges"])


def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """A histogram of the values of ``input``: ``bins`` equal bins over ``range`` (default:
    the values' minimum to maximum), or the bin edges ``bins`` themselves. A bin holds
    ``left <= x < right``; the last also its right edge. Not differentiable.

    Args:
        input (Tensor): floating-point values (flattened).
        bins (int or Tensor): the number of bins, or the edges (same dtype as ``input``).
            Default: 100.

    Keyword args:
        range (tuple of float, optional): the lower and upper edge.
        weight (Tensor, optional): a weight per value (same shape and dtype as ``input``).
        density (bool): divide by the total and the bin widths, so the histogram integrates
            to 1. Default: False.

    Returns:
        tuple: ``(hist, bin_edges)``.

    Raises:
        NotImplementedError: ``input`` is not floating-point.
        RuntimeError: ``bins`` <= 0, a range that is reversed or not finite, or dtypes that
            differ (PyTorch's messages).

    >>> h = tinytorch.histogram(tinytorch.tensor([1.0, 2.0, 1.0]), bins=4, range=(0.0, 3.0))
    >>> h.hist
    tensor([0., 2., 1., 0.])
    >>> h.bin_edges
    tensor([0.0000, 0.7500, 1.5000, 2.2500, 3.0000])
    """
    if not input.dtype.is_floating_point:
        not_implemented_for("histogramdd", input)
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"torch.histogramdd: if weight tensor is provided, input tensor and "
                           f"weight tensor should have the same dtype, but got "
                           f"input({_dtype.C_TYPE_NAMES[input.dtype]}), and "
                           f"weight({_dtype.C_TYPE_NAMES[weight.dtype]})")
    edges = bins if is_tensor(bins) else _uniform_edges(input, int(bins), range)
    if edges.dtype is not input.dtype:
        raise RuntimeError(f"torch.histogramdd: input tensor and bins tensors should have the "
                           f"same dtype, but got input with dtype "
                           f"{_dtype.C_TYPE_NAMES[input.dtype]} and bins for dimension 0 with "
                           f"dtype {_dtype.C_TYPE_NAMES[edges.dtype]}")
    x = shape.reshape(input, (-1,))
    n_bins = edges.shape[0] - 1
    # bin i holds edges[i] <= x < edges[i + 1]; the last also holds its right edge
    index = arithmetic.sub(counting.searchsorted(edges, x, right=True), 1)
    index = arithmetic.where(compare.eq(x, edges[-1]), n_bins - 1, index)
    inside = compare.logical_and(compare.ge(x, edges[0]), compare.le(x, edges[-1]))
    w = _creation.ones_like(x) if weight is None else shape.reshape(weight, (-1,))
    w = arithmetic.where(inside, w, 0)
    index = arithmetic.where(inside, index, 0)
    hist = conversion.cast(counting.bincount(index, w, n_bins), input.dtype)
    if density:  # no value in range: 0 / 0, NaN (as PyTorch), without NumPy's warning
        scale = arithmetic.mul(reduction.sum(hist), _diff(edges, 0))
        empty = compare.eq(scale, 0)
        hist = arithmetic.where(empty, math.nan,
                                arithmetic.div(hist, arithmetic.where(empty, 1, scale)))
    return HistogramResult(hist, edges.clone() if edges is bins else edges)  # a copy, as torch


def _uniform_edges(input, bins, range):
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           f"dimension 0")
    if range is not None:
        low, high = float(range[0]), float(range[1])
    elif input.numel():
        low, high = reduction.amin(input).item(), reduction.amax(input).item()
    else:  # PyTorch's outer edges of no data
        low, high = 0.0, 1.0
    if low > high:
        raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min "
                           f"{_g(low)} max {_g(high)} for dimension 0")
    if low != low or high != high or abs(low) == float("inf") or abs(high) == float("inf"):
        raise RuntimeError(f"torch.histogramdd: dimension 0's range [{_g(low)}, {_g(high)}] "
                           f"is not finite")
    if low == high:
        low, high = low - 0.5, high + 0.5
    return _creation.linspace(low, high, bins + 1, dtype=input.dtype, device=input.device)


def _g(value):
    """A float as C++'s ``<<`` prints it (PyTorch's messages): 2 for 2.0, 0.5 for 0.5."""
    return f"{value:g}"
