"""The in-place forms added for PyTorch scripts: Tensor methods (ceil_, cumsum_, tril_,
squeeze_ ...) and top-level functions (torch.relu_, torch.clamp_ ...), each against
PyTorch 2.13: same values, same object returned, autograd recording as for other in-place
ops."""

import numpy as np
import pytest

import tinytorch
from tinytorch._inplace_functions import FUNCTIONS
from tinytorch._tensor_docs_tensG import _MORE_IN_PLACE

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.mark.parametrize("name", sorted(_MORE_IN_PLACE))
def test_method_matches_pytorch(name):
    _what, _args, before, call, _after = _MORE_IN_PLACE[name]
    x = tinytorch.tensor(eval(before))
    out = eval(f"x.{name}_({call})", {"x": x, "tinytorch": tinytorch})
    r = torch.tensor(eval(before))
    ref = eval(f"r.{name}_({call.replace('tinytorch.', 'torch.')})", {"r": r, "torch": torch})
    assert out is x
    np.testing.assert_allclose(np.array(out.tolist(), float), np.array(ref.tolist(), float),
                               rtol=1e-6)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_function_matches_pytorch(name):
    doc = FUNCTIONS[name].__doc__
    value = doc.split("tinytorch.tensor([")[1].split("])")[0]
    call = doc.split(f">>> tinytorch.{name}(")[1].split(") is x")[0]
    first = eval(value)
    # gcd_/lcm_ (integers) and addmv_ (a (1, 2) matrix) take the docstring's one-element input
    data = [first] if isinstance(first, int) or name == "addmv_" else [first, -0.75, 3.0]
    x = tinytorch.tensor(data)
    out = eval(f"tinytorch.{name}({call})", {"x": x, "tinytorch": tinytorch})
    r = torch.tensor(data)
    ref = eval(f"torch.{name}({call.replace('tinytorch.', 'torch.').replace('x', 'r', 1)})",
               {"r": r, "torch": torch})
    assert out is x
    np.testing.assert_allclose(np.array(out.tolist()), np.array(ref.tolist()), rtol=1e-6,
                               equal_nan=True)


def test_shape_changing_forms_keep_storage_and_record():
    x = tinytorch.arange(6.0).reshape(2, 1, 3)
    y = x.squeeze_()
    assert y is x and tuple(x.shape) == (2, 3)
    x.unsqueeze_(0).transpose_(1, 2)
    assert tuple(x.shape) == (1, 3, 2)
    a = tinytorch.ones(2, 3, requires_grad=True)
    b = a * 2
    b.swapaxes_(0, 1).unsqueeze_(0)
    (b * tinytorch.arange(6.0).reshape(1, 3, 2)).sum().backward()
    assert a.grad.tolist() == [[0.0, 4.0, 8.0], [2.0, 6.0, 10.0]]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        tinytorch.ones(2, requires_grad=True).unsqueeze_(0)


def test_value_forms_record_and_refuse_a_leaf():
    a = tinytorch.tensor([0.5, 2.0], requires_grad=True)
    b = a * 1
    b.square_()
    b.sum().backward()
    assert a.grad.tolist() == [1.0, 4.0]
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        tinytorch.tensor([1.0], requires_grad=True).ceil_()
