"""Arguments as PyTorch's argument parser reads them, against PyTorch: NumPy scalars as Python
numbers (``x / np.sqrt(d)`` keeps x's dtype), NumPy arrays as tensors, NumPy ints as dims,
Python's ``float`` as a dtype (float64), copied dtypes still equal, integer ``arange`` from
float bounds, uint8 index tensors as masks, and sizes that must be ints (a float is
PyTorch's TypeError, where ``int()`` truncated it)."""

import array
import collections
import copy
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

import tinytorch

torch = pytest.importorskip("torch")

# each an expression over T (torch or tinytorch) and np; the two results must agree in value,
# dtype and shape, or both raise the same exception type
NUMPY_OPERANDS = [
    "T.tensor([True, False]) + np.bool_(True)",  # PyTorch reads a NumPy bool as a float
    "T.tensor([1, 2]) * np.bool_(True)",
    "T.tensor([1., 2], dtype=T.float16) + np.bool_(True)",
    "T.tensor([1, 2], dtype=T.uint8) + np.int64(300)",
    "T.tensor([1, 2]) + np.float16(1.5)",
    "T.tensor([1, 2], dtype=T.int8) * np.uint64(2)",
    "T.zeros(2).fill_(np.float32(2))",
    "T.zeros(2).add_(np.int64(2))",
    "T.zeros(2, dtype=T.int64).add_(np.int64(2))",
    "T.ones(2).mul_(np.int64(2))",
    "T.clamp(T.ones(3), np.float64(0), np.float64(0.5))",
    "T.ones(2).clamp(min=np.int64(2))",
    "T.tensor([1, 2]) ** np.float64(2)",
    "np.float64(2) ** T.tensor([1, 2])",
    "np.int64(2) - T.tensor([1, 2])",
    "np.float32(2) / T.tensor([1, 2])",
    "T.ones(2) / np.sqrt(4)",
    "T.ones(2, dtype=T.float16) * np.float64(.5)",
    "T.ones(2).masked_fill(T.tensor([True, False]), np.float64(0))",
    "T.full((2,), np.float64(1))",
    "T.full((2,), np.int64(1))",
    "T.tensor([1, 2]) == np.int64(1)",
    "T.tensor([1, 2]) != np.int64(1)",
    "T.tensor([1, 2]) < np.int64(2)",
    "T.tensor([1., 2]) >= np.float32(2)",
    "T.where(T.tensor([True, False]), T.ones(2), np.float64(0))",
    "T.add(T.ones(2), np.int64(2))",
    "T.lerp(T.ones(2), T.zeros(2), np.float64(0.5))",
    "T.arange(3) * np.float32(.5)",
    "T.ones(3).pow(np.int64(2))",
    "T.ones(2).div(np.float64(2), rounding_mode='floor')",
    "T.ones(2) + np.ones(2)",
    "T.ones(2, 2).sum(np.int64(0))",
    "T.ones(4).unsqueeze(np.int64(0))",
    "T.ones(2, 3).reshape(np.int64(3), np.int64(2))",
    "T.zeros(np.int64(3))",
    "T.ones(2, 3).view(T.tensor(3), 2)",
]


def _outcome(lib, expression):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyTorch's NumPy fallbacks warn
            out = eval(expression, {"T": lib, "np": np})
    except Exception as e:  # noqa: BLE001 -- the exception type is the outcome compared
        return type(e).__name__
    return out.tolist(), str(out.dtype).rpartition(".")[2], tuple(out.shape)


@pytest.mark.parametrize("expression", NUMPY_OPERANDS)
def test_numpy_operands_as_pytorch_reads_them(expression):
    assert _outcome(tinytorch, expression) == _outcome(torch, expression)


def test_attention_scaled_by_a_numpy_scalar_stays_float32():
    """The everyday case: ``scores / np.sqrt(d_k)`` made float64 and broke the next matmul."""
    q = tinytorch.ones(2, 4)
    attn = (q @ tinytorch.ones(4, 3) / np.sqrt(4)).softmax(-1) @ tinytorch.ones(3, 4)
    assert attn.dtype is tinytorch.float32


def test_numpy_array_operand_of_a_tensor_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad"):
        tinytorch.ones(2, requires_grad=True) * np.ones(2)


