"""Shape and layout ops: views (reshape, view, permute, transpose, expand, squeeze, unsqueeze,
flatten, unflatten, movedim), broadcasting helpers, and copies (repeat/tile, flip, roll,
tril/triu, contiguous, clone). Joins and splits are in ``join.py``. The public functions'
docstrings are in ``tinytorch/_torch_docs_shape.py`` (``view`` and ``repeat`` keep theirs).

A view op sets ``Op.view``: its output shares the input's storage and version counter and
remembers its source (see NOTE [In-place on views] in inplace.py)."""

import collections.abc
import warnings

from tinytorch import _dtype
from tinytorch import _tensor
from tinytorch._ops._op import Op
from tinytorch._ops._util import broadcast_shapes as _broadcast_shapes
from tinytorch._ops._util import shape_arg
from tinytorch._ops._util import sized
from tinytorch._ops._util import wrap_dim
from tinytorch._ops._util import wrap_dims
from tinytorch._ops.conversion import Size


class Reshape(Op):
    """y = x viewed with a new shape.  dL/dx = g reshaped back.  ``name``: PyTorch's node
    name where the caller is not view/reshape (squeeze, unsqueeze; NOTE [Node names])."""

    view = True
    node_name = "ViewBackward0"

    @staticmethod
    def forward(ctx, x, shape, name=None):
        ctx.in_shape = x.shape
        if name is not None:
            ctx.node_name = name
        return ctx.backend.reshape(x, shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.reshape(g, ctx.in_shape), None


def unsafe_view(input, shape, name=None):
    """PyTorch's _unsafe_view: a reshape of a tensor only the caller holds (a copy or a
    product it just made) that is no view (see :func:`own`); ``name``: the node's name where
    PyTorch's last step is another (NOTE [Node names])."""
    return own(Reshape.apply(input, shape), name or "UnsafeViewBackward0")


def own(result, name=None):
    """``result``, a view a composite just took of a tensor only it holds, made a result of
    its own, as PyTorch's where its kernel writes the result directly: an in-place write into
    it takes its own history on (views of it follow it, not the hidden tensor, and a retained
    gradient fills). It keeps the hidden tensor's storage and version counter, so a write
    still fails the version check of a node that saved that tensor, as PyTorch's of the saved
    result. Its node is named ``name`` (NOTE [Node names]), by default as the hidden tensor's:
    PyTorch's name for the op (a conv1d computed as a conv2d: ConvolutionBackward0). A
    result that is no view (the composite's last step copied) only takes ``name``."""
    base, node = view_base(result), result._grad_fn
    if node is not None and base is not None and base._grad_fn is not None:
        name = name or base._grad_fn.name()
    if node is not None and name:
        node.node_name = name
    result._view_src = None
    return result


def scalar_result(result, name=None):
    """``result`` of an op run on a 0-d input viewed as shape (1,), as the 0-d result of its
    own that PyTorch's op gives (see :func:`own`, and there ``name``)."""
    return own(Reshape.apply(result, ()), name)


def view_base(input):
    """``Tensor._base``: the tensor whose storage a view shares, as PyTorch's: the root base,
    not the view it was taken of (a view of a view has its base's base); None for a tensor
    that is no view (``detach()`` and ``.data`` included, as in PyTorch).

    Args:
        input (Tensor): the tensor.

    Returns:
        Tensor or None: the root base.

    >>> x = tinytorch.arange(6)
    >>> x.view(2, 3)[1]._base is x, x._base
    (True, None)
    """
    src = input._view_src
    if src is None:
        return None
    while src[0]._view_src is not None:
        src = src[0]._view_src
    return src[0]


def is_view(input):
    """``Tensor._is_view()``: whether the tensor is a view of another (its ``_base`` is
    not None), as PyTorch's.

    Args:
        input (Tensor): the tensor.

    Returns:
        bool: True for a view.

    >>> x = tinytorch.arange(6)
    >>> x[1:]._is_view(), x[[1, 2]]._is_view(), x.detach()._is_view()
    (True, False, False)
    """
    return input._view_src is not None


class Permute(Op):
    """y = x with axes permuted.  dL/dx = g with the inverse permutation.  ``name``: as
    Reshape's (transpose, t)."""

    view = True

    @staticmethod
    def forward(ctx, x, axes, name=None):
        ctx.axes = axes
        if name is not None:
            ctx.node_name = name
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
        return ctx.backend.expand(x, shape)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.sum_to(g, ctx.in_shape), None


def _sizes(shape):
    """A tuple of ints from an int, a sequence, or a 1-tuple holding a sequence (so that
    ``x.reshape(2, 3)``, ``x.reshape((2, 3))`` and ``torch.reshape(x, [2, 3])`` all work)."""
    return (int(shape),) if isinstance(shape, int) else shape_arg(tuple(shape))


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
        if known == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {shape} because "
                               "the unspecified dimension size -1 can be any value and is "
                               "ambiguous")
        if numel % known:
            raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
        shape[neg[0]] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{shape}' is invalid for input of size {numel}")
    return tuple(shape)


