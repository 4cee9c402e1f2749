"""Saving and restoring random state: Generator.get_state/set_state, get_rng_state /
set_rng_state, seed, and tinytorch.random.fork_rng (PyTorch's semantics; the state's bytes
are tinytorch's own)."""

import pytest

import tinytorch


def test_set_rng_state_replays_the_draws_and_restores_the_seed():
    tinytorch.manual_seed(3)
    state = tinytorch.get_rng_state()
    assert state.dtype is tinytorch.uint8 and state.ndim == 1
    first = tinytorch.randn(4)
    tinytorch.manual_seed(11)
    tinytorch.set_rng_state(state)
    assert tinytorch.initial_seed() == 3
    assert tinytorch.equal(first, tinytorch.randn(4))


def test_state_mid_stream_includes_a_buffered_half_draw():
    g = tinytorch.Generator().manual_seed(5)
    tinytorch.randint(0, 10, (3,), dtype=tinytorch.int32, generator=g)  # may buffer 32 bits
    state = g.get_state()
    a = tinytorch.randint(0, 1000, (7,), dtype=tinytorch.int32, generator=g)
    other = tinytorch.Generator().set_state(state)
    assert other.initial_seed() == 5
    assert tinytorch.equal(a, tinytorch.randint(0, 1000, (7,), dtype=tinytorch.int32,
                                                generator=other))


def test_a_fresh_generators_state_is_its_seeds():
    g = tinytorch.Generator().manual_seed(42)
    state = g.get_state()
    expected = tinytorch.rand(3, generator=tinytorch.Generator().manual_seed(42))
    assert tinytorch.equal(tinytorch.rand(3, generator=g.set_state(state)), expected)


@pytest.mark.parametrize("bad, error, message", [
    ([1, 2], TypeError, "expected a torch.ByteTensor, but got list"),
    (tinytorch.zeros(45), TypeError, "RNG state must be a torch.ByteTensor"),
    (tinytorch.zeros(10, dtype=tinytorch.uint8), RuntimeError,
     "Expected a cpu generator state of size 45 but found the input RNG state size to be 10"),
])
def test_bad_states_raise(bad, error, message):
    with pytest.raises(error, match=message):
        tinytorch.set_rng_state(bad)


def test_a_corrupt_state_raises():
    state = tinytorch.get_rng_state().clone()
    state[40] = 7  # the buffered-half flag is 0 or 1
    with pytest.raises(RuntimeError, match="Invalid cpu generator state"):
        tinytorch.set_rng_state(state)


def test_seed_is_non_deterministic_and_becomes_the_initial_seed():
    s1, s2 = tinytorch.seed(), tinytorch.seed()
    assert s1 != s2 and tinytorch.initial_seed() == s2 and 0 <= s2 < 2 ** 64
    tinytorch.manual_seed(0)


def test_fork_rng_undoes_draws_and_seeding_inside_the_block():
    tinytorch.manual_seed(3)
    tinytorch.rand(2)
    expected = tinytorch.rand(3)
    tinytorch.manual_seed(3)
    tinytorch.rand(2)
    with tinytorch.random.fork_rng():
        tinytorch.rand(5)
        tinytorch.manual_seed(99)
    assert tinytorch.initial_seed() == 3
    assert tinytorch.equal(tinytorch.rand(3), expected)
    with tinytorch.random.fork_rng(enabled=False):
        tinytorch.rand(1)  # not forked: the stream moves on
    tinytorch.manual_seed(3)
    tinytorch.rand(9)
    after = tinytorch.rand(1)
    tinytorch.manual_seed(3)
    tinytorch.rand(2), tinytorch.rand(3), tinytorch.rand(1)
    with tinytorch.random.fork_rng(devices=[]):
        tinytorch.rand(1)
    tinytorch.rand(3)
    assert tinytorch.equal(tinytorch.rand(1), after)


def test_the_random_module_names_pytorchs():
    torch = pytest.importorskip("torch")
    public = {n for n in dir(torch.random) if not n.startswith("_")}
    public -= {"TYPE_CHECKING", "contextlib", "torch", "warnings", "thread_safe_generator"}
    assert public <= set(dir(tinytorch.random))
    assert tinytorch.default_generator is tinytorch.random.default_generator
    assert tinytorch.default_generator.initial_seed() == tinytorch.initial_seed()


def test_generator_state_round_trips_or_is_refused_clearly_on_each_device(device):
    g = tinytorch.Generator(device).manual_seed(4)
    if device == "cpu":
        assert tinytorch.equal(g.set_state(g.get_state()).get_state(), g.get_state())
        return
    with pytest.raises(RuntimeError, match="cannot save or restore the state of a cuda "
                                           "generator yet"):
        g.get_state()
