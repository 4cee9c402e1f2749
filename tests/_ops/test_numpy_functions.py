"""NumPy functions on tensors and operators with foreign operands, against PyTorch.

PyTorch's Tensor has ``__array__`` and ``__array_wrap__`` (no ``__array_ufunc__``), so
``np.exp(t)``, ``np.isnan(t)`` or ``np.transpose(t)`` read the tensor through ``numpy()`` and
hand back a tensor (a bool result as uint8); and its binary operators give NotImplemented
where they refuse an operand, so ``t @ ndarray`` goes to NumPy and ``t + obj`` to the
other object's reflected method, and Python raises its own "unsupported operand type(s)"."""

import re
import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

# each an expression over T (torch or tinytorch), t (a 2x2 float32 tensor), i (an int64
# vector) and np; the results must agree in type (tensor or not), dtype, shape and value
NUMPY_FUNCTIONS = [
    "np.exp(t)", "np.sqrt(t)", "np.abs(t)", "np.tanh(t)", "np.sign(t)", "np.square(t)",
    "np.log1p(np.abs(t))", "np.power(t, 2)", "np.maximum(t, 0)", "np.minimum(t, t)",
    "np.add(t, 1)", "np.matmul(t, t)", "np.isnan(t)", "np.isfinite(t)", "np.equal(i, i)",
    "np.log(i)", "np.exp(t[0, 0])", "np.round(t)", "np.clip(t, 0, 1)", "np.transpose(t)",
    "np.reshape(t, (4,))", "np.cumsum(i)", "np.argsort(i)", "np.repeat(i, 2)", "np.argmax(t)",
    "np.argmin(t)", "np.nonzero(i)", "np.squeeze(t[None])", "np.array(t)", "np.asarray(t)",
    "np.concatenate([t, t])", "np.stack([t, t])", "np.dot(t, t)", "np.float32(1) + t",
    "t + np.float32(1)", "np.float64(2) * t", "np.float64(2) ** t", "np.unique(i)",
    "np.bincount(i)", "np.allclose(t, t)", "np.isclose(t, t)", "np.percentile(t, 50)",
    "np.linalg.norm(t)", "np.outer(i, i)", "np.diff(i)", "np.trace(t)", "np.sort(i)",
]

# operators: a NumPy array operand or an object of another type
class Reflected:
    """An object with reflected operators, as a unit or symbolic library might define."""

    def __radd__(self, other):
        return "radd"

    def __rmul__(self, other):
        return "rmul"

    def __rmatmul__(self, other):
        return "rmatmul"

    def __rand__(self, other):
        return "rand"


OPERATORS = [
    "t @ np.eye(2, dtype=np.float32)", "t @ np.eye(2)", "t + np.ones(2, np.float32)",
    "t * np.eye(2)", "t + R()", "t * R()", "t @ R()", "i & R()", "t + 'a'", "'a' - t",
    "t @ 'a'", "t / None", "t ** 'a'", "t // 'a'", "t % 'a'", "i & 'a'", "'a' | i",
    "i << 'a'", "i ^ None", "t & 'a'", "t + [1.0, 2.0]", "[1.0, 2.0] + t", "t == 'a'",
    "t != None",
]

IN_PLACE = ["t += 'a'", "t -= 'a'", "t *= 'a'", "t /= None", "t //= 'a'", "t **= 'a'",
            "i &= 'a'", "i |= 'a'", "i <<= 'a'", "i >>= None", "t += R()"]


def _run(lib, expr, statement=False):
    t = lib.tensor([[1.0, -2.0], [3.0, 4.0]])
    i = lib.tensor([1, 2, 3])
    scope = {"T": lib, "np": np, "t": t, "i": i, "R": Reflected}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if statement:
                exec(expr, scope)
                result = scope["t"] if expr.startswith("t") else scope["i"]
            else:
                result = eval(expr, scope)
        except Exception as e:
            return ("raises", type(e), str(e)), caught
    return result, caught


def _describe(result):
    if isinstance(result, tuple) and result and result[0] == "raises":
        return result
    if isinstance(result, (torch.Tensor, tinytorch.Tensor)):
        return ("tensor", str(result.dtype).split(".")[-1], tuple(result.shape),
                repr(result.tolist()))  # repr: NaN equals NaN
    if isinstance(result, np.ndarray):
        return ("ndarray", result.dtype, result.shape, repr(result.tolist()))
    if isinstance(result, tuple):
        return tuple(_describe(r) for r in result)
    return ("other", type(result).__name__, result)


@pytest.mark.parametrize("expr", NUMPY_FUNCTIONS + OPERATORS)
def test_numpy_functions_and_operators_as_pytorch(expr):
    want, _ = _run(torch, expr)
    got, caught = _run(tinytorch, expr)
    assert _describe(got) == _describe(want)
    # NumPy 2 passes (array, context, return_scalar): PyTorch's one-argument __array_wrap__
    # draws NumPy's DeprecationWarning, tinytorch's takes all three
    assert not [w for w in caught if issubclass(w.category, DeprecationWarning)]


@pytest.mark.parametrize("stmt", IN_PLACE)
def test_in_place_operators_with_foreign_operands_as_pytorch(stmt):
    want, _ = _run(torch, stmt, statement=True)
    got, _ = _run(tinytorch, stmt, statement=True)
    assert _describe(got) == _describe(want)


def test_numpy_function_result_shares_the_tensor_memory_of_numpys_result():
    t = tinytorch.tensor([1.0, 4.0])
    r = np.sqrt(t)
    assert isinstance(r, tinytorch.Tensor) and r.device.type == "cpu"
    assert r.tolist() == [1.0, 2.0]
    r.numpy()[0] = 9.0  # a tensor over NumPy's result array, as PyTorch's from_numpy
    assert r.tolist() == [9.0, 2.0] and t.tolist() == [1.0, 4.0]


def test_numpy_function_of_a_tensor_that_requires_grad_is_pytorchs_error():
    message = re.escape("Can't call numpy() on Tensor that requires grad")
    for lib in (torch, tinytorch):
        x = lib.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=message):
            np.exp(x)
        with pytest.raises(RuntimeError, match=message):
            x @ np.eye(2, dtype=np.float32)


def test_a_type_error_inside_an_operator_still_reaches_python_as_unsupported_operand():
    # the operator form turns the op's TypeError into NotImplemented, so Python's own message
    # names both operand types, as PyTorch's does
    for lib in (torch, tinytorch):
        with pytest.raises(TypeError, match=r"unsupported operand type\(s\) for @: 'Tensor' "
                                            r"and 'str'"):
            lib.ones(2) @ "a"
    # the function form keeps its TypeError
    with pytest.raises(TypeError, match="matmul"):
        tinytorch.matmul(tinytorch.ones(2), "a")
