"""Failure cases, one per run (argv[1]): a rank that raises, dies or leaves; calls that do
not match across ranks. Ranks print 'caught: <message>' for errors they are meant to see."""

import datetime
import os
import signal
import sys
import time

import tinytorch as torch
import tinytorch.distributed as dist

MODE = sys.argv[1]
dist.init_process_group(timeout=datetime.timedelta(seconds=float(sys.argv[2])))
RANK = dist.get_rank()


def caught(call):
    try:
        call()
    except (RuntimeError, TypeError) as e:
        print(f"rank {RANK} caught {type(e).__name__}: {e}", flush=True)
    else:
        print(f"rank {RANK}: no error", flush=True)


if MODE in ("raise", "die", "leave"):
    if RANK == 1:
        if MODE == "raise":
            raise ValueError("rank 1 failed on purpose")
        if MODE == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        # leave: stays out of the collective past the others' timeout, then exits cleanly (an
        # exit at once let mpiexec end rank 0 while it printed its timeout, on a loaded machine)
        time.sleep(float(sys.argv[2]) + 10)
        sys.exit(0)
    dist.all_reduce(torch.ones(3))
    print("rank 0 finished the all_reduce", flush=True)
elif MODE == "mismatch":
    caught(lambda: dist.all_reduce(torch.ones(2, 3 + RANK)))
    caught(lambda: dist.all_reduce(torch.ones(4, dtype=torch.float32 if RANK else torch.int64)))
    caught(lambda: dist.broadcast(torch.ones(2), src=RANK))
    caught(lambda: dist.all_reduce(torch.ones(2)) if RANK else dist.barrier())
    caught(lambda: dist.send(torch.ones(3), dst=1) if RANK == 0 else dist.recv(torch.ones(5)))
    if RANK == 0:  # after the mismatch, the next message is the next one sent
        dist.send(torch.full((2,), 7.0), dst=1)
    else:
        t = torch.zeros(2)
        dist.recv(t, src=0)
        print(f"rank 1 received {t.tolist()} after the mismatch", flush=True)
    caught(lambda: dist.broadcast_object_list([{1, 2}] if RANK == 0 else [None]))
    ddp = torch.nn.parallel.DistributedDataParallel
    caught(lambda: ddp(torch.nn.Linear(3, 2 + RANK)))
    caught(lambda: dist.all_reduce(torch.ones(2)))  # the group still works after all that
dist.destroy_process_group()
