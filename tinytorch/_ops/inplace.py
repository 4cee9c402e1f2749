"""In-place ops.

NOTE [In-place ops]
``x.op_(...)`` computes ``op(x, ...)`` out of place (recorded by autograd as usual), writes
the result into x's storage (so views of x see it), bumps x's version counter and makes x
the output of the new node. Saved values check the counter at backward (see NOTE
[Saved values]). A leaf that requires grad may only be changed in place under no_grad.
When the call is recorded, the op runs on a snapshot of x (a copy standing at x's place in
the graph), so what it saves is not overwritten by the write-back: ``h.mul_(w)``,
``h.pow_(2)`` stay differentiable, as PyTorch's saved ``original self`` makes them.
"""

import warnings

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch import _hooks
from tinytorch import _tensor
from tinytorch._ops import arithmetic
from tinytorch._ops import conversion
from tinytorch._ops import indexing
from tinytorch._ops import shape
from tinytorch._ops._op import Op
from tinytorch._ops._node_classes import named
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._util import checked_scalar
from tinytorch._ops._util import is_tensor


def check_leaf(x, view=False):
    """PyTorch's checks before an in-place write into x (or into a ``view`` of x) that
    requires grad (grad mode on): not a leaf, not a piece of split/unbind (see
    _check_multiple_views)."""
    if x._requires_grad and _grad_mode.is_grad_enabled():
        if x._grad_fn is None:
            raise RuntimeError(f"a {'view of a ' * view}leaf Variable that requires grad is "
                               "being used in an "
                               "in-place operation. Wrap the update in `with torch.no_grad():` "
                               "(as optimizers do) or work on x.clone().")
        if x._view_src is not None:
            _check_multiple_views(x)


def commit(x, out, chain=None):
    """Write ``out`` (a Tensor computed from x) into x in place and take over its history;
    ``chain``: ``_view_chain(x)`` when the caller has it already."""
    check_leaf(x)
    if x._view_src is not None and out._grad_fn is not None:  # x takes a history on
        _check_multiple_views(x)
    if tuple(out._data.shape) != tuple(x._data.shape):
        raise RuntimeError(f"output with shape {list(x.shape)} doesn't match the broadcast "
                           f"shape {list(out.shape)}")
    if out._grad_fn is not None and x._view_src is not None:
        _commit_to_view(x, out, chain=chain)
    else:
        x._backend.copy_(x._data, out._data)
        x._vc[0] += 1
        if out._grad_fn is not None:
            _set_history(x, out._grad_fn, out._output_nr)
    _adopt_saved_output(x, out)
    return x


def _adopt_saved_output(x, out):
    """An op that keeps its result for backward (relu, sigmoid, exp ...) kept ``out``; after
    the write that result is x, as in PyTorch, where the in-place op's result is x itself: a
    later write into x then raises at backward as PyTorch's does."""
    node = out._grad_fn
    meta = None if node is None else node.saved_meta
    for i, origin in enumerate(meta or ()):
        if origin is not None and origin[0] == "out" and origin[2] is out._vc:
            meta[i] = ("out", origin[1], x._vc, x._vc[0])


def _check_multiple_views(x, what="is being modified inplace"):
    """PyTorch refuses, with grad mode on, an in-place write into a view that came (directly
    or through further views) from an op returning several views (split, chunk, unbind), and
    the use of such a view after its base was written in place: its history could not be
    rewritten for one output alone."""
    if not _grad_mode.is_grad_enabled():
        return
    view = x
    while view._view_src is not None:
        if view._view_src[1].multiple_views:
            _, op, _, _, nr = x._view_src
            raise RuntimeError(
                f"Output {nr} of {op.__name__} is a view and {what}. This view is the output of "
                "a function that returns multiple views. Such functions do not allow the output "
                "views to be modified inplace. You should replace the inplace operation by an "
                "out-of-place one.")
        view = view._view_src[0]


def _set_history(x, node, nr):
    """x becomes output ``nr`` of ``node``; a retain_grad goes with it."""
    old, old_nr = x._grad_fn, x._output_nr
    x._grad_fn, x._output_nr, x._requires_grad = node, nr, True
    _hooks.move_retained(x, old, old_nr)


