"""Fused optimizer updates: the one place where tinytorch.optim reaches tensor storage.

NOTE [Fused optimizer steps]
An optimizer step is not differentiable and must not be recorded, so it is not an ``Op``:
``fused_step_`` hands the parameter, its gradient and its state tensors to one backend
kernel (``<name>_step_``, see the optim section of backends/base.py) that updates them in
place, then bumps their version counters exactly as an in-place op would (see NOTE
[In-place ops]), so a graph that saved the old parameter refuses to backpropagate.
"""


def _check_grad(kernel, param, grad):
    if grad.device != param.device:
        raise RuntimeError(f"{kernel}: the gradient is on {grad.device} but the parameter is on "
                           f"{param.device}; move the gradient with .to({param.device!r})")
    if grad.dtype is not param.dtype:
        raise RuntimeError(f"{kernel}: the gradient has dtype {grad.dtype} but the parameter "
                           f"has dtype {param.dtype}")
    if tuple(grad.shape) != tuple(param.shape):
        raise RuntimeError(f"{kernel}: the gradient has shape {list(grad.shape)} but the "
                           f"parameter has shape {list(param.shape)}")


def fused_step_(kernel, param, grad, *state, **hyper):
    """Run backend kernel ``kernel`` on (param, grad, *state, **hyper), updating in place.

    ``state`` entries are tensors on the parameter's device or None (unused by the options).
    """
    _check_grad(kernel, param, grad)
    arrays = [None if t is None else t._data for t in state]
    getattr(param._backend, kernel)(param._data, grad._data, *arrays, **hyper)
    param._vc[0] += 1
    for t in state:
        if t is not None:
            t._vc[0] += 1
