"""Hand-written NumPy training steps: the "zero-overhead ceiling" for tinytorch on the CPU.

Each ``make_*`` returns a ``step()`` doing forward, softmax cross-entropy, backward and an
optimizer update (SGD; Adam for the LSTM; Adadelta, shuffled batches and dropout for PyTorch's
MNIST example) with plain NumPy, the way a careful person would write it by hand (float32,
contiguous im2col + one GEMM per convolution, strided-view 2x2 max pooling);
``make_matmul`` is the GEMM's forward and backward alone, and ``make_tiny_graph`` runs the
core issue's tiny graph on a minimal reverse-mode tape.

Threading: by default NumPy's, BLAS on its own threads and everything else on one. With
``split=True`` the GEMM-bound steps (``make_matmul``, ``make_dense``) use tinytorch's
instead (NOTE [CPU threads] in tinytorch/backends/threads.py): BLAS held to one thread, each
large GEMM and the large parameter's update computed in two halves, one on the calling thread
and one on a worker thread. That is the ceiling of a library with tinytorch's threads: its
steps minus the library's own work.
"""

import contextlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.lib.stride_tricks import as_strided
from threadpoolctl import ThreadpoolController

LR = 0.01
_MIN_SPLIT = 1 << 22  # multiply-adds (or elements of an update) from which halves run at once


class _Halves:
    """tinytorch's threading for the ``split`` steps: ``one_blas_thread()`` around a step,
    and work in two halves (the caller's and a worker's) above _MIN_SPLIT."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.blas = ThreadpoolController().select(user_api="blas").lib_controllers

    @contextlib.contextmanager
    def one_blas_thread(self):
        before = [lib.num_threads for lib in self.blas]
        for lib in self.blas:
            lib.set_num_threads(1)
        try:
            yield
        finally:
            for lib, n in zip(self.blas, before):
                lib.set_num_threads(n)

    def run(self, first, second):
        other = self.pool.submit(second)
        first()
        other.result()

    def matmul(self, a, b):
        """``a @ b`` in two halves of the result's longer side, as tinytorch's CPU backend
        splits a GEMM; whole below _MIN_SPLIT multiply-adds."""
        (m, k), n = a.shape, b.shape[1]
        if m * n * k < _MIN_SPLIT:
            return a @ b
        out = np.empty((m, n), np.result_type(a, b))
        if n >= m:
            half = n // 2
            self.run(lambda: np.matmul(a, b[:, :half], out=out[:, :half]),
                     lambda: np.matmul(a, b[:, half:], out=out[:, half:]))
        else:
            half = m // 2
            self.run(lambda: np.matmul(a[:half], b, out=out[:half]),
                     lambda: np.matmul(a[half:], b, out=out[half:]))
        return out

    def sgd(self, p, g):
        """``p -= LR * g``, in two halves of the elements for a large parameter."""
        if p.size < _MIN_SPLIT // 16:  # tinytorch's blocked SGD splits from 256K elements
            p -= LR * g
            return
        fp, fg, half = p.reshape(-1), g.reshape(-1), p.size // 2
        self.run(lambda: fp[:half].__isub__(LR * fg[:half]),
                 lambda: fp[half:].__isub__(LR * fg[half:]))


def _threading(split):
    """(matmul, sgd, context for a step): NumPy's own, or tinytorch's (``_Halves``)."""
    if not split:
        def sgd(p, g):
            p -= LR * g
        return np.matmul, sgd, contextlib.nullcontext
    halves = _Halves()
    return halves.matmul, halves.sgd, halves.one_blas_thread


def _softmax_ce_grad(logits, y):
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    n = logits.shape[0]
    loss = -np.log(p[np.arange(n), y] + 1e-12).mean()
    p[np.arange(n), y] -= 1
    return loss, p / n


def _init(rng, *shape, fan_in):
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, shape).astype(np.float32)


def make_matmul(seed=0, split=False):
    """``(x @ w).sum().backward()``, x (128, 784) without grad, w (784, 512): the forward GEMM,
    the sum, and w's gradient as the same GEMM PyTorch runs, x.T @ ones of the output's shape
    (not the shortcut x.sum(0) broadcast), accumulated into w's gradient as ``.grad`` is.
    ``split``: tinytorch's threading (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((128, 784), dtype=np.float32)
    w = rng.standard_normal((784, 512), dtype=np.float32)
    grad = np.zeros_like(w)
    matmul, _, threading = _threading(split)

    def step():
        with threading():
            y = matmul(x, w)
            loss = y.sum()
            np.add(grad, matmul(x.T, np.ones_like(y)), out=grad)
        return loss
    return step


