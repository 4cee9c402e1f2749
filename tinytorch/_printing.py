"""``set_printoptions``: how tensors print (the options live with the printer,
``backends/_format.py``)."""

import math

from tinytorch.backends import _format

_PROFILES = {"default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
             "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
             "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Set options for printing tensors (PyTorch's ``torch.set_printoptions``). An option
    left ``None`` keeps its value, except ``sci_mode``, which ``None`` hands back to the
    printer's own choice.

    Args:
        precision (int): digits after the point for floating-point elements (default 4).
        threshold (int): more elements than this print as a summary (default 1000).
        edgeitems (int): elements at the start and end of each dim in a summary (default 3).
        linewidth (int): characters per line before a break (default 80).
        profile (str): ``'default'``, ``'short'`` (precision 2, 2 edge items) or ``'full'``
            (never summarise), applied before the other arguments.
        sci_mode (bool): force scientific notation on (True) or off (False); None (default)
            lets the printer decide from the values.

    >>> import tinytorch
    >>> tinytorch.set_printoptions(precision=2)
    >>> tinytorch.tensor([1.12345])
    tensor([1.12])
    >>> tinytorch.set_printoptions(threshold=5)
    >>> tinytorch.arange(10)
    tensor([0, 1, 2,  ..., 7, 8, 9])
    >>> tinytorch.set_printoptions(profile='default')
    >>> tinytorch.tensor([1.12345])
    tensor([1.1235])
    """
    options = _format.OPTIONS
    if profile is not None and profile in _PROFILES:
        for name, value in _PROFILES[profile].items():
            setattr(options, name, value)
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            setattr(options, name, value)
    options.sci_mode = sci_mode
