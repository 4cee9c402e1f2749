"""The recurrent layers against PyTorch (float64, the same state dict loaded both ways):
outputs, returned states and the gradients of the input, the initial states and every
parameter; packed sequences; gradcheck through time; PyTorch's errors."""

import numpy as np
import pytest

import tinytorch
from tinytorch.nn.utils import rnn as tt_rnn

torch = pytest.importorskip("torch")
from torch.nn.utils import rnn as torch_rnn  # noqa: E402  (after the importorskip)

F64 = tinytorch.float64


def _tt(t, device, requires_grad=False):
    return tinytorch.tensor(t.detach().numpy(), dtype=F64, device=device,
                            requires_grad=requires_grad)


def _np(t):
    return t.detach().cpu().numpy() if hasattr(t, "cpu") else t.detach().numpy()


def _close(actual, expected, what):
    assert tuple(actual.shape) == tuple(expected.shape), what
    np.testing.assert_allclose(_np(actual), _np(expected), rtol=1e-9, atol=1e-11, err_msg=what)


def _pair(name, kwargs, device, from_torch=True):
    """(torch module, tinytorch module) in float64 sharing one state dict; ``from_torch``
    says which library's initialisation the other loads."""
    torch.manual_seed(0)
    tinytorch.manual_seed(0)
    ours = getattr(tinytorch.nn, name)(**kwargs).double().to(device)
    theirs = getattr(torch.nn, name)(**kwargs).double()
    if from_torch:
        ours.load_state_dict({k: _tt(v, device) for k, v in theirs.state_dict().items()})
    else:
        theirs.load_state_dict({k: torch.from_numpy(_np(v).copy())
                                for k, v in ours.state_dict().items()})
    assert list(ours.state_dict()) == list(theirs.state_dict())
    return theirs, ours


def _states(h):
    return tuple(h) if isinstance(h, tuple) else (h,)


def _backward_both(outs, touts):
    """Σ o · w over every output in both libraries, the same random w."""
    ws = [torch.randn(tuple(o.shape), dtype=torch.float64) for o in touts]
    sum((o * w).sum() for o, w in zip(touts, ws)).backward()
    sum((o * _tt(w, o.device)).sum() for o, w in zip(outs, ws)).backward()


def _check_grads(theirs, ours, pairs):
    for name, p in theirs.named_parameters():
        _close(ours.get_parameter(name).grad, p.grad, f"grad of {name}")
    for mine, t in pairs:
        _close(mine.grad, t.grad, "input grad")


# (module, kwargs, input shape, initial states given)
MODULES = [
    ("RNN", dict(input_size=3, hidden_size=4), (5, 2, 3), True),
    ("RNN", dict(input_size=3, hidden_size=4, nonlinearity="relu", num_layers=2,
                 bidirectional=True), (4, 3, 3), True),
    ("RNN", dict(input_size=3, hidden_size=2, bias=False, batch_first=True), (2, 6, 3), False),
    ("LSTM", dict(input_size=3, hidden_size=4), (5, 2, 3), True),
    ("LSTM", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True,
                  proj_size=2, batch_first=True), (2, 5, 3), True),
    ("LSTM", dict(input_size=2, hidden_size=3, num_layers=3, bias=False), (4, 2, 2), False),
    ("LSTM", dict(input_size=3, hidden_size=4, bidirectional=True), (5, 3), True),
    ("GRU", dict(input_size=3, hidden_size=4), (5, 2, 3), True),
    ("GRU", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True,
                 batch_first=True), (3, 4, 3), True),
    ("GRU", dict(input_size=3, hidden_size=4, bias=False), (6, 3), False),
    ("GRU", dict(input_size=3, hidden_size=4), (5, 0, 3), False),
]


def _initial(name, kwargs, shape):
    """Random initial states for a module and input shape (torch tensors)."""
    d = 2 if kwargs.get("bidirectional") else 1
    lead = (d * kwargs.get("num_layers", 1),)
    if len(shape) == 3:
        lead += (shape[0] if kwargs.get("batch_first") else shape[1],)
    h = kwargs.get("proj_size") or kwargs["hidden_size"]
    sizes = (h, kwargs["hidden_size"]) if name == "LSTM" else (h,)
    return tuple(torch.randn(lead + (n,), dtype=torch.float64, requires_grad=True)
                 for n in sizes)


