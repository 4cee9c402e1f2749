"""Op database entries for actE's ``tinytorch.nn.functional`` functions: more activations,
pixel (un)shuffle, and the dropouts in eval mode (their training mode, random, is tested in
tests/nn/test_actE_layers.py). Values are drawn away from the kinks."""

import dataclasses

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.nn import TF
from tests.opinfo.nn import _act
from tests.opinfo.nn import _tf
from tests.opinfo.nn import activation
from tests.opinfo.nn import small_shape
from tests.opinfo.nn import softmax_sample


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.logaddexp(0, x)


def _hardsigmoid(x):
    return np.clip(x + 3, 0, 6) / 6


def _glu(x, dim=-1):
    a, b = np.split(x, 2, axis=dim)
    return a * _sigmoid(b)


def _softmin(x, dim):
    e = np.exp(-x - (-x).max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def _prelu(x, w):
    w = w.reshape((-1,) + (1,) * (x.ndim - 2)) if x.ndim >= 2 else w
    return np.where(x > 0, x, w * x)


def _pixel_shuffle(x, upscale_factor):
    r = upscale_factor
    *lead, c, h, w = x.shape
    y = x.reshape(*lead, c // r // r, r, r, h, w)
    n = len(lead)
    y = y.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return y.reshape(*lead, c // r // r, h * r, w * r)


def _pixel_unshuffle(x, downscale_factor):
    r = downscale_factor
    *lead, c, h, w = x.shape
    y = x.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    y = y.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return y.reshape(*lead, c * r * r, h // r, w // r)


@st.composite
def glu_sample(draw):
    shape = list(draw(small_shape(1, 3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    shape[dim] *= 2
    return Sample((draw(floats(tuple(shape))),), {"dim": dim})


@st.composite
def prelu_sample(draw):
    from tests.opinfo.nn import away
    x = draw(away(draw(small_shape(1, 4)), (0.0,)))
    n = x.shape[1] if x.ndim > 1 and draw(st.booleans()) else 1
    return Sample((x, draw(floats((n,), -1, 1))))


@st.composite
def shuffle_sample(draw, unshuffle=False):
    r = draw(st.integers(1, 3))
    lead = draw(st.sampled_from([(), (1,), (2,), (2, 1)]))
    c, h, w = (draw(st.integers(1, 2)) for _ in range(3))
    shape = lead + ((c, h * r, w * r) if unshuffle else (c * r * r, h, w))
    key = "downscale_factor" if unshuffle else "upscale_factor"
    return Sample((draw(floats(shape)),), {key: r})


def _t(d, *shape):
    return tinytorch.ones(*shape, device=d)


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


def _eval_dropout(name, min_dims=0):
    fn = getattr(F, name)
    return OpInfo(f"{name}_eval", lambda x, p: fn(x, p, training=False), lambda x, p: x,
                  activation((), p=[0.0, 0.5, 1.0]) if not min_dims else
                  st.builds(lambda x, p: Sample((x,), {"p": p}),
                            floats((2, 3) + (2,) * (min_dims - 2)), st.sampled_from([0.2, 1.0])),
                  lambda x, p: getattr(TF(), name)(x, p, training=False),
                  errors=[_err(lambda d: ((_t(d, 2, 3, 2, 2), 1.5), {}), ValueError,
                               "dropout probability has to be between 0 and 1, but got 1.5")])


OPS = [
    _act("mish", lambda x: x * np.tanh(_softplus(x)), kinks=()),
    _act("celu", lambda x, alpha=1.0: np.where(x > 0, x, alpha * np.expm1(x / alpha)),
         alpha=[1.0, 0.5, 2.0]),
    _act("hardsigmoid", _hardsigmoid, kinks=(-3.0, 3.0), low=-5.0, high=5.0),
    _act("hardswish", lambda x: x * _hardsigmoid(x), kinks=(-3.0, 3.0), low=-5.0, high=5.0),
    _act("logsigmoid", lambda x: -_softplus(-x), kinks=()),
    _act("softsign", lambda x: x / (1 + np.abs(x))),
    _act("tanhshrink", lambda x: x - np.tanh(x), kinks=()),
    _act("hardshrink", lambda x, lambd=0.5: np.where(np.abs(x) > lambd, x, 0.0),
         kinks=(-1.0, -0.5, 0.5, 1.0), lambd=[0.5, 1.0]),
    _act("softshrink", lambda x, lambd=0.5: np.where(
        x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0.0)),
        kinks=(-1.0, -0.5, 0.0, 0.5, 1.0), lambd=[0.0, 0.5, 1.0]),
    OpInfo("threshold", F.threshold, lambda x, threshold, value: np.where(x > threshold, x, value),
           activation((-0.5, 1.0), threshold=[-0.5, 1.0], value=[0.0, 5.0]), _tf("threshold")),
    OpInfo("rrelu_eval", F.rrelu,
           lambda x, lower=1 / 8, upper=1 / 3: np.where(x > 0, x, x * (lower + upper) / 2),
           activation((0.0,), lower=[0.1, 0.125], upper=[0.3, 1 / 3]), _tf("rrelu"),
           errors=[_err(lambda d: ((_t(d, 2), 0.5, 0.1), {}), RuntimeError,
                        "Lower bound should be less than or equal to the upper bound")]),
    OpInfo("glu", F.glu, _glu, glu_sample(), _tf("glu"), errors=[
        _err(lambda d: ((_t(d),), {}), RuntimeError,
             "glu does not support scalars because halving size must be even"),
        _err(lambda d: ((_t(d, 2, 3),), {}), RuntimeError,
             "Halving dimension must be even, but dimension 1 is size 3")]),
    OpInfo("softmin", F.softmin, _softmin, softmax_sample(), _tf("softmin")),
    OpInfo("prelu", F.prelu, _prelu, prelu_sample(), _tf("prelu"), errors=[
        _err(lambda d: ((_t(d, 2, 3), _t(d, 2)), {}), RuntimeError,
             "Mismatch of parameter numbers and input channel size. Found parameter numbers "
             "= 2 and channel size = 3."),
        _err(lambda d: ((_t(d, 2, 3), _t(d, 3, 1)), {}), RuntimeError,
             "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = 2"),
        _err(lambda d: ((_t(d), _t(d, 2)), {}), RuntimeError,
             "Not allow zero-dim input tensor."),
        _err(lambda d: ((_t(d, 2), tinytorch.ones(1, dtype=tinytorch.float64, device=d)), {}),
             RuntimeError, "prelu: Type promoting not supported. Got Float and Double")]),
    OpInfo("pixel_shuffle", F.pixel_shuffle, _pixel_shuffle, shuffle_sample(),
           _tf("pixel_shuffle"), errors=[
               _err(lambda d: ((_t(d, 2, 3), 2), {}), RuntimeError,
                    r"pixel_shuffle expects input to have at least 3 dimensions, but got input "
                    r"with 2 dimension\(s\)"),
               _err(lambda d: ((_t(d, 1, 3, 2, 2), 2), {}), RuntimeError,
                    r"divisible by the square of upscale_factor, but input.size\(-3\)=3 is not "
                    "divisible by 4"),
               _err(lambda d: ((_t(d, 1, 4, 2, 2), 0), {}), RuntimeError,
                    "pixel_shuffle expects a positive upscale_factor, but got 0"),
               _err(lambda d: ((_t(d, 1, 4, 2, 2), 2.0), {}), TypeError,
                    r"pixel_shuffle\(\): argument 'upscale_factor' \(position 2\) must be int, "
                    "not float")]),
    OpInfo("pixel_unshuffle", F.pixel_unshuffle, _pixel_unshuffle, shuffle_sample(True),
           _tf("pixel_unshuffle"), errors=[
               _err(lambda d: ((_t(d, 1, 2, 3, 4), 2), {}), RuntimeError,
                    r"pixel_unshuffle expects height to be divisible by downscale_factor, but "
                    r"input.size\(-2\)=3 is not divisible by 2")]),
    _eval_dropout("alpha_dropout"),
    _eval_dropout("feature_alpha_dropout", 2),
    _eval_dropout("dropout1d", 3),
    _eval_dropout("dropout2d", 4),
    _eval_dropout("dropout3d", 5),
]
# every entry is a composition of ops with double backward; PyTorch has none for hardsigmoid
OPS = [dataclasses.replace(op, gradgrad=op.name != "hardsigmoid") for op in OPS]
