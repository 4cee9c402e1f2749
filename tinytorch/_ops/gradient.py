"""``torch.gradient``: the derivative of sampled values by second-order central differences,
composed of narrow, arithmetic and cat as PyTorch's ``gradient_helper`` is, so autograd
differentiates it and the values round as PyTorch's."""

from tinytorch import _dtype
from tinytorch._ops import join
from tinytorch._ops import shape
from tinytorch._ops._util import is_tensor
from tinytorch._ops._util import wrap_dim
from tinytorch._ops._util import wrap_dims


def _part(x, dim, start, stop=None):
    """x[start:stop] along ``dim`` (Python slice bounds, as ``at::slice``)."""
    begin, end, _ = slice(start, stop).indices(x.shape[dim])
    return join.narrow(x, dim, begin, max(end - begin, 0))


def _uniform(x, dim, h, edge_order):
    """Along ``dim`` with the samples ``h`` apart."""
    center = (_part(x, dim, 2) - _part(x, dim, 0, -2)) / h
    if edge_order == 1:
        first = (_part(x, dim, 1, 2) - _part(x, dim, 0, 1)) / h
        last = (_part(x, dim, -1) - _part(x, dim, -2, -1)) / h
    else:
        first = (_part(x, dim, 0, 1) * -1.5 + _part(x, dim, 1, 2) * 2
                 - _part(x, dim, 2, 3) * 0.5) / h
        last = (_part(x, dim, -3, -2) * 0.5 + _part(x, dim, -2, -1) * -2
                + _part(x, dim, -1) * 1.5) / h
    return join.cat([first, center / 2, last], dim)


def _coordinates(x, dim, t, edge_order):
    """Along ``dim`` at the sample coordinates ``t`` (1-D)."""
    if t.ndim != 1:
        raise RuntimeError("torch.gradient expected each element of spacing to have one "
                           f"dimension, but got an element with {t.ndim} dimensions!")
    dx = t[1:] - t[:-1]
    view = [1] * x.ndim
    view[dim] = -1
    d1, d2 = dx[:-1], dx[1:]
    center = (shape.reshape(-d2 / (d1 * (d1 + d2)), view) * _part(x, dim, 0, -2)
              + shape.reshape((d2 - d1) / (d1 * d2), view) * _part(x, dim, 1, -1)
              + shape.reshape(d1 / (d2 * (d1 + d2)), view) * _part(x, dim, 2))
    if edge_order == 1:
        first = (_part(x, dim, 1, 2) - _part(x, dim, 0, 1)) / dx[0]
        last = (_part(x, dim, -1) - _part(x, dim, -2, -1)) / dx[-1]
    else:
        d0, d1, dm, dl = dx[0], dx[1], dx[-2], dx[-1]
        first = (-(2.0 * d0 + d1) / (d0 * (d0 + d1)) * _part(x, dim, 0, 1)
                 + (d0 + d1) / (d0 * d1) * _part(x, dim, 1, 2)
                 + (-d0) / (d1 * (d0 + d1)) * _part(x, dim, 2, 3))
        last = (dl / (dm * (dl + dm)) * _part(x, dim, -3, -2)
                - (dl + dm) / (dl * dm) * _part(x, dim, -2, -1)
                + (2 * dl + dm) / (dl * (dl + dm)) * _part(x, dim, -1))
    return join.cat([first, center, last], dim)


def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """Estimates the gradient of a function sampled in ``input`` along one or more dimensions,
    by second-order accurate central differences inside and first- or second-order one-sided
    differences at the two ends (``edge_order``), as PyTorch's (and NumPy's) ``gradient``.

    Args:
        input (Tensor): the sampled values.
        spacing (float or list, optional): the distance between samples: one number for every
            dimension, a list of numbers (one per dimension in ``dim``), or a list of 1-D
            tensors holding each dimension's sample coordinates. Default: 1.
        dim (int or list of int, optional): the dimensions to differentiate along. Default:
            all of them.
        edge_order (int, optional): 1 or 2, the accuracy order at the ends. Default: 1.

    Returns:
        tuple of Tensor: one tensor of ``input``'s shape per dimension differentiated along
        (an empty tuple for a 0-d ``input``); integer inputs give the default float dtype.

    Raises:
        RuntimeError: ``input`` is uint8, ``spacing`` and ``dim`` have different lengths,
            ``edge_order`` is not 1 or 2, a dimension is repeated or has fewer than
            ``edge_order + 1`` samples, or a coordinate tensor is not 1-D.
        IndexError: a dimension is out of range.
        TypeError: ``spacing`` is a tensor of 1 or more dims (pass ``[coordinates]``).

    >>> tinytorch.gradient(tinytorch.tensor([1.0, 4.0, 9.0, 16.0, 25.0]))
    (tensor([3., 4., 6., 8., 9.]),)
    >>> t = tinytorch.tensor([0.0, 1.0, 3.0, 4.0, 7.0])
    >>> tinytorch.gradient(t * t, spacing=[t])
    (tensor([ 1.0000,  2.0000,  6.0000,  8.0000, 11.0000]),)
    """
    if is_tensor(spacing):  # PyTorch's parser takes a 0-d tensor as a number, no other
        if spacing.ndim:
            raise TypeError("gradient() received an invalid combination of arguments - got "
                            "(Tensor, spacing=Tensor)")
        spacing = spacing.item()
    if input.dtype is _dtype.uint8:
        raise RuntimeError("torch.gradient does not support uint8 input.")
    dims = list(range(input.ndim)) if dim is None else [dim] if isinstance(dim, int) else list(dim)
    if isinstance(spacing, (list, tuple)):
        if dim is None and len(spacing) != input.ndim:
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to 'self.dim() = {input.ndim}', since dim argument was not given, "
                f"but got a list of length {len(spacing)}")
        if dim is not None and len(spacing) != len(dims):
            raise RuntimeError(
                "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and "
                f"dim arguments to have the same length, but got a spacing argument of length "
                f"{len(spacing)} and a dim argument of length {len(dims)}.")
    else:
        spacing = [spacing] * len(dims)
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    wrap_dims(dims, input.ndim, "gradient")
    dims = [wrap_dim(d, input.ndim, "gradient") for d in dims]
    if any(input.shape[d] < edge_order + 1 for d in dims):
        raise RuntimeError(
            "torch.gradient expected each dimension size to be at least edge_order+1")
    return tuple(_coordinates(input, d, h, edge_order) if is_tensor(h)
                 else _uniform(input, d, h, edge_order) for d, h in zip(dims, spacing))
