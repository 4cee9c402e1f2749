"""``tinytorch.nn.init``: in-place parameter initialisation, as ``torch.nn.init``.

Every function fills its tensor under ``no_grad`` from the tensor's device generator (or
``generator``) and returns the tensor.
"""

import functools
import math
import warnings

from tinytorch import _creation
from tinytorch._grad_mode import no_grad
from tinytorch._ops.decomposition import orthogonal_factor

_LINEAR_FNS = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
               "conv_transpose3d")


def calculate_gain(nonlinearity, param=None):
    """Return the recommended gain value for the given nonlinearity function.

    The values are: 1 for linear, the conv functions and sigmoid; 5/3 for tanh; √2 for relu;
    √(2 / (1 + negative_slope²)) for leaky_relu; 3/4 for selu.

    Args:
        nonlinearity (str): the nonlinear function (``nn.functional`` name).
        param (float, optional): the negative slope of ``'leaky_relu'``. Default: 0.01.

    Returns:
        float: the gain.

    Raises:
        ValueError: an unsupported nonlinearity, or a ``param`` that is not a number.

    >>> calculate_gain("leaky_relu", 0.2)  # leaky_relu with negative_slope=0.2
    1.3867504905630728
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    """``(fan_in, fan_out)``: size(1) and size(0) times the receptive field (prod of dims 2+)."""
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         "dimensions")
    receptive_field_size = 1
    for s in tensor.shape[2:]:
        receptive_field_size *= s
    return tensor.size(1) * receptive_field_size, tensor.size(0) * receptive_field_size


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill ``tensor`` with values drawn from the uniform distribution U(a, b).

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.
        a (float): the lower bound. Default: 0.
        b (float): the upper bound. Default: 1.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    >>> w = uniform_(tinytorch.empty(3, 5), -0.1, 0.1)
    >>> bool(w.abs().max() <= 0.1)
    True
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill ``tensor`` with values drawn from the normal distribution N(mean, std²).

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.
        mean (float): the mean. Default: 0.
        std (float): the standard deviation. Default: 1.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    >>> normal_(tinytorch.empty(3, 5), std=0.02).shape
    torch.Size([3, 5])
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill ``tensor`` with values drawn from a truncated normal distribution: N(mean, std²)
    restricted to [a, b], sampled exactly as PyTorch does for any bounds (redrawn normals when
    [a, b] holds more than 30 % of the mass, else uniform proposals on [a, b] accepted with
    probability pdf(x) / pdf(mode)). Warns when ``mean`` is more than 2 std outside [a, b].

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.
        mean (float): the mean of the normal distribution. Default: 0.
        std (float): its standard deviation. Default: 1.
        a (float): the minimum cutoff value. Default: -2.
        b (float): the maximum cutoff value. Default: 2.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    >>> w = trunc_normal_(tinytorch.empty(100), std=3.0, a=-1.0, b=1.0)
    >>> bool(((w >= -1) & (w <= 1)).all())
    True
    """
    return _no_grad_trunc_normal_(tensor, mean, std, a, b, generator)


def _norm_cdf(x):
    return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0


def _no_grad_trunc_normal_(tensor, mean, std, a, b, generator):
    """PyTorch's trunc_normal_ sampler (and its warning, at the caller's stacklevel)."""
    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    with no_grad():
        if _norm_cdf((b - mean) / std) - _norm_cdf((a - mean) / std) > 0.3:
            # the bounds in the tensor's dtype, so the rejection sees its representable values
            lo = tensor.new_tensor(a, device="cpu").item()
            hi = tensor.new_tensor(b, device="cpu").item()
            tensor.normal_(mean, std, generator=generator)
            while (rejected := (tensor < lo).logical_or(tensor > hi)).any():
                fresh = _creation.empty_like(tensor).normal_(mean, std, generator=generator)
                tensor.copy_(fresh.where(rejected, tensor))
            return tensor
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2
        tensor.uniform_(a, b, generator=generator)
        pending = _rejected(tensor, mean, std, log_peak, generator)
        while pending.any():
            candidates = _creation.empty_like(tensor).uniform_(a, b, generator=generator)
            tensor.copy_(candidates.where(pending, tensor))
            pending = pending.logical_and(_rejected(candidates, mean, std, log_peak, generator))
        return tensor


def _rejected(candidates, mean, std, log_peak, generator):
    """Where a uniform proposal is refused: log U > log(pdf(x) / pdf(mode))."""
    log_ratio = ((candidates - mean) / std).pow(2).mul(-0.5).sub(log_peak)
    return _creation.empty_like(candidates).uniform_(generator=generator).log_().gt(log_ratio)


