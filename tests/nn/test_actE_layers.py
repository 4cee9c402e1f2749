"""actE's modules (more activations, PReLU, RReLU, padding, pixel shuffle, channel and alpha
dropout) against PyTorch's: float64 outputs and gradients, repr, state dicts, train/eval."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")

PAIRS = [  # (constructor args as text, input shape)
    ("Mish()", (2, 3)), ("CELU(0.5)", (2, 3)), ("Hardsigmoid()", (2, 3)),
    ("Hardswish()", (2, 3)), ("LogSigmoid()", (2, 3)), ("Softsign()", (2, 3)),
    ("Tanhshrink()", (2, 3)), ("Hardshrink(0.3)", (2, 3)), ("Softshrink(0.3)", (2, 3)),
    ("Threshold(0.1, 20.0)", (2, 3)), ("GLU(1)", (2, 4)), ("Softmin(1)", (2, 3)),
    ("Softmax2d()", (2, 3, 2, 2)), ("PReLU(3, 0.1)", (2, 3, 4)), ("PReLU()", (5,)),
    ("ZeroPad1d((1, 2))", (1, 2, 3)), ("ZeroPad2d(1)", (1, 2, 3)), ("ZeroPad3d(1)", (1, 2, 2, 3)),
    ("ConstantPad1d(2, 3.5)", (2, 3)), ("ConstantPad2d((1, 0, 2, 1), -1.0)", (1, 2, 3)),
    ("ConstantPad3d(1, 0.5)", (1, 2, 2, 2)), ("ReflectionPad1d(2)", (1, 2, 4)),
    ("ReflectionPad2d((1, 2, 0, 1))", (1, 2, 3, 4)), ("ReflectionPad3d(1)", (1, 1, 2, 3, 3)),
    ("ReplicationPad1d((0, 3))", (1, 2, 3)), ("ReplicationPad2d(2)", (1, 2, 3)),
    ("ReplicationPad3d(1)", (1, 1, 2, 2, 2)), ("CircularPad1d(1)", (1, 2, 3)),
    ("CircularPad2d((1, 0, 1, 2))", (1, 2, 3, 3)), ("CircularPad3d(1)", (1, 1, 2, 2, 2)),
    ("PixelShuffle(2)", (1, 8, 2, 3)), ("PixelUnshuffle(2)", (1, 2, 4, 6)),
    ("RReLU(0.1, 0.3)", (2, 3)), ("Dropout1d()", (2, 3, 4)), ("Dropout2d()", (2, 3, 2, 2)),
    ("Dropout3d()", (2, 3, 2, 2, 2)), ("AlphaDropout()", (2, 3)),
    ("FeatureAlphaDropout()", (2, 3, 2)),
]


@pytest.mark.parametrize("spec, shape", PAIRS, ids=[p[0] for p in PAIRS])
def test_module_matches_torch_in_eval(spec, shape):
    ours = eval("nn." + spec).eval().to(tinytorch.float64)
    theirs = eval("torch.nn." + spec).eval().to(torch.float64)
    ours.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in
                          theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    x = np.random.default_rng(0).uniform(-4, 4, shape)
    a = tinytorch.tensor(x, requires_grad=True)
    b = torch.tensor(x, requires_grad=True)
    y, ty = ours(a), theirs(b)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-12, atol=1e-12)
    w = np.linspace(-1, 1, y.numel()).reshape(tuple(y.shape))
    (y * tinytorch.tensor(w)).sum().backward()
    (ty * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-6, atol=1e-12)
    for (name, p), (_, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), rtol=1e-9, err_msg=name)


@pytest.mark.parametrize("spec", ["Mish(True)", "CELU(2.0, True)", "Hardswish(True)",
                                  "Threshold(1, 2, True)", "RReLU(0.1, 0.3, True)",
                                  "Dropout2d(0.2, True)", "AlphaDropout(0.3, True)"])
def test_repr_with_inplace_matches_torch(spec):
    assert repr(eval("nn." + spec)) == repr(eval("torch.nn." + spec))


@pytest.mark.parametrize("name", ["mish", "celu", "hardsigmoid", "hardswish", "threshold",
                                  "rrelu"])
def test_inplace_writes_into_input_and_keeps_gradient(name):
    x = np.array([-4.0, -3.0, -1.0, 0.0, 0.5, 3.0, 5.0])
    args = (0.5, 7.0) if name == "threshold" else ()
    leaf = tinytorch.tensor(x, requires_grad=True)
    h = leaf * 1
    out = getattr(F, name)(h, *args, inplace=True)
    assert out is h
    out.sum().backward()
    tleaf = torch.tensor(x, requires_grad=True)
    getattr(torch.nn.functional, name)(tleaf * 1, *args, inplace=True).sum().backward()
    np.testing.assert_allclose(h.detach().numpy(), getattr(torch.nn.functional, name)(
        torch.tensor(x), *args).numpy())
    np.testing.assert_allclose(leaf.grad.numpy(), tleaf.grad.numpy(), rtol=1e-6)


def test_prelu_state_dict_round_trips_both_ways():
    ours, theirs = nn.PReLU(3), torch.nn.PReLU(3)
    assert list(ours.state_dict()) == ["weight"] and isinstance(ours.weight, nn.Parameter)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor([0.1, 0.2, 0.3]))
    ours.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in
                          theirs.state_dict().items()})
    np.testing.assert_allclose(ours.weight.detach().numpy(), [0.1, 0.2, 0.3])
    ours.weight.data.fill_(0.5)
    theirs.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in
                            ours.state_dict().items()})
    np.testing.assert_allclose(theirs.weight.detach().numpy(), [0.5] * 3)
    assert nn.PReLU(dtype=tinytorch.float64).weight.dtype == tinytorch.float64


def test_rrelu_training_draws_slopes_in_bounds_and_gradient_is_the_slope():
    tinytorch.manual_seed(0)
    x = tinytorch.tensor([-2.0] * 500 + [0.0, 3.0], requires_grad=True)
    y = F.rrelu(x, 0.1, 0.3, training=True)
    y.sum().backward()
    slope = (y[:500] / x[:500]).detach().numpy()
    assert 0.1 <= slope.min() and slope.max() <= 0.3 and slope.std() > 0.03
    np.testing.assert_allclose(x.grad[:500].numpy(), slope)
    assert 0.1 <= float(x.grad[500]) <= 0.3 and float(x.grad[501]) == 1.0  # x = 0: a slope
    tinytorch.manual_seed(0)
    np.testing.assert_array_equal(F.rrelu(x, 0.1, 0.3, training=True).detach().numpy(),
                                  y.detach().numpy())


@pytest.mark.parametrize("fn, shape, rows", [
    (F.dropout1d, (4, 16, 3), 64), (F.dropout2d, (4, 16, 2, 2), 64),
    (F.dropout3d, (4, 16, 2, 1, 2), 64), (F.dropout1d, (16, 3), 16),
    (F.dropout3d, (16, 2, 1, 2), 16)])
def test_channel_dropout_zeroes_whole_channels_and_repeats_under_seed(fn, shape, rows):
    tinytorch.manual_seed(3)
    x = tinytorch.ones(*shape, dtype=tinytorch.float64, requires_grad=True)
    y = fn(x, 0.5)
    y.sum().backward()
    channels = y.detach().numpy().reshape(rows, -1)  # one row per (sample, channel)
    assert set(np.unique(channels)) <= {0.0, 2.0}
    assert all(len(set(row)) == 1 for row in channels)
    assert 0 < (channels[:, 0] == 0).sum() < len(channels)
    np.testing.assert_array_equal(x.grad.numpy(), y.detach().numpy())
    tinytorch.manual_seed(3)
    np.testing.assert_array_equal(fn(x, 0.5).detach().numpy(), y.detach().numpy())


def test_dropout_variants_warn_and_raise_as_torch():
    with pytest.warns(UserWarning, match="Received a 3D input to dropout2d"):
        F.dropout2d(tinytorch.ones(2, 3, 4), training=False)
    with pytest.warns(UserWarning, match="Received a 2-D input to dropout3d"):
        F.dropout3d(tinytorch.ones(2, 3), training=False)
    with pytest.raises(RuntimeError, match="dropout1d: Expected 2D or 3D input, but received a "
                                           "4D input"):
        F.dropout1d(tinytorch.ones(1, 2, 3, 4))
    with pytest.raises(RuntimeError, match="Feature dropout requires at least 2 dimensions"):
        F.feature_alpha_dropout(tinytorch.ones(3), 0.5, True)
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1"):
        nn.AlphaDropout(2)


@pytest.mark.parametrize("fn", [F.alpha_dropout, F.feature_alpha_dropout])
def test_alpha_dropout_keeps_zero_mean_and_unit_variance(fn):
    tinytorch.manual_seed(1)
    x = tinytorch.randn(200, 500, dtype=tinytorch.float64)
    y = fn(x, 0.3, True).numpy()
    assert abs(y.mean()) < 0.05 and abs(y.std() - 1) < 0.05
    a = 1 / np.sqrt((1.7580993408473766 ** 2 * 0.3 + 1) * 0.7)
    dropped = np.isclose(y, -1.7580993408473766 * a + 1.7580993408473766 * a * 0.3)
    assert abs(dropped.mean() - 0.3) < 0.05
    np.testing.assert_allclose(fn(x, 1.0, True).numpy(), 0)
    assert fn(x, 0.3) is x  # training defaults to False


def test_modules_are_identity_in_eval_and_random_in_training():
    x = tinytorch.ones(2, 8, 3, 3)
    for m in (nn.Dropout2d(), nn.AlphaDropout(), nn.FeatureAlphaDropout(), nn.RReLU()):
        assert m.eval()(x) is x or np.array_equal(m(x).numpy(), x.numpy())
        assert not np.array_equal(m.train()(-x).numpy(), (-x).numpy())


def test_errors_match_torch():
    with pytest.raises(ValueError, match="Softmax2d: expected input to be 3D or 4D, got 2D"):
        nn.Softmax2d()(tinytorch.ones(2, 3))
    with pytest.raises(ValueError, match=r"expected 3D or 4D input \(got 2D input\)"):
        nn.CircularPad2d(1)(tinytorch.ones(2, 3))
    with pytest.raises(RuntimeError, match="alpha cannot be 0 for CELU"):
        F.celu(tinytorch.ones(2), 0.0)
    with pytest.raises(RuntimeError, match=r"lambda must be in range \[0, 3.40282e\+38\] for "
                                           "input dtype Float, but found -0.25"):
        F.softshrink(tinytorch.ones(2), -0.25)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        F.softmin(tinytorch.ones(2, 3))
