"""Optimizer hooks: step pre/post hooks (per optimizer and global) and the state_dict and
load_state_dict hooks, run in PyTorch's order with PyTorch's arguments."""

import pytest

import tinytorch
import tinytorch.optim as optim
from tinytorch.optim import optimizer as optimizer_module

torch = pytest.importorskip("torch")
import torch.optim.optimizer as torch_optimizer_module  # noqa: E402

OPTIMIZERS = ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RMSprop", "Adagrad", "Adadelta"]


def _libs(lib):
    if lib == "tinytorch":
        return tinytorch, optim, optimizer_module
    return torch, torch.optim, torch_optimizer_module


def _optimizer(lib, name="SGD"):
    tensors, opt_lib, _ = _libs(lib)
    w = tensors.tensor([1.0, 2.0], requires_grad=True)
    w.grad = tensors.tensor([0.5, -1.0])
    return getattr(opt_lib, name)([w], lr=0.1), w


def _record_step_hooks(lib):
    """Register global and per-optimizer step hooks that log what they see; step twice."""
    _, _, module = _libs(lib)
    opt, w = _optimizer(lib)
    log = []

    def hook(name):
        def record(optimizer, args, kwargs):
            log.append((name, optimizer is opt, len(args), args[0] is opt, sorted(kwargs),
                        w.tolist()))
        return record
    handles = [module.register_optimizer_step_pre_hook(hook("global pre")),
               module.register_optimizer_step_post_hook(hook("global post")),
               opt.register_step_post_hook(hook("post 1")),
               opt.register_step_pre_hook(hook("pre 1")),
               opt.register_step_pre_hook(hook("pre 2")),
               opt.register_step_post_hook(hook("post 2"))]
    try:
        opt.step()
        log.append(("closure loss", opt.step(lambda: 3.0)))
        handles[2].remove()
        handles[0].remove()
        opt.step()
    finally:
        for handle in handles:
            handle.remove()
    opt.step()
    return log


def test_step_hooks_run_in_torch_order_with_torch_arguments():
    ours = _record_step_hooks("tinytorch")
    assert ours == _record_step_hooks("torch")
    assert [entry[0] for entry in ours[:6]] == ["global pre", "pre 1", "pre 2", "post 1",
                                                "post 2", "global post"]
    assert ours[0][-1] == [1.0, 2.0] and ours[3][-1] == pytest.approx([0.95, 2.1])


@pytest.mark.parametrize("lib", ["tinytorch", "torch"])
def test_step_pre_hook_can_replace_the_closure(lib):
    opt, w = _optimizer(lib)
    calls = []

    def replace(optimizer, args, kwargs):
        return (optimizer, lambda: calls.append("replacement") or 7.0), {}
    seen = []
    opt.register_step_pre_hook(replace)
    opt.register_step_post_hook(lambda optimizer, args, kwargs: seen.append(args[1]()))
    assert opt.step(lambda: calls.append("original") or 1.0) == 7.0
    assert calls == ["replacement", "replacement"] and seen == [7.0]
    assert w.tolist() == pytest.approx([0.95, 2.1])


@pytest.mark.parametrize("lib", ["tinytorch", "torch"])
def test_step_pre_hook_can_replace_kwargs(lib):
    opt, _ = _optimizer(lib)
    opt.register_step_pre_hook(lambda optimizer, args, kwargs: ((optimizer,),
                                                                {"closure": lambda: 5.0}))
    assert opt.step() == 5.0


def test_step_pre_hook_returning_something_else_raises_like_torch():
    for lib in ("torch", "tinytorch"):
        opt, _ = _optimizer(lib)
        opt.register_step_pre_hook(lambda optimizer, args, kwargs: "nope")
        with pytest.raises(RuntimeError, match=r"\.step at 0x[0-9a-f]+> must return None or a "
                                               r"tuple of \(new_args, new_kwargs\), but got "
                                               r"nope\.$"):
            opt.step()


