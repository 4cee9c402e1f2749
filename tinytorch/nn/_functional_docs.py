"""Docstrings of ``tinytorch.nn.functional``'s functions, kept here so that ``functional.py``
stays one short function per op, as PyTorch keeps ``torch/_torch_docs.py``. Imported once
from ``tinytorch.nn``.
"""

from tinytorch._tensor_docs import add_docstr
from tinytorch.nn import functional as F

_INPLACE = "inplace (bool): write the result into ``input``. Default: ``False``."


def _activation_doc(summary, args, example, output, raises=""):
    returns = " (``input`` itself when in place)" if "inplace" in args else ""
    raises = f"Raises:\n    {raises}\n\n" if raises else ""
    return f"""{summary}

Args:
    input (Tensor): the input, of any shape.
    {args}

Returns:
    Tensor: the result, of ``input``'s shape{returns}.

{raises}>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> {example}
{output}
"""


add_docstr(F.relu, _activation_doc(
    "Applies the rectified linear unit function element-wise: ``max(x, 0)``.", _INPLACE,
    "F.relu(tinytorch.tensor([-1.0, 0.5, 2.0]))", "tensor([0.0000, 0.5000, 2.0000])"))
add_docstr(F.relu6, _activation_doc(
    "Applies ``min(max(x, 0), 6)`` element-wise.", _INPLACE,
    "F.relu6(tinytorch.tensor([-1.0, 3.0, 8.0]))", "tensor([0., 3., 6.])"))
add_docstr(F.hardtanh, _activation_doc(
    "Applies the HardTanh function element-wise: ``x`` clamped to ``[min_val, max_val]``;\n"
    "the gradient is zero outside.",
    "min_val (float): the lower bound. Default: -1.\n"
    "    max_val (float): the upper bound. Default: 1.\n    " + _INPLACE,
    "F.hardtanh(tinytorch.tensor([-2.0, 0.5, 2.0]))", "tensor([-1.0000,  0.5000,  1.0000])",
    raises="ValueError: ``min_val > max_val``."))
add_docstr(F.leaky_relu, _activation_doc(
    "Applies ``x if x > 0 else negative_slope * x`` element-wise.",
    "negative_slope (float): the slope below zero. Default: 0.01.\n    " + _INPLACE,
    "F.leaky_relu(tinytorch.tensor([-1.0, 2.0]), 0.1)", "tensor([-0.1000,  2.0000])"))
add_docstr(F.elu, _activation_doc(
    "Applies the Exponential Linear Unit element-wise: ``x if x > 0 else alpha * (exp(x) - 1)``.",
    "alpha (float): the scale of the negative part. Default: 1.\n    " + _INPLACE,
    "F.elu(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-0.6321,  0.0000,  2.0000])"))
add_docstr(F.selu, _activation_doc(
    "Applies ``scale * elu(x, alpha)`` element-wise with the self-normalising constants\n"
    "``alpha = 1.6732632423543772`` and ``scale = 1.0507009873554805``.", _INPLACE,
    "F.selu(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-1.1113,  0.0000,  2.1014])"))
add_docstr(F.gelu, _activation_doc(
    "Applies the Gaussian Error Linear Unit element-wise: ``x * Φ(x)``, Φ the standard normal\n"
    "CDF; with ``approximate='tanh'``,\n"
    "``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.",
    "approximate (str): ``'none'`` (the exact erf form) or ``'tanh'``. Default: ``'none'``.",
    "F.gelu(tinytorch.tensor([0.0, 1.0]))", "tensor([0.0000, 0.8413])",
    raises="RuntimeError: ``approximate`` is neither."))
add_docstr(F.silu, _activation_doc(
    "Applies the Sigmoid Linear Unit (swish) element-wise: ``x * sigmoid(x)``.", _INPLACE,
    "F.silu(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([-0.2689,  0.0000,  1.7616])"))
add_docstr(F.softplus, _activation_doc(
    "Applies ``log(1 + exp(beta * x)) / beta`` element-wise, and ``x`` itself where\n"
    "``beta * x > threshold`` (for numerical stability).",
    "beta (float): the sharpness. Default: 1.\n"
    "    threshold (float): above it (of ``beta * x``) the result is linear. Default: 20.",
    "F.softplus(tinytorch.tensor([-1.0, 0.0, 2.0]))", "tensor([0.3133, 0.6931, 2.1269])"))
add_docstr(F.sigmoid, _activation_doc(
    "Applies ``1 / (1 + exp(-x))`` element-wise.", "",
    "F.sigmoid(tinytorch.tensor([0.0]))", "tensor([0.5000])").replace("\n    \n", "\n"))
