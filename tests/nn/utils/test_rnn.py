"""``nn.utils.rnn`` against ``torch.nn.utils.rnn``: padding, packing and unpacking (values,
batch sizes, permutations, gradients) and PyTorch's errors."""

import numpy as np
import pytest

import tinytorch
from tinytorch.nn.utils import rnn

torch = pytest.importorskip("torch")
from torch.nn.utils import rnn as torch_rnn  # noqa: E402  (after the importorskip)


def _pair(*shape, device="cpu"):
    t = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    return tinytorch.tensor(t.detach().numpy(), device=device, requires_grad=True), t


def _same(ours, theirs):
    np.testing.assert_array_equal(ours.detach().cpu().numpy(), theirs.detach().numpy())


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pad_sequence_matches_torch(batch_first, side, device):
    pairs = [_pair(n, 2, device=device) for n in (2, 4, 1)]
    ours = rnn.pad_sequence([p[0] for p in pairs], batch_first, -1.5, side)
    theirs = torch_rnn.pad_sequence([p[1] for p in pairs], batch_first, -1.5, side)
    _same(ours, theirs)
    ours.sum().backward()
    assert all(p[0].grad.tolist() == [[1.0, 1.0]] * p[0].shape[0] for p in pairs)


@pytest.mark.parametrize("enforce_sorted", [True, False])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pack_and_pad_round_trip_matches_torch(enforce_sorted, batch_first, device):
    lengths = [4, 3, 3, 1] if enforce_sorted else [1, 4, 3, 3]
    ours, theirs = _pair(*((4, 5) if batch_first else (5, 4)), 2, device=device)
    packed = rnn.pack_padded_sequence(ours, lengths, batch_first, enforce_sorted)
    tpacked = torch_rnn.pack_padded_sequence(theirs, lengths, batch_first, enforce_sorted)
    _same(packed.data, tpacked.data)
    assert packed.batch_sizes.tolist() == tpacked.batch_sizes.tolist()
    assert packed.batch_sizes.device.type == "cpu" and packed.batch_sizes.dtype == tinytorch.int64
    for name in ("sorted_indices", "unsorted_indices"):
        mine, ref = getattr(packed, name), getattr(tpacked, name)
        assert (mine is None and ref is None) or mine.tolist() == ref.tolist()
    padded, lens = rnn.pad_packed_sequence(packed, batch_first, 7.0, total_length=6)
    tpadded, tlens = torch_rnn.pad_packed_sequence(tpacked, batch_first, 7.0, total_length=6)
    _same(padded, tpadded)
    assert lens.tolist() == tlens.tolist() == lengths
    weights = torch.randn(tuple(tpadded.shape), dtype=torch.float64)
    (padded * tinytorch.tensor(weights.numpy(), device=device)).sum().backward()
    (tpadded * weights).sum().backward()
    _same(ours.grad, theirs.grad)


def test_pack_sequence_unpack_sequence_and_packed_sequence_api():
    seqs = [tinytorch.tensor([1, 2, 3]), tinytorch.tensor([4, 5]), tinytorch.tensor([6])]
    packed = rnn.pack_sequence(seqs)
    assert packed.data.tolist() == [1, 4, 6, 2, 5, 3] and packed.batch_sizes.tolist() == [3, 2, 1]
    assert packed._fields == torch_rnn.PackedSequence._fields
    assert isinstance(packed, tuple) and packed.sorted_indices is None
    shuffled = rnn.pack_sequence([seqs[1], seqs[0], seqs[2]], enforce_sorted=False)
    assert shuffled.sorted_indices.tolist() == [1, 0, 2]
    assert [s.tolist() for s in rnn.unpack_sequence(shuffled)] == [[4, 5], [1, 2, 3], [6]]
    assert rnn.invert_permutation(tinytorch.tensor([2, 0, 1])).tolist() == [1, 2, 0]
    assert rnn.invert_permutation(None) is None
    doubled = packed.double()
    assert doubled.data.dtype == tinytorch.float64 and doubled.batch_sizes is packed.batch_sizes
    assert packed.to("cpu") is packed and not packed.is_cuda
    data, sizes = rnn.PackedSequence((packed.data, packed.batch_sizes))[:2]
    assert data is packed.data and sizes is packed.batch_sizes
    padded, lengths = rnn.pad_packed_sequence(packed, batch_first=True)
    assert [s.tolist() for s in rnn.unpad_sequence(padded, lengths, batch_first=True)] == \
        [[1, 2, 3], [4, 5], [6]]


def _raised(fn):
    with pytest.raises(Exception) as info:
        fn()
    return info.type, str(info.value)


ERRORS = [
    lambda L, R: R.pack_padded_sequence(L.zeros(3, 2, 2), [2, 3]),
    lambda L, R: R.pack_padded_sequence(L.zeros(3, 2, 2), [3, 0]),
    lambda L, R: R.pack_padded_sequence(L.zeros(3, 2, 2), [3, 3, 3]),
    lambda L, R: R.pack_sequence([L.ones(2), L.ones(3)]),
    lambda L, R: R.pad_sequence([]),
    lambda L, R: R.pad_sequence(5),
    lambda L, R: R.pad_sequence([L.ones(2, 3)], padding_side="middle"),
    lambda L, R: R.pad_packed_sequence(R.pack_sequence([L.ones(3), L.ones(2)]), total_length=2),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_match_torch(i):
    assert _raised(lambda: ERRORS[i](tinytorch, rnn)) == _raised(lambda: ERRORS[i](torch,
                                                                                 torch_rnn))


def test_errors_torch_leaves_unchecked_are_named():
    with pytest.raises(RuntimeError, match="length 4 does not fit the input's 3 time steps"):
        rnn.pack_padded_sequence(tinytorch.zeros(3, 2), [4, 3])
    with pytest.raises(RuntimeError, match=r"trailing shape \[3\] of the first"):
        rnn.pad_sequence([tinytorch.ones(2, 3), tinytorch.ones(3, 2)])
