"""Why CUDA is unusable, in words that name the fix (no GPU is not an old driver)."""

from tinytorch.backends import cuda as cuda_backend


class FakeRuntime:
    def __init__(self, driver, runtime=12090):
        self.driver, self.runtime = driver, runtime

    def driverGetVersion(self):  # noqa: N802 (CuPy's name)
        return self.driver

    def runtimeGetVersion(self):  # noqa: N802
        return self.runtime


INSUFFICIENT = RuntimeError("cudaErrorInsufficientDriver: CUDA driver version is insufficient "
                            "for CUDA runtime version")


def test_missing_driver_says_no_gpu_was_found():
    reason = cuda_backend._driver_problem(FakeRuntime(driver=0), INSUFFICIENT)
    assert reason.startswith("no NVIDIA GPU was found: this machine has no NVIDIA driver")
    assert "insufficient" not in reason and "device='cpu'" in reason


def test_old_driver_names_both_versions():
    reason = cuda_backend._driver_problem(FakeRuntime(driver=11040), INSUFFICIENT)
    assert reason.startswith("the NVIDIA driver (CUDA 11.4) is older than the CUDA runtime "
                             "CuPy was built for (CUDA 12.9)")


def test_no_device_says_no_gpu_was_found():
    error = RuntimeError("cudaErrorNoDevice: no CUDA-capable device is detected")
    assert cuda_backend._driver_problem(FakeRuntime(driver=12090), error) == (
        "no NVIDIA GPU was found (the NVIDIA driver sees no device)")

