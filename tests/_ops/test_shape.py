"""Shape, join and split behaviour beyond the op database: views vs copies, version counters,
PyTorch's chunk sizes, cat's dtype promotion and legacy empty tensors, iteration."""

import numpy as np
import pytest

import tinytorch


def test_split_pieces_are_views_sharing_the_version_counter(device):
    x = tinytorch.zeros(4, 2, device=device)
    first, second = x.split(2)
    second.add_(1.0)
    assert x.tolist()[2:] == [[1.0, 1.0], [1.0, 1.0]]
    assert first._version == second._version == x._version == 1


def test_unbind_and_iteration_give_views(device):
    x = tinytorch.zeros(2, 3, device=device)
    rows = list(x)
    rows[1].fill_(2.0)
    assert x.tolist()[1] == [2.0, 2.0, 2.0]
    assert [r.shape for r in x.unbind(1)] == [(2,)] * 3


def test_iterating_a_0d_tensor_raises_type_error(device):
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(tinytorch.tensor(1.0, device=device))


@pytest.mark.parametrize("n, chunks, sizes", [
    (5, 3, [2, 2, 1]), (6, 4, [2, 2, 2]), (6, 3, [2, 2, 2]), (1, 3, [1]), (0, 2, [0, 0]),
])
def test_chunk_sizes_follow_pytorch(device, n, chunks, sizes):
    pieces = tinytorch.zeros(n, device=device).chunk(chunks)
    assert [p.shape[0] for p in pieces] == sizes


@pytest.mark.parametrize("dim, start, length", [(1, 1, 2), (1, -2, 2), (0, 1, 1), (1, 5, 0),
                                                (-1, 0, 5)])
def test_narrow_is_a_view_matching_pytorch(device, dim, start, length):
    torch = pytest.importorskip("torch")
    x = tinytorch.arange(10.0, device=device).view(2, 5)
    part = x.narrow(dim, start, length)
    assert part.tolist() == torch.arange(10.0).view(2, 5).narrow(dim, start, length).tolist()
    part.add_(100.0)
    assert (x >= 100).sum().item() == part.numel()


@pytest.mark.parametrize("args, error, message", [
    ((1, 6, 1), IndexError, r"start out of range \(expected to be in range of \[-5, 5\], but "
                            r"got 6\)"),
    ((1, 2, 5), RuntimeError, r"start \(2\) \+ length \(5\) exceeds dimension size \(5\)"),
    ((1, 5, 1), RuntimeError, r"start \(5\) \+ length \(1\) exceeds"),
    ((1, 1, -1), RuntimeError, "length must be non-negative"),
    ((2, 0, 1), IndexError, "Dimension out of range"),
])
def test_narrow_errors_follow_pytorch(device, args, error, message):
    with pytest.raises(error, match=message):
        tinytorch.arange(10, device=device).view(2, 5).narrow(*args)
    with pytest.raises(RuntimeError, match="cannot be applied to a 0-dim tensor"):
        tinytorch.narrow(tinytorch.tensor(1, device=device), 0, 0, 1)


def test_cat_promotes_dtypes_and_skips_legacy_empty_tensors(device):
    a = tinytorch.ones(2, 2, dtype=tinytorch.int64, device=device)
    b = tinytorch.zeros(1, 2, device=device)
    out = tinytorch.cat([a, tinytorch.zeros(0, device=device), b])
    assert out.dtype == tinytorch.float32 and out.shape == (3, 2)


def test_a_skipped_legacy_empty_input_of_cat_still_gets_its_gradient(device):
    e = tinytorch.zeros(0, device=device, requires_grad=True)
    m = tinytorch.ones(2, 3, device=device, requires_grad=True)
    h = e * 2
    h.retain_grad()
    (tinytorch.cat([e, m, h]) ** 2).sum().backward()
    assert e.grad.shape == h.grad.shape == (0,) and m.grad.tolist() == [[2.0] * 3] * 2


def test_cat_gradient_splits_back_to_each_input(device):
    a = tinytorch.ones(2, 1, device=device, requires_grad=True)
    b = tinytorch.ones(2, 3, device=device, requires_grad=True)
    w = tinytorch.arange(8.0, device=device).reshape(2, 4)
    (tinytorch.cat([a, b], dim=1) * w).sum().backward()
    assert a.grad.tolist() == [[0.0], [4.0]]
    assert b.grad.tolist() == [[1.0, 2.0, 3.0], [5.0, 6.0, 7.0]]


