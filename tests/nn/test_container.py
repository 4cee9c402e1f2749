from collections import OrderedDict

import pytest

import tinytorch
from tinytorch import nn


def test_sequential_indexing_slicing_and_len():
    layers = [nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)]
    seq = nn.Sequential(*layers)
    assert len(seq) == 3
    assert seq[0] is layers[0] and seq[-1] is layers[2]
    assert list(seq) == layers
    sub = seq[1:]
    assert type(sub) is nn.Sequential and list(sub) == layers[1:]
    assert list(sub._modules) == ["1", "2"]
    with pytest.raises(IndexError, match="index 3 is out of range"):
        seq[3]


def test_sequential_forward_chains_modules():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    x = tinytorch.randn(4, 2)
    out = seq(x)
    assert out.shape == (4, 3)
    assert (out.detach().numpy() >= 0).all()


def test_sequential_ordered_dict_names_keys():
    seq = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.ReLU())]))
    assert list(seq.state_dict()) == ["fc.weight", "fc.bias"]
    assert isinstance(seq.act, nn.ReLU)


def test_sequential_append_insert_delete_renumber():
    seq = nn.Sequential(nn.ReLU())
    tanh, sig = nn.Tanh(), nn.Sigmoid()
    assert seq.append(tanh) is seq
    seq.insert(0, sig)
    assert list(seq) == [sig, seq[1], tanh]
    del seq[0]
    assert list(seq._modules) == ["0", "1"] and seq[1] is tanh
    seq[0] = sig
    assert seq[0] is sig
    seq.extend([nn.ReLU()])
    assert len(seq) == 3
    assert len(seq + nn.Sequential(nn.ReLU())) == 4


def test_module_list_registers_children():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    assert len(list(layers.parameters())) == 6
    layers.append(nn.Linear(2, 1))
    layers += [nn.ReLU()]
    assert len(layers) == 5
    assert [n for n, _ in layers.named_parameters()][-2:] == ["3.weight", "3.bias"]
    assert type(layers[1:3]) is nn.ModuleList and len(layers[1:3]) == 2
    del layers[0]
    assert list(layers._modules) == ["0", "1", "2", "3"]


def test_module_list_repr_matches_torch():
    torch = pytest.importorskip("torch")

    def build(lib):
        n = lib.nn
        return n.ModuleList([n.ReLU(), n.ReLU(), n.Linear(1, 2), n.Linear(1, 2),
                             n.Sequential(n.Tanh()), n.ReLU()])

    assert repr(build(tinytorch)) == repr(build(torch))
    assert repr(nn.ModuleList()) == "ModuleList()"


def test_module_dict_behaves_like_dict():
    d = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Linear(1, 1)})
    assert list(d) == ["a", "b"] and "a" in d and len(d) == 2
    d["c"] = nn.Tanh()
    assert list(d.keys()) == ["a", "b", "c"]
    assert isinstance(d.pop("a"), nn.ReLU)
    assert [n for n, _ in d.named_parameters()] == ["b.weight", "b.bias"]
    d.update([("e", nn.ReLU())])
    assert list(d.keys()) == ["b", "c", "e"]


def test_parameter_list_and_dict_register_parameters():
    pl = nn.ParameterList([tinytorch.ones(2), nn.Parameter(tinytorch.zeros(3))])
    assert all(type(p) is nn.Parameter for p in pl)
    assert [n for n, _ in pl.named_parameters()] == ["0", "1"]
    assert pl[-1].shape == (3,)
    pd = nn.ParameterDict({"scale": tinytorch.ones(2)})
    pd["shift"] = tinytorch.zeros(2)
    assert [n for n, _ in pd.named_parameters()] == ["scale", "shift"]
    assert type(pd["shift"]) is nn.Parameter


def test_parameter_dict_repr_matches_torch():
    torch = pytest.importorskip("torch")
    ours = nn.ParameterDict({"a": tinytorch.ones(2, 3)})
    theirs = torch.nn.ParameterDict({"a": torch.ones(2, 3)})
    assert repr(ours) == repr(theirs)


def test_insert_returns_what_pytorch_returns():
    seq, modules = nn.Sequential(nn.ReLU()), nn.ModuleList([nn.ReLU()])
    assert seq.insert(0, nn.Tanh()) is seq
    assert modules.insert(0, nn.Tanh()) is None
    assert [type(m).__name__ for m in modules] == ["Tanh", "ReLU"]
