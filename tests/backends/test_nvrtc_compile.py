"""Every raw CUDA kernel source compiles with NVRTC for sm_80 and sm_90, for every template
instantiation (float and double). Needs CuPy and the NVRTC library, not a GPU."""

import pytest

cupy = pytest.importorskip("cupy")
nvrtc = pytest.importorskip("cupy_backends.cuda.libs.nvrtc")

from tinytorch.backends.cuda import _launch  # noqa: E402  (needs cupy)

ARCHS = ("sm_80", "sm_90")


def _nvrtc_usable():
    try:
        nvrtc.getVersion()
    except Exception as exc:  # the NVRTC shared library is missing or broken
        return f"NVRTC is not loadable: {exc}"
    return None


def _compile(name, arch):
    """Compile source ``name`` for ``arch``; returns the lowered names of its instantiations."""
    prog = nvrtc.createProgram(_launch.source_text(name), f"{name}.cu", (), ())
    try:
        exprs = _launch.name_expressions(name)
        for e in exprs:
            nvrtc.addNameExpression(prog, e)
        options = _launch.OPTIONS + (f"-arch={arch}",)
        try:
            nvrtc.compileProgram(prog, options)
        except nvrtc.NVRTCError:
            pytest.fail(f"{name}.cu does not compile for {arch}:\n{nvrtc.getProgramLog(prog)}")
        return {e: nvrtc.getLoweredName(prog, e) for e in exprs}
    finally:
        nvrtc.destroyProgram(prog)


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("name", sorted(_launch.SOURCES))
def test_kernel_source_compiles_with_nvrtc(name, arch):
    reason = _nvrtc_usable()
    if reason:
        pytest.skip(reason)
    lowered = _compile(name, arch)
    assert len(lowered) == len(_launch.name_expressions(name))
    assert all(lowered.values())


def test_every_kernel_file_is_listed_in_sources():
    files = {p.stem for p in _launch.KERNEL_DIR.glob("*.cu")}
    assert files == set(_launch.SOURCES)


def test_every_listed_kernel_is_defined_in_its_source():
    for name, kernels in _launch.SOURCES.items():
        text = (_launch.KERNEL_DIR / f"{name}.cu").read_text()
        for kernel in kernels:
            assert f"void {kernel}(" in text, f"{kernel} is not defined in {name}.cu"
