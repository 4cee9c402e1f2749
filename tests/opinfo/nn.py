"""Op database entries for ``tinytorch.nn.functional``.

References are written directly from the definitions (loops are fine here); values are
drawn away from kinks (relu at 0, hardtanh at its bounds, …) so finite differences are
meaningful, and pooling inputs are distinct so each window has one maximum.
"""

import dataclasses
import warnings

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import nn_refs as R


def TF():
    import torch.nn.functional as torch_f
    return torch_f


def _torch():
    import torch
    return torch


def away(shape, kinks=(0.0,), low=-3.0, high=3.0, gap=0.05):
    """Floats in [low, high] at least ``gap`` from every kink."""
    elements = st.floats(low, high, allow_subnormal=False).filter(
        lambda v: all(abs(v - k) > gap for k in kinks))
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def distinct(draw, shape):
    """Distinct values (spaced 0.1 apart, random order) so max-pooling has no ties."""
    n = int(np.prod(shape))
    perm = draw(st.permutations(range(n)))
    return (np.array(perm, dtype=np.float64) * 0.1 - n * 0.05).reshape(shape)


def small_shape(min_dims=1, max_dims=3, max_side=4):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1,
                            max_side=max_side)


@st.composite
def activation(draw, kinks=(0.0,), low=-3.0, high=3.0, **options):
    """One array plus keyword options, each drawn from the listed choices."""
    x = draw(away(draw(small_shape(0)), kinks, low, high))
    return Sample((x,), {k: draw(st.sampled_from(v)) for k, v in options.items()})


def _act(name, ref, kinks=(0.0,), low=-3.0, high=3.0, **options):
    return OpInfo(name, getattr(F, name), ref, activation(kinks, low, high, **options),
                  lambda x, **kw: getattr(TF(), name)(x, **kw))


@st.composite
def softmax_sample(draw):
    x = draw(floats(draw(small_shape(1)), -5, 5))
    return Sample((x,), {"dim": draw(st.integers(-x.ndim, x.ndim - 1))})


@st.composite
def linear_sample(draw):
    n_in, n_out = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    lead = draw(st.sampled_from([(), (2,), (3,), (2, 2)]))
    bias = draw(st.booleans())
    return Sample((draw(floats(lead + (n_in,))), draw(floats((n_out, n_in))),
                   draw(floats((n_out,))) if bias else None))


@st.composite
def bilinear_sample(draw):
    n, i1, i2, o = (draw(st.integers(1, 3)) for _ in range(4))
    return Sample((draw(floats((n, i1))), draw(floats((n, i2))), draw(floats((o, i1, i2))),
                   draw(floats((o,)))))


def _embedding_indices(draw, n, repeat):
    idx = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=6, unique=not repeat))
    idx = np.array(idx + idx[:1] if repeat else idx)
    return idx.reshape(draw(st.sampled_from([(-1,), (1, -1)])))


@st.composite
def embedding_sample(draw, by_freq=False, max_norm=False):
    """Indices into an (n, d) weight (padding_idx alone: tests/nn/test_functional.py).
    Plain: scale_grad_by_freq only with distinct indices, where its gradient is the
    derivative. ``by_freq``: an index repeats and padding_idx is often among the indices.
    ``max_norm``: an index repeats (a row near the threshold is scaled by about 1 whichever
    side it falls, so float32 rounding cannot flip the result)."""
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    w = draw(floats((n, d)))
    if max_norm:
        return Sample((_embedding_indices(draw, n, True), w),
                      {"max_norm": draw(st.sampled_from([0.5, 1.0, 2.0])),
                       "norm_type": draw(st.sampled_from([2.0, 1.0, 3.0, float("inf")]))})
    if not by_freq:
        return Sample((_embedding_indices(draw, n, False), w),
                      {"scale_grad_by_freq": draw(st.booleans())})
    idx = _embedding_indices(draw, n, True)
    first = int(idx.flat[0])
    return Sample((idx, w), {"scale_grad_by_freq": True,
                             "padding_idx": draw(st.sampled_from([None, first, first - n]))})


