"""Matrix products: matmul (PyTorch's 1-D, batched and broadcast rules), mm, bmm, dot,
outer, einsum."""

import string

from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import diagonal
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import not_implemented_for
from tinytorch._ops._util import refuse_bool
from tinytorch.amp import autocast_mode as _autocast


class MatMul(Op):
    """C = A @ B.  dL/dA = G @ Bᵀ, dL/dB = Aᵀ @ G (1-D operands and broadcast batch dims are
    handled by promoting to 2-D and summing back).

    Saved as PyTorch saves them: B only for dL/dA, A only for dL/dB, and as a copy where
    PyTorch's matmul reshapes the operand into a matrix or a batch of them by a copy
    (``_saved_operands``; NOTE [Saved values])."""

    @staticmethod
    def forward(ctx, a, b, name=None):
        need_a, need_b = ctx.needs_input_grad[:2]
        ctx.shapes = a.shape, b.shape
        saved_a, saved_b = _saved_operands(ctx.backend, a, b, need_a, need_b)
        ctx.save_for_backward(saved_a if need_b else None, saved_b if need_a else None)
        if saved_a is not a or saved_b is not b:
            ctx.copies = (None if saved_a is a else 0), (None if saved_b is b else 1)
        # PyTorch's node (NOTE [Node names]): mm, mv or dot for 2-D and 1-D operands, bmm
        # (``name``) when called so; other shapes it reshapes around an mm: ours is MatMul's
        if a.ndim <= 2 and b.ndim <= 2:
            ctx.node_name = _PRODUCT_NAMES[a.ndim - 1][b.ndim - 1]
        elif name is not None:
            ctx.node_name = name
        return ctx.backend.matmul(a, b)

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        a, b = ctx.saved_tensors
        (a_shape, b_shape), (need_a, need_b) = ctx.shapes, ctx.needs_input_grad
        if len(a_shape) == 1:
            g = be.expand_dims(g, -2 if g.ndim else 0)  # vec @ vec: g is 0-d
        if len(b_shape) == 1:
            g = be.expand_dims(g, -1)
        ga = gb = None
        if need_a:
            b2 = be.expand_dims(b, -1) if b.ndim == 1 else b
            ga = be.matmul(g, _swap_last(be, b2))
            if len(a_shape) == 1:  # a view otherwise costs the engine a copy (NOTE [Gradient
                ga = be.reshape(be.sum_to(ga, (1,) + a_shape), a_shape)  # ownership])
            else:
                ga = be.sum_to(ga, a_shape)
        if need_b:
            a2 = be.expand_dims(a, 0) if a.ndim == 1 else a
            gb = be.matmul(_swap_last(be, a2), g)
            if len(b_shape) == 1:
                gb = be.reshape(be.sum_to(gb, b_shape + (1,)), b_shape)
            else:
                gb = be.sum_to(gb, b_shape)
        return ga, gb


_PRODUCT_NAMES = (("DotBackward0", None), ("MvBackward0", "MmBackward0"))


def _saved_operands(be, a, b, need_a, need_b):
    """(A, B) as PyTorch's matmul saves them: an operand itself, or a copy where PyTorch
    reshapes it by a copy before its mm/bmm (a later write into the operand then does not
    reach what backward uses). A 1-D or 2-D operand that requires grad makes PyTorch fold the
    N-D other into a matrix (``x.reshape(-1, n)``, B transposed first; its should_fold); two
    operands of 3 or more dims are each expanded to the common batch and reshaped to one
    batch dim."""
    def copies(x, shape):  # an empty x folds as a view (and -1 would be ambiguous)
        return x.size > 0 and be.reshape_view(x, shape) is None

    if not (need_a or need_b):  # nothing recorded: nothing saved
        return a, b
    if need_b and b.ndim <= 2 < a.ndim and copies(a, (-1, a.shape[-1])):
        return be.copy(a), b
    if need_a and a.ndim <= 2 < b.ndim and copies(_swap_last(be, b), (-1, b.shape[-2])):
        return a, be.copy(b)
    if a.ndim < 3 or b.ndim < 3:
        return a, b
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return tuple(be.copy(x) if need and copies(be.broadcast_to(x, batch + x.shape[-2:]),
                                               (-1,) + x.shape[-2:]) else x
                 for x, need in ((a, need_b), (b, need_a)))


