"""optim.swa_utils against torch.optim.swa_utils in float64: averaged weights and buffers over
several updates, SWALR's learning-rate sequence alone and after another scheduler, and
update_bn's running statistics."""

import numpy as np
import pytest

import tinytorch
from tinytorch.optim import swa_utils

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def _model(lib, device=None):
    kw = {"device": device} if device else {}
    nn = lib.nn
    return nn.Sequential(nn.Linear(3, 4, dtype=lib.float64, **kw),
                         nn.BatchNorm1d(4, dtype=lib.float64, **kw), nn.ReLU(),
                         nn.Linear(4, 2, dtype=lib.float64, **kw))


def _load(ours, theirs, state, device):
    ours.load_state_dict({k: tinytorch.tensor(v, device=device) for k, v in state.items()})
    theirs.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state.items()})


def _random_state(theirs):
    return {k: (RNG.standard_normal(v.shape) if v.is_floating_point()
                else np.asarray(v.numpy() + 1))
            for k, v in theirs.state_dict().items()}


def _numpy_state(module):
    return {k: v.detach().cpu().numpy() for k, v in module.state_dict().items()}


def _averaging(lib):
    utils = swa_utils if lib is tinytorch else torch.optim.swa_utils
    return {"swa": {}, "swa_multi": {"multi_avg_fn": utils.get_swa_multi_avg_fn()},
            "ema": {"avg_fn": utils.get_ema_avg_fn(0.7)},
            "ema_multi": {"multi_avg_fn": utils.get_ema_multi_avg_fn(0.7)}}


@pytest.mark.parametrize("use_buffers", [False, True], ids=["params", "buffers"])
@pytest.mark.parametrize("how", ["swa", "swa_multi", "ema", "ema_multi"])
def test_averaged_model_equals_torch(how, use_buffers, device):
    if how == "swa_multi" and use_buffers:
        pytest.skip("PyTorch's foreach addcdiv refuses the int64 num_batches_tracked buffer")
    ours_model, theirs_model = _model(tinytorch, device), _model(torch)
    ours = swa_utils.AveragedModel(ours_model, use_buffers=use_buffers,
                                   **_averaging(tinytorch)[how])
    theirs = torch.optim.swa_utils.AveragedModel(theirs_model, use_buffers=use_buffers,
                                                 **_averaging(torch)[how])
    x = RNG.standard_normal((5, 3))
    for _ in range(4):
        _load(ours_model, theirs_model, _random_state(theirs_model), device)
        ours_model(tinytorch.tensor(x, device=device))
        theirs_model(torch.from_numpy(x))
        ours.update_parameters(ours_model)
        theirs.update_parameters(theirs_model)
        mine, expected = _numpy_state(ours), _numpy_state(theirs)
        assert list(mine) == list(expected)
        for key in expected:
            np.testing.assert_allclose(mine[key], expected[key], rtol=1e-14, atol=1e-15,
                                       err_msg=key)
            assert mine[key].dtype == expected[key].dtype, key


def test_averaged_model_forward_and_state_dict_round_trip():
    model = _model(tinytorch)
    averaged = swa_utils.AveragedModel(model)
    assert averaged.module is not model
    averaged.update_parameters(model)
    x = tinytorch.randn(2, 3, dtype=tinytorch.float64)
    model.eval(), averaged.eval()
    np.testing.assert_array_equal(averaged(x).detach().numpy(), model(x).detach().numpy())
    again = swa_utils.AveragedModel(_model(tinytorch))
    again.load_state_dict(averaged.state_dict())
    assert int(again.n_averaged) == 1
    assert again.n_averaged.dtype == tinytorch.int64


def test_averaged_model_refuses_two_averaging_functions():
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        swa_utils.AveragedModel(_model(tinytorch), avg_fn=swa_utils.get_swa_avg_fn(),
                                multi_avg_fn=swa_utils.get_swa_multi_avg_fn())


@pytest.mark.parametrize("factory", [swa_utils.get_ema_avg_fn, swa_utils.get_ema_multi_avg_fn])
def test_ema_decay_outside_unit_interval_raises(factory):
    with pytest.raises(ValueError, match=r"Invalid decay value 1.5 provided. Please provide a "
                                         r"value in \[0,1\] range."):
        factory(1.5)


