"""Process groups: ``init_process_group``, ``new_group``, ranks and sizes (PyTorch's API).

NOTE [How the group forms]: the ranks are the processes of one MPI job. Whether mpiexec started
them directly (``mpiexec -n 4 python train.py``) or ``python -m tinytorch.distributed.run``
did (it runs mpiexec itself and sets torchrun's variables), MPI_COMM_WORLD already holds every
rank when ``init_process_group`` runs, so forming the group needs no rendezvous: we duplicate
COMM_WORLD and check it against ``WORLD_SIZE``/``RANK`` and the arguments. Processes started
any other way are each a world of one; ``init_process_group`` says so rather than waiting.
(MPI's connect/accept could join independently started processes, but MPICH refuses it between
singletons, so a launcher that owns the job is the robust way; see docs/distributed.md.)

The docstrings of the functions after ``init_process_group`` are in ``_group_docs.py``.
"""

import datetime
import enum
import importlib.util
import os
import sys
import warnings

default_pg_timeout = datetime.timedelta(minutes=10)

_BACKENDS = {"mpi": ("mpi",), "gloo": ("mpi",), "nccl": ("nccl",),
             "cpu:mpi,cuda:nccl": ("mpi", "nccl"), "cpu:gloo,cuda:nccl": ("mpi", "nccl")}


class ReduceOp(enum.Enum):
    """How ``all_reduce``, ``reduce`` and ``reduce_scatter_tensor`` combine tensors, element
    by element: ``SUM``, ``AVG``, ``PRODUCT``, ``MIN``, ``MAX`` and the bitwise ``BAND``,
    ``BOR``, ``BXOR`` (integer and bool tensors).

    >>> import tinytorch.distributed as dist
    >>> [op.name for op in dist.ReduceOp][:5]
    ['SUM', 'AVG', 'PRODUCT', 'MIN', 'MAX']
    """

    SUM = "sum"
    AVG = "avg"
    PRODUCT = "product"
    MIN = "min"
    MAX = "max"
    BAND = "band"
    BOR = "bor"
    BXOR = "bxor"


class Backend:
    """Backend names. ``"gloo"`` is accepted and served by MPI (tinytorch has no Gloo), so
    scripts written for PyTorch's CPU backend run unchanged.

    >>> import tinytorch.distributed as dist
    >>> dist.Backend.GLOO, dist.Backend.NCCL, dist.Backend.MPI
    ('gloo', 'nccl', 'mpi')
    """

    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    MPI = "mpi"


