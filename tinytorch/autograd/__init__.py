"""Reverse-mode automatic differentiation: ``backward``, ``grad``, ``Function``, grad mode,
``gradcheck``/``gradgradcheck``, anomaly detection, and ``functional`` (jacobian, hessian,
vjp, jvp, hvp, vhp)."""

from tinytorch._anomaly import detect_anomaly
from tinytorch._anomaly import set_detect_anomaly
from tinytorch._grad_mode import enable_grad
from tinytorch._grad_mode import inference_mode
from tinytorch._grad_mode import is_grad_enabled
from tinytorch._grad_mode import no_grad
from tinytorch._grad_mode import set_grad_enabled
from tinytorch.autograd.api import backward
from tinytorch.autograd.api import grad
from tinytorch.autograd.function import Function
from tinytorch.autograd.function import FunctionCtx
from tinytorch.autograd.gradcheck import gradcheck
from tinytorch.autograd.gradcheck import gradgradcheck
from tinytorch.autograd.variable import Variable
# After api: functional needs tinytorch._tensor loaded before tinytorch._creation.
from tinytorch.autograd import functional
from tinytorch.autograd import graph

__all__ = ["Function", "FunctionCtx", "backward", "detect_anomaly", "enable_grad", "functional",
           "grad", "gradcheck", "gradgradcheck", "graph", "inference_mode", "is_grad_enabled",
           "no_grad", "set_detect_anomaly", "set_grad_enabled"]