def view_dtype(input, dtype):
    """``input.view(dtype)``: the same memory read as ``dtype``, sharing the version counter;
    for another element size the last dim shrinks or grows by the ratio (PyTorch's checks).
    Not differentiable, as in PyTorch."""
    old, new = input.dtype.itemsize, dtype.itemsize
    if old != new:
        what = f"view {_dtype.SCALAR_TYPE_NAMES[input.dtype]} as " \
               f"{_dtype.SCALAR_TYPE_NAMES[dtype]} (different element sizes)"
        if input.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 to {what}")
        if input.stride(-1) != 1 and input.shape[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 to {what}, but got "
                               f"{input.stride(-1)}")
        if new > old and input.shape[-1] % (new // old):
            raise RuntimeError(f"self.size(-1) must be divisible by {new // old} to {what}, "
                               f"but got {input.shape[-1]}")
    data = input._backend.view_dtype(input._data, dtype)
    return _tensor.Tensor._make(data, input._backend, vc=input._vc)


def reshape(input, shape):
    return _reshaped(input, _infer_shape(_sizes(shape), input.numel(), "reshape"))


def _reshaped(input, shape):
    """A view with ``shape``; of a contiguous copy when input's layout allows no view (then,
    as PyTorch's reshape, the result does not alias input)."""
    if not input.is_contiguous() and input._backend.reshape_view(input._data, shape) is None:
        return unsafe_view(Copy.apply(input, False), shape)
    return Reshape.apply(input, shape)


def view(input, shape):
    """Like ``reshape`` but never copies: the layout must allow the new shape, as in PyTorch
    (merged dims contiguous with each other). ``view(dtype)``: see :func:`view_dtype`."""
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        return view_dtype(input, shape[0])
    shape = _infer_shape(_sizes(shape), input.numel(), "view")
    if not input.is_contiguous() and input._backend.reshape_view(input._data, shape) is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride "
                           "(at least one dimension spans across two contiguous subspaces). "
                           "Use .reshape(...) instead.")
    return Reshape.apply(input, shape)


def permute(input, dims):
    dims = _sizes(dims)
    if len(dims) != input.ndim:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {input.ndim} is not equal to len(dims) = {len(dims)}")
    axes = tuple(wrap_dim(d, input.ndim, "permute") for d in dims)
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"permute(): duplicate dims are not allowed, got {dims}")
    return Permute.apply(input, axes)


def transpose(input, dim0, dim1):
    return _swap(input, dim0, dim1, "TransposeBackward0")


def _swap(input, dim0, dim1, name):
    if input.ndim == 0:  # a view all the same, as PyTorch's (a node of its own)
        return Permute.apply(input, (), name=name)
    axes = list(range(input.ndim))
    d0, d1 = wrap_dim(dim0, input.ndim, "transpose"), wrap_dim(dim1, input.ndim, "transpose")
    axes[d0], axes[d1] = axes[d1], axes[d0]
    return Permute.apply(input, tuple(axes), name=name)


def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return _swap(input, 0, 1, "TBackward0") if input.ndim == 2 else Permute.apply(
        input, tuple(range(input.ndim)), name="TBackward0")


def numpy_T(input):
    """``Tensor.T``: all dimensions reversed, with PyTorch's deprecation warnings outside 2-D
    (stacklevel 2: a property's getter is called straight from the user's line)."""
    if input.ndim == 0:
        warnings.warn("Tensor.T is deprecated on 0-D tensors. This function is the identity in "
                      "these cases.", UserWarning, stacklevel=2)
    elif input.ndim != 2:
        warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their "
                      "shape is deprecated and it will throw an error in a future release. "
                      "Consider `x.mT` to transpose batches of matrices or `x.permute(*torch."
                      "arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.",
                      UserWarning, stacklevel=2)
    return permute(input, tuple(range(input.ndim - 1, -1, -1)))


