"""``jvp``, ``jacfwd`` and ``linearize`` (reverse mode underneath) against torch.func in
float64: values, structures, argnums, has_aux, nesting, and PyTorch's errors."""

import numpy as np
import pytest

import tinytorch
from tests.func._helpers import assert_same_error
from tests.func._helpers import assert_tree_close
from tests.func._helpers import both
from tests.func._helpers import raised
from tests.func._helpers import torch
from tinytorch import func

RNG = np.random.default_rng(2)
X = RNG.standard_normal(3)
Y = RNG.standard_normal(3)
M = RNG.standard_normal((2, 3))

# torch.func's forward mode imports a module calling the deprecated torch.jit.script, and its
# linearize traces a graph with torch.fx, which warns about a constant it folds
pytestmark = [
    pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Attempted to insert a get_attr Node:UserWarning"),
]


def _f(x, y):
    return (x.sin() * y ** 2).sum() + (x ** 3).sum()


CASES = {
    "jvp": lambda lib, fn, x, y, m: fn.jvp(lambda x: x.exp() * x, (x,), (y,)),
    "jvp-two-primals": lambda lib, fn, x, y, m: fn.jvp(lambda a, b: m @ (a * b).tanh(),
                                                       (x, y), (y, x)),
    "jvp-nested-inputs-outputs": lambda lib, fn, x, y, m: fn.jvp(
        lambda p: {"s": p["a"].sum() * p["b"], "l": [p["a"].cos()]},
        ({"a": x, "b": y},), ({"a": y, "b": x},)),
    "jvp-has_aux": lambda lib, fn, x, y, m: fn.jvp(lambda x: (x.sin(), x.cos()), (x,), (y,),
                                                   has_aux=True),
    "jvp-independent-output": lambda lib, fn, x, y, m: fn.jvp(lambda x: (x * 2, m.exp()),
                                                              (x,), (y,)),
    "jvp-integer-output": lambda lib, fn, x, y, m: fn.jvp(lambda x: (x.sin(), x.argmax()),
                                                          (x,), (y,)),
    "jvp-float32-tangent": lambda lib, fn, x, y, m: fn.jvp(lib.sin, (x,), (y.float(),)),
    "jvp-of-grad": lambda lib, fn, x, y, m: fn.jvp(fn.grad(_f), (x, y), (y, x)),
    "grad-of-jvp": lambda lib, fn, x, y, m: fn.grad(
        lambda x: fn.jvp(lambda a: a.sin() * a, (x,), (y,))[1].sum())(x),
    "vmap-of-jvp": lambda lib, fn, x, y, m: fn.vmap(
        lambda t: fn.jvp(lambda a: a.sin() * a, (x,), (t,))[1])(m),
    "jacfwd": lambda lib, fn, x, y, m: fn.jacfwd(lambda x: m @ x.sin())(x),
    "jacfwd-argnums": lambda lib, fn, x, y, m: fn.jacfwd(
        lambda x, y: (lib.outer(x, y).tanh(), x.sum()), argnums=(0, 1))(x, y),
    "jacfwd-argnum-1": lambda lib, fn, x, y, m: fn.jacfwd(lambda x, m: m @ x, argnums=1)(x, m),
    "jacfwd-dict-input": lambda lib, fn, x, y, m: fn.jacfwd(
        lambda p: p["w"] @ p["b"].exp())({"w": m, "b": x}),
    "jacfwd-has_aux": lambda lib, fn, x, y, m: fn.jacfwd(lambda x: (x.exp(), x.sum()),
                                                         has_aux=True)(x),
    "jacfwd-of-jacrev": lambda lib, fn, x, y, m: fn.jacfwd(fn.jacrev(_f))(x, y),
    "hessian-forward-over-reverse": lambda lib, fn, x, y, m: fn.jacfwd(
        fn.jacrev(_f, argnums=1), argnums=1)(x, y),
    "linearize": lambda lib, fn, x, y, m: _linearized(fn, lambda a, b: (a * b.exp(), a.sum()),
                                                      (x, y), [(y, x), (x, x)]),
}


def _linearized(fn, f, primals, tangent_sets):
    out, jvp_fn = fn.linearize(f, *primals)
    return out, [jvp_fn(*tangents) for tangents in tangent_sets]


