"""Linear layers, dropout, embedding, one-hot and padding ops."""

import math

from tinytorch import _dtype
from tinytorch import _random
from tinytorch._grad_mode import no_grad
from tinytorch._ops import arithmetic
from tinytorch._ops import conversion
from tinytorch._ops import inplace as _inplace
from tinytorch._ops import linalg as _linalg
from tinytorch._ops import pointwise
from tinytorch._ops import reduction as rd
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import refuse_bool
from tinytorch._ops._util import refuse_non_tensors
from tinytorch._ops.shape import broadcast_tensors as _broadcast_tensors
from tinytorch._ops.shape import expand as _expand
from tinytorch._ops.shape import own
from tinytorch._ops.shape import reshape as _reshape
from tinytorch._ops.shape import unsafe_view as _unsafe_view
from tinytorch.amp import autocast_mode as _autocast


class Linear(Op):
    """y = x Wᵀ + b (x flattened to 2-D: one GEMM).
    dL/dx = g W,  dL/dW = gᵀ x,  dL/db = Σ_rows g."""

    @staticmethod
    def forward(ctx, x, weight, bias):
        be = ctx.backend
        flat = x.ndim == 2  # the common case needs no reshapes
        x2 = x if flat else be.reshape(x, (math.prod(x.shape[:-1]), x.shape[-1]))  # -1 fails on 0
        wt = be.transpose(weight, (1, 0))
        y = be.matmul(x2, wt) if bias is None else be.addmm(bias, x2, wt)
        if flat:  # PyTorch's node for a 2-D input: addmm (mm without a bias)
            ctx.node_name = "MmBackward0" if bias is None else "AddmmBackward0"
        ctx.x_shape, ctx.out_features = (None if flat else x.shape), weight.shape[0]
        if bias is not None and bias.ndim != 1:  # (1, out) or (rows, out): addmm broadcasts it
            ctx.bias_shape = bias.shape
        # what PyTorch's mm keeps: x only for dL/dW, W only for dL/dx (so an in-place write
        # into the one not kept leaves backward intact); x, not x2: double backward needs x
        need_x, need_w = ctx.needs_input_grad[:2]
        ctx.save_for_backward(x if need_w else None, weight if need_x else None)
        return y if flat else be.reshape(y, x.shape[:-1] + (weight.shape[0],))

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        x_shape = ctx.x_shape
        rows = None if x_shape is None else math.prod(x_shape[:-1])
        x2 = x if x_shape is None or x is None else be.reshape(x, (rows, x_shape[-1]))
        g2 = g if x_shape is None else be.reshape(g, (rows, ctx.out_features))
        gx = None
        if need_x:
            gx = be.matmul(g2, weight)
            gx = gx if x_shape is None else be.reshape(gx, x_shape)
        gw = be.matmul(be.transpose(g2, (1, 0)), x2) if need_w else None
        gb = None
        if need_b:
            shape = getattr(ctx, "bias_shape", None)
            gb = be.sum(g2, 0) if shape is None else be.sum_to(g2, shape)
        return gx, gw, gb


class Bilinear(Op):
    """y_o = x1ᵀ W_o x2 + b_o.  dL/dx1 = Σ_o g_o W_o x2,  dL/dx2 = Σ_o g_o W_oᵀ x1,
    dL/dW_o = Σ_n g_o x1 x2ᵀ,  dL/db = Σ_n g."""

    @staticmethod
    def forward(ctx, x1, x2, weight, bias):
        be = ctx.backend
        y = be.einsum("ni,oij,nj->no", x1, weight, x2)
        ctx.save_for_backward(x1, x2, weight)
        return y if bias is None else be.add(y, bias)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        x1, x2, weight = ctx.saved_tensors
        need = ctx.needs_input_grad
        g1 = be.einsum("no,oij,nj->ni", g, weight, x2) if need[0] else None
        g2 = be.einsum("no,oij,ni->nj", g, weight, x1) if need[1] else None
        gw = be.einsum("no,ni,nj->oij", g, x1, x2) if need[2] else None
        gb = be.sum(g, 0) if need[3] else None
        return g1, g2, gw, gb


