"""x[index] and x[index] = v for random index expressions (ints, slices with steps and out of
range bounds, None, ..., lists, int and bool tensors, Python bools, in any mix) against
PyTorch: shape, values, the gradient of x, and the tensor after the write. It found
PyTorch's integer-then-tensors order (NOTE [Integers beside index tensors]: x[0, :, [1, 2]]
was transposed) and its ... that stands for no dims."""

import random
import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _index(lib, seed):
    r = random.Random(seed)
    parts = []
    for _ in range(r.randint(1, 4)):
        kind = r.choice(["int", "slice", "step", "none", "ellipsis", "list", "tensor", "mask",
                         "bool"])
        if kind == "int":
            parts.append(r.randint(-3, 2))
        elif kind == "slice":
            parts.append(slice(r.choice([None, -2, 0, 1, 7]), r.choice([None, -1, 2, 3, 10])))
        elif kind == "step":
            parts.append(slice(None, None, r.choice([1, 2, 3])))
        elif kind == "none":
            parts.append(None)
        elif kind == "ellipsis":  # one at most: PyTorch's docs allow one (NumPy's too)
            parts.append(None if any(p is Ellipsis for p in parts) else Ellipsis)
        elif kind == "list":
            parts.append([r.randint(-3, 2) for _ in range(r.randint(0, 3))])
        elif kind == "tensor":
            parts.append(lib.tensor([[r.randint(-3, 2) for _ in range(2)]
                                     for _ in range(r.randint(1, 2))]))
        elif kind == "mask":
            parts.append(lib.tensor([r.random() < 0.5 for _ in range(r.choice([3, 4, 5]))]))
        else:
            parts.append(r.random() < 0.5)
    return tuple(parts)


def _outcome(lib, shape, seed):
    base = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    x = lib.tensor(base, requires_grad=True)
    try:
        y = x[_index(lib, seed)]
        (y * lib.arange(y.numel(), dtype=lib.float64).reshape(y.shape)).sum().backward()
        read = (tuple(y.shape), y.tolist(), x.grad.tolist())
    except IndexError as e:  # an index out of range, too many indices, a mask's shape
        read = type(e).__name__
    z = lib.tensor(base)
    try:
        z[_index(lib, seed)] = -1.0
        written = z.tolist()
    except IndexError as e:
        written = type(e).__name__
    return read, written


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 4, 5)])
def test_random_index_expressions_read_and_write_as_pytorch(shape):
    with warnings.catch_warnings():  # PyTorch's and tinytorch's list-as-tuple warnings
        warnings.simplefilter("ignore")
        for seed in range(1500):
            if seed in _EMPTY_RESULT_OUT_OF_RANGE.get(shape, ()):
                continue
            assert _outcome(tinytorch, shape, seed) == _outcome(torch, shape, seed), (
                _index(torch, seed))


# An index with an out-of-range entry where the result is empty (an empty slice, False):
# PyTorch's kernel reads no element, so it checks none; tinytorch checks every index (an
# IndexError), e.g. x[True, [-3], False] for x of shape (2, 3, 4, 5).
_EMPTY_RESULT_OUT_OF_RANGE = {(2, 3, 4, 5): {110, 254, 406, 1175, 1223, 1391}}


def test_an_integer_beside_index_tensors_is_applied_first_as_pytorch():
    x = tinytorch.arange(60.0).reshape(3, 4, 5)
    assert x[0, :, [1, 2]].shape == (4, 2)  # NumPy's (2, 4)
    assert x[0, :, [1, 2]].tolist() == [[1.0, 2.0], [6.0, 7.0], [11.0, 12.0], [16.0, 17.0]]
    y = x.clone()
    y[0, :, [1, 2]] = tinytorch.arange(8.0).reshape(4, 2)
    assert y[0, :, 1:3].tolist() == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]]


def _written(lib, shape, seed, value_shape):
    """x[index] = v for a v of ``value_shape`` (PyTorch's order), with the gradients of v and
    of the tensor written into."""
    base = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    values = np.arange(1000, 1000 + np.prod(value_shape), dtype=np.float64)
    x = lib.tensor(base, requires_grad=True)
    v = lib.tensor(values.reshape(value_shape), requires_grad=True)
    y = x * 1
    y[_index(lib, seed)] = v
    (y * lib.arange(y.numel(), dtype=lib.float64).reshape(y.shape)).sum().backward()
    return y.tolist(), v.grad.tolist(), x.grad.tolist()


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 4, 5)])
def test_random_index_expressions_take_tensor_values_as_pytorch(shape):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(0, 1500, 3):
            if seed in _EMPTY_RESULT_OUT_OF_RANGE.get(shape, ()):
                continue
            try:
                target = tuple(torch.zeros(shape)[_index(torch, seed)].shape)
            except IndexError:
                continue
            for value_shape in (target, target[1:], tuple(1 for _ in target[:1]) + target[1:]):
                assert _written(tinytorch, shape, seed, value_shape) == _written(
                    torch, shape, seed, value_shape), (_index(torch, seed), value_shape)
