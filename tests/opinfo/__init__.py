"""The op database: every op declared once; generic suites in ``tests/test_ops.py`` run
forward-vs-NumPy (hypothesis), float64 gradcheck, PyTorch parity and error cases over
ops x devices.

An ``OpInfo`` says:
- ``op(*tensors, **kwargs)``: the tinytorch call;
- ``ref(*arrays, **kwargs)``: a NumPy reference returning an array (or tuple of arrays);
- ``torch_op(*torch_tensors, **kwargs)``: the PyTorch call (None to skip parity);
- ``samples``: a hypothesis strategy drawing a ``Sample`` (NumPy float64 arrays + kwargs);
- ``grad``: whether the op is differentiable (gradcheck / gradient parity run);
- ``gradcheck``: False where the op's backward is by design not the derivative (embedding's
  scale_grad_by_freq) or the op changes its input (max_norm): gradient parity only;
- ``gradgrad``: whether it supports double backward (gradgradcheck where ``gradcheck`` holds,
  second-order parity with PyTorch); every op does unless it says otherwise;
- ``errors``: ``ErrorCase``s — bad inputs, the exception type and a regex for the message.

Sub-modules (``core``, ``nn`` …) each define ``OPS``; this package concatenates them.
"""

from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch


@dataclass
class Sample:
    """Positional arrays (or other values), keyword options, and which args are tensors."""

    args: tuple
    kwargs: dict = field(default_factory=dict)


@dataclass
class ErrorCase:
    """``make(device)`` returns (args, kwargs); calling the op must raise ``exc`` matching
    ``match``."""

    make: Callable
    exc: type
    match: str


@dataclass
class OpInfo:
    name: str
    op: Callable
    ref: Callable
    samples: Any
    torch_op: Callable = None
    grad: bool = True
    gradcheck: bool = True
    gradgrad: bool = True
    rtol: float = 1e-5
    atol: float = 1e-6
    grad_rtol: float = 1e-3
    grad_atol: float = 1e-5
    errors: list = field(default_factory=list)
    tensor_args: Callable = None  # which positional args become tensors (default: arrays)

    def __repr__(self):
        return self.name


def floats(shape, low=-3.0, high=3.0, dtype=np.float64):
    """Strategy: an array of ``shape`` with finite values in [low, high] (no subnormals)."""
    return hnp.arrays(dtype, shape, elements=st.floats(low, high, allow_subnormal=False,
                                                       width=64))


def shapes(min_dims=0, max_dims=3, min_side=0, max_side=4):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                            max_side=max_side)


@st.composite
def unary(draw, low=-3.0, high=3.0, min_side=0, min_dims=0):
    return Sample((draw(floats(draw(shapes(min_dims, 3, min_side)), low, high)),))


@st.composite
def binary(draw, low=-3.0, high=3.0, low_b=None, high_b=None):
    """Two mutually broadcastable arrays (0-d and size-0 dims included)."""
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                min_side=0, max_side=4))
    a = draw(floats(bs.input_shapes[0], low, high))
    b = draw(floats(bs.input_shapes[1], low if low_b is None else low_b,
                    high if high_b is None else high_b))
    return Sample((a, b))


def all_ops():
    """Every OpInfo, from each sub-module's ``OPS``."""
    from tests.opinfo import actE
    from tests.opinfo import apiS
    from tests.opinfo import attention
    from tests.opinfo import core
    from tests.opinfo import counting
    from tests.opinfo import fold
    from tests.opinfo import fractional
    from tests.opinfo import gridS
    from tests.opinfo import image
    from tests.opinfo import linalgH
    from tests.opinfo import linalgS
    from tests.opinfo import lossF
    from tests.opinfo import mathD
    from tests.opinfo import mathops
    from tests.opinfo import nn
    from tests.opinfo import nn_rnn
    from tests.opinfo import nnJ
    from tests.opinfo import nnK
    from tests.opinfo import numeric
    from tests.opinfo import normL
    from tests.opinfo import reduction
    from tests.opinfo import shape
    from tests.opinfo import specialE
    from tests.opinfo import specT
    from tests.opinfo import spellS
    from tests.opinfo import statistics
    from tests.opinfo import tensG
    from tests.opinfo import tensorM
    from tests.opinfo import vol3D
    return (list(core.OPS) + list(reduction.OPS) + list(shape.OPS) + list(nn.OPS)
            + list(image.OPS) + list(nn_rnn.OPS) + list(attention.OPS)
            + list(counting.OPS) + list(mathops.OPS) + list(statistics.OPS)
            + list(actE.OPS) + list(mathD.OPS) + list(lossF.OPS) + list(tensG.OPS)
            + list(linalgH.OPS) + list(nnJ.OPS) + list(fold.OPS) + list(tensorM.OPS)
            + list(nnK.OPS) + list(specialE.OPS) + list(numeric.OPS) + list(vol3D.OPS)
            + list(normL.OPS) + list(linalgS.OPS) + list(gridS.OPS) + list(apiS.OPS)
            + list(spellS.OPS) + list(specT.OPS) + list(fractional.OPS))


def bool_refused(kernel, *rest, n=1, exc=NotImplementedError, match=None, **kwargs):
    """An error case: the op called on ``n`` bool tensors (then ``rest``, ``kwargs``) raises
    PyTorch's refusal, by default ``"<kernel>..." not implemented for 'Bool'`` (the kernel's
    device suffix varies; see NOTE [Bool refusals])."""
    def make(device):
        bools = tinytorch.tensor([[True, False], [False, True]], device=device)
        return (bools,) * n + rest, kwargs
    return ErrorCase(make, exc, match or rf"\"{kernel}\w*\" not implemented for 'Bool'")
