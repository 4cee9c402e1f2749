"""Instructions per step of a workload, counted by valgrind's callgrind: repeatable to ~0.1 %
whatever else the machine is doing, so a change to the tape's hot path can be judged on a
busy machine where wall-clock timings swing by 30 %.

    python benchmarks/count_instructions.py tiny_graph mlp_step --steps 200

Collection is switched on only inside ``starmap_next`` (a C function no workload calls), which
runs the steps: imports, model building and warm-up are not counted. BLAS and OpenMP run on
one thread: callgrind counts every thread's instructions, and a worker thread's spin-wait
would make the count depend on timing. Needs valgrind.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = """
import sys
from collections import deque
from itertools import repeat, starmap
sys.path[:0] = [{root!r}, {here!r}]
import workloads
import {lib} as lib
lib.manual_seed(0)
step = getattr(workloads, {name!r})(lib, "cpu")
for _ in range(3):
    step()
deque(starmap(step, repeat((), {steps})), maxlen=0)
"""


def count(name, steps, lib="tinytorch"):
    """Instructions per step of workload ``name`` under ``lib``."""
    code = _CHILD.format(root=str(HERE.parent), here=str(HERE), lib=lib, name=name,
                         steps=steps)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                        "--toggle-collect=starmap_next", f"--callgrind-out-file={out}",
                        sys.executable, "-c", code], check=True, capture_output=True, env=env)
        text = Path(out).read_text()
    total = int(re.search(r"^summary: (\d+)", text, re.M).group(1))
    return total / steps


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("workloads", nargs="+")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--lib", default="tinytorch")
    args = p.parse_args(argv)
    for name in args.workloads:
        print(f"{name:18} {count(name, args.steps, args.lib):14,.0f} instructions/step",
              flush=True)


if __name__ == "__main__":
    main()
