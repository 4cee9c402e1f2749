"""``tinytorch.nn.functional``: stateless neural-network functions (PyTorch's names,
arguments and defaults). Each one calls an op in ``tinytorch._ops.nn_*``. Their docstrings are
attached from ``_functional_docs.py`` and ``_functional_docs_pool.py``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.relu(tinytorch.tensor([-1.0, 2.0]))
tensor([0., 2.])
"""

import inspect
import warnings

from tinytorch._ops import nn_activation as _act
from tinytorch._ops import nn_attention as _attn
from tinytorch._ops import nn_conv as _conv
from tinytorch._ops import nn_fractional as _fractional
from tinytorch._ops import nn_loss as _loss
from tinytorch._ops import nn_misc as _misc
from tinytorch._ops import nn_norm as _norm
from tinytorch._ops import nn_pool as _pool
from tinytorch._ops import pointwise as _pw
from tinytorch.amp import autocast_mode as _autocast
from tinytorch.nn._multi_head_attention import multi_head_attention_forward  # noqa: F401
from tinytorch._ops import nn_distance as _distance  # lossF
from tinytorch._ops import nn_loss_margin as _loss_margin  # lossF

# --- actE: more activations, channel and alpha dropout, pixel shuffle -------------------------
from tinytorch._ops.nn_activation_extra import celu  # noqa: F401
from tinytorch._ops.nn_activation_extra import glu  # noqa: F401
from tinytorch._ops.nn_activation_extra import hardshrink  # noqa: F401
from tinytorch._ops.nn_activation_extra import hardsigmoid  # noqa: F401
from tinytorch._ops.nn_activation_extra import hardswish  # noqa: F401
from tinytorch._ops.nn_activation_extra import logsigmoid  # noqa: F401
from tinytorch._ops.nn_activation_extra import mish  # noqa: F401
from tinytorch._ops.nn_activation_extra import prelu  # noqa: F401
from tinytorch._ops.nn_activation_extra import rrelu  # noqa: F401
from tinytorch._ops.nn_activation_extra import softmin  # noqa: F401
from tinytorch._ops.nn_activation_extra import softshrink  # noqa: F401
from tinytorch._ops.nn_activation_extra import softsign  # noqa: F401
from tinytorch._ops.nn_activation_extra import tanhshrink  # noqa: F401
from tinytorch._ops.nn_activation_extra import threshold  # noqa: F401
from tinytorch._ops.nn_dropout_extra import alpha_dropout  # noqa: F401
from tinytorch._ops.nn_dropout_extra import dropout1d  # noqa: F401
from tinytorch._ops.nn_dropout_extra import dropout2d  # noqa: F401
from tinytorch._ops.nn_dropout_extra import dropout3d  # noqa: F401
from tinytorch._ops.nn_dropout_extra import feature_alpha_dropout  # noqa: F401
from tinytorch._ops.nn_dropout_extra import pixel_shuffle  # noqa: F401
from tinytorch._ops.nn_dropout_extra import pixel_unshuffle  # noqa: F401

# --- nnJ: instance and local response norm, 1-D adaptive pooling ------------------------------
from tinytorch._ops.nn_norm_extra import instance_norm  # noqa: F401
from tinytorch._ops.nn_norm_extra import local_response_norm  # noqa: F401
from tinytorch._ops import nn_resample as _resample
from tinytorch._ops.nn_adaptive1d import adaptive_avg_pool1d  # noqa: F401
from tinytorch._ops.nn_adaptive1d import adaptive_max_pool1d  # noqa: F401
# --- foldK: sliding blocks -------------------------------------------------------------------
from tinytorch._ops.nn_fold import fold  # noqa: F401
from tinytorch._ops.nn_fold import unfold  # noqa: F401
# --- nnK: bags of embeddings, channel shuffle ------------------------------------------------
from tinytorch._ops.nn_channel_shuffle import channel_shuffle  # noqa: F401
from tinytorch._ops.nn_channel_shuffle import native_channel_shuffle  # noqa: F401
from tinytorch._ops.nn_embedding_bag import embedding_bag  # noqa: F401
# vol3D: 3-D convolution and pooling
from tinytorch._ops import nn_vol3d as _vol3d
from tinytorch._ops.nn_vol3d import adaptive_avg_pool3d  # noqa: F401
from tinytorch._ops.nn_vol3d import adaptive_max_pool3d  # noqa: F401
from tinytorch._ops.nn_vol3d import avg_pool3d  # noqa: F401
from tinytorch._ops.nn_vol3d import max_pool3d  # noqa: F401
# --- normL: RMS norm, Gumbel-softmax, LP pooling, max unpooling -------------------------------
from tinytorch._ops.nn_gumbel import gumbel_softmax  # noqa: F401
from tinytorch._ops.nn_norm import rms_norm  # noqa: F401
from tinytorch._ops.nn_pool_extra import lp_pool1d  # noqa: F401
from tinytorch._ops.nn_pool_extra import lp_pool2d  # noqa: F401
from tinytorch._ops.nn_pool_extra import lp_pool3d  # noqa: F401
from tinytorch._ops.nn_pool_extra import max_unpool1d  # noqa: F401
from tinytorch._ops.nn_pool_extra import max_unpool2d  # noqa: F401
from tinytorch._ops.nn_pool_extra import max_unpool3d  # noqa: F401
# --- gridS: spatial transformers ------------------------------------------------------------
from tinytorch._ops.nn_grid_sample import affine_grid  # noqa: F401
from tinytorch._ops.nn_grid_sample import grid_sample  # noqa: F401


