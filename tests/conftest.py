"""Shared fixtures: the ``device`` fixture runs a test on cpu, and on cuda when available
(skipped cleanly otherwise). Hypothesis profiles: ``ci`` (default) and ``dev``."""

import os
import sys

import pytest
from hypothesis import HealthCheck
from hypothesis import settings

from tinytorch._ops import _util

settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.register_profile("dev", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Hypothesis 6.170 resolves a @given test's settings through a chain of fallbacks that grows
# with each parametrized call of the same function in a process: past ~1,000 calls (the
# in-place-write test over every op) reading `settings.database` hit Python's recursion limit.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
# PyTorch warns once per process when a tensor that requires grad is read as a number
# (float(loss)) and when a read-only NumPy array becomes a tensor: which test would meet them
# first depends on the order tests run in, so the suite counts them as shown.
# tests/_ops/test_printed_warnings.py checks them in a fresh interpreter.
_util._warned_once.update((_util.GRAD_TO_SCALAR, _util.NOT_WRITABLE))


def _cuda_reason():
    from tinytorch.backends.cuda import cuda_unavailable_reason
    return cuda_unavailable_reason()


DEVICES = [
    "cpu",
    pytest.param("cuda", marks=[pytest.mark.cuda]),
]


@pytest.fixture(params=DEVICES)
def device(request):
    """The device a test runs on. Set TINYTORCH_TEST_DEVICES=cuda to run only cuda."""
    wanted = os.environ.get("TINYTORCH_TEST_DEVICES")
    if wanted and request.param not in wanted.split(","):
        pytest.skip(f"device {request.param} not selected by TINYTORCH_TEST_DEVICES")
    if request.param == "cuda":
        reason = _cuda_reason()
        if reason:
            pytest.skip(f"{CUDA_SKIP}{reason}")
    return request.param


CUDA_SKIP = "cuda unavailable: "


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Report every "cuda unavailable" skip at the device fixture, so ``-ra`` folds them into
    one line with their count instead of one line per test; other skips keep their place."""
    report = yield
    longrepr = report.longrepr
    if (report.skipped and isinstance(longrepr, tuple) and len(longrepr) == 3
            and str(longrepr[2]).startswith(f"Skipped: {CUDA_SKIP}")):
        report.longrepr = (__file__, device.__wrapped__.__code__.co_firstlineno, longrepr[2])
    return report
