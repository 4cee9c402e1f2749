"""Docstrings of the collectives and point-to-point functions, kept here so that
``_collectives.py`` stays code, as PyTorch keeps ``torch/_torch_docs.py``. Imported once from
``tinytorch.distributed``.

The examples run in one process: ``init_process_group`` without a launcher makes a world of
one rank (it needs mpi4py, the ``distributed`` extra), where every collective runs for real;
lines that need several ranks are marked ``+SKIP``.
"""

import textwrap

from tinytorch._tensor_docs import add_docstr
from tinytorch.distributed import _collectives as C

_GROUP = "group (ProcessGroup, optional): the group to work on (default None: the default group)."
_ASYNC = ("async_op (bool, optional): return a :class:`Work` handle at once instead of waiting "
          "for\n        the operation to finish (default False).")
_OP = ("op (ReduceOp, optional): how the tensors combine, element by element (default\n"
       "        ``ReduceOp.SUM``).")
_RETURNS_WORK = """Returns:
    Work: a handle if ``async_op`` is True; None if not, or if this process is not a member
    of ``group``."""
_ROOT = "``{name}`` and ``group_{name}`` are both given, or the root is not in ``group``"


def _raises(tensors, more=""):
    """The Raises section of a tensor collective; ``more``: its own ValueError cases."""
    value_error = textwrap.fill(f"ValueError: the default group has not been initialized{more}.",
                                width=92, initial_indent="    ", subsequent_indent="        ")
    return f"""Raises:
    TypeError: {tensors} not a tensor.
{value_error}
    RuntimeError: the ranks' calls do not match (operation, dtype, shape or root), or
        ``group``'s backend does not move tensors of this device.
    DistBackendError: a peer did not take part within the group's timeout."""
_START = """>>> import tinytorch, tinytorch.distributed as dist
>>> dist.init_process_group("gloo")  # a world of one process, to run it here"""
_END = ">>> dist.destroy_process_group()"


def _src_args(name, role):
    return (f"{name} (int, optional): the {role}'s rank in the default group (default None:"
            f" rank 0).\n    {_GROUP}\n    {_ASYNC}\n    group_{name} (int, optional): the "
            f"{role}'s rank within ``group`` instead of\n        ``{name}``.")


add_docstr(C.barrier, f"""Synchronize the processes: return once every rank of ``group`` has
entered this call.

Args:
    {_GROUP}
    {_ASYNC}
    device_ids (list of int, optional): accepted for PyTorch compatibility; ignored.

{_RETURNS_WORK}

{_START}
>>> dist.barrier()
>>> dist.barrier(async_op=True).wait()
True
{_END}
""")

add_docstr(C.broadcast, f"""Broadcast ``tensor`` from rank ``src`` to every rank of the group,
in place. ``tensor`` must have the same shape and dtype on every rank.

Args:
    tensor (Tensor): the data to send on rank ``src``, and where to receive it on the others.
    {_src_args("src", "source")}

{_RETURNS_WORK}

{_raises(tensors="``tensor`` is", more=", or " + _ROOT.format(name="src"))}

{_START}
>>> t = tinytorch.tensor([1.0, 2.0]) if dist.get_rank() == 0 else tinytorch.zeros(2)
>>> dist.broadcast(t, src=0)
>>> t  # rank 0's values, on every rank
tensor([1., 2.])
{_END}
""")

add_docstr(C.all_reduce, f"""Reduce ``tensor`` across every rank of the group with ``op``, in
place, so that every rank ends with the same result.

Args:
    tensor (Tensor): input and output of the collective.
    {_OP}
    {_GROUP}
    {_ASYNC}

{_RETURNS_WORK}

{_raises(tensors="``tensor`` is", more=", or ``op`` is not a ReduceOp")}

{_START}
>>> t = tinytorch.ones(2) * (dist.get_rank() + 1)  # 1s on rank 0, 2s on rank 1, ...
>>> dist.all_reduce(t)
>>> t  # the sum over the ranks (here, one rank)
tensor([1., 1.])
{_END}
""")

