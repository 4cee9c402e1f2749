"""``nn.utils.parametrize``: a module's parameter or buffer recomputed on every access from
the tensors it was made of, as PyTorch's ``torch.nn.utils.parametrize``.

NOTE [Parametrized class]: PyTorch makes ``module.weight`` computed on access by swapping the
module's class for a subclass made for that one module (``ParametrizedLinear``) that holds a
property per parametrized name; ``remove_parametrizations`` deletes the property and restores
the class when none is left. We do the same: the repr, ``type_before_parametrizations`` and
code that reads ``type(m).__name__`` then see what PyTorch's users see, and modules that are
not parametrized pay nothing on attribute access.
"""

import collections.abc
import contextlib

from tinytorch._grad_mode import no_grad
from tinytorch._tensor import Tensor
from tinytorch.nn.modules.container import ModuleDict
from tinytorch.nn.modules.container import ModuleList
from tinytorch.nn.parameter import Parameter

__all__ = ["ParametrizationList", "cached", "is_parametrized", "register_parametrization",
           "remove_parametrizations", "transfer_parametrizations_and_params",
           "type_before_parametrizations"]

_cache_enabled = 0
_cache = {}

_SHAPE_DTYPE_RULE = ("Registering a parametrization may not change the {0} of the tensor, "
                     "unless `unsafe` flag is enabled.\nunparametrized {0}: {1}\n"
                     "parametrized {0}: {2}")


@contextlib.contextmanager
def cached():
    """Context manager: inside it, each parametrized tensor is computed once, on first access,
    and reused until the outermost ``cached()`` exits (for a weight used several times in one
    forward, as an RNN's recurrent kernel).

    Yields:
        None: the block runs with the cache on.

    >>> from tinytorch.nn.utils import parametrize, parametrizations
    >>> m = parametrizations.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> with parametrize.cached():
    ...     m.weight is m.weight
    True
    """
    global _cache_enabled, _cache
    _cache_enabled += 1
    try:
        yield
    finally:
        _cache_enabled -= 1
        if not _cache_enabled:
            _cache = {}


def _register_parameter_or_buffer(module, name, x):
    if isinstance(x, Parameter):
        module.register_parameter(name, x)
    else:
        module.register_buffer(name, x)


def _maybe_set(dest, src):
    """PyTorch's ``dest.set_(src)``: ``dest`` keeps its identity (optimizers hold it)."""
    with no_grad():
        dest.data = src


