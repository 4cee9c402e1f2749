"""Variable-length sequences for the recurrent layers, as ``torch.nn.utils.rnn``:
``PackedSequence``, ``pack_padded_sequence`` / ``pad_packed_sequence``, ``pad_sequence``,
``pack_sequence`` and their inverses. Packing and padding are index gathers, so gradients
flow through both."""

from collections import namedtuple
from collections.abc import Iterable

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import nn_misc
from tinytorch._ops.join import cat
from tinytorch._ops.join import stack
from tinytorch._tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence",
           "pad_packed_sequence", "pad_sequence", "unpad_sequence", "pack_sequence",
           "unpack_sequence"]


class PackedSequence(namedtuple("PackedSequence_", ["data", "batch_sizes", "sorted_indices",
                                                    "unsorted_indices"])):
    """A batch of variable-length sequences, packed time step by time step: ``data`` holds
    step 0 of every sequence, then step 1 of those still running, and so on (sequences
    sorted longest first); ``batch_sizes[t]`` (int64, on the CPU) counts the sequences at
    step t. ``sorted_indices`` is the order the original batch was sorted into (None when it
    was already sorted), ``unsorted_indices`` its inverse. Build one with
    :func:`pack_padded_sequence` or :func:`pack_sequence`, never by hand.

    >>> import tinytorch
    >>> from tinytorch.nn.utils.rnn import pack_sequence
    >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
    >>> p.data, p.batch_sizes
    (tensor([1, 4, 2, 5, 3]), tensor([2, 2, 1]))
    """

    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        elif batch_sizes.device.type != "cpu":
            raise ValueError(
                "batch_sizes should always be on CPU. Instances of PackedSequence should never "
                "be created manually. They should be instantiated by functions like "
                "pack_sequence and pack_padded_sequences in nn.utils.rnn. "
                "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """Move and/or cast ``data`` as :meth:`tinytorch.Tensor.to` does;
        ``sorted_indices`` and ``unsorted_indices`` follow its device, ``batch_sizes`` stays on the
        CPU.

        Args:
            *args: as :meth:`tinytorch.Tensor.to` (a device, a dtype, a tensor).
            **kwargs: as :meth:`tinytorch.Tensor.to`.

        Returns:
            PackedSequence: ``self`` if ``data`` is unchanged, else a new one.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.to(tinytorch.float64).data
        tensor([1., 4., 2., 5., 3.], dtype=tinytorch.float64)
        """
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        move = (lambda t: None if t is None else t.to(data.device))
        return type(self)(data, self.batch_sizes, move(self.sorted_indices),
                          move(self.unsorted_indices))

    def cuda(self, device=None):
        """A copy on a CUDA device (``self.to("cuda")``).

        Args:
            device (int or str, optional): the device; the current one if omitted.

        Returns:
            PackedSequence: the moved sequence.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.cuda().is_cuda  # doctest: +SKIP
        True
        """
        return self.to("cuda" if device is None else device)

    def cpu(self):
        """A copy on the CPU (``self`` if already there).

        Returns:
            PackedSequence: the moved sequence.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.cpu() is p
        True
        """
        return self.to("cpu")

    def double(self):
        """A copy with ``data`` cast to float64 (``self`` if it already is).

        Returns:
            PackedSequence: the cast sequence.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.double().data.dtype
        tinytorch.float64
        """
        return self.to(dtype=_dtype.float64)

    def float(self):
        """A copy with ``data`` cast to float32 (``self`` if it already is).

        Returns:
            PackedSequence: the cast sequence.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.float().data.dtype
        tinytorch.float32
        """
        return self.to(dtype=_dtype.float32)

    def long(self):
        """A copy with ``data`` cast to int64 (``self`` if it already is).

        Returns:
            PackedSequence: the cast sequence.

        >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
        >>> p.long().data.dtype
        tinytorch.int64
        """
        return self.to(dtype=_dtype.int64)

    @property
    def is_cuda(self):
        """Whether ``data`` is on a CUDA device."""
        return self.data.is_cuda


def invert_permutation(permutation):
    """Return the inverse of a permutation tensor.

    Args:
        permutation (Tensor or None): a 1-D int64 permutation of ``0 .. n - 1``.

    Returns:
        Tensor or None: ``inverse`` with ``inverse[permutation[i]] == i``; None for None.

    >>> invert_permutation(tinytorch.tensor([2, 0, 1]))
    tensor([1, 2, 0])
    """
    if permutation is None:
        return None
    order = permutation.tolist()
    inverse = [0] * len(order)
    for i, p in enumerate(order):
        inverse[p] = i
    return _creation.tensor(inverse, dtype=_dtype.int64, device=permutation.device)


def _lengths_list(lengths):
    if isinstance(lengths, Tensor):
        if lengths.dim() != 1:
            raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got "
                               f"{lengths.dim()}D {lengths.device.type} tensor")
        lengths = lengths.tolist()
    return [int(n) for n in lengths]


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch ``(T, B, *)`` (``(B, T, *)`` if ``batch_first``) of sequences of
    the given ``lengths`` into a :class:`PackedSequence`.

    Args:
        input (Tensor): the padded batch.
        lengths (Tensor or list of int): each sequence's length (on the CPU).
        batch_first (bool): the batch is dim 0. Default: ``False``.
        enforce_sorted (bool): require ``lengths`` sorted longest first; ``False`` sorts the
            batch (stably) and records the order in ``sorted_indices``. Default: ``True``.

    Raises:
        RuntimeError: unsorted lengths with ``enforce_sorted``, a length < 1 or longer than
            the input, or not as many lengths as there are sequences.

    Returns:
        PackedSequence: the packed batch.

    >>> import tinytorch
    >>> x = tinytorch.tensor([[1, 4], [2, 5], [3, 0]])
    >>> pack_padded_sequence(x, [3, 2]).data
    tensor([1, 4, 2, 5, 3])
    """
    lengths = _lengths_list(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        sorted_indices = _creation.tensor(order, dtype=_dtype.int64, device=input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
        lengths = [lengths[i] for i in order]
    if batch_first:
        input = input.transpose(0, 1)
    steps, batch = input.shape[0], input.shape[1]
    if len(lengths) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{len(lengths)} (batch_size={batch})")
    if any(a < b for a, b in zip(lengths, lengths[1:])):
        raise RuntimeError(
            "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
            "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
            "to sidestep this requirement if you do not need ONNX exportability.")
    if lengths and lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    if lengths and lengths[0] > steps:
        raise RuntimeError(f"pack_padded_sequence: a sequence of length {lengths[0]} does not "
                           f"fit the input's {steps} time steps")
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(lengths[0] if lengths else 0)]
    rows = [t * batch + b for t, n in enumerate(batch_sizes) for b in range(n)]
    flat = input.reshape((steps * batch,) + tuple(input.shape[2:]))
    data = flat.index_select(0, _creation.tensor(rows, dtype=_dtype.int64,
                                                 device=input.device))
    return PackedSequence(data, _creation.tensor(batch_sizes, dtype=_dtype.int64),
                          sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of :func:`pack_padded_sequence`: -> (padded ``(T, B, *)`` or ``(B, T, *)``,
    the lengths as an int64 tensor), in the original batch order.

    Args:
        sequence (PackedSequence): what to unpack.
        batch_first (bool): return ``(B, T, *)``. Default: ``False``.
        padding_value (float): the value past each sequence's end. Default: 0.
        total_length (int, optional): pad to this many steps (at least the longest).

    Returns:
        (Tensor, Tensor): the padded batch, and the int64 lengths (on the CPU).

    Raises:
        ValueError: ``total_length`` is shorter than the longest sequence.

    >>> import tinytorch
    >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
    >>> pad_packed_sequence(p, batch_first=True)
    (tensor([[1, 2, 3],
            [4, 5, 0]]), tensor([3, 2]))
    """
    batch_sizes = sequence.batch_sizes.tolist()
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {steps}")
        steps = total_length
    data = sequence.data
    batch = batch_sizes[0] if batch_sizes else 0
    fill = _creation.full((1,) + tuple(data.shape[1:]), padding_value, dtype=data.dtype,
                          device=data.device)
    # Row index of each (t, b) into data, or the fill row appended after it.
    rows, start = [], 0
    for t in range(steps):
        n = batch_sizes[t] if t < len(batch_sizes) else 0
        rows += list(range(start, start + n)) + [data.shape[0]] * (batch - n)
        start += n
    padded = cat([data, fill]).index_select(0, _creation.tensor(
        rows, dtype=_dtype.int64, device=data.device))
    padded = padded.reshape((steps, batch) + tuple(data.shape[1:]))
    lengths = [sum(1 for n in batch_sizes if n > b) for b in range(batch)]
    if batch_first:
        padded = padded.transpose(0, 1)
    lengths = _creation.tensor(lengths, dtype=_dtype.int64)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.cpu()]
    return padded, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack sequences of different lengths ``(L_i, *)`` into ``(T, B, *)`` (``(B, T, *)`` if
    ``batch_first``), padding each with ``padding_value`` on ``padding_side``.

    Args:
        sequences (iterable of Tensor): the sequences ``(L_i, *)``, all with the same
            trailing shape.
        batch_first (bool): return ``(B, T, *)``. Default: ``False``.
        padding_value (float): the value of the padding. Default: 0.
        padding_side (str): ``'right'`` or ``'left'``. Default: ``'right'``.

    Returns:
        Tensor: the padded batch, ``T`` the longest length.

    Raises:
        RuntimeError: ``sequences`` is not iterable or empty, ``padding_side`` is neither
            side, or the trailing shapes differ.

    >>> import tinytorch
    >>> pad_sequence([tinytorch.ones(3), tinytorch.ones(1)], batch_first=True)
    tensor([[1., 1., 1.],
            [1., 0., 0.]])
    """
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    trailing = tuple(sequences[0].shape[1:])
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        if tuple(s.shape[1:]) != trailing:
            raise RuntimeError(f"pad_sequence: every sequence must have the trailing shape "
                               f"{list(trailing)} of the first, got {list(s.shape)}")
        extra = longest - s.shape[0]
        widths = (0, extra) if padding_side == "right" else (extra, 0)
        padded.append(nn_misc.pad(s, (0, 0) * len(trailing) + widths, "constant",
                                   padding_value))
    return stack(padded, 0 if batch_first else 1)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Unpad a padded batch into a list of variable-length tensors: the
    inverse of :func:`pad_sequence`.

    Args:
        padded_sequences (Tensor): ``(T, B, *)``, or ``(B, T, *)`` with ``batch_first``.
        lengths (Tensor or list of int): each sequence's length.
        batch_first (bool): the batch is dim 0. Default: ``False``.

    Returns:
        list of Tensor: the sequences, ``(L_i, *)``.

    >>> padded = tinytorch.tensor([[1, 2, 3], [4, 5, 0]])
    >>> unpad_sequence(padded, [3, 2], batch_first=True)
    [tensor([1, 2, 3]), tensor([4, 5])]
    """
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [seq[:n] for seq, n in zip(padded_sequences, _lengths_list(lengths))]


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of variable-length tensors:
    ``pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)``.

    Args:
        sequences (list of Tensor): the sequences ``(L_i, *)``, longest first unless
            ``enforce_sorted=False``.
        enforce_sorted (bool): require the sequences sorted by decreasing length; ``False`` sorts
            them and records the order. Default: ``True``.

    Returns:
        PackedSequence: the packed batch.

    Raises:
        RuntimeError: as :func:`pack_padded_sequence` and :func:`pad_sequence`.

    >>> p = pack_sequence([tinytorch.tensor([1]), tinytorch.tensor([2, 3])], enforce_sorted=False)
    >>> p.data, p.batch_sizes
    (tensor([2, 1, 3]), tensor([2, 1]))
    """
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths,
                                enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """Unpack a :class:`PackedSequence` into a list of variable-length
    tensors, in the original batch order: the inverse of :func:`pack_sequence`.

    Args:
        packed_sequences (PackedSequence): the packed batch.

    Returns:
        list of Tensor: the sequences ``(L_i, *)``.

    >>> p = pack_sequence([tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5])])
    >>> unpack_sequence(p)
    [tensor([1, 2, 3]), tensor([4, 5])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
