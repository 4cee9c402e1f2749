"""``_single`` / ``_pair`` / ``_triple``: expand an int argument to a tuple, as
torch.nn.modules.utils."""

from itertools import repeat


def _ntuple(n, name):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return tuple(repeat(x, n))

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
