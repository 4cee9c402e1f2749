"""tinytorch.testing.make_tensor and the deprecated assert_allclose against torch.testing's:
value ranges by dtype, layouts, and the same errors and warnings (type and message)."""

import math
import warnings

import pytest
import torch

import tinytorch
from tinytorch.testing import make_tensor

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]
# PyTorch's default [low, high) by dtype; integer draws are in [low, high - 1]
DEFAULT_RANGE = {"bool": (0, 1), "uint8": (0, 9), "int8": (-9, 9), "int16": (-9, 9),
                 "int32": (-9, 9), "int64": (-9, 9)}


def _text(e):
    return str(e).replace("tinytorch.", "torch.")


@pytest.mark.parametrize("name", DTYPES)
def test_default_values_lie_in_pytorchs_range(name):
    x = make_tensor(20, 50, dtype=getattr(tinytorch, name), device="cpu")
    assert x.shape == (20, 50) and x.dtype is getattr(tinytorch, name)
    assert x.is_contiguous() and not x.requires_grad
    values = x.double() if name != "bool" else x.long()
    low, high = DEFAULT_RANGE.get(name, (-9, 9))
    assert values.min().item() >= low
    assert values.max().item() <= high if name in DEFAULT_RANGE else values.max().item() < high
    if name in DEFAULT_RANGE:  # 1000 draws from at most 19 values: every one appears
        assert values.min().item() == low and values.max().item() == high


@pytest.mark.parametrize("shape", [(2, 3), ((2, 3),), ([2, 3],), ((),), (5,)])
def test_shape_forms(shape):
    ours = make_tensor(*shape, dtype=tinytorch.float32, device="cpu")
    theirs = torch.testing.make_tensor(*shape, dtype=torch.float32, device="cpu")
    assert tuple(ours.shape) == tuple(theirs.shape)


@pytest.mark.parametrize("kwargs", [dict(noncontiguous=True), dict(noncontiguous=True,
                                    shape=(1, 1)), dict(memory_format="channels_last")])
def test_layouts_match_pytorch(kwargs):
    shape = kwargs.pop("shape", (2, 3, 4, 5))
    layout = {}
    for lib in (tinytorch, torch):
        options = dict(kwargs)
        if "memory_format" in options:
            options["memory_format"] = getattr(lib, options["memory_format"])
        x = lib.testing.make_tensor(shape, dtype=lib.float32, device="cpu", **options)
        layout[lib] = (tuple(x.shape), x.stride(), x.is_contiguous())
    assert layout[tinytorch] == layout[torch]


def test_noncontiguous_view_skips_the_first_element():
    x = make_tensor(6, dtype=tinytorch.int64, device="cpu", noncontiguous=True)
    assert x.shape == (6,) and x.stride() == (2,) and x.storage_offset() == 1


@pytest.mark.parametrize("name,low,high", [("float32", -1e39, 1e39), ("int8", -1000, 1000),
                                           ("uint8", -5, 3), ("float16", -1e6, 1e6),
                                           ("int64", -2 ** 70, 2 ** 70), ("float32", 0.5, 0.75),
                                           ("int32", -2.5, 2.5)])
def test_bounds_are_clamped_and_rounded_as_pytorch(name, low, high):
    x = make_tensor(200, dtype=getattr(tinytorch, name), device="cpu", low=low, high=high)
    y = torch.testing.make_tensor(200, dtype=getattr(torch, name), device="cpu", low=low,
                                  high=high)
    if name.startswith("float"):
        assert math.isfinite(x.double().abs().max().item())
        assert y.double().min().item() >= low and x.double().min().item() >= low
    else:
        info = torch.iinfo(getattr(torch, name))
        lowest, highest = max(math.ceil(low), info.min), min(math.ceil(high), info.max)
        assert lowest <= x.min().item() and x.max().item() <= highest
        assert lowest <= y.min().item() and y.max().item() <= highest


@pytest.mark.parametrize("name", ["bool", "int8", "uint8", "float32"])
def test_exclude_zero(name):
    for lib in (tinytorch, torch):
        dtype = getattr(lib, name)
        x = lib.testing.make_tensor(100, dtype=dtype, device="cpu", low=0, high=1,
                                    exclude_zero=True)
        assert bool((x != 0).all())
        if name == "float32":
            assert x.min().item() == pytest.approx(lib.finfo(dtype).tiny) or x.min().item() > 0


