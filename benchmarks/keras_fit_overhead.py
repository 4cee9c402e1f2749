"""What the Keras-style front end costs: ``Sequential.fit`` against the equivalent plain
tinytorch loop (same model sizes, batches, loss and SGD), timed in alternating rounds.

    python benchmarks/keras_fit_overhead.py [--samples 12000] [--rounds 5] [--cnn]

Prints both epoch times and the ratio fit / plain loop (issue target: <= 1.1).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tinytorch  # noqa: E402
import tinytorch.nn.functional as F  # noqa: E402
from tinytorch import nn  # noqa: E402
from tinytorch.keras import layers  # noqa: E402
from tinytorch.keras import models  # noqa: E402
from tinytorch.keras.utils import to_categorical  # noqa: E402


def keras_model(cnn):
    m = models.Sequential()
    if cnn:
        m.add(layers.Conv2D(32, (5, 5), activation="relu", input_shape=(28, 28, 1)))
        m.add(layers.MaxPooling2D((2, 2)))
        m.add(layers.Conv2D(64, (5, 5), activation="relu"))
        m.add(layers.MaxPooling2D((2, 2)))
        m.add(layers.Flatten())
    else:
        m.add(layers.Dense(512, activation="relu", input_shape=(784,)))
    m.add(layers.Dense(10, activation="softmax"))
    m.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return m


def plain_model(cnn):
    if cnn:
        return nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(1024, 10))
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))


def plain_epoch(model, opt, x, y, batch):
    """One shuffled epoch, tracking loss and accuracy as fit does."""
    perm = tinytorch.randperm(x.shape[0])
    total_loss = correct = 0.0
    for i in range(0, x.shape[0], batch):
        idx = perm[i:i + batch]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        out = model(xb)
        loss = F.cross_entropy(out, yb)
        loss.backward()
        opt.step()
        total_loss += loss.item() * xb.shape[0]
        correct += (out.argmax(1) == yb).sum().item()
    return total_loss, correct


def main():
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--samples", type=int, default=12000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--cnn", action="store_true", help="the book CNN instead of the MLP")
    args = p.parse_args()
    shape = (28, 28, 1) if args.cnn else (784,)
    x_np = tinytorch.rand(args.samples, *shape).numpy()
    y_int = tinytorch.randint(0, 10, (args.samples,))
    y_np = to_categorical(y_int.numpy(), 10)
    x_plain = tinytorch.from_numpy(x_np)
    if args.cnn:
        x_plain = x_plain.permute(0, 3, 1, 2).contiguous()
    km, pm = keras_model(args.cnn), plain_model(args.cnn)
    opt = tinytorch.optim.SGD(pm.parameters(), lr=0.01)
    times = {"fit": [], "plain": []}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        km.fit(x_np, y_np, batch_size=100, epochs=1, verbose=0)
        times["fit"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        plain_epoch(pm, opt, x_plain, y_int, 100)
        times["plain"].append(time.perf_counter() - t0)
    fit, plain = statistics.median(times["fit"]), statistics.median(times["plain"])
    print(f"{'cnn' if args.cnn else 'mlp'}: fit {fit:.3f} s/epoch, plain loop {plain:.3f} "
          f"s/epoch, ratio {fit / plain:.3f}")


if __name__ == "__main__":
    main()
