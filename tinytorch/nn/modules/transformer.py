"""The Transformer layers of ``torch.nn``: ``TransformerEncoderLayer``, ``TransformerEncoder``,
``TransformerDecoderLayer``, ``TransformerDecoder`` and ``Transformer``, with PyTorch's
arguments, submodule names (so its state-dict keys) and mask rules.

NOTE [Transformer fast paths]
In eval mode with no gradient needed, PyTorch runs fused kernels instead of the modules'
Python code: the encoder layer's kernel (a fully masked query row is NaN there, see NOTE
[Fully masked attention rows]) and, in ``TransformerEncoder`` with a left-aligned
``src_key_padding_mask``, nested tensors that skip the padded positions (their outputs are
0). The results differ from the general path only there; ``_fast_path`` checks PyTorch's
conditions, in its order, so that those outputs match too.
"""

import copy
import math
import warnings

from tinytorch import _creation
from tinytorch import _grad_mode as grad_mode
from tinytorch.nn import _multi_head_attention as _mha
from tinytorch.nn import functional as F
from tinytorch.nn import init
from tinytorch.nn.modules.activation import GELU
from tinytorch.nn.modules.activation import ReLU
from tinytorch.nn.modules.attention import MultiheadAttention
from tinytorch.nn.modules.container import ModuleList
from tinytorch.nn.modules.dropout import Dropout
from tinytorch.nn.modules.linear import Linear
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.normalization import LayerNorm


def _generate_square_subsequent_mask(sz, device=None, dtype=None):
    return _creation.full((sz, sz), -math.inf, dtype=dtype, device=device).triu(1)


def _get_seq_len(src, batch_first):
    return src.shape[0] if src.ndim == 2 else src.shape[1 if batch_first else 0]


def _detect_is_causal_mask(mask, is_causal=None, size=None):
    """``is_causal`` when given; otherwise whether ``mask`` is the causal mask of ``size``."""
    make_causal = is_causal is True
    if is_causal is None and mask is not None:
        sz = size if size is not None else mask.shape[-2]
        causal = _generate_square_subsequent_mask(sz, device=mask.device, dtype=mask.dtype)
        make_causal = mask.shape == causal.shape and bool((mask == causal).all())
    return make_causal


def _get_activation_fn(activation):
    if activation == "relu":
        return F.relu
    if activation == "gelu":
        return F.gelu
    raise RuntimeError(f"activation should be relu/gelu, not {activation}")


def _get_clones(module, n):
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def _no_grad_needed(tensors):
    return not (grad_mode.is_grad_enabled() and any(t is not None and t.requires_grad
                                                    for t in tensors))


def _fast_path_tensors(layer, src):
    attn = layer.self_attn
    return (src, attn.in_proj_weight, attn.in_proj_bias, attn.out_proj.weight,
            attn.out_proj.bias, layer.norm1.weight, layer.norm1.bias, layer.norm2.weight,
            layer.norm2.bias, layer.linear1.weight, layer.linear1.bias, layer.linear2.weight,
            layer.linear2.bias)


