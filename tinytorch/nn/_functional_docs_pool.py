"""Docstrings of ``tinytorch.nn.functional``'s pooling, resizing, normalisation and loss
functions (the rest are in ``tinytorch/nn/_functional_docs.py``). Imported once from
``tinytorch.nn``.
"""

from tinytorch.nn import functional as F
from tinytorch._tensor_docs import add_docstr

_POOL_ARGS = """kernel_size (int or tuple): the size of the window.
    stride (int or tuple, optional): the stride of the window. Default: ``kernel_size``.
    padding (int or tuple): implicit padding on both sides (at most half the kernel size).
        Default: 0."""
_CEIL = """ceil_mode (bool): use ceil instead of floor to compute the output size.
        Default: ``False``."""
_INDICES = """return_indices (bool): also return the position of each maximum (its flat
        index in the input's spatial plane). Default: ``False``."""
_POOL_RAISES = """Raises:
    RuntimeError: the input's dimensions are wrong, the padding exceeds half the kernel, or
        the output would be empty."""


def _pool_doc(summary, args, returns, example, output):
    return f"""{summary}

Args:
    {args}

Returns:
    {returns}

{_POOL_RAISES}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> {example}
{output}
"""


add_docstr(F.max_pool1d, _pool_doc(
    "Applies a 1-D max pooling over an input signal of several input planes. The gradient\n"
    "goes to the first maximum of each window, as in PyTorch.",
    "input (Tensor): ``(N, C, L)`` or ``(C, L)``.\n    " + _POOL_ARGS
    + "\n    dilation (int or tuple): the spacing between window elements. Default: 1.\n    "
    + _CEIL + "\n    " + _INDICES,
    "Tensor or (Tensor, Tensor): ``(N, C, L_out)``, and the int64 indices with\n"
    "    ``return_indices``.",
    "F.max_pool1d(tinytorch.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)", "tensor([[[3., 5.]]])"))
add_docstr(F.max_pool2d, _pool_doc(
    "Applies a 2-D max pooling over an input image of several input planes. The gradient\n"
    "goes to the first maximum of each window, as in PyTorch.",
    "input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.\n    " + _POOL_ARGS
    + "\n    dilation (int or tuple): the spacing between window elements. Default: 1.\n    "
    + _CEIL + "\n    " + _INDICES,
    "Tensor or (Tensor, Tensor): ``(N, C, H_out, W_out)``, and the int64 indices with\n"
    "    ``return_indices``.",
    "F.max_pool2d(tinytorch.arange(16.0).reshape(1, 1, 4, 4), 2)",
    "tensor([[[[ 5.,  7.],\n          [13., 15.]]]])"))
add_docstr(F.avg_pool1d, _pool_doc(
    "Applies a 1-D average pooling over an input signal of several input planes.",
    "input (Tensor): ``(N, C, L)`` or ``(C, L)``.\n    " + _POOL_ARGS + "\n    " + _CEIL
    + "\n    count_include_pad (bool): count the zero padding in the average. Default: ``True``.",
    "Tensor: ``(N, C, L_out)``.",
    "F.avg_pool1d(tinytorch.tensor([[[1.0, 3.0, 2.0, 6.0]]]), 2)", "tensor([[[2., 4.]]])"))
add_docstr(F.avg_pool2d, _pool_doc(
    "Applies a 2-D average pooling over an input image of several input planes.",
    "input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.\n    " + _POOL_ARGS + "\n    " + _CEIL
    + "\n    count_include_pad (bool): count the zero padding in the average. Default: ``True``."
    + "\n    divisor_override (int, optional): divide each window's sum by this instead."
    + "\n        Default: None.",
    "Tensor: ``(N, C, H_out, W_out)``.",
    "F.avg_pool2d(tinytorch.arange(16.0).reshape(1, 1, 4, 4), 2)",
    "tensor([[[[ 2.5000,  4.5000],\n          [10.5000, 12.5000]]]])"))
