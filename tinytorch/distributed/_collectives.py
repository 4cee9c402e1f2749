"""Collectives and point-to-point messages on tensors (PyTorch's ``torch.distributed`` API).

Each function checks its arguments, asks the group for the tensor's transport (MPI for CPU,
NCCL for CUDA), has the ranks compare their calls (see NOTE [Failure behaviour] in
``backends/distributed/mpi.py``), then starts the operation on the tensors' own memory.
With ``async_op=True`` it returns a :class:`Work`; otherwise it returns once the operation is
done. Ranks (``src``, ``dst``) are ranks of the default group, as in PyTorch; ``group_src`` /
``group_dst`` name a rank within ``group`` instead. The functions' docstrings are in
``_collectives_docs.py``.
"""

import datetime

from tinytorch import _tensor
from tinytorch.distributed import _group
from tinytorch.distributed._group import ReduceOp


class Work:
    """A handle on an operation started with ``async_op=True`` (or by ``isend``/``irecv``);
    the collectives make it, not user code.

    Args:
        pending: the transport's operation in flight.

    >>> import tinytorch, tinytorch.distributed as dist
    >>> dist.init_process_group("gloo")  # a world of one process, to run it here
    >>> t = tinytorch.ones(2)
    >>> work = dist.all_reduce(t, async_op=True)
    >>> work.wait()
    True
    >>> dist.destroy_process_group()
    """

    def __init__(self, pending):
        self._pending = pending

    def wait(self, timeout=None):
        """Block until the operation is done.

        Args:
            timeout (timedelta or float, optional): how long to wait, in seconds if a number
                (default None: the group's timeout).

        Returns:
            bool: True.

        Raises:
            DistBackendError: the operation did not finish within ``timeout``.

        >>> import datetime, tinytorch, tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> work = dist.all_reduce(tinytorch.ones(2), async_op=True)
        >>> work.wait(timeout=datetime.timedelta(seconds=30))
        True
        >>> dist.destroy_process_group()
        """
        if isinstance(timeout, datetime.timedelta):
            timeout = timeout.total_seconds()
        self._pending.wait(timeout)
        return True

    def is_completed(self):
        """Return whether the operation has finished, without blocking (a call also drives
        MPI's progress).

        Returns:
            bool: True once it has finished.

        >>> import tinytorch, tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> work = dist.all_reduce(tinytorch.ones(2), async_op=True)
        >>> work.wait() and work.is_completed()
        True
        >>> dist.destroy_process_group()
        """
        return self._pending.test()

    def is_success(self):
        """Return whether the operation has finished: a failed one raises instead
        (deprecated in PyTorch, kept for old scripts).

        Returns:
            bool: True once it has finished.

        >>> import tinytorch, tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> work = dist.all_reduce(tinytorch.ones(2), async_op=True)
        >>> work.wait() and work.is_success()
        True
        >>> dist.destroy_process_group()
        """
        return self.is_completed()


def _finish(pending, async_op, *tensors):
    for t in tensors:
        t._vc[0] += 1  # written in place, as any in-place op
    if async_op:
        return Work(pending)
    pending.wait()
    return None


def _tensor_arg(t, name, what):
    if not isinstance(t, _tensor.Tensor):
        raise TypeError(f"{what}: Invalid function argument. Expected parameter `{name}` of "
                        f"type torch.Tensor but got {type(t)} instead.")


def _tensor_list_arg(ts, name, what, like, size):
    if not isinstance(ts, (list, tuple)) or len(ts) != size:
        raise ValueError(f"{what}: `{name}` must be a list of {size} tensors (one per rank)")
    for t in ts:
        _tensor_arg(t, name, what)
        if t.shape != like.shape or t.dtype != like.dtype:
            raise ValueError(f"{what}: every tensor in `{name}` must match the input "
                             f"({like.dtype}, {list(like.shape)}); got {t.dtype}, "
                             f"{list(t.shape)}")


def _op_name(op, what):
    if not isinstance(op, ReduceOp):
        raise ValueError(f"{what}: op must be a ReduceOp, got {op!r}")
    return op.value


def _root(pg, rank, group_rank, what):
    """The group rank of a global ``rank`` or a ``group_rank`` (default 0)."""
    if rank is not None and group_rank is not None:
        raise ValueError(f"{what}: give the global rank or the group rank, not both")
    if group_rank is not None:
        if not 0 <= group_rank < pg.size():
            raise ValueError(f"{what}: group rank {group_rank} is not in a group of {pg.size()}")
        return group_rank
    return pg.group_rank(0 if rank is None else rank, what)


