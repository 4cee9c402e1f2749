"""``autograd.backward`` and ``autograd.grad``: argument checks around the engine."""

from tinytorch import _tensor
from tinytorch.autograd import engine


def _as_list(x):
    if x is None:
        return None
    return [x] if isinstance(x, _tensor.Tensor) else list(x)


def _root_grads(outputs, grad_outputs, create_graph):
    grads = []
    for i, out in enumerate(outputs):
        g = None if grad_outputs is None else grad_outputs[i]
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have "
                               "a grad_fn")
        if g is None:
            data = out._data
            if data.size != 1:
                raise RuntimeError(f"grad can be implicitly created only for scalar outputs "
                                   f"(got an output of shape {list(out.shape)}); pass "
                                   "gradient= to backward() with the same shape")
            g = out._backend.ones_like(data)
            grads.append(_tensor.Tensor._make(g, out._backend) if create_graph else g)
            continue
        if not isinstance(g, _tensor.Tensor):
            raise TypeError(f"gradient must be a Tensor, got {type(g).__name__}")
        if g._data.shape != out._data.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                               f"{list(g.shape)} and output[{i}] has a shape of "
                               f"{list(out.shape)}.")
        grads.append(g if create_graph else g._data)
    return grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate gradients of ``tensors`` into the ``.grad`` of the leaves (or of ``inputs``)."""
    tensors = [tensors] if isinstance(tensors, _tensor.Tensor) else list(tensors)
    if grad_tensors is not None:
        grad_tensors = _as_list(grad_tensors)
    if retain_graph is None:
        retain_graph = create_graph
    only = None
    if inputs is not None:
        inputs = _as_list(inputs)
        if not inputs:
            raise RuntimeError("'inputs' argument to backward() cannot be empty.")
        only = {id(t) for t in inputs}
    grads = _root_grads(tensors, grad_tensors, create_graph)
    engine.run_backward(tensors, grads, retain_graph, create_graph, accumulate_only=only)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None, materialize_grads=False):
    """Return the gradients of ``outputs`` with respect to ``inputs`` (nothing accumulates
    into ``.grad``)."""
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    grad_outputs = _as_list(grad_outputs)
    if retain_graph is None:
        retain_graph = create_graph
    capture = {}
    for pos, t in enumerate(inputs):
        if not t._requires_grad:
            raise RuntimeError(f"One of the differentiated Tensors (input {pos}) does not "
                               "require grad")
        capture[id(t) if t.grad_fn is None else (t.grad_fn, t._output_nr)] = pos
    grads = _root_grads(outputs, grad_outputs, create_graph)
    captured = engine.run_backward(outputs, grads, retain_graph, create_graph, capture=capture)
    result = []
    for pos, t in enumerate(inputs):
        g = captured.get(pos)
        if g is None:
            if materialize_grads:
                g = t._backend.zeros(t._data.shape, t.dtype)
            elif not allow_unused:
                raise RuntimeError(f"One of the differentiated Tensors (input {pos}) appears to "
                                   "not have been used in the graph. Set allow_unused=True if "
                                   "this is the desired behavior.")
            else:
                result.append(None)
                continue
        result.append(g if isinstance(g, _tensor.Tensor) else _tensor.Tensor._make(g, t._backend))
    return tuple(result)
