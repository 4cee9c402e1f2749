import numpy as np
import pytest

import tinytorch
from tinytorch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 3)
        self.register_buffer("steps", tinytorch.zeros(1))
        self.scale = nn.Parameter(tinytorch.ones(1))
        self.register_buffer("cache", tinytorch.zeros(2), persistent=False)
        self.block = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
        self.fc2 = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc2(self.block(self.fc1(x))) * self.scale


def test_module_registers_members_in_assignment_order():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == [
        "scale", "fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias", "fc2.weight",
        "fc2.bias"]
    assert [n for n, _ in net.named_buffers()] == ["steps", "cache"]
    assert [n for n, _ in net.named_children()] == ["fc1", "block", "fc2"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "block", "block.0", "block.1",
                                                   "fc2"]
    assert len(list(net.parameters(recurse=False))) == 1


def test_module_state_dict_keys_follow_pytorch_order():
    net = Net()
    assert list(net.state_dict()) == [
        "scale", "steps", "fc1.weight", "fc1.bias", "block.0.weight", "block.0.bias",
        "fc2.weight", "fc2.bias"]


def test_module_state_dict_matches_torch_for_same_architecture():
    torch = pytest.importorskip("torch")

    class TorchNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = torch.nn.Linear(4, 3)
            self.register_buffer("steps", torch.zeros(1))
            self.scale = torch.nn.Parameter(torch.ones(1))
            self.register_buffer("cache", torch.zeros(2), persistent=False)
            self.block = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.ReLU())
            self.fc2 = torch.nn.Linear(3, 2)

    ours, theirs = Net().state_dict(), TorchNet().state_dict()
    assert list(ours) == list(theirs)
    assert [tuple(v.shape) for v in ours.values()] == [tuple(v.shape) for v in theirs.values()]