# NOTE [In-place on views]
# Writing into a view (x[0].mul_(2), h[:, 1] = v, a split piece) changes its base too, so the
# base's history must change with it. A view remembers its source (Tensor._view_src: parent,
# view op, arguments); replaying those ops on arange(base.numel()) gives the flat position in
# the root base of every element of the view. The recorded write then becomes
#   base = base.flatten() with [positions] = out,  view = base.flatten()[positions]
# two ordinary differentiable ops (IndexPut, Index), so gradients reach both the old base and
# out. Any other view whose base changed in place after it was taken (its _view_version is
# behind the shared version counter), the views x was taken through included (row in
# `row = h[0]; row[1:].mul_(2)`), is re-derived when it next enters a recorded op
# (node._connect calls refresh_view) or its grad_fn is read, as PyTorch regenerates a view's
# grad_fn on access: until then its old node, and a retain_grad on it, stay in the graph.


def _view_chain(x):
    """(root base of view x, [(view, int64 Tensor of its elements' flat indices in root)] for
    x and every view between it and the root)."""
    views, root = [], x
    while root._view_src is not None:
        views.append(root)
        root = root._view_src[0]
    chain = []
    with _grad_mode.no_grad():
        pos = _creation.arange(root.numel(), device=root.device).reshape(root.shape)
        for view in reversed(views):
            _, op, rest, options, nr = view._view_src
            pos = op.apply(pos, *rest, **options)
            pos = pos[nr] if type(pos) is tuple else pos
            chain.append((view, pos))
    return root, chain


def _commit_to_view(x, out, written=None, chain=None):
    """commit() for a view x: rewrite its base, and re-derive x from the new base (see NOTE
    [In-place on views]). For a view that repeats elements, only the ``written`` ones (a bool
    Tensor of x's shape) reach the base, see NOTE [Writes into repeated elements]."""
    if written is None:
        return _rewrite_memory(x, lambda flat, pos: indexing.IndexPut.apply(flat, out,
                                                                            (pos._data,)),
                               chain=chain)

    def put(flat, pos):
        with _grad_mode.no_grad():
            pos = pos[written]
        return indexing.IndexPut.apply(flat, out[written], (pos._data,))
    return _rewrite_memory(x, put, repeated=True)


def _rewrite_memory(x, new_flat, repeated=False, chain=None):
    """x's root base becomes ``new_flat(flat, pos)``, given its values flat and the flat
    positions (a Tensor of x's shape) x's elements reach; x is re-derived (the views it was
    taken through go stale). ``repeated``: x repeats elements, so no gradient goes back to
    the base's old values (RefuseRepeated). ``chain``: ``_view_chain(x)``, if known."""
    root, chain = chain or _view_chain(x)
    recorded = _grad_mode.is_grad_enabled()
    if root._requires_grad and root._grad_fn is None and recorded:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation. Wrap it in `with torch.no_grad():` or work on "
                           "a clone().")
    base = RefuseRepeated.apply(root) if repeated and root._requires_grad and recorded else root
    flat = new_flat(base.reshape(-1), chain[-1][1])
    commit(root, flat.reshape(root.shape))
    if flat._grad_fn is not None:  # x only: the views it was taken through are stale now and
        _rederive(root, *chain[-1])  # re-derived when next used, as PyTorch regenerates them
    return x


# NOTE [Writes into repeated elements]
# An expand repeats elements: several indices reach one memory location. PyTorch refuses
# in-place writes into such a tensor (NOTE [Overlapping writes]) except those that write one
# value into each chosen element whatever it held: fill_ and zero_ silently, masked_fill_,
# index_fill_ and advanced-index assignment (index_put_, ``x[mask] = v``) with a deprecation
# warning. A location then holds the value written into any of its elements (the last, in
# order, where they differ). Here the op runs out of place as usual and only the elements it
# wrote go to the view's root base (``_commit_to_view`` with ``written``). When autograd
# records the write, the written value's gradient is PyTorch's: each element written sends
# back its location's gradient (a location written through two elements counts twice); a
# gradient for the base's old values cannot go back through repeated memory: PyTorch's
# CopySlices raises then, at backward, and so does tinytorch (RefuseRepeated). index_put_
# with accumulate adds each value into the location its element reaches (``add_repeated``:
# a location reached through several indexed elements gets each of their values), with the
# same warning and gradients. Random fills stay refused, as in PyTorch.
_DEPRECATED = ("Use of {}_ on expanded tensors is deprecated. Please clone() the tensor before "
               "performing this operation. This also applies to advanced indexing e.g. "
               "tensor[{}] = {}")
