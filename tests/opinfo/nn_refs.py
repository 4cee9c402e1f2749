"""Independent NumPy references for the nn op database, written from the definitions
(loops over windows and samples are fine in tests)."""

import math

import numpy as np

_erf = np.vectorize(math.erf)


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# --- activations ---------------------------------------------------------------------------------
def relu(x):
    return np.maximum(x, 0)


def relu6(x):
    return np.minimum(np.maximum(x, 0), 6)


def hardtanh(x, min_val=-1.0, max_val=1.0):
    return np.minimum(np.maximum(x, min_val), max_val)


def leaky_relu(x, negative_slope=0.01):
    return np.where(x > 0, x, negative_slope * x)


def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * (np.exp(x) - 1))


def selu(x):
    return 1.0507009873554804934193349852946 * elu(x, 1.6732632423543772848170429916717)


def gelu(x, approximate="none"):
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def silu(x):
    return x * sigmoid(x)


def softplus(x, beta=1.0, threshold=20.0):
    return np.where(beta * x > threshold, x, np.log1p(np.exp(beta * x)) / beta)


def tanh(x):
    return np.tanh(x)


def softmax(x, dim):
    e = np.exp(x - x.max(axis=dim, keepdims=True))
    return e / e.sum(axis=dim, keepdims=True)


def log_softmax(x, dim):
    return np.log(softmax(x, dim))


# --- linear and friends ----------------------------------------------------------------------
def linear(x, w, b=None):
    y = x @ w.T
    return y if b is None else y + b


def bilinear(x1, x2, w, b):
    y = np.zeros((x1.shape[0], w.shape[0]))
    for n in range(x1.shape[0]):
        for o in range(w.shape[0]):
            y[n, o] = x1[n] @ w[o] @ x2[n] + b[o]
    return y


def embedding_renorm(idx, w, max_norm, norm_type):
    """A copy of w whose rows at idx with a norm_type-norm over max_norm are scaled to it."""
    w = w.copy()
    for i in np.unique(idx):
        norm = np.linalg.norm(w[i], norm_type)
        if norm > max_norm:
            w[i] *= max_norm / (norm + 1e-7)
    return w


def embedding(idx, w, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False):
    return (w if max_norm is None else embedding_renorm(idx, w, max_norm, norm_type))[idx]


def one_hot(idx, num_classes):
    return np.eye(num_classes, dtype=np.int64)[idx].reshape(idx.shape + (num_classes,))


