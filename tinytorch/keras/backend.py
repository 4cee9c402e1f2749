"""Keras' session-level state: unique layer names, ``epsilon`` and ``floatx``."""

import collections

_UIDS = collections.defaultdict(int)
_EPSILON = 1e-7


def get_uid(prefix):
    """Return ``prefix`` the first time it is asked for, then ``prefix_1``, ``prefix_2`` …

    This is how Keras names layers (``dense``, ``dense_1``) and models (``sequential``).

    Args:
        prefix (str): the name to make unique, e.g. the layer's class name in snake case.

    Returns:
        str: ``prefix``, or ``prefix_N`` when it was handed out N times before.

    >>> clear_session()
    >>> get_uid('dense'), get_uid('dense')
    ('dense', 'dense_1')
    """
    count = _UIDS[prefix]
    _UIDS[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session():
    """Forget every name handed out, so the next ``Dense`` is called ``dense`` again.

    Unlike Keras, there is no graph or session to reset: only the names.

    >>> from tinytorch.keras.layers import Dense
    >>> clear_session()
    >>> Dense(2).name
    'dense'
    """
    _UIDS.clear()


def epsilon():
    """The fuzz factor Keras adds to denominators and clips probabilities with.

    Returns:
        float: 1e-7 (there is no ``set_epsilon``).

    >>> epsilon()
    1e-07
    """
    return _EPSILON


def floatx():
    """Keras' default float type name: inputs are cast to float32.

    Returns:
        str: ``'float32'`` (there is no ``set_floatx``).

    >>> floatx()
    'float32'
    """
    return "float32"
