"""The cyclical learning-rate (and momentum) policy."""

import math
import types

from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import check_optimizer
from tinytorch.optim.lr_scheduler._base import per_group
from tinytorch.optim.lr_scheduler._base import set_momentum
from tinytorch.optim.lr_scheduler._base import set_group_value
from tinytorch.optim.lr_scheduler._base import start_momentum_cycle
from tinytorch.optim.lr_scheduler._base import uses_beta1

_MODES = ("triangular", "triangular2", "exp_range")


class CyclicLR(LRScheduler):
    """Cyclical learning rates (CLR): the lr climbs from ``base_lr`` to ``max_lr`` over
    ``step_size_up`` steps and falls back over ``step_size_down``, the amplitude scaled per
    cycle or per iteration; momentum (or Adam's beta1) cycles the opposite way. Step it
    after every batch.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        base_lr (float or list): lower lr bound, or one per group; sets the groups' lr.
        max_lr (float or list): upper lr bound, or one per group (reached only when the
            scale is 1).
        step_size_up (int): steps in the rising half of a cycle (default 2000).
        step_size_down (int): steps in the falling half (default None: ``step_size_up``).
        mode (str): ``'triangular'`` (constant amplitude), ``'triangular2'`` (halved each
            cycle) or ``'exp_range'`` (times ``gamma ** iteration``); ignored when
            ``scale_fn`` is given (default ``'triangular'``).
        gamma (float): the ``'exp_range'`` base (default 1.0).
        scale_fn (callable): custom amplitude scale ``f(x)`` in [0, 1], replacing ``mode``
            (default None).
        scale_mode (str): ``scale_fn``'s argument, ``'cycle'`` (the cycle number, from 1) or
            ``'iterations'`` (steps so far) (default ``'cycle'``).
        cycle_momentum (bool): cycle momentum (or beta1) between ``max_momentum`` (at
            ``base_lr``) and ``base_momentum`` (at ``max_lr``) (default True).
        base_momentum (float or list): lower momentum bound (default 0.8).
        max_momentum (float or list): upper momentum bound (default 0.9).
        last_epoch (int): index of the last batch when resuming (default -1).

    Raises:
        ValueError: ``mode`` is unknown and no ``scale_fn`` is given, a list has not one
            value per group, or ``cycle_momentum`` with an optimizer without momentum.

    ``state_dict`` keeps a callable object's ``__dict__`` in place of ``scale_fn`` and
    nothing for a plain function or lambda (pass it again when resuming), as PyTorch does.

    >>> import tinytorch
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], momentum=0.9)
    >>> sched = CyclicLR(opt, base_lr=0.1, max_lr=0.5, step_size_up=2)
    >>> for _ in range(4):
    ...     opt.step()
    ...     sched.step()
    ...     print(f"{sched.get_last_lr()[0]:.1f} {opt.param_groups[0]['momentum']:.2f}")
    0.3 0.85
    0.5 0.80
    0.3 0.85
    0.1 0.90
    """

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
                 mode="triangular", gamma=1.0, scale_fn=None, scale_mode="cycle",
                 cycle_momentum=True, base_momentum=0.8, max_momentum=0.9, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        base_lrs = per_group("base_lr", optimizer, base_lr)
        if last_epoch == -1:
            for lr, group in zip(base_lrs, optimizer.param_groups):
                set_group_value(group, "lr", lr)
        self.max_lrs = per_group("max_lr", optimizer, max_lr)
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        if mode not in _MODES and scale_fn is None:
            raise ValueError("mode is invalid and scale_fn is None")
        self.mode = mode
        self.gamma = gamma
        self._scale_fn_custom = scale_fn
        self.scale_mode = scale_mode
        self._init_scale_mode()
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = uses_beta1(optimizer)
            self.base_momentums = per_group("base_momentum", optimizer, base_momentum)
            self.max_momentums = per_group("max_momentum", optimizer, max_momentum)
            if last_epoch == -1:
                start_momentum_cycle(optimizer, self.base_momentums, self.max_momentums,
                                     self.use_beta1)
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def _init_scale_mode(self):
        """The built-in modes fix their own scale_mode, as in PyTorch."""
        if self._scale_fn_custom is None:
            self.scale_mode = "iterations" if self.mode == "exp_range" else "cycle"

    def scale_fn(self, x):
        """Return the amplitude scale at ``x``: ``scale_fn(x)`` if one was given, else the
        ``mode``'s.

        Args:
            x (int): the cycle number (from 1) or the iteration, as ``scale_mode`` says.

        Returns:
            float: the scale, in [0, 1].

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], momentum=0.9)
        >>> sched = tinytorch.optim.lr_scheduler.CyclicLR(opt, 0.1, 0.5, mode="triangular2")
        >>> [sched.scale_fn(cycle) for cycle in (1, 2, 3)]
        [1.0, 0.5, 0.25]
        """
        if self._scale_fn_custom is not None:
            return self._scale_fn_custom(x)
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        self._warn_outside_step()
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        at = cycle if self.scale_mode == "cycle" else self.last_epoch
        lrs = [base_lr + (max_lr - base_lr) * scale_factor * self.scale_fn(at)
               for base_lr, max_lr in zip(self.base_lrs, self.max_lrs, strict=True)]
        if self.cycle_momentum:
            for group, low, high in zip(self.optimizer.param_groups, self.base_momentums,
                                        self.max_momentums, strict=True):
                momentum = high - (high - low) * scale_factor * self.scale_fn(at)
                set_momentum(group, momentum, self.use_beta1)
        return lrs

    def state_dict(self):
        """Return the state of the scheduler as a :class:`dict`.

        Returns:
            dict: every attribute except the optimizer; under ``_scale_fn_custom``, a
            callable object's ``__dict__``, or None for a plain function or lambda (pass it
            again when resuming).

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], momentum=0.9)
        >>> sched = tinytorch.optim.lr_scheduler.CyclicLR(opt, 0.1, 0.5, step_size_up=2)
        >>> state = sched.state_dict()
        >>> state["max_lrs"], state["total_size"]
        ([0.5], 4.0)
        """
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer",
                                                                      "_scale_fn_custom")}
        fn = self._scale_fn_custom
        state["_scale_fn_custom"] = (None if fn is None or isinstance(fn, types.FunctionType)
                                     else dict(fn.__dict__))
        return state

    def load_state_dict(self, state_dict):
        # A copy: PyTorch pops from the caller's dict, so a second load of it fails there.
        state = dict(state_dict)
        saved_fn = state.pop("_scale_fn_custom")
        self.__dict__.update(state)
        if saved_fn is not None:
            self._scale_fn_custom.__dict__.update(saved_fn)
        self._init_scale_mode()
