"""NOTE [Overlapping writes] (tinytorch/_ops/inplace.py): in-place writes whose source overlaps
the written-to memory, or into expanded tensors, raise where PyTorch raises (its error and
message) and otherwise give PyTorch's values; each case runs in both libraries."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _index(lib, *rows):
    return lib.tensor(list(rows))


# Each case writes into x = arange(12).reshape(3, 4) (a non-leaf float64 tensor) in place.
CASES = {
    "copy_shifted": lambda T, x: x.view(-1)[1:].copy_(x.view(-1)[:-1]),
    "copy_same_data": lambda T, x: x.copy_(x.view(3, 4)),
    "copy_size1_other_strides": lambda T, x: x[:1, :1][:, 0:1:2].copy_(x[:1, :1]),
    "add_self": lambda T, x: x.add_(x),
    "add_overlapping_columns": lambda T, x: x[:, :3].add_(x[:, 1:]),
    "add_overlapping_rows": lambda T, x: x[1:].add_(x[:2]),
    "mul_overlapping_rows": lambda T, x: x[1:].mul_(x[:2]),
    "add_into_expanded": lambda T, x: x[0].expand(2, 4).add_(1),
    "mul_into_expanded": lambda T, x: x[0].expand(2, 4).mul_(2),
    "setitem_shifted": lambda T, x: x.view(-1).__setitem__(slice(1, None), x.view(-1)[:-1]),
    "setitem_column": lambda T, x: x.__setitem__((slice(None), 0), x[:, 1]),
    "setitem_self": lambda T, x: x.__setitem__(Ellipsis, x),
    "setitem_broadcast_row": lambda T, x: x.__setitem__(slice(None), x[0]),
    "setitem_row_as_1_by_4": lambda T, x: x.__setitem__(slice(0, 1), x[0]),
    "setitem_1_by_4_into_row": lambda T, x: x.__setitem__(0, x[0:1]),
    "setitem_partly_shifted_row": lambda T, x: x.__setitem__(0, x.view(-1)[2:6].view(1, 4)),
    "setitem_size1_other_strides":
        lambda T, x: x[:1, :1].__setitem__((slice(None), slice(0, 1, 2)), x[:1, :1]),
    "setitem_size1_other_strides_from_itself":  # y[:, 0:1:2] = y, y of shape (1, 1)
        lambda T, x: (lambda y: y.__setitem__((slice(None), slice(0, 1, 2)), y))(x[:1, :1]),
    "setitem_0d_alias": lambda T, x: x[0].__setitem__(slice(None), x[0, 1]),
    "setitem_number_into_expanded": lambda T, x: x[0].expand(2, 4).__setitem__(Ellipsis, 1.0),
    "setitem_column_of_expanded":
        lambda T, x: x[0].expand(2, 4).__setitem__((slice(None), 0), x[1, 1]),
    "setitem_advanced_overlapping": lambda T, x: x.__setitem__(_index(T, 0, 2), x[1:3]),
    "add_into_empty": lambda T, x: x[:, 4:].add_(1),
    "setitem_empty": lambda T, x: x[:, 4:].__setitem__(Ellipsis, x[:, 4:]),
    "setitem_advanced_row": lambda T, x: x.__setitem__(_index(T, 0, 2), x[1]),
    # expand that grows nothing keeps the strides (PyTorch's inferExpandGeometry): the same
    # memory, the same layout, so a full overlap, allowed (the random-program tester's find)
    "add_to_unexpanded_expand": lambda T, x: x[:1, :1].expand(1, 1).add_(x[:1, :1]),
    "add_to_expand_of_new_dim": lambda T, x: x[0].expand(1, 4).add_(x[0].unsqueeze(0)),
    "mul_into_expand_grown_from_1": lambda T, x: x[:1].expand(1, 4).mul_(2),
    # the value's leading 1s go, then it is expanded: a 0-d value's strides are all 0, so a
    # (1, 1) view of the same element overlaps it partly
    "setitem_1_into_reshaped_1_by_1": lambda T, x: (lambda v: v.reshape(1, 1).__setitem__(
        Ellipsis, v))(x.view(-1)[:1]),
    # a slice of an expanded view that repeats nothing is dense: its kept strides count
    "setitem_into_a_slice_of_an_expand": lambda T, x: (lambda v: v.expand(2, -1, 1).__setitem__(
        slice(0, 1, 2), v))(x[:1, :1] * 1),
    # NOTE [Writes into repeated elements]: fills go through (masked_fill_, index_fill_ and
    # index_put_ with PyTorch's deprecation warning), draws and accumulations do not
    "fill_into_expanded": lambda T, x: x[0].expand(2, 4).fill_(5),
    "zero_into_expanded": lambda T, x: x[1:].unsqueeze(0).expand(3, 2, 4).zero_(),
    "masked_fill_into_expanded": lambda T, x: x[0].expand(2, 4).masked_fill_(
        T.tensor([[True, False, False, True], [False, False, True, False]]), -1.0),
    "masked_fill_0d_into_expanded": lambda T, x: x[:, :1].expand(3, 4).masked_fill_(
        T.tensor([False, True, False, False]), T.tensor(7.0, dtype=T.float64)),
    "index_fill_into_expanded": lambda T, x: x[2].expand(3, 4).index_fill_(
        1, _index(T, 3, 0), 9.0),
    "index_put_into_expanded": lambda T, x: x[0].expand(2, 4).index_put_(
        (_index(T, 1, 0), _index(T, 2, 3)), T.tensor([5.0, 6.0], dtype=T.float64)),
    "setitem_mask_into_expanded": lambda T, x: x[0].expand(2, 4).__setitem__(
        T.tensor([[True, False, False, False], [False, True, False, False]]), 4.0),
    "setitem_rows_into_expanded": lambda T, x: x[0].expand(3, 4).__setitem__(
        _index(T, 2, 0), T.tensor([[1.0, 2, 3, 4]], dtype=T.float64)),
    "uniform_into_expanded": lambda T, x: x[0].expand(2, 4).uniform_(),
    "normal_into_expanded": lambda T, x: x[0].expand(2, 4).normal_(),
    "masked_scatter_into_expanded": lambda T, x: x[0].expand(2, 4).masked_scatter_(
        T.tensor([True, False, True, False]), x[1:]),
    # a part of an expand that repeats nothing takes any write, into the expand's memory
    "add_into_row_of_expanded": lambda T, x: x[0].expand(2, 4)[1].add_(1),
    "mul_into_row_of_expanded": lambda T, x: x[1].expand(2, 4)[0, 1:].mul_(3),
    "copy_into_row_of_expanded": lambda T, x: x[0].expand(2, 4)[1].copy_(x[2]),
    "setitem_row_of_expanded": lambda T, x: x[0].expand(2, 4).__setitem__(0, 8.0),
    "uniform_into_row_of_expanded": lambda T, x: x[0].expand(2, 4)[1].uniform_(5, 5),
}


def _run(lib, name, device):
    """x after the write (or the error), and the warnings the write gave."""
    kw = {"device": device} if lib is tinytorch else {}
    x = lib.arange(12.0, dtype=lib.float64, **kw).reshape(3, 4) * 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            CASES[name](lib, x)
        except RuntimeError as e:
            return str(e), []
    said = [(w.category, str(w.message).split(" (Triggered internally")[0]) for w in caught]
    return x.detach().cpu().numpy().tolist(), said


@pytest.mark.parametrize("name", sorted(CASES))
def test_overlapping_write_matches_torch(name, device):
    assert _run(tinytorch, name, device) == _run(torch, name, "cpu")


def test_setitem_into_an_expanded_view_writes_each_element_once(device):
    # Writing e[0] of e = h.expand(2, 4) changes h (and so both rows of e), as in PyTorch;
    # writing every row of e back to h let the untouched row undo the write.
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        kw = {"device": dev} if lib is tinytorch else {}
        x = lib.tensor([0.0, 1, 2, 3], dtype=lib.float64, requires_grad=True, **kw)
        w = lib.tensor([5.0, 6, 7, 8], dtype=lib.float64, requires_grad=True, **kw)
        h = x * 1
        e = h.expand(2, 4)
        e[0] = w * 2
        e[1, 1:3] = 0.5
        (e * lib.arange(8.0, dtype=lib.float64, **kw).reshape(2, 4)).sum().backward()
        results.append([t.detach().cpu().numpy() for t in (h, x.grad, w.grad)])
    for ours, theirs in zip(*results):
        np.testing.assert_array_equal(ours, theirs)


def _grads_after(lib, device, write):
    """Run ``write(lib, y)`` on y = (a * 2).expand(3, 3) (a a leaf, v a 0-d leaf), weight y
    and backward: (y, a.grad, v.grad), or the error."""
    kw = {"device": device} if lib is tinytorch else {}
    a = lib.tensor([[1.0, 2.0, 3.0]], dtype=lib.float64, requires_grad=True, **kw)
    v = lib.tensor(4.0, dtype=lib.float64, requires_grad=True, **kw)
    y = (a * 2).expand(3, 3)
    weights = lib.arange(9.0, dtype=lib.float64, **kw).reshape(3, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            write(lib, y, v)
            (y * weights).sum().backward()
        except RuntimeError as e:
            return str(e)
    return [None if t is None else t.detach().cpu().numpy().tolist() for t in (y, a.grad, v.grad)]


RECORDED = {
    # a gradient for the old values cannot go back through repeated memory: PyTorch's
    # CopySlices raises at backward, so does tinytorch
    "fill_": lambda T, y, v: y.fill_(1.0),
    "copy_onto_itself": lambda T, y, v: y.copy_(y),
    "masked_fill_": lambda T, y, v: y.masked_fill_(T.tensor([True, False, True]), v),
    "index_fill_": lambda T, y, v: y.index_fill_(1, T.tensor([1]), 5.0),
    "setitem_mask": lambda T, y, v: y.__setitem__(T.tensor([[True, False, False]] * 3), v),
    # rows of the expand repeat nothing: ordinary writes into a view
    "copy_row_from_a_constant": lambda T, y, v: y[0].copy_(T.ones(3, dtype=T.float64)),
    "setitem_row": lambda T, y, v: y.__setitem__((slice(0, 1), 1), v * 3),
    "masked_fill_row": lambda T, y, v: y[1].masked_fill_(T.tensor([True, False, True]), v),
}


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recorded_write_into_an_expand_matches_torch(name, device):
    assert _grads_after(tinytorch, device, RECORDED[name]) == _grads_after(torch, "cpu",
                                                                             RECORDED[name])


def test_a_fill_of_repeated_memory_sends_the_value_the_gradient_of_each_element_written(device):
    # x repeats each of 3 elements 3 times; the mask writes v into two of the locations, one
    # of them through two elements: PyTorch's dL/dv takes each written element's location's
    # gradient (the weights of every element reading it), so that location counts twice
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        kw = {"device": dev} if lib is tinytorch else {}
        x = lib.zeros(1, 3, dtype=lib.float64, **kw).expand(3, 3)
        v = lib.tensor(2.0, dtype=lib.float64, requires_grad=True, **kw)
        mask = lib.tensor([[True, False, False], [True, False, False], [False, False, True]])
        with pytest.warns(UserWarning, match="Use of masked_fill_ on expanded tensors"):
            x.masked_fill_(mask, v)
        (x * lib.arange(9.0, dtype=lib.float64, **kw).reshape(3, 3)).sum().backward()
        assert v.grad.item() == 2 * (0 + 3 + 6) + (2 + 5 + 8)


def test_copy_from_a_constant_stops_the_old_gradient(device):
    # y.copy_(c) replaces y's values: nothing flows back to what y held (PyTorch's
    # CopyBackwards gives them zeros); tinytorch once kept y's old history here
    a = tinytorch.tensor([1.0, 2.0, 3.0], requires_grad=True, device=device)
    y = a * 2
    y.copy_(tinytorch.ones(3, device=device))
    y.sum().backward()
    assert a.grad.tolist() == [0.0, 0.0, 0.0]


def _accumulate_into_an_expand(lib, device, base_grad, through_base):
    """index_put_(accumulate=True) into b.expand(2, 3) (b a non-leaf when ``base_grad``),
    values v a leaf; backward from b or from the expand: (b, v.grad, warnings) or the
    error."""
    kw = {"device": device} if lib is tinytorch else {}
    a = lib.zeros(3, dtype=lib.float64, requires_grad=base_grad, **kw)
    b = a * 1
    y = b.expand(2, 3)
    v = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64, requires_grad=True, **kw)
    index = (lib.tensor([0, 1, 1], **kw), lib.tensor([0, 0, 2], **kw))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y.index_put_(index, v, accumulate=True)
    said = [str(w.message).split(" (Triggered internally")[0] for w in caught]
    weights = lib.arange(1.0, 4.0, dtype=lib.float64, **kw)
    try:
        ((b if through_base else y) * weights).sum().backward()
    except RuntimeError as e:
        return str(e)
    return b.detach().cpu().tolist(), v.grad.cpu().tolist(), said


@pytest.mark.parametrize("base_grad", [False, True])
@pytest.mark.parametrize("through_base", [False, True])
def test_accumulating_into_an_expand_matches_torch(base_grad, through_base, device):
    # PyTorch adds each value into the memory location its element reaches (location 0 gets
    # 1 + 2: two indexed elements reach it) with its deprecation warning; each value's gradient
    # is its location's; a gradient for the base's old values raises at backward
    assert (_accumulate_into_an_expand(tinytorch, device, base_grad, through_base)
            == _accumulate_into_an_expand(torch, "cpu", base_grad, through_base))


def test_index_put_takes_only_a_value_tensor_of_the_inputs_dtype(device):
    x = tinytorch.zeros(3, device=device)
    i = (tinytorch.tensor([0], device=device),)
    same = "Index put requires the source and destination dtypes match, got Float for the "
    with pytest.raises(RuntimeError, match=same + "destination and Double for the source"):
        x[i[0]] = tinytorch.tensor([1.0], dtype=tinytorch.float64, device=device)
    with pytest.raises(RuntimeError, match=same + "destination and Long for the source"):
        x.index_put_(i, tinytorch.tensor([1], device=device), accumulate=True)
    with pytest.raises(TypeError, match=r"index_put_\(\): argument 'values' \(position 2\) "
                                        r"must be Tensor, not float"):
        x.index_put_(i, 1.0)
    with pytest.raises(TypeError, match=r"index_put\(\): argument 'values' \(position 3\)"):
        tinytorch.index_put(x, i, 1.0)
    with pytest.raises(TypeError, match=r"index_put\(\): argument 'values' \(position 2\)"):
        x.index_put(i, 1.0)
    # one bool mask and a 0-d value: PyTorch's masked_fill_, which casts
    x[x > -1] = tinytorch.tensor(2, device=device)
    x.index_put_((x > 0,), tinytorch.tensor(3.0, dtype=tinytorch.float64, device=device))
    assert x.tolist() == [3.0, 3.0, 3.0]


def test_a_copy_onto_itself_is_an_in_place_op_all_the_same(device):
    # nothing moves, but PyTorch bumps the version (a value saved before then raises at
    # backward) and records CopyBackwards, under no_grad too; tinytorch returned at once
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a = lib.tensor([1.0, 2.0], dtype=lib.float64, device=dev, requires_grad=True)
        h = a * 1
        w = h * h
        h.copy_(h)
        (h * lib.tensor([1.0, 2.0], dtype=lib.float64, device=dev)).sum().backward()
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            w.sum().backward()
        with lib.no_grad():
            h.copy_(h.view(2))
        results.append((a.grad.tolist(), h._version))
    assert results[0] == results[1] == ([1.0, 2.0], 2)


ALIAS_CASES = {
    # results that are views in PyTorch are views here; the others own their memory (each
    # returned its input's array once: a write into the result changed the input unseen)
    "einsum_transpose": lambda T, x: T.einsum("ij->ji", x),
    "einsum_implicit_identity": lambda T, x: T.einsum("ij", x),
    "unfold_1x1": lambda T, x: T.nn.functional.unfold(x.reshape(1, 1, 2, 3), 1),
    "pad_nothing_replicate": lambda T, x: T.nn.functional.pad(x.unsqueeze(0), (0, 0),
                                                              mode="replicate"),
    "pad_nothing_circular": lambda T, x: T.nn.functional.pad(x.unsqueeze(0), (0, 0),
                                                             mode="circular"),
}


@pytest.mark.parametrize("name", sorted(ALIAS_CASES))
def test_a_write_into_a_result_reaches_the_input_exactly_when_torch_s_does(name, device):
    results = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        a = lib.arange(6.0, dtype=lib.float64, device=dev).reshape(2, 3).requires_grad_(True)
        h = a * 1
        ALIAS_CASES[name](lib, h).mul_(2)
        (h * lib.arange(6.0, dtype=lib.float64, device=dev).reshape(2, 3)).sum().backward()
        results.append((h.tolist(), a.grad.tolist()))
    assert results[0] == results[1]
