"""Book example D: the TensorFlow-Playground exercises — four 2-D classification problems,
each with the network size the book gives, trained with the Keras API on tinytorch.

    clusters: two Gaussian blobs      -> one neuron (no hidden layer)
    circle:   a disc inside a ring     -> 1 hidden layer of 3 neurons
    xor:      four quadrants           -> 1 hidden layer of 5 neurons
    spiral:   two interleaved spirals  -> several hidden layers (4 x 8)

The data come from ``tinytorch.datasets.toy``. Prints the final train and test loss and
accuracy per problem and writes, per problem, a decision-boundary PNG and a train/test
loss-curve PNG.

    python examples/playground_2d.py [--problems circle xor] [--noise 0.1] [--out DIR]
"""

import argparse
import os

from _common import description
from _common import run_dir

import tinytorch
from tinytorch.datasets import toy
from tinytorch.keras import optimizers
from tinytorch.keras.layers import Dense
from tinytorch.keras.models import Sequential

HIDDEN = {"clusters": [], "circle": [3], "xor": [5], "spiral": [8, 8, 8, 8]}


def make_problem(name, n, noise, seed):
    """(x, y): the 2-D set from ``tinytorch.datasets.toy``, labels as an (n, 1) float column."""
    if name == "clusters":
        x, y = toy.make_blobs(n, centers=[[1.0, 1.0], [-1.0, -1.0]], noise=0.5 + noise,
                              random_state=seed)
    elif name == "circle":
        x, y = toy.make_circles(n, noise=0.05 + noise, factor=0.5, random_state=seed)
    elif name == "xor":
        x, y = toy.make_xor(n, noise=noise, random_state=seed)
    else:
        x, y = toy.make_spirals(n, noise=noise, random_state=seed)
    return x, y.float().reshape(-1, 1)


def build(hidden):
    model = Sequential()
    for i, units in enumerate(hidden):
        model.add(Dense(units, activation="tanh", **({"input_shape": (2,)} if i == 0 else {})))
    model.add(Dense(1, activation="sigmoid", **({} if hidden else {"input_shape": (2,)})))
    return model


def run(name, args, out):
    x, y = make_problem(name, args.points, args.noise, args.seed)
    order = tinytorch.randperm(len(x))
    split = int(len(x) * args.train_ratio)
    (x_train, y_train), (x_test, y_test) = ((x[order[:split]], y[order[:split]]),
                                            (x[order[split:]], y[order[split:]]))
    model = build(HIDDEN[name])
    model.compile(loss="binary_crossentropy", optimizer=optimizers.Adam(lr=args.lr),
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        validation_data=(x_test, y_test), verbose=0)
    logs = {k: v[-1] for k, v in history.history.items()}
    print(f"{name:>8} hidden={HIDDEN[name]!s:<12} train loss {logs['loss']:.4f} "
          f"acc {logs['accuracy']:.3f} | test loss {logs['val_loss']:.4f} "
          f"acc {logs['val_accuracy']:.3f}")
    try:
        from tinytorch.metrics import plots
        paths = [plots.plot_decision_boundary(model.predict, x_test, y_test,
                                              os.path.join(out, f"playground_{name}.png"),
                                              resolution=100,
                                              title=f"{name}: hidden {HIDDEN[name]}"),
                 plots.plot_history({"loss": history.history["loss"],
                                     "val_loss": history.history["val_loss"]},
                                    os.path.join(out, f"playground_{name}_loss.png"),
                                    title=f"{name}: train vs test loss", val_label="test")]
        print(f"{'':>8} saved {', '.join(paths)}")
    except ImportError as error:
        print(f"Plots skipped: {error}")
    return logs


def main(argv=None):
    p = argparse.ArgumentParser(description=description(__doc__))
    p.add_argument("--problems", nargs="+", choices=list(HIDDEN), default=list(HIDDEN))
    p.add_argument("--points", type=int, default=500, help="points per problem")
    p.add_argument("--limit", type=int, dest="points", help="alias of --points")
    p.add_argument("--train-ratio", type=float, default=0.5)
    p.add_argument("--noise", type=float, default=0.0)
    p.add_argument("--batch-size", type=int, default=10)
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", metavar="DIR", help="directory for the PNG plots (default: a new "
                   "runs/playground_2d-<date>-<time> per run)")
    args = p.parse_args(argv)
    tinytorch.manual_seed(args.seed)
    out = run_dir(args.out, "playground_2d")
    return {name: run(name, args, out) for name in args.problems}


if __name__ == "__main__":
    main()