@pytest.mark.parametrize("from_torch", [True, False], ids=["torch_state", "tinytorch_state"])
@pytest.mark.parametrize("case", MODULES, ids=lambda c: f"{c[0]}-{c[2]}-{len(c[1])}")
def test_module_matches_torch_outputs_states_and_gradients(case, from_torch, device):
    name, kwargs, shape, given = case
    theirs, ours = _pair(name, kwargs, device, from_torch)
    x = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    xt = _tt(x, device, True)
    pairs = [(xt, x)]
    if given:
        states = _initial(name, kwargs, shape)
        tstates = tuple(_tt(s, device, True) for s in states)
        pairs += list(zip(tstates, states))
        arg, targ = (states, tstates) if name == "LSTM" else (states[0], tstates[0])
        out, h = theirs(x, arg)
        out_t, h_t = ours(xt, targ)
    else:
        out, h = theirs(x)
        out_t, h_t = ours(xt)
    outs, touts = (out_t,) + _states(h_t), (out,) + _states(h)
    for a, b in zip(outs, touts):
        _close(a, b, "output / final state")
    _backward_both(outs, touts)
    _check_grads(theirs, ours, pairs)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_in_place_writes_into_the_outputs_keep_backward_right(name, device):
    # the layer's op saves its per-step values, never the arrays it returns: writing into
    # the output or the final states after the forward is allowed, as in PyTorch
    kwargs = dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True,
                  batch_first=True)
    theirs, ours = _pair(name, kwargs, device)
    x = torch.randn((2, 5, 3), dtype=torch.float64, requires_grad=True)
    xt = _tt(x, device, True)
    results = []
    for module, inp in ((theirs, x), (ours, xt)):
        out, h = module(inp)
        states = _states(h)
        out.mul_(2)
        for s in states:
            s.add_(1)
        results.append((out,) + states)
    _backward_both(results[1], results[0])
    _check_grads(theirs, ours, [(xt, x)])


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_packed_input_matches_torch(name, enforce_sorted, device):
    kwargs = dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    theirs, ours = _pair(name, kwargs, device)
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    x = torch.randn(5, 4, 3, dtype=torch.float64, requires_grad=True)
    xt = _tt(x, device, True)
    states = _initial(name, kwargs, (5, 4, 3))
    tstates = tuple(_tt(s, device, True) for s in states)
    packed = torch_rnn.pack_padded_sequence(x, lengths, enforce_sorted=enforce_sorted)
    packed_t = tt_rnn.pack_padded_sequence(xt, lengths, enforce_sorted=enforce_sorted)
    _close(packed_t.data, packed.data, "packed data")
    assert packed_t.batch_sizes.tolist() == packed.batch_sizes.tolist()
    arg, targ = (states, tstates) if name == "LSTM" else (states[0], tstates[0])
    out, h = theirs(packed, arg)
    out_t, h_t = ours(packed_t, targ)
    assert isinstance(out_t, tt_rnn.PackedSequence)
    padded, lens = torch_rnn.pad_packed_sequence(out, batch_first=True, padding_value=-1.0,
                                                 total_length=6)
    padded_t, lens_t = tt_rnn.pad_packed_sequence(out_t, batch_first=True, padding_value=-1.0,
                                                  total_length=6)
    assert lens_t.tolist() == lens.tolist() == lengths
    outs, touts = (padded_t,) + _states(h_t), (padded,) + _states(h)
    for a, b in zip(outs, touts):
        _close(a, b, "output / final state")
    _backward_both(outs, touts)
    _check_grads(theirs, ours, [(xt, x)] + list(zip(tstates, states)))


