"""Tensor creation, random state, devices, printing and conversions behave like PyTorch's."""

import numpy as np
import pytest

import tinytorch
from tinytorch import backends


# --- tensor / as_tensor / from_numpy ---------------------------------------------------------
def test_tensor_infers_pytorch_dtypes(device):
    assert tinytorch.tensor([1, 2], device=device).dtype == tinytorch.int64
    assert tinytorch.tensor([1, 2.5], device=device).dtype == tinytorch.float32
    assert tinytorch.tensor([True, False], device=device).dtype == tinytorch.bool
    assert tinytorch.tensor(3.0, device=device).shape == ()
    assert tinytorch.tensor(np.ones(2, np.float64), device=device).dtype == tinytorch.float64


def test_tensor_copies_its_data(device):
    a = np.arange(3.0)
    t = tinytorch.tensor(a, device=device)
    a[0] = 100.0
    assert t.tolist() == [0.0, 1.0, 2.0]


def test_from_numpy_shares_memory_both_ways():
    a = np.arange(4.0, dtype=np.float32)
    t = tinytorch.from_numpy(a)
    a[0] = 7.0
    assert t[0].item() == 7.0
    t.numpy()[1] = 9.0
    assert a[1] == 9.0
    assert t.dtype == tinytorch.float32


def test_as_tensor_shares_memory_with_a_numpy_array():
    a = np.zeros(3)
    t = tinytorch.as_tensor(a)
    a[2] = 5.0
    assert t.tolist() == [0.0, 0.0, 5.0]
    assert tinytorch.as_tensor(t) is t


def test_from_numpy_rejects_non_arrays():
    with pytest.raises(TypeError, match="expected np.ndarray"):
        tinytorch.from_numpy([1, 2])


# --- constant and range factories ---------------------------------------------------------------
def test_zeros_ones_full_empty_shapes_and_dtypes(device):
    assert tinytorch.zeros(2, 3, device=device).tolist() == [[0.0] * 3] * 2
    assert tinytorch.ones((2,), dtype=tinytorch.int64, device=device).tolist() == [1, 1]
    assert tinytorch.empty([4, 0], device=device).shape == (4, 0)
    assert tinytorch.full((2,), 7, device=device).dtype == tinytorch.int64
    assert tinytorch.full((2,), 1.5, device=device).tolist() == [1.5, 1.5]
    assert tinytorch.full((1,), True, device=device).dtype == tinytorch.bool
    assert tinytorch.zeros(2, requires_grad=True, device=device).requires_grad


def test_arange_linspace_eye(device):
    assert tinytorch.arange(5, device=device).tolist() == [0, 1, 2, 3, 4]
    assert tinytorch.arange(5, device=device).dtype == tinytorch.int64
    assert tinytorch.arange(1, 2, 0.25, device=device).tolist() == [1.0, 1.25, 1.5, 1.75]
    assert tinytorch.arange(1, 2, 0.25, device=device).dtype == tinytorch.float32
    assert tinytorch.linspace(0, 1, 5, device=device).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert tinytorch.eye(2, 3, device=device).tolist() == [[1, 0, 0], [0, 1, 0]]
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        tinytorch.arange(0, 3, 0)
    with pytest.raises(RuntimeError, match=r"^upper bound and lower bound inconsistent with step "
                                           r"sign \(start=0, end=5, step=-1\)$"):
        tinytorch.arange(0, 5, -1)  # PyTorch's words, with the arguments


_NEGATIVE = "Trying to create tensor with negative dimension"


