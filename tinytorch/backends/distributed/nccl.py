"""NCCL transport for CUDA (CuPy) arrays, through ``cupy.cuda.nccl``.

One NCCL communicator per (process group, device), bootstrapped over the group's MPI transport
(rank 0's NCCL unique id is broadcast as JSON). Operations are enqueued on the device's
current CuPy stream, so they are ordered after the kernels that produced their inputs and
before any that read their outputs; a Pending records an event behind them. Waiting polls
that event until the group's timeout, then aborts the communicator and raises
DistBackendError (see NOTE [Failure behaviour] in mpi.py). Shapes and dtypes are checked
across ranks over MPI before each public collective, as on the CPU.
"""

import time

import cupy
from cupy.cuda import nccl

from tinytorch.backends.distributed.errors import DistBackendError

_DTYPES = {"uint8": nccl.NCCL_UINT8, "int8": nccl.NCCL_INT8, "int32": nccl.NCCL_INT32,
           "int64": nccl.NCCL_INT64, "float16": nccl.NCCL_FLOAT16,
           "float32": nccl.NCCL_FLOAT32, "float64": nccl.NCCL_FLOAT64}
_OPS = {"sum": nccl.NCCL_SUM, "avg": nccl.NCCL_SUM, "product": nccl.NCCL_PROD,
        "min": nccl.NCCL_MIN, "max": nccl.NCCL_MAX}
_BOOL_OPS = {"sum": nccl.NCCL_MAX, "max": nccl.NCCL_MAX, "product": nccl.NCCL_MIN,
             "min": nccl.NCCL_MIN}


class Pending:
    """NCCL work enqueued on a stream; done when the event recorded behind it is."""

    def __init__(self, transport, what, event, source=None):
        self.transport = transport
        self.what = what
        self.event = event
        self.source = source

    def test(self):
        return self.event.done

    def wait(self, timeout=None):
        limit = self.transport.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        delay = 0.0
        while not self.event.done:
            if time.monotonic() > deadline:
                self.transport.abort(f"{self.what} timed out")
                raise DistBackendError(
                    f"{self.what} timed out after {limit:g} s on rank {self.transport.rank}: a "
                    "peer rank never joined it; the NCCL communicator was aborted")
            time.sleep(delay)
            delay = min(2 * delay + 1e-6, 1e-3)


def _typed(a, op=None):
    """(array NCCL reads, NCCL dtype, NCCL op) for ``a``; bools travel as bytes."""
    if a.dtype == cupy.bool_:
        if op is not None and op not in _BOOL_OPS:
            raise RuntimeError(f"reduce op {op.upper()} is not supported for bool tensors")
        return a.view(cupy.uint8), nccl.NCCL_UINT8, _BOOL_OPS.get(op)
    if a.dtype.name not in _DTYPES:
        raise RuntimeError(f"NCCL does not support {a.dtype.name} tensors")
    if op == "avg" and a.dtype.kind != "f":
        raise RuntimeError(f"ReduceOp.AVG needs a floating-point tensor, got {a.dtype}")
    if op is not None and op not in _OPS:
        raise RuntimeError(f"reduce op {op.upper()} is not supported by NCCL")
    return a, _DTYPES[a.dtype.name], _OPS.get(op)