def make_dense(batch=100, hidden=10, act="sigmoid", seed=0, split=False):
    """784 -> hidden (sigmoid or relu) -> 10, the book's dense net / the MLP. ``split``:
    tinytorch's threading (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, 784), dtype=np.float32)
    y = rng.integers(0, 10, batch)
    w1, b1 = _init(rng, 784, hidden, fan_in=784), _init(rng, hidden, fan_in=784)
    w2, b2 = _init(rng, hidden, 10, fan_in=hidden), _init(rng, 10, fan_in=hidden)
    matmul, sgd, threading = _threading(split)

    def step():
        with threading():
            z1 = matmul(x, w1) + b1
            h = 1 / (1 + np.exp(-z1)) if act == "sigmoid" else np.maximum(z1, 0)
            loss, g = _softmax_ce_grad(h @ w2 + b2, y)
            gw2, gb2 = h.T @ g, g.sum(0)
            gh = g @ w2.T
            gz = gh * h * (1 - h) if act == "sigmoid" else gh * (h > 0)
            gw1, gb1 = matmul(x.T, gz), gz.sum(0)
            for p, gp in ((w1, gw1), (b1, gb1), (w2, gw2), (b2, gb2)):
                sgd(p, gp)
        return loss
    return step


# --- the CNN keeps activations batch last, (C, H, W, N): im2col copies runs of W*N elements,
# the GEMM output (O, H*W*N) is the next layer's layout as is, 2x2 pooling views have
# contiguous inner runs, and no layer needs a transposing copy.
def _conv_forward(x, w, b):
    """x (C,H,W,N), w (O,C,k,k) -> relu-free y (O,H',W',N) = w * x + b, and the im2col matrix."""
    c, h, wd, n = x.shape
    o, _, k, _ = w.shape
    ho, wo = h - k + 1, wd - k + 1
    s = x.strides
    win = as_strided(x, (c, k, k, ho, wo, n), (s[0], s[1], s[2], s[1], s[2], s[3]))
    cols = np.ascontiguousarray(win).reshape(c * k * k, -1)
    y = w.reshape(o, -1) @ cols
    y += b[:, None]
    return y.reshape(o, ho, wo, n), cols


def _conv_backward(g, x_shape, w, cols, need_input=True):
    """g (O,H',W',N) -> (gx (C,H,W,N) or None, gw, gb)."""
    o, ho, wo, n = g.shape
    c, k = w.shape[1], w.shape[2]
    g2 = g.reshape(o, -1)
    gw = (g2 @ cols.T).reshape(w.shape)
    gb = g2 @ np.ones(g2.shape[1], dtype=g.dtype)
    if not need_input:
        return None, gw, gb
    gcols = (w.reshape(o, -1).T @ g2).reshape(c, k, k, ho, wo, n)
    gx = np.zeros(x_shape, dtype=g.dtype)
    for i in range(k):  # k*k strided adds (col2im), not a loop over batch or channels
        for j in range(k):
            gx[:, i:i + ho, j:j + wo] += gcols[:, i, j]
    return gx, gw, gb


def _pool_forward(x):
    """2x2 max pool of x (C,H,W,N) and the window position (0..3, row-major) of each first
    maximum, as PyTorch routes the gradient."""
    a, b = x[:, 0::2, 0::2], x[:, 0::2, 1::2]
    c, d = x[:, 1::2, 0::2], x[:, 1::2, 1::2]
    top, bottom = np.maximum(a, b), np.maximum(c, d)
    code = np.where(bottom > top, (d > c).view(np.int8) + np.int8(2), (b > a).view(np.int8))
    return np.maximum(top, bottom, out=top), code


def _pool_backward(g, code):
    c, h2, w2, n = g.shape
    gx = np.empty((c, 2 * h2, 2 * w2, n), dtype=g.dtype)
    for pos in range(4):  # the four window positions, not a loop over data
        np.multiply(g, code == pos, out=gx[:, pos // 2::2, pos % 2::2])
    return gx


def make_cnn(batch=100, seed=0):
    """The book's CNN: conv 32@5x5, relu, pool 2, conv 64@5x5, relu, pool 2, linear 1024->10."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, batch)
    w1, b1 = _init(rng, 32, 1, 5, 5, fan_in=25), _init(rng, 32, fan_in=25)
    w2, b2 = _init(rng, 64, 32, 5, 5, fan_in=800), _init(rng, 64, fan_in=800)
    w3, b3 = _init(rng, 1024, 10, fan_in=1024), _init(rng, 10, fan_in=1024)

    def step():
        xl = np.ascontiguousarray(x.transpose(1, 2, 3, 0))  # NCHW as given -> batch last
        c1, cols1 = _conv_forward(xl, w1, b1)
        a1 = np.maximum(c1, 0, out=c1)
        p1, m1 = _pool_forward(a1)
        c2, cols2 = _conv_forward(p1, w2, b2)
        a2 = np.maximum(c2, 0, out=c2)
        p2, m2 = _pool_forward(a2)
        flat_t = p2.reshape(-1, batch)  # (1024, N): PyTorch's (C, H, W) flattening order
        loss, g = _softmax_ce_grad((w3.T @ flat_t).T + b3, y)
        gw3, gb3 = flat_t @ g, g.sum(0)
        gp2 = (w3 @ g.T).reshape(p2.shape)
        ga2 = _pool_backward(gp2, m2)
        ga2 *= a2 > 0
        gp1, gw2, gb2 = _conv_backward(ga2, p1.shape, w2, cols2)
        ga1 = _pool_backward(gp1, m1)
        ga1 *= a1 > 0
        _, gw1, gb1 = _conv_backward(ga1, xl.shape, w1, cols1, need_input=False)
        for p, gp in ((w1, gw1), (b1, gb1), (w2, gw2), (b2, gb2), (w3, gw3), (b3, gb3)):
            p -= LR * gp
        return loss
    return step


