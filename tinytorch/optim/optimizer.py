"""``Optimizer``: parameter groups, per-parameter state and PyTorch's state_dict format."""

import copy
import warnings
from collections import OrderedDict
from collections import defaultdict

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._grad_mode import enable_grad
from tinytorch._grad_mode import no_grad
from tinytorch._hooks import add_hook
from tinytorch._ops.optim import increment_
from tinytorch._tensor import Tensor
from tinytorch._typeinfo import typename
from tinytorch.optim._hooks import _global_optimizer_post_hooks
from tinytorch.optim._hooks import _global_optimizer_pre_hooks
from tinytorch.optim._hooks import pass_through
from tinytorch.optim._hooks import register_optimizer_step_post_hook  # noqa: F401
from tinytorch.optim._hooks import register_optimizer_step_pre_hook  # noqa: F401
from tinytorch.optim._hooks import step_with_hooks


class _RequiredParameter:
    """Marks a default that every parameter group must set itself."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def check_one_element(name, value):
    """A hyperparameter given as a tensor (which a scheduler may update in place) must hold
    one value, as PyTorch requires."""
    if isinstance(value, Tensor) and value.numel() != 1:
        raise ValueError(f"Tensor {name} must be 1-element")


def check_lr(lr):
    check_one_element("lr", lr)
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def to_scalar(value):
    """PyTorch's ``_to_scalar``: a 1-element tensor with dims becomes 0-d; anything else is
    kept."""
    return value.squeeze() if isinstance(value, Tensor) and value.dim() != 0 else value


def _plain(value):
    if isinstance(value, Tensor):
        return value.item()
    if isinstance(value, tuple) and any(isinstance(v, Tensor) for v in value):
        return tuple(_plain(v) for v in value)
    return value


def plain_options(group):
    """``group``, or a copy whose tensor hyperparameters (a tensor ``lr``, Adam's tensor
    ``betas``) are Python numbers, which the update kernels take: PyTorch accepts 1-element
    tensors there, read at each step."""
    plain = group
    for key, value in group.items():
        if isinstance(value, (Tensor, tuple)) and key != "params":  # isinstance first: per step
            number = _plain(value)
            if number is not value:
                plain = dict(group) if plain is group else plain
                plain[key] = number
    return plain


def check_nonnegative(name, value):
    if not 0.0 <= value:
        raise ValueError(f"Invalid {name} value: {value}")


def check_betas(betas):
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta}")


def check_differentiable(differentiable):
    if differentiable:
        raise NotImplementedError("tinytorch optimizers do not support differentiable=True: "
                                  "their steps are fused in-place kernels outside autograd")


def _scalar_dtype():
    return _dtype.float64 if _dtype.get_default_dtype() is _dtype.float64 else _dtype.float32


def scalar_state(value):
    """A 0-d CPU tensor for a step count or running product, float32 (float64 under that
    default dtype) as torch keeps them."""
    return _creation.tensor(float(value), dtype=_scalar_dtype())


def next_step(state):
    """Increment ``state['step']`` and return the new count as a Python int."""
    return increment_(state["step"])


class Optimizer:
    r"""Base class for all optimizers.

    Args:
        params (iterable): an iterable of :class:`tinytorch.Tensor` s, of ``(name, tensor)``
            pairs, or of dicts. Dicts define parameter groups with their own options.
        defaults (dict): default values of the optimization options, used for groups that
            do not set them.

    Raises:
        TypeError: ``params`` is a single tensor, or holds something other than tensors.
        ValueError: ``params`` is empty, or a parameter is not a leaf, or appears in two groups.

    Subclasses implement ``_update(param, group)``, which updates one parameter whose
    ``.grad`` is set; :meth:`step` calls it under ``no_grad`` for every such parameter. A
    subclass that needs the whole step (say, to call the closure several times) overrides
    ``_step(closure=None)`` instead; :meth:`step` runs the step hooks around ``_step``.

    >>> import tinytorch
    >>> w, b = tinytorch.zeros(2, requires_grad=True), tinytorch.zeros(1, requires_grad=True)
    >>> opt = tinytorch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1)
    >>> [group["lr"] for group in opt.param_groups]
    [0.1, 0.5]
    >>> [group["params"] for group in opt.state_dict()["param_groups"]]
    [[0], [1]]
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._optimizer_step_pre_hooks = OrderedDict()
        self._optimizer_step_post_hooks = OrderedDict()
        self._optimizer_state_dict_pre_hooks = OrderedDict()
        self._optimizer_state_dict_post_hooks = OrderedDict()
        self._optimizer_load_state_dict_pre_hooks = OrderedDict()
        self._optimizer_load_state_dict_post_hooks = OrderedDict()
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __repr__(self):
        lines = [self.__class__.__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.extend(["", f"Parameter Group {i}"] if i else ["Parameter Group 0"])
            lines.extend(f"    {key}: {group[key]}" for key in sorted(group) if key != "params")
        return "\n".join(lines) + "\n)"

    def __getstate__(self):
        # A scheduler's wrapper of ``step`` is a closure, which pickle refuses: dropped with its
        # mark, as PyTorch's __getstate__ drops them (NOTE [Scheduler before optimizer]).
        state = dict(self.__dict__)
        if hasattr(state.get("step"), "_wrapped_by_lr_sched"):
            del state["step"]
            state.pop("_opt_called", None)
        return state

    def add_param_group(self, param_group):
        """Add a parameter group to :attr:`param_groups`, filling in missing options from
        :attr:`defaults` (useful to start training frozen layers).

        Args:
            param_group (dict): ``{"params": ..., option: value, ...}``.

        Raises:
            TypeError: ``param_group`` is not a dict, or holds something other than tensors.
            ValueError: a parameter is not a leaf, or is already in another group, or a
                required option is missing.

        >>> import tinytorch
        >>> w, b = tinytorch.zeros(2, requires_grad=True), tinytorch.zeros(1, requires_grad=True)
        >>> opt = tinytorch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> opt.add_param_group({"params": [b], "lr": 0.01})
        >>> opt.param_groups[1]["lr"], opt.param_groups[1]["momentum"]
        (0.01, 0.9)
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        _normalise_params(param_group)
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + typename(param))
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        self._check_disjoint(param_group)
        self.param_groups.append(param_group)

    def _check_disjoint(self, param_group):
        ids = [id(p) for p in param_group["params"]]
        if len(ids) != len(set(ids)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if not seen.isdisjoint(ids):
            raise ValueError("some parameters appear in more than one parameter group")

    def zero_grad(self, set_to_none=True):
        """Reset the gradients of all optimized tensors.

        Args:
            set_to_none (bool): set ``.grad`` to None instead of filling it with zeros
                (default True; a step then skips parameters that received no gradient).

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> w.grad = tinytorch.tensor([3.0])
        >>> opt = tinytorch.optim.SGD([w], lr=0.1)
        >>> opt.zero_grad(set_to_none=False)
        >>> w.grad
        tensor([0.])
        >>> opt.zero_grad()
        >>> w.grad is None
        True
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p._grad is None:  # the library's own read: no non-leaf warning to check
                    continue
                if set_to_none:
                    p._grad = None
                    continue
                if p.grad._grad_fn is not None:
                    p.grad.detach_()
                else:
                    p.grad.requires_grad_(False)
                p.grad.zero_()

    def register_step_pre_hook(self, hook):
        """Register ``hook(optimizer, args, kwargs)`` to run before each :meth:`step`.

        ``args`` starts with the optimizer. The hook may return ``(new_args, new_kwargs)``
        to replace the arguments of the step, or None.

        Args:
            hook (Callable): the user defined hook to be registered.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> w.grad = tinytorch.tensor([1.0])
        >>> opt = tinytorch.optim.SGD([w], lr=0.5)
        >>> handle = opt.register_step_pre_hook(lambda opt, args, kwargs: print(w))
        >>> opt.step()
        tensor([1.], requires_grad=True)
        >>> handle.remove()
        >>> opt.step()
        >>> w
        tensor([0.], requires_grad=True)
        """
        return add_hook(self._optimizer_step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Register ``hook(optimizer, args, kwargs)`` to run after each :meth:`step`.

        Args:
            hook (Callable): the user defined hook to be registered.

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> w.grad = tinytorch.tensor([1.0])
        >>> opt = tinytorch.optim.SGD([w], lr=0.5)
        >>> handle = opt.register_step_post_hook(lambda opt, args, kwargs: print(w))
        >>> opt.step()
        tensor([0.5000], requires_grad=True)
        >>> handle.remove()
        """
        return add_hook(self._optimizer_step_post_hooks, hook)

    def register_state_dict_pre_hook(self, hook, prepend=False):
        """Register ``hook(optimizer)`` to run before :meth:`state_dict` builds the dict.

        Args:
            hook (Callable): the user defined hook to be registered.
            prepend (bool): if True, ``hook`` runs before the hooks already registered,
                else after them (default False).

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=0.1)
        >>> handle = opt.register_state_dict_pre_hook(lambda opt: print("saving"))
        >>> _ = opt.state_dict()
        saving
        >>> handle.remove()
        """
        return add_hook(self._optimizer_state_dict_pre_hooks, hook, prepend)

    def register_state_dict_post_hook(self, hook, prepend=False):
        """Register ``hook(optimizer, state_dict)`` to run on the dict :meth:`state_dict`
        built; it may change it in place or return a dict to use instead (else None).

        Args:
            hook (Callable): the user defined hook to be registered.
            prepend (bool): if True, ``hook`` runs before the hooks already registered,
                else after them (default False).

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=0.1)
        >>> def add_note(opt, state_dict):
        ...     state_dict["note"] = "epoch 3"
        >>> handle = opt.register_state_dict_post_hook(add_note)
        >>> opt.state_dict()["note"]
        'epoch 3'
        """
        return add_hook(self._optimizer_state_dict_post_hooks, hook, prepend)

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        """Register ``hook(optimizer, state_dict)`` to run before :meth:`load_state_dict`
        loads, on a shallow copy of the dict passed in; it may change it in place or
        return a dict to load instead (else None).

        Args:
            hook (Callable): the user defined hook to be registered.
            prepend (bool): if True, ``hook`` runs before the hooks already registered,
                else after them (default False).

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=0.1)
        >>> def lower_lr(opt, state_dict):
        ...     state_dict["param_groups"] = [dict(g, lr=0.01) for g in state_dict["param_groups"]]
        >>> handle = opt.register_load_state_dict_pre_hook(lower_lr)
        >>> opt.load_state_dict(opt.state_dict())
        >>> opt.param_groups[0]["lr"]
        0.01
        """
        return add_hook(self._optimizer_load_state_dict_pre_hooks, hook, prepend)

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        """Register ``hook(optimizer)`` to run after :meth:`load_state_dict` has loaded.

        Args:
            hook (Callable): the user defined hook to be registered.
            prepend (bool): if True, ``hook`` runs before the hooks already registered,
                else after them (default False).

        Returns:
            RemovableHandle: ``handle.remove()`` unregisters the hook.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=0.1)
        >>> handle = opt.register_load_state_dict_post_hook(lambda opt: print("loaded"))
        >>> opt.load_state_dict(opt.state_dict())
        loaded
        """
        return add_hook(self._optimizer_load_state_dict_post_hooks, hook, prepend)

    def step(self, closure=None):
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): re-evaluates the model and returns the loss;
                called with gradients enabled before the update.

        Returns:
            The loss ``closure`` returned, or None.

        The step hooks see ``args = (optimizer,)``, or ``(optimizer, closure)`` when a
        closure is given.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0, 2.0], requires_grad=True)
        >>> opt = tinytorch.optim.SGD([w], lr=0.1)
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (w * w).sum()
        ...     loss.backward()
        ...     return loss
        >>> opt.step(closure).item()
        5.0
        >>> w
        tensor([0.8000, 1.6000], requires_grad=True)
        """
        # See NOTE [Optimizer step hooks]
        if (self._optimizer_step_pre_hooks or self._optimizer_step_post_hooks
                or _global_optimizer_pre_hooks or _global_optimizer_post_hooks):
            return step_with_hooks(self, (self,) if closure is None else (self, closure), {})
        return self._step(closure)

    def _step(self, closure=None):
        """:meth:`step` without its hooks."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                options = self._step_options(group)
                for param in group["params"]:
                    if param._grad is not None:
                        self._update(param, options)
        return loss

    def _step_options(self, group):
        """The options :meth:`_update` gets for ``group`` (its tensor hyperparameters as
        Python numbers); an optimizer refusing some of them at step time checks here."""
        return plain_options(group)

    def _update(self, param, group):
        raise NotImplementedError(f"{type(self).__name__} must implement step() or _update()")

    def state_dict(self):
        """Return the state of the optimizer as a :class:`dict`, in PyTorch's format.

        Returns:
            dict: ``state`` maps an integer id per parameter (its position across the groups,
            in order) to that parameter's state; ``param_groups`` lists each group's options
            with ``params`` as those ids. The tensors are the optimizer's own (not copies).

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> w.grad = tinytorch.tensor([1.0])
        >>> opt = tinytorch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> opt.step()
        >>> opt.state_dict()["state"]
        {0: {'momentum_buffer': tensor([1.])}}
        """
        for pre_hook in self._optimizer_state_dict_pre_hooks.values():
            pre_hook(self)
        ids = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                ids.setdefault(id(p), len(ids))
            packed["params"] = [ids[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {(ids[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()}
        return pass_through(self._optimizer_state_dict_post_hooks, self,
                             {"state": state, "param_groups": groups})

    def load_state_dict(self, state_dict):
        """Load state from :meth:`state_dict` (tinytorch's or PyTorch's layout).

        State tensors are copied onto each parameter's device (and floating point dtype,
        except the step count), so the loaded optimizer shares no storage with the dict.

        Args:
            state_dict (dict): optimizer state, as returned by :meth:`state_dict`.

        Raises:
            ValueError: the number of groups, or of parameters in a group, differs.

        >>> import tinytorch
        >>> w = tinytorch.tensor([1.0], requires_grad=True)
        >>> w.grad = tinytorch.tensor([1.0])
        >>> opt = tinytorch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> opt.step()
        >>> fresh = tinytorch.optim.SGD([w], lr=0.5, momentum=0.9)
        >>> fresh.load_state_dict(opt.state_dict())
        >>> fresh.param_groups[0]["lr"], fresh.state[w]
        (0.1, {'momentum_buffer': tensor([1.])})
        """
        state_dict = pass_through(self._optimizer_load_state_dict_pre_hooks, self,
                                   state_dict.copy())
        saved_groups = copy.deepcopy(state_dict["param_groups"])
        if len(self.param_groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for group, saved in zip(self.param_groups, saved_groups):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't "
                                 "match the size of optimizer's group")
        id_map = {}
        for group, saved in zip(self.param_groups, saved_groups):
            id_map.update(zip(saved["params"], group["params"]))
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in id_map:
                state[id_map[key]] = _cast_state(id_map[key], value)
            else:
                state[key] = value
        for group, saved in zip(self.param_groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
            for name, default in self.defaults.items():
                saved.setdefault(name, default)
        self.state = state
        self.param_groups = saved_groups
        for post_hook in self._optimizer_load_state_dict_post_hooks.values():
            post_hook(self)


def _normalise_params(param_group):
    """``param_group['params']`` as a list of tensors; ``(name, tensor)`` pairs set
    ``param_group['param_names']``."""
    params = param_group["params"]
    if isinstance(params, Tensor):
        params = [params]
    elif isinstance(params, set):
        raise TypeError("optimizer parameters need to be organized in ordered collections, but "
                        "the ordering of tensors in sets will change between runs. Please use a "
                        "list instead.")
    params = list(params)
    names = [p[0] for p in params if isinstance(p, tuple)]
    param_group["params"] = [p[1] if isinstance(p, tuple) else p for p in params]
    if names and len(names) != len(params):
        raise ValueError("all optimizer params should be with/without names. Some param names "
                         "are missing")
    if names:
        param_group["param_names"] = names


def _cast_state(param, value, key=None):
    """A copy of one parameter's saved state, tensors moved next to ``param``."""
    if isinstance(value, Tensor):
        if key == "step":
            return _creation.empty_like(value).copy_(value)
        dtype = param.dtype if param.is_floating_point() else value.dtype
        return _creation.empty_like(value, dtype=dtype, device=param.device).copy_(value)
    if key == "step" and isinstance(value, (int, float)):
        return scalar_state(value)
    if isinstance(value, dict):
        return {k: _cast_state(param, v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_state(param, v) for v in value)
    return value