def test_requires_grad():
    x = make_tensor(3, dtype=tinytorch.float64, device="cpu", requires_grad=True)
    assert x.requires_grad and x.is_leaf


ERRORS = [
    dict(noncontiguous=True, memory_format="channels_last"),
    dict(dtype="int64", requires_grad=True),
    dict(dtype="bool", requires_grad=True),
    dict(low=float("nan")),
    dict(high=float("nan"), low=1),
    dict(low=3, high=2),
    dict(dtype="int8", low=3, high=3),
    dict(dtype="uint8", low=-5, high=-1),
    dict(dtype="int8", low=200, high=300),
    dict(dtype="float16", low=7e4, high=8e4),
    dict(dtype="not a dtype"),
]


def _make(lib, case):
    case = dict(case)
    dtype = case.pop("dtype", "float32")
    dtype = getattr(lib, dtype) if hasattr(lib, dtype) else dtype
    if "memory_format" in case:
        case["memory_format"] = getattr(lib, case["memory_format"])
    shape = (2, 3, 4, 5) if "memory_format" in case else (3,)
    return lib.testing.make_tensor(shape, dtype=dtype, device="cpu", **case)


@pytest.mark.parametrize("case", ERRORS, ids=[str(c) for c in ERRORS])
def test_errors_match_pytorch(case):
    with pytest.raises(Exception) as theirs:
        _make(torch, case)
    with pytest.raises(theirs.type) as ours:
        _make(tinytorch, case)
    assert _text(ours.value) == _text(theirs.value)


def test_low_equal_high_for_floats_warns_as_pytorch():
    with pytest.warns(FutureWarning) as theirs:
        torch.testing.make_tensor(3, dtype=torch.float32, device="cpu", low=2, high=2)
    with pytest.warns(FutureWarning) as ours:
        x = make_tensor(3, dtype=tinytorch.float32, device="cpu", low=2, high=2)
    assert str(ours[0].message) == str(theirs[0].message)
    assert x.tolist() == [2.0, 2.0, 2.0]


ALLCLOSE = [
    lambda lib: (lib.tensor([1.0, 2.0]), lib.tensor([1.0, 2.0001])),  # float32 rtol 1e-4
    lambda lib: (lib.tensor([1.0, 2.0]), lib.tensor([1.0, 2.001])),
    lambda lib: (lib.tensor([1.0, float("nan")]), lib.tensor([1.0, float("nan")])),
    lambda lib: (lib.tensor([1.0, 2.0], dtype=lib.float64), [1.0, 2.0 + 1e-6]),
    lambda lib: (lib.tensor([1.0, 2.0], dtype=lib.float64), [1.0, 2.0 + 1e-4]),
    lambda lib: (lib.tensor([1, 2]), lib.tensor([1.0, 2.0])),  # no dtype check
    lambda lib: (lib.tensor([1, 2]), lib.tensor([1, 3])),
    lambda lib: ([1.0, 2.0], [1.0, 2.5]),
]


def _allclose(lib, case, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            lib.testing.assert_allclose(*case(lib), **kwargs)
            outcome = None
        except Exception as e:  # noqa: BLE001 -- the outcome is compared, whatever it is
            outcome = type(e), _text(e)
    return outcome, [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize("index", range(len(ALLCLOSE)))
def test_assert_allclose_matches_pytorch(index):
    assert _allclose(tinytorch, ALLCLOSE[index]) == _allclose(torch, ALLCLOSE[index])


def test_assert_allclose_options_match_pytorch():
    case = ALLCLOSE[1]
    for kwargs in (dict(rtol=1e-2, atol=0), dict(msg="custom"), dict(rtol=1e-3),
                   dict(equal_nan=False)):
        assert _allclose(tinytorch, case, **kwargs) == _allclose(torch, case, **kwargs)
    nan = ALLCLOSE[2]
    assert (_allclose(tinytorch, nan, equal_nan=False)
            == _allclose(torch, nan, equal_nan=False))


@pytest.mark.parametrize("name", ["bool", "int64", "float16", "float32"])
def test_on_each_device(device, name):
    x = make_tensor(4, 6, dtype=getattr(tinytorch, name), device=device, noncontiguous=True,
                    exclude_zero=True)
    assert x.device.type == device and x.shape == (4, 6) and not x.is_contiguous()
    assert bool((x != 0).all())