@pytest.mark.parametrize("make", [
    lambda T: T.zeros(2, dtype=float), lambda T: T.ones(1).to(float),
    lambda T: T.arange(3, dtype=float), lambda T: T.full((2,), 1, dtype=float),
    lambda T: T.eye(2, dtype=float), lambda T: T.tensor([1], dtype=float),
    lambda T: T.ones(2).sum(dtype=float), lambda T: T.ones_like(T.ones(1), dtype=float),
    lambda T: T.linspace(0, 1, 3, dtype=float), lambda T: T.ones(2, dtype=int),
    lambda T: T.ones(2, dtype=bool)])
def test_python_types_as_dtypes(make):
    assert str(make(tinytorch).dtype) == str(make(torch).dtype).replace("torch", "tinytorch")


@pytest.mark.parametrize("name", ["float16", "bfloat16", "float32", "int64", "bool", "uint8"])
def test_a_copied_dtype_is_the_dtype(name):
    d = getattr(tinytorch, name)
    assert copy.copy(d) is d and copy.deepcopy({"dtype": d})["dtype"] is d
    assert pickle.loads(pickle.dumps(d)) is d


_BOUND = st.floats(-40, 40).map(lambda x: round(x, 2))


@settings(max_examples=300, deadline=None)
@given(start=_BOUND, end=_BOUND, step=st.floats(0.05, 7).map(lambda x: round(x, 2)),
       negative=st.booleans(), whole=st.booleans(),
       dtype=st.sampled_from(["int64", "int32", "int16", "int8", "uint8"]))
def test_integer_arange_from_float_bounds(start, end, step, negative, whole, dtype):
    """PyTorch truncates start, end and step to integers first (for int64 the count too)."""
    if whole:
        start, end, step = int(start), int(end), max(int(step), 1)
    step = -step if negative else step

    def run(lib):
        try:
            return lib.arange(start, end, step, dtype=getattr(lib, dtype)).tolist()
        except (RuntimeError, ValueError) as e:
            return type(e).__name__
    assert run(tinytorch) == run(torch)


def test_integer_arange_whose_step_truncates_to_zero():
    with pytest.raises(ValueError, match="step must be nonzero"):
        tinytorch.arange(0, 1, 0.3, dtype=tinytorch.int64)
    assert tinytorch.arange(1.2, 3.28, 0.5, dtype=tinytorch.int32).tolist() == [1] * 5


def test_uint8_index_tensor_is_a_mask_with_pytorch_warning():
    for lib in (torch, tinytorch):
        x = lib.arange(6).view(2, 3)
        with pytest.warns(UserWarning, match="indexing with dtype torch.uint8 is now deprecated"):
            got = x[lib.tensor([1, 0, 1], dtype=lib.uint8)[None].expand(2, 3)].tolist()
        assert got == [0, 2, 3, 5]
        y = lib.zeros(3)
        with pytest.warns(UserWarning, match="please use a dtype torch.bool instead"):
            y[lib.tensor([1, 0, 1], dtype=lib.uint8)] = lib.tensor([5., 6.])
        assert y.tolist() == [5., 0., 6.]


def test_a_0d_uint8_index_is_a_mask_without_a_warning():
    # PyTorch reads it as a mask (0: nothing, else everything, under a new dim) and warns
    # for uint8 index tensors of one or more dims only
    seen = []
    for lib in (torch, tinytorch):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            x = lib.arange(6.0).view(3, 2)
            got = [x[lib.tensor(v, dtype=lib.uint8)].tolist() for v in (0, 2)]
            y = lib.zeros(3, 2)
            y[lib.tensor(1, dtype=lib.uint8), 0] = 7
        seen.append((got, y.tolist()))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("items", [[2, 3], [True, 2], [np.int64(4)]])
def test_size_takes_integers(items):
    assert tinytorch.Size(items) == torch.Size(items)
    assert tinytorch.Size(tinytorch.tensor([2, 3])) == (2, 3)
    assert all(type(n) is int for n in tinytorch.Size(tinytorch.tensor([2, 3])))


@pytest.mark.parametrize("items", [[2.5], [1, tinytorch.tensor(2.0)]])
def test_size_refuses_other_items(items):
    with pytest.raises(TypeError, match=r"torch.Size\(\) takes an iterable of 'int' \(item "):
        tinytorch.Size(items)


