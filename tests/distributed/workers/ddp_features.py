"""DistributedDataParallel's behaviours on 2 ranks: state broadcast at construction, buckets
in reverse parameter order launched while backward runs, averaging equal to one process on
the global batch, no_sync, find_unused_parameters, broadcast_buffers, the unfinished-reduction
error, the state-dict prefix. Prints 'rank R: <check> ok' per check."""

import tinytorch as torch
import tinytorch.distributed as dist
from tinytorch import nn
from tinytorch.distributed import _collectives
from tinytorch.nn.parallel import DistributedDataParallel as DDP

dist.init_process_group()
RANK, N = dist.get_rank(), dist.get_world_size()


def ok(name, cond=True):
    assert cond, name
    print(f"rank {RANK}: {name} ok", flush=True)


def net(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 7), nn.Tanh(),
                         nn.Linear(7, 3)).double()


def max_diff(a, b):
    return max((x - y).abs().max().item() for x, y in zip(a, b))


torch.manual_seed(100)
X, Y = torch.randn(12, 5, dtype=torch.float64), torch.randint(0, 3, (12,))
loss_fn = nn.CrossEntropyLoss()

# --- construction: rank 0's weights everywhere; reverse-order buckets; module. prefix -------
model = DDP(net(seed=RANK), bucket_cap_mb=40 * 8 / 2**20)  # 40 float64 per bucket
ok("parameters broadcast from rank 0", max_diff(model.module.parameters(),
                                                net(seed=0).parameters()) == 0)
params = list(model.module.parameters())
order = [p for b in model._buckets for p in b.params]
ok("buckets in reverse parameter order", [id(p) for p in order] == [id(p) for p in params[::-1]]
   and len(model._buckets) > 2)
ok("state dict keys carry module.", list(model.state_dict())[0] == "module.0.weight")

# --- overlap: the first bucket is launched while other gradients are still to come -----------
launched_at = []
real = _collectives.all_reduce_unchecked


def spy(tensor, group, what):
    launched_at.append(len(model._ready))
    return real(tensor, group, what)


_collectives.all_reduce_unchecked = spy
# --- training equals one process on the global batch (float64, 1e-10), with no_sync ---------
reference = net(seed=0)
ref_opt = torch.optim.SGD(reference.parameters(), lr=0.2, momentum=0.9)
opt = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
for step in range(4):
    x, y = X[step % 2 * 6:step % 2 * 6 + 6], Y[step % 2 * 6:step % 2 * 6 + 6]
    half = slice(RANK * 3, RANK * 3 + 3)
    micro = [(x[half][:2], y[half][:2]), (x[half][2:], y[half][2:])]  # 2 micro-batches
    with model.no_sync():
        (loss_fn(model(micro[0][0]), micro[0][1]) * 2 / 3).backward()
    (loss_fn(model(micro[1][0]), micro[1][1]) / 3).backward()
    opt.step()
    opt.zero_grad()
    parts = [(x[[0, 1, 3, 4]], y[[0, 1, 3, 4]]), (x[[2, 5]], y[[2, 5]])]
    for xs, ys in parts:
        (loss_fn(reference(xs), ys) * len(ys) / 6).backward()
    ref_opt.step()
    ref_opt.zero_grad()
_collectives.all_reduce_unchecked = real
ok("all-reduce overlaps backward", launched_at[0] < len(params))
ok("training equals one process", max_diff(model.module.parameters(),
                                           reference.parameters()) < 1e-10)


# --- find_unused_parameters -----------------------------------------------------------------
class Branches(nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.trunk = nn.Linear(2, 2).double()
        self.rank0_only = nn.Linear(2, 1).double()
        self.never = nn.Linear(2, 1).double()

    def forward(self, x):
        h = self.trunk(x)
        return (self.rank0_only(h).sum() if RANK == 0 else 0.0) + h.sum()


model = DDP(Branches(), find_unused_parameters=True)
model(torch.ones(1, 2, dtype=torch.float64)).backward()
alone = Branches()
alone.rank0_only(alone.trunk(torch.ones(1, 2, dtype=torch.float64))).sum().backward()
ok("unused on one rank: averaged", max_diff([model.module.rank0_only.weight.grad],
                                            [alone.rank0_only.weight.grad / N]) < 1e-12)
ok("unused on every rank: .grad stays None", model.module.never.weight.grad is None)

model = DDP(Branches())
model(torch.ones(1, 2, dtype=torch.float64)).backward()
try:
    model(torch.ones(1, 2, dtype=torch.float64))
except RuntimeError as e:
    ok("unfinished reduction raises", "Expected to have finished reduction" in str(e)
       and "never.weight" in str(e))
else:
    raise AssertionError("no error for unused parameters")

# --- broadcast_buffers ----------------------------------------------------------------------
torch.manual_seed(0)
model = DDP(nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).double())
model.module[1].running_mean.fill_(float(RANK + 5))
model(torch.randn(4, 2, dtype=torch.float64))
everyone = [None] * N
dist.all_gather_object(everyone, model.module[1].running_mean.tolist())
ok("buffers broadcast at forward", everyone[0] == everyone[1])
dist.destroy_process_group()
