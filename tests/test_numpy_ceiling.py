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


def test_the_lstm_ceiling_computes_pytorchs_loss_and_gradients(monkeypatch):
    torch = pytest.importorskip("torch")
    seen = {}

    def capture(params, **hyper):
        seen["params"] = [p.copy() for p in params]
        return lambda pairs: seen.__setitem__("grads", [g.copy() for _, g in pairs])
    monkeypatch.setattr(numpy_ceiling, "_adam", capture)
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
