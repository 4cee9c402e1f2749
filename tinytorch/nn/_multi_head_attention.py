"""``F.multi_head_attention_forward`` and the mask helpers ``nn.MultiheadAttention`` and the
Transformer layers share (PyTorch's ``_canonical_mask`` rules and messages).

The heads are cut from the projections with one reshape and one permute in the layout the
input comes in (sequence-first or batch-first), so a batch-first module needs no transposes;
the attention itself is ``AttentionWeights`` (see ``tinytorch/_ops/nn_attention.py``).
"""

import math
import warnings
from typing import Any
from typing import NamedTuple

from tinytorch import _creation
from tinytorch._ops import nn_attention as _attn
from tinytorch._ops import nn_misc as _misc
from tinytorch._ops.join import cat
from tinytorch.amp import autocast_mode as _autocast


def canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask (True = masked out) as a float mask of 0 / -inf in ``target_type``; a float
    mask unchanged; warns when its dtype differs from the other mask's ``other_type``."""
    if mask is None:
        return None
    is_float = mask.dtype.is_floating_point
    if mask.dtype.name != "bool" and not is_float:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype is not other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. "
                      "Use same type for both instead.", UserWarning, stacklevel=3)
    if is_float:
        return mask
    return _creation.zeros(mask.shape, dtype=target_type, device=mask.device) \
        .masked_fill(mask, -math.inf)


def none_or_dtype(input):
    return None if input is None else input.dtype


def _shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the input is batched (3-D query), with PyTorch's messages for bad dims."""
    if query.ndim not in (2, 3):
        raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                             f"{query.ndim}-D query tensor")
    batched = query.ndim == 3
    kind, want = ("batched (3-D)", 3) if batched else ("unbatched (2-D)", 2)
    if key.ndim != want or value.ndim != want:
        raise AssertionError(f"For {kind} `query`, expected `key` and `value` to be {want}-D but "
                             f"found {key.ndim}-D and {value.ndim}-D tensors respectively")
    if key_padding_mask is not None and key_padding_mask.ndim != want - 1:
        raise AssertionError(f"For {kind} `query`, expected `key_padding_mask` to be `None` or "
                             f"{want - 1}-D but found {key_padding_mask.ndim}-D tensor instead")
    if attn_mask is not None:
        if attn_mask.ndim not in (2, 3):
            raise AssertionError(f"For {kind} `query`, expected `attn_mask` to be `None`, 2-D or "
                                 f"3-D but found {attn_mask.ndim}-D tensor instead")
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.ndim == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                 f"{attn_mask.shape}")
    return batched


class _Layout:
    """Where batch and sequence sit in a 3-D input: (S, N, E), or (N, S, E) batch-first."""

    def __init__(self, batch_first):
        self.batch_first = batch_first

    def heads(self, x, parts, num_heads):
        """(A, B, parts·E) projections -> ``parts`` tensors (N, H, S, D)."""
        a, b, width = x.shape
        head_dim = width // (parts * num_heads)
        if parts == 1:
            x = x.reshape(a, b, num_heads, head_dim)
            return (x.permute((0, 2, 1, 3) if self.batch_first else (1, 2, 0, 3)),)
        x = x.reshape(a, b, parts, num_heads, head_dim)
        return x.permute((2, 0, 3, 1, 4) if self.batch_first else (2, 1, 3, 0, 4)).unbind(0)

    def merge(self, x):
        """(N, H, L, D) -> (A, B, H·D) in this layout."""
        width = x.shape[1] * x.shape[3]
        x = x.permute((0, 2, 1, 3) if self.batch_first else (2, 0, 1, 3))
        return x.reshape(x.shape[0], x.shape[1], width)


def _linear(x, w, b):
    """F.linear: PyTorch's multi_head_attention_forward is Python over its linear (which
    autocasts), bmm/baddbmm and scaled_dot_product_attention."""
    if _autocast.on:
        x, w, b = _autocast.cast("linear", x, w, b)
    return _misc.linear(x, w, b)


