"""``embedding_bag``: sums, means or maxima of bags of embedding rows, composed from the
embedding lookup and segment reductions (``index_add`` / ``scatter_reduce``), whose gradients
are the bag's (NOTE [embedding_bag as a composite])."""

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import arithmetic
from tinytorch._ops import compare
from tinytorch._ops import conversion
from tinytorch._ops import counting
from tinytorch._ops import index_extra
from tinytorch._ops import indexing
from tinytorch._ops import _util
from tinytorch._ops import join
from tinytorch._ops import scatter_reduce as _scatter_reduce
from tinytorch._ops import shape as _shape
from tinytorch._ops.nn_misc import Embedding
from tinytorch._ops.nn_misc import _embedding_renorm_
from tinytorch._ops.nn_misc import check_indices
from tinytorch._grad_mode import no_grad

# NOTE [embedding_bag as a composite]
# Each entry i of the flat index list belongs to bag b(i) (the last offset <= i). The entries
# that count (all but padding_idx; the last bag runs to the end of the input even when
# include_last_offset's last offset is smaller, as on PyTorch's CPU) are looked up
# with the Embedding op (which applies scale_grad_by_freq in its backward), scaled by
# per_sample_weights, and reduced into their bags: index_add for "sum" (then divided by the bag
# sizes for "mean"); for "max", per bag and column, a gather of the FIRST entry holding the
# bag's maximum (found without gradient by scatter_reduce "amax", then "amin" over the entry
# numbers), so that entry alone gets the gradient, as PyTorch's max_indices route it
# (scatter_reduce's own gradient splits it among ties, and among self elements equal to the
# maximum). Empty bags stay zero, as PyTorch's. Gradients are those ops' gradients:
# dL/dW[r] = Σ_{i: idx_i = r} psw_i · g[b(i)] (/ bag size) for sum/mean, and g[b] routed to the
# row of each bag's first maximum for max.

_MODES = ("sum", "mean", "max")


def _bags(input, offsets, per_sample_weights, include_last_offset):
    """The flat indices, offsets, flat per-sample weights and include_last_offset, with a 2-D
    input's fixed-length rows turned into bags (PyTorch's checks, in its order)."""
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is "
                             "a mini-batch of fixed length sequences. However, found offsets of "
                             f"type {type(offsets)}")
        if input.shape[1] == 0:
            raise RuntimeError("step must be nonzero")
        offsets = _creation.arange(0, input.numel(), input.shape[1], dtype=input.dtype,
                                   device=input.device)
        flat = _shape.reshape(input, (-1,))
        if per_sample_weights is not None:
            per_sample_weights = _shape.reshape(per_sample_weights, (-1,))
        return flat, offsets, per_sample_weights, False
    if input.ndim != 1:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.ndim}")
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    if offsets.ndim != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    return input, offsets, per_sample_weights, include_last_offset


def _check_offsets(offsets, n, include_last_offset):
    """The offsets as Python ints, checked (PyTorch's messages where it checks)."""
    check_indices(offsets, "embedding_bag")
    starts = offsets.tolist()
    if len(starts) < 1 + include_last_offset:
        # PyTorch 2.13 crashes the process on these; tinytorch refuses them
        raise RuntimeError(f"embedding_bag: offsets needs at least {1 + include_last_offset} "
                           f"entries{' with include_last_offset=True' * include_last_offset}, "
                           f"but got {len(starts)}")
    if starts[0] != 0:
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch "
                           f"has to start from position 0. However, got {starts[0]}")
    if starts[-1] > n:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {n} but got "
                           f"offsets[-1] of {starts[-1]}")
    if any(a > b for a, b in zip(starts, starts[1:])):
        raise RuntimeError(f"embedding_bag: offsets must be non-decreasing, but got {starts}")
    return starts


def _check_args(weight, mode, scale_grad_by_freq, sparse, per_sample_weights, input):
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         f"not None, then it must have the same shape as the input "
                         f"({input.shape})")
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                         f"{weight.ndim}")
    if mode not in _MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")


def _padding(padding_idx, n):
    if padding_idx is None:
        return None
    if not -n <= padding_idx < n:
        raise RuntimeError(f"padding_idx must be within the number of embeddings, {-n} through "
                           f"{n - 1}, but got {padding_idx}")
    return padding_idx % n


def _entries(flat, offsets, weight, psw, include_last_offset, padding_idx):
    """The positions in ``flat`` that count (not ``padding_idx``), the bag of every entry
    (int64 tensors) and the number of bags, after PyTorch's checks of indices, offsets and
    weights."""
    check_indices(flat, "embedding_bag")
    n, rows_in_table = flat.shape[0], weight.shape[0]
    starts = _check_offsets(offsets, n, include_last_offset)
    padding_idx = _padding(padding_idx, rows_in_table)
    idx = flat.tolist()
    bad = [i for i in idx if not 0 <= i < rows_in_table]
    if bad:
        raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found "
                           f"idx to be {bad[0]}")
    if psw is not None and psw.dtype is not weight.dtype:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have the same type as "
                           "tensor for argument #1 'per_sample_weights'; but type "
                           f"{conversion.type_(weight, None)} does not equal "
                           f"{conversion.type_(psw, None)} (while checking arguments for "
                           "embedding_bag)")
    if include_last_offset:  # PyTorch's CPU kernel: the last bag runs to the end of input
        starts.pop()
    keep = [i for i, r in enumerate(idx) if r != padding_idx]
    pos = _creation.tensor(keep, dtype=_dtype.int64, device=flat.device)
    starts_t = _creation.tensor(starts, dtype=_dtype.int64, device=flat.device)
    every = _creation.arange(n, dtype=_dtype.int64, device=flat.device)
    return pos, counting.bucketize(every, starts_t, right=True) - 1, len(starts)