@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_equals_torch_func(build, device):
    assert_tree_close(*both(build, X, Y, M, device=device), rtol=1e-11)


def test_jvp_equals_vjp_transposed():
    x, t, u = (tinytorch.tensor(a) for a in (X, Y, M[0]))
    f = tinytorch.nn.functional.softmax
    _, jv = func.jvp(lambda x: f(x, 0), (x,), (t,))
    _, vjp_fn = func.vjp(lambda x: f(x, 0), x)
    np.testing.assert_allclose((jv * u).sum().item(), (vjp_fn(u)[0] * t).sum().item(),
                               rtol=1e-12)


def test_results_carry_no_graph_unless_an_input_requires_grad():
    x, t = tinytorch.tensor(X), tinytorch.tensor(Y)
    out, jv = func.jvp(tinytorch.sin, (x,), (t,))
    assert not out.requires_grad and not jv.requires_grad
    xr = tinytorch.tensor(X, requires_grad=True)
    func.jvp(tinytorch.sin, (xr,), (t,))[1].sum().backward()
    np.testing.assert_allclose(xr.grad.numpy(), -np.sin(X) * Y, rtol=1e-12)


def test_jacfwd_randomness_applies_to_func():
    f = lambda x: x * tinytorch.rand(3)  # noqa: E731
    with pytest.raises(RuntimeError, match="randomness error mode"):
        func.jacfwd(f)(tinytorch.tensor(X))
    jac = func.jacfwd(f, randomness="same")(tinytorch.tensor(X))
    assert tinytorch.equal(jac, tinytorch.diag(jac.diagonal()))


ERRORS = {
    "primals-not-tuple": lambda lib, fn, x: fn.jvp(lib.sin, x, (x,)),
    "structures-differ": lambda lib, fn, x: fn.jvp(lib.sin, (x,), x),
    "tuple-vs-list": lambda lib, fn, x: fn.jvp(lib.sin, (x,), [x]),
    "primal-float": lambda lib, fn, x: fn.jvp(lib.sin, (3.0,), (3.0,)),
    "no-primals": lambda lib, fn, x: fn.jvp(lib.sin, (), ()),
    "tangent-float": lambda lib, fn, x: fn.jvp(lib.mul, (x, x), (x, 1.0)),
    "tangent-shape": lambda lib, fn, x: fn.jvp(lib.sin, (x,), (x[:2],)),
    "output-float": lambda lib, fn, x: fn.jvp(lambda x: 3.0, (x,), (x,)),
    "output-empty": lambda lib, fn, x: fn.jvp(lambda x: (), (x,), (x,)),
    "output-None": lambda lib, fn, x: fn.jvp(lambda x: None, (x,), (x,)),
    "strict-independent": lambda lib, fn, x: fn.jvp(lambda x: lib.ones(2), (x,), (x,),
                                                    strict=True),
    "has_aux-not-pair": lambda lib, fn, x: fn.jvp(lib.sin, (x,), (x,), has_aux=True),
    "jacfwd-argnums": lambda lib, fn, x: fn.jacfwd(lib.sin, argnums=1)(x),
    "jacfwd-randomness": lambda lib, fn, x: fn.jacfwd(lib.sin, randomness="bad")(x),
    "jacfwd-has_aux": lambda lib, fn, x: fn.jacfwd(lib.sin, has_aux=True)(x),
    "jacfwd-output-float": lambda lib, fn, x: fn.jacfwd(lambda x: 3.0)(x),
    "linearize-tangent-count": lambda lib, fn, x: fn.linearize(lib.sin, x)[1](x, x),
    "linearize-tangent-shape": lambda lib, fn, x: fn.linearize(lib.sin, x)[1](x[:2]),
}


@pytest.mark.parametrize("build", ERRORS.values(), ids=ERRORS.keys())
def test_errors_match_torch(build):
    assert_same_error(build, X)


def test_linearize_dtype_error_names_the_dtypes():
    kind, message = raised(lambda: func.linearize(tinytorch.sin, tinytorch.tensor(X))[1](
        tinytorch.tensor(X).float()))
    theirs = raised(lambda: torch.func.linearize(torch.sin, torch.tensor(X))[1](
        torch.tensor(X).float()))
    assert (kind, message.replace("tinytorch.", "torch.")) == theirs
