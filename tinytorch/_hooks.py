"""``RemovableHandle``: what every ``register_*_hook`` returns (``torch.utils.hooks``'s).

It lives outside ``nn`` so that ``optim``, which is imported before ``nn``, can use it too.
"""

import itertools


class RemovableHandle:
    """Returned by ``register_*_hook``; ``handle.remove()`` unregisters the hook."""

    _next_id = itertools.count()

    def __init__(self, *hooks_dicts):
        self.hooks_dicts = hooks_dicts
        self.id = next(RemovableHandle._next_id)

    def remove(self):
        for d in self.hooks_dicts:
            d.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self.remove()
