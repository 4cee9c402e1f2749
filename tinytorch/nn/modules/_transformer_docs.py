"""Docstrings of the Transformer layers' ``forward`` methods, kept here so that
``transformer.py`` stays under the size limit. Imported once from ``tinytorch.nn``.

Shapes use S (source length), T (target length), N (batch) and E (``d_model``); with
``batch_first`` the batch comes first, and unbatched inputs have no N.
"""

from tinytorch.nn._functional_docs import add_docstr
from tinytorch.nn.modules.transformer import Transformer
from tinytorch.nn.modules.transformer import TransformerDecoder
from tinytorch.nn.modules.transformer import TransformerDecoderLayer
from tinytorch.nn.modules.transformer import TransformerEncoder
from tinytorch.nn.modules.transformer import TransformerEncoderLayer

_MASKS = """Bool masks are True where attention is not allowed; float masks are added to the
attention scores."""

add_docstr(TransformerEncoderLayer.forward, f"""Pass the input through the encoder layer.
{_MASKS}

Args:
    src (Tensor): the sequence to the encoder layer, ``(S, N, E)``.
    src_mask (Tensor, optional): the mask for the src sequence, ``(S, S)`` or
        ``(N * nhead, S, S)``.
    src_key_padding_mask (Tensor, optional): the mask for the src keys per batch,
        ``(N, S)``.
    is_causal (bool): a hint that ``src_mask`` is the causal mask (the mask must still be
        given). Default: ``False``.

Returns:
    Tensor: of ``src``'s shape.

>>> layer = tinytorch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> layer(tinytorch.randn(5, 3, 8)).shape
torch.Size([5, 3, 8])
""")

add_docstr(TransformerEncoder.forward, f"""Pass the input through the encoder layers in turn
(then the final ``norm``, if any). {_MASKS}

Args:
    src (Tensor): the sequence to the encoder, ``(S, N, E)``.
    mask (Tensor, optional): the mask for the src sequence, ``(S, S)`` or
        ``(N * nhead, S, S)``.
    src_key_padding_mask (Tensor, optional): the mask for the src keys per batch,
        ``(N, S)``.
    is_causal (bool, optional): a hint that ``mask`` is the causal mask; ``None`` (the
        default) detects it by comparing ``mask`` with the causal mask.

Returns:
    Tensor: of ``src``'s shape.

>>> layer = tinytorch.nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> encoder = tinytorch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
>>> encoder(tinytorch.randn(5, 3, 8)).shape
torch.Size([5, 3, 8])
""")

_DECODER_ARGS = """tgt (Tensor): the sequence to the decoder, ``(T, N, E)``.
    memory (Tensor): the sequence from the last layer of the encoder, ``(S, N, E)``.
    tgt_mask (Tensor, optional): the mask for the tgt sequence, ``(T, T)`` or
        ``(N * nhead, T, T)``.
    memory_mask (Tensor, optional): the mask for the memory sequence, ``(T, S)``.
    tgt_key_padding_mask (Tensor, optional): the mask for the tgt keys per batch, ``(N, T)``.
    memory_key_padding_mask (Tensor, optional): the mask for the memory keys per batch,
        ``(N, S)``."""

add_docstr(TransformerDecoderLayer.forward, f"""Pass the inputs (and masks) through the
decoder layer. {_MASKS}

Args:
    {_DECODER_ARGS}
    tgt_is_causal (bool): a hint that ``tgt_mask`` is the causal mask. Default: ``False``.
    memory_is_causal (bool): a hint that ``memory_mask`` is the causal mask.
        Default: ``False``.

Returns:
    Tensor: of ``tgt``'s shape.

>>> layer = tinytorch.nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> layer(tinytorch.randn(4, 3, 8), tinytorch.randn(5, 3, 8)).shape
torch.Size([4, 3, 8])
""")

add_docstr(TransformerDecoder.forward, f"""Pass the inputs (and masks) through the decoder
layers in turn (then the final ``norm``, if any). {_MASKS}

Args:
    {_DECODER_ARGS}
    tgt_is_causal (bool, optional): a hint that ``tgt_mask`` is the causal mask; ``None``
        (the default) detects it by comparing ``tgt_mask`` with the causal mask.
    memory_is_causal (bool): a hint that ``memory_mask`` is the causal mask.
        Default: ``False``.

Returns:
    Tensor: of ``tgt``'s shape.

>>> layer = tinytorch.nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=16)
>>> decoder = tinytorch.nn.TransformerDecoder(layer, num_layers=2)
>>> decoder(tinytorch.randn(4, 3, 8), tinytorch.randn(5, 3, 8)).shape
torch.Size([4, 3, 8])
""")

add_docstr(Transformer.forward, f"""Take in and process masked source/target sequences:
the encoder reads ``src``, the decoder reads ``tgt`` and the encoder's output. {_MASKS}

Args:
    src (Tensor): the sequence to the encoder, ``(S, N, E)``.
    tgt (Tensor): the sequence to the decoder, ``(T, N, E)``.
    src_mask (Tensor, optional): the additive mask for the src sequence, ``(S, S)`` or
        ``(N * nhead, S, S)``.
    tgt_mask (Tensor, optional): the additive mask for the tgt sequence, ``(T, T)`` or
        ``(N * nhead, T, T)``; usually :meth:`generate_square_subsequent_mask`.
    memory_mask (Tensor, optional): the additive mask for the encoder output, ``(T, S)``.
    src_key_padding_mask (Tensor, optional): the mask for the src keys per batch, ``(N, S)``.
    tgt_key_padding_mask (Tensor, optional): the mask for the tgt keys per batch, ``(N, T)``.
    memory_key_padding_mask (Tensor, optional): the mask for the memory keys per batch,
        ``(N, S)``.
    src_is_causal (bool, optional): a hint that ``src_mask`` is the causal mask; ``None``
        detects it.
    tgt_is_causal (bool, optional): a hint that ``tgt_mask`` is the causal mask; ``None``
        detects it.
    memory_is_causal (bool): a hint that ``memory_mask`` is the causal mask.
        Default: ``False``.

Returns:
    Tensor: ``(T, N, E)``.

Raises:
    RuntimeError: ``src`` and ``tgt`` have different batch sizes, or a feature size other
        than ``d_model``.

>>> model = tinytorch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1,
...                                  num_decoder_layers=1, dim_feedforward=16,
...                                  batch_first=True)
>>> model(tinytorch.randn(3, 5, 8), tinytorch.randn(3, 4, 8)).shape
torch.Size([3, 4, 8])
""")