def _swap_last(be, x):
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return be.transpose(x, tuple(axes))


class Einsum(Op):
    """y = einsum(terms -> out, *x).  dL/dx_k = einsum of g (subscripts ``out``) with the
    other operands, producing x_k's subscripts: the output subscript swapped in. Subscripts
    only x_k has get a ones vector, repeated ones (diagonals) an identity matrix, and dims
    that x_k broadcast are summed back. See ``_operand_grad``."""

    @staticmethod
    def forward(ctx, *arrays, terms, out, sizes):
        ctx.save_for_backward(*arrays)
        ctx.meta = (terms, out, sizes)
        return ctx.backend.einsum(",".join(terms) + "->" + out, *arrays)

    @staticmethod
    def backward(ctx, g):
        arrays = ctx.saved_tensors
        terms, out, sizes = ctx.meta
        return tuple(_operand_grad(ctx.backend, g, arrays, terms, out, k, sizes) if need else None
                     for k, need in enumerate(ctx.needs_input_grad))


def _operand_grad(be, g, arrays, terms, out, k, sizes):
    dtype = _dtype.from_native(g.dtype)
    ops, subs = [g], [out]
    for i, (term, a) in enumerate(zip(terms, arrays)):
        if i != k:
            ops.append(a)
            subs.append(term)
    present = set("".join(subs))
    fresh = iter(c for c in string.ascii_letters if c not in present and c not in terms[k])
    target = []
    for c in terms[k]:
        if c in target:  # a diagonal: tie a new subscript to c through an identity matrix
            f = next(fresh)
            ops.append(be.eye(sizes[c], sizes[c], dtype))
            subs.append(c + f)
            target.append(f)
            continue
        target.append(c)
        if c not in present:  # summed over in forward by x_k alone: the gradient is constant
            ops.append(be.ones((sizes[c],), dtype))
            subs.append(c)
            present.add(c)
    grad = be.einsum(",".join(subs) + "->" + "".join(target), *ops)
    # Subscripts the other operands broadcast (size 1) come out with size 1: widen them to
    # x_k's sizes, then sum the dims x_k itself broadcast.
    full = tuple(sizes[c] for c in terms[k])
    return be.sum_to(be.broadcast_to(grad, full), tuple(arrays[k].shape))


# the PyTorch kernel a matmul with a 1-D, 2-D or batched second operand runs
_MM_KERNELS = {1: "addmv_impl_cpu", 2: "addmm_impl_cpu_", 3: "bmm"}


def _same_dtype(a, b):
    if a.dtype is not b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_dtype.C_TYPE_NAMES[a.dtype]} != "
                           f"{_dtype.C_TYPE_NAMES[b.dtype]}")


def _desc(t):
    return "x".join(str(s) for s in t.shape)


def _check_tensor(x, name, op):
    if not is_tensor(x):
        raise TypeError(f"{op}(): argument '{name}' must be Tensor, not {type(x).__name__}")


def matmul(input, other):
    """Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands.

    Two 1-D tensors give their dot product; a 1-D first (second) operand gets a dimension of
    size 1 prepended (appended) and removed again from the result; batch dims broadcast.

    Args:
        input (Tensor): the first tensor, at least 1-D.
        other (Tensor): the second tensor, at least 1-D, of ``input``'s dtype.

    Returns:
        Tensor: the product.

    Raises:
        RuntimeError: a 0-d operand, sizes that cannot be multiplied, batch dims that do not
            broadcast, or different dtypes (PyTorch's messages).

    >>> import tinytorch
    >>> (tinytorch.ones(2, 3) @ tinytorch.ones(3)).shape
    torch.Size([2])
    """
    _check_tensor(input, "input", "matmul")
    _check_tensor(other, "other", "matmul")
    if _autocast.on:
        input, other = _autocast.cast("matmul", input, other)
    if input.ndim == 0 or other.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{input.ndim}D and {other.ndim}D")
    if input.ndim == 1 and other.ndim == 1:
        return dot(input, other)
    k1 = input.shape[-1]
    k2 = other.shape[-2] if other.ndim > 1 else other.shape[0]
    if k1 != k2 and other.ndim == 1:
        raise RuntimeError(f"size mismatch, got input ({input.shape[-2]}), mat ({_desc(input)}), "
                           f"vec ({other.shape[0]})")
    if k1 != k2:
        left = f"1x{k1}" if input.ndim == 1 else _desc(input)
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({left} and "
                           f"{_desc(other)})")
    if input.ndim > 2 and other.ndim > 2:
        broadcast_shapes(input.shape[:-2], other.shape[:-2], op="matmul")
    _same_dtype(input, other)
    refuse_bool(_MM_KERNELS[min(other.ndim, 3)], input)  # NOTE [Bool refusals]
    return MatMul.apply(input, other)