def _reduce(rows, bag, bags, mode):
    """Rows reduced into ``bags`` bags by ``bag`` (entry -> bag), empty bags zero; and for
    "max", each bag's and column's first maximal entry (``len(rows)`` for an empty bag)."""
    out = _creation.zeros(bags, rows.shape[1], dtype=rows.dtype, device=rows.device)
    if mode == "max":
        return _bag_max(rows, bag, out)
    out = index_extra.index_add(out, 0, bag, rows)
    if mode == "sum":
        return out, None
    sizes = counting.bincount(bag, minlength=bags).clamp(min=1)
    return arithmetic.div(out, _shape.reshape(conversion.cast(sizes, rows.dtype), (-1, 1))), None


def _bag_max(rows, bag, zeros):
    """Per bag and column, the value of the bag's first maximal entry, which alone gets the
    gradient (NOTE [embedding_bag as a composite]); ``zeros``: (bags, D), what empty bags hold.
    Also those entries' numbers (n for an empty bag)."""
    n, d = rows.shape
    index = _shape.expand(_shape.reshape(bag, (-1, 1)), (n, d))
    with no_grad():
        values = rows.detach()
        top = _scatter_reduce.scatter_reduce(zeros, 0, index, values, "amax", include_self=False)
        entry = _shape.expand(_shape.reshape(
            _creation.arange(n, dtype=_dtype.int64, device=rows.device), (-1, 1)), (n, d))
        holds = compare.eq(values, indexing.index_select(top, 0, bag))
        first = _scatter_reduce.scatter_reduce(
            _creation.full(tuple(zeros.shape), n, dtype=_dtype.int64, device=rows.device), 0,
            index, arithmetic.where(holds, entry, n), "amin")
    # entry n is a zero row: an empty bag's
    return indexing.gather(join.cat([rows, zeros[:1]], 0), 0, first), first


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2,
                  scale_grad_by_freq=False, mode="mean", sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """Sums, means or maxima of bags of rows of ``weight``, without the ``(N, D)`` lookup
    being kept by the caller: PyTorch's ``F.embedding_bag``.

    ``input`` is 2-D (each row one bag of fixed length) or 1-D with ``offsets``, the start of
    each bag in it (``offsets[0]`` must be 0; with ``include_last_offset`` the last entry is
    the end of the last bag, which is ``len(input)``: the last bag runs to the end of
    ``input`` whatever it says, as on PyTorch's CPU). Empty bags give zeros; entries equal to
    ``padding_idx`` are left out of their bag (and out of a mean's count), and that row gets
    no gradient.

    Args:
        input (Tensor): int64/int32 indices, ``(B, N)`` or ``(N,)``.
        weight (Tensor): the table, ``(num_embeddings, embedding_dim)``.
        offsets (Tensor, optional): int64/int32 bag starts for a 1-D ``input``.
        max_norm (float, optional): rows looked up whose ``norm_type``-norm exceeds it are
            renormalised in place first, as in :func:`embedding`.
        norm_type (float): the p of that norm. Default: 2.
        scale_grad_by_freq (bool): divide each row's gradient by how often its index occurs
            in ``input``. Default: False.
        mode (str): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
        sparse (bool): a sparse gradient for ``weight``; tinytorch has no sparse tensors, so
            ``True`` raises. Default: False.
        per_sample_weights (Tensor, optional): float weights of ``input``'s shape that scale
            each row before the sum (``mode='sum'`` only).
        include_last_offset (bool): ``offsets`` has one more entry, the end of the last bag.
            Default: False.
        padding_idx (int, optional): an index left out of every bag.

    Returns:
        Tensor: ``(number of bags, embedding_dim)``.

    Raises:
        ValueError: bad shapes, an unknown ``mode``, or ``mode='max'`` with
            ``scale_grad_by_freq`` or ``sparse``.
        RuntimeError: bad index dtypes, offsets or out-of-range indices or ``padding_idx``.
        NotImplementedError: ``per_sample_weights`` outside ``mode='sum'``, or ``sparse=True``.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> w = tinytorch.arange(8.0).reshape(4, 2)
    >>> F.embedding_bag(tinytorch.tensor([0, 1, 3]), w, tinytorch.tensor([0, 2]), mode="sum")
    tensor([[2., 4.],
            [6., 7.]])
    """
    return _embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode,
                          sparse, per_sample_weights, include_last_offset, padding_idx)[0]


