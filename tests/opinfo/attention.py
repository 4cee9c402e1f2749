"""Op database entries for ``F.scaled_dot_product_attention`` (its fused attention-weights op):
broadcast batch dims, bool / float / causal masks (fully masked rows included), scale and
grouped-query heads. Module-level tests: tests/nn/test_attention.py."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats


def _sdpa_ref(q, k, v, attn_mask=None, is_causal=False, scale=None, enable_gqa=False):
    """Written from the definition; a row with every key masked gives zeros."""
    if enable_gqa:
        k = np.repeat(k, q.shape[-3] // k.shape[-3], axis=-3)
        v = np.repeat(v, q.shape[-3] // v.shape[-3], axis=-3)
    length, source = q.shape[-2], k.shape[-2]
    s = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    scores = q @ np.swapaxes(k, -1, -2) * s
    if is_causal:
        scores = np.where(np.tril(np.ones((length, source), bool)), scores, -np.inf)
    if attn_mask is not None:
        scores = np.where(attn_mask, scores, -np.inf) if attn_mask.dtype == bool \
            else scores + attn_mask
    p = np.zeros_like(scores)
    for idx in np.ndindex(scores.shape[:-1]):
        row = scores[idx]
        if np.isfinite(row).any():
            e = np.exp(row - row.max())
            p[idx] = e / e.sum()
    return p @ v


@st.composite
def sdpa_sample(draw, mask=None, gqa=False):
    """q (..., L, E), k (..., S, E), v (..., S, Ev) with broadcastable batch dims."""
    batch = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2,
                                                   min_side=1, max_side=3))
    bq, bk = batch.input_shapes
    if gqa:
        kv_heads = draw(st.integers(1, 2))
        bq, bk = (2, kv_heads * draw(st.integers(1, 2))), (2, kv_heads)
    length, source, e, ev = (draw(st.integers(1, 4)) for _ in range(4))
    q, k = draw(floats(bq + (length, e), -2, 2)), draw(floats(bk + (source, e), -2, 2))
    v = draw(floats(bk + (source, ev)))
    kwargs = {"scale": draw(st.sampled_from([None, 0.5, 1.3]))}
    if gqa:
        kwargs["enable_gqa"] = True
    if mask == "causal":
        return Sample((q, k, v, None), dict(kwargs, is_causal=True))
    if mask is None:
        return Sample((q, k, v, None), kwargs)
    batch_shape = tuple(np.broadcast_shapes(bq, bk))
    lead = draw(st.sampled_from([(), (1,), batch_shape[-1:]] if batch_shape else [()]))
    shape = lead + (draw(st.sampled_from([1, length])), source)
    if mask == "bool":  # rows of False included: those queries see no key at all
        m = draw(hnp.arrays(bool, shape, elements=st.booleans()))
    else:
        m = draw(floats(shape, -3, 3))
    return Sample((q, k, v, m), kwargs)


def _sdpa(q, k, v, m, **kw):
    return F.scaled_dot_product_attention(q, k, v, attn_mask=m, **kw)


def _torch_sdpa(q, k, v, m, **kw):
    """PyTorch's math kernel (its default CPU flash kernel has no double backward; the
    default dispatch is compared to first order in tests/nn/test_attention.py)."""
    import torch.nn.functional as torch_f
    from torch.nn.attention import SDPBackend
    from torch.nn.attention import sdpa_kernel
    with sdpa_kernel(SDPBackend.MATH):
        return torch_f.scaled_dot_product_attention(q, k, v, attn_mask=m, **kw)


def _ref(q, k, v, m, **kw):
    return _sdpa_ref(q, k, v, m, **kw)


def _t(d, *shape, dtype=None):
    return tinytorch.ones(*shape, dtype=dtype, device=d)


def _qkv(d, q=(2, 3, 4), k=(2, 5, 4), v=(2, 5, 6), dtype=None):
    return _t(d, *q, dtype=dtype), _t(d, *k, dtype=dtype), _t(d, *v, dtype=dtype)


_ERRORS = [
    ErrorCase(lambda d: (_qkv(d, (4,), (4,), (4,)) + (None,), {}), RuntimeError,
              "Expected query, key, and value to all be  at least 2 dimensional, but got "
              "query.dim: 1 key.dim: 1 and value.dim: 1 instead."),
    ErrorCase(lambda d: ((_t(d, 2, 3, 4), _t(d, 2, 5, 4, dtype=tinytorch.float64),
                          _t(d, 2, 5, 6), None), {}), RuntimeError,
              "Expected query, key, and value to have the same dtype, but got query.dtype: "
              "float key.dtype: double and value.dtype: float instead."),
    ErrorCase(lambda d: (_qkv(d, k=(2, 5, 3)) + (None,), {}), RuntimeError,
              r"Expected size for first two dimensions of batch2 tensor to be: \[2, 4\] but "
              r"got: \[2, 3\]."),
    ErrorCase(lambda d: (_qkv(d, v=(2, 6, 6)) + (None,), {}), RuntimeError,
              r"Expected size for first two dimensions of batch2 tensor to be: \[2, 5\] but "
              r"got: \[2, 6\]."),
    ErrorCase(lambda d: (_qkv(d) + (_t(d, 3, 5, dtype=tinytorch.bool),), {"is_causal": True}),
              RuntimeError, "Explicit attn_mask should not be set when is_causal=True"),
    ErrorCase(lambda d: (_qkv(d) + (_t(d, 3, 5, dtype=tinytorch.int64),), {}), RuntimeError,
              "Expected attn_mask dtype to be bool or float or to match query dtype, but got "
              "attn_mask.dtype: long int and  query.dtype: float instead."),
    ErrorCase(lambda d: (_qkv(d) + (_t(d, 3, 6),), {}), RuntimeError,
              r"The size of tensor a \(6\) must match the size of tensor b \(5\)"),
    ErrorCase(lambda d: (_qkv(d) + (_t(d, 4, 2, 3, 5),), {}), RuntimeError,
              r"output with shape \[2, 3, 5\] doesn't match the broadcast shape \[4, 2, 3, 5\]"),
    ErrorCase(lambda d: (_qkv(d) + (None,), {"dropout_p": 1.5}), RuntimeError,
              "dropout probability has to be between 0 and 1, but got 1.5"),
    ErrorCase(lambda d: (_qkv(d, (2, 4, 3, 4), (2, 3, 5, 4), (2, 3, 5, 6)) + (None,),
                         {"enable_gqa": True}), RuntimeError,
              "Number of heads in key and value must divide the number of heads in "),
]

OPS = [
    OpInfo("scaled_dot_product_attention", _sdpa, _ref, sdpa_sample(), _torch_sdpa,
           gradgrad=True, errors=_ERRORS),
    OpInfo("scaled_dot_product_attention_bool_mask", _sdpa, _ref, sdpa_sample("bool"),
           _torch_sdpa, gradgrad=True),
    OpInfo("scaled_dot_product_attention_float_mask", _sdpa, _ref, sdpa_sample("float"),
           _torch_sdpa, gradgrad=True),
    OpInfo("scaled_dot_product_attention_causal", _sdpa, _ref, sdpa_sample("causal"),
           _torch_sdpa, gradgrad=True),
    OpInfo("scaled_dot_product_attention_gqa", _sdpa, _ref, sdpa_sample(gqa=True),
           _torch_sdpa, gradgrad=True),
]
