"""Shape and layout ops: views (reshape, transpose, permute, expand, squeeze …), joins and
splits (cat, stack, split, chunk, unbind), flip, roll, tril/triu, contiguous, clone."""

from tinytorch._ops._util import shape_arg
from tinytorch._ops._util import wrap_dim
from tinytorch.autograd.node import Op


class Reshape(Op):
    """y = x viewed with a new shape.  dL/dx = g reshaped back."""

    view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return ctx.backend.reshape(x, shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.reshape(g, ctx.in_shape), None


class Permute(Op):
    """y = x with axes permuted.  dL/dx = g with the inverse permutation."""

    view = True

    @staticmethod
    def forward(ctx, x, axes):
        ctx.axes = axes
        return ctx.backend.transpose(x, axes)

    @staticmethod
    def backward(ctx, g):
        inverse = [0] * len(ctx.axes)
        for i, a in enumerate(ctx.axes):
            inverse[a] = i
        return ctx.backend.transpose(g, tuple(inverse)), None


class Expand(Op):
    """y = x broadcast to a shape.  dL/dx = g summed back to x's shape."""

    view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return ctx.backend.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.sum_to(g, ctx.in_shape), None


def _infer_shape(shape, numel, op):
    shape = list(shape)
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if neg:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
    return tuple(shape)


def reshape(input, *shape):
    """``input`` with a new shape (one dim may be -1); a view when the layout allows."""
    shape = _infer_shape(shape_arg(shape), input.numel(), "reshape")
    if shape == tuple(input.shape):
        return Reshape.apply(input, shape)
    return Reshape.apply(input, shape)


def view(input, *shape):
    """Like ``reshape`` but requires a compatible (contiguous) layout, as in PyTorch."""
    shape = _infer_shape(shape_arg(shape), input.numel(), "view")
    if not input.is_contiguous() and input.ndim > 1:
        raise RuntimeError("view size is not compatible with input tensor's size and stride "
                           "(at least one dimension spans across two contiguous subspaces). "
                           "Use .reshape(...) instead.")
    return Reshape.apply(input, shape)


def permute(input, *dims):
    """Reorder dimensions (a view)."""
    dims = shape_arg(dims) if dims else ()
    if len(dims) != input.ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}")
    axes = tuple(wrap_dim(d, input.ndim, "permute") for d in dims)
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"permute(): duplicate dims are not allowed, got {dims}")
    return Permute.apply(input, axes)


def transpose(input, dim0, dim1):
    """Swap two dimensions (a view)."""
    if input.ndim == 0:
        return input
    axes = list(range(input.ndim))
    d0, d1 = wrap_dim(dim0, input.ndim, "transpose"), wrap_dim(dim1, input.ndim, "transpose")
    axes[d0], axes[d1] = axes[d1], axes[d0]
    return Permute.apply(input, tuple(axes))


def t(input):
    """Transpose a ≤2-D tensor."""
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return transpose(input, 0, 1) if input.ndim == 2 else input


def expand(input, *sizes):
    """Broadcast to ``sizes`` (-1 keeps a dim) without copying."""
    sizes = shape_arg(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError(f"expand: the number of sizes provided ({len(sizes)}) must be greater "
                           f"or equal to the number of dimensions in the tensor ({input.ndim})")
    lead = len(sizes) - input.ndim
    shape = tuple(input.shape[i - lead] if s == -1 and i >= lead else s
                  for i, s in enumerate(sizes))
    for i, n in enumerate(input.shape):
        if n != 1 and n != shape[lead + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({shape[lead + i]}) must match the existing "
                f"size ({n}) at non-singleton dimension {lead + i}.  Target sizes: {list(sizes)}."
                f"  Tensor sizes: {list(input.shape)}")
    return Expand.apply(input, shape)


def unbind(input, dim=0):
    raise NotImplementedError


def contiguous(input):
    raise NotImplementedError


def clone(input):
    raise NotImplementedError