class ProcessGroup:
    """A set of ranks that run collectives together: an MPI communicator, plus an NCCL
    communicator per CUDA device, created on the first CUDA collective.
    :func:`init_process_group` and :func:`new_group` make them; pass one as ``group=``.

    Args:
        mpi: the group's MPI transport (a communicator of its ranks).
        ranks (list of int): the global ranks of the members, in group order.
        backend (str): the backend name, e.g. ``"mpi"`` or ``"cpu:mpi,cuda:nccl"``.
        timeout (float): seconds an operation may wait for its peers.

    >>> import tinytorch.distributed as dist
    >>> dist.init_process_group("gloo")  # this process alone: a world of one
    >>> dist.new_group([0])
    ProcessGroup(backend='gloo', ranks=[0])
    >>> dist.destroy_process_group()
    """

    def __init__(self, mpi, ranks, backend, timeout):
        self._mpi = mpi
        self._ranks = list(ranks)  # global ranks, in group order
        self._backend = backend
        self._timeout = timeout
        self._nccl = {}

    def rank(self):
        """Return this process's rank in the group.

        Returns:
            int: the rank, from 0 to ``size() - 1``.

        >>> import tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> dist.group.WORLD.rank()
        0
        >>> dist.destroy_process_group()
        """
        return self._mpi.rank

    def size(self):
        """Return the number of ranks in the group.

        Returns:
            int: the group's size.

        >>> import tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> dist.group.WORLD.size()
        1
        >>> dist.destroy_process_group()
        """
        return self._mpi.size

    def name(self):
        """Return the group's backend name.

        Returns:
            str: e.g. ``"gloo"``, ``"nccl"`` or ``"cpu:mpi,cuda:nccl"``.

        >>> import tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> dist.group.WORLD.name()
        'gloo'
        >>> dist.destroy_process_group()
        """
        return self._backend

    def __repr__(self):
        return f"ProcessGroup(backend={self._backend!r}, ranks={self._ranks})"

    def group_rank(self, global_rank, what):
        """Return the rank within this group of a rank of the default group.

        Args:
            global_rank (int): the rank in the default group.
            what (str): the calling operation's name, for the error message.

        Returns:
            int: the position of ``global_rank`` among the group's ranks.

        Raises:
            ValueError: ``global_rank`` is not a member of the group.

        >>> import tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> dist.group.WORLD.group_rank(0, "send")
        0
        >>> dist.group.WORLD.group_rank(3, "send")
        Traceback (most recent call last):
        ...
        ValueError: send: global rank 3 is not part of the group (its ranks are [0])
        >>> dist.destroy_process_group()
        """
        if global_rank not in self._ranks:
            raise ValueError(f"{what}: global rank {global_rank} is not part of the group "
                             f"(its ranks are {self._ranks})")
        return self._ranks.index(global_rank)

    def transport(self, tensor, what):
        """Return the transport that moves ``tensor``: MPI for CPU tensors, NCCL for CUDA
        ones (the device's NCCL communicator is made on first use).

        Args:
            tensor (Tensor): the tensor an operation moves.
            what (str): the calling operation's name, for the error message.

        Returns:
            The group's MPI transport, or the NCCL transport of ``tensor``'s device.

        Raises:
            RuntimeError: the group's backend does not move tensors of ``tensor``'s device
                (``"nccl"`` and CPU tensors, ``"mpi"``/``"gloo"`` and CUDA ones), or NCCL
                cannot be loaded.

        >>> import tinytorch, tinytorch.distributed as dist
        >>> dist.init_process_group("gloo")
        >>> type(dist.group.WORLD.transport(tinytorch.ones(2), "all_reduce")).__name__
        'MPITransport'
        >>> dist.destroy_process_group()
        """
        kinds = _BACKENDS[self._backend]
        dev = tensor.device
        if dev.type == "cpu":
            if "mpi" not in kinds:
                raise RuntimeError(f"{what}: No backend type associated with device type cpu: "
                                   f"the group's backend is {self._backend!r}; use the default "
                                   "backend or 'mpi' for CPU tensors")
            return self._mpi
        if "nccl" not in kinds:
            raise RuntimeError(f"{what}: the {self._backend!r} backend moves CPU tensors only; "
                               "use backend='nccl' (or the default) for CUDA tensors")
        index = dev.index or 0
        transport = self._nccl.get(index)
        if transport is None:
            if not is_nccl_available():
                raise RuntimeError(f"{what}: CUDA tensors travel by NCCL, which CuPy cannot "
                                   "load here (pip install 'nvidia-nccl-cu12>=2.18,<3')")
            from tinytorch.backends.distributed.nccl import NCCLTransport
            transport = self._nccl[index] = NCCLTransport(self._mpi, index)
        return transport

    def _close(self):
        for transport in self._nccl.values():
            transport.close()
        self._mpi.close()


class GroupMember:
    """``WORLD`` is the default group; ``NON_GROUP_MEMBER`` what :func:`new_group` returns
    on ranks outside the new group. Read ``WORLD`` through the instance
    ``tinytorch.distributed.group`` (``group.WORLD``): on the class, ``GroupMember.WORLD``
    is the property object, where PyTorch's is the group.

    >>> import tinytorch.distributed as dist
    >>> dist.init_process_group("gloo")
    >>> dist.group.WORLD
    ProcessGroup(backend='gloo', ranks=[0])
    >>> dist.destroy_process_group()
    >>> dist.group.WORLD is None
    True
    """

    NON_GROUP_MEMBER = object()

    @property
    def WORLD(self):
        """The default process group (None before :func:`init_process_group`)."""
        return _state["world"]


group = GroupMember()

_state = {"world": None, "groups": [], "excepthook": None}


def is_available():
    return importlib.util.find_spec("mpi4py") is not None


def is_mpi_available():
    return is_available()


def is_nccl_available():
    from tinytorch.backends.distributed import nccl_available
    return nccl_available()


def is_initialized():
    return _state["world"] is not None


def _world():
    world = _state["world"]
    if world is None:
        raise ValueError("Default process group has not been initialized, please make sure to "
                         "call init_process_group.")
    return world


