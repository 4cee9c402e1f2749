"""MPI transport for CPU (NumPy) arrays, through mpi4py's buffer methods.

A contiguous array goes to MPI as it is (no copy); any other array travels through a
contiguous copy that is written back when the operation finishes. Only mpi4py's uppercase
buffer methods are used: nothing arriving from another process is unpickled; Python objects
travel as JSON (``broadcast_json``, ``allgather_json``).

NOTE [Failure behaviour]: every operation is started non-blocking and finished by ``poll``,
which tests it with a short backoff until the group's timeout, then raises DistBackendError
naming the operation, and marks the group broken. So a peer that exited, hangs, or called a
different collective costs at most the timeout, never a hang. A rank whose exception nobody
catches aborts the whole MPI job (``abort_on_uncaught_exception``), so its peers stop at once;
a rank killed outright is cleaned up by mpiexec, which ends the job. Before a public
collective the ranks exchange a small descriptor (operation, dtype, shape, root), so
mismatched calls raise on every rank with the shapes named rather than corrupting memory.
"""

import json
import sys
import time

import numpy as np
from mpi4py import MPI

from tinytorch.backends.distributed.errors import DistBackendError

_MPI_OPS = {"sum": MPI.SUM, "avg": MPI.SUM, "product": MPI.PROD, "min": MPI.MIN,
            "max": MPI.MAX, "band": MPI.BAND, "bor": MPI.BOR, "bxor": MPI.BXOR}
# Booleans reduce as bytes: sum and max are a logical or, product and min a logical and.
_BOOL_OPS = {"sum": MPI.MAX, "max": MPI.MAX, "bor": MPI.MAX, "product": MPI.MIN,
             "min": MPI.MIN, "band": MPI.MIN}
_DTYPES = ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
           "complex64", "complex128")
_OPERATIONS = ("barrier", "broadcast", "all_reduce", "reduce", "all_gather",
               "all_gather_into_tensor", "reduce_scatter_tensor", "gather", "scatter", "send",
               "broadcast_object_list", "all_gather_object")
_MAX_DIMS = 8
_DESC = 4 + _MAX_DIMS  # operation, dtype, ndim, root, shape
_SPIN = 2e-4  # poll without sleeping this long (s): a sleep costs a time slice on a busy core
_MAX_DELAY = 1e-3  # then back off up to this (s), so a long wait leaves the core to others
_ABORT_GRACE_S = 0.5  # before MPI_Abort, for mpiexec to forward the traceback (see the hook)


def world(timeout):
    """The transport over every process mpiexec started (a duplicate of COMM_WORLD, so our
    traffic never meets the user's own MPI messages)."""
    return MPITransport(MPI.COMM_WORLD.Dup(), timeout)


def world_rank():
    return MPI.COMM_WORLD.Get_rank()


def library_version():
    return MPI.Get_library_version().splitlines()[0].strip()


def abort_on_uncaught_exception(rank):
    """Let an uncaught exception on this rank end the whole job: print it, then MPI_Abort,
    which makes mpiexec stop every other rank (see NOTE [Failure behaviour])."""
    previous = sys.excepthook

    def hook(kind, value, tb):
        previous(kind, value, tb)
        sys.stderr.write(f"tinytorch.distributed: rank {rank} raised {kind.__name__}; "
                         "aborting the process group (MPI_Abort) so the other ranks stop\n")
        sys.stderr.flush()
        # mpiexec forwards each rank's output through a pipe it reads as data arrives; once
        # MPI_Abort ends the job it stops reading, and on a loaded machine the traceback and
        # this line were cut off mid-way (CI): give the forwarding a moment first
        time.sleep(_ABORT_GRACE_S)
        MPI.COMM_WORLD.Abort(1)

    sys.excepthook = hook
    return previous


