"""``vmap`` against torch.func.vmap in float64: in_dims and out_dims as ints, None and nested
structures, keyword arguments, nested vmaps, vmap of grad (PyTorch's per-sample-gradient
recipe), randomness, and PyTorch's errors (type and message)."""

import numpy as np
import pytest

import tinytorch
from tests.func._helpers import assert_same_error
from tests.func._helpers import assert_tree_close
from tests.func._helpers import both
from tests.func._helpers import torch
from tinytorch import func

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((4, 3))
C = RNG.standard_normal((3, 2, 4))

CASES = {
    "default": lambda lib, fn, a, b, c: fn.vmap(lib.sin)(a),
    "in_dims-1": lambda lib, fn, a, b, c: fn.vmap(lib.add, in_dims=(0, 1))(a, b),
    "in_dims-negative": lambda lib, fn, a, b, c: fn.vmap(lib.mul, in_dims=(-2, -1))(a, b),
    "in_dims-None": lambda lib, fn, a, b, c: fn.vmap(lib.mv, in_dims=(None, 1))(a, b),
    "in_dims-scalar-arg": lambda lib, fn, a, b, c: fn.vmap(
        lambda x, s: x * s, in_dims=(0, None))(a, 2.5),
    "in_dims-nested": lambda lib, fn, a, b, c: fn.vmap(
        lambda pair, d: pair[0] @ pair[1] + d["k"], in_dims=((0, None), {"k": 0}))(
            (c, b[:, :2]), {"k": a[:, :2]}),
    "in_dims-broadcast-into-dict": lambda lib, fn, a, b, c: fn.vmap(
        lambda d: d["x"] * d["y"], in_dims=(1,))({"x": b, "y": b.exp()}),
    "kwargs-not-mapped": lambda lib, fn, a, b, c: fn.vmap(
        lambda x, scale=1.0: x * scale)(a, scale=a[0]),
    "out_dims-1": lambda lib, fn, a, b, c: fn.vmap(lambda x: x.outer(x), out_dims=1)(a),
    "out_dims-negative": lambda lib, fn, a, b, c: fn.vmap(lib.sin, out_dims=-1)(c),
    "out_dims-tuple": lambda lib, fn, a, b, c: fn.vmap(
        lambda x: (x.sum(), x.cos()), out_dims=(0, 1))(a),
    "out_dims-None": lambda lib, fn, a, b, c: fn.vmap(
        lambda x, y: (x * 2, y), in_dims=(0, None), out_dims=(0, None))(a, b),
    "out_dims-single-tuple": lambda lib, fn, a, b, c: fn.vmap(lib.exp, out_dims=(1,))(a),
    "outputs-nested": lambda lib, fn, a, b, c: fn.vmap(
        lambda x: {"s": [x.sum(), x * x], "t": (x.max(),)})(a),
    "nested-vmap": lambda lib, fn, a, b, c: fn.vmap(fn.vmap(lib.dot, in_dims=(0, None)),
                                                    in_dims=(None, 1))(a, b),
    "nested-vmap-in-dims": lambda lib, fn, a, b, c: fn.vmap(
        fn.vmap(lambda x, y: x * y + 1), in_dims=(1, 0))(c, c.transpose(0, 1).exp()),
    "chunk_size": lambda lib, fn, a, b, c: fn.vmap(lib.cumsum, in_dims=(1, None),
                                                   chunk_size=2)(b, 0),
    "vmap-of-grad": lambda lib, fn, a, b, c: fn.vmap(
        fn.grad(lambda x, w: (x * w).sin().sum()), in_dims=(0, None))(a, a[0]),
    "grad-of-vmap": lambda lib, fn, a, b, c: fn.grad(
        lambda w: fn.vmap(lambda x: (x * w).tanh().sum())(a).pow(2).sum())(a[1]),
    "vmap-of-jacrev": lambda lib, fn, a, b, c: fn.vmap(fn.jacrev(lambda x: x.sin() * x))(a),
    "empty-batch": lambda lib, fn, a, b, c: fn.vmap(lambda x: (x.sum(), x * 2))(a[:0]),
}


