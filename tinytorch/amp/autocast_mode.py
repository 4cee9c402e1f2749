"""``tinytorch.autocast``'s state and op lists: PyTorch's automatic mixed precision, in
bfloat16 (the CPU's default) or float16.

NOTE [Autocast]
Inside ``autocast(device_type, dtype)`` some ops cast their floating-point inputs first, as
PyTorch's autocast does (its op lists, ``aten/src/ATen/autocast_mode.{h,cpp}``, restricted to
the ops tinytorch has; the CPU has one list for both of its dtypes):

- ``LOWER``: to the autocast dtype: matmul-like ops and convolutions, which gain most;
- ``FP32``: to float32: losses, and on cuda the ops float16 loses too much in;
- ``FP32_OPT``: reductions whose float16 input is reduced in float32 (``dtype=float32``)
  unless a dtype is given.

A tensor is cast only if it is floating point, not float64, and on the autocast's device
type; every other op runs in its inputs' dtypes. An op composed of others in tinytorch whose
PyTorch counterpart is one kernel runs its body through :func:`run`, with autocast off inside,
so the ops it calls do not autocast again (PyTorch's kernels run below the autocast layer); the
compositions PyTorch writes over other ops (``multi_head_attention_forward``, ``einsum``'s
``bmm``) autocast inside, as its do. Casts are recorded ops, so gradients flow back in each
input's own dtype. An op calls :func:`cast` (or :func:`opt_dtype`) only while ``on`` is true,
so outside autocast the check costs one attribute read.
"""

import threading

from tinytorch import _device
from tinytorch import _dtype

_MATMULS = {"matmul", "mm", "bmm", "linear", "conv1d", "conv2d", "conv_transpose1d",
             "conv_transpose2d", "conv3d", "conv_transpose3d"}
_LOSSES = {"cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
           "kl_div", "binary_cross_entropy_with_logits", "cosine_embedding_loss",
           "hinge_embedding_loss", "poisson_nll_loss", "margin_ranking_loss", "soft_margin_loss",
           "triplet_margin_loss", "multi_margin_loss", "multilabel_margin_loss"}
# PyTorch 2.13's AutocastCPU registrations (autocast_mode.cpp), the ops tinytorch has; "rnn" is
# its mkldnn_rnn_layer (nn.LSTM and nn.RNN over a padded input), "pad_reflect"/"pad_replicate"
# its reflection_pad1d/2d and replication_pad1d/2d/3d, "linalg" every linalg op on its list
_CPU_LOWER = {"baddbmm", "addmm", "addbmm", "vecdot", "prelu", "scaled_dot_product_attention",
              "rnn"}
_CPU_FP32 = {"binary_cross_entropy", "grid_sample", "prod", "quantile", "cdist", "trace",
             "avg_pool3d", "max_pool3d", "adaptive_avg_pool3d", "adaptive_max_pool3d",
             "max_unpool2d", "max_unpool3d", "pad_reflect", "pad_replicate", "ctc_loss",
             "linalg", "fractional_max_pool2d", "fractional_max_pool3d"}
LOWER = {"cpu": frozenset(_MATMULS | _CPU_LOWER | {"einsum"}),  # einsum: its contractions' bmm
         "cuda": frozenset(_MATMULS | {"einsum"})}
FP32 = {"cpu": frozenset(_LOSSES | _CPU_FP32),
        "cuda": frozenset(_LOSSES | {"exp", "expm1", "log", "log1p", "reciprocal", "rsqrt",
                                     "pow", "softplus", "layer_norm", "group_norm", "cdist",
                                     "cosine_similarity", "logsumexp", "interpolate"})}
FP32_OPT = {"cpu": frozenset(), "cuda": frozenset({"prod", "softmax", "log_softmax", "cumsum",
                                                     "sum", "norm"})}
_BANNED = {("cuda", "binary_cross_entropy"): (
    "torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast.\n"
    "Many models use a sigmoid layer right before the binary cross entropy layer.\n"
    "In this case, combine the two layers using torch.nn.functional."
    "binary_cross_entropy_with_logits\nor torch.nn.BCEWithLogitsLoss.  "
    "binary_cross_entropy_with_logits and BCEWithLogits are\nsafe to autocast.")}

