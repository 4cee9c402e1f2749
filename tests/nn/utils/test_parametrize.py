"""nn.utils.parametrize against PyTorch 2.13: custom parametrizations (one original, a sequence
of originals, buffers, chains), assignment through right_inverse, the cache, removal, and the
errors (type and message), each case run in both libraries."""

import numpy as np
import pytest

import tinytorch
from tinytorch import nn
from tinytorch.nn.utils import parametrizations
from tinytorch.nn.utils import parametrize

torch = pytest.importorskip("torch")

LIBS = (torch, tinytorch)


def _classes(lib):
    """The same parametrizations written for each library (same class names, so error
    messages that name them compare equal)."""

    class Symmetric(lib.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(-1, -2)

        def right_inverse(self, A):
            return A.triu()

    class Halves(lib.nn.Module):
        def forward(self, a, b):
            return a + b

        def right_inverse(self, X):
            return X / 2, X / 2

    class Double(lib.nn.Module):
        def forward(self, X):
            return X * 2

    class ToDouble(lib.nn.Module):
        def forward(self, X):
            return X.double()

        def right_inverse(self, X):
            return X.double()

    class NotATensor(lib.nn.Module):
        def forward(self, X):
            return X

        def right_inverse(self, X):
            return 3

    return {c.__name__: c for c in (Symmetric, Halves, Double, ToDouble, NotATensor)}


def _linear(lib, values):
    m = lib.nn.Linear(3, 3).double()
    with lib.no_grad():
        m.weight.copy_(lib.tensor(values))
    return m


def _numpy(t):
    return t.detach().cpu().numpy()


@pytest.fixture
def weight():
    return np.random.default_rng(0).standard_normal((3, 3))


def test_register_makes_the_attribute_computed_like_torch(weight, device):
    mods = {}
    for lib in LIBS:
        m = _linear(lib, weight)
        if lib is tinytorch:
            m = m.to(device)
        lib.nn.utils.parametrize.register_parametrization(m, "weight", _classes(lib)["Symmetric"]())
        mods[lib] = m
    ours, theirs = mods[tinytorch], mods[torch]
    assert type(ours).__name__ == type(theirs).__name__ == "ParametrizedLinear"
    assert parametrize.type_before_parametrizations(ours) is nn.Linear
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    np.testing.assert_allclose(_numpy(ours.weight), _numpy(theirs.weight), rtol=1e-12)
    x = np.random.default_rng(1).standard_normal((2, 3))
    for lib, m in mods.items():
        kw = {"device": device} if lib is tinytorch else {}
        (m(lib.tensor(x, **kw)) * lib.tensor(np.arange(6.0).reshape(2, 3), **kw)).sum().backward()
    np.testing.assert_allclose(_numpy(ours.parametrizations.weight.original.grad),
                               _numpy(theirs.parametrizations.weight.original.grad), rtol=1e-12)


def test_assignment_runs_right_inverse_and_keeps_the_parameter(weight):
    m = parametrize.register_parametrization(_linear(tinytorch, weight), "weight",
                                             _classes(tinytorch)["Symmetric"]())
    original = m.parametrizations.weight.original
    target = tinytorch.tensor(np.arange(9.0).reshape(3, 3))
    m.weight = target + target.T
    assert m.parametrizations.weight.original is original
    np.testing.assert_array_equal(_numpy(m.weight), _numpy(target + target.T))


def test_right_inverse_returning_a_sequence_registers_numbered_originals(weight):
    m = parametrize.register_parametrization(_linear(tinytorch, weight), "weight",
                                             _classes(tinytorch)["Halves"]())
    plist = m.parametrizations.weight
    assert (plist.is_tensor, plist.ntensors) == (False, 2)
    assert sorted(k for k in m.state_dict() if "original" in k) == [
        "parametrizations.weight.original0", "parametrizations.weight.original1"]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad
               for p in (plist.original0, plist.original1))
    np.testing.assert_allclose(_numpy(m.weight), weight, rtol=1e-15)
    m.weight.sum().backward()
    np.testing.assert_array_equal(_numpy(plist.original0.grad), np.ones((3, 3)))
    m.weight = tinytorch.zeros(3, 3, dtype=tinytorch.float64)
    assert float(plist.original1.abs().sum()) == 0.0


def test_chained_parametrizations_apply_in_registration_order(weight):
    classes = _classes(tinytorch)
    m = parametrize.register_parametrization(_linear(tinytorch, weight), "weight",
                                             classes["Symmetric"]())
    parametrize.register_parametrization(m, "weight", classes["Double"]())
    sym = np.triu(weight) + np.triu(weight, 1).T
    np.testing.assert_allclose(_numpy(m.weight), 2 * sym, rtol=1e-15)
    assert len(m.parametrizations.weight) == 2
    with pytest.raises(RuntimeError, match="parametrization Double does not implement "
                                           "right_inverse."):
        m.weight = tinytorch.zeros(3, 3, dtype=tinytorch.float64)


