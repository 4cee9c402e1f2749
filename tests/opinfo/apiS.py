"""Op database entries for apiS: ``gradient`` (tinytorch/_ops/gradient.py) and the modified
Bessel functions (tinytorch/_ops/math_bessel.py; the references are the power series),
``nextafter``, ``as_strided`` (tinytorch/_ops/strided.py) and ``index_reduce``
(tinytorch/_ops/scatter_reduce.py)."""

import warnings

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import binary
from tests.opinfo import floats
from tests.opinfo.core import _t
from tests.opinfo.core import _torch
from tests.opinfo.core import away_from_zero
from tests.opinfo.core import unary_of
from tests.opinfo.tensG import np_scatter_reduce


# --- gradient ---------------------------------------------------------------------------------
@st.composite
def gradient_sample(draw):
    """Values with every side >= edge_order + 1, the dims (all, one, or a list), and spacing as
    the default, a number, numbers per dim, or coordinates per dim (positional arrays, so
    gradcheck differentiates them too; steps of at least 0.3)."""
    edge_order = draw(st.sampled_from([1, 2]))
    shape = tuple(draw(st.lists(st.integers(edge_order + 1, 4), min_size=1, max_size=3)))
    x = draw(floats(shape))
    kind = draw(st.sampled_from(["all", "one", "list"]))
    dims = list(range(len(shape))) if kind == "all" else (
        [draw(st.integers(-len(shape), len(shape) - 1))] if kind == "one"
        else draw(st.permutations(range(len(shape)))))
    kwargs = {"edge_order": edge_order}
    if kind != "all":
        kwargs["dim"] = dims[0] if kind == "one" else dims
    spacing = draw(st.sampled_from(["none", "number", "numbers", "coordinates"]))
    coords = ()
    if spacing == "number":
        kwargs["spacing"] = draw(st.floats(0.5, 2))
    elif spacing == "numbers" and kind != "one":
        kwargs["spacing"] = [draw(st.floats(0.5, 2)) for _ in dims]
    elif spacing == "coordinates":
        coords = tuple(np.cumsum(draw(floats((shape[d],), 0.3, 2))) for d in dims)
    return Sample((x,) + coords, kwargs)


def _gradient(lib):
    def call(x, *coords, **kwargs):
        if coords:
            kwargs["spacing"] = list(coords)
        return tuple(lib().gradient(x, **kwargs))
    return call


def _np_gradient(x, *coords, spacing=1.0, dim=None, edge_order=1):
    dims = list(range(x.ndim)) if dim is None else [dim] if isinstance(dim, int) else dim
    steps = list(coords) if coords else (
        spacing if isinstance(spacing, list) else [spacing] * len(dims))
    out = np.gradient(x, *steps, axis=tuple(dims), edge_order=edge_order)
    return tuple(out) if len(dims) > 1 else (out,)


def _gradient_error(shape, kwargs, match, exc=RuntimeError, dtype=None):
    return ErrorCase(lambda d: ((_t(*shape, dtype=dtype, device=d),), kwargs), exc, match)


_GRADIENT_ERRORS = [
    _gradient_error((3, 3), {"edge_order": 3},
                    r"torch.gradient only supports edge_order=1 and edge_order=2\."),
    _gradient_error((3, 3), {"spacing": [1.0, 2.0, 3.0]},
                    r"expected spacing to be unspecified, a scalar, or a list of length equal "
                    r"to 'self.dim\(\) = 2', since dim argument was not given, but got a list "
                    r"of length 3"),
    _gradient_error((3, 3), {"spacing": [1.0], "dim": [0, 1]},
                    r"but got a spacing argument of length 1 and a dim argument of length 2\."),
    _gradient_error((3, 3), {"dim": 5}, r"Dimension out of range \(expected to be in range of "
                                        r"\[-2, 1\], but got 5\)", IndexError),
    _gradient_error((3, 3), {"dim": [0, 0]}, "dim 0 appears multiple times in the list of dims"),
    _gradient_error((1, 3), {}, "torch.gradient expected each dimension size to be at least "
                                r"edge_order\+1"),
    _gradient_error((3,), {}, r"torch.gradient does not support uint8 input\.",
                    dtype=tinytorch.uint8),
    ErrorCase(lambda d: ((_t(3, device=d),), {"spacing": _t(3, device=d)}), TypeError,
              r"gradient\(\) received an invalid combination of arguments - got \(Tensor, "
              r"spacing=Tensor\)"),
    ErrorCase(lambda d: ((_t(3, device=d),), {"spacing": [_t(3, 1, device=d)]}), RuntimeError,
              "torch.gradient expected each element of spacing to have one dimension, but got "
              "an element with 2 dimensions!"),
]