def _why_no_sparsity_fast_path(layer, name):
    """PyTorch's reason (in its words) why ``layer`` cannot run nested tensors, or ''."""
    if not isinstance(layer, TransformerEncoderLayer):
        return f"{name} was not TransformerEncoderLayer"
    attn = layer.self_attn
    checks = ((layer.norm_first, f"{name}.norm_first was True"),
              (not attn.batch_first, f"{name}.self_attn.batch_first was not True(use "
                                     "batch_first for better inference performance)"),
              (not attn._qkv_same_embed_dim, f"{name}.self_attn._qkv_same_embed_dim was not True"),
              (attn.in_proj_bias is None, f"{name}.self_attn was passed bias=False"),
              (not layer.activation_relu_or_gelu, f"{name}.activation_relu_or_gelu was not True"),
              (layer.norm1.eps != layer.norm2.eps,
               f"{name}.norm1.eps was not equal to {name}.norm2.eps"),
              (attn.num_heads % 2 == 1, f"{name}.self_attn.num_heads is odd"))
    return next((why for failed, why in checks if failed), "")


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with dropout,
    a residual connection and layer normalisation (after the residual, or before each block when
    ``norm_first``), as in "Attention Is All You Need".

    Args:
        d_model (int): the number of expected features in the input.
        nhead (int): the number of heads in the attention layers.
        dim_feedforward (int): the dimension of the feed-forward network. Default: 2048.
        dropout (float): the dropout value. Default: 0.1.
        activation (str or callable): the feed-forward activation, ``"relu"``, ``"gelu"`` or a
            unary callable. Default: :func:`~tinytorch.nn.functional.relu`.
        layer_norm_eps (float): the eps of the layer normalisations. Default: 1e-5.
        batch_first (bool): inputs and outputs are ``(N, S, E)`` instead of ``(S, N, E)``.
            Default: ``False``.
        norm_first (bool): layer norm before the attention and feed-forward blocks (pre-norm)
            instead of after. Default: ``False``.
        bias (bool): biases in the linear and layer-norm layers. Default: ``True``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    Raises:
        RuntimeError: ``activation`` is a string other than ``"relu"`` or ``"gelu"``.

    >>> import tinytorch
    >>> layer = tinytorch.nn.TransformerEncoderLayer(d_model=16, nhead=4, batch_first=True)
    >>> layer(tinytorch.randn(2, 10, 16)).shape
    torch.Size([2, 10, 16])
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu,
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
                 device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, **factory)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _get_activation_fn(activation)
        if activation is F.relu or isinstance(activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is F.gelu or isinstance(activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        src_key_padding_mask = _mha.canonical_mask(
            src_key_padding_mask, "src_key_padding_mask", _mha.none_or_dtype(src_mask),
            "src_mask", src.dtype)
        src_mask = _mha.canonical_mask(src_mask, "src_mask", None, "", src.dtype,
                                       check_other=False)
        safe = not self._fast_path(src)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal,
                                   safe)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal, safe))
        return self.norm2(x + self._ff_block(x))

    def _fast_path(self, src):
        """PyTorch's conditions for its fused encoder-layer kernel (see NOTE [Transformer
        fast paths])."""
        attn = self.self_attn
        if src.ndim != 3 or self.training or not attn.batch_first:
            return False
        if attn.in_proj_bias is None or not attn._qkv_same_embed_dim:
            return False
        if not self.activation_relu_or_gelu or self.norm1.eps != self.norm2.eps:
            return False
        if attn.num_heads % 2 == 1 or any(m._forward_hooks or m._forward_pre_hooks
                                          for m in self.modules()):
            return False
        return _no_grad_needed(_fast_path_tensors(self, src))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal, safe=True):
        if safe:
            x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                               need_weights=False, is_causal=is_causal)[0]
        else:  # PyTorch's fused kernel: no hooks to run, the masks as given, NaN rows
            x = self.self_attn._attend(x, x, x, key_padding_mask, attn_mask, safe=False)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


