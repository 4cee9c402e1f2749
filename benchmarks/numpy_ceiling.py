"""Hand-written NumPy training steps: the "zero-overhead ceiling" for tinytorch on the CPU.

Each ``make_*`` returns a ``step()`` doing forward, softmax cross-entropy, backward and an
SGD update with plain NumPy, the way a careful person would write it by hand (float32,
contiguous im2col + one GEMM per convolution, reshape-based 2x2 max pooling).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

LR = 0.01


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


def make_dense(batch=100, hidden=10, act="sigmoid", seed=0):
    """784 -> hidden (sigmoid or relu) -> 10, the book's dense net / the MLP."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, 784), dtype=np.float32)
    y = rng.integers(0, 10, batch)
    w1, b1 = _init(rng, 784, hidden, fan_in=784), _init(rng, hidden, fan_in=784)
    w2, b2 = _init(rng, hidden, 10, fan_in=hidden), _init(rng, 10, fan_in=hidden)

    def step():
        z1 = x @ w1 + b1
        h = 1 / (1 + np.exp(-z1)) if act == "sigmoid" else np.maximum(z1, 0)
        loss, g = _softmax_ce_grad(h @ w2 + b2, y)
        gw2, gb2 = h.T @ g, g.sum(0)
        gh = g @ w2.T
        gz = gh * h * (1 - h) if act == "sigmoid" else gh * (h > 0)
        gw1, gb1 = x.T @ gz, gz.sum(0)
        for p, gp in ((w1, gw1), (b1, gb1), (w2, gw2), (b2, gb2)):
            p -= LR * gp
        return loss
    return step


def _conv_forward(x, w):
    """x (N,C,H,W), w (O,C,k,k) -> y (N,O,H',W') and the im2col matrix."""
    n, c, _, _ = x.shape
    o, _, k, _ = w.shape
    win = sliding_window_view(x, (k, k), axis=(2, 3))  # N,C,H',W',k,k
    ho, wo = win.shape[2], win.shape[3]
    cols = np.ascontiguousarray(win.transpose(0, 2, 3, 1, 4, 5)).reshape(n * ho * wo, c * k * k)
    y = cols @ w.reshape(o, -1).T  # (N*H'*W', O)
    return y.reshape(n, ho, wo, o).transpose(0, 3, 1, 2), cols


def _conv_backward(g, x_shape, w, cols):
    n, c, h, wd = x_shape
    o, _, k, _ = w.shape
    g2 = np.ascontiguousarray(g.transpose(0, 2, 3, 1)).reshape(-1, o)
    gw = (g2.T @ cols).reshape(w.shape)
    gcols = (g2 @ w.reshape(o, -1)).reshape(n, g.shape[2], g.shape[3], c, k, k)
    gx = np.zeros(x_shape, dtype=g.dtype)
    for i in range(k):  # k*k strided adds (col2im), not a loop over batch or channels
        for j in range(k):
            gx[:, :, i:i + g.shape[2], j:j + g.shape[3]] += gcols[..., i, j].transpose(0, 3, 1, 2)
    return gx, gw, g2.sum(0)


def _pool_forward(x):
    n, c, h, w = x.shape
    r = x.reshape(n, c, h // 2, 2, w // 2, 2)
    y = r.max(axis=(3, 5))
    mask = r == y[:, :, :, None, :, None]
    return y, mask


def _pool_backward(g, mask):
    out = mask * g[:, :, :, None, :, None]
    n, c, h2, _, w2, _ = out.shape
    return out.reshape(n, c, h2 * 2, w2 * 2)


def make_cnn(batch=100, seed=0):
    """The book's CNN: conv 32@5x5, relu, pool 2, conv 64@5x5, relu, pool 2, linear 1024->10."""
    rng = np.random.default_rng(seed)
    x = rng.random((batch, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, batch)
    w1, b1 = _init(rng, 32, 1, 5, 5, fan_in=25), _init(rng, 32, fan_in=25)
    w2, b2 = _init(rng, 64, 32, 5, 5, fan_in=800), _init(rng, 64, fan_in=800)
    w3, b3 = _init(rng, 1024, 10, fan_in=1024), _init(rng, 10, fan_in=1024)

    def step():
        c1, cols1 = _conv_forward(x, w1)
        a1 = np.maximum(c1 + b1[:, None, None], 0)
        p1, m1 = _pool_forward(a1)
        c2, cols2 = _conv_forward(p1, w2)
        a2 = np.maximum(c2 + b2[:, None, None], 0)
        p2, m2 = _pool_forward(a2)
        flat = p2.reshape(batch, -1)
        loss, g = _softmax_ce_grad(flat @ w3 + b3, y)
        gw3, gb3 = flat.T @ g, g.sum(0)
        gp2 = (g @ w3.T).reshape(p2.shape)
        ga2 = _pool_backward(gp2, m2) * (a2 > 0)
        gp1, gw2, gb2 = _conv_backward(ga2, p1.shape, w2, cols2)
        ga1 = _pool_backward(gp1, m1) * (a1 > 0)
        _, gw1, gb1 = _conv_backward(ga1, x.shape, w1, cols1)
        for p, gp in ((w1, gw1), (b1, gb1), (w2, gw2), (b2, gb2), (w3, gw3), (b3, gb3)):
            p -= LR * gp
        return loss
    return step