def _root_list(pg, root, tensors, name, what, like, role):
    """``tensors`` (one per rank, like ``like``), which only the root rank may give."""
    if pg.rank() == root:
        if tensors is None:
            raise ValueError(f"Argument ``{name}`` must be specified on {role} rank.")
        _tensor_list_arg(tensors, name, what, like, pg.size())
        return list(tensors)
    if tensors:
        raise ValueError(f"Argument ``{name}`` must NOT be specified on non-{role} ranks.")
    return []


def barrier(group=None, async_op=False, device_ids=None):
    pg = _group.resolve(group, "barrier")
    if pg is None:
        return None
    pg._mpi.check("barrier")
    return _finish(pg._mpi.barrier(), async_op)


def broadcast(tensor, src=None, group=None, async_op=False, group_src=None):
    _tensor_arg(tensor, "tensor", "broadcast")
    pg = _group.resolve(group, "broadcast")
    if pg is None:
        return None
    root = _root(pg, src, group_src, "broadcast")
    transport = pg.transport(tensor, "broadcast")
    transport.check("broadcast", tensor._data, root)
    return _finish(transport.broadcast(tensor._data, root), async_op, tensor)


def all_reduce(tensor, op=ReduceOp.SUM, group=None, async_op=False):
    _tensor_arg(tensor, "tensor", "all_reduce")
    pg = _group.resolve(group, "all_reduce")
    if pg is None:
        return None
    name = _op_name(op, "all_reduce")
    transport = pg.transport(tensor, "all_reduce")
    transport.check("all_reduce", tensor._data)
    return _finish(transport.all_reduce(tensor._data, name), async_op, tensor)


def reduce(tensor, dst=None, op=ReduceOp.SUM, group=None, async_op=False, group_dst=None):
    _tensor_arg(tensor, "tensor", "reduce")
    pg = _group.resolve(group, "reduce")
    if pg is None:
        return None
    root = _root(pg, dst, group_dst, "reduce")
    name = _op_name(op, "reduce")
    transport = pg.transport(tensor, "reduce")
    transport.check("reduce", tensor._data, root)
    return _finish(transport.reduce(tensor._data, root, name), async_op, tensor)


def all_gather(tensor_list, tensor, group=None, async_op=False):
    _tensor_arg(tensor, "tensor", "all_gather")
    pg = _group.resolve(group, "all_gather")
    if pg is None:
        return None
    _tensor_list_arg(tensor_list, "tensor_list", "all_gather", tensor, pg.size())
    transport = pg.transport(tensor, "all_gather")
    transport.check("all_gather", tensor._data)
    pending = transport.all_gather([t._data for t in tensor_list], tensor._data)
    return _finish(pending, async_op, *tensor_list)


def all_gather_into_tensor(output_tensor, input_tensor, group=None, async_op=False):
    what = "all_gather_into_tensor"
    _tensor_arg(output_tensor, "output_tensor", what)
    _tensor_arg(input_tensor, "input_tensor", what)
    pg = _group.resolve(group, what)
    if pg is None:
        return None
    if output_tensor.numel() != pg.size() * input_tensor.numel() or \
            output_tensor.dtype != input_tensor.dtype:
        raise ValueError(f"{what}: output tensor size must be equal to world_size times input "
                         f"tensor size, with the same dtype; got output "
                         f"{output_tensor.dtype} {list(output_tensor.shape)}, input "
                         f"{input_tensor.dtype} {list(input_tensor.shape)}, world_size "
                         f"{pg.size()}")
    transport = pg.transport(input_tensor, what)
    transport.check(what, input_tensor._data)
    pending = transport.all_gather_into_tensor(output_tensor._data, input_tensor._data)
    return _finish(pending, async_op, output_tensor)


def reduce_scatter_tensor(output, input, op=ReduceOp.SUM, group=None, async_op=False):
    what = "reduce_scatter_tensor"
    _tensor_arg(output, "output", what)
    _tensor_arg(input, "input", what)
    pg = _group.resolve(group, what)
    if pg is None:
        return None
    if input.numel() != pg.size() * output.numel() or output.dtype != input.dtype:
        raise ValueError(f"{what}: input tensor must be the same size as output size times "
                         f"world size, with the same dtype; got input {input.dtype} "
                         f"{list(input.shape)}, output {output.dtype} {list(output.shape)}, "
                         f"world_size {pg.size()}")
    name = _op_name(op, what)
    transport = pg.transport(input, what)
    transport.check(what, input._data)
    pending = transport.reduce_scatter_tensor(output._data, input._data, name)
    return _finish(pending, async_op, output)