_INDEXING = {"masked_fill": ("mask", "scalar"), "index_put": ("indices", "tensor"),
             "index_fill": ("mask", "scalar")}


def repeats_elements(x):
    """Whether two indices of x reach one memory location (x is an expand)."""
    return x._backend.internal_overlap(x._data)


def write_repeated(x, out, written=None, warn=()):
    """Write ``out`` (computed from x out of place) into a view x that repeats elements, at
    the elements of the bool Tensor ``written`` (None: every one), after PyTorch's deprecation
    warning for each op named in ``warn``; see NOTE [Writes into repeated elements]."""
    _repeated_target(x, warn, stacklevel=4)
    if written is None:
        written = _creation.ones((), dtype=_dtype.bool_, device=x.device)
    return _commit_to_view(x, out, shape.expand(written, x.shape))


def _repeated_target(x, warn, stacklevel):
    """The checks and PyTorch's deprecation warnings (one per op named in ``warn``; the
    caller's ``stacklevel``) before a write into a view x that repeats elements."""
    check_leaf(x)
    if x._view_src is None:  # memory no view of which can be rewritten
        raise RuntimeError(_INTERNAL)
    for name in warn:
        warnings.warn(_DEPRECATED.format(name, *_INDEXING[name]), UserWarning,
                      stacklevel=stacklevel + 1)


def add_repeated(x, indices, values):
    """``x.index_put_(indices, values, accumulate=True)`` into a view x that repeats elements,
    after PyTorch's deprecation warning (NOTE [Writes into repeated elements])."""
    _repeated_target(x, ("index_put",), stacklevel=3)
    values = conversion.to(values, x.device, x.dtype)

    def add_at(flat, pos):
        with _grad_mode.no_grad():
            at = indexing.getitem(pos, tuple(indices))
        spread = indexing.IndexAdd.apply(shape.expand(values, at.shape), tuple(flat.shape),
                                         (at._data,), flat.dtype)
        return arithmetic.add(flat, spread)
    return _rewrite_memory(x, add_at, repeated=True)


def fill_where(x, fn, written, name, *args):
    """``inplace(x, fn, *args)`` for masked_fill_ and index_fill_, which PyTorch also carries
    out, with a warning, into a tensor that repeats elements; ``written()`` is then the bool
    Tensor of the elements fn writes (NOTE [Writes into repeated elements])."""
    if not repeats_elements(x):
        return inplace(x, fn, *args)
    return write_repeated(x, fn(_snapshot(x, args)[0], *args), written(), (name,))


class RefuseRepeated(Op):
    """y = x, before a write into a view of x that repeats elements.  Its backward raises as
    PyTorch's CopySlices does there: no gradient goes back through repeated memory (NOTE
    [Writes into repeated elements])."""

    @staticmethod
    def forward(ctx, x):
        return ctx.backend.copy(x)

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(_INTERNAL)


def catch_up(t):
    """Re-derive t's history when t is a view whose base changed in place since it was taken
    (as PyTorch regenerates a view's grad_fn); the ops' inputs get the same check inline
    (``_connect_inputs``, the hot path)."""
    if t._view_src is not None and t._view_version != t._vc[0]:
        refresh_view(t)


def current_grad_fn(t):
    """``Tensor.grad_fn``: t's node, after catching t up (``catch_up``)."""
    catch_up(t)
    return named(t._grad_fn)