def test_module_shared_parameter_listed_once():
    net = nn.Module()
    lin = nn.Linear(2, 2)
    net.a = lin
    net.b = lin
    assert [n for n, _ in net.named_parameters()] == ["a.weight", "a.bias"]
    assert list(net.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias"]
    assert [n for n, _ in net.named_parameters(remove_duplicate=False)] == [
        "a.weight", "a.bias", "b.weight", "b.bias"]


def test_module_setattr_rejects_wrong_types():
    net = Net()
    with pytest.raises(TypeError, match="cannot assign 'torch.FloatTensor' as parameter "
                                        "'scale'"):
        net.scale = tinytorch.ones(1)
    with pytest.raises(TypeError, match="as child module 'fc1'"):
        net.fc1 = 3
    with pytest.raises(TypeError, match="as buffer 'steps'"):
        net.steps = 3
    net.scale = None
    assert "scale" not in dict(net.named_parameters())


def test_module_register_errors_match_pytorch():
    net = Net()
    with pytest.raises(KeyError, match="attribute 'fc1' already exists"):
        net.register_buffer("fc1", tinytorch.ones(1))
    with pytest.raises(KeyError, match="contain"):
        net.register_parameter("a.b", None)
    with pytest.raises(TypeError, match="is not a Module subclass"):
        net.add_module("x", 3)
    with pytest.raises(ValueError, match="Cannot assign non-leaf Tensor"):
        leaf = nn.Parameter(tinytorch.ones(1))
        p = nn.Parameter(leaf * 2)
        p._grad_fn = (leaf * 2).grad_fn  # (read-only in PyTorch: test scaffolding)
        net.register_parameter("y", p)


def test_module_setattr_before_init_raises():
    class Bad(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(tinytorch.ones(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Bad()


def test_module_getattr_errors_and_delattr_unregisters():
    net = Net()
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'nope'"):
        net.nope
    del net.fc2
    del net.steps
    assert "fc2" not in dict(net.named_children())
    assert "steps" not in dict(net.named_buffers())


def test_module_forward_missing_raises():
    with pytest.raises(NotImplementedError, match=r'Module \[Module\] is missing the required '
                                                  '"forward" function'):
        nn.Module()(1)


def test_module_train_eval_propagates():
    net = Net()
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        net.train("yes")


def test_module_zero_grad_sets_none_or_zero():
    net = Net()
    net(tinytorch.randn(2, 4)).sum().backward()
    grads = [p.grad for p in net.parameters()]
    assert all(g is not None for g in grads)
    net.zero_grad(set_to_none=False)
    assert all(p.grad is g for p, g in zip(net.parameters(), grads))
    assert all(not g.numpy().any() for g in grads)
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_module_apply_visits_children_first_and_requires_grad_freezes():
    net = Net()
    seen = []
    assert net.apply(lambda m: seen.append(type(m).__name__)) is net
    assert seen == ["Linear", "Linear", "ReLU", "Sequential", "Linear", "Net"]
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_module_to_dtype_keeps_parameter_identity(device):
    net = Net().to(device)
    params = list(net.parameters())
    net(tinytorch.randn(2, 4, device=device)).sum().backward()
    assert net.double() is net
    assert [id(p) for p in net.parameters()] == [id(p) for p in params]
    assert all(p.dtype is tinytorch.float64 and p.grad.dtype is tinytorch.float64
               for p in params)
    assert net.steps.dtype is tinytorch.float64
    out = net(tinytorch.randn(2, 4, dtype=tinytorch.float64, device=device))
    assert out.dtype is tinytorch.float64
    net.to(tinytorch.float32)
    assert all(type(p) is nn.Parameter and p.dtype is tinytorch.float32 for p in params)


def test_module_to_device_moves_everything(device):
    net = Net()
    params = list(net.parameters())
    net.to(device)
    assert [id(p) for p in net.parameters()] == [id(p) for p in params]
    assert all(t.device.type == device for t in net.state_dict().values())
    assert net.cache.device.type == device
    net.cpu()
    assert all(t.device.type == "cpu" for t in net.state_dict().values())


def test_module_to_rejects_integer_dtype():
    with pytest.raises(TypeError, match="only accepts floating point"):
        Net().to(tinytorch.int64)


def test_module_to_leaves_integer_buffers_alone():
    bn = nn.BatchNorm1d(3).double()
    assert bn.num_batches_tracked.dtype is tinytorch.int64
    assert bn.running_mean.dtype is tinytorch.float64


def test_module_forward_hooks_run_and_can_replace_values():
    lin = nn.Linear(2, 2)
    calls = []

    def pre(module, args):
        calls.append("pre")
        return (args[0] * 0,)

    def post(module, args, output):
        calls.append("post")
        return output + 1

    h1 = lin.register_forward_pre_hook(pre)
    h2 = lin.register_forward_hook(post)
    out = lin(tinytorch.ones(1, 2))
    np.testing.assert_allclose(out.detach().numpy(), lin.bias.detach().numpy()[None] + 1,
                               rtol=1e-6)
    assert calls == ["pre", "post"]
    h1.remove()
    with h2:
        pass
    out = lin(tinytorch.zeros(1, 2))
    np.testing.assert_allclose(out.detach().numpy(), lin.bias.detach().numpy()[None])
    assert calls == ["pre", "post"]


def test_module_hooks_with_kwargs_and_prepend():
    order = []
    m = nn.Identity()
    m.register_forward_hook(lambda mod, a, o: order.append("second"))
    m.register_forward_hook(lambda mod, a, o: order.append("first"), prepend=True)

    def pre(mod, args, kwargs):
        return (args[0] + 1,), kwargs

    m.register_forward_pre_hook(pre, with_kwargs=True)
    assert m(1) == 2
    assert order == ["first", "second"]


def test_module_load_state_dict_roundtrip():
    a, b = Net(), Net()
    result = b.load_state_dict(a.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == "<All keys matched successfully>"
    for (ka, va), (kb, vb) in zip(a.state_dict().items(), b.state_dict().items()):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())


def test_module_load_state_dict_strict_errors_match_torch():
    torch = pytest.importorskip("torch")
    sd = {"weight": tinytorch.zeros(3, 3), "foo": tinytorch.zeros(1)}
    with pytest.raises(RuntimeError) as ours:
        nn.Linear(2, 3).load_state_dict(sd)
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.Linear(2, 3).load_state_dict({"weight": torch.zeros(3, 3),
                                               "foo": torch.zeros(1)})
    assert str(ours.value) == str(theirs.value)


def test_module_load_state_dict_non_strict_reports_keys():
    lin = nn.Linear(2, 3)
    result = lin.load_state_dict({"weight": tinytorch.ones(3, 2), "extra": tinytorch.ones(1)},
                                 strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["extra"]
    np.testing.assert_array_equal(lin.weight.detach().numpy(), np.ones((3, 2)))
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        lin.load_state_dict({"weight": tinytorch.ones(2, 2)}, strict=False)
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like"):
        lin.load_state_dict([1, 2])


def test_module_load_state_dict_copies_in_place_or_assigns():
    lin = nn.Linear(2, 3)
    weight = lin.weight
    new = {"weight": tinytorch.ones(3, 2), "bias": tinytorch.zeros(3)}
    lin.load_state_dict(new)
    assert lin.weight is weight
    lin.load_state_dict(new, assign=True)
    assert lin.weight is not weight and type(lin.weight) is nn.Parameter
    assert lin.weight.requires_grad


def test_module_state_dict_detaches_unless_keep_vars():
    lin = nn.Linear(2, 3)
    assert not lin.state_dict()["weight"].requires_grad
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight
    assert list(lin.state_dict(prefix="model.")) == ["model.weight", "model.bias"]


def test_module_get_submodule_and_parameter_resolve_dotted_paths():
    net = Net()
    assert net.get_submodule("block.0") is net.block[0]
    assert net.get_parameter("block.0.bias") is net.block[0].bias
    assert net.get_buffer("steps") is net.steps
    with pytest.raises(AttributeError, match="Sequential has no attribute `7`"):
        net.get_submodule("block.7")
    with pytest.raises(AttributeError, match="`steps` is not an nn.Parameter"):
        net.get_parameter("steps")


def test_module_repr_matches_torch():
    torch = pytest.importorskip("torch")

    def build(lib):
        n = lib.nn
        return n.Sequential(
            n.Conv2d(1, 4, 3, padding=1), n.BatchNorm2d(4), n.ReLU(), n.MaxPool2d(2),
            n.Conv1d(2, 3, 2, bias=False), n.ConvTranspose2d(3, 2, 2, stride=2),
            n.AvgPool2d(2), n.AvgPool1d(3), n.AdaptiveAvgPool2d((1, 1)),
            n.AdaptiveMaxPool2d(2), n.Flatten(), n.Unflatten(1, (2, 8)), n.Dropout(0.2),
            n.Linear(16, 10, bias=False), n.Bilinear(2, 3, 4), n.Identity(),
            n.BatchNorm1d(3, momentum=None), n.LayerNorm(5), n.GroupNorm(2, 4),
            n.Embedding(10, 3, padding_idx=0), n.Upsample(scale_factor=2),
            n.ModuleList([n.ReLU(), n.ReLU(), n.Tanh()]), n.ModuleDict({"act": n.GELU()}),
            n.ReLU6(), n.LeakyReLU(0.2), n.ELU(inplace=True), n.SELU(), n.SiLU(), n.Softplus(),
            n.Hardtanh(), n.Sigmoid(), n.Softmax(dim=1), n.LogSoftmax(1),
            n.CrossEntropyLoss(), n.MSELoss(), n.BCEWithLogitsLoss())

    assert repr(build(tinytorch)) == repr(build(torch))


def test_module_deepcopy_gives_independent_working_copy():
    import copy
    net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    clone = copy.deepcopy(net)
    assert clone[0].weight is not net[0].weight and type(clone[0].weight) is nn.Parameter
    x = tinytorch.randn(4, 2)
    np.testing.assert_allclose(clone(x).detach().numpy(), net(x).detach().numpy(), rtol=1e-6)
    assert (clone[1].running_mean + 1).shape == (3,)
    with tinytorch.no_grad():
        clone[0].weight.zero_()
    assert net[0].weight.detach().numpy().any()