def _seconds(timeout):
    timeout = default_pg_timeout if timeout is None else timeout
    if not isinstance(timeout, datetime.timedelta):
        raise TypeError(f"Expected timeout argument to be of type datetime.timedelta, "
                        f"got {type(timeout).__name__}")
    return timeout.total_seconds()


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1,
                       store=None, group_name="", pg_options=None, device_id=None):
    """Join the default process group: every process that mpiexec (directly or through
    ``python -m tinytorch.distributed.run``) started. See NOTE [How the group forms].

    Args:
        backend (str, optional): ``"mpi"`` (CPU tensors), ``"nccl"`` (CUDA tensors), or None
            for both (``"cpu:mpi,cuda:nccl"``). ``"gloo"`` is served by MPI.
        init_method (str, optional): ``"env://"`` (default), ``"tcp://…"`` or ``"file://…"``;
            accepted for compatibility, MPI already joins the ranks.
        timeout (timedelta, optional): how long an operation may wait for its peers before it
            raises ``DistBackendError`` (default 10 minutes).
        world_size (int, optional): checked against the MPI job's size if given.
        rank (int, optional): checked against this process's MPI rank if given.

    Raises:
        ValueError: called twice, or an unknown backend.
        RuntimeError: mpi4py is missing, or the MPI job does not match ``WORLD_SIZE``/``RANK``.

    >>> import tinytorch.distributed as dist
    >>> dist.init_process_group("mpi")  # doctest: +SKIP
    """
    if _state["world"] is not None:
        raise ValueError("trying to initialize the default process group twice!")
    name = _backend_name(backend)
    if store is not None:
        raise ValueError("store= is not supported: the MPI job forms the group; start the "
                         "ranks with tinytorch.distributed.run or mpiexec")
    if init_method is not None and not str(init_method).startswith(("env://", "tcp://",
                                                                    "file://")):
        raise ValueError(f"Invalid init_method: {init_method!r}")
    seconds = _seconds(timeout)
    mpi = _import_mpi()
    transport = mpi.world(seconds)
    _check_world(transport, world_size, rank, mpi.library_version())
    world = ProcessGroup(transport, range(transport.size), name, seconds)
    _state.update(world=world, groups=[world])
    if transport.size > 1:
        _state["excepthook"] = mpi.abort_on_uncaught_exception(transport.rank)


def _backend_name(backend):
    name = "cpu:mpi,cuda:nccl" if backend is None else str(backend).lower()
    if name not in _BACKENDS:
        raise ValueError(f"Invalid backend: '{backend}' (tinytorch has 'mpi', 'nccl', and "
                         "'gloo' served by MPI)")
    return name


def _import_mpi():
    try:
        from tinytorch.backends.distributed import mpi
    except ImportError as e:
        raise RuntimeError("tinytorch.distributed needs mpi4py and an MPI library: "
                           "pip install 'tinytorch[distributed]' (see docs/distributed.md)") from e
    return mpi


def _check_world(transport, world_size, rank, library):
    """The MPI job must be the one the launcher, the environment and the caller describe."""
    size, me = transport.size, transport.rank
    env_size, env_rank = os.environ.get("WORLD_SIZE"), os.environ.get("RANK")
    if env_size is not None and int(env_size) != size or env_rank is not None and \
            int(env_rank) != me:
        raise RuntimeError(
            f"WORLD_SIZE={env_size}, RANK={env_rank} in the environment, but this process is "
            f"rank {me} of an MPI job of {size} ({library}). Start every rank with "
            "`python -m tinytorch.distributed.run --nproc-per-node N script.py` or "
            "`mpiexec -n N python script.py`, using the mpiexec of the MPI that mpi4py loads")
    if world_size not in (-1, None) and world_size != size:
        raise ValueError(f"world_size={world_size}, but the MPI job has {size} processes")
    if rank not in (-1, None) and rank != me:
        raise ValueError(f"rank={rank}, but this process is MPI rank {me}")


def destroy_process_group(group=None):
    if group is None or group is _state["world"]:
        for g in _state["groups"]:
            g._close()
        if _state["excepthook"] is not None:
            sys.excepthook = _state["excepthook"]
        _state.update(world=None, groups=[], excepthook=None)
    elif group is not GroupMember.NON_GROUP_MEMBER:
        group._close()
        _state["groups"].remove(group)


def new_group(ranks=None, timeout=None, backend=None, pg_options=None,
              use_local_synchronization=False, group_desc=None, device_id=None):
    world = _world()
    ranks = sorted(range(world.size()) if ranks is None else ranks)
    for r in ranks:
        if not 0 <= r < world.size():
            raise ValueError(f"new_group: rank {r} is not in the default group of "
                             f"{world.size()} ranks")
    seconds = world._timeout if timeout is None else _seconds(timeout)
    transport = world._mpi.subgroup(ranks, seconds)
    if transport is None:
        return GroupMember.NON_GROUP_MEMBER
    pg = ProcessGroup(transport, ranks, world._backend if backend is None
                      else _backend_name(backend), seconds)
    _state["groups"].append(pg)
    return pg


def resolve(group, what):
    """The ProcessGroup for ``group`` (None: the default one); None off the group (with
    PyTorch's warning)."""
    world = _world()
    if group is None:
        return world
    if group is GroupMember.NON_GROUP_MEMBER:
        warnings.warn(f"Running {what} on global rank {world.rank()} which does not belong "
                      "to the given group.", stacklevel=3)
        return None
    return group


def get_rank(group=None):
    pg = _world() if group is None else group
    return -1 if pg is GroupMember.NON_GROUP_MEMBER else pg.rank()


def get_world_size(group=None):
    pg = _world() if group is None else group
    return -1 if pg is GroupMember.NON_GROUP_MEMBER else pg.size()


def get_backend(group=None):
    pg = _world() if group is None else group
    if pg is GroupMember.NON_GROUP_MEMBER:
        raise ValueError("Invalid process group specified")
    return pg.name()


def get_global_rank(group, group_rank):
    return group._ranks[group_rank]