@pytest.mark.parametrize("call", [
    lambda x: x.view(3.0, 2), lambda x: x.reshape((3.0, 2)), lambda x: tinytorch.randn(2.9, 2),
    lambda x: tinytorch.zeros((2.0, 3)), lambda x: x.view(2, 3).repeat(2.7, 1),
    lambda x: x.view(6, 1).expand(6.0, 2), lambda x: tinytorch.zeros(2, tinytorch.tensor(3.0)),
    lambda x: x.unflatten(0, (3.0, 2))])
def test_a_float_size_is_refused_not_truncated(call):
    with pytest.raises(TypeError, match="must be tuple of ints, but found element of type"):
        call(tinytorch.ones(6))


def test_tensors_in_a_list_are_numbers():
    got = tinytorch.tensor([tinytorch.tensor([1.]), tinytorch.tensor(2.)])
    assert got.tolist() == torch.tensor([torch.tensor([1.]), torch.tensor(2.)]).tolist()
    assert got.shape == (2,)
    with pytest.raises(ValueError, match="only one element tensors can be converted"):
        tinytorch.tensor([tinytorch.ones(2), tinytorch.ones(2)])


@pytest.mark.parametrize("grad, message", [
    (lambda: tinytorch.ones(2), r"a gradient of size '\[2\]' to a tensor of size '\[3\]'"),
    (lambda: tinytorch.ones(1, 3), r"a gradient of size '\[1, 3\]' to a tensor of size"),
    (lambda: tinytorch.ones(3, dtype=tinytorch.float64),
     "a gradient with dtype 'double' to a tensor with grad_dtype 'Float'"),
    (lambda: tinytorch.ones(3, dtype=tinytorch.int64), "with dtype 'long int' to a tensor")])
def test_assigned_grad_must_fit(grad, message):
    x = tinytorch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match=message):
        x.grad = grad()
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None but got "
                                        "grad of type int"):
        x.grad = 1
    x.grad = tinytorch.ones(3)
    x.grad = None
    assert x.grad is None


def test_deepcopy_of_an_op_result_is_refused():
    x = tinytorch.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    y = copy.deepcopy(x)
    assert y.requires_grad and y.grad.tolist() == [2., 2.] and y.grad is not x.grad
    with pytest.raises(RuntimeError, match=r"Only Tensors created explicitly by the user \(graph "
                                           r"leaves\) support the deepcopy protocol"):
        copy.deepcopy(x * 2)


def test_numpy_conversions_refused_as_pytorch_refuses_them():
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad"):
        np.asarray(tinytorch.ones(2, requires_grad=True))
    with pytest.raises(ValueError, match="At least one stride in the given numpy array is "
                                         "negative"):
        tinytorch.from_numpy(np.arange(5.)[::-1])


def test_grad_of_a_non_leaf_warns_as_pytorch():
    x = tinytorch.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match=r"use .retain_grad\(\) on the non-leaf Tensor"):
        assert (x * 2).grad is None
    y = x * 2
    y.retain_grad()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad is None and x.grad is None