@pytest.mark.parametrize("make, message", [
    (lambda t: t.zeros(2, -1), "zeros: Dimension size must be non-negative."),
    (lambda t: t.ones(2, -3), f"{_NEGATIVE} -3: [2, -3]"),
    (lambda t: t.empty(-2, -3), f"{_NEGATIVE} -2: [-2, -3]"),
    (lambda t: t.full((-1,), 2.0), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.rand(-1), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.randn((3, -1)), f"{_NEGATIVE} -1: [3, -1]"),
    (lambda t: t.randint(0, 3, (-1,)), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.randperm(-1), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.ones(2).new_zeros(-1), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.ones(2).new_full((-1,), 1.0), f"{_NEGATIVE} -1: [-1]"),
    (lambda t: t.eye(-2), "n must be greater or equal to 0, got -2"),
    (lambda t: t.eye(2, -1), "m must be greater or equal to 0, got -1"),
])
def test_negative_sizes_raise_pytorchs_runtime_error(make, message):
    # NumPy raised ValueError ("negative dimensions are not allowed"); randperm(-1) and eye(-2)
    # returned empty tensors. PyTorch 2.13's exceptions and messages, checked against it:
    with pytest.raises(RuntimeError) as caught:
        make(tinytorch)
    assert str(caught.value) == message
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError) as caught:
        make(torch)
    assert str(caught.value) == message


def test_like_factories_follow_the_input(device):
    x = tinytorch.ones(2, 3, dtype=tinytorch.float64, device=device)
    for y in (tinytorch.zeros_like(x), tinytorch.ones_like(x), tinytorch.empty_like(x),
              tinytorch.full_like(x, 2.0), tinytorch.rand_like(x), tinytorch.randn_like(x)):
        assert y.shape == (2, 3) and y.dtype == tinytorch.float64 and y.device == x.device
    assert tinytorch.zeros_like(x, dtype=tinytorch.int32).dtype == tinytorch.int32
    r = tinytorch.randint_like(x, 3, 5)
    assert r.dtype == tinytorch.float64 and ((r >= 3) & (r < 5)).all()


# --- random ---------------------------------------------------------------------------------
def test_random_factories_shapes_ranges_and_dtypes(device):
    u = tinytorch.rand(1000, device=device)
    assert u.dtype == tinytorch.float32 and (u >= 0).all() and (u < 1).all()
    n = tinytorch.randn(2000, dtype=tinytorch.float64, device=device)
    assert abs(n.mean().item()) < 0.2 and abs(n.std().item() - 1) < 0.2
    i = tinytorch.randint(3, 7, (50,), device=device)
    assert i.dtype == tinytorch.int64 and (i >= 3).all() and (i < 7).all()
    assert tinytorch.randint(4, (2, 2), device=device).shape == (2, 2)
    p = tinytorch.randperm(6, device=device)
    assert sorted(p.tolist()) == list(range(6)) and p.dtype == tinytorch.int64


def test_manual_seed_reproduces_the_stream(device):
    tinytorch.manual_seed(123)
    a = tinytorch.rand(5, device=device).tolist()
    b = tinytorch.randn(5, device=device).tolist()
    tinytorch.manual_seed(123)
    assert tinytorch.rand(5, device=device).tolist() == a
    assert tinytorch.randn(5, device=device).tolist() == b
    tinytorch.manual_seed(124)
    assert tinytorch.rand(5, device=device).tolist() != a


def test_generator_is_independent_of_the_global_seed(device):
    g = tinytorch.Generator(device).manual_seed(7)
    a = tinytorch.rand(4, generator=g, device=device).tolist()
    tinytorch.manual_seed(0)
    g2 = tinytorch.Generator(device).manual_seed(7)
    assert tinytorch.rand(4, generator=g2, device=device).tolist() == a
    assert tinytorch.randperm(5, generator=g2, device=device).shape == (5,)
    assert g.initial_seed() == 7


# --- devices ------------------------------------------------------------------------------------
def test_device_parsing():
    d = tinytorch.device("cuda:1")
    assert (d.type, d.index) == ("cuda", 1)
    assert str(d) == "cuda:1" and repr(d) == "device(type='cuda', index=1)"
    assert tinytorch.device("cuda", 1) == d != "cuda:1"  # a string is no device (PyTorch)
    assert tinytorch.device("cpu").index is None and str(tinytorch.device("cpu")) == "cpu"
    assert tinytorch.device(d) == d
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        tinytorch.device("tpu")
    with pytest.raises(RuntimeError, match="Invalid device string"):
        tinytorch.device("cuda:x")


