"""Row-wise softmax, log-softmax and fused cross-entropy (``kernels/softmax.cu``): one block
per row with shared-memory reductions."""

import cupy

from tinytorch.backends.cuda import _launch


def _rows(a, axis):
    """``a`` with ``axis`` moved last (a view; the launch makes it contiguous)."""
    return cupy.moveaxis(a, axis, -1)


def _unrows(out, axis):
    return cupy.ascontiguousarray(cupy.moveaxis(out, -1, axis))


def _softmax(x, axis, log_out):
    xr = _rows(x, axis)
    y = cupy.empty(xr.shape, dtype=x.dtype)
    cols = xr.shape[-1] if xr.ndim else 1
    rows = y.size // cols if cols else 0
    _launch.launch("softmax", "tt_softmax_forward", x.dtype, rows, (xr, y, cols, log_out))
    return _unrows(y, axis)


def _softmax_backward(g, y, axis, log_out):
    gr, yr = _rows(g, axis), _rows(y, axis)
    gx = cupy.empty(yr.shape, dtype=y.dtype)
    cols = yr.shape[-1] if yr.ndim else 1
    rows = gx.size // cols if cols else 0
    _launch.launch("softmax", "tt_softmax_backward", y.dtype, rows, (gr, yr, gx, cols, log_out))
    return _unrows(gx, axis)


class CudaSoftmaxKernels:
    """Mixin: raw-kernel softmax family for float32/float64, else the inherited kernels."""

    def softmax(self, x, axis):
        if not _launch.supported(x) or x.ndim == 0:
            return super().softmax(x, axis)
        return _softmax(x, axis, False)

    def log_softmax(self, x, axis):
        if not _launch.supported(x) or x.ndim == 0:
            return super().log_softmax(x, axis)
        return _softmax(x, axis, True)

    def softmax_backward(self, g, y, axis):
        if not _launch.supported(g, y) or g.shape != y.shape or y.ndim == 0:
            return super().softmax_backward(g, y, axis)
        return _softmax_backward(g, y, axis, False)

    def log_softmax_backward(self, g, y, axis):
        if not _launch.supported(g, y) or g.shape != y.shape or y.ndim == 0:
            return super().log_softmax_backward(g, y, axis)
        return _softmax_backward(g, y, axis, True)

    def cross_entropy(self, logits, target, weight, ignore_index, label_smoothing):
        """See NOTE [Cross-entropy with label smoothing] in kernels/softmax.cu."""
        arrays = (logits,) if weight is None else (logits, weight)
        if not _launch.supported(*arrays) or logits.ndim != 2:
            return super().cross_entropy(logits, target, weight, ignore_index, label_smoothing)
        n, c = logits.shape
        losses = cupy.empty((n,), dtype=logits.dtype)
        log_probs = cupy.empty((n, c), dtype=logits.dtype)
        _launch.launch("softmax", "tt_cross_entropy_forward", logits.dtype, n if c else 0,
                       (logits, target.astype(cupy.int64, copy=False), weight, losses,
                        log_probs, c, _no_ignore(ignore_index), float(label_smoothing)))
        return losses, log_probs

    def cross_entropy_backward(self, grad_losses, log_probs, target, weight, ignore_index,
                               label_smoothing):
        arrays = (grad_losses, log_probs) + (() if weight is None else (weight,))
        if not _launch.supported(*arrays) or log_probs.ndim != 2:
            return super().cross_entropy_backward(grad_losses, log_probs, target, weight,
                                                  ignore_index, label_smoothing)
        n, c = log_probs.shape
        gx = cupy.empty((n, c), dtype=log_probs.dtype)
        _launch.launch("softmax", "tt_cross_entropy_backward", log_probs.dtype, n if c else 0,
                       (cupy.broadcast_to(grad_losses, (n,)),
                        log_probs, target.astype(cupy.int64, copy=False), weight, gx, c,
                        _no_ignore(ignore_index), float(label_smoothing)))
        return gx


def _no_ignore(ignore_index):
    """The kernels' ignore_index: None (no target is ignored, all are in [0, C)) reads as -1."""
    return -1 if ignore_index is None else ignore_index
