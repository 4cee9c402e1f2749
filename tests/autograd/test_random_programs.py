"""Differential testing against PyTorch: random programs (tests/autograd/random_programs.py,
ops from tests/autograd/program_ops.py) run in both libraries must agree on every value, every
leaf gradient and, on a subset, second derivatives; where PyTorch raises, tinytorch raises the
same kind of error at the same statement. A failure prints the shrunk program as a script that
runs with ``import tinytorch as torch`` and with ``import torch``.

The default run draws a few dozen programs per device; the slow test draws more, and
``TINYTORCH_PROGRAMS=10000 pytest -m slow tests/autograd/test_random_programs.py`` thousands.
"""

import os

import pytest
from hypothesis import given
from hypothesis import settings

import tinytorch
from tests.autograd import random_programs as rp

torch = pytest.importorskip("torch")

MANY = int(os.environ.get("TINYTORCH_PROGRAMS", "150"))


def _check(program, device):
    ours = rp.run(program, tinytorch, device)
    theirs = rp.run(program, torch, "cpu")
    found = rp.differences(program, ours, theirs)
    assert not found, rp.describe(program, found)


@settings(max_examples=50)
@given(program=rp.programs())
def test_random_programs_match_torch(program, device):
    _check(program, device)


@pytest.mark.slow
@settings(max_examples=MANY)
@given(program=rp.programs())
def test_many_random_programs_match_torch(program, device):
    _check(program, device)


# The snippet as a program: a.mean(0, keepdim=True) used twice beside b.cumsum.
SNIPPET = rp.Program(
    lines=["a = torch.tensor([[1.0, 2.0]], dtype=torch.float64, device=device, "
           "requires_grad=True)",
           "b = torch.tensor([[3.0, 4.0]], dtype=torch.float64, device=device, "
           "requires_grad=True)",
           "v0 = a.mean(0, keepdim=True)",
           "v1 = b.cumsum(-1)",
           "loss = v0.sum() + v1.sum() + (b + v0).sum()",
           "loss.backward()"],
    leaves=["a", "b"], values=["v0", "v1"], retained=[], mode="backward")


def test_a_printed_program_runs_as_is_with_either_import(capsys):
    source = SNIPPET.source()
    for header in ("import tinytorch as torch", "import torch"):
        exec(compile(source.replace("import tinytorch as torch", header, 1), "<program>",
                     "exec"), {})
    printed = capsys.readouterr().out
    assert printed.count("a.grad tensor([[2., 2.]]") == 2


def test_a_wrong_gradient_a_missing_error_or_another_error_is_reported():
    theirs = rp.run(SNIPPET, torch, "cpu")
    ours = rp.run(SNIPPET, tinytorch, "cpu")
    assert rp.differences(SNIPPET, ours, theirs) == []
    ours.observed["a.grad"] = ours.observed["a.grad"] * 2
    assert [d.split(":")[0] for d in rp.differences(SNIPPET, ours, theirs)] == ["a.grad"]
    theirs.error = (4, RuntimeError, "RuntimeError: refused")
    assert rp.differences(SNIPPET, ours, theirs)[0].startswith("error: tinytorch no error")
    ours.error = (4, TypeError, "TypeError: refused")
    assert rp.differences(SNIPPET, ours, theirs)[0].startswith("error: tinytorch 'TypeError")
