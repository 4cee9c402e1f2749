"""Indexing with any Python sequence (ranges, lists, tuples, NumPy arrays, nested) exactly
as PyTorch 2.13 indexes: values, shapes, its deprecation warning for a list taken as a tuple,
its errors, assignment and gradients."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")

# Each index is built for a library (tensors must be that library's).
INDICES = {
    "list": lambda t: [0, 2],
    "tuple": lambda t: (0, 2),
    "range": lambda t: range(2),
    "range_step": lambda t: range(0, 3, 2),
    "range_negative": lambda t: range(-1, -4, -1),
    "empty_range": lambda t: range(0),
    "empty_list": lambda t: [],
    "ranges": lambda t: (range(2), range(1, 3)),
    "range_and_list": lambda t: (range(2), [0, 3]),
    "tuples": lambda t: ((0, 1), (2, 3)),
    "slice_then_tuple": lambda t: (slice(None), (0, 1)),
    "range_slice_range": lambda t: (range(2), slice(None), range(2)),
    "slice_range_slice": lambda t: (slice(None), range(3), slice(None)),
    "ellipsis_range": lambda t: (Ellipsis, range(3)),
    "none_range": lambda t: (None, range(2)),
    "int_range": lambda t: (1, range(2)),
    "broadcast_lists": lambda t: ([[0], [1]], [0, 1, 2]),
    "bool_list": lambda t: [True, False, True],
    "bool_list_dim1": lambda t: (slice(None), [True, False, True, False]),
    "float_list": lambda t: [0.7, 1.9],
    "negative_float_list": lambda t: [-1.5],
    "list_32": lambda t: [0] * 32,
    "numpy": lambda t: np.array([0, 2]),
    "numpy_2d": lambda t: np.array([[0, 1], [1, 2]]),
    "numpy_float": lambda t: np.array([0.0, 1.0]),
    "numpy_int32": lambda t: np.array([0, 1], dtype=np.int32),
    "numpy_bool": lambda t: np.array([True, False, True]),
    "tuple_of_numpy": lambda t: (np.array([0, 1]), np.array([1, 2])),
    # Lists PyTorch takes as tuples (with its deprecation warning):
    "list_of_lists": lambda t: [[0, 1], [1, 2]],
    "list_of_tuples": lambda t: [(0, 1), (1, 2)],
    "list_of_ranges": lambda t: [range(2), range(2)],
    "list_with_slice": lambda t: [0, slice(None)],
    "list_with_none": lambda t: [None, 0],
    "list_with_ellipsis": lambda t: [Ellipsis, 0],
    "list_of_tensors": lambda t: [t.tensor([0, 1]), t.tensor([1, 2])],
    "list_of_scalar_tensors": lambda t: [t.tensor(0), t.tensor(1)],
    "list_int_and_list": lambda t: [0, [1, 2]],
    "list_of_numpy": lambda t: [np.array([0, 1]), np.array([1, 2])],
    # Errors:
    "out_of_range_list": lambda t: [0, 3],
    "out_of_range_range": lambda t: range(4),
    "string": lambda t: "a",
    "bytes": lambda t: b"a",
    "dict": lambda t: {0: 1},
    "set": lambda t: {0, 1},
}


def index(lib, name):
    x = lib.arange(60).reshape(3, 4, 5)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return x[INDICES[name](lib)], None, caught
        except Exception as error:  # noqa: BLE001 (PyTorch's error is the spec)
            return None, error, caught


@pytest.mark.parametrize("name", sorted(INDICES))
def test_sequence_index_matches_pytorch(name):
    expected, expected_error, expected_warnings = index(torch, name)
    got, error, got_warnings = index(tinytorch, name)
    if expected_error is not None:
        assert type(error) is type(expected_error)
        assert str(error) == str(expected_error).splitlines()[0]
    else:
        assert error is None, error
        assert got.tolist() == expected.tolist() and tuple(got.shape) == tuple(expected.shape)
    assert [str(w.message) for w in got_warnings] == [
        str(w.message).split(" (Triggered internally")[0] for w in expected_warnings]
    assert [w.category for w in got_warnings] == [w.category for w in expected_warnings]


def test_tuple_heuristic_warning_points_at_the_callers_line():
    x = tinytorch.zeros(3, 4)
    with pytest.warns(UserWarning, match="non-tuple sequence") as caught:
        x[[0, slice(None)]]
    with pytest.warns(UserWarning, match="non-tuple sequence") as caught_set:
        x[[0, slice(None)]] = 1.0
    assert caught[0].filename == caught_set[0].filename == __file__


@pytest.mark.parametrize("name", ["range", "ranges", "range_slice_range", "tuples",
                                  "broadcast_lists", "bool_list_dim1", "numpy_2d"])
def test_sequence_index_assignment_and_gradient_match_pytorch(name):
    results = []
    for lib in (torch, tinytorch):
        x = lib.arange(60.0).reshape(3, 4, 5).requires_grad_()
        y = x * 1.0
        y[INDICES[name](lib)] = -1.0
        weights = lib.arange(60.0).reshape(3, 4, 5)
        (x[INDICES[name](lib)] * weights[INDICES[name](lib)]).sum().backward()
        results.append((y.tolist(), x.grad.tolist()))
    assert results[0] == results[1]
