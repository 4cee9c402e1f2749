"""``tinytorch.nn.functional``: stateless neural-network functions (PyTorch's names,
arguments and defaults). Each one calls an op in ``tinytorch._ops.nn_*``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.relu(tinytorch.tensor([-1.0, 2.0]))
tensor([0., 2.])
"""

from tinytorch._ops import nn_activation as _act
from tinytorch._ops import nn_attention as _attn
from tinytorch._ops import nn_conv as _conv
from tinytorch._ops import nn_loss as _loss
from tinytorch._ops import nn_misc as _misc
from tinytorch._ops import nn_norm as _norm
from tinytorch._ops import nn_pool as _pool
from tinytorch._ops import pointwise as _pw
from tinytorch.amp import autocast_mode as _autocast
from tinytorch.nn._multi_head_attention import multi_head_attention_forward  # noqa: F401


# --- activations -------------------------------------------------------------------------------
def relu(input, inplace=False):
    """max(x, 0) elementwise."""
    return _act.relu(input, inplace)


def relu6(input, inplace=False):
    """min(max(x, 0), 6) elementwise."""
    return _act.hardtanh(input, 0.0, 6.0, inplace)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """x clamped to [min_val, max_val]; gradient zero outside."""
    return _act.hardtanh(input, min_val, max_val, inplace)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x if x > 0 else negative_slope * x."""
    return _act.leaky_relu(input, negative_slope, inplace)


def elu(input, alpha=1.0, inplace=False):
    """x if x > 0 else alpha * (exp(x) - 1)."""
    return _act.elu(input, alpha, inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalising constants."""
    return _act.selu(input, inplace)


def gelu(input, approximate="none"):
    """x * Φ(x) (``approximate='tanh'``: the tanh approximation).

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.gelu(tinytorch.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8413])
    """
    return _act.gelu(input, approximate)


