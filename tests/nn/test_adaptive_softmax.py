"""nn.AdaptiveLogSoftmaxWithLoss against PyTorch's after loading its state dict: outputs, loss,
gradients of the input and of every parameter (None where a cluster saw no target), log_prob,
predict, the unbatched form, node names, gradcheck and PyTorch's errors."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _pair(cutoffs, div_value, head_bias, device):
    ours = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(16, 12, cutoffs, div_value=div_value,
                                                   head_bias=head_bias, dtype=tinytorch.float64)
    theirs = torch.nn.AdaptiveLogSoftmaxWithLoss(16, 12, cutoffs, div_value=div_value,
                                                 head_bias=head_bias).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: tinytorch.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    return ours.to(device), theirs


@pytest.mark.parametrize("cutoffs,div_value,head_bias,n", [
    ([4], 4.0, False, 7), ([3, 6, 9], 2.0, True, 12), ([2, 5], 4.0, False, 1)])
def test_matches_torch(device, cutoffs, div_value, head_bias, n):
    ours, theirs = _pair(cutoffs, div_value, head_bias, device)
    rng = np.random.default_rng(0)
    x, target = rng.standard_normal((n, 16)), rng.integers(0, 12, n)
    a = tinytorch.tensor(x, device=device, requires_grad=True)
    b = torch.tensor(x, requires_grad=True)
    (out_a, loss_a), (out_b, loss_b) = ours(a, tinytorch.tensor(target, device=device)), \
        theirs(b, torch.tensor(target))
    (out_a.sum() * 0.3 + loss_a).backward()
    (out_b.sum() * 0.3 + loss_b).backward()
    np.testing.assert_allclose(out_a.detach().cpu().numpy(), out_b.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(loss_a.item(), loss_b.item(), atol=1e-12)
    np.testing.assert_allclose(a.grad.cpu().numpy(), b.grad.numpy(), atol=1e-12)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert (p.grad is None) == (q.grad is None)
        if q.grad is not None:
            np.testing.assert_allclose(p.grad.cpu().numpy(), q.grad.numpy(), atol=1e-12)
    assert (out_a.grad_fn.name(), loss_a.grad_fn.name()) == ("AddBackward0", "MeanBackward0")
    np.testing.assert_allclose(ours.log_prob(a).detach().cpu().numpy(),
                               theirs.log_prob(b).detach().numpy(), atol=1e-12)
    np.testing.assert_array_equal(ours.predict(a).cpu().numpy(), theirs.predict(b).numpy())
    single_a, _ = ours(a[0], tinytorch.tensor(target[0], device=device))
    single_b, _ = theirs(b[0], torch.tensor(target[0]))
    assert single_a.shape == () and abs(single_a.item() - single_b.item()) < 1e-12


def test_gradcheck_and_predict_of_mixed_rows():
    ours = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(16, 9, [2, 5], head_bias=True,
                                                   dtype=tinytorch.float64)
    x = tinytorch.randn(5, 16, dtype=tinytorch.float64, requires_grad=True)
    target = tinytorch.tensor([0, 3, 8, 1, 6])
    assert tinytorch.autograd.gradcheck(lambda v: ours(v, target).loss, (x,))
    assert tinytorch.autograd.gradcheck(lambda v: ours.log_prob(v), (x,))
    np.testing.assert_array_equal(ours.predict(x).numpy(), ours.log_prob(x).argmax(1).numpy())


@pytest.mark.parametrize("make,exc,match", [
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, []), ValueError,
     "cutoffs should be a sequence of length larger than 0"),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [3, 3]), ValueError,
     "cutoffs should be a sequence of unique, positive integers sorted in an increasing "
     "order, where each value is between 1 and n_classes-1"),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [12]), ValueError, "between 1 and"),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [4])(
        lib.zeros(3, 8), lib.tensor([1, 2, 12])), RuntimeError,
     r"Target values should be in \[0, 11\], but values in range \[1, 12\] were found."),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [4])(
        lib.zeros(3, 8), lib.tensor([1, 2])), RuntimeError,
     "Input and target should have the same size in the batch dimension."),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [4])(
        lib.zeros(3, 8), lib.zeros(3, 2, dtype=lib.int64)), RuntimeError,
     "0D or 1D target tensor expected, multi-target not supported"),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [4])(
        lib.zeros(2, 3, 8), lib.tensor([1, 1])), RuntimeError,
     r"1D target tensor expects 2D input tensors, but found inputs with size"),
    (lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [4])(
        lib.zeros(2, 8), lib.tensor(1)), RuntimeError,
     "0D target tensor expects 1D input tensors, but found inputs with size"),
])
def test_errors_as_torch(make, exc, match):
    for lib in (tinytorch, torch):
        with pytest.raises(exc, match=match):
            make(lib)