# --- activations -------------------------------------------------------------------------------
def relu(input, inplace=False):
    return _act.relu(input, inplace)


def relu6(input, inplace=False):
    return _act.hardtanh(input, 0.0, 6.0, inplace)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _act.hardtanh(input, min_val, max_val, inplace)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _act.leaky_relu(input, negative_slope, inplace)


def elu(input, alpha=1.0, inplace=False):
    return _act.elu(input, alpha, inplace)


def selu(input, inplace=False):
    return _act.selu(input, inplace)


def gelu(input, approximate="none"):
    return _act.gelu(input, approximate)


def silu(input, inplace=False):
    return _act.silu(input, inplace)


def softplus(input, beta=1.0, threshold=20.0):
    if _autocast.on:
        (input,) = _autocast.cast("softplus", input)
    return _act.softplus(input, beta, threshold)


def sigmoid(input):
    return _pw.sigmoid(input)


def tanh(input):
    return _pw.tanh(input)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if _autocast.on:
        dtype = _autocast.opt_dtype("softmax", input, dtype)
    return _act.softmax(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
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
    if _autocast.on:
        input, weight, bias = _autocast.cast("linear", input, weight, bias)
    return _misc.linear(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    return _misc.bilinear(input1, input2, weight, bias)


def dropout(input, p=0.5, training=True, inplace=False):
    return _misc.dropout(input, p, training, inplace)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    return _misc.embedding(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq,
                           sparse)


def one_hot(tensor, num_classes=-1):
    return _misc.one_hot(tensor, num_classes)


def pad(input, pad, mode="constant", value=None):
    return _misc.pad(input, pad, mode, value)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    return _misc.normalize(input, p, dim, eps, out)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    if _autocast.on:
        x1, x2 = _autocast.cast("cosine_similarity", x1, x2)
    return _misc.cosine_similarity(x1, x2, dim, eps)


# --- convolution --------------------------------------------------------------------------------
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv1d", input, weight, bias)
    return _conv.conv1d(input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv2d", input, weight, bias)
    return _conv.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv_transpose2d", input, weight, bias)
    return _conv.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups,
                                  dilation)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv3d", input, weight, bias)
    return _vol3d.conv3d(input, weight, bias, stride, padding, dilation, groups)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv_transpose3d", input, weight, bias)
    return _vol3d.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups,
                                   dilation)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    if _autocast.on:
        input, weight, bias = _autocast.cast("conv_transpose1d", input, weight, bias)
    return _conv.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups,
                                  dilation)


# --- pooling and upsampling --------------------------------------------------------------------
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _pool.max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                          return_indices, 1)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    return _pool.max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                          return_indices, 2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    return _pool.avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                          None, 1)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    return _pool.avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                          divisor_override, 2)


