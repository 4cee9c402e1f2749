"""Tensors read as NumPy arrays (``numpy()``, ``np.asarray``, ``__array__``) against PyTorch:
a cuda tensor raises PyTorch's TypeError on every path (``np.asarray`` copied it silently), a
bfloat16 tensor raises "Got unsupported ScalarType BFloat16" (NumPy has no bfloat16; tinytorch
gave an ml_dtypes array) while ``tolist``, printing and saving still read it, and a tensor
that requires grad is read under ``no_grad``, as PyTorch's check is for grad mode."""

import io

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

READS = {
    "numpy": lambda t: t.numpy(),
    "numpy_force": lambda t: t.numpy(force=True),
    "asarray": np.asarray,
    "asarray_float32": lambda t: np.asarray(t, dtype=np.float32),
    "__array__": lambda t: t.__array__(),
}


def _read(T, read, dtype, grad=False, no_grad=False):
    t = T.ones(2, dtype=getattr(T, dtype), requires_grad=grad)
    try:
        if no_grad:
            with T.no_grad():
                return "ok", np.asarray(read(t)).astype(float).tolist()
        return "ok", np.asarray(read(t)).astype(float).tolist()
    except (TypeError, RuntimeError) as e:
        return type(e), str(e)


@pytest.mark.parametrize("dtype", ["bfloat16", "float16", "float32"])
@pytest.mark.parametrize("name", READS)
def test_numpy_of_a_dtype_as_pytorch(name, dtype):
    assert _read(tinytorch, READS[name], dtype) == _read(torch, READS[name], dtype)


@pytest.mark.parametrize("no_grad", [False, True], ids=["grad_mode", "no_grad"])
@pytest.mark.parametrize("name", ["numpy", "asarray", "__array__"])
def test_numpy_of_a_tensor_requiring_grad_as_pytorch(name, no_grad):
    want = _read(torch, READS[name], "float32", grad=True, no_grad=no_grad)
    assert _read(tinytorch, READS[name], "float32", grad=True, no_grad=no_grad) == want


def test_a_bfloat16_tensor_still_prints_lists_and_saves():
    x = tinytorch.tensor([1.5, -2.0], dtype=tinytorch.bfloat16)
    assert x.tolist() == [1.5, -2.0]
    assert repr(x) == "tensor([ 1.5000, -2.0000], dtype=tinytorch.bfloat16)"
    buf = io.BytesIO()
    tinytorch.save(x, buf)
    buf.seek(0)
    assert tinytorch.load(buf).tolist() == [1.5, -2.0]


@pytest.mark.parametrize("name", ["numpy", "asarray", "__array__", "asarray_float32"])
def test_numpy_of_a_cuda_tensor_raises_as_pytorch(device, name):
    t = tinytorch.ones(2, device=device)
    if device == "cpu":
        assert np.asarray(READS[name](t)).tolist() == [1.0, 1.0]
        return
    # PyTorch's message (torch/csrc/utils/tensor_numpy.cpp); its CPU build cannot show it
    with pytest.raises(TypeError, match=r"^can't convert cuda:0 device type tensor to numpy\. "
                                        r"Use Tensor\.cpu\(\) to copy the tensor to host "
                                        r"memory first\.$"):
        READS[name](t)
    assert t.numpy(force=True).tolist() == [1.0, 1.0]
    assert t.cpu().numpy().tolist() == [1.0, 1.0]
