"""``Generator`` and ``manual_seed``: per-device random state owned by the backend."""

import contextlib
import copy
import secrets
import threading

from tinytorch import _device
from tinytorch import _dtype
from tinytorch.backends import get_backend

_DEFAULT_SEED = 67280421310721


class Generator:
    """A random-number generator on one device (PyTorch's ``torch.Generator``).

    Pass one as ``generator=`` to :func:`tinytorch.rand` and the other random functions to
    draw from its own stream instead of the device's default generator.

    Args:
        device (str or tinytorch.device): the device whose random state it holds.
            Default: ``'cpu'``.

    >>> import tinytorch
    >>> g = tinytorch.Generator().manual_seed(0)
    >>> a = tinytorch.rand(2, generator=g)
    >>> b = tinytorch.rand(2, generator=tinytorch.Generator().manual_seed(0))
    >>> bool((a == b).all())
    True
    """

    def __init__(self, device="cpu"):
        self.device = _device.device(device)
        self._seed = _DEFAULT_SEED
        self._rng = None

    def manual_seed(self, seed):
        """Sets the seed for generating random numbers and restarts the stream from it.

        A negative seed maps to ``2**64 + seed``, as in PyTorch.

        Args:
            seed (int): the desired seed.

        Returns:
            Generator: this generator.

        Raises:
            ValueError: ``seed`` is outside ``[-2**63, 2**64)`` (PyTorch's message).

        >>> tinytorch.Generator().manual_seed(42).initial_seed()
        42
        """
        seed = int(seed)
        if not -(1 << 63) <= seed < 1 << 64:
            raise ValueError("Overflow when unpacking long long")
        self._seed = seed & ((1 << 64) - 1)
        self._rng = None
        return self

    def seed(self):
        """Seeds this generator with a non-deterministic random number (from ``secrets``).

        Returns:
            int: the new seed.

        >>> g = tinytorch.Generator()
        >>> g.seed() == g.initial_seed()
        True
        """
        return self.manual_seed(secrets.randbits(63))._seed

    def initial_seed(self):
        """Returns the seed this generator was last seeded with.

        Returns:
            int: the seed (PyTorch's default, 67280421310721, until one is set).

        >>> tinytorch.Generator().initial_seed()
        67280421310721
        """
        return self._seed

    def get_state(self):
        """Returns the generator's state: its seed and where its stream stands, as a uint8
        tensor on the CPU that :meth:`set_state` takes back (PyTorch's layout differs: a state
        saved by one library does not load into the other).

        Returns:
            Tensor: the state (uint8).

        >>> g = tinytorch.Generator().manual_seed(1)
        >>> s = g.get_state()
        >>> a = tinytorch.rand(2, generator=g)
        >>> bool((a == tinytorch.rand(2, generator=g.set_state(s))).all())
        True
        """
        from tinytorch._creation import tensor  # a real cycle: _creation draws from here
        return tensor(list(self._seed.to_bytes(8, "little") + self._backend_state()),
                      dtype=_dtype.uint8)

    def set_state(self, new_state):
        """Sets the generator's state to one :meth:`get_state` returned.

        Args:
            new_state (Tensor): the state, a uint8 tensor.

        Returns:
            Generator: this generator.

        Raises:
            TypeError: ``new_state`` is not a uint8 tensor.
            RuntimeError: it has the wrong size, or is not a state of this device type.

        >>> g = tinytorch.Generator()
        >>> g.set_state(tinytorch.Generator().manual_seed(3).get_state()).initial_seed()
        3
        """
        from tinytorch._tensor import Tensor  # a real cycle: tensors draw from here
        if not isinstance(new_state, Tensor):
            raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
        if new_state.dtype is not _dtype.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        data = bytes(new_state.reshape(-1).tolist())
        size = 8 + len(self._backend_state())
        if len(data) != size:
            raise RuntimeError(f"Expected a {self.device.type} generator state of size {size} "
                               f"but found the input RNG state size to be {len(data)}")
        try:
            rng = get_backend(self.device).rng_from_state(data[8:])
        except ValueError as e:
            raise RuntimeError(f"Invalid {self.device.type} generator state") from e
        self._seed, self._rng = int.from_bytes(data[:8], "little"), rng
        return self

    def _backend_state(self):
        return get_backend(self.device).rng_state(self.state())

    def state(self):
        """The backend's generator state, created from the seed on first use.

        tinytorch's own (PyTorch has no such method): the backend draws from it.

        Returns:
            object: the backend's random state (a NumPy ``Generator`` on the CPU).

        >>> tinytorch.Generator().state() is not None
        True
        """
        if self._rng is None:
            self._rng = get_backend(self.device).make_rng(self._seed)
        return self._rng


