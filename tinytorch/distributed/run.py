"""``python -m tinytorch.distributed.run``: torchrun's command line, over mpiexec.

    python -m tinytorch.distributed.run --nproc-per-node 2 train.py --epochs 3

starts ``train.py`` on 2 ranks of one MPI job (the ``mpiexec`` beside this Python, which the
``mpich`` wheel installs, else the one on PATH; ``--mpiexec`` picks another) with torchrun's
variables set in each: ``RANK``, ``LOCAL_RANK``, ``WORLD_SIZE``, ``LOCAL_WORLD_SIZE``,
``GROUP_RANK``, ``MASTER_ADDR``, ``MASTER_PORT``. See NOTE [How the group forms] in
``_group.py``: the job is what makes the ranks one group. One machine per launcher; for several
machines, one mpiexec across them (docs/distributed.md). Exits with the job's exit status.
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys


def _parser():
    p = argparse.ArgumentParser(prog="python -m tinytorch.distributed.run",
                                description="Start a training script on several ranks.")
    p.add_argument("--nnodes", default="1", help="must be 1 (one machine per launcher)")
    p.add_argument("--nproc-per-node", "--nproc_per_node", default="1",
                   help="ranks to start: a number, or 'cpu'/'auto' for one per CPU core")
    p.add_argument("--node-rank", "--node_rank", type=int, default=0)
    p.add_argument("--master-addr", "--master_addr", default="127.0.0.1")
    p.add_argument("--master-port", "--master_port", type=int, default=29500)
    p.add_argument("--standalone", action="store_true", help="accepted (one machine anyway)")
    p.add_argument("--max-restarts", "--max_restarts", type=int, default=0)
    p.add_argument("-m", "--module", action="store_true",
                   help="run the script as a module (python -m)")
    p.add_argument("--no-python", "--no_python", action="store_true",
                   help="run the script as a program, not with Python")
    p.add_argument("--mpiexec", default=None, help="the mpiexec to start the job with")
    p.add_argument("training_script")
    p.add_argument("training_script_args", nargs=argparse.REMAINDER)
    return p


def find_mpiexec():
    """The mpiexec beside this Python (the ``mpich`` wheel's), else the one on PATH."""
    beside = pathlib.Path(sys.executable).parent / "mpiexec"
    if beside.exists():
        return str(beside)
    found = shutil.which("mpiexec") or shutil.which("mpirun")
    if found is None:
        raise SystemExit("tinytorch.distributed.run: no mpiexec found; pip install "
                         "'tinytorch[distributed]' (the mpich wheel brings one) or put your "
                         "MPI's mpiexec on PATH")
    return found


def _nproc(value):
    if value in ("cpu", "auto"):
        return os.cpu_count() or 1
    n = int(value)
    if n < 1:
        raise SystemExit(f"tinytorch.distributed.run: --nproc-per-node must be >= 1, got {n}")
    return n


def command(args, mpiexec):
    """The mpiexec command line for ``args``."""
    n = _nproc(args.nproc_per_node)
    extra = []
    version = subprocess.run([mpiexec, "--version"], capture_output=True, text=True).stdout
    if "Open MPI" in version or "OpenRTE" in version:
        extra = ["--oversubscribe"]  # Open MPI refuses more ranks than cores without it
    mode = ["--no-python"] if args.no_python else ["-m"] if args.module else []
    return [mpiexec, "-n", str(n), *extra, sys.executable, "-m",
            "tinytorch.distributed._bootstrap", *mode, args.training_script,
            *args.training_script_args]


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.nnodes not in ("1", "1:1") or args.node_rank != 0:
        raise SystemExit("tinytorch.distributed.run starts the ranks of one machine; for several "
                         "machines start one MPI job across them, e.g. `mpiexec -hosts a,b -ppn "
                         "4 python train.py` (docs/distributed.md)")
    if args.max_restarts:
        raise SystemExit("tinytorch.distributed.run: --max-restarts is not supported (an MPI "
                         "job does not restart ranks)")
    n = _nproc(args.nproc_per_node)
    env = dict(os.environ, WORLD_SIZE=str(n), LOCAL_WORLD_SIZE=str(n), GROUP_RANK="0",
               MASTER_ADDR=args.master_addr, MASTER_PORT=str(args.master_port))
    if n > 1 and "OMP_NUM_THREADS" not in env:
        env["OMP_NUM_THREADS"] = "1"  # as torchrun: N ranks of N threads each overload the cores
    code = subprocess.run(command(args, args.mpiexec or find_mpiexec()), env=env).returncode
    if code:
        print(f"tinytorch.distributed.run: the job failed (exit status {code}); the failing "
              "rank's error is above", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