def test_scheduler_stepped_before_its_optimizer_warns_as_pytorch():
    w = [tinytorch.zeros(1, requires_grad=True)]
    opt = tinytorch.optim.SGD(w, lr=1.0)
    sched = tinytorch.optim.lr_scheduler.StepLR(opt, step_size=1)
    with pytest.warns(UserWarning, match=r"Detected call of `lr_scheduler.step\(\)` before "
                                         r"`optimizer.step\(\)`"):
        sched.step()
    opt = tinytorch.optim.SGD(w, lr=1.0)
    sched = tinytorch.optim.lr_scheduler.StepLR(opt, step_size=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()
    sched = tinytorch.optim.lr_scheduler.StepLR(tinytorch.optim.SGD(w, lr=1.0), step_size=1)
    sched.optimizer.step = lambda: None  # replaced after the scheduler wrapped it
    with pytest.warns(UserWarning, match=r"Seems like `optimizer.step\(\)` has been overridden"):
        sched.step()


def test_randint_high_with_size_keyword():
    """pytorch/examples' mnist_forward_forward calls randint(high, size=...)."""
    assert tinytorch.randint(5, size=(3,)).shape == torch.randint(5, size=(3,)).shape
    assert ((tinytorch.randint(5, size=(100,)) >= 0) & (tinytorch.randint(5, size=(100,)) < 5)
            ).all()


@pytest.mark.parametrize("make", [
    lambda: collections.deque([1., 2.]), lambda: array.array("d", [1., 2.]),
    lambda: collections.UserList([1, 2]),
    lambda: collections.deque([collections.deque([1, 2]), collections.deque([3, 4])])])
def test_any_sequence_is_data(make):
    """pytorch/examples' reinforce.py builds its returns in a deque."""
    ours, theirs = tinytorch.tensor(make()), torch.tensor(make())
    assert ours.tolist() == theirs.tolist() and str(ours.dtype)[10:] == str(theirs.dtype)[6:]


def test_device_modules_without_devices():
    for name in ("xpu", "mps"):
        ours, theirs = getattr(tinytorch, name), getattr(torch, name)
        assert ours.is_available() == theirs.is_available() is False
        assert ours.device_count() == theirs.device_count() == 0
    with pytest.raises(AssertionError, match="Torch not compiled with XPU enabled"):
        tinytorch.xpu.synchronize()


@pytest.mark.parametrize("expression", [
    "T.ones(2).add_(-0.5, T.full((2,), 2.))", "T.ones(2).sub(0.5, T.full((2,), 2.))",
    "T.add(T.ones(2), -0.5, T.full((2,), 2.))", "T.ones(2).addcmul_(0.5, T.ones(2) * 2, T.ones(2))",
    "T.addcdiv(T.ones(2), -0.5, T.ones(2) * 2, T.ones(2) * 4)"])
def test_scalar_first_overloads_of_old_scripts(expression):
    """``p.data.add_(-lr, grad)`` (older pytorch/examples, many optimizers): PyTorch's deprecated
    overloads still run, with its warning."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        expected = eval(expression, {"T": torch}).tolist()
        assert eval(expression, {"T": tinytorch}).tolist() == expected
    assert all("is deprecated" in str(w.message) for w in caught)


@pytest.mark.parametrize("index, message", [
    (0, r"invalid index of a 0-dim tensor. Use `tensor.item\(\)`"),
    (slice(0, 1), "slice\\(\\) cannot be applied to a 0-dim tensor."),
    ((None, 0), "too many indices for tensor of dimension 0")])
def test_indexing_a_0d_tensor(index, message):
    with pytest.raises(IndexError, match=message):
        tinytorch.tensor(3.)[index]


def test_functional_data_parallel():
    """nn.parallel.data_parallel is PyTorch's function (it was the submodule)."""
    from tinytorch.nn.parallel import data_parallel
    assert callable(data_parallel)
    if not tinytorch.cuda.is_available():
        with pytest.raises(RuntimeError, match="device type could not be determined"):
            data_parallel(tinytorch.nn.Identity(), tinytorch.ones(2))
        return
    net = tinytorch.nn.Linear(2, 3).cuda()
    assert data_parallel(net, tinytorch.ones(4, 2)).device.type == "cuda"
    with pytest.raises(RuntimeError, match="module must have its parameters and buffers on"):
        data_parallel(tinytorch.nn.Linear(2, 3), tinytorch.ones(4, 2))


@pytest.mark.parametrize("start, length", [(1.0, 2), (1, 2.0)])
def test_narrow_refuses_floats(start, length):
    with pytest.raises(TypeError, match="narrow\\(\\): argument '(start|length)' \\(position "):
        tinytorch.ones(6).narrow(0, start, length)
    assert tinytorch.ones(6).narrow(0, tinytorch.tensor(1), 2).shape == (2,)


@pytest.mark.parametrize("name", ["Tensor", "Size", "dtype", "device", "finfo", "iinfo",
                                  "nn.Parameter"])
def test_public_classes_are_named_as_pytorch(name):
    def find(T):
        obj = T
        for part in name.split("."):
            obj = getattr(obj, part)
        return obj

    assert repr(find(tinytorch)) == repr(find(torch)).replace("torch", "tinytorch")
    assert tinytorch.typename(find(tinytorch)) == torch.typename(find(torch)).replace(
        "torch", "tinytorch")
    assert repr(type(tinytorch.ones(1))) == "<class 'tinytorch.Tensor'>"
