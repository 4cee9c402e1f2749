"""``tinytorch.optim.swa_utils``: weight averaging (SWA, EMA) as PyTorch's
``torch.optim.swa_utils``: :class:`AveragedModel`, the averaging functions, :class:`SWALR` and
:func:`update_bn`."""

import copy
import math
import warnings

from tinytorch import _creation
from tinytorch._dtype import int64
from tinytorch._grad_mode import no_grad
from tinytorch.nn.modules.instancenorm import _InstanceNorm
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.normalization import _BatchNorm
from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import per_group

__all__ = ["AveragedModel", "SWALR", "get_ema_avg_fn", "get_ema_multi_avg_fn", "get_swa_avg_fn",
           "get_swa_multi_avg_fn", "update_bn"]


def _check_decay(decay):
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in "
                         "[0,1] range.")


def get_ema_multi_avg_fn(decay=0.999):
    """The in-place exponential moving average over lists of tensors, for ``multi_avg_fn``:
    ``W_ema <- decay * W_ema + (1 - decay) * W_model``.

    Args:
        decay (float): the weight of the running average, in [0, 1]. Default: 0.999.

    Returns:
        Callable: ``fn(ema_list, model_list, num_averaged)`` updating ``ema_list`` in place.

    Raises:
        ValueError: ``decay`` is outside [0, 1].

    >>> from tinytorch.optim.swa_utils import get_ema_multi_avg_fn
    >>> ema = [tinytorch.zeros(2)]
    >>> get_ema_multi_avg_fn(0.75)(ema, [tinytorch.ones(2)], 1)
    >>> ema[0]
    tensor([0.2500, 0.2500])
    """
    _check_decay(decay)

    @no_grad()
    def ema_update(ema_param_list, current_param_list, _):
        if ema_param_list[0].is_floating_point() or ema_param_list[0].is_complex():
            for p_ema, p_model in zip(ema_param_list, current_param_list):
                p_ema.lerp_(p_model, 1 - decay)
        else:
            for p_ema, p_model in zip(ema_param_list, current_param_list):
                p_ema.copy_(p_ema * decay + p_model * (1 - decay))

    return ema_update


def get_swa_multi_avg_fn():
    """The in-place equal-weight running average over lists of tensors, for ``multi_avg_fn``:
    ``W_swa <- W_swa + (W_model - W_swa) / (num_averaged + 1)``.

    Returns:
        Callable: ``fn(swa_list, model_list, num_averaged)`` updating ``swa_list`` in place.

    >>> from tinytorch.optim.swa_utils import get_swa_multi_avg_fn
    >>> swa = [tinytorch.zeros(2)]
    >>> get_swa_multi_avg_fn()(swa, [tinytorch.ones(2)], 3)
    >>> swa[0]
    tensor([0.2500, 0.2500])
    """
    swa_one = get_swa_avg_fn()

    @no_grad()
    def swa_update(averaged_param_list, current_param_list, num_averaged):
        # Floats lerp with the weight 1 / (n + 1) computed in the default dtype, as PyTorch's
        # foreach lerp does; integer tensors (PyTorch's addcdiv refuses them) take the
        # single-tensor formula, truncated by the copy.
        floating = averaged_param_list[0].is_floating_point() or \
            averaged_param_list[0].is_complex()
        for p_averaged, p_model in zip(averaged_param_list, current_param_list):
            if floating:
                p_averaged.lerp_(p_model, float(1 / (num_averaged + 1)))
            else:
                p_averaged.copy_(swa_one(p_averaged, p_model, num_averaged))

    return swa_update


def get_ema_avg_fn(decay=0.999):
    """The exponential moving average of one tensor, for ``avg_fn``: returns
    ``decay * W_ema + (1 - decay) * W_model``.

    Args:
        decay (float): the weight of the running average, in [0, 1]. Default: 0.999.

    Returns:
        Callable: ``fn(ema_param, current_param, num_averaged) -> Tensor``.

    Raises:
        ValueError: ``decay`` is outside [0, 1].

    >>> from tinytorch.optim.swa_utils import get_ema_avg_fn
    >>> get_ema_avg_fn(0.5)(tinytorch.zeros(2), tinytorch.ones(2), 1)
    tensor([0.5000, 0.5000])
    """
    _check_decay(decay)

    @no_grad()
    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param

    return ema_update