def constant_(tensor, val):
    """Fill ``tensor`` with the value ``val``.

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.
        val (float): the value.

    Returns:
        Tensor: ``tensor``.

    >>> constant_(tinytorch.empty(2, 3), 0.3)
    tensor([[0.3000, 0.3000, 0.3000],
            [0.3000, 0.3000, 0.3000]])
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fill ``tensor`` with the scalar value 1.

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.

    Returns:
        Tensor: ``tensor``.

    >>> ones_(tinytorch.empty(2))
    tensor([1., 1.])
    """
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Fill ``tensor`` with the scalar value 0.

    Args:
        tensor (Tensor): an n-dimensional tensor, filled in place.

    Returns:
        Tensor: ``tensor``.

    >>> zeros_(tinytorch.empty(2))
    tensor([0., 0.])
    """
    return constant_(tensor, 0.0)


def eye_(tensor):
    """Fill the 2-dimensional ``tensor`` with the identity matrix (ones on the diagonal,
    zeros elsewhere; it may be rectangular). Preserves the identity of the inputs in linear
    layers.

    Args:
        tensor (Tensor): a 2-dimensional tensor, filled in place.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 2-dimensional.

    >>> eye_(tinytorch.empty(2, 3))
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        eye = _creation.eye(*tensor.shape, dtype=tensor.dtype, device=tensor.device)
        return tensor.copy_(eye)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Fill ``tensor`` with values drawn from U(-a, a) with
    ``a = gain * sqrt(6 / (fan_in + fan_out))``: the Glorot (Xavier) uniform initialisation.

    Args:
        tensor (Tensor): a tensor of 2 or more dimensions, filled in place.
        gain (float): an optional scaling factor (see :func:`calculate_gain`). Default: 1.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` has fewer than 2 dimensions.

    >>> w = xavier_uniform_(tinytorch.empty(30, 20), gain=calculate_gain("relu"))
    >>> bool(w.abs().max() <= 2 ** 0.5 * (6 / 50) ** 0.5)
    True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Fill ``tensor`` with values drawn from N(0, std²) with
    ``std = gain * sqrt(2 / (fan_in + fan_out))``: the Glorot (Xavier) normal initialisation.

    Args:
        tensor (Tensor): a tensor of 2 or more dimensions, filled in place.
        gain (float): an optional scaling factor (see :func:`calculate_gain`). Default: 1.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` has fewer than 2 dimensions.

    >>> xavier_normal_(tinytorch.empty(3, 5)).shape
    torch.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def _is_empty(tensor):
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return True
    return False


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """Fill ``tensor`` with values drawn from U(-bound, bound) with
    ``bound = gain * sqrt(3 / fan_mode)``: the He (Kaiming) uniform initialisation.
    A zero-element tensor is left as is, with a warning.

    Args:
        tensor (Tensor): a tensor of 2 or more dimensions, filled in place.
        a (float): the negative slope of the rectifier after this layer (only used with
            ``'leaky_relu'``). Default: 0.
        mode (str): ``'fan_in'`` (the default) keeps the variance of the weights' magnitude in
            the forward pass; ``'fan_out'`` in the backward pass.
        nonlinearity (str): the nonlinear function (``nn.functional`` name), recommended only
            with ``'relu'`` or ``'leaky_relu'``. Default: ``'leaky_relu'``.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` has fewer than 2 dimensions, or ``mode`` or ``nonlinearity`` is not
            supported.

    >>> w = kaiming_uniform_(tinytorch.empty(100, 50), mode="fan_in", nonlinearity="relu")
    >>> bool(w.abs().max() <= (6 / 50) ** 0.5)
    True
    """
    if _is_empty(tensor):
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """Fill ``tensor`` with values drawn from N(0, std²) with
    ``std = gain / sqrt(fan_mode)``: the He (Kaiming) normal initialisation.
    A zero-element tensor is left as is, with a warning.

    Args:
        tensor (Tensor): a tensor of 2 or more dimensions, filled in place.
        a (float): the negative slope of the rectifier after this layer (only used with
            ``'leaky_relu'``). Default: 0.
        mode (str): ``'fan_in'`` (the default) keeps the variance of the weights' magnitude in
            the forward pass; ``'fan_out'`` in the backward pass.
        nonlinearity (str): the nonlinear function (``nn.functional`` name), recommended only
            with ``'relu'`` or ``'leaky_relu'``. Default: ``'leaky_relu'``.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` has fewer than 2 dimensions, or ``mode`` or ``nonlinearity`` is not
            supported.

    >>> kaiming_normal_(tinytorch.empty(3, 5), mode="fan_out", nonlinearity="relu").shape
    torch.Size([3, 5])
    """
    if _is_empty(tensor):
        return tensor
    return normal_(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), generator)


