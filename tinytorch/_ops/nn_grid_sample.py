"""Spatial transformers: F.affine_grid, composed of ops (a base grid of normalised coordinates
times theta transposed, so its gradient and double backward come from matmul), and
F.grid_sample, one op on the backend's ``grid_sample`` kernels (NOTE [Grid sampling as taps]);
its backward has no differentiable form, so double backward raises. Checks and messages are
PyTorch's, in its order."""

import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import join
from tinytorch._ops import linalg
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import not_implemented_for
from tinytorch.amp import autocast_mode as _autocast

_MODES = ("bilinear", "nearest", "bicubic")
_PADDING_MODES = ("zeros", "border", "reflection")
_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to "
                  "align_corners=False since 1.3.0. Please specify align_corners=True if the old "
                  "behavior is desired. See the documentation of grid_sample for details.")


class GridSample(Op):
    """y[n, c, p] = Σ over taps of x[n, c, tap] · Π_d w_d(grid[n, p, d]).
    dL/dx scatter-adds g · Π_d w_d back to the taps; dL/dgrid[..., d] = Σ g · x · w_d' Π_e w_e
    (0 for 'nearest'). Primitive: no double backward."""

    @staticmethod
    def forward(ctx, x, grid, mode, padding_mode, align_corners):
        ctx.save_for_backward(x, grid)
        ctx.options = (mode, padding_mode, align_corners)
        return ctx.backend.grid_sample(x, grid, mode, padding_mode, align_corners)

    @staticmethod
    def backward(ctx, g):
        x, grid = ctx.saved_tensors
        grad_x, grad_grid = ctx.backend.grid_sample_backward(g, x, grid, *ctx.options)
        return grad_x, grad_grid, None, None, None


def _default_align(align_corners):
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, UserWarning, stacklevel=3)
        return False
    return bool(align_corners)


def _check_grid_sampler(input, grid, mode):
    """at::native's check_grid_sampler_common, then its 2-D / 3-D checks and dtype dispatch."""
    if input.device != grid.device:
        raise RuntimeError(f"grid_sampler(): expected input and grid to be on same device, but "
                           f"input is on {input.device} and grid is on {grid.device}")
    sizes = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.ndim == 0 or grid.ndim == 0 or input.shape[0] != grid.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, "
                           f"but got {sizes}")
    if grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in last "
                           f"dimension, but got grid with sizes {list(grid.shape)}")
    for i in range(2, input.ndim):
        if input.shape[i] <= 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {i} being empty")
    dims = 2 if input.ndim == 4 else 3
    if input.ndim != dims + 2 or grid.ndim != input.ndim:
        raise RuntimeError(f"grid_sampler(): expected {dims + 2}D input and grid with same "
                           f"number of dimensions, but got {sizes}")
    if dims == 3 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if not input.dtype.is_floating_point:
        not_implemented_for("grid_sampler_2d_cpu_kernel_impl" if dims == 2 else
                            "grid_sampler3d_cpu", input)
    if grid.dtype is not input.dtype:
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"expected scalar type {names[input.dtype]} but found "
                           f"{names[grid.dtype]}")


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Samples ``input`` at the locations in ``grid``: normalised coordinates, -1 the
    input's left/top/front edge (or first pixel centre with ``align_corners=True``), 1 the
    opposite one. ``grid[n, ..., 0]`` is x (width), ``1`` is y (height), ``2`` is z (depth).

    Args:
        input (Tensor): (N, C, H, W), or (N, C, D, H, W).
        grid (Tensor): (N, H_out, W_out, 2), or (N, D_out, H_out, W_out, 3), of ``input``'s
            dtype.
        mode (str): ``'bilinear'``, ``'nearest'`` (ties to even) or ``'bicubic'`` (4-D only).
            Default: ``'bilinear'``.
        padding_mode (str): what locations outside the input read: ``'zeros'``, ``'border'``
            (the nearest edge value) or ``'reflection'`` (mirrored at the edges).
            Default: ``'zeros'``.
        align_corners (bool, optional): whether -1 and 1 are the centres of the corner pixels
            (True) or their outer edges (False). None means False, with PyTorch's warning.

    Returns:
        Tensor: (N, C, H_out, W_out), or (N, C, D_out, H_out, W_out).

    Raises:
        ValueError: an unknown ``mode`` or ``padding_mode``.
        RuntimeError: shapes, devices or dtypes that do not fit, with PyTorch's messages.
        NotImplementedError: an input that is not floating point.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> x = tinytorch.arange(4.0).reshape(1, 1, 2, 2)
    >>> grid = tinytorch.tensor([[[[0.0, 0.0], [1.0, -1.0]]]])
    >>> F.grid_sample(x, grid, align_corners=True)
    tensor([[[[1.5000, 1.0000]]]])
    """
    if mode not in _MODES:
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', "
                         f"'nearest' or 'bicubic', but got: '{mode}'")
    if padding_mode not in _PADDING_MODES:
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    align_corners = _default_align(align_corners)
    if _autocast.on:  # cuda's autocast would promote to the wider dtype: not done here
        input, grid = _autocast.cast("grid_sample", input, grid)
    _check_grid_sampler(input, grid, mode)
    return GridSample.apply(input, grid, mode, padding_mode, align_corners)


def _linspace(n, align_corners, like):
    """PyTorch's linspace_from_neg_one: n points spanning [-1, 1] (pixel edges unless
    align_corners), in ``like``'s dtype; 0 for a single point."""
    if n <= 1:
        return _creation.zeros(1, dtype=like.dtype, device=like.device)
    points = _creation.linspace(-1, 1, n, dtype=like.dtype, device=like.device)
    return points if align_corners else points * ((n - 1) / n)