@pytest.mark.parametrize("name", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("batched", [True, False])
def test_cell_matches_torch(name, batched, device):
    theirs, ours = _pair(name, dict(input_size=3, hidden_size=4), device)
    x = torch.randn((2, 3) if batched else (3,), dtype=torch.float64, requires_grad=True)
    hshape = (2, 4) if batched else (4,)
    states = tuple(torch.randn(hshape, dtype=torch.float64, requires_grad=True)
                   for _ in range(2 if name == "LSTMCell" else 1))
    xt, tstates = _tt(x, device, True), tuple(_tt(s, device, True) for s in states)
    arg, targ = (states, tstates) if name == "LSTMCell" else (states[0], tstates[0])
    outs, touts = _states(ours(xt, targ)), _states(theirs(x, arg))
    for a, b in zip(outs, touts):
        _close(a, b, "cell output")
    _backward_both(outs, touts)
    _check_grads(theirs, ours, [(xt, x)] + list(zip(tstates, states)))
    zero_state = _states(ours(xt))  # hx omitted: zeros
    for a, b in zip(zero_state, _states(theirs(x))):
        _close(a, b, "cell output from zeros")


def _functional_lstm(device):
    """A 2-layer LSTM as a function of its input, initial states and weights."""
    from tinytorch._ops import nn_rnn
    lstm = tinytorch.nn.LSTM(2, 2, num_layers=2).double().to(device)
    weights = [w.detach().requires_grad_() for w in lstm.parameters()]

    def f(x, h0, c0, *ws):
        layers = [tuple(ws[k:k + 4]) + (None,) for k in range(0, len(ws), 4)]
        out, (h, c) = nn_rnn.rnn("LSTM", x.reshape(-1, 2), [2] * x.shape[0], (h0, c0), layers,
                                 2, 0.0, False, False)
        return out, h, c
    return f, weights


def test_lstm_gradients_through_time_match_finite_differences(device):
    f, weights = _functional_lstm(device)
    x = tinytorch.randn(4, 2, 2, dtype=F64, device=device, requires_grad=True)
    h0, c0 = (tinytorch.randn(2, 2, 2, dtype=F64, device=device, requires_grad=True)
              for _ in range(2))
    assert tinytorch.autograd.gradcheck(f, (x, h0, c0, *weights))
    lstm = tinytorch.nn.LSTM(2, 3, bidirectional=True, proj_size=2).double().to(device)
    h0, c0 = (tinytorch.randn(2, 2, n, dtype=F64, device=device, requires_grad=True)
              for n in (2, 3))

    def g(a, h, c):
        out, (h_n, c_n) = lstm(a, (h, c))
        return out, h_n, c_n
    assert tinytorch.autograd.gradcheck(g, (x, h0, c0))


@pytest.mark.parametrize("name", ["RNN", "GRU"])
def test_rnn_and_gru_gradients_through_time_match_finite_differences(name, device):
    module = getattr(tinytorch.nn, name)(2, 3, bidirectional=True).double().to(device)
    x = tinytorch.randn(4, 2, 2, dtype=F64, device=device, requires_grad=True)
    h0 = tinytorch.randn(2, 2, 3, dtype=F64, device=device, requires_grad=True)
    assert tinytorch.autograd.gradcheck(lambda a, b: module(a, b), (x, h0))


def test_packed_gradients_match_finite_differences(device):
    gru = tinytorch.nn.GRU(2, 3, bidirectional=True).double().to(device)
    x = tinytorch.randn(4, 3, 2, dtype=F64, device=device, requires_grad=True)

    def f(a):
        packed = tt_rnn.pack_padded_sequence(a, [2, 4, 1], enforce_sorted=False)
        out, h = gru(packed)
        return tt_rnn.pad_packed_sequence(out)[0], h
    assert tinytorch.autograd.gradcheck(f, (x,))


def test_rnn_double_backward_matches_finite_differences(device):
    # LSTM and GRU: tests/nn/test_rnn_double_backward.py
    rnn = tinytorch.nn.RNN(2, 3).double().to(device)
    x = tinytorch.randn(3, 2, 2, dtype=F64, device=device, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda a: rnn(a)[0], (x,))


def test_dropout_between_layers_only_when_training(device):
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        tinytorch.nn.LSTM(2, 3, dropout=0.5)
    lstm = tinytorch.nn.LSTM(2, 3, num_layers=2, dropout=0.5).to(device)
    x = tinytorch.randn(5, 4, 2, device=device)
    lstm.eval()
    assert tinytorch.equal(lstm(x)[0], lstm(x)[0])
    lstm.train()
    tinytorch.manual_seed(1)
    first = lstm(x)[0]
    tinytorch.manual_seed(2)
    assert not tinytorch.equal(first, lstm(x)[0])


def test_parameters_initialisation_and_repr_match_torch():
    for name, kwargs in (("LSTM", dict(input_size=10, hidden_size=20, num_layers=2,
                                       proj_size=5, bidirectional=True, batch_first=True,
                                       dropout=0.1, bias=False)),
                         ("RNN", dict(input_size=3, hidden_size=4, nonlinearity="relu")),
                         ("GRU", dict(input_size=3, hidden_size=4)),
                         ("LSTMCell", dict(input_size=3, hidden_size=4, bias=False)),
                         ("RNNCell", dict(input_size=3, hidden_size=4, nonlinearity="relu"))):
        ours, theirs = getattr(tinytorch.nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs)
        assert repr(ours) == repr(theirs)
        assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
            [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
        bound = 1 / np.sqrt(kwargs["hidden_size"])
        values = np.concatenate([_np(p).ravel() for p in ours.parameters()])
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.9 * bound
    lstm = tinytorch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    assert [[tuple(w.shape) for w in ws] for ws in lstm.all_weights] == \
        [[tuple(w.shape) for w in ws] for ws in torch.nn.LSTM(3, 4, 2, bidirectional=True)
         .all_weights]


# --- errors: PyTorch's type and message ------------------------------------------------------
def _args(lib, shapes):
    return [tuple(lib.zeros(*s) for s in shape) if isinstance(shape, list) else
            lib.zeros(*shape) for shape in shapes]


# (module, kwargs, input and hidden shapes (a list: a tuple of states))
CALL_ERRORS = [
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 2, 6)]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 2, 3, 1)]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 2, 3), [(1, 3, 4), (1, 2, 4)]]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 2, 3), [(1, 2, 4), (1, 2, 5)]]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 2, 3), [(2, 4), (1, 2, 4)]]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(5, 3), [(1, 2, 4), (1, 2, 4)]]),
    ("LSTM", dict(input_size=3, hidden_size=4, proj_size=2), [(5, 2, 3), [(1, 2, 4), (1, 2, 4)]]),
    ("LSTM", dict(input_size=3, hidden_size=4), [(0, 2, 3)]),
    ("GRU", dict(input_size=3, hidden_size=4), [(5, 2, 3), (1, 3, 4)]),
    ("GRU", dict(input_size=3, hidden_size=4, num_layers=2), [(5, 2, 3), (1, 2, 4)]),
    ("RNN", dict(input_size=3, hidden_size=4), [(5, 3), (1, 2, 4)]),
    ("RNN", dict(input_size=3, hidden_size=4), [(5, 2, 3), (2, 4)]),
    ("RNN", dict(input_size=3, hidden_size=4), [(5, 2, 3, 3)]),
    ("GRU", dict(input_size=3, hidden_size=4), [(5,)]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(2, 5)]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(2, 3), [(3, 4), (2, 4)]]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(2, 3), [(2, 4), (2, 5)]]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(2, 3), [(2, 4)]]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(2, 3, 3)]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(3,), [(2, 4), (2, 4)]]),
    ("LSTMCell", dict(input_size=3, hidden_size=4), [(3,), [(2, 2, 4), (4,)]]),
    ("GRUCell", dict(input_size=3, hidden_size=4), [(2, 3), (2, 5)]),
    ("GRUCell", dict(input_size=3, hidden_size=4), [(2, 3), (2, 2, 5)]),
    ("RNNCell", dict(input_size=3, hidden_size=4, nonlinearity="sig"), [(2, 3)]),
    ("RNNCell", dict(input_size=3, hidden_size=4), [(2, 3), (3, 4)]),
]


