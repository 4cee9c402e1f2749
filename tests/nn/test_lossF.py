"""The margin, embedding and likelihood loss modules and the distance modules against
PyTorch's (float64, every reduction: outputs and the gradients of inputs and targets where
PyTorch gives them), the losses' gradients at their kinks, double backward where PyTorch has
none, and the constructor and legacy-argument behaviour. The functional forms' values,
gradients and errors are in the op database (tests/opinfo/lossF.py)."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F
from tests.nn._parity import compare

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(7)
REDUCTIONS = ["none", "mean", "sum"]


def _x(*shape):
    return RNG.standard_normal(shape)


def _signs(*shape, dtype=np.float64):
    return RNG.choice([-1, 1], shape).astype(dtype)


def _classes(n, c):
    return RNG.integers(0, c, n)


# (name, constructor kwargs (a function of the library), positional inputs (differentiable),
# keyword inputs (not differentiable))
CASES = [
    ("MarginRankingLoss", lambda lib: {"margin": 0.3}, [_x(5), _x(5), _signs(5)], {}),
    ("HingeEmbeddingLoss", lambda lib: {"margin": 0.7}, [_x(3, 4)], {"target": _signs(3, 4)}),
    ("SoftMarginLoss", lambda lib: {}, [_x(3, 4)], {"target": _signs(3, 4)}),
    ("MultiLabelSoftMarginLoss", lambda lib: {"weight": lib.tensor([0.5, 1.0, 2.0, 1.5],
                                                                   dtype=lib.float64)},
     [_x(3, 4), RNG.uniform(0, 1, (3, 4))], {}),
    ("CosineEmbeddingLoss", lambda lib: {"margin": 0.1}, [_x(4, 3), _x(4, 3)],
     {"target": _signs(4)}),
    ("TripletMarginLoss", lambda lib: {"margin": 2.0, "p": 1.0, "swap": True},
     [_x(4, 3), _x(4, 3), _x(4, 3)], {}),
    ("TripletMarginWithDistanceLoss",
     lambda lib: {"distance_function": lambda a, b: 1 - lib.nn.functional.cosine_similarity(
         a, b), "margin": 0.5}, [_x(4, 3), _x(4, 3), _x(4, 3)], {}),
    ("PoissonNLLLoss", lambda lib: {"log_input": False, "full": True},
     [RNG.uniform(0.1, 3, (3, 4)), RNG.uniform(0, 4, (3, 4))], {}),
    ("GaussianNLLLoss", lambda lib: {"full": True}, [_x(3, 4), _x(3, 4), RNG.uniform(
        0.1, 2, (3, 1))], {}),
    ("MultiMarginLoss", lambda lib: {"p": 2, "margin": 0.5,
                                     "weight": lib.tensor([1.0, 2.0, 0.5], dtype=lib.float64)},
     [_x(4, 3)], {"target": _classes(4, 3)}),
    ("MultiLabelMarginLoss", lambda lib: {}, [_x(3, 4)],
     {"target": np.array([[3, 0, -1, 1], [0, 1, 2, 3], [-1, 2, 0, 0]])}),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_loss_module_matches_torch(case, reduction, device):
    name, options, inputs, kwargs = case
    compare(lambda lib: getattr(lib.nn, name)(reduction=reduction, **options(lib)), inputs,
            kwargs, device)


@pytest.mark.parametrize("build, inputs", [
    (lambda lib: lib.nn.PairwiseDistance(), [_x(4, 3), _x(4, 3)]),
    (lambda lib: lib.nn.PairwiseDistance(p=1.0, eps=0.0, keepdim=True), [_x(2, 4, 3), _x(3)]),
    (lambda lib: lib.nn.PairwiseDistance(p=float("inf")), [_x(4, 3), _x(1, 3)]),
    (lambda lib: lib.nn.CosineSimilarity(), [_x(4, 3, 2), _x(4, 3, 2)]),
    (lambda lib: lib.nn.CosineSimilarity(dim=-1, eps=1e-6), [_x(4, 3), _x(1, 3)]),
])
def test_distance_module_matches_torch(build, inputs, device):
    compare(build, inputs, {}, device)


def _grads(lib, fn, arrays):
    xs = [lib.tensor(a, dtype=lib.float64, requires_grad=True) for a in arrays]
    out = fn(lib, *xs)
    out.sum().backward()
    return [out.detach().numpy()] + [x.grad.numpy() if x.grad is not None else None
                                     for x in xs]


def _f(lib):
    return lib.nn.functional


# Inputs that put a loss exactly at a kink: where PyTorch's gradient is its clamp_min's
# (passed at 0), its relu-like kernels' (0 at 0) or its norm's (0 at a zero vector).
KINKS = {
    "margin_ranking": (lambda lib, a, b, t: _f(lib).margin_ranking_loss(
        a, b, t, margin=0.5, reduction="sum"), [[1.0, 1.0], [1.5, 0.5], [-1.0, 1.0]]),
    "hinge_embedding": (lambda lib, x: _f(lib).hinge_embedding_loss(
        x, lib.tensor([-1.0, -1.0, 1.0], dtype=lib.float64), reduction="sum"),
        [[1.0, 0.5, 0.0]]),
    "cosine_embedding": (lambda lib, a, b: _f(lib).cosine_embedding_loss(
        a, b, lib.tensor([-1.0, 1.0], dtype=lib.float64), reduction="sum"),
        [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [2.0, 0.0]]]),
    "triplet": (lambda lib, a, p, n: _f(lib).triplet_margin_loss(a, p, n, eps=0.0),
                [[[0.0, 0.0]], [[1.0, 0.0]], [[2.0, 0.0]]]),
    "triplet_swap_tie": (lambda lib, a, p, n: _f(lib).triplet_margin_loss(
        a, p, n, margin=3.0, eps=0.0, swap=True), [[[0.0, 0.0]], [[2.0, 0.0]], [[1.0, 0.0]]]),
    "multi_margin": (lambda lib, x: _f(lib).multi_margin_loss(x, lib.tensor([0, 2])),
                     [[[1.0, 0.0, 0.5], [0.0, 1.0, 1.0]]]),
    "multilabel_margin": (lambda lib, x: _f(lib).multilabel_margin_loss(
        x, lib.tensor([[0, -1, 1]])), [[[1.0, 0.0, 0.5]]]),
    "pairwise_zero": (lambda lib, a, b: _f(lib).pairwise_distance(a, b, eps=0.0).sum()
                      + _f(lib).pairwise_distance(a, b, p=1.0, eps=0.0).sum(),
                      [[[1.0, 0.0]], [[1.0, 0.0]]]),
    "pdist_zero": (lambda lib, x: sum(_f(lib).pdist(x, p).sum() for p in (2.0, 1.0, 0.5,
                                                                          float("inf"))),
                   [[[1.0, 0.0], [1.0, 0.0], [2.0, 2.0]]]),
    "gaussian_clamped_var": (lambda lib, x, t, v: _f(lib).gaussian_nll_loss(x, t, v),
                             [[1.0, 2.0], [0.0, 0.0], [1e-8, 1.0]]),
}


@pytest.mark.parametrize("name", sorted(KINKS))
def test_gradient_at_kink_matches_torch(name):
    fn, arrays = KINKS[name]
    ours, theirs = _grads(tinytorch, fn, arrays), _grads(torch, fn, arrays)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fn, x", [
    (lambda x, d: F.multi_margin_loss(x, tinytorch.tensor([0, 2], device=d), p=2,
                                      weight=tinytorch.tensor([1.0, 2.0, 0.5], device=d,
                                                              dtype=tinytorch.float64)),
     [[0.3, -0.2, 0.9], [0.1, 0.4, -0.6]]),
    (lambda x, d: F.multilabel_margin_loss(x, tinytorch.tensor([[2, 0, -1], [1, -1, 0]],
                                                               device=d)),
     [[0.3, -0.2, 0.9], [0.1, 0.4, -0.7]]),
    (lambda x, d: F.pdist(x, 3.0), [[0.3, -0.2, 0.9], [0.1, 0.4, -0.6], [1.0, 0.0, 0.2]]),
], ids=["multi_margin", "multilabel_margin", "pdist"])
def test_double_backward_where_torch_has_none(fn, x, device):
    # PyTorch raises "derivative ... is not implemented" for these; tinytorch's compositions
    # differentiate twice
    x = tinytorch.tensor(x, dtype=tinytorch.float64, device=device, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda t: fn(t, device), [x])


def test_gaussian_nll_accepts_a_number_as_var():
    x, t = _x(3, 2), _x(3, 2)
    ours = F.gaussian_nll_loss(tinytorch.tensor(x), tinytorch.tensor(t), 0.5)
    theirs = torch.nn.functional.gaussian_nll_loss(torch.tensor(x), torch.tensor(t), 0.5)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


def test_output_shapes_follow_torch_for_unbatched_inputs():
    def shapes(lib):
        f, x = _f(lib), lib.tensor(_x(3))
        return [tuple(f.multi_margin_loss(x, lib.tensor(1), reduction="none").shape),
                tuple(f.multi_margin_loss(x, lib.tensor([1]), reduction="none").shape),
                tuple(f.multilabel_margin_loss(x, lib.tensor([1, -1, 0]),
                                               reduction="none").shape),
                tuple(f.multilabel_soft_margin_loss(x, x, reduction="none").shape),
                tuple(f.pairwise_distance(lib.tensor(1.0), lib.tensor(2.0), keepdim=True).shape),
                tuple(f.pdist(lib.zeros(0, 3)).shape), tuple(f.pdist(lib.zeros(1, 3)).shape)]
    assert shapes(tinytorch) == shapes(torch)


@pytest.mark.parametrize("name, kwargs, match", [
    ("TripletMarginLoss", {"margin": 0.0}, "TripletMarginLoss: expected margin to be greater "
                                            "than 0, got 0.0 instead"),
    ("TripletMarginWithDistanceLoss", {"margin": -1}, "expected margin to be greater than 0"),
    ("MultiMarginLoss", {"p": 3}, "only p == 1 and p == 2 supported"),
])
def test_constructor_rejects_what_torch_rejects(name, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(torch.nn, name)(**kwargs)
    with pytest.raises(ValueError, match=match):
        getattr(tinytorch.nn, name)(**kwargs)


def test_legacy_arguments_set_the_reduction():
    with pytest.warns(UserWarning, match="reduction='sum'"):
        loss = tinytorch.nn.MultiLabelMarginLoss(size_average=False)
    assert loss.reduction == "sum"
    x, t = tinytorch.tensor(_x(2, 3)), tinytorch.tensor([[0, -1, 0], [1, 2, -1]])
    with pytest.warns(UserWarning, match="reduction='none'"):  # the functions warn too
        legacy = F.multilabel_margin_loss(x, t, reduce=False)
    np.testing.assert_allclose(legacy.numpy(),
                               F.multilabel_margin_loss(x, t, reduction="none").numpy())
    with pytest.warns(UserWarning, match="reduction='sum'"):
        legacy = F.soft_margin_loss(x, x, size_average=False)
    np.testing.assert_allclose(legacy.numpy(), F.soft_margin_loss(x, x, reduction="sum").numpy())
