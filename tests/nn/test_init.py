import math

import numpy as np
import pytest

import tinytorch
from tinytorch import nn
from tinytorch.nn import init


def _np(t):
    return t.detach().cpu().numpy()


def test_init_calculate_gain_matches_torch():
    torch = pytest.importorskip("torch")
    for name in ["linear", "conv2d", "conv_transpose2d", "sigmoid", "tanh", "relu", "selu"]:
        assert init.calculate_gain(name) == torch.nn.init.calculate_gain(name)
    for slope in [None, 0.2, 1]:
        assert init.calculate_gain("leaky_relu", slope) == pytest.approx(
            torch.nn.init.calculate_gain("leaky_relu", slope))
    with pytest.raises(ValueError, match="Unsupported nonlinearity foo"):
        init.calculate_gain("foo")
    with pytest.raises(ValueError, match="negative_slope True not a valid number"):
        init.calculate_gain("leaky_relu", True)


@pytest.mark.parametrize("shape", [(3, 4), (8, 3, 5, 5), (2, 6, 3)])
def test_init_fan_in_and_fan_out_match_torch(shape):
    torch = pytest.importorskip("torch")
    ours = init._calculate_fan_in_and_fan_out(tinytorch.empty(*shape))
    assert ours == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


def test_init_fan_errors():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.kaiming_uniform_(tinytorch.empty(5))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_normal_(tinytorch.empty(5, 5), mode="fan_avg")


STATS = [
    # (fill, expected mean, expected std) for a (400, 600) tensor: fan_in 600, fan_out 400
    (lambda t: init.uniform_(t, -2, 4), 1.0, 6 / math.sqrt(12)),
    (lambda t: init.normal_(t, 0.5, 2.0), 0.5, 2.0),
    (lambda t: init.xavier_uniform_(t, gain=2.0), 0.0, 2 * math.sqrt(2 / 1000)),
    (lambda t: init.xavier_normal_(t), 0.0, math.sqrt(2 / 1000)),
    (lambda t: init.kaiming_uniform_(t, nonlinearity="relu"), 0.0, math.sqrt(2 / 600)),
    (lambda t: init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu"), 0.0,
     math.sqrt(2 / 400)),
    (lambda t: init.kaiming_uniform_(t, a=math.sqrt(5)), 0.0, 1 / math.sqrt(3 * 600)),
    (lambda t: init.trunc_normal_(t, std=1.0, a=-1.0, b=1.0), 0.0, 0.5396),
]


@pytest.mark.parametrize("i", range(len(STATS)))
def test_init_fills_have_expected_mean_and_std(i, device):
    fill, mean, std = STATS[i]
    t = nn.Parameter(tinytorch.empty(400, 600, device=device))
    assert fill(t) is t
    assert t.is_leaf and t.requires_grad and t.dtype is tinytorch.float32
    a = _np(t)
    assert abs(a.mean() - mean) < 0.02 * max(std, 1)
    assert a.std() == pytest.approx(std, rel=0.03)


def test_init_trunc_normal_stays_in_bounds(device):
    t = init.trunc_normal_(tinytorch.empty(10000, device=device), mean=1.0, a=0.5, b=1.2)
    a = _np(t)
    assert a.min() >= 0.5 and a.max() <= 1.2


def test_init_constant_fills_are_exact(device):
    t = tinytorch.empty(3, 4, device=device)
    np.testing.assert_array_equal(_np(init.constant_(t, 0.25)), np.full((3, 4), 0.25))
    np.testing.assert_array_equal(_np(init.ones_(t)), np.ones((3, 4)))
    np.testing.assert_array_equal(_np(init.zeros_(t)), np.zeros((3, 4)))
    np.testing.assert_array_equal(_np(init.eye_(t)), np.eye(3, 4))
    with pytest.raises(ValueError, match="Only tensors with 2 dimensions"):
        init.eye_(tinytorch.empty(2, 2, 2))


@pytest.mark.parametrize("shape", [(30, 20), (20, 30), (6, 2, 3, 3)])
def test_init_orthogonal_rows_or_columns_orthonormal(shape, device):
    t = init.orthogonal_(tinytorch.empty(*shape, device=device), gain=2.0)
    assert t.dtype is tinytorch.float32
    a = _np(t).reshape(shape[0], -1)
    gram = a @ a.T if a.shape[0] <= a.shape[1] else a.T @ a
    np.testing.assert_allclose(gram, 4 * np.eye(gram.shape[0]), atol=1e-4)
    with pytest.raises(ValueError, match="2 or more dimensions"):
        init.orthogonal_(tinytorch.empty(3))


def test_init_generator_makes_fills_reproducible():
    a = init.kaiming_normal_(tinytorch.empty(5, 5), generator=tinytorch.Generator().manual_seed(3))
    b = init.kaiming_normal_(tinytorch.empty(5, 5), generator=tinytorch.Generator().manual_seed(3))
    np.testing.assert_array_equal(_np(a), _np(b))


def test_init_zero_element_tensor_warns():
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        init.kaiming_uniform_(tinytorch.empty(0, 3))


@pytest.mark.parametrize("make, fan_in", [
    (lambda: nn.Linear(500, 300), 500),
    (lambda: nn.Conv2d(20, 64, 5), 500),
    (lambda: nn.Conv1d(50, 300, 10), 500),
])
def test_default_init_weight_and_bias_bounds_like_torch(make, fan_in):
    m = make()
    w, b = _np(m.weight), _np(m.bias)
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.03)


def test_default_init_norm_and_embedding():
    bn = nn.BatchNorm2d(4)
    np.testing.assert_array_equal(_np(bn.weight), np.ones(4))
    np.testing.assert_array_equal(_np(bn.bias), np.zeros(4))
    np.testing.assert_array_equal(_np(bn.running_var), np.ones(4))
    ln = nn.LayerNorm((2, 3))
    np.testing.assert_array_equal(_np(ln.weight), np.ones((2, 3)))
    emb = nn.Embedding(1000, 100)
    assert _np(emb.weight).std() == pytest.approx(1.0, rel=0.03)


def test_fresh_mlp_initial_cross_entropy_matches_torch():
    torch = pytest.importorskip("torch")

    def mean_loss(lib, seeds):
        n = lib.nn
        losses = []
        for seed in seeds:
            lib.manual_seed(seed)
            model = n.Sequential(n.Flatten(), n.Linear(784, 128), n.ReLU(), n.Linear(128, 10))
            x = lib.tensor(np.random.default_rng(seed).random((256, 1, 28, 28),
                                                               dtype=np.float32))
            y = lib.tensor(np.random.default_rng(seed).integers(0, 10, 256))
            losses.append(n.CrossEntropyLoss()(model(x), y).item())
        return np.mean(losses)

    ours, theirs = mean_loss(tinytorch, range(8)), mean_loss(torch, range(8))
    assert ours == pytest.approx(math.log(10), abs=0.05)
    assert ours == pytest.approx(theirs, abs=0.02)
