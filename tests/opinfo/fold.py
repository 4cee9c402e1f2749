"""Op database entries for ``F.unfold`` / ``F.fold`` (sliding blocks): kernel, dilation,
padding and stride as ints or pairs, batched and unbatched, square and not, blocks that
overlap (stride < kernel), tile (stride = kernel) and leave gaps (stride > kernel). The
modules are tested in tests/nn/test_fold.py."""

import re

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats
from tests.opinfo.nn import TF
from tests.opinfo.nn_refs import pair as _pair


def _blocks(size, kernel, dilation, padding, stride):
    return [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, d, p, s in
            zip(size, _pair(kernel), _pair(dilation), _pair(padding), _pair(stride))]


def _windows(size, kernel_size, dilation, padding, stride):
    """(block l, tap (i, j)) -> (row, column) in the padded plane, in PyTorch's order."""
    (kh, kw), (dh, dw), (sh, sw) = _pair(kernel_size), _pair(dilation), _pair(stride)
    bh, bw = _blocks(size, kernel_size, dilation, padding, stride)
    return [[(r * sh + i * dh, q * sw + j * dw) for r in range(bh) for q in range(bw)]
            for i in range(kh) for j in range(kw)]


def unfold_ref(x, kernel_size, dilation=1, padding=0, stride=1):
    """y[n, c * kh * kw + tap, l] = x_pad[n, c, window of block l at that tap]."""
    ph, pw = _pair(padding)
    xp = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)])
    taps = _windows(x.shape[-2:], kernel_size, dilation, padding, stride)
    rows = [np.stack([xp[..., r, q] for r, q in tap], -1) for tap in taps]  # each (.., C, L)
    y = np.stack(rows, -2)  # (.., C, kh*kw, L)
    return y.reshape(y.shape[:-3] + (-1, y.shape[-1]))


def fold_ref(cols, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Each column's values added at the positions unfold read them from."""
    (h, w), (ph, pw) = _pair(output_size), _pair(padding)
    taps = _windows((h, w), kernel_size, dilation, padding, stride)
    lead = cols.shape[:-2]
    c = cols.shape[-2] // len(taps)
    src = cols.reshape(lead + (c, len(taps), cols.shape[-1]))
    out = np.zeros(lead + (c, h + 2 * ph, w + 2 * pw))
    for t, tap in enumerate(taps):
        for l, (r, q) in enumerate(tap):
            out[..., r, q] += src[..., t, l]
    return out[..., ph:ph + h, pw:pw + w]


@st.composite
def _options(draw):
    """(kernel_size, dilation, padding, stride) as ints or pairs, and an input plane that
    fits at least one block."""
    kernel = draw(st.sampled_from([1, 2, 3, (1, 2), (3, 2)]))
    dilation = draw(st.sampled_from([1, 1, 2, (1, 2)]))
    padding = draw(st.sampled_from([0, 0, 1, (0, 1)]))
    stride = draw(st.sampled_from([1, 2, 3, (2, 1)]))
    size = tuple(max(1, d * (k - 1) + 1 - 2 * p) + draw(st.integers(0, 3)) for k, d, p in
                 zip(_pair(kernel), _pair(dilation), _pair(padding)))
    return {"kernel_size": kernel, "dilation": dilation, "padding": padding,
            "stride": stride}, size


@st.composite
def unfold_sample(draw):
    options, size = draw(_options())
    lead = draw(st.sampled_from([(1,), (2,), ()]))
    return Sample((draw(floats(lead + (draw(st.integers(1, 2)),) + size)),), options)


@st.composite
def fold_sample(draw):
    options, size = draw(_options())
    kh, kw = _pair(options["kernel_size"])
    blocks = _blocks(size, *options.values())
    lead = draw(st.sampled_from([(1,), (2,), ()]))
    shape = lead + (draw(st.integers(1, 2)) * kh * kw, blocks[0] * blocks[1])
    return Sample((draw(floats(shape)),), dict(options, output_size=size))


def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, device=d, dtype=dtype)


def _err(make, exc, message):
    return ErrorCase(make, exc, re.escape(message))


def _unfold(shape, kernel_size=2, dtype=None, **kw):
    return lambda d: ((_t(d, *shape, dtype=dtype), kernel_size), kw)


def _fold(shape, output_size=(5, 6), kernel_size=2, dtype=None, **kw):
    return lambda d: ((_t(d, *shape, dtype=dtype), output_size, kernel_size), kw)