add_docstr(F.adaptive_avg_pool2d, """Applies a 2-D adaptive average pooling: the windows are
chosen so that the output has size ``output_size``, whatever the input's.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    output_size (int or tuple): the output's ``(H_out, W_out)``; an int for both, ``None`` in
        the tuple keeps that input size.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.adaptive_avg_pool2d(tinytorch.arange(16.0).reshape(1, 1, 4, 4), 1)
tensor([[[[7.5000]]]])
>>> F.adaptive_avg_pool2d(tinytorch.ones(1, 3, 8, 6), (2, None)).shape
torch.Size([1, 3, 2, 6])
""")
add_docstr(F.adaptive_max_pool2d, """Applies a 2-D adaptive max pooling: the windows are
chosen so that the output has size ``output_size``, whatever the input's.

Args:
    input (Tensor): ``(N, C, H, W)`` or ``(C, H, W)``.
    output_size (int or tuple): the output's ``(H_out, W_out)``; an int for both, ``None`` in
        the tuple keeps that input size.
    return_indices (bool): also return the flat index of each maximum in its ``H * W``
        plane. Default: ``False``.

Returns:
    Tensor or (Tensor, Tensor): ``(N, C, H_out, W_out)``, and the int64 indices with
    ``return_indices``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.adaptive_max_pool2d(tinytorch.arange(16.0).reshape(1, 1, 4, 4), 2)
tensor([[[[ 5.,  7.],
          [13., 15.]]]])
""")

_FRACTIONAL = """Applies a {d}-D fractional max pooling (Graham, 2014): windows of
``kernel_size`` at pseudo-random starts, as PyTorch's CPU kernel places them. For each plane
and spatial dim, with one sample ``u`` in [0, 1) and ``alpha = (n - k) / (out - 1)``, window
``i`` starts at ``int((i + u) * alpha) - int(u * alpha)``, the last at ``n - k``.

Args:
    input (Tensor): ``(N, C, {sizes})`` or ``(C, {sizes})``.
    kernel_size (int or tuple): the window's size.
    output_size (int or tuple): the output's spatial size.
    output_ratio (float or tuple): the output's size as a fraction of the input's, if
        ``output_size`` is not given.
    return_indices (bool): also return the flat index of each maximum in its plane.
        Default: ``False``.
    _random_samples (Tensor): ``(N, C, {d})`` samples in ``input``'s dtype; drawn from the
        generator (uniform in [0, 1)) if not given.

Returns:
    Tensor or (Tensor, Tensor): the pooled values, and the int64 indices with
    ``return_indices``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> x = tinytorch.arange({numel}.0).reshape({shape})
>>> u = tinytorch.full((1, 1, {d}), 0.5)
>>> F.fractional_max_pool{d}d(x, 2, output_size=2, _random_samples=u)
{result}
"""
add_docstr(F.fractional_max_pool2d, _FRACTIONAL.format(
    d=2, sizes="H, W", numel=25, shape="1, 1, 5, 5",
    result="tensor([[[[ 6.,  9.],\n          [21., 24.]]]])"))
add_docstr(F.fractional_max_pool3d, _FRACTIONAL.format(
    d=3, sizes="T, H, W", numel=64, shape="1, 1, 4, 4, 4",
    result="tensor([[[[[21., 23.],\n           [29., 31.]],\n<BLANKLINE>\n          [[53., 55.],\n"
           "           [61., 63.]]]]])"))

