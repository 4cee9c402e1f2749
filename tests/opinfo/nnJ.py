"""Op database entries for nnJ's ``tinytorch.nn.functional`` functions: instance norm, local
response norm, interpolate's other modes, 1-D adaptive pooling (their modules, running statistics and train/eval, are tested in
tests/nn/test_nnJ_layers.py)."""

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
from tests.opinfo.nn import _torch


def _t(d, *shape):
    return tinytorch.ones(*shape, device=d)


# --- instance norm ------------------------------------------------------------------------------
@st.composite
def instance_norm_sample(draw):
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    spatial = draw(st.sampled_from([(3,), (2, 2), (1, 2, 2)]))
    x = draw(floats((n, c) + spatial))
    x = x + np.sin(np.arange(x.size)).reshape(x.shape)  # never constant (variance >> eps)
    affine = draw(st.booleans())
    w, b = (draw(floats((c,), 0.5, 2)), draw(floats((c,)))) if affine else (None, None)
    stats = {"use_input_stats": draw(st.booleans()), "running_mean": draw(floats((c,))),
             "running_var": draw(floats((c,), 0.5, 2))}
    return Sample((x, w, b), stats)


def _instance_norm(lib):
    def call(x, w, b, running_mean=None, running_var=None, use_input_stats=True):
        mod = _torch() if lib == "torch" else tinytorch
        rm, rv = (None if s is None else mod.tensor(s, dtype=x.dtype, device=x.device)
                  for s in (running_mean, running_var))
        fn = TF().instance_norm if lib == "torch" else F.instance_norm
        return fn(x, rm, rv, w, b, use_input_stats=use_input_stats)
    return call


def _instance_norm_ref(x, w, b, running_mean, running_var, use_input_stats, eps=1e-5):
    axes = tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if use_input_stats:
        mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    else:
        mean, var = running_mean.reshape(shape), running_var.reshape(shape)
    y = (x - mean) / np.sqrt(var + eps)
    return y if w is None else y * w.reshape(shape) + b.reshape(shape)


# --- local response norm ------------------------------------------------------------------------
@st.composite
def lrn_sample(draw):
    shape = draw(st.sampled_from([(2, 4, 3), (1, 5, 2, 2), (1, 3, 2, 1, 2), (2, 1, 3)]))
    options = {"size": draw(st.integers(1, 5)), "alpha": draw(st.sampled_from([1e-4, 0.5])),
               "beta": draw(st.sampled_from([0.75, 1.5])), "k": draw(st.sampled_from([1.0, 2.0]))}
    return Sample((draw(floats(shape)),), options)