def test_buffer_can_be_parametrized_and_stays_a_buffer():
    bn = nn.BatchNorm1d(3)
    parametrize.register_parametrization(bn, "running_var", _classes(tinytorch)["Double"]())
    assert "parametrizations.running_var.original" in dict(bn.named_buffers())
    np.testing.assert_array_equal(_numpy(bn.running_var), 2 * np.ones(3))
    parametrize.remove_parametrizations(bn, "running_var")
    assert "running_var" in dict(bn.named_buffers()) and type(bn) is nn.BatchNorm1d


def test_cached_computes_each_tensor_once_per_context(weight):
    m = parametrizations.weight_norm(_linear(tinytorch, weight))
    assert m.weight is not m.weight
    with parametrize.cached():
        first = m.weight
        with parametrize.cached():
            assert m.weight is first
        assert m.weight is first
    assert m.weight is not first


def test_parametrization_training_mode_follows_the_module(weight):
    m = _linear(tinytorch, weight).eval()
    sn = parametrizations._SpectralNorm(m.weight)
    parametrize.register_parametrization(m, "weight", sn)
    assert sn.training is False
    m.train()
    assert sn.training is True


@pytest.mark.parametrize("leave_parametrized", [True, False])
def test_remove_single_original_keeps_identity_and_matches_torch(weight, leave_parametrized):
    mods = {}
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(
            _linear(lib, weight), "weight", _classes(lib)["Symmetric"]())
        original = m.parametrizations.weight.original
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight", leave_parametrized)
        assert m.weight is original and not hasattr(m, "parametrizations")
        mods[lib] = m
    assert type(mods[tinytorch]) is nn.Linear
    assert list(mods[tinytorch].state_dict()) == list(mods[torch].state_dict())
    np.testing.assert_array_equal(_numpy(mods[tinytorch].weight), _numpy(mods[torch].weight))


def test_remove_sequence_of_originals_leaves_a_new_parameter(weight):
    m = parametrizations.weight_norm(_linear(tinytorch, weight))
    expected = _numpy(m.weight)
    parametrize.remove_parametrizations(m, "weight")
    assert isinstance(m.weight, nn.Parameter) and m.weight.requires_grad
    np.testing.assert_allclose(_numpy(m.weight), expected, rtol=1e-15)


def test_transfer_shares_parametrizations_and_originals(weight):
    a = parametrizations.weight_norm(_linear(tinytorch, weight))
    b = parametrize.transfer_parametrizations_and_params(a, nn.Linear(3, 3).double())
    assert b.parametrizations.weight.original1 is a.parametrizations.weight.original1
    np.testing.assert_array_equal(_numpy(b.weight), _numpy(a.weight))


def _error_cases():
    def make(lib, name, **kw):
        return lambda: lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "weight", _classes(lib)[name](), **kw)

    def on_parametrized(lib, name):
        m = lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "weight", _classes(lib)["Symmetric"]())
        return lambda: lib.nn.utils.parametrize.register_parametrization(
            m, "weight", _classes(lib)[name]())

    def assign_other_dtype(lib):
        m = lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "weight", _classes(lib)["Symmetric"]())
        return lambda: setattr(m, "weight", lib.zeros(2, 2, dtype=lib.float64))

    def assign_parameter(lib):
        m = lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(2, 2))
        return lambda: setattr(m, "weight", lib.nn.Parameter(lib.ones(2, 2)))

    def remove(lib, leave):
        m = lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(2, 2))
        return lambda: lib.nn.utils.parametrize.remove_parametrizations(m, "weight", leave)

    return {
        "no_such_tensor": lambda lib: lambda: lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "foo", lib.nn.Identity()),
        "shape_change": lambda lib: lambda: lib.nn.utils.parametrize.register_parametrization(
            lib.nn.Linear(2, 2), "weight", lib.nn.Flatten(0)),
        "dtype_change_in_right_inverse": lambda lib: make(lib, "ToDouble"),
        "right_inverse_not_a_tensor": lambda lib: make(lib, "NotATensor"),
        "appended_changes_shape": lambda lib: lambda: (
            lib.nn.utils.parametrize.register_parametrization(
                lib.nn.utils.parametrizations.weight_norm(lib.nn.Linear(2, 2)), "weight",
                lib.nn.Flatten(0))),
        "appended_changes_dtype": lambda lib: on_parametrized(lib, "ToDouble"),
        "assign_other_dtype": assign_other_dtype,
        "assign_parameter": assign_parameter,
        "remove_not_parametrized": lambda lib: lambda: (
            lib.nn.utils.parametrize.remove_parametrizations(lib.nn.Linear(2, 2), "weight")),
        "remove_sequence_unparametrized": lambda lib: remove(lib, False),
        "spectral_norm_no_tensor": lambda lib: lambda: (
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), name="foo")),
        "spectral_norm_dim": lambda lib: lambda: (
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2), dim=2)),
        "spectral_norm_iterations": lambda lib: lambda: (
            lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(2, 2),
                                                        n_power_iterations=0)),
    }


@pytest.mark.parametrize("case", sorted(_error_cases()))
def test_errors_match_torch(case):
    raised = []
    for lib in LIBS:
        call = _error_cases()[case](lib)
        with pytest.raises(Exception) as info:
            call()
        # dtypes print as tinytorch.float32 in our messages
        raised.append((type(info.value), str(info.value).replace("tinytorch.", "torch.")))
    assert raised[0] == raised[1]
