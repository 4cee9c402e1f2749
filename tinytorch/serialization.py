"""``tinytorch.save`` / ``tinytorch.load``: checkpoints without pickle.

A file is a standard safetensors file: every tensor is a named safetensors entry, and the
structure around them (nested dicts, lists, tuples and plain values) is JSON stored in the
header's ``__metadata__["tinytorch"]``. Loading parses JSON and copies bytes: it never runs
code, so a checkpoint from an untrusted source is safe to open.

NOTE [Checkpoint structure encoding]
JSON scalars, strings and ``null`` stand for themselves and JSON arrays are Python lists;
every JSON object is a tagged node: ``{"tensor": name}``, ``{"tuple": [...]}``, and
``{"dict": [[key, value], ...]}`` / ``{"odict": ...}`` (pairs keep int keys, which optimizer
state dicts use, and insertion order).
"""

import collections
import contextlib
import json
import os
import tempfile

from tinytorch import _creation
from tinytorch import _device
from tinytorch import _tensor

_FORMAT = "tinytorch"
_VERSION = 1
_SCALARS = (bool, int, float, str, type(None))


def save(obj, f):
    """Save ``obj`` (a state dict: nested dicts/lists/tuples of tensors and plain values).

    Args:
        obj: tensors, dicts, lists, tuples, ``int``, ``float``, ``bool``, ``str`` and ``None``,
            nested freely (model, optimizer and scheduler state dicts are such objects).
        f (str, os.PathLike or binary file): where to write. A path is written atomically:
            to a temporary file in the same directory, then renamed over ``f``.

    Raises:
        TypeError: for an object of another type (its location in ``obj`` is named).

    The file is a safetensors file, so a flat dict of tensors loads in PyTorch with
    ``safetensors.torch.load_file`` under the same keys.

    >>> import io, tinytorch
    >>> buf = io.BytesIO()
    >>> tinytorch.save({"w": tinytorch.ones(2), "step": 3}, buf)
    >>> _ = buf.seek(0)
    >>> tinytorch.load(buf)
    {'w': tensor([1., 1.]), 'step': 3}
    """
    from tinytorch.backends import safetensors_io  # NumPy + safetensors: only when used

    tensors = {}
    structure = _encode(obj, "", tensors, {})
    info = {name: {"device": str(t.device), "requires_grad": t.requires_grad}
            for name, t in tensors.items()}
    meta = {"format": _FORMAT, "version": _VERSION, "structure": structure, "tensors": info}
    arrays = {name: t.detach().cpu().numpy() for name, t in tensors.items()}
    _write(f, safetensors_io.dumps(arrays, {_FORMAT: json.dumps(meta)}))


def load(f, map_location=None, *, weights_only=True):
    """Load what :func:`save` wrote, or any safetensors file (as a dict of tensors).

    Args:
        f (str, os.PathLike or binary file): the file.
        map_location (str, device or dict, optional): where tensors go: a device for all, or a
            ``{saved_location: new_location}`` dict like ``{"cuda:0": "cpu"}``. By default each
            tensor returns to the device it was saved from.
        weights_only (bool): accepted for PyTorch compatibility; loading is always weights-only
            (pickle is never used, whatever this says).

    Returns:
        object: what was saved (tensors, dicts, lists, tuples and plain values), or for a
        plain safetensors file a dict of CPU tensors (unless ``map_location`` says otherwise).

    Raises:
        RuntimeError: naming the file, when it is truncated, corrupted, or a pickle file (such
            as one written by ``torch.save``), which is refused without being unpickled.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "w.safetensors")
    ...     tinytorch.save({"w": tinytorch.ones(2)}, path)
    ...     tinytorch.load(path, map_location="cpu")
    {'w': tensor([1., 1.])}
    """
    from tinytorch.backends import safetensors_io  # NumPy + safetensors: only when used

    data, name = _read(f)
    try:
        meta = safetensors_io.read_metadata(data)
        arrays = safetensors_io.loads(data)
    except safetensors_io.FormatError as e:
        raise RuntimeError(f"tinytorch.load: cannot read {name}: {_describe_bad_file(data, e)}"
                           ) from None
    if _FORMAT not in meta:  # a plain safetensors file, e.g. from safetensors.torch.save_file
        return {k: _restore(a, {"device": "cpu"}, map_location) for k, a in arrays.items()}
    try:
        meta = json.loads(meta[_FORMAT])
        tensors = {k: _restore(arrays[k], meta["tensors"][k], map_location) for k in arrays}
        return _decode(meta["structure"], tensors)
    except (ValueError, KeyError, TypeError, IndexError, RecursionError) as e:
        raise RuntimeError(f"tinytorch.load: cannot read {name}: its tinytorch metadata is "
                           f"corrupted ({type(e).__name__}: {e})") from None