class Dropout(Op):
    """y = x m / (1 - p), m ~ Bernoulli(1 - p).  dL/dx = g m / (1 - p)."""

    node_name = "MulBackward0"  # PyTorch's on the CPU: x times the scaled mask

    @staticmethod
    def forward(ctx, x, rng, p):
        be = ctx.backend
        mask = be.bernoulli_mask(rng, x.shape, p, _dtype.from_native(x.dtype))
        scaled = be.mul(mask, 1.0 / (1.0 - p)) if p < 1 else mask
        ctx.save_for_backward(scaled)
        return be.mul(x, scaled)

    @staticmethod
    def backward(ctx, g):
        (scaled,) = ctx.saved_tensors
        return ctx.backend.mul(g, scaled), None, None


class Embedding(Op):
    """y = W[idx].  dL/dW = Σ g rows added at idx (none at padding_idx); with
    scale_grad_by_freq each row is first divided by how often its index occurs in idx."""

    @staticmethod
    def forward(ctx, indices, weight, padding_idx, scale_grad_by_freq):
        be = ctx.backend
        ctx.meta = (weight.shape, padding_idx, scale_grad_by_freq)
        ctx.save_for_backward(indices)
        flat = be.reshape(indices, (-1,))
        return be.reshape(be.index_select(weight, 0, flat), indices.shape + weight.shape[1:])

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        (indices,) = ctx.saved_tensors
        shape, padding_idx, scale_grad_by_freq = ctx.meta
        dtype = _dtype.from_native(g.dtype)
        flat = be.reshape(indices, (-1,))
        rows = be.reshape(g, flat.shape + tuple(shape[1:]))  # not -1: no size from 0 columns
        if scale_grad_by_freq:
            counts = be.index_select(be.bincount(flat, shape[0]), 0, flat)
            rows = be.div(rows, be.reshape(be.astype(counts, dtype), (-1, 1)))
        gw = be.index_add(shape, (flat,), rows, dtype)
        if padding_idx is not None:
            be.setitem_(gw, padding_idx, 0)
        return None, gw, None, None


class OneHot(Op):
    """y[..., c] = (x == c) as int64; not differentiable."""

    differentiable = False

    @staticmethod
    def forward(ctx, x, num_classes):
        be = ctx.backend
        classes = be.arange(0, num_classes, 1, _dtype.int64)
        return be.ascontiguous(be.astype(be.eq(be.expand_dims(x, -1), classes), _dtype.int64))


class ConstantPad(Op):
    """y = x surrounded by ``value`` (negative widths crop).  dL/dx = the matching slice of g."""

    node_name = "ConstantPadNdBackward0"

    @staticmethod
    def forward(ctx, x, widths, value):
        be = ctx.backend
        grow = tuple((max(a, 0), max(b, 0)) for a, b in widths)
        crop = tuple(slice(max(-a, 0), n + max(a, 0) + b) for (a, b), n in
                     zip(widths, x.shape))
        ctx.meta = (x.shape, widths)
        if not any(a > 0 or b > 0 for a, b in widths):  # a crop: PyTorch's clone of the view
            return be.clone(be.getitem(x, crop))
        return be.ascontiguous(be.getitem(be.pad(x, grow, value), crop))

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        shape, widths = ctx.meta
        inner = tuple(slice(max(a, 0), n + a - max(-b, 0)) for (a, b), n in zip(widths, shape))
        part = be.getitem(g, inner)
        back = tuple((max(-a, 0), max(-b, 0)) for a, b in widths)
        return be.pad(part, back, 0), None, None


class IndexPad(Op):
    """y = x gathered along each padded axis by an index map (reflect / replicate / circular).
    dL/dx = g scatter-added back through the same maps."""

    @staticmethod
    def forward(ctx, x, maps, keep):
        be = ctx.backend
        ctx.meta = (x.shape, maps)
        if keep:  # x is unused; PyTorch's reflect/replicate keep it (in-place check)
            ctx.save_for_backward(x)
        for axis, idx in maps:
            x = be.index_select(x, axis, idx)
        return x if maps else be.copy(x)  # no padding: a copy still, as PyTorch's

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        ctx.saved_tensors  # the in-place check
        shape, maps = ctx.meta
        dtype = _dtype.from_native(g.dtype)
        for k in range(len(maps) - 1, -1, -1):
            axis, idx = maps[k]
            target = tuple(g.shape[:axis]) + (shape[axis],) + tuple(g.shape[axis + 1:])
            g = be.index_add(target, (slice(None),) * axis + (idx,), g, dtype)
        return g, None, None