def _project(query, key, value, w, b, separate, embed_dim, num_heads, layout):
    """q, k, v as (N, H, L|S, D). ``separate``: (q_w, k_w, v_w), else ``w`` is packed."""
    if separate is None and key is value:
        if query is key:  # self-attention: one GEMM for all three
            return layout.heads(_linear(query, w, b), 3, num_heads)
        b_q, b_kv = (None, None) if b is None else (b[:embed_dim], b[embed_dim:])
        (q,) = layout.heads(_linear(query, w[:embed_dim], b_q), 1, num_heads)
        return (q,) + layout.heads(_linear(key, w[embed_dim:], b_kv), 2, num_heads)
    ws = (w[:embed_dim], w[embed_dim:2 * embed_dim], w[2 * embed_dim:]) \
        if separate is None else separate
    bs = (None,) * 3 if b is None else (b[:embed_dim], b[embed_dim:2 * embed_dim],
                                        b[2 * embed_dim:])
    if separate is not None:
        _check_separate(query, key, value, ws, bs)
    return tuple(layout.heads(_linear(x, wi, bi), 1, num_heads)[0]
                 for x, wi, bi in zip((query, key, value), ws, bs))


def _check_separate(query, key, value, ws, bs):
    eq = query.shape[-1]
    names = ("query", "key", "value")
    for name, x, w in zip(names, (query, key, value), ws):
        if tuple(w.shape) != (eq, x.shape[-1]):
            raise AssertionError(f"expecting {name} weights shape of {(eq, x.shape[-1])}, but "
                                 f"got {w.shape}")
    for name, b in zip(names, bs):
        if b is not None and tuple(b.shape) != (eq,):
            raise AssertionError(f"expecting {name} bias shape of {(eq,)}, but got {b.shape}")


def _checked_attn_mask(attn_mask, bsz, num_heads, tgt_len, src_len):
    """The attention mask checked against (L, S) or (N·H, L, S), as (L, S) or (N, H, L, S)."""
    if attn_mask.ndim == 2:
        if tuple(attn_mask.shape) != (tgt_len, src_len):
            raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should "
                               f"be {(tgt_len, src_len)}.")
        return attn_mask
    if attn_mask.ndim == 3:
        if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should "
                               f"be {(bsz * num_heads, tgt_len, src_len)}.")
        return attn_mask.reshape(bsz, num_heads, tgt_len, src_len)
    raise RuntimeError(f"attn_mask's dimension {attn_mask.ndim} is not supported")


def _extend_keys(k, v, masks, bias_k, bias_v, static_k, static_v, add_zero_attn, shape):
    """Static keys/values, the learnt bias_k/bias_v key and the all-zero key, each appended
    key padding both masks with a 0 column (PyTorch's order)."""
    bsz, num_heads, head_dim = shape
    if (bias_k is None) != (bias_v is None):
        raise AssertionError(f"bias_{'k' if bias_v is None else 'v'} is set but "
                             f"bias_{'v' if bias_v is None else 'k'} is None")
    if bias_k is not None and (static_k is not None or static_v is not None):
        raise AssertionError(f"bias cannot be added to static "
                             f"{'key' if static_k is not None else 'value'}.")
    extra = []
    if bias_k is not None:
        per_head = (1, num_heads, 1, head_dim)
        extra.append((bias_k.reshape(per_head).expand(bsz, -1, -1, -1),
                      bias_v.reshape(per_head).expand(bsz, -1, -1, -1)))
    k, v = (_static(s, x, name, bsz * num_heads, head_dim) for s, x, name in
            ((static_k, k, "static_k"), (static_v, v, "static_v")))
    if add_zero_attn:
        zeros = _creation.zeros((bsz, num_heads, 1, head_dim), dtype=k.dtype, device=k.device)
        extra.append((zeros, zeros))
    for ek, ev in extra:
        k, v = _cat(k, ek), _cat(v, ev)
        masks = [None if m is None else _misc.pad(m, (0, 1)) for m in masks]
    return k, v, masks


def _static(static, x, name, rows, head_dim):
    if static is None:
        return x
    if static.shape[0] != rows:
        raise AssertionError(f"expecting {name}.size(0) of {rows}, but got {static.shape[0]}")
    if static.shape[2] != head_dim:
        raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got "
                             f"{static.shape[2]}")
    return static.reshape(x.shape[0], x.shape[1], static.shape[1], head_dim)