def _describe_bad_file(data, error):
    if data[:1] == b"\x80" or data[:2] == b"PK":
        return ("this is a pickle file (written by torch.save or pickle.dump). tinytorch.load "
                "never unpickles, because unpickling can run arbitrary code; re-save the "
                "tensors with safetensors (safetensors.torch.save_file) or tinytorch.save")
    if data[8:9] != b"{":  # a safetensors file: 8-byte header length, then a JSON object
        return (f"it is not a tinytorch/safetensors checkpoint: tinytorch.load reads files "
                f"written by tinytorch.save or safetensors, which begin with an 8-byte header "
                f"length and a JSON header, and this one begins {data[:24]!r}")
    return f"not a valid tinytorch/safetensors file ({error})"


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


def _encode(obj, path, tensors, names):
    if isinstance(obj, _tensor.Tensor):
        if id(obj) not in names:
            name = path or "tensor"
            while name in tensors:
                name += "_"
            names[id(obj)] = name
            tensors[name] = obj
        return {"tensor": names[id(obj)]}
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [_encode(v, _join(path, i), tensors, names) for i, v in enumerate(obj)]
        return {"tuple": items} if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        pairs = [[_encode_key(k, path), _encode(v, _join(path, k), tensors, names)]
                 for k, v in obj.items()]
        return {"odict" if isinstance(obj, collections.OrderedDict) else "dict": pairs}
    hint = "; save model.state_dict() instead" if hasattr(obj, "state_dict") else ""
    raise TypeError(f"tinytorch.save: cannot save a {type(obj).__name__} at "
                    f"{path or 'the top level'}: only tensors, dicts, lists, tuples, int, float, "
                    f"bool, str and None can be saved (no pickle){hint}")


def _encode_key(key, path):
    if not isinstance(key, _SCALARS):
        raise TypeError(f"tinytorch.save: dict key {key!r} at {path or 'the top level'} is a "
                        f"{type(key).__name__}; keys must be int, float, bool, str or None")
    return key


def _decode(node, tensors):
    if isinstance(node, list):
        return [_decode(v, tensors) for v in node]
    if not isinstance(node, dict):
        return node
    (tag, value), = node.items()
    if tag == "tensor":
        return tensors[value]
    if tag == "tuple":
        return tuple(_decode(v, tensors) for v in value)
    kind = collections.OrderedDict if tag == "odict" else dict
    if tag not in ("dict", "odict"):
        raise ValueError(f"unknown node {tag!r}")
    return kind((k, _decode(v, tensors)) for k, v in value)


def _restore(array, info, map_location):
    t = _creation.from_numpy(array)
    target = _target_device(info["device"], map_location)
    if _device.device(target) != t.device:
        t = t.to(target)
    if info.get("requires_grad"):
        t.requires_grad_(True)
    return t


def _target_device(saved, map_location):
    if map_location is None:
        return saved
    if isinstance(map_location, dict):
        return map_location.get(saved, saved)
    if isinstance(map_location, (str, _device.device)):
        return map_location
    raise TypeError(f"map_location should be a str, a tinytorch.device or a dict, "
                    f"got {type(map_location).__name__}")


def _read(f):
    if hasattr(f, "read"):
        return f.read(), getattr(f, "name", repr(f))
    path = os.fspath(f)
    with open(path, "rb") as fh:
        return fh.read(), repr(path)


def _write(f, data):
    if hasattr(f, "write"):
        f.write(data)
        return
    path = os.fspath(f)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