add_docstr(F.tanh, _activation_doc(
    "Applies the hyperbolic tangent element-wise.", "",
    "F.tanh(tinytorch.tensor([0.0, 1.0]))", "tensor([0.0000, 0.7616])").replace("\n    \n", "\n"))

_SOFTMAX = """{summary}

Args:
    input (Tensor): the input.
    dim (int): the dimension {what} over. ``None`` picks one as PyTorch's deprecated implicit
        choice does (0 for 0-, 1- and 3-D input, else 1) and warns.
    _stacklevel (int): unused; kept for PyTorch's signature.
    dtype (tinytorch.dtype, optional): cast ``input`` to it first (e.g. to avoid overflow).

Returns:
    Tensor: the result, of ``input``'s shape.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> {example}
{output}
"""

add_docstr(F.softmax, _SOFTMAX.format(
    summary="Applies ``exp(x) / sum(exp(x))`` along ``dim``: the slices along it are\n"
    "rescaled to lie in [0, 1] and sum to 1.", what="the probabilities sum to 1",
    example="F.softmax(tinytorch.tensor([0.0, 0.0]), dim=0)", output="tensor([0.5000, 0.5000])"))
add_docstr(F.log_softmax, _SOFTMAX.format(
    summary="Applies ``x - log(sum(exp(x)))`` along ``dim``: ``log(softmax(x))``, computed\n"
    "stably (max-shifted).", what="the softmax is taken",
    example="F.log_softmax(tinytorch.tensor([0.0, 0.0]), dim=0)",
    output="tensor([-0.6931, -0.6931])"))

add_docstr(F.linear, """Applies a linear transformation: ``y = x A^T + b``.

Args:
    input (Tensor): ``(*, in_features)``.
    weight (Tensor): ``(out_features, in_features)``, or ``(in_features,)``: then
        ``y = x · weight`` over the last axis, of shape ``(*)``.
    bias (Tensor, optional): ``(out_features,)`` (or anything broadcastable to it); none
        with a 1-D weight.

Returns:
    Tensor: ``(*, out_features)``, or ``(*)`` for a 1-D weight.

Raises:
    RuntimeError: the shapes cannot be multiplied, or a bias comes with a 1-D weight (as in
        PyTorch 2.13: "mat2 must be a matrix").

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.linear(tinytorch.ones(2, 3), tinytorch.ones(4, 3), tinytorch.ones(4))
tensor([[4., 4., 4., 4.],
        [4., 4., 4., 4.]])
""")

add_docstr(F.bilinear, """Applies a bilinear transformation:
``y[..., o] = x1 A[o] x2^T + b[o]``.

Args:
    input1 (Tensor): ``(*, in1_features)``.
    input2 (Tensor): ``(*, in2_features)``, the same leading dims as ``input1``.
    weight (Tensor): ``(out_features, in1_features, in2_features)``.
    bias (Tensor, optional): ``(out_features,)``.

Returns:
    Tensor: ``(*, out_features)``.

Raises:
    RuntimeError: the batch dimensions or the weight's shape do not match the inputs.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.bilinear(tinytorch.ones(5, 2), tinytorch.ones(5, 3), tinytorch.ones(4, 2, 3)).shape
torch.Size([5, 4])
""")

add_docstr(F.dropout, """During training, randomly zeroes each element of ``input`` with
probability ``p`` (independent Bernoulli samples) and scales the rest by
``1 / (1 - p)``; with ``training=False`` returns ``input`` unchanged.

Args:
    input (Tensor): the input.
    p (float): the probability of zeroing an element. Default: 0.5.
    training (bool): apply dropout; note the default ``True`` (pass ``self.training`` in a
        module). Default: ``True``.
    inplace (bool): write the result into ``input``. Default: ``False``.

Returns:
    Tensor: the result, of ``input``'s shape.

Raises:
    ValueError: ``p`` is outside [0, 1].

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.dropout(tinytorch.ones(4), p=0.5, training=False)
tensor([1., 1., 1., 1.])
""")

