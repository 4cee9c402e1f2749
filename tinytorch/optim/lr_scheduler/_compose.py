"""Schedulers built from other schedulers: one after another, or all at once."""

from bisect import bisect_right

from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import set_group_value
from tinytorch.optim.lr_scheduler._plateau import ReduceLROnPlateau


def _check_schedulers(owner, schedulers, optimizer):
    name = type(owner).__name__
    for i, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(f"{name} at index {i} should have `optimizer` as its attribute.")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f"{name} does not support `ReduceLROnPlateau` scheduler as it "
                             "requires additional kwargs to be specified when calling `step`, "
                             f"but got one at index {i} in the given schedulers sequence.")
        if optimizer is not scheduler.optimizer:
            raise ValueError(f"{name} expects all schedulers to belong to the same optimizer, "
                             f"but got scheduler {type(scheduler).__name__} at index {i} has "
                             f"{scheduler.optimizer}, which is different from "
                             f"{type(optimizer).__name__}.")


class _Composite(LRScheduler):
    """State handling shared by schedulers that drive others."""

    def state_dict(self):
        """Return the state of the scheduler as a :class:`dict`.

        Returns:
            dict: every attribute except the optimizer, with each inner scheduler's own
            :meth:`state_dict` under ``_schedulers``.

        >>> import tinytorch
        >>> from tinytorch.optim.lr_scheduler import ChainedScheduler, ExponentialLR
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ChainedScheduler([ExponentialLR(opt, gamma=0.5)])
        >>> [inner["gamma"] for inner in sched.state_dict()["_schedulers"]]
        [0.5]
        """
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict):
        state = dict(state_dict)
        inner = state.pop("_schedulers")
        self.__dict__.update(state)
        for scheduler, saved in zip(self._schedulers, inner):
            scheduler.load_state_dict(saved)


class SequentialLR(_Composite):
    """Run ``schedulers`` one after another, switching at the ``milestones`` epochs
    (e.g. a LinearLR warm-up, then CosineAnnealingLR).

    Args:
        optimizer (Optimizer): wrapped optimizer.
        schedulers (list): schedulers of ``optimizer``, in order.
        milestones (list): the epochs at which the next scheduler takes over (one fewer
            than ``schedulers``).
        last_epoch (int): index of the last epoch (default -1).

    >>> import tinytorch
    >>> from tinytorch.optim.lr_scheduler import ConstantLR, ExponentialLR
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = SequentialLR(opt, [ConstantLR(opt, factor=0.5, total_iters=2),
    ...                            ExponentialLR(opt, gamma=0.5)], milestones=[2])
    >>> lrs = []
    >>> for _ in range(4):
    ...     opt.step(); sched.step(); lrs.append(sched.get_last_lr()[0])
    >>> lrs
    [0.5, 1.0, 0.5, 0.25]
    """

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        if len(schedulers) < 1:
            raise ValueError(f"{type(self).__name__} expects at least one scheduler, but got "
                             "no scheduler.")
        _check_schedulers(self, schedulers, optimizer)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError("Sequential Schedulers expects number of schedulers provided to be "
                             "one more than the number of milestone points, but got number of "
                             f"schedulers {len(schedulers)} and the number of milestones to be "
                             f"equal to {len(milestones)}")
        self._schedulers = schedulers
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            set_group_value(group, "lr", group["initial_lr"])
        self.recursive_undo()
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def recursive_undo(self, sched=None):
        """Take back the epoch that each scheduler in ``sched`` (default: this one's
        schedulers, recursively through nested ones) counted when it was constructed, so the
        sequence starts together at epoch 0. Called by ``__init__``.

        Args:
            sched (LRScheduler, optional): the scheduler to undo; default: ``self``.

        >>> import tinytorch
        >>> from tinytorch.optim.lr_scheduler import ConstantLR, SequentialLR
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> inner = ConstantLR(opt, factor=0.5, total_iters=2)
        >>> sched = SequentialLR(opt, [inner, ConstantLR(opt)], milestones=[2])
        >>> inner.last_epoch
        0
        """
        scheds = self if sched is None else sched
        if hasattr(scheds, "_schedulers"):
            for inner in scheds._schedulers:
                self.recursive_undo(inner)
        elif hasattr(scheds, "last_epoch"):
            scheds.last_epoch -= 1

    def step(self):
        """Advance one epoch with the scheduler whose turn it is.

        >>> import tinytorch
        >>> from tinytorch.optim.lr_scheduler import ConstantLR, ExponentialLR, SequentialLR
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = SequentialLR(opt, [ConstantLR(opt, factor=0.5, total_iters=1),
        ...                            ExponentialLR(opt, gamma=0.5)], milestones=[1])
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [1.0]
        """
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class ChainedScheduler(_Composite):
    """Step several schedulers of one optimizer together; their effects multiply.

    Args:
        schedulers (sequence): the schedulers to chain.
        optimizer (Optimizer, optional): their optimizer (default: the first one's).

    >>> import tinytorch
    >>> from tinytorch.optim.lr_scheduler import ConstantLR, ExponentialLR
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ChainedScheduler([ConstantLR(opt, factor=0.5, total_iters=1),
    ...                           ExponentialLR(opt, gamma=0.5)])
    >>> opt.step(); sched.step(); sched.get_last_lr()
    [0.5]
    """

    def __init__(self, schedulers, optimizer=None):
        if len(schedulers) < 1:
            raise ValueError(f"{type(self).__name__} expects at least one scheduler to be "
                             "chained, but got no scheduler.")
        optimizer = optimizer or schedulers[0].optimizer
        _check_schedulers(self, schedulers, optimizer)
        self._schedulers = schedulers
        self.optimizer = optimizer
        self._last_lr = self._lrs()

    def step(self):
        """Step every chained scheduler.

        >>> import tinytorch
        >>> from tinytorch.optim.lr_scheduler import ChainedScheduler, ExponentialLR
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = ChainedScheduler([ExponentialLR(opt, gamma=0.5), ExponentialLR(opt, 0.5)])
        >>> opt.step(); sched.step(); sched.get_last_lr()
        [0.25]
        """
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = self._lrs()
