"""``default_collate`` and ``default_convert``: samples -> batches, as PyTorch's.

``default_collate`` is :func:`collate` with ``default_collate_fn_map``: leaf types (tensors,
NumPy arrays and scalars, numbers, strings) are batched by the function the map holds for
them, looked up by exact type, then by ``isinstance`` in the map's order; containers (mappings,
namedtuples, sequences) are collated field by field. Extend it as in PyTorch, with
``default_collate_fn_map.update({MyType: collate_mytype_fn})``, or pass a map of your own to
``collate``. Every leaf field is stacked once (one ``tinytorch.stack`` or ``tinytorch.tensor``
call per field), never element by element.
"""

import collections.abc
import copy
import re

import tinytorch
from tinytorch.backends.host_scalars import numpy_collate_types

np_str_obj_array_pattern = re.compile(r"[SaUO]")  # dtype.str of strings and objects

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
    "found {}")


def _rebuild_mapping(template, values):
    """``values`` (a dict) in ``template``'s mapping type, as PyTorch does: a mutable
    mapping is copied and updated (so a defaultdict keeps its factory), another type is
    built from the dict; a dict when that raises TypeError."""
    try:
        if isinstance(template, collections.abc.MutableMapping):
            clone = copy.copy(template)
            clone.update(values)
            return clone
        return type(template)(values)
    except TypeError:
        return values


def _rebuild_sequence(template, values):
    """``values`` (a list) in ``template``'s sequence type, as PyTorch does: a mutable
    sequence is copied and assigned item by item, another type is built from the list; a
    list when that raises TypeError (a ``range``, say)."""
    try:
        if isinstance(template, collections.abc.MutableSequence):
            clone = copy.copy(template)
            for i, value in enumerate(values):
                clone[i] = value
            return clone
        return type(template)(values)
    except TypeError:
        return values


def _is_namedtuple(elem):
    return isinstance(elem, tuple) and hasattr(elem, "_fields")