def _no_accelerator(monkeypatch):
    """tinytorch as a PyTorch CPU build sees itself: no CuPy, so no accelerator."""
    from tinytorch.backends import cuda
    monkeypatch.setattr(cuda, "is_built", lambda: False)


def test_a_device_ordinal_is_the_accelerators_device(monkeypatch):
    # PyTorch's legacy form: device(N) is the current accelerator's device N (cuda here)
    assert tinytorch.device(1) == tinytorch.device("cuda", 1) == tinytorch.device(np.int64(1))
    # and, as PyTorch's, a CPU device keeps any index it is given; its tensors are on the CPU
    assert repr(tinytorch.device("cpu", 1)) == "device(type='cpu', index=1)"
    assert tinytorch.zeros(1, device="cpu:1").device == tinytorch.device("cpu")
    with pytest.raises(RuntimeError, match="^Device index must not be negative$"):
        tinytorch.device(-1)
    with pytest.raises(TypeError, match="must be str, not int"):
        tinytorch.device(0, 1)
    for bad in (True, 1.0):
        with pytest.raises(TypeError, match="expects a string"):
            tinytorch.device(bad)
    _no_accelerator(monkeypatch)
    torch = pytest.importorskip("torch")  # its CPU build: no accelerator either
    for lib in (torch, tinytorch):
        with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none "
                                               "is available.$"):
            lib.device(0)


def test_every_device_argument_takes_an_ordinal(monkeypatch):
    # device=0, x.to(0) and model.to(rank) name the accelerator's device: an error without
    # one, as PyTorch's CPU build gives, where ones_like(x, device=0) and x.new_zeros(2,
    # device=0) returned a CPU tensor (0 read as "no device given") and x.to(0) refused an int
    _no_accelerator(monkeypatch)
    torch = pytest.importorskip("torch")
    for lib in (torch, tinytorch):
        x = lib.ones(2)
        calls = [lambda: x.to(0), lambda: x.to(0, lib.float64), lambda: x.to(device=0),
                 lambda: lib.zeros(2, device=0), lambda: lib.ones_like(x, device=0),
                 lambda: lib.empty_like(x, device=0), lambda: x.new_zeros(2, device=0),
                 lambda: x.new_tensor([1.0], device=0), lambda: lib.as_tensor(x, device=0),
                 lambda: lib.tensor([1.0], device=0), lambda: lib.nn.Linear(2, 2).to(0)]
        for call in calls:
            with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
                call()
        assert lib.as_tensor(x) is x


def test_an_ordinal_reaches_the_gpu(device):
    if device == "cpu":
        pytest.skip("needs a GPU")
    x = tinytorch.ones(2)
    assert x.to(0).device == tinytorch.device("cuda", 0)
    assert tinytorch.zeros(2, device=0).device == tinytorch.device("cuda", 0)
    assert tinytorch.nn.Linear(2, 2).to(0).weight.device == tinytorch.device("cuda", 0)


def test_cuda_without_cupy_raises_a_clear_error(monkeypatch):
    from tinytorch.backends import cuda
    monkeypatch.setattr(backends, "_backends", {})  # forget backends created so far
    monkeypatch.setattr(cuda, "_created", {}, raising=False)
    monkeypatch.setitem(__import__("sys").modules, "cupy", None)
    with pytest.raises(RuntimeError, match="cuda.*CuPy"):
        tinytorch.zeros(2, device="cuda")


def test_tensor_device_is_reported(device):
    t = tinytorch.ones(2, device=device)
    assert t.device.type == tinytorch.device(device).type  # a tensor on "cuda" reports cuda:0
    assert t.is_cuda == (device == "cuda")
    assert t.cpu().device == tinytorch.device("cpu")


