"""The Optimizer base: parameter groups, errors, zero_grad, state_dict format."""

import re

import numpy as np
import pytest

import tinytorch
import tinytorch.optim as optim

from tinytorch.optim.optimizer import required as tinytorch_required

torch = pytest.importorskip("torch")
from torch.optim.optimizer import required as torch_required  # noqa: E402


def _raises_like_torch(build_torch, build_ours):
    with pytest.raises(Exception) as expected:
        build_torch()
    with pytest.raises(expected.type, match="^" + re.escape(str(expected.value)) + "$"):
        build_ours()


@pytest.mark.parametrize("case", ["empty", "tensor", "non_tensor", "set", "duplicate_groups",
                                  "non_leaf", "names_mixed", "required"])
def test_optimizer_rejects_bad_params_like_torch(case):
    def build(lib, opt_lib):
        a = lib.zeros(2, requires_grad=True)
        b = lib.zeros(3, requires_grad=True)
        params = {
            "empty": [],
            "tensor": a,
            "non_tensor": [a, 1.5],
            "set": [{"params": {a}}],
            "duplicate_groups": [{"params": [a, b]}, {"params": [b]}],
            "non_leaf": [a * 2],
            "names_mixed": [("a", a), b],
        }.get(case, [a])
        if case == "required":
            return _needs_lr(opt_lib, params)
        return opt_lib.SGD(params, lr=0.1)
    _raises_like_torch(lambda: build(torch, torch.optim), lambda: build(tinytorch, optim))


def _needs_lr(opt_lib, params):
    required = (torch_required if opt_lib is torch.optim else tinytorch_required)

    class NeedsLr(opt_lib.Optimizer):
        def __init__(self, params):
            super().__init__([{"params": params}], {"lr": required})
    return NeedsLr(params)


def test_optimizer_warns_about_duplicate_params_in_a_group():
    a = tinytorch.zeros(2, requires_grad=True)
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optim.SGD([a, a], lr=0.1)


def test_optimizer_fills_group_defaults_and_keeps_group_options():
    a, b = tinytorch.zeros(2, requires_grad=True), tinytorch.zeros(3, requires_grad=True)
    opt = optim.Adam([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, amsgrad=True)
    assert opt.param_groups[0]["lr"] == 0.1 and opt.param_groups[1]["lr"] == 0.5
    assert opt.param_groups[1]["params"] == [b] and opt.param_groups[1]["amsgrad"] is True
    c = tinytorch.zeros(4, requires_grad=True)
    opt.add_param_group({"params": [c], "betas": (0.5, 0.6)})
    assert opt.param_groups[2]["betas"] == (0.5, 0.6) and opt.param_groups[2]["lr"] == 0.1
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})


