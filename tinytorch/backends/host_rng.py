"""Seeding of the host process's global NumPy random state.

NOTE [Seam exception: host RNG seeding]
Only ``tinytorch/backends/`` may import NumPy. DataLoader worker processes must nevertheless
seed NumPy's *global* generator (``np.random``), because user datasets call
``np.random.rand()`` and the like: a forked worker would otherwise inherit the parent's state
and every worker would draw the same numbers. That one call lives here, behind the seam, and
so does the seeding that Keras' ``set_random_seed`` promises (Python, NumPy and the framework).
"""

import numpy as np


def seed_numpy_global(base_seed, worker_id):
    """Seed ``numpy.random``'s global state from ``(base_seed, worker_id)``.

    The two are mixed through ``SeedSequence``, so neighbouring seeds give unrelated streams.
    """
    entropy = [int(worker_id), int(base_seed) & ((1 << 64) - 1)]
    np.random.seed(np.random.SeedSequence(entropy).generate_state(4))


def seed_numpy(seed):
    """``np.random.seed(seed)``: what Keras' ``set_random_seed`` does to NumPy."""
    np.random.seed(seed)
