"""benchmarks/numpy_ceiling.py: the hand-written NumPy steps the speed table compares against
are the same training step as the workloads they stand for."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(__file__)), "benchmarks"))
import numpy_ceiling  # noqa: E402
import workloads  # noqa: E402


@pytest.mark.parametrize("name", sorted(workloads.NUMPY_CEILINGS))
def test_every_ceiling_runs_a_step(name):
    fn, kwargs = workloads.NUMPY_CEILINGS[name]
    step = getattr(numpy_ceiling, fn)(**kwargs)
    step()
    step()


@pytest.mark.parametrize("make, kwargs", [
    ("make_matmul", {}), ("make_dense", {"batch": 128, "hidden": 512, "act": "relu"})])
def test_tinytorchs_threading_computes_the_same_step(make, kwargs):
    # split=True runs the large GEMMs in halves on two threads with BLAS on one (the ceiling of
    # a library with tinytorch's threads): the same losses, and BLAS's threads are left as
    # they were
    from threadpoolctl import threadpool_info

    def blas_threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    before = blas_threads()
    steps = [getattr(numpy_ceiling, make)(**kwargs, split=split) for split in (False, True)]
    for _ in range(3):
        whole, halves = (float(step()) for step in steps)
        np.testing.assert_allclose(halves, whole, rtol=1e-6)
    assert blas_threads() == before


def test_halves_split_a_large_gemm_either_way():
    halves = numpy_ceiling._Halves()
    rng = np.random.default_rng(0)
    for a_shape, b_shape in (((64, 256), (256, 512)), ((512, 256), (256, 64))):
        a, b = (rng.standard_normal(s, dtype=np.float32) for s in (a_shape, b_shape))
        np.testing.assert_allclose(halves.matmul(a, b), a @ b, rtol=1e-5, atol=1e-4)
    p, g = np.ones(1 << 19, np.float32), np.ones(1 << 19, np.float32)
    halves.sgd(p, g)
    assert np.all(p == np.float32(1 - numpy_ceiling.LR))


def _capture_the_update(monkeypatch, optimizer):
    """Replace numpy_ceiling's ``optimizer`` by one that records the parameters it is given and
    the gradients of the first update (into the returned dict), and changes nothing."""
    seen = {}

    def capture(params, **hyper):
        seen["params"] = [p.copy() for p in params]
        return lambda pairs: seen.setdefault("grads", [g.copy() for _, g in pairs])
    monkeypatch.setattr(numpy_ceiling, optimizer, capture)
    return seen


def test_the_lstm_ceiling_computes_pytorchs_loss_and_gradients(monkeypatch):
    torch = pytest.importorskip("torch")
    seen = _capture_the_update(monkeypatch, "_adam")
    loss = numpy_ceiling.make_lstm(batch=6, steps=5, features=3, hidden=4)()

    rng = np.random.default_rng(0)  # make_lstm's data: drawn first from the same seed
    x, y = rng.random((6, 5, 3), dtype=np.float32), rng.integers(0, 10, 6)
    w_ih, w_hh, b, w_o, b_o = (torch.tensor(p) for p in seen["params"])
    lstm, head = torch.nn.LSTM(3, 4, batch_first=True), torch.nn.Linear(4, 10)
    with torch.no_grad():
        for param, value in ((lstm.weight_ih_l0, w_ih), (lstm.weight_hh_l0, w_hh),
                             (lstm.bias_ih_l0, b), (lstm.bias_hh_l0, 0 * b),
                             (head.weight, w_o), (head.bias, b_o)):
            param.copy_(value)
    out, _ = lstm(torch.tensor(x))
    want = torch.nn.functional.cross_entropy(head(out[:, -1]), torch.tensor(y))
    want.backward()
    assert loss == pytest.approx(want.item(), rel=1e-6)
    for got, param in zip(seen["grads"], (lstm.weight_ih_l0, lstm.weight_hh_l0,
                                          lstm.bias_ih_l0, head.weight, head.bias)):
        np.testing.assert_allclose(got, param.grad.numpy(), rtol=1e-4, atol=1e-6)


def test_the_mnist_ceiling_computes_pytorchs_loss_and_gradients(monkeypatch):
    torch = pytest.importorskip("torch")
    seen = _capture_the_update(monkeypatch, "_adadelta")
    loss = numpy_ceiling.make_mnist_script(n=8, batch=4, dropout=False)()

    rng = np.random.default_rng(0)  # make_mnist_script's draws: data, parameters, permutation
    x, y = rng.random((8, 784), dtype=np.float32), rng.integers(0, 10, 8)
    for p in seen["params"]:
        rng.uniform(size=p.shape)
    rows = rng.permutation(8)[:4]
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 32, 3, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 1), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    with torch.no_grad():
        for param, value in zip(model.parameters(), seen["params"]):
            param.copy_(torch.tensor(value))
    logits = model(torch.tensor(x[rows]).reshape(4, 1, 28, 28))
    want = nn.functional.nll_loss(nn.functional.log_softmax(logits, dim=1),
                                  torch.tensor(y[rows]))
    want.backward()
    assert loss == pytest.approx(want.item(), rel=1e-5)
    for got, param in zip(seen["grads"], model.parameters()):
        np.testing.assert_allclose(got, param.grad.numpy(), rtol=1e-4, atol=1e-6)


def test_the_adadelta_update_is_pytorchs():
    torch = pytest.importorskip("torch")
    # Adadelta.step's own function, single-tensor as on the CPU (building a torch.optim
    # optimizer imports torch._dynamo: 1.8 s)
    from torch.optim.adadelta import adadelta
    rng = np.random.default_rng(0)
    params = [rng.standard_normal(shape, dtype=np.float32) for shape in ((3, 4), (5,))]
    want = [torch.tensor(p) for p in params]
    square_avgs, acc_deltas = ([torch.zeros_like(p) for p in want] for _ in range(2))
    steps = [torch.tensor(0.0) for _ in want]
    update = numpy_ceiling._adadelta(params)
    for _ in range(2):  # the second step reads the accumulated deltas
        grads = [rng.standard_normal(p.shape, dtype=np.float32) for p in params]
        update(list(zip(params, grads)))
        adadelta(want, [torch.tensor(g) for g in grads], square_avgs, acc_deltas, steps,
                 foreach=False, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False,
                 differentiable=False, capturable=False, has_complex=False)
    for got, param in zip(params, want):
        np.testing.assert_allclose(got, param.numpy(), rtol=1e-6, atol=1e-7)