def rmatmul(input, other):
    raise TypeError(f"matmul(): argument 'input' must be Tensor, not {type(other).__name__}")


def mm(input, mat2):
    """Product of two matrices, (n, k) @ (k, m) -> (n, m); no broadcasting.

    Args:
        input (Tensor): the first matrix, (n, k).
        mat2 (Tensor): the second matrix, (k, m), of ``input``'s dtype.

    Returns:
        Tensor: the (n, m) product.

    Raises:
        RuntimeError: an operand is not 2-D, or as :func:`matmul` for the sizes and dtypes.

    >>> tinytorch.mm(tinytorch.ones(2, 3), tinytorch.ones(3, 4))
    tensor([[3., 3., 3., 3.],
            [3., 3., 3., 3.]])
    """
    _check_tensor(input, "input", "mm")
    _check_tensor(mat2, "mat2", "mm")
    if input.ndim != 2:
        raise RuntimeError(f"self must be a matrix (got a {input.ndim}-D tensor of shape "
                           f"{list(input.shape)})")
    if mat2.ndim != 2:
        raise RuntimeError(f"mat2 must be a matrix (got a {mat2.ndim}-D tensor of shape "
                           f"{list(mat2.shape)})")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched matrix product, (b, n, k) @ (b, k, m) -> (b, n, m); no broadcasting.

    Args:
        input (Tensor): the first batch of matrices, (b, n, k).
        mat2 (Tensor): the second batch of matrices, (b, k, m), of ``input``'s dtype.

    Returns:
        Tensor: the (b, n, m) products.

    Raises:
        RuntimeError: an operand is not 3-D, or the batch or inner sizes differ (PyTorch's
            messages).

    >>> tinytorch.bmm(tinytorch.ones(5, 2, 3), tinytorch.ones(5, 3, 4)).shape
    torch.Size([5, 2, 4])
    """
    _check_tensor(input, "input", "bmm")
    _check_tensor(mat2, "mat2", "bmm")
    if _autocast.on:
        input, mat2 = _autocast.cast("bmm", input, mat2)
    for x, name in ((input, "batch1"), (mat2, "batch2")):
        if x.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor (got shape {list(x.shape)})")
    expected = [input.shape[0], input.shape[2]]
    if list(mat2.shape[:2]) != expected:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"{expected} but got: {list(mat2.shape[:2])}.")
    _same_dtype(input, mat2)
    refuse_bool("bmm", input)
    return MatMul.apply(input, mat2, name="BmmBackward0")


def dot(input, other):
    """Inner product of two 1-D tensors of the same length and dtype.

    Args:
        input (Tensor): the first 1-D tensor.
        other (Tensor): the second 1-D tensor.

    Returns:
        Tensor: a 0-d tensor, ``sum(input * other)``.

    Raises:
        RuntimeError: an operand is not 1-D, or the lengths or dtypes differ (PyTorch's
            messages).

    >>> tinytorch.dot(tinytorch.tensor([2, 3]), tinytorch.tensor([2, 1]))
    tensor(7)
    """
    _check_tensor(input, "input", "dot")
    _check_tensor(other, "tensor", "dot")
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    n, m = input.shape[0], other.shape[0]
    if n != m:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{n}] and src [{m}] to "
                           f"have the same number of elements, but got {n} and {m} elements "
                           "respectively")
    if input.dtype is not other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{_dtype.SCALAR_TYPE_NAMES[input.dtype]} and "
                           f"{_dtype.SCALAR_TYPE_NAMES[other.dtype]}")
    refuse_bool("dot", input)
    return MatMul.apply(input, other)


def outer(input, vec2):
    """Outer product of two 1-D tensors: ``out[i, j] = input[i] * vec2[j]``.

    Args:
        input (Tensor): the first 1-D tensor, of size n.
        vec2 (Tensor): the second 1-D tensor, of size m.

    Returns:
        Tensor: the (n, m) product, of the promoted dtype.

    Raises:
        RuntimeError: an operand is not 1-D.

    >>> tinytorch.outer(tinytorch.tensor([1, 2]), tinytorch.tensor([1, 10, 100]))
    tensor([[  1,  10, 100],
            [  2,  20, 200]])
    """
    for x, name in ((input, "self"), (vec2, "vec2")):
        _check_tensor(x, name, "outer")
        if x.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {x.ndim}-D")
    return arithmetic.mul(shape.reshape(input, (input.shape[0], 1)), vec2)


def _subscript(n):
    if n is Ellipsis:
        return "..."
    if 0 <= n < 52:
        return chr(ord("A") + n) if n < 26 else chr(ord("a") + n - 26)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range "
                     "[0, 52)")


def _sublist_equation(args):
    """``(op1, sublist1, op2, sublist2, ..., [sublist_out])`` as PyTorch reads it: the equation
    (0-25 are A-Z, 26-51 a-z, Ellipsis ``...``) and the operands."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    equation = ",".join("".join(_subscript(n) for n in sub) for sub in args[1::2])
    if len(args) % 2:
        return equation + "->" + "".join(_subscript(n) for n in args[-1]), args[:-1:2]
    return equation, args[::2]