add_docstr(F.interpolate, """Down/up samples ``input`` to the given ``size`` or by
``scale_factor``, with PyTorch's source-index rules: a given ``scale_factor`` is used as the
ratio (unless ``recompute_scale_factor=True``, or mode ``'area'``), a given ``size`` uses the
input/output size ratio.

Modes: ``'nearest'``, ``'nearest-exact'`` and ``'area'`` on 3-D, 4-D and 5-D input,
``'linear'`` on 3-D, ``'bilinear'`` and ``'bicubic'`` on 4-D, ``'trilinear'`` on 5-D; every
mode is differentiable, twice too (one interpolation matrix per spatial dim, applied with
matmul).

Args:
    input (Tensor): ``(N, C, W)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    size (int or tuple, optional): the output's spatial size.
    scale_factor (float or tuple, optional): the multiplier of the spatial size (give it or
        ``size``, not both).
    mode (str): one of the modes above. Default: ``'nearest'``.
    align_corners (bool, optional): for the interpolating modes (linear, bilinear, bicubic,
        trilinear), align the corner pixels' centres rather than their edges. Default:
        ``None`` (``False``).
    recompute_scale_factor (bool, optional): compute the ratio from the output size even when
        ``scale_factor`` is given. Default: ``None``.
    antialias (bool): for bilinear and bicubic on 4-D input, PyTorch's antialiasing (PIL's
        filters, stretched by the factor when shrinking). Default: ``False``.

Returns:
    Tensor: ``(N, C, *size)``.

Raises:
    NotImplementedError: an unknown mode, or a mode on an input rank it does not take
        (PyTorch's messages); ``antialias=True`` for a uint8 image.
    ValueError: ``antialias=True`` with another mode or rank, both or neither of ``size``
        and ``scale_factor``, sizes of the wrong length,
        ``recompute_scale_factor`` with ``size``, or ``align_corners`` with a non-interpolating
        mode.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.interpolate(tinytorch.tensor([[[1.0, 2.0]]]), scale_factor=2)
tensor([[[1., 1., 2., 2.]]])
>>> F.interpolate(tinytorch.ones(1, 1, 2, 2), size=(3, 5), mode="bilinear").shape
torch.Size([1, 1, 3, 5])
""")

add_docstr(F.upsample, """Deprecated: :func:`interpolate` with the same arguments, after
PyTorch's warning.

Args:
    input (Tensor): ``(N, C, W)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    size (int or tuple, optional): the output's spatial size.
    scale_factor (float or tuple, optional): the multiplier of the spatial size.
    mode (str): as :func:`interpolate`'s. Default: ``'nearest'``.
    align_corners (bool, optional): as :func:`interpolate`'s.

Returns:
    Tensor: :func:`interpolate`'s result.

Raises:
    ValueError: as :func:`interpolate`.
    NotImplementedError: as :func:`interpolate`.

>>> import warnings
>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     F.upsample(tinytorch.tensor([[[1.0, 2.0]]]), scale_factor=2)
tensor([[[1., 1., 2., 2.]]])
""")

add_docstr(F.upsample_bilinear, """Deprecated: ``interpolate(input, size, scale_factor,
mode='bilinear', align_corners=True)``, after PyTorch's warning.

Args:
    input (Tensor): ``(N, C, H, W)``.
    size (int or tuple, optional): the output's spatial size.
    scale_factor (float or tuple, optional): the multiplier of the spatial size.

Returns:
    Tensor: ``(N, C, H_out, W_out)``.

Raises:
    ValueError: as :func:`interpolate`.
    NotImplementedError: as :func:`interpolate`.

>>> import warnings
>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     F.upsample_bilinear(tinytorch.tensor([[[[0.0, 2.0]]]]), size=(1, 3))
tensor([[[[0., 1., 2.]]]])
""")

add_docstr(F.upsample_nearest, """Deprecated: ``interpolate(input, size, scale_factor,
mode='nearest')``, after PyTorch's warning.

Args:
    input (Tensor): ``(N, C, W)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
    size (int or tuple, optional): the output's spatial size.
    scale_factor (float or tuple, optional): the multiplier of the spatial size.

Returns:
    Tensor: :func:`interpolate`'s result.

Raises:
    ValueError: as :func:`interpolate`.
    NotImplementedError: as :func:`interpolate`.

>>> import warnings
>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     F.upsample_nearest(tinytorch.tensor([[[1.0, 2.0]]]), scale_factor=2)
tensor([[[1., 1., 2., 2.]]])
""")