def _embedding_bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode,
                   sparse, per_sample_weights, include_last_offset, padding_idx):
    """:func:`embedding_bag`'s output, and (the flat indices, the positions that count, every
    entry's bag, the number of bags, each max bag's first maximal entry) for ATen's form."""
    _check_args(weight, mode, scale_grad_by_freq, sparse, per_sample_weights, input)
    flat, offsets, psw, include_last_offset = _bags(input, offsets, per_sample_weights,
                                                    include_last_offset)
    if not weight.dtype.is_floating_point:  # PyTorch's kernel's check
        raise RuntimeError(f"Expected tensor for argument #1 'weight' to have one of the "
                           f"following scalar types: Half, BFloat16, Float, Double; but got "
                           f"torch.{_dtype.SCALAR_TYPE_NAMES[weight.dtype]}Tensor instead "
                           f"(while checking arguments for embedding_bag)")
    if max_norm is not None:
        _embedding_renorm_(weight, flat, max_norm, norm_type)
    if psw is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub.")
    if sparse:
        raise NotImplementedError("embedding_bag: sparse=True asks for a sparse gradient of "
                                  "weight, but tinytorch has no sparse tensors; use sparse=False "
                                  "(a dense gradient with the same values)")
    pos, entry_bag, bags = _entries(flat, offsets, weight, psw, include_last_offset,
                                    padding_idx)
    rows = Embedding.apply(indexing.index_select(flat, 0, pos), weight, None,
                           bool(scale_grad_by_freq))
    if psw is not None:
        rows = arithmetic.mul(rows, _shape.reshape(indexing.index_select(psw, 0, pos), (-1, 1)))
    out, first = _reduce(rows, indexing.index_select(entry_bag, 0, pos), bags, mode)
    # PyTorch saves the indices (flattened: a view of a 2-D input) and the caller's offsets
    out = _util.watch(out, flat, *([] if input.ndim == 2 else [offsets]))
    return out, (flat, pos, entry_bag, bags, first)


def aten_embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False,
                       per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """PyTorch's ``torch.embedding_bag`` (ATen's form: the weight first, ``mode`` 0 sum, 1
    mean, 2 max): :func:`embedding_bag`'s output, and what PyTorch's CPU kernel returns beside
    it: each entry's bag (empty for "sum" on PyTorch's fast path), each bag's size (entries
    other than ``padding_idx``; zeros for "sum") and, for "max", the row of each bag's and
    column's maximum (for "mean" the bag sizes again, for "sum" zeros).

    Args:
        weight (Tensor): ``(num_embeddings, embedding_dim)``.
        indices (Tensor): 1-D int64/int32 indices.
        offsets (Tensor): the start of each bag in ``indices``.
        scale_grad_by_freq (bool): as :func:`embedding_bag`'s. Default: False.
        mode (int): 0 sum, 1 mean, 2 max. Default: 0.
        sparse (bool): as :func:`embedding_bag`'s. Default: False.
        per_sample_weights (Tensor, optional): as :func:`embedding_bag`'s.
        include_last_offset (bool): as :func:`embedding_bag`'s. Default: False.
        padding_idx (int, optional): as :func:`embedding_bag`'s.

    Returns:
        tuple: ``(output, offset2bag, bag_size, max_indices)``; the last three in the
        promoted dtype of ``indices`` and ``offsets``.

    >>> w = tinytorch.arange(6.0).reshape(3, 2)
    >>> tinytorch.embedding_bag(w, tinytorch.tensor([0, 2]), tinytorch.tensor([0]), mode=2)
    (tensor([[4., 5.]]), tensor([0, 0]), tensor([2]), tensor([[2, 2]]))
    """
    name = _MODES[mode]
    out, (flat, pos, entry_bag, bags, first) = _embedding_bag(
        indices, weight, offsets, None, 2, scale_grad_by_freq, name, sparse, per_sample_weights,
        include_last_offset, padding_idx)
    dtype = _dtype.promote_types(indices.dtype, offsets.dtype)
    if name == "sum":
        zeros = _creation.zeros(bags, dtype=dtype, device=out.device)
        # PyTorch's fast path (no padding_idx, a float32/16 or bfloat16 table) leaves it empty
        fast = padding_idx is None and weight.dtype in (_dtype.float32, _dtype.float16,
                                                        _dtype.bfloat16)
        offset2bag = entry_bag[:0] if fast else entry_bag
        return out, offset2bag.to(dtype), zeros, zeros
    sizes = counting.bincount(indexing.index_select(entry_bag, 0, pos), minlength=bags).to(dtype)
    if name == "mean":
        return out, entry_bag.to(dtype), sizes, sizes
    # entry n (an empty bag's) is row 0
    rows = join.cat([indexing.index_select(flat, 0, pos), flat.new_zeros(1)], 0)
    return out, entry_bag.to(dtype), sizes, indexing.index_select(
        rows, 0, first.reshape(-1)).reshape(first.shape).to(dtype)
