"""``tinytorch.save`` / ``tinytorch.load``: checkpoints without pickle.

A file is a standard safetensors file: every storage is a named safetensors entry, and the
structure around the tensors (nested dicts, lists, tuples and plain values) is JSON stored in
the header's ``__metadata__["tinytorch"]``. Loading parses JSON and copies bytes: it never runs
code, so a checkpoint from an untrusted source is safe to open.

NOTE [Checkpoint structure encoding]
JSON scalars, strings and ``null`` stand for themselves and JSON arrays are Python lists;
every JSON object is a tagged node: ``{"tensor": name}``, ``{"tuple": [...]}``, and
``{"dict": [[key, value], ...]}`` / ``{"odict": ...}`` / ``{"counter": ...}`` (pairs keep int
keys, which optimizer state dicts use, and insertion order; a ``collections.Counter``, such as
``MultiStepLR``'s milestones, loads as one). A key is a JSON scalar or a ``{"tuple": [...]}`` of
keys. One tensor object saved twice is one name, so it loads as one object (tied weights).
An ordered dict's ``_metadata`` (a state dict's module versions) is kept beside it,
``{"odict": ..., "metadata": {prefix: {"version": n}}}``.

NOTE [Checkpoint storages]
As PyTorch saves storages, tensors that share memory (a tensor and its views, ``p`` and
``p.detach()``) still share it after loading, and every tensor keeps its strides. Saved
tensors whose elements overlap in memory (same device and dtype) form one group, saved as one
safetensors entry covering the elements they span; ``"tensors"`` in the metadata gives each
tensor name its ``device``, ``requires_grad``, ``parameter`` (an ``nn.Parameter``) and, unless
it is that entry itself, its ``storage`` (the entry), element ``offset`` in it, ``size`` and
``stride``. A group's entry is named after, and shaped as, the first tensor of the group that
covers the span contiguously (so a state dict of ordinary tensors is a plain safetensors file
under its own keys); otherwise it is a flat entry ``<first tensor>.storage``. Unlike PyTorch's
whole storage, only the span is saved, so ``storage_offset()`` of a loaded tensor is 0 (it is
no view in the autograd sense, as in PyTorch) while its strides and sharing are kept.
Version 1 files (one contiguous entry per tensor, no ``storage``) load unchanged.
"""

import collections
import contextlib
import json
import os
import tempfile
import warnings

from tinytorch import _creation
from tinytorch import _device
from tinytorch import _tensor
from tinytorch._ops import _util
from tinytorch.nn import parameter as _parameter

_FORMAT = "tinytorch"
_VERSION = 2  # 2: storages, strides and Parameters (NOTE [Checkpoint storages]); 1: neither
_SCALARS = (bool, int, float, str, type(None))


