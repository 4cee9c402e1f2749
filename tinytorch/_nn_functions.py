"""The neural-network functions PyTorch also has at the top level (``torch.conv2d``,
``torch.dropout``, ``torch.layer_norm``, ``torch.embedding`` ...), with those spellings'
signatures (some differ from ``torch.nn.functional``'s: ``torch.dropout(input, p, train)``
has no defaults, ``torch.embedding`` takes the weight first, ``torch.batch_norm`` its
arguments in ATen's order; the losses take ATen's integer ``reduction``), each calling the
``tinytorch.nn.functional`` function. The in-place spellings (``torch.celu_``,
``torch.dropout_`` ...) call it with ``inplace=True``."""

from tinytorch._ops import nn_dropout_extra as _dropout
from tinytorch._ops import nn_embedding_bag as _bag
from tinytorch._ops import nn_loss as _loss
from tinytorch._ops._util import int_argument
from tinytorch.nn import functional as F

# the wrappers' examples: name: (the call, after ``tinytorch.``; what it prints)
_EXAMPLES = {
    "dropout": ("dropout(tinytorch.ones(3), 0.5, False)", "tensor([1., 1., 1.])"),
    "alpha_dropout": ("alpha_dropout(tinytorch.ones(3), 0.5, False)", "tensor([1., 1., 1.])"),
    "feature_alpha_dropout": ("feature_alpha_dropout(tinytorch.ones(1, 3), 0.5, False)",
                              "tensor([[1., 1., 1.]])"),
    "layer_norm": ("layer_norm(tinytorch.tensor([[1.0, 3.0]]), [2])",
                   "tensor([[-1.0000,  1.0000]])"),
    "group_norm": ("group_norm(tinytorch.tensor([[1.0, 3.0]]), 1)",
                   "tensor([[-1.0000,  1.0000]])"),
    "batch_norm": ("batch_norm(tinytorch.tensor([[1.0], [3.0]]), None, None, None, None, "
                   "True, 0.1, 1e-5, False)", "tensor([[-1.0000],\n        [ 1.0000]])"),
    "instance_norm": ("instance_norm(tinytorch.tensor([[[1.0, 3.0]]]), None, None, None, None,"
                      " True, 0.1, 1e-5, False)", "tensor([[[-1.0000,  1.0000]]])"),
    "embedding": ("embedding(tinytorch.eye(3), tinytorch.tensor([2, 0]))",
                  "tensor([[0., 0., 1.],\n        [1., 0., 0.]])"),
    "celu": ("celu(tinytorch.tensor([-1.0, 1.0]))", "tensor([-0.6321,  1.0000])"),
    "selu": ("selu(tinytorch.tensor([0.0, 1.0]))", "tensor([0.0000, 1.0507])"),
    "rrelu": ("rrelu(tinytorch.tensor([-3.0, 1.0]), 0.25, 0.25)",
              "tensor([-0.7500,  1.0000])"),
    "threshold": ("threshold(tinytorch.tensor([0.5, 2.0]), 1.0, -1.0)",
                  "tensor([-1.,  2.])"),
    "max_pool1d": ("max_pool1d(tinytorch.tensor([[1.0, 3.0, 2.0, 0.0]]), 2)",
                   "tensor([[3., 2.]])"),
    "max_pool2d": ("max_pool2d(tinytorch.arange(4.0).reshape(1, 2, 2), 2)",
                   "tensor([[[3.]]])"),
    "max_pool3d": ("max_pool3d(tinytorch.arange(8.0).reshape(1, 2, 2, 2), 2)",
                   "tensor([[[[7.]]]])"),
    "adaptive_max_pool1d": ("adaptive_max_pool1d(tinytorch.tensor([[1.0, 3.0]]), 1)",
                            "(tensor([[3.]]), tensor([[1]]))"),
    "constant_pad_nd": ("constant_pad_nd(tinytorch.ones(2), [1, 0], 5.0)",
                        "tensor([5., 1., 1.])"),
    "feature_dropout": ("feature_dropout(tinytorch.ones(1, 3), 0.5, False)",
                        "tensor([[1., 1., 1.]])"),
    "binary_cross_entropy_with_logits": (
        "binary_cross_entropy_with_logits(tinytorch.zeros(2), tinytorch.ones(2), reduction=2)",
        "tensor(1.3863)"),
    "kl_div": ("kl_div(tinytorch.zeros(2), tinytorch.ones(2))", "tensor([0., 0.])"),
    "cosine_embedding_loss": ("cosine_embedding_loss(tinytorch.ones(1, 2), tinytorch.ones(1, 2),"
                              " tinytorch.ones(1))", "tensor([0.])"),
    "margin_ranking_loss": ("margin_ranking_loss(tinytorch.zeros(2), tinytorch.ones(2), "
                            "tinytorch.ones(2), 0.0, 1)", "tensor(1.)"),
    "hinge_embedding_loss": ("hinge_embedding_loss(tinytorch.zeros(2), -tinytorch.ones(2))",
                             "tensor([1., 1.])"),
    "triplet_margin_loss": ("triplet_margin_loss(tinytorch.zeros(1, 2), tinytorch.zeros(1, 2), "
                            "tinytorch.ones(1, 2), reduction=1)", "tensor(0.)"),
    "poisson_nll_loss": ("poisson_nll_loss(tinytorch.zeros(2), tinytorch.ones(2), True, False, "
                         "1e-8, 1)", "tensor(1.)"),
    "ctc_loss": ("ctc_loss(tinytorch.zeros(1, 1, 2), tinytorch.tensor([[1]]), [1], [1])",
                 "tensor([-0.])"),
    "dropout_": ("dropout_(tinytorch.ones(3), 0.5, False)", "tensor([1., 1., 1.])"),
    "alpha_dropout_": ("alpha_dropout_(tinytorch.ones(3), 0.5, False)",
                       "tensor([1., 1., 1.])"),
    "feature_dropout_": ("feature_dropout_(tinytorch.ones(1, 3), 0.5, False)",
                         "tensor([[1., 1., 1.]])"),
    "feature_alpha_dropout_": ("feature_alpha_dropout_(tinytorch.ones(1, 3), 0.5, False)",
                               "tensor([[1., 1., 1.]])"),
}

