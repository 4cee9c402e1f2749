"""F.grid_sample over ``xp``: PyTorch's ``GridSampler.h`` rules, for 2-D and 3-D inputs.

NOTE [Grid sampling as taps]
Every mode is separable: along each spatial dim a grid coordinate ``c`` in [-1, 1] gives a few
taps, each an integer position, a weight, and the weight's derivative in ``c``. 'nearest' has
one tap (``rint``: ties to even, as ``std::nearbyint``), 'bilinear' two (the floor and the next,
after the padding mode has mapped the coordinate), 'bicubic' four (the padding mode maps each
tap's integer position instead, as PyTorch's ``get_value_bounded``). A tap outside the input
reads 0: it gets weight 0 at a clamped position. An output point is the sum, over every
combination of one tap per dim, of the input there times the product of the weights; the
input's gradient scatter-adds the same products back (``index_add``, the deterministic
scatter on CUDA), the grid's is the product rule over the weights. The chain factors of
unnormalisation, 'border' clipping and 'reflection' (0 at a clipped border, ±1 by the number
of reflections) are PyTorch's ``*_set_grad`` rules.
"""

import itertools
import math

from tinytorch.backends._array_api.nn_resample import _CUBIC_A
from tinytorch.backends._array_api.nn_resample import _cubic_far
from tinytorch.backends._array_api.nn_resample import _cubic_near


def _cubic_near_grad(t):
    return (3 * (_CUBIC_A + 2) * t - 2 * (_CUBIC_A + 3)) * t


def _cubic_far_grad(t):
    return (3 * _CUBIC_A * t - 10 * _CUBIC_A) * t + 8 * _CUBIC_A