def collate(batch, *, collate_fn_map=None):
    """Collate ``batch`` (a list of samples of one structure) with the functions of
    ``collate_fn_map`` for its leaf types, recursing through mappings, namedtuples and
    sequences (tuples come back as lists), as PyTorch's ``collate``.

    Args:
        batch (list): the samples.
        collate_fn_map (dict, optional): element type (or tuple of types) -> function
            ``fn(batch, *, collate_fn_map)``. An element's exact type is looked up first,
            then each key in insertion order by ``isinstance``.

    Returns:
        The batch.

    Raises:
        TypeError: no function and no container rule for the element type.
        RuntimeError: sequences in the batch have different lengths.

    >>> total = {int: lambda batch, *, collate_fn_map: sum(batch)}
    >>> collate([{"n": 1}, {"n": 2}], collate_fn_map=total)
    {'n': 3}
    """
    elem = batch[0]
    if collate_fn_map is not None:
        if type(elem) in collate_fn_map:
            return collate_fn_map[type(elem)](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        return _rebuild_mapping(elem, {key: collate([d[key] for d in batch],
                                                    collate_fn_map=collate_fn_map)
                                       for key in elem})
    if _is_namedtuple(elem):
        return type(elem)(*(collate(samples, collate_fn_map=collate_fn_map)
                            for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(sample) != size for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)]
        return columns if isinstance(elem, tuple) else _rebuild_sequence(elem, columns)
    raise TypeError(default_collate_err_msg_format.format(type(elem)))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    """Tensors: stacked along a new first dimension.

    >>> collate_tensor_fn([tinytorch.zeros(2), tinytorch.ones(2)]).shape
    torch.Size([2, 2])
    """
    return tinytorch.stack(batch, 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    """NumPy arrays: made tensors (sharing memory), then collated as tensors; arrays of
    strings or objects raise TypeError.

    >>> import numpy as np
    >>> collate_numpy_array_fn([np.zeros(2), np.ones(2)], collate_fn_map=default_collate_fn_map)
    tensor([[0., 0.],
            [1., 1.]], dtype=tinytorch.float64)
    """
    if np_str_obj_array_pattern.search(batch[0].dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(batch[0].dtype))
    return collate([tinytorch.as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    """NumPy scalars: one tensor of their dtype.

    >>> import numpy as np
    >>> collate_numpy_scalar_fn([np.float32(1), np.float32(2)])
    tensor([1., 2.])
    """
    return tinytorch.as_tensor(batch)


def collate_float_fn(batch, *, collate_fn_map=None):
    """Python floats: a float64 tensor.

    >>> collate_float_fn([0.5, 1.5]).dtype
    tinytorch.float64
    """
    return tinytorch.tensor(batch, dtype=tinytorch.float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    """Python ints (and bools): an int64 (bool) tensor.

    >>> collate_int_fn([1, 2])
    tensor([1, 2])
    """
    return tinytorch.tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    """Strings and bytes: the list, unchanged.

    >>> collate_str_fn(["a", "b"])
    ['a', 'b']
    """
    return batch


_NUMPY_ARRAY, _NUMPY_SCALARS = numpy_collate_types()
default_collate_fn_map = {tinytorch.Tensor: collate_tensor_fn,
                          _NUMPY_ARRAY: collate_numpy_array_fn,
                          _NUMPY_SCALARS: collate_numpy_scalar_fn,
                          float: collate_float_fn, int: collate_int_fn,
                          str: collate_str_fn, bytes: collate_str_fn}


def default_collate(batch):
    """Merge a list of samples into a batch, the way PyTorch's ``default_collate`` does:
    :func:`collate` with ``default_collate_fn_map``.

    Tensors are stacked along a new first dimension; NumPy arrays become tensors and are
    stacked; NumPy scalars keep their dtype; Python floats become a float64 tensor, ints an
    int64 tensor, bools a bool tensor; strings and bytes (NumPy's too) stay a list; mappings,
    namedtuples and sequences are collated field by field, keeping their type where it can be
    rebuilt (tuples come back as lists). ``default_collate_fn_map.update({MyType: fn})``
    teaches it a new element type.

    Args:
        batch (list): the samples, all of the same structure.

    Returns:
        The batch: a tensor, or the samples' structure (dict, namedtuple, list) with a
        batched tensor (or list of strings) per field.

    Raises:
        TypeError: for an element type it cannot batch.
        RuntimeError: when sequences in the batch have different lengths.

    >>> default_collate([(0, 1.5), (1, 2.5)])
    [tensor([0, 1]), tensor([1.5000, 2.5000], dtype=tinytorch.float64)]
    """
    return collate(batch, collate_fn_map=default_collate_fn_map)


def default_convert(data):
    """Turn NumPy arrays and scalars in ``data`` (recursively) into tensors; leave the rest.

    What the ``DataLoader`` applies to each sample when automatic batching is off
    (``batch_size=None``). An array becomes a tensor sharing its memory (a 0-d array, a
    0-d tensor); arrays of strings or objects, and NumPy strings, stay as they are; tuples
    come back as lists; other mappings and sequences keep their type where it can be rebuilt
    (as in :func:`default_collate`), else become a dict or list.

    Args:
        data: a sample: an array, a mapping, a sequence or namedtuple of them, or anything
            else (returned as it is).

    Returns:
        ``data`` with its arrays converted, in the same structure.

    >>> import numpy as np
    >>> default_convert({"x": np.arange(3), "y": (np.float32(1.5), "a")})
    {'x': tensor([0, 1, 2]), 'y': [tensor(1.5000), 'a']}
    """
    if isinstance(data, tinytorch.Tensor):
        return data
    kind = type(data)
    if kind.__module__ == "numpy" and kind.__name__ not in ("str_", "string_"):
        if isinstance(data, _NUMPY_ARRAY) and np_str_obj_array_pattern.search(data.dtype.str):
            return data
        return tinytorch.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_mapping(data, {key: default_convert(data[key]) for key in data})
    if _is_namedtuple(data):
        return kind(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_sequence(data, [default_convert(d) for d in data])
    return data
