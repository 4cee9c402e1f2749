"""Module.state_dict / load_state_dict machinery against PyTorch: each module's
``_load_from_state_dict`` (overridable, as old-checkpoint converters do), the ``_metadata``
versions and BatchNorm's and InstanceNorm's version handling, ``local_metadata``, the private
and public state-dict hooks, ``assign``, the error messages, and ``to_empty``. Each case runs
the same code on tinytorch and torch and returns plain values to compare."""

import warnings
from collections import OrderedDict

import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _raises(fn):
    """(exception type name, message) of what ``fn()`` raises."""
    with pytest.raises(Exception) as error:
        fn()
    return type(error.value).__name__, str(error.value)


def _legacy_override(L):
    nn, out = L.nn, []

    class Renamed(nn.Module):
        def __init__(self):
            super().__init__()
            self.w = nn.Parameter(L.zeros(2))

        def _load_from_state_dict(self, state_dict, prefix, *args):
            if prefix + "legacy_w" in state_dict:
                state_dict[prefix + "w"] = state_dict.pop(prefix + "legacy_w")
            super()._load_from_state_dict(state_dict, prefix, *args)

    for strict in (True, False):
        net = nn.Sequential(Renamed())
        source = {"0.legacy_w": L.ones(2)}
        out += [repr(net.load_state_dict(source, strict=strict)), net[0].w.tolist(),
                list(source)]  # the caller's dict is left alone
    out.append(_raises(lambda: nn.Sequential(Renamed()).load_state_dict({"0.v": L.ones(2)})))
    return out


def _metadata(L):
    nn = L.nn
    net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.BatchNorm1d(2), nn.InstanceNorm1d(2)))
    sd = net.state_dict()
    prefixed = net.state_dict(prefix="model.")
    into = {}
    net.state_dict(destination=into)
    return [type(sd).__name__, dict(sd._metadata), dict(prefixed._metadata),
            hasattr(into, "_metadata"), list(into), nn.Module._version,
            nn.BatchNorm2d._version, nn.InstanceNorm2d._version]


def _local_metadata(L):
    nn, seen = L.nn, []

    class Spy(nn.Linear):
        _version = 3

        def _load_from_state_dict(self, state_dict, prefix, local_metadata, *args):
            seen.append((prefix, dict(local_metadata)))
            super()._load_from_state_dict(state_dict, prefix, local_metadata, *args)

    net = nn.Sequential(Spy(2, 2))
    sd = net.state_dict()
    net.load_state_dict(sd)
    net.load_state_dict(dict(sd))  # a plain dict: no metadata
    net.load_state_dict(net.state_dict(), assign=True)
    return seen + [type(net[0].weight).__name__, net[0].weight.requires_grad]


