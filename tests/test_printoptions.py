"""tinytorch.set_printoptions against torch.set_printoptions: the same text for the same
values under every option, and the defaults restored by profile='default'."""

import itertools
import math

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

_VALUES = [
    np.arange(24.0).reshape(2, 3, 4),
    np.linspace(-3, 3, 50).reshape(5, 10) / 7,
    np.array([1e-6, 1.0, 3e5]),
    np.arange(2000).reshape(40, 50),
    np.arange(100.0),
    np.array([[0.5, float("nan")], [float("inf"), -2.0]]),
    np.array(3.25),
]

_OPTIONS = [dict(precision=2), dict(precision=8), dict(threshold=5), dict(threshold=math.inf),
            dict(edgeitems=1, threshold=10), dict(edgeitems=0, threshold=10),
            dict(linewidth=30), dict(sci_mode=True), dict(sci_mode=False),
            dict(profile="short"), dict(profile="full"), dict(profile="short", precision=6)]


@pytest.fixture(autouse=True)
def _restore_defaults():
    yield
    tinytorch.set_printoptions(profile="default")
    torch.set_printoptions(profile="default")


@pytest.mark.parametrize("options", _OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in
                                                                        o.items()))
def test_printing_matches_pytorch_under_each_option(options):
    tinytorch.set_printoptions(**options)
    torch.set_printoptions(**options)
    for values, dtype in itertools.product(_VALUES, ("float32", "int64")):
        if dtype == "int64" and not np.isfinite(values).all():
            continue
        a = values.astype(dtype)
        assert repr(tinytorch.tensor(a)) == repr(torch.tensor(a)), (options, dtype, a.shape)


def test_options_persist_until_changed_and_profile_default_restores_them():
    tinytorch.set_printoptions(precision=2)
    tinytorch.set_printoptions(linewidth=40)  # precision is left as it was
    assert repr(tinytorch.tensor([1.23456])) == "tensor([1.23])"
    tinytorch.set_printoptions(profile="default")
    assert repr(tinytorch.tensor([1.23456])) == "tensor([1.2346])"
    assert "..." not in repr(tinytorch.arange(1000)) and "..." in repr(tinytorch.arange(1001))


def test_suffixes_wrap_at_the_line_width():
    tinytorch.set_printoptions(linewidth=20)
    torch.set_printoptions(linewidth=20)
    t = repr(tinytorch.ones(3, dtype=tinytorch.float64, requires_grad=True))
    r = repr(torch.ones(3, dtype=torch.float64, requires_grad=True))
    assert t == r.replace("torch.", "tinytorch.")
