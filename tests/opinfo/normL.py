"""Op database entries for normL's ``tinytorch.nn.functional`` functions: RMS norm (a fused op),
LP pooling and max unpooling (compositions). Their modules, gumbel_softmax and the lazy modules
are tested in tests/nn/test_normL_layers.py."""

import math

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.nn import TF


def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, device=d, dtype=dtype)


def _i(d, *shape, dtype=tinytorch.int64):
    return tinytorch.zeros(*shape, device=d, dtype=dtype)


# --- RMS norm -----------------------------------------------------------------------------------
@st.composite
def rms_norm_sample(draw):
    lead = draw(st.sampled_from([(), (2,), (3, 1), (0,)]))
    norm = draw(st.sampled_from([(4,), (2, 3), (1,)]))
    x = draw(floats(lead + norm))
    # every |x| >= 0.25, so the mean square dwarfs float32's eps (the default eps is the
    # tested dtype's, the float64 reference's its own: a single tiny element told them apart)
    x = np.where(np.abs(x) < 0.25, x + 0.5, x)
    w = draw(floats(norm, 0.5, 2)) if draw(st.booleans()) else None
    return Sample((x, norm, w), {"eps": draw(st.sampled_from([None, 1e-5, 0.5]))})


def _rms_norm_ref(x, normalized_shape, w, eps=None):
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    eps = np.finfo(x.dtype).eps if eps is None else eps
    y = x / np.sqrt((x * x).mean(axis=axes, keepdims=True) + eps)
    return y if w is None else y * w


# --- LP pooling ---------------------------------------------------------------------------------
@st.composite
def lp_pool_sample(draw, dims):
    p = draw(st.sampled_from([1, 2, 3.0, 1.5, math.inf, -math.inf]))
    spatial = tuple(draw(st.integers(2, 5)) for _ in range(dims))
    lead = draw(st.sampled_from([(1, 2), (2, 1), (2,)]))
    shape = lead + spatial
    # distinct magnitudes (a unique max |x|); positive where x^p needs it (p not 1, 2, ±inf)
    x = np.random.default_rng(draw(st.integers(0, 999))).permutation(math.prod(shape))
    x = (x.reshape(shape) + 1.0) / math.prod(shape) * 2.5 + 0.25
    if p in (1, 2, math.inf, -math.inf):
        x = x * np.where(np.arange(x.size).reshape(shape) % 3, 1.0, -1.0)
    kernel = tuple(draw(st.integers(1, n)) for n in spatial)
    kwargs = {"stride": None if draw(st.booleans()) else
              tuple(draw(st.integers(1, 3)) for _ in range(dims)),
              "ceil_mode": draw(st.booleans())}
    return Sample((x, p, kernel[0] if dims == 1 else kernel), kwargs)


