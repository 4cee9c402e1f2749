"""Keras optimizers: defaults, the time-based decay and each update rule against a NumPy
transcription of Keras 2.2's formulas."""

import math

import numpy as np
import pytest

import tinytorch
from tinytorch.keras import optimizers

GRADS = [np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.3, -0.2]), np.array([-1.0, 0.0, 0.4])]
START = np.array([1.0, -2.0, 0.5])


def run(optimizer, steps=3):
    p = tinytorch.tensor(START.tolist(), dtype=tinytorch.float64, requires_grad=True)
    optimizer.bind([p])
    for g in GRADS[:steps]:
        p.grad = tinytorch.tensor(g.tolist(), dtype=tinytorch.float64)
        optimizer.step()
    return p.detach().numpy()


def keras_reference(name, **h):
    p, out = START.copy(), []
    m = np.zeros(3); v = np.zeros(3); a = np.zeros(3); d = np.zeros(3); schedule = 1.0
    for i, g in enumerate(GRADS):
        t = i + 1
        lr = h["lr"] / (1 + h.get("decay", 0.0) * i)
        if name == "sgd":
            m = h["momentum"] * m - lr * g
            p = p + (h["momentum"] * m - lr * g if h["nesterov"] else m)
        elif name == "rmsprop":
            a = h["rho"] * a + (1 - h["rho"]) * g ** 2
            p = p - lr * g / (np.sqrt(a) + 1e-7)
        elif name == "adagrad":
            a = a + g ** 2
            p = p - lr * g / (np.sqrt(a) + 1e-7)
        elif name == "adadelta":
            a = h["rho"] * a + (1 - h["rho"]) * g ** 2
            u = g * np.sqrt(d + 1e-7) / np.sqrt(a + 1e-7)
            p = p - lr * u
            d = h["rho"] * d + (1 - h["rho"]) * u ** 2
        elif name == "adam":
            lr_t = lr * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g ** 2
            p = p - lr_t * m / (np.sqrt(v) + 1e-7)
        elif name == "adamax":
            m = 0.9 * m + 0.1 * g
            v = np.maximum(0.999 * v, np.abs(g))
            p = p - lr / (1 - 0.9 ** t) * m / (v + 1e-7)
        elif name == "nadam":
            mu = 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004))
            mu_next = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 0.004))
            new, nxt = schedule * mu, schedule * mu * mu_next
            schedule = new
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g ** 2
            m_bar = (1 - mu) * g / (1 - new) + mu_next * m / (1 - nxt)
            p = p - h["lr"] * m_bar / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-7)
        out.append(p)
    return out[-1]


@pytest.mark.parametrize("name,optimizer,hyper", [
    ("sgd", optimizers.SGD(lr=0.1), {"lr": 0.1, "momentum": 0.0, "nesterov": False}),
    ("sgd", optimizers.SGD(lr=0.1, momentum=0.9), {"lr": 0.1, "momentum": 0.9,
                                                   "nesterov": False}),
    ("sgd", optimizers.SGD(lr=0.1, momentum=0.9, nesterov=True, decay=0.5),
     {"lr": 0.1, "momentum": 0.9, "nesterov": True, "decay": 0.5}),
    ("rmsprop", optimizers.RMSprop(), {"lr": 0.001, "rho": 0.9}),
    ("adagrad", optimizers.Adagrad(), {"lr": 0.01}),
    ("adadelta", optimizers.Adadelta(), {"lr": 1.0, "rho": 0.95}),
    ("adam", optimizers.Adam(learning_rate=0.01, decay=0.1), {"lr": 0.01, "decay": 0.1}),
    ("adamax", optimizers.Adamax(), {"lr": 0.002}),
    ("nadam", optimizers.Nadam(), {"lr": 0.002}),
], ids=["sgd", "sgd-momentum", "sgd-nesterov-decay", "rmsprop", "adagrad", "adadelta",
        "adam-decay", "adamax", "nadam"])
def test_update_rule_matches_keras(name, optimizer, hyper):
    np.testing.assert_allclose(run(optimizer), keras_reference(name, **hyper), rtol=1e-10)


def test_sgd_decay_is_time_based_per_iteration():
    optimizer = optimizers.SGD(lr=0.1, decay=0.5)
    rates = []
    p = tinytorch.zeros(1, requires_grad=True)
    optimizer.bind([p])
    for _ in range(4):
        rates.append(optimizer.current_lr())
        p.grad = tinytorch.ones(1)
        optimizer.step()
    np.testing.assert_allclose(rates, [0.1 / (1 + 0.5 * i) for i in range(4)])
    assert float(p.detach()[0]) == pytest.approx(-sum(rates), rel=1e-6)


@pytest.mark.parametrize("name,cls,lr", [
    ("sgd", optimizers.SGD, 0.01), ("rmsprop", optimizers.RMSprop, 0.001),
    ("adagrad", optimizers.Adagrad, 0.01), ("adadelta", optimizers.Adadelta, 1.0),
    ("adam", optimizers.Adam, 0.001), ("adamax", optimizers.Adamax, 0.002),
    ("nadam", optimizers.Nadam, 0.002)])
def test_optimizer_by_name_has_keras_defaults(name, cls, lr):
    optimizer = optimizers.get(name)
    assert type(optimizer) is cls and optimizer.lr == lr


def test_book_sgd_signature():
    optimizer = optimizers.SGD(lr=0.01, momentum=0.0, decay=0.0, nesterov=False)
    assert optimizer.get_config() == {"lr": 0.01, "decay": 0.0, "momentum": 0.0,
                                      "nesterov": False}


def test_unknown_optimizer_lists_known_names():
    with pytest.raises(ValueError, match="Unknown optimizer: 'sgdd'"):
        optimizers.get("sgdd")


def test_clipvalue_clips_gradient():
    optimizer = optimizers.SGD(lr=1.0, clipvalue=0.5)
    p = tinytorch.zeros(2, requires_grad=True)
    optimizer.bind([p])
    p.grad = tinytorch.tensor([3.0, -0.1])
    optimizer.step()
    np.testing.assert_allclose(p.detach().numpy(), [-0.5, 0.1], rtol=1e-6)
