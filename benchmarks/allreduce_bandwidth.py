"""All-reduce bandwidth of tinytorch.distributed (MPI transport) for a range of sizes.

    python -m tinytorch.distributed.run --nproc-per-node 2 benchmarks/allreduce_bandwidth.py

Prints, per size, the median time of one float32 all_reduce (SUM) through tinytorch (its
cross-rank call check included) and of mpi4py's blocking Allreduce on the same buffer (the
MPI library alone), and two bandwidths for tinytorch's: algorithm bandwidth = bytes / time,
and bus bandwidth = 2(p-1)/p x bytes / time, the figure a ring all-reduce's links carry
(nccl-tests' convention), comparable across world sizes.
"""

import statistics
import time

from mpi4py import MPI

import tinytorch as torch
import tinytorch.distributed as dist


def _median_seconds(call, rounds):
    times = []
    for _ in range(rounds + 2):
        MPI.COMM_WORLD.Barrier()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times[2:])


def main():
    dist.init_process_group("mpi")
    rank, world = dist.get_rank(), dist.get_world_size()
    if rank == 0:
        print(f"world_size={world}")
        print(f"{'bytes':>10} {'tinytorch ms':>12} {'mpi4py ms':>10} {'alg GB/s':>9} "
              f"{'bus GB/s':>9}")
    for power in range(10, 27, 2):
        nbytes = 2 ** power
        t = torch.ones(nbytes // 4)
        rounds = max(5, min(200, 2 ** 24 // nbytes))
        seconds = _median_seconds(lambda: dist.all_reduce(t), rounds)
        array = t.numpy()
        raw = _median_seconds(lambda: MPI.COMM_WORLD.Allreduce(MPI.IN_PLACE, array), rounds)
        if rank == 0:
            bus = 2 * (world - 1) / world * nbytes / seconds / 1e9
            print(f"{nbytes:>10} {seconds * 1e3:>12.3f} {raw * 1e3:>10.3f} "
                  f"{nbytes / seconds / 1e9:>9.3f} {bus:>9.3f}", flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
