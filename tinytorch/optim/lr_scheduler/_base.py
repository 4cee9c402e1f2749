"""``LRScheduler``: the base of the epoch-driven schedulers, and their shared helpers."""

import functools
import warnings
import weakref

from tinytorch._tensor import Tensor
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import to_scalar

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated "
    "where possible. Please use `scheduler.step()` to step the scheduler. During the "
    "deprecation, if epoch is different from None, the closed form is used instead of the "
    "new chainable form, where available. Please open an issue if you are unable to "
    "replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose."
)


def check_optimizer(optimizer):
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")


def _copy(value):
    """A tensor hyperparameter is cloned, so that a scheduler's record never aliases it."""
    return value.clone() if isinstance(value, Tensor) else value


def per_group(name, optimizer, value):
    """``value`` repeated for each parameter group, or a list checked to have one per group
    (tensors cloned)."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(f"{name} must have the same length as optimizer.param_groups. "
                             f"{name} has {len(value)} values, param_groups has "
                             f"{len(optimizer.param_groups)}.")
        return [_copy(v) for v in value]
    return [_copy(value) for _ in optimizer.param_groups]


def group_values(optimizer, key):
    """``group[key]`` of each parameter group, tensors cloned (PyTorch's
    ``_param_groups_val_list``)."""
    return [_copy(group[key]) for group in optimizer.param_groups]


def set_group_value(group, key, value):
    """``group[key] = value``, or, when ``group[key]`` is a tensor (a tensor lr), filled in
    place so that it stays the optimizer's tensor (PyTorch's ``_update_param_group_val``)."""
    if isinstance(group[key], Tensor):
        group[key].fill_(to_scalar(value))
    else:
        group[key] = value


def uses_beta1(optimizer):
    """For ``cycle_momentum``: whether the cycled momentum is Adam's ``betas[0]`` (else the
    group's ``momentum``)."""
    if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
        raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` "
                         "option enabled")
    return "betas" in optimizer.defaults


def set_momentum(group, value, use_beta1):
    if use_beta1:
        group["betas"] = (value, *group["betas"][1:])
    else:
        group["momentum"] = value


def start_momentum_cycle(optimizer, base_momentums, max_momentums, use_beta1):
    """A fresh cycle starts each group at its ``max_momentum``; the groups keep both bounds."""
    for low, high, group in zip(base_momentums, max_momentums, optimizer.param_groups):
        set_momentum(group, high, use_beta1)
        group["max_momentum"] = high
        group["base_momentum"] = low


# NOTE [Scheduler before optimizer]
# Since PyTorch 1.1 the order is optimizer.step() then scheduler.step(); the other order skips
# the schedule's first value. As PyTorch, a scheduler wraps its optimizer's bound ``step`` so
# that calling it marks the optimizer, and its first step() after construction warns if the
# optimizer has not stepped (or if ``step`` was replaced after the scheduler wrapped it).
# A ``step`` replaced by a plain function is wrapped too: PyTorch's wrapper rebinds
# ``step.__func__`` and so fails with AttributeError there, an accident not copied.
def _track_step_called(optimizer):
    if hasattr(optimizer.step, "_wrapped_by_lr_sched"):
        return
    step = optimizer.step
    opt = weakref.ref(optimizer)

    @functools.wraps(step)
    def wrapper(*args, **kwargs):
        opt()._opt_called = True
        return step(*args, **kwargs)

    wrapper._wrapped_by_lr_sched = True
    optimizer.step = wrapper


def _warn_step_order(optimizer):
    if not hasattr(optimizer.step, "_wrapped_by_lr_sched"):
        warnings.warn("Seems like `optimizer.step()` has been overridden after learning rate "
                      "scheduler initialization. Please, make sure to call `optimizer.step()` "
                      "before `lr_scheduler.step()`. See more details at "
                      "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                      UserWarning, stacklevel=3)
    elif not getattr(optimizer, "_opt_called", False):
        warnings.warn("Detected call of `lr_scheduler.step()` before `optimizer.step()`. In "
                      "PyTorch 1.1.0 and later, you should call them in the opposite order: "
                      "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this "
                      "will result in PyTorch skipping the first value of the learning rate "
                      "schedule. See more details at "
                      "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                      UserWarning, stacklevel=3)


class LRScheduler:
    """Base class of the learning-rate schedulers.

    Args:
        optimizer (Optimizer): the optimizer whose learning rates are scheduled.
        last_epoch (int): index of the last epoch when resuming (default -1: start afresh,
            recording each group's ``initial_lr``).

    Constructing a scheduler takes its first step (epoch 0). Subclasses implement
    ``get_lr()``, the learning rates of epoch ``last_epoch`` computed from the current ones.

    Raises:
        TypeError: ``optimizer`` is not an :class:`Optimizer`.
        KeyError: resuming (``last_epoch >= 0``) without ``initial_lr`` in the groups.

    >>> import tinytorch
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = tinytorch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    >>> for epoch in range(3):
    ...     opt.step()  # a training epoch, then one scheduler step
    ...     sched.step()
    >>> sched.last_epoch, sched.get_last_lr()
    (3, [0.125])
    """

    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        for i, group in enumerate(optimizer.param_groups):
            if last_epoch == -1:
                group.setdefault("initial_lr", _copy(group["lr"]))
            elif "initial_lr" not in group:
                raise KeyError(f"param 'initial_lr' is not specified in param_groups[{i}] when "
                               "resuming scheduler with last_epoch >= 0.\n"
                               "This typically happens when:\n"
                               "1. You're trying to resume training from a checkpoint but "
                               "haven't properly loaded the optimizer state\n"
                               "2. You're using last_epoch >= 0 for a fresh training run "
                               "(not recommended)")
        self.base_lrs = group_values(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        _track_step_called(optimizer)
        self._initial_step()

    def _initial_step(self):
        """The step a scheduler takes when constructed (or when SequentialLR switches to it)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def state_dict(self):
        """Return the state of the scheduler as a :class:`dict`.

        Returns:
            dict: every attribute of the scheduler except the optimizer.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = tinytorch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> state = sched.state_dict()
        >>> state["last_epoch"], state["base_lrs"]
        (0, [1.0])
        """
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        """Load the scheduler's state.

        Args:
            state_dict (dict): scheduler state, as returned by :meth:`state_dict`.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = tinytorch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> opt.step(); sched.step()
        >>> resumed = tinytorch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> resumed.load_state_dict(sched.state_dict())
        >>> resumed.last_epoch, resumed.get_last_lr()
        (1, [0.5])
        """
        self.__dict__.update(state_dict)

    def get_last_lr(self):
        """Return the learning rates the last :meth:`step` set.

        Returns:
            list of float: one learning rate per parameter group.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = tinytorch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [0.5]
        """
        return self._last_lr

    def get_lr(self):
        """Compute the learning rates of epoch ``last_epoch``, in chainable form.

        :meth:`step` calls it and sets the groups' lr to the result; calling it anywhere
        else warns (use :meth:`get_last_lr`). Each scheduler class implements it.

        Returns:
            list of float: one learning rate per parameter group.

        Raises:
            NotImplementedError: on the base class, which has no rule of its own.

        >>> import tinytorch
        >>> class Halving(tinytorch.optim.lr_scheduler.LRScheduler):
        ...     def get_lr(self):
        ...         return [base_lr * 0.5 ** self.last_epoch for base_lr in self.base_lrs]
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = Halving(opt)
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [0.5]
        """
        raise NotImplementedError

    def _warn_outside_step(self):
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please "
                          "use `get_last_lr()`.", UserWarning, stacklevel=3)

    def _lrs(self):
        return group_values(self.optimizer, "lr")

    def step(self, epoch=None):
        """Advance one epoch and set the groups' lr to :meth:`get_lr`'s.

        Args:
            epoch (int, optional): jump to this epoch instead, using the closed form where
                the scheduler has one (deprecated: warns, as PyTorch does) (default None).

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = tinytorch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
        >>> opt.step(); sched.step(); opt.param_groups[0]["lr"]
        1.0
        >>> opt.step(); sched.step(); opt.param_groups[0]["lr"]
        0.1
        """
        if self._step_count == 1:
            _warn_step_order(self.optimizer)
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        self._get_lr_called_within_step = True
        try:
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                closed_form = getattr(self, "_get_closed_form_lr", self.get_lr)
                values = closed_form()
        finally:
            self._get_lr_called_within_step = False
        for group, lr in zip(self.optimizer.param_groups, values, strict=True):
            set_group_value(group, "lr", lr)
        self._last_lr = self._lrs()


# Subclassed rather than assigned so that its __name__ is _LRScheduler, as PyTorch's.
class _LRScheduler(LRScheduler):
    """PyTorch's former name of :class:`LRScheduler`, kept for schedulers written against it:
    a subclass that changes nothing."""
