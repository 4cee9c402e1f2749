"""Measures tinytorch's lgamma, digamma and polygamma against mpmath (40 digits) and prints the
worst relative errors next to PyTorch's, float64 and float32 (NOTE [lgamma, digamma and
polygamma] quotes its figures). Needs mpmath and torch (both come with the test extras' torch).

    python scripts/special_accuracy.py
"""

import warnings

import mpmath
import numpy as np
import torch

from tinytorch.backends._array_api import _special

mpmath.mp.dps = 40


def _points():
    rng = np.random.default_rng(0)
    xs = np.concatenate([rng.uniform(-50, 50, 3000), rng.uniform(0, 3, 3000),
                         rng.uniform(3, 1e3, 2000), np.exp(rng.uniform(-30, 30, 1000)),
                         rng.uniform(0.999, 1.001, 500), rng.uniform(1.999, 2.001, 500)])
    return xs[np.abs(xs - np.round(xs)) > 1e-9]  # off the poles


CASES = [
    ("lgamma", lambda x: _special.lgamma(np, x), torch.lgamma,
     lambda v: mpmath.log(abs(mpmath.gamma(v)))),
    ("digamma", lambda x: _special.digamma(np, x), torch.digamma, mpmath.digamma),
    ("polygamma(1, x)", lambda x: _special.polygamma(np, 1, x),
     lambda t: torch.polygamma(1, t), lambda v: mpmath.polygamma(1, v)),
    ("polygamma(3, x)", lambda x: _special.polygamma(np, 3, x),
     lambda t: torch.polygamma(3, t), lambda v: mpmath.polygamma(3, v)),
]


def _relative(got, want):
    return np.abs(got - want) / np.maximum(np.abs(want), 1e-300)


def main():
    xs = _points()
    for name, ours, theirs, exact in CASES:
        x = xs if name != "polygamma(3, x)" else xs[np.abs(xs) < 1e6]  # PyTorch loops |x| times
        want = np.array([float(exact(mpmath.mpf(float(v)))) for v in x])
        for dtype in (np.float64, np.float32):
            xd = x.astype(dtype)
            want_d = want if dtype is np.float64 else np.array(
                [float(exact(mpmath.mpf(float(v)))) for v in xd])
            finite = np.isfinite(want_d)
            got = _relative(ours(xd).astype(np.float64), want_d)[finite]
            ref = _relative(theirs(torch.from_numpy(xd)).double().numpy(), want_d)[finite]
            positive = (xd > 0)[finite]
            print(f"{name:16} {np.dtype(dtype).name:8} tinytorch max {got.max():.1e} "
                  f"(x > 0: {got[positive].max():.1e}, median {np.median(got):.1e}); "
                  f"PyTorch max {ref.max():.1e} (x > 0: {ref[positive].max():.1e})")


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        main()