class NCCLTransport:
    """Collectives over NCCL for CuPy arrays on one device."""

    def __init__(self, mpi, device_index):
        self.mpi = mpi
        self.rank = mpi.rank
        self.size = mpi.size
        self.timeout = mpi.timeout
        self.check = mpi.check
        self.device = cupy.cuda.Device(device_index)
        uid = list(nccl.get_unique_id()) if mpi.rank == 0 else None
        uid = mpi.broadcast_json(uid, 0, "broadcast_object_list")
        with self.device:
            self.comm = nccl.NcclCommunicator(self.size, tuple(uid), self.rank)

    def abort(self, reason):
        self.mpi.broken = reason
        self.comm.abort()

    def close(self):
        self.comm.destroy()

    def _run(self, what, a, enqueue, op=None, outs=(), source=None):
        """Enqueue ``enqueue(ptr, count, dtype, op, stream)`` on a contiguous ``a`` and the
        write-backs after it; return the Pending."""
        with self.device:
            stream = cupy.cuda.get_current_stream()
            buf = cupy.ascontiguousarray(a)
            data, dtype, nccl_op = _typed(buf, op)
            enqueue(data.data.ptr, data.size, dtype, nccl_op, stream.ptr)
            if op == "avg":
                buf /= self.size
            if buf is not a:
                a[...] = buf
            for out, row in outs:
                out[...] = row
            return Pending(self, what, stream.record(), source)

    def barrier(self):
        with self.device:
            flag = cupy.zeros(1, cupy.int32)
        return self.all_reduce(flag, "sum", "barrier")

    def broadcast(self, a, root):
        return self._run("broadcast", a, lambda p, n, t, _, s: self.comm.bcast(p, n, t, root, s))

    def all_reduce(self, a, op, what="all_reduce"):
        return self._run(what, a, lambda p, n, t, o, s: self.comm.allReduce(p, p, n, t, o, s), op)

    def reduce(self, a, root, op):
        return self._run("reduce", a,
                         lambda p, n, t, o, s: self.comm.reduce(p, p, n, t, o, root, s), op)

    def all_gather(self, outs, a):
        with self.device:
            rows = cupy.empty((self.size,) + a.shape, a.dtype)
        return self._gather_into(rows, a, list(zip(outs, rows)))

    def all_gather_into_tensor(self, out, a):
        with self.device:
            dst = cupy.ascontiguousarray(out)
        return self._gather_into(dst, a, [] if dst is out else [(out, dst)])

    def _gather_into(self, dst, a, outs):
        out_ptr = _typed(dst)[0].data.ptr
        return self._run("all_gather", a,
                         lambda p, n, t, _, s: self.comm.allGather(p, out_ptr, n, t, s), outs=outs)

    def reduce_scatter_tensor(self, out, a, op):
        with self.device:
            src = _typed(cupy.ascontiguousarray(a), op)[0]
        return self._run("reduce_scatter_tensor", out,
                         lambda p, n, t, o, s: self.comm.reduceScatter(src.data.ptr, p, n, t, o, s),
                         op)

    def gather(self, a, outs, root):
        with self.device:
            rows = cupy.empty((self.size,) + a.shape, a.dtype) if self.rank == root else ()

        def enqueue(p, n, t, _, s):
            nccl.groupStart()
            for r, row in enumerate(rows):
                self.comm.recv(_typed(row)[0].data.ptr, n, t, r, s)
            self.comm.send(p, n, t, root, s)
            nccl.groupEnd()
        return self._run("gather", a, enqueue, outs=list(zip(outs or (), rows)))

    def scatter(self, out, ins, root):
        with self.device:
            rows = [cupy.ascontiguousarray(x) for x in ins] if self.rank == root else []

        def enqueue(p, n, t, _, s):
            nccl.groupStart()
            for r, row in enumerate(rows):
                self.comm.send(_typed(row)[0].data.ptr, n, t, r, s)
            self.comm.recv(p, n, t, root, s)
            nccl.groupEnd()
        return self._run("scatter", out, enqueue)

    def send(self, a, dst, tag):
        header = self.mpi.send_header(a, dst, tag)
        pending = self._run(f"send to rank {dst}", a,
                            lambda p, n, t, _, s: self.comm.send(p, n, t, dst, s))
        self.mpi.poll([header], pending.what)
        return pending

    def recv(self, a, src, tag):
        sender = self.mpi.recv_header(a, src, tag, drain=False)
        return self._run(f"recv from rank {sender}", a,
                         lambda p, n, t, _, s: self.comm.recv(p, n, t, sender, s), source=sender)