def save(obj, f):
    """Save ``obj`` (a state dict: nested dicts/lists/tuples of tensors and plain values).

    Tensors that share memory still share it after :func:`load`, keep their strides, and an
    ``nn.Parameter`` loads as one (NOTE [Checkpoint storages]).

    Args:
        obj: tensors, dicts, lists, tuples, ``int``, ``float``, ``bool``, ``str`` and ``None``,
            nested freely (model, optimizer and scheduler state dicts are such objects); dict
            keys are ``str``, ``int``, ``float``, ``bool``, ``None`` or tuples of these.
        f (str, os.PathLike or binary file): where to write. A path is written atomically:
            to a temporary file in the same directory, then renamed over ``f``.

    Raises:
        TypeError: for an object or dict key of another type (its location in ``obj`` is
            named); a module or optimizer is refused with the advice to save its
            ``state_dict()``.

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
    info, arrays = _storages(tensors)
    meta = {"format": _FORMAT, "version": _VERSION, "structure": structure, "tensors": info}
    _write(f, safetensors_io.dumps(arrays, {_FORMAT: json.dumps(meta)}))


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """Load what :func:`save` wrote, or any safetensors file (as a dict of tensors).

    PyTorch's signature; tinytorch never unpickles (its files hold no pickle), so the
    arguments about unpickling change nothing or are refused (NOTE [load's arguments]).

    Args:
        f (str, os.PathLike or binary file): the file.
        map_location (str, device, dict or callable, optional): where tensors go: a device for
            all, a ``{saved_location: new_location}`` dict like ``{"cuda:0": "cpu"}``, or
            PyTorch's ``fn(storage, location)``, called here with each storage as a CPU
            tensor and its saved device's name, returning a tensor (``storage.cuda()``, or
            ``storage`` to stay on the CPU) or None for the saved device. By default each
            tensor returns to the device it was saved from.
        pickle_module (module, optional): refused: there is no pickle to read.
        weights_only (bool, optional): accepted; loading is always weights-only (pickle is
            never used, whatever this says).
        mmap (bool, optional): accepted for a path (PyTorch maps the file into memory; here it
            is read); refused, as in PyTorch, for a file object.
        **pickle_load_args: ``pickle.Unpickler``'s ``encoding``, ``errors``,
            ``fix_imports`` and ``buffers``: no effect (with PyTorch's warning unless
            ``weights_only=False``); any other keyword raises, as in PyTorch.

    Returns:
        object: what was saved (tensors, dicts, lists, tuples and plain values), or for a
        plain safetensors file a dict of CPU tensors (unless ``map_location`` says otherwise).
        Tensors saved sharing memory share it again; strides, ``requires_grad`` and the
        ``nn.Parameter`` type are kept.

    Raises:
        RuntimeError: naming the file, when it is truncated, corrupted, written by a newer
            tinytorch, or a pickle file (such as one written by ``torch.save``), which is
            refused without being unpickled; a ``pickle_module`` is given; a
            ``map_location`` function raised (the error is the cause) or returned neither a
            tensor nor None.
        ValueError: ``mmap`` with a file object rather than a path.
        TypeError: a keyword ``pickle.Unpickler`` does not take.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "w.safetensors")
    ...     tinytorch.save({"w": tinytorch.ones(2)}, path)
    ...     tinytorch.load(path, map_location="cpu", weights_only=True, mmap=True)
    {'w': tensor([1., 1.])}
    """
    _check_load_arguments(f, pickle_module, weights_only, mmap, pickle_load_args)
    from tinytorch.backends import safetensors_io  # NumPy + safetensors: only when used

    data, name = _read(f)
    try:
        meta = safetensors_io.read_metadata(data)
        arrays = safetensors_io.loads(data)
    except safetensors_io.FormatError as e:
        raise RuntimeError(f"tinytorch.load: cannot read {name}: {_describe_bad_file(data, e)}"
                           ) from None
    if _FORMAT not in meta:  # a plain safetensors file, e.g. from safetensors.torch.save_file
        return {k: _to_device(a, "cpu", map_location) for k, a in arrays.items()}
    try:
        meta = json.loads(meta[_FORMAT])
        _check_version(meta.get("version"), name)
        tensors = _restore_all(meta["tensors"], arrays, map_location)
        return _decode(meta["structure"], tensors)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as e:
        raise RuntimeError(f"tinytorch.load: cannot read {name}: its tinytorch metadata is "
                           f"corrupted ({type(e).__name__}: {e})") from None


# NOTE [load's arguments]
# torch.load's keywords are about unpickling, which tinytorch never does. pickle_module is
# refused (PyTorch's error with weights_only=True; with False PyTorch would unpickle with it,
# which cannot happen here); pickle.Unpickler's own keywords are checked as the unpickler
# checks them, then have no effect; mmap=True needs a path, as in PyTorch, and the file is
# read rather than mapped; weights_only changes nothing (loading is always weights-only).
_UNPICKLER_KEYWORDS = ("fix_imports", "encoding", "errors", "buffers")


def _check_load_arguments(f, pickle_module, weights_only, mmap, pickle_load_args):
    for key in pickle_load_args:
        if key not in _UNPICKLER_KEYWORDS:
            raise TypeError(f"'{key}' is an invalid keyword argument for Unpickler()"
                            if weights_only is False else
                            f"Unpickler.__init__() got an unexpected keyword argument '{key}'")
    if pickle_module is not None:
        raise RuntimeError(
            "Can not safely load weights when explicit pickle_module is specified"
            if weights_only else "tinytorch.load never unpickles (its files hold no pickle), "
            f"so pickle_module={getattr(pickle_module, '__name__', pickle_module)!r} cannot be "
            "used: drop the argument")
    if pickle_load_args and weights_only is not False:
        warnings.warn("pickle_load_args only works if `weights_only=False`.", UserWarning,
                      stacklevel=_util.user_stacklevel())
    if mmap and not isinstance(f, (str, os.PathLike)):
        raise ValueError("f must be a file path in order to use the mmap argument")


def _check_version(version, name):
    if type(version) is not int or version < 1:
        raise ValueError(f"format version {version!r}")
    if version > _VERSION:
        raise RuntimeError(f"tinytorch.load: cannot read {name}: it was written by a newer "
                           f"tinytorch (checkpoint format version {version}; this tinytorch "
                           f"reads versions 1 to {_VERSION}); upgrade tinytorch to load it")


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
            names[id(obj)] = _fresh(path or "tensor", tensors)
            tensors[names[id(obj)]] = obj
        return {"tensor": names[id(obj)]}
    if isinstance(obj, _SCALARS):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [_encode(v, _join(path, i), tensors, names) for i, v in enumerate(obj)]
        return {"tuple": items} if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        pairs = [[_encode_key(k, k, path), _encode(v, _join(path, k), tensors, names)]
                 for k, v in obj.items()]
        if isinstance(obj, collections.Counter):
            return {"counter": pairs}
        if not isinstance(obj, collections.OrderedDict):
            return {"dict": pairs}
        meta = _metadata(getattr(obj, "_metadata", None))
        return {"odict": pairs} if meta is None else {"odict": pairs, "metadata": meta}
    where = path or "the top level"
    if hasattr(obj, "state_dict"):  # a module, optimizer or scheduler
        raise TypeError(f"tinytorch.save: cannot save a whole {type(obj).__name__} object at "
                        f"{where}: saving objects needs pickle, which tinytorch never uses; "
                        f"save model.state_dict() instead, and restore it with "
                        f"model.load_state_dict(tinytorch.load(f))")
    raise TypeError(f"tinytorch.save: cannot save a {type(obj).__name__} at {where}: only "
                    f"tensors, dicts, lists, tuples, int, float, bool, str and None can be "
                    f"saved (no pickle)")


def _metadata(meta):
    """A state dict's ``_metadata`` (``{prefix: {"version": n}}``, which a module's
    ``_load_from_state_dict`` reads to convert an older layout), when it is plain data."""
    plain = (isinstance(meta, dict) and all(
        isinstance(k, str) and isinstance(v, dict) and all(
            isinstance(a, str) and isinstance(b, _SCALARS) for a, b in v.items())
        for k, v in meta.items()))
    return collections.OrderedDict(meta) if plain else None


def _encode_key(key, whole, path):
    if isinstance(key, _SCALARS):
        return key
    if isinstance(key, tuple):
        return {"tuple": [_encode_key(k, whole, path) for k in key]}
    raise TypeError(f"tinytorch.save: dict key {whole!r} at {path or 'the top level'} is or "
                    f"holds a {type(key).__name__}; keys must be str, int, float, bool, None "
                    f"or tuples of these")


def _fresh(name, taken):
    while name in taken:
        name += "_"
    return name


_MAPPINGS = {"dict": dict, "odict": collections.OrderedDict, "counter": collections.Counter}


def _decode(node, tensors):
    if isinstance(node, list):
        return [_decode(v, tensors) for v in node]
    if not isinstance(node, dict):
        return node
    meta = node.get("metadata") if "odict" in node else None
    (tag, value), = ((k, v) for k, v in node.items() if k != "metadata" or meta is None)
    if tag == "tensor":
        return tensors[value]
    if tag == "tuple":
        return tuple(_decode(v, tensors) for v in value)
    if tag not in _MAPPINGS:
        raise ValueError(f"unknown node {tag!r}")
    out = _MAPPINGS[tag]()
    for k, v in value:  # item by item: Counter(pairs) would count the pairs
        out[_decode_key(k)] = _decode(v, tensors)
    if _metadata(meta) is not None:  # a state dict's versions (see _metadata)
        out._metadata = _metadata(meta)
    return out


def _decode_key(node):
    if isinstance(node, dict):
        (tag, value), = node.items()
        if tag != "tuple":
            raise ValueError(f"unknown key node {tag!r}")
        return tuple(_decode_key(k) for k in value)
    if isinstance(node, list):
        raise ValueError("a dict key is a JSON array")
    return node


# --- storages (NOTE [Checkpoint storages]) --------------------------------------------------
def _storages(tensors):
    """``{tensor name: info}`` and ``{entry name: host array}`` for the named tensors."""
    info, arrays = {}, {}
    for group in _overlapping(tensors):
        first = tensors[group[0]]
        size = first.element_size()
        start = min(_span(tensors[n])[0] for n in group)
        count = (max(_span(tensors[n])[1] for n in group) - start) // size
        entry = next((n for n in group if _covers(tensors[n], start, count)), None)
        if entry is None:
            entry = _fresh(f"{group[0]}.storage", tensors.keys() | arrays.keys())
            offset = (start - first.data_ptr()) // size
            arrays[entry] = first._backend.to_host(
                first._backend.as_strided(first._data, (count,), (1,), offset))
        else:
            arrays[entry] = tensors[entry]._backend.to_host(tensors[entry]._data)
        for n in group:
            t = tensors[n]
            info[n] = {"device": str(t.device), "requires_grad": t.requires_grad}
            if isinstance(t, _parameter.Parameter):
                info[n]["parameter"] = True
            if n != entry:
                info[n].update(storage=entry, offset=(t.data_ptr() - start) // size,
                               size=list(t.shape), stride=list(t.stride()))
    return info, arrays


def _span(t):
    """The bytes [first, end) that ``t``'s elements lie in."""
    low = high = 0
    for n, s in zip(t.shape, t.stride()):
        if s < 0:
            low += (n - 1) * s
        else:
            high += (n - 1) * s
    size = t.element_size()
    return t.data_ptr() + low * size, t.data_ptr() + (high + 1) * size