def refresh_view(view):
    """Re-derive a view's history from its root base, which changed in place after the view
    was taken (``v = h[0]; h.mul_(2); v.sum()``), as PyTorch regenerates a view's grad_fn.
    Only this view: the views it was taken through keep their old nodes (and a retain_grad
    or hook on them) until they are used themselves, as in PyTorch."""
    root, chain = _view_chain(view)
    if root._requires_grad and _grad_mode.is_grad_enabled():
        _check_multiple_views(view, "its base or another view of its base has been modified "
                                    "inplace")
        _rederive(root, *chain[-1])


def _rederive(root, view, pos):
    """``view`` (whose elements are ``pos`` in ``root``) re-derived from ``root``: an
    AsStridedBackward0 node, as PyTorch's regenerated view."""
    fresh = indexing.Index.apply(root.reshape(-1), (pos._data,), name="AsStridedBackward0")
    _set_history(view, fresh._grad_fn, 0)
    view._view_version = root._vc[0]


def check_put_dtype(input, index, value, fills):
    """PyTorch's index_put_ (advanced-index assignment) takes a value tensor of input's dtype
    only; with ``fills`` (no accumulate) a 0-d value through one bool mask is its
    masked_fill_, which casts. ``index`` is _normalize's."""
    if not is_tensor(value) or value.dtype is input.dtype:
        return
    if fills and value.ndim == 0 and len(index) == 1 and hasattr(index[0], "dtype") and (
            _dtype.from_native(index[0].dtype) is _dtype.bool_):
        return
    names = _dtype.SCALAR_TYPE_NAMES
    raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                       f"{names[input.dtype]} for the destination and {names[value.dtype]} "
                       f"for the source.")


# NOTE [Overlapping writes]
# PyTorch refuses two in-place writes that tinytorch, computing out of place and copying
# back, would carry out as NumPy does: into a tensor in which two indices reach one element
# (an expand), and from an input that partly overlaps the written-to tensor (x[1:] = x[:-1]).
# We raise where it does, with its messages, so that a program means the same in both. Its
# rules: TensorIterator checks the output (at::assert_no_internal_overlap) and each input
# as given, before broadcasting (assert_no_partial_overlap: only "partial" raises, and only
# between dense tensors); copy_ first returns when source and destination are the same
# data; setitem fills for a number or a 0-d value (no check) and otherwise copies the value,
# expanded to the indexed shape, into the indexed view; index_put_ (advanced indexing)
# refuses a value that overlaps the input at all. backend.internal_overlap / mem_overlap
# give PyTorch's statuses from the arrays' layouts; a shared version counter (views,
# detach) is the cheap test that two tensors may share memory.
_INTERNAL = ("unsupported operation: more than one element of the written-to tensor refers "
             "to a single memory location. Please clone() the tensor before performing the "
             "operation.")
_PARTIAL = ("unsupported operation: some elements of the input tensor and the written-to "
            "tensor refer to a single memory location. Please clone() the tensor before "
            "performing the operation.")


def check_overlap(x, inputs, dst=None, refuse=("partial",), internal=True):
    """PyTorch's guards for writing into x (or into ``dst``, x's array at an index) from
    ``inputs``: tensors, or (tensor, array, shape it is expanded to); see NOTE [Overlapping
    writes]. ``internal``: also refuse a dst that repeats elements."""
    be = x._backend
    whole = dst is None  # then an input that is x itself is the same tensor: no overlap check
    dst = x._data if whole else dst
    if internal and be.internal_overlap(dst):
        raise RuntimeError(_INTERNAL)
    for t in inputs:
        t, data, shape = t if type(t) is tuple else (t, getattr(t, "_data", None), None)
        if (is_tensor(t) and t._vc is x._vc and not (whole and t is x)
                and be.mem_overlap(dst, data, shape) in refuse):
            raise RuntimeError(_PARTIAL)


