"""The NCCL path on CUDA tensors, one GPU per rank, against NumPy; then DDP on CUDA equals DDP
on CPU. Prints 'rank R: <check> ok'."""

import numpy as np

import tinytorch as torch
import tinytorch.distributed as dist
from tinytorch import nn

dist.init_process_group()  # the default: MPI for CPU tensors, NCCL for CUDA ones
RANK, N = dist.get_rank(), dist.get_world_size()
DEV = f"cuda:{RANK % torch.cuda.device_count()}"


def ok(name, got, want):
    np.testing.assert_allclose(got.cpu().numpy(), want, rtol=1e-6, err_msg=name)
    print(f"rank {RANK}: {name} ok", flush=True)


def data(rank):
    return np.arange(6.0).reshape(2, 3) + 10 * rank + 1


ALL = np.stack([data(r) for r in range(N)])
for op, ref in [(dist.ReduceOp.SUM, ALL.sum(0)), (dist.ReduceOp.AVG, ALL.mean(0)),
                (dist.ReduceOp.MAX, ALL.max(0))]:
    t = torch.tensor(data(RANK), device=DEV)
    dist.all_reduce(t, op=op)
    ok(f"all_reduce {op.name}", t, ref)
t = torch.tensor(data(RANK), device=DEV)
dist.all_reduce(t, async_op=True).wait()
ok("all_reduce async_op", t, ALL.sum(0))
t = torch.tensor(data(RANK), device=DEV)
dist.broadcast(t, src=N - 1)
ok("broadcast", t, data(N - 1))
out = torch.zeros(N * 2, 3, dtype=torch.float64, device=DEV)
dist.all_gather_into_tensor(out, torch.tensor(data(RANK), device=DEV))
ok("all_gather_into_tensor", out, ALL.reshape(-1, 3))
outs = [torch.zeros(2, 3, dtype=torch.float64, device=DEV) for _ in range(N)]
dist.all_gather(outs, torch.tensor(data(RANK), device=DEV))
ok("all_gather", torch.stack(outs), ALL)
out = torch.zeros(2, 3, dtype=torch.float64, device=DEV)
dist.reduce_scatter_tensor(out, torch.tensor(np.concatenate([data(RANK)] * N), device=DEV))
ok("reduce_scatter_tensor", out, ALL.sum(0))
if N > 1:
    t = torch.tensor(data(RANK), device=DEV)
    if RANK == 0:
        dist.send(t, dst=1)
    elif RANK == 1:
        dist.recv(t, src=0)
        ok("send/recv", t, data(0))

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2)).double()
cpu_model = nn.parallel.DistributedDataParallel(model)
gpu_model = nn.parallel.DistributedDataParallel(
    nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2)).double().to(DEV),
    device_ids=[DEV])
gpu_model.module.load_state_dict(model.state_dict())
x = torch.randn(6, 4, dtype=torch.float64) + RANK
cpu_model(x).square().sum().backward()
gpu_model(x.to(DEV)).square().sum().backward()
for p, q in zip(cpu_model.parameters(), gpu_model.parameters()):
    ok("DDP on cuda equals DDP on cpu", q.grad, p.grad.numpy())
dist.destroy_process_group()