add_docstr(F.embedding, """Looks up the rows of the 2-D ``weight`` at the integer indices
``input``.

Args:
    input (Tensor): integer indices, of any shape.
    weight (Tensor): the table, ``(num_embeddings, embedding_dim)``.
    padding_idx (int, optional): the row at this index gets no gradient.
    max_norm (float, optional): if given, first rescale (in place, without recording a
        gradient) each row of ``weight`` that ``input`` refers to and whose ``norm_type``-norm
        exceeds ``max_norm`` to norm ``max_norm``.
    norm_type (float): the p of the p-norm for ``max_norm``. Default: 2.
    scale_grad_by_freq (bool): divide each row's gradient by how often its index occurs in
        ``input``. Default: ``False``.
    sparse (bool): sparse gradients are not supported (tinytorch has no sparse tensors).
        Default: ``False``.

Returns:
    Tensor: ``input.shape + (embedding_dim,)``.

Raises:
    NotImplementedError: ``sparse=True``.
    IndexError: an index is outside ``[0, weight.shape[0])``.
    RuntimeError: ``weight`` is not 2-D, or ``input`` is not an integer tensor.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> w = tinytorch.tensor([[3.0, 4.0], [0.3, 0.4]])
>>> F.embedding(tinytorch.tensor([0, 0]), w, max_norm=1.0)
tensor([[0.6000, 0.8000],
        [0.6000, 0.8000]])
>>> w[0]
tensor([0.6000, 0.8000])
""")

add_docstr(F.one_hot, """One-hot encodes an int64 tensor of class indices: the result has
a trailing dimension of size ``num_classes``, 1 at each index and 0 elsewhere.

Args:
    tensor (Tensor): int64 class indices, of any shape.
    num_classes (int): the number of classes; ``-1`` (the default) uses
        ``tensor.max() + 1``.

Returns:
    Tensor: int64, ``tensor.shape + (num_classes,)``.

Raises:
    RuntimeError: ``tensor`` is not int64, or a class is negative or not below
        ``num_classes``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.one_hot(tinytorch.tensor([0, 2]), 3)
tensor([[1, 0, 0],
        [0, 0, 1]])
""")

add_docstr(F.pad, """Pads the last ``len(pad) // 2`` dimensions of ``input``.

``pad`` lists the widths from the last dimension backwards:
``(left, right)`` pads the last one, ``(left, right, top, bottom)`` the last two, and so on.

Args:
    input (Tensor): the input.
    pad (tuple of ints): the widths, an even number of them (negative widths crop in
        ``'constant'`` mode).
    mode (str): ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``.
        Default: ``'constant'``.
    value (float, optional): the fill value of ``'constant'`` mode. Default: 0.

Returns:
    Tensor: the padded tensor.

Raises:
    RuntimeError: ``pad`` has an odd length or too many entries, ``value`` is given with a
        non-constant mode, or a reflect pad is not smaller than its dimension.
    NotImplementedError: another ``mode``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.pad(tinytorch.ones(1, 2), (1, 2))
tensor([[0., 1., 1., 0., 0.]])
>>> F.pad(tinytorch.tensor([[1.0, 2.0, 3.0]]), (2, 0), mode="reflect")
tensor([[3., 2., 1., 2., 3.]])
""")

add_docstr(F.normalize, """Performs Lp normalisation along ``dim``:
``input / max(||input||_p, eps)``.

Args:
    input (Tensor): the input.
    p (float): the exponent of the norm. Default: 2.
    dim (int or tuple of ints): the dimension(s) to normalise over. Default: 1.
    eps (float): the smallest divisor, to avoid division by zero. Default: 1e-12.

Returns:
    Tensor: the result, of ``input``'s shape.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.normalize(tinytorch.tensor([[3.0, 4.0]]))
tensor([[0.6000, 0.8000]])
""")

add_docstr(F.cosine_similarity, """Returns the cosine similarity of ``x1`` and ``x2`` along
``dim``: ``sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))``.

Args:
    x1 (Tensor): the first input.
    x2 (Tensor): the second input, broadcastable with ``x1``.
    dim (int): the dimension to reduce. Default: 1.
    eps (float): the smallest norm, to avoid division by zero. Default: 1e-8.

Returns:
    Tensor: the broadcast shape without ``dim``.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.cosine_similarity(tinytorch.tensor([[1.0, 0.0]]), tinytorch.tensor([[1.0, 1.0]]))
tensor([0.7071])
""")

_CONV_ARGS = """bias (Tensor, optional): ``(out_channels,)``. Default: None.
    stride (int or tuple): the stride of the kernel. Default: 1.
    padding (int, tuple or str): implicit zero padding on both sides, or ``'valid'`` (none) or
        ``'same'`` (the output keeps the input's size; stride 1 only). Default: 0.
    dilation (int or tuple): the spacing between kernel elements. Default: 1.
    groups (int): split the input into groups; ``in_channels`` must be divisible by it.
        Default: 1."""

