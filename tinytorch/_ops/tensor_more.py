"""Shape and index methods PyTorch scripts call (tensorM): ``unfold`` (sliding windows, a
view), ``fliplr``/``flipud``, ``t_``, ``fill_diagonal_``, ``index_put``/``index_put_``,
``put``/``put_``, ``data_ptr``, ``is_inference``, ``fill``, ``resize_``/``resize_as_``,
``apply_``/``map_``."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch import _grad_mode
from tinytorch._ops import _util
from tinytorch._ops import arithmetic
from tinytorch._ops import index_extra
from tinytorch._ops import index_order
from tinytorch._ops import indexing
from tinytorch._ops import inplace
from tinytorch._ops import shape
from tinytorch._ops import stacking
from tinytorch._ops._op import Op
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim


class Unfold(Op):
    """y[..., i, ..., j] = x[..., i * step + j, ...] (windows of ``size`` along ``axis``, a
    view with the window last).  dL/dx = g's windows added back where they were taken
    (overlapping windows sum)."""

    view = True

    @staticmethod
    def forward(ctx, x, axis, size, step):
        ctx.meta = (x.shape, _dtype.from_native(x.dtype), axis, size, step)
        return ctx.backend.unfold(x, axis, size, step)

    @staticmethod
    def backward(ctx, g):
        return ctx.backend.unfold_backward(g, *ctx.meta), None, None, None


def unfold(self, dimension, size, step):
    """Returns a view of every slice of ``size`` elements along ``dimension``, ``step`` apart,
    as a new last dimension: shape ``(..., (n - size) // step + 1, ..., size)``.

    Writes through the view reach ``self``; the gradient of overlapping windows adds up.

    Args:
        dimension (int): the dimension to slide along.
        size (int): the window length (``0 <= size <= self.size(dimension)``).
        step (int): the distance between window starts, > 0.

    Returns:
        Tensor: the view.

    Raises:
        RuntimeError: ``size`` or ``step`` out of range (PyTorch's messages).
        IndexError: ``dimension`` out of range.

    >>> tinytorch.arange(5.).unfold(0, 2, 2)
    tensor([[0., 1.],
            [2., 3.]])
    """
    axis = wrap_dim(dimension, self.ndim, "unfold")
    n = self.shape[axis] if self.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {axis} is {n} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if not self.ndim:
        return shape.reshape(self, (1,))
    return Unfold.apply(self, axis, size, step)


def fliplr(input):
    """Reverses the order of the columns (dimension 1).

    Args:
        input (Tensor): at least 2-D.

    Returns:
        Tensor: ``input.flip(1)`` (a copy).

    Raises:
        RuntimeError: ``input`` has fewer than 2 dimensions.

    >>> tinytorch.tensor([[1, 2], [3, 4]]).fliplr()
    tensor([[2, 1],
            [4, 3]])
    """
    if input.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return shape.flip(input, (1,))


def flipud(input):
    """Reverses the order of the rows (dimension 0).

    Args:
        input (Tensor): at least 1-D.

    Returns:
        Tensor: ``input.flip(0)`` (a copy).

    Raises:
        RuntimeError: ``input`` is 0-d.

    >>> tinytorch.tensor([[1, 2], [3, 4]]).flipud()
    tensor([[3, 4],
            [1, 2]])
    """
    if input.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return shape.flip(input, (0,))


def t_(self):
    """Transposes a tensor of at most 2 dimensions in place (its shape and strides change).

    Returns:
        Tensor: ``self``, now ``self.t()``. When autograd records it, ``self`` gets the
        transpose's history; ``self`` is then no longer treated as a view of a base.

    Raises:
        RuntimeError: more than 2 dimensions, or a leaf that requires grad.

    >>> tinytorch.tensor([[1, 2, 3]]).t_().shape
    torch.Size([3, 1])
    """
    return restride_(self, shape.t)


def restride_(self, view, *args):
    """``self`` becomes ``view(self, *args)`` in place: a view op's new shape and strides over
    the same storage (``t_``, ``squeeze_``, ``transpose_`` ...). When autograd records it,
    ``self`` takes the view's history and is no longer treated as a view of a base."""
    inplace.check_leaf(self)
    out = view(self, *args)
    self._data = out._data
    if out._grad_fn is not None:
        self._view_src = None
        inplace._set_history(self, out._grad_fn, out._output_nr)
    self._vc[0] += 1
    return self


def _diagonal_positions(self, wrap):
    """int64 flat positions of the main diagonal (wrapping down a tall matrix if ``wrap``)."""
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    sizes = tuple(self.shape)
    if self.ndim > 2 and len(set(sizes)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    step, stride = 0, 1
    for n in reversed(sizes):
        step, stride = step + stride, stride * n
    end = self.numel() if wrap and self.ndim == 2 else min(sizes) * step
    return _creation.arange(0, min(end, self.numel()), step, device=self.device)


def fill_diagonal_(self, fill_value, wrap=False):
    """Writes ``fill_value`` on the main diagonal in place (all indices equal).

    Args:
        fill_value (number): the value.
        wrap (bool): for a tall 2-D matrix, start the diagonal again below each square
            block (NumPy's and PyTorch's wrap). Default: False.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: fewer than 2 dimensions, or (above 2) dimensions of unequal length.

    >>> tinytorch.zeros(2, 3).fill_diagonal_(5)
    tensor([[5., 0., 0.],
            [0., 5., 0.]])
    """
    index = _diagonal_positions(self, wrap)
    return inplace.inplace(self, _fill_at, index, fill_value)


def _fill_at(input, index, value):
    flat = index_extra.index_fill(shape.reshape(input, (-1,)), 0, index, value)
    return shape.reshape(flat, input.shape)


def index_put_(self, indices, values, accumulate=False):
    """``self[indices] = values`` in place, or ``self[indices] += values`` with
    ``accumulate`` (repeated indices then add up).

    Args:
        indices (tuple of Tensor): one index tensor per leading dimension (int64 or bool).
        values (Tensor): broadcastable to the indexed shape.
        accumulate (bool): add instead of overwrite. Default: False.

    Returns:
        Tensor: ``self``.

    Raises:
        TypeError: ``values`` is not a Tensor.
        RuntimeError: ``values`` has another dtype (a 0-d value written through one bool mask
            without ``accumulate`` may: PyTorch's masked_fill_), or overlaps ``self``.

    >>> x = tinytorch.zeros(3)
    >>> x.index_put_((tinytorch.tensor([0, 0]),), tinytorch.tensor(1.0), accumulate=True)
    tensor([2., 0., 0.])
    """
    _check_values(values, "index_put_", 2)
    inplace.refuse_source_overlap(self, values)
    if accumulate and inplace.repeats_elements(self):
        return inplace.add_repeated(self, indices, values)
    if accumulate:
        return inplace.inplace(self, index_put, list(indices), values, True)  # a tuple reads as
        # (tensor, array, shape) to the overlap check
    indexing.setitem(self, tuple(indices), values)
    return self


def _check_values(values, name, position):
    if not is_tensor(values):
        raise TypeError(f"{name}(): argument 'values' (position {position}) must be Tensor, not "
                        f"{type(values).__name__}")


def fill(input, value):
    """Out-of-place :meth:`Tensor.fill_`: a tensor like ``input`` (its shape, dtype and device)
    holding ``value`` everywhere. Differentiable in a tensor ``value`` (the gradient is the
    sum of the output's); ``input`` gets a zero gradient.

    Args:
        input (Tensor): gives the shape, dtype and device.
        value (number or Tensor): the value, a number or a 0-d tensor (cast to ``input``'s
            dtype).

    Returns:
        Tensor: the new tensor.

    Raises:
        RuntimeError: ``value`` is a tensor with dimensions.

    >>> tinytorch.fill(tinytorch.zeros(2, dtype=tinytorch.int64), 3.7)
    tensor([3, 3])
    """
    return inplace.fill_(shape.clone(input), value)


def index_put(input, indices, values, accumulate=False):
    """Out-of-place :meth:`index_put_`: a copy of ``input`` with ``values`` written (or,
    with ``accumulate``, added) at ``indices``. Differentiable in ``input`` and ``values``.

    Args:
        input (Tensor): the tensor.
        indices (tuple of Tensor): one index tensor per leading dimension (int64 or bool).
        values (Tensor): of ``input``'s dtype (a 0-d value written through one bool mask may
            have another), broadcastable to the indexed shape.
        accumulate (bool): add instead of overwrite. Default: False.

    Returns:
        Tensor: the new tensor.

    Raises:
        TypeError: ``values`` is not a Tensor.
        RuntimeError: ``values`` has another dtype (PyTorch's message).

    >>> tinytorch.index_put(tinytorch.zeros(3), (tinytorch.tensor([2]),), tinytorch.tensor(7.))
    tensor([0., 0., 7.])
    """
    _check_values(values, "index_put", 3)
    return _index_put(input, indices, values, accumulate)


def tensor_index_put(self, indices, values, accumulate=False):
    """``Tensor.index_put``: :func:`index_put` of ``self`` (its errors count the arguments
    after ``self``).

    Args:
        indices (tuple of Tensor): one index tensor per leading dimension (int64 or bool).
        values (Tensor): as for :func:`index_put`.
        accumulate (bool): add instead of overwrite. Default: False.

    Returns:
        Tensor: the new tensor.

    Raises:
        TypeError: ``values`` is not a Tensor.
        RuntimeError: ``values`` has another dtype (PyTorch's message).

    >>> tinytorch.zeros(2).index_put((tinytorch.tensor([1]),), tinytorch.tensor(5.))
    tensor([0., 5.])
    """
    _check_values(values, "index_put", 2)
    return _index_put(self, indices, values, accumulate)


def _index_put(input, indices, values, accumulate):
    if not accumulate:
        return index_put_(shape.clone(input), indices, values)
    index, _ = indexing._normalize(input, tuple(indices), 4)
    inplace.check_put_dtype(input, index, values, fills=False)
    values = values.to(input.device)
    with _grad_mode.no_grad():
        target = indexing.getitem(input, tuple(indices)).shape
    spread = indexing.IndexAdd.apply(shape.expand(values, target), tuple(input.shape), index,
                                     input.dtype)
    out = shape.clone(input).add_(spread)  # laid out as input, as PyTorch's
    return _util.watch(out, *index_order.read_as_is(tuple(indices), index))


def _put_checks(input, index, source):
    if index.dtype is not _dtype.int64:
        raise RuntimeError(f"put_(): Expected a long tensor for index, but got "
                           f"{_dtype.SCALAR_TYPE_NAMES[index.dtype]}")
    if index.numel() != source.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of "
                         f"elements, but got source.numel() = {source.numel()}, "
                         f"index.numel() = {index.numel()}")
    n = input.numel()
    if index.numel():
        lo, hi = int(index.min().item()), int(index.max().item())
        if lo < -n or hi >= n:
            raise IndexError(f"out of range: tried to access index {hi if hi >= n else lo} on "
                             f"a tensor of {n} elements.")


def put(input, index, source, accumulate=False):
    """A copy of ``input`` with ``source`` written at ``index``, both read as 1-D (the
    inverse of :func:`take`); with ``accumulate``, added instead.

    Args:
        input (Tensor): the tensor.
        index (Tensor): int64 flat positions (negative count from the end).
        source (Tensor): as many values as ``index`` has.
        accumulate (bool): add instead of overwrite. Default: False.

    Returns:
        Tensor: the new tensor, ``input``'s shape.

    Raises:
        RuntimeError: ``index`` is not int64.
        IndexError: an index out of range, or ``source`` and ``index`` of unequal sizes.

    >>> tinytorch.zeros(2, 2).put(tinytorch.tensor([3]), tinytorch.tensor([9.]))
    tensor([[0., 0.],
            [0., 9.]])
    """
    _put_checks(input, index, source)
    if not input.numel():  # nothing to write (the checks allow no index then)
        return shape.clone(input)
    if not input.ndim:
        return shape.reshape(put(shape.reshape(input, (1,)), index, source, accumulate), ())
    # the positions index counts in C order, written into a copy laid out as input (PyTorch's)
    at = stacking.unravel_index(index.reshape(-1), tuple(input.shape))
    return _util.watch(index_put(input, at, source.reshape(-1), accumulate), index)


def put_(self, index, source, accumulate=False):
    """In-place :func:`put`: writes (or adds) ``source`` at the flat positions ``index``.

    Args:
        index (Tensor): int64 flat positions (negative count from the end).
        source (Tensor): as many values as ``index`` has.
        accumulate (bool): add instead of overwrite. Default: False.

    Returns:
        Tensor: ``self``.

    >>> tinytorch.zeros(3).put_(tinytorch.tensor([0, 0]), tinytorch.tensor([1., 2.]), True)
    tensor([3., 0., 0.])
    """
    _put_checks(self, index, source)
    inplace.refuse_source_overlap(self, source)
    return inplace.inplace(self, put, index, source, accumulate)


def data_ptr(self):
    """The address of the tensor's first element: equal for tensors that start at the same
    memory (a view at offset 0 and its base), different for distinct storages.

    Returns:
        int: the address (a device pointer for a CUDA tensor).

    >>> x = tinytorch.zeros(4)
    >>> x.data_ptr() == x[:2].data_ptr(), x.data_ptr() == x[1:].data_ptr()
    (True, False)
    """
    return self._backend.data_ptr(self._data)


def is_inference(input):
    """Returns True if ``input`` is an inference tensor: made inside
    :class:`tinytorch.inference_mode`, or a view of one (NOTE [Inference tensors]).

    Args:
        input (Tensor): the tensor.

    Returns:
        bool: whether ``input`` is an inference tensor.

    Raises:
        TypeError: ``input`` is not a Tensor.

    >>> with tinytorch.inference_mode():
    ...     x = tinytorch.ones(2)
    >>> tinytorch.is_inference(x), tinytorch.is_inference(tinytorch.ones(2))
    (True, False)
    """
    if not is_tensor(input):
        raise TypeError("is_inference(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return len(input._vc) > 1


def resize_(self, *sizes, memory_format=None):
    """Gives ``self`` the shape ``sizes`` in place, keeping its first elements (in order): a
    smaller size keeps a prefix, a larger one adds zeros after them (PyTorch leaves them
    uninitialised). The same shape leaves ``self`` as it is.

    As PyTorch's on a tensor that owns its memory; unlike PyTorch, other views of the old
    memory do not follow the new one, and memory given up by shrinking is not kept for a later
    growth.

    Args:
        sizes (ints or sequence of ints): the new shape.
        memory_format (tinytorch.memory_format, optional): only the contiguous format is
            supported.

    Returns:
        Tensor: ``self``.

    Raises:
        RuntimeError: ``self`` requires grad, or a negative size.
        TypeError: a size that is not an int.

    >>> x = tinytorch.arange(6.0)
    >>> x.resize_(2, 2)
    tensor([[0., 1.],
            [2., 3.]])
    """
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list)):
        sizes = sizes[0]
    if not all(isinstance(s, int) and not isinstance(s, bool) for s in sizes):
        bad = next(s for s in sizes if not isinstance(s, int) or isinstance(s, bool))
        raise TypeError(f"resize_(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(bad).__name__}")
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    if any(s < 0 for s in sizes):
        raise RuntimeError("numel: integer multiplication overflow")
    if tuple(sizes) != tuple(self.shape):
        self._data = self._backend.resize(self._data, tuple(sizes))
        self._vc[0] += 1
    return self


def resize_as_(self, the_template, *, memory_format=None):
    """:meth:`resize_` to the shape of ``the_template``.

    Args:
        the_template (Tensor): gives the shape.
        memory_format (tinytorch.memory_format, optional): only the contiguous format is
            supported.

    Returns:
        Tensor: ``self``.

    Raises:
        TypeError: ``the_template`` is not a tensor.

    >>> tinytorch.ones(2).resize_as_(tinytorch.zeros(3, 1))
    tensor([[1.],
            [1.],
            [0.]])
    """
    if not is_tensor(the_template):
        raise TypeError(f"resize_as_(): argument 'the_template' (position 1) must be Tensor, "
                        f"not {type(the_template).__name__}")
    return resize_(self, tuple(the_template.shape))


def _python_map(self, name, callable, others):
    """Writes ``callable(x, *others' elements)`` into each element of ``self`` (CPU only)."""
    if self.device.type != "cpu":
        raise TypeError(f"{name} is only implemented on CPU tensors")
    if self._requires_grad or any(o._requires_grad for o in others):
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use "
                           f"var.detach().{name}() instead.")
    columns = [self.reshape(-1).tolist()] + [
        shape.expand(o, tuple(self.shape)).reshape(-1).tolist() for o in others]
    values = [callable(*row) for row in zip(*columns)]
    with _grad_mode.no_grad():
        inplace.copy_(self, _creation.tensor(values, dtype=self.dtype).reshape(self.shape))
    return self