_PAD_SOURCES = {
    "reflect": lambda p, n: (p % (2 * n - 2) if n > 1 else 0) if not 0 <= p < n else p,
    "replicate": lambda p, n: min(max(p, 0), n - 1),
}


def _index_pad(input, widths, mode):
    maps = []
    for axis, ((a, b), n) in enumerate(zip(widths, input.shape)):
        if not (a or b):
            continue
        if mode == "circular":  # PyTorch's: the cropped interior wraps (a pad < 0 crops)
            lo, m = max(-a, 0), n - max(-a, 0) - max(-b, 0)
            src = ([lo + (j - max(a, 0)) % m for j in range(n + a + b)] if m > 0 else
                   [0] * (n + a + b))  # (only where another dim is empty: see the check)
        else:
            src = [_PAD_SOURCES[mode](p, n) for p in range(-a, n + b)]
            src = [2 * n - 2 - s if mode == "reflect" and s >= n else s for s in src]
        idx = conversion.cast(input.new_tensor(src), _dtype.int64)._data
        maps.append((axis, idx))
    return IndexPad.apply(input, tuple(maps), mode != "circular")


# --- functions behind tinytorch.nn.functional --------------------------------------------------
def _linear_dtype_error(input, weight, bias):
    """PyTorch's error for operands of different dtypes (its addmm checks the bias first; mm,
    without a bias, names the C types)."""
    names = _dtype.SCALAR_TYPE_NAMES
    if bias is not None and bias.dtype is not weight.dtype:
        return RuntimeError(f"self and mat2 must have the same dtype, but got "
                            f"{names[bias.dtype]} and {names[weight.dtype]}")
    if bias is not None:
        return RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                            f"{names[input.dtype]} and {names[weight.dtype]}")
    return RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                        f"{_dtype.C_TYPE_NAMES[input.dtype]} != "
                        f"{_dtype.C_TYPE_NAMES[weight.dtype]}")


def check_indices(t, op):
    """PyTorch's refusal of indices of another dtype than int64 and int32."""
    if t.dtype is not _dtype.int64 and t.dtype is not _dtype.int32:
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           "following scalar types: Long, Int; but got "
                           f"{_dtype.type_string(t.dtype, t.device.type)} instead (while "
                           f"checking arguments for {op})")


def linear(input, weight, bias=None):
    if not (is_tensor(input) and is_tensor(weight) and (bias is None or is_tensor(bias))):
        refuse_non_tensors("linear", input=input, weight=weight, bias=bias)
    if not input._data.ndim or not weight._data.ndim:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{input.ndim}D and {weight.ndim}D")
    refuse_bool("addmm_impl_cpu_", input)  # NOTE [Bool refusals]
    if weight.ndim == 1 and input.shape[-1:] == weight.shape:
        # PyTorch's (in_features,) weight: y = x · w, over the last axis; with a bias it raises
        if bias is not None:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        return _linalg.matmul(input, weight)
    dtype = weight._data.dtype  # the arrays' (a Tensor's dtype property costs more)
    if input._data.dtype != dtype or (bias is not None and bias._data.dtype != dtype):
        raise _linear_dtype_error(input, weight, bias)
    if input._data.shape[-1:] != weight._data.shape[-1:]:
        rows = input.numel() // max(input.shape[-1], 1) if input.ndim > 1 else 1
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x"
                           f"{input.shape[-1]} and {weight.shape[-1]}x{weight.shape[0]})")
    if bias is not None and bias._data.shape != weight._data.shape[:1]:
        if input.ndim >= 3 and bias.ndim != 1 and sum(n != 1 for n in bias.shape) != 1:
            # PyTorch folds an N-D input into one addmm only for a bias that squeezes to 1-D;
            # else its matmul, then the bias broadcast over the N-D result
            return arithmetic.add(linear(input, weight), bias)
        # PyTorch's addmm expands the bias to the folded output: its check and message
        _expand(bias, (math.prod(input.shape[:-1]), weight.shape[0]))
    if input.ndim == 2:
        return Linear.apply(input, weight, bias)
    # PyTorch folds a 1-D or N-D input to 2-D with reshape (a view when the layout allows,
    # else a copy) and keeps that for backward: an in-place write to a non-contiguous input
    # then leaves backward intact, to a contiguous one breaks it (found by the random-program
    # tester)
    rows = math.prod(input.shape[:-1])  # not -1: no size to infer from 0 features
    y = Linear.apply(_reshape(input, (rows, input.shape[-1])), weight, bias)
    out = tuple(input.shape[:-1]) + (weight.shape[0],)
    if bias is not None and input.is_contiguous():  # PyTorch's addmm of the fold, then a view
        return _reshape(y, out)
    # PyTorch's matmul (then, with a bias, an in-place add): its result is not a view
    name = "AddBackward0" if bias is not None else "SqueezeBackward4" if input.ndim == 1 else None
    return _unsafe_view(y, out, name=name)