def get_swa_avg_fn():
    """The equal-weight running average of one tensor, for ``avg_fn``: returns
    ``W_swa + (W_model - W_swa) / (num_averaged + 1)``.

    Returns:
        Callable: ``fn(averaged_param, current_param, num_averaged) -> Tensor``.

    >>> from tinytorch.optim.swa_utils import get_swa_avg_fn
    >>> get_swa_avg_fn()(tinytorch.zeros(2), tinytorch.ones(2), 1)
    tensor([0.5000, 0.5000])
    """

    @no_grad()
    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)

    return swa_update


def _by_device_and_dtype(self_tensors, model_tensors):
    """Pairs grouped by (device, dtype) in first-seen order, as ``multi_avg_fn`` receives them."""
    groups = {}
    for mine, theirs in zip(self_tensors, model_tensors):
        lists = groups.setdefault((str(mine.device), mine.dtype), ([], [], mine.device))
        lists[0].append(mine)
        lists[1].append(theirs)
    return groups.values()


class AveragedModel(Module):
    """A copy of ``model`` whose parameters (and, with ``use_buffers``, buffers) hold a running
    average of ``model``'s: Stochastic Weight Averaging by default, or the exponential moving
    average with :func:`get_ema_multi_avg_fn`.

    Args:
        model (Module): the model to average; it is deep-copied.
        device (str or device, optional): keep the averaged copy on this device.
        avg_fn (Callable, optional): ``avg_fn(averaged, current, num_averaged) -> Tensor`` for
            one tensor (default: the equal-weight average).
        multi_avg_fn (Callable, optional): ``multi_avg_fn(averaged_list, current_list,
            num_averaged)`` updating a list in place (default: the equal-weight average).
        use_buffers (bool): average the buffers too; otherwise they are copied from
            ``model`` on every update. Default: False.

    The state dict holds ``n_averaged`` (how many models were averaged, int64) and the copy's
    entries under ``module.``. The first :meth:`update_parameters` copies ``model``'s values.

    Raises:
        AssertionError: both ``avg_fn`` and ``multi_avg_fn`` are given.

    >>> from tinytorch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
    >>> model = tinytorch.nn.Linear(2, 1)
    >>> ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
    >>> ema.update_parameters(model)
    >>> ema.n_averaged
    tensor(1)
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", _creation.tensor(0, dtype=int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def _tensors(self, model):
        if self.use_buffers:
            return [*model.parameters(), *model.buffers()]
        return list(model.parameters())

    @no_grad()
    def update_parameters(self, model):
        """Fold ``model``'s current parameters (and buffers with ``use_buffers``) into the
        average, and count one more averaged model.

        Args:
            model (Module): a model with the same structure as the averaged one.

        >>> from tinytorch.optim.swa_utils import AveragedModel
        >>> model = tinytorch.nn.Linear(1, 1, bias=False)
        >>> swa = AveragedModel(model)
        >>> for value in (1.0, 2.0, 6.0):
        ...     _ = model.weight.data.fill_(value)
        ...     swa.update_parameters(model)
        >>> swa.module.weight
        Parameter containing:
        tensor([[3.]], requires_grad=True)
        """
        mine = [p.detach() for p in self._tensors(self.module)]
        theirs = [p.detach().to(m.device) for m, p in zip(mine, self._tensors(model))]
        if int(self.n_averaged) == 0:
            for m, p in zip(mine, theirs):
                m.copy_(p)
        elif self.multi_avg_fn is None:
            avg_fn = self.avg_fn or get_swa_avg_fn()
            for m, p in zip(mine, theirs):
                m.copy_(avg_fn(m, p, self.n_averaged.to(m.device)))
        else:
            for self_list, model_list, device in _by_device_and_dtype(mine, theirs):
                self.multi_avg_fn(self_list, model_list, self.n_averaged.to(device))
        if not self.use_buffers:
            for b_swa, b_model in zip(self.module.buffers(), model.buffers()):
                b_swa.detach().copy_(b_model.detach().to(b_swa.device))
        self.n_averaged += 1


def _is_batch_norm(module):
    return isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm)


@no_grad()
def update_bn(loader, model, device=None):
    """Recompute the running statistics of every BatchNorm layer of ``model`` with one pass
    over ``loader`` (a cumulative average: momentum None), for a model whose weights were
    averaged.

    Args:
        loader (Iterable): batches, each a tensor or a list/tuple whose first element is the
            input tensor.
        model (Module): the model; its train/eval mode and the layers' momentum are restored.
        device (str or device, optional): move each input batch here first.

    >>> from tinytorch.optim.swa_utils import update_bn
    >>> model = tinytorch.nn.BatchNorm1d(1)
    >>> update_bn([tinytorch.tensor([[1.0], [3.0]])], model)
    >>> model.running_mean
    tensor([2.])
    """
    momenta = {m: m.momentum for m in model.modules() if _is_batch_norm(m)}
    if not momenta:
        return
    for module in momenta:
        module.reset_running_stats()
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    for batch in loader:
        if isinstance(batch, (list, tuple)):
            batch = batch[0]
        if device is not None:
            batch = batch.to(device)
        model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's learning rate from its current value to ``swa_lr`` over
    ``anneal_epochs`` steps, then hold it there (for SWA's constant-rate phase).

    Args:
        optimizer (Optimizer): the wrapped optimizer.
        swa_lr (float or list): the final learning rate, for all groups or one per group.
        anneal_epochs (int): steps of the annealing phase. Default: 10.
        anneal_strategy (str): ``"cos"`` or ``"linear"``. Default: ``"cos"``.
        last_epoch (int): the index of the last epoch. Default: -1.

    It anneals from whatever lr the groups hold when it steps, so it takes over from another
    scheduler (step that one before the SWA phase, this one after).

    Raises:
        ValueError: an unknown ``anneal_strategy``, a negative or non-int ``anneal_epochs``, or
            a ``swa_lr`` list whose length is not the number of groups.

    >>> from tinytorch.optim.swa_utils import SWALR
    >>> opt = tinytorch.optim.SGD([tinytorch.zeros(1, requires_grad=True)], lr=1.0)
    >>> sched = SWALR(opt, swa_lr=0.1, anneal_epochs=2, anneal_strategy="linear")
    >>> for _ in range(2):
    ...     opt.step(); sched.step()
    >>> sched.get_last_lr()
    [0.1]
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos",
                 last_epoch=-1):
        for lr, group in zip(per_group("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError("anneal_strategy must be one of 'cos' or 'linear', "
                             f"instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t):
        return t

    @staticmethod
    def _cosine_anneal(t):
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr, swa_lr, alpha):
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def _set_anneal_func(self, anneal_strategy):
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else \
            self._linear_anneal

    def get_lr(self):
        # Recover the lr the annealing started from, then move the annealed fraction on.
        if not self._get_lr_called_within_step:
            warnings.warn("To get the last learning rate computed by the scheduler, please "
                          "use `get_last_lr()`.", UserWarning, stacklevel=2)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        prev_lrs = [self._get_initial_lr(group["lr"], group["swa_lr"], prev_alpha)
                    for group in self.optimizer.param_groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [group["swa_lr"] * alpha + lr * (1 - alpha)
                for group, lr in zip(self.optimizer.param_groups, prev_lrs, strict=True)]

    def state_dict(self):
        # anneal_func is rebuilt from its name on load.
        return {key: value for key, value in self.__dict__.items()
                if key not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict):
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)