def _right_inverse_or_identity(modules, original):
    """Run the parametrizations' ``right_inverse`` last to first; one that has none, or
    raises NotImplementedError, counts as the identity."""
    new = original
    with no_grad():
        for module in reversed(list(modules)):
            if hasattr(module, "right_inverse"):
                try:
                    new = module.right_inverse(new)
                except NotImplementedError:
                    pass
    return new


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor of a module, in registration order, and the tensor(s)
    they start from: ``original``, or ``original0``, ``original1``, ... when the first
    ``right_inverse`` returns a sequence. It is ``module.parametrizations[tensor_name]``
    after :func:`register_parametrization`, which is what should create it.

    Args:
        modules (sequence of Module): the parametrizations (at least one).
        original (Parameter or Tensor): the parameter or buffer being parametrized.
        unsafe (bool): skip the checks that the parametrization keeps the dtype and shape.
            Default: ``False``.

    Raises:
        ValueError: ``modules`` is empty, ``right_inverse`` returns something other than a
            tensor or a sequence of tensors, changes the dtype or device of a single tensor,
            or (unless ``unsafe``) the parametrization changes the dtype or shape.

    >>> from tinytorch.nn.utils import parametrize
    >>> m = parametrize.register_parametrization(tinytorch.nn.Linear(2, 2), "weight",
    ...                                          tinytorch.nn.Identity())
    >>> type(m.parametrizations.weight).__name__, m.parametrizations.weight.original.shape
    ('ParametrizationList', torch.Size([2, 2]))
    """

    def __init__(self, modules, original, unsafe=False):
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        new = _right_inverse_or_identity(self, original)
        if not isinstance(new, (Tensor, collections.abc.Sequence)):
            raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors "
                             f"(list, tuple...). Got {type(new).__name__}")
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            self._register_original(original, new)
        else:
            self._register_originals(original, new)
        if not self.unsafe:
            self._check_keeps_dtype_and_shape(original.dtype, original.shape)

    def _register_original(self, original, new):
        for what in ("dtype", "device"):
            if getattr(original, what) != getattr(new, what):
                raise ValueError(
                    f"When `right_inverse` outputs one tensor, it may not change the {what}.\n"
                    f"original.{what}: {getattr(original, what)}\n"
                    f"right_inverse(original).{what}: {getattr(new, what)}")
        _maybe_set(original, new)
        _register_parameter_or_buffer(self, "original", original)

    def _register_originals(self, original, new):
        for i, tensor in enumerate(new):
            if not isinstance(tensor, Tensor):
                raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors "
                                 f"(list, tuple...). Got element {i} of the sequence with type "
                                 f"{type(tensor).__name__}.")
            if isinstance(original, Parameter):
                tensor = Parameter(tensor, original.requires_grad)
            tensor.requires_grad_(original.requires_grad)
            _register_parameter_or_buffer(self, f"original{i}", tensor)

    def _check_keeps_dtype_and_shape(self, dtype, shape):
        z = self()
        if not isinstance(z, Tensor):
            raise ValueError(f"A parametrization must return a tensor. Got {type(z).__name__}.")
        if z.dtype != dtype:
            raise ValueError(_SHAPE_DTYPE_RULE.format("dtype", dtype, z.dtype))
        if z.shape != shape:
            raise ValueError(_SHAPE_DTYPE_RULE.format("shape", shape, z.shape))

    def right_inverse(self, value):
        """Set the original tensor(s) so that the parametrized tensor becomes ``value``: the
        parametrizations' ``right_inverse`` run last to first (assigning to
        ``module.<tensor_name>`` calls this).

        Args:
            value (Tensor): the value the parametrized tensor should take.

        Raises:
            RuntimeError: a parametrization has no ``right_inverse``.
            ValueError: ``right_inverse`` returns the wrong kind, number or dtype of tensors.

        >>> from tinytorch.nn.utils import parametrizations
        >>> m = parametrizations.spectral_norm(tinytorch.nn.Linear(2, 2))
        >>> m.weight = 2 * tinytorch.eye(2)
        >>> m.parametrizations.weight.original
        Parameter containing:
        tensor([[2., 0.],
                [0., 2.]], requires_grad=True)
        """
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(f"parametrization {type(module).__name__} does not "
                                       "implement right_inverse.")
                value = module.right_inverse(value)
        if self.is_tensor:
            if not isinstance(value, Tensor):
                raise ValueError(
                    f"`right_inverse` should return a tensor. Got {type(value).__name__}")
            if value.dtype != self.original.dtype:
                raise ValueError(f"The tensor returned by `right_inverse` has dtype {value.dtype} "
                                 f"while `original` has dtype {self.original.dtype}")
            _maybe_set(self.original, value)
            return
        self._set_originals(value)

    def _set_originals(self, value):
        if not isinstance(value, collections.abc.Sequence):
            raise ValueError("'right_inverse' must return a sequence of tensors. "
                             f"Got {type(value).__name__}.")
        if len(value) != self.ntensors:
            raise ValueError("'right_inverse' must return a sequence of tensors of length "
                             f"{self.ntensors}. Got a sequence of length {len(value)}.")
        for i, tensor in enumerate(value):
            original_i = getattr(self, f"original{i}")
            if not isinstance(tensor, Tensor):
                raise ValueError("'right_inverse' must return a sequence of tensors or "
                                 f"reference-type opaques. Got element {i} of type "
                                 f"{type(tensor).__name__}.")
            if original_i.dtype != tensor.dtype:
                raise ValueError(f"Tensor {i} returned by `right_inverse` has dtype "
                                 f"{tensor.dtype} while `original{i}` has dtype "
                                 f"{original_i.dtype}")
            _maybe_set(original_i, tensor)

    def forward(self):
        modules = iter(self)
        first = next(modules)
        if self.is_tensor:
            x = first(self.original)
        else:
            x = first(*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in modules:
            x = module(x)
        return x


def _inject_new_class(module):
    """See NOTE [Parametrized class]."""
    cls = type(module)
    module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {})


def _inject_property(module, tensor_name):
    """See NOTE [Parametrized class]."""
    if hasattr(module, tensor_name):
        raise AssertionError(f"Module already has an attribute named '{tensor_name}'")

    def get_parametrized(self):
        parametrization = self.parametrizations[tensor_name]
        if not _cache_enabled:
            return parametrization()
        key = (id(self), tensor_name)
        tensor = _cache.get(key)
        if tensor is None:
            tensor = _cache[key] = parametrization()
        return tensor

    def set_original(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(type(module), tensor_name, property(get_parametrized, set_original))


def _check_appended(module, tensor_name, parametrization):
    """A parametrization added to an already parametrized tensor must map its space (dtype and
    shape) to itself, and so must its ``right_inverse``."""
    y = getattr(module, tensor_name)
    x = parametrization(y)
    if not isinstance(x, Tensor):
        raise ValueError(f"A parametrization must return a tensor. Got {type(x).__name__}.")
    for what in ("dtype", "shape"):
        if getattr(x, what) != getattr(y, what):
            raise ValueError(
                f"Registering a parametrization may not change the {what} of the tensor, "
                "unless the `unsafe` flag is enabled.\n"
                f"module.{tensor_name}.{what}: {getattr(y, what)}\n"
                f"parametrization(module.{tensor_name}).{what}: {getattr(x, what)}")
    if not hasattr(parametrization, "right_inverse"):
        return
    try:
        z = parametrization.right_inverse(x)
    except NotImplementedError:
        return
    if not isinstance(z, Tensor):
        raise ValueError("parametrization.right_inverse must return a tensor. Got: "
                         f"{type(z).__name__}")
    for what in ("dtype", "shape"):
        if getattr(z, what) != getattr(y, what):
            raise ValueError(
                "The tensor returned by parametrization.right_inverse must have the same "
                f"{what} as module.{tensor_name}, unless the `unsafe` flag is enabled.\n"
                f"module.{tensor_name}.{what}: {getattr(y, what)}\n"
                f"returned {what}: {getattr(z, what)}")


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Make ``module.<tensor_name>`` the output of ``parametrization`` (a Module) applied to
    the original parameter or buffer, recomputed on every access (see :func:`cached`).

    The original moves to ``module.parametrizations[tensor_name].original`` (or
    ``original0``, ``original1``, ... when ``parametrization.right_inverse`` returns a
    sequence); gradients flow through ``parametrization`` into it. Registering again on the
    same name chains the new parametrization after the others. Assigning to
    ``module.<tensor_name>`` calls the ``right_inverse`` methods. The parametrization's
    training mode is set to the module's.

    Args:
        module (Module): the module holding the tensor.
        tensor_name (str): name of the parameter or buffer to parametrize.
        parametrization (Module): maps the original tensor(s) to the tensor; may define
            ``right_inverse(X)`` returning a tensor or a sequence of tensors (the original(s)
            that give ``X``; the identity when absent).
        unsafe (bool): allow the parametrization to change the dtype and shape (no checks).
            Default: ``False``.

    Returns:
        Module: ``module``, its class swapped for ``Parametrized<Class>``.

    Raises:
        ValueError: ``module`` has no parameter, buffer or parametrized tensor
            ``tensor_name``, or (unless ``unsafe``) the parametrization changes its dtype or
            shape.

    >>> from tinytorch.nn.utils import parametrize
    >>> class Symmetric(tinytorch.nn.Module):
    ...     def forward(self, X):
    ...         return X.triu() + X.triu(1).transpose(-1, -2)
    >>> m = parametrize.register_parametrization(tinytorch.nn.Linear(3, 3), "weight",
    ...                                          Symmetric())
    >>> bool((m.weight == m.weight.T).all()), type(m).__name__
    (True, 'ParametrizedLinear')
    """
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            _check_appended(module, tensor_name, parametrization)
        parametrizations = module.parametrizations[tensor_name]
        parametrizations.append(parametrization)
        parametrizations.unsafe |= unsafe
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = parametrizations
    else:
        raise ValueError(f"Module '{module}' does not have a parameter, a buffer, or a "
                         f"parametrized element with name '{tensor_name}'")
    return module


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` has a parametrization on ``tensor_name`` (on anything, when None).

    Args:
        module (Module): the module to query.
        tensor_name (str, optional): the parameter or buffer name. Default: ``None``.

    Returns:
        bool: whether it is parametrized.

    >>> from tinytorch.nn.utils import parametrize, parametrizations
    >>> m = parametrizations.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> parametrize.is_parametrized(m), parametrize.is_parametrized(m, "bias")
    (True, False)
    """
    parametrizations = getattr(module, "parametrizations", None)
    if not isinstance(parametrizations, ModuleDict):
        return False
    if tensor_name is None:
        return len(parametrizations) > 0
    return tensor_name in parametrizations


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Remove the parametrizations on ``module.<tensor_name>`` and make it a plain parameter
    or buffer again: its current parametrized value when ``leave_parametrized`` (written into
    the original tensor object, so an optimizer holding it keeps working), else the original.

    Args:
        module (Module): the module.
        tensor_name (str): the parametrized tensor's name.
        leave_parametrized (bool): keep the parametrized value. Default: ``True``.

    Returns:
        Module: ``module`` (its original class back once nothing is parametrized).

    Raises:
        ValueError: ``module.<tensor_name>`` is not parametrized, or ``leave_parametrized`` is
            False and the parametrization starts from several tensors.

    >>> from tinytorch.nn.utils import parametrize, parametrizations
    >>> m = parametrizations.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> type(parametrize.remove_parametrizations(m, "weight")).__name__
    'Linear'
    """
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"Module {module} does not have a parametrization on {tensor_name}")
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                _maybe_set(original, getattr(module, tensor_name))
    elif leave_parametrized:
        t = getattr(module, tensor_name)
        original = Parameter(t) if t.requires_grad else t
    else:
        raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor "
                         "that is parametrized in terms of a sequence of tensors.")
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = type(module).__bases__[0]
    return module


def type_before_parametrizations(module):
    """The module's class before parametrizations were registered (its class if none were).

    Args:
        module (Module): the module.

    Returns:
        type: the class.

    >>> from tinytorch.nn.utils import parametrize, parametrizations
    >>> m = parametrizations.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> parametrize.type_before_parametrizations(m).__name__
    'Linear'
    """
    if is_parametrized(module):
        return type(module).__bases__[0]
    return type(module)


def transfer_parametrizations_and_params(from_module, to_module, tensor_name=None):
    """Register ``from_module``'s parametrizations (all, or those on ``tensor_name``) on
    ``to_module`` too, sharing the parametrization modules and the original tensors; a
    parametrized name ``to_module`` lacks is first created as a Parameter.

    Args:
        from_module (Module): the module to copy from.
        to_module (Module): the module to copy to.
        tensor_name (str, optional): the one tensor to transfer. Default: all.

    Returns:
        Module: ``to_module``.

    >>> from tinytorch.nn.utils import parametrize, parametrizations
    >>> a = parametrizations.weight_norm(tinytorch.nn.Linear(2, 2))
    >>> b = parametrize.transfer_parametrizations_and_params(a, tinytorch.nn.Linear(2, 2))
    >>> bool((a.weight == b.weight).all())
    True
    """
    if not is_parametrized(from_module):
        return to_module
    names = list(from_module.parametrizations) if tensor_name is None else [tensor_name]
    for name in names:
        if not hasattr(to_module, name):
            setattr(to_module, name, Parameter(getattr(from_module, name)))
        source = from_module.parametrizations[name]
        for parametrization in source:
            register_parametrization(to_module, name, parametrization)
        target = to_module.parametrizations[name]
        originals = (["original"] if source.is_tensor
                     else [f"original{i}" for i in range(source.ntensors)])
        for original in originals:
            setattr(target, original, getattr(source, original))
    return to_module
