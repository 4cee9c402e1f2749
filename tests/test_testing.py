"""tinytorch.testing.assert_close against torch.testing.assert_close: the same verdict, the
same exception type and the same message for each case."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

_CASES = [
    lambda lib: (([1, 2], [1]), {}),
    lambda lib: (({"a": 1, "b": 2}, {"a": 1, "c": 2}), {}),
    lambda lib: ((lib.ones(2), [1.0, 1.0]), {}),
    lambda lib: ((lib.ones(2), np.ones(2, np.float32)), {}),
    lambda lib: ((np.ones(2), np.zeros(2)), {}),
    lambda lib: ((1, 1.0), {}),
    lambda lib: ((1, 2), {}),
    lambda lib: ((True, False), {}),
    lambda lib: ((1e-8, 2e-8), {}),
    lambda lib: ((float("nan"), float("nan")), dict(equal_nan=True)),
    lambda lib: ((None, None), {}),
    lambda lib: (("a", "a"), {}),
    lambda lib: ((lib.ones(2), lib.ones(2, dtype=lib.float64)), dict(check_dtype=False)),
    lambda lib: ((lib.ones(2), lib.ones(2, dtype=lib.float64)), {}),
    lambda lib: ((lib.ones(3), lib.ones(2)), {}),
    lambda lib: ((lib.tensor(1.0), lib.tensor(2.0)), {}),
    lambda lib: ((lib.tensor(1), lib.tensor(2)), {}),
    lambda lib: ((lib.ones(2), lib.ones(2) * 1.1), dict(msg="custom")),
    lambda lib: ((lib.ones(2), lib.ones(2) * 1.1), dict(msg=lambda m: "X" + m[:10])),
    lambda lib: ((lib.ones(2), lib.ones(2) + 1e-6), {}),
    lambda lib: ((lib.tensor([1.0, float("nan")]), lib.tensor([1.0, float("nan")])),
                 dict(equal_nan=True)),
    lambda lib: ((lib.tensor([1.0, float("nan")]), lib.tensor([1.0, float("nan")])), {}),
    lambda lib: ((lib.ones(2, requires_grad=True), lib.ones(2)), {}),
    lambda lib: ((lib.ones(2, 3).t(), lib.ones(3, 2)), dict(check_stride=True)),
    lambda lib: ((1.0, lib.tensor(1.0)), {}),
    lambda lib: (([lib.ones(2)], (lib.ones(2),)), {}),
    lambda lib: (([lib.ones(2)], [lib.zeros(2)]), {}),
    lambda lib: (({"a": [lib.ones(2, 2)]}, {"a": [lib.ones(2, 2) * 2]}), {}),
    lambda lib: ((lib.tensor([1, 2, 3]), lib.tensor([1, 2, 4])), {}),
    lambda lib: ((lib.tensor([True, False]), lib.tensor([True, True])), {}),
    lambda lib: ((lib.tensor([1.0, 2.0, 3.0]), lib.tensor([1.0, 2.5, 3.0])), {}),
    lambda lib: ((lib.tensor([[1.0, 2.0], [3.0, 4.0]]), lib.tensor([[1.0, 2.0], [3.0, 4.1]])),
                 dict(rtol=0, atol=0)),
    lambda lib: ((lib.ones(2), lib.ones(2)), dict(rtol=1e-3)),
    lambda lib: ((lib.ones(2), lib.ones(2)), dict(atol=1e-3)),
    lambda lib: ((lib.ones(2), lib.ones(2) * 1.0001), dict(rtol=1e-3, atol=0)),
    lambda lib: ((lib.ones(2, dtype=lib.float16), lib.ones(2, dtype=lib.float16) * 1.0009), {}),
    lambda lib: ((lib.ones(2, dtype=lib.bfloat16), lib.ones(2, dtype=lib.bfloat16) * 1.1), {}),
]


def _outcome(lib, case):
    args, kwargs = case(lib)
    try:
        lib.testing.assert_close(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 -- the outcome is compared, whatever it is
        text = str(e).replace("tinytorch.", "torch.").replace("torch._tensor.", "torch.")
        return type(e), text
    return None


@pytest.mark.parametrize("case", _CASES, ids=[str(i) for i in range(len(_CASES))])
def test_assert_close_matches_pytorch(case):
    assert _outcome(tinytorch, case) == _outcome(torch, case)