@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_vmap_equals_torch(build, device):
    assert_tree_close(*both(build, A, B, C, device=device))


def test_gradients_flow_through_the_slices_to_the_inputs():
    ours = tinytorch.tensor(A, requires_grad=True)
    theirs = torch.tensor(A, requires_grad=True)
    for lib, x in ((tinytorch, ours), (torch, theirs)):
        lib.vmap(lambda row: (row.exp() * row).sum(), in_dims=1)(x).pow(2).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-12)


def test_torch_vmap_is_func_vmap():
    assert tinytorch.vmap is func.vmap


class _SmallCNN:
    """PyTorch's per-sample-gradient tutorial's network, smaller (8x8 images)."""

    @staticmethod
    def build(nn):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = nn.Conv2d(1, 4, 3, 1)
                self.conv2 = nn.Conv2d(4, 6, 3, 1)
                self.fc1 = nn.Linear(6 * 2 * 2, 8)
                self.fc2 = nn.Linear(8, 10)

            def forward(self, x):
                x = nn.functional.relu(self.conv2(nn.functional.relu(self.conv1(x))))
                x = nn.functional.max_pool2d(x, 2).flatten(1)
                x = self.fc2(nn.functional.relu(self.fc1(x)))
                return nn.functional.log_softmax(x, dim=1)
        return Net().double()


def _per_sample_grads(lib, model, data, targets):
    """The tutorial's recipe, as written there."""
    params = {k: v.detach() for k, v in model.named_parameters()}
    buffers = {k: v.detach() for k, v in model.named_buffers()}

    def compute_loss(params, buffers, sample, target):
        batch = sample.unsqueeze(0)
        targets = target.unsqueeze(0)
        predictions = lib.func.functional_call(model, (params, buffers), (batch,))
        return lib.nn.functional.nll_loss(predictions, targets)

    ft_compute_grad = lib.func.grad(compute_loss)
    ft_compute_sample_grad = lib.func.vmap(ft_compute_grad, in_dims=(None, None, 0, 0))
    return ft_compute_sample_grad(params, buffers, data, targets)


def test_per_sample_gradient_tutorial_matches_torch():
    theirs_model = _SmallCNN.build(torch.nn)
    ours_model = _SmallCNN.build(tinytorch.nn)
    ours_model.load_state_dict({k: tinytorch.tensor(v.detach().numpy())
                                for k, v in theirs_model.state_dict().items()})
    data = RNG.standard_normal((5, 1, 8, 8))
    targets = RNG.integers(0, 10, 5)
    theirs = _per_sample_grads(torch, theirs_model, torch.tensor(data), torch.tensor(targets))
    ours = _per_sample_grads(tinytorch, ours_model, tinytorch.tensor(data),
                             tinytorch.tensor(targets))
    assert_tree_close({k: v.numpy() for k, v in ours.items()},
                      {k: v.numpy() for k, v in theirs.items()}, rtol=1e-10, atol=1e-13)
    # each sample's gradient is the gradient of that sample's loss alone
    one = tinytorch.func.grad(lambda p: tinytorch.nn.functional.nll_loss(
        tinytorch.func.functional_call(ours_model, p, (tinytorch.tensor(data[2:3]),)),
        tinytorch.tensor(targets[2:3])))(
        {k: v.detach() for k, v in ours_model.named_parameters()})
    np.testing.assert_allclose(one["fc1.weight"].numpy(), ours["fc1.weight"][2].numpy(),
                               rtol=1e-12)


def _draws(randomness, device="cpu"):
    return tinytorch.vmap(lambda x: x + tinytorch.rand(4, device=device),
                          randomness=randomness)(tinytorch.zeros(3, 4, device=device))


def test_randomness_same_gives_every_slice_the_same_numbers(device):
    tinytorch.manual_seed(0)
    out = _draws("same", device)
    assert all(tinytorch.equal(row, out[0]) for row in out)
    after = tinytorch.rand(2, device=device)
    tinytorch.manual_seed(0)
    assert tinytorch.equal(out[0], tinytorch.rand(4, device=device))  # the first slice's draw
    assert tinytorch.equal(after, tinytorch.rand(2, device=device))  # one slice's draws used


