"""Docstrings of actE's ``tinytorch.nn.functional`` functions (more activations, channel and
alpha dropout, pixel shuffle), attached as ``_functional_docs.py`` attaches the others."""

from tinytorch._tensor_docs import add_docstr
from tinytorch.nn import functional as F
from tinytorch.nn._functional_docs import _INPLACE
from tinytorch.nn._functional_docs import _activation_doc


def _plain(summary, example, output, raises=""):
    return _activation_doc(summary, "", example, output, raises).replace("\n    \n", "\n")


add_docstr(F.mish, _activation_doc(
    "Applies ``x * tanh(softplus(x))`` element-wise.", _INPLACE,
    "F.mish(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-0.3034,  0.0000,  1.9440])"))
add_docstr(F.celu, _activation_doc(
    "Applies ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` element-wise.",
    "alpha (float): the scale of the negative part. Default: 1.\n    " + _INPLACE,
    "F.celu(tinytorch.tensor([-1.0, 0.0, 2.0]), alpha=0.5)", "tensor([-0.4323,  0.0000,  2.0000])",
    raises="RuntimeError: ``alpha`` is 0."))
add_docstr(F.hardsigmoid, _activation_doc(
    "Applies ``relu6(x + 3) / 6`` element-wise (gradient 0 at -3 and 3, as in PyTorch).",
    _INPLACE, "F.hardsigmoid(tinytorch.tensor([-4.0, 0.0, 1.5]))",
    "tensor([0.0000, 0.5000, 0.7500])"))
add_docstr(F.hardswish, _activation_doc(
    "Applies ``x * relu6(x + 3) / 6`` element-wise (gradient 0 at -3 and 1 at 3, as in "
    "PyTorch).", _INPLACE, "F.hardswish(tinytorch.tensor([-4.0, 0.0, 1.5]))",
    "tensor([-0.0000, 0.0000, 1.1250])"))
add_docstr(F.logsigmoid, _plain(
    "Applies ``log(sigmoid(x)) = -softplus(-x)`` element-wise.",
    "F.logsigmoid(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-1.3133, -0.6931, -0.1269])"))
add_docstr(F.softsign, _plain(
    "Applies ``x / (1 + |x|)`` element-wise.",
    "F.softsign(tinytorch.tensor([-1.0, 0.0, 3.0]))", "tensor([-0.5000,  0.0000,  0.7500])"))
add_docstr(F.tanhshrink, _plain(
    "Applies ``x - tanh(x)`` element-wise.",
    "F.tanhshrink(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-0.2384,  0.0000,  1.0360])"))
add_docstr(F.hardshrink, _activation_doc(
    "Applies ``x if |x| > lambd else 0`` element-wise (gradient 0 at ±lambd).",
    "lambd (float): the half-width of the zeroed band. Default: 0.5.",
    "F.hardshrink(tinytorch.tensor([-1.0, 0.25, 2.0]))", "tensor([-1.,  0.,  2.])"))
add_docstr(F.softshrink, _activation_doc(
    "Applies ``x - lambd`` above lambd, ``x + lambd`` below -lambd, else 0, element-wise.",
    "lambd (float): the shrinkage, at least 0. Default: 0.5.",
    "F.softshrink(tinytorch.tensor([-1.0, 0.25, 2.0]))", "tensor([-0.5000,  0.0000,  1.5000])",
    raises="RuntimeError: ``lambd`` is negative."))
add_docstr(F.threshold, _activation_doc(
    "Applies ``x if x > threshold else value`` element-wise.",
    "threshold (float): the value to threshold at.\n"
    "    value (float): what replaces the elements at or below it.\n    " + _INPLACE,
    "F.threshold(tinytorch.tensor([-1.0, 0.1, 2.0]), 0.1, 20.0)", "tensor([20., 20.,  2.])"))
add_docstr(F.rrelu, _activation_doc(
    "Randomised leaky ReLU: with ``training``, each element at or below 0 is multiplied by a\n"
    "slope drawn from U(lower, upper) (the default generator's stream); otherwise by\n"
    "``(lower + upper) / 2``.",
    "lower (float): the lower bound of the slopes. Default: 1/8.\n"
    "    upper (float): the upper bound. Default: 1/3.\n"
    "    training (bool): draw random slopes. Default: False.\n    " + _INPLACE,
    "F.rrelu(tinytorch.tensor([-1.0, 2.0]), 0.1, 0.3)", "tensor([-0.2000,  2.0000])",
    raises="RuntimeError: ``lower > upper``."))

add_docstr(F.glu, """The gated linear unit: ``a * sigmoid(b)``, a and b the two halves of
``input`` along ``dim``.

Args:
    input (Tensor): the input; ``dim`` of even size.
    dim (int): the dimension to halve. Default: -1.

Returns:
    Tensor: ``input``'s shape with ``dim`` halved.

Raises:
    RuntimeError: ``input`` is 0-D or ``dim``'s size is odd.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.glu(tinytorch.tensor([1.0, 2.0, 0.0, 0.0]))
tensor([0.5000, 1.0000])
""")