def check_setitem_overlap(input, index, advanced, value):
    """PyTorch's refusals of ``input[index] = value`` (see NOTE [Overlapping writes]): the
    indexed view may not repeat an element; a value sharing its memory (not a number or a
    0-d value, which PyTorch clones) may not overlap it partly."""
    aliased = is_tensor(value) and value._vc is input._vc and value.ndim > 0
    if advanced:  # index_put_ on the whole input (PyTorch applies basic indices first)
        if aliased:  # refused however it overlaps; an expanded input only warns
            check_overlap(input, (value,), refuse=("full", "partial"))
        return
    be = input._backend
    dst = be.getitem(input._data, index)
    if not aliased:
        check_overlap(input, (), dst=dst)
        return
    src, shape = value._data, None
    if tuple(src.shape) != tuple(dst.shape):  # the value without leading 1s, expanded
        lead = next((i for i, n in enumerate(src.shape) if n != 1), src.ndim)
        src, shape = be.getitem(src, (0,) * lead), tuple(dst.shape)
        if any(n not in (1, m) for n, m in zip(src.shape[::-1], shape[::-1])):
            return  # the write itself raises PyTorch's shape error
    if be.mem_overlap(dst, src, shape) != "full":  # copy_ of the same data returns at once
        check_overlap(input, ((value, src, shape),), dst=dst)


def refuse_source_overlap(x, source):
    """PyTorch's assert_no_overlap(self, source) of the indexed writes (index_add_,
    index_copy_, scatter_, put_, index_put_ ...): their source may not share memory with x at
    all, x itself included."""
    if is_tensor(source):
        check_overlap(x, (source,), dst=x._data, refuse=("full", "partial"), internal=False)


def inplace(x, fn, *args, **kwargs):
    """``x = fn(x, *args, **kwargs)`` in place (see NOTE [In-place ops]), refusing a result of
    a higher category than x's (a float result into an integer tensor, an integer one into a
    bool tensor) with PyTorch's message."""
    check_leaf(x)
    check_overlap(x, args)
    snapshot, chain = _snapshot(x, args)
    out = fn(snapshot, *args, **kwargs)
    if (out._data.dtype != x._data.dtype
            and _dtype._category(out.dtype) > _dtype._category(x.dtype)):
        names = _dtype.SCALAR_TYPE_NAMES
        raise RuntimeError(f"result type {names[out.dtype]} can't be cast to the desired "
                           f"output type {names[x.dtype]}")
    return commit(x, out, chain)


def add_(x, other, alpha=1, subtract=False):
    """``x += alpha * other`` (``-=`` with ``subtract``). When nothing is recorded (no_grad,
    as in optimizers and custom update loops) and no promotion or broadcasting is involved,
    it adds straight into x's storage: one pass instead of a new array copied back."""
    if type(alpha) is not int:
        arithmetic.check_alpha(x, other, alpha)
    recorded = _grad_mode.is_grad_enabled() and (
        x._requires_grad or (is_tensor(other) and other._requires_grad))
    if is_tensor(other):
        direct = (other._backend is x._backend and other._data.dtype == x._data.dtype
                  and other._data.shape == x._data.shape
                  and not (subtract and x._data.dtype.kind == "b"))  # sub's bool error
    else:
        # V: bfloat16; a Python bool goes the checked way (x -= True raises, as PyTorch's)
        direct = type(other) in (int, float) and x._data.dtype.kind in "fV"
    if recorded or not direct:
        return inplace(x, arithmetic.sub if subtract else arithmetic.add, other, alpha=alpha)
    check_leaf(x)
    check_overlap(x, (other,))
    if subtract:
        alpha = -alpha
    if alpha != 1:
        other = other * alpha
    x._backend.add_(x._data, other._data if is_tensor(other) else other)
    x._vc[0] += 1
    return x


def _snapshot(x, args):
    """(x itself, or, when the call will be recorded, a copy of x's values with x's place in
    the graph (same grad_fn and output number) and a version counter of its own; x's
    ``_view_chain`` when it was computed, else None). For a view with a history the copy is
    ``from_root``'s: the views x was taken through (and a retain_grad or hook on them) see
    only the gradients of their own other uses."""
    recorded = x._requires_grad or any(is_tensor(a) and a._requires_grad for a in args)
    if not (recorded and _grad_mode.is_grad_enabled()):
        return x, None
    stand_in = from_root(x)
    if stand_in[1] is not None:
        return stand_in
    return _tensor.Tensor._make(x._backend.copy(x._data), x._backend, x._requires_grad,
                                x._grad_fn, x._output_nr), None


