"""torch.cuda's housekeeping names (device queries, memory statistics, seeding, streams and
events, OutOfMemoryError): without a GPU compared with the installed PyTorch (a CPU build);
with one (or the CUDA emulator, scripts/cuda_emulator) checked for PyTorch's types."""

import collections
import re
import warnings

import pytest
import torch

import tinytorch
from tinytorch.backends import cuda as cuda_backend

REASON = "no NVIDIA GPU was found (the NVIDIA driver sees no device)"


@pytest.fixture
def no_gpu(monkeypatch):
    monkeypatch.setattr(cuda_backend, "cuda_unavailable_reason", lambda: REASON)
    monkeypatch.setattr(cuda_backend, "_created", {})


@pytest.fixture
def gpu(device):
    if device != "cuda":
        pytest.skip("needs a cuda device")


def _state(lib):
    return lib.zeros(16, dtype=lib.uint8)


# Calls that PyTorch's CPU build answers without a GPU: tinytorch answers the same.
ANSWERED = {
    "memory_stats": lambda lib: lib.cuda.memory_stats(),
    "max_memory_reserved": lambda lib: lib.cuda.max_memory_reserved(),
    "memory_allocated": lambda lib: lib.cuda.memory_allocated(),
    "seed": lambda lib: lib.cuda.seed(),
    "seed_all": lambda lib: lib.cuda.seed_all(),
    "get_rng_state_all": lambda lib: lib.cuda.get_rng_state_all(),
    "set_rng_state": lambda lib: lib.cuda.set_rng_state(_state(lib)),
    "set_rng_state_all": lambda lib: lib.cuda.set_rng_state_all([]),
    "get_arch_list": lambda lib: lib.cuda.get_arch_list(),
    "is_bf16_supported": lambda lib: lib.cuda.is_bf16_supported(),
    "empty_cache": lambda lib: lib.cuda.empty_cache(),
}

# Calls that need a GPU: PyTorch's CPU build raises AssertionError("Torch not compiled with
# CUDA enabled") or a RuntimeError; tinytorch raises its RuntimeError that says why, as its
# other cuda functions do (docs/pytorch_drop_in.md).
REFUSED = {
    "get_device_name": lambda lib: lib.cuda.get_device_name(),
    "get_device_name(0)": lambda lib: lib.cuda.get_device_name(0),
    "get_device_properties": lambda lib: lib.cuda.get_device_properties(0),
    "get_device_capability": lambda lib: lib.cuda.get_device_capability(),
    "mem_get_info": lambda lib: lib.cuda.mem_get_info(),
    "get_rng_state": lambda lib: lib.cuda.get_rng_state(),
    "Stream": lambda lib: lib.cuda.Stream(),
    "Event": lambda lib: lib.cuda.Event(enable_timing=True),
    "current_stream": lambda lib: lib.cuda.current_stream(),
    "default_stream": lambda lib: lib.cuda.default_stream(),
    "ipc_collect": lambda lib: lib.cuda.ipc_collect(),
    "is_current_stream_capturing": lambda lib: lib.cuda.is_current_stream_capturing(),
    "current_device": lambda lib: lib.cuda.current_device(),
}


@pytest.mark.parametrize("name", ANSWERED)
def test_without_gpu_answers_as_pytorch(no_gpu, name):
    expected = ANSWERED[name](torch)
    got = ANSWERED[name](tinytorch)
    assert type(got) is type(expected) and got == expected


@pytest.mark.parametrize("name", REFUSED)
def test_without_gpu_refuses_where_pytorch_does(no_gpu, name):
    with pytest.raises((AssertionError, RuntimeError)):
        REFUSED[name](torch)
    with pytest.raises(RuntimeError, match=f"^CUDA is not available: {re.escape(REASON)}$"):
        REFUSED[name](tinytorch)


@pytest.mark.parametrize("lib", [torch, tinytorch], ids=["torch", "tinytorch"])
def test_without_gpu_stream_none_selects_nothing(no_gpu, lib):
    for context in (lib.cuda.stream(None), lib.cuda.StreamContext(None)):
        assert type(context).__name__ == "StreamContext"
        with context:
            pass


def test_device_picking_script_runs_on_cpu(no_gpu):
    torch_ = tinytorch
    device = ("cuda" if torch_.cuda.is_available() else
              "mps" if torch_.backends.mps.is_available() else "cpu")
    assert device == "cpu"


def test_reset_max_memory_allocated_warns_as_pytorch(no_gpu):
    # PyTorch's CPU build warns, then fails calling a CUDA-only function; tinytorch resets
    with pytest.warns(FutureWarning) as ours:
        tinytorch.cuda.reset_max_memory_allocated()
    with pytest.warns(FutureWarning) as theirs, pytest.raises(AttributeError):
        torch.cuda.reset_max_memory_allocated()
    assert str(ours[0].message) == str(theirs[0].message)


def test_out_of_memory_error_is_pytorchs_class():
    assert tinytorch.cuda.OutOfMemoryError is tinytorch.OutOfMemoryError
    assert tinytorch.OutOfMemoryError.__mro__[1:] == (RuntimeError, Exception, BaseException,
                                                       object)
    assert torch.OutOfMemoryError.__mro__[1:] == tinytorch.OutOfMemoryError.__mro__[1:]
    assert tinytorch.OutOfMemoryError.__qualname__ == "OutOfMemoryError"


