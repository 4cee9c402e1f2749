"""``autograd.backward`` and ``autograd.grad``: argument checks around the engine."""

from tinytorch import _tensor
from tinytorch._ops import inplace
from tinytorch.autograd import engine


def _as_list(x):
    if x is None:
        return None
    return [x] if isinstance(x, _tensor.Tensor) else list(x)


def _root_grads(outputs, grad_outputs, create_graph):
    grads = []
    for i, out in enumerate(outputs):
        inplace.catch_up(out)  # a view whose base changed in place since (NOTE [In-place
        # on views])
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
                               f"torch.Size({list(g.shape)}) and output[{i}] has a shape of "
                               f"torch.Size({list(out.shape)}).")
        grads.append(g if create_graph else g._data)
    return grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the sum of gradients of ``tensors`` with respect to the graph leaves and
    accumulate them into the leaves' ``.grad`` (or only into ``inputs``'). The graph is
    freed afterwards unless ``retain_graph``.

    Args:
        tensors (Tensor or sequence of Tensor): the tensors whose gradients are computed.
        grad_tensors (Tensor or sequence of Tensor, optional): the gradient with respect to
            each of ``tensors`` (the "vector" of the vector-Jacobian product); None for a
            scalar, which gets 1 (default None).
        retain_graph (bool, optional): keep the graph to differentiate again (default None:
            ``create_graph``'s value).
        create_graph (bool): record the backward pass, for higher-order derivatives
            (default False).
        inputs (Tensor or sequence of Tensor, optional): accumulate into these only
            (default None: every leaf).

    Raises:
        RuntimeError: ``inputs`` is empty, a tensor does not require grad, a non-scalar
            tensor has no gradient given, or a gradient's shape differs from its tensor's.
        TypeError: a gradient is not a tensor.

    >>> import tinytorch
    >>> x = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> tinytorch.autograd.backward(x * x, grad_tensors=tinytorch.ones(2))
    >>> x.grad
    tensor([2., 4.])
    """
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
    """Compute and return the sum of gradients of ``outputs`` with respect to ``inputs``
    (nothing accumulates into ``.grad``).

    Args:
        outputs (Tensor or sequence of Tensor): the outputs of the differentiated function.
        inputs (Tensor or sequence of Tensor): the tensors whose gradients are returned.
        grad_outputs (Tensor or sequence of Tensor, optional): the gradient with respect to
            each output; None for a scalar output, which gets 1 (default None).
        retain_graph (bool, optional): keep the graph to differentiate again (default None:
            ``create_graph``'s value).
        create_graph (bool): record the backward pass, so the result can be differentiated
            again (default False).
        allow_unused (bool, optional): return None for an input the outputs do not depend
            on, instead of raising (default None: False).
        materialize_grads (bool): return zeros instead of None for such inputs (default
            False).

    Returns:
        tuple of Tensor: one gradient per input.

    Raises:
        RuntimeError: an input does not require grad, or is unused without
            ``allow_unused``; or as :func:`backward` for the outputs and their gradients.

    >>> import tinytorch
    >>> x = tinytorch.tensor([1.0, 2.0], requires_grad=True)
    >>> (gx,) = tinytorch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    >>> gx
    tensor([ 3., 12.], grad_fn=<MulBackward0>)
    >>> tinytorch.autograd.grad(gx.sum(), x)
    (tensor([ 6., 12.]),)
    """
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    grad_outputs = _as_list(grad_outputs)
    if retain_graph is None:
        retain_graph = create_graph
    capture = {}
    first = []  # the position each input's gradient is captured at (an input given twice:
    for pos, t in enumerate(inputs):  # its first, and both get it, as in PyTorch)
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
        inplace.catch_up(t)
        first.append(capture.setdefault(
            id(t) if t._grad_fn is None else (t._grad_fn, t._output_nr), pos))
    grads = _root_grads(outputs, grad_outputs, create_graph)
    captured = engine.run_backward(outputs, grads, retain_graph, create_graph, capture=capture)
    result = []
    for pos, t in enumerate(inputs):
        g = captured.get(first[pos])
        if g is None:
            if materialize_grads:
                g = t._backend.zeros(t._data.shape, t.dtype)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {pos} appears to not "
                                   "have been used in the graph. Set allow_unused=True if this "
                                   "is the desired behavior.")
            else:
                result.append(None)
                continue
        result.append(g if isinstance(g, _tensor.Tensor) else _tensor.Tensor._make(g, t._backend))
    return tuple(result)
