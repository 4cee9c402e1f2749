"""``dtype=`` arguments as PyTorch's argument parser reads them, against PyTorch: a
``torch.dtype`` or the Python types ``float``/``int``/``bool``; a name (``'float32'``) or a
NumPy dtype is a TypeError naming the function (NOTE [dtype arguments] in
``tinytorch/_arg_forms.py``), where tinytorch took the name; ``x.to('float32')`` reads a
device string, as PyTorch; ``Tensor.type`` keeps its type names."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

# each an expression over T (torch or tinytorch) and x = T.ones(2); both must give the same
# dtype, or raise the same exception type (and, where PyTorch's parser has one signature, the
# same message)
CASES = {
    "zeros": "T.zeros(2, dtype='float32')",
    "ones": "T.ones(2, dtype='float32')",
    "empty": "T.empty(2, dtype='float32')",
    "full": "T.full((2,), 1, dtype='float32')",
    "tensor": "T.tensor([1], dtype='float64')",
    "as_tensor": "T.as_tensor([1], dtype='float64')",
    "zeros_like": "T.zeros_like(x, dtype='float64')",
    "new_zeros": "x.new_zeros(2, dtype='float64')",
    "new_tensor": "x.new_tensor([1], dtype='float64')",
    "softmax_method": "x.softmax(0, dtype='float64')",
    "softmax": "T.nn.functional.softmax(x, 0, dtype='float64')",
    "cumsum": "x.cumsum(0, dtype='float64')",
    "empty_strided": "T.empty_strided((2,), (1,), dtype='float32')",
    "numpy_dtype": "T.zeros(2, dtype=np.dtype('float32'))",
    "numpy_type": "T.tensor([1], dtype=np.float32)",
    "int_value": "T.zeros(2, dtype=1)",
    "linear": "T.nn.Linear(2, 2, dtype='float64')",
    "set_default_dtype": "T.set_default_dtype('float64')",
    "set_default_dtype_int": "T.set_default_dtype(T.int64)",
}
TYPE_ONLY = {  # several signatures in PyTorch: its "invalid combination of arguments" message
    "arange": "T.arange(2, dtype='float32')",
    "linspace": "T.linspace(0, 1, 2, dtype='float32')",
    "randn": "T.randn(2, dtype='float64')",
    "randint": "T.randint(0, 3, (2,), dtype='int32')",
    "eye": "T.eye(2, dtype='float64')",
    "sum": "x.sum(dtype='float64')",
    "to_dtype_keyword": "x.to(dtype='float32')",
    "module_to_dtype_keyword": "T.nn.Linear(2, 2).to(dtype='float64')",
    "to_name": "x.to('float32')",  # a device string there: RuntimeError
    "module_to_name": "T.nn.Linear(2, 2).to('float64')",
}
ACCEPTED = {
    "python_float": "T.zeros(2, dtype=float)",
    "python_int": "T.tensor([1.5], dtype=int)",
    "python_bool": "x.to(bool)",
    "sum_float": "x.sum(dtype=float)",
    "type_name": "x.type('torch.DoubleTensor')",
    "type_long": "x.type('torch.LongTensor')",
    "type_dtype": "x.type(T.float64)",
    "type_dtype_keyword": "x.type(dtype=T.int32)",
    "softmax_method_dtype": "x.softmax(0, T.float64)",
    "log_softmax_method_dtype": "x.log_softmax(0, dtype=T.float64)",
}


def _run(T, expression):
    x = T.ones(2)
    try:
        out = eval(expression, {"T": T, "np": np, "x": x})
    except (TypeError, RuntimeError, ValueError) as e:
        return type(e), str(e)
    finally:
        T.set_default_dtype(T.float32)
    return "ok", str(getattr(out, "dtype", type(out).__name__)).rpartition(".")[2]


def _compare(expression, message=True):
    want = _run(torch, expression)
    got = _run(tinytorch, expression)
    assert got[0] is want[0] or got[0] == want[0]
    if message or want[0] == "ok":
        assert got[1].replace("tinytorch.", "") == want[1]


@pytest.mark.parametrize("name", CASES)
def test_dtype_argument_as_pytorch(name):
    _compare(CASES[name])


@pytest.mark.parametrize("name", TYPE_ONLY)
def test_dtype_argument_refused_as_pytorch(name):
    _compare(TYPE_ONLY[name], message=False)


@pytest.mark.parametrize("name", ACCEPTED)
def test_dtype_argument_accepted_as_pytorch(name):
    assert _run(torch, ACCEPTED[name])[0] == "ok"
    _compare(ACCEPTED[name])


def test_the_error_names_the_function_and_the_type():
    with pytest.raises(TypeError, match=r"^zeros\(\): argument 'dtype' must be torch.dtype, "
                                        r"not numpy.dtypes.Float32DType$"):
        tinytorch.zeros(2, dtype=np.dtype("float32"))
