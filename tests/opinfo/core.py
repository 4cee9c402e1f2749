"""Op database entries for the core op library (tinytorch/_ops)."""

import numpy as np
from hypothesis import strategies as st

import tinytorch
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import binary
from tests.opinfo import floats
from tests.opinfo import shapes
from tests.opinfo import unary


def _torch():
    import torch
    return torch


@st.composite
def matmul_pair(draw):
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(st.sampled_from([(), (2,), (3, 1)]))
    kind = draw(st.sampled_from(["mm", "vec-mat", "mat-vec", "batched"]))
    a_shape = {"mm": (n, k), "vec-mat": (k,), "mat-vec": (n, k), "batched": batch + (n, k)}[kind]
    b_shape = {"mm": (k, m), "vec-mat": (k, m), "mat-vec": (k,), "batched": (k, m)}[kind]
    return Sample((draw(floats(a_shape)), draw(floats(b_shape))))


@st.composite
def reduce_sample(draw):
    x = draw(floats(draw(shapes(0, 3, 1))))
    dim = draw(st.one_of(st.none(), st.integers(-max(x.ndim, 1), max(x.ndim, 1) - 1)))
    return Sample((x,), {"dim": dim, "keepdim": draw(st.booleans())})


def _np_reduce(fn):
    def ref(x, dim=None, keepdim=False):
        return fn(x, axis=dim, keepdims=keepdim) if x.ndim else fn(x)
    return ref


OPS = [
    OpInfo("add", lambda a, b: a + b, np.add, binary(), lambda a, b: a + b),
    OpInfo("sub", lambda a, b: a - b, np.subtract, binary(), lambda a, b: a - b),
    OpInfo("mul", lambda a, b: a * b, np.multiply, binary(), lambda a, b: a * b),
    OpInfo("div", lambda a, b: a / b, np.divide, binary(low_b=0.5, high_b=3.0),
           lambda a, b: a / b),
    OpInfo("exp", tinytorch.exp, np.exp, unary(), lambda x: x.exp()),
    OpInfo("tanh", tinytorch.tanh, np.tanh, unary(), lambda x: x.tanh()),
    OpInfo("sum", lambda x, dim=None, keepdim=False: x.sum(dim, keepdim),
           _np_reduce(np.sum), reduce_sample(),
           lambda x, dim=None, keepdim=False: x.sum() if dim is None else x.sum(dim, keepdim)),
    OpInfo("matmul", lambda a, b: a @ b, np.matmul, matmul_pair(), lambda a, b: a @ b,
           errors=[ErrorCase(lambda d: ((tinytorch.ones(2, 3, device=d),
                                         tinytorch.ones(4, 5, device=d)), {}),
                             RuntimeError, r"shapes cannot be multiplied \(2x3 and 4x5\)")]),
]
