"""Op database entries for image resampling (``affine_sample``): a per-pixel reference
written from TensorFlow's ImageProjectiveTransform rules (NOTE [Affine resampling]), and
PyTorch parity through ``grid_sample`` for the modes it shares (bilinear; constant 0 =
'zeros', reflect = 'reflection', nearest = 'border')."""

import math

import numpy as np
from hypothesis import strategies as st

from tinytorch.datasets.transforms.functional import affine_sample
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats

_EIGHTHS = st.integers(-16, 16).map(lambda k: k / 8)  # exact in float32 and float64


def _map(c, n, mode):
    if mode == "constant":
        return c
    if n <= 1:
        return 0.0
    if mode == "reflect":
        if c < 0:
            c += 2 * n * math.trunc(-c / (2 * n))
            c = c + 2 * n if c < -n else -c - 1
        elif c > n - 1:
            c -= 2 * n * math.trunc(c / (2 * n))
            c = 2 * n - c - 1 if c >= n else c
    elif mode == "wrap":
        if c < 0:
            c += n * (math.trunc(-c / (n - 1)) + 1)
        elif c > n - 1:
            c -= n * math.trunc(c / (n - 1))
    return min(max(c, 0.0), n - 1.0)


def reference(x, matrices, interpolation, fill_mode, fill_value):
    n, channels, h, w = x.shape
    out = np.empty_like(x)

    def read(b, r, c):
        inside = 0 <= r <= h - 1 and 0 <= c <= w - 1
        return x[b, :, int(r), int(c)] if inside else np.full(channels, fill_value)

    for b in range(n):
        for i in range(h):
            for j in range(w):
                m = matrices[b]
                sx = _map(m[0, 0] * j + m[0, 1] * i + m[0, 2], w, fill_mode)
                sy = _map(m[1, 0] * j + m[1, 1] * i + m[1, 2], h, fill_mode)
                if interpolation == "nearest":
                    out[b, :, i, j] = read(b, np.rint(sy), np.rint(sx))
                    continue
                x0, y0 = math.floor(sx), math.floor(sy)
                ax, ay = sx - x0, sy - y0
                top = (1 - ax) * read(b, y0, x0) + ax * read(b, y0, x0 + 1)
                bottom = (1 - ax) * read(b, y0 + 1, x0) + ax * read(b, y0 + 1, x0 + 1)
                out[b, :, i, j] = (1 - ay) * top + ay * bottom
    return out


@st.composite
def sample(draw, torch_modes=False):
    n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    x = draw(floats((n, c, h, w)))
    entries = draw(st.lists(_EIGHTHS, min_size=6 * n, max_size=6 * n))
    shifts = draw(st.lists(st.integers(-12, 12).map(lambda k: k / 4), min_size=2 * n,
                           max_size=2 * n))
    m = np.array(entries, dtype=np.float64).reshape(n, 2, 3)
    m[:, :, 2] = np.array(shifts).reshape(n, 2)
    if torch_modes:
        kwargs = {"interpolation": "bilinear", "fill_value": 0.0,
                  "fill_mode": draw(st.sampled_from(["constant", "reflect", "nearest"]))}
    else:
        kwargs = {"interpolation": draw(st.sampled_from(["nearest", "bilinear"])),
                  "fill_mode": draw(st.sampled_from(["constant", "reflect", "wrap",
                                                     "nearest"])),
                  "fill_value": draw(_EIGHTHS)}
    return Sample((x, m), kwargs)


def _torch_affine_sample(x, m, interpolation, fill_mode, fill_value):
    import torch
    n, _, h, w = x.shape
    rows = torch.arange(h, dtype=x.dtype).reshape(1, h, 1)
    cols = torch.arange(w, dtype=x.dtype).reshape(1, 1, w)
    m = m.reshape(n, 2, 3, 1, 1)
    px = m[:, 0, 0] * cols + m[:, 0, 1] * rows + m[:, 0, 2]
    py = m[:, 1, 0] * cols + m[:, 1, 1] * rows + m[:, 1, 2]
    grid = torch.stack([(2 * px + 1) / w - 1, (2 * py + 1) / h - 1], -1)
    padding = {"constant": "zeros", "reflect": "reflection", "nearest": "border"}[fill_mode]
    return torch.nn.functional.grid_sample(x, grid, mode=interpolation, padding_mode=padding,
                                           align_corners=False)


def _images(d):
    import tinytorch
    return tinytorch.ones(1, 1, 2, 2, device=d), tinytorch.zeros(1, 2, 3, device=d)


OPS = [
    OpInfo("affine_sample", affine_sample, reference, sample(), grad=False, errors=[
        ErrorCase(lambda d: (_images(d), {"fill_mode": "mirror"}), ValueError,
                  "fill_mode must be one of"),
        ErrorCase(lambda d: (_images(d), {"interpolation": "bicubic"}), ValueError,
                  "interpolation must be one of"),
        ErrorCase(lambda d: ((_images(d)[0], _images(d)[1][:, :1]), {}), ValueError,
                  r"expects images \(N, C, H, W\) and matrices \(N, 2, 3\)")]),
    OpInfo("affine_sample_torch_modes", affine_sample, reference, sample(torch_modes=True),
           _torch_affine_sample, grad=False, atol=1e-9),
]
