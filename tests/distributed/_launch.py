"""Start a worker script on 2 ranks, by plain mpiexec or by tinytorch.distributed.run, with a
hard limit: a job that outlives it is killed with its whole process group and the test fails
(the failure tests' point is that nothing hangs)."""

import os
import pathlib
import signal
import subprocess
import sys

import pytest

pytest.importorskip("mpi4py", reason="tinytorch.distributed needs mpi4py (the 'distributed' "
                                     "extra)")

WORKERS = pathlib.Path(__file__).parent / "workers"
ROOT = pathlib.Path(__file__).resolve().parents[2]
LIMIT = 120  # seconds: far above a healthy run, far below CI's patience


def run_ranks(script, *args, n=2, launcher="mpiexec", limit=LIMIT):
    """Run ``workers/<script>`` on ``n`` ranks; return (exit status, stdout + stderr)."""
    from tinytorch.distributed import run
    path = str(WORKERS / script)  # an absolute path stays as it is
    if launcher == "mpiexec":
        cmd = [run.find_mpiexec(), "-n", str(n), sys.executable, path, *args]
    else:
        cmd = [sys.executable, "-m", "tinytorch.distributed.run", f"--nproc-per-node={n}",
               path, *args]
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"{script} {args} still running after {limit} s (hung):\n{out}")
    return proc.returncode, out
