"""``autograd.functional`` against PyTorch in float64: jacobian, hessian, vjp, jvp, hvp and
vhp of scalar, vector and tuple functions, with PyTorch's tuple conventions and shapes;
create_graph results differentiate again; strict and argument errors as PyTorch words them."""

import numpy as np
import pytest
import torch
import torch.autograd.functional as TF

import tinytorch
import tinytorch.autograd.functional as F

_RNG = np.random.default_rng(0)
_X, _Y = _RNG.standard_normal(3), _RNG.standard_normal((2, 3))

# Each takes the library (tinytorch or torch) and returns (function, inputs are a tuple).
FUNCS = {
    "cube_sum": (lambda a: (a ** 3).sum(), False),
    "vector": (lambda a: a.sin() * a, False),
    "two_in_one_out": (lambda a, b: (a * b).exp(), True),
    "two_in_two_out": (lambda a, b: ((a * b).sum(), (b.sin() * a).sum(0)), True),
    "scalar_of_two": (lambda a, b: (a * b.tanh()).sum() ** 2, True),
}
SCALAR = ["cube_sum", "scalar_of_two"]


def _inputs(lib, device, as_tuple):
    kw = {"dtype": lib.float64} if lib is torch else {"dtype": lib.float64, "device": device}
    x, y = lib.tensor(_X, **kw), lib.tensor(_Y, **kw)
    return (x, y) if as_tuple else x


def _ones_like(lib, ref):
    return tuple(lib.ones_like(r) for r in ref) if isinstance(ref, tuple) else lib.ones_like(ref)


def _assert_same(ours, theirs):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _assert_same(a, b)
        return
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(np.asarray(ours.detach().cpu().tolist()),
                               theirs.detach().numpy(), rtol=1e-12, atol=1e-14)


def _call(name, lib_fn, fn, inputs, v_from, create_graph=False):
    mod = F if lib_fn is tinytorch else TF
    lib = lib_fn
    if name in ("jacobian", "hessian"):
        return getattr(mod, name)(fn, inputs, create_graph=create_graph)
    ref = fn(*inputs) if isinstance(inputs, tuple) and v_from == "out" else (
        fn(inputs) if v_from == "out" else inputs)
    return getattr(mod, name)(fn, inputs, _ones_like(lib, ref), create_graph=create_graph)


@pytest.mark.parametrize("fname", list(FUNCS))
@pytest.mark.parametrize("name", ["jacobian", "vjp", "jvp", "hessian", "hvp", "vhp"])
def test_matches_pytorch(device, name, fname):
    fn, as_tuple = FUNCS[fname]
    if name in ("hessian", "hvp", "vhp") and fname not in SCALAR:
        pytest.skip("needs a scalar function")
    v_from = "out" if name == "vjp" else "in"
    ours = _call(name, tinytorch, fn, _inputs(tinytorch, device, as_tuple), v_from)
    theirs = _call(name, torch, fn, _inputs(torch, None, as_tuple), v_from)
    _assert_same(ours, theirs)


@pytest.mark.parametrize("name", ["jacobian", "vjp", "jvp", "hessian", "hvp", "vhp"])
def test_create_graph_results_differentiate(device, name):
    fn = FUNCS["scalar_of_two"][0]
    results = []
    for lib in (tinytorch, torch):
        x, y = _inputs(lib, device, True)
        x.requires_grad_(True)
        res = _call(name, lib, fn, (x, y), "out" if name == "vjp" else "in", create_graph=True)
        res = res[1] if name in ("vjp", "jvp", "hvp", "vhp") else res
        flat = [r for r in (res if isinstance(res, tuple) else (res,))]
        flat = [e for r in flat for e in (r if isinstance(r, tuple) else (r,))]
        assert all(r.requires_grad for r in flat)
        total = sum((r ** 2).sum() for r in flat)
        results.append(tuple(t.detach() for t in (lib.autograd.grad(total, x)[0], total)))
    _assert_same(*results)


def test_results_are_detached_without_create_graph(device):
    x = tinytorch.tensor([1.0, 2.0], requires_grad=True, device=device)
    out, res = F.vjp(lambda a: a * 2, x, tinytorch.ones(2, device=device))
    assert not out.requires_grad and not res.requires_grad
    assert not F.jacobian(lambda a: a * 2, x).requires_grad