def test_flip_and_clone_copy_while_reshape_of_contiguous_is_a_view(device):
    x = tinytorch.zeros(2, 2, device=device)
    flipped, cloned, flat = x.flip(0), x.clone(), x.reshape(-1)
    flipped.fill_(1.0)
    cloned.fill_(2.0)
    flat[0] = 3.0
    assert x.tolist() == [[3.0, 0.0], [0.0, 0.0]]


def test_contiguous_returns_self_when_already_contiguous(device):
    x = tinytorch.zeros(2, 3, device=device)
    assert x.contiguous() is x
    t = x.t()
    assert not t.is_contiguous() and t.contiguous().is_contiguous()


VIEWS = {  # (source, view shape): whether PyTorch's view succeeds (computeStride)
    "transposed_flat": (lambda x: x.transpose(0, 1), (-1,)),
    "transposed_same_shape": (lambda x: x.transpose(1, 2), (2, 4, 3)),
    "transposed_split_last": (lambda x: x.transpose(0, 1), (3, 2, 2, 2)),
    "strided_merge": (lambda x: x[:, :, ::2], (12,)),
    "sliced_rows_merge": (lambda x: x[:, 1:], (2, 8)),
    "sliced_rows_flat": (lambda x: x[:, 1:], (-1,)),
    "expanded_same_shape": (lambda x: x[:, :1].expand(2, 3, 4), (2, 3, 4)),
    "expanded_merge": (lambda x: x[:, :1].expand(2, 3, 4), (6, 4)),
    "expanded_size1": (lambda x: x[:1, :1, :1].expand(3, 1, 1), (3, 1)),
    "new_axis": (lambda x: x[:, None, :, ::2], (2, 6)),
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_view_of_a_non_contiguous_tensor_works_exactly_where_torch_does(name, device):
    torch = pytest.importorskip("torch")
    make, shape = VIEWS[name]
    outcomes = []
    for lib, kw in ((tinytorch, {"device": device}), (torch, {})):
        x = make(lib.arange(24.0, **kw).reshape(2, 3, 4))
        try:
            outcomes.append(x.view(shape).cpu().numpy().tolist())
        except RuntimeError as e:
            outcomes.append(str(e))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("name", sorted(n for n in VIEWS if not n.startswith("expanded")))
def test_reshape_is_a_view_exactly_where_torch_s_is(name, device):
    # A write into the reshaped tensor reaches its base only when reshape made a view (it
    # copied every non-contiguous input, so such writes were lost).
    torch = pytest.importorskip("torch")
    make, shape = VIEWS[name]
    bases = []
    for lib, kw in ((tinytorch, {"device": device}), (torch, {})):
        base = lib.arange(24.0, **kw).reshape(2, 3, 4) * 1
        make(base).reshape(shape)[0] = -1.0
        bases.append(base.cpu().numpy().tolist())
    assert bases[0] == bases[1]


def test_view_of_non_contiguous_tensor_points_to_reshape(device):
    with pytest.raises(RuntimeError, match=r"Use \.reshape\(\.\.\.\) instead"):
        tinytorch.zeros(2, 3, device=device).t().view(6)


def test_squeeze_ignores_dims_that_are_not_one(device):
    x = tinytorch.zeros(2, 1, 3, device=device)
    assert x.squeeze(0).shape == (2, 1, 3)
    assert x.squeeze((0, 1)).shape == (2, 3)
    assert tinytorch.squeeze(x).shape == (2, 3)


def test_repeat_and_tile_gradients_sum_the_copies(device):
    x = tinytorch.tensor([1.0, 2.0], device=device, requires_grad=True)
    x.repeat(3, 2).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]
    x.grad = None
    x.tile((2,)).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_broadcast_shapes_returns_a_size():
    assert tinytorch.broadcast_shapes((2, 1), (3,), 1) == tinytorch.Size([2, 3])
    assert repr(tinytorch.broadcast_shapes((4,))) == "torch.Size([4])"


def test_slices_sums_and_repeats_of_a_size_stay_sizes_as_in_pytorch():
    s = tinytorch.zeros(2, 3, 4).shape
    for got, want in ((s[1:], [3, 4]), (s[::-1], [4, 3, 2]), (s + (5,), [2, 3, 4, 5]),
                      ((1,) + s, [1, 2, 3, 4]), (s * 2, [2, 3, 4] * 2), (2 * s, [2, 3, 4] * 2)):
        assert type(got) is tinytorch.Size and list(got) == want
    assert type(s[0]) is int
    with pytest.raises(TypeError):
        [1] + s  # noqa: B018 (as PyTorch's, a list does not join a Size)