def test_optimizer_named_params_are_kept_in_groups_and_state_dict():
    a, b = tinytorch.zeros(2, requires_grad=True), tinytorch.zeros(3, requires_grad=True)
    opt = optim.SGD([("w", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["w", "b"]
    assert opt.state_dict()["param_groups"][0]["param_names"] == ["w", "b"]


@pytest.mark.parametrize("set_to_none", [True, False])
def test_optimizer_zero_grad_resets_gradients(set_to_none, device):
    a = tinytorch.tensor([1.0, 2.0], device=device, requires_grad=True)
    (a * a).sum().backward()
    optim.SGD([a], lr=0.1).zero_grad(set_to_none=set_to_none)
    if set_to_none:
        assert a.grad is None
    else:
        assert a.grad.tolist() == [0.0, 0.0] and not a.grad.requires_grad


def test_optimizer_state_is_an_insertion_ordered_dict_keyed_by_param(device):
    params = [tinytorch.ones(2, device=device, requires_grad=True) for _ in range(3)]
    opt = optim.Adam(params, lr=0.1)
    params[2].grad = tinytorch.ones_like(params[2])
    opt.step()
    for p in params:
        p.grad = tinytorch.ones_like(p)
    opt.step()
    assert isinstance(opt.state, dict)
    assert list(opt.state) == [params[2], params[0], params[1]]
    assert list(opt.state_dict()["state"]) == [2, 0, 1]


def test_optimizer_load_state_dict_rejects_mismatched_groups():
    a, b = tinytorch.zeros(2, requires_grad=True), tinytorch.zeros(3, requires_grad=True)
    saved = optim.SGD([a, b], lr=0.1).state_dict()
    with pytest.raises(ValueError, match="different number of parameter groups"):
        optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1).load_state_dict(saved)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        optim.SGD([a], lr=0.1).load_state_dict(saved)


def test_optimizer_load_state_dict_copies_state_to_param_dtype_and_device(device):
    src = tinytorch.ones(2, dtype=tinytorch.float64, requires_grad=True)
    src.grad = tinytorch.ones_like(src)
    opt = optim.SGD([src], lr=0.1, momentum=0.9)
    opt.step()
    dst = tinytorch.ones(2, dtype=tinytorch.float32, device=device, requires_grad=True)
    opt2 = optim.SGD([dst], lr=0.5, momentum=0.9)
    opt2.load_state_dict(opt.state_dict())
    buf = opt2.state[dst]["momentum_buffer"]
    assert buf.dtype == tinytorch.float32 and buf.device == dst.device
    assert opt2.param_groups[0]["lr"] == 0.1 and opt2.param_groups[0]["params"] == [dst]
    opt.state[src]["momentum_buffer"].fill_(5.0)
    np.testing.assert_allclose(buf.cpu().numpy(), [1.0, 1.0])


def test_optimizer_repr_lists_group_options_like_torch():
    ours = optim.SGD([tinytorch.zeros(2, requires_grad=True)], lr=0.1, momentum=0.9)
    theirs = torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1, momentum=0.9)
    assert repr(ours) == repr(theirs)


def test_optimizer_rejects_gradient_of_another_dtype():
    a = tinytorch.zeros(2, dtype=tinytorch.float64, requires_grad=True)
    with pytest.raises(RuntimeError, match="a gradient with dtype 'float' to a tensor with "
                                           "grad_dtype 'Double'"):
        a.grad = tinytorch.ones(2, dtype=tinytorch.float32)  # refused as PyTorch refuses it
    a.grad = tinytorch.zeros(2, dtype=tinytorch.float64)
    a.grad.data = tinytorch.ones(2, dtype=tinytorch.float32)  # .data may change the dtype
    with pytest.raises(RuntimeError, match="gradient has dtype .*float32.* parameter has dtype"):
        optim.SGD([a], lr=0.1).step()


def test_optimizer_differentiable_is_not_supported():
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        optim.Adam([tinytorch.zeros(2, requires_grad=True)], differentiable=True)


def test_optimizer_adagrad_creates_state_at_construction_like_torch():
    ours = optim.Adagrad([tinytorch.zeros(2, requires_grad=True)], initial_accumulator_value=0.3)
    theirs = torch.optim.Adagrad([torch.zeros(2, requires_grad=True)],
                                 initial_accumulator_value=0.3)
    state, expected = ours.state_dict()["state"][0], theirs.state_dict()["state"][0]
    assert list(state) == list(expected)
    np.testing.assert_allclose(state["sum"].numpy(), expected["sum"].numpy())
    assert state["step"].dtype == tinytorch.float32 and state["step"].item() == 0.0


def test_optim_is_importable_as_torch_optim():
    import tinytorch.optim as optim_module
    from tinytorch.optim import lr_scheduler
    assert tinytorch.optim is optim_module
    assert lr_scheduler.StepLR is tinytorch.optim.lr_scheduler.StepLR


def test_optimizer_updates_nn_parameters(device):
    parameter = getattr(getattr(tinytorch, "nn", None), "Parameter", None)
    if parameter is None:
        pytest.skip("tinytorch.nn.Parameter is not available on this branch")
    w = parameter(tinytorch.tensor([1.0, 2.0], device=device))
    opt = optim.SGD([w], lr=0.1, momentum=0.9)
    (w * w).sum().backward()
    opt.step()
    assert type(w) is parameter
    np.testing.assert_allclose(w.detach().cpu().numpy(), [0.8, 1.6], rtol=1e-6)


def test_optimizer_rejects_gradient_of_another_shape():
    a = tinytorch.zeros(2, requires_grad=True)
    a.grad = tinytorch.zeros(2)
    a.grad.data = tinytorch.ones(3)  # .data may change the shape; assigning .grad may not
    with pytest.raises(RuntimeError, match=r"gradient has shape \[3\] but the parameter has "
                                           r"shape \[2\]"):
        optim.Adam([a]).step()
