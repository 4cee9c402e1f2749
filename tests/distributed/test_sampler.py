"""DistributedSampler gives each rank exactly PyTorch's indices."""

import pytest

import tinytorch
from tinytorch.utils.data import DistributedSampler

torch = pytest.importorskip("torch")

CASES = [(n, replicas, drop_last) for n in (1, 5, 10, 11, 17) for replicas in (1, 2, 3, 4, 7)
         for drop_last in (False, True) if not (drop_last and n < replicas)]


def _shards(cls, n, replicas, drop_last, shuffle=False, epoch=0):
    shards = []
    for rank in range(replicas):
        sampler = cls(range(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=3,
                      drop_last=drop_last)
        sampler.set_epoch(epoch)
        shards.append((list(sampler), len(sampler)))
    return shards


@pytest.mark.parametrize("n,replicas,drop_last", CASES)
def test_sampler_shards_equal_pytorchs(n, replicas, drop_last):
    from torch.utils.data.distributed import DistributedSampler as TorchSampler
    assert _shards(DistributedSampler, n, replicas, drop_last) == \
        _shards(TorchSampler, n, replicas, drop_last)


@pytest.mark.parametrize("n,replicas,drop_last", [(10, 3, False), (11, 4, True), (5, 7, False)])
def test_sampler_shuffled_shards_equal_pytorchs_for_the_same_permutation(n, replicas, drop_last,
                                                                         monkeypatch):
    """Shuffled, the permutation is tinytorch's generator's (as RandomSampler's); given the
    same permutation, the padding and interleaving are PyTorch's."""
    from torch.utils.data.distributed import DistributedSampler as TorchSampler
    ours = _shards(DistributedSampler, n, replicas, drop_last, shuffle=True, epoch=2)
    perm = tinytorch.randperm(n, generator=tinytorch.Generator().manual_seed(3 + 2)).tolist()
    monkeypatch.setattr(torch, "randperm", lambda n, generator: torch.tensor(perm))
    assert ours == _shards(TorchSampler, n, replicas, drop_last, shuffle=True, epoch=2)


def test_sampler_set_epoch_reshuffles_the_same_way_on_every_rank():
    epochs = [[list(DistributedSampler(range(20), 2, r, seed=1)) for r in (0, 1)]]
    for epoch in (1, 1):
        shards = []
        for r in (0, 1):
            sampler = DistributedSampler(range(20), 2, r, seed=1)
            sampler.set_epoch(epoch)
            shards.append(list(sampler))
        epochs.append(shards)
    assert sorted(epochs[1][0] + epochs[1][1]) == list(range(20))
    assert epochs[1] == epochs[2] and epochs[0] != epochs[1]


def test_sampler_rank_out_of_range_raises_pytorchs_error():
    with pytest.raises(ValueError, match=r"Invalid rank 2, rank should be in the interval "
                                         r"\[0, 1\]"):
        DistributedSampler(range(4), num_replicas=2, rank=2)


def test_sampler_without_group_needs_init():
    with pytest.raises(ValueError, match="Default process group has not been initialized"):
        DistributedSampler(range(4))