def test_movedim_and_swapdims_match_numpy(device):
    a = np.arange(24.0).reshape(2, 3, 4)
    x = tinytorch.tensor(a, device=device)
    np.testing.assert_array_equal(tinytorch.movedim(x, (0, 1), (2, 0)).cpu().numpy(),
                                  np.moveaxis(a, (0, 1), (2, 0)))
    np.testing.assert_array_equal(tinytorch.swapdims(x, 0, 2).cpu().numpy(), a.swapaxes(0, 2))


def test_roll_without_dims_rolls_the_flattened_tensor(device):
    x = tinytorch.arange(6, device=device).reshape(2, 3)
    assert x.roll(1).tolist() == [[5, 0, 1], [2, 3, 4]]


@pytest.mark.parametrize("fn", [
    lambda t: tinytorch.cat([t, t * 2], dim=1), lambda t: tinytorch.stack([t, t], dim=0),
    lambda t: t.split([1, 2], dim=1)[1], lambda t: t.unbind(0)[1], lambda t: t.flip(1),
    lambda t: t.roll(1, 1), lambda t: t.tril(), lambda t: t.triu(1), lambda t: t.repeat(2, 1),
    lambda t: t.squeeze(), lambda t: t.gather(1, tinytorch.tensor([[2, 0, 0], [1, 1, 2]])),
    lambda t: t.masked_fill(tinytorch.tensor([True, False, True]), 0.5),
], ids=["cat", "stack", "split", "unbind", "flip", "roll", "tril", "triu", "repeat", "squeeze",
        "gather", "masked_fill"])
def test_shape_ops_support_double_backward(fn):
    x = tinytorch.randn(2, 3, dtype=tinytorch.float64, requires_grad=True)
    assert tinytorch.autograd.gradgradcheck(lambda t: (fn(t) ** 3).sum(), (x,))


@pytest.mark.parametrize("shape, warns", [((), "deprecated on 0-D tensors"),
                                          ((3,), "dimension other than 2"), ((2, 3), None),
                                          ((2, 3, 4), "dimension other than 2")])
def test_T_reverses_dims_and_warns_as_pytorch_outside_2d(device, shape, warns):
    x = tinytorch.zeros(*shape, device=device)
    if warns is None:
        assert x.T.shape == shape[::-1]
        return
    with pytest.warns(UserWarning, match=warns):
        assert x.T.shape == shape[::-1]


def test_flatten_of_one_dim_returns_the_input_itself_as_torch(device):
    # One object, as in PyTorch: retain_grad, hooks and in-place writes see both names.
    x = tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64, device=device, requires_grad=True)
    h = x * 1
    assert h.flatten() is h and h.flatten(0, -1) is h and h.flatten(-1) is h
    assert x.reshape(1, 2).flatten(1) is not x
    assert h.unsqueeze(0).flatten().shape == (2,)


def test_expand_of_a_0d_tensor_is_a_view_that_sees_in_place_writes(device):
    # A filled copy (a shortcut fit for backward) left the expanded tensor stale.
    a = tinytorch.tensor([1.0, 2.0], dtype=tinytorch.float64, device=device, requires_grad=True)
    total = (a * 1).sum()
    e = total.expand(3)
    total.add_(1.0)
    assert e.tolist() == [4.0, 4.0, 4.0]
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        e.mul_(a[0])



LAYOUT_SOURCES = {
    "transposed": lambda L: L.arange(6.0, dtype=L.float64).reshape(2, 3).t(),
    "permuted": lambda L: L.arange(24.0, dtype=L.float64).reshape(2, 3, 4).permute(2, 0, 1),
    "expanded": lambda L: L.arange(2.0, dtype=L.float64).reshape(1, 2, 1).expand(2, 2, 1),
    "strided": lambda L: L.arange(12.0, dtype=L.float64).reshape(3, 4)[:, ::2],
}
LAYOUT_OPS = {
    "cat": lambda L, x: L.cat([x, x], 0),
    "stack": lambda L, x: L.stack([x, x], 1),
    "softmax": lambda L, x: L.softmax(x, -1),
    "log_softmax": lambda L, x: L.log_softmax(x, 0),
    "cumsum": lambda L, x: x.cumsum(0),
    "clone": lambda L, x: x.clone(),
    "contiguous": lambda L, x: x.contiguous(),
    "elementwise": lambda L, x: -x * 2,
}