class Pending:
    """An operation in flight; ``finish`` (copy-backs, averaging) runs once it completes."""

    __slots__ = ("transport", "what", "requests", "finish", "done", "source")

    def __init__(self, transport, what, requests, finish=None, source=None):
        self.transport = transport
        self.what = what
        self.requests = requests
        self.finish = finish
        self.done = False
        self.source = source  # a receive's sender

    def test(self):
        if not self.done and self.transport.test(self.requests, self.what):
            self._complete()
        return self.done

    def wait(self, timeout=None):
        if not self.done:
            self.transport.poll(self.requests, self.what, timeout)
            self._complete()

    def _complete(self):
        self.done = True
        if self.finish is not None:
            self.finish()


def _contiguous(a):
    """``a`` itself when MPI can use its memory, else a contiguous copy and its write-back."""
    if a.flags.c_contiguous:
        return a, None
    buf = np.ascontiguousarray(a)
    return buf, lambda: np.copyto(a, buf)


def _finish_all(*steps):
    steps = [s for s in steps if s is not None]
    return (lambda: [s() for s in steps]) if steps else None


def _reduce_args(buf, op):
    """The buffer MPI reduces and the MPI op for ``op`` on ``buf``'s dtype."""
    if buf.dtype == np.bool_:
        if op not in _BOOL_OPS:
            raise RuntimeError(f"reduce op {op.upper()} is not supported for bool tensors")
        return buf.view(np.uint8), _BOOL_OPS[op]
    if op == "avg" and buf.dtype.kind not in "fc":
        raise RuntimeError(f"ReduceOp.AVG needs a floating-point tensor, got {buf.dtype}")
    return buf, _MPI_OPS[op]


def _tensor_text(row):
    shape = [int(n) for n in row[4:4 + min(int(row[2]), _MAX_DIMS)]]
    return f"a torch.{_DTYPES[row[1]]} tensor of shape {shape}"


def _describe(row):
    what = _OPERATIONS[row[0]]
    tensor = f" with {_tensor_text(row)}" if row[1] >= 0 else ""
    return what + tensor + (f", root {row[3]}" if row[3] >= 0 else "")


