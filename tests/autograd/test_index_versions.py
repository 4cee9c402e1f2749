"""An index or mask tensor written in place between the op that read it and backward, against
PyTorch: PyTorch saves it as a saved variable and raises its "modified by an inplace operation"
error (or, for take_along_dim and put's copies, backpropagates through the indices as they
were); tinytorch read the new indices and put the gradient in the wrong places."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")

# each: (name, f(T, x, i) -> y); x a float vector of 4 requiring grad (a non-leaf), i the index
# [0, 1] (or, for the mask cases, the mask [True, False, True, False])
INDEX_CASES = {
    "gather": lambda T, x, i: x.gather(0, i),
    "getitem": lambda T, x, i: x[i],
    "getitem_none": lambda T, x, i: x[i, None],
    "getitem_2d": lambda T, x, i: x.reshape(2, 2)[i[:1], i[1:]],
    "index_select": lambda T, x, i: x.index_select(0, i),
    "take": lambda T, x, i: T.take(x, i),
    "take_along_dim": lambda T, x, i: T.take_along_dim(x, i, 0),
    "take_along_dim_flat": lambda T, x, i: T.take_along_dim(x, i),
    "scatter_add": lambda T, x, i: T.zeros(4).scatter_add(0, i, x[:2]),
    "scatter": lambda T, x, i: T.zeros(4).scatter(0, i, x[:2]),
    "scatter_reduce_sum": lambda T, x, i: T.zeros(4).scatter_reduce(0, i, x[:2], "sum"),
    "scatter_reduce_amax": lambda T, x, i: T.zeros(4).scatter_reduce(0, i, x[:2], "amax"),
    "index_add": lambda T, x, i: T.zeros(4).index_add(0, i, x[:2]),
    "index_add_": lambda T, x, i: T.zeros(4).index_add_(0, i, x[:2]),
    "index_copy": lambda T, x, i: T.zeros(4).index_copy(0, i, x[:2]),
    "index_put": lambda T, x, i: T.zeros(4).index_put((i,), x[:2]),
    "index_put_accumulate": lambda T, x, i: T.zeros(4).index_put((i,), x[:2], accumulate=True),
    "put": lambda T, x, i: T.zeros(4).put(i, x[:2]),
    "put_accumulate": lambda T, x, i: T.zeros(4).put(i, x[:2], accumulate=True),
    "index_fill": lambda T, x, i: x.index_fill(0, i, 0.0),
    "setitem": lambda T, x, i: _set(T.zeros(4), i, x[:2]),
    "setitem_add": lambda T, x, i: _add_at(T.zeros(4), i, x[:2]),
    "embedding": lambda T, x, i: T.nn.functional.embedding(i, x.reshape(4, 1)),
    "cross_entropy": lambda T, x, i: T.nn.functional.cross_entropy(
        x.reshape(1, 4).expand(2, 4), i),
    # embedding_bag: PyTorch saves its indices and its offsets (a 2-D input flattened: a view)
    "embedding_bag": lambda T, x, i: T.nn.functional.embedding_bag(
        i, x.reshape(4, 1), T.tensor([0, 1])),
    "embedding_bag_2d_max": lambda T, x, i: T.nn.functional.embedding_bag(
        i.reshape(1, 2), x.reshape(4, 1), mode="max"),
    "embedding_bag_offsets": lambda T, x, i: T.nn.functional.embedding_bag(
        T.tensor([3, 2, 1]), x.reshape(4, 1), i, mode="sum"),
    "embedding_bag_per_sample_weights": lambda T, x, i: T.nn.functional.embedding_bag(
        i, T.ones(4, 1), T.tensor([0]), mode="sum", per_sample_weights=x[:2]),
    "aten_embedding_bag": lambda T, x, i: T.embedding_bag(x.reshape(4, 1), i, T.tensor([0]))[0],
}
MASK_CASES = {
    "masked_fill": lambda T, x, m: x.masked_fill(m, 0.0),
    "where": lambda T, x, m: T.where(m, x, 0.0),
    "masked_select": lambda T, x, m: x.masked_select(m),
    "mask_getitem": lambda T, x, m: x[m],
    "masked_scatter": lambda T, x, m: T.zeros(4).masked_scatter(m, x),
}


def _set(z, i, v):
    z[i] = v
    return z


def _add_at(z, i, v):
    z[i] = z[i] + v
    return z


def _run(T, f, mask, write):
    x = T.arange(4.0, requires_grad=True) * 1
    x.retain_grad()
    i = T.tensor([True, False, True, False]) if mask else T.tensor([0, 1])
    y = f(T, x, i)
    if write:
        i.logical_not_() if mask else i.add_(2)
    weights = T.arange(1.0, y.numel() + 1).reshape(y.shape)
    try:
        (y * weights).sum().backward()
    except RuntimeError as e:
        return "raises", str(e)
    return "grad", x.grad.tolist()


@pytest.mark.parametrize("write", [False, True], ids=["untouched", "written"])
@pytest.mark.parametrize("name", list(INDEX_CASES) + list(MASK_CASES))
def test_index_written_before_backward_as_pytorch(name, write):
    mask = name in MASK_CASES
    f = (MASK_CASES if mask else INDEX_CASES)[name]
    want = _run(torch, f, mask, write)
    got = _run(tinytorch, f, mask, write)
    assert got[0] == want[0]
    if got[0] == "grad":  # float32 rounding apart (cross_entropy's softmax)
        assert got[1] == pytest.approx(want[1], rel=1e-6, abs=1e-7)
    else:
        assert got[1] == want[1]


def test_the_error_names_the_index_and_its_versions_as_pytorch():
    kind, message = _run(tinytorch, INDEX_CASES["gather"], False, True)
    assert kind == "raises"
    assert message.startswith("one of the variables needed for gradient computation has been "
                              "modified by an inplace operation: [torch.LongTensor [2]] is at "
                              "version 1; expected version 0 instead.")


def test_a_watched_index_does_not_keep_a_graph_without_grad_from_running():
    x = tinytorch.arange(4.0)  # no grad: no node, nothing checked
    i = tinytorch.tensor([0, 1])
    y = x.gather(0, i)
    i.add_(2)
    assert y.tolist() == [0.0, 1.0]
