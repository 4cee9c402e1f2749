"""Reverse-mode automatic differentiation: ``backward``, ``grad``, ``Function``, grad mode,
``gradcheck``/``gradgradcheck`` and anomaly detection."""

from tinytorch.autograd.anomaly import detect_anomaly
from tinytorch.autograd.anomaly import set_detect_anomaly
from tinytorch.autograd.api import backward
from tinytorch.autograd.api import grad
from tinytorch.autograd.function import Function
from tinytorch.autograd.function import FunctionCtx
from tinytorch.autograd.gradcheck import gradcheck
from tinytorch.autograd.gradcheck import gradgradcheck
from tinytorch.autograd.grad_mode import enable_grad
from tinytorch.autograd.grad_mode import inference_mode
from tinytorch.autograd.grad_mode import is_grad_enabled
from tinytorch.autograd.grad_mode import no_grad
from tinytorch.autograd.grad_mode import set_grad_enabled

__all__ = ["Function", "FunctionCtx", "backward", "detect_anomaly", "enable_grad", "grad",
           "gradcheck", "gradgradcheck", "inference_mode", "is_grad_enabled", "no_grad",
           "set_detect_anomaly", "set_grad_enabled"]
