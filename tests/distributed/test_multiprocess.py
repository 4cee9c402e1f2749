"""tinytorch.distributed on 2 real processes: collectives against NumPy, DDP against one
process, failures that must end the job with a clear error instead of hanging, and a PyTorch
DDP script under both launchers. Each test starts one MPI job (a few seconds each)."""

import os
import pathlib
import sys

import pytest

from tests.distributed._launch import run_ranks

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "ddp_train.py"
FASHION = "/usr/share/datasets/fashion-mnist"


def _assert_each_rank(out, checks, n=2):
    for check in checks:
        for rank in range(n):
            assert f"rank {rank}: {check} ok" in out, out


def test_every_collective_matches_numpy():
    code, out = run_ranks("collectives.py")
    assert code == 0, out
    _assert_each_rank(out, ["all_reduce SUM", "all_reduce AVG", "all_reduce PRODUCT",
                            "all_reduce MIN", "all_reduce MAX", "all_reduce float32",
                            "all_reduce int64", "all_reduce float16", "bfloat16 refused",
                            "all_reduce bool",
                            "all_reduce non-contiguous", "all_reduce async_op", "broadcast",
                            "reduce", "all_gather", "all_gather_into_tensor",
                            "reduce_scatter_tensor", "scatter", "objects"])
    for check in ["gather", "send/recv", "isend/irecv", "new_group"]:
        assert f": {check} ok" in out, out
    assert "rank 0: done" in out and "rank 1: done" in out, out


def test_ddp_behaviours_match_pytorch_semantics():
    code, out = run_ranks("ddp_features.py")
    assert code == 0, out
    _assert_each_rank(out, ["parameters broadcast from rank 0", "buckets in reverse parameter "
                            "order", "state dict keys carry module.", "all-reduce overlaps "
                            "backward", "training equals one process", "unused on one rank: "
                            "averaged", "unused on every rank: .grad stays None",
                            "unfinished reduction raises", "buffers broadcast at forward"])


def test_rank_that_raises_stops_the_others_at_once():
    # rank 0 waits in all_reduce with a 60 s timeout; rank 1's exception aborts the job
    code, out = run_ranks("failures.py", "raise", "60", launcher="run", limit=50)
    assert code != 0
    assert "ValueError: rank 1 failed on purpose" in out
    assert "rank 1 raised ValueError; aborting the process group" in out
    assert "tinytorch.distributed.run: the job failed" in out
    assert "rank 0 finished" not in out


def test_rank_that_dies_ends_the_job():
    code, out = run_ranks("failures.py", "die", "60", limit=50)
    assert code != 0, out
    assert "rank 0 finished" not in out


def test_rank_that_leaves_makes_the_others_time_out():
    code, out = run_ranks("failures.py", "leave", "2")
    assert code != 0
    assert "DistBackendError: all_reduce timed out after 2 s on rank 0 of 2" in out, out
    assert "rank 0 raised DistBackendError; aborting the process group" in out


def test_mismatched_calls_raise_on_every_rank_naming_op_and_shapes():
    code, out = run_ranks("failures.py", "mismatch", "30")
    assert code == 0, out
    for rank in range(2):
        for message in [
            "all_reduce: the ranks' calls do not match: rank 0 calls all_reduce with a "
            "torch.float32 tensor of shape [2, 3]; rank 1 calls all_reduce with a torch.float32 "
            "tensor of shape [2, 4]",
            "rank 0 calls all_reduce with a torch.int64 tensor of shape [4]; rank 1 calls "
            "all_reduce with a torch.float32 tensor of shape [4]",
            "rank 0 calls broadcast with a torch.float32 tensor of shape [2], root 0; rank 1 "
            "calls broadcast with a torch.float32 tensor of shape [2], root 1",
            "rank 0 calls barrier; rank 1 calls all_reduce",
            "TypeError: broadcast_object_list: rank 0's objects cannot travel as JSON",
            "RuntimeError: DDP expects same model across all ranks"]:
            assert f"rank {rank} caught" in out and message in out, (message, out)
    assert ("rank 1 caught RuntimeError: recv: rank 0 sent a torch.float32 tensor of shape [3], "
            "but rank 1 receives into a torch.float32 tensor of shape [5]") in out
    assert "rank 1 received [7.0, 7.0] after the mismatch" in out
    assert "rank 0: no error" in out and "rank 1: no error" in out


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir(FASHION), reason="apt-get install dataset-fashion-mnist")
def test_pytorch_ddp_script_equals_one_process_under_both_launchers(tmp_path):
    """examples/ddp_train.py (a PyTorch DDP script: init_process_group, DistributedSampler,
    DDP, no_sync, save on rank 0) ends with the weights of one process on the global batch."""
    import subprocess

    import tinytorch
    flags = ["--limit", "80", "--epochs", "2", "--batch-size", "20", "--accumulate", "2",
             "--dtype", "float64", "--save"]
    single = subprocess.run([sys.executable, str(EXAMPLE), *flags, str(tmp_path / "one")],
                            capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, OMP_NUM_THREADS="1"))
    assert single.returncode == 0, single.stdout + single.stderr
    reference = tinytorch.load(tmp_path / "one")
    for launcher in ("run", "mpiexec"):
        code, out = run_ranks(EXAMPLE, *flags, str(tmp_path / launcher), launcher=launcher)
        assert code == 0 and "world_size=2" in out, out
        trained = tinytorch.load(tmp_path / launcher)
        assert list(trained) == list(reference)
        for name, value in reference.items():
            assert (trained[name] - value).abs().max().item() < 1e-10, (launcher, name)
