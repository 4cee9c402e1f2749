"""Op database entries for cov, corrcoef, trapezoid, trapz, cumulative_trapezoid, histogram
and frexp (tinytorch/_ops/math_numeric.py) and gcd, lcm (tinytorch/_ops/compare.py)."""

import itertools
import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import shapes


def _torch():
    import torch
    return torch


def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, device=d, dtype=dtype)


def _err(make, exc, match, **kwargs):
    return ErrorCase(lambda d: (make(d), kwargs), exc, match)


# --- cov / corrcoef ------------------------------------------------------------------------------
@st.composite
def cov_sample(draw, weights=True):
    """1-D or 2-D observations (at least 3, so the degrees of freedom stay > 0), a
    correction of 0 or 1, and optional frequency and observation weights. Without weights
    (corrcoef's samples) each variable's values are distinct quarters: a variance of 0 makes
    the correlation 0 / 0."""
    rows = draw(st.sampled_from([None, 1, 2, 3]))
    n = draw(st.integers(3, 6))
    if weights:
        x = draw(floats((n,) if rows is None else (rows, n), -3, 3))
    else:
        quarters = st.lists(st.integers(-12, 12), min_size=n, max_size=n, unique=True)
        x = np.array([draw(quarters) for _ in range(rows or 1)], np.float64) / 4
        x = x[0] if rows is None else x
    kwargs = {"correction": draw(st.sampled_from([0, 1]))}
    if weights and draw(st.booleans()):
        kwargs["fweights"] = np.array(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    if weights and draw(st.booleans()):
        kwargs["aweights"] = draw(floats((n,), 0.5, 2.0))
    return Sample((x,), kwargs)


def _np_cov(x, correction=1, fweights=None, aweights=None):
    return np.cov(x, ddof=correction, fweights=fweights, aweights=aweights)


def _kw_tensors(fn, lib):
    """``fn`` with array keyword arguments turned into ``lib`` tensors (weights)."""
    def call(*args, **kwargs):
        device = args[0].device
        kwargs = {k: v if not isinstance(v, np.ndarray) else lib.tensor(
            v, device=device, dtype=args[0].dtype if v.dtype.kind == "f" else None)
            for k, v in kwargs.items()}
        return fn(*args, **kwargs)
    return call


def _cov_errors():
    two_by_three = (lambda d: _t(d, 2, 3))
    return [
        _err(lambda d: (_t(d, 2, 2, 2),), RuntimeError, r"cov\(\): expected input to have two "
             "or fewer dimensions but got an input with 3 dimensions"),
        ErrorCase(lambda d: ((two_by_three(d),), {"fweights": _t(d, 3)}), RuntimeError,
                  r"cov\(\): expected fweights to have integral dtype but got fweights with "
                  "Float dtype"),
        ErrorCase(lambda d: ((two_by_three(d),), {"fweights": tinytorch.tensor([1, -2, 1],
                                                                               device=d)}),
                  RuntimeError, r"cov\(\): fweights cannot be negative"),
        ErrorCase(lambda d: ((two_by_three(d),), {"aweights": _t(d, 2)}), RuntimeError,
                  r"cov\(\): expected aweights to have the same numel as there are observations "
                  "in the input but got 2 != 3"),
    ]


# --- trapezoid -----------------------------------------------------------------------------------
@st.composite
def trapezoid_sample(draw, cumulative=False):
    """y of 1 to 3 dims (at least one sample along dim), and x (1-D or y's shape), dx or
    neither."""
    shape = draw(shapes(1, 3, 1, 4))
    y = draw(floats(shape))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    kind = draw(st.sampled_from(["none", "dx", "x1", "xfull"]))
    if kind == "dx":
        return Sample((y,), {"dx": draw(st.floats(0.25, 2.0)), "dim": dim})
    if kind == "x1":
        return Sample((y, np.sort(draw(floats((shape[dim],))))), {"dim": dim})
    if kind == "xfull":
        return Sample((y, draw(floats(shape))), {"dim": dim})
    return Sample((y,), {"dim": dim})


def _np_trapezoid(y, x=None, dx=None, dim=-1):
    if x is not None and x.ndim == 1:
        return np.trapezoid(y, x, axis=dim)
    return np.trapezoid(y, x, dx=1.0 if dx is None else dx, axis=dim)


def _np_cumulative_trapezoid(y, x=None, dx=None, dim=-1):
    y = np.moveaxis(y, dim, -1)
    if x is None:
        widths = 1.0 if dx is None else dx
    elif x.ndim == 1:
        widths = np.diff(x)
    else:
        widths = np.diff(np.moveaxis(x, dim, -1), axis=-1)
    areas = widths * (y[..., 1:] + y[..., :-1]) / 2
    return np.moveaxis(np.cumsum(areas, axis=-1), -1, dim)


def _trapezoid_errors(name):
    fn = getattr(tinytorch, name)
    return [
        _err(lambda d: (_t(d, 2, 3), _t(d, 2)), RuntimeError,
             f"{name}: There must be one `x` value for each sample point"),
        ErrorCase(lambda d: ((_t(d, 3), _t(d, 3)), {"dx": 2.0}), TypeError,
                  rf"{name}\(\) received an invalid combination of arguments"),
    ] if fn else []


# --- histogram -----------------------------------------------------------------------------------
@st.composite
def histogram_sample(draw):
    """Values on a coarse grid (so some sit on bin edges), bins a count (with or without a
    range) or sorted edges, optional weights, density."""
    x = draw(hnp.arrays(np.float64, draw(shapes(1, 2, 1, 5)),
                        elements=st.sampled_from([-1.0, 0.0, 0.25, 0.5, 1.0, 2.0])))
    kwargs = {"density": draw(st.booleans())}
    if draw(st.booleans()):
        kwargs["weight"] = draw(floats(x.shape, 0.5, 2.0))
    if draw(st.booleans()):
        edges = np.unique(draw(st.lists(st.sampled_from([-1.5, -0.5, 0.0, 0.5, 1.0, 3.0]),
                                        min_size=2, max_size=5, unique=True)))
        return Sample((x, edges), kwargs)
    kwargs["bins"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        kwargs["range"] = (-1.0, 2.0)
    return Sample((x,), kwargs)


def _np_histogram(x, bins=None, weight=None, density=False, range=None):
    if bins is None:
        raise TypeError("bins")
    hist, edges = np.histogram(x, bins, range=range, weights=weight)
    if density:
        total = hist.sum()
        hist = hist / (total * np.diff(edges)) if total else hist * math.nan
    return hist.astype(x.dtype), edges


def _histogram(x, *rest, weight=None, **kwargs):
    if weight is not None:
        weight = tinytorch.tensor(weight, dtype=x.dtype, device=x.device)
    return tuple(tinytorch.histogram(x, *rest, weight=weight, **kwargs))


def _torch_histogram(x, *rest, weight=None, **kwargs):
    torch = _torch()
    if weight is not None:
        weight = torch.tensor(weight, dtype=x.dtype)
    return tuple(torch.histogram(x, *rest, weight=weight, **kwargs))


def _histogram_ref(x, *rest, **kwargs):
    if rest:
        kwargs["bins"] = rest[0]
    return _np_histogram(x, **kwargs)


def _histogram_errors():
    return [
        _err(lambda d: (tinytorch.tensor([1, 2], device=d),), NotImplementedError,
             "\"histogramdd\" not implemented for 'Long'", bins=2),
        _err(lambda d: (_t(d, 3),), RuntimeError, r"torch.histogram\(\): bins must be > 0, "
             "but got 0 for dimension 0", bins=0),
        _err(lambda d: (_t(d, 3),), RuntimeError, "torch.histogramdd: min should not exceed "
             "max, but got min 2 max 1 for dimension 0", bins=2, range=(2.0, 1.0)),
        _err(lambda d: (_t(d, 3), _t(d, 3, dtype=tinytorch.float64)), RuntimeError,
             "torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
             "got input with dtype float and bins for dimension 0 with dtype double"),
    ]


# --- frexp, gcd, lcm ------------------------------------------------------------------------------
# the mantissa jumps at 0 and at every power of two: finite differences must not straddle one
_AWAY_FROM_JUMPS = st.floats(-1e6, 1e6, width=64).filter(
    lambda v: abs(v) > 1e-3 and abs(math.log2(abs(v)) - round(math.log2(abs(v)))) > 1e-3)


def _frexp(x):
    return tuple(tinytorch.frexp(x))


def _np_frexp(x):
    m, e = np.frexp(x)
    return m, e.astype(np.int32)


@st.composite
def integer_pair(draw):
    shapes_ab = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2))
    shape_a, shape_b = shapes_ab.input_shapes
    ints = st.integers(-60, 60)
    return Sample((draw(hnp.arrays(np.int64, shape_a, elements=ints)),
                   draw(hnp.arrays(np.int64, shape_b, elements=ints))))


