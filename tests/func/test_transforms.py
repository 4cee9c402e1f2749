"""tinytorch.func's reverse-mode transforms against torch.func in float64: values, pytree
structure, nesting, has_aux, argnums, graphs kept only where needed, and PyTorch's errors."""

import numpy as np
import pytest

import tinytorch
from tests.func._helpers import assert_same_error
from tests.func._helpers import assert_tree_close
from tests.func._helpers import both
from tinytorch import func

X = np.random.default_rng(0).standard_normal(3)
Y = np.random.default_rng(1).standard_normal(3)


def _f(lib):
    return lambda x, y: (lib.sin(x) * y ** 2).sum() + (x ** 3).sum()


CASES = {
    "grad": lambda lib, fn, x, y: fn.grad(_f(lib))(x, y),
    "grad-argnums": lambda lib, fn, x, y: fn.grad(_f(lib), argnums=(0, 1))(x, y),
    "grad-dict": lambda lib, fn, x, y: fn.grad(
        lambda p, b: _f(lib)(p["x"], p["y"]) * b)({"x": x, "y": y}, 2.0),
    "grad_and_value-aux": lambda lib, fn, x, y: fn.grad_and_value(
        lambda x: ((x ** 2).sum(), x.cos()), has_aux=True)(x),
    "grad-grad": lambda lib, fn, x, y: fn.grad(
        lambda x: fn.grad(_f(lib))(x, y).sum())(x),
    "grad-unused": lambda lib, fn, x, y: fn.grad(lambda x, y: (x * 2).sum(), argnums=1)(x, y),
    "vjp": lambda lib, fn, x, y: fn.vjp(lambda x, y: (x * y, x.exp()), x, y)[1](
        (y, lib.ones_like(x))),
    "jacrev": lambda lib, fn, x, y: fn.jacrev(lambda x, y: lib.outer(x, y).tanh(),
                                             argnums=(0, 1))(x, y),
    "jacrev-tuple-out": lambda lib, fn, x, y: fn.jacrev(lambda x: (x.exp(), x.sum()))(x),
    "hessian": lambda lib, fn, x, y: fn.hessian(_f(lib))(x, y),
    "hessian-argnums": lambda lib, fn, x, y: fn.hessian(_f(lib), argnums=1)(x, y),
}


# torch.func.hessian's forward mode imports a module that calls the deprecated torch.jit.script
@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")
@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_transform_equals_torch_func(build, device):
    assert_tree_close(*both(build, X, Y, device=device))


def test_top_level_results_carry_no_graph():
    x = tinytorch.tensor(X)
    g, value = func.grad_and_value(_f(tinytorch))(x, tinytorch.tensor(Y))
    assert not g.requires_grad and not value.requires_grad
    assert not func.hessian(_f(tinytorch))(x, tinytorch.tensor(Y)).requires_grad


def test_grad_of_an_input_that_requires_grad_stays_differentiable():
    x = tinytorch.tensor(X, requires_grad=True)
    func.grad(lambda x: (x ** 3).sum())(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 6 * X)


def test_functional_call_under_grad_gives_parameter_gradients():
    model = tinytorch.nn.Linear(3, 1).double()
    params = {k: v.detach() for k, v in model.named_parameters()}
    x = tinytorch.tensor(X).reshape(1, 3)

    def loss(p):
        return func.functional_call(model, p, (x,)).sum()
    grads = func.grad(loss)(params)
    np.testing.assert_allclose(grads["weight"].numpy(), X.reshape(1, 3))
    assert grads["bias"].tolist() == [1.0]


def _errors(lib, fn):
    x = lib.tensor(X)
    return [
        lambda: fn.grad(lambda x: x)(x),
        lambda: fn.grad(lambda x: x.sum(), has_aux=True)(x),
        lambda: fn.grad(lambda x: x.sum(), argnums=1)(x),
        lambda: fn.grad(lambda x: x.sum())(3.0),
        lambda: fn.grad(lambda x: 3.0)(x),
        lambda: fn.vjp(lambda x: x, x, has_aux=True),
        lambda: fn.jacrev(lambda x: x, has_aux=True)(x),
    ]


@pytest.mark.parametrize("case", range(7))
def test_errors_match_torch_func(case):
    assert_same_error(lambda lib, fn: _errors(lib, fn)[case]())