add_docstr(F.batch_norm, """Applies Batch Normalization to each channel of ``(N, C, *)``:
``(x - mean) / sqrt(var + eps) * weight + bias``.

With ``training=True`` the statistics are the batch's and the running statistics (when
given) are updated in place: ``running = (1 - momentum) * running + momentum * batch``, the
variance unbiased. With ``training=False`` the running statistics are used.

Args:
    input (Tensor): ``(N, C)`` or ``(N, C, *)``.
    running_mean (Tensor or None): ``(C,)``; required when ``training=False``.
    running_var (Tensor or None): ``(C,)``; required when ``training=False``.
    weight (Tensor, optional): the per-channel scale ``(C,)``. Default: None (1).
    bias (Tensor, optional): the per-channel shift ``(C,)``. Default: None (0).
    training (bool): use (and record) batch statistics. Default: ``False``.
    momentum (float): the weight of the new statistics. Default: 0.1.
    eps (float): added to the variance for stability. Default: 1e-5.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    ValueError: the input is under 2-D, or has one value per channel when training.
    RuntimeError: the running statistics are missing in eval, or a shape does not match C.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> mean, var = tinytorch.zeros(1), tinytorch.ones(1)
>>> F.batch_norm(tinytorch.tensor([[1.0], [3.0]]), mean, var, training=True)
tensor([[-1.0000],
        [ 1.0000]])
>>> mean
tensor([0.2000])
""")

add_docstr(F.layer_norm, """Applies Layer Normalization over the trailing
``normalized_shape`` dimensions: ``(x - mean) / sqrt(var + eps) * weight + bias``, the
variance biased.

Args:
    input (Tensor): ``(*, *normalized_shape)``.
    normalized_shape (int or tuple): the trailing shape to normalise over.
    weight (Tensor, optional): the elementwise scale, of ``normalized_shape``.
    bias (Tensor, optional): the elementwise shift, of ``normalized_shape``.
    eps (float): added to the variance for stability. Default: 1e-5.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    RuntimeError: ``input`` does not end in ``normalized_shape``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.layer_norm(tinytorch.tensor([[1.0, 3.0]]), (2,))
tensor([[-1.0000,  1.0000]])
""")

add_docstr(F.group_norm, """Applies Group Normalization: the channels of ``(N, C, *)`` are
split into ``num_groups`` groups, each normalised over its channels and the remaining dims,
then a per-channel ``weight`` and ``bias`` are applied.

Args:
    input (Tensor): ``(N, C, *)``.
    num_groups (int): the number of groups; it must divide C.
    weight (Tensor, optional): the per-channel scale ``(C,)``.
    bias (Tensor, optional): the per-channel shift ``(C,)``.
    eps (float): added to the variance for stability. Default: 1e-5.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    RuntimeError: ``input`` is under 2-D, or C is not divisible by ``num_groups``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.group_norm(tinytorch.tensor([[1.0, 3.0, 5.0, 9.0]]), 2)
tensor([[-1.0000,  1.0000, -1.0000,  1.0000]])
""")

_REDUCTION = """reduction (str): ``'none'`` (the elementwise loss), ``'mean'`` (its mean) or
        ``'sum'`` (its sum). Default: ``'mean'``."""
_LEGACY = """size_average (bool, optional): deprecated (use ``reduction``); ``False`` means
        ``'sum'``.
    reduce (bool, optional): deprecated (use ``reduction``); ``False`` means ``'none'``."""
_RETURNS = """Returns:
    Tensor: the loss; a scalar unless ``reduction='none'``, then of {shape}."""
_SIZE_WARNING = """A ``target`` of another shape than ``input`` broadcasts, with PyTorch's
``UserWarning``."""


def _loss_doc(summary, args, example, output, returns="``input``'s shape", raises=""):
    raises = f"\nRaises:\n    {raises}\n" if raises else ""
    return f"""{summary}

Args:
    input (Tensor): the prediction, of any shape.
    target (Tensor): the target, of ``input``'s shape.
    {args}

{_RETURNS.format(shape=returns)}
{raises}
>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> {example}
{output}
"""