def gather(tensor, gather_list=None, dst=None, group=None, async_op=False, group_dst=None):
    _tensor_arg(tensor, "tensor", "gather")
    pg = _group.resolve(group, "gather")
    if pg is None:
        return None
    root = _root(pg, dst, group_dst, "gather")
    outs = _root_list(pg, root, gather_list, "gather_list", "gather", tensor, "destination")
    transport = pg.transport(tensor, "gather")
    transport.check("gather", tensor._data, root)
    pending = transport.gather(tensor._data, [t._data for t in outs], root)
    return _finish(pending, async_op, *outs)


def scatter(tensor, scatter_list=None, src=None, group=None, async_op=False, group_src=None):
    _tensor_arg(tensor, "tensor", "scatter")
    pg = _group.resolve(group, "scatter")
    if pg is None:
        return None
    root = _root(pg, src, group_src, "scatter")
    ins = [t._data for t in _root_list(pg, root, scatter_list, "scatter_list", "scatter",
                                       tensor, "source")]
    transport = pg.transport(tensor, "scatter")
    transport.check("scatter", tensor._data, root)
    return _finish(transport.scatter(tensor._data, ins, root), async_op, tensor)


def _peer(pg, rank, group_rank, what):
    peer = _root(pg, rank, group_rank, what)
    if peer == pg.rank():
        raise ValueError(f"Invalid {'destination' if what.endswith('send') else 'source'} "
                         "rank: should not be the same as the rank of the current process.")
    return peer


def isend(tensor, dst=None, group=None, tag=0, group_dst=None):
    _tensor_arg(tensor, "tensor", "isend")
    pg = _group.resolve(group, "isend")
    if pg is None:
        return None
    peer = _peer(pg, dst, group_dst, "isend")
    return Work(pg.transport(tensor, "isend").send(tensor._data, peer, tag))


def send(tensor, dst=None, group=None, tag=0, group_dst=None):
    work = isend(tensor, dst, group, tag, group_dst)
    if work is not None:
        work.wait()


def irecv(tensor, src=None, group=None, tag=0, group_src=None):
    _tensor_arg(tensor, "tensor", "irecv")
    pg = _group.resolve(group, "irecv")
    if pg is None:
        return None
    peer = None if src is None and group_src is None else _peer(pg, src, group_src, "irecv")
    return _finish(pg.transport(tensor, "irecv").recv(tensor._data, peer, tag), True, tensor)


def recv(tensor, src=None, group=None, tag=0, group_src=None):
    work = irecv(tensor, src, group, tag, group_src)
    if work is None:
        return -1
    work.wait()
    pg = _group.resolve(group, "recv")
    return pg._ranks[work._pending.source]


def broadcast_object_list(object_list, src=None, group=None, device=None, group_src=None):
    pg = _group.resolve(group, "broadcast_object_list")
    if pg is None:
        return
    root = _root(pg, src, group_src, "broadcast_object_list")
    pg._mpi.check("broadcast_object_list", None, root)
    received = pg._mpi.broadcast_json(list(object_list), root)
    if len(received) != len(object_list):
        raise ValueError(f"broadcast_object_list: rank {root} sent {len(received)} objects "
                         f"into a list of {len(object_list)}")
    object_list[:] = received


def all_gather_object(object_list, obj, group=None):
    pg = _group.resolve(group, "all_gather_object")
    if pg is None:
        return
    if len(object_list) != pg.size():
        raise ValueError(f"all_gather_object: object_list must have {pg.size()} items (one per "
                         f"rank), got {len(object_list)}")
    pg._mpi.check("all_gather_object")
    object_list[:] = pg._mpi.allgather_json(obj)


def all_reduce_unchecked(tensor, group, what):
    """Start a SUM all_reduce of ``tensor`` without the ranks' call check; returns a Work. For
    callers whose ranks issue identical calls by construction (DDP's gradient buckets), where
    the check's extra round trip would stall the overlap with backward."""
    pg = _group.resolve(group, what)
    return _finish(pg.transport(tensor, what).all_reduce(tensor._data, "sum", what), True, tensor)
