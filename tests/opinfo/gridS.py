"""Op database entries for ``F.grid_sample`` (2-D and 3-D; every mode, padding mode and
align_corners; grids reaching outside the input) and ``F.affine_grid``, with PyTorch's
errors. tests/nn/test_grid_sample.py adds the fixed torch comparisons of every combination,
float32, ties of 'nearest', the warnings and a spatial transformer."""

import itertools
import math

import numpy as np
from hypothesis import strategies as st

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.nn import TF


# --- grid_sample -------------------------------------------------------------------------------
@st.composite
def grid_sample_sample(draw):
    dims = draw(st.sampled_from([2, 3]))
    mode = draw(st.sampled_from(["bilinear", "nearest", "bicubic"] if dims == 2 else
                                ["bilinear", "nearest"]))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))  # no exact kinks
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    spatial = tuple(draw(st.integers(1, 4)) for _ in range(dims))
    out = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    x = rng.uniform(-2, 2, (n, c) + spatial)
    grid = rng.uniform(-1.3, 1.3, (n,) + out + (dims,))
    return Sample((x, grid), {"mode": mode, "align_corners": draw(st.booleans()),
                              "padding_mode": draw(st.sampled_from(["zeros", "border",
                                                                    "reflection"]))})


def _reflect(c, low, high):
    """c reflected into [low / 2, high / 2] (PyTorch's reflect_coordinates)."""
    if low == high:
        return 0.0
    lo, span = low / 2, (high - low) / 2
    c = abs(c - lo)
    extra, flips = math.fmod(c, span), math.floor(c / span)
    return extra + lo if flips % 2 == 0 else span - extra + lo


def _padded(c, n, padding_mode, align_corners):
    if padding_mode == "reflection":
        c = _reflect(c, 0, 2 * (n - 1)) if align_corners else _reflect(c, -1, 2 * n - 1)
    return min(max(c, 0.0), n - 1.0) if padding_mode != "zeros" else c


def _cubic(t, a=-0.75):
    t = abs(t)
    if t <= 1:
        return ((a + 2) * t - (a + 3)) * t * t + 1
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a if t < 2 else 0.0


def _taps(c, n, mode, padding_mode, align_corners):
    """[(index, weight)] of one grid coordinate along a dim of n pixels."""
    c = (c + 1) / 2 * (n - 1) if align_corners else ((c + 1) * n - 1) / 2
    if mode == "bicubic":
        i0 = math.floor(c)
        taps = [(int(_padded(i, n, padding_mode, align_corners)), _cubic(c - i))
                for i in range(i0 - 1, i0 + 3)]
    else:
        c = _padded(c, n, padding_mode, align_corners)
        i0 = math.floor(c)
        taps = [(int(np.rint(c)), 1.0)] if mode == "nearest" else \
            [(i0, i0 + 1 - c), (i0 + 1, c - i0)]
    return [(i, w) for i, w in taps if 0 <= i < n]  # outside reads 0


def grid_sample_ref(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False):
    dims = grid.shape[-1]
    out = np.zeros(x.shape[:2] + grid.shape[1:-1])
    for n in range(x.shape[0]):
        for p in np.ndindex(*grid.shape[1:-1]):
            per_dim = [_taps(grid[(n,) + p + (dims - 1 - d,)], x.shape[2 + d], mode,
                             padding_mode, align_corners) for d in range(dims)]
            for combo in itertools.product(*per_dim):
                index = tuple(i for i, _ in combo)
                out[(n, slice(None)) + p] += x[(n, slice(None)) + index] * math.prod(
                    w for _, w in combo)
    return out


# --- affine_grid -------------------------------------------------------------------------------
@st.composite
def affine_grid_sample(draw):
    dims = draw(st.sampled_from([2, 3]))
    n = draw(st.integers(1, 2))
    theta = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1))).standard_normal(
        (n, dims, dims + 1))
    size = (n, draw(st.integers(1, 3))) + tuple(draw(st.integers(2, 4)) for _ in range(dims))
    return Sample((theta,), {"size": size, "align_corners": draw(st.booleans())})


def affine_grid_ref(theta, size, align_corners=False):
    """grid[n, ..., :] = theta[n] @ (x, y[, z], 1), x along the last dim, in [-1, 1] (pixel
    centres of the edge pixels with align_corners, else pixel edges)."""
    def points(k):
        p = np.linspace(-1, 1, k)
        return p if align_corners else p * (k - 1) / k
    spatial = size[2:]
    coords = list(np.meshgrid(*[points(k) for k in spatial], indexing="ij"))[::-1]
    base = np.stack(coords + [np.ones(spatial)], -1)
    return np.einsum("...k,njk->n...j", base, theta)