# --- Bessel functions -------------------------------------------------------------------------
def _np_bessel(order, scaled):
    """I0 or I1 by their power series (all terms to 1e-17 for |x| <= 12), optionally
    scaled by e^-|x|."""
    def ref(x):
        q = (x / 2) ** 2
        term = np.ones_like(x) if order == 0 else x / 2
        total = term.copy()
        for k in range(1, 60):
            term = term * q / (k * (k + order))
            total = total + term
        return total * np.exp(-np.abs(x)) if scaled else total
    return ref


def _bessel(name, fn, torch_name, order, scaled):
    """Scaled forms have a kink at 0 (e^-|x|): samples keep off it."""
    elements = away_from_zero(0.1, 12) if scaled else st.floats(-12, 12)
    return OpInfo(name, fn, _np_bessel(order, scaled), unary_of(elements),
                  lambda x: _torch().special.__dict__[torch_name](x), gradgrad=True,
                  rtol=1e-9)


OPS = [
    OpInfo("gradient", _gradient(lambda: tinytorch), _np_gradient, gradient_sample(),
           _gradient(_torch), gradgrad=True, errors=_GRADIENT_ERRORS),
    _bessel("i0", tinytorch.i0, "i0", 0, False),
    _bessel("special.i0e", tinytorch.special.i0e, "i0e", 0, True),
    _bessel("special.i1", tinytorch.special.i1, "i1", 1, False),
    _bessel("special.i1e", tinytorch.special.i1e, "i1e", 1, True),
    # no ties in the samples (the gradient jumps to 0 there); tests/_ops/test_apiS.py has them
    OpInfo("nextafter", tinytorch.nextafter, np.nextafter, binary(-3.0, 0.0, 0.5, 3.0),
           lambda a, b: _torch().nextafter(a, b),
           errors=[ErrorCase(lambda d: ((_t(2, device=d), 2.0), {}), TypeError,
                             r"nextafter\(\): argument 'other' \(position 2\) must be Tensor, "
                             "not float"),
                   ErrorCase(lambda d: ((_t(2, dtype=tinytorch.int64, device=d),
                                         _t(2, dtype=tinytorch.int64, device=d)), {}),
                             NotImplementedError,
                             "\"nextafter_\\w*\" not implemented for 'Long'")]),
    OpInfo("i0_int", tinytorch.i0, lambda x: _np_bessel(0, False)(x.astype(np.float64)),
           unary_of(st.integers(-9, 9), dtype=np.int64), lambda x: _torch().i0(x)),
]


# --- as_strided -----------------------------------------------------------------------------
@st.composite
def as_strided_sample(draw):
    """A 2-D input, taken as it is or transposed (a view whose storage is the original), and
    a layout inside its storage: sizes and strides from 0 (overlapping elements) up, an
    offset or None."""
    m, k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ndim = draw(st.integers(0, 3))
    size = tuple(draw(st.integers(0, 3)) for _ in range(ndim))
    stride = tuple(draw(st.integers(0, 3)) for _ in range(ndim))
    extent = sum((n - 1) * s for n, s in zip(size, stride)) if 0 not in size else -1
    if extent >= m * k:
        size, stride, extent = (), (), 0  # a 0-d view of the first element
    offset = draw(st.one_of(st.none(), st.integers(0, m * k - 1 - max(extent, 0))))
    kwargs = {"size": size, "stride": stride, "storage_offset": offset,
              "transpose": draw(st.booleans())}
    return Sample((draw(floats((m, k))),), kwargs)


def _as_strided(x, size, stride, storage_offset=None, transpose=False):
    return (x.t() if transpose else x).as_strided(size, stride, storage_offset)


def _np_as_strided(x, size, stride, storage_offset, transpose):
    flat = np.ascontiguousarray(x).reshape(-1)
    start = 0 if storage_offset is None else storage_offset
    pos = np.full(size, start, np.int64)
    for axis, (n, s) in enumerate(zip(size, stride)):
        view = [1] * len(size)
        view[axis] = n
        pos = pos + (np.arange(n) * s).reshape(view)
    return flat[pos]


