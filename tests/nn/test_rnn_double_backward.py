"""Double backward (create_graph=True) through the recurrent layers and cells: gradgradcheck
in float64, and the gradient of the sum of squared first gradients (a gradient penalty) with
respect to the input, the initial states and every parameter against PyTorch, the same state
dict loaded in both (NOTE [Gates for double backward])."""

import pytest

import tinytorch
from tests.nn.test_rnn import MODULES
from tests.nn.test_rnn import _close
from tests.nn.test_rnn import _initial
from tests.nn.test_rnn import _pair
from tests.nn.test_rnn import _states
from tests.nn.test_rnn import _tt
from tinytorch.nn.utils import rnn as tt_rnn

torch = pytest.importorskip("torch")
from torch.nn.utils import rnn as torch_rnn  # noqa: E402  (after the importorskip)

F64 = tinytorch.float64


def _penalty(lib, outs, leaves, ws):
    """Σ over the leaves of |∂(Σ o · w)/∂leaf|², recorded so that it can be differentiated."""
    loss = sum((o * w).sum() for o, w in zip(outs, ws))
    grads = lib.autograd.grad(loss, leaves, create_graph=True)
    return sum((g * g).sum() for g in grads)


def _check_penalty(theirs, ours, touts, outs, tleaves, leaves):
    """Both penalties, then their gradients: w.r.t. the leaves and every parameter."""
    ws = [torch.randn(tuple(o.shape), dtype=torch.float64) for o in touts]
    tparams, params = list(theirs.parameters()), list(ours.parameters())
    expected = _penalty(torch, touts, tleaves + tparams, ws)
    actual = _penalty(tinytorch, outs, leaves + params, [_tt(w, o.device) for o, w in
                                                          zip(outs, ws)])
    _close(actual, expected, "penalty")
    expected.backward()
    actual.backward()
    for name, p in theirs.named_parameters():
        _close(ours.get_parameter(name).grad, p.grad, f"second-order grad of {name}")
    for mine, t in zip(leaves, tleaves):
        _close(mine.grad, t.grad, "second-order grad of an input")


@pytest.mark.parametrize("case", MODULES, ids=lambda c: f"{c[0]}-{c[2]}-{len(c[1])}")
def test_module_double_backward_matches_torch(case, device):
    name, kwargs, shape, given = case
    theirs, ours = _pair(name, kwargs, device)
    x = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    tleaves = [x] + list(_initial(name, kwargs, shape) if given else ())
    leaves = [_tt(t, device, True) for t in tleaves]
    if given:
        tstates, states = tuple(tleaves[1:]), tuple(leaves[1:])
        arg, targ = (tstates, states) if name == "LSTM" else (tstates[0], states[0])
        out, h = theirs(x, arg)
        out_t, h_t = ours(leaves[0], targ)
    else:
        out, h = theirs(x)
        out_t, h_t = ours(leaves[0])
    _check_penalty(theirs, ours, (out,) + _states(h), (out_t,) + _states(h_t), tleaves, leaves)


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_packed_double_backward_matches_torch(name, device):
    kwargs = dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    theirs, ours = _pair(name, kwargs, device)
    lengths = [3, 5, 1, 3]
    x = torch.randn(5, 4, 3, dtype=torch.float64, requires_grad=True)
    xt = _tt(x, device, True)
    out, h = theirs(torch_rnn.pack_padded_sequence(x, lengths, enforce_sorted=False))
    out_t, h_t = ours(tt_rnn.pack_padded_sequence(xt, lengths, enforce_sorted=False))
    padded = torch_rnn.pad_packed_sequence(out)[0]
    padded_t = tt_rnn.pad_packed_sequence(out_t)[0]
    _check_penalty(theirs, ours, (padded,) + _states(h), (padded_t,) + _states(h_t), [x], [xt])


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_double_backward_matches_torch(name, batched, device):
    theirs, ours = _pair(name, dict(input_size=3, hidden_size=4), device)
    x = torch.randn((2, 3) if batched else (3,), dtype=torch.float64, requires_grad=True)
    tleaves = [x] + [torch.randn((2, 4) if batched else (4,), dtype=torch.float64,
                                 requires_grad=True) for _ in range(2 if name == "LSTMCell"
                                                                    else 1)]
    leaves = [_tt(t, device, True) for t in tleaves]
    arg, targ = ((tuple(tleaves[1:]), tuple(leaves[1:])) if name == "LSTMCell"
                 else (tleaves[1], leaves[1]))
    _check_penalty(theirs, ours, _states(theirs(x, arg)), _states(ours(leaves[0], targ)),
                   tleaves, leaves)


def _module(name, device, **kwargs):
    tinytorch.manual_seed(0)
    return getattr(tinytorch.nn, name)(**kwargs).double().to(device)


def _randn(device, *shape):
    return tinytorch.randn(*shape, dtype=F64, device=device, requires_grad=True)


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell"])
def test_cell_gradgradcheck(name, device):
    cell = _module(name, device, input_size=2, hidden_size=2)
    states = [_randn(device, 2, 2) for _ in range(2 if name == "LSTMCell" else 1)]

    def f(a, *args):  # the states, then the cell's own parameters (perturbed in place)
        return _states(cell(a, tuple(args[:2]) if name == "LSTMCell" else args[0]))
    assert tinytorch.autograd.gradgradcheck(f, (_randn(device, 2, 2), *states,
                                                *cell.parameters()))


@pytest.mark.parametrize("name,kwargs", [
    ("LSTM", dict(num_layers=2)),
    ("LSTM", dict(bidirectional=True, proj_size=1)),
    ("GRU", dict(num_layers=2, bidirectional=True)),
], ids=["LSTM-2layers", "LSTM-bidirectional-proj", "GRU-2layers-bidirectional"])
def test_module_gradgradcheck(name, kwargs, device):
    module = _module(name, device, input_size=1, hidden_size=2, **kwargs)
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    x = _randn(device, 2, 1, 1)  # (L, B, H_in): few elements, since each one costs two runs
    h0 = _randn(device, layers, 1, kwargs.get("proj_size") or 2)
    states = (h0, _randn(device, layers, 1, 2)) if name == "LSTM" else (h0,)

    def f(a, *s):
        out, h = module(a, s if name == "LSTM" else s[0])
        return (out,) + _states(h)
    assert tinytorch.autograd.gradgradcheck(f, (x, *states))


@pytest.mark.parametrize("name", ["LSTMCell", "GRUCell"])
def test_cell_third_derivative_matches_torch(name, device):
    theirs, ours = _pair(name, dict(input_size=2, hidden_size=3), device)
    x = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    results = []
    for lib, module, a in ((torch, theirs, x), (tinytorch, ours, _tt(x, device, True))):
        out = _states(module(a))[0]
        (g1,) = lib.autograd.grad((out * out * out).sum(), a, create_graph=True)
        (g2,) = lib.autograd.grad((g1 * g1).sum(), a, create_graph=True)
        results.append(lib.autograd.grad((g2 * g2.sin()).sum(), a)[0])
    _close(results[1], results[0], "third derivative")