def _windows(n, k, s, ceil_mode):
    """PyTorch's pooling windows (padding 0): the start and clipped end of each one."""
    out = (n - k + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n:
        out -= 1
    return [(i * s, min(i * s + k, n)) for i in range(out)]


def _lp_pool_ref(x, norm_type, kernel_size, stride=None, ceil_mode=False):
    kernel = (kernel_size,) if np.ndim(kernel_size) == 0 else tuple(kernel_size)
    dims = len(kernel)
    stride = kernel if stride is None else stride
    spatial = x.shape[x.ndim - dims:]
    grids = [_windows(n, k, s, ceil_mode) for n, k, s in zip(spatial, kernel, stride)]
    out = np.zeros(x.shape[:x.ndim - dims] + tuple(len(g) for g in grids))
    for pos in np.ndindex(*out.shape[x.ndim - dims:]):
        box = tuple(slice(*g[i]) for g, i in zip(grids, pos))
        block = x[(Ellipsis,) + box].reshape(x.shape[:x.ndim - dims] + (-1,))
        if norm_type in (math.inf, -math.inf):
            value = np.abs(block).max(-1) if norm_type > 0 else np.abs(block).min(-1)
        else:  # PyTorch's: the window's mean of x^p (in-bounds count), times the kernel size
            value = ((block ** norm_type).mean(-1) * math.prod(kernel)) ** (1 / norm_type)
        out[(Ellipsis,) + pos] = value
    return out


# --- max unpooling ------------------------------------------------------------------------------
@st.composite
def max_unpool_sample(draw, dims):
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    padding = tuple(draw(st.integers(0, (k - 1) // 2)) for k in kernel)
    spatial = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    out = [(n - 1) * s + k - 2 * p for n, k, s, p in zip(spatial, kernel, stride, padding)]
    kwargs = {"kernel_size": kernel[0] if dims == 1 and draw(st.booleans()) else kernel,
              "stride": None if stride == kernel else stride, "padding": padding}
    if draw(st.booleans()):  # another output size within a stride of the default
        out = [draw(st.integers(max(o - s + 1, 1), o + s - 1)) for o, s in zip(out, stride)]
        kwargs["output_size"] = out
    lead = draw(st.sampled_from([(1, 2), (2, 1), (2,)]))
    plane = math.prod(spatial)  # <= the output plane: each output size is >= the input's
    rng = np.random.default_rng(draw(st.integers(0, 999)))
    # distinct positions in each plane, as max pooling without overlapping windows gives
    idx = np.stack([rng.permutation(math.prod(out))[:plane] for _ in range(math.prod(lead))])
    return Sample((draw(floats(lead + spatial)), idx.reshape(lead + spatial)), kwargs)


def _unpool_out(x, kernel_size, stride, padding, output_size, dims):
    ntuple = (lambda v: (v,) * dims if np.ndim(v) == 0 else tuple(v))
    kernel, padding = ntuple(kernel_size), ntuple(padding)
    stride = kernel if stride is None else ntuple(stride)
    if output_size is not None:
        return tuple(output_size)[-dims:]
    return tuple((n - 1) * s + k - 2 * p for n, k, s, p in
                 zip(x.shape[x.ndim - dims:], kernel, stride, padding))


def _max_unpool_ref(dims):
    def ref(x, indices, kernel_size, stride=None, padding=0, output_size=None):
        out = _unpool_out(x, kernel_size, stride, padding, output_size, dims)
        lead = x.shape[:x.ndim - dims]
        y = np.zeros(lead + (math.prod(out),))
        np.put_along_axis(y, indices.reshape(lead + (-1,)), x.reshape(lead + (-1,)), -1)
        return y.reshape(lead + out)
    return ref


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


_RMS_ERRORS = [
    _err(lambda d: ((_t(d, 2, 3), 3), {}), TypeError,
         r"rms_norm\(\): argument 'normalized_shape' \(position 2\) must be tuple of ints, "
         r"not int"),
    _err(lambda d: ((_t(d, 2, 3), ()), {}), RuntimeError,
         r"Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
         r"one element, but got normalized_shape = \[\]"),
    _err(lambda d: ((_t(d, 2, 3), (3,), _t(d, 2)), {}), RuntimeError,
         r"Expected weight to be of same shape as normalized_shape, but got weight of shape "
         r"\[2\] and normalized_shape = \[3\]"),
    _err(lambda d: ((_t(d, 2, 3), (1, 2, 3)), {}), ValueError,
         "Input tensor must have at least 3 dimensions, but got 2"),
    _err(lambda d: ((_t(d, 2, 3, 4), (3,)), {}), RuntimeError,
         r"Given normalized_shape=\[3\], expected input with shape \[\*3\], but got input of "
         r"size\[2, 3, 4\]"),
    _err(lambda d: ((_t(d, 2, 3, dtype=tinytorch.int64), (3,)), {}), NotImplementedError,
         "\"rms_norm\" not implemented for 'Long'")]

_UNPOOL_ERRORS = [
    _err(lambda d: ((_t(d, 2, 2), _i(d, 2, 2), 2), {}), RuntimeError,
         "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with 2 "
         "dimensions."),
    _err(lambda d: ((_t(d, 1, 1, 2, 2), _i(d, 1, 1, 2, 2, dtype=tinytorch.int32), 2), {}),
         RuntimeError, "elements in indices should be type int64 but got: Int"),
    _err(lambda d: ((_t(d, 1, 1, 2, 2), _i(d, 1, 1, 2, 1), 2), {}), RuntimeError,
         r"Expected shape of indices to be same as that of the input tensor \(\[1, 1, 2, 2\]\) "
         r"but got indices tensor with shape: \[1, 1, 2, 1\]"),
    _err(lambda d: ((_t(d, 1, 1, 2, 2), _i(d, 1, 1, 2, 2), 2), {"output_size": (5,)}),
         ValueError, "output_size should be a sequence containing 2 or 4 elements, but it has "
         "a length of '1'"),
    _err(lambda d: ((_t(d, 1, 1, 2, 2), _i(d, 1, 1, 2, 2), 2), {"output_size": (6, 4)}),
         ValueError, r'invalid output_size "\[6, 4\]" \(dim 0 must be between 2 and 6\)'),
    _err(lambda d: ((_t(d, 1, 1, 2, 2), _i(d, 1, 1, 2, 2) + 16, 2), {}), RuntimeError,
         r"Found an invalid max index: 16 \(output volumes are of size 4x4\)"),
    _err(lambda d: ((_t(d, 1, 0, 2, 2), _i(d, 1, 0, 2, 2), 2), {}), RuntimeError,
         r"max_unpooling2d_forward_out_cpu\(\): Expected input to have non-zero size for "
         r"non-batch dimensions, but got \[1, 0, 2, 2\] with dimension 1 being empty."),
    _err(lambda d: ((_t(d, 1, 1, 2, 2, dtype=tinytorch.int64), _i(d, 1, 1, 2, 2), 2), {}),
         NotImplementedError, "\"max_unpool2d\" not implemented for 'Long'")]


def _unpool1d(x, indices, **kw):
    return F.max_unpool1d(x, indices, **kw)


OPS = [
    OpInfo("rms_norm", F.rms_norm, _rms_norm_ref, rms_norm_sample(),
           lambda x, shape, w, **kw: TF().rms_norm(x, shape, w, **kw), gradgrad=True,
           errors=_RMS_ERRORS),
    OpInfo("lp_pool1d", F.lp_pool1d, _lp_pool_ref, lp_pool_sample(1),
           lambda x, *a, **kw: TF().lp_pool1d(x, *a, **kw), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 1, 1, 2), 2, 3), {}), RuntimeError,
                    r"Given input size: \(1x1x2\). Calculated output size: \(1x1x0\). Output "
                    r"size is too small")]),
    OpInfo("lp_pool2d", F.lp_pool2d, _lp_pool_ref, lp_pool_sample(2),
           lambda x, *a, **kw: TF().lp_pool2d(x, *a, **kw), gradgrad=True),
    OpInfo("max_unpool1d", _unpool1d, _max_unpool_ref(1), max_unpool_sample(1),
           lambda x, i, **kw: TF().max_unpool1d(x, i, **kw), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 2), _i(d, 2)), {"kernel_size": 2}), RuntimeError,
                    "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor "
                    "with 2 dimensions."),
               _err(lambda d: ((_t(d, 1, 3), _i(d, 1, 3) + 4), {"kernel_size": 2,
                                                                  "stride": 1}),
                    RuntimeError, r"Found an invalid max index: 4 \(output volumes are of "
                                  r"size 4x1\)")]),
    OpInfo("max_unpool2d", F.max_unpool2d, _max_unpool_ref(2), max_unpool_sample(2),
           lambda x, i, **kw: TF().max_unpool2d(x, i, **kw), gradgrad=True,
           errors=_UNPOOL_ERRORS),
]
