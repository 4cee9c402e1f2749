"""normL's modules against PyTorch's: RMSNorm, LPPool1d/2d, MaxUnpool1d/2d (float64 outputs,
input and parameter gradients, state dicts both ways, repr), gumbel_softmax's sampling and
straight-through gradient, and the lazy modules (shape inference, initialisation, becoming
the plain layer, state dicts, dtype and device before the first forward, optimizers)."""

import copy

import numpy as np
import pytest

import tinytorch
import tinytorch.nn as nn
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")


def _ours(t, device="cpu"):
    return tinytorch.tensor(t.detach().numpy(), device=device)


def _theirs(t):
    return torch.tensor(t.detach().cpu().numpy())


def _close(a, b, rtol=1e-10, atol=1e-12, what=""):
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().cpu().numpy(), rtol=rtol,
                               atol=atol, err_msg=what)


# --- RMSNorm, LPPool, MaxUnpool modules ---------------------------------------------------------
MODULES = [  # (constructor args as text, input shape)
    ("RMSNorm(4)", (2, 3, 4)), ("RMSNorm([3, 4], eps=0.1)", (2, 3, 4)),
    ("RMSNorm((4,), elementwise_affine=False)", (5, 4)),
    ("LPPool1d(2, 3)", (2, 3, 7)), ("LPPool1d(1.5, 2, stride=1, ceil_mode=True)", (3, 5)),
    ("LPPool2d(2, (2, 3))", (2, 2, 4, 6)), ("LPPool2d(3, 2, stride=(1, 2))", (2, 5, 4)),
    ("LPPool2d(float('inf'), 2)", (1, 2, 4, 4)),
]


@pytest.mark.parametrize("spec, shape", MODULES, ids=[p[0] + str(p[1]) for p in MODULES])
def test_module_matches_torch(spec, shape, device):
    rng = np.random.default_rng(0)
    ours = eval("nn." + spec).to(device=device, dtype=tinytorch.float64)
    theirs = eval("torch.nn." + spec).to(torch.float64)
    assert repr(ours) == repr(theirs)
    for p in theirs.parameters():  # a weight that is not all ones
        p.data.uniform_(0.5, 1.5)
    ours.load_state_dict({k: _ours(v, device) for k, v in theirs.state_dict().items()})
    x = rng.uniform(0.1, 2.0, size=shape)
    a = tinytorch.tensor(x, device=device, requires_grad=True)
    b = torch.tensor(x, requires_grad=True)
    y, ty = ours(a), theirs(b)
    _close(y, ty)
    w = rng.normal(size=tuple(ty.shape))
    (y * tinytorch.tensor(w, device=device)).sum().backward()
    (ty * torch.tensor(w)).sum().backward()
    _close(a.grad, b.grad, 1e-8, 1e-10)
    for (name, p), tp in zip(ours.named_parameters(), theirs.parameters()):
        _close(p.grad, tp.grad, 1e-8, 1e-10, name)
    back = eval("torch.nn." + spec).to(torch.float64)  # and our state dict into PyTorch's
    back.load_state_dict({k: _theirs(v) for k, v in ours.state_dict().items()})
    for key, value in back.state_dict().items():
        _close(ours.state_dict()[key], value, what=key)


def test_rms_norm_default_eps_is_the_dtypes_and_output_keeps_the_input_dtype():
    x = np.random.default_rng(1).normal(size=(3, 4)) * 1e-4
    for dtype, tdtype in ((tinytorch.float32, torch.float32), (tinytorch.float64, torch.float64)):
        y = F.rms_norm(tinytorch.tensor(x, dtype=dtype), [4])
        _close(y, torch.nn.functional.rms_norm(torch.tensor(x, dtype=tdtype), [4]), 1e-6, 1e-6)
    y = F.rms_norm(tinytorch.tensor(x), [4], tinytorch.ones(4, dtype=tinytorch.float32))
    assert y.dtype == tinytorch.float64


@pytest.mark.parametrize("dims, kernel, stride", [(1, 2, None), (1, 3, 2), (2, 2, None),
                                                  (2, (3, 2), (2, 1)), (2, 3, 1)])
