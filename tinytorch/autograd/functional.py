"""``tinytorch.autograd.functional``: vjp, jvp, jacobian, hessian, vhp and hvp of a function,
as PyTorch's ``torch.autograd.functional`` computes them (reverse mode; jvp and hvp by the
double-backward trick), with its tuple conventions, ``create_graph`` and ``strict`` checks."""

from tinytorch import _creation
from tinytorch import _grad_mode
from tinytorch import _tensor
from tinytorch._ops.join import stack
from tinytorch.autograd.api import grad as _grad

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]

_STRICT_NONE = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}
_STRICT_NO_GRAD = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The "
               "outputs must be computed in a differentiable manner from the input when "
               "running in strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of "
                   "the user-provided function. This is not allowed in strict mode.",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided "
                "function with respect to input {i} is independent of the input. This is not "
                "allowed in strict mode. You should ensure that your function is twice "
                "differentiable and that the jacobian depends on the inputs (this would be "
                "violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is "
               "independent of the input. This is not allowed in strict mode. You should "
               "ensure that your function is thrice differentiable and that the hessian "
               "depends on the inputs.",
}


def _as_tuple(inp, arg_name, fn_name):
    """(whether ``inp`` was a tuple, ``inp`` as a tuple of Tensors); PyTorch's TypeError."""
    is_tuple = isinstance(inp, tuple)
    inp = inp if is_tuple else (inp,)
    for i, el in enumerate(inp):
        if not isinstance(el, _tensor.Tensor):
            where = f"the value at index {i}" if is_tuple else f"the given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but {where} has type {type(el)}.")
    return is_tuple, inp


def _tuple_postprocess(res, to_unpack):
    """Unwrap the one-element tuples of what the user gave as a single Tensor."""
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        to_unpack = to_unpack[0]
    return res if to_unpack else res[0]


def _grad_preprocess(inputs, create_graph, need_graph):
    """Fresh tensors to differentiate with respect to: views that keep the graph to the
    caller's inputs under ``create_graph``, else detached copies."""
    return tuple(inp.view_as(inp) if create_graph and inp.requires_grad
                 else inp.detach().requires_grad_(need_graph) for inp in inputs)


def _grad_postprocess(inputs, create_graph):
    if isinstance(inputs[0], _tensor.Tensor):
        return inputs if create_graph else tuple(inp.detach() for inp in inputs)
    return tuple(_grad_postprocess(inp, create_graph) for inp in inputs)


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but "
                               f"got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if el_v.size() != el_other.size():
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise RuntimeError(f"{prepend}v has invalid size: should be {el_other.size()} but "
                               f"got {el_v.size()}.")