def _integer_errors(name):
    return [
        _err(lambda d: (tinytorch.tensor([4], device=d), 2), TypeError,
             rf"{name}\(\): argument 'other' \(position 2\) must be Tensor, not int"),
        _err(lambda d: (tinytorch.tensor([4], device=d), _t(d, 1)), NotImplementedError,
             rf"\"{name}_\w+\" not implemented for 'Float'"),
        _err(lambda d: (tinytorch.tensor([True], device=d),) * 2, NotImplementedError,
             rf"\"{name}_\w+\" not implemented for 'Bool'"),
    ]


OPS = [
    OpInfo("cov", _kw_tensors(tinytorch.cov, tinytorch), _np_cov, cov_sample(),
           lambda x, **kw: _kw_tensors(_torch().cov, _torch())(x, **kw), gradgrad=True,
           errors=_cov_errors()),
    OpInfo("corrcoef", tinytorch.corrcoef, lambda x, **kw: np.corrcoef(x),
           cov_sample(weights=False).map(lambda s: Sample(s.args)),
           lambda x: _torch().corrcoef(x), rtol=1e-9),
    OpInfo("trapezoid", tinytorch.trapezoid, _np_trapezoid, trapezoid_sample(),
           lambda *a, **kw: _torch().trapezoid(*a, **kw), gradgrad=True,
           errors=_trapezoid_errors("trapezoid")),
    OpInfo("trapz", tinytorch.trapz, _np_trapezoid,
           trapezoid_sample().filter(lambda s: "dx" not in s.kwargs),
           lambda *a, **kw: _torch().trapz(*a, **kw)),
    OpInfo("cumulative_trapezoid", tinytorch.cumulative_trapezoid, _np_cumulative_trapezoid,
           trapezoid_sample(), lambda *a, **kw: _torch().cumulative_trapezoid(*a, **kw),
           errors=_trapezoid_errors("cumulative_trapezoid")),  # cumsum: no double backward
    OpInfo("histogram", _histogram, _histogram_ref, histogram_sample(), _torch_histogram,
           grad=False, errors=_histogram_errors()),
    OpInfo("frexp", _frexp, _np_frexp, st.builds(
        lambda x: Sample((x,)), hnp.arrays(np.float64, shapes(0, 3), elements=_AWAY_FROM_JUMPS)),
           lambda x: tuple(_torch().frexp(x)),
           errors=[_err(lambda d: (tinytorch.tensor([1], device=d),), RuntimeError,
                        r"torch.frexp\(\) only supports floating-point dtypes")]),
    OpInfo("gcd", tinytorch.gcd, np.gcd, integer_pair(), lambda a, b: _torch().gcd(a, b),
           grad=False, errors=_integer_errors("gcd")),
    OpInfo("lcm", tinytorch.lcm, np.lcm, integer_pair(), lambda a, b: _torch().lcm(a, b),
           grad=False, errors=_integer_errors("lcm")),
]


