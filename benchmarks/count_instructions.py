"""Instructions per step of a compare_torch.py workload (tinytorch only) under callgrind.

    PYTHONHASHSEED=0 OPENBLAS_NUM_THREADS=1 setarch -R valgrind --tool=callgrind \
        --collect-atstart=no --toggle-collect=builtin_sorted \
        python benchmarks/count_instructions.py tiny_graph 200

Collection is on only inside the builtin ``sorted``, whose key function runs the N steps after
a warm-up, so callgrind's total divided by N is one step's instructions: repeatable on a busy
machine, where wall-clock times are not (see README, Benchmarks). Dicts keyed by objects hash
their addresses, so compare trees run from the same path with address randomisation off
(``setarch -R``); otherwise counts wander by a few tenths of a percent.
"""

import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# compare_torch imports PyTorch at its top; its workloads only use the library they are given,
# and importing PyTorch under valgrind takes minutes.
sys.modules.setdefault("torch", types.ModuleType("torch"))

import compare_torch  # noqa: E402
import tinytorch  # noqa: E402


def main():
    name, n = sys.argv[1], int(sys.argv[2])
    tinytorch.manual_seed(0)
    step = getattr(compare_torch, name)(tinytorch, "cpu")
    for _ in range(2):
        step()
    sorted(range(n), key=lambda _: step())


if __name__ == "__main__":
    main()
