"""The warnings PyTorch prints, and no others: reductions of empty or too-small inputs (none
of NumPy's, NOTE [Quiet floating-point results]), copy-constructing a tensor, a tensor that
requires grad read as a number, a read-only NumPy array, the losses' legacy arguments. Each
library runs the cases in order in a fresh interpreter: the test session's ``filterwarnings
= error`` would take precedence over tinytorch's filter, and PyTorch's once-per-process
warnings would depend on the tests that ran before."""

import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

_REDUCTIONS = [
    "lib.ones(1).std()", "lib.ones(1).var()", "lib.std_mean(lib.ones(1))",
    "lib.var_mean(lib.ones(1))", "lib.ones(3, 1).var(1)", "lib.ones(0).mean()",
    "lib.ones(0).std()", "lib.std_mean(lib.ones(0))", "lib.ones(0, 3).mean(0)",
    "lib.ones(0).nanmean()", "lib.ones(0).median()", "lib.ones(0).nanmedian()",
    "lib.ones(0).logsumexp(0)", "lib.tensor([1.0, 3.0]).var(correction=2)",
    "lib.ones(2, 3).std(dim=(0, 1), correction=6)", "lib.ones(1, dtype=lib.float64).std()",
    "lib.ones(0, dtype=lib.float16).mean()", "lib.ones(0, dtype=lib.bfloat16).mean()",
    "lib.ones(1, dtype=lib.bfloat16).var()",
]

_CONVERSIONS = [
    "lib.tensor(t)", "lib.tensor(g, dtype=lib.float64)", "lib.Tensor(t)", "lib.as_tensor(t)",
    "int(g0)", "bool(g0)", "g0.item()", "g0.tolist()", "format(g0, '.1f')", "lib.tensor([t0])",
    "lib.tensor([[g], [g]])", "float(g0)", "float(g)", "complex(g)", "lib.tensor([g0])",
    "lib.as_tensor(frozen)", "lib.from_numpy(frozen)", "lib.tensor(frozen)",
]

_LOSSES = [
    "F.mse_loss(t, t, reduce=False)", "F.l1_loss(t, t, size_average=True)",
    "F.mse_loss(t, t, size_average=False, reduce=True)", "F.mse_loss(t, t, reduce=True)",
    "F.cross_entropy(lib.ones(2, 3), lib.zeros(2, dtype=lib.long), size_average=False)",
    "F.nll_loss(lib.ones(2, 3), lib.zeros(2, dtype=lib.long), reduce=False)",
    "F.binary_cross_entropy(t * 0.5, t, size_average=False)",
    "F.binary_cross_entropy_with_logits(t, t, reduce=False)",
    "F.kl_div(t, t, size_average=False)", "F.smooth_l1_loss(t, t, reduce=False)",
    "F.soft_margin_loss(t, t, reduce=False)", "F.margin_ranking_loss(t, t, t, reduce=False)",
    "F.poisson_nll_loss(t, t, size_average=False)", "lib.nn.MSELoss(reduce=False)(t, t)",
    "F.mse_loss(t, t, size_average=None, reduce=None)",
]

_SCRIPT = """
import warnings
import numpy as np
import {lib} as lib
F = lib.nn.functional
t, t0 = lib.ones(2), lib.tensor(2.0)
g, g0 = lib.ones(1, requires_grad=True), lib.tensor(2.0, requires_grad=True)
frozen = np.ones(3)
frozen.flags.writeable = False
for case in {cases!r}:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", append=True)  # tinytorch's own filters still win
        value = eval(case)
    print(case, repr(value).replace("{lib}.", ""))
    for w in caught:
        print("  ", w.category.__name__, str(w.message).split(" (Triggered internally")[0])
"""


def _run(lib, cases):
    script = _SCRIPT.format(lib=lib, cases=cases)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return run.stdout.splitlines(), run.stderr


@pytest.mark.parametrize("cases", [_REDUCTIONS, _CONVERSIONS, _LOSSES],
                         ids=["reductions", "conversions", "losses"])
def test_warnings_printed_match_pytorchs(cases):
    ours, err = _run("tinytorch", cases)
    theirs, _ = _run("torch", cases)
    assert ours == theirs
    assert "RuntimeWarning" not in err and "numpy" not in err


def test_too_few_degrees_of_freedom_warn_in_pytorchs_words():
    ours, _ = _run("tinytorch", ["lib.ones(1).std()"])
    assert ours[1] == ("   UserWarning std(): degrees of freedom is <= 0. Correction should be "
                       "strictly less than the reduction factor (input numel divided by output "
                       "numel).")


def test_legacy_constructor_of_a_tensor_is_an_alias_as_in_pytorch():
    for lib in (torch, __import__("tinytorch")):
        x = lib.ones(2, dtype=lib.float64, requires_grad=True)
        y = lib.Tensor(x)
        assert y.dtype == lib.float64 and y.requires_grad
        assert type(y.grad_fn).__name__ == "AliasBackward0"
        with lib.no_grad():
            y[0] = 5
        assert x[0].item() == 5