add_docstr(C.reduce, f"""Reduce ``tensor`` across every rank of the group with ``op``, into
``tensor`` on rank ``dst``: only that rank receives the result.

Args:
    tensor (Tensor): input of the collective, and its output on rank ``dst``.
    dst (int, optional): the destination's rank in the default group (default None: rank 0).
    {_OP}
    {_GROUP}
    {_ASYNC}
    group_dst (int, optional): the destination's rank within ``group`` instead of ``dst``.

{_RETURNS_WORK}

{_raises(tensors="``tensor`` is", more=", ``op`` is not a ReduceOp, or "
                + _ROOT.format(name="dst"))}

{_START}
>>> t = tinytorch.tensor([1.0, 2.0])
>>> dist.reduce(t, dst=0, op=dist.ReduceOp.MAX)
>>> t  # on rank 0: the element-wise maximum over the ranks
tensor([1., 2.])
{_END}
""")

add_docstr(C.all_gather, f"""Gather ``tensor`` from every rank of the group into
``tensor_list``, on every rank: ``tensor_list[r]`` receives rank ``r``'s tensor.

Args:
    tensor_list (list of Tensor): one tensor per rank, each of ``tensor``'s shape and dtype.
    tensor (Tensor): this rank's tensor.
    {_GROUP}
    {_ASYNC}

{_RETURNS_WORK}

{_raises(tensors="``tensor`` or an item of ``tensor_list`` is",
                more=", or ``tensor_list`` does not hold one tensor like ``tensor`` per rank")}

{_START}
>>> out = [tinytorch.zeros(2) for _ in range(dist.get_world_size())]
>>> dist.all_gather(out, tinytorch.tensor([1.0, 2.0]) + dist.get_rank())
>>> out  # rank r's tensor at position r
[tensor([1., 2.])]
{_END}
""")

add_docstr(C.all_gather_into_tensor, f"""Gather ``input_tensor`` from every rank of the group
into one tensor, on every rank: the ranks' tensors, in rank order, fill ``output_tensor``
(concatenated along dim 0, or stacked: any shape of ``world_size * input.numel()`` elements).

Args:
    output_tensor (Tensor): receives every rank's tensor; ``world_size`` times the size of
        ``input_tensor``, of its dtype.
    input_tensor (Tensor): this rank's tensor.
    {_GROUP}
    {_ASYNC}

{_RETURNS_WORK}

{_raises(tensors="``output_tensor`` or ``input_tensor`` is",
                more=", or ``output_tensor``'s size or dtype is not as above")}

{_START}
>>> out = tinytorch.zeros(2 * dist.get_world_size())
>>> dist.all_gather_into_tensor(out, tinytorch.tensor([1.0, 2.0]))
>>> out
tensor([1., 2.])
>>> dist.all_gather_into_tensor(tinytorch.zeros(3), tinytorch.zeros(2))
Traceback (most recent call last):
...
ValueError: all_gather_into_tensor: output tensor size must be equal to world_size times...
{_END}
""")

add_docstr(C.reduce_scatter_tensor, f"""Reduce ``input`` across every rank of the group with
``op``, then scatter the result: rank ``r`` receives the ``r``-th of ``world_size`` equal
chunks (along the flattened elements) in ``output``.

Args:
    output (Tensor): receives this rank's chunk of the result.
    input (Tensor): this rank's input; ``world_size`` times the size of ``output``, of its
        dtype.
    {_OP}
    {_GROUP}
    {_ASYNC}

{_RETURNS_WORK}

{_raises(tensors="``output`` or ``input`` is",
                more=", ``input``'s size or dtype is not as above, or ``op`` is not a "
                     "ReduceOp")}

{_START}
>>> out = tinytorch.zeros(2)
>>> dist.reduce_scatter_tensor(out, tinytorch.ones(2 * dist.get_world_size()))
>>> out  # here the whole sum: one rank, one chunk
tensor([1., 1.])
{_END}
""")