def _sgd(lib):
    params = [lib.zeros(2, requires_grad=True), lib.zeros(3, requires_grad=True)]
    return lib.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.05}],
                         lr=0.1, momentum=0.9)


def _lrs(lib, kwargs, before=0):
    """lr of each group after construction and each step: ``before`` steps of cosine
    annealing, then SWALR."""
    opt = _sgd(lib)
    utils = swa_utils if lib is tinytorch else torch.optim.swa_utils
    cosine = lib.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)
    swa = utils.SWALR(opt, **kwargs)
    out = [[g["lr"] for g in opt.param_groups]]
    for step in range(16):
        opt.step()
        (cosine if step < before else swa).step()
        out.append([g["lr"] for g in opt.param_groups])
    return out, swa


SWALR_CASES = [{"swa_lr": 0.01}, {"swa_lr": [0.01, 0.2], "anneal_epochs": 3},
               {"swa_lr": 0.02, "anneal_epochs": 5, "anneal_strategy": "linear"},
               {"swa_lr": 0.02, "anneal_epochs": 0}, {"swa_lr": 0.5, "anneal_epochs": 1}]


@pytest.mark.parametrize("before", [0, 4], ids=["alone", "after-cosine"])
@pytest.mark.parametrize("kwargs", SWALR_CASES, ids=[str(k) for k in SWALR_CASES])
def test_swalr_sequence_equals_torch(kwargs, before):
    assert _lrs(tinytorch, kwargs, before)[0] == _lrs(torch, kwargs, before)[0]


def test_swalr_state_dict_resumes_with_its_annealing():
    _, sched = _lrs(tinytorch, {"swa_lr": 0.01, "anneal_strategy": "linear"})
    state = sched.state_dict()
    assert "anneal_func" not in state and "optimizer" not in state
    other = swa_utils.SWALR(_sgd(tinytorch), swa_lr=0.3)
    other.load_state_dict(state)
    assert other.anneal_func(0.25) == 0.25


@pytest.mark.parametrize("kwargs, message", [
    ({"swa_lr": 0.1, "anneal_strategy": "exp"},
     "anneal_strategy must be one of 'cos' or 'linear', instead got exp"),
    ({"swa_lr": 0.1, "anneal_epochs": -1}, "anneal_epochs must be equal or greater than 0, got -1"),
    ({"swa_lr": 0.1, "anneal_epochs": 2.0},
     "anneal_epochs must be equal or greater than 0, got 2.0"),
    ({"swa_lr": [0.1]}, "swa_lr must have the same length as optimizer.param_groups"),
])
def test_swalr_bad_arguments_raise_like_torch(kwargs, message):
    with pytest.raises(ValueError, match=message):
        swa_utils.SWALR(_sgd(tinytorch), **kwargs)
    with pytest.raises(ValueError, match=message):
        torch.optim.swa_utils.SWALR(_sgd(torch), **kwargs)


def test_update_bn_equals_torch(device):
    x = RNG.standard_normal((10, 3))
    y = RNG.standard_normal(10)
    ours_model, theirs_model = _model(tinytorch, device), _model(torch)
    _load(ours_model, theirs_model, _random_state(theirs_model), device)
    ours_model.eval(), theirs_model.eval()
    ours_loader = tinytorch.utils.data.DataLoader(tinytorch.utils.data.TensorDataset(
        tinytorch.tensor(x), tinytorch.tensor(y)), batch_size=4)
    theirs_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(
        torch.from_numpy(x), torch.from_numpy(y)), batch_size=4)
    swa_utils.update_bn(ours_loader, ours_model, device=device)
    torch.optim.swa_utils.update_bn(theirs_loader, theirs_model)
    mine, expected = _numpy_state(ours_model), _numpy_state(theirs_model)
    for key in ("1.running_mean", "1.running_var", "1.num_batches_tracked"):
        np.testing.assert_allclose(mine[key], expected[key], rtol=1e-13, err_msg=key)
    assert not ours_model.training
    assert ours_model[1].momentum == 0.1


def test_update_bn_skips_models_without_batch_norm():
    model = tinytorch.nn.Linear(2, 2)
    swa_utils.update_bn([tinytorch.randn(3, 2)], model)
    assert model.training