class TransformerEncoder(Module):
    """A stack of ``num_layers`` copies of ``encoder_layer`` and an
    optional final ``norm``.

    Args:
        encoder_layer (TransformerEncoderLayer): the layer, deep-copied ``num_layers`` times.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the output.
        enable_nested_tensor (bool): let eval-mode inference with a ``src_key_padding_mask``
            skip the padded positions, as PyTorch does with nested tensors (those outputs are 0);
            warns when the layer does not qualify. Default: ``True``.
        mask_check (bool): take that path only for a left-aligned ``src_key_padding_mask``.
            Default: ``True``.

    >>> import tinytorch
    >>> layer = tinytorch.nn.TransformerEncoderLayer(d_model=16, nhead=4, batch_first=True)
    >>> encoder = tinytorch.nn.TransformerEncoder(layer, num_layers=2)
    >>> encoder(tinytorch.randn(2, 10, 16)).shape
    torch.Size([2, 10, 16])
    """

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
                 mask_check=True):
        super().__init__()
        self.layers = _get_clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check
        why_not = _why_no_sparsity_fast_path(encoder_layer, "encoder_layer")
        if enable_nested_tensor and why_not:
            warnings.warn(f"enable_nested_tensor is True, but self.use_nested_tensor is False "
                          f"because {why_not}", UserWarning, stacklevel=2)
            self.use_nested_tensor = False

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        src_key_padding_mask = _mha.canonical_mask(
            src_key_padding_mask, "src_key_padding_mask", _mha.none_or_dtype(mask), "mask",
            src.dtype)
        mask = _mha.canonical_mask(mask, "mask", None, "", src.dtype, check_other=False)
        first = self.layers[0]
        keep = self._nested_keep(src, mask, src_key_padding_mask)
        batch_first = first.self_attn.batch_first
        is_causal = _detect_is_causal_mask(mask, is_causal, _get_seq_len(src, batch_first))
        if keep is not None:  # the positions the nested tensor holds
            src_key_padding_mask = _mha.canonical_mask(keep.logical_not(), "", None, "",
                                                       src.dtype)
        output = src
        for mod in self.layers:
            output = mod(output, src_mask=mask, is_causal=is_causal,
                         src_key_padding_mask=src_key_padding_mask)
        if keep is not None:  # the nested tensor's padded positions come back as 0
            output = output.masked_fill(keep.logical_not().unsqueeze(-1), 0.0)
        if self.norm is not None:
            output = self.norm(output)
        return output

    def _nested_keep(self, src, mask, src_key_padding_mask):
        """The positions PyTorch's nested-tensor path keeps ((N, S) bool), or None when it
        does not take that path (see NOTE [Transformer fast paths])."""
        first = self.layers[0]
        if not getattr(self, "use_nested_tensor", False) or first.training:
            return None
        if src.ndim != 3 or src_key_padding_mask is None:
            return None
        keep = src_key_padding_mask.logical_not()
        if self.mask_check and not _left_aligned(keep):
            return None
        if mask is not None or not _no_grad_needed(_fast_path_tensors(first, src)):
            return None
        # A nested tensor holds each sequence's first (number of kept) positions: the mask
        # itself when left-aligned, else what mask_check=False makes of it.
        lengths = keep.sum(1, keepdim=True)
        return _creation.arange(keep.shape[1], device=keep.device) < lengths


def _left_aligned(keep):
    """Every row of ``keep`` is True then False (no kept position after a padded one)."""
    return bool((keep[:, 1:] <= keep[:, :-1]).all()) if keep.shape[1] > 1 else True


