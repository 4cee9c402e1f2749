"""Scheduler API details found by a differential sweep against PyTorch: the old
``_LRScheduler`` base, the resume KeyError's text, ``SequentialLR.recursive_undo``."""

import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _warmup_lrs(lib):
    class Warmup(lib.optim.lr_scheduler._LRScheduler):
        def __init__(self, optimizer, steps):
            self.steps = steps
            super().__init__(optimizer)

        def get_lr(self):
            return [b * min(1.0, (self.last_epoch + 1) / self.steps) for b in self.base_lrs]

    opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.4)
    sched = Warmup(opt, 4)
    lrs = []
    for _ in range(6):
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return lrs, Warmup.__mro__[1].__name__, issubclass(Warmup, lib.optim.lr_scheduler.LRScheduler)


def test_old_lr_scheduler_base_works_as_torch():
    assert _warmup_lrs(tinytorch) == _warmup_lrs(torch)


def test_resume_without_initial_lr_raises_torch_key_error():
    def message(lib):
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=0.1)
        with pytest.raises(KeyError) as info:
            lib.optim.lr_scheduler.StepLR(opt, 2, last_epoch=3)
        return info.value.args

    assert message(tinytorch) == message(torch)


@pytest.mark.filterwarnings("ignore:Detected call of:UserWarning")
def test_sequential_recursive_undo_matches_torch():
    def run(lib):
        S = lib.optim.lr_scheduler
        opt = lib.optim.SGD([lib.zeros(1, requires_grad=True)], lr=1.0)
        inner = S.ChainedScheduler([S.ConstantLR(opt, 0.5, 2), S.ExponentialLR(opt, 0.9)])
        sched = S.SequentialLR(opt, [inner, S.StepLR(opt, 2)], milestones=[3])
        before = [s.last_epoch for s in inner._schedulers]
        sched.recursive_undo()
        sched.recursive_undo(sched._schedulers[1])
        return before, [s.last_epoch for s in inner._schedulers], sched._schedulers[1].last_epoch

    assert run(tinytorch) == run(torch)