def test_step_hooks_see_a_keyword_closure_as_a_positional_argument():
    opt, _ = _optimizer("tinytorch")
    seen = []
    opt.register_step_pre_hook(lambda optimizer, args, kwargs: seen.append((len(args), kwargs)))
    opt.step(closure=lambda: 1.0)
    assert seen == [(2, {})]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_global_step_hooks_run_for_every_optimizer(name):
    opt, w = _optimizer("tinytorch", name)
    seen = []
    pre = optimizer_module.register_optimizer_step_pre_hook(
        lambda optimizer, args, kwargs: seen.append(("pre", type(optimizer).__name__,
                                                     w.tolist())))
    post = optimizer_module.register_optimizer_step_post_hook(
        lambda optimizer, args, kwargs: seen.append(("post", type(optimizer).__name__,
                                                     w.tolist() != [1.0, 2.0])))
    try:
        opt.step()
    finally:
        pre.remove()
        post.remove()
    opt.step()
    assert seen == [("pre", name, [1.0, 2.0]), ("post", name, True)]


def test_removed_step_hooks_no_longer_run():
    opt, _ = _optimizer("tinytorch")
    seen = []
    with opt.register_step_pre_hook(lambda *hook_args: seen.append("pre")):
        handle = opt.register_step_post_hook(lambda *hook_args: seen.append("post"))
        opt.step()
        handle.remove()
        handle.remove()
        opt.step()
    opt.step()
    assert seen == ["pre", "post", "pre"]
    assert not opt._optimizer_step_pre_hooks and not opt._optimizer_step_post_hooks


def test_optimizer_subclass_overriding_step_impl_runs_the_hooks():
    class TwiceSGD(optim.SGD):
        def _step(self, closure=None):
            super()._step(closure)
            return super()._step(closure)

    w = tinytorch.tensor([1.0], requires_grad=True)
    w.grad = tinytorch.tensor([1.0])
    opt = TwiceSGD([w], lr=0.25)
    seen = []
    opt.register_step_post_hook(lambda optimizer, args, kwargs: seen.append(w.item()))
    opt.step()
    assert seen == [0.5]


def _record_state_dict_hooks(lib):
    opt, _ = _optimizer(lib)
    log = []
    opt.register_state_dict_pre_hook(lambda optimizer: log.append("sd pre"))
    opt.register_state_dict_pre_hook(lambda optimizer: log.append("sd pre first"),
                                     prepend=True)
    opt.register_state_dict_post_hook(
        lambda optimizer, state_dict: log.append(("sd post", sorted(state_dict))))
    opt.register_state_dict_post_hook(
        lambda optimizer, state_dict: dict(state_dict, extra=1))
    state_dict = opt.state_dict()
    log.append(("returned", sorted(state_dict)))

    def load_pre(optimizer, state_dict):
        log.append(("load pre", sorted(state_dict)))
        state_dict.pop("extra")
        loaded = dict(state_dict)
        loaded["param_groups"] = [dict(g, lr=0.5) for g in state_dict["param_groups"]]
        return loaded
    opt.register_load_state_dict_pre_hook(load_pre)
    opt.register_load_state_dict_post_hook(
        lambda optimizer: log.append(("load post", optimizer.param_groups[0]["lr"])))
    handle = opt.register_load_state_dict_post_hook(
        lambda optimizer: log.append("load post first"), prepend=True)
    opt.load_state_dict(state_dict)
    handle.remove()
    opt.load_state_dict(state_dict)
    log.append(("caller's dict untouched", sorted(state_dict)))
    return log


def test_state_dict_hooks_match_torch():
    ours = _record_state_dict_hooks("tinytorch")
    assert ours == _record_state_dict_hooks("torch")
    assert ours[:4] == ["sd pre first", "sd pre", ("sd post", ["param_groups", "state"]),
                        ("returned", ["extra", "param_groups", "state"])]
