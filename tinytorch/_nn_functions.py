"""The neural-network functions PyTorch also has at the top level (``torch.conv2d``,
``torch.dropout``, ``torch.layer_norm``, ``torch.embedding`` ...), with those spellings'
signatures (some differ from ``torch.nn.functional``'s: ``torch.dropout(input, p, train)``
has no defaults, ``torch.embedding`` takes the weight first, ``torch.batch_norm`` its
arguments in ATen's order), each calling the ``tinytorch.nn.functional`` function."""

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
}


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


def celu(input, alpha=1.0):
    return F.celu(input, alpha)


def selu(input):
    return F.selu(input)


def rrelu(input, lower=0.125, upper=1.0 / 3, training=False, generator=None):
    return F.rrelu(input, lower, upper, training)


def threshold(input, threshold, value):
    return F.threshold(input, threshold, value)


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
         "pairwise_distance", "pdist", "avg_pool1d", "adaptive_avg_pool1d")


def _documented(name, function):
    call, shown = _EXAMPLES[name]
    function.__doc__ = (
        f"PyTorch's ``torch.{name}``: :func:`tinytorch.nn.functional.{name}`.\n\n"
        f"Args:\n    arguments: as ``torch.{name}``'s (see PyTorch's documentation).\n\n"
        f"Returns:\n    Tensor: the result of the functional.\n\n"
        f">>> import tinytorch\n>>> tinytorch.{call}\n{shown}\n")
    return function


# torch.<name> is torch.nn.functional.<name> (same signature and docstring)
FUNCTIONS = {name: getattr(F, name) for name in _SAME}
FUNCTIONS.update({name: _documented(name, globals()[name]) for name in _EXAMPLES})
