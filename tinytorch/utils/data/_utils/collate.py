"""``default_collate`` and ``default_convert``: samples -> batches, as PyTorch's.

A batch is built field by field: every leaf field is stacked once (one ``tinytorch.stack``
or one ``tinytorch.tensor`` call per field), never element by element.
"""

import collections.abc

import tinytorch

_ERR = ("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
        "found {}")


def _is_numpy(elem):
    return type(elem).__module__ == "numpy" and hasattr(elem, "dtype")


def _is_namedtuple(elem):
    return isinstance(elem, tuple) and hasattr(elem, "_fields")


def _numpy_to_tensor(a):
    if a.shape == ():
        return tinytorch.tensor(a, dtype=a.dtype)
    return tinytorch.as_tensor(a)  # shares memory with the array


def _collate_numpy(batch, elem):
    if elem.dtype.char in "SaUO":  # strings and objects have no tensor dtype
        raise TypeError(_ERR.format(elem.dtype))
    if elem.shape == ():  # NumPy scalars keep their dtype
        return tinytorch.tensor(batch, dtype=elem.dtype)
    return tinytorch.stack([_numpy_to_tensor(b) for b in batch], 0)


def _collate_mapping(batch, elem):
    fields = {key: default_collate([d[key] for d in batch]) for key in elem}
    try:
        return type(elem)(fields)
    except TypeError:  # the mapping type cannot be built from a dict
        return fields


def _collate_sequence(batch, elem):
    if any(len(b) != len(elem) for b in batch):
        raise RuntimeError("each element in list of batch should be of equal size")
    columns = [default_collate(samples) for samples in zip(*batch)]
    if isinstance(elem, tuple):
        return columns  # PyTorch returns tuples' fields as a list
    try:
        return type(elem)(columns)
    except TypeError:
        return columns


def default_collate(batch):
    """Merge a list of samples into a batch, the way PyTorch's ``default_collate`` does.

    Tensors are stacked along a new first dimension; NumPy arrays become tensors and are
    stacked; Python floats become a float64 tensor, ints an int64 tensor, bools a bool tensor;
    strings stay a list; dicts, namedtuples and sequences are collated field by field (tuples
    come back as lists).

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
    elem = batch[0]
    if isinstance(elem, tinytorch.Tensor):
        return tinytorch.stack(batch, 0)
    if _is_numpy(elem):
        return _collate_numpy(batch, elem)
    if isinstance(elem, float):
        return tinytorch.tensor(batch, dtype=tinytorch.float64)
    if isinstance(elem, int):  # bools too: tensor() infers bool or int64
        return tinytorch.tensor(batch)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return _collate_mapping(batch, elem)
    if _is_namedtuple(elem):
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        return _collate_sequence(batch, elem)
    raise TypeError(_ERR.format(type(elem)))


def default_convert(data):
    """Turn NumPy arrays in ``data`` (recursively) into tensors; leave the rest.

    What the ``DataLoader`` applies to each sample when automatic batching is off
    (``batch_size=None``). An array becomes a tensor sharing its memory (a 0-d array, a
    0-d tensor); arrays of strings or objects stay arrays; tuples come back as lists.

    Args:
        data: a sample: an array, a mapping, a sequence or namedtuple of them, or anything
            else (returned as it is).

    Returns:
        ``data`` with its arrays converted, in the same structure.

    >>> import numpy as np
    >>> default_convert({"x": np.arange(3), "y": (np.float32(1.5), "a")})
    {'x': tensor([0, 1, 2]), 'y': [tensor(1.5000), 'a']}
    """
    if _is_numpy(data):
        return data if data.dtype.char in "SaUO" else _numpy_to_tensor(data)
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, collections.abc.Mapping):
        return type(data)({key: default_convert(data[key]) for key in data})
    if _is_namedtuple(data):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence):
        return type(data)([default_convert(d) for d in data])
    return data
