"""Scaled dot-product attention (``F.scaled_dot_product_attention``).

The attention weights are one op: scores, scale, mask and softmax in one kernel, saving only
q, k and the weights. Dropout and the product with the values are the ordinary ops, so the
graph of one attention call has two or three nodes.
"""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import linalg as _linalg
from tinytorch._ops import nn_misc as _misc
from tinytorch._ops._util import broadcast_shapes
from tinytorch._ops._op import Op
from tinytorch.amp import autocast_mode as _autocast

# NOTE [Fully masked attention rows]
# A query row whose scores are all -inf (every key masked) has no softmax. PyTorch 2.13 gives
# such a row zero weights, so a zero output and zero gradients, in
# scaled_dot_product_attention (its math and CPU flash kernels use a "safe" softmax) and so
# in nn.MultiheadAttention with need_weights=False on its general path. Where it computes the
# weights explicitly (need_weights=True) and on its fused inference fast path, the row is
# NaN. ``AttentionWeights`` takes ``safe`` and the callers pick what PyTorch's path does.


class AttentionWeights(Op):
    """p = softmax(s q kᵀ + b) along the last axis (a row of -inf only: zeros when ``safe``,
    else NaN). With d = p (g - Σ g p): dL/dq = s d k, dL/dk = s dᵀ q, dL/db = d."""

    @staticmethod
    def forward(ctx, q, k, bias, scale, safe):
        be = ctx.backend
        p = be.attention_softmax_(be.matmul(q, _linalg._swap_last(be, k)), scale, bias, safe)
        ctx.scale = scale
        ctx.save_for_backward(q, k, p)  # p is the output: double backward stays connected
        return p

    @staticmethod
    def backward(ctx, g):
        be = ctx.backend
        q, k, p = ctx.saved_tensors
        need_q, need_k, need_bias = ctx.needs_input_grad[:3]
        d = be.softmax_backward(g, p, -1)
        ds = be.mul(d, ctx.scale)
        gq = be.matmul(ds, k) if need_q else None
        gk = be.matmul(_linalg._swap_last(be, ds), q) if need_k else None
        return gq, gk, d if need_bias else None, None, None


def attention_weights(query, key, bias, scale, safe):
    """softmax(scale · query @ keyᵀ + bias) along the last dim (see AttentionWeights)."""
    return AttentionWeights.apply(query, key, bias, float(scale), safe)


# --- the function behind F.scaled_dot_product_attention -----------------------------------------
def _c_type(dtype):
    return _dtype.C_TYPE_NAMES[dtype]


def _check_inputs(query, key, value):
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise RuntimeError(
            "Expected query, key, and value to all be  at least 2 dimensional, but got "
            f"query.dim: {query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.")
    if not query.dtype is key.dtype is value.dtype:
        raise RuntimeError(
            "Expected query, key, and value to have the same dtype, but got query.dtype: "
            f"{_c_type(query.dtype)} key.dtype: {_c_type(key.dtype)} and value.dtype: "
            f"{_c_type(value.dtype)} instead.")
    if not query.dtype.is_floating_point:
        raise RuntimeError("expected scalar type Float but found "
                           f"{_dtype.SCALAR_TYPE_NAMES[query.dtype]}")


def _check_sizes(query, key, value):
    """PyTorch's (bmm's) messages when E of query and key, or S of key and value, differ."""
    batch = math.prod(broadcast_shapes(query.shape[:-2], key.shape[:-2], value.shape[:-2]))
    for want, got in ((query.shape[-1], key.shape[-1]), (key.shape[-2], value.shape[-2])):
        if want != got:
            raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{batch}, {want}] but got: [{batch}, {got}].")


def _repeat_heads(x, heads):
    """``x`` with each of its ``x.shape[-3]`` heads repeated to make ``heads`` (PyTorch's
    ``repeat_interleave(heads // n, -3)``) for grouped-query attention."""
    n = x.shape[-3]
    if n == heads:
        return x
    shape = x.shape[:-3] + (n, heads // n) + x.shape[-2:]
    return x.unsqueeze(-3).expand(shape).reshape(x.shape[:-3] + (heads,) + x.shape[-2:])


def _mask_bias(attn_mask, query, scores_shape):
    """A float mask to add to the scores: a bool mask (True = take part) as 0 / -inf, a float
    mask as it is (in the query's dtype)."""
    dtype = attn_mask.dtype
    if dtype.name != "bool" and dtype is not query.dtype and dtype.name != "float32":
        raise RuntimeError(
            "Expected attn_mask dtype to be bool or float or to match query dtype, but got "
            f"attn_mask.dtype: {_c_type(dtype)} and  query.dtype: {_c_type(query.dtype)} "
            "instead.")
    if attn_mask.ndim < 2:
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got "
                         "-2)")
    shape = broadcast_shapes(tuple(attn_mask.shape), scores_shape)
    if shape != scores_shape:
        raise RuntimeError(f"output with shape {list(scores_shape)} doesn't match the broadcast "
                           f"shape {list(shape)}")
    if dtype.name == "bool":
        return _creation.zeros(attn_mask.shape, dtype=query.dtype, device=query.device) \
            .masked_fill(attn_mask.logical_not(), -math.inf)
    return attn_mask if dtype is query.dtype else attn_mask.to(query.dtype)


def causal_bias(target_len, source_len, like):
    """0 on and below the diagonal, -inf above it: (L, S) in ``like``'s dtype and device."""
    full = _creation.full((target_len, source_len), -math.inf, dtype=like.dtype,
                          device=like.device)
    return full.triu(1)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    if _autocast.on and _autocast.active(query):
        return _autocast.run("scaled_dot_product_attention", scaled_dot_product_attention,
                             query, key, value, attn_mask, dropout_p, is_causal, scale, enable_gqa)
    _check_inputs(query, key, value)
    if enable_gqa:
        heads = query.shape[-3]
        if heads % key.shape[-3] or heads % value.shape[-3]:
            raise RuntimeError("Number of heads in key and value must divide the number of "
                               "heads in ")
        key, value = _repeat_heads(key, heads), _repeat_heads(value, heads)
    _check_sizes(query, key, value)
    target_len, source_len = query.shape[-2], key.shape[-2]
    bias = None
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be "
                               "set when is_causal=True")
        bias = causal_bias(target_len, source_len, query)
    elif attn_mask is not None:
        batch = broadcast_shapes(query.shape[:-2], key.shape[:-2])
        bias = _mask_bias(attn_mask, query, batch + (target_len, source_len))
    if dropout_p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    if not query.shape[-1]:  # no features: every score is an empty sum, 0, whatever the
        scale = 1.0  # scale (PyTorch scales q and k, empty; 0 * inf here would be NaN)
    elif scale is None:
        scale = 1 / math.sqrt(query.shape[-1])
    p = attention_weights(query, key, bias, scale, True)
    if dropout_p > 0:
        p = _misc.dropout(p, dropout_p, True, False)
    return p @ value