def from_root(x):
    """(x's values read from its root base, x's ``_view_chain``) for a view with a history,
    which a recorded write rewrites (NOTE [In-place on views]): the written op's gradient for
    x's old values then goes straight to the base's old node, as PyTorch's CopySlices sends
    it, not through x's own node (and a retain_grad or hook on it). Otherwise (x, None)."""
    catch_up(x)  # x's base changed in place since it was taken: x's history first
    if x._view_src is not None and x._grad_fn is not None and not repeats_elements(x):
        root, chain = _view_chain(x)
        return indexing.Index.apply(root.reshape(-1), (chain[-1][1]._data,)), (root, chain)
    return x, None


def copy_(x, src):
    """Copy ``src`` (broadcast, cast, moved across devices) into x; differentiable."""
    if not is_tensor(src):
        return fill_(x, src)
    check_leaf(x)  # autograd's checks come first in PyTorch
    same = src is x or (src._vc is x._vc
                        and x._backend.mem_overlap(x._data, src._data) == "full")
    if not same:  # the same data: PyTorch's kernel returns at once, before any overlap check
        check_overlap(x, (src,))
        if src._data.shape != x._data.shape:  # PyTorch's broadcast, then its output check
            out = broadcast_shapes(tuple(x.shape), tuple(src.shape))
            if out != tuple(x.shape):
                raise RuntimeError(f"output with shape {list(x.shape)} doesn't match the "
                                   f"broadcast shape {list(out)}")
        src = shape.expand(conversion.to(src, x.device, x.dtype), x.shape)
    if not ((src._requires_grad or x._requires_grad) and _grad_mode.is_grad_enabled()):
        if not same:
            x._backend.copy_(x._data, src._data)
        x._vc[0] += 1  # an in-place op all the same, also onto itself
        return x
    # src where a True scalar says so: x's old history gets a zero gradient, as from
    # PyTorch's CopyBackwards (so a leaf behind x gets zeros, not None), also when src has
    # no history of its own (x then still stops sending gradients to the values it held)
    old, chain = from_root(x)
    out = arithmetic.where(_creation.tensor(True, device=x.device), src, old)
    if same and repeats_elements(x):  # onto itself: NOTE [Writes into repeated elements]
        return write_repeated(x, out)
    return commit(x, out, chain)


class Fill(Op):
    """y = x's shape and dtype written by ``write(backend, y)`` (one value, or a draw); x's
    values are unused.  dL/dx = 0, as PyTorch's FillBackward0 and its samplers' backwards."""

    @staticmethod
    def forward(ctx, x, write):
        ctx.meta = _dtype.from_native(x.dtype)
        out = ctx.backend.empty(x.shape, ctx.meta)
        write(ctx.backend, out)
        return out

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.zeros(g.shape, ctx.meta), None


def fill_with(x, write):
    """Fill x in place with ``write(backend, array)``. When autograd records x (it requires
    grad, under grad mode), the fill is a Fill node, so gradients reaching x stop there, as
    in PyTorch (writing into x's storage alone would leave x's old history, which would go on
    sending gradients to the values the fill replaced); otherwise it writes straight into
    x's storage."""
    check_leaf(x)
    if repeats_elements(x):  # a draw per element cannot be written into repeated memory
        raise RuntimeError(_INTERNAL)
    if x._requires_grad and _grad_mode.is_grad_enabled():
        old, chain = from_root(x)
        return commit(x, Fill.apply(old, write), chain)
    write(x._backend, x._data)
    x._vc[0] += 1
    return x


def fill_(x, value):
    """Set every element to ``value`` (a number or a 0-d tensor); also into a tensor that
    repeats elements (NOTE [Writes into repeated elements])."""
    if is_tensor(value):
        if value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.ndim} dimensions.")
        if value._requires_grad and _grad_mode.is_grad_enabled():
            return copy_(x, value)  # its gradient: the sum of x's (PyTorch's fill_ backward)
        value = value.item()
    value = checked_scalar(value, x.dtype)
    write = lambda be, a: be.copy_(a, value)  # noqa: E731
    if repeats_elements(x):
        return write_repeated(x, Fill.apply(x, write))
    return fill_with(x, write)
