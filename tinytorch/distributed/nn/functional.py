"""Differentiable collectives (PyTorch's ``torch.distributed.nn.functional``)."""

from tinytorch.autograd.function import Function
from tinytorch.distributed import _collectives
from tinytorch.distributed._group import ReduceOp


class _AllReduce(Function):
    """y = Σ_ranks x (or their mean).  dL/dx = the same reduction of dL/dy over the ranks: every
    rank's loss depends on every rank's x."""

    @staticmethod
    def forward(ctx, op, group, tensor):
        ctx.reduce_op, ctx.group = op, group
        out = tensor.clone()
        _collectives.all_reduce(out, op, group)
        return out

    @staticmethod
    def backward(ctx, grad_output):
        grad = grad_output.clone()
        _collectives.all_reduce(grad, ctx.reduce_op, ctx.group)
        return None, None, grad


def all_reduce(tensor, op=ReduceOp.SUM, group=None):
    """``tensor`` reduced over the ranks, out of place, with a gradient (SUM or AVG).

    >>> total = all_reduce(local_sum)  # doctest: +SKIP
    """
    if op not in (ReduceOp.SUM, ReduceOp.AVG):
        raise RuntimeError(f"all_reduce: only ReduceOp.SUM and ReduceOp.AVG have a gradient, "
                           f"got {op}")
    return _AllReduce.apply(op, group, tensor)