def _batchnorm_versions(L):
    nn, out = L.nn, []
    bn = nn.BatchNorm2d(3)
    bn.train()
    bn(L.ones(2, 3, 2, 2))
    sd = bn.state_dict()
    del sd["num_batches_tracked"]
    out.append(repr(bn.load_state_dict(dict(sd))))  # no metadata: an old checkpoint
    out.append(bn.num_batches_tracked.item())  # its own count kept
    out.append(_raises(lambda: bn.load_state_dict(sd)))  # version 2 says it should be there
    sd._metadata[""] = {"version": 1}
    out.append(repr(bn.load_state_dict(sd)))
    net = nn.Sequential(nn.BatchNorm1d(2))
    old = {k: v for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    out.append(repr(net.load_state_dict(old)))
    no_stats = nn.BatchNorm1d(2, track_running_stats=False)
    out.append(repr(no_stats.load_state_dict({"weight": L.ones(2), "bias": L.zeros(2)})))
    return out


def _instancenorm_versions(L):
    nn, out = L.nn, []
    stats = {"running_mean": L.zeros(2), "running_var": L.ones(2)}
    out.append(_raises(lambda: nn.InstanceNorm1d(2).load_state_dict(dict(stats))))
    out.append(_raises(lambda: nn.InstanceNorm1d(2).load_state_dict(dict(stats), strict=False)))
    with_meta = nn.Sequential(nn.InstanceNorm1d(2)).state_dict()
    with_meta.update({"0." + k: v for k, v in stats.items()})
    out.append(_raises(lambda: nn.Sequential(nn.InstanceNorm1d(2)).load_state_dict(with_meta)))
    tracked = nn.InstanceNorm1d(2, track_running_stats=True)
    out.append(repr(tracked.load_state_dict(dict(stats))))  # num_batches_tracked filled
    return out


def _pre_hooks(L):
    nn, log = L.nn, []
    lin = nn.Linear(2, 1)
    lin._register_load_state_dict_pre_hook(
        lambda sd, prefix, meta, strict, missing, unexpected, errors:
        log.append(("plain", sorted(sd), prefix, strict)))
    lin._register_load_state_dict_pre_hook(
        lambda module, sd, prefix, *rest: log.append(("with", type(module).__name__)),
        with_module=True)

    def rename(module, sd, prefix, *rest):
        if prefix + "w" in sd:
            sd[prefix + "weight"] = sd.pop(prefix + "w")
    lin.register_load_state_dict_pre_hook(rename)
    net = nn.Sequential(lin)
    log.append(repr(net.load_state_dict({"0.w": L.ones(1, 2), "0.bias": L.zeros(1)})))
    log.append(lin.weight.tolist())
    return log


def _state_dict_post_hooks(L):
    nn, out = L.nn, []
    net = nn.Sequential(nn.Linear(1, 1))
    net._register_state_dict_hook(lambda m, sd, prefix, meta: {"root": 1})
    net[0]._register_state_dict_hook(lambda m, sd, prefix, meta: {"ignored": 1})
    out.append(dict(net.state_dict()))

    def public(module, sd, prefix, meta):
        sd[prefix + "extra"] = meta["version"]
    child = nn.Linear(1, 1)
    child.register_state_dict_post_hook(public)
    out.append(sorted(nn.Sequential(child).state_dict()))
    out.append(_raises(lambda: child._register_state_dict_hook(public)))
    return out


def _load_errors(L):
    nn, out = L.nn, []
    lin = nn.Linear(2, 1)
    out.append(_raises(lambda: lin.load_state_dict({"weight": L.ones(3, 2), "bias": L.ones(1)})))
    out.append(_raises(lambda: lin.load_state_dict({"weight": [[1.0, 2.0]], "bias": L.ones(1)},
                                                   strict=False)))
    out.append(_raises(lambda: lin.load_state_dict([1, 2])))

    class Scalar(nn.Module):
        def __init__(self):
            super().__init__()
            self.s = nn.Parameter(L.tensor(0.0))
    scalar = Scalar()  # PyTorch 0.3 saved scalars as 1-element vectors
    out += [repr(scalar.load_state_dict({"s": L.tensor([2.5])})), scalar.s.tolist()]
    post = nn.Linear(1, 1)
    post.register_load_state_dict_post_hook(lambda m, keys: keys)
    out.append(_raises(lambda: post.load_state_dict(post.state_dict())))
    return out


def _positional_state_dict(L):
    lin = L.nn.Linear(1, 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        into = lin.state_dict({}, "p.")
    return [list(into), [(w.category.__name__, str(w.message)) for w in caught]]


def _to_empty(L):
    nn = L.nn
    net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).double()
    inner = net[0].weight.detach().clone()
    assert net.to_empty(device="cpu", recurse=False) is net  # Sequential has nothing of its own
    same = net[0].weight.tolist() == inner.tolist()
    weight = net[0].weight
    net.to_empty(device="cpu")
    layout = [(k, tuple(v.shape), str(v.dtype).rsplit(".")[-1], str(v.device))
              for k, v in net.state_dict().items()]
    return [same, net[0].weight is weight, layout,
            _raises(lambda: nn.Linear(1, 1).to_empty("cpu"))[0]]


CASES = [_legacy_override, _metadata, _local_metadata, _batchnorm_versions,
         _instancenorm_versions, _pre_hooks, _state_dict_post_hooks, _load_errors,
         _positional_state_dict, _to_empty]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__.strip("_") for case in CASES])
def test_like_pytorch(case):
    ours, theirs = case(tt), case(torch)
    assert ours == theirs


def test_pytorch_state_dict_with_metadata_loads():
    """A PyTorch state dict, ``_metadata`` included, drives the same version handling."""
    source = torch.nn.Sequential(torch.nn.BatchNorm1d(2))
    sd = source.state_dict()
    del sd["0.num_batches_tracked"]
    converted = OrderedDict((k, tt.tensor(v.numpy())) for k, v in sd.items())
    converted._metadata = sd._metadata
    with pytest.raises(RuntimeError, match='Missing key.*"0.num_batches_tracked"'):
        tt.nn.Sequential(tt.nn.BatchNorm1d(2)).load_state_dict(converted)
    converted._metadata = OrderedDict((k, {"version": 1}) for k in sd._metadata)
    assert repr(tt.nn.Sequential(tt.nn.BatchNorm1d(2)).load_state_dict(converted)) == \
        "<All keys matched successfully>"
