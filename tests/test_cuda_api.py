"""tinytorch.cuda's device API and the cuda error paths, checked without a GPU: CuPy
missing, CuPy present but no device or driver, and a fake second device for mismatches."""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import tinytorch
from tinytorch import _tensor, backends
from tinytorch.backends import cuda as cuda_backend
from tinytorch.backends.cpu import CPUBackend


@pytest.fixture
def cuda_not_initialized(monkeypatch):
    """This process before its first cuda tensor: a cuda backend, once created, serves its
    device without asking the driver again, so a test that takes CUDA away must also forget
    the backends earlier tests created (restored afterwards)."""
    monkeypatch.setattr(backends, "_backends", {})
    monkeypatch.setattr(cuda_backend, "_created", {})


@pytest.fixture
def no_cupy(monkeypatch, cuda_not_initialized):
    monkeypatch.setitem(sys.modules, "cupy", None)  # makes `import cupy` raise ImportError


@pytest.fixture
def no_device(monkeypatch, cuda_not_initialized):
    cupy = pytest.importorskip("cupy")
    monkeypatch.setattr(cupy.cuda.runtime, "getDeviceCount", lambda: 0)


@pytest.fixture
def broken_driver(monkeypatch, cuda_not_initialized):
    cupy = pytest.importorskip("cupy")

    def fail():
        raise RuntimeError("cudaErrorUnknown: unknown error")
    monkeypatch.setattr(cupy.cuda.runtime, "getDeviceCount", fail)
    monkeypatch.setattr(cupy.cuda.runtime, "driverGetVersion", lambda: 12090)


class FakeCudaBackend(CPUBackend):
    """NumPy arrays that claim to live on cuda:0: a second device without a GPU."""

    device = tinytorch.device("cuda", 0)


def _fake_cuda(data):
    return _tensor.Tensor._make(np.asarray(data, dtype=np.float32), FakeCudaBackend())


def test_import_tinytorch_does_not_import_cupy():
    code = "import sys, tinytorch; tinytorch.cuda; assert 'cupy' not in sys.modules"
    root = str(pathlib.Path(tinytorch.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


@pytest.mark.parametrize("fixture,words", [("no_cupy", "CuPy is not installed"),
                                           ("no_device", "no NVIDIA GPU was found"),
                                           ("broken_driver", "CUDA driver could not be used")])
def test_cuda_unavailable_reports_why(request, fixture, words):
    request.getfixturevalue(fixture)
    assert tinytorch.cuda.is_available() is False
    assert tinytorch.cuda.device_count() == 0
    with pytest.raises(RuntimeError, match=words):
        tinytorch.zeros(2).to("cuda")
    with pytest.raises(RuntimeError, match=words):
        tinytorch.zeros(2, device="cuda:0")
    with pytest.raises(RuntimeError, match=words):
        tinytorch.cuda.current_device()


def test_cuda_unavailable_here_raises_clear_error_on_cuda():
    if tinytorch.cuda.is_available():
        pytest.skip("a GPU is visible")
    with pytest.raises(RuntimeError, match="cannot use device 'cuda:0'"):
        tinytorch.ones(3).cuda()


@pytest.mark.parametrize("call", [lambda: tinytorch.cuda.set_device(0),
                                  lambda: tinytorch.cuda.synchronize(),
                                  lambda: tinytorch.cuda.device(0).__enter__()])
def test_cuda_device_functions_raise_without_cuda(no_device, call):
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        call()


def test_cuda_device_context_with_none_does_nothing(no_device):
    with tinytorch.cuda.device(None):
        pass


def test_cuda_manual_seed_is_lazy_without_cuda(no_device):
    tinytorch.cuda.manual_seed(7)
    tinytorch.cuda.manual_seed_all(7)
    assert tinytorch.cuda.initial_seed() == 7


def test_cuda_memory_stats_are_zero_before_cuda_is_used(cuda_not_initialized):
    assert tinytorch.cuda.is_initialized() is False
    assert tinytorch.cuda.memory_allocated() == 0
    assert tinytorch.cuda.max_memory_allocated() == 0
    assert tinytorch.cuda.memory_reserved() == 0
    tinytorch.cuda.reset_peak_memory_stats()
    tinytorch.cuda.empty_cache()
    assert "no CUDA memory" in tinytorch.cuda.memory_summary()


def test_cuda_set_device_rejects_cpu_device():
    with pytest.raises(ValueError, match="Expected a cuda device"):
        tinytorch.cuda.set_device("cpu")


def test_op_with_inputs_on_two_devices_names_op_devices_and_fix():
    a = tinytorch.ones(3)
    b = _fake_cuda([1.0, 2.0, 3.0])
    with pytest.raises(RuntimeError) as info:
        a + b
    msg = str(info.value)
    assert "Expected all tensors to be on the same device" in msg
    assert "cpu" in msg and "cuda:0" in msg
    assert "Add" in msg and ".to(device)" in msg


def test_numpy_on_cuda_tensor_says_call_cpu_first():
    with pytest.raises(TypeError, match=r"Tensor\.cpu\(\)"):
        _fake_cuda([1.0]).numpy()


def test_cuda_memory_stats_count_tensors_and_autograd_saved_values(device):
    if device != "cuda":
        pytest.skip("memory statistics describe cuda devices")
    mib = 2 ** 20
    base = tinytorch.cuda.memory_allocated()
    x = tinytorch.ones(1024, 1024, device="cuda", requires_grad=True)
    assert tinytorch.cuda.memory_allocated() >= base + 4 * mib
    y = x.exp().sum()  # exp saves its 4 MiB output for backward; only the graph holds it
    tinytorch.cuda.synchronize()
    summary = tinytorch.cuda.memory_summary()
    assert "autograd graph" in summary and "nvidia-smi" in summary
    assert tinytorch.cuda.max_memory_allocated() >= tinytorch.cuda.memory_allocated()
    assert tinytorch.cuda.memory_reserved() >= tinytorch.cuda.memory_allocated()
    y.backward()
    del x, y
    tinytorch.cuda.empty_cache()
    tinytorch.cuda.reset_peak_memory_stats()
    assert tinytorch.cuda.max_memory_allocated() == tinytorch.cuda.memory_allocated()


def test_cuda_generator_first_used_after_manual_seed_starts_from_that_seed(no_device):
    # as PyTorch: torch.manual_seed(0) seeds every device, including ones not yet used
    tinytorch._random._default_generators.pop(("cuda", 0), None)
    tinytorch.manual_seed(5)
    assert tinytorch.cuda.initial_seed() == 5
    tinytorch.manual_seed(0)
    assert tinytorch.cuda.initial_seed() == 0


class _ComputedClass:
    """An object whose ``__class__`` runs code, as torch.distributed's deprecated reduce_op."""

    @property
    def __class__(self):
        raise AssertionError("memory_summary read __class__ of an unrelated object")


def test_cuda_memory_summary_scan_leaves_unrelated_objects_alone():
    from tinytorch.cuda import memory
    probe, x = _ComputedClass(), tinytorch.ones(2)
    tensors, _ = memory._live_arrays()
    assert any(a is x._data for a in tensors)
    del probe  # kept alive through the scan
