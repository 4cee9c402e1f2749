"""Keras' session-level state: unique layer names, ``epsilon`` and ``floatx``."""

import collections

_UIDS = collections.defaultdict(int)
_EPSILON = 1e-7


def get_uid(prefix):
    """Return ``prefix`` the first time it is asked for, then ``prefix_1``, ``prefix_2`` …

    This is how Keras names layers (``dense``, ``dense_1``) and models (``sequential``).
    """
    count = _UIDS[prefix]
    _UIDS[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session():
    """Forget every name handed out, so the next ``Dense`` is called ``dense`` again."""
    _UIDS.clear()


def epsilon():
    """The fuzz factor Keras adds to denominators and clips probabilities with (1e-7)."""
    return _EPSILON


def floatx():
    """Keras' default float type name: inputs are cast to float32."""
    return "float32"