def _raised(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.type, str(info.value)


@pytest.mark.parametrize("case", CALL_ERRORS, ids=lambda c: f"{c[0]}-{c[2]}")
def test_bad_call_raises_torch_error(case):
    name, kwargs, shapes = case
    ours = _raised(lambda: getattr(tinytorch.nn, name)(**kwargs)(*_args(tinytorch, shapes)))
    theirs = _raised(lambda: getattr(torch.nn, name)(**kwargs)(*_args(torch, shapes)))
    assert ours == theirs


def test_dtype_mismatch_raises_torch_error():
    with pytest.raises(ValueError, match=r"RNN input dtype \(tinytorch.float64\) does not match "
                                         r"weight dtype \(tinytorch.float32\)"):
        tinytorch.nn.LSTM(3, 4)(tinytorch.zeros(5, 2, 3, dtype=F64))
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got "
                                           "Double and Float"):
        tinytorch.nn.GRUCell(3, 4)(tinytorch.zeros(2, 3, dtype=F64))


CONSTRUCTOR_ERRORS = [
    ("RNN", dict(input_size=3, hidden_size=4, proj_size=2)),
    ("GRU", dict(input_size=3, hidden_size=4, proj_size=2)),
    ("RNN", dict(input_size=3, hidden_size=4, nonlinearity="sigmoid")),
    ("LSTM", dict(input_size=3, hidden_size=4, proj_size=4)),
    ("LSTM", dict(input_size=3, hidden_size=4, proj_size=-1)),
    ("LSTM", dict(input_size=3, hidden_size=4, dropout=2)),
    ("LSTM", dict(input_size=3, hidden_size=4, dropout=True)),
    ("LSTM", dict(input_size=3, hidden_size=4, num_layers=0)),
    ("LSTM", dict(input_size=3, hidden_size=4.0)),
    ("LSTM", dict(input_size=3, hidden_size=0)),
    ("LSTM", dict(input_size=0, hidden_size=4)),
    ("LSTM", dict(input_size=3, hidden_size=4, bias=1)),
    ("GRU", dict(input_size=3, hidden_size=4, batch_first=None)),
]


@pytest.mark.parametrize("case", CONSTRUCTOR_ERRORS, ids=lambda c: f"{c[0]}-{c[1]}")
def test_bad_constructor_raises_torch_error(case):
    name, kwargs = case
    assert (_raised(lambda: getattr(tinytorch.nn, name)(**kwargs))
            == _raised(lambda: getattr(torch.nn, name)(**kwargs)))
