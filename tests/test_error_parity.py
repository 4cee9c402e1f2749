"""Errors users meet, raised with PyTorch's exception type and message (a differential sweep
found each one different). Each case runs under both libraries and the two errors are
compared; tinytorch's hints after PyTorch's own wording (docs/style.md "Errors": "(shapes
[2, 3] and [3, 2] cannot be broadcast)", "Wrap the update in ...") are checked to be there,
then cut off."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _ones(t, *shape, **kwargs):
    return t.ones(*shape, **kwargs)


CASES = {
    # GroupNorm: the affine parameters' size against the input's channels
    "GroupNorm weight size": lambda t: t.nn.GroupNorm(2, 4)(_ones(t, 2, 6, 3)),
    "group_norm 2-D weight": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, _ones(t, 2, 3)),
    "group_norm bias size": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, _ones(t, 6), _ones(t, 4)),
    "group_norm bias without weight": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3), 2, None, _ones(t, 4)),
    "group_norm weight before dtype": lambda t: t.nn.functional.group_norm(
        _ones(t, 2, 6, 3, dtype=t.long), 2, _ones(t, 4)),
    "GroupNorm channels not divisible": lambda t: t.nn.GroupNorm(3, 4),
    # broadcasting names the trailing mismatched dim, pairwise from the left, as PyTorch's
    "add two dims differ": lambda t: _ones(t, 2, 3) + _ones(t, 3, 2),
    "mul three dims differ": lambda t: _ones(t, 4, 2, 3) * _ones(t, 5, 3, 2),
    "mul_ two dims differ": lambda t: _ones(t, 2, 3).mul_(_ones(t, 3, 2)),
    "where third operand": lambda t: t.where(_ones(t, 2, 3, dtype=t.bool), _ones(t, 3, 1),
                                             _ones(t, 4, 1, 1)),
    "where second pair": lambda t: t.where(_ones(t, 2, 3, dtype=t.bool), _ones(t, 3, 2),
                                           _ones(t, 3)),
    "mse_loss two dims differ": lambda t: t.nn.functional.mse_loss(_ones(t, 2, 3),
                                                                   _ones(t, 3, 2)),
    "expand_as two dims differ": lambda t: _ones(t, 2, 3).expand_as(_ones(t, 3, 2)),
    "expand two dims differ": lambda t: _ones(t, 2, 3, 4).expand(3, 2, 4),
    "bool mask second dim": lambda t: _ones(t, 3, 4)[_ones(t, 3, 3, dtype=t.bool)],
    "bool mask after a slice": lambda t: _ones(t, 2, 3, 4)[:, _ones(t, 3, 3, dtype=t.bool)],
    # exception types PyTorch raises where tinytorch failed inside (IndexError, NumPy's
    # ValueError, AttributeError) or named a temporary file
    "Linear on a 0-d tensor": lambda t: t.nn.Linear(4, 5)(t.tensor(1.0)),
    "linear with a 0-d weight": lambda t: t.nn.functional.linear(_ones(t, 4), t.tensor(1.0)),
    "linear bias size": lambda t: t.nn.functional.linear(_ones(t, 2, 3), _ones(t, 5, 3),
                                                         _ones(t, 4)),
    "linear 1-D input bias size": lambda t: t.nn.functional.linear(_ones(t, 3), _ones(t, 5, 3),
                                                                   _ones(t, 4)),
    "linear 3-D input bias size": lambda t: t.nn.functional.linear(
        _ones(t, 2, 2, 3), _ones(t, 5, 3), _ones(t, 4)),
    "linear 2-D bias rows": lambda t: t.nn.functional.linear(_ones(t, 2, 3), _ones(t, 5, 3),
                                                             _ones(t, 3, 5)),
    "linear list input": lambda t: t.nn.functional.linear([1.0, 2.0], _ones(t, 5, 2)),
    "linear list weight": lambda t: t.nn.functional.linear(_ones(t, 2), [[1.0, 2.0]]),
    "linear list bias": lambda t: t.nn.functional.linear(_ones(t, 2, 3), _ones(t, 5, 3), [1.0]),
    "cat a list element": lambda t: t.cat([[1, 2]]),
    "cat None element": lambda t: t.cat((_ones(t, 2), None)),
    "stack an int element": lambda t: t.stack([_ones(t, 2), 3]),
    "tensor of a number and a string": lambda t: t.tensor([1, "a"]),
    "tensor of a string first": lambda t: t.tensor(["a", 1]),
    "tensor of a string, dtype given": lambda t: t.tensor([1, "a"], dtype=t.float32),
    "data set to a list": lambda t: setattr(_ones(t, 2), "data", [1, 2]),
    "data set to an integer tensor": lambda t: setattr(_ones(t, 2, requires_grad=True), "data",
                                                       _ones(t, 2, dtype=t.long)),
    "save into a missing directory": lambda t: t.save(_ones(t, 1),
                                                      "/nonexistent_tinytorch_dir/sub/x.pt"),
    # ragged nested lists: the dim and the lengths, as PyTorch reads them
    "tensor ragged rows": lambda t: t.tensor([[1, 2], [3]]),
    "tensor ragged at dim 2": lambda t: t.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]),
    "tensor ragged longer, integer dtype": lambda t: t.tensor([[1, 2], [3, 4, 5]],
                                                              dtype=t.int8),
    "tensor ragged empty row": lambda t: t.tensor([[1.0, 2], []]),
    "tensor row not a sequence": lambda t: t.tensor([[1, 2], 3]),
    # the in-place version-counter error: PyTorch's type names and the producer as an op
    "saved output written": lambda t: _written(t, "y = x.exp(); y.add_(1)"),
    "saved output written, float64": lambda t: _written(t, "y = x.double().sigmoid(); "
                                                          "y.mul_(2)"),
    "saved output written, float16": lambda t: _written(t, "y = x.half().relu(); y.add_(1)"),
    "saved output written, bfloat16": lambda t: _written(t, "y = x.bfloat16().exp(); "
                                                           "y.add_(1)"),
    "saved tensor without history written": lambda t: _written(
        t, "w = t.ones(2, 2); y = x @ w; w.add_(1)"),
    "saved input written without grad": lambda t: _written(
        t, "a = x * 1; y = a * a\nwith t.no_grad(): a.add_(1)"),
    # a leaf written through a view; basic-indexing writes and copy_ with PyTorch's messages
    "setitem on a leaf": lambda t: _ones(t, 3, requires_grad=True).__setitem__(0, 5.0),
    "setitem slice on a leaf": lambda t: _ones(t, 3, requires_grad=True).__setitem__(
        slice(None, 2), 5.0),
    "setitem whole on a leaf": lambda t: _ones(t, 3, requires_grad=True).__setitem__(
        Ellipsis, 5.0),
    "setitem slice, longer value": lambda t: _ones(t, 3).__setitem__(slice(None, 2),
                                                                      _ones(t, 3)),
    "setitem row, shorter value": lambda t: _ones(t, 2, 3).__setitem__(0, _ones(t, 2)),
    "setitem slice with history": lambda t: (_ones(t, 3, requires_grad=True) * 1).__setitem__(
        slice(None, 2), _ones(t, 3)),
    "setitem advanced, longer value": lambda t: _ones(t, 3).__setitem__([0, 1], _ones(t, 3)),
    "copy_ longer source": lambda t: _ones(t, 2).copy_(_ones(t, 3)),
    "copy_ two dims differ": lambda t: _ones(t, 2, 3).copy_(_ones(t, 3, 2)),
    "copy_ source with more dims": lambda t: _ones(t, 3).copy_(_ones(t, 2, 3)),
    "copy_ source with a leading 1": lambda t: _ones(t, 3).copy_(_ones(t, 1, 3)),
    # losses, norms, embeddings, recurrent states, factories, gradients
    "cross_entropy spatial target size": lambda t: t.nn.functional.cross_entropy(
        _ones(t, 2, 3, 4, 4), t.zeros(2, 4, 5, dtype=t.long)),
    "nll_loss spatial target dims": lambda t: t.nn.functional.nll_loss(
        _ones(t, 2, 3, 4, 4), t.zeros(2, 4, dtype=t.long)),
    "cross_entropy 3-D target size": lambda t: t.nn.functional.cross_entropy(
        _ones(t, 2, 3, 4), t.zeros(2, 5, dtype=t.long)),
    "factory integer requires_grad": lambda t: _ones(t, 2, dtype=t.long, requires_grad=True),
    "Parameter of integers": lambda t: t.nn.Parameter(_ones(t, 2, dtype=t.long)),
    "requires_grad set on integers": lambda t: setattr(_ones(t, 2, dtype=t.long),
                                                       "requires_grad", True),
    "requires_grad_ on integers": lambda t: _ones(t, 2, dtype=t.long).requires_grad_(),
    "BatchNorm2d running_mean size": lambda t: t.nn.BatchNorm2d(3)(_ones(t, 2, 4, 5, 5)),
    "batch_norm running_var size": lambda t: t.nn.functional.batch_norm(
        _ones(t, 2, 4), _ones(t, 4), _ones(t, 3)),
    "batch_norm bias size": lambda t: t.nn.functional.batch_norm(
        _ones(t, 2, 4), _ones(t, 4), _ones(t, 4), None, _ones(t, 3)),
    "Embedding float indices": lambda t: t.nn.Embedding(3, 2)(t.tensor([1.0])),
    "Embedding bool indices": lambda t: t.nn.Embedding(3, 2)(t.tensor([True])),
    "EmbeddingBag bfloat16 indices": lambda t: t.nn.EmbeddingBag(3, 2)(
        _ones(t, 1, 1, dtype=t.bfloat16)),
    "LSTM hx a tensor": lambda t: t.nn.LSTM(3, 4)(_ones(t, 2, 1, 3), t.zeros(1, 1, 4)),
    "LSTM hx a 1-tuple": lambda t: t.nn.LSTM(3, 4)(_ones(t, 2, 1, 3), (t.zeros(1, 1, 4),)),
    "zeros of a float": lambda t: t.zeros(2.5),
    "randn of a float": lambda t: t.randn(2.5),
    "full of a float size": lambda t: t.full(2.5, 1.0),
    "grad of another dtype": lambda t: setattr(_ones(t, 2, requires_grad=True), "grad",
                                               _ones(t, 2, dtype=t.float64)),
}
# tinytorch's hints after PyTorch's wording (docs/style.md "Errors"), by how each starts
HINTS = {"setitem on a leaf": " Wrap", "setitem slice on a leaf": " Wrap",
         "setitem whole on a leaf": " Wrap", "factory integer requires_grad": " (got",
         "Parameter of integers": " (got", "requires_grad set on integers": " (got",
         "requires_grad_ on integers": " (got"}
BROADCAST_HINT = " (shapes "


def _written(t, code):
    scope = {"t": t, "x": t.ones(2, requires_grad=True)}
    exec(code, scope)
    scope["y"].sum().backward()


def _error(lib, case):
    with pytest.raises(Exception) as info:
        CASES[case](lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_matches_pytorchs(case):
    kind, message = _error(tinytorch, case)
    expected = _error(torch, case)
    hint = HINTS.get(case, BROADCAST_HINT if "The size of tensor a" in expected[1] else None)
    if hint is not None:
        assert message.startswith(expected[1] + hint), message
        message = message[:len(expected[1])]
    assert (kind, message) == expected
