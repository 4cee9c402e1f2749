"""Reduce the learning rate when a metric stops improving."""

import math
import warnings

from tinytorch.optim.lr_scheduler._base import EPOCH_DEPRECATION_WARNING
from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import check_optimizer
from tinytorch.optim.lr_scheduler._base import set_group_value


class ReduceLROnPlateau(LRScheduler):
    """Reduce the lr by ``factor`` when a metric has stopped improving for ``patience``
    epochs. Call ``step(metric)`` once per epoch.

    Args:
        optimizer (Optimizer): wrapped optimizer.
        mode (str): ``'min'`` (the metric should decrease) or ``'max'`` (default ``'min'``).
        factor (float): multiplicative factor of each reduction, < 1 (default 0.1).
        patience (int): epochs without improvement tolerated before reducing (default 10).
        threshold (float): minimum change that counts as an improvement (default 1e-4).
        threshold_mode (str): ``'rel'`` (relative to the best) or ``'abs'`` (default 'rel').
        cooldown (int): epochs to wait after a reduction before counting again (default 0).
        min_lr (float or list): lower bound on the lr, or one per group (default 0).
        eps (float): reductions smaller than this are skipped (default 1e-8).

    Raises:
        ValueError: ``factor >= 1``, an unknown mode or threshold_mode, or a wrong number of
            ``min_lr`` values.

    >>> import tinytorch
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = ReduceLROnPlateau(opt, patience=1)
    >>> for loss in [1.0, 1.0, 1.0]:
    ...     sched.step(loss)
    >>> sched.get_last_lr()
    [0.1]
    """

    def __init__(self, optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4,
                 threshold_mode="rel", cooldown=0, min_lr=0, eps=1e-8):
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        self.factor = factor
        check_optimizer(optimizer)
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(f"expected {len(optimizer.param_groups)} min_lrs, got "
                                 f"{len(min_lr)}")
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * len(optimizer.param_groups)
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = self._lrs()
        self._init_is_better(mode, threshold, threshold_mode)
        self._reset()

    def _reset(self):
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    @property
    def in_cooldown(self):
        """Whether the scheduler is waiting out its ``cooldown`` after a reduction."""
        return self.cooldown_counter > 0

    def step(self, metrics, epoch=None):
        """Record this epoch's metric and reduce the lr when it has not improved for more
        than ``patience`` epochs.

        Args:
            metrics (float or Tensor): the metric of this epoch (a number or a 0-d tensor).
            epoch (int, optional): the epoch number (deprecated: warns, as PyTorch does)
                (default None: the next epoch).

        >>> import tinytorch
        >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = tinytorch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0)
        >>> sched.step(0.5)
        >>> sched.step(tinytorch.tensor(0.7))
        >>> opt.param_groups[0]["lr"]
        0.1
        """
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._lrs()

    def _reduce_lr(self):
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(f"The number of param groups in the `optimizer` "
                                   f"({len(groups)}) differs from when `ReduceLROnPlateau` was "
                                   f"initialized ({len(self.min_lrs)}), usually due to a new "
                                   "param group being added to the optimizer. Please modify "
                                   "the `min_lrs` field to match the length of the "
                                   "`optimizer` param groups.")
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, min_lr in zip(groups, self.min_lrs):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, min_lr)
            if old_lr - new_lr > self.eps:
                set_group_value(group, "lr", new_lr)

    def _is_better(self, a, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min":
            return a < best - self.threshold
        if self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode, threshold, threshold_mode):
        if mode not in ("min", "max"):
            raise ValueError("mode " + mode + " is unknown!")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError("threshold mode " + threshold_mode + " is unknown!")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)
        self._init_is_better(self.mode, self.threshold, self.threshold_mode)