def pad(x, pad, value=0.0):
    widths = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        widths[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    return np.pad(x, widths, constant_values=value)


def pad_mode(x, pad, mode):
    widths = [(0, 0)] * x.ndim
    for i in range(len(pad) // 2):
        widths[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    return np.pad(x, widths, mode={"reflect": "reflect", "replicate": "edge",
                                   "circular": "wrap"}[mode])


def normalize(x, dim):
    norm = np.sqrt((x * x).sum(axis=dim, keepdims=True))
    return x / np.maximum(norm, 1e-12)


def cosine_similarity(x1, x2, dim):
    return (normalize(x1, dim) * normalize(x2, dim)).sum(axis=dim)


# --- convolution ---------------------------------------------------------------------------------
def _same_pads(k, d):
    total = d * (k - 1)
    return total // 2, total - total // 2


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    (sh, sw), (dh, dw) = pair(stride), pair(dilation)
    o, cg, kh, kw = w.shape
    if padding == "valid":
        padding = 0
    if padding == "same":
        pads = [_same_pads(kh, dh), _same_pads(kw, dw)]
    else:
        ph, pw = pair(padding)
        pads = [(ph, ph), (pw, pw)]
    xp = np.pad(x, [(0, 0), (0, 0)] + pads)
    n, c, hp, wp = xp.shape
    ho, wo = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1
    y = np.zeros((n, o, ho, wo))
    per = o // groups
    for oc in range(o):
        g = oc // per
        for i in range(ho):
            for j in range(wo):
                win = xp[:, g * cg:(g + 1) * cg, i * sh:i * sh + dh * (kh - 1) + 1:dh,
                         j * sw:j * sw + dw * (kw - 1) + 1:dw]
                y[:, oc, i, j] = (win * w[oc]).sum(axis=(1, 2, 3))
    return y if b is None else y + b[None, :, None, None]


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    pad2 = padding if isinstance(padding, str) else (0, padding)
    y = conv2d(x[:, :, None], w[:, :, None], b, (1, stride), pad2, (1, dilation), groups)
    return y[:, :, 0]


def conv_transpose2d(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
    oph, opw = pair(output_padding)
    n, cin, h, wd = x.shape
    _, og, kh, kw = w.shape
    ho = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1
    wo = (wd - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1
    full = np.zeros((n, og * groups, ho + 2 * ph + sh + dh * kh, wo + 2 * pw + sw + dw * kw))
    per = cin // groups
    for ci in range(cin):
        g = ci // per
        for i in range(h):
            for j in range(wd):
                for a in range(kh):
                    for c in range(kw):
                        full[:, g * og:(g + 1) * og, i * sh + a * dh, j * sw + c * dw] += \
                            x[:, ci, i, j][:, None] * w[ci, :, a, c]
    y = full[:, :, ph:ph + ho, pw:pw + wo]
    return y if b is None else y + b[None, :, None, None]


# --- pooling ----------------------------------------------------------------------------------
def _out(n, k, s, p, d, ceil):
    span = n + 2 * p - d * (k - 1) - 1
    o = (-(-span // s) if ceil else span // s) + 1
    if ceil and (o - 1) * s >= n + p:
        o -= 1
    return o


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    (kh, kw) = pair(kernel_size)
    (sh, sw) = pair(stride if stride is not None else kernel_size)
    (ph, pw), (dh, dw) = pair(padding), pair(dilation)
    n, c, h, w = x.shape
    ho, wo = _out(h, kh, sh, ph, dh, ceil_mode), _out(w, kw, sw, pw, dw, ceil_mode)
    y = np.full((n, c, ho, wo), -np.inf)
    idx = np.zeros((n, c, ho, wo), dtype=np.int64)
    for i in range(ho):
        for j in range(wo):
            for a in range(kh):
                for b in range(kw):
                    r, q = i * sh - ph + a * dh, j * sw - pw + b * dw
                    if 0 <= r < h and 0 <= q < w:
                        better = x[:, :, r, q] > y[:, :, i, j]
                        y[:, :, i, j] = np.where(better, x[:, :, r, q], y[:, :, i, j])
                        idx[:, :, i, j] = np.where(better, r * w + q, idx[:, :, i, j])
    return (y, idx) if return_indices else y


def max_pool1d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    out = max_pool2d(x[:, :, None], (1, kernel_size), (1, stride or kernel_size), (0, padding),
                     (1, dilation), ceil_mode, True)
    y, idx = out[0][:, :, 0], out[1][:, :, 0]
    return (y, idx) if return_indices else y


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    (kh, kw) = pair(kernel_size)
    (sh, sw) = pair(stride if stride is not None else kernel_size)
    (ph, pw) = pair(padding)
    n, c, h, w = x.shape
    ho, wo = _out(h, kh, sh, ph, 1, ceil_mode), _out(w, kw, sw, pw, 1, ceil_mode)
    y = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            r0, q0 = i * sh - ph, j * sw - pw
            r1, q1 = min(r0 + kh, h + ph), min(q0 + kw, w + pw)
            area = (r1 - r0) * (q1 - q0)
            r0c, q0c, r1c, q1c = max(r0, 0), max(q0, 0), min(r1, h), min(q1, w)
            total = x[:, :, r0c:r1c, q0c:q1c].sum(axis=(2, 3))
            div = divisor_override or (area if count_include_pad else (r1c - r0c) * (q1c - q0c))
            y[:, :, i, j] = total / div
    return y


def avg_pool1d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return avg_pool2d(x[:, :, None], (1, kernel_size), (1, stride or kernel_size), (0, padding),
                      ceil_mode, count_include_pad)[:, :, 0]


def _bounds(n, o, i):
    return (i * n) // o, -(-((i + 1) * n) // o)


def _adaptive(x, output_size, reduce):
    n, c, h, w = x.shape
    oh, ow = (h if output_size[0] is None else output_size[0],
              w if output_size[1] is None else output_size[1])
    out = np.zeros((n, c, oh, ow))
    idx = np.zeros((n, c, oh, ow), dtype=np.int64)
    for i in range(oh):
        for j in range(ow):
            (r0, r1), (q0, q1) = _bounds(h, oh, i), _bounds(w, ow, j)
            win = x[:, :, r0:r1, q0:q1]
            out[:, :, i, j] = reduce(win)
            flat = win.reshape(n, c, -1).argmax(-1)
            idx[:, :, i, j] = (r0 + flat // (q1 - q0)) * w + q0 + flat % (q1 - q0)
    return out, idx


def adaptive_avg_pool2d(x, output_size):
    return _adaptive(x, output_size, lambda v: v.mean(axis=(2, 3)))[0]


def adaptive_max_pool2d(x, output_size):
    return _adaptive(x, output_size, lambda v: v.max(axis=(2, 3)))[0]


def interpolate(x, size=None, scale_factor=None, mode="nearest", align_corners=None):
    n, c, h, w = x.shape
    oh, ow = size if size is not None else (h * scale_factor, w * scale_factor)
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            if mode == "nearest":
                y[:, :, i, j] = x[:, :, min(int(i * h / oh), h - 1), min(int(j * w / ow), w - 1)]
                continue
            (a0, a1, la), (b0, b1, lb) = (_linear_src(i, h, oh, align_corners),
                                          _linear_src(j, w, ow, align_corners))
            y[:, :, i, j] = ((1 - la) * (1 - lb) * x[:, :, a0, b0] + (1 - la) * lb * x[:, :, a0, b1]
                             + la * (1 - lb) * x[:, :, a1, b0] + la * lb * x[:, :, a1, b1])
    return y


def _linear_src(i, n, o, align_corners):
    if align_corners:
        src = i * (n - 1) / (o - 1) if o > 1 else 0.0
    else:
        src = max((i + 0.5) * n / o - 0.5, 0.0)
    i0 = min(int(math.floor(src)), n - 1)
    return i0, min(i0 + 1, n - 1), src - i0


# --- normalisation ---------------------------------------------------------------------------
def batch_norm(x, w, b, running_mean=None, running_var=None, training=True, momentum=0.1,
               eps=1e-5):
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if training:
        mean, var = x.mean(axis=axes), x.var(axis=axes)
    else:
        mean, var = running_mean, running_var
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    return y * w.reshape(shape) + b.reshape(shape)


def layer_norm(x, w, b, normalized_shape, eps=1e-5):
    axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
    y = (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    return y if w is None else y * w + b


def group_norm(x, w, b, num_groups, eps=1e-5):
    n, c = x.shape[:2]
    g = x.reshape(n, num_groups, -1)
    y = ((g - g.mean(-1, keepdims=True)) / np.sqrt(g.var(-1, keepdims=True) + eps))
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y.reshape(x.shape) * w.reshape(shape) + b.reshape(shape)


# --- losses -------------------------------------------------------------------------------------
def reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _classes_last(x):
    """(N, C, d...) -> (N*d, C); (C,) -> (1, C)."""
    if x.ndim == 1:
        return x[None]
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def cross_entropy(x, t, weight=None, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    logits, flat = _classes_last(x), t.reshape(-1)
    c = logits.shape[1]
    w = np.ones(c) if weight is None else weight
    losses, denom = np.zeros(len(flat)), 0.0
    for i, k in enumerate(flat):
        if k == ignore_index:
            continue
        lp = logits[i] - logits[i].max()
        lp = lp - np.log(np.exp(lp).sum())
        losses[i] = (-(1 - label_smoothing) * w[k] * lp[k]
                     - label_smoothing / c * (w * lp).sum())
        denom += w[k]
    if reduction == "mean":
        return losses.sum() / denom
    return reduce(losses.reshape(t.shape), reduction)


def cross_entropy_probs(x, t, reduction="mean", label_smoothing=0.0):
    dim = 1 if x.ndim > 1 else 0
    c = x.shape[dim]
    t = t * (1 - label_smoothing) + label_smoothing / c
    return reduce(-(log_softmax(x, dim) * t).sum(axis=dim), reduction)


def nll_loss(x, t, weight=None, ignore_index=-100, reduction="mean"):
    lp, flat = _classes_last(x), t.reshape(-1)
    w = np.ones(lp.shape[1]) if weight is None else weight
    losses = np.array([0.0 if k == ignore_index else -w[k] * lp[i, k]
                       for i, k in enumerate(flat)])
    if reduction == "mean":
        return losses.sum() / sum(w[k] for k in flat if k != ignore_index)
    return reduce(losses.reshape(t.shape), reduction)


def mse_loss(x, t, reduction="mean"):
    return reduce((x - t) ** 2, reduction)


def l1_loss(x, t, reduction="mean"):
    return reduce(np.abs(x - t), reduction)


def smooth_l1_loss(x, t, reduction="mean", beta=1.0):
    d = np.abs(x - t)
    return reduce(np.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(x, t, reduction="mean", delta=1.0):
    d = np.abs(x - t)
    return reduce(np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def binary_cross_entropy(p, y, weight=None, reduction="mean"):
    loss = -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))
    return reduce(loss if weight is None else loss * weight, reduction)


def binary_cross_entropy_with_logits(x, y, reduction="mean", pos_weight=None):
    pw = 1.0 if pos_weight is None else pos_weight
    loss = -(pw * y * np.log(sigmoid(x)) + (1 - y) * np.log(1 - sigmoid(x)))
    return reduce(loss, reduction)


def kl_div(x, t, reduction="mean", log_target=False):
    loss = np.exp(t) * (t - x) if log_target else t * (np.log(t) - x)
    if reduction == "batchmean":
        return loss.sum() / x.shape[0]
    return reduce(loss, reduction)