def silu(input, inplace=False):
    """x * sigmoid(x)."""
    return _act.silu(input, inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold."""
    if _autocast.on:
        (input,) = _autocast.cast("softplus", input)
    return _act.softplus(input, beta, threshold)


def sigmoid(input):
    """1 / (1 + exp(-x))."""
    return _pw.sigmoid(input)


def tanh(input):
    """Hyperbolic tangent."""
    return _pw.tanh(input)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / Σ exp(x) along ``dim`` (cast to ``dtype`` first when given).

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.softmax(tinytorch.tensor([0.0, 0.0]), dim=0)
    tensor([0.5000, 0.5000])
    """
    if _autocast.on:
        dtype = _autocast.opt_dtype("softmax", input, dtype)
    return _act.softmax(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - log Σ exp(x) along ``dim``, computed stably (max-shifted)."""
    if _autocast.on:
        dtype = _autocast.opt_dtype("log_softmax", input, dtype)
    return _act.log_softmax(input, dim, dtype)


# --- attention ---------------------------------------------------------------------------------
def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, *, scale=None, enable_gqa=False):
    """softmax(query @ keyᵀ · scale + mask) @ value over the last two dims; leading dims
    broadcast. A row whose keys are all masked gives zeros (PyTorch 2.13's rule).

    Args:
        query: ``(..., L, E)``; key: ``(..., S, E)``; value: ``(..., S, Ev)``.
        attn_mask: bool (True = takes part) or float (added to the scores), broadcastable
            to ``(..., L, S)``.
        dropout_p: dropout on the attention weights, applied whatever the mode (pass 0.0
            in eval).
        is_causal: mask out keys after each query (top-left aligned); no ``attn_mask`` then.
        scale: default ``1 / sqrt(E)``.
        enable_gqa: key/value may have fewer heads (dim -3) than query, each shared by
            ``query.size(-3) // key.size(-3)`` query heads.

    Returns:
        ``(..., L, Ev)``.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> q = tinytorch.ones(2, 4, 3, 8)
    >>> F.scaled_dot_product_attention(q, q, q, is_causal=True).shape
    torch.Size([2, 4, 3, 8])
    """
    return _attn.scaled_dot_product_attention(query, key, value, attn_mask, dropout_p,
                                              is_causal, scale, enable_gqa)


# --- linear, dropout, embedding, padding ------------------------------------------------------
def linear(input, weight, bias=None):
    """input @ weight.T + bias; weight is (out_features, in_features).

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.linear(tinytorch.ones(2, 3), tinytorch.ones(4, 3)).shape
    torch.Size([2, 4])
    """
    if _autocast.on:
        input, weight, bias = _autocast.cast("linear", input, weight, bias)
    return _misc.linear(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """y_o = input1ᵀ weight[o] input2 + bias[o]; weight is (out, in1, in2)."""
    return _misc.bilinear(input1, input2, weight, bias)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability ``p`` and scale the rest by 1/(1-p) (training only).

    Raises:
        ValueError: ``p`` is outside [0, 1].
    """
    return _misc.dropout(input, p, training, inplace)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """Rows of the 2-D ``weight`` at the integer ``input``.

    Args:
        padding_idx: the row at this index gets no gradient.
        max_norm: if given, first rescale (in place, without recording a gradient) each row
            of ``weight`` that ``input`` refers to and whose ``norm_type``-norm exceeds
            ``max_norm`` to norm ``max_norm``.
        norm_type: the p of the p-norm for ``max_norm``.
        scale_grad_by_freq: divide each row's gradient by how often its index occurs in
            ``input``.
        sparse: sparse gradients are not supported (tinytorch has no sparse tensors).

    Raises:
        NotImplementedError: ``sparse=True``.
        IndexError: an index is outside ``[0, weight.shape[0])``.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> w = tinytorch.tensor([[3.0, 4.0], [0.3, 0.4]])
    >>> F.embedding(tinytorch.tensor([0, 0]), w, max_norm=1.0)
    tensor([[0.6000, 0.8000],
            [0.6000, 0.8000]])
    >>> w[0]
    tensor([0.6000, 0.8000])
    """
    return _misc.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq,
                           sparse)


def one_hot(tensor, num_classes=-1):
    """int64 one-hot encoding with a trailing class dim (``num_classes=-1``: max + 1).

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.one_hot(tinytorch.tensor([0, 2]), 3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    return _misc.one_hot(tensor, num_classes)


def pad(input, pad, mode="constant", value=None):
    """Pad the last len(pad)//2 dims: ``pad = (left, right, top, bottom, ...)`` from the last
    dim backwards. ``mode``: 'constant' (with ``value``; negative widths crop), 'reflect',
    'replicate' or 'circular'."""
    return _misc.pad(input, pad, mode, value)


def normalize(input, p=2.0, dim=1, eps=1e-12):
    """input / max(‖input‖_p along dim, eps)."""
    return _misc.normalize(input, p, dim, eps)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """Σ (x1/max(‖x1‖, eps)) (x2/max(‖x2‖, eps)) along ``dim``."""
    if _autocast.on:
        x1, x2 = _autocast.cast("cosine_similarity", x1, x2)
    return _misc.cosine_similarity(x1, x2, dim, eps)


# --- convolution --------------------------------------------------------------------------------
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D cross-correlation of (N, C, L) with weight (O, C/groups, k)."""
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv1d", input, weight, bias)
    return _conv.conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation of (N, C, H, W) with weight (O, C/groups, kH, kW).

    ``padding`` is an int, a pair, ``'valid'`` or ``'same'`` (stride 1 only).

    Raises:
        RuntimeError: the input's channels do not match ``weight.shape[1] * groups``, the input
            is not 3-D or 4-D, or the kernel is larger than the padded input.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.conv2d(tinytorch.ones(1, 1, 4, 4), tinytorch.ones(2, 1, 3, 3)).shape
    torch.Size([1, 2, 2, 2])
    """
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv2d", input, weight, bias)
    return _conv.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed 2-D convolution (the gradient of conv2d); weight is (C_in, O/groups, kH, kW)."""
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv_transpose2d", input, weight, bias)
    return _conv.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups,
                                  dilation)


# --- pooling and upsampling --------------------------------------------------------------------
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Max over sliding windows of (N, C, L); ties go to the first maximum."""
    return _pool.max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                          return_indices, 1)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """Max over sliding windows of (N, C, H, W) (stride defaults to the kernel size).

    The gradient goes to the first maximum of each window, as in PyTorch; ``return_indices``
    also returns each maximum's flat index in its H*W plane.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.max_pool2d(tinytorch.arange(16.0).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    return _pool.max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                          return_indices, 2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """Mean over sliding windows of (N, C, L)."""
    return _pool.avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                          None, 1)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """Mean over sliding windows of (N, C, H, W)."""
    return _pool.avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                          divisor_override, 2)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed output size (None keeps that input size)."""
    return _pool.adaptive_avg_pool2d(input, output_size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a fixed output size."""
    return _pool.adaptive_max_pool2d(input, output_size, return_indices)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize (N, C, [H,] W) with ``mode='nearest'`` or ``'bilinear'`` (4-D); give either
    ``size`` or ``scale_factor``. Source coordinates use in/out size ratios."""
    if _autocast.on:
        (input,) = _autocast.cast("interpolate", input)
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported")
    return _pool.interpolate(input, size, scale_factor, mode, align_corners)


# --- normalisation ------------------------------------------------------------------------------
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel of ``(N, C, *)`` with batch statistics (training; the running
    statistics are updated in place with ``momentum``, the variance unbiased) or with the
    running statistics (eval)."""
    return _norm.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                            eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the trailing ``normalized_shape`` dims, then scale and shift."""
    if _autocast.on:
        input, weight, bias = _autocast.cast("layer_norm", input, weight, bias)
    return _norm.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise ``(N, C, *)`` over groups of C/num_groups channels, then a per-channel affine."""
    if _autocast.on:
        input, weight, bias = _autocast.cast("group_norm", input, weight, bias)
    return _norm.group_norm(input, num_groups, weight, bias, eps)


