"""NOTE [Heap reuse]: the CPU backend keeps freed multi-megabyte buffers mapped."""

import os
import platform
import subprocess
import sys

import pytest

import tinytorch

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt")

# Five 8 MiB temporaries alive at once, then all freed: with glibc's defaults the freed top
# of the heap (40 MiB) exceeds the dynamic trim threshold (16 MiB) and goes back to the OS,
# so every round faults its pages in again.
_ROUNDS = """
import resource, tinytorch
x = tinytorch.ones(2 << 20)
def one_round():
    parts = [x * float(i) for i in range(5)]
    return sum(float(p[0]) for p in parts)
one_round(); one_round()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    one_round()
print(tinytorch.backends.get_backend('cpu').heap_reuse,
      (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) // 10)
"""


def _run(**env):
    full = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run([sys.executable, "-c", _ROUNDS], env={**full, **env}, check=True,
                         capture_output=True, text=True).stdout.split()
    return out[0] == "True", int(out[1])


def test_heap_reuse_stops_page_faults_of_repeated_temporaries():
    configured, faults = _run()
    assert configured
    assert faults < 100  # ~2000 per round with glibc's defaults


def test_heap_reuse_can_be_turned_off():
    configured, faults = _run(TINYTORCH_HEAP_REUSE="0")
    assert not configured
    assert faults > 1000


def test_heap_reuse_leaves_explicit_malloc_settings_alone():
    configured, _ = _run(MALLOC_TRIM_THRESHOLD_=str(1 << 30))
    assert not configured


_TRIM = """
import tinytorch
from tinytorch.backends import _heap
def rss_mb():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
x = tinytorch.ones(2 << 20)
parts = [x * float(i) for i in range(5)]
del parts
kept = rss_mb()
_heap.trim()
print(kept - rss_mb())
"""


def test_trim_hands_the_kept_heap_back():
    out = subprocess.run([sys.executable, "-c", _TRIM], check=True, capture_output=True,
                         text=True, env={k: v for k, v in os.environ.items()
                                         if not k.startswith("MALLOC_")}).stdout
    assert int(out) >= 30  # five freed 8 MiB temporaries


def test_keras_fit_trims_the_heap_when_training_ends(monkeypatch):
    from tinytorch import keras
    from tinytorch.backends import _heap
    calls = []
    monkeypatch.setattr(_heap, "trim", lambda: calls.append(True))
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(tinytorch.ones(4, 3).numpy(), tinytorch.zeros(4, 2).numpy(), epochs=2, verbose=0)
    assert calls == [True]