add_docstr(C.gather, f"""Gather ``tensor`` from every rank of the group into
``gather_list`` on rank ``dst``: ``gather_list[r]`` receives rank ``r``'s tensor.

Args:
    tensor (Tensor): this rank's tensor.
    gather_list (list of Tensor, optional): on rank ``dst``, one tensor per rank of
        ``tensor``'s shape and dtype; None (the default) on the other ranks.
    {_src_args("dst", "destination")}

{_RETURNS_WORK}

{_raises(tensors="``tensor`` or an item of ``gather_list`` is",
                more=", ``gather_list`` is missing on rank ``dst`` or given on another "
                     "rank, or " + _ROOT.format(name="dst"))}

{_START}
>>> out = [tinytorch.zeros(2) for _ in range(dist.get_world_size())]
>>> dist.gather(tinytorch.tensor([1.0, 2.0]), out if dist.get_rank() == 0 else None, dst=0)
>>> out  # on rank 0
[tensor([1., 2.])]
{_END}
""")

add_docstr(C.scatter, f"""Scatter a list of tensors from rank ``src`` to every rank of the
group: rank ``r`` receives ``scatter_list[r]`` into ``tensor``.

Args:
    tensor (Tensor): receives this rank's part.
    scatter_list (list of Tensor, optional): on rank ``src``, one tensor per rank of
        ``tensor``'s shape and dtype; None (the default) on the other ranks.
    {_src_args("src", "source")}

{_RETURNS_WORK}

{_raises(tensors="``tensor`` or an item of ``scatter_list`` is",
                more=", ``scatter_list`` is missing on rank ``src`` or given on another "
                     "rank, or " + _ROOT.format(name="src"))}

{_START}
>>> parts = [tinytorch.full((2,), float(r)) for r in range(dist.get_world_size())]
>>> t = tinytorch.ones(2)
>>> dist.scatter(t, parts if dist.get_rank() == 0 else None, src=0)
>>> t  # rank r's part: r
tensor([0., 0.])
{_END}
""")

_P2P_RAISES = """Raises:
    TypeError: ``tensor`` is not a tensor.
    ValueError: the default group has not been initialized, the peer is this process, or
        ``{name}`` and ``group_{name}`` are both given, or the peer is not in ``group``.
    RuntimeError: ``group``'s backend does not move tensors of this device{recv}.
    DistBackendError: the peer did not take part within the group's timeout."""


def _p2p_args(name, role, default):
    return (f"tensor (Tensor): the tensor to {'send' if name == 'dst' else 'receive into'}.\n"
            f"    {name} (int{', optional' if default else ''}): the {role}'s rank in the "
            f"default group{default}.\n    {_GROUP}\n    tag (int, optional): matches a send "
            f"with the receive of the same tag (default 0).\n    group_{name} (int, optional):"
            f" the {role}'s rank within ``group`` instead of\n        ``{name}``.")


_MISMATCH = ", or the sender's tensor differs in shape or dtype"
_TWO_RANKS = """{start}
>>> t = tinytorch.zeros(2)
>>> {two}  # doctest: +SKIP
>>> dist.{name}(t, {peer})  # to itself, in a world of one
Traceback (most recent call last):
...
ValueError: Invalid {role} rank: should not be the same as the rank of the current process.
{end}
"""

add_docstr(C.isend, f"""Start sending ``tensor`` to rank ``dst``, and return at once. Do not
change ``tensor`` until the returned :class:`Work` has completed.

Args:
    {_p2p_args("dst", "destination", "")}

Returns:
    Work: a handle on the send; None if this process is not a member of ``group``.

{_P2P_RAISES.format(name="dst", recv="")}

{_TWO_RANKS.format(start=_START, end=_END, name="isend", peer="dst=0", role="destination",
                   two="dist.isend(t, dst=1).wait() if dist.get_rank() == 0 else "
                       "dist.recv(t, src=0)")}""")