_default_generators = {}


def default_generator(dev):
    dev = _device.device(dev)
    key = (dev.type, dev.index or 0)
    gen = _default_generators.get(key)
    if gen is None:  # a device first used after manual_seed starts from that seed
        gen = _default_generators[key] = Generator(dev).manual_seed(_default_seed[0])
    return gen


def manual_seed(seed):
    """Sets the seed for generating random numbers on all devices.

    Seeds the default generator of the CPU and of every CUDA device, so every later draw
    without a ``generator=`` repeats. A seed outside ``[-2**63, 2**64)`` raises PyTorch's
    ValueError.

    Args:
        seed (int): the desired seed.

    Returns:
        Generator: the CPU's default generator.

    >>> _ = tinytorch.manual_seed(0)
    >>> a = tinytorch.rand(3)
    >>> _ = tinytorch.manual_seed(0)
    >>> bool((a == tinytorch.rand(3)).all())
    True
    """
    for gen in _default_generators.values():
        gen.manual_seed(seed)
    default_generator("cpu").manual_seed(seed)
    _default_seed[0] = int(seed)
    return default_generator("cpu")


_default_seed = [_DEFAULT_SEED]


def initial_seed():
    """Returns the initial seed for generating random numbers (of the CPU's default generator).

    Returns:
        int: the seed last given to :func:`manual_seed`.

    >>> _ = tinytorch.manual_seed(7)
    >>> tinytorch.initial_seed()
    7
    """
    return default_generator("cpu").initial_seed()


def seed():
    """Sets the seed for generating random numbers to a non-deterministic random number on
    all devices (the CPU's default generator draws it from ``secrets``; every CUDA device's
    takes the same).

    Returns:
        int: the new seed.

    >>> s = tinytorch.seed()
    >>> s == tinytorch.initial_seed()
    True
    """
    return manual_seed(secrets.randbits(63)).initial_seed()


def get_rng_state():
    """Returns the random number generator state of the CPU's default generator.

    Returns:
        Tensor: the state, a uint8 tensor (see :meth:`Generator.get_state`).

    >>> state = tinytorch.get_rng_state()
    >>> a = tinytorch.rand(3)
    >>> tinytorch.set_rng_state(state)
    >>> bool((a == tinytorch.rand(3)).all())
    True
    """
    return default_generator("cpu").get_state()


def set_rng_state(new_state):
    """Sets the random number generator state of the CPU's default generator.

    Args:
        new_state (Tensor): the desired state, from :func:`get_rng_state`.

    >>> tinytorch.set_rng_state(tinytorch.get_rng_state())
    """
    default_generator("cpu").set_state(new_state)


def rng_for(backend, generator):
    """The backend rng state to draw from: ``generator``'s, or the device's default. Every
    random op comes here before it draws, so the watchers of :func:`watching_draws` see it."""
    if generator is None:
        generator = default_generator(backend.device)
    elif generator.device.type != backend.device.type:
        raise RuntimeError(f"Expected a '{backend.device.type}' device type for generator but "
                           f"found '{generator.device.type}'")
    for watch in getattr(_draw_watchers, "stack", ()):
        watch(generator)
    return generator.state()


_draw_watchers = threading.local()


@contextlib.contextmanager
def watching_draws(watch):
    """Call ``watch(generator)`` before each draw of this thread in the block (``vmap``'s
    randomness, which maps a function called on this thread)."""
    stack = _draw_watchers.__dict__.setdefault("stack", [])
    stack.append(watch)
    try:
        yield
    finally:
        stack.remove(watch)


def stash_state(generator):
    """``(generator, a copy of its state)``, for :func:`rewind` (on every device, where
    :meth:`Generator.get_state` cannot save a cuda generator's)."""
    return generator, copy.deepcopy(generator.state())


def rewind(stash):
    """Put the generator of a :func:`stash_state` back where it stood then."""
    generator, state = stash
    generator._rng = copy.deepcopy(state)


def stash_states(devices):
    """:func:`stash_state` of the default generators of ``devices``, for
    :func:`restored_states` (what ``utils.checkpoint`` replays so recomputed dropout masks
    match)."""
    return [stash_state(default_generator(d)) for d in devices]


@contextlib.contextmanager
def restored_states(stashes):
    """Run the block from copies of the stashed states, then give each generator back the
    state it had before (PyTorch's ``fork_rng`` around ``set_rng_state``)."""
    before = [(gen, gen._rng, gen._seed) for gen, _ in stashes]
    for stash in stashes:
        rewind(stash)
    try:
        yield
    finally:
        for gen, rng, seed_ in before:
            gen._rng, gen._seed = rng, seed_
