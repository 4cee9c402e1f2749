"""Host arrays <-> safetensors bytes, for ``tinytorch.save`` / ``tinytorch.load``.

NOTE [Seam exception: safetensors]
The safetensors package hands out NumPy arrays, and only ``tinytorch/backends/`` may import
NumPy, so the byte-level work lives here; ``tinytorch/serialization.py`` sees only host arrays
(``Tensor.numpy()`` / ``tinytorch.from_numpy``) and plain Python values.
"""

import json
import struct

import numpy as np
import safetensors
import safetensors.numpy

from tinytorch.backends import cpu_bfloat16

_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64,
           "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_,
           "BF16": None}  # ml_dtypes' bfloat16, imported when a file holds one


class FormatError(ValueError):
    """The bytes are not a well-formed safetensors file (the message says why)."""


def dumps(arrays, metadata):
    """Serialise ``{name: host array}`` plus ``{str: str}`` metadata to safetensors bytes
    (safetensors names ml_dtypes' bfloat16 ``BF16``, as PyTorch's bfloat16)."""
    contiguous = {name: np.require(a, requirements="C") for name, a in arrays.items()}
    return safetensors.numpy.save(contiguous, metadata=metadata)


def read_metadata(data):
    """The ``__metadata__`` dict of safetensors ``data`` (empty if none); checks the header."""
    if len(data) < 8:
        raise FormatError(f"file is {len(data)} bytes, shorter than the 8-byte header length")
    (size,) = struct.unpack("<Q", data[:8])
    if size > len(data) - 8:
        raise FormatError(f"header claims {size} bytes but only {len(data) - 8} follow "
                          f"(truncated file?)")
    try:
        header = json.loads(data[8:8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FormatError(f"header is not valid JSON ({e})") from None
    if not isinstance(header, dict):
        raise FormatError("header is not a JSON object")
    return header.get("__metadata__") or {}


def loads(data):
    """``{name: writable host array}`` from safetensors ``data``, in file order."""
    try:
        views = safetensors.deserialize(data)
    except Exception as e:  # the Rust parser's SafetensorError, for any inconsistency
        raise FormatError(str(e)) from None
    out = {}
    for name, view in views:
        if view["dtype"] not in _DTYPES:
            raise FormatError(f"tensor {name!r} has dtype {view['dtype']}, which tinytorch does "
                              f"not support ({', '.join(_DTYPES)})")
        dtype = _DTYPES[view["dtype"]] or cpu_bfloat16.native()
        out[name] = np.frombuffer(view["data"], dtype=dtype).reshape(view["shape"]).copy()
    return out
