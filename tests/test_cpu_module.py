"""tinytorch.cpu (torch.cpu's device-agnostic names) and the torch.backends modules that say
what a build has, compared with the installed PyTorch where tinytorch answers the same."""

import warnings

import pytest
import torch

import tinytorch

SAME = {
    "is_available": lambda lib: lib.cpu.is_available(),
    "is_initialized": lambda lib: lib.cpu.is_initialized(),
    "device_count": lambda lib: lib.cpu.device_count(),
    "current_device": lambda lib: lib.cpu.current_device(),
    "synchronize": lambda lib: lib.cpu.synchronize(),
    "synchronize(cpu)": lambda lib: lib.cpu.synchronize("cpu"),
    "set_device": lambda lib: lib.cpu.set_device("cpu"),
    "event query": lambda lib: lib.cpu.Event().query(),
    "event record": lambda lib: lib.cpu.Event().record(),
    "stream priority": lambda lib: lib.cpu.Stream(priority=0).wait_stream(lib.cpu.Stream()),
    "mps.is_available": lambda lib: lib.backends.mps.is_available(),
    "mps.is_built": lambda lib: lib.backends.mps.is_built(),
    "opt_einsum.get_opt_einsum": lambda lib: lib.backends.opt_einsum.get_opt_einsum(),
    "opt_einsum.enabled": lambda lib: lib.backends.opt_einsum.enabled,
    "opt_einsum.strategy": lambda lib: lib.backends.opt_einsum.strategy,
    "opt_einsum.is_available": lambda lib: lib.backends.opt_einsum.is_available(),
    "opt_einsum.set_flags(False)": lambda lib: lib.backends.opt_einsum.set_flags(False),
    "mkl.VERBOSE_ON": lambda lib: lib.backends.mkl.VERBOSE_ON,
    "mkldnn.VERBOSE_ON_CREATION": lambda lib: lib.backends.mkldnn.VERBOSE_ON_CREATION,
}


@pytest.mark.parametrize("name", SAME)
def test_answers_as_pytorch(name):
    got, expected = SAME[name](tinytorch), SAME[name](torch)
    assert type(got) is type(expected) and got == expected


@pytest.mark.parametrize("module", ["mkldnn", "mkl", "openmp"])
def test_libraries_tinytorch_does_not_use_are_not_available(module):
    assert getattr(tinytorch.backends, module).is_available() is False
    assert isinstance(getattr(torch.backends, module).is_available(), bool)


def test_cpu_capability_is_one_of_pytorchs_names():
    assert tinytorch.backends.cpu.get_cpu_capability() in ("DEFAULT", "AVX2", "AVX512")


def test_stream_context_selects_and_restores():
    for lib in (tinytorch, torch):
        default = lib.cpu.current_stream()
        s = lib.cpu.Stream()
        with lib.cpu.stream(s):
            assert lib.cpu.current_stream() is s
            with lib.cpu.StreamContext(None):
                assert lib.cpu.current_stream() is s
        assert lib.cpu.current_stream() is default


def test_device_agnostic_script_runs():
    device_type = "cuda" if tinytorch.cuda.is_available() else "cpu"
    module = getattr(tinytorch, device_type)
    module.synchronize()
    start = module.Event()
    start.record()
    assert module.device_count() >= 1 or device_type == "cpu"


@pytest.mark.parametrize("case", [dict(_enabled=True), dict(_strategy="auto"),
                                  dict(_enabled=False, _strategy="greedy")])
def test_opt_einsum_refuses_as_pytorch_without_the_package(case):
    if torch.backends.opt_einsum.is_available():
        pytest.skip("opt-einsum is installed: PyTorch accepts these")
    with pytest.raises(ValueError) as theirs:
        torch.backends.opt_einsum.set_flags(**case)
    with pytest.raises(ValueError) as ours:
        tinytorch.backends.opt_einsum.set_flags(**case)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError):
        with tinytorch.backends.opt_einsum.flags(**{k[1:]: v for k, v in case.items()}):
            pass


def test_mkldnn_switches_are_accepted_and_restored():
    mkldnn = tinytorch.backends.mkldnn
    assert (mkldnn.enabled, mkldnn.deterministic) == (True, False)
    with mkldnn.flags(enabled=False, deterministic=True):
        assert (mkldnn.enabled, mkldnn.deterministic) == (False, True)
    assert (mkldnn.enabled, mkldnn.deterministic) == (True, False)
    with mkldnn.verbose(mkldnn.VERBOSE_ON), tinytorch.backends.mkl.verbose(1):
        pass


def test_cpu_amp_autocast_warns_as_pytorch_and_autocasts():
    messages = []
    for lib in (tinytorch, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with lib.cpu.amp.autocast():
                y = lib.ones(2, 2) @ lib.ones(2, 2)
            lib.cpu.amp.GradScaler()
        assert str(y.dtype).endswith("bfloat16")
        messages.append([(w.category, str(w.message)) for w in caught])
    assert messages[0] == messages[1]