# --- errors ------------------------------------------------------------------------------------
def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, device=d, dtype=dtype)


def _gs(x_shape, grid_shape, match, exc=RuntimeError, x_dtype=None, grid_dtype=None, **kw):
    return ErrorCase(lambda d: ((_t(d, *x_shape, dtype=x_dtype),
                                 _t(d, *grid_shape, dtype=grid_dtype)),
                                {"align_corners": False, **kw}), exc, match)


def _ag(theta_shape, size, match, exc=ValueError, dtype=None):
    return ErrorCase(lambda d: ((_t(d, *theta_shape, dtype=dtype),),
                                {"size": size, "align_corners": False}), exc, match)


_GS_ERRORS = [
    _gs((1, 1, 2, 2), (1, 1, 1, 2), "expected mode to be 'bilinear', 'nearest' or 'bicubic', "
        "but got: 'linear'", ValueError, mode="linear"),
    _gs((1, 1, 2, 2), (1, 1, 1, 2), "expected padding_mode to be 'zeros', 'border', or "
        "'reflection', but got: 'same'", ValueError, padding_mode="same"),
    _gs((2, 3, 4, 5), (3, 6, 7, 2), r"grid_sampler\(\): expected grid and input to have same "
        r"batch size, but got input with sizes \[2, 3, 4, 5\] and grid with sizes "
        r"\[3, 6, 7, 2\]"),
    _gs((2, 3, 4, 5), (2, 6, 7, 3), r"expected grid to have size 2 in last dimension, but got "
        r"grid with sizes \[2, 6, 7, 3\]"),
    _gs((2, 3, 0, 5), (2, 6, 7, 2), r"expected input to have non-empty spatial dimensions, but "
        r"input has sizes \[2, 3, 0, 5\] with dimension 2 being empty"),
    _gs((2, 3, 4, 5), (2, 6, 7, 8, 2), r"expected 4D input and grid with same number of "
        r"dimensions, but got input with sizes \[2, 3, 4, 5\]"),
    _gs((1, 1, 2, 2, 2), (1, 1, 1, 1, 3), "bicubic interpolation only supports 4D input",
        mode="bicubic"),
    _gs((1, 1, 2, 2), (1, 1, 1, 2), "expected scalar type Float but found Double",
        grid_dtype=tinytorch.float64),
    _gs((1, 1, 2, 2), (1, 1, 1, 2), r"\"grid_sampler_2d_\w*\" not implemented for 'Long'",
        NotImplementedError, x_dtype=tinytorch.int64, grid_dtype=tinytorch.int64),  # device's
]
_AG_ERRORS = [
    _ag((2, 2, 3), (2, 3, 6, 7), r"Expected theta to have floating point type, but got "
        r"(tiny)?torch.int64", dtype=tinytorch.int64),
    _ag((2, 3, 3), (2, 3, 6, 7), r"Expected a batch of 2D affine matrices of shape Nx2x3 for "
        r"size \(2, 3, 6, 7\). Got torch.Size\(\[2, 3, 3\]\)."),
    _ag((2, 2, 3), (2, 3, 4, 6, 7), r"Expected a batch of 3D affine matrices of shape Nx3x4"),
    _ag((2, 2, 3), (2, 3, 6), r"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine "
        r"transforms, respectively. Got size \(2, 3, 6\).", NotImplementedError),
    _ag((2, 2, 3), (2, 0, 6, 7), r"Expected non-zero, positive output size. Got "
        r"\(2, 0, 6, 7\)"),
    _ag((2, 2, 3), (3, 3, 6, 7), r"Expected size for first two dimensions of batch2 tensor to "
        r"be: \[3, 3\] but got: \[2, 3\].", RuntimeError),
]

OPS = [
    OpInfo("grid_sample", F.grid_sample, grid_sample_ref, grid_sample_sample(),
           lambda x, grid, **kw: TF().grid_sample(x, grid, **kw), errors=_GS_ERRORS,
           gradgrad=False),  # its backward is a kernel with no differentiable form
    OpInfo("affine_grid", F.affine_grid, affine_grid_ref, affine_grid_sample(),
           lambda theta, **kw: TF().affine_grid(theta, **kw), gradgrad=True,
           errors=_AG_ERRORS),
]