def einsum(equation, *operands):
    """Einstein summation over ``equation`` (NumPy's subscripts: letters, ``...`` for
    broadcast dims, explicit ``->`` output or the implicit one).

    Args:
        equation (str): the subscripts, such as ``"ij,jk->ik"``; or, PyTorch's sublist
            format, the first operand, followed by its subscripts and the other operands
            each with theirs as lists of ints in [0, 52) (and ``Ellipsis``), then optionally
            the output's list: ``einsum(a, [0, 1], b, [1, 2], [0, 2])``.
        *operands (Tensor): the tensors, one per term, of one dtype (or one list of them).

    Returns:
        Tensor: the result.

    Raises:
        RuntimeError: operands of different dtypes, or an equation that does not fit the
            operands (PyTorch's messages).

    >>> import tinytorch
    >>> a, b = tinytorch.ones(2, 3), tinytorch.ones(3, 4)
    >>> tinytorch.einsum("ij,jk->ik", a, b).shape
    torch.Size([2, 4])
    """
    if is_tensor(equation):  # PyTorch's sublist format: operand, its subscripts, ...
        equation, operands = _sublist_equation((equation,) + operands)
    elif not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    for i, x in enumerate(operands):
        _check_tensor(x, f"operands[{i}]", "einsum")
    terms, out = _parse(equation, [tuple(x.shape) for x in operands])
    if _autocast.on and any(sum(c in t for t in terms) > 1 for c in set("".join(terms)) - set(out)):
        operands = _autocast.cast("einsum", *operands)  # PyTorch's: only a contraction (bmm)
    for i, x in enumerate(operands):
        if x.dtype is not operands[0].dtype:
            names = _dtype.SCALAR_TYPE_NAMES
            raise RuntimeError(f"expected scalar type {names[operands[0].dtype]} "
                               f"but found {names[x.dtype]} (einsum operand {i})")
    sizes = _sizes(terms, [tuple(x.shape) for x in operands])
    if len(terms) == 1 and set(terms[0]) == set(out):
        return _einsum_view(operands[0], terms[0], out)
    if not operands[0].dtype.is_floating_point:
        operands = _integer_operands(terms, out, operands)
    result = Einsum.apply(*operands, terms=tuple(terms), out=out, sizes=sizes)
    if len(terms) > 1:
        # PyTorch returns a view of its last product (ViewBackward0) that drops the summed
        # labels' dims, if any; else that product (a mul): a result of its own
        summed = set("".join(terms)) - set(out)
        return shape.reshape(result, tuple(result.shape)) if summed else result
    # one operand summed: PyTorch's sum, contiguous and int64 for integers and bools
    return shape.contiguous(result if result.dtype.is_floating_point else
                            result.to(_dtype.int64))