# --- printing and conversions -------------------------------------------------------------
@pytest.mark.parametrize("data", [
    [[1.0, 2.5], [3.0, 4.0]], [1, 2, 3], [True, False], 3.5, [], [[1e-5, 1e5]], [1.0, 2.0],
    [float("nan"), 1.0, float("inf")], [1e10, 2.0], [-1.5, 2.0], list(range(2000)),
    [[0.5] * 30] * 3, [0.0, 0.0],
], ids=lambda d: repr(d)[:20])
def test_repr_matches_pytorch(data):
    torch = pytest.importorskip("torch")
    assert repr(tinytorch.tensor(data)) == repr(torch.tensor(data))


def test_repr_suffixes_match_pytorch():
    torch = pytest.importorskip("torch")
    for make in (lambda m: m.zeros(2, 0), lambda m: m.ones(2, 3, requires_grad=True),
                 lambda m: m.arange(24.0).reshape(2, 3, 4), lambda m: m.zeros(0)):
        assert repr(make(tinytorch)) == repr(make(torch))
    assert repr(tinytorch.ones(2, dtype=tinytorch.float64)).endswith(
        "dtype=tinytorch.float64)")
    assert "grad_fn=<MulBackward0>" in repr(tinytorch.ones(2, requires_grad=True) * 2)


def test_item_and_tolist(device):
    t = tinytorch.tensor([[1, 2], [3, 4]], device=device)
    assert t.tolist() == [[1, 2], [3, 4]]
    assert t[1, 0].item() == 3 and isinstance(t[1, 0].item(), int)
    assert isinstance(tinytorch.tensor(2.5, device=device).item(), float)
    with pytest.raises(RuntimeError, match="a Tensor with 4 elements cannot be converted to "
                                           "Scalar"):
        t.item()
    with pytest.raises(ValueError, match="only one element tensors can be converted to Python "
                                         "scalars"):
        int(t)


def test_numpy_of_tensor_requiring_grad_points_to_detach():
    x = tinytorch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Use tensor.detach\(\).numpy\(\) instead"):
        x.numpy()
    assert x.detach().numpy().tolist() == [1.0, 1.0]


def test_dlpack_round_trip_with_numpy_shares_memory():
    t = tinytorch.arange(3.0)
    a = np.from_dlpack(t)
    a[0] = 5.0
    assert t[0].item() == 5.0
    b = np.arange(4)
    u = tinytorch.from_dlpack(b)
    b[1] = 8
    assert u.tolist() == [0, 8, 2, 3] and u.dtype == tinytorch.int64


def test_dlpack_round_trip_with_torch_shares_memory():
    torch = pytest.importorskip("torch")
    t = tinytorch.arange(3.0)
    tt = torch.from_dlpack(t)
    tt[1] = 9.0
    assert t.tolist() == [0.0, 9.0, 2.0]
    src = torch.arange(4.0)
    back = tinytorch.from_dlpack(src)
    src[0] = 7.0
    assert back.tolist() == [7.0, 1.0, 2.0, 3.0]


def test_dtype_conversions(device):
    x = tinytorch.tensor([1.7, -2.2], device=device)
    assert x.to(tinytorch.float64).dtype == tinytorch.float64
    assert x.long().tolist() == [1, -2]
    assert x.int().dtype == tinytorch.int32
    assert x.double().float().dtype == tinytorch.float32
    assert x.bool().tolist() == [True, True]
    i = tinytorch.tensor([1, 2], device=device)
    assert i.float().dtype == tinytorch.float32
    assert i.type_as(x.double()).dtype == tinytorch.float64
    assert x.to(tinytorch.float32) is x
    assert float(tinytorch.tensor([2.5], device=device)) == 2.5
    assert int(tinytorch.tensor(3, device=device)) == 3


def test_to_dtype_is_differentiable(device):
    x = tinytorch.tensor([1.0, 2.0], requires_grad=True, device=device)
    x.double().sum().backward()
    assert x.grad.dtype == tinytorch.float32 and x.grad.tolist() == [1.0, 1.0]