class TransformerDecoderLayer(Module):
    """Self-attention, attention over the encoder's ``memory``,
    then a feed-forward block; each with dropout, a residual connection and layer normalisation
    (before each block when ``norm_first``).

    Args:
        d_model (int): the number of expected features in the input.
        nhead (int): the number of heads in the attention layers.
        dim_feedforward (int): the dimension of the feed-forward network. Default: 2048.
        dropout (float): the dropout value. Default: 0.1.
        activation (str or callable): the feed-forward activation, ``"relu"``, ``"gelu"`` or a
            unary callable. Default: :func:`~tinytorch.nn.functional.relu`.
        layer_norm_eps (float): the eps of the layer normalisations. Default: 1e-5.
        batch_first (bool): inputs and outputs are ``(N, S, E)`` instead of ``(S, N, E)``.
            Default: ``False``.
        norm_first (bool): layer norm before the attention and feed-forward blocks (pre-norm)
            instead of after. Default: ``False``.
        bias (bool): biases in the linear and layer-norm layers. Default: ``True``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> layer = tinytorch.nn.TransformerDecoderLayer(d_model=16, nhead=4, batch_first=True)
    >>> layer(tinytorch.randn(2, 7, 16), tinytorch.randn(2, 10, 16)).shape
    torch.Size([2, 7, 16])
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu,
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
                 device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                            batch_first=batch_first, bias=bias, **factory)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                                 batch_first=batch_first, bias=bias, **factory)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **factory)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **factory)
        self.norm_first = norm_first
        for i in (1, 2, 3):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias,
                                                **factory))
        for i in (1, 2, 3):
            setattr(self, f"dropout{i}", Dropout(dropout))
        self.activation = _get_activation_fn(activation) if isinstance(activation, str) \
            else activation

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask, memory_key_padding_mask,
                                    memory_is_causal)
            return x + self._ff_block(self.norm3(x))
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))
        return self.norm3(x + self._ff_block(x))

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           is_causal=is_causal, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal=False):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask,
                                key_padding_mask=key_padding_mask, is_causal=is_causal,
                                need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


class TransformerDecoder(Module):
    """A stack of ``num_layers`` copies of ``decoder_layer`` and an
    optional final ``norm``.

    Args:
        decoder_layer (TransformerDecoderLayer): the layer, deep-copied ``num_layers`` times.
        num_layers (int): the number of layers.
        norm (Module, optional): applied to the output.

    >>> import tinytorch
    >>> layer = tinytorch.nn.TransformerDecoderLayer(d_model=16, nhead=4)
    >>> decoder = tinytorch.nn.TransformerDecoder(layer, num_layers=2)
    >>> decoder(tinytorch.randn(7, 2, 16), tinytorch.randn(10, 2, 16)).shape
    torch.Size([7, 2, 16])
    """

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = _get_clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        output = tgt
        seq_len = _get_seq_len(tgt, self.layers[0].self_attn.batch_first)
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, seq_len)
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                         tgt_key_padding_mask=tgt_key_padding_mask,
                         memory_key_padding_mask=memory_key_padding_mask,
                         tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder Transformer of "Attention Is All You Need": a
    :class:`TransformerEncoder` of ``num_encoder_layers`` and a :class:`TransformerDecoder` of
    ``num_decoder_layers``, each with a final LayerNorm (or ``custom_encoder`` /
    ``custom_decoder``). Weight matrices are initialised with ``xavier_uniform_``.

    Args:
        d_model (int): the number of expected features in the inputs. Default: 512.
        nhead (int): the number of heads in the attention layers. Default: 8.
        num_encoder_layers (int): the number of encoder layers. Default: 6.
        num_decoder_layers (int): the number of decoder layers. Default: 6.
        dim_feedforward (int): the dimension of the feed-forward network. Default: 2048.
        dropout (float): the dropout value. Default: 0.1.
        activation (str or callable): as in :class:`TransformerEncoderLayer`. Default: relu.
        custom_encoder (Module, optional): used instead of the built encoder.
        custom_decoder (Module, optional): used instead of the built decoder.
        layer_norm_eps (float): the eps of the layer normalisations. Default: 1e-5.
        batch_first (bool): inputs and output are ``(N, S, E)``. Default: ``False``.
        norm_first (bool): pre-norm layers. Default: ``False``.
        bias (bool): biases in the linear and layer-norm layers. Default: ``True``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> model = tinytorch.nn.Transformer(d_model=16, nhead=4, num_encoder_layers=1,
    ...                                  num_decoder_layers=1, dim_feedforward=32,
    ...                                  batch_first=True)
    >>> mask = tinytorch.nn.Transformer.generate_square_subsequent_mask(7)
    >>> model(tinytorch.randn(2, 10, 16), tinytorch.randn(2, 7, 16), tgt_mask=mask).shape
    torch.Size([2, 7, 16])
    """

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                 dim_feedforward=2048, dropout=0.1, activation=F.relu, custom_encoder=None,
                 custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False,
                 bias=True, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        layer_args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                      batch_first, norm_first, bias)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            self.encoder = TransformerEncoder(
                TransformerEncoderLayer(*layer_args, **factory), num_encoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            self.decoder = TransformerDecoder(
                TransformerDecoderLayer(*layer_args, **factory), num_decoder_layers,
                LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **factory))
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
                src_key_padding_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        batch_dim = 0 if self.batch_first else 1
        if src.ndim == 3 and src.shape[batch_dim] != tgt.shape[batch_dim]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """Generate a square causal mask for the
        sequence: 0 on and below the diagonal, ``-inf`` above (a position attends to itself and
        the positions before it).

        Args:
            sz (int): the sequence length.
            device (tinytorch.device, optional): where the mask is created. Default: the CPU.
            dtype (tinytorch.dtype, optional): its dtype. Default: the default dtype.

        Returns:
            Tensor: ``(sz, sz)``.

        >>> import tinytorch
        >>> tinytorch.nn.Transformer.generate_square_subsequent_mask(3)
        tensor([[0., -inf, -inf],
                [0., 0., -inf],
                [0., 0., 0.]])
        """
        return _generate_square_subsequent_mask(sz, device=device, dtype=dtype)

    def _reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                init.xavier_uniform_(p)