def test_format_size_is_pytorchs():
    runtime = pytest.importorskip("tinytorch.backends.cuda.runtime")
    cases = {0: "0 bytes", 1024: "1024 bytes", 1025: "1.00 KiB", 2 ** 20: "1024.00 KiB",
             20 * 2 ** 20: "20.00 MiB", 2 ** 30: "1024.00 MiB", 14 * 2 ** 30 // 10: "1.40 GiB",
             130206 * 2 ** 30: "130206.00 GiB"}
    assert {n: runtime.format_size(n) for n in cases} == cases


class _FullPool:
    """CuPy's pool with 3 GiB in use, 1 GiB cached, and no room for more."""

    def malloc(self, size):
        import cupy
        raise cupy.cuda.memory.OutOfMemoryError(size, self.total_bytes())

    def used_bytes(self):
        return 3 * 2 ** 30

    def total_bytes(self):
        return 4 * 2 ** 30


def test_cupy_out_of_memory_becomes_pytorchs_error(monkeypatch):
    runtime = pytest.importorskip("tinytorch.backends.cuda.runtime")
    import cupy
    monkeypatch.setattr(runtime, "_pool", _FullPool)
    monkeypatch.setattr(runtime.cupy.cuda.runtime, "getDevice", lambda: 0)
    monkeypatch.setattr(runtime, "mem_get_info", lambda index: (0, 8 * 2 ** 30))
    monkeypatch.setattr(runtime.cupy.cuda, "Device", lambda index: _NoDevice())
    monkeypatch.setattr(runtime, "_ooms", {})
    with pytest.raises(torch.OutOfMemoryError.__base__) as info:
        runtime._tracking_malloc(20 * 2 ** 20)
    assert type(info.value) is tinytorch.OutOfMemoryError
    assert isinstance(info.value.__cause__, cupy.cuda.memory.OutOfMemoryError)
    assert str(info.value) == (
        "CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of "
        "8.00 GiB of which 0 bytes is free. Of the allocated memory 3.00 GiB is allocated by "
        "tinytorch, and 1024.00 MiB is reserved by tinytorch but unallocated. If reserved but "
        "unallocated memory is large, tinytorch.cuda.empty_cache() returns it to the driver.")
    assert runtime._ooms == {0: 1}


class _NoDevice:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_device_queries(gpu):
    props = tinytorch.cuda.get_device_properties()
    assert isinstance(props.name, str) and props.name == tinytorch.cuda.get_device_name(0)
    assert props.total_memory > 0 and props.multi_processor_count > 0
    assert tinytorch.cuda.get_device_capability("cuda:0") == (props.major, props.minor)
    assert repr(props).startswith(f"_CudaDeviceProperties(name='{props.name}', major=")
    free, total = tinytorch.cuda.mem_get_info()
    assert 0 <= free <= total and total > 0
    assert all(a.startswith("sm_") for a in tinytorch.cuda.get_arch_list())
    with pytest.raises(AssertionError, match="^Invalid device id$"):
        tinytorch.cuda.get_device_properties(tinytorch.cuda.device_count())
    assert tinytorch.cuda.is_current_stream_capturing() is False
    tinytorch.cuda.ipc_collect()


def test_memory_stats_keys_scripts_read(gpu):
    x = tinytorch.ones(1024, device="cuda")
    stats = tinytorch.cuda.memory_stats()
    assert isinstance(stats, collections.OrderedDict) and list(stats) == sorted(stats)
    assert stats["allocated_bytes.all.current"] == tinytorch.cuda.memory_allocated()
    assert stats["allocated_bytes.all.peak"] == tinytorch.cuda.max_memory_allocated()
    assert stats["reserved_bytes.all.current"] == tinytorch.cuda.memory_reserved()
    assert tinytorch.cuda.max_memory_reserved() >= tinytorch.cuda.memory_reserved()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        tinytorch.cuda.reset_max_memory_allocated()
    assert tinytorch.cuda.max_memory_allocated() == tinytorch.cuda.memory_allocated()
    del x


def test_streams_and_events(gpu):
    s = tinytorch.cuda.Stream()
    assert s.device == tinytorch.device("cuda", 0) and s != tinytorch.cuda.default_stream()
    assert tinytorch.cuda.default_stream().cuda_stream == 0
    before = tinytorch.cuda.current_stream()
    start, end = tinytorch.cuda.Event(enable_timing=True), tinytorch.cuda.Event(True)
    with tinytorch.cuda.stream(s):
        assert tinytorch.cuda.current_stream() == s
        start.record()
        y = tinytorch.ones(64, 64, device="cuda") @ tinytorch.ones(64, 64, device="cuda")
        end.record()
    assert tinytorch.cuda.current_stream() == before
    before.wait_stream(s)
    end.synchronize()
    assert end.query() and s.query()
    assert start.elapsed_time(end) >= 0
    assert float(y[0, 0]) == 64.0
    s.synchronize()
    with pytest.raises(RuntimeError, match="Both events must be recorded"):
        tinytorch.cuda.Event(True).elapsed_time(end)
    assert isinstance(s.record_event(), tinytorch.cuda.Event)


def test_cuda_rng_state_says_it_cannot_be_saved(gpu):
    with pytest.raises(RuntimeError, match="cannot save or restore the state of a cuda"):
        tinytorch.cuda.get_rng_state()
    tinytorch.cuda.seed_all()
    tinytorch.cuda.seed()