def test_unused_input_gives_zeros_or_strict_error(device):
    x = tinytorch.ones(2, dtype=tinytorch.float64, device=device)
    y = tinytorch.ones(3, dtype=tinytorch.float64, device=device)
    jac = F.jacobian(lambda a, b: a * 2, (x, y))
    assert jac[1].shape == (2, 3) and not jac[1].any()
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function is "
                       "independent of input 1. This is not allowed in strict mode."):
        F.jacobian(lambda a, b: a * 2, (x, y), strict=True)
    with pytest.raises(RuntimeError, match="The output of the user-provided function is "
                       "independent of input 1. This is not allowed in strict mode."):
        F.vjp(lambda a, b: a * 2, (x, y), tinytorch.ones_like(x), strict=True)
    with pytest.raises(RuntimeError, match="Output 0 of the user-provided function does not "
                       "require gradients"):
        F.vjp(lambda a: tinytorch.ones(2), x, tinytorch.ones_like(x), strict=True)
    with pytest.raises(RuntimeError, match="found that the jacobian of the user-provided "
                       "function with respect to input 0 is independent of the input"):
        F.hessian(lambda a: a.sum(), x, strict=True)


def test_argument_errors(device):
    x = tinytorch.ones(2, device=device)
    with pytest.raises(TypeError, match="The inputs given to vjp must be either a Tensor or a "
                       "tuple of Tensors but the value at index 1 has type <class 'int'>."):
        F.vjp(lambda a, b: a, (x, 1), x)
    with pytest.raises(RuntimeError, match="The vector v can only be None if the user-provided "
                       "function returns a single Tensor with a single element."):
        F.vjp(lambda a: a, x)
    with pytest.raises(RuntimeError, match=r"v has invalid size: should be torch.Size\(\[2\]\) "
                       r"but got torch.Size\(\[3\]\)."):
        F.jvp(lambda a: a, x, tinytorch.ones(3, device=device))
    with pytest.raises(RuntimeError, match="v is a tuple of invalid length: should be 2 but "
                       "got 1."):
        F.jvp(lambda a, b: a, (x, x), (x,))
    with pytest.raises(RuntimeError, match="The function given to hvp should return a single "
                       "Tensor"):
        F.hvp(lambda a: (a.sum(), a.sum()), x, x)
    with pytest.raises(RuntimeError, match="The Tensor returned by the function given to "
                       "hessian should contain a single element"):
        F.hessian(lambda a: a, x)


# torch's forward mode imports a module that calls the deprecated torch.jit.script
_JIT_WARNING = "ignore:`torch.jit.script` is deprecated:DeprecationWarning"


@pytest.mark.filterwarnings(_JIT_WARNING)
@pytest.mark.parametrize("fname", list(FUNCS))
@pytest.mark.parametrize("how", [{"vectorize": True},
                                 {"vectorize": True, "strategy": "forward-mode"}])
def test_vectorize_and_forward_mode_give_pytorchs_jacobian(device, fname, how):
    fn, as_tuple = FUNCS[fname]
    ours = F.jacobian(fn, _inputs(tinytorch, device, as_tuple), **how)
    _assert_same(ours, _tuples(TF.jacobian(fn, _inputs(torch, None, as_tuple), **how)))


def _tuples(result):
    """PyTorch's forward-mode Jacobians come as lists where its reverse mode gives tuples;
    tinytorch's are tuples either way."""
    if isinstance(result, (tuple, list)):
        return tuple(_tuples(r) for r in result)
    return result


@pytest.mark.filterwarnings(_JIT_WARNING)
def test_forward_over_reverse_hessian_is_pytorchs(device):
    fn = FUNCS["scalar_of_two"][0]
    how = {"vectorize": True, "outer_jacobian_strategy": "forward-mode"}
    _assert_same(F.hessian(fn, _inputs(tinytorch, device, True), **how),
                 _tuples(TF.hessian(fn, _inputs(torch, None, True), **how)))


@pytest.mark.parametrize("how", [
    {"strategy": "forward-mode"},
    {"strategy": "forward-mode", "vectorize": True, "create_graph": True},
    {"strategy": "forward-mode", "vectorize": True, "strict": True},
    {"vectorize": True, "strict": True},
    {"strategy": "sideways"},
])
def test_strategy_errors_are_pytorchs(how):
    errors = []
    for mod, lib in ((F, tinytorch), (TF, torch)):
        with pytest.raises(Exception) as info:
            mod.jacobian(lambda a: a, lib.ones(2), **how)
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]