on = False  # True while autocast is enabled for some device type in any thread
_regions = [0]  # (thread, device type) pairs with autocast enabled
_lock = threading.Lock()


class _State(threading.local):
    def __init__(self):
        self.enabled = {"cpu": False, "cuda": False}
        self.dtype = {"cpu": _dtype.bfloat16, "cuda": _dtype.float16}  # PyTorch's defaults


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
    """The arguments of op ``op`` as it runs them under the current autocast state: the
    floating-point tensors cast to the autocast dtype or to float32 when ``op`` is on one of
    the lists of NOTE [Autocast], everything else unchanged. Ops call it while ``on`` is true.

    Args:
        op (str): the op's name in the lists (``'linear'``, ``'mse_loss'`` …).
        *args: the op's arguments (tensors, numbers, None).

    Returns:
        tuple: ``args``, each eligible tensor cast (a recorded cast: gradients flow back).

    Raises:
        RuntimeError: ``op`` is unsafe under cuda autocast (``binary_cross_entropy``).

    >>> from tinytorch.amp import autocast_mode
    >>> with tinytorch.autocast("cpu"):
    ...     x, w, bias = autocast_mode.cast("linear", tinytorch.ones(2), tinytorch.ones(3, 2), None)
    >>> x.dtype, w.dtype, bias
    (tinytorch.bfloat16, tinytorch.bfloat16, None)
    """
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


def active(*args):
    """Whether autocast is enabled in this thread for the device type of the first tensor in
    ``args``: an op that runs its body through :func:`run` tests it (after ``on``) first.

    Args:
        *args: the op's arguments (tensors, numbers, None).

    Returns:
        bool: True inside an enabled region of that device type.

    >>> from tinytorch.amp import autocast_mode
    >>> with tinytorch.autocast("cpu"):
    ...     autocast_mode.active(tinytorch.ones(2)), autocast_mode.active(None)
    (True, False)
    """
    device_type = _device_type(args)
    return device_type is not None and _state.enabled.get(device_type, False)