_CONV_RAISES = """Raises:
    RuntimeError: the input is not {unbatched}-D or {batched}-D, its channels do not match
        ``weight.shape[1] * groups``, the dtypes differ, or the kernel is larger than the
        padded input."""

add_docstr(F.conv1d, f"""Applies a 1-D convolution (cross-correlation) over an input signal
of several input planes.

Args:
    input (Tensor): ``(N, in_channels, L)`` or ``(in_channels, L)``.
    weight (Tensor): ``(out_channels, in_channels / groups, kL)``.
    {_CONV_ARGS}

Returns:
    Tensor: ``(N, out_channels, L_out)`` (no ``N`` for an unbatched input).

{_CONV_RAISES.format(unbatched=2, batched=3)}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.conv1d(tinytorch.ones(1, 1, 5), tinytorch.ones(1, 1, 3), padding=1)
tensor([[[2., 3., 3., 3., 2.]]])
""")

add_docstr(F.conv2d, f"""Applies a 2-D convolution (cross-correlation) over an input image
of several input planes.

Args:
    input (Tensor): ``(N, in_channels, H, W)`` or ``(in_channels, H, W)``.
    weight (Tensor): ``(out_channels, in_channels / groups, kH, kW)``.
    {_CONV_ARGS}

Returns:
    Tensor: ``(N, out_channels, H_out, W_out)`` (no ``N`` for an unbatched input).

{_CONV_RAISES.format(unbatched=3, batched=4)}

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.conv2d(tinytorch.ones(1, 1, 4, 4), tinytorch.ones(2, 1, 3, 3)).shape
torch.Size([1, 2, 2, 2])
""")

add_docstr(F.conv_transpose1d, """Applies a 1-D transposed convolution (the gradient of
:func:`conv1d` with respect to its input; sometimes called "deconvolution").

Args:
    input (Tensor): ``(N, in_channels, L)`` or ``(in_channels, L)``.
    weight (Tensor): ``(in_channels, out_channels / groups, kL)``.
    bias (Tensor, optional): ``(out_channels,)``. Default: None.
    stride (int or tuple): the stride of the kernel. Default: 1.
    padding (int or tuple): ``dilation * (kL - 1) - padding`` zero padding is added to both
        sides of the input. Default: 0.
    output_padding (int or tuple): extra size added to one side of the output (smaller than
        the stride or the dilation). Default: 0.
    groups (int): split the input into groups. Default: 1.
    dilation (int or tuple): the spacing between kernel elements. Default: 1.

Returns:
    Tensor: ``(N, out_channels, L_out)`` with
    ``L_out = (L - 1) * stride - 2 * padding + dilation * (kL - 1) + output_padding + 1``.

Raises:
    RuntimeError: the shapes, dtypes or ``output_padding`` do not fit.
    TypeError: ``padding`` is a string.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> F.conv_transpose1d(tinytorch.ones(1, 2, 3), tinytorch.ones(2, 4, 3), stride=2).shape
torch.Size([1, 4, 7])
""")

add_docstr(F.conv_transpose2d, """Applies a 2-D transposed convolution (the gradient of
:func:`conv2d` with respect to its input; sometimes called "deconvolution").

Args:
    input (Tensor): ``(N, in_channels, H, W)`` or ``(in_channels, H, W)``.
    weight (Tensor): ``(in_channels, out_channels / groups, kH, kW)``.
    bias (Tensor, optional): ``(out_channels,)``. Default: None.
    stride (int or tuple): the stride of the kernel. Default: 1.
    padding (int or tuple): ``dilation * (k - 1) - padding`` zero padding is added to both
        sides of each input dimension. Default: 0.
    output_padding (int or tuple): extra size added to one side of each output dimension
        (smaller than the stride or the dilation). Default: 0.
    groups (int): split the input into groups. Default: 1.
    dilation (int or tuple): the spacing between kernel elements. Default: 1.

Returns:
    Tensor: ``(N, out_channels, H_out, W_out)`` with
    ``H_out = (H - 1) * stride - 2 * padding + dilation * (kH - 1) + output_padding + 1``.

Raises:
    RuntimeError: the shapes, dtypes or ``output_padding`` do not fit.

>>> import tinytorch
>>> import tinytorch.nn.functional as F
>>> w = tinytorch.ones(2, 4, 3, 3)
>>> F.conv_transpose2d(tinytorch.ones(1, 2, 3, 3), w, stride=2).shape
torch.Size([1, 4, 7, 7])
""")