def test_max_unpool_inverts_max_pool_as_torch(dims, kernel, stride, device):
    # overlapping windows (stride < kernel) repeat indices: the last value written wins
    rng = np.random.default_rng(2)
    shape = (2, 3) + (7,) * dims
    x = rng.permutation(int(np.prod(shape))).reshape(shape).astype(np.float64)
    pool, unpool = f"MaxPool{dims}d", f"MaxUnpool{dims}d"
    y, i = getattr(nn, pool)(kernel, stride, return_indices=True)(
        tinytorch.tensor(x, device=device))
    ty, ti = getattr(torch.nn, pool)(kernel, stride, return_indices=True)(torch.tensor(x))
    ours, theirs = getattr(nn, unpool)(kernel, stride), getattr(torch.nn, unpool)(kernel, stride)
    assert repr(ours) == repr(theirs)
    a, b = y.detach().requires_grad_(), ty.detach().requires_grad_()
    out, tout = ours(a, i, output_size=x.shape), theirs(b, ti, output_size=x.shape)
    _close(out, tout)
    w = rng.normal(size=x.shape)
    (out * tinytorch.tensor(w, device=device)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    _close(a.grad, b.grad)


# --- gumbel_softmax -----------------------------------------------------------------------------
def test_gumbel_softmax_samples_sum_to_one_and_hard_ones_are_one_hot(device):
    logits = tinytorch.randn(4, 5, 3, device=device)
    soft = F.gumbel_softmax(logits, tau=0.5, dim=1)
    np.testing.assert_allclose(soft.sum(1).cpu().numpy(), 1.0, rtol=1e-6)
    hard = F.gumbel_softmax(logits, hard=True, dim=1)
    assert sorted(set(hard.cpu().numpy().ravel().tolist())) == [0.0, 1.0]
    np.testing.assert_array_equal(hard.sum(1).cpu().numpy(), 1.0)


def test_gumbel_softmax_hard_passes_the_soft_samples_gradient(device):
    x = np.random.default_rng(3).normal(size=(6, 4))
    grads = []
    for hard in (False, True):
        tinytorch.manual_seed(7)
        logits = tinytorch.tensor(x, device=device, requires_grad=True)
        y = F.gumbel_softmax(logits, tau=0.7, hard=hard)
        (y * tinytorch.arange(4.0, device=device)).sum().backward()
        grads.append(logits.grad.cpu().numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12, atol=1e-12)


def test_gumbel_softmax_argmax_follows_the_softmax_of_the_logits():
    tinytorch.manual_seed(0)
    logits = tinytorch.tensor([1.0, 0.0, -1.0]).expand(4000, 3)
    counts = F.gumbel_softmax(logits, hard=True).sum(0).numpy() / 4000
    np.testing.assert_allclose(counts, F.softmax(tinytorch.tensor([1.0, 0.0, -1.0]), 0).numpy(),
                               atol=0.03)


def test_gumbel_softmax_errors_and_warning_as_torch():
    with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect."):
        F.gumbel_softmax(tinytorch.zeros(2, 3), eps=1e-5)
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-2, 1\], but got 2\)"):
        F.gumbel_softmax(tinytorch.zeros(2, 3), dim=2)
    with pytest.raises(RuntimeError, match="Exponential distribution is a continuous "
                                           "probability distribution. dtype must be a floating "
                                           "point but you specified Long"):
        F.gumbel_softmax(tinytorch.zeros(3, dtype=tinytorch.int64))


# --- lazy modules -------------------------------------------------------------------------------
LAZY = [  # (lazy constructor, the plain layer's with the inferred size, input shape)
    ("LazyLinear(3)", "Linear(5, 3)", (2, 5)),
    ("LazyLinear(2, bias=False)", "Linear(4, 2, bias=False)", (3, 2, 4)),
    ("LazyConv1d(4, 3, padding=1)", "Conv1d(2, 4, 3, padding=1)", (2, 2, 6)),
    ("LazyConv2d(4, 3, groups=2, bias=False)", "Conv2d(2, 4, 3, groups=2, bias=False)",
     (1, 2, 5, 5)),
    ("LazyConv2d(3, 2)", "Conv2d(2, 3, 2)", (2, 5, 4)),
    ("LazyConvTranspose1d(4, 3, stride=2)", "ConvTranspose1d(2, 4, 3, stride=2)", (2, 2, 5)),
    ("LazyConvTranspose2d(2, 3, output_padding=1, stride=2)",
     "ConvTranspose2d(3, 2, 3, output_padding=1, stride=2)", (1, 3, 4, 4)),
    ("LazyBatchNorm1d()", "BatchNorm1d(3)", (4, 3)),
    ("LazyBatchNorm1d(affine=False, momentum=None)", "BatchNorm1d(3, affine=False, "
                                                     "momentum=None)", (4, 3, 2)),
    ("LazyBatchNorm2d(bias=False)", "BatchNorm2d(2, bias=False)", (2, 2, 3, 3)),
]
_IDS = [spec for spec, _, _ in LAZY]


@pytest.mark.parametrize("spec, plain, shape", LAZY, ids=_IDS)
def test_lazy_module_becomes_the_plain_layer_initialised_as_it(spec, plain, shape, device):
    lazy = eval("nn." + spec).to(device)
    assert repr(lazy) == repr(eval("torch.nn." + spec)) and lazy.has_uninitialized_params()
    x = tinytorch.tensor(np.random.default_rng(4).normal(size=shape), device=device,
                         dtype=tinytorch.float32)
    tinytorch.manual_seed(5)
    y = lazy(x)
    tinytorch.manual_seed(5)
    expected = eval("nn." + plain).to(device)
    assert type(lazy) is type(expected) and repr(lazy) == repr(expected)
    assert not lazy._forward_pre_hooks and not lazy._load_state_dict_pre_hooks
    _close(y, expected(x), 1e-6, 1e-6)
    for (name, p), (_, q) in zip(lazy.state_dict().items(), expected.state_dict().items()):
        assert type(p) is type(q) and p.dtype == q.dtype and p.device == q.device, name
        np.testing.assert_array_equal(p.cpu().numpy(), q.cpu().numpy(), err_msg=name)
    for p in lazy.parameters():
        assert type(p) is nn.Parameter and p.requires_grad
    doubled = eval("nn." + spec).to(device).double()  # set before the first forward
    doubled(x.double())
    assert {t.dtype for t in doubled.state_dict().values()} <= {tinytorch.float64,
                                                                tinytorch.int64}