def expanded_shape(shape, sizes, input=None):
    """The shape a tensor of ``shape`` expands to for ``sizes`` (-1 keeps a size), or
    PyTorch's error (it names the trailing mismatched dim; and ``input``, given, as
    ``expand(torch.FloatTensor{[2, 3]}, size=[3])``)."""
    if len(sizes) < len(shape):
        call = "expand" if input is None else (
            f"expand({_dtype.type_string(input.dtype, input.device.type)}{{{list(shape)}}}, "
            f"size={list(sizes)})")
        raise RuntimeError(f"{call}: the number of sizes provided ({len(sizes)}) must be greater "
                           f"or equal to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    out = tuple(shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(sizes))
    for i, n in reversed(list(enumerate(shape))):
        if n != 1 and n != out[lead + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({out[lead + i]}) must match the existing "
                f"size ({n}) at non-singleton dimension {lead + i}.  Target sizes: {list(sizes)}."
                f"  Tensor sizes: {list(shape)}")
    return out


def expand(input, size):
    return Expand.apply(input, expanded_shape(tuple(input.shape), _sizes(size), input))


def broadcast_to(input, size):
    return expand(input, size)


def _squeezed_dims(shape, dims):
    return tuple(n for d, n in enumerate(shape) if not (d in dims and n == 1))


# PyTorch's squeeze nodes: all dims, one dim, a sequence of dims (NOTE [Node names])
_SQUEEZE_NAMES = ("SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2")


def squeeze(input, dim=None):
    dims = range(input.ndim) if dim is None else wrap_dims(dim, input.ndim, "squeeze")
    name = _SQUEEZE_NAMES[0 if dim is None else 1 if isinstance(dim, int) else 2]
    return Reshape.apply(input, _squeezed_dims(input.shape, set(dims)), name=name)


def unsqueeze(input, dim):
    dim = wrap_dim(dim, input.ndim + 1, "unsqueeze")
    shape = tuple(input.shape)
    return Reshape.apply(input, shape[:dim] + (1,) + shape[dim:], name="UnsqueezeBackward0")


def flatten(input, start_dim=0, end_dim=-1):
    if input.ndim == 0:
        return _reshaped(input, (1,))
    start = wrap_dim(start_dim, input.ndim, "flatten")
    end = wrap_dim(end_dim, input.ndim, "flatten")
    if start > end:
        raise RuntimeError(f"flatten() has invalid args: start_dim cannot come after end_dim "
                           f"(start_dim={start_dim}, end_dim={end_dim})")
    if start == end:  # PyTorch returns the input itself (one object: retain_grad, hooks)
        return input
    shape = tuple(input.shape)
    return _reshaped(input, shape[:start] + (_prod(shape[start:end + 1]),) + shape[end + 1:])


def unflatten(input, dim, sizes):
    dim = wrap_dim(dim, input.ndim, "unflatten")
    shape = tuple(input.shape)
    sizes = shape_arg((sizes,))  # ints (a float is PyTorch's TypeError, not truncated)
    try:
        sizes = _infer_shape(sizes, shape[dim], "unflatten")
    except RuntimeError:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                           f"size of dim {dim} ({shape[dim]}) in the input tensor") from None
    return _reshaped(input, shape[:dim] + sizes + shape[dim + 1:])


def _prod(sizes):
    n = 1
    for s in sizes:
        n *= s
    return n


def swapaxes(input, axis0, axis1):
    return transpose(input, axis0, axis1)


def movedim(input, source, destination):
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} "
                           f"dims) should contain the same number of dims as destination "
                           f"({list(dst)} dims)")
    src = [wrap_dim(d, input.ndim, "movedim") for d in src]
    dst = [wrap_dim(d, input.ndim, "movedim") for d in dst]
    rest = iter(d for d in range(input.ndim) if d not in src)
    where = dict(zip(dst, src))
    return Permute.apply(input, tuple(where[i] if i in where else next(rest)
                                      for i in range(input.ndim)))


def broadcast_shapes(*shapes):
    shapes = [(s,) if isinstance(s, int) else s for s in shapes if s is not None]
    for s in shapes:  # PyTorch's check: a tensor is no shape (it was iterated here)
        if not isinstance(s, collections.abc.Sequence):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a "
                               f"list of ints, got {s}")
    shapes = [tuple(s) for s in shapes]
    if not shapes:
        return Size(())
    return Size(_broadcast_shapes(*shapes, op="broadcast_shapes"))


def broadcast_tensors(*tensors):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = _broadcast_shapes(*(tuple(t.shape) for t in tensors), op="broadcast_tensors")
    # a tensor of the broadcast shape already is returned itself, as PyTorch's, not a view
    return tuple(t if tuple(t.shape) == shape else expand(t, shape) for t in tensors)


