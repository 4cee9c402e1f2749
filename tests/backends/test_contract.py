"""Every backend implements every kernel of the contract in tinytorch/backends/base.py."""

import inspect

import pytest

from tinytorch.backends.base import Backend


def _kernels():
    return sorted(name for name, fn in vars(Backend).items()
                  if inspect.isfunction(fn) and not name.startswith("_"))


def _backend_classes():
    from tinytorch.backends.cpu import CPUBackend
    classes = [CPUBackend]
    try:
        from tinytorch.backends.cuda.backend import CUDABackend
    except ImportError:  # CuPy not installed: the CUDA class cannot even be defined
        pass
    else:
        classes.append(CUDABackend)
    return classes


@pytest.mark.parametrize("cls", _backend_classes(), ids=lambda c: c.__name__)
def test_backend_implements_every_kernel(cls):
    missing = [k for k in _kernels() if getattr(cls, k) is getattr(Backend, k)]
    assert not missing, f"{cls.__name__} lacks kernels: {missing}"


@pytest.mark.parametrize("cls", _backend_classes(), ids=lambda c: c.__name__)
def test_backend_kernel_signatures_match_contract(cls):
    for k in _kernels():
        want = list(inspect.signature(getattr(Backend, k)).parameters)
        got = list(inspect.signature(getattr(cls, k)).parameters)
        if isinstance(inspect.getattr_static(cls, k), staticmethod):
            # A C function serving as the kernel (operator.mul, np.asarray): no self, names
            # of its own, so only that it takes the contract's arguments positionally.
            try:
                inspect.signature(getattr(cls, k)).bind(*want[1:])
            except TypeError:
                pytest.fail(f"{cls.__name__}.{k}{tuple(got)} cannot take {tuple(want[1:])}")
            continue
        assert got == want, f"{cls.__name__}.{k}{tuple(got)} != contract {tuple(want)}"
