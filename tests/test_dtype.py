"""Type promotion follows PyTorch: Python scalars only lift the category, 0-d tensors only
decide when their category is higher, float32 never silently becomes float64."""

import itertools

import pytest

import tinytorch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]


def _ones(shape, name, device):
    if name == "bfloat16" and device != "cpu":
        pytest.skip("bfloat16 is a CPU dtype: CuPy has none")
    return tinytorch.ones(*shape, dtype=getattr(tinytorch, name), device=device)


def test_int_tensor_plus_float_scalar_is_default_float(device):
    x = tinytorch.tensor([1, 2], device=device)
    assert (x + 1.5).dtype == tinytorch.float32
    assert (1.5 * x).dtype == tinytorch.float32
    assert (x / 2).dtype == tinytorch.float32


def test_float32_tensor_times_python_float_stays_float32(device):
    x = tinytorch.ones(3, device=device)
    for y in (x * 0.1, 0.1 * x, x + 1e10, x - 2, x / 3.0, x ** 2.5, 2.0 ** x):
        assert y.dtype == tinytorch.float32


def test_int_tensor_with_int_scalar_keeps_its_dtype(device):
    x = tinytorch.tensor([1, 2], dtype=tinytorch.int32, device=device)
    assert (x + 5).dtype == tinytorch.int32
    assert (x * 3).dtype == tinytorch.int32
    assert (x // 2).dtype == tinytorch.int32


def test_bool_tensor_promotes_with_scalars(device):
    b = tinytorch.tensor([True, False], device=device)
    assert (b + True).dtype == tinytorch.bool
    assert (b + 1).dtype == tinytorch.int64
    assert (b + 1.0).dtype == tinytorch.float32
    assert (b & b).dtype == tinytorch.bool


def test_zero_dim_tensor_of_same_category_does_not_decide(device):
    x = tinytorch.ones(3, device=device)
    assert (x + tinytorch.tensor(2.0, dtype=tinytorch.float64, device=device)).dtype == (
        tinytorch.float32)
    i = tinytorch.tensor([1, 2], dtype=tinytorch.int16, device=device)
    assert (i + tinytorch.tensor(7, device=device)).dtype == tinytorch.int16


def test_zero_dim_tensor_of_higher_category_decides(device):
    i = tinytorch.tensor([1, 2], dtype=tinytorch.int32, device=device)
    assert (i * tinytorch.tensor(0.5, dtype=tinytorch.float64, device=device)).dtype == (
        tinytorch.float64)


def test_two_dimensioned_tensors_promote_to_the_wider_dtype(device):
    a = tinytorch.ones(2, device=device)
    b = tinytorch.ones(2, dtype=tinytorch.float64, device=device)
    assert (a + b).dtype == tinytorch.float64
    u = tinytorch.ones(2, dtype=tinytorch.uint8, device=device)
    s = tinytorch.ones(2, dtype=tinytorch.int8, device=device)
    assert (u + s).dtype == tinytorch.int16


def test_default_dtype_decides_float_scalars(device):
    tinytorch.set_default_dtype(tinytorch.float64)
    try:
        assert (tinytorch.tensor([1, 2], device=device) + 0.5).dtype == tinytorch.float64
        assert tinytorch.tensor(0.5).dtype == tinytorch.float64
    finally:
        tinytorch.set_default_dtype(tinytorch.float32)
    assert tinytorch.tensor(0.5).dtype == tinytorch.float32


def test_comparisons_and_reductions_have_pytorch_result_dtypes(device):
    x = tinytorch.tensor([1, 2], dtype=tinytorch.int32, device=device)
    assert (x < 1.5).dtype == tinytorch.bool
    assert x.sum().dtype == tinytorch.int64
    assert tinytorch.tensor([True, False], device=device).sum().dtype == tinytorch.int64
    assert x.cumsum(0).dtype == tinytorch.int64
    assert x.prod().dtype == tinytorch.int64
    assert tinytorch.ones(2, device=device).sum(dtype=tinytorch.float64).dtype == (
        tinytorch.float64)
    with pytest.raises(RuntimeError, match="mean.*Got: Int"):
        x.mean()


def test_int_functions_of_float_kind_give_default_float(device):
    x = tinytorch.tensor([1, 4], device=device)
    assert x.sqrt().dtype == tinytorch.float32
    assert x.exp().dtype == tinytorch.float32
    assert x.clamp(min=0.5).dtype == tinytorch.float32


def test_promote_types_matches_torch_for_every_pair():
    torch = pytest.importorskip("torch")
    assert [d.name for d in tinytorch._dtype.ALL] == DTYPES
    for a, b in itertools.product(DTYPES, DTYPES):
        got = tinytorch.promote_types(getattr(tinytorch, a), getattr(tinytorch, b))
        want = torch.promote_types(getattr(torch, a), getattr(torch, b))
        assert got.name == str(want).replace("torch.", ""), (a, b)


@pytest.mark.parametrize("a,b", list(itertools.product(DTYPES, DTYPES)),
                         ids=lambda v: str(v))
def test_tensor_tensor_promotion_matches_torch(a, b, device):
    torch = pytest.importorskip("torch")
    for shape_a, shape_b in (((2,), (2,)), ((), (2,)), ((2,), ())):
        got = (_ones(shape_a, a, device) + _ones(shape_b, b, device)).dtype
        want = (torch.ones(shape_a, dtype=getattr(torch, a))
                + torch.ones(shape_b, dtype=getattr(torch, b))).dtype
        assert got.name == str(want).replace("torch.", ""), (shape_a, shape_b)


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("scalar", [True, 2, 2.5], ids=["bool", "int", "float"])
def test_tensor_scalar_promotion_matches_torch(a, scalar, device):
    torch = pytest.importorskip("torch")
    got = (_ones((2,), a, device) * scalar).dtype
    want = (torch.ones(2, dtype=getattr(torch, a)) * scalar).dtype
    assert got.name == str(want).replace("torch.", "")


@pytest.mark.parametrize("name", ["float32", "float16", "bfloat16", "float64", "int64", "int8",
                                  "uint8", "bool"])
def test_to_real_and_to_complex_as_pytorch(name):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(tinytorch, name), getattr(torch, name)
    assert repr(ours.to_real()) == repr(theirs.to_real()).replace("torch.", "tinytorch.")
    if not theirs.is_floating_point:
        message = str(pytest.raises(RuntimeError, theirs.to_complex).value)
        with pytest.raises(RuntimeError, match=f"^{message}$"):
            ours.to_complex()
        return
    with pytest.raises(NotImplementedError, match=f"no complex dtypes .PyTorch gives "
                                                  f"{theirs.to_complex()}"):
        ours.to_complex()  # no complex dtypes here