# ATen's integer reduction (what the top-level losses take): 1 mean, 2 sum, anything else none.
# Their Python default is 0 ("none"), whatever ATen's schema says: torch.kl_div(x, y) is not
# reduced.
_REDUCTIONS = {1: "mean", 2: "sum"}


def _reduction(name, reduction, position):
    reduction = int_argument(reduction, name, "reduction", position)
    return _REDUCTIONS.get(reduction, "none")


def dropout(input, p, train):
    return F.dropout(input, p, train)


def alpha_dropout(input, p, train):
    return F.alpha_dropout(input, p, train)


def feature_alpha_dropout(input, p, train):
    return F.feature_alpha_dropout(input, p, train)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    return F.group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
               cudnn_enabled):
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum,
                  eps, cudnn_enabled):
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats,
                           momentum, eps)


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    return F.embedding(indices, weight, None if padding_idx < 0 else padding_idx,
                       scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def feature_dropout(input, p, train):
    return _dropout.feature_dropout(input, p, train)


def dropout_(input, p, train):
    return F.dropout(input, p, train, inplace=True)


def alpha_dropout_(input, p, train):
    return F.alpha_dropout(input, p, train, inplace=True)


def feature_dropout_(input, p, train):
    return _dropout.feature_dropout(input, p, train, inplace=True)


def feature_alpha_dropout_(input, p, train):
    return F.feature_alpha_dropout(input, p, train, inplace=True)


def celu(input, alpha=1.0):
    return F.celu(input, alpha)


def selu(input):
    return F.selu(input)


def rrelu(input, lower=0.125, upper=1.0 / 3, training=False, generator=None):
    return F.rrelu(input, lower, upper, training)


def threshold(input, threshold, value):
    return F.threshold(input, threshold, value)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    return F.binary_cross_entropy_with_logits(
        input, target, weight, reduction=_reduction("binary_cross_entropy_with_logits",
                                                    reduction, 5), pos_weight=pos_weight)


def kl_div(input, target, reduction=0, *, log_target=False):
    # ATen's kl_div: no warning about "mean" (that is F.kl_div's)
    return _loss.reduce_loss(_loss.KLDiv.apply(input, target, bool(log_target)),
                             _reduction("kl_div", reduction, 3))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    return F.cosine_embedding_loss(input1, input2, target, margin, reduction=_reduction(
        "cosine_embedding_loss", reduction, 5))


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    return F.margin_ranking_loss(input1, input2, target, margin, reduction=_reduction(
        "margin_ranking_loss", reduction, 5))


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    return F.hinge_embedding_loss(input, target, margin, reduction=_reduction(
        "hinge_embedding_loss", reduction, 4))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False,
                        reduction=0):
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                 reduction=_reduction("triplet_margin_loss", reduction, 8))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps,
                              reduction=_reduction("poisson_nll_loss", reduction, 6))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0,
             zero_infinity=False):
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                      _reduction("ctc_loss", reduction, 6), zero_infinity)


def _pool(function):
    def pool(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
        return function(input, kernel_size, stride or None, padding, dilation, ceil_mode)
    return pool


max_pool1d = _pool(F.max_pool1d)
max_pool2d = _pool(F.max_pool2d)
max_pool3d = _pool(F.max_pool3d)


def adaptive_max_pool1d(input, output_size):
    return F.adaptive_max_pool1d(input, output_size, return_indices=True)


def constant_pad_nd(input, pad, value=0):
    return F.pad(input, list(pad), "constant", value)


_SAME = ("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
         "conv_transpose3d", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
         "native_channel_shuffle", "bilinear", "prelu", "hardshrink", "cosine_similarity",
         "pairwise_distance", "pdist", "avg_pool1d", "adaptive_avg_pool1d", "rms_norm",
         "celu_", "selu_", "rrelu_", "threshold_")


# the functional each in-place or ATen-only spelling calls
_CALLS = {"feature_dropout": "dropout2d", "dropout_": "dropout", "alpha_dropout_": "alpha_dropout",
          "feature_dropout_": "dropout2d", "feature_alpha_dropout_": "feature_alpha_dropout"}


def _documented(name, function):
    call, shown = _EXAMPLES[name]
    function.__doc__ = (
        f"PyTorch's ``torch.{name}``: :func:`tinytorch.nn.functional.{_CALLS.get(name, name)}`"
        f"{' in place' if name.endswith('_') else ''}.\n\n"
        f"Args:\n    arguments: as ``torch.{name}``'s (see PyTorch's documentation).\n\n"
        f"Returns:\n    Tensor: the result of the functional.\n\n"
        f">>> import tinytorch\n>>> tinytorch.{call}\n{shown}\n")
    return function


# torch.<name> is torch.nn.functional.<name> (same signature and docstring)
FUNCTIONS = {name: getattr(F, name) for name in _SAME}
FUNCTIONS.update({name: _documented(name, globals()[name]) for name in _EXAMPLES})
FUNCTIONS["embedding_bag"] = _bag.aten_embedding_bag  # its own docstring: it returns four