def _check_requires_grad(inputs, input_type, strict):
    if not strict:
        return
    for i, inp in enumerate(inputs):
        if inp is None:
            raise RuntimeError(_STRICT_NONE["back"].format(i=i))
        if not inp.requires_grad:
            raise RuntimeError(_STRICT_NO_GRAD[input_type].format(i=i))


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """``autograd.grad`` over the outputs that require grad; None per input when none does."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    new_outputs, new_grads = zip(*pairs)
    if all(g is None for g in new_grads):
        new_grads = None
    return _grad(list(new_outputs), list(inputs), new_grads, allow_unused=True,
                 create_graph=create_graph, retain_graph=retain_graph)


def _fill_in_zeros(grads, refs, strict, create_graph, stage):
    res = ()
    for i, grads_i in enumerate(grads):
        if grads_i is None:
            if strict:
                raise RuntimeError(_STRICT_NONE[stage].format(i=i))
            grads_i = _creation.zeros_like(refs[i])
        elif strict and create_graph and not grads_i.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
        res += (grads_i,)
    return res


def _prepare_v(v, refs, is_refs_tuple, name, create_graph, none_msg):
    """``v`` as a validated tuple, or None when it may be omitted (one one-element ref)."""
    if v is None:
        if len(refs) != 1 or refs[0].nelement() != 1:
            raise RuntimeError(none_msg)
        return None
    _, v = _as_tuple(v, "v", name)
    v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
    _validate_v(v, refs, is_refs_tuple)
    return v


def _call(func, inputs, name, strict):
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                          name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    return is_outputs_tuple, outputs


def _last_backward(outputs, roots, wrt, v, refs, stage, create_graph, strict):
    """The final backward of vjp, jvp, vhp and hvp: the gradient of ``roots`` with respect to
    ``wrt`` along ``v`` (zeros shaped as ``refs[0]`` where there is none), then
    ``(func_output, result)`` unwrapped as the user gave them (``outputs``/``refs``: the
    tensors and whether they were a tuple)."""
    with _grad_mode.set_grad_enabled(create_graph or _grad_mode.is_grad_enabled()):
        grad_res = _autograd_grad(roots, wrt, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, refs[0], strict, create_graph, stage)
    return (_tuple_postprocess(_grad_postprocess(outputs[0], create_graph), outputs[1]),
            _tuple_postprocess(_grad_postprocess(result, create_graph), refs[1]))


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Compute the dot product between a vector ``v`` and the Jacobian of ``func`` at
    ``inputs``.

    Args:
        func (function): takes Tensor inputs, returns a Tensor or a tuple of Tensors.
        inputs (tuple of Tensors or Tensor): the inputs to ``func``.
        v (tuple of Tensors or Tensor): the vector, shaped as ``func``'s output; may be None
            when the output is a single one-element Tensor.
        create_graph (bool): make the results differentiable (default False).
        strict (bool): raise when an output does not depend on an input (default False:
            zeros).

    Returns:
        tuple: ``(func_output, vjp)``, the latter shaped as ``inputs``.

    Raises:
        RuntimeError: as PyTorch: a bad ``v``, or a strict check failed.
        TypeError: an input or output is not a Tensor.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import vjp
    >>> vjp(lambda x: x ** 2, tinytorch.tensor([1.0, 2.0]), tinytorch.ones(2))[1]
    tensor([2., 4.])
    """
    with _grad_mode.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        is_outputs_tuple, outputs = _call(func, inputs, "vjp", strict)
        v = _prepare_v(v, outputs, is_outputs_tuple, "vjp", create_graph,
                       "The vector v can only be None if the user-provided function returns "
                       "a single Tensor with a single element.")
    return _last_backward((outputs, is_outputs_tuple), outputs, inputs, v,
                          (inputs, is_inputs_tuple), "back", create_graph, strict)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Compute the dot product between the Jacobian of ``func`` at ``inputs`` and a vector
    ``v``, by the double-backward trick (two reverse passes), as PyTorch does.

    Args:
        func (function): takes Tensor inputs, returns a Tensor or a tuple of Tensors.
        inputs (tuple of Tensors or Tensor): the inputs to ``func``.
        v (tuple of Tensors or Tensor): the vector, shaped as ``inputs``; may be None when
            the input is a single one-element Tensor.
        create_graph (bool): make the results differentiable (default False).
        strict (bool): raise when an output does not depend on an input (default False:
            zeros).

    Returns:
        tuple: ``(func_output, jvp)``, the latter shaped as ``func``'s output.

    Raises:
        RuntimeError: as PyTorch: a bad ``v``, or a strict check failed.
        TypeError: an input or output is not a Tensor.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import jvp
    >>> jvp(lambda x: x ** 2, tinytorch.tensor([1.0, 2.0]), tinytorch.ones(2))[1]
    tensor([2., 4.])
    """
    with _grad_mode.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, "jvp", create_graph,
                       "The vector v can only be None if the input to the user-provided "
                       "function is a single Tensor with a single element.")
        is_outputs_tuple, outputs = _call(func, inputs, "jvp", strict)
        grad_outputs = tuple(_creation.zeros_like(out, requires_grad=True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, grad_outputs, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict=strict)
    return _last_backward((outputs, is_outputs_tuple), grad_inputs, grad_outputs, v,
                          (outputs, is_outputs_tuple), "back_trick", create_graph, strict)


def _check_strategy(strategy, create_graph, vectorize, strict):
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or '
                             '"reverse-mode". Hint: If your function has more outputs than '
                             'inputs, "forward-mode" tends to be more performant. Otherwise, '
                             'prefer to use "reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError(
                "torch.autograd.functional.jacobian: `create_graph=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either '
                'set `create_graph=False` or `strategy="reverse-mode"`.')
        if strict:
            raise RuntimeError(
                "torch.autograd.functional.jacobian: `strict=True` and "
                '`strategy="forward-mode"` are not supported together (yet). Please either '
                'set `strict=False` or `strategy="reverse-mode"`.')
        if not vectorize:
            raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                      "Hessian isonly implemented for `vectorize=True`.")
    if vectorize and strict:
        raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                           "`vectorized=True` are not supported together. Please either "
                           "set `strict=False` or `vectorize=False`.")


def _jacobian_of_output(i, out, inputs, create_graph, strict):
    """The Jacobians of output ``i`` with respect to each input, one row per element."""
    rows = tuple([] for _ in inputs)
    flat = out.reshape(-1)
    for j in range(out.nelement()):
        vj = _autograd_grad((flat[j],), inputs, retain_graph=True, create_graph=create_graph)
        for el_idx, (row, vj_el, inp_el) in enumerate(zip(rows, vj, inputs)):
            if vj_el is None:
                if strict:
                    raise RuntimeError(f"Output {i} of the user-provided function is "
                                       f"independent of input {el_idx}. This is not allowed in "
                                       "strict mode.")
                vj_el = _creation.zeros_like(inp_el)
            elif strict and create_graph and not vj_el.requires_grad:
                raise RuntimeError("The jacobian of the user-provided function is independent "
                                   f"of input {i}. This is not allowed in strict mode when "
                                   "create_graph=True.")
            row.append(vj_el)
    return tuple(stack(row, dim=0).view(out.size() + inp.size()) if row
                 else _creation.zeros(out.size() + inp.size(), dtype=inp.dtype,
                                      device=inp.device)
                 for row, inp in zip(rows, inputs))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """Compute the Jacobian of ``func`` at ``inputs`` (reverse mode, one backward per output
    element).

    Args:
        func (function): takes Tensor inputs, returns a Tensor or a tuple of Tensors.
        inputs (tuple of Tensors or Tensor): the inputs to ``func``.
        create_graph (bool): make the Jacobian differentiable (default False).
        strict (bool): raise when an output does not depend on an input (default False:
            zeros).
        vectorize (bool): PyTorch's vmap path: the same Jacobian, by the same backward
            passes here (default False).
        strategy (str): ``"reverse-mode"`` (default) or ``"forward-mode"`` (needs
            ``vectorize=True``, as in PyTorch; the same Jacobian, computed by reverse mode:
            tinytorch has no forward-mode AD).

    Returns:
        Tensor, or tuple of Tensors, or tuple of tuples: entry ``[i][j]`` is the Jacobian of
        output ``i`` with respect to input ``j``, of shape ``output_i.shape +
        input_j.shape``; a level is unwrapped where the user gave a single Tensor.

    Raises:
        AssertionError: an unknown ``strategy``.
        NotImplementedError: ``strategy="forward-mode"`` without ``vectorize`` or with
            ``create_graph``.
        RuntimeError: a strict check failed.
        TypeError: an input or output is not a Tensor.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import jacobian
    >>> jacobian(lambda x: x ** 2, tinytorch.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    _check_strategy(strategy, create_graph, vectorize, strict)
    with _grad_mode.enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        is_outputs_tuple, outputs = _call(func, inputs, "jacobian", strict)
        jac = tuple(_jacobian_of_output(i, out, inputs, create_graph, strict)
                    for i, out in enumerate(outputs))
        jac = _grad_postprocess(jac, create_graph)
        return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """Compute the Hessian of a scalar function ``func`` at ``inputs`` (the Jacobian of its
    gradient).

    Args:
        func (function): takes Tensor inputs, returns a one-element Tensor.
        inputs (tuple of Tensors or Tensor): the inputs to ``func``.
        create_graph (bool): make the Hessian differentiable (default False).
        strict (bool): raise when the gradient does not depend on an input (default False:
            zeros).
        vectorize (bool): PyTorch's vmap path: the same Hessian here (default False).
        outer_jacobian_strategy (str): ``"reverse-mode"`` (default) or ``"forward-mode"``
            (needs ``vectorize=True``; computed by reverse mode, the same values).

    Returns:
        Tensor, or tuple of tuples of Tensors: entry ``[i][j]`` has shape
        ``inputs[i].shape + inputs[j].shape``.

    Raises:
        AssertionError: an unknown ``outer_jacobian_strategy``.
        RuntimeError: ``func`` does not return a one-element Tensor, or a strict check
            failed.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), tinytorch.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or '
                             '"reverse-mode".')

    def ensure_single_output_function(*inp):
        _, (out,) = _check_scalar_output(func(*inp), "hessian", strict)
        return out.squeeze()

    def jac_func(*inp):
        jac = jacobian(ensure_single_output_function, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict=strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                   vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _check_scalar_output(out, name, strict):
    is_out_tuple, outputs = _as_tuple(out, "outputs of the user-provided function", name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    if is_out_tuple:
        raise RuntimeError(f"The function given to {name} should return a single Tensor")
    if outputs[0].nelement() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {name} should "
                           "contain a single element")
    return is_out_tuple, outputs


def _gradient_of_scalar(func, inputs, v, name, create_graph, strict):
    """The shared start of vhp and hvp: inputs and v prepared, func's output and its
    gradient (with a graph) with respect to the inputs."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
    inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
    v = _prepare_v(v, inputs, is_inputs_tuple, name, create_graph,
                   "The vector v can only be None if the input to the user-provided function "
                   "is a single Tensor with a single element.")
    _, outputs = _check_scalar_output(func(*inputs), name, strict)
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict=strict)
    return is_inputs_tuple, inputs, v, outputs, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Compute the dot product between a vector ``v`` and the Hessian of a scalar function
    ``func`` at ``inputs``.

    Args:
        func (function): takes Tensor inputs, returns a one-element Tensor.
        inputs (tuple of Tensors or Tensor): the inputs to ``func``.
        v (tuple of Tensors or Tensor): the vector, shaped as ``inputs``; may be None when
            the input is a single one-element Tensor.
        create_graph (bool): make the results differentiable (default False).
        strict (bool): raise when the gradient does not depend on an input (default False:
            zeros).

    Returns:
        tuple: ``(func_output, vhp)``, the latter shaped as ``inputs``.

    Raises:
        RuntimeError: as PyTorch: a bad ``v`` or output, or a strict check failed.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import vhp
    >>> vhp(lambda x: (x ** 3).sum(), tinytorch.tensor([1.0, 2.0]), tinytorch.ones(2))[1]
    tensor([ 6., 12.])
    """
    with _grad_mode.enable_grad():
        is_inputs_tuple, inputs, v, outputs, jac = _gradient_of_scalar(
            func, inputs, v, "vhp", create_graph, strict)
    return _last_backward((outputs, False), jac, inputs, v, (inputs, is_inputs_tuple),
                          "double_back", create_graph, strict)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Compute the dot product between the Hessian of a scalar function ``func`` at
    ``inputs`` and a vector ``v``, by the double-backward trick, as PyTorch does. For a
    twice continuously differentiable ``func`` it equals :func:`vhp` (the Hessian is
    symmetric), which costs one backward less.

    Args:
        func (function): a scalar function of the Tensor ``inputs``.
        inputs (tuple of Tensors or Tensor): where the Hessian is taken.
        v (tuple of Tensors or Tensor): the vector the Hessian multiplies, one Tensor per
            input; None allowed for one one-element input.
        create_graph (bool): whether the results keep a graph (default False).
        strict (bool): whether a Hessian independent of an input raises instead of giving
            zeros (default False).

    Returns:
        tuple: the output of ``func`` and the product, shaped as ``inputs``.

    Raises:
        RuntimeError: ``func`` does not return a one-element Tensor, ``v`` does not fit, or
            a strict check failed; PyTorch's messages.

    >>> import tinytorch
    >>> from tinytorch.autograd.functional import hvp
    >>> x, y = tinytorch.tensor([1.0]), tinytorch.tensor([2.0])
    >>> hvp(lambda a, b: (a * b * b).sum(), (x, y), (tinytorch.ones(1), tinytorch.ones(1)))[1]
    (tensor([4.]), tensor([6.]))
    """
    with _grad_mode.enable_grad():
        is_inputs_tuple, inputs, v, outputs, jac = _gradient_of_scalar(
            func, inputs, v, "hvp", create_graph, strict)
        grad_jac = tuple(_creation.zeros_like(inp, requires_grad=True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict=strict)
    return _last_backward((outputs, False), double_back, grad_jac, v,
                          (inputs, is_inputs_tuple), "double_back_trick", create_graph, strict)