@st.composite
def one_hot_sample(draw):
    c = draw(st.integers(1, 5))
    idx = np.array(draw(st.lists(st.integers(0, c - 1), min_size=0, max_size=6)),
                   dtype=np.int64)
    return Sample((idx,), {"num_classes": draw(st.sampled_from([c, c + 2]))})


@st.composite
def pad_sample(draw):
    x = draw(floats(draw(small_shape(1, 3))))
    widths = draw(st.lists(st.integers(0, 2), min_size=2, max_size=2 * min(x.ndim, 2)))
    widths = widths[:len(widths) // 2 * 2]
    return Sample((x,), {"pad": tuple(widths), "value": draw(st.sampled_from([0.0, 1.5]))})


@st.composite
def pad_mode_sample(draw):
    x = draw(floats((draw(st.integers(1, 2)), 2, draw(st.integers(2, 4)),
                     draw(st.integers(2, 4)))))
    widths = tuple(draw(st.integers(0, 1)) for _ in range(4))
    return Sample((x,), {"pad": widths,
                         "mode": draw(st.sampled_from(["reflect", "replicate", "circular"]))})


@st.composite
def nonzero_rows(draw, pair=False):
    shape = draw(small_shape(1, 3))
    mags = [draw(away(shape, (0.0,), -3, 3, 0.2)) for _ in range(2 if pair else 1)]
    return Sample(tuple(mags), {"dim": draw(st.integers(-len(shape), len(shape) - 1))})


@st.composite
def conv_sample(draw, dims=2, transposed=False):
    groups = draw(st.sampled_from([1, 1, 2]))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    k = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    stride = draw(st.sampled_from([1, 2] if dims == 1 else [1, 2, (1, 2)]))
    dilation = draw(st.sampled_from([1, 2] if not transposed else [1, 1, 2]))
    padding = draw(st.sampled_from([0, 1] if dims == 1 else [0, 1, (1, 0)]))
    size = tuple(draw(st.integers(dilation * (kk - 1) + 1, dilation * (kk - 1) + 3)) for kk in k)
    n = draw(st.integers(1, 2))
    w_shape = (cin, cout // groups) + k if transposed else (cout, cin // groups) + k
    bias = draw(st.booleans())
    kwargs = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups}
    if transposed:
        s_max = stride if isinstance(stride, int) else min(stride)
        kwargs["output_padding"] = draw(st.sampled_from([0, 1])) if max(s_max, dilation) > 1 \
            else 0
        if any((n - 1) * s - 2 * p + dilation * (kk - 1) + 1 < 1 for n, s, p, kk in
               zip(size, R.pair(stride), R.pair(padding), k)):
            kwargs["padding"] = 0
    elif not isinstance(stride, tuple) and stride == 1 and draw(st.booleans()):
        kwargs["padding"] = draw(st.sampled_from(["same", "valid"]))
    return Sample((draw(floats((n, cin) + size)), draw(floats(w_shape)),
                   draw(floats((cout,))) if bias else None), kwargs)


@st.composite
def max_pool_sample(draw, dims=2):
    k = draw(st.integers(1, 3))
    stride = draw(st.sampled_from([None, 1, 2]))
    padding = draw(st.integers(0, k // 2))
    # Dilated windows with padding can lie wholly in the padding, where PyTorch's own CPU
    # kernel reads out of bounds (seen as aborts); keep dilation to unpadded samples.
    dilation = 1 if padding else draw(st.sampled_from([1, 2]))
    eff = dilation * (k - 1) + 1
    size = tuple(draw(st.integers(max(eff - 2 * padding, 1), 6)) for _ in range(dims))
    x = draw(distinct((draw(st.integers(1, 2)), draw(st.integers(1, 2))) + size))
    return Sample((x,), {"kernel_size": k, "stride": stride, "padding": padding,
                         "dilation": dilation, "ceil_mode": draw(st.booleans()),
                         "return_indices": draw(st.booleans())})


@st.composite
def avg_pool_sample(draw, dims=2):
    k = draw(st.integers(1, 3))
    padding = draw(st.integers(0, k // 2))
    size = tuple(draw(st.integers(max(k - 2 * padding, 1), 6)) for _ in range(dims))
    kwargs = {"kernel_size": k, "stride": draw(st.sampled_from([None, 1, 2])),
              "padding": padding, "ceil_mode": draw(st.booleans()),
              "count_include_pad": draw(st.booleans())}
    if dims == 2:
        kwargs["divisor_override"] = draw(st.sampled_from([None, None, 3]))
    return Sample((draw(floats((draw(st.integers(1, 2)), 2) + size)),), kwargs)


@st.composite
def adaptive_sample(draw, distinct_values=False):
    shape = (draw(st.integers(1, 2)), 2, draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    x = draw(distinct(shape)) if distinct_values else draw(floats(shape))
    out = (draw(st.integers(1, 4)), draw(st.sampled_from([1, 2, 3, None])))
    return Sample((x,), {"output_size": out})


@st.composite
def interpolate_sample(draw):
    mode = draw(st.sampled_from(["nearest", "bilinear"]))
    x = draw(floats((1, 2, draw(st.integers(1, 4)), draw(st.integers(1, 4)))))
    kwargs = {"mode": mode}
    if draw(st.booleans()):
        kwargs["size"] = (draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    else:
        kwargs["scale_factor"] = draw(st.sampled_from([1, 2, 3]))
    if mode == "bilinear":
        kwargs["align_corners"] = draw(st.booleans())
    return Sample((x,), kwargs)


@st.composite
def norm_sample(draw, kind):
    n, c = draw(st.integers(2, 3)), draw(st.sampled_from([2, 4]))
    spatial = draw(st.sampled_from([(), (3,), (2, 2)]))
    x = draw(floats((n, c) + spatial))
    x = x + np.sin(np.arange(x.size)).reshape(x.shape)  # never constant (variance >> eps)
    w, b = draw(floats((c,), 0.5, 2)), draw(floats((c,)))
    if kind == "batch":
        return Sample((x, w, b), {"training": draw(st.booleans()),
                                  "running_mean": draw(floats((c,))),
                                  "running_var": draw(floats((c,), 0.5, 2))})
    if kind == "group":
        return Sample((x, w, b), {"num_groups": draw(st.sampled_from([1, 2]))})
    shape = tuple(x.shape[draw(st.integers(1, x.ndim - 1)):])
    return Sample((x, draw(floats(shape, 0.5, 2)), draw(floats(shape))),
                  {"normalized_shape": shape})


def _bn(lib):
    def call(x, w, b, running_mean, running_var, training):
        mod = _torch() if lib == "torch" else tinytorch
        rm = mod.tensor(running_mean, dtype=x.dtype, device=x.device)
        rv = mod.tensor(running_var, dtype=x.dtype, device=x.device)
        fn = TF().batch_norm if lib == "torch" else F.batch_norm
        return fn(x, rm, rv, w, b, training=training)
    return call


REDUCTION = st.sampled_from(["none", "mean", "sum"])


@st.composite
def class_sample(draw, probs=False, log_probs=False):
    c = draw(st.integers(2, 4))
    lead = draw(st.sampled_from([(), (3,), (2,), (2, 3)]))  # () : one unbatched sample
    x_shape = (c,) if lead == () else lead[:1] + (c,) + lead[1:]
    x = draw(floats(x_shape, -4, 4))
    kwargs = {"reduction": draw(REDUCTION)}
    if probs:
        t = draw(floats(x_shape, 0.05, 1.0))
        kwargs["label_smoothing"] = draw(st.sampled_from([0.0, 0.2]))
        return Sample((x, t / t.sum(axis=0 if len(x_shape) == 1 else 1, keepdims=True)), kwargs)
    t_shape = () if lead == () else lead[:1] + lead[1:]
    t = np.array(draw(hnp.arrays(np.int64, t_shape, elements=st.integers(0, c - 1))))
    if t.size > 1 and draw(st.booleans()):
        t.reshape(-1)[0] = -100  # ignored
        if kwargs["reduction"] == "mean" and (t == -100).all():
            t.reshape(-1)[-1] = 0
    if draw(st.booleans()):
        kwargs["weight"] = draw(floats((c,), 0.2, 2.0))
    if not log_probs:
        kwargs["label_smoothing"] = draw(st.sampled_from([0.0, 0.1]))
    return Sample((x, t), kwargs)


def _with_weight(fn, lib):
    """Class losses take ``weight`` as a plain (non-differentiable) tensor."""
    def call(x, t, weight=None, **kw):
        if weight is not None:
            mod = _torch() if lib == "torch" else tinytorch
            weight = mod.tensor(weight, dtype=x.dtype, device=x.device)
        return fn()(x, t, weight=weight, **kw)
    return call


@st.composite
def pair_sample(draw, kinks=(0.0,), **options):
    """(input, target) with input - target away from the kinks."""
    shape = draw(small_shape(1, 2))
    t = draw(floats(shape))
    d = draw(away(shape, kinks, -3, 3, 0.05))
    return Sample((t + d, t), {"reduction": draw(REDUCTION),
                               **{k: draw(st.sampled_from(v)) for k, v in options.items()}})


@st.composite
def bce_sample(draw, logits=False):
    shape = draw(small_shape(1, 2))
    x = draw(floats(shape, -4, 4)) if logits else draw(floats(shape, 0.05, 0.95))
    kwargs = {"reduction": draw(REDUCTION)}
    if logits and draw(st.booleans()):
        kwargs["pos_weight"] = draw(floats(shape[-1:], 0.5, 2.0))
    # binary_cross_entropy refuses targets outside [0, 1], as PyTorch's: a finite difference
    # must not step a target of 0 or 1 out
    t = draw(floats(shape, 0.0, 1.0)) if logits else draw(floats(shape, 0.01, 0.99))
    return Sample((x, t), kwargs)


def _bce_logits(lib):
    def call(x, t, reduction="mean", pos_weight=None):
        if pos_weight is not None:
            mod = _torch() if lib == "torch" else tinytorch
            pos_weight = mod.tensor(pos_weight, dtype=x.dtype, device=x.device)
        fn = TF().binary_cross_entropy_with_logits if lib == "torch" else \
            F.binary_cross_entropy_with_logits
        return fn(x, t, reduction=reduction, pos_weight=pos_weight)
    return call


@st.composite
def kl_sample(draw):
    shape = draw(small_shape(1, 2))
    log_target = draw(st.booleans())
    t = draw(floats(shape, -2, 0)) if log_target else draw(floats(shape, 0.05, 1.0))
    return Sample((draw(floats(shape, -3, 0)), t),
                  {"reduction": draw(st.sampled_from(["none", "mean", "sum", "batchmean"])),
                   "log_target": log_target})


def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, device=d, dtype=dtype)


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


def _quiet(fn):
    """fn with the advisory warnings silenced (kl_div's 'mean', PyTorch's 'same' padding
    copies)."""
    def call(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    return call


def _tf(name):
    return lambda *a, **kw: getattr(TF(), name)(*a, **kw)


OPS = [
    _act("relu", R.relu),
    _act("relu6", R.relu6, kinks=(0.0, 6.0), low=-2.0, high=8.0),
    _act("hardtanh", R.hardtanh, kinks=(-1.0, 1.0, -0.5, 2.0),
         min_val=[-1.0, -0.5], max_val=[1.0, 2.0]),
    _act("leaky_relu", R.leaky_relu, negative_slope=[0.01, 0.2]),
    _act("elu", R.elu, alpha=[1.0, 0.5]),
    _act("selu", R.selu),
    _act("gelu", R.gelu, kinks=(), approximate=["none", "tanh"]),
    _act("silu", R.silu, kinks=()),
    _act("softplus", R.softplus, kinks=(), beta=[1.0, 2.0]),
    _act("sigmoid", R.sigmoid, kinks=()),
    _act("tanh", R.tanh, kinks=()),
    OpInfo("softmax", F.softmax, R.softmax, softmax_sample(), _tf("softmax")),
    OpInfo("log_softmax", F.log_softmax, R.log_softmax, softmax_sample(), _tf("log_softmax")),
    OpInfo("linear", F.linear, R.linear, linear_sample(), _tf("linear"),
           errors=[_err(lambda d: ((_t(d, 2, 3), _t(d, 4, 5)), {}), RuntimeError,
                        r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 5x4\)")]),
    OpInfo("bilinear", F.bilinear, R.bilinear, bilinear_sample(), _tf("bilinear"),
           errors=[_err(lambda d: ((_t(d, 2, 3), _t(d, 2, 3), _t(d, 4, 3, 3),
                                    _t(d, 4, dtype=tinytorch.float64)), {}), RuntimeError,
                        "All tensors must have the same dtype, got input1: float, input2: "
                        "float, weight: float, bias: double")]),
    OpInfo("dropout_eval", lambda x, p: F.dropout(x, p, training=False),
           lambda x, p: x, activation((), p=[0.0, 0.5, 1.0]),
           lambda x, p: TF().dropout(x, p, training=False),
           errors=[_err(lambda d: ((_t(d, 2), 1.5), {}), ValueError,
                        r"dropout probability has to be between 0 and 1, but got 1.5")]),
    OpInfo("embedding", F.embedding, R.embedding, embedding_sample(), _tf("embedding"),
           errors=[_err(lambda d: ((tinytorch.tensor([0, 7], device=d), _t(d, 3, 2)), {}),
                        IndexError, "index out of range in self"),
                   _err(lambda d: ((tinytorch.tensor([0], device=d), _t(d, 3, 2)),
                                   {"sparse": True}),
                        NotImplementedError, "sparse=True .* no sparse tensors; use "
                                             "sparse=False"),
                   _err(lambda d: ((tinytorch.tensor([0], device=d), _t(d, 3, 2, 2)), {}),
                        RuntimeError, "'weight' must be 2-D")]),
    OpInfo("embedding_scale_grad_by_freq", F.embedding, R.embedding,
           embedding_sample(by_freq=True), _tf("embedding"), gradcheck=False),
    OpInfo("embedding_max_norm", F.embedding, R.embedding, embedding_sample(max_norm=True),
           _tf("embedding"), gradcheck=False),
    OpInfo("one_hot", F.one_hot, R.one_hot, one_hot_sample(), _tf("one_hot"), grad=False,
           errors=[_err(lambda d: ((tinytorch.tensor([1, 5], device=d), 3), {}),
                        RuntimeError, "Class values must be smaller than num_classes")]),
    OpInfo("pad", F.pad, R.pad, pad_sample(), _tf("pad"),
           errors=[_err(lambda d: ((_t(d, 2, 2), (1, 2, 3)), {}), RuntimeError,
                        "Padding length must be divisible by 2")]),
    OpInfo("pad_modes", F.pad, R.pad_mode, pad_mode_sample(), _tf("pad"), errors=[
        _err(lambda d: ((_t(d, 1, 2, 3),), {"pad": (3, 0), "mode": "reflect"}), RuntimeError,
             r"Padding size should be less than the corresponding input dimension")]),
    OpInfo("normalize", F.normalize, R.normalize, nonzero_rows(), _tf("normalize")),
    OpInfo("cosine_similarity", F.cosine_similarity, R.cosine_similarity,
           nonzero_rows(pair=True), _tf("cosine_similarity")),
    OpInfo("conv1d", F.conv1d, R.conv1d, conv_sample(1), _quiet(_tf("conv1d"))),
    OpInfo("conv2d", F.conv2d, R.conv2d, conv_sample(2), _quiet(_tf("conv2d")), errors=[
        _err(lambda d: ((_t(d, 1, 3, 5, 5), _t(d, 4, 2, 3, 3)), {}), RuntimeError,
             r"weight of size \[4, 2, 3, 3\], expected input\[1, 3, 5, 5\] to have 2 channels, "
             r"but got 3 channels"),
        _err(lambda d: ((_t(d, 2, 3), _t(d, 1, 1, 3, 3)), {}), RuntimeError,
             r"Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d, but got input of "
             r"size: \[2, 3\]"),
        _err(lambda d: ((_t(d, 1, 1, 5, 5), _t(d, 1, 1, 3, 3)), {"stride": 2, "padding": "same"}),
             RuntimeError, "padding='same' is not supported for strided convolutions")]),
    OpInfo("conv_transpose2d", F.conv_transpose2d, R.conv_transpose2d,
           conv_sample(2, transposed=True), _tf("conv_transpose2d"), errors=[
               _err(lambda d: ((_t(d, 1, 3, 5, 5), _t(d, 4, 2, 3, 3)), {}), RuntimeError,
                    r"expected input\[1, 3, 5, 5\] to have 4 channels, but got 3 channels")]),
    OpInfo("max_pool1d", F.max_pool1d, R.max_pool1d, max_pool_sample(1), _tf("max_pool1d")),
    OpInfo("max_pool2d", F.max_pool2d, R.max_pool2d, max_pool_sample(2), _tf("max_pool2d"),
           errors=[_err(lambda d: ((_t(d, 1, 1, 4, 4), 2), {"padding": 2}), RuntimeError,
                        "pad should be at most half of effective kernel size")]),
    OpInfo("avg_pool1d", F.avg_pool1d, R.avg_pool1d, avg_pool_sample(1), _tf("avg_pool1d")),
    OpInfo("avg_pool2d", F.avg_pool2d, R.avg_pool2d, avg_pool_sample(2), _tf("avg_pool2d")),
    OpInfo("adaptive_avg_pool2d", F.adaptive_avg_pool2d, R.adaptive_avg_pool2d,
           adaptive_sample(), _tf("adaptive_avg_pool2d")),
    OpInfo("adaptive_max_pool2d", F.adaptive_max_pool2d, R.adaptive_max_pool2d,
           adaptive_sample(True), _tf("adaptive_max_pool2d")),
    OpInfo("interpolate", F.interpolate, R.interpolate, interpolate_sample(),
           _tf("interpolate"), errors=[
               _err(lambda d: ((_t(d, 1, 1, 2, 2),), {"size": 4, "scale_factor": 2}),
                    ValueError, "only one of size or scale_factor should be defined")]),
    OpInfo("batch_norm", _bn("tinytorch"), R.batch_norm, norm_sample("batch"), _bn("torch"),
           errors=[_err(lambda d: ((_t(d, 1, 3), None, None),
                            {"training": True, "running_mean": np.zeros(3),
                             "running_var": np.ones(3)}), ValueError,
                        "Expected more than 1 value per channel when training")]),
    OpInfo("layer_norm", lambda x, w, b, normalized_shape: F.layer_norm(x, normalized_shape, w, b),
           R.layer_norm, norm_sample("layer"),
           lambda x, w, b, normalized_shape: TF().layer_norm(x, normalized_shape, w, b),
           errors=[_err(lambda d: ((_t(d, 2, 3), None, None), {"normalized_shape": (4,)}),
                        RuntimeError, r"Given normalized_shape=\[4\], expected input with "
                                      r"shape \[\*, 4\], but got input of size\[2, 3\]")]),
    OpInfo("group_norm", lambda x, w, b, num_groups: F.group_norm(x, num_groups, w, b),
           R.group_norm, norm_sample("group"),
           lambda x, w, b, num_groups: TF().group_norm(x, num_groups, w, b), errors=[
               _err(lambda d: ((_t(d, 1, 2), None, None), {"num_groups": 2}), ValueError,
                    r"Expected more than 1 value per channel when training, got input size "
                    r"\[1, 2\]"),
               _err(lambda d: ((_t(d, 4), None, None), {"num_groups": 2}), RuntimeError,
                    "Expected at least 2 dimensions for input tensor but received 1")]),
    OpInfo("cross_entropy", _with_weight(lambda: F.cross_entropy, "tt"), R.cross_entropy,
           class_sample(), _with_weight(lambda: TF().cross_entropy, "torch"), errors=[
               _err(lambda d: ((_t(d, 3, 4), tinytorch.tensor([0, 1], device=d)), {}),
                    ValueError, r"Expected input batch_size \(3\) to match target batch_size "
                                r"\(2\)"),
               _err(lambda d: ((_t(d, 2, 4), tinytorch.tensor([0, 4], device=d)), {}),
                    IndexError, "Target 4 is out of bounds"),
               _err(lambda d: ((_t(d, 2, 4), tinytorch.tensor([-1, 1], device=d)), {}),
                    IndexError, "Target -1 is out of bounds"),
               _err(lambda d: ((_t(d, 2, 4), tinytorch.tensor([0, 1], device=d)),
                               {"reduction": "avg"}),
                    ValueError, "avg is not a valid value for reduction")]),
    OpInfo("cross_entropy_probs", F.cross_entropy, R.cross_entropy_probs,
           class_sample(probs=True), _tf("cross_entropy")),
    OpInfo("nll_loss", _with_weight(lambda: F.nll_loss, "tt"), R.nll_loss,
           class_sample(log_probs=True), _with_weight(lambda: TF().nll_loss, "torch")),
    OpInfo("mse_loss", F.mse_loss, R.mse_loss, pair_sample(()), _tf("mse_loss"), errors=[
        _err(lambda d: ((_t(d, 2), _t(d, 2)), {"reduction": "bad"}), ValueError,
             "bad is not a valid value for reduction")]),
    OpInfo("l1_loss", F.l1_loss, R.l1_loss, pair_sample(), _tf("l1_loss")),
    OpInfo("smooth_l1_loss", F.smooth_l1_loss, R.smooth_l1_loss,
           pair_sample((0.0, 1.0, -1.0, 0.5, -0.5), beta=[1.0, 0.5]), _tf("smooth_l1_loss")),
    OpInfo("huber_loss", F.huber_loss, R.huber_loss,
           pair_sample((0.0, 1.0, -1.0, 2.0, -2.0), delta=[1.0, 2.0]), _tf("huber_loss")),
    OpInfo("binary_cross_entropy", F.binary_cross_entropy, R.binary_cross_entropy,
           bce_sample(), _tf("binary_cross_entropy"), errors=[
               _err(lambda d: ((_t(d, 2) * 2, _t(d, 2)), {}), RuntimeError,
                    "all elements of input should be between 0 and 1"),
               _err(lambda d: ((_t(d, 2) * 0.5, _t(d, 3)), {}), ValueError,
                    "that is different to the input size")]),
    OpInfo("binary_cross_entropy_with_logits", _bce_logits("tt"),
           R.binary_cross_entropy_with_logits, bce_sample(logits=True), _bce_logits("torch")),
    OpInfo("kl_div", _quiet(F.kl_div), R.kl_div, kl_sample(), _quiet(_tf("kl_div"))),
]

# Every op here supports double backward: gradgradcheck and second-order PyTorch parity run
# for each differentiable one.
OPS = [dataclasses.replace(op, gradgrad=op.grad) for op in OPS]