# --- losses (reduction: 'none' | 'mean' | 'sum') -------------------------------------------------
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy of logits ``(N, C, *)`` with class indices ``(N, *)`` or class
    probabilities ``(N, C, *)``. 'mean' over class indices divides by the summed weights of the
    non-ignored targets.

    Raises:
        ValueError: batch sizes differ, or ``reduction`` is not a valid value.
        IndexError: a target class is out of range.

    >>> import tinytorch
    >>> import tinytorch.nn.functional as F
    >>> F.cross_entropy(tinytorch.zeros(2, 4), tinytorch.tensor([0, 3]))
    tensor(1.3863)
    """
    if _autocast.on:
        input, target, weight = _autocast.cast("cross_entropy", input, target, weight)
    return _loss.cross_entropy(input, target, weight, ignore_index,
                               _loss.legacy_reduction(size_average, reduce, reduction),
                               label_smoothing)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log-likelihood of log-probabilities ``(N, C, *)`` at class indices ``(N, *)``."""
    if _autocast.on:
        input, target, weight = _autocast.cast("nll_loss", input, target, weight)
    return _loss.nll_loss(input, target, weight, ignore_index,
                          _loss.legacy_reduction(size_average, reduce, reduction))


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """(input - target)²."""
    if _autocast.on:
        input, target, weight = _autocast.cast("mse_loss", input, target, weight)
    return _loss.mse_loss(input, target, _loss.legacy_reduction(size_average, reduce, reduction),
                          weight)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """``|input - target|``."""
    if _autocast.on:
        input, target, weight = _autocast.cast("l1_loss", input, target, weight)
    return _loss.l1_loss(input, target, _loss.legacy_reduction(size_average, reduce, reduction),
                         weight)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """``0.5 d²/beta`` where ``|d| < beta``, else ``|d| - 0.5 beta`` (``d = input - target``)."""
    if _autocast.on:
        input, target = _autocast.cast("smooth_l1_loss", input, target)
    return _loss.smooth_l1_loss(input, target,
                                _loss.legacy_reduction(size_average, reduce, reduction), beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """``0.5 d²`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``."""
    if _autocast.on:
        input, target, weight = _autocast.cast("huber_loss", input, target, weight)
    return _loss.huber_loss(input, target, reduction, delta, weight)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-(y log p + (1 - y) log(1 - p)) with the logs clamped at -100.

    Raises:
        ValueError: target and input sizes differ.
        RuntimeError: an input is outside [0, 1].
    """
    if _autocast.on:
        input, target, weight = _autocast.cast("binary_cross_entropy", input, target, weight)
    return _loss.binary_cross_entropy(input, target, weight,
                                      _loss.legacy_reduction(size_average, reduce, reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Binary cross-entropy of sigmoid(input), computed stably from the logits."""
    if _autocast.on:
        input, target, weight, pos_weight = _autocast.cast(
            "binary_cross_entropy_with_logits", input, target, weight, pos_weight)
    return _loss.binary_cross_entropy_with_logits(
        input, target, weight, _loss.legacy_reduction(size_average, reduce, reduction),
        pos_weight)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """target * (log target - input), input being log-probabilities; ``reduction`` may also be
    'batchmean' (sum / batch size)."""
    if _autocast.on:
        input, target = _autocast.cast("kl_div", input, target)
    reduction = _loss.legacy_reduction(size_average, reduce, reduction)
    return _loss.kl_div(input, target, reduction, log_target)