def test_to_device_keeps_the_array_type_and_sends_the_gradient_back(device):
    # A 0-d tensor (BatchNorm's num_batches_tracked) moved to a device must hold that device's
    # array, and the gradient of a move must come back on the source device.
    native = type(tinytorch.zeros(1, device=device)._data)
    for x in (tinytorch.tensor(0.5, requires_grad=True), tinytorch.tensor([0.5, 1.5],
                                                                         requires_grad=True)):
        y = x.to(device)
        assert y.device.type == tinytorch.device(device).type and type(y._data) is native
        (y * 3).sum().backward()
        assert x.grad.device.type == "cpu" and type(x.grad._data) is np.ndarray
        np.testing.assert_allclose(x.grad.numpy(), np.full(x.shape, 3.0))


def test_zero_dim_results_hold_arrays(device):
    # NumPy returns scalars for 0-d results; a Tensor must still support in-place ops,
    # DLPack and .numpy() on them, as PyTorch's 0-d tensors do.
    total = tinytorch.ones(2, 3, device=device).sum()
    total.add_(1)
    assert total.item() == 7.0
    s = tinytorch.tensor(2.0) + tinytorch.tensor(3.0)
    assert isinstance(s.numpy(), np.ndarray) and np.from_dlpack(s).shape == ()
    p = tinytorch.tensor(1.0, requires_grad=True, device=device)
    (p * 3).backward()
    p.grad.zero_()
    assert p.grad.item() == 0.0
    y = p.exp()  # a 0-d saved output is still tracked for in-place changes
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()


def test_legacy_tensor_constructor_builds_float32_like_pytorch(device):
    data = tinytorch.Tensor([[1, 2], [3, 4]], device=device)
    assert data.dtype == tinytorch.float32 and data.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert tuple(tinytorch.Tensor(2, 3, device=device).shape) == (2, 3)
    assert tuple(tinytorch.Tensor(tinytorch.Size([4])).shape) == (4,)
    assert tuple(tinytorch.Tensor().shape) == (0,)
    assert isinstance(data, tinytorch.Tensor)


@pytest.mark.parametrize("name", ["torch.FloatTensor", "torch.DoubleTensor", "torch.HalfTensor",
                                  "torch.LongTensor", "torch.IntTensor", "torch.BoolTensor",
                                  "torch.ByteTensor"])
def test_type_takes_a_legacy_type_name_as_pytorch_does(name):
    torch = pytest.importorskip("torch")
    got, want = tinytorch.ones(2).type(name), torch.ones(2).type(name)
    assert got.type() == want.type() == name
    assert str(got.dtype).split(".")[1] == str(want.dtype).split(".")[1]


def test_type_torch_tensor_is_the_default_dtype_as_in_pytorch():
    assert tinytorch.ones(2, dtype=tinytorch.int64).type("torch.Tensor").type() == \
        "torch.FloatTensor"


@pytest.mark.parametrize("name", ["float64", "torch.float64", "torch.Tensors", "DoubleTensor"])
def test_type_refuses_a_string_that_names_no_type_as_pytorch_does(name):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="invalid type"):
        torch.ones(2).type(name)
    with pytest.raises(ValueError, match=f"invalid type: '{name}'"):
        tinytorch.ones(2).type(name)


def test_tensor_copies_a_pytorch_tensor():
    torch = pytest.importorskip("torch")
    for source in (torch.arange(3.0), torch.arange(3), torch.tensor([True, False]),
                   torch.arange(3, dtype=torch.float64)):
        copy, before = tinytorch.tensor(source), source.tolist()
        assert copy.tolist() == before
        assert str(copy.dtype).split(".")[1] == str(source.dtype).split(".")[1]
        source.zero_()
        assert copy.tolist() == before  # a copy, as torch.tensor makes