def test_randomness_different_gives_each_slice_its_own_numbers():
    tinytorch.manual_seed(0)
    out = _draws("different")
    tinytorch.manual_seed(0)
    assert tinytorch.equal(out, tinytorch.stack([tinytorch.rand(4) for _ in range(3)]))
    assert not tinytorch.equal(out[0], out[1])


def test_randomness_same_outside_different_inside():
    out = tinytorch.vmap(lambda x: tinytorch.vmap(lambda y: y + tinytorch.rand(()),
                                                  randomness="different")(x),
                         randomness="same")(tinytorch.zeros(2, 3))
    assert tinytorch.equal(out[0], out[1]) and not tinytorch.equal(out[0, 0], out[0, 1])


def test_randomness_error_covers_dropout_and_generators():
    g = tinytorch.Generator().manual_seed(1)
    for call in (lambda x: tinytorch.nn.functional.dropout(x, 0.5),
                 lambda x: x + tinytorch.randn(4, generator=g)):
        with pytest.raises(RuntimeError, match="randomness error mode"):
            tinytorch.vmap(call)(tinytorch.ones(2, 4))
    tinytorch.rand(1)  # the watcher is gone after the error


ERRORS = {
    "in_dim-too-large": lambda lib, fn, a: fn.vmap(lib.sin, in_dims=2)(a),
    "in_dim-too-small": lambda lib, fn, a: fn.vmap(lib.sin, in_dims=-3)(a),
    "sizes-differ": lambda lib, fn, a: fn.vmap(lib.add)(a, a.t()),
    "in_dims-structure": lambda lib, fn, a: fn.vmap(lib.add, in_dims=(0,))(a, a),
    "in_dims-nested-structure": lambda lib, fn, a: fn.vmap(
        lambda p: p[0], in_dims=((0, 0, 0),))([a, a]),
    "in_dims-list": lambda lib, fn, a: fn.vmap(lib.sin, in_dims=[0])(a),
    "in_dims-None": lambda lib, fn, a: fn.vmap(lib.sin, in_dims=None)(a),
    "in_dim-not-int": lambda lib, fn, a: fn.vmap(lib.add, in_dims=(0, "a"))(a, a),
    "in_dim-of-float": lambda lib, fn, a: fn.vmap(lib.add, in_dims=(0, 0))(a, 3.0),
    "nothing-mapped": lambda lib, fn, a: fn.vmap(lib.add, in_dims=(None, None))(a, a),
    "no-inputs": lambda lib, fn, a: fn.vmap(lib.sin)(),
    "zero-dim-input": lambda lib, fn, a: fn.vmap(lib.sin)(a[0, 0]),
    "float-output": lambda lib, fn, a: fn.vmap(lambda x: 3.0)(a),
    "None-output": lambda lib, fn, a: fn.vmap(lambda x: (x, None))(a),
    "batched-output-with-None": lambda lib, fn, a: fn.vmap(lambda x: x, out_dims=None)(a),
    "out_dims-structure": lambda lib, fn, a: fn.vmap(lambda x: (x, x), out_dims=(0,))(a),
    "out_dims-list-for-tuple": lambda lib, fn, a: fn.vmap(lambda x: (x, x),
                                                          out_dims=[0, 1])(a),
    "out_dims-not-int": lambda lib, fn, a: fn.vmap(lib.sin, out_dims=(0, "a"))(a),
    "out_dim-out-of-range": lambda lib, fn, a: fn.vmap(lib.sin, out_dims=2)(a),
    "randomness-unknown": lambda lib, fn, a: fn.vmap(lib.sin, randomness="x"),
    "randomness-error": lambda lib, fn, a: fn.vmap(lambda x: x + lib.rand(4))(a),
    "chunk_size-zero": lambda lib, fn, a: fn.vmap(lib.sin, chunk_size=0),
}


@pytest.mark.parametrize("build", ERRORS.values(), ids=ERRORS.keys())
def test_errors_match_torch(build):
    assert_same_error(build, A)