def _cat(a, b):
    return cat([a, b], 2)


def _merged_bias(attn_mask, key_padding_mask, bsz, src_len):
    """The float masks added together, broadcastable to (N, H, L, S)."""
    if key_padding_mask is None:
        return attn_mask
    if key_padding_mask.shape[0] != bsz:
        raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                             f"{key_padding_mask.shape[0]}")
    if key_padding_mask.shape[1] != src_len:
        raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                             f"{key_padding_mask.shape[1]}")
    kpm = key_padding_mask.reshape(bsz, 1, 1, src_len)
    return kpm if attn_mask is None else attn_mask + kpm


class Params(NamedTuple):
    """The tensors of one attention layer; ``separate`` is (q_w, k_w, v_w) or None (then
    ``in_proj_weight`` holds all three)."""

    in_proj_weight: Any
    in_proj_bias: Any
    out_proj_weight: Any
    out_proj_bias: Any
    bias_k: Any = None
    bias_v: Any = None
    separate: Any = None
    static_k: Any = None
    static_v: Any = None


def attend(query, key, value, embed_dim, num_heads, params, key_padding_mask=None,
           attn_mask=None, need_weights=True, average_attn_weights=True, is_causal=False,
           dropout_p=0.0, add_zero_attn=False, batch_first=False, safe=True):
    """Multi-head attention of (L, N, E) / (S, N, Ek) / (S, N, Ev) inputs ((N, L, E) ... when
    ``batch_first``; (L, E) ... unbatched). Returns (output, weights or None). ``safe``: fully
    masked rows give zeros when the weights are not asked for (see NOTE [Fully masked
    attention rows])."""
    batched = _shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
        batch_first = False
    layout = _Layout(batch_first)
    key_padding_mask, attn_mask, is_causal = _canonical_masks(
        key_padding_mask, attn_mask, is_causal, need_weights, query.dtype)
    q, k, v = _heads(query, key, value, embed_dim, num_heads, params, layout)
    bsz, tgt_len, src_len = q.shape[0], q.shape[2], k.shape[2]
    if attn_mask is not None:
        attn_mask = _checked_attn_mask(attn_mask, bsz, num_heads, tgt_len, src_len)
    k, v, (attn_mask, key_padding_mask) = _extend_keys(
        k, v, [attn_mask, key_padding_mask], params.bias_k, params.bias_v, params.static_k,
        params.static_v, add_zero_attn, (bsz, num_heads, q.shape[3]))
    bias = _merged_bias(attn_mask, key_padding_mask, bsz, k.shape[2])
    if _autocast.on:  # PyTorch's baddbmm (sdpa) casts the mask with q and k
        q, k, v, bias = _autocast.cast("baddbmm", q, k, v, bias)
    if is_causal and bias is None:
        bias = _attn.causal_bias(tgt_len, k.shape[2], q)
    weights = _attn.attention_weights(q, k, bias, 1 / math.sqrt(q.shape[3]),
                                      safe and not need_weights)
    if dropout_p > 0:
        weights = _misc.dropout(weights, dropout_p, True, False)
    out = _linear(layout.merge(weights @ v), params.out_proj_weight, params.out_proj_bias)
    if not need_weights:
        weights = None
    elif average_attn_weights:
        weights = weights.mean(1)
    if not batched:
        out = out.squeeze(1)
        weights = None if weights is None else weights.squeeze(0)
    return out, weights