LAYOUT_CASES = {  # PyTorch's layout=, memory_format= and pin_memory= of the factories
    "empty preserve_format": lambda L, x: L.empty(2, memory_format=L.preserve_format),
    "empty channels_last": lambda L, x: L.empty(2, 3, 4, 5, memory_format=L.channels_last)
    .stride(),
    "empty channels_last 1-D": lambda L, x: L.empty(2, memory_format=L.channels_last),
    "empty requires_grad": lambda L, x: L.empty(2, 3, requires_grad=True).requires_grad,
    "zeros layout str": lambda L, x: L.zeros(2, layout="x"),
    "zeros_like bad format": lambda L, x: L.zeros_like(x, memory_format="x"),
    "zeros layout strided": lambda L, x: L.zeros(2, layout=L.strided).layout == L.strided,
    "arange/eye/randperm layout": lambda L, x: (L.arange(3, layout=L.strided).tolist(),
                                                L.eye(2, layout=None).tolist(),
                                                L.randperm(3, layout=L.strided).shape),
    "rand pin_memory": lambda L, x: L.rand(2, pin_memory=False).shape,
    "empty_like": lambda L, x: L.empty_like(x).stride(),
    "zeros_like contiguous_format": lambda L, x: L.zeros_like(
        x, memory_format=L.contiguous_format).stride(),
    "ones_like dtype": lambda L, x: L.ones_like(x, dtype=L.int64).stride(),
    "full_like": lambda L, x: (L.full_like(x, 3).stride(), L.full_like(x, 3).tolist()),
    "rand_like requires_grad": lambda L, x: (L.rand_like(x, requires_grad=True).requires_grad,
                                             L.rand_like(x).stride()),
    "randn_like": lambda L, x: L.randn_like(x).stride(),
    "randint_like": lambda L, x: (L.randint_like(x, 5).stride(), L.randint_like(x, 2, 5).dtype
                                  == L.float32),
    "empty_like channels_last": lambda L, x: L.empty_like(
        L.ones(1, 2, 3, 4), memory_format=L.channels_last).stride(),
    "zeros_like of channels_last": lambda L, x: L.zeros_like(
        L.ones(1, 2, 3, 4).contiguous(memory_format=L.channels_last)).stride(),
}


@pytest.mark.parametrize("case", list(LAYOUT_CASES))
def test_factories_take_pytorchs_layout_and_memory_format(case):
    """``*_like`` keep a dense input's strides (PyTorch's preserve_format: a transposed
    input gives a transposed result), ``layout=`` and ``memory_format=`` are PyTorch's."""
    torch = pytest.importorskip("torch")

    def run(lib):
        try:
            return LAYOUT_CASES[case](lib, lib.ones(2, 3).t())
        except (TypeError, RuntimeError) as e:
            return type(e), str(e)
    assert run(tinytorch) == run(torch)


INFERRED = {  # tensor(data) of Python data: PyTorch's dtype, or its error
    "range": lambda: range(3), "nested tuple of bools and ints": lambda: ((True, 2), (3, 4)),
    "NumPy float64 scalars": lambda: [np.float64(1.5), np.float64(2.0)],
    "NumPy int32 scalars": lambda: [np.int32(1), np.int32(2)],
    "NumPy int64 beside a float": lambda: [np.int64(1), 2.5],
    "float16 beside an int": lambda: [np.float16(1.5), 2],
    "int8 and int16 rows": lambda: [[np.int8(1)], [np.int16(2)]],
    "None": lambda: [1.0, None], "a dict": lambda: {1: 2}, "a set": lambda: {1, 2},
    "a string": lambda: "ab", "strings": lambda: ["a", "b"], "empty": lambda: [[], []],
}


@pytest.mark.parametrize("name", sorted(INFERRED))
@pytest.mark.parametrize("dtype", [None, "float64"])
def test_tensor_infers_pythons_data_as_pytorch(name, dtype):
    # range was float32 here (int64 in PyTorch), NumPy scalars in a list the default float
    # dtype (PyTorch keeps theirs), None a NaN (PyTorch's "Could not infer dtype of NoneType")
    torch = pytest.importorskip("torch")

    def run(lib):
        try:
            t = lib.tensor(INFERRED[name](), dtype=dtype and getattr(lib, dtype))
        except (TypeError, ValueError, RuntimeError) as e:
            return type(e).__name__, str(e)
        return str(t.dtype).split(".")[1], t.tolist()
    assert run(tinytorch) == run(torch)