add_docstr(F.softmin, """Applies ``exp(-x) / sum(exp(-x))`` along ``dim``: ``softmax(-input)``.

Args:
    input (Tensor): the input.
    dim (int): the dimension the probabilities sum to 1 over. ``None`` picks one as
        PyTorch's deprecated implicit choice does and warns.
    _stacklevel (int): unused; kept for PyTorch's signature.
    dtype (tinytorch.dtype, optional): cast ``-input`` to it first.

Returns:
    Tensor: the result, of ``input``'s shape.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.softmin(tinytorch.tensor([0.0, 1.0]), dim=0)
tensor([0.7311, 0.2689])
""")

add_docstr(F.prelu, """Applies ``max(0, x) + weight * min(0, x)`` element-wise, ``weight`` one
slope or one per channel (dim 1 of ``input``).

Args:
    input (Tensor): the input.
    weight (Tensor): 0-D or 1-D: one element, or ``input.size(1)`` of them.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    RuntimeError: ``weight`` has more than one dimension, or its size is neither 1 nor the
        number of channels.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.prelu(tinytorch.tensor([-1.0, 2.0]), tinytorch.tensor([0.25]))
tensor([-0.2500,  2.0000])
""")

_DROPOUT = """{summary}

Args:
    input (Tensor): {shape}
    p (float): the probability of zeroing {what}. Default: 0.5.
    training (bool): apply it (else return ``input``). Default: {training}.
    inplace (bool): write the result into ``input``. Default: ``False``.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    ValueError: ``p`` is outside [0, 1].{raises}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.{name}(tinytorch.ones({example}), training=False).shape
torch.Size([{example}])
"""
_CHANNELS = ("Zeroes whole channels (dim 1; each with probability ``p``, from the default "
             "generator) and\nscales the rest by ``1 / (1 - p)``.")
_FEATURE = "\n    RuntimeError: ``input`` has fewer than 2 dimensions (when it applies)."

add_docstr(F.dropout1d, _DROPOUT.format(
    summary=_CHANNELS, shape="``(N, C, L)`` or ``(C, L)``.", what="a channel",
    training="``True``", raises="\n    RuntimeError: ``input`` is not 2-D or 3-D.",
    name="dropout1d", example="2, 3, 4"))
add_docstr(F.dropout2d, _DROPOUT.format(
    summary=_CHANNELS + "\nOther than 3-D or 4-D input warns (as in PyTorch); 3-D input "
    "is taken as ``(N, C, L)``.", shape="``(N, C, H, W)``.", what="a channel",
    training="``True``", raises=_FEATURE, name="dropout2d", example="2, 3, 4, 4"))
add_docstr(F.dropout3d, _DROPOUT.format(
    summary=_CHANNELS + "\nOther than 4-D or 5-D input warns (as in PyTorch).",
    shape="``(N, C, D, H, W)`` or ``(C, D, H, W)``.", what="a channel",
    training="``True``", raises="", name="dropout3d", example="2, 3, 2, 2, 2"))
add_docstr(F.alpha_dropout, _DROPOUT.format(
    summary="Dropout for SELU networks: dropped elements become SELU's negative saturation\n"
    "``-1.7581``, then ``a x + b`` restores zero mean and unit variance.",
    shape="any shape.", what="an element", training="``False``", raises="",
    name="alpha_dropout", example="2, 3"))
add_docstr(F.feature_alpha_dropout, _DROPOUT.format(
    summary="``alpha_dropout`` of whole channels (dim 1).", shape="``(N, C, *)``.",
    what="a channel", training="``False``", raises=_FEATURE, name="feature_alpha_dropout",
    example="2, 3"))

_SHUFFLE = """{summary}

Args:
    input (Tensor): {shape}
    {arg} (int): ``r``, positive.

Returns:
    Tensor: {out}

Raises:
    TypeError: ``{arg}`` is not an int.
    RuntimeError: ``{arg}`` is not positive, ``input`` has fewer than 3 dimensions, or
        {divisible}.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.{name}(tinytorch.zeros({example}), 2).shape
{output}
"""

add_docstr(F.pixel_shuffle, _SHUFFLE.format(
    summary="Rearranges ``(*, C r², H, W)`` into ``(*, C, H r, W r)``: channel ``c r² + i r + j``\n"
    "fills the pixels ``(h r + i, w r + j)`` of channel ``c``.", shape="``(*, C r², H, W)``.",
    arg="upscale_factor", out="``(*, C, H r, W r)``.",
    divisible="the channel dimension is not divisible by ``r²``", name="pixel_shuffle",
    example="1, 8, 3, 3", output="torch.Size([1, 2, 6, 6])"))
add_docstr(F.pixel_unshuffle, _SHUFFLE.format(
    summary="Rearranges ``(*, C, H r, W r)`` into ``(*, C r², H, W)``: ``pixel_shuffle``'s "
    "inverse.", shape="``(*, C, H r, W r)``.", arg="downscale_factor",
    out="``(*, C r², H, W)``.", divisible="the height or width is not divisible by ``r``",
    name="pixel_unshuffle", example="1, 2, 6, 6", output="torch.Size([1, 8, 3, 3])"))