def _adam(params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """An Adam update of (parameter, gradient) pairs, as PyTorch's single-tensor Adam."""
    state = {id(p): [np.zeros_like(p), np.zeros_like(p)] for p in params}
    step = [0]

    def update(pairs):
        step[0] += 1
        for p, g in pairs:
            m, v = state[id(p)]
            m += (1 - beta1) * (g - m)
            v *= beta2
            v += (1 - beta2) * (g * g)
            denom = np.sqrt(v) / np.sqrt(1 - beta2 ** step[0]) + eps
            p -= lr / (1 - beta1 ** step[0]) * (m / denom)
    return update


def _adadelta(params, lr=1.0, rho=0.9, eps=1e-6):
    """An Adadelta update of (parameter, gradient) pairs, as PyTorch's single-tensor Adadelta
    (weight_decay 0)."""
    state = {id(p): [np.zeros_like(p), np.zeros_like(p)] for p in params}

    def update(pairs):
        for p, g in pairs:
            square_avg, acc_delta = state[id(p)]
            square_avg *= rho
            square_avg += (1 - rho) * (g * g)
            std = np.sqrt(square_avg + eps)
            delta = np.sqrt(acc_delta + eps)
            delta /= std
            delta *= g
            acc_delta *= rho
            acc_delta += (1 - rho) * (delta * delta)
            delta *= lr
            p -= delta
    return update


def _dropout_mask(rng, shape, p):
    """Inverted dropout's float32 mask: 0 with probability p, else 1 / (1 - p)."""
    keep = rng.random(shape, dtype=np.float32) >= p
    return np.multiply(keep, np.float32(1 / (1 - p)), dtype=np.float32)


def make_mnist_script(n=6400, batch=64, seed=0, dropout=True):
    """PyTorch's MNIST example: a shuffled epoch of n images drawn batch by batch (a
    permutation per epoch, then a gather of the batch's rows: the DataLoader's work), conv
    32@3x3, relu, conv 64@3x3, relu, pool 2, dropout 0.25, Linear 9216->128, relu, dropout
    0.5, Linear 128->10, log_softmax + nll_loss, Adadelta(lr=1.0). Random numbers come from
    one generator: the data, the parameters, then per step the epoch's permutation (at its
    start) and the two dropout masks."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32)  # (n, 1, 28, 28), one row per image
    labels = rng.integers(0, 10, n)
    w1, b1 = _init(rng, 32, 1, 3, 3, fan_in=9), _init(rng, 32, fan_in=9)
    w2, b2 = _init(rng, 64, 32, 3, 3, fan_in=288), _init(rng, 64, fan_in=288)
    w3, b3 = _init(rng, 128, 9216, fan_in=9216), _init(rng, 128, fan_in=9216)
    w4, b4 = _init(rng, 10, 128, fan_in=128), _init(rng, 10, fan_in=128)
    adadelta = _adadelta([w1, b1, w2, b2, w3, b3, w4, b4])
    order, start = None, n  # the epoch's permutation and the next batch's offset

    def step():
        nonlocal order, start
        if start >= n:
            order, start = rng.permutation(n), 0
        rows = order[start:start + batch]
        start += batch
        m = len(rows)
        xl = np.ascontiguousarray(images[rows].T).reshape(1, 28, 28, m)  # batch last
        y = labels[rows]
        c1, cols1 = _conv_forward(xl, w1, b1)
        a1 = np.maximum(c1, 0, out=c1)
        c2, cols2 = _conv_forward(a1, w2, b2)
        a2 = np.maximum(c2, 0, out=c2)
        p2, code = _pool_forward(a2)
        flat = p2.reshape(-1, m)  # (9216, N): PyTorch's (C, H, W) flattening order
        if dropout:
            mask1 = _dropout_mask(rng, flat.shape, 0.25)
            flat *= mask1
        h = w3 @ flat
        h += b3[:, None]
        np.maximum(h, 0, out=h)
        if dropout:
            mask2 = _dropout_mask(rng, h.shape, 0.5)
            h *= mask2
        loss, g = _softmax_ce_grad((w4 @ h).T + b4, y)
        gw4, gb4 = g.T @ h.T, g.sum(0)
        gh = w4.T @ g.T
        if dropout:
            gh *= mask2
        gh *= h > 0
        gw3, gb3 = gh @ flat.T, gh.sum(1)
        gflat = w3.T @ gh
        if dropout:
            gflat *= mask1
        ga2 = _pool_backward(gflat.reshape(p2.shape), code)
        ga2 *= a2 > 0
        ga1, gw2, gb2 = _conv_backward(ga2, a1.shape, w2, cols2)
        ga1 *= a1 > 0
        _, gw1, gb1 = _conv_backward(ga1, xl.shape, w1, cols1, need_input=False)
        adadelta([(w1, gw1), (b1, gb1), (w2, gw2), (b2, gb2), (w3, gw3), (b3, gb3),
                  (w4, gw4), (b4, gb4)])
        return loss
    return step


def make_lstm(batch=100, steps=28, features=28, hidden=128, seed=0):
    """LSTM(28, 128) over 28 steps, a Linear head on the last step, cross-entropy, Adam; the
    input projection of every step is one GEMM, and so is each weight gradient after the
    backward loop (what a per-step autograd tape cannot do)."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, steps, features), dtype=np.float32)
    y = rng.integers(0, 10, batch)
    h4 = 4 * hidden
    w_ih, w_hh = _init(rng, h4, features, fan_in=hidden), _init(rng, h4, hidden, fan_in=hidden)
    b = _init(rng, h4, fan_in=hidden)  # b_ih + b_hh: one gradient serves both
    w_o, b_o = _init(rng, 10, hidden, fan_in=hidden), _init(rng, 10, fan_in=hidden)
    scale = np.ones(h4, np.float32)
    scale[2 * hidden:3 * hidden] = 2  # tanh(x) = 2 σ(2x) - 1: one exp for all four gates
    adam = _adam([w_ih, w_hh, b, w_o, b_o])

    def step():
        xs = np.ascontiguousarray(x.transpose(1, 0, 2)).reshape(steps * batch, features)
        pre = (xs @ w_ih.T + b).reshape(steps, batch, h4)
        hs = np.zeros((steps + 1, batch, hidden), np.float32)  # hs[t] is h before step t
        cs = np.zeros((steps + 1, batch, hidden), np.float32)
        acts = np.empty((steps, batch, h4), np.float32)
        tanh_cs = np.empty((steps, batch, hidden), np.float32)
        for t in range(steps):
            a = acts[t]
            np.add(pre[t], hs[t] @ w_hh.T, out=a)
            a *= -scale
            np.exp(a, out=a)
            a += 1
            np.reciprocal(a, out=a)
            a[:, 2 * hidden:3 * hidden] *= 2
            a[:, 2 * hidden:3 * hidden] -= 1
            i, f, g, o = np.split(a, 4, axis=1)
            np.multiply(f, cs[t], out=cs[t + 1])
            cs[t + 1] += i * g
            np.tanh(cs[t + 1], out=tanh_cs[t])
            np.multiply(o, tanh_cs[t], out=hs[t + 1])
        loss, gl = _softmax_ce_grad(hs[steps] @ w_o.T + b_o, y)
        gw_o, gb_o = gl.T @ hs[steps], gl.sum(0)
        dh, dc = gl @ w_o, np.zeros((batch, hidden), np.float32)
        d_acts = np.empty_like(acts)
        for t in range(steps - 1, -1, -1):
            i, f, g, o = np.split(acts[t], 4, axis=1)
            dc += dh * o * (1 - tanh_cs[t] * tanh_cs[t])
            d = d_acts[t]
            np.multiply(dc * g, i * (1 - i), out=d[:, :hidden])
            np.multiply(dc * cs[t], f * (1 - f), out=d[:, hidden:2 * hidden])
            np.multiply(dc * i, 1 - g * g, out=d[:, 2 * hidden:3 * hidden])
            np.multiply(dh * tanh_cs[t], o * (1 - o), out=d[:, 3 * hidden:])
            dh = d @ w_hh
            dc *= f
        d_flat = d_acts.reshape(steps * batch, h4)
        gw_hh = d_flat.T @ hs[:steps].reshape(steps * batch, hidden)
        gw_ih, gb = d_flat.T @ xs, d_flat.sum(0)
        adam([(w_ih, gw_ih), (w_hh, gw_hh), (b, gb), (w_o, gw_o), (b_o, gb_o)])
        return loss
    return step


# --- the tiny graph: the leanest reverse-mode tape Python allows ------------------------------
class _Var:
    """A value, its gradient and the (backward function, inputs) that made it: no dtype,
    device, version or hook bookkeeping, no error checks."""
    __slots__ = ("data", "grad", "backward", "inputs")

    def __init__(self, data, backward=None, inputs=()):
        self.data, self.grad, self.backward, self.inputs = data, None, backward, inputs

    def __mul__(self, other):
        a, b = self.data, other.data
        return _Var(a * b, lambda g: (g * b, g * a), (self, other))

    def __add__(self, other):
        return _Var(self.data + other.data, lambda g: (g, g), (self, other))

    def sum(self):
        shape = self.data.shape
        return _Var(np.asarray(self.data.sum()), lambda g: (np.broadcast_to(g, shape),), (self,))


def _tape_backward(root):
    deps, stack = {}, [root]
    while stack:  # count the uses of every non-leaf, iteratively
        for v in stack.pop().inputs:
            if v.backward is not None:
                deps[v] = deps.get(v, 0) + 1
                if deps[v] == 1:
                    stack.append(v)
    grads, ready = {root: np.ones((), root.data.dtype)}, [root]
    while ready:
        v = ready.pop()
        for inp, g in zip(v.inputs, v.backward(grads.pop(v))):
            if inp.backward is None:  # a leaf: accumulate
                inp.grad = g.copy() if inp.grad is None else np.add(inp.grad, g, out=inp.grad)
                continue
            grads[inp] = g if inp not in grads else grads[inp] + g
            deps[inp] -= 1
            if not deps[inp]:
                ready.append(inp)


def make_tiny_graph(n=10, seed=0):
    """``(a*b + c).sum().backward()`` on (n, n) float32 on the leanest tape above: the floor
    for any Python autograd library on this machine."""
    rng = np.random.default_rng(seed)
    a, b, c = (_Var(rng.standard_normal((n, n), dtype=np.float32)) for _ in range(3))

    def step():
        _tape_backward((a * b + c).sum())
    return step
