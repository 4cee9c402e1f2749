"""nn.utils.prune against torch.nn.utils.prune: the same masks for the deterministic methods
(alone, repeated, global), state-dict keys, gradients through the reparametrization, remove,
and PyTorch's errors and messages."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.nn.utils import prune

torch = pytest.importorskip("torch")
torch_prune = pytest.importorskip("torch.nn.utils.prune")

RNG = np.random.default_rng(0)


def _pair(make, device="cpu"):
    """A tinytorch module and its PyTorch twin with the same random float64 state."""
    theirs = make(torch).double()
    state = {k: RNG.standard_normal(tuple(v.shape)) for k, v in theirs.state_dict().items()}
    theirs.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()})
    ours = make(tinytorch).double().to(device)
    ours.load_state_dict({k: tinytorch.tensor(v, device=device) for k, v in state.items()})
    return ours, theirs


def _conv(lib):
    return lib.nn.Conv2d(3, 5, 2)


def _linear(lib):
    return lib.nn.Linear(6, 4)


def _lib_prune(lib):
    return prune if lib is tinytorch else torch_prune


def _same_state(ours, theirs):
    mine, expected = ours.state_dict(), theirs.state_dict()
    assert list(mine) == list(expected)
    for key, value in expected.items():
        np.testing.assert_array_equal(mine[key].cpu().numpy(), value.numpy(), err_msg=key)


def _prune_both(pair, steps):
    """Apply each (function name, name, kwargs) step to both modules; compare after each."""
    ours, theirs = pair
    for fn, name, kwargs in steps:
        for lib, module in ((tinytorch, ours), (torch, theirs)):
            getattr(_lib_prune(lib), fn)(module, name, **kwargs)
        _same_state(ours, theirs)


STEPS = {
    "l1-int": [("l1_unstructured", "weight", {"amount": 7})],
    "l1-float": [("l1_unstructured", "weight", {"amount": 0.35}),
                 ("l1_unstructured", "bias", {"amount": 0.4})],
    "l1-repeated": [("l1_unstructured", "weight", {"amount": 0.2}),
                    ("l1_unstructured", "weight", {"amount": 0.5}),
                    ("l1_unstructured", "weight", {"amount": 3})],
    "ln-then-l1": [("ln_structured", "weight", {"amount": 2, "n": 2, "dim": 0}),
                   ("l1_unstructured", "weight", {"amount": 0.3}),
                   ("ln_structured", "weight", {"amount": 0.34, "n": 1, "dim": 1})],
    "identity-then-l1": [("identity", "weight", {}), ("l1_unstructured", "weight", {"amount": 4})],
}


@pytest.mark.parametrize("steps", STEPS.values(), ids=STEPS.keys())
@pytest.mark.parametrize("make", [_conv, _linear], ids=["conv", "linear"])
def test_deterministic_pruning_masks_equal_torch(make, steps, device):
    _prune_both(_pair(make, device), steps)


@pytest.mark.parametrize("n", [1, 2, 3.5, math.inf, -math.inf])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_ln_structured_picks_torchs_channels(n, dim):
    _prune_both(_pair(_conv), [("ln_structured", "weight", {"amount": 0.5, "n": n, "dim": dim})])


def test_importance_scores_rank_instead_of_the_weights():
    ours, theirs = _pair(_linear)
    scores = RNG.standard_normal((4, 6))
    prune.l1_unstructured(ours, "weight", 9, importance_scores=tinytorch.tensor(scores))
    torch_prune.l1_unstructured(theirs, "weight", 9,
                                         importance_scores=torch.from_numpy(scores))
    _same_state(ours, theirs)


def test_global_unstructured_equals_torch():
    (a, ta), (b, tb) = _pair(_conv), _pair(_linear)
    scores = RNG.standard_normal(4)
    prune.l1_unstructured(a, "weight", 5)
    torch_prune.l1_unstructured(ta, "weight", 5)
    prune.global_unstructured([(a, "weight"), (b, "weight"), (b, "bias")],
                              prune.L1Unstructured, {(b, "bias"): tinytorch.tensor(scores)},
                              amount=0.4)
    torch_prune.global_unstructured(
        [(ta, "weight"), (tb, "weight"), (tb, "bias")], torch_prune.L1Unstructured,
        {(tb, "bias"): torch.from_numpy(scores)}, amount=0.4)
    _same_state(a, ta)
    _same_state(b, tb)


def test_pruned_forward_and_gradient_equal_torch(device):
    ours, theirs = _pair(_conv, device)
    _prune_both((ours, theirs), STEPS["ln-then-l1"])
    x = RNG.standard_normal((2, 3, 4, 4))
    ours_out = ours(tinytorch.tensor(x, device=device))
    theirs_out = theirs(torch.from_numpy(x))
    np.testing.assert_allclose(ours_out.detach().cpu().numpy(), theirs_out.detach().numpy(),
                               rtol=1e-12, atol=1e-12)
    ours_out.sum().backward()
    theirs_out.sum().backward()
    np.testing.assert_allclose(ours.weight_orig.grad.cpu().numpy(),
                               theirs.weight_orig.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert type(ours._forward_pre_hooks[next(iter(ours._forward_pre_hooks))]) is \
        prune.PruningContainer


def test_pruned_state_dict_loads_from_torch():
    ours, theirs = _pair(_linear)
    torch_prune.l1_unstructured(theirs, "weight", 5)
    prune.identity(ours, "weight")
    ours.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    ours(tinytorch.zeros(1, 6, dtype=tinytorch.float64))  # the hook recomputes weight
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())


def test_remove_makes_pruning_permanent():
    ours, theirs = _pair(_linear)
    _prune_both((ours, theirs), STEPS["l1-float"])
    for lib, module in ((tinytorch, ours), (torch, theirs)):
        _lib_prune(lib).remove(module, "weight")
    _same_state(ours, theirs)
    assert isinstance(ours.weight, tinytorch.nn.Parameter)
    assert prune.is_pruned(ours)  # the bias still is
    prune.remove(ours, "bias")
    assert not prune.is_pruned(ours) and not ours._forward_pre_hooks


def test_random_methods_prune_the_requested_amount():
    m = prune.random_unstructured(_linear(tinytorch), "weight", amount=0.25)
    assert int((m.weight_mask == 0).sum()) == 6
    m = prune.random_unstructured(m, "weight", amount=3)  # among the 18 left
    assert int((m.weight_mask == 0).sum()) == 9
    m = prune.random_structured(_conv(tinytorch), "weight", amount=2, dim=0)
    channel_sums = m.weight_mask.sum(dim=[1, 2, 3])
    assert sorted(channel_sums.tolist()) == [0.0, 0.0, 12.0, 12.0, 12.0]
    assert bool((m.weight == m.weight_orig * m.weight_mask).all())


def test_custom_from_mask_composes_with_earlier_pruning():
    m = prune.custom_from_mask(_linear(tinytorch), "bias", tinytorch.tensor([1.0, 0, 1, 1]))
    m = prune.custom_from_mask(m, "bias", tinytorch.tensor([1.0, 1, 0, 1]))
    assert m.bias_mask.tolist() == [1.0, 0.0, 0.0, 1.0]


AMOUNT_ERRORS = [
    ("x", TypeError, "Invalid type for amount: x. Must be int or float."),
    (-1, ValueError, "amount=-1 should either be a float in the range [0, 1] or a non-negative "
                     "integer"),
    (1.5, ValueError, "amount=1.5 should either be a float in the range [0, 1] or a non-negative "
                      "integer"),
    (25, ValueError, "amount=25 should be smaller than the number of parameters to prune=24"),
]


@pytest.mark.parametrize("amount, error, message", AMOUNT_ERRORS, ids=["type", "neg", "gt1", "gtn"])
def test_bad_amount_raises_like_torch_and_restores_the_parameter(amount, error, message):
    names = []
    for lib in (tinytorch, torch):
        module = _linear(lib)
        with pytest.raises(error) as info:
            _lib_prune(lib).l1_unstructured(module, "weight", amount)
        assert str(info.value) == message
        names.append([n for n, _ in module.named_parameters()])
    assert names[0] == names[1]  # PyTorch re-registers it last


def _structured_errors(lib):
    p = _lib_prune(lib)
    return [
        (lambda: p.ln_structured(_linear(lib), "bias", 1, n=2, dim=0), ValueError,
         "Structured pruning can only be applied to multidimensional tensors. Found tensor of "
         f"shape {_linear(lib).bias.shape} with 1 dims"),
        (lambda: p.random_structured(_linear(lib), "weight", 1, dim=2), IndexError,
         f"Invalid index 2 for tensor of size {_linear(lib).weight.shape}"),
        (lambda: p.remove(_linear(lib), "weight"), ValueError,
         f"Parameter 'weight' of module {_linear(lib)} has to be pruned before pruning can be "
         "removed"),
        (lambda: p.global_unstructured([(_linear(lib), "weight")], p.RandomStructured,
                                       amount=1), TypeError,
         'Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method '
         f"{p.RandomStructured} of type structured"),
        (lambda: p.global_unstructured([], p.L1Unstructured, importance_scores=[], amount=1),
         TypeError, "global_unstructured(): importance_scores must be of type dict"),
        (lambda: p.global_unstructured(3, p.L1Unstructured, amount=1), TypeError,
         "global_unstructured(): parameters is not an Iterable"),
    ]


@pytest.mark.parametrize("case", range(6))
def test_errors_match_torch(case):
    for lib in (tinytorch, torch):
        call, error, message = _structured_errors(lib)[case]
        with pytest.raises(error) as info:
            call()
        expected = message.replace("torch.Size", "Size").replace("tinytorch.Size", "Size")
        assert str(info.value).replace("torch.Size", "Size").replace("tinytorch.Size",
                                                                     "Size") == expected


def test_importance_scores_of_another_shape_raise():
    with pytest.raises(AssertionError, match="importance_scores should have the same shape as "
                                             "parameter weight of"):
        prune.l1_unstructured(_linear(tinytorch), "weight", 1,
                              importance_scores=tinytorch.ones(3))


def test_l1_ties_at_the_cut_off_prune_the_lowest_indices_first():
    # See NOTE [Pruning ties]: PyTorch's CPU topk may pick other tied entries.
    m = tinytorch.nn.Linear(4, 1, bias=False)
    with tinytorch.no_grad():
        m.weight.copy_(tinytorch.tensor([[2.0, -1.0, 1.0, 1.0]]))
    assert prune.l1_unstructured(m, "weight", 2).weight_mask.tolist() == [[1.0, 0.0, 0.0, 1.0]]


def test_bad_amount_on_a_pruned_tensor_keeps_the_earlier_pruning():
    m = prune.l1_unstructured(_linear(tinytorch), "weight", 3)
    with pytest.raises(TypeError, match="Invalid type for amount"):
        prune.l1_unstructured(m, "weight", "x")
    assert prune.is_pruned(m) and int((m.weight_mask == 0).sum()) == 3
    prune.remove(m, "weight")