def _lrn_ref(x, size, alpha=1e-4, beta=0.75, k=1.0):
    c = x.shape[1]
    padded = np.pad(x * x, [(0, 0), (size // 2, (size - 1) // 2)] + [(0, 0)] * (x.ndim - 2))
    window = sum(padded[:, i:i + c] for i in range(size)) / size
    return x / (k + alpha * window) ** beta


# --- interpolate: the modes beyond nearest/bilinear, any scale, recompute_scale_factor ----------
_MODE_DIMS = {"linear": (1,), "bilinear": (2,), "bicubic": (2,), "trilinear": (3,)}


@st.composite
def interpolate_sample(draw):
    mode = draw(st.sampled_from(["nearest", "nearest-exact", "area", "linear", "bilinear",
                                 "bicubic", "trilinear"]))
    dims = draw(st.sampled_from(_MODE_DIMS.get(mode, (1, 2, 3))))
    x = draw(floats((draw(st.integers(1, 2)), 2) + tuple(draw(st.integers(1, 4))
                                                         for _ in range(dims))))
    kwargs = {"mode": mode}
    if mode in _MODE_DIMS:
        kwargs["align_corners"] = draw(st.booleans())
    if draw(st.booleans()):
        kwargs["size"] = tuple(draw(st.integers(1, 7)) for _ in range(dims))
    else:
        kwargs["scale_factor"] = draw(st.sampled_from([0.5, 0.75, 1.0, 1.3, 2.0, 2.5]))
        if min(x.shape[2:]) * kwargs["scale_factor"] < 1:
            kwargs["scale_factor"] = 2.0
        kwargs["recompute_scale_factor"] = draw(st.sampled_from([None, True]))
        # PyTorch 2.13's 1-D and 3-D nearest backward takes the 2-D shortcuts (identity,
        # dst >> 1) where the output is 1x or 2x the input and its forward does not (scale 1.3
        # of 2 elements reads [x0, x0], and its gradient is [1, 1]): nothing to compare there
        if mode == "nearest" and dims != 2 and kwargs["scale_factor"] not in (1.0, 2.0) and any(
                math.floor(n * kwargs["scale_factor"]) in (n, 2 * n) for n in x.shape[2:]):
            kwargs["recompute_scale_factor"] = True
    return Sample((x,), kwargs)


def _cubic(t, a=-0.75):
    t = abs(t)
    if t <= 1:
        return ((a + 2) * t - (a + 3)) * t * t + 1
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a if t < 2 else 0.0


def _weights(n, o, mode, align_corners, scale):
    """Row i: the weights of output i over the n inputs, one output at a time."""
    m = np.zeros((o, n))
    for i in range(o):
        if mode == "area":
            lo, hi = i * n // o, -(-(i + 1) * n // o)
            m[i, lo:hi] = 1 / (hi - lo)
            continue
        if mode.startswith("nearest"):
            shift = 0.5 if mode == "nearest-exact" else 0.0
            src = int(np.floor(np.float32(i + shift) * np.float32(scale)))
            m[i, min(src, n - 1)] = 1
            continue
        if align_corners:
            src = i * (n - 1) / (o - 1) if o > 1 else 0.0
        else:
            src = (i + 0.5) * scale - 0.5
        if mode == "cubic":
            base = int(np.floor(src))
            for k in range(base - 1, base + 3):
                m[i, min(max(k, 0), n - 1)] += _cubic(src - k)
            continue
        src = max(src, 0.0)
        low = min(int(src), n - 1)
        m[i, low] += 1 - min(src - low, 1.0)
        m[i, min(low + 1, n - 1)] += min(src - low, 1.0)
    return m


def _interpolate_ref(x, size=None, scale_factor=None, mode="nearest", align_corners=None,
                     recompute_scale_factor=None):
    kind = {"bilinear": "linear", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    dims = x.ndim - 2
    out = size or tuple(int(np.floor(n * scale_factor)) for n in x.shape[2:])
    keep = scale_factor is not None and not recompute_scale_factor and mode != "area"
    for axis, (n, o) in enumerate(zip(x.shape[2:], out), 2):
        scale = 1 / scale_factor if keep else n / o
        if (kind == "linear" and n == o and not align_corners) or \
                (mode == "nearest" and dims == 2 and o in (n, 2 * n)):
            scale = n / o  # PyTorch's shortcuts (linear: the identity)
        x = np.moveaxis(np.tensordot(_weights(n, o, kind, align_corners, scale), x,
                                     (1, axis)), 0, axis)
    return x


# --- 1-D adaptive pooling ------------------------------------------------------------------------
@st.composite
def adaptive1d_sample(draw, with_indices=False):
    lead = draw(st.sampled_from([(2,), (1, 3), (2, 2)]))
    length = draw(st.integers(1, 7))
    # distinct values, so that the maximum (and its gradient) is unique
    x = draw(st.permutations(range(np.prod(lead) * length)))
    x = np.asarray(x, dtype=np.float64).reshape(lead + (length,)) / 4 - 1
    out = draw(st.sampled_from([1, 2, 3, 5, (2,)]))
    return Sample((x,), {"output_size": out, "return_indices": True} if with_indices else
                  {"output_size": out})


def _adaptive1d_ref(x, output_size, reduce, return_indices=False):
    o = output_size[0] if isinstance(output_size, tuple) else output_size
    n = x.shape[-1]
    bounds = [(i * n // o, -(-(i + 1) * n // o)) for i in range(o)]
    y = np.stack([reduce(x[..., lo:hi], axis=-1) for lo, hi in bounds], -1)
    if not return_indices:
        return y
    return y, np.stack([np.argmax(x[..., lo:hi], axis=-1) + lo for lo, hi in bounds], -1)


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


OPS = [
    OpInfo("instance_norm", _instance_norm("tinytorch"), _instance_norm_ref,
           instance_norm_sample(), _instance_norm("torch"), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 2, 3, 1), None, None), {}), ValueError,
                    r"Expected more than 1 spatial element when training, got input size "
                    r"torch.Size\(\[2, 3, 1\]\)"),
               _err(lambda d: ((_t(d, 2, 3, 4), None, None), {"use_input_stats": False}), RuntimeError,
                    "Expected running_mean and running_var to be defined when use_input_stats "
                    "is false"),
               _err(lambda d: ((_t(d, 2, 3, 4), _t(d, 2), None), {}), RuntimeError,
                    "weight should contain 6 elements not 4")]),
    OpInfo("local_response_norm", F.local_response_norm, _lrn_ref, lrn_sample(),
           lambda x, **kw: TF().local_response_norm(x, **kw), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 2, 3), 2), {}), ValueError,
                    r"Expected 3D or higher dimensionality input \(got 2 dimensions\)")]),
    OpInfo("interpolate_modes", F.interpolate, _interpolate_ref, interpolate_sample(),
           lambda x, **kw: TF().interpolate(x, **kw), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 1, 1, 2),), {"size": 4, "mode": "area",
                                                   "align_corners": False}), ValueError,
                    "align_corners option can only be set with the interpolating modes: "
                    "linear | bilinear | bicubic | trilinear"),
               _err(lambda d: ((_t(d, 1, 1, 2),), {"size": 4, "mode": "bicubic"}),  # PyTorch's
                    NotImplementedError, r"Only 3D, 4D and 5D input Tensors supported \(got 3D\)"
                    r".*\(got bicubic\)"),
               _err(lambda d: ((_t(d, 1, 1, 2, 2),), {"size": 4, "mode": "trilinear"}),
                    NotImplementedError, "Got 4D input, but trilinear mode needs 5D input"),
               _err(lambda d: ((_t(d, 1, 2),), {"size": 4, "mode": "nearest"}),
                    NotImplementedError, r"Input Error: Only 3D, 4D and 5D input Tensors "
                    r"supported \(got 2D\) for the modes: nearest \| linear"),
               _err(lambda d: ((_t(d, 1, 1, 2),), {"size": 4, "mode": "cubic"}),
                    NotImplementedError, r"area \| nearest-exact \(got cubic\)"),
               _err(lambda d: ((_t(d, 1, 1, 2),), {"size": 4, "recompute_scale_factor": True}),
                    ValueError, "recompute_scale_factor is not meaningful with an explicit "
                    "size."),
               _err(lambda d: ((_t(d, 1, 1, 2),), {"scale_factor": (2, 2)}), ValueError,
                    r"Input and scale_factor must have the same number of spatial dimensions, "
                    r"but got input with spatial dimensions of \[2\] and scale_factor of "
                    r"shape \(2, 2\)"),
               _err(lambda d: ((_t(d, 1, 1, 2),), {"size": (2, 2)}), ValueError,
                    r"Input and output must have the same number of spatial dimensions, but "
                    r"got input with spatial dimensions of \[2\] and output size of "
                    r"\(2, 2\)")]),
    OpInfo("adaptive_avg_pool1d", F.adaptive_avg_pool1d,
           lambda x, output_size: _adaptive1d_ref(x, output_size, np.mean), adaptive1d_sample(),
           lambda x, **kw: TF().adaptive_avg_pool1d(x, **kw), gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 2, 3, 4, 5), 2), {}), RuntimeError,
                    r"Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 "
                    r"'self' \(while checking arguments for adaptive_avg_pool1d\)"),
               _err(lambda d: ((_t(d, 2, 3, 4), (2, 2)), {}), RuntimeError,
                    r"adaptive_avg_pool1d\(\) argument 'output_size' should contain one int "
                    r"\(got 2\)"),
               _err(lambda d: ((_t(d, 2, 3, 0), 2), {}), RuntimeError,
                    r"adaptive_avg_pool2d\(\): Expected input to have non-zero size for "
                    r"non-batch dimensions, but input has sizes \[2, 3, 1, 0\] with dimension "
                    r"3 being empty")]),
    OpInfo("adaptive_max_pool1d", F.adaptive_max_pool1d,
           lambda x, output_size, return_indices: _adaptive1d_ref(x, output_size, np.max,
                                                                  return_indices),
           adaptive1d_sample(True), lambda x, **kw: TF().adaptive_max_pool1d(x, **kw),
           gradgrad=True, errors=[
               _err(lambda d: ((_t(d, 3), 2), {}), RuntimeError,
                    r"Expected 2 to 3 dimensions, but got 1-dimensional tensor for argument #1 "
                    r"'self' \(while checking arguments for adaptive_max_pool1d\)"),
               _err(lambda d: ((_t(d, 2, 0, 4), 2), {}), RuntimeError,
                    r"adaptive_max_pool1d\(\): Expected input to have non-zero size for "
                    r"non-batch dimensions, but input has sizes \[2, 0, 4\] with dimension 1 "
                    r"being empty")]),
]