def _covers(t, start, count):
    return t.data_ptr() == start and t.numel() == count and t.is_contiguous()


def _overlapping(tensors):
    """Names of the tensors, in groups whose memory overlaps (one device and dtype, element
    aligned), each group and its names in the order first saved."""
    order = {n: i for i, n in enumerate(tensors)}
    groups, by_kind = [], {}
    for n, t in tensors.items():
        if t.numel():
            by_kind.setdefault((str(t.device), t.dtype), []).append(n)
        else:
            groups.append([n])
    for names in by_kind.values():
        names.sort(key=lambda n: _span(tensors[n]))
        group, end = None, None
        for n in names:
            first, last = _span(tensors[n])
            if group and first < end and (first - _span(tensors[group[0]])[0]) % (
                    tensors[n].element_size()) == 0:
                group.append(n)
                end = max(end, last)
            else:
                group, end = [n], last
                groups.append(group)
    for group in groups:
        group.sort(key=order.get)
    return sorted(groups, key=lambda g: order[g[0]])


def _restore_all(info, arrays, map_location):
    """The tensors named in the metadata, views of their storages' restored arrays."""
    entries, tensors = {}, {}
    for name, about in info.items():
        entry = about.get("storage", name)
        if entry not in entries:
            entries[entry] = _to_device(arrays[entry], about["device"], map_location)
        base = entries[entry]
        t = base if entry == name else _view(base, about)
        if about.get("parameter"):
            t = _parameter.Parameter(t, requires_grad=bool(about.get("requires_grad")))
        elif about.get("requires_grad"):
            t.requires_grad_(True)
        tensors[name] = t
    return tensors