_WEIGHT = "weight (Tensor, optional): multiplies the elementwise loss (broadcast)."
add_docstr(F.mse_loss, _loss_doc(
    "Measures the element-wise mean squared error: ``(input - target) ** 2``, optionally\n"
    "weighted, then reduced.\n\n" + _SIZE_WARNING,
    _LEGACY + "\n    " + _REDUCTION + "\n    " + _WEIGHT,
    "F.mse_loss(tinytorch.tensor([1.0, 2.0]), tinytorch.zeros(2))", "tensor(2.5000)",
    raises="ValueError: ``reduction`` is not a valid value."))
add_docstr(F.l1_loss, _loss_doc(
    "Measures the element-wise mean absolute error: ``|input - target|``, optionally\n"
    "weighted, then reduced.\n\n" + _SIZE_WARNING,
    _LEGACY + "\n    " + _REDUCTION + "\n    " + _WEIGHT,
    "F.l1_loss(tinytorch.tensor([1.0, -2.0]), tinytorch.zeros(2))", "tensor(1.5000)",
    raises="ValueError: ``reduction`` is not a valid value."))
add_docstr(F.smooth_l1_loss, _loss_doc(
    "Smooth L1 loss: ``0.5 * d ** 2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 * beta``\n"
    "(``d = input - target``), then reduced.\n\n" + _SIZE_WARNING,
    _LEGACY + "\n    " + _REDUCTION
    + "\n    beta (float): where the loss changes from L2 to L1; must be >= 0. Default: 1.",
    "F.smooth_l1_loss(tinytorch.tensor([0.5, 3.0]), tinytorch.zeros(2), reduction='none')",
    "tensor([0.1250, 2.5000])",
    raises="RuntimeError: ``beta < 0``.\n    ValueError: ``reduction`` is not a valid value."))
add_docstr(F.huber_loss, _loss_doc(
    "Huber loss: ``0.5 * d ** 2`` where ``|d| < delta``, else ``delta * (|d| - 0.5 * delta)``\n"
    "(``d = input - target``), optionally weighted, then reduced; ``delta`` times\n"
    ":func:`smooth_l1_loss` with ``beta=delta``.\n\n" + _SIZE_WARNING,
    _REDUCTION + "\n    delta (float): where the loss changes from L2 to L1; must be > 0."
    "\n        Default: 1.\n    " + _WEIGHT,
    "F.huber_loss(tinytorch.tensor([0.5, 3.0]), tinytorch.zeros(2), reduction='none')",
    "tensor([0.1250, 2.5000])",
    raises="RuntimeError: ``delta <= 0``.\n    ValueError: ``reduction`` is not a valid value."))
add_docstr(F.binary_cross_entropy, _loss_doc(
    "Binary cross-entropy between probabilities ``input`` and ``target``:\n"
    "``-weight * (target * log(input) + (1 - target) * log(1 - input))``, each log clamped\n"
    "at -100, then reduced.",
    "weight (Tensor, optional): multiplies the elementwise loss (broadcast).\n    "
    + _LEGACY + "\n    " + _REDUCTION,
    "F.binary_cross_entropy(tinytorch.tensor([0.5, 0.5]), tinytorch.tensor([1.0, 0.0]))",
    "tensor(0.6931)",
    raises="ValueError: the shapes differ, or ``reduction`` is not a valid value.\n"
    "    RuntimeError: an input is outside [0, 1]."))
add_docstr(F.binary_cross_entropy_with_logits, _loss_doc(
    "Binary cross-entropy of ``sigmoid(input)`` and ``target``, computed stably from the\n"
    "logits: ``-weight * (pos_weight * target * log(sigmoid(x))\n"
    "+ (1 - target) * log(1 - sigmoid(x)))``, then reduced.",
    "weight (Tensor, optional): multiplies the elementwise loss (broadcast).\n    "
    + _LEGACY + "\n    " + _REDUCTION + "\n    pos_weight (Tensor, optional): the weight of "
    "the positive examples, broadcast\n        along the last (class) dimension.",
    "F.binary_cross_entropy_with_logits(tinytorch.zeros(2), tinytorch.tensor([1.0, 0.0]))",
    "tensor(0.6931)",
    raises="ValueError: the shapes differ, or ``reduction`` is not a valid value."))