class MPITransport:
    """Collectives and point-to-point messages over one MPI communicator."""

    def __init__(self, comm, timeout):
        self.comm = comm
        self.rank = comm.Get_rank()
        self.size = comm.Get_size()
        self.timeout = timeout  # seconds
        self.broken = None

    # --- waiting ---------------------------------------------------------------------------
    def test(self, requests, what):
        try:
            return MPI.Request.Testall(requests)
        except MPI.Exception as e:
            self.broken = f"{what} failed"
            raise DistBackendError(f"{what} failed on rank {self.rank}: {e}") from e

    def poll(self, requests, what, timeout=None):
        """Wait for ``requests``; DistBackendError after the timeout (NOTE [Failure behaviour])."""
        if self.broken:
            raise DistBackendError(f"{what}: the process group is unusable after an earlier "
                                   f"failure ({self.broken}); create a new one")
        limit = self.timeout if timeout is None else timeout
        start = time.monotonic()
        deadline = start + limit
        delay = 0.0
        while not self.test(requests, what):
            now = time.monotonic()
            if now - start < _SPIN:
                continue  # a short message is back within microseconds: keep the core
            if now > deadline:
                self.broken = f"{what} timed out"
                raise DistBackendError(
                    f"{what} timed out after {limit:g} s on rank {self.rank} of {self.size}: "
                    "a peer rank never joined it (it may have failed, exited, or called a "
                    "different collective)")
            time.sleep(delay)
            delay = min(2 * delay + 1e-6, _MAX_DELAY)

    def check(self, what, a=None, root=-1):
        """Raise on every rank unless all ranks call ``what`` with the same dtype, shape, root."""
        desc = _descriptor(what, a, root)
        rows = np.empty((self.size, _DESC), np.int64)
        self.poll([self.comm.Iallgather(desc, rows)], what)
        if (rows != rows[0]).any():
            calls = "; ".join(f"rank {r} calls {_describe(row)}" for r, row in enumerate(rows))
            raise RuntimeError(f"{what}: the ranks' calls do not match: {calls}")

    # --- collectives -------------------------------------------------------------------------
    def barrier(self):
        return Pending(self, "barrier", [self.comm.Ibarrier()])

    def broadcast(self, a, root):
        buf, back = _contiguous(a)
        return Pending(self, "broadcast", [self.comm.Ibcast(buf, root)], back)

    def all_reduce(self, a, op, what="all_reduce"):
        buf, back = _contiguous(a)
        data, mpi_op = _reduce_args(buf, op)
        request = self.comm.Iallreduce(MPI.IN_PLACE, data, mpi_op)
        return Pending(self, what, [request], _finish_all(self._averager(buf, op), back))

    def reduce(self, a, root, op):
        buf, back = _contiguous(a)
        data, mpi_op = _reduce_args(buf, op)
        if self.rank == root:
            request = self.comm.Ireduce(MPI.IN_PLACE, data, mpi_op, root)
            return Pending(self, "reduce", [request], _finish_all(self._averager(buf, op), back))
        return Pending(self, "reduce", [self.comm.Ireduce(data, None, mpi_op, root)])

    def all_gather(self, outs, a):
        buf = np.ascontiguousarray(a)
        rows = np.empty((self.size,) + a.shape, a.dtype)
        request = self.comm.Iallgather(buf, rows)
        return Pending(self, "all_gather", [request], lambda: _scatter_rows(rows, outs))

    def all_gather_into_tensor(self, out, a):
        dst, back = _contiguous(out)
        request = self.comm.Iallgather(np.ascontiguousarray(a), dst)
        return Pending(self, "all_gather_into_tensor", [request], back)

    def reduce_scatter_tensor(self, out, a, op):
        dst, back = _contiguous(out)
        src, mpi_op = _reduce_args(np.ascontiguousarray(a), op)
        request = self.comm.Ireduce_scatter_block(src, _reduce_args(dst, op)[0], mpi_op)
        return Pending(self, "reduce_scatter_tensor", [request],
                       _finish_all(self._averager(dst, op), back))

    def gather(self, a, outs, root):
        rows = np.empty((self.size,) + a.shape, a.dtype) if self.rank == root else None
        request = self.comm.Igather(np.ascontiguousarray(a), rows, root)
        finish = (lambda: _scatter_rows(rows, outs)) if rows is not None else None
        return Pending(self, "gather", [request], finish)

    def scatter(self, out, ins, root):
        dst, back = _contiguous(out)
        rows = np.stack(ins) if self.rank == root else None
        return Pending(self, "scatter", [self.comm.Iscatter(rows, dst, root)], back)

    def _averager(self, buf, op):
        if op != "avg":
            return None
        return lambda: np.divide(buf, self.size, out=buf)

    # --- point to point ----------------------------------------------------------------------
    def send(self, a, dst, tag):
        """Send a descriptor, then the data, so the receiver can check what it gets."""
        requests = [self.send_header(a, dst, tag),
                    self.comm.Isend(np.ascontiguousarray(a), dst, 2 * tag + 1)]
        return Pending(self, f"send to rank {dst}", requests)

    def recv(self, a, src, tag):
        """Receive into ``a`` from ``src`` (None: any rank); the Pending's ``source`` is the
        sender."""
        sender = self.recv_header(a, src, tag)
        dst, back = _contiguous(a)
        request = self.comm.Irecv(dst, sender, 2 * tag + 1)
        return Pending(self, f"recv from rank {sender}", [request], back, sender)

    def send_header(self, a, dst, tag):
        return self.comm.Isend(_descriptor("send", a, self.rank), dst, 2 * tag)

    def recv_header(self, a, src, tag, drain=True):
        """Wait for the sender's descriptor; return the sender's rank, or raise if what it
        sends does not fit ``a`` (after receiving and dropping the data, if ``drain``)."""
        desc = np.empty(_DESC, np.int64)
        what = f"recv from rank {'any' if src is None else src}"
        self.poll([self.comm.Irecv(desc, MPI.ANY_SOURCE if src is None else src, 2 * tag)],
                  what)
        sender = int(desc[3])
        mine = _descriptor("send", a, sender)
        if (desc != mine).any():
            if drain:  # take the data message, so it cannot land in a later receive
                shape = desc[4:4 + min(int(desc[2]), _MAX_DIMS)]
                self.poll([self.comm.Irecv(np.empty(shape, _DTYPES[desc[1]]), sender,
                                           2 * tag + 1)], what)
            raise RuntimeError(f"recv: rank {sender} sent {_tensor_text(desc)}, but rank "
                               f"{self.rank} receives into {_tensor_text(mine)}")
        return sender

    # --- Python objects as JSON ----------------------------------------------------------------
    def broadcast_json(self, obj, root, what="broadcast_object_list"):
        """``obj`` from ``root`` on every rank, sent as JSON (TypeError on every rank if it is
        not JSON)."""
        data, error = _encode(obj) if self.rank == root else (b"", None)
        size = np.array([len(data) if error is None else -1], np.int64)
        self.poll([self.comm.Ibcast(size, root)], what)
        if size[0] < 0:
            raise TypeError(f"{what}: rank {root}'s objects cannot travel as JSON (tinytorch "
                            f"sends no pickle): {error or 'see rank ' + str(root)}")
        buf = np.frombuffer(bytearray(data), np.uint8) if self.rank == root else \
            np.empty(size[0], np.uint8)
        self.poll([self.comm.Ibcast(buf, root)], what)
        return json.loads(buf.tobytes().decode())

    def allgather_json(self, obj, what="all_gather_object"):
        data, error = _encode(obj)
        sizes = np.empty(self.size, np.int64)
        mine = np.array([len(data) if error is None else -1], np.int64)
        self.poll([self.comm.Iallgather(mine, sizes)], what)
        if (sizes < 0).any():
            bad = [r for r in range(self.size) if sizes[r] < 0]
            raise TypeError(f"{what}: the objects of rank(s) {bad} cannot travel as JSON "
                            f"(tinytorch sends no pickle){': ' + error if error else ''}")
        out = np.empty(int(sizes.sum()), np.uint8)
        send = np.frombuffer(bytearray(data), np.uint8)
        self.poll([self.comm.Iallgatherv(send, [out, sizes])], what)
        ends = np.cumsum(sizes)
        return [json.loads(out[e - n:e].tobytes().decode()) for e, n in zip(ends, sizes)]

    # --- groups ------------------------------------------------------------------------------
    def subgroup(self, ranks, timeout):
        """The transport over ``ranks`` (every rank of this one must call); None off it."""
        comm = self.comm.Create(self.comm.Get_group().Incl(list(ranks)))
        return None if comm == MPI.COMM_NULL else MPITransport(comm, timeout)

    def close(self):
        if not self.broken:
            self.comm.Free()


def _descriptor(what, a, root):
    """Operation, dtype, ndim, root (or sender), shape: what the ranks compare."""
    desc = np.full(_DESC, -1, np.int64)
    desc[0] = _OPERATIONS.index(what)
    desc[3] = root
    if a is not None:
        if a.dtype.name not in _DTYPES:  # bfloat16: MPI has no such type
            raise RuntimeError(f"{what}: MPI does not carry {a.dtype.name} tensors; convert "
                               f"with .float() first")
        desc[1] = _DTYPES.index(a.dtype.name)
        desc[2] = a.ndim
        desc[4:4 + min(a.ndim, _MAX_DIMS)] = a.shape[:_MAX_DIMS]
    return desc


def _scatter_rows(rows, outs):
    for row, out in zip(rows, outs):
        np.copyto(out, row)


def _encode(obj):
    try:
        return json.dumps(obj).encode(), None
    except (TypeError, ValueError) as e:
        return b"", f"{type(e).__name__}: {e}"
