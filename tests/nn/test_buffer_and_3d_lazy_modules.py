"""``nn.Buffer`` registers as PyTorch's does; ``BatchNorm3d`` and the 3-D lazy modules
(``LazyConv3d``, ``LazyConvTranspose3d``, ``LazyBatchNorm3d``, ``LazyInstanceNorm1d/2d/3d``)
become PyTorch's modules with its state-dict keys, values and gradients."""

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _buffers(lib):
    m = lib.nn.Module()
    m.x = lib.nn.Buffer(lib.ones(2), persistent=False)
    m.y = lib.nn.Buffer(lib.zeros(3))
    m.z = lib.ones(1)  # a plain tensor is an attribute, not a buffer
    m.x = lib.zeros(5)  # a registered name stays a buffer and keeps its persistence
    return m


def test_buffer_registers_as_pytorchs():
    mine, theirs = _buffers(tinytorch), _buffers(torch)
    assert [n for n, _ in mine.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert list(mine.state_dict()) == list(theirs.state_dict())
    b = tinytorch.nn.Buffer(tinytorch.ones(2, requires_grad=True))
    assert isinstance(b, tinytorch.Tensor) and b.requires_grad and b.persistent
    assert tinytorch.nn.Buffer().shape == torch.nn.Buffer().shape
    with pytest.raises(TypeError, match="must be Tensor, not list"):
        tinytorch.nn.Buffer([1.0])


@pytest.mark.parametrize("name, args, shape", [
    ("BatchNorm3d", (3,), (2, 3, 2, 4, 4)), ("LazyBatchNorm3d", (), (2, 3, 2, 4, 4)),
    ("LazyInstanceNorm1d", (), (2, 3, 5)), ("LazyInstanceNorm2d", (), (2, 3, 4, 4)),
    ("LazyInstanceNorm3d", (), (2, 3, 2, 3, 3)), ("LazyConv3d", (4, 2), (1, 2, 4, 4, 4)),
    ("LazyConvTranspose3d", (4, 2), (1, 2, 3, 3, 3))])
def test_3d_and_lazy_modules_match_pytorch(name, args, shape):
    x = np.random.default_rng(0).standard_normal(shape)
    theirs = getattr(torch.nn, name)(*args).double()
    xt = torch.tensor(x, requires_grad=True)
    theirs(xt)  # materialise a lazy module, then copy its weights over
    mine = getattr(tinytorch.nn, name)(*args).double()
    mine(tinytorch.tensor(x))
    assert type(mine).__name__ == type(theirs).__name__
    assert list(mine.state_dict()) == list(theirs.state_dict())
    mine.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                          for k, v in theirs.state_dict().items()})
    xm = tinytorch.tensor(x, requires_grad=True)
    ym, yt = mine(xm), theirs(xt)
    np.testing.assert_allclose(ym.detach().numpy(), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    (ym * ym).sum().backward()
    (yt * yt).sum().backward()
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-9, atol=1e-11)
    for (k, p), q in zip(mine.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-9, atol=1e-11,
                                   err_msg=k)
    for k, v in mine.state_dict().items():  # running statistics after the step
        np.testing.assert_allclose(v.numpy(), theirs.state_dict()[k].numpy(), rtol=1e-10,
                                   err_msg=k)
