"""PyTorch's ``*_copy`` functions (``torch.permute_copy``, ``torch.t_copy`` ...): each view op's
result copied into a new contiguous tensor (a list of them for the splitting ones), made from
one table of the views, written with the ``*_copy`` function's arguments."""

import inspect

from tinytorch import _memory_format
from tinytorch._ops import diagonal
from tinytorch._ops import join
from tinytorch._ops import real_views
from tinytorch._ops import shape
from tinytorch._ops import stacking
from tinytorch._ops._util import wrap_dim


def _slice(input, dim=0, start=None, end=None, step=1):
    return input[(slice(None),) * wrap_dim(dim, input.ndim) + (slice(start, end, step),)]


# name: (the view, with the copy's arguments; the arguments after ``input`` of its example)
_VIEWS = {
    "view_copy": (lambda input, size: input.view(size), "(3, 2)"),
    "permute_copy": (lambda input, dims: shape.permute(input, dims), "(1, 0)"),
    "expand_copy": (lambda input, size, *, implicit=False: input.expand(size), "(2, 2, 3)"),
    "transpose_copy": (lambda input, dim0, dim1: shape.transpose(input, dim0, dim1), "0, 1"),
    "t_copy": (lambda input: shape.t(input), ""),
    "squeeze_copy": (lambda input, dim=None: shape.squeeze(input, dim), ""),
    "unsqueeze_copy": (lambda input, dim: shape.unsqueeze(input, dim), "0"),
    "select_copy": (lambda input, dim, index: stacking.select(input, dim, index), "1, 2"),
    "slice_copy": (_slice, "1, 0, None, 2"),
    "diagonal_copy": (lambda input, offset=0, dim1=0, dim2=1:
                      diagonal.diagonal(input, offset, dim1, dim2), ""),
    "unbind_copy": (lambda input, dim=0: join.unbind(input, dim), ""),
    "split_copy": (lambda input, split_size, dim=0: join.split(input, split_size, dim), "2, 1"),
    "split_with_sizes_copy": (lambda input, split_sizes, dim=0:
                              real_views.split_with_sizes(input, split_sizes, dim), "[1, 2], 1"),
    "unfold_copy": (lambda input, dimension, size, step: input.unfold(dimension, size, step),
                    "1, 2, 1"),
    "detach_copy": (lambda input: input.detach(), ""),
    "alias_copy": (lambda input: input, ""),
}


def _copy(tensor):
    return tensor.clone(memory_format=_memory_format.contiguous_format)


def _copy_function(name, view, example):
    def function(*args, **kwargs):
        out = view(*args, **kwargs)
        return tuple(_copy(t) for t in out) if isinstance(out, (tuple, list)) else _copy(out)
    function.__signature__ = inspect.signature(view)
    function.__name__ = function.__qualname__ = name
    function.__module__ = "tinytorch"
    call = ", ".join(["x"] + ([example] if example else []))
    several = "bind" in name or "split" in name
    function.__doc__ = (
        f"PyTorch's ``torch.{name}``: :func:`{name[:-5]}`'s view of ``input`` copied into new "
        f"contiguous memory{' (a tuple of tensors)' if several else ''}"
        f"; differentiable as the view is.\n\n"
        f"Args:\n    input (Tensor): the tensor.\n    others: the arguments of ``torch.{name}``"
        f" (those of the view).\n\nReturns:\n    Tensor: the copy.\n\n"
        f">>> x = tinytorch.arange(6.0).reshape(2, 3)\n"
        f">>> y = tinytorch.{name}({call})\n"
        f">>> y{'[0]' if several else ''}.is_contiguous()\nTrue\n")
    return function


FUNCTIONS = {name: _copy_function(name, view, example)
             for name, (view, example) in _VIEWS.items()}
