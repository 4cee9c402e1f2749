"""Op database entries for nnK's ``tinytorch.nn.functional`` functions: embedding_bag,
channel_shuffle and conv_transpose1d (their modules, state dicts, ``output_size`` and the
gradient scaling by frequency are tested in tests/nn/test_nnK_layers.py)."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo import nn_refs as R
from tests.opinfo.nn import _tf
from tests.opinfo.nn import conv_sample


def _t(d, *shape):
    return tinytorch.ones(*shape, device=d)


def _long(d, values):
    return tinytorch.tensor(values, device=d)


# --- embedding_bag ------------------------------------------------------------------------------
@st.composite
def embedding_bag_sample(draw):
    rows, dim = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    # rows a unit apart, so a bag's maximum is never a tie (max has no derivative there)
    w = draw(floats((rows, dim), -0.3, 0.3)) + np.arange(rows * dim).reshape(rows, dim)
    mode = draw(st.sampled_from(["sum", "mean", "max"]))
    n = draw(st.integers(0, 6))
    idx = np.array(draw(st.lists(st.integers(0, rows - 1), min_size=n, max_size=n)), np.int64)
    kwargs = {"mode": mode, "padding_idx": draw(st.sampled_from([None, 0, -1]))}
    offsets = None
    if n and n % 2 == 0 and draw(st.booleans()):
        idx = idx.reshape(2, n // 2)
    else:
        offsets = [0] + sorted(draw(st.lists(st.integers(0, n), max_size=3)))
        if draw(st.booleans()):
            offsets, kwargs["include_last_offset"] = offsets + [n], True
        offsets = np.array(offsets, np.int64)
    psw = draw(floats(idx.shape)) if mode == "sum" and draw(st.booleans()) else None
    return Sample((idx, w, offsets, psw), kwargs)


def _embedding_bag_ref(idx, w, offsets, psw, mode="mean", padding_idx=None,
                       include_last_offset=False):
    flat = idx.reshape(-1)
    if idx.ndim == 2:
        starts = list(range(0, flat.size, idx.shape[1]))
    else:
        starts = list(offsets[:-1] if include_last_offset else offsets)
    pad = None if padding_idx is None else padding_idx % w.shape[0]
    out = np.zeros((len(starts), w.shape[1]))
    for b, (s, e) in enumerate(zip(starts, starts[1:] + [flat.size])):
        keep = [i for i in range(s, e) if flat[i] != pad]
        if keep:
            rows = w[flat[keep]] * (1.0 if psw is None else psw.reshape(-1)[keep][:, None])
            out[b] = getattr(rows, mode)(axis=0)
    return out


def _embedding_bag(fn):
    """(indices, weight, offsets, per_sample_weights) positionally, so all four are tensors."""
    return lambda idx, w, offsets, psw, **kw: fn(idx, w, offsets, per_sample_weights=psw, **kw)


def _bag_err(make_args, exc, match, **kwargs):
    return ErrorCase(lambda d: (make_args(d), kwargs), exc, match)


_BAG_ERRORS = [
    _bag_err(lambda d: (_long(d, [0, 1]), _t(d, 3, 2), _long(d, [1]), None), RuntimeError,
             r"offsets\[0\] has to be 0, i.e., the first sequence in the mini-batch has to "
             r"start from position 0. However, got 1"),
    _bag_err(lambda d: (_long(d, [0, 1]), _t(d, 3, 2), _long(d, [0, 3]), None), RuntimeError,
             r"offsets\[-1\] can not be greater than input's length 2 but got offsets\[-1\] "
             r"of 3"),
    _bag_err(lambda d: (_long(d, [0, 1, 2]), _t(d, 3, 2), _long(d, [0, 2, 1]), None),
             RuntimeError, r"embedding_bag: offsets must be non-decreasing, but got \[0, 2, 1\]"),
    _bag_err(lambda d: (_long(d, [0, 1]), _t(d, 3, 2), _long(d, [0]), None), RuntimeError,
             r"offsets needs at least 2 entries with include_last_offset=True, but got 1",
             include_last_offset=True),
    _bag_err(lambda d: (_long(d, [0, 3]), _t(d, 3, 2), _long(d, [0]), None), RuntimeError,
             r"embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be 3"),
    _bag_err(lambda d: (_t(d, 2), _t(d, 3, 2), _long(d, [0]), None), RuntimeError,
             r"Expected tensor for argument #1 'indices' to have one of the following scalar "
             r"types: Long, Int; but got torch.(cuda.)?FloatTensor instead"),
    _bag_err(lambda d: (_long(d, [[0, 1]]), _t(d, 3, 2), _long(d, [0]), None), ValueError,
             r"if input is 2D, then offsets has to be None"),
    _bag_err(lambda d: (_long(d, [[[0]]]), _t(d, 3, 2), None, None), ValueError,
             r"input has to be 1D or 2D Tensor, but got Tensor of dimension 3"),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), None, None), ValueError,
             r"offsets has to be a 1D Tensor but got None"),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3), _long(d, [0]), None), ValueError,
             r"weight has to be a 2D Tensor, but got Tensor of dimension 1"),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), None), ValueError,
             r"mode has to be one of sum, mean or max", mode="min"),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), None), ValueError,
             r"max mode does not support scaling the gradient by the frequency", mode="max",
             scale_grad_by_freq=True),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), None), ValueError,
             r"max mode does not support sparse weights", mode="max", sparse=True),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), None), NotImplementedError,
             r"tinytorch has no sparse tensors", sparse=True),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), _t(d, 1)),
             NotImplementedError, r"per_sample_weights is only supported for mode='sum' \(got "
                                  r"mode='mean'\)"),
    _bag_err(lambda d: (_long(d, [0, 1]), _t(d, 3, 2), _long(d, [0]), _t(d, 1)), ValueError,
             r"embedding_bag: If per_sample_weights \(torch.Size\(\[1\]\)\) is not None, then "
             r"it must have the same shape as the input \(torch.Size\(\[2\]\)\)"),
    _bag_err(lambda d: (_long(d, [0]), _t(d, 3, 2), _long(d, [0]), None), RuntimeError,
             r"padding_idx must be within the number of embeddings, -3 through 2, but got 3",
             padding_idx=3),
]


# --- channel_shuffle ----------------------------------------------------------------------------
@st.composite
def channel_shuffle_sample(draw):
    groups, per = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rest = draw(st.sampled_from([(2,), (2, 3), (1, 2, 2), (0,)]))
    return Sample((draw(floats((draw(st.integers(0, 2)), groups * per) + rest)),),
                  {"groups": groups})


def _channel_shuffle_ref(x, groups):
    n, c, *rest = x.shape
    return x.reshape(n, groups, c // groups, *rest).swapaxes(1, 2).reshape(x.shape)


def _shuffle_err(shape, groups, exc, match):
    return ErrorCase(lambda d: ((_t(d, *shape),), {"groups": groups}), exc, match)


# --- conv_transpose1d ---------------------------------------------------------------------------
def _conv_transpose1d_ref(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                          dilation=1):
    y = R.conv_transpose2d(x[:, :, None], w[:, :, None], b, (1, stride), (0, padding),
                           (0, output_padding), groups, (1, dilation))
    return y[:, :, 0]


def _conv_err(x_shape, w_shape, kwargs, exc, match):
    return ErrorCase(lambda d: ((_t(d, *x_shape), _t(d, *w_shape)), kwargs), exc, match)


OPS = [
    OpInfo("embedding_bag", _embedding_bag(F.embedding_bag), _embedding_bag_ref,
           embedding_bag_sample(), _embedding_bag(_tf("embedding_bag")),
           errors=_BAG_ERRORS),
    OpInfo("channel_shuffle", F.channel_shuffle, _channel_shuffle_ref, channel_shuffle_sample(),
           _tf("channel_shuffle"), gradgrad=True, errors=[
               _shuffle_err((2, 6), 2, RuntimeError, r"channel_shuffle expects input with > 2 "
                                                     r"dims, but got input with sizes \[2, 6\]"),
               _shuffle_err((1, 6, 2), 0, RuntimeError, r"Number of groups to divide channels "
                                                        r"in must be positive. Value of "
                                                        r"groups:0"),
               _shuffle_err((1, 6, 2), 4, RuntimeError, r"Number of channels must be divisible "
                                                        r"by groups. Got 6 channels and 4 "
                                                        r"groups."),
               _shuffle_err((1, 6, 2), 2.0, TypeError, r"channel_shuffle\(\): argument "
                                                       r"'groups' \(position 2\) must be int, "
                                                       r"not float")]),
    OpInfo("conv_transpose1d", F.conv_transpose1d, _conv_transpose1d_ref,
           conv_sample(1, transposed=True), _tf("conv_transpose1d"), errors=[
               _conv_err((2, 3, 5), (4, 3, 3), {}, RuntimeError,
                         r"Given transposed=1, weight of size \[4, 3, 3\], expected "
                         r"input\[2, 3, 5\] to have 4 channels, but got 3 channels instead"),
               _conv_err((5,), (4, 3, 3), {}, RuntimeError,
                         r"Expected 2D \(unbatched\) or 3D \(batched\) input to "
                         r"conv_transpose1d, but got input of size: \[5\]"),
               _conv_err((2, 4, 5), (4, 3), {}, RuntimeError,
                         "weight should have at least three dimensions"),
               _conv_err((2, 4, 5), (4, 3, 3), {"stride": 2, "output_padding": 2},
                         RuntimeError, r"output padding must be smaller than either stride or "
                                       r"dilation, but got output_padding_height: 0 "
                                       r"output_padding_width: 2 stride_height: 1 "
                                       r"stride_width: 2 dilation_height: 1 dilation_width: 1"),
               _conv_err((2, 4, 5), (4, 3, 3), {"padding": 5}, RuntimeError,
                         r"Given input size per channel: \(1 x 5\). Calculated output size per "
                         r"channel: \(1 x -3\). Output size is too small"),
               _conv_err((2, 4, 5), (4, 3, 3), {"stride": (1, 2)}, RuntimeError,
                         r"expected stride to be a single integer value or a list of 1 values "
                         r"to match the convolution dimensions, but got stride=\[1, 2\]"),
               _conv_err((2, 4, 5), (4, 3, 3), {"padding": "same"}, TypeError,
                         r"conv_transpose1d\(\): argument 'padding' must be tuple of ints, "
                         r"not str")]),
]