def apply_(self, callable):
    """Applies a Python function to each element in place (slow: one Python call per element;
    CPU tensors only, as in PyTorch).

    Args:
        callable (callable): a function of one number returning one.

    Returns:
        Tensor: ``self``.

    Raises:
        TypeError: ``self`` is not on the CPU.
        RuntimeError: ``self`` requires grad.

    >>> tinytorch.tensor([1.0, 2.0]).apply_(lambda v: v * 10)
    tensor([10., 20.])
    """
    return _python_map(self, "apply_", callable, ())


def map_(self, tensor, callable):
    """Writes ``callable(a, b)`` into each element in place, ``a`` from ``self`` and ``b``
    from ``tensor`` broadcast to ``self``'s shape (CPU tensors only, as in PyTorch).

    Args:
        tensor (Tensor): of ``self``'s dtype, broadcastable to its shape.
        callable (callable): a function of two numbers returning one.

    Returns:
        Tensor: ``self``.

    Raises:
        TypeError: ``tensor``'s dtype differs from ``self``'s, or not on the CPU.
        RuntimeError: either requires grad, or shapes that do not broadcast.

    >>> tinytorch.tensor([1.0, 2.0]).map_(tinytorch.tensor([3.0, 4.0]), lambda a, b: a * b)
    tensor([3., 8.])
    """
    if tensor.dtype != self.dtype:
        raise TypeError(f"map_: expected {self.type()} for 'other' (got {tensor.type()})")
    return _python_map(self, "map_", callable, (tensor,))