OPS += [
    OpInfo("as_strided", _as_strided, _np_as_strided, as_strided_sample(), _as_strided,
           errors=[ErrorCase(lambda d: ((_t(3, 4, device=d),), {"size": (5, 5), "stride": (4, 1)}),
                             RuntimeError, r"setStorage: sizes \[5, 5\], strides \[4, 1\], "
                             r"storage offset 0, and itemsize 4 requiring a storage size of 84 "
                             r"are out of bounds for storage of size 48"),
                   ErrorCase(lambda d: ((_t(3, device=d),), {"size": (2, 2), "stride": (1,)}),
                             RuntimeError, "mismatch in length of strides and shape"),
                   ErrorCase(lambda d: ((_t(3, device=d),), {"size": (2,), "stride": (-1,)}),
                             RuntimeError, r"as_strided: Negative strides are not supported at "
                             r"the moment, got strides: \[-1\]"),
                   ErrorCase(lambda d: ((_t(3, device=d),), {"size": (2,), "stride": (1,),
                                                             "storage_offset": -1}),
                             RuntimeError, "Tensor: invalid storage offset -1"),
                   ErrorCase(lambda d: ((_t(3, device=d),), {"size": (2,), "stride": (1,),
                                                             "storage_offset": 1.5}),
                             TypeError, r"as_strided\(\): argument 'storage_offset' "
                             r"\(position 4\) must be int, not float")],
           gradgrad=False),  # its backward's scatter into zeros has no differentiable form
]


# --- index_reduce ---------------------------------------------------------------------------
@st.composite
def index_reduce_sample(draw, reduce):
    """input, a 1-D int64 index (repeats likely) and source; values distinct (ties have no
    derivative for amax/amin), away from 0 for prod."""
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    source_shape = list(shape)
    source_shape[dim] = draw(st.integers(0, 4))
    n = int(np.prod(shape)) + int(np.prod(source_shape))
    values = draw(hnp.arrays(np.float64, n, elements=st.floats(0.3, 2.0), unique=True))
    values = values * draw(hnp.arrays(np.float64, n, elements=st.sampled_from([-1.0, 1.0])))
    x, src = values[:int(np.prod(shape))].reshape(shape), values[int(np.prod(shape)):]
    index = draw(hnp.arrays(np.int64, source_shape[dim], elements=st.integers(
        0, shape[dim] - 1)))
    return Sample((x, index, src.reshape(source_shape)),
                  {"dim": dim, "reduce": reduce, "include_self": draw(st.booleans())})


def _spread(index, src, dim):
    view = [1] * src.ndim
    view[dim] = -1
    return np.broadcast_to(index.reshape(view), src.shape)


def _index_reduce(lib):
    def call(x, index, src, dim, reduce, include_self):
        with warnings.catch_warnings():  # PyTorch: "index_reduce() is in beta ..."
            warnings.simplefilter("ignore", UserWarning)
            return lib().index_reduce(x, dim, index, src, reduce, include_self=include_self)
    return call


def _np_index_reduce(x, index, src, dim, reduce, include_self):
    return np_scatter_reduce(x, _spread(index, src, dim), src, dim, reduce, include_self)


def _index_reduce_error(make, exc, match):
    return ErrorCase(lambda d: (make(d), {"dim": 0, "reduce": "prod", "include_self": True}),
                     exc, match)


OPS += [
    OpInfo(f"index_reduce_{reduce}", _index_reduce(lambda: tinytorch), _np_index_reduce,
           index_reduce_sample(reduce), _index_reduce(_torch), errors=[] if reduce != "prod" else [
               ErrorCase(lambda d: ((_t(3, device=d), tinytorch.tensor([0], device=d),
                                     _t(1, device=d)), {"dim": 0, "reduce": "sum",
                                                        "include_self": True}),
                         RuntimeError, "index_reduce\\(\\): Expected reduce to be one of prod, "
                         "mean, amax or amin but got sum."),
               _index_reduce_error(lambda d: (_t(3, device=d), tinytorch.tensor([5], device=d),
                                              _t(1, device=d)),
                                   IndexError, "index out of range in self"),
               _index_reduce_error(lambda d: (_t(5, 3, device=d), tinytorch.tensor([0], device=d),
                                              _t(1, 2, device=d)),
                                   RuntimeError, "source tensor shape must match self tensor "
                                   "shape, excluding the specified dimension. Got self.shape = "
                                   "\\[5, 3\\] source.shape = \\[1, 2\\]"),
               _index_reduce_error(lambda d: (_t(3, device=d), tinytorch.tensor([0, 1], device=d),
                                              _t(1, device=d)),
                                   RuntimeError, "index_reduce_\\(\\): Number of indices \\(2\\) "
                                   "should be equal to source.size\\(dim\\): \\(1\\), for dim: 0")])
    for reduce in ("prod", "mean", "amax", "amin")
]