def _base_grid(theta, spatial, align_corners):
    """(prod(spatial), dims + 1) rows (x, y[, z], 1), x varying fastest."""
    dims = len(spatial)
    axes = []
    for d, n in enumerate(spatial):  # spatial is (D,) H, W: column k holds dim dims - 1 - k
        view = [1] * dims
        view[d] = n
        axes.append(shape.reshape(_linspace(n, align_corners, theta), tuple(view)))
    columns = [axes[dims - 1 - k] for k in range(dims)]
    columns.append(_creation.ones(*([1] * dims), dtype=theta.dtype, device=theta.device))
    columns = [shape.expand(c, tuple(spatial)) for c in columns]
    return shape.reshape(join.stack(columns, -1), (-1, dims + 1))


def affine_grid(theta, size, align_corners=None):
    """Generates the sampling grid of a batch of affine transforms, for :func:`grid_sample`:
    output point ``(x, y[, z])`` in normalised coordinates reads ``theta @ (x, y[, z], 1)``.

    Args:
        theta (Tensor): (N, 2, 3) for 2-D, (N, 3, 4) for 3-D, floating point.
        size (tuple): the output size, (N, C, H, W) or (N, C, D, H, W).
        align_corners (bool, optional): as in :func:`grid_sample` (use the same value).
            None means False, with PyTorch's warning.

    Returns:
        Tensor: (N, H, W, 2), or (N, D, H, W, 3).

    Raises:
        ValueError: a theta that is not floating point or does not match ``size``, or a size
            that is not positive.
        NotImplementedError: a ``size`` of other than 4 or 5 entries.
        RuntimeError: theta's batch size differs from ``size[0]``.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> identity = tinytorch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    >>> F.affine_grid(identity, (1, 1, 1, 2), align_corners=False)
    tensor([[[[-0.5000,  0.0000],
              [ 0.5000,  0.0000]]]])
    """
    align_corners = _default_align(align_corners)
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) in (4, 5):
        dims = len(size) - 2
        if theta.ndim != 3 or tuple(theta.shape[1:]) != (dims, dims + 1):
            raise ValueError(f"Expected a batch of {dims}D affine matrices of shape "
                             f"Nx{dims}x{dims + 1} for size {size}. Got {theta.shape}.")
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {size}.")
    spatial = tuple(int(n) for n in size[2:])
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size "
                      "grids when align_corners=True. This is not an intended use case of "
                      "affine_grid. See the documentation of affine_grid for details.",
                      UserWarning, stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if theta.shape[0] != size[0]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {dims + 1}] but got: [{theta.shape[0]}, {dims + 1}].")
    grid = linalg.matmul(_base_grid(theta, spatial, align_corners), shape.transpose(theta, 1, 2))
    return shape.own(shape.reshape(grid, (int(size[0]),) + spatial + (dims,)),
                     "AffineGridGeneratorBackward0")
