"""Every collective of tinytorch.distributed against NumPy, on each rank; prints one line per
checked operation and exits non-zero on the first mismatch."""

import numpy as np

import tinytorch as torch
import tinytorch.distributed as dist

dist.init_process_group("mpi")
RANK, N = dist.get_rank(), dist.get_world_size()
ReduceOp = dist.ReduceOp


def data(rank, shape=(2, 3), dtype=np.float64):
    return (np.arange(np.prod(shape)).reshape(shape) + 10 * rank + 1).astype(dtype)


def ok(name, got, want):
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-12, err_msg=name)
    print(f"rank {RANK}: {name} ok", flush=True)


ALL = np.stack([data(r) for r in range(N)])
for op, ref in [(ReduceOp.SUM, ALL.sum(0)), (ReduceOp.AVG, ALL.mean(0)),
                (ReduceOp.PRODUCT, ALL.prod(0)), (ReduceOp.MIN, ALL.min(0)),
                (ReduceOp.MAX, ALL.max(0))]:
    t = torch.tensor(data(RANK))
    dist.all_reduce(t, op=op)
    ok(f"all_reduce {op.name}", t.numpy(), ref)

for dtype in (np.float32, np.int64, np.float16):
    t = torch.tensor(data(RANK, (4,), dtype))
    dist.all_reduce(t)
    ok(f"all_reduce {np.dtype(dtype).name}", t.numpy(), sum(data(r, (4,), dtype)
                                                             for r in range(N)))
try:  # MPI has no bfloat16: refused by name on every rank, before any message
    dist.all_reduce(torch.ones(2, dtype=torch.bfloat16))
except RuntimeError as e:
    assert "MPI does not carry bfloat16 tensors; convert with .float() first" in str(e), e
    print(f"rank {RANK}: bfloat16 refused ok", flush=True)
flags = torch.tensor([RANK == 0, False, True])
dist.all_reduce(flags)  # a sum of bools is a logical or, as PyTorch's
ok("all_reduce bool", flags.numpy(), [True, False, True])

base = torch.tensor(data(RANK, (3, 4)))
view = base.t()  # not contiguous: goes through a copy and back
dist.all_reduce(view)
ok("all_reduce non-contiguous", base.numpy(), sum(data(r, (3, 4)) for r in range(N)))

t = torch.tensor(data(RANK))
work = dist.all_reduce(t, async_op=True)
assert work.wait() is True and work.is_completed()
ok("all_reduce async_op", t.numpy(), ALL.sum(0))

t = torch.tensor(data(RANK))
dist.broadcast(t, src=1)
ok("broadcast", t.numpy(), data(1))

t = torch.tensor(data(RANK))
dist.reduce(t, dst=1, op=ReduceOp.MAX)
ok("reduce", t.numpy(), ALL.max(0) if RANK == 1 else data(RANK))

outs = [torch.zeros(2, 3, dtype=torch.float64) for _ in range(N)]
dist.all_gather(outs, torch.tensor(data(RANK)))
ok("all_gather", np.stack([o.numpy() for o in outs]), ALL)

out = torch.zeros(N * 2, 3, dtype=torch.float64)
dist.all_gather_into_tensor(out, torch.tensor(data(RANK)))
ok("all_gather_into_tensor", out.numpy(), ALL.reshape(N * 2, 3))

out = torch.zeros(2, 3, dtype=torch.float64)
dist.reduce_scatter_tensor(out, torch.tensor(np.concatenate([data(RANK)] * N)))
ok("reduce_scatter_tensor", out.numpy(), ALL.sum(0))

gathered = [torch.zeros(2, 3, dtype=torch.float64) for _ in range(N)] if RANK == 0 else None
dist.gather(torch.tensor(data(RANK)), gathered, dst=0)
if RANK == 0:
    ok("gather", np.stack([g.numpy() for g in gathered]), ALL)

t = torch.zeros(2, 3, dtype=torch.float64)
dist.scatter(t, [torch.tensor(data(r)) for r in range(N)] if RANK == 1 else None, src=1)
ok("scatter", t.numpy(), data(RANK))

if RANK == 0:
    dist.send(torch.tensor(data(0)), dst=1, tag=3)
    work = dist.isend(torch.tensor(data(5)), dst=1)
    work.wait()
else:
    t = torch.zeros(2, 3, dtype=torch.float64)
    assert dist.recv(t, src=0, tag=3) == 0
    ok("send/recv", t.numpy(), data(0))
    t = torch.zeros(2, 3, dtype=torch.float64)
    dist.irecv(t).wait()  # from any rank
    ok("isend/irecv", t.numpy(), data(5))

objects = [{"lr": 0.1, "layers": [1, 2]}, "text", None] if RANK == 0 else [None] * 3
dist.broadcast_object_list(objects, src=0)
assert objects == [{"lr": 0.1, "layers": [1, 2]}, "text", None], objects
gathered = [None] * N
dist.all_gather_object(gathered, {"rank": RANK})
assert gathered == [{"rank": r} for r in range(N)], gathered
print(f"rank {RANK}: objects ok", flush=True)

sub = dist.new_group([1])
if RANK == 1:
    assert dist.get_rank(sub) == 0 and dist.get_world_size(sub) == 1
    t = torch.tensor(data(RANK))
    dist.all_reduce(t, group=sub)
    ok("new_group", t.numpy(), data(1))
else:
    assert dist.get_rank(sub) == -1 and sub is dist.GroupMember.NON_GROUP_MEMBER
dist.barrier()
dist.destroy_process_group()
assert not dist.is_initialized()
print(f"rank {RANK}: done", flush=True)
