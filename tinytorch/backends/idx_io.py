"""IDX files (the MNIST format) -> host arrays, for ``tinytorch.datasets``.

NOTE [Seam exception: IDX parsing]
Turning file bytes into an array needs NumPy, which only ``tinytorch/backends/`` may import;
``tinytorch/datasets`` gets the host array and wraps it with ``tinytorch.from_numpy``.

Format: two zero bytes, a type code, the number of dimensions, one big-endian uint32 per
dimension, then the values in C order (big-endian).
"""

import struct

import numpy as np

_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def parse_idx(data, source):
    """The array stored in IDX ``data`` (bytes), in native byte order.

    Raises:
        ValueError: naming ``source`` when the magic number, type or size is wrong.
    """
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _TYPES:
        raise ValueError(f"{source} is not an IDX file (bad magic number {data[:4]!r})")
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{source}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(_TYPES[data[2]])
    expected = header + dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        raise ValueError(f"{source}: IDX header announces shape {shape} ({expected} bytes) "
                         f"but the file has {len(data)} bytes")
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="))