def _integer_operands(terms, out, operands):
    """Integer and bool operands as PyTorch's einsum computes them: a dim that one operand
    alone has and the output has not is summed first, by PyTorch's ``sum`` (to int64), then
    the operands multiply (a bool product stays bool) or contract in ``bmm``, which has no
    bool kernel."""
    owners = {c: sum(c in t for t in terms) for c in set("".join(terms)) - set(out)}
    if operands[0].dtype is _dtype.bool_ and any(n > 1 for n in owners.values()):
        not_implemented_for("bmm", operands[0])
    if len(terms) == 1 or 1 in owners.values():
        return tuple(x.to(_dtype.int64) for x in operands)
    return operands


def _einsum_view(x, term, out):
    """einsum of one operand that sums no dim: as PyTorch's, a view, the diagonal of each
    subscript the term repeats (``'ii->i'``), then the output's order (a permute)."""
    letters = list(term)
    for c in out:
        while letters.count(c) > 1:
            i = letters.index(c)
            j = letters.index(c, i + 1)
            x = diagonal.diagonal(x, 0, i, j)  # the diagonal becomes the last dim
            letters = [s for k, s in enumerate(letters) if k not in (i, j)] + [c]
    return shape.permute(x, [letters.index(s) for s in out])


def _parse(equation, shapes):
    """Explicit subscripts (``...`` replaced by letters) for each operand and the output."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(shapes):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(shapes):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    free = [c for c in string.ascii_letters if c not in eq]
    n_ell = [_ellipsis_dims(t, s, i) for i, (t, s) in enumerate(zip(terms, shapes))]
    ell = "".join(free[:max(n_ell, default=0)])
    terms = [t.replace("...", ell[len(ell) - n:]) for t, n in zip(terms, n_ell)]
    if not arrow:
        once = sorted(c for c in set("".join(terms)) if c not in ell
                      and "".join(terms).count(c) == 1)
        return terms, ell + "".join(once)
    _check_subscripts(rhs.replace("...", ""), "the output")
    out = rhs.replace("...", ell)
    for c in out:
        if out.count(c) > 1:
            raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the "
                               "output")
        if not any(c in t for t in terms):
            raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation "
                               "for any input operand")
    return terms, out


def _ellipsis_dims(term, shape, i):
    letters = term.replace("...", "")
    _check_subscripts(letters, f"operand {i}")
    if "..." in term:
        n = len(shape) - len(letters)
        if n < 0:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation "
                               f"({len(letters)}) is more than the number of dimensions "
                               f"({len(shape)}) for operand {i}")
        return n
    if len(letters) != len(shape):
        raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(letters)}) "
                           f"does not match the number of dimensions ({len(shape)}) for operand "
                           f"{i} and no ellipsis was given")
    return 0


def _check_subscripts(letters, where):
    for c in letters:
        if c not in string.ascii_letters:
            raise RuntimeError(f"einsum(): invalid subscript given at {where}: {c!r}; subscripts "
                               "must be letters in [a-zA-Z] (and '...')")


def _sizes(terms, shapes):
    """The broadcast size of every subscript; RuntimeError when two sizes do not broadcast,
    or a subscript repeated within an operand has two sizes."""
    sizes = {}
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        own = {}
        for c, n in zip(term, shape):
            if own.setdefault(c, n) != n:  # a diagonal: no broadcasting within an operand
                raise RuntimeError(f"einsum(): subscript {c} is repeated for operand {i} but "
                                   f"the sizes don't match, {n} != {own[c]}")
            seen = sizes.get(c, 1)
            if n != 1 and seen != 1 and n != seen:
                raise RuntimeError(f"einsum(): subscript {c} has size {n} for operand {i} which "
                                   f"does not broadcast with previously seen size {seen}")
            sizes[c] = n if n != 1 else seen
    return sizes