@pytest.mark.parametrize("spec, plain, shape", LAZY, ids=_IDS)
def test_lazy_state_dicts_load_both_ways_with_torch(spec, plain, shape):
    x = np.random.default_rng(6).normal(size=shape)
    theirs = eval("torch.nn." + spec).double()
    theirs(torch.tensor(x))
    ours = eval("nn." + spec).double()
    assert list(ours.state_dict()) == list(eval("torch.nn." + spec).state_dict())
    assert all(repr(v).startswith("<Uninitialized") for k, v in ours.state_dict().items()
               if "num_batches" not in k)
    ours.load_state_dict({k: _ours(v) for k, v in theirs.state_dict().items()})
    assert not ours.has_uninitialized_params() and type(ours).__name__ == spec.split("(")[0]
    ours.eval(), theirs.eval()
    _close(ours(tinytorch.tensor(x)), theirs(torch.tensor(x)))
    assert type(ours).__name__ == plain.split("(")[0]
    back = eval("torch.nn." + spec).double()
    back.load_state_dict({k: _theirs(v) for k, v in ours.state_dict().items()})
    for key, value in back.state_dict().items():
        _close(ours.state_dict()[key], value, what=key)


def test_lazy_load_state_dict_errors_and_partial_loads_as_torch():
    message = (r"Can't access the shape of an uninitialized parameter or buffer. This error "
               r"usually happens in `load_state_dict` when trying to load an uninitialized "
               r"parameter into an initialized one. Call `forward` to initialize the "
               r"parameters before accessing their attributes.")
    with pytest.raises(RuntimeError, match=message):
        nn.Linear(5, 3).load_state_dict(nn.LazyLinear(3).state_dict())
    with pytest.raises(RuntimeError, match=message):
        nn.LazyLinear(3).weight.shape
    m = nn.LazyLinear(3)
    m.load_state_dict(nn.LazyLinear(3).state_dict())  # uninitialised into uninitialised
    m.load_state_dict({"weight": tinytorch.ones(3, 2)}, strict=False)
    assert m.weight.shape == (3, 2) and repr(m.bias) == "<UninitializedParameter>"
    assert m.has_uninitialized_params()


def test_lazy_optimizer_built_before_the_first_forward_steps_the_materialised_parameters():
    m = nn.LazyLinear(2)
    opt = tinytorch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    opt.step()  # no gradients yet: nothing to do, as PyTorch's
    weight = m.weight
    m(tinytorch.ones(3, 4)).sum().backward()
    before = m.weight.detach().clone()
    opt.step()
    assert m.weight is weight
    np.testing.assert_allclose((before - m.weight).detach().numpy(), 0.1 * 3, rtol=1e-6)


def test_lazy_module_errors_as_torch():
    with pytest.raises(RuntimeError, match=r"Expected 3D \(unbatched\) or 4D \(batched\) input "
                                           r"to LazyConv2d, but got input of size: "
                                           r"torch.Size\(\[2, 3\]\)"):
        nn.LazyConv2d(4, 3)(tinytorch.ones(2, 3))
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.LazyConv1d(4, 3, groups=2)(tinytorch.ones(1, 3, 5))

    class Forgetful(nn.modules.lazy.LazyModuleMixin, nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = nn.UninitializedParameter()

        def initialize_parameters(self, input):
            pass

        def forward(self, input):
            return input

    with pytest.raises(RuntimeError, match="module Forgetful has not been fully initialized"):
        Forgetful()(tinytorch.ones(1))

    class Unwritten(nn.modules.lazy.LazyModuleMixin, nn.Module):
        pass

    with pytest.raises(NotImplementedError,
                       match="initialize_parameters is not implemented for Unwritten"):
        Unwritten()(tinytorch.ones(1))


def test_uninitialized_tensors_convert_copy_and_materialise():
    p = nn.UninitializedParameter(requires_grad=False, dtype=tinytorch.float64)
    assert repr(p.float()) == "<UninitializedParameter>" and p.float().dtype == tinytorch.float32
    twin = copy.deepcopy(p)
    assert type(twin) is nn.UninitializedParameter and twin is not p and not twin.requires_grad
    b = nn.UninitializedBuffer().double()
    b.materialize((2, 3))
    assert type(b) is tinytorch.Tensor and b.shape == (2, 3) and b.dtype == tinytorch.float64
    lazy = copy.deepcopy(nn.LazyLinear(2))
    lazy(tinytorch.ones(1, 3))
    assert type(lazy) is nn.Linear and not lazy._forward_pre_hooks
