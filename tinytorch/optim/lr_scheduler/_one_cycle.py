"""The 1cycle learning-rate (and momentum) policy."""

import math

from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import check_optimizer
from tinytorch.optim.lr_scheduler._base import per_group
from tinytorch.optim.lr_scheduler._base import set_momentum
from tinytorch.optim.lr_scheduler._base import start_momentum_cycle
from tinytorch.optim.lr_scheduler._base import uses_beta1


def _anneal(strategy, start, end, pct):
    if strategy == "cos":
        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
    return (end - start) * pct + start


class OneCycleLR(LRScheduler):
    """The 1cycle policy: the lr rises from ``max_lr / div_factor`` to ``max_lr`` over the
    first ``pct_start`` of the steps, then anneals to ``initial_lr / final_div_factor``;
    momentum (or Adam's beta1) cycles the opposite way. Step it after every batch.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        max_lr (float or list): peak learning rate, or one per group.
        total_steps (int): number of steps in the cycle; or give ``epochs`` and
            ``steps_per_epoch``.
        epochs (int): number of epochs (with ``steps_per_epoch``).
        steps_per_epoch (int): steps per epoch (with ``epochs``).
        pct_start (float): fraction of the cycle spent rising (default 0.3).
        anneal_strategy (str): ``'cos'`` or ``'linear'`` (default ``'cos'``).
        cycle_momentum (bool): cycle momentum (or beta1) between ``base_momentum`` and
            ``max_momentum`` (default True).
        base_momentum (float or list): lowest momentum, at the lr peak (default 0.85).
        max_momentum (float or list): highest momentum (default 0.95).
        div_factor (float): ``initial_lr = max_lr / div_factor`` (default 25).
        final_div_factor (float): ``min_lr = initial_lr / final_div_factor`` (default 1e4).
        three_phase (bool): add a symmetric descent back to ``initial_lr`` before the final
            annealing (default False).
        last_epoch (int): index of the last step (default -1).

    Raises:
        ValueError: bad step counts, ``pct_start`` or ``anneal_strategy``, stepping past
            ``total_steps``, or ``cycle_momentum`` with an optimizer without momentum.

    >>> import tinytorch
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0,
    ...                           momentum=0.9)
    >>> sched = OneCycleLR(opt, max_lr=1.0, total_steps=10, anneal_strategy="linear")
    >>> sched.get_last_lr()
    [0.04]
    """

    def __init__(self, optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
                 pct_start=0.3, anneal_strategy="cos", cycle_momentum=True,
                 base_momentum=0.85, max_momentum=0.95, div_factor=25.0,
                 final_div_factor=1e4, three_phase=False, last_epoch=-1):
        check_optimizer(optimizer)
        self.optimizer = optimizer
        self.total_steps = _total_steps(total_steps, epochs, steps_per_epoch)
        self._schedule_phases = _one_cycle_phases(pct_start, self.total_steps, three_phase)
        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError("anneal_strategy must be one of 'cos' or 'linear', instead got "
                             f"{anneal_strategy}")
        self._anneal_func_type = anneal_strategy
        max_lrs = per_group("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for group, group_max_lr in zip(optimizer.param_groups, max_lrs):
                group["initial_lr"] = group_max_lr / div_factor
                group["max_lr"] = group_max_lr
                group["min_lr"] = group["initial_lr"] / final_div_factor
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            self.use_beta1 = uses_beta1(optimizer)
            max_momentums = per_group("max_momentum", optimizer, max_momentum)
            base_momentums = per_group("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                start_momentum_cycle(optimizer, base_momentums, max_momentums, self.use_beta1)
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """Compute the learning rates (and set the momentum) of step ``last_epoch``.

        :meth:`step` calls it; calling it anywhere else warns (use :meth:`get_last_lr`).

        Returns:
            list of float: one learning rate per parameter group.

        Raises:
            ValueError: the scheduler was stepped more than ``total_steps`` times.

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], momentum=0.9)
        >>> sched = OneCycleLR(opt, max_lr=1.0, total_steps=2)
        >>> for _ in range(2):
        ...     opt.step(); sched.step()
        >>> sched.step()
        Traceback (most recent call last):
        ...
        ValueError: Tried to step 3 times. The specified number of total steps is 2
        """
        self._warn_outside_step()
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(f"Tried to step {step_num} times. The specified number of total "
                             f"steps is {self.total_steps}")
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    break
                start_step = end_step
            kind = self._anneal_func_type
            lrs.append(_anneal(kind, group[phase["start_lr"]], group[phase["end_lr"]], pct))
            if self.cycle_momentum:
                set_momentum(group, _anneal(kind, group[phase["start_momentum"]],
                                            group[phase["end_momentum"]], pct), self.use_beta1)
        return lrs


def _total_steps(total_steps, epochs, steps_per_epoch):
    if total_steps is not None:
        if total_steps <= 0 or not isinstance(total_steps, int):
            raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
        return total_steps
    if epochs is None or steps_per_epoch is None:
        raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")
    if not isinstance(epochs, int) or epochs <= 0:
        raise ValueError(f"Expected positive integer epochs, but got {epochs}")
    if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
        raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
    return epochs * steps_per_epoch


def _phase(end_step, start_lr, end_lr, start_momentum, end_momentum):
    return {"end_step": end_step, "start_lr": start_lr, "end_lr": end_lr,
            "start_momentum": start_momentum, "end_momentum": end_momentum}


def _one_cycle_phases(pct_start, total_steps, three_phase):
    """OneCycleLR's phases: the step each ends at and the group keys it moves between."""
    rise = _phase(float(pct_start * total_steps) - 1, "initial_lr", "max_lr", "max_momentum",
                  "base_momentum")
    if not three_phase:
        return [rise, _phase(total_steps - 1, "max_lr", "min_lr", "base_momentum",
                             "max_momentum")]
    return [rise,
            _phase(float(2 * pct_start * total_steps) - 2, "max_lr", "initial_lr",
                   "base_momentum", "max_momentum"),
            _phase(total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
