"""``nn.MultiheadAttention`` (PyTorch's parameters, state-dict keys, initialisation and mask
rules; the computation is in ``tinytorch/nn/_multi_head_attention.py``)."""

from tinytorch import _creation
from tinytorch import _grad_mode as grad_mode
from tinytorch.nn import _multi_head_attention as _mha
from tinytorch.nn import init
from tinytorch.nn.modules.linear import Linear
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class NonDynamicallyQuantizableLinear(Linear):
    """PyTorch's name for ``MultiheadAttention.out_proj``: a plain :class:`Linear`."""


class MultiheadAttention(Module):
    r"""Multi-head attention: Concat(head_1, ..., head_h) W_O with
    head_i = softmax(Q W_Q,i (K W_K,i)ᵀ / √d + mask) V W_V,i.

    Args:
        embed_dim: model dimension E (split over the heads: ``embed_dim // num_heads`` each).
        num_heads: number of heads.
        dropout: dropout on the attention weights (training only). Default: 0.0.
        bias: biases on the input and output projections. Default: ``True``.
        add_bias_kv: learn one extra key and value appended to every sequence.
        add_zero_attn: append an all-zero key and value.
        kdim, vdim: key / value feature sizes (default ``embed_dim``); when they differ
            from it the projections are ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight`` instead of the packed ``in_proj_weight``.
        batch_first: inputs and output are ``(N, L, E)`` instead of ``(L, N, E)``.

    ``forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False)`` returns ``(output, weights)``; bool masks
    are True where attention is *not* allowed, float masks are added to the scores. Keys
    that are all masked give NaN rows where PyTorch's do (see NOTE [Fully masked attention
    rows]).

    >>> import tinytorch
    >>> mha = tinytorch.nn.MultiheadAttention(8, 2, batch_first=True)
    >>> x = tinytorch.randn(3, 5, 8)
    >>> out, weights = mha(x, x, x)
    >>> out.shape, weights.shape
    (torch.Size([3, 5, 8]), torch.Size([3, 5, 5]))
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
                 add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None,
                 dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if not self._qkv_same_embed_dim:
            for name, dim in (("q", embed_dim), ("k", self.kdim), ("v", self.vdim)):
                self.register_parameter(f"{name}_proj_weight", Parameter(
                    _creation.empty(embed_dim, dim, **factory)))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(_creation.empty(3 * embed_dim, embed_dim, **factory))
            for name in ("q", "k", "v"):
                self.register_parameter(f"{name}_proj_weight", None)
        self.register_parameter("in_proj_bias", Parameter(
            _creation.empty(3 * embed_dim, **factory)) if bias else None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias,
                                                        **factory)
        if add_bias_kv:
            self.bias_k = Parameter(_creation.empty(1, 1, embed_dim, **factory))
            self.bias_v = Parameter(_creation.empty(1, 1, embed_dim, **factory))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True, is_causal=False):
        """Compute attention outputs using query, key and value
        embeddings.

        Args:
            query (Tensor): ``(L, N, E)`` (``(N, L, E)`` with ``batch_first``), or ``(L, E)``
                unbatched.
            key (Tensor): ``(S, N, kdim)`` (``(N, S, kdim)`` with ``batch_first``), or
                ``(S, kdim)`` unbatched.
            value (Tensor): ``(S, N, vdim)`` (``(N, S, vdim)`` with ``batch_first``), or
                ``(S, vdim)`` unbatched.
            key_padding_mask (Tensor, optional): ``(N, S)`` (``(S,)`` unbatched): keys to ignore;
                bool True, or a float added to the scores.
            need_weights (bool): also return the attention weights. Default: ``True``.
            attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``: bool True where
                attention is not allowed, or a float added to the scores.
            average_attn_weights (bool): average the returned weights over the heads. Default:
                ``True``.
            is_causal (bool): a hint that ``attn_mask`` is the causal mask; the mask must
                still be given (a ``RuntimeError`` otherwise). Default: ``False``.

        Returns:
            (Tensor, Tensor or None): ``attn_output``, of ``query``'s shape with ``E`` features, and
            the attention weights ``(N, L, S)`` (``(N, num_heads, L, S)`` without averaging; no
            ``N`` unbatched), or None when ``need_weights=False``.

        >>> mha = tinytorch.nn.MultiheadAttention(8, 2)
        >>> q, kv = tinytorch.randn(5, 3, 8), tinytorch.randn(7, 3, 8)
        >>> out, weights = mha(q, kv, kv, average_attn_weights=False)
        >>> out.shape, weights.shape
        (torch.Size([5, 3, 8]), torch.Size([3, 2, 5, 7]))
        """
        fast = self._takes_fast_path(query, key, value, attn_mask, key_padding_mask)
        return self._attend(query, key, value, key_padding_mask, attn_mask, need_weights,
                            average_attn_weights, is_causal, safe=not fast)

    def _attend(self, query, key, value, key_padding_mask, attn_mask, need_weights=False,
                average_attn_weights=True, is_causal=False, safe=True):
        separate = None if self._qkv_same_embed_dim else (
            self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        params = _mha.Params(self.in_proj_weight, self.in_proj_bias, self.out_proj.weight,
                             self.out_proj.bias, self.bias_k, self.bias_v, separate)
        return _mha.attend(query, key, value, self.embed_dim, self.num_heads, params,
                           key_padding_mask, attn_mask, need_weights, average_attn_weights,
                           is_causal, self.dropout if self.training else 0.0,
                           self.add_zero_attn, self.batch_first, safe)

    def _takes_fast_path(self, query, key, value, attn_mask, key_padding_mask):
        """Whether PyTorch would run its fused inference kernel here (its conditions, in its
        order), whose fully masked rows are NaN."""
        if any(m is not None and m.dtype.is_floating_point
               for m in (attn_mask, key_padding_mask)):
            return False
        if query.ndim != 3 or query is not key or key is not value:
            return False
        if self.in_proj_weight is None or self.in_proj_bias is None:
            return False
        if query.dtype is not self.in_proj_weight.dtype or self.training:
            return False
        if self.num_heads % 2 or not self.batch_first or self.bias_k is not None:
            return False
        if self.add_zero_attn:
            return False
        tensors = (query, self.in_proj_weight, self.in_proj_bias, self.out_proj.weight,
                   self.out_proj.bias)
        return not (grad_mode.is_grad_enabled() and any(t.requires_grad for t in tensors))

    def merge_masks(self, attn_mask, key_padding_mask, query):
        """Merge an attention mask and a key padding mask into
        one, as PyTorch's fused kernels take them.

        Args:
            attn_mask (Tensor or None): ``(L, L)`` or ``(N * num_heads, L, L)``.
            key_padding_mask (Tensor or None): ``(N, L)``.
            query (Tensor): the batch-first query ``(N, L, E)``, for the sizes.

        Returns:
            (Tensor or None, int or None): the merged mask and its type: ``(key_padding_mask, 1)``
            for a key padding mask alone; the attention mask expanded to ``(N, num_heads, L, L)``
            (plus the key padding mask, if any) and 2; ``(None, None)`` for neither.

        >>> mha = tinytorch.nn.MultiheadAttention(4, 2, batch_first=True)
        >>> mask, mask_type = mha.merge_masks(tinytorch.zeros(5, 5), None, tinytorch.zeros(3, 5, 4))
        >>> mask.shape, mask_type
        (torch.Size([3, 2, 5, 5]), 2)
        """
        if attn_mask is None:
            return key_padding_mask, None if key_padding_mask is None else 1
        batch_size, seq_len, _ = query.shape
        if attn_mask.ndim == 3:
            merged = attn_mask.view(batch_size, -1, seq_len, seq_len)
        else:
            merged = attn_mask.view(1, 1, seq_len, seq_len).expand(batch_size, self.num_heads,
                                                                   -1, -1)
        if key_padding_mask is not None:
            merged = merged + key_padding_mask.view(batch_size, 1, 1, seq_len).expand(
                -1, self.num_heads, -1, -1)
        return merged, 2
