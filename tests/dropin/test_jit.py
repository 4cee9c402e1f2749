"""``tinytorch.jit``: what eager model code calls from ``torch.jit`` runs, as PyTorch's eager
mode answers it; TorchScript itself (save/load of archives) is refused with a clear error."""

import warnings

import pytest

import tinytorch
from tinytorch._ops import _util
from tinytorch import nn

torch = pytest.importorskip("torch")


def test_script_and_trace_return_their_argument_and_warn_once(monkeypatch):
    monkeypatch.setattr(_util, "_warned_once", set())
    net = nn.Linear(2, 2)
    for fn, args in ((tinytorch.jit.script, ()), (tinytorch.jit.trace, (tinytorch.ones(1, 2),))):
        with pytest.warns(UserWarning, match="tinytorch runs eagerly") as caught:
            assert fn(net, *args) is net
        assert caught[0].filename == __file__
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert fn(net, *args) is net


def test_decorators_and_queries_behave_as_pytorchs_eager_mode():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)

        @tinytorch.jit.ignore
        def helper(self, x):
            return x * 2

        @tinytorch.jit.ignore(drop=True)
        def dropped(self, x):
            return x - 1

        @tinytorch.jit.unused
        @tinytorch.jit.export
        def forward(self, x):
            if tinytorch.jit.is_scripting() or tinytorch.jit.is_tracing():
                raise AssertionError("eager code path expected")
            return self.dropped(self.helper(self.fc(x)))

    x = tinytorch.ones(2, 3)
    assert Block()(x).shape == (2, 3)
    for name in ("is_scripting", "is_tracing"):
        assert getattr(tinytorch.jit, name)() is getattr(torch.jit, name)() is False
    assert tinytorch.jit.annotate(list, []) == torch.jit.annotate(list, []) == []
    assert tinytorch.jit.script_if_tracing(len) is len
    assert tinytorch.jit.Final is torch.jit.Final


def test_torchscript_archives_are_refused_with_a_pointer_to_state_dicts(tmp_path):
    path = str(tmp_path / "model.pt")
    for call in (lambda: tinytorch.jit.save(nn.Linear(2, 2), path),
                 lambda: tinytorch.jit.load(path)):
        with pytest.raises(RuntimeError, match="no TorchScript: save and load the model's "
                                               "state_dict instead"):
            call()
