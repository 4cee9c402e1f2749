"""Shared fixtures for the optim tests: deterministic parameters and gradient sequences fed
identically to tinytorch and PyTorch."""

import numpy as np

import tinytorch

SHAPES = [(3, 4), (5,)]


def initial_values(seed=0):
    rng = np.random.RandomState(seed)
    return [rng.randn(*shape) for shape in SHAPES]


def gradient_sequence(steps, seed=1):
    """``steps`` lists of gradients, one per parameter shape."""
    rng = np.random.RandomState(seed)
    return [[rng.randn(*shape) for shape in SHAPES] for _ in range(steps)]


def tt_params(values, device, dtype):
    return [tinytorch.tensor(v, dtype=dtype, device=device, requires_grad=True) for v in values]


def torch_params(torch, values, dtype):
    return [torch.tensor(v, dtype=dtype, requires_grad=True) for v in values]


def set_grads(params, grads, make):
    for p, g in zip(params, grads):
        p.grad = make(g, p)


def tt_grad(g, p):
    return tinytorch.tensor(g, dtype=p.dtype, device=p.device)


def as_numpy(t):
    return t.detach().cpu().numpy()


def both(fn):
    """``fn(tinytorch), fn(torch)``: the same code run by each library."""
    import torch
    return fn(tinytorch), fn(torch)
