"""tinytorch.multiprocessing: tensors shared (not copied) between processes, Hogwild
training of one model by several processes, spawn's error reporting."""

import sys

import pytest

import tinytorch
import tinytorch.multiprocessing as mp
from tinytorch import nn

fork = mp.get_context("fork")


def test_share_memory_moves_data_in_place():
    t = tinytorch.arange(6.0).reshape(2, 3)
    assert not t.is_shared()
    assert t.share_memory_() is t and t.is_shared()
    assert t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    data = t._data
    assert t.share_memory_()._data is data  # already shared: nothing moves
    t.add_(1)
    assert t[1, 2].item() == 6.0


def test_a_view_moves_alone():
    base = tinytorch.zeros(4)
    view = base[1:].share_memory_()
    assert view.is_shared() and not base.is_shared()
    view.add_(1)
    assert base.tolist() == [0.0] * 4 and view.tolist() == [1.0] * 3


def test_module_share_memory_shares_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    params = list(model.parameters())
    assert model.share_memory() is model
    assert all(p.is_shared() for p in model.parameters())
    assert all(b.is_shared() for b in model.buffers())
    assert [id(p) for p in model.parameters()] == [id(p) for p in params]


def _add_one(t):
    t.add_(1)


def test_forked_process_writes_to_shared_tensor():
    t = tinytorch.zeros(3).share_memory_()
    process = fork.Process(target=_add_one, args=(t,))
    process.start()
    process.join()
    assert process.exitcode == 0 and t.tolist() == [1.0, 1.0, 1.0]


def _receive_and_add(queue, done):
    tensor, param = queue.get()
    assert isinstance(param, nn.Parameter) and param.requires_grad
    tensor.add_(10)
    with tinytorch.no_grad():
        param.mul_(2)
    done.set()


def test_queue_sends_tensors_as_shared_memory():
    queue, done = fork.Queue(), fork.Event()
    tensor, param = tinytorch.ones(2), nn.Parameter(tinytorch.ones(3))
    process = fork.Process(target=_receive_and_add, args=(queue, done))
    process.start()
    queue.put((tensor, param))
    assert done.wait(30)
    process.join()
    assert process.exitcode == 0
    assert tensor.is_shared() and tensor.tolist() == [11.0, 11.0]  # sending shared it
    assert param.tolist() == [2.0, 2.0, 2.0]


def test_non_leaf_tensor_that_requires_grad_is_refused():
    from multiprocessing.reduction import ForkingPickler
    x = tinytorch.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="Cowardly refusing to serialize non-leaf tensor"):
        ForkingPickler.dumps(x)


def _train(rank, model, x, y, steps):
    optimizer = tinytorch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()


def _regression():
    tinytorch.manual_seed(0)
    x = tinytorch.randn(64, 4)
    y = x @ tinytorch.tensor([[1.0], [-2.0], [0.5], [3.0]])
    return nn.Linear(4, 1), x, y


def _loss(model, x, y):
    with tinytorch.no_grad():
        return nn.functional.mse_loss(model(x), y).item()


def test_hogwild_processes_train_one_shared_model():
    model, x, y = _regression()
    before = _loss(model, x, y)
    model.share_memory()
    mp.start_processes(_train, args=(model, x, y, 30), nprocs=2, start_method="fork")
    assert _loss(model, x, y) < before / 10


@pytest.mark.slow
def test_spawned_processes_train_one_shared_model():
    model, x, y = _regression()
    before = _loss(model, x, y)
    model.share_memory()
    mp.spawn(_train, args=(model, x, y, 30), nprocs=2)
    assert _loss(model, x, y) < before / 10


def _fail(rank):
    if rank == 1:
        raise ValueError("boom in process 1")


def test_start_processes_reports_a_childs_exception():
    with pytest.raises(mp.ProcessRaisedException) as raised:
        mp.start_processes(_fail, nprocs=2, start_method="fork")
    assert raised.value.error_index == 1
    assert "-- Process 1 terminated with the following error:" in str(raised.value)
    assert "ValueError: boom in process 1" in str(raised.value)


def _exit_3(rank):
    raise SystemExit(3)


def test_start_processes_reports_an_exit_code():
    with pytest.raises(mp.ProcessExitedException, match="process 0 terminated with exit code 3"):
        mp.start_processes(_exit_3, nprocs=1, start_method="fork")


def test_spawn_warns_for_another_start_method(monkeypatch):
    calls = []
    spawn_module = sys.modules["tinytorch.multiprocessing.spawn"]  # `mp.spawn` is the function
    monkeypatch.setattr(spawn_module, "start_processes", lambda *a, **k: calls.append(k))
    with pytest.warns(FutureWarning, match="only supports start_method=spawn"):
        mp.spawn(_fail, nprocs=1, start_method="fork")
    assert calls == [{"start_method": "spawn"}]


def test_sharing_strategies_are_pytorchs():
    assert mp.get_sharing_strategy() == "file_descriptor"
    assert mp.get_all_sharing_strategies() == {"file_descriptor", "file_system"}
    mp.set_sharing_strategy("file_system")
    assert mp.get_sharing_strategy() == "file_system"
    mp.set_sharing_strategy("file_descriptor")
    with pytest.raises(AssertionError, match="invalid sharing strategy 'shm'"):
        mp.set_sharing_strategy("shm")
