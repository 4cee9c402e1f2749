"""``tinytorch.autocast``: PyTorch's automatic mixed precision, for float16.

NOTE [Autocast]
Inside ``autocast(device_type, dtype)`` some ops cast their floating-point inputs first, as
PyTorch's autocast does (its op lists, ``aten/src/ATen/autocast_mode.{h,cpp}``, restricted to
the ops tinytorch has):

- ``LOWER``: to the autocast dtype: matmul-like ops and convolutions, which gain most;
- ``FP32``: to float32: losses, and on cuda the ops float16 loses too much in;
- ``FP32_OPT``: reductions whose float16 input is reduced in float32 (``dtype=float32``)
  unless a dtype is given.

A tensor is cast only if it is floating point, not float64, and on the autocast's device
type; every other op runs in its inputs' dtypes. Casts are recorded ops, so gradients flow
back in each input's own dtype. An op calls :func:`cast` (or :func:`opt_dtype`) only while
``on`` is true, so outside autocast the check costs one attribute read.
"""

import threading
import warnings

from tinytorch import _dtype

_MATMULS = {"matmul", "mm", "bmm", "linear", "conv1d", "conv2d", "conv_transpose2d"}
_LOSSES = {"cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
           "kl_div", "binary_cross_entropy_with_logits"}
LOWER = {"cpu": frozenset(_MATMULS | {"einsum"}), "cuda": frozenset(_MATMULS | {"einsum"})}
FP32 = {"cpu": frozenset(_LOSSES | {"binary_cross_entropy", "prod"}),
        "cuda": frozenset(_LOSSES | {"exp", "expm1", "log", "log1p", "reciprocal", "rsqrt",
                                     "pow", "softplus", "layer_norm", "group_norm",
                                     "cosine_similarity", "logsumexp", "interpolate"})}
FP32_OPT = {"cpu": frozenset(), "cuda": frozenset({"prod", "softmax", "log_softmax", "cumsum",
                                                     "sum", "norm"})}
_BANNED = {("cuda", "binary_cross_entropy"): (
    "torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast.\n"
    "Many models use a sigmoid layer right before the binary cross entropy layer.\n"
    "In this case, combine the two layers using torch.nn.functional."
    "binary_cross_entropy_with_logits\nor torch.nn.BCEWithLogitsLoss.  "
    "binary_cross_entropy_with_logits and BCEWithLogits are\nsafe to autocast.")}

on = False  # True while an autocast region is enabled in any thread
_regions = [0]
_lock = threading.Lock()


class _State(threading.local):
    def __init__(self):
        self.enabled = {"cpu": False, "cuda": False}
        self.dtype = {"cpu": None, "cuda": _dtype.float16}


_state = _State()


def _device_type(args):
    for a in args:
        backend = getattr(a, "_backend", None)
        if backend is not None:
            return backend.device.type
    return None


def _eligible(a, device_type):
    backend = getattr(a, "_backend", None)
    return (backend is not None and backend.device.type == device_type
            and a.dtype.is_floating_point and a.dtype is not _dtype.float64)


def cast(op, *args):
    """``args`` as ``op`` sees them under the current autocast (see NOTE [Autocast])."""
    device_type = _device_type(args)
    if device_type is None or not _state.enabled.get(device_type):
        return args
    if (device_type, op) in _BANNED:
        raise RuntimeError(_BANNED[device_type, op])
    if op in LOWER[device_type]:
        target = _state.dtype[device_type]
    elif op in FP32[device_type]:
        target = _dtype.float32
    else:
        return args
    return tuple(a.to(target) if _eligible(a, device_type) and a.dtype is not target else a
                 for a in args)


def opt_dtype(op, input, dtype):
    """The ``dtype`` a reduction ``op`` of ``input`` runs with: float32 under autocast for an
    eligible float16 input when none was given (PyTorch's fp32_set_opt_dtype)."""
    device_type = _device_type((input,))
    if (dtype is None and device_type is not None and _state.enabled.get(device_type)
            and op in FP32_OPT[device_type] and _eligible(input, device_type)):
        return _dtype.float32
    return dtype


def is_autocast_enabled(device_type="cuda"):
    """True inside an enabled ``autocast(device_type)`` region of this thread."""
    return _state.enabled.get(device_type, False)


def get_autocast_dtype(device_type):
    """The dtype autocast casts to on ``device_type`` (float16; None for cpu until set)."""
    return _state.dtype.get(device_type)


def _enter(delta):
    global on
    with _lock:
        _regions[0] += delta
        on = _regions[0] > 0
