"""Module methods model code uses beside the basics, against PyTorch: extra state in the
state dict (get_extra_state / set_extra_state, missing and unexpected ``_extra_state``),
state-dict pre and post hooks, load-state-dict post hooks (editing the incompatible keys),
set_submodule and its errors, and Module.compile."""

import warnings

import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _extra_state(L):
    nn, out = L.nn, []

    class Counter(nn.Module):
        def __init__(self):
            super().__init__()
            self.calls, self.lin = 3, nn.Linear(1, 1)

        def get_extra_state(self):
            return {"calls": self.calls}

        def set_extra_state(self, state):
            self.calls = state["calls"]
    net = nn.Sequential(Counter(), nn.ReLU())
    sd = net.state_dict()
    out.append(list(sd))
    sd["0._extra_state"] = {"calls": 7}
    out += [str(net.load_state_dict(sd)), net[0].calls]
    del sd["0._extra_state"]
    with pytest.raises(RuntimeError) as missing:
        net.load_state_dict(sd)
    plain = nn.Linear(1, 1)
    with pytest.raises(RuntimeError) as unexpected:
        plain.load_state_dict({**plain.state_dict(), "_extra_state": 1})
    with pytest.raises(RuntimeError) as base:
        plain.get_extra_state()
    return out + [str(missing.value), str(net.load_state_dict(sd, strict=False)),
                  str(unexpected.value), str(base.value)]


def _state_dict_hooks(L):
    nn, log = L.nn, []
    net = nn.Sequential(nn.Sequential(nn.Linear(1, 1)), nn.ReLU())
    net[1].register_state_dict_pre_hook(lambda m, prefix, keep: log.append(("pre", prefix, keep)))
    net.register_state_dict_post_hook(lambda m, sd, prefix, meta: log.append(("post", list(sd))))
    net[0][0].register_load_state_dict_post_hook(
        lambda m, keys: log.append(("inner", list(keys.missing_keys), list(keys.unexpected_keys))))
    net.register_load_state_dict_post_hook(lambda m, keys: keys.unexpected_keys.clear())
    net.state_dict(prefix="x.")
    log.append(str(net.load_state_dict({"0.0.weight": L.ones(1, 1), "zz": L.ones(1)},
                                       strict=False)))
    net.register_state_dict_post_hook(lambda m, sd, prefix, meta: sd)
    with pytest.raises(RuntimeError) as returned:
        net.state_dict()
    return log + [str(returned.value), list(nn.Sequential(nn.Linear(1, 1)).state_dict(prefix="x"))]


def _set_submodule(L):
    nn, out = L.nn, []
    net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
    net.set_submodule("1.0", nn.Tanh())
    net.set_submodule("1.5", nn.ReLU())
    out.append(repr(net))
    for args in (("", nn.ReLU()), ("1.6", nn.ReLU(), True), ("0.weight", nn.ReLU()),
                 ("9.x", nn.ReLU()), ("1", 3)):
        with pytest.raises((ValueError, AttributeError)) as error:
            net.set_submodule(*args)
        out.append((type(error.value).__name__, str(error.value)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tinytorch's compile warns that it changes nothing
        out.append(net.compile())
    return out


@pytest.mark.parametrize("case", [_extra_state, _state_dict_hooks, _set_submodule])
def test_like_pytorch(case):
    assert case(tt) == case(torch)