def adaptive_avg_pool2d(input, output_size):
    return _pool.adaptive_avg_pool2d(input, output_size)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    return _pool.adaptive_max_pool2d(input, output_size, return_indices)


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
                           return_indices=False, _random_samples=None):
    return _fractional.fractional_max_pool(input, kernel_size, output_size, output_ratio,
                                           return_indices, _random_samples, 2)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
                           return_indices=False, _random_samples=None):
    return _fractional.fractional_max_pool(input, kernel_size, output_size, output_ratio,
                                           return_indices, _random_samples, 3)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    if _autocast.on:
        (input,) = _autocast.cast("interpolate", input)
    return _resample.interpolate(input, size, scale_factor, mode, align_corners,
                                 recompute_scale_factor, antialias)


def _deprecated_upsample(name):
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` "
                  f"instead.", UserWarning, stacklevel=3)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    _deprecated_upsample("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_bilinear(input, size=None, scale_factor=None):
    _deprecated_upsample("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def upsample_nearest(input, size=None, scale_factor=None):
    _deprecated_upsample("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


# --- normalisation ------------------------------------------------------------------------------
def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    return _norm.batch_norm(input, running_mean, running_var, weight, bias, training, momentum,
                            eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if _autocast.on:
        input, weight, bias = _autocast.cast("layer_norm", input, weight, bias)
    return _norm.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    if _autocast.on:
        input, weight, bias = _autocast.cast("group_norm", input, weight, bias)
    return _norm.group_norm(input, num_groups, weight, bias, eps)


# --- losses (reduction: 'none' | 'mean' | 'sum') -------------------------------------------------
def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0):
    if _autocast.on:
        input, target, weight = _autocast.cast("cross_entropy", input, target, weight)
    return _loss.cross_entropy(input, target, weight, ignore_index,
                               _loss.legacy_reduction(size_average, reduce, reduction),
                               label_smoothing)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    if _autocast.on:
        input, target, weight = _autocast.cast("nll_loss", input, target, weight)
    return _loss.nll_loss(input, target, weight, ignore_index,
                          _loss.legacy_reduction(size_average, reduce, reduction))


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    if _autocast.on:
        input, target, weight = _autocast.cast("mse_loss", input, target, weight)
    return _loss.mse_loss(input, target, _loss.legacy_reduction(size_average, reduce, reduction),
                          weight)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    if _autocast.on:
        input, target, weight = _autocast.cast("l1_loss", input, target, weight)
    return _loss.l1_loss(input, target, _loss.legacy_reduction(size_average, reduce, reduction),
                         weight)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    if _autocast.on:
        input, target = _autocast.cast("smooth_l1_loss", input, target)
    return _loss.smooth_l1_loss(input, target,
                                _loss.legacy_reduction(size_average, reduce, reduction), beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    if _autocast.on:
        input, target, weight = _autocast.cast("huber_loss", input, target, weight)
    return _loss.huber_loss(input, target, reduction, delta, weight)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    if _autocast.on:
        input, target, weight = _autocast.cast("binary_cross_entropy", input, target, weight)
    return _loss.binary_cross_entropy(input, target, weight,
                                      _loss.legacy_reduction(size_average, reduce, reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    if _autocast.on:
        input, target, weight, pos_weight = _autocast.cast(
            "binary_cross_entropy_with_logits", input, target, weight, pos_weight)
    return _loss.binary_cross_entropy_with_logits(
        input, target, weight, _loss.legacy_reduction(size_average, reduce, reduction),
        pos_weight)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    if _autocast.on:
        input, target = _autocast.cast("kl_div", input, target)
    reduction = _loss.legacy_reduction(size_average, reduce, reduction)
    return _loss.kl_div(input, target, reduction, log_target)


# --- lossF: margin, embedding and likelihood losses, distances ---------------------------------
def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):
    return _loss_margin.margin_ranking_loss(
        input1, input2, target, margin, _loss.legacy_reduction(size_average, reduce, reduction))


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    return _loss_margin.hinge_embedding_loss(
        input, target, margin, _loss.legacy_reduction(size_average, reduce, reduction))


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _loss_margin.soft_margin_loss(
        input, target, _loss.legacy_reduction(size_average, reduce, reduction))


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    return _loss_margin.multilabel_soft_margin_loss(
        input, target, weight, _loss.legacy_reduction(size_average, reduce, reduction))


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):
    return _loss_margin.cosine_embedding_loss(
        input1, input2, target, margin, _loss.legacy_reduction(size_average, reduce, reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    return _loss_margin.triplet_margin_loss(
        anchor, positive, negative, margin, p, eps, swap,
        _loss.legacy_reduction(size_average, reduce, reduction))


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    return _loss_margin.triplet_margin_with_distance_loss(
        anchor, positive, negative, distance_function, margin, swap, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    return _loss_margin.poisson_nll_loss(
        input, target, log_input, full, eps, _loss.legacy_reduction(size_average, reduce,
                                                                     reduction))


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    return _loss_margin.gaussian_nll_loss(input, target, var, full, eps, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    return _loss_margin.multi_margin_loss(
        input, target, p, margin, weight, _loss.legacy_reduction(size_average, reduce, reduction))


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _loss_margin.multilabel_margin_loss(
        input, target, _loss.legacy_reduction(size_average, reduce, reduction))


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    return _distance.pairwise_distance(x1, x2, p, eps, keepdim)


def pdist(input, p=2):
    return _distance.pdist(input, p)

# CTC loss
from tinytorch._ops.nn_loss_ctc import ctc_loss  # noqa: E402,F401


# --- spellS: the in-place activations (F.relu_ ...), each F.<name>(..., inplace=True) --------
def _inplace_form(function, example_args):
    """``F.<name>_``: ``function`` with ``inplace=True``, its signature less ``inplace``."""
    def inplace(*args, **kwargs):
        return function(*args, inplace=True, **kwargs)
    name = function.__name__ + "_"
    signature = inspect.signature(function)
    inplace.__signature__ = signature.replace(parameters=[
        p for p in signature.parameters.values() if p.name != "inplace"])
    inplace.__name__ = inplace.__qualname__ = name
    inplace.__doc__ = (
        f"In-place version of :func:`{function.__name__}`: ``{function.__name__}(input, ..., "
        f"inplace=True)``.\n\nArgs:\n    input (Tensor): the tensor changed in place.\n"
        f"    others: the other arguments of :func:`{function.__name__}` (but ``inplace``).\n\n"
        f"Returns:\n    Tensor: ``input``.\n\n"
        ">>> x = tinytorch.tensor([-1.0, 2.0])\n"
        f">>> tinytorch.nn.functional.{name}(x{example_args}) is x\nTrue\n")
    return inplace


for _function, _example_args in ((relu, ""), (elu, ""), (leaky_relu, ""), (hardtanh, ""),
                                 (celu, ""), (selu, ""), (rrelu, ""), (threshold, ", 0.0, 5.0")):
    globals()[_function.__name__ + "_"] = _inplace_form(_function, _example_args)
del _function, _example_args


# --- spellS: max_pool2d_with_indices ...: the pooling with return_indices=True --------------
def _with_indices(function, example):
    """``F.<name>_with_indices``: ``function`` with ``return_indices=True`` (as PyTorch's, it
    keeps that argument and ignores it)."""
    signature = inspect.signature(function)

    def with_indices(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.arguments["return_indices"] = True
        return function(*bound.args, **bound.kwargs)
    name = function.__name__ + "_with_indices"
    with_indices.__signature__ = signature
    with_indices.__name__ = with_indices.__qualname__ = name
    with_indices.__doc__ = (
        f":func:`{function.__name__}` with ``return_indices=True``: the pooled values and the "
        f"flat indices of the maxima.\n\nArgs:\n    input (Tensor): the input.\n"
        f"    others: the arguments of :func:`{function.__name__}` (``return_indices`` is "
        f"ignored).\n\nReturns:\n    tuple: ``(output, indices)``.\n\n"
        f">>> out, indices = tinytorch.nn.functional.{name}({example})\n"
        f">>> indices.dtype\ntinytorch.int64\n")
    return with_indices


for _function, _example in (
        (max_pool1d, "tinytorch.rand(1, 4), 2"), (max_pool2d, "tinytorch.rand(1, 4, 4), 2"),
        (max_pool3d, "tinytorch.rand(1, 2, 2, 2), 2"),
        (adaptive_max_pool1d, "tinytorch.rand(1, 4), 2"),
        (adaptive_max_pool2d, "tinytorch.rand(1, 4, 4), 2"),
        (adaptive_max_pool3d, "tinytorch.rand(1, 2, 2, 2), 1"),
        (fractional_max_pool2d, "tinytorch.rand(1, 4, 4), 2, 2"),
        (fractional_max_pool3d, "tinytorch.rand(1, 4, 4, 4), 2, 2")):
    globals()[_function.__name__ + "_with_indices"] = _with_indices(_function, _example)
del _function, _example