# --- ctc_loss (tinytorch/_ops/nn_loss_ctc.py) ----------------------------------------------------
@st.composite
def ctc_sample(draw):
    """Logits (T, N, C) (the op takes their log_softmax, the input CTC expects: PyTorch's
    gradient formula is the gradient through it), padded labels (never the blank 0), each
    sample's input and target lengths (some too short to align: infinite losses), reduction
    and zero_infinity."""
    t, n, c = draw(st.integers(1, 6)), draw(st.integers(1, 3)), draw(st.integers(2, 4))
    s = draw(st.integers(0, 3))
    labels = draw(hnp.arrays(np.int64, (n, s), elements=st.integers(1, c - 1)))
    inputs = tuple(draw(st.integers(0, t)) for _ in range(n))
    targets = tuple(draw(st.integers(0, s)) for _ in range(n))
    return Sample((draw(floats((t, n, c))), labels),
                  {"input_lengths": inputs, "target_lengths": targets,
                   "reduction": draw(st.sampled_from(["none", "sum", "mean"])),
                   "zero_infinity": draw(st.booleans())})


def _np_ctc(x, labels, input_lengths, target_lengths, reduction, zero_infinity):
    """The CTC loss by enumerating every alignment (small T only)."""
    lp = x - np.log(np.exp(x).sum(2, keepdims=True))
    t_max, n, c = lp.shape
    losses = []
    for b in range(n):
        t, target = input_lengths[b], list(labels[b, :target_lengths[b]])
        total = 0.0
        for path in itertools.product(range(c), repeat=t):
            collapsed = [k for i, k in enumerate(path) if k != 0 and (i == 0 or path[i - 1] != k)]
            if collapsed == target:
                total += math.exp(sum(lp[i, b, k] for i, k in enumerate(path)))
        loss = -math.log(total) if total > 0 else math.inf
        losses.append(0.0 if zero_infinity and loss == math.inf else loss)
    losses = np.array(losses)
    if reduction == "mean":
        return np.array((losses / np.maximum(target_lengths, 1)).mean())
    return np.array(losses.sum()) if reduction == "sum" else losses


