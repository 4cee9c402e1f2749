"""Docstrings of the process-group functions, kept here so that ``_group.py`` stays code
(``init_process_group``'s, and the classes', are in place). Imported once from
``tinytorch.distributed``.

The examples run in one process: ``init_process_group`` without a launcher makes a world of
one rank (it needs mpi4py, the ``distributed`` extra); lines that need several ranks are
marked ``+SKIP``.
"""

from tinytorch._tensor_docs import add_docstr
from tinytorch.distributed import _group as G


add_docstr(G.is_available, """Return whether tinytorch.distributed can be used: mpi4py (and
so an MPI library) can be imported.

Returns:
    bool: True when mpi4py is installed.

>>> import tinytorch.distributed as dist
>>> isinstance(dist.is_available(), bool)
True
""")

add_docstr(G.is_mpi_available, """Return whether the MPI backend is available (the same test
as :func:`is_available`).

Returns:
    bool: True when mpi4py can be imported.

>>> import tinytorch.distributed as dist
>>> dist.is_mpi_available() == dist.is_available()
True
""")

add_docstr(G.is_nccl_available, """Return whether the NCCL backend is available: CuPy's NCCL
bindings load (a CUDA machine with NCCL).

Returns:
    bool: True when CUDA tensors can travel by NCCL.

>>> import tinytorch.distributed as dist
>>> isinstance(dist.is_nccl_available(), bool)
True
""")

add_docstr(G.is_initialized, """Return whether the default process group has been
initialized.

Returns:
    bool: True once :func:`init_process_group` has run (and
    :func:`destroy_process_group` has not).

>>> import tinytorch.distributed as dist
>>> dist.is_initialized()
False
>>> dist.init_process_group("gloo")
>>> dist.is_initialized()
True
>>> dist.destroy_process_group()
""")

add_docstr(G.destroy_process_group, """Destroy a process group and free its communicators;
with no argument (or the default group), every group and the default one, which
:func:`init_process_group` may then form again.

Args:
    group (ProcessGroup, optional): the group to destroy (default None: all of them).
        ``GroupMember.NON_GROUP_MEMBER`` does nothing.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> dist.destroy_process_group()
>>> dist.is_initialized()
False
""")

add_docstr(G.new_group, """Create a process group of some of the default group's ranks.
Every rank of the default group must call it, with the same ``ranks``.

Args:
    ranks (list of int, optional): the members' ranks in the default group, sorted here
        (default None: all of them).
    timeout (timedelta, optional): how long an operation of the group may wait for its
        peers (default None: the default group's).
    backend (str, optional): the group's backend (default None: the default group's).
    pg_options, use_local_synchronization, group_desc, device_id: accepted for
        PyTorch compatibility; ignored.

Returns:
    ProcessGroup: the new group, or ``GroupMember.NON_GROUP_MEMBER`` on a rank outside
    it.

Raises:
    ValueError: a rank is not in the default group, or the default group has not been
        initialized.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> pair = dist.new_group([0, 1])  # doctest: +SKIP
>>> dist.new_group([0], backend="mpi")
ProcessGroup(backend='mpi', ranks=[0])
>>> dist.destroy_process_group()
""")

add_docstr(G.get_rank, """Return the rank of this process in ``group``: an integer from 0 to
the group's size minus 1.

Args:
    group (ProcessGroup, optional): the group (default None: the default group).

Returns:
    int: the rank, or -1 if this process is not a member of ``group``.

Raises:
    ValueError: the default group has not been initialized.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> dist.get_rank()
0
>>> dist.destroy_process_group()
""")

add_docstr(G.get_world_size, """Return the number of processes in ``group``.

Args:
    group (ProcessGroup, optional): the group (default None: the default group).

Returns:
    int: the group's size, or -1 if this process is not a member of ``group``.

Raises:
    ValueError: the default group has not been initialized.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> dist.get_world_size()
1
>>> dist.destroy_process_group()
""")

add_docstr(G.get_backend, """Return the backend of ``group``.

Args:
    group (ProcessGroup, optional): the group (default None: the default group).

Returns:
    str: the backend name, as given to :func:`init_process_group` or :func:`new_group`
    (lower case; ``"cpu:mpi,cuda:nccl"`` for the default of None).

Raises:
    ValueError: this process is not a member of ``group``, or the default group has not
        been initialized.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> dist.get_backend()
'gloo'
>>> dist.destroy_process_group()
""")

add_docstr(G.get_global_rank, """Translate a rank within ``group`` into the rank in the
default group.

Args:
    group (ProcessGroup): the group ``group_rank`` belongs to.
    group_rank (int): a rank within ``group``, from 0 to its size minus 1.

Returns:
    int: the rank in the default group.

>>> import tinytorch.distributed as dist
>>> dist.init_process_group("gloo")
>>> dist.get_global_rank(dist.new_group([0]), 0)
0
>>> dist.destroy_process_group()
""")
