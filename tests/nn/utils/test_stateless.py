"""func.functional_call and nn.utils.stateless.functional_call: outputs and gradients against
PyTorch's, the module left as it was, tied weights, strict keys and PyTorch's errors."""

import numpy as np
import pytest

import tinytorch
from tinytorch.func import functional_call
from tinytorch.nn.utils import stateless

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def _net(lib):
    nn = lib.nn
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Tanh(), nn.Linear(4, 2)).double()


def _given(lib, names, device=None):
    """Fixed float64 values for the named tensors, leaves requiring grad (not the int ones)."""
    kw = {"device": device} if device else {}
    shapes = {"0.weight": (4, 3), "0.bias": (4,), "1.weight": (4,), "3.weight": (2, 4),
              "1.bias": (4,), "3.bias": (2,), "1.running_mean": (4,), "1.running_var": (4,)}
    values = np.random.default_rng(1)
    return {n: lib.tensor(values.standard_normal(shapes[n]) ** (2 if "var" in n else 1),
                          requires_grad="running" not in n, **kw) for n in names}


NAMES = ["0.weight", "0.bias", "1.weight", "3.weight", "1.bias", "3.bias", "1.running_mean",
         "1.running_var"]


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
def test_functional_call_output_and_gradients_equal_torch(train, device):
    ours, theirs = _net(tinytorch).to(device), _net(torch)
    ours.train(train), theirs.train(train)
    x = RNG.standard_normal((5, 3))
    mine, expected = _given(tinytorch, NAMES, device), _given(torch, NAMES)
    before = {k: v.detach().clone() for k, v in ours.state_dict().items()}
    out_ours = functional_call(ours, mine, (tinytorch.tensor(x, device=device),))
    out_theirs = torch.func.functional_call(theirs, expected, (torch.from_numpy(x),))
    np.testing.assert_allclose(out_ours.detach().cpu().numpy(), out_theirs.detach().numpy(),
                               rtol=1e-12)
    out_ours.pow(2).sum().backward()
    out_theirs.pow(2).sum().backward()
    for name in NAMES[:6]:
        np.testing.assert_allclose(mine[name].grad.cpu().numpy(), expected[name].grad.numpy(),
                                   rtol=1e-12, atol=1e-13, err_msg=name)
    np.testing.assert_allclose(mine["1.running_mean"].cpu().numpy(),
                               expected["1.running_mean"].numpy(), rtol=1e-12)
    for name, value in ours.state_dict().items():  # the module's own tensors are back
        if "running" not in name and "num_batches" not in name:
            assert bool((value == before[name]).all()), name
    assert ours[0].weight.grad is None and isinstance(ours[0].weight, tinytorch.nn.Parameter)


def test_several_dicts_and_kwargs_are_merged():
    m = tinytorch.nn.Linear(2, 1)
    out = functional_call(m, ({"weight": tinytorch.ones(1, 2)}, {"bias": tinytorch.ones(1)}),
                          kwargs={"input": tinytorch.ones(1, 2)})
    assert out.tolist() == [[3.0]]


class _Tied(tinytorch.nn.Module):
    def __init__(self, lib):
        super().__init__()
        self.a = lib.nn.Linear(2, 2, bias=False)
        self.b = lib.nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight

    def forward(self, x):
        return self.b(self.a(x))


def test_tied_weights_follow_the_given_tensor_unless_untied():
    m = _Tied(tinytorch)
    x = tinytorch.ones(1, 2)
    w = tinytorch.eye(2) * 2
    assert functional_call(m, {"a.weight": w}, x).tolist() == [[4.0, 4.0]]
    untied = functional_call(m, {"a.weight": w}, x, tie_weights=False)
    expected = (x @ w.t()) @ m.a.weight.t()
    np.testing.assert_allclose(untied.detach().numpy(), expected.detach().numpy())


def test_tied_weights_given_two_values_raise():
    m = _Tied(tinytorch)
    with pytest.raises(ValueError, match=r"functional_call got multiple values for keys "
                                         r"\['a.weight', 'b.weight'\], which are tied. Consider "
                                         r"using tie_weights=False"):
        functional_call(m, {"a.weight": tinytorch.eye(2), "b.weight": tinytorch.eye(2)},
                        tinytorch.ones(1, 2))


def _errors(lib, call):
    m = lib.nn.Linear(2, 1)
    x = lib.ones(1, 2)
    return [
        (lambda: call(m, {"weight": lib.ones(1, 2), "extra": lib.ones(1)}, x, strict=True),
         RuntimeError, "Error(s) in reparametrizing for Linear:\n\tUnexpected key(s): "
                       "'extra'.\n\tMissing key(s): 'bias'."),
        (lambda: call(m, 3, x), ValueError, "Expected parameter_and_buffer_dicts to be a "
                                            "dict, or a list/tuple of dicts, but got "
                                            "<class 'int'>"),
        (lambda: call(m, [{"bias": lib.ones(1)}, 3], x), ValueError,
         "Expected all elements of parameter_and_buffer_dicts to be dictionaries"),
        (lambda: call(m, [{"bias": lib.ones(1)}, {"bias": lib.ones(1)}], x), ValueError,
         "['bias'] appeared in multiple dictionaries; behavior of functional call is ambiguous"),
        (lambda: call(m, {"weight": 3}, x), TypeError, "3 is not an instance of torch.Tensor"),
    ]


@pytest.mark.parametrize("case", range(5))
def test_errors_match_torch(case):
    for lib, call in ((tinytorch, functional_call), (torch, torch.func.functional_call)):
        run, error, message = _errors(lib, call)[case]
        with pytest.raises(error) as info:
            run()
        assert str(info.value) == message


def test_module_is_restored_when_the_call_raises():
    m = tinytorch.nn.Linear(2, 1)
    weight = m.weight
    with pytest.raises(RuntimeError):
        functional_call(m, {"weight": tinytorch.ones(3, 3)}, tinytorch.ones(1, 2))
    assert m.weight is weight


def test_stateless_functional_call_warns_as_deprecated():
    m = tinytorch.nn.Linear(2, 1)
    with pytest.warns(FutureWarning, match="Please use `torch.func.functional_call` instead"):
        out = stateless.functional_call(m, {"bias": tinytorch.zeros(1),
                                            "weight": tinytorch.ones(1, 2)}, tinytorch.ones(1, 2))
    assert out.tolist() == [[2.0]]
