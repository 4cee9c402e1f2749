"""Fused optimizer updates: the one place where tinytorch.optim reaches tensor storage.

NOTE [Fused optimizer steps]
An optimizer step is not differentiable and must not be recorded, so it is not an ``Op``:
``fused_step_`` hands the parameter, its gradient and its state tensors to one backend
kernel (``<name>_step_``, see the optim section of backends/base.py) that updates them in
place, then bumps their version counters exactly as an in-place op would (see NOTE
[In-place ops]), so a graph that saved the old parameter refuses to backpropagate.
"""


def fused_step_(kernel, param, grad, *state, **hyper):
    """Run backend kernel ``kernel`` on (param, grad, *state, **hyper), updating in place.

    ``state`` entries are tensors on the parameter's device or None (unused by the options).
    """
    # Checks the arrays' own metadata first: the Tensor properties cost more than the kernel
    # on small parameters, and this runs once per parameter per step (one Python call each).
    p, g = param._data, grad._data
    if grad._backend is not param._backend or g.dtype != p.dtype or g.shape != p.shape:
        raise _mismatch(kernel, param, grad)
    arrays = []
    for t in state:
        arrays.append(None if t is None else t._data)
    getattr(param._backend, kernel)(p, g, *arrays, **hyper)
    param._vc[0] += 1
    for t in state:
        if t is not None:
            t._vc[0] += 1


def _mismatch(kernel, param, grad):
    if grad._backend is not param._backend:
        return RuntimeError(f"{kernel}: the gradient is on {grad.device} but the parameter is "
                            f"on {param.device}; move the gradient with .to('{param.device}')")
    if grad.dtype != param.dtype:
        return RuntimeError(f"{kernel}: the gradient has dtype {grad.dtype} but the parameter "
                            f"has dtype {param.dtype}")
    return RuntimeError(f"{kernel}: the gradient has shape {list(grad.shape)} but the "
                        f"parameter has shape {list(param.shape)}")


def increment_(counter):
    """``counter += 1`` in place for a 0-d step count; returns the new count as an int."""
    counter._backend.add_(counter._data, 1)
    counter._vc[0] += 1
    return int(counter._data)


def scale_(scalar, factor):
    """``scalar *= factor`` in place for a 0-d state tensor, rounded in its own dtype (as
    torch's); returns the new value as a float."""
    backend = scalar._backend
    backend.copy_(scalar._data, backend.mul(scalar._data, factor))
    scalar._vc[0] += 1
    return float(scalar._data)
