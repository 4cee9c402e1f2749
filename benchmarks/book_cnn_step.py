"""Side-by-side CPU training-step time of the book CNN in tinytorch and PyTorch.

conv 32@5x5, relu, maxpool 2, conv 64@5x5, relu, maxpool 2, linear 1024->10, batch 100.
Steps alternate between the libraries so machine load affects both alike; CPU time
(``--cpu``) is steadier than wall time on a shared machine.

    python benchmarks/book_cnn_step.py [--steps 30] [--threads 1] [--cpu]
"""

import argparse
import os
import time


def _step_fn(lib, functional, arrays, n):
    x, t = lib.tensor(arrays[0]), lib.tensor(arrays[1])
    params = [lib.tensor(a).requires_grad_() for a in arrays[2:]]

    def step():
        h = functional.max_pool2d(functional.relu(functional.conv2d(x, *params[0:2])), 2)
        h = functional.max_pool2d(functional.relu(functional.conv2d(h, *params[2:4])), 2)
        loss = functional.cross_entropy(functional.linear(h.reshape(n, 1024), *params[4:6]), t)
        for p in params:
            p.grad = None
        loss.backward()
        with lib.no_grad():
            for p in params:
                p.data = p.data - 0.01 * p.grad
    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--cpu", action="store_true", help="measure process CPU time")
    args = parser.parse_args()
    if args.threads:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
    import numpy as np
    import torch
    import tinytorch
    import tinytorch.nn.functional
    if args.threads:
        torch.set_num_threads(args.threads)
    n, rng = 100, np.random.default_rng(0)
    arrays = [rng.standard_normal((n, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, n),
              (rng.standard_normal((32, 1, 5, 5)) * 0.2).astype(np.float32),
              np.zeros(32, np.float32),
              (rng.standard_normal((64, 32, 5, 5)) * 0.05).astype(np.float32),
              np.zeros(64, np.float32),
              (rng.standard_normal((10, 1024)) * 0.03).astype(np.float32),
              np.zeros(10, np.float32)]
    steps = {"torch": _step_fn(torch, torch.nn.functional, arrays, n),
             "tinytorch": _step_fn(tinytorch, tinytorch.nn.functional, arrays, n)}
    clock = time.process_time if args.cpu else time.perf_counter
    times = {name: [] for name in steps}
    for i in range(args.steps + 3):
        for name, step in steps.items():
            start = clock()
            step()
            if i >= 3:
                times[name].append(clock() - start)
    med = {name: sorted(ts)[len(ts) // 2] * 1e3 for name, ts in times.items()}
    print(" | ".join(f"{name} median {ms:.1f} ms" for name, ms in med.items()) +
          f" | ratio {med['tinytorch'] / med['torch']:.2f}")


if __name__ == "__main__":
    main()
