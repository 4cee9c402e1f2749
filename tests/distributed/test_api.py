"""tinytorch.distributed in one process, without starting MPI: argument errors, the launcher's
command line, DDP's bucket layout and graph walk, SyncBatchNorm outside a group."""

import subprocess
import sys

import pytest

import tinytorch
import tinytorch.distributed as dist
from tinytorch import nn
from tinytorch.distributed import run
from tinytorch.nn.parallel import distributed as ddp


def test_import_tinytorch_loads_no_mpi_library():
    code = "import sys, tinytorch; sys.exit('mpi4py' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_collectives_before_init_raise_pytorchs_error():
    assert not dist.is_initialized()
    for call in (dist.get_rank, dist.get_world_size, dist.barrier,
                 lambda: dist.all_reduce(tinytorch.ones(2))):
        with pytest.raises(ValueError, match="Default process group has not been initialized, "
                                             "please make sure to call init_process_group."):
            call()


def test_init_process_group_rejects_unknown_backend_and_store():
    with pytest.raises(ValueError, match="Invalid backend: 'ucc'"):
        dist.init_process_group("ucc")
    with pytest.raises(ValueError, match="store= is not supported"):
        dist.init_process_group("mpi", store=object())
    with pytest.raises(TypeError, match="datetime.timedelta"):
        dist.init_process_group("mpi", timeout=30)


def test_reduce_op_names():
    assert [op.name for op in dist.ReduceOp] == ["SUM", "AVG", "PRODUCT", "MIN", "MAX", "BAND",
                                                 "BOR", "BXOR"]


@pytest.mark.parametrize("argv,message", [
    (["--nnodes", "2", "train.py"], "starts the ranks of one machine"),
    (["--max-restarts", "3", "train.py"], "--max-restarts is not supported"),
    (["--nproc-per-node", "0", "train.py"], "--nproc-per-node must be >= 1")])
def test_launcher_rejects_what_an_mpi_job_cannot_do(argv, message):
    with pytest.raises(SystemExit, match=message):
        run.main(argv)


def test_launcher_runs_the_script_through_mpiexec_and_the_bootstrap():
    args = run._parser().parse_args(["--nproc_per_node=3", "--master-port", "1234", "-m",
                                     "pkg.train", "--lr", "0.1"])
    cmd = run.command(args, "/bin/true")
    assert cmd[:3] == ["/bin/true", "-n", "3"]
    assert cmd[3:] == [sys.executable, "-m", "tinytorch.distributed._bootstrap", "-m",
                       "pkg.train", "--lr", "0.1"]


def test_ddp_buckets_follow_reverse_parameter_order_within_the_cap():
    params = [nn.Parameter(tinytorch.zeros(n)) for n in (10, 20, 30, 5)]
    params.append(nn.Parameter(tinytorch.zeros(4, dtype=tinytorch.float64)))
    buckets = ddp._assign_buckets(params, cap_bytes=35 * 4)
    layout = [[p.numel() for p in b.params] for b in buckets]
    assert layout == [[4], [5, 30], [20, 10]]  # the float64 one alone: one dtype per bucket
    assert buckets[1].buffer.numel() == 35
    assert buckets[2].slots[1].numel() == 10


def test_ddp_graph_walk_finds_the_parameters_an_output_uses():
    used, unused = nn.Linear(2, 2), nn.Linear(2, 2)
    out = {"y": [used(tinytorch.ones(1, 2)) * 2]}
    found = ddp._reachable_leaves(out)
    assert {id(used.weight), id(used.bias)} <= found
    assert not {id(unused.weight), id(unused.bias)} & found


def test_ddp_needs_a_process_group():
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        nn.parallel.DistributedDataParallel(nn.Linear(2, 2))


@pytest.mark.parametrize("shape,plain", [((6, 3), nn.BatchNorm1d), ((4, 3, 5), nn.BatchNorm1d),
                                         ((2, 3, 4, 4), nn.BatchNorm2d)])
def test_sync_batchnorm_outside_a_group_is_batchnorm(shape, plain):
    tinytorch.manual_seed(0)
    x = tinytorch.randn(*shape)
    sync, ref = nn.SyncBatchNorm(3), plain(3)
    for mode in ("train", "eval"):
        getattr(sync, mode)()
        getattr(ref, mode)()
        assert tinytorch.allclose(sync(x), ref(x))
    assert tinytorch.allclose(sync.running_var, ref.running_var)


def test_convert_sync_batchnorm_shares_parameters_and_statistics():
    net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4),
                        nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4, affine=False)))
    net[1].running_mean.fill_(2.0)
    net.eval()
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    assert type(converted[1]) is nn.SyncBatchNorm and type(converted[2][1]) is nn.SyncBatchNorm
    assert converted[1].weight is net[1].weight
    assert converted[1].running_mean is net[1].running_mean
    assert converted[2][1].weight is None and not converted[1].training
    assert list(converted.state_dict()) == list(net.state_dict())


def test_convert_sync_batchnorm_leaves_instance_norm_alone():
    # PyTorch's InstanceNorm is no _BatchNorm, so convert_sync_batchnorm keeps it
    net = nn.Sequential(nn.InstanceNorm1d(3, track_running_stats=True), nn.BatchNorm1d(3))
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    assert type(converted[0]) is nn.InstanceNorm1d and type(converted[1]) is nn.SyncBatchNorm
