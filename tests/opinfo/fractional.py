"""Op database entries for F.fractional_max_pool2d / 3d (their layers and bit-for-bit parity
with fixed samples: tests/nn/test_fractional_max_pool.py).

The samples travel as a nested list keyword (made a tensor of the input's dtype by the
wrappers), drawn from values whose window starts are far from rounding boundaries, so the
float64 reference places the windows as the float32 run does. The reference loops over the
windows from PyTorch's interval formula; inputs are distinct (one maximum per window).
"""

import itertools

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo.nn import distinct

SAMPLE_VALUES = [0.137, 0.421, 0.733, 0.918]


def _starts(u, n, o, k):
    if o == 1:
        return [n - k]
    alpha = (n - k) / (o - 1)
    return [int((i + u) * alpha) - int(u * alpha) for i in range(o - 1)] + [n - k]


def fractional_ref(x, kernel_size, output_size, samples):
    """Loops over planes and output positions; the 2-D kernel's first sample drives W."""
    samples = np.asarray(samples)
    dims = samples.shape[-1]
    y = np.empty(x.shape[:2] + tuple(output_size))
    for n, c in itertools.product(*map(range, x.shape[:2])):
        u = samples[n, c][::-1] if dims == 2 else samples[n, c]
        starts = [_starts(v, s, o, k) for v, s, o, k in
                  zip(u, x.shape[2:], output_size, kernel_size)]
        for pos in itertools.product(*map(range, output_size)):
            window = tuple(slice(s[p], s[p] + k) for s, p, k in zip(starts, pos, kernel_size))
            y[(n, c) + pos] = x[(n, c) + window].max()
    return y


def _pool(lib, dims):
    def call(x, kernel_size, output_size, samples):
        kw = {"device": x.device} if lib is tinytorch else {}
        u = lib.tensor(samples, dtype=x.dtype, **kw)
        return getattr(lib.nn.functional, f"fractional_max_pool{dims}d")(
            x, kernel_size, output_size, _random_samples=u)
    return call


def _torch_pool(dims):
    def call(*args, **kwargs):
        import torch
        return _pool(torch, dims)(*args, **kwargs)
    return call


@st.composite
def fractional_sample(draw, dims):
    batch, channels = draw(st.integers(1, 2)), 2
    sizes = tuple(draw(st.integers(2, 5)) for _ in range(dims))
    kernel = tuple(draw(st.integers(1, min(2, s))) for s in sizes)
    slack = int(dims == 3)  # the 3-D checks leave one spare row
    output = tuple(draw(st.integers(1, max(s - k + 1 - slack, 1))) for s, k in
                   zip(sizes, kernel))
    sizes = tuple(s + (slack if o + k - 1 >= s else 0) for s, k, o in
                  zip(sizes, kernel, output))
    u = [[[draw(st.sampled_from(SAMPLE_VALUES)) for _ in range(dims)]
          for _ in range(channels)] for _ in range(batch)]
    x = draw(distinct((batch, channels) + sizes))
    return Sample((x,), {"kernel_size": kernel, "output_size": output, "samples": u})


def _too_large(device):
    return (tinytorch.zeros(1, 1, 4, 4, device=device), 3, (3, 3), [[[0.5, 0.5]]]), {}


OPS = [
    OpInfo("fractional_max_pool2d", _pool(tinytorch, 2), fractional_ref,
           fractional_sample(2), _torch_pool(2), errors=[ErrorCase(
               _too_large, RuntimeError,
               "fractional_max_pool2d\\(\\): pool height 3 too large relative to input height 4")]),
    OpInfo("fractional_max_pool3d", _pool(tinytorch, 3), fractional_ref,
           fractional_sample(3), _torch_pool(3)),
]