# --- copies: repeat, tile, flip, roll, tril/triu, contiguous, clone ---------------------------
class Tile(Op):
    """y = x repeated ``reps`` times along each dim.  dL/dx = g viewed as (r0, s0, r1, s1, …)
    and summed over the r axes."""

    node_name = "RepeatBackward0"

    @staticmethod
    def forward(ctx, x, reps):
        ctx.meta = (x.shape, reps)
        return ctx.backend.tile(x, reps)

    @staticmethod
    def backward(ctx, g):
        be, (shape, reps) = ctx.backend, ctx.meta
        padded = (1,) * (len(reps) - len(shape)) + tuple(shape)
        split = tuple(n for pair in zip(reps, padded) for n in pair)
        summed = be.sum(be.reshape(g, split), tuple(range(0, 2 * len(reps), 2)))
        return be.reshape(summed, shape), None


def repeat(input, sizes):
    """Repeat ``input`` ``sizes[i]`` times along dim i (len(sizes) >= input.dim()).

    >>> import tinytorch
    >>> tinytorch.tensor([1, 2]).repeat(2, 2)
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    """
    sizes = _sizes(sizes)
    if len(sizes) < input.ndim:
        raise RuntimeError(f"Number of dimensions of repeat dims can not be smaller than number "
                           f"of dimensions of tensor (repeat dims {list(sizes)}, tensor shape "
                           f"{list(input.shape)})")
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"Trying to create tensor with negative dimension: repeats {sizes}")
    return Tile.apply(input, sizes)


def varargs(args, keyword, op, name):
    """A Tensor method's dims given as ``x.op(0, 1)``, ``x.op((0, 1))``, ``x.op(0)`` or
    ``x.op(name=...)`` (PyTorch's method forms of flip, tile and squeeze)."""
    given = sized(args, keyword, op, name)
    return given[0] if len(given) == 1 else (given or None)


def tile(input, dims):
    dims = _sizes(dims)
    return repeat(input, (1,) * (input.ndim - len(dims)) + dims)


class Flip(Op):
    """y = x reversed along ``axes`` (a copy in x's layout, as in PyTorch).  dL/dx = g
    reversed."""

    @staticmethod
    def forward(ctx, x, axes):
        ctx.axes = axes
        return ctx.backend.clone(ctx.backend.flip(x, axes))

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.flip(g, ctx.axes), None


def flip(input, dims):
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    axes = [wrap_dim(d, input.ndim, "flip") for d in dims]
    if len(set(axes)) != len(axes):
        raise RuntimeError(f"dim {dims} appears multiple times in the list of dims")
    return Flip.apply(input, tuple(axes) if input.ndim else ())


class Roll(Op):
    """y = x shifted cyclically by ``shifts`` along ``axes``.  dL/dx = g rolled back."""

    @staticmethod
    def forward(ctx, x, shifts, axes):
        ctx.meta = (shifts, axes)
        return ctx.backend.roll(x, shifts, axes)

    @staticmethod
    def backward(ctx, g):
        shifts, axes = ctx.meta
        back = -shifts if isinstance(shifts, int) else tuple(-s for s in shifts)
        return ctx.backend.roll(g, back, axes), None, None


def roll(input, shifts, dims=None):
    if dims is None:
        if not isinstance(shifts, int) and len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        shift = shifts if isinstance(shifts, int) else int(shifts[0])
        return Roll.apply(input, shift, None)
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                           f"dims:{len(dims)}")
    axes = tuple(wrap_dim(d, input.ndim, "roll") for d in dims)
    return Roll.apply(input, tuple(int(s) for s in shifts), axes)


class Triangle(Op):
    """y = tril(x, k) (or triu).  dL/dx = tril(g, k) (or triu)."""

    @staticmethod
    def forward(ctx, x, k, upper):
        ctx.meta = (k, upper)
        ctx.node_name = "TriuBackward0" if upper else "TrilBackward0"
        return (ctx.backend.triu if upper else ctx.backend.tril)(x, k)

    @staticmethod
    def backward(ctx, g):
        k, upper = ctx.meta
        return (ctx.backend.triu if upper else ctx.backend.tril)(g, k), None, None


def _triangle(input, diagonal, upper):
    if input.ndim < 2:
        name = "triu" if upper else "tril"
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions, got shape "
                           f"{list(input.shape)}")
    return Triangle.apply(input, int(diagonal), upper)


def tril(input, diagonal=0):
    return _triangle(input, diagonal, False)


def triu(input, diagonal=0):
    return _triangle(input, diagonal, True)


class Copy(Op):
    """y = a copy of x: contiguous, or with x's layout (``clone``).  dL/dx = g."""

    node_name = "CloneBackward0"

    @staticmethod
    def forward(ctx, x, keep_layout):
        return ctx.backend.clone(x) if keep_layout else ctx.backend.copy(x)

    @staticmethod
    def backward(ctx, g):
        return g, None


def contiguous(input):
    return input if input.is_contiguous() else Copy.apply(input, False)


def clone(input):
    return Copy.apply(input, True)  # PyTorch's memory_format=torch.preserve_format
