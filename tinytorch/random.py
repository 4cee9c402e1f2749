"""``tinytorch.random``, PyTorch's ``torch.random``: seeding, saving and restoring the default
generators' states, and ``fork_rng``."""

import contextlib

from tinytorch import _random
from tinytorch import cuda
from tinytorch._random import Generator  # noqa: F401  (torch.random.Generator)
from tinytorch._random import default_generator as _default_generator
from tinytorch._random import get_rng_state  # noqa: F401
from tinytorch._random import initial_seed  # noqa: F401
from tinytorch._random import manual_seed  # noqa: F401
from tinytorch._random import seed  # noqa: F401
from tinytorch._random import set_rng_state  # noqa: F401

default_generator = _default_generator("cpu")


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, *, device_type=None):
    """Forks the random number generators: inside the block they draw as usual, and on exit
    each is back in the state it had on entry, as if the block had drawn nothing.

    Args:
        devices (iterable of int, optional): the CUDA devices whose generators to fork; the
            CPU's is always forked. Default: every visible CUDA device (none without one).
        enabled (bool): False runs the block without forking. Default: True.
        device_type (str, optional): the accelerator type, ``'cuda'`` (the default) or
            ``'meta'`` (nothing to fork).

    Yields:
        None: the block runs on forked generators.

    >>> import tinytorch
    >>> _ = tinytorch.manual_seed(0)
    >>> with tinytorch.random.fork_rng():
    ...     _ = tinytorch.rand(5)
    >>> a = tinytorch.rand(1)
    >>> _ = tinytorch.manual_seed(0)
    >>> bool((a == tinytorch.rand(1)).all())
    True
    """
    if not enabled or device_type == "meta":
        yield
        return
    kind = device_type or "cuda"
    if devices is None:
        devices = range(cuda.device_count()) if kind == "cuda" and cuda.is_available() else ()
    stash = _random.stash_states(["cpu"] + [f"{kind}:{int(d)}" for d in devices])
    with _random.restored_states(stash):
        yield