_BLOCKS = "kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1)"
UNFOLD_ERRORS = [
    _err(_unfold((3, 5)), IndexError,
         "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    _err(lambda d: ((tinytorch.tensor(1.0, device=d), 2), {}), IndexError,
         "Dimension specified as 1 but tensor has no dimensions"),
    _err(_unfold((1, 2, 3, 5, 6)), RuntimeError,
         "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
         "dimensions for input, but got: [1, 2, 3, 5, 6]"),
    _err(_unfold((2, 0, 5, 6)), RuntimeError, "but got: [2, 0, 5, 6]"),
    _err(_unfold((0, 5, 6)), RuntimeError, "but got: [0, 5, 6]"),
    _err(_unfold((2, 3, 5, 6), 0, stride=0), RuntimeError,
         "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0"),
    _err(_unfold((2, 3, 5, 6), stride=0, dilation=(1, 0)), RuntimeError,
         "dilation should be greater than zero, but got dilation_height: 1 dilation_width: 0"),
    _err(_unfold((2, 3, 5, 6), stride=0, padding=-1), RuntimeError,
         "padding should be non-negative, but got pad_height: -1 pad_width: -1"),
    _err(_unfold((2, 3, 5, 6), stride=(0, 1)), RuntimeError,
         "stride should be greater than zero, but got stride_height: 0 stride_width: 1"),
    _err(_unfold((2, 3, 5, 6), (7, 1)), RuntimeError,
         "Given input with spatial size (5, 6), kernel_size=(7, 1), dilation=(1, 1), "
         "padding=(0, 0), calculated shape of the array of sliding blocks as (-1, 6), but its "
         "components must be at least one."),
    _err(_unfold((2, 3, 5, 6), (2, 2, 2)), RuntimeError,
         "It is expected kernel_size equals to 2, but got size 3"),
    _err(_unfold((2, 3, 5, 6), 2.5), TypeError,
         "im2col(): argument 'kernel_size' (position 2) must be tuple of ints, but found "
         "element of type float at pos 0"),
    _err(_unfold((2, 3, 5, 6), dtype=tinytorch.int64), NotImplementedError,
         "\"im2col_out_cpu\" not implemented for 'Long'"),
    _err(_unfold((2, 3, 5, 6), 7, dtype=tinytorch.int64), RuntimeError,
         "calculated shape of the array of sliding blocks as (-1, 0)"),
]
FOLD_ERRORS = [
    _err(_fold((20,)), RuntimeError,
         "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
         "non-zero dimensions for input, but got: [20]"),
    _err(_fold((2, 0, 20)), RuntimeError, "non-zero dimensions for input, but got: [2, 0, 20]"),
    _err(_fold((2, 12, 20), kernel_size=0, stride=0), RuntimeError,
         "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0"),
    _err(_fold((2, 12, 20), kernel_size=1, stride=0, dilation=0), RuntimeError,
         "stride should be greater than zero, but got stride_height: 0 stride_width: 0"),
    _err(_fold((2, 12, 20), dilation=0, padding=-1), RuntimeError,
         "dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0"),
    _err(_fold((2, 12, 20), padding=(0, -1)), RuntimeError,
         "padding should be non-negative, but got pad_height: 0 pad_width: -1"),
    _err(_fold((2, 12, 20), kernel_size=3), RuntimeError,
         "Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
         "but got input.size(1)=12 and kernel_size=(3, 3)."),
    _err(_fold((2, 12, 20), output_size=(5, 7)), RuntimeError,
         "Given output_size=(5, 7), " + _BLOCKS + ", expected size of input's dimension 2 to "
         "match the calculated number of sliding blocks 4 * 6 = 24, but got input.size(2)=20."),
    _err(_fold((2, 4, 4), output_size=(-1, -1)), RuntimeError,
         "Given output_size=(-1, -1), " + _BLOCKS + ", calculated shape of the array of "
         "sliding blocks as (-2, -2), which is too small (non-positive)"),
    _err(_fold((2, 1, 2), output_size=(0, 1), kernel_size=1, padding=(1, 0)), RuntimeError,
         "Expected output spatial size to be positive, but got: output_size=(0, 1)."),
    _err(_fold((12, 20), stride=(2,)), RuntimeError,
         "It is expected stride equals to 2, but got size 1"),
    _err(_fold((2, 12, 20), output_size=(5, 6.0)), TypeError,
         "col2im(): argument 'output_size' failed to unpack the object at pos 2 with error "
         "\"type must be tuple of ints,but got float\""),
    _err(_fold((2, 12, 20), dtype=tinytorch.int32), NotImplementedError,
         "\"col2im_out_cpu\" not implemented for 'Int'"),
    _err(_fold((2, 12, 20), output_size=(5, 7), dtype=tinytorch.int32), RuntimeError,
         "calculated number of sliding blocks 4 * 6 = 24, but got input.size(2)=20."),
]

OPS = [
    OpInfo("unfold", F.unfold, unfold_ref, unfold_sample(), lambda *a, **kw: TF().unfold(
        *a, **kw), gradgrad=True, errors=UNFOLD_ERRORS),
    OpInfo("fold", F.fold, fold_ref, fold_sample(), lambda *a, **kw: TF().fold(*a, **kw),
           gradgrad=True, errors=FOLD_ERRORS),
]