add_docstr(C.send, f"""Send ``tensor`` to rank ``dst``, and return once it has gone.

Args:
    {_p2p_args("dst", "destination", "")}

{_P2P_RAISES.format(name="dst", recv="")}

{_TWO_RANKS.format(start=_START, end=_END, name="send", peer="dst=0", role="destination",
                   two="dist.send(t, dst=1) if dist.get_rank() == 0 else dist.recv(t, src=0)")}""")

add_docstr(C.irecv, f"""Start receiving into ``tensor`` from rank ``src``, and return a
:class:`Work` to wait on. The sender's shape and dtype are checked against ``tensor`` first.

Args:
    {_p2p_args("src", "source", " (default None: any rank)")}

Returns:
    Work: a handle on the receive; None if this process is not a member of ``group``.

{_P2P_RAISES.format(name="src", recv=_MISMATCH)}

{_TWO_RANKS.format(start=_START, end=_END, name="irecv", peer="src=0", role="source",
                   two="dist.irecv(t, src=0).wait() if dist.get_rank() == 1 else "
                       "dist.send(t, dst=1)")}""")

add_docstr(C.recv, f"""Receive into ``tensor`` from rank ``src``, and return once it has
arrived. The sender's shape and dtype are checked against ``tensor`` first.

Args:
    {_p2p_args("src", "source", " (default None: any rank)")}

Returns:
    int: the sender's rank in the default group; -1 if this process is not a member of
    ``group``.

{_P2P_RAISES.format(name="src", recv=_MISMATCH)}

{_TWO_RANKS.format(start=_START, end=_END, name="recv", peer="src=0", role="source",
                   two="sender = dist.recv(t) if dist.get_rank() == 1 else "
                       "dist.send(t, dst=1)")}""")

_JSON = ("The objects travel as JSON, never pickle (PyTorch pickles them): numbers, strings,\n"
         "bools, None, lists and dicts with string keys; a tuple arrives as a list.")

add_docstr(C.broadcast_object_list, f"""Broadcast the Python objects of ``object_list`` from
rank ``src``: every rank's ``object_list`` is replaced, in place, by rank ``src``'s items.
{_JSON}

Args:
    object_list (list): the objects to send on rank ``src``; on the other ranks, a list of
        as many items (any values), to receive into.
    src (int, optional): the source's rank in the default group (default None: rank 0).
    {_GROUP}
    device (optional): accepted for PyTorch compatibility; ignored.
    group_src (int, optional): the source's rank within ``group`` instead of ``src``.

Raises:
    ValueError: ``object_list`` does not have as many items as rank ``src``'s, the default
        group has not been initialized, ``src`` and ``group_src`` are both given, or the
        root is not in ``group``.
    TypeError: an object cannot travel as JSON.

{_START}
>>> objects = [{{"lr": 0.1}}, (1, 2)] if dist.get_rank() == 0 else [None, None]
>>> dist.broadcast_object_list(objects, src=0)
>>> objects
[{{'lr': 0.1}}, [1, 2]]
{_END}
""")

add_docstr(C.all_gather_object, f"""Gather a Python object from every rank of the group, on
every rank: ``object_list[r]`` receives rank ``r``'s ``obj``. {_JSON}

Args:
    object_list (list): one item per rank (any values), replaced in place.
    obj: this rank's object.
    {_GROUP}

Raises:
    ValueError: ``object_list`` does not have one item per rank, or the default group has
        not been initialized.
    TypeError: an object cannot travel as JSON.

{_START}
>>> losses = [None] * dist.get_world_size()
>>> dist.all_gather_object(losses, {{"rank": dist.get_rank(), "loss": 0.5}})
>>> losses
[{{'rank': 0, 'loss': 0.5}}]
{_END}
""")