def run(op, fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` as op ``op`` runs under autocast: its arguments cast as
    :func:`cast` casts them, and autocast off in this thread while ``fn`` runs, as PyTorch runs
    an op's kernel below its autocast layer (an op of tinytorch composed of others, whose
    PyTorch counterpart is one kernel, must not autocast those again: ``mv`` is not ``matmul``
    under autocast, ``pinverse`` computes in float32 throughout). Call it only where
    :func:`active` is true, with ``fn`` the op itself.

    Args:
        op (str): the op's name in the lists of NOTE [Autocast] (any other: no cast).
        fn (callable): the op.
        *args: its positional arguments.
        **kwargs: its keyword arguments (not cast).

    Returns:
        what ``fn`` returns.

    >>> from tinytorch.amp import autocast_mode
    >>> with tinytorch.autocast("cpu"):
    ...     autocast_mode.run("mv", tinytorch.mv, tinytorch.ones(2, 3), tinytorch.ones(3)).dtype
    tinytorch.float32
    """
    args = cast(op, *args)
    device_type = _device_type(args)
    _state.enabled[device_type] = False  # `on` stays: other threads may autocast meanwhile
    try:
        return fn(*args, **kwargs)
    finally:
        _state.enabled[device_type] = True


def opt_dtype(op, input, dtype):
    """The ``dtype`` reduction ``op`` of ``input`` runs with: float32 under autocast for an
    eligible lower-precision input when none was given and ``op`` is on the ``FP32_OPT`` list
    (PyTorch's fp32_set_opt_dtype; on cuda only), else ``dtype`` as given.

    Args:
        op (str): the reduction's name (``'sum'``, ``'softmax'`` …).
        input (Tensor): the tensor it reduces.
        dtype (tinytorch.dtype or None): the dtype the caller asked for.

    Returns:
        tinytorch.dtype or None: the dtype to reduce in (None: the input's own).

    >>> from tinytorch.amp import autocast_mode
    >>> with tinytorch.autocast("cpu"):
    ...     autocast_mode.opt_dtype("sum", tinytorch.ones(2), None) is None
    True
    """
    device_type = _device_type((input,))
    if (dtype is None and device_type is not None and _state.enabled.get(device_type)
            and op in FP32_OPT[device_type] and _eligible(input, device_type)):
        return _dtype.float32
    return dtype


def _check(device_type):
    if device_type not in _state.enabled:
        _device.device(device_type)  # PyTorch's error for an unknown device type
        raise RuntimeError(f"autocast is not available for device type '{device_type}'")


def is_autocast_enabled(device_type="cuda"):
    """Whether autocast is enabled for ``device_type`` in this thread, as
    ``torch.is_autocast_enabled``: inside an enabled ``autocast(device_type)`` region, or after
    :func:`set_autocast_enabled`.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``. Default: ``'cuda'`` (PyTorch's legacy
            default).

    Returns:
        bool: whether the ops of this thread on that device type autocast.

    >>> with tinytorch.autocast("cpu"):
    ...     tinytorch.is_autocast_enabled("cpu"), tinytorch.is_autocast_enabled()
    (True, False)
    """
    _check(device_type)
    return _state.enabled[device_type]


def get_autocast_dtype(device_type):
    """The dtype autocast casts matmuls and convolutions to on ``device_type``, as
    ``torch.get_autocast_dtype``: ``tinytorch.bfloat16`` on the CPU and ``tinytorch.float16``
    on cuda unless ``autocast(dtype=...)`` or :func:`set_autocast_dtype` set another.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``.

    Returns:
        tinytorch.dtype: the autocast dtype of that device type in this thread.

    >>> tinytorch.get_autocast_dtype("cpu"), tinytorch.get_autocast_dtype("cuda")
    (tinytorch.bfloat16, tinytorch.float16)
    """
    _check(device_type)
    return _state.dtype[device_type]


def set_autocast_enabled(device_type, enabled=None):
    """Turn autocast on or off for ``device_type`` in this thread, as
    ``torch.set_autocast_enabled`` (what ``autocast`` does on entry and exit; prefer it).
    ``set_autocast_enabled(enabled)`` is PyTorch's legacy form, for cuda.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``.
        enabled (bool): whether the ops of this thread on that device type autocast.

    Raises:
        TypeError: ``enabled`` is not a bool.

    >>> tinytorch.set_autocast_enabled("cpu", True)
    >>> (tinytorch.ones(2, 2) @ tinytorch.ones(2, 2)).dtype
    tinytorch.bfloat16
    >>> tinytorch.set_autocast_enabled("cpu", False)
    """
    if enabled is None and isinstance(device_type, bool):
        device_type, enabled = "cuda", device_type
    if not isinstance(enabled, bool):
        raise TypeError(f"set_autocast_enabled(): argument 'enabled' (position 2) must be bool, "
                        f"not {type(enabled).__name__}")
    _check(device_type)
    _set_enabled(device_type, enabled)


def set_autocast_dtype(device_type, dtype):
    """Set the dtype autocast casts to on ``device_type`` in this thread, as
    ``torch.set_autocast_dtype``: ``autocast(device_type)`` without a dtype then uses it.

    Args:
        device_type (str): ``'cpu'`` or ``'cuda'``.
        dtype (tinytorch.dtype): the lower-precision dtype (``autocast`` accepts bfloat16 and
            float16 on the CPU, float16 on cuda).

    Raises:
        TypeError: ``dtype`` is not a tinytorch dtype.

    >>> tinytorch.set_autocast_dtype("cpu", tinytorch.float16)
    >>> with tinytorch.autocast("cpu"):
    ...     (tinytorch.ones(2, 2) @ tinytorch.ones(2, 2)).dtype
    tinytorch.float16
    >>> tinytorch.set_autocast_dtype("cpu", tinytorch.bfloat16)
    """
    if not isinstance(dtype, _dtype.dtype):
        raise TypeError(f"set_autocast_dtype(): argument 'dtype' (position 2) must be "
                        f"torch.dtype, not {type(dtype).__name__}")
    _check(device_type)
    _state.dtype[device_type] = dtype


def _set_enabled(device_type, enabled):
    """Set this thread's switch, keeping ``on`` true while any is set."""
    global on
    delta = int(enabled) - int(_state.enabled[device_type])
    _state.enabled[device_type] = enabled
    if delta:
        with _lock:
            _regions[0] += delta
            on = _regions[0] > 0