def _ctc(x, labels, *lengths, **kwargs):
    return tinytorch.nn.functional.ctc_loss(x.log_softmax(-1), labels, *lengths, **kwargs)


def _torch_ctc(x, labels, **kwargs):
    return _torch().nn.functional.ctc_loss(x.log_softmax(-1), labels, **kwargs)


def _ctc_errors():
    lp = (lambda d: _t(d, 4, 2, 3))
    labels = (lambda d: tinytorch.ones(2, 2, dtype=tinytorch.int64, device=d))
    return [
        ErrorCase(lambda d: ((lp(d), labels(d), (5, 4), (2, 2)), {}), RuntimeError,
                  "Expected input_lengths to have value at most 4, but got value 5"),
        ErrorCase(lambda d: ((lp(d), labels(d), (4, 4), (2, 2)), {"blank": 3}), RuntimeError,
                  "blank must be in label range"),
        ErrorCase(lambda d: ((lp(d), labels(d), (4, 4), (3, 2)), {}), RuntimeError,
                  "Expected tensor to have size at least 3 at dimension 1, but got size 2 "
                  "for argument #2 'targets'"),
        ErrorCase(lambda d: ((lp(d), labels(d), (4,), (2, 2)), {}), RuntimeError,
                  "input_lengths must be of size batch_size"),
        ErrorCase(lambda d: ((lp(d), labels(d), (4, 4), (2, 2)), {"reduction": "bad"}),
                  ValueError, "bad is not a valid value for reduction"),
    ]


OPS.append(OpInfo("ctc_loss", _ctc, _np_ctc, ctc_sample(), _torch_ctc,
                  errors=_ctc_errors(),
                  gradgrad=False))  # its backward kernel has no differentiable form