def orthogonal_(tensor, gain=1, generator=None):
    """Fill ``tensor`` with a (semi-)orthogonal matrix, as in "Exact solutions to
    the nonlinear dynamics of learning in deep linear neural networks" (Saxe et al., 2013): the Q
    factor of a Gaussian matrix's QR decomposition, times ``gain``. A tensor of more than 2
    dimensions is treated as ``(size(0), -1)``.

    Args:
        tensor (Tensor): a tensor of 2 or more dimensions, filled in place.
        gain (float): the scaling factor. Default: 1.
        generator (tinytorch.Generator, optional): the generator to sample from. Default: None
            (the tensor's device generator).

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` has fewer than 2 dimensions.

    >>> q = orthogonal_(tinytorch.empty(3, 5))
    >>> tinytorch.allclose(q @ q.t(), tinytorch.eye(3), atol=1e-6)
    True
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    with no_grad():
        flat = _creation.empty(rows, cols, dtype=tensor.dtype, device=tensor.device)
        flat.normal_(0.0, 1.0, generator=generator)
        q = orthogonal_factor(flat if rows >= cols else flat.t())
        if rows < cols:
            q = q.t()
        tensor.copy_(q.reshape(*tensor.shape))
        return tensor.mul_(gain)


def dirac_(tensor, groups=1):
    """Fill the 3-, 4- or 5-dimensional ``tensor`` with the Dirac delta: a convolution with it
    passes as many input channels through unchanged as it has output channels (per group).

    Args:
        tensor (Tensor): a convolution weight ``(out, in, *kernel)``, filled in place.
        groups (int): the convolution's groups; each group keeps its channels. Default: 1.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 3-, 4- or 5-dimensional, or its first dim is not
            divisible by ``groups``.

    >>> w = dirac_(tinytorch.empty(2, 2, 3))
    >>> w[:, :, 1]
    tensor([[1., 0.],
            [0., 1.]])
    """
    if tensor.dim() not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    if tensor.size(0) % groups != 0:
        raise ValueError("dim 0 must be divisible by groups")
    per_group = tensor.size(0) // groups
    centre = tuple(n // 2 for n in tensor.shape[2:])
    with no_grad():
        tensor.zero_()
        for g in range(groups):
            for d in range(min(per_group, tensor.size(1))):
                tensor[(g * per_group + d, d) + centre] = 1
    return tensor


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill the 2-dimensional ``tensor`` as a sparse matrix: values from N(0, std²), then
    ``ceil(sparsity * rows)`` entries of each column, at random rows, set to zero (Martens,
    "Deep learning via Hessian-free optimization", 2010). As PyTorch's, the rows are drawn from
    the default generator; ``generator`` draws the values.

    Args:
        tensor (Tensor): a 2-dimensional tensor, filled in place.
        sparsity (float): the fraction of each column set to zero.
        std (float): the standard deviation of the non-zero values. Default: 0.01.
        generator (tinytorch.Generator, optional): the generator of the values.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 2-dimensional.

    >>> w = sparse_(tinytorch.empty(4, 3), sparsity=0.5)
    >>> (w == 0).sum(0).tolist()
    [2, 2, 2]
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    zeros = math.ceil(sparsity * rows)
    with no_grad():
        tensor.normal_(0, std, generator=generator)
        for col in range(cols):
            tensor[_creation.randperm(rows)[:zeros], col] = 0
    return tensor


def _deprecated(new, example="tinytorch.empty(2, 2)", raises=None):
    """PyTorch's old name of ``new`` (without the trailing underscore): warns FutureWarning,
    then calls it. ``example``: the arguments of its docstring's example; ``raises``: the
    error ``new`` raises, for its docstring."""
    old = new.__name__[:-1]

    @functools.wraps(new)
    def alias(*args, **kwargs):
        warnings.warn(f"`nn.init.{old}` is now deprecated in favor of `nn.init.{new.__name__}`.",
                      FutureWarning, stacklevel=2)
        return new(*args, **kwargs)
    alias.__name__ = alias.__qualname__ = old
    error = (f"\n    Raises:\n        {raises}: as :func:`{new.__name__}` raises it.\n"
             if raises else "")
    alias.__doc__ = f"""Deprecated: :func:`{new.__name__}`, after a ``FutureWarning``.

    Args:
        tensor (Tensor): and the other arguments of :func:`{new.__name__}`.

    Returns:
        Tensor: ``tensor``, filled by :func:`{new.__name__}`.
    {error}
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     _ = {old}({example})
    """
    return alias


uniform = _deprecated(uniform_)
normal = _deprecated(normal_)
constant = _deprecated(constant_, "tinytorch.empty(2, 2), 0.5")
eye = _deprecated(eye_, raises="ValueError")
dirac = _deprecated(dirac_, "tinytorch.empty(2, 2, 3)", raises="ValueError")
xavier_uniform = _deprecated(xavier_uniform_)
xavier_normal = _deprecated(xavier_normal_)
kaiming_uniform = _deprecated(kaiming_uniform_)
kaiming_normal = _deprecated(kaiming_normal_)
orthogonal = _deprecated(orthogonal_, raises="ValueError")
sparse = _deprecated(sparse_, "tinytorch.empty(4, 3), 0.5", raises="ValueError")