def bilinear(input1, input2, weight, bias=None):
    named = [("input1", input1), ("input2", input2), ("weight", weight)] + (
        [] if bias is None else [("bias", bias)])
    if len({t.dtype for _, t in named}) > 1:
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{name}: {_dtype.C_TYPE_NAMES[t.dtype]}" for name, t in named))
    if input1.shape[:-1] != input2.shape[:-1]:
        raise RuntimeError(f"bilinear(): input batch dimensions do not match: got "
                           f"{list(input1.shape[:-1])} and {list(input2.shape[:-1])}")
    if (input1.shape[-1], input2.shape[-1]) != tuple(weight.shape[1:]):
        raise RuntimeError(f"bilinear(): weight of size {list(weight.shape)} does not match "
                           f"input sizes {input1.shape[-1]} and {input2.shape[-1]}")
    lead = tuple(input1.shape[:-1])
    x1 = _reshape(input1, (-1, input1.shape[-1]))
    x2 = _reshape(input2, (-1, input2.shape[-1]))
    # PyTorch views its _trilinear's product; with a bias, the sum is a result of its own
    y = _reshape(Bilinear.apply(x1, x2, weight, bias), lead + (weight.shape[0],))
    return y if bias is None else own(y, "AddBackward0")


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    rng = _random.rng_for(input._backend, None)
    if inplace:
        return _inplace.inplace(input, Dropout.apply, rng, float(p))
    return Dropout.apply(input, rng, float(p))


def _embedding_renorm_(weight, indices, max_norm, norm_type):
    """PyTorch's embedding_renorm_: each row of ``weight`` at ``indices`` whose
    ``norm_type``-norm exceeds ``max_norm`` is scaled in place by max_norm / (norm + 1e-7).
    All rows are read before any is written, so a repeated index is scaled once."""
    with no_grad():
        flat = _reshape(indices, (-1,))
        rows = weight[flat]
        rows = rows.to(_dtype.opmath(rows.dtype))  # see math_more.renorm
        norm = rd.norm(rows, norm_type, 1, keepdim=True)
        scale = arithmetic.where(norm > max_norm, max_norm / (norm + 1e-7), 1.0)
        weight[flat] = (rows * scale).to(weight.dtype)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    if sparse:
        raise NotImplementedError("embedding: sparse=True asks for a sparse gradient of weight, "
                                  "but tinytorch has no sparse tensors; use sparse=False (a "
                                  "dense gradient with the same values)")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    n = weight.shape[0]
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise AssertionError("Padding_idx must be within num_embeddings")
        padding_idx %= n
    check_indices(input, "embedding")
    be, idx = input._backend, input._data
    if idx.size and (int(be.amin(idx)) < 0 or int(be.amax(idx)) >= n):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _embedding_renorm_(weight, input, max_norm, norm_type)
    return Embedding.apply(input, weight, padding_idx, bool(scale_grad_by_freq))


def one_hot(tensor, num_classes=-1):
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    be, idx = tensor._backend, tensor._data
    if idx.size and int(be.amin(idx)) < 0:
        raise RuntimeError("Class values must be non-negative.")
    top = int(be.amax(idx)) if idx.size else -1
    if num_classes == -1:
        if not idx.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = top + 1
    elif top >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return OneHot.apply(tensor, num_classes)