@pytest.mark.parametrize("data, dtype", [([-1], "uint8"), ([-255], "uint8"), ([-256], "uint8"),
                                         ([256], "uint8"), ([-1.0], "uint8"), ([255.9], "uint8"),
                                         ([200], "int8"), ([2 ** 31], "int32"),
                                         ([1e10], "int32"), ([float("nan")], "int64"),
                                         ([float("inf")], "int64"), ([1.7, -1.7], "int16"),
                                         ([[1, -2], [3, 300]], "uint8"), ([True, 2], "uint8")])
def test_tensor_converts_numbers_to_an_integer_dtype_as_pytorch(data, dtype):
    # uint8 takes ints down to -255 (-1 is 255); out of range PyTorch's RuntimeError, where
    # NumPy raised OverflowError (or ValueError for NaN)
    torch = pytest.importorskip("torch")

    def run(lib):
        try:
            return lib.tensor(data, dtype=getattr(lib, dtype)).tolist()
        except RuntimeError as e:
            return str(e)
    assert run(tinytorch) == run(torch)


SCALAR_FORMS = {  # Python's conversions and protocols on a tensor, against PyTorch
    "format .2f of 0-d": lambda L: f"{L.tensor(3.14159):.2f}",
    "format spec of a vector": lambda L: f"{L.tensor([1.0, 2.0]):.2f}",
    "float of a vector": lambda L: float(L.tensor([1.0, 2.0])),
    "bool of an empty tensor": lambda L: bool(L.tensor([])),
    "item of an empty tensor": lambda L: L.tensor([]).item(),
    "a row in a matrix": lambda L: L.tensor([1, 2]) in L.tensor([[1, 2], [3, 4]]),
    "a number in a matrix": lambda L: 3 in L.tensor([[1, 2], [3, 4]]),
    "a string in a tensor": lambda L: "a" in L.tensor([1.0]),
}


@pytest.mark.parametrize("name", sorted(SCALAR_FORMS))
def test_python_conversions_and_in_as_pytorch(name):
    torch = pytest.importorskip("torch")

    def run(lib):
        try:
            return SCALAR_FORMS[name](lib)
        except (TypeError, ValueError, RuntimeError) as e:
            return type(e).__name__, str(e)
    assert run(tinytorch) == run(torch)


# nested data whose first entries hold no element: PyTorch reads the sizes down the first
# entries and stores nothing, so the other entries are not checked (and an empty sequence
# counts as the default float dtype in the inference); a sequence where a number goes raises
# Python's error for the target dtype
RAGGED = ["[[], [1]]", "[[1], []]", "[[], []]", "[[[]], [1]]", "[[], [[1]]]", "[[], 1]",
          "[1, []]", "[[[]], []]", "[(), [1]]", "([], [True])", "[[], ['a']]", "[[], [None]]",
          "[[1, 2], [3, [4]]]", "[[1.5], [2, [4]]]", "[[1.5], [2, 3, 4]]", "[True, [False]]"]


@pytest.mark.parametrize("dtype", [None, "int32", "float16", "bool"])
@pytest.mark.parametrize("data", RAGGED)
def test_tensor_of_ragged_data_as_pytorch(data, dtype):
    torch = pytest.importorskip("torch")

    def run(T):
        try:
            t = T.tensor(eval(data), dtype=dtype and getattr(T, dtype), requires_grad=False)
        except (TypeError, ValueError, RuntimeError) as e:
            return type(e), str(e)
        return tuple(t.shape), str(t.dtype).rpartition(".")[2], t.tolist()

    assert run(tinytorch) == run(torch)