def _view(base, about):
    """The strided view ``about`` describes of ``base``'s memory, checked to lie inside it (a
    corrupted or malicious file must not reach other memory)."""
    size, stride, offset = about["size"], about["stride"], about["offset"]
    if not (isinstance(size, list) and isinstance(stride, list) and len(size) == len(stride)
            and all(type(v) is int for v in size + stride + [offset])
            and all(v >= 0 for v in size)):
        raise ValueError(f"bad layout: size {size!r}, stride {stride!r}, offset {offset!r}")
    low = sum((n - 1) * s for n, s in zip(size, stride) if s < 0)
    high = sum((n - 1) * s for n, s in zip(size, stride) if s > 0)
    if 0 not in size and not 0 <= offset + low <= offset + high < base.numel():
        raise ValueError(f"layout (size {size}, stride {stride}, offset {offset}) reaches "
                         f"outside its storage of {base.numel()} elements")
    backend = base._backend
    return _tensor.Tensor._make(backend.as_strided(base._data, tuple(size), tuple(stride),
                                                   offset if 0 not in size else 0), backend)


def _to_device(array, saved, map_location):
    t = _creation.from_numpy(array)
    if callable(map_location):  # PyTorch's fn(storage, location); None: the saved device
        try:  # a RuntimeError: load's handler of corrupted files must not take it for one
            moved = map_location(t, saved)
        except Exception as e:
            raise RuntimeError(f"map_location raised {type(e).__name__}: {e}") from e
        if moved is not None:
            if not isinstance(moved, _tensor.Tensor):
                raise RuntimeError(f"map_location returned {type(moved).__name__}, expected the "
                                   "storage (a tensor here), moved or not, or None")
            return moved
        map_location = None
    target = _target_device(saved, map_location)
    if _device.device(target) != t.device:
        t = t.to(target)
    return t


def _target_device(saved, map_location):
    if map_location is None:
        return saved
    if isinstance(map_location, dict):
        return map_location.get(saved, saved)
    if isinstance(map_location, (str, _device.device)):
        return map_location
    raise TypeError(f"map_location should be a str, a tinytorch.device, a dict or a "
                    f"callable, got {type(map_location).__name__}")


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
    parent = os.path.dirname(path)
    if parent and not os.path.isdir(parent):  # PyTorch's check (mkstemp named its temp file)
        raise RuntimeError(f"Parent directory {parent} does not exist.")
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
