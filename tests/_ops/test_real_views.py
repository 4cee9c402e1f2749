"""The complex-number API on real tensors (conj, adjoint, H, mH, real, imag ...), the
functional spellings (split_with_sizes, unsafe_split, rsub, scalar_tensor, detach ...) and
the always-False layout predicates, each against PyTorch 2.13: the same result or the same
exception and message."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")
EXPRESSIONS = [
    'x.conj() is x',
    'x.resolve_conj() is x',
    'x.resolve_neg() is x',
    'x.is_conj()',
    'x.is_neg()',
    'x.adjoint().shape',
    'x.H.shape',
    'x.mH.shape',
    'b.mH.shape',
    'b.adjoint().shape',
    'x.real is x',
    'x.output_nr',
    '(x*2).output_nr',
    'x.is_meta',
    'x.is_sparse',
    'x.is_quantized',
    'x.is_mkldnn',
    'x.is_nested',
    'x.is_mps',
    'x.is_xpu',
    '[t.shape for t in x.split_with_sizes([1, 2], 1)]',
    '[t.shape for t in lib.split_with_sizes(x, [1, 1])]',
    'len(x.unsafe_chunk(2, 1))',
    'len(lib.unsafe_split(x, 1))',
    'lib.rsub(lib.tensor([1., 2]), 5, alpha=2).tolist()',
    'lib.rsub(lib.tensor([1., 2]), lib.tensor([3., 3.])).tolist()',
    'lib.rsub(lib.tensor([1, 2]), 5).tolist()',
    'lib.scalar_tensor(3).tolist()',
    'lib.scalar_tensor(3).dtype',
    'lib.scalar_tensor(True, dtype=lib.bool).tolist()',
    'lib.is_signed(x)',
    'lib.is_same_size(x, b)',
    'lib.detach(x) is x',
    'lib.get_device(x)',
    'lib.conj(x) is x',
    'lib.adjoint(x).shape',
    'lib.is_conj(x)',
    'lib.is_neg(x)',
    'x.imag',
    'lib.ones(3).H',
    'lib.ones(3).mH',
    'lib.ones(3).adjoint()',
    'b.H',
    'x.split_with_sizes([1, 1], 1)',
]


def _outcome(lib, expression):
    x = lib.arange(6.0).reshape(2, 3)
    b = lib.ones(2, 3, 4)
    try:
        return str(eval(expression, {"lib": lib, "x": x, "b": b})).replace("tinytorch.",
                                                                            "torch.")
    except Exception as e:  # noqa: BLE001 -- the outcome is compared, whatever it is
        return type(e).__name__, str(e)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_matches_pytorch(expression):
    assert _outcome(tinytorch, expression) == _outcome(torch, expression)