class ArrayGridKernels:
    """``grid_sample`` and its backward; mixed into the array-API backend."""

    def _unnormalize(self, c, size, align_corners):
        """Pixel coordinate of grid coordinate c, and its derivative."""
        if align_corners:
            return (c + 1) / 2 * (size - 1), (size - 1) / 2
        return ((c + 1) * size - 1) / 2, size / 2

    def _pad(self, c, size, padding_mode, align_corners):
        """PyTorch's compute_coordinates: c mapped by the padding mode, and dc'/dc."""
        xp = self.xp
        one = xp.ones_like(c)
        if padding_mode == "reflection":
            low, high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
            if low == high:
                return xp.zeros_like(c), xp.zeros_like(c)
            lo, span = low / 2, (high - low) / 2
            shifted = c - lo
            sign = xp.where(shifted < 0, -one, one)
            shifted = xp.abs(shifted)
            extra = xp.fmod(shifted, span)
            even = xp.floor(shifted / span) % 2 == 0
            c = xp.where(even, extra + lo, span - extra + lo)
            one = xp.where(even, sign, -sign)
        if padding_mode != "zeros":
            inside = (c > 0) & (c < size - 1)
            c, one = xp.clip(c, 0, size - 1), xp.where(inside, one, 0)
        # safe_downgrade_to_int_range: what an int cannot hold reads as -100 (outside)
        ok = xp.isfinite(c) & (xp.abs(c) < 2.0 ** 31)
        return xp.where(ok, c, -100), one

    def _inside(self, i, size):
        """(clamped int64 positions, 0/1 mask of those inside [0, size))."""
        xp = self.xp
        return xp.clip(i, 0, size - 1).astype(xp.int64), ((i >= 0) & (i <= size - 1))

    def _grid_taps(self, c, size, mode, padding_mode, align_corners):
        """[(positions, weight, dweight/dc)] along one dim (NOTE [Grid sampling as taps])."""
        xp = self.xp
        c, scale = self._unnormalize(c, size, align_corners)
        if mode == "bicubic":
            i0 = xp.floor(c)
            t = c - i0
            ws = (_cubic_far(t + 1), _cubic_near(t), _cubic_near(1 - t), _cubic_far(2 - t))
            ds = (_cubic_far_grad(t + 1), _cubic_near_grad(t), -_cubic_near_grad(1 - t),
                  -_cubic_far_grad(2 - t))
            taps = []
            for k, w, d in zip((-1, 0, 1, 2), ws, ds):
                pos, inside = self._inside(self._pad(i0 + k, size, padding_mode,
                                                     align_corners)[0], size)
                taps.append((pos, w * inside, d * scale * inside))
            return taps
        c, dpad = self._pad(c, size, padding_mode, align_corners)
        if mode == "nearest":
            pos, inside = self._inside(xp.rint(c), size)
            return [(pos, inside.astype(c.dtype), None)]
        i0 = xp.floor(c)
        lam, dlam = c - i0, dpad * scale
        taps = []
        for i, w, d in ((i0, 1 - lam, -dlam), (i0 + 1, lam, dlam)):
            pos, inside = self._inside(i, size)
            taps.append((pos, w * inside, d * inside))
        return taps

    def _grid_combos(self, x_shape, grid, mode, padding_mode, align_corners):
        """Per combination of taps: flat positions into x as (C, N * prod(spatial)), and the
        per-dim taps (weights, derivatives) it combines."""
        xp = self.xp
        n, spatial = x_shape[0], x_shape[2:]
        dims = len(spatial)
        taps = [self._grid_taps(grid[..., dims - 1 - d], spatial[d], mode, padding_mode,
                                align_corners) for d in range(dims)]
        base = xp.arange(n).reshape((n,) + (1,) * dims) * math.prod(spatial)
        strides = [math.prod(spatial[d + 1:]) for d in range(dims)]
        for combo in itertools.product(*taps):
            flat = base + sum(pos * s for (pos, _, _), s in zip(combo, strides))
            yield flat, combo

    def _channels_first(self, x):
        """(N, C, *S) -> contiguous (C, N * prod(S))."""
        moved = self.xp.moveaxis(x, 1, 0)
        return self.xp.ascontiguousarray(moved).reshape(x.shape[1],
                                                        x.shape[0] * math.prod(x.shape[2:]))

    def grid_sample(self, x, grid, mode, padding_mode, align_corners):
        xp = self.xp
        table = self._channels_first(x)
        out = xp.zeros((x.shape[1],) + grid.shape[:-1], dtype=x.dtype)
        for flat, combo in self._grid_combos(x.shape, grid, mode, padding_mode, align_corners):
            out += xp.take(table, flat, axis=1) * math.prod(w for _, w, _ in combo)
        return xp.ascontiguousarray(xp.moveaxis(out, 0, 1))

    def grid_sample_backward(self, g, x, grid, mode, padding_mode, align_corners):
        xp = self.xp
        g_first = xp.moveaxis(g, 1, 0)
        table = self._channels_first(x)
        grad_grid = xp.zeros_like(grid)
        dims, c = grid.shape[-1], x.shape[1]
        flats, values = [], []
        for flat, combo in self._grid_combos(x.shape, grid, mode, padding_mode, align_corners):
            weights = [w for _, w, _ in combo]
            flats.append(flat.reshape(-1))
            values.append((g_first * math.prod(weights)).reshape(c, flat.size))
            if mode == "nearest":  # piecewise constant: no grid gradient, as PyTorch
                continue
            dot = (g_first * xp.take(table, flat, axis=1)).sum(0)
            for d in range(dims):
                rest = math.prod(w for e, w in enumerate(weights) if e != d)
                grad_grid[..., dims - 1 - d] += dot * combo[d][2] * rest
        # one flat index per element: NumPy's add.at is several times faster on 1-D targets
        positions = xp.concatenate(flats) + xp.arange(c)[:, None] * table.shape[1]
        grad_x = self.index_add((table.size,), (positions.reshape(-1),),
                                xp.concatenate(values, 1).reshape(-1), self._tt_dtype(x))
        grad_x = xp.moveaxis(grad_x.reshape((c, x.shape[0]) + x.shape[2:]), 0, 1)
        return xp.ascontiguousarray(grad_x), grad_grid
