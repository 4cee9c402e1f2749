"""Fused elementwise activations (``kernels/activation.cu``): one launch forward, one
backward, whatever the formula. Other dtypes fall back to the array-API kernels."""

import cupy

from tinytorch.backends.cuda import _launch


def _forward(act, x, a=0.0, b=0.0, c=0.0):
    y = cupy.empty(x.shape, dtype=x.dtype)
    _launch.launch("activation", "tt_act_forward", x.dtype, _launch.blocks(x.size),
                   (x, y, x.size, float(a), float(b), float(c)), prefix=act)
    return y


def _backward(act, g, v, a=0.0, b=0.0, c=0.0):
    gx = cupy.empty(v.shape, dtype=v.dtype)
    _launch.launch("activation", "tt_act_backward", v.dtype, _launch.blocks(v.size),
                   (g, v, gx, v.size, float(a), float(b), float(c)), prefix=act)
    return gx


def _fits(*arrays):
    return _launch.supported(*arrays) and all(a.shape == arrays[0].shape for a in arrays)


class CudaActivationKernels:
    """Mixin: raw-kernel activations for float32/float64, else the inherited kernels."""

    def relu(self, a):
        return _forward("Relu", a) if _fits(a) else super().relu(a)

    def relu_backward(self, grad_output, y):
        if not _fits(grad_output, y):
            return super().relu_backward(grad_output, y)
        return _backward("Relu", grad_output, y)

    def sigmoid(self, a):
        return _forward("Sigmoid", a) if _fits(a) else super().sigmoid(a)

    def sigmoid_backward(self, g, y):
        return _backward("Sigmoid", g, y) if _fits(g, y) else super().sigmoid_backward(g, y)

    def tanh(self, a):
        return _forward("Tanh", a) if _fits(a) else super().tanh(a)

    def tanh_backward(self, g, y):
        return _backward("Tanh", g, y) if _fits(g, y) else super().tanh_backward(g, y)

    def leaky_relu(self, x, negative_slope):
        if not _fits(x):
            return super().leaky_relu(x, negative_slope)
        return _forward("LeakyRelu", x, negative_slope)

    def leaky_relu_backward(self, g, x, negative_slope):
        if not _fits(g, x):
            return super().leaky_relu_backward(g, x, negative_slope)
        return _backward("LeakyRelu", g, x, negative_slope)

    def elu(self, x, alpha, scale, input_scale):
        if not _fits(x):
            return super().elu(x, alpha, scale, input_scale)
        return _forward("Elu", x, alpha, scale, input_scale)

    def elu_backward(self, g, x, alpha, scale, input_scale):
        if not _fits(g, x):
            return super().elu_backward(g, x, alpha, scale, input_scale)
        return _backward("Elu", g, x, alpha, scale, input_scale)

    def gelu(self, x, approximate):
        if not _fits(x):
            return super().gelu(x, approximate)
        return _forward(_GELU[approximate], x)

    def gelu_backward(self, g, x, approximate):
        if not _fits(g, x):
            return super().gelu_backward(g, x, approximate)
        return _backward(_GELU[approximate], g, x)

    def silu(self, x):
        return _forward("Silu", x) if _fits(x) else super().silu(x)

    def silu_backward(self, g, x):
        return _backward("Silu", g, x) if _fits(g, x) else super().silu_backward(g, x)

    def softplus(self, x, beta, threshold):
        if not _fits(x):
            return super().softplus(x, beta, threshold)
        return _forward("Softplus", x, beta, threshold)

    def softplus_backward(self, g, x, beta, threshold):
        if not _fits(g, x):
            return super().softplus_backward(g, x, beta, threshold)
        return _backward("Softplus", g, x, beta, threshold)

    def hardtanh(self, x, min_val, max_val):
        if not _fits(x):
            return super().hardtanh(x, min_val, max_val)
        return _forward("Hardtanh", x, min_val, max_val)

    def hardtanh_backward(self, g, x, min_val, max_val):
        if not _fits(g, x):
            return super().hardtanh_backward(g, x, min_val, max_val)
        return _backward("Hardtanh", g, x, min_val, max_val)


_GELU = {"none": "GeluErf", "tanh": "GeluTanh"}
