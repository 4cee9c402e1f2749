"""Embedding and EmbeddingBag: a lookup table of ``num_embeddings`` vectors, by row or by bag."""

from tinytorch import _creation
from tinytorch._grad_mode import no_grad
from tinytorch.nn import functional as F
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class Embedding(Module):
    """Look up rows of ``weight`` (``(num_embeddings, embedding_dim)``, initialised from
    N(0, 1)) by integer index. The ``padding_idx`` row starts at zero and gets no gradient;
    ``max_norm``, ``norm_type`` and ``scale_grad_by_freq`` act as in
    :func:`tinytorch.nn.functional.embedding`, which raises for ``sparse=True``.

    Args:
        num_embeddings (int): the size of the table.
        embedding_dim (int): the size of each vector.
        padding_idx (int, optional): a row that starts at zero and gets no gradient.
        max_norm (float, optional): renormalise looked-up rows whose norm exceeds this.
        norm_type (float): the p of that norm. Default: 2.
        scale_grad_by_freq (bool): scale gradients by the inverse index frequency in the batch.
            Default: False.
        sparse (bool): sparse gradients; not supported (raises). Default: False.
        device (tinytorch.device, optional): where the weight is created.
        dtype (tinytorch.dtype, optional): its dtype.

    >>> import tinytorch
    >>> emb = tinytorch.nn.Embedding(10, 3)
    >>> emb(tinytorch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])).shape
    torch.Size([2, 4, 3])
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
                 norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None,
                 _freeze=False, device=None, dtype=None):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                padding_idx += num_embeddings
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if _weight is None:
            weight = _creation.empty(num_embeddings, embedding_dim, device=device, dtype=dtype)
            self.weight = Parameter(weight, requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight, requires_grad=not _freeze)
        self.sparse = sparse

    def reset_parameters(self):
        """Re-initialise ``weight`` from N(0, 1), with the
        ``padding_idx`` row (if any) set to zero, as at construction.

        >>> emb = tinytorch.nn.Embedding(3, 2, padding_idx=0)
        >>> emb.reset_parameters()
        >>> emb.weight[0].tolist()
        [0.0, 0.0]
        """
        init.normal_(self.weight)
        self._fill_padding_idx_with_zero()

    def _fill_padding_idx_with_zero(self):
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0

    def forward(self, input):
        return F.embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                           self.scale_grad_by_freq, self.sparse)

    def extra_repr(self):
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse is not False:
            s += ", sparse=True"
        return s

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None,
                        norm_type=2.0, scale_grad_by_freq=False, sparse=False):
        """Create an Embedding whose ``weight`` is the given 2-D
        tensor (used as is, not copied).

        Args:
            embeddings (Tensor): the weight, ``(num_embeddings, embedding_dim)``.
            freeze (bool): the weight gets ``requires_grad=False``, so training does not update it
                (the same as ``embedding.weight.requires_grad = False``). Default: ``True``.
            padding_idx (int, optional): as in :class:`Embedding` (the row is not zeroed).
            max_norm (float, optional): as in :class:`Embedding`.
            norm_type (float): as in :class:`Embedding`. Default: 2.
            scale_grad_by_freq (bool): as in :class:`Embedding`. Default: ``False``.
            sparse (bool): as in :class:`Embedding` (not supported). Default: ``False``.

        Returns:
            Embedding: the new module.

        Raises:
            AssertionError: ``embeddings`` is not 2-D.

        >>> import tinytorch
        >>> w = tinytorch.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
        >>> tinytorch.nn.Embedding.from_pretrained(w)(tinytorch.tensor([1]))
        tensor([[4.0000, 5.1000, 6.3000]])
        """
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, _freeze=freeze,
                   padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


class EmbeddingBag(Module):
    """Sums, means or maxima of bags of rows of ``weight`` (``(num_embeddings,
    embedding_dim)``, initialised from N(0, 1)), without keeping the rows looked up: see
    :func:`tinytorch.nn.functional.embedding_bag`, which raises for ``sparse=True``.

    Args:
        num_embeddings (int): the size of the table.
        embedding_dim (int): the size of each vector.
        max_norm (float, optional): renormalise looked-up rows whose norm exceeds this.
        norm_type (float): the p of that norm. Default: 2.
        scale_grad_by_freq (bool): scale gradients by the inverse index frequency in the batch.
            Default: False.
        mode (str): ``'sum'``, ``'mean'`` or ``'max'``. Default: ``'mean'``.
        sparse (bool): sparse gradients; not supported (raises). Default: False.
        include_last_offset (bool): ``offsets`` ends with the end of the last bag.
            Default: False.
        padding_idx (int, optional): an index left out of every bag; its row starts at zero
            and gets no gradient.
        device (tinytorch.device, optional): where the weight is created.
        dtype (tinytorch.dtype, optional): its dtype.

    >>> import tinytorch
    >>> bag = tinytorch.nn.EmbeddingBag(10, 3, mode="sum")
    >>> bag(tinytorch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), tinytorch.tensor([0, 4])).shape
    torch.Size([2, 3])
    """

    def __init__(self, num_embeddings, embedding_dim, max_norm=None, norm_type=2.0,
                 scale_grad_by_freq=False, mode="mean", sparse=False, _weight=None,
                 include_last_offset=False, padding_idx=None, device=None, dtype=None):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("padding_idx must be within num_embeddings")
            padding_idx %= num_embeddings
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(_creation.empty(num_embeddings, embedding_dim, device=device,
                                                    dtype=dtype))
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight)
        self.mode = mode
        self.sparse = sparse
        self.include_last_offset = include_last_offset

    reset_parameters = Embedding.reset_parameters
    _fill_padding_idx_with_zero = Embedding._fill_padding_idx_with_zero

    def forward(self, input, offsets=None, per_sample_weights=None):
        """The bags' sums, means or maxima.

        Args:
            input (Tensor): int indices, ``(B, N)`` (fixed-length bags) or ``(N,)``.
            offsets (Tensor, optional): where each bag starts in a 1-D ``input``.
            per_sample_weights (Tensor, optional): weights of ``input``'s shape
                (``mode='sum'`` only).

        Returns:
            Tensor: ``(number of bags, embedding_dim)``.

        >>> bag = tinytorch.nn.EmbeddingBag(4, 2, mode="max")
        >>> bag(tinytorch.tensor([[0, 1], [2, 3]])).shape
        torch.Size([2, 2])
        """
        return F.embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type,
                               self.scale_grad_by_freq, self.mode, self.sparse,
                               per_sample_weights, self.include_last_offset, self.padding_idx)

    def extra_repr(self):
        s = f"{self.num_embeddings!r}, {self.embedding_dim!r}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm!r}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type!r}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq!r}"
        s += f", mode={self.mode!r}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx!r}"
        return s

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, max_norm=None, norm_type=2.0,
                        scale_grad_by_freq=False, mode="mean", sparse=False,
                        include_last_offset=False, padding_idx=None):
        """Create an EmbeddingBag whose ``weight`` is the given 2-D tensor (used as is).

        Args:
            embeddings (Tensor): the weight, ``(num_embeddings, embedding_dim)``.
            freeze (bool): the weight gets ``requires_grad=False``. Default: ``True``.
            max_norm (float, optional): as in :class:`EmbeddingBag`.
            norm_type (float): as in :class:`EmbeddingBag`. Default: 2.
            scale_grad_by_freq (bool): as in :class:`EmbeddingBag`. Default: ``False``.
            mode (str): as in :class:`EmbeddingBag`. Default: ``'mean'``.
            sparse (bool): as in :class:`EmbeddingBag` (not supported). Default: ``False``.
            include_last_offset (bool): as in :class:`EmbeddingBag`. Default: ``False``.
            padding_idx (int, optional): as in :class:`EmbeddingBag` (the row is not zeroed).

        Returns:
            EmbeddingBag: the new module.

        Raises:
            AssertionError: ``embeddings`` is not 2-D.

        >>> import tinytorch
        >>> w = tinytorch.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
        >>> tinytorch.nn.EmbeddingBag.from_pretrained(w)(tinytorch.tensor([[1, 0]]))
        tensor([[2.5000, 3.7000, 4.6500]])
        """
        if embeddings.dim() != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        bag = cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings,
                  max_norm=max_norm, norm_type=norm_type, scale_grad_by_freq=scale_grad_by_freq,
                  mode=mode, sparse=sparse, include_last_offset=include_last_offset,
                  padding_idx=padding_idx)
        bag.weight.requires_grad = not freeze
        return bag
