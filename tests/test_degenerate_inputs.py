"""Empty inputs and broadcast batches against PyTorch, from a sweep of the op database with
each op's first float input cut to zero rows: LU of empty matrices crashed in a reshape,
``put`` into an empty tensor divided by zero, ``scatter_reduce`` checked an empty index's
extent (PyTorch does not), ``triangular_solve``'s copy of A lacked the broadcast batch dims,
and ``addmm`` with ``beta=0`` skipped PyTorch's shape check of the ignored input."""

import warnings

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _cases(L):
    i64 = L.int64
    return {
        "lu_factor (0, 1)": lambda: L.linalg.lu_factor(L.zeros(0, 1)),
        "lu_factor (2, 0, 3)": lambda: L.linalg.lu_factor(L.zeros(2, 0, 3)),
        "lu (3, 0)": lambda: L.linalg.lu(L.zeros(3, 0)),
        "lu (0, 3, 3)": lambda: L.linalg.lu(L.zeros(0, 3, 3)),
        "lu_unpack of empty": lambda: L.lu_unpack(*L.linalg.lu_factor(L.zeros(0, 2, 2))),
        "put into empty": lambda: L.zeros(0).put(L.tensor([], dtype=i64), L.tensor([])),
        "put_ accumulate into (2, 0)": lambda: L.zeros(2, 0).put(
            L.tensor([], dtype=i64), L.tensor([]), accumulate=True),
        "scatter_reduce empty index": lambda: L.zeros(0, 4).scatter_reduce(
            1, L.zeros(2, 0, dtype=i64), L.zeros(2, 0), "mean", include_self=False),
        "triangular_solve broadcast A": lambda: L.triangular_solve(
            L.ones(5, 2, 3, 1), L.eye(3).expand(1, 2, 3, 3).contiguous()),
        "triangular_solve broadcast b": lambda: L.triangular_solve(
            L.ones(3, 1), 2 * L.eye(3).expand(4, 3, 3).contiguous()),
        "addmm beta=0 bad input": lambda: L.addmm(L.zeros(0, 1), L.ones(1, 1), L.ones(1, 1),
                                                  beta=0),
    }


def _outcome(L, case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = _cases(L)[case]()
        except Exception as e:  # noqa: BLE001 - compared with PyTorch's
            return type(e).__name__, str(e)
    outs = out if isinstance(out, tuple) else (out,)
    return [(tuple(o.shape), str(o.dtype).split(".")[-1], o.tolist()) for o in outs]


@pytest.mark.parametrize("case", list(_cases(tinytorch)))
def test_degenerate_case_as_pytorch(case):
    assert _outcome(tinytorch, case) == _outcome(torch, case)
