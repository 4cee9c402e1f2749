"""Fractional max pooling (2-D and 3-D), PyTorch's CPU kernel: pseudo-random window starts
drawn from ``_random_samples`` (one sample per plane and spatial dim)."""

from tinytorch import _creation
from tinytorch._ops._op import Op
from tinytorch._ops._util import as_int
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch.amp import autocast_mode as _autocast


class FractionalMaxPool(Op):
    """y = max over each window (starts from the samples); indices = its flat position.
    dL/dx = g scattered (added) to the indices."""

    @staticmethod
    def forward(ctx, x, samples, kernel, output_size):
        ctx.dims = len(kernel)
        ctx.node_name = f"FractionalMaxPool{ctx.dims}DBackward0"
        y, indices = ctx.backend.fractional_max_pool(x, samples, kernel, output_size)
        ctx.x_shape = x.shape
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(indices, x)  # x as PyTorch keeps it: writing it in place raises
        return y, indices

    @staticmethod
    def backward(ctx, g, _g_indices):
        indices, _ = ctx.saved_tensors
        gx = None if g is None else \
            ctx.backend.fractional_max_pool_backward(g, indices, ctx.x_shape, ctx.dims)
        return gx, None, None, None


def _int_list(value, name, position, dims, op):
    """PyTorch's parser reading an int list: an int repeats ``dims`` times."""
    single = None if is_tensor(value) else as_int(value)
    if single is not None:
        return (single,) * dims
    if is_tensor(value) or not isinstance(value, (tuple, list)):
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, not {type(value).__name__}")
    ints = tuple(None if is_tensor(v) else as_int(v) for v in value)
    if None in ints:
        i = ints.index(None)
        raise TypeError(f"{op}(): argument '{name}' (position {position}) must be tuple of "
                        f"ints, but found element of type {type(value[i]).__name__} at pos {i}")
    return ints


def _check(input, kernel, output_size, samples, dims):
    """PyTorch's checks, in its order: the sizes, the input, then the samples."""
    op = f"fractional_max_pool{dims}d"
    ints = "Ints" if dims == 2 else "three Ints"
    for what, values in (("kernel_size", kernel), ("output_size", output_size)):
        if len(values) != dims:
            raise RuntimeError(f"{op}: {what} must either be a single Int or tuple of {ints}")
    where = f"{op}()" if dims == 2 else f"{op}_out()"
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f"{where}: Expected {dims + 1}D or {dims + 2}D tensor, but got: "
                           f"{list(input.shape)}")
    for i in range(1, input.ndim):
        if input.shape[i] == 0:
            raise RuntimeError(f"{where}: Expected input to have non-zero size for non-batch "
                               f"dimensions, but got{list(input.shape)} with dimension {i} "
                               "being empty.")
    checks = list(zip(("time", "height", "width")[-dims:], kernel, output_size,
                      input.shape[-dims:]))
    if dims == 3:  # its 3-D checks: time, width, then height, each leaving one spare row
        checks = [checks[0], checks[2], checks[1]]
    for axis, k, o, n in checks:
        if o + k - 1 > n - (dims == 3):
            raise RuntimeError(f"{where}: pool {axis} {k} too large relative to input {axis} "
                               f"{n}")
    if min(output_size) < 0:
        shape = list(input.shape[:-dims]) + list(output_size)
        raise RuntimeError(f"Trying to create tensor with negative dimension "
                           f"{min(output_size)}: {shape}")
    if samples.dtype != input.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.ndim != 3:
        raise RuntimeError(f"Expect _random_samples to have 3 dimensions, got {samples.ndim}")
    batch = input.shape[0] if input.ndim == dims + 2 else 1
    for bad, message in ((samples.shape[0] < batch, "size(0) no less then input batch size."),
                         (samples.shape[1] != input.shape[-dims - 1],
                          "size(1) equals to input channel size."),
                         (samples.shape[2] != dims,
                          f"size(2) equals to {dims}; got {samples.shape[2]}.")):
        if bad:
            raise RuntimeError(f"Expect _random_samples.{message}")
    if not input.dtype.is_floating_point:
        not_implemented_for(f"{op}_out_frame", input)


def fractional_max_pool(input, kernel_size, output_size, output_ratio, return_indices,
                        _random_samples, dims):
    """F.fractional_max_pool2d / 3d: PyTorch's Python layer (output size from the ratio,
    samples from the generator), then its operator."""
    op = f"fractional_max_pool{dims}d"
    if output_size is None and output_ratio is None:
        raise ValueError(f"{op} requires specifying either an output_size or an output_ratio")
    if output_size is None:
        if dims == 2 and len(output_ratio) > 2:
            raise ValueError(f"{op} requires output_ratio to either be a single Int or tuple "
                             "of Ints.")
        ratio = tuple(output_ratio) if isinstance(output_ratio, (tuple, list)) else \
            (output_ratio,) * dims
        output_size = [int(input.size(i - dims) * ratio[i]) for i in range(dims)]
    if _random_samples is None:
        batch = 1 if input.dim() == dims + 1 else input.size(0)
        _random_samples = _creation.rand(batch, input.size(-dims - 1), dims, dtype=input.dtype,
                                       device=input.device)
    kernel = _int_list(kernel_size, "kernel_size", 2, dims, op)
    output_size = _int_list(output_size, "output_size", 3, dims, op)
    if not is_tensor(_random_samples):
        raise TypeError(f"{op}(): argument 'random_samples' (position 4) must be Tensor, not "
                        f"{type(_random_samples).__name__}")
    if _autocast.on:  # PyTorch's CPU autocast runs the operator in float32
        input, _random_samples = _autocast.cast(op, input, _random_samples)
    _check(input, kernel, output_size, _random_samples, dims)
    y, indices = FractionalMaxPool.apply(input, _random_samples.detach(), kernel, output_size)
    return (y, indices) if return_indices else y