def _canonical_masks(key_padding_mask, attn_mask, is_causal, need_weights, dtype):
    """Both masks as float masks; is_causal kept only where PyTorch passes it on as a hint
    to scaled_dot_product_attention (then attn_mask is dropped)."""
    key_padding_mask = canonical_mask(key_padding_mask, "key_padding_mask",
                                      none_or_dtype(attn_mask), "attn_mask", dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        return None, None, True
    attn_mask = canonical_mask(attn_mask, "attn_mask", None, "", dtype, check_other=False)
    return key_padding_mask, attn_mask, False


def _heads(query, key, value, embed_dim, num_heads, params, layout):
    if query.shape[-1] != embed_dim:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim}, but got "
                             f"{query.shape[-1]}")
    if embed_dim % num_heads:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if params.separate is not None:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    return _project(query, key, value, params.in_proj_weight, params.in_proj_bias,
                    params.separate, embed_dim, num_heads, layout)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """The forward of :class:`tinytorch.nn.MultiheadAttention`
    on sequence-first inputs, with PyTorch's arguments. Rows whose keys are all masked are NaN
    when ``need_weights`` and zeros otherwise, as in PyTorch.

    Args:
        query (Tensor): ``(L, N, E)``, or ``(L, E)`` unbatched.
        key (Tensor): ``(S, N, kdim)``, or ``(S, kdim)`` unbatched.
        value (Tensor): ``(S, N, vdim)``, or ``(S, vdim)`` unbatched.
        embed_dim_to_check (int): E, checked against ``query``.
        num_heads (int): the number of heads.
        in_proj_weight (Tensor or None): the packed q, k, v projection ``(3E, E)``.
        in_proj_bias (Tensor or None): its bias ``(3E,)``.
        bias_k (Tensor or None): a key ``(1, 1, E)`` appended to every sequence.
        bias_v (Tensor or None): a value ``(1, 1, E)`` appended to every sequence.
        add_zero_attn (bool): append an all-zero key and value.
        dropout_p (float): dropout on the attention weights (when ``training``).
        out_proj_weight (Tensor): the output projection ``(E, E)``.
        out_proj_bias (Tensor or None): its bias ``(E,)``.
        training (bool): apply dropout. Default: ``True``.
        key_padding_mask (Tensor, optional): ``(N, S)``: bool True (or a float added) for keys
            to ignore.
        need_weights (bool): also return the attention weights. Default: ``True``.
        attn_mask (Tensor, optional): ``(L, S)`` or ``(N * num_heads, L, S)``: bool True where
            attention is not allowed, or a float added to the scores.
        use_separate_proj_weight (bool): use ``q_proj_weight``, ``k_proj_weight`` and
            ``v_proj_weight`` instead of ``in_proj_weight``. Default: ``False``.
        q_proj_weight (Tensor, optional): ``(E, E)``.
        k_proj_weight (Tensor, optional): ``(E, kdim)``.
        v_proj_weight (Tensor, optional): ``(E, vdim)``.
        static_k (Tensor, optional): projected keys ``(N * num_heads, S, E / num_heads)`` to use
            as they are.
        static_v (Tensor, optional): projected values, likewise.
        average_attn_weights (bool): average the returned weights over the heads.
            Default: ``True``.
        is_causal (bool): a hint that ``attn_mask`` is the causal mask; the mask must still be
            given. Default: ``False``.

    Returns:
        (Tensor, Tensor or None): the output ``(L, N, E)``, and the weights ``(N, L, S)``
        (``(N, num_heads, L, S)`` without averaging) or None when ``need_weights=False``.

    Raises:
        AssertionError: the projection weights that the chosen mode needs are None, or a
            static key/value does not fit.
        RuntimeError: ``is_causal`` without ``attn_mask``.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> x, w, b = tinytorch.ones(3, 2, 4), tinytorch.ones(12, 4), tinytorch.zeros(12)
    >>> out, weights = F.multi_head_attention_forward(x, x, x, 4, 2, w, b, None, None, False,
    ...                                               0.0, tinytorch.ones(4, 4), None)
    >>> out.shape, weights.shape
    (torch.Size([3, 2, 4]), torch.Size([2, 3, 3]))
    """
    separate = None
    if use_separate_proj_weight:
        for name, w in (("q", q_proj_weight), ("k", k_proj_weight), ("v", v_proj_weight)):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name}_proj_weight "
                                     "is None")
        separate = (q_proj_weight, k_proj_weight, v_proj_weight)
    elif in_proj_weight is None:
        raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
    params = Params(in_proj_weight, in_proj_bias, out_proj_weight, out_proj_bias, bias_k,
                    bias_v, separate, static_k, static_v)
    return attend(query, key, value, embed_dim_to_check, num_heads, params, key_padding_mask,
                  attn_mask, need_weights, average_attn_weights, is_causal,
                  dropout_p if training else 0.0, add_zero_attn)
