"""``gradcheck`` / ``gradgradcheck``: compare autograd with float64 central differences."""

import warnings

from tinytorch import _creation
from tinytorch import _random
from tinytorch import _tensor
from tinytorch.autograd import api


class GradcheckError(RuntimeError):
    """Raised by gradcheck when analytical and numerical gradients differ."""


def _outputs(func, inputs):
    out = func(*inputs)
    outs = [out] if isinstance(out, _tensor.Tensor) else [o for o in out if o is not None]
    return [o for o in outs if o.dtype.is_floating_point]


def _flat_values(outs):
    values = []
    for o in outs:
        values.extend(o.detach().reshape(-1).tolist())
    return values


def _numerical_jacobian(func, inputs, x, eps):
    """Rows: elements of x; columns: elements of all float outputs. ``func`` runs with grad
    mode on, as in PyTorch, so it may call autograd.grad itself (gradgradcheck does)."""
    flat = x.detach().reshape(-1)
    rows = []
    for i in range(flat.numel()):
        orig = flat[i].item()
        flat[i] = orig + eps
        plus = _flat_values(_outputs(func, inputs))
        flat[i] = orig - eps
        minus = _flat_values(_outputs(func, inputs))
        flat[i] = orig
        rows.append([(p - m) / (2 * eps) for p, m in zip(plus, minus)])
    return rows


def _analytical_jacobians(func, inputs, diff_inputs, create_graph):
    """Per input, rows: its elements; columns: elements of all float outputs (zero columns
    for outputs that do not require grad)."""
    columns = [[] for _ in diff_inputs]
    for o in _outputs(func, inputs):
        flat = o.reshape(-1)
        for j in range(flat.numel()):
            grads = (None,) * len(diff_inputs)
            if o.requires_grad:
                grads = api.grad(flat[j], diff_inputs, retain_graph=True, allow_unused=True,
                                 create_graph=create_graph)
            for k, (g, x) in enumerate(zip(grads, diff_inputs)):
                columns[k].append([0.0] * x.numel() if g is None else g.reshape(-1).tolist())
    return [[[col[i] for col in cols] for i in range(x.numel())]
            for cols, x in zip(columns, diff_inputs)]


def _mismatch(k, numerical, analytical):
    """A message when the Jacobians differ in shape (an output appeared or vanished)."""
    rows_n, rows_a = len(numerical), len(analytical)
    cols_n = len(numerical[0]) if numerical else 0
    cols_a = len(analytical[0]) if analytical else 0
    if (rows_n, cols_n) == (rows_a, cols_a):
        return None
    return (f"Jacobian shapes differ for input {k}: numerical {rows_n}x{cols_n}, analytical "
            f"{rows_a}x{cols_a} (does the function give different outputs with grad on?)")


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, fast_mode=False):
    """Check the gradients autograd computes for ``func`` against central finite
    differences, for every input tensor that requires grad (use float64 inputs).

    An element passes when ``|analytical - numerical| <= atol + rtol * |numerical|``.

    Args:
        func (Callable): a function of the inputs returning a tensor or a tuple of tensors.
        inputs (Tensor or tuple): the inputs of ``func``.
        eps (float): the finite-difference step (default 1e-6).
        atol (float): absolute tolerance (default 1e-5).
        rtol (float): relative tolerance (default 1e-3).
        raise_exception (bool): raise on a mismatch instead of returning False (default
            True).
        nondet_tol (float): accepted; ignored (default 0.0).
        check_undefined_grad (bool): accepted; ignored (default True).
        fast_mode (bool): accepted; tinytorch always compares the full Jacobians (default
            False).

    Returns:
        bool: True when all the gradients match (False on a mismatch when
        ``raise_exception`` is False).

    Raises:
        GradcheckError: a mismatch while ``raise_exception`` (a ``RuntimeError``).

    Warns:
        UserWarning: an input that requires grad is not float64.

    >>> import tinytorch
    >>> x = tinytorch.randn(3, dtype=tinytorch.float64, requires_grad=True)
    >>> tinytorch.autograd.gradcheck(lambda t: (t * t).sum(), (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, _tensor.Tensor) else tuple(inputs)
    diff = [x for x in inputs if isinstance(x, _tensor.Tensor) and x.requires_grad]
    for x in diff:
        if x.dtype.name != "float64":
            warnings.warn(f"Input #{inputs.index(x)} requires gradient and is not a double "
                          "precision floating point; gradcheck may fail", UserWarning)
    analytical = _analytical_jacobians(func, inputs, diff, False)
    for k, x in enumerate(diff):
        numerical = _numerical_jacobian(func, inputs, x, eps)
        msg = _mismatch(k, numerical, analytical[k])
        if msg is not None:
            if raise_exception:
                raise GradcheckError(msg)
            return False
        for i, (num_row, ana_row) in enumerate(zip(numerical, analytical[k])):
            for j, (n, a) in enumerate(zip(num_row, ana_row)):
                if abs(a - n) > atol + rtol * abs(n):
                    msg = (f"Jacobian mismatch for output 0 with respect to input {k},\n"
                           f"numerical:{n}\nanalytical:{a}\n(at input element {i}, output "
                           f"element {j})")
                    if raise_exception:
                        raise GradcheckError(msg)
                    return False
    return True


def _random_grad_outputs(outs):
    """PyTorch's default for gradgradcheck: seeded N(0, 1) grad_outputs that require grad,
    so the second derivatives with respect to them are checked as well."""
    grads = []
    for o in outs:
        gen = _random.Generator(o.device).manual_seed(len(grads))
        grads.append(_creation.randn(*o.shape, generator=gen, dtype=o.dtype, device=o.device,
                                     requires_grad=True))
    return grads


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  raise_exception=True, **kwargs):
    """Check second derivatives: :func:`gradcheck` applied to the first derivative of
    ``func``, with respect to the inputs and to the grad_outputs that require grad.

    Args:
        func (Callable): a function of the inputs returning a tensor or a tuple of tensors.
        inputs (Tensor or tuple): the inputs of ``func``.
        grad_outputs (Tensor or tuple, optional): the gradients with respect to ``func``'s
            outputs (default None: seeded random ones that require grad, as PyTorch's).
        eps (float): the finite-difference step (default 1e-6).
        atol (float): absolute tolerance (default 1e-5).
        rtol (float): relative tolerance (default 1e-3).
        raise_exception (bool): raise on a mismatch instead of returning False (default
            True).
        **kwargs: PyTorch's other options (``nondet_tol``, ``check_undefined_grad``, ...)
            are accepted and ignored.

    Returns:
        bool: True when all the second derivatives match.

    >>> import tinytorch
    >>> x = tinytorch.randn(3, dtype=tinytorch.float64, requires_grad=True)
    >>> tinytorch.autograd.gradgradcheck(lambda t: (t * t * t).sum(), (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, _tensor.Tensor) else tuple(inputs)
    if grad_outputs is None:
        grad_outputs = _random_grad_outputs([o for o in _outputs(func, inputs)
                                             if o.requires_grad])
    elif isinstance(grad_outputs, _tensor.Tensor):
        grad_outputs = (grad_outputs,)
    n = len(inputs)

    def first_derivative(*args):
        outs = [o for o in _outputs(func, args[:n]) if o.requires_grad]
        xs = [a for a in args[:n] if isinstance(a, _tensor.Tensor) and a.requires_grad]
        grads = api.grad(outs, xs, list(args[n:]), create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_derivative, inputs + tuple(grad_outputs), eps=eps, atol=atol,
                     rtol=rtol, raise_exception=raise_exception)