add_docstr(F.kl_div, """The Kullback-Leibler divergence loss:
``target * (log(target) - input)`` element-wise, ``input`` being log-probabilities (and
``target`` too with ``log_target=True``), then reduced.

Args:
    input (Tensor): log-probabilities, of any shape.
    target (Tensor): probabilities (or log-probabilities), of ``input``'s shape.
    size_average (bool, optional): deprecated (use ``reduction``); ``False`` means
        ``'sum'``.
    reduce (bool, optional): deprecated (use ``reduction``); ``False`` means ``'none'``.
    reduction (str): ``'none'``, ``'batchmean'`` (the sum divided by the batch size, the
        mathematically correct KL divergence), ``'sum'`` or ``'mean'`` (over every element).
        Default: ``'mean'``.
    log_target (bool): ``target`` holds log-probabilities. Default: ``False``.

Returns:
    Tensor: the loss; a scalar unless ``reduction='none'``, then of ``input``'s shape.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> log_p = F.log_softmax(tinytorch.zeros(2, 2), dim=1)
>>> F.kl_div(log_p, tinytorch.full((2, 2), 0.5), reduction="batchmean")
tensor(0.)
""")

_CLASS_ARGS = """weight (Tensor, optional): a weight per class, ``(C,)``.
    size_average (bool, optional): deprecated (use ``reduction``); ``False`` means
        ``'sum'``.
    ignore_index (int): targets with this class index contribute no loss and no gradient,
        and are left out of the ``'mean'``. Default: -100.
    reduce (bool, optional): deprecated (use ``reduction``); ``False`` means ``'none'``.
    reduction (str): ``'none'``, ``'mean'`` (the sum divided by the summed weights of the
        non-ignored targets) or ``'sum'``. Default: ``'mean'``."""
_CLASS_RAISES = """Raises:
    ValueError: the batch sizes differ, or ``reduction`` is not a valid value.
    RuntimeError: the target's shape or dtype does not fit, or ``weight`` is not ``(C,)``.
    IndexError: a target class is out of range."""

add_docstr(F.nll_loss, f"""The negative log likelihood loss of log-probabilities ``input``
at the class indices ``target``: ``-weight[t] * input[n, t]``, then reduced.

Args:
    input (Tensor): log-probabilities, ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target (Tensor): int64 class indices in ``[0, C)``, ``(N,)``, ``()`` or
        ``(N, d1, ...)``.
    {_CLASS_ARGS}

Returns:
    Tensor: the loss; a scalar unless ``reduction='none'``, then of ``target``'s shape.

{_CLASS_RAISES}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> log_p = F.log_softmax(tinytorch.zeros(2, 4), dim=1)
>>> F.nll_loss(log_p, tinytorch.tensor([0, 3]))
tensor(1.3863)
""")

add_docstr(F.cross_entropy, f"""The cross entropy loss between logits ``input`` and
``target``: :func:`log_softmax` over the class dimension followed by :func:`nll_loss`.

``target`` holds either class indices (int64, ``input``'s shape without the class dimension)
or class probabilities (floating, ``input``'s shape; ``ignore_index`` is not supported then).

Args:
    input (Tensor): unnormalised logits, ``(N, C)``, ``(C,)`` or ``(N, C, d1, ...)``.
    target (Tensor): class indices or class probabilities.
    {_CLASS_ARGS}
    label_smoothing (float): in [0, 1]; mixes the target with the uniform distribution,
        ``(1 - label_smoothing) * target + label_smoothing / C``. Default: 0.

Returns:
    Tensor: the loss; a scalar unless ``reduction='none'``, then of ``input``'s shape
    without the class dimension.

{_CLASS_RAISES}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.cross_entropy(tinytorch.zeros(2, 4), tinytorch.tensor([0, 3]))
tensor(1.3863)
""")
