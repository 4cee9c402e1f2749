"""Op database entries for nnJ's ``tinytorch.nn.functional`` functions: instance norm, local
response norm (their modules, running statistics and train/eval, are tested in
tests/nn/test_nnJ_layers.py)."""

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
]
