"""NOTE [Quiet floating-point results]: IEEE special values come back without NumPy's warnings,
as in PyTorch, while the user's own NumPy code still warns. Run in a fresh interpreter: the
test session's ``filterwarnings = error`` would take precedence over tinytorch's filter."""

import subprocess
import sys

_SCRIPT = """
import numpy as np
import tinytorch as t

zero = t.tensor([0.0, -1.0, 1.0], requires_grad=True)
values = [t.log(zero), zero / 0, t.sqrt(zero), t.exp(t.tensor([1000.0])),
          t.tensor([1e38], dtype=t.float32) * 10, t.full((1 << 20,), 0.0) / 0]
t.sqrt(zero).sum().backward()  # the gradient at 0 is inf, at -1 nan
print(repr(values[0].tolist()), repr(zero.grad.tolist()))
np.log(np.zeros(1))  # the user's own NumPy call still warns
"""


def test_special_values_come_back_without_numpy_warnings():
    run = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["[-inf,", "nan,", "0.0]", "[inf,", "nan,", "0.5]"]
    warned = [line for line in run.stderr.splitlines() if "RuntimeWarning" in line]
    assert len(warned) == 1 and "<string>:10" in warned[0], run.stderr
