"""``Generator`` and ``manual_seed``: per-device random state owned by the backend."""

import secrets

from tinytorch import _device
from tinytorch.backends import get_backend

_DEFAULT_SEED = 67280421310721


class Generator:
    """A random-number generator on one device (PyTorch's ``torch.Generator``).

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
        self._seed = int(seed) & ((1 << 64) - 1)
        self._rng = None
        return self

    def seed(self):
        return self.manual_seed(secrets.randbits(63))._seed

    def initial_seed(self):
        return self._seed

    def state(self):
        """The backend's generator state (created on first use)."""
        if self._rng is None:
            self._rng = get_backend(self.device).make_rng(self._seed)
        return self._rng


_default_generators = {}


def default_generator(dev):
    dev = _device.device(dev)
    key = (dev.type, dev.index or 0)
    gen = _default_generators.get(key)
    if gen is None:
        gen = _default_generators[key] = Generator(dev)
    return gen


def manual_seed(seed):
    """Seed every device's default generator (CPU and any CUDA device used so far)."""
    for gen in _default_generators.values():
        gen.manual_seed(seed)
    default_generator("cpu").manual_seed(seed)
    _default_seed[0] = int(seed)
    return default_generator("cpu")


_default_seed = [_DEFAULT_SEED]


def initial_seed():
    return default_generator("cpu").initial_seed()


def rng_for(backend, generator):
    """The backend rng state to draw from: ``generator``'s, or the device's default."""
    if generator is None:
        gen = _default_generators.get((backend.device.type, backend.device.index or 0))
        if gen is None:
            gen = default_generator(backend.device).manual_seed(_default_seed[0])
        return gen.state()
    if generator.device.type != backend.device.type:
        raise RuntimeError(f"Expected a '{backend.device.type}' device type for generator but "
                           f"found '{generator.device.type}'")
    return generator.state()