@pytest.mark.parametrize("op", sorted(LAYOUT_OPS))
@pytest.mark.parametrize("source", sorted(LAYOUT_SOURCES))
def test_results_are_laid_out_as_torch_lays_them_out(source, op, device):
    # Whether a later view works, or a reshape is a view through which in-place writes reach
    # the base, depends on the layout (clone keeps a dense input's; joins, softmax and
    # cumsum give contiguous results).
    torch = pytest.importorskip("torch")
    ours = LAYOUT_OPS[op](tinytorch, LAYOUT_SOURCES[source](tinytorch).to(device))
    theirs = LAYOUT_OPS[op](torch, LAYOUT_SOURCES[source](torch))
    assert ours.is_contiguous() == theirs.is_contiguous()
    assert _flat_view_works(ours) == _flat_view_works(theirs)


def _flat_view_works(t):
    try:
        t.view(-1)
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize("call", ["x.flip(0, 1)", "x.flip((0, 1))", "x.flip(0)",
                                  "x.flip(dims=(2,))", "x.tile(2, 1)", "x.tile((2, 1))", "x.tile(dims=(2,))",
                                  "x.squeeze(1, 3)", "x.squeeze((1, 3))", "x.squeeze(dim=1)"])
def test_flip_tile_and_squeeze_methods_take_dims_one_by_one_as_in_torch(device, call):
    torch = pytest.importorskip("torch")
    data = np.arange(6.0).reshape(2, 1, 3, 1)
    got = eval(call, {"x": tinytorch.tensor(data, device=device)})
    want = eval(call, {"x": torch.tensor(data)})
    assert got.tolist() == want.tolist()


def test_dims_given_both_ways_is_a_type_error(device):
    with pytest.raises(TypeError, match=r"flip\(\) got multiple values for argument 'dims'"):
        tinytorch.zeros(2, device=device).flip(0, dims=(0,))


def test_copy_of_an_expanded_tensor_onto_itself_returns_it_as_in_torch(device):
    x = (tinytorch.ones(2, 1, device=device, requires_grad=True) * 2).expand(2, 3)
    assert x.copy_(x) is x and x.tolist() == [[2.0] * 3] * 2


def test_tensor_broadcast_to_takes_sizes_as_arguments_or_one_sequence(device):
    # Tensor.broadcast_to parses its size as PyTorch's IntArrayRef: v.broadcast_to(3, 4) too
    v = tinytorch.arange(4.0, device=device)
    for result in (v.broadcast_to(3, 4), v.broadcast_to((3, 4)), v.broadcast_to([3, 4])):
        assert result.shape == (3, 4) and result.tolist() == [[0.0, 1.0, 2.0, 3.0]] * 3


@pytest.mark.parametrize("equation, shape", [("ii->i", (3, 3)), ("iij->ji", (2, 2, 3))])
def test_einsum_of_a_diagonal_is_a_view_as_torch(equation, shape, device):
    # one operand, no dim summed: PyTorch's einsum is a view (diagonals, then a permute), so a
    # write into it reaches the input and its history (it was a copy here)
    torch = pytest.importorskip("torch")
    seen = []
    for lib, dev in ((tinytorch, device), (torch, "cpu")):
        x = lib.arange(float(np.prod(shape)), dtype=lib.float64, device=dev).reshape(shape)
        x.requires_grad_()
        h = x * 1
        d = lib.einsum(equation, h)
        d.mul_(10)
        (h * lib.arange(float(np.prod(shape)), dtype=lib.float64, device=dev)
         .reshape(shape)).sum().backward()
        seen.append((d.grad_fn.name(), h.tolist(), x.grad.tolist()))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("op", ["cumprod", "cumsum", "logcumsumexp", "roll"])
def test_scans_and_roll_of_a_transposed_input_are_contiguous_as_torch(op, device):
    # PyTorch allocates these results contiguous whatever the input's layout, so a .view of
    # them works there; cumprod, logcumsumexp and roll kept a transposed input's layout here
    # and the view raised (found by the random-program tester's dev profile)
    x = tinytorch.arange(6.0, device=device).reshape(1, 1, 2, 3).mT
    y = x.roll(1, -1) if op == "roll" else getattr(x, op)(-4)
    assert y.is_contiguous()
    assert (-y).view(6).shape == (6,)
