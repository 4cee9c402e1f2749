"""The NCCL transport on a machine with GPUs (one rank per GPU, up to 2): part of
scripts/gpu_check.sh; skipped without CUDA and NCCL."""

import pytest

from tests.distributed._launch import run_ranks


@pytest.mark.cuda
def test_nccl_collectives_and_ddp_on_cuda():
    import tinytorch
    import tinytorch.distributed as dist
    if not tinytorch.cuda.is_available() or not dist.is_nccl_available():
        pytest.skip("needs a GPU and NCCL (pip install 'nvidia-nccl-cu12>=2.18,<3')")
    n = min(2, tinytorch.cuda.device_count())
    code, out = run_ranks("nccl_collectives.py", n=n)
    assert code == 0, out
    for check in ["all_reduce SUM", "all_reduce AVG", "broadcast", "all_gather_into_tensor",
                  "all_gather", "reduce_scatter_tensor", "DDP on cuda equals DDP on cpu"]:
        for rank in range(n):
            assert f"rank {rank}: {check} ok" in out, out
