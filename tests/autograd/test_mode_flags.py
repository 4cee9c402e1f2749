"""The process-wide counts that let the hot path skip thread-local reads (NOTE [Inference
flag], ``_SavedHooks.on``): a mode entered in one thread reaches that thread only, and the
counts return to zero however the contexts are left."""

import threading

import pytest

import tinytorch
from tinytorch import _grad_mode
from tinytorch._ops._op import _SavedHooks


def _in_thread(fn):
    """``fn()``'s result, run in a new thread while the caller waits."""
    out = []
    worker = threading.Thread(target=lambda: out.append(fn()))
    worker.start()
    worker.join()
    return out[0]


def test_inference_mode_reaches_its_own_thread_only():
    with tinytorch.inference_mode():
        assert _grad_mode.inference_on == 1
        assert tinytorch.ones(2).is_inference()
        assert not _in_thread(lambda: tinytorch.ones(2).is_inference())
    assert _grad_mode.inference_on == 0
    assert not tinytorch.ones(2).is_inference()


def test_inference_count_in_nested_and_failing_contexts():
    with pytest.raises(ValueError):
        with tinytorch.inference_mode():
            with tinytorch.inference_mode():  # no change of state: no change of count
                assert _grad_mode.inference_on == 1
            with tinytorch.inference_mode(False):
                assert _grad_mode.inference_on == 0
                assert not tinytorch.ones(1).is_inference()
            assert tinytorch.ones(1).is_inference()
            raise ValueError
    assert _grad_mode.inference_on == 0


def test_inference_mode_in_two_threads_at_once():
    inside, leave = threading.Event(), threading.Event()

    def other():
        with tinytorch.inference_mode():
            inside.set()
            leave.wait()
            return tinytorch.ones(1).is_inference()

    worker_result = []
    worker = threading.Thread(target=lambda: worker_result.append(other()))
    worker.start()
    inside.wait()
    assert _grad_mode.inference_on == 1
    assert not tinytorch.ones(1).is_inference()  # this thread is not inside
    with tinytorch.inference_mode():
        assert _grad_mode.inference_on == 2
        assert tinytorch.ones(1).is_inference()
    leave.set()
    worker.join()
    assert worker_result == [True]
    assert _grad_mode.inference_on == 0


def test_saved_tensor_hooks_reach_their_own_thread_only():
    packed = []
    x = tinytorch.ones(3, requires_grad=True)

    def pack(t):
        packed.append(t.numel())
        return t

    with tinytorch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        assert _SavedHooks.on == 1
        _in_thread(lambda: (x * x).sum())
        assert packed == []
        (x * x).sum()
        assert packed == [3, 3]
    assert _SavedHooks.on == 0


def test_saved_tensor_hooks_count_after_an_error():
    with pytest.raises(ValueError):
        with tinytorch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            raise ValueError
    assert _SavedHooks.on == 0
