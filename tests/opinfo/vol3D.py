"""Op database entries for the 3-D convolution and pooling functions of
``tinytorch.nn.functional`` (vol3D; their modules are tested in tests/nn/test_vol3D_layers.py).

The references loop over output positions and window offsets straight from the definitions
(any number of spatial dims), independent of the implementation's depth-slice composition.
Shapes are tiny: each 3-D sample runs a few hundred forward passes under gradcheck.
"""

import itertools

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.nn import _quiet
from tests.opinfo.nn import _tf
from tests.opinfo.nn import distinct
from tests.opinfo.nn_refs import _bounds
from tests.opinfo.nn_refs import _out


def _three(v):
    return (v,) * 3 if isinstance(v, int) else tuple(v)


def _grid(*sizes):
    return itertools.product(*(range(s) for s in sizes))


# --- references ---------------------------------------------------------------------------------
def conv3d_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    stride, dilation = _three(stride), _three(dilation)
    k = w.shape[2:]
    if padding == "same":
        pads = [(d * (kk - 1) // 2, d * (kk - 1) - d * (kk - 1) // 2) for d, kk in
                zip(dilation, k)]
    else:
        pads = [(p, p) for p in _three(0 if padding == "valid" else padding)]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    out = [(n - d * (kk - 1) - 1) // s + 1 for n, kk, s, d in
           zip(xp.shape[2:], k, stride, dilation)]
    o, cg = w.shape[:2]
    y = np.zeros((x.shape[0], o) + tuple(out))
    for oc, pos in itertools.product(range(o), _grid(*out)):
        g = oc // (o // groups)
        win = xp[(slice(None), slice(g * cg, (g + 1) * cg)) + tuple(
            slice(p * s, p * s + d * (kk - 1) + 1, d) for p, s, d, kk in
            zip(pos, stride, dilation, k))]
        y[(slice(None), oc) + pos] = (win * w[oc]).sum(axis=(1, 2, 3, 4))
    return y if b is None else y + b[None, :, None, None, None]


def conv_transpose3d_ref(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                         dilation=1):
    stride, padding, dilation = _three(stride), _three(padding), _three(dilation)
    k, og = w.shape[2:], w.shape[1]
    out = [(n - 1) * s - 2 * p + d * (kk - 1) + op + 1 for n, s, p, d, kk, op in
           zip(x.shape[2:], stride, padding, dilation, k, _three(output_padding))]
    full = np.zeros((x.shape[0], og * groups) + tuple(o + 2 * p + s + d * kk for o, p, s, d, kk
                                                      in zip(out, padding, stride, dilation, k)))
    per = x.shape[1] // groups
    for ci, pos, tap in itertools.product(range(x.shape[1]), _grid(*x.shape[2:]), _grid(*k)):
        g = ci // per
        at = tuple(p * s + t * d for p, s, t, d in zip(pos, stride, tap, dilation))
        full[(slice(None), slice(g * og, (g + 1) * og)) + at] += \
            x[(slice(None), ci) + pos][:, None] * w[(ci, slice(None)) + tap]
    y = full[(slice(None), slice(None)) + tuple(slice(p, p + o) for p, o in zip(padding, out))]
    return y if b is None else y + b[None, :, None, None, None]


def _windows(x, kernel, stride, padding, dilation, ceil_mode):
    """(output position, [(flat index, value array over (N, C))...]) of every pool window;
    only positions inside the input (padding is left out)."""
    size = x.shape[2:]
    out = [_out(n, k, s, p, d, ceil_mode) for n, k, s, p, d in
           zip(size, kernel, stride, padding, dilation)]
    for pos in _grid(*out):
        taps = []
        for tap in _grid(*kernel):
            at = tuple(o * s - p + t * d for o, s, p, t, d in
                       zip(pos, stride, padding, tap, dilation))
            if all(0 <= a < n for a, n in zip(at, size)):
                taps.append((np.ravel_multi_index(at, size), x[(slice(None),) * 2 + at]))
        yield pos, out, taps


def max_pool3d_ref(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                   return_indices=False):
    kernel = _three(kernel_size)
    args = (kernel, _three(stride or kernel_size), _three(padding), _three(dilation))
    y = idx = None
    for pos, out, taps in _windows(x, *args, ceil_mode):
        if y is None:
            y, idx = np.full(x.shape[:2] + tuple(out), -np.inf), np.zeros(
                x.shape[:2] + tuple(out), np.int64)
        at = (slice(None),) * 2 + pos
        for flat, v in taps:  # the first maximum wins ties
            better = v > y[at]
            y[at], idx[at] = np.where(better, v, y[at]), np.where(better, flat, idx[at])
    return (y, idx) if return_indices else y


def avg_pool3d_ref(x, kernel_size, stride=None, padding=0, ceil_mode=False,
                   count_include_pad=True, divisor_override=None):
    kernel, stride, padding = _three(kernel_size), _three(stride or kernel_size), \
        _three(padding)
    size = x.shape[2:]
    y = None
    for pos, out, taps in _windows(x, kernel, stride, padding, (1, 1, 1), ceil_mode):
        y = np.zeros(x.shape[:2] + tuple(out)) if y is None else y
        start = [o * s - p for o, s, p in zip(pos, stride, padding)]
        end = [min(a + k, n + p) for a, k, n, p in zip(start, kernel, size, padding)]
        inside = np.prod([min(e, n) - max(a, 0) for a, e, n in zip(start, end, size)])
        div = divisor_override or (np.prod([e - a for a, e in zip(start, end)])
                                   if count_include_pad else inside)
        y[(slice(None),) * 2 + pos] = sum(v for _, v in taps) / div
    return y


def _adaptive3d(x, output_size, want_max):
    size = x.shape[2:]
    out = tuple(n if o is None else o for n, o in zip(size, _three(output_size)))
    y = np.zeros(x.shape[:2] + out)
    idx = np.zeros(x.shape[:2] + out, np.int64)
    for pos in _grid(*out):
        box = [_bounds(n, o, i) for n, o, i in zip(size, out, pos)]
        win = x[(slice(None),) * 2 + tuple(slice(a, b) for a, b in box)]
        flat = win.reshape(x.shape[:2] + (-1,))
        at = (slice(None),) * 2 + pos
        y[at] = flat.max(-1) if want_max else flat.mean(-1)
        local = np.unravel_index(flat.argmax(-1), win.shape[2:])
        idx[at] = np.ravel_multi_index(tuple(a + i for (a, _), i in zip(box, local)), size)
    return y, idx


def adaptive_avg_pool3d_ref(x, output_size):
    return _adaptive3d(x, output_size, False)[0]


def adaptive_max_pool3d_ref(x, output_size, return_indices=False):
    y, idx = _adaptive3d(x, output_size, True)
    return (y, idx) if return_indices else y


# --- samples ------------------------------------------------------------------------------------
@st.composite
def conv3d_sample(draw, transposed=False):
    groups = draw(st.sampled_from([1, 1, 2]))
    cin, cout = groups, groups * draw(st.integers(1, 2))
    k = tuple(draw(st.integers(1, 2)) for _ in range(3))
    stride = draw(st.sampled_from([1, 2, (2, 1, 1)]))
    dilation = draw(st.sampled_from([1, (2, 1, 1)]))
    padding = draw(st.sampled_from([0, 1, (1, 0, 0)]))
    size = tuple(_three(dilation)[i] * (k[i] - 1) + 1 + draw(st.integers(0, 1))
                 for i in range(3))
    w_shape = (cin, cout // groups) + k if transposed else (cout, cin // groups) + k
    kwargs = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    if transposed:
        kwargs["output_padding"] = draw(st.sampled_from([0, (1, 0, 0)])) \
            if _three(stride)[0] > 1 else 0
        kwargs["padding"] = 0  # a padding larger than the output would empty it
    elif stride == 1 and draw(st.booleans()):
        kwargs["padding"] = draw(st.sampled_from(["same", "valid"]))
    bias = draw(floats((cout,))) if draw(st.booleans()) else None
    return Sample((draw(floats((1, cin) + size)), draw(floats(w_shape)), bias), kwargs)


@st.composite
def max_pool3d_sample(draw):
    k = draw(st.sampled_from([1, 2, (2, 1, 2), 3]))
    padding = draw(st.sampled_from([0, 1])) if max(_three(k)) > 1 else 0
    padding = tuple(min(padding, kk // 2) for kk in _three(k))
    dilation = 1 if any(padding) else draw(st.sampled_from([1, (1, 2, 1)]))
    low = [max(d * (kk - 1) + 1 - 2 * p, 1) for kk, p, d in
           zip(_three(k), padding, _three(dilation))]
    size = tuple(draw(st.integers(lo, max(lo, 4))) for lo in low)
    return Sample((draw(distinct((1, 2) + size)),), {
        "kernel_size": k, "stride": draw(st.sampled_from([None, 1, (2, 1, 2)])),
        "padding": padding, "dilation": dilation, "ceil_mode": draw(st.booleans()),
        "return_indices": draw(st.booleans())})


@st.composite
def avg_pool3d_sample(draw):
    k = draw(st.sampled_from([1, 2, (2, 1, 3)]))
    padding = tuple(min(draw(st.integers(0, 1)), kk // 2) for kk in _three(k))
    size = tuple(draw(st.integers(kk, 4)) for kk in _three(k))  # padding aside, as PyTorch
    return Sample((draw(floats((1, 2) + size)),), {
        "kernel_size": k, "stride": draw(st.sampled_from([None, 1, (1, 2, 1)])),
        "padding": padding, "ceil_mode": draw(st.booleans()),
        "count_include_pad": draw(st.booleans()),
        "divisor_override": draw(st.sampled_from([None, None, 3]))})


@st.composite
def adaptive3d_sample(draw, distinct_values=False):
    shape = (1, 2) + tuple(draw(st.integers(1, 4)) for _ in range(3))
    x = draw(distinct(shape)) if distinct_values else draw(floats(shape))
    out = tuple(draw(st.sampled_from([1, 2, 3, None])) for _ in range(3))
    kwargs = {"output_size": out}
    if distinct_values:
        kwargs["return_indices"] = draw(st.booleans())
    return Sample((x,), kwargs)


# --- error cases --------------------------------------------------------------------------------
def _ones(d, *shape):
    return tinytorch.ones(*shape, device=d)


def _err(shapes, kwargs, exc, match):
    return ErrorCase(lambda d: (tuple(_ones(d, *s) for s in shapes), kwargs), exc, match)


_X = (1, 2, 4, 4, 4)
_CONV_ERRORS = [
    _err([(2, 3, 4), (3, 2, 2, 2, 2)], {}, RuntimeError,
         r"Expected 4D \(unbatched\) or 5D \(batched\) input to conv3d, but got input of "
         r"size: \[2, 3, 4\]"),
    _err([(1, 3, 4, 4, 4), (3, 2, 2, 2, 2)], {}, RuntimeError,
         r"Given groups=1, weight of size \[3, 2, 2, 2, 2\], expected input\[1, 3, 4, 4, 4\] "
         r"to have 2 channels, but got 3 channels instead"),
    _err([_X, (3, 2, 2, 2, 2)], {"stride": 2, "padding": "same"}, RuntimeError,
         "padding='same' is not supported for strided convolutions"),
    _err([_X, (3, 2, 2, 2, 2)], {"padding": "full"}, RuntimeError,
         "Invalid padding string: 'full'"),
    _err([_X, (3, 2, 5, 5, 5)], {}, RuntimeError,
         r"Calculated padded input size per channel: \(4 x 4 x 4\). Kernel size: \(5 x 5 x 5\)."
         r" Kernel size can't be greater than actual input size"),
    _err([_X, (3, 2, 2, 2, 2)], {"stride": (1, 2)}, RuntimeError,
         r"expected stride to be a single integer value or a list of 3 values to match the "
         r"convolution dimensions, but got stride=\[1, 2\]"),
    _err([_X, (3, 2, 2, 2, 2)], {"padding": -1}, RuntimeError,
         "negative padding is not supported"),
    _err([_X, (3, 2, 2, 2, 2)], {"stride": 0}, RuntimeError,
         "non-positive stride is not supported"),
    _err([_X, (3, 2, 2, 2, 2)], {"dilation": (1, 0, 1)}, RuntimeError,
         r"dilation should be greater than zero, but got \[1, 0, 1\]"),
]
_TRANSPOSE_ERRORS = [
    _err([_X, (3, 2, 2, 2, 2)], {}, RuntimeError,
         r"Given transposed=1, weight of size \[3, 2, 2, 2, 2\], expected input\[1, 2, 4, 4, 4\]"
         r" to have 3 channels, but got 2 channels instead"),
    _err([_X, (2, 2, 2, 2, 2)], {"padding": 4}, RuntimeError,
         r"Given input size per channel: \(4 x 4 x 4\). Calculated output size per channel: "
         r"\(-3 x -3 x -3\). Output size is too small"),
    _err([_X, (2, 2, 2, 2, 2)], {"stride": 2, "output_padding": 2}, RuntimeError,
         "output padding must be smaller than either stride or dilation, but got "
         "output_padding_depth: 2 output_padding_height: 2 output_padding_width: 2 "
         "stride_depth: 2 stride_height: 2 stride_width: 2 dilation_depth: 1 "
         "dilation_height: 1 dilation_width: 1"),
    _err([_X, (2, 2, 2, 2, 2)], {"padding": "same"}, TypeError,
         r"conv_transpose3d\(\): argument 'padding' must be tuple of ints, not str"),
]
_MAX_ERRORS = [
    _err([(2, 3, 4)], {"kernel_size": 2}, RuntimeError,
         r"non-empty 4D or 5D \(batch mode\) tensor expected for input"),
    _err([_X], {"kernel_size": 2, "padding": 2}, RuntimeError,
         "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 "
         "and dilation=1"),
    _err([_X], {"kernel_size": 5}, RuntimeError,
         r"Given input size: \(2x4x4x4\). Calculated output size: \(2x0x0x0\). Output size is "
         r"too small"),
    _err([_X], {"kernel_size": (2, 2)}, RuntimeError,
         "max_pool3d: kernel_size must either be a single int, or a tuple of three ints"),
    _err([_X], {"kernel_size": 2, "stride": (1, 2)}, RuntimeError,
         "max_pool3d: stride must either be omitted, a single int, or a tuple of three ints"),
    _err([_X], {"kernel_size": 2, "dilation": (1, 1)}, RuntimeError,
         "max_pool3d: dilation must be either a single int, or a tuple of three ints"),
    _err([_X], {"kernel_size": 2, "dilation": 0}, RuntimeError,
         "dilation should be greater than zero, but got dilationT: 0 dilationH: 0 "
         "dilationW: 0"),
    _err([_X], {"kernel_size": 0, "stride": 1}, RuntimeError,
         "kernel size should be greater than zero, but got kT: 0 kH: 0 kW: 0"),
    _err([(1, 2, 0, 4, 4)], {"kernel_size": 2}, RuntimeError,
         r"max_pool3d_with_indices_out_cpu_template\(\): Expected input's non-batch dimensions "
         r"to have positive length, but input has a shape of \[1, 2, 0, 4, 4\] and non-batch "
         "dimension 0 has length zero!"),
]
_AVG_ERRORS = [
    _err([_X], {"kernel_size": 5}, RuntimeError,
         r"input image \(T: 4 H: 4 W: 4\) smaller than kernel size \(kT: 5 kH: 5 kW: 5\)"),
    _err([_X], {"kernel_size": 2, "divisor_override": 0}, RuntimeError,
         "divisor must be not zero"),
    _err([_X], {"kernel_size": 2, "padding": (1, 1)}, RuntimeError,
         "avg_pool3d: padding must be a single int, or a tuple of three ints"),
]
_ADAPTIVE_ERRORS = [
    _err([(2, 3, 4)], {"output_size": 2}, RuntimeError,
         r"adaptive_avg_pool3d\(\): Expected 4D or 5D tensor, but got \[2, 3, 4\]"),
    _err([_X], {"output_size": (2, 2)}, RuntimeError,
         "adaptive_avg_pool3d: output_size must be 3"),
    _err([(1, 2, 0, 3, 3)], {"output_size": 2}, RuntimeError,
         r"adaptive_avg_pool3d\(\): Expected input to have non-zero size for non-batch "
         r"dimensions, but input has sizes \[1, 2, 0, 3, 3\] with dimension 2 being empty"),
]
_ADAPTIVE_MAX_ERRORS = [
    _err([(1, 0, 3, 3, 3)], {"output_size": 2}, RuntimeError,
         r"adaptive_max_pool3d\(\): Expected input to have non-zero size for non-batch "
         r"dimensions, but input has sizes \[1, 0, 3, 3, 3\] with dimension 1 being empty"),
    _err([(2, 3, 4)], {"output_size": 2}, RuntimeError,
         r"adaptive_max_pool3d\(\): Expected 4D or 5D tensor, but got: \[2, 3, 4\]"),
    _err([_X], {"output_size": (2, 2)}, RuntimeError,
         r"adaptive_max_pool3d\(\): internal error: output_size.size\(\) must be 3"),
]

OPS = [
    OpInfo("conv3d", F.conv3d, conv3d_ref, conv3d_sample(), _quiet(_tf("conv3d")),
           gradgrad=True, errors=_CONV_ERRORS),
    OpInfo("conv_transpose3d", F.conv_transpose3d, conv_transpose3d_ref,
           conv3d_sample(transposed=True), _tf("conv_transpose3d"), gradgrad=True,
           errors=_TRANSPOSE_ERRORS),
    OpInfo("max_pool3d", F.max_pool3d, max_pool3d_ref, max_pool3d_sample(),
           _tf("max_pool3d"), gradgrad=True, errors=_MAX_ERRORS),
    OpInfo("avg_pool3d", F.avg_pool3d, avg_pool3d_ref, avg_pool3d_sample(), _tf("avg_pool3d"),
           gradgrad=True, errors=_AVG_ERRORS),
    OpInfo("adaptive_avg_pool3d", F.adaptive_avg_pool3d, adaptive_avg_pool3d_ref,
           adaptive3d_sample(), _tf("adaptive_avg_pool3d"), gradgrad=True,
           errors=_ADAPTIVE_ERRORS),
    OpInfo("adaptive_max_pool3d", F.adaptive_max_pool3d, adaptive_max_pool3d_ref,
           adaptive3d_sample(True), _tf("adaptive_max_pool3d"), gradgrad=True,
           errors=_ADAPTIVE_MAX_ERRORS),
]
