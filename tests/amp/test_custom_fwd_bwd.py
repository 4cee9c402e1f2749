"""torch.amp.custom_fwd / custom_bwd on a custom Function against PyTorch: inputs cast with
autocast off inside forward (cast_inputs), forward under the caller's autocast state
(without), backward under forward's state and dtype, nothing outside an autocast region, and
the gradient of a bfloat16 input computed in float32 cast back by the engine."""

import warnings

import pytest

import tinytorch as tt

torch = pytest.importorskip("torch")


def _name(dtype):
    return str(dtype).split(".")[-1]


def _run(L):
    log = []

    class Matmul(L.autograd.Function):
        @staticmethod
        @L.amp.custom_fwd(device_type="cpu", cast_inputs=L.float32)
        def forward(ctx, x, w):
            log.append(("fwd", _name(x.dtype), _name(w.dtype), L.is_autocast_enabled("cpu")))
            ctx.save_for_backward(x, w)
            return x @ w

        @staticmethod
        @L.amp.custom_bwd(device_type="cpu")
        def backward(ctx, g):
            log.append(("bwd", L.is_autocast_enabled("cpu"), _name(g.dtype)))
            x, w = ctx.saved_tensors
            return g @ w.t(), x.t() @ g

    class Gram(L.autograd.Function):
        @staticmethod
        @L.amp.custom_fwd(device_type="cpu")
        def forward(ctx, x):
            log.append(("fwd", L.is_autocast_enabled("cpu"), _name(x.dtype)))
            return x @ x.t()

        @staticmethod
        @L.amp.custom_bwd(device_type="cpu")
        def backward(ctx, g):
            log.append(("bwd", L.is_autocast_enabled("cpu"), _name(L.get_autocast_dtype("cpu"))))
            return g * 1
    x = L.ones(2, 2, dtype=L.bfloat16, requires_grad=True)
    with L.autocast("cpu"):
        y = Matmul.apply(x, L.ones(2, 2, requires_grad=True))
        z = Gram.apply(L.ones(2, 2, requires_grad=True))
    y.sum().backward()
    z.sum().backward()
    log += [_name(y.dtype), _name(z.dtype), _name(x.grad.dtype), x.grad.float().tolist()]
    Matmul.apply(L.ones(2, 2, requires_grad=True), L.ones(2, 2)).sum().backward()
    with pytest.raises(ValueError) as error:
        L.amp.custom_fwd(device_type=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        L.cuda.amp.custom_fwd(lambda ctx, v: v)
        L.cuda.amp.custom_bwd(lambda ctx, g: g)
    return log + [str(error.value), [w.category.__name__ for w in caught]]


def test_like_pytorch():
    assert _run(tt) == _run(torch)