def pad(input, pad, mode="constant", value=None):
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of "
                           f"dimension {input.ndim}")
    pairs = [(int(pad[i]), int(pad[i + 1])) for i in range(0, len(pad), 2)][::-1]
    widths = ((0, 0),) * (input.ndim - len(pairs)) + tuple(pairs)
    if mode == "constant":
        if any(n + min(a, 0) + min(b, 0) < 0 for (a, b), n in zip(widths, input.shape)):
            raise RuntimeError("narrow(): length must be non-negative.")  # its crop first
        return ConstantPad.apply(input, widths, 0.0 if value is None else float(value))
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"pad: mode '{mode}' is not supported (constant, reflect, "
                                  "replicate, circular)")
    if value:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument.')
    if not 1 <= input.ndim - len(pad) // 2 <= 2 or len(pad) > 6:
        raise NotImplementedError(_NON_CONSTANT_PAD.format(len(pad), input.ndim))
    _check_index_pad(input, widths, mode, len(pairs))
    if (_autocast.on and (mode == "replicate" or mode == "reflect" and len(pad) < 6)
            and _autocast.active(input)):  # PyTorch's replication_pad*d, reflection_pad1d/2d
        return _autocast.run("pad_" + mode, _index_pad, input, widths, mode)
    return _index_pad(input, widths, mode)


def _check_index_pad(input, widths, mode, k):
    """PyTorch's refusals for the ``k`` padded dims: circular's wraps and empty sizes (from the
    first dim), reflect's pads of at least the size (from the last), then a reflect or
    replicate output size below 1 in all of them (its kernels' check), or below 0 in one."""
    axes = range(input.ndim - k, input.ndim)
    for axis in axes if mode == "circular" else reversed(axes):
        (a, b), n = widths[axis], input.shape[axis]
        if mode == "circular" and (a > n or b > n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if mode == "circular" and n + a + b < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
        if mode == "reflect" and (a >= n or b >= n):
            raise RuntimeError(f"Argument #{4 + 2 * (input.ndim - 1 - axis)}: Padding size "
                               f"should be less than the corresponding input dimension, but "
                               f"got: padding ({a}, {b}) at dimension {axis} of input "
                               f"{list(input.shape)}")
    if mode == "circular":  # a nonempty output from an empty interior: PyTorch's reads no data
        sizes = [(n + a + b, n - max(-a, 0) - max(-b, 0)) for (a, b), n in
                 zip(widths, input.shape)]
        if all(out > 0 for out, _ in sizes) and any(inner <= 0 for _, inner in sizes):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        return
    shape = [n + a + b for (a, b), n in zip(widths, input.shape)]
    outs, ins = shape[-k:], list(input.shape[-k:])
    if all(o < 1 for o in outs):
        names = ("D", "H", "W")[-k:]
        sizes = [f"{n}: {v}" for n, v in zip(names, ins)]  # PyTorch's spacing in each:
        inside = (f"{sizes[0]} {', '.join(sizes[1:])}" if k == 3 else
                  ", ".join(sizes) + (" " if k == 2 and mode == "replicate" else ""))
        calc = " ".join(f"{n}: {v}" for n, v in zip(names, outs))
        raise RuntimeError(f"input ({inside}) is too small. Calculated output {calc}")
    negative = [o for o in shape if o < 0]
    if negative:
        if mode == "reflect" and k == 2:
            raise RuntimeError("numel: integer multiplication overflow")
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative[0]}: "
                           f"{shape}")


# PyTorch's message: reflect, replicate and circular pad the last 1-3 dimensions of an input
# with one or two more (a batch and channels, or channels only).
_NON_CONSTANT_PAD = (
    "Padding size {} is not supported for {}D input tensor.\n"
    "Supported combinations for non-constant padding:\n"
    "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
    "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
    "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    # PyTorch's composition: the norm op's gradient is 0 for a zero vector (a root of a sum of
    # powers would give 0 * inf there)
    denom = pointwise.clamp(rd.norm(input, p, dim, keepdim=True), min=eps)
    if out is None:
        return input / denom
    import tinytorch  # a real cycle: tinytorch imports the ops; its div applies out='s rules
    return tinytorch.div(input, denom, out=out)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    # broadcast first, as PyTorch's: a size-1 dim repeated along ``dim`` lengthens its norm
    x1, x2 = _broadcast_tensors(x1, x2)
    return rd.sum((x1 / _norm_at_least(x1, dim, eps)) * (x2 / _norm_at_least(x2, dim, eps)), dim)


def _norm_at_least(x, dim, eps):
    """‖x‖ along dim with its value clamped at eps and its gradient the norm's (0 for a zero
    vector): PyTorch clamps the norms in place under no_grad."""
    n = rd.norm(x, 2, dim, keepdim=True)
    return n + (pointwise.clamp(n, min=eps) - n).detach()
