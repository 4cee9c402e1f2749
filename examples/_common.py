"""Shared pieces of the book's examples: command-line flags, data loading, the final report
(test accuracy, confusion matrix, plots), and the ``--backend`` switch that runs a Keras-style
example on real Keras 2 instead of ``tinytorch.keras``, for comparison."""

import argparse
import os
import time

import tinytorch
from tinytorch import metrics
from tinytorch.keras.datasets import fashion_mnist
from tinytorch.keras.datasets import mnist
from tinytorch.keras.utils import to_categorical

FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot"]


def description(doc):
    """A script's ``--help`` text: its docstring's first paragraph, whole."""
    return " ".join(doc.split("\n\n")[0].split())


def run_dir(out, name):
    """Where one run writes its files: ``out`` when given, else a fresh
    ``runs/<name>-<date>-<time>`` (with ``-2``, ``-3``, ... when two runs start in one second),
    so no run overwrites another's plots."""
    if out:
        os.makedirs(out, exist_ok=True)
        return out
    base = os.path.join("runs", f"{name}-{time.strftime('%Y%m%d-%H%M%S')}")
    path, n = base, 1
    while True:
        try:
            os.makedirs(path)
            return path
        except FileExistsError:
            n += 1
            path = f"{base}-{n}"


def parser(doc, epochs, batch_size=100):
    """Flags every image example takes; ``doc`` is the script's docstring."""
    p = argparse.ArgumentParser(description=description(doc))
    p.add_argument("--data", metavar="DIR", help="directory with the MNIST IDX files "
                   "(default: Fashion-MNIST from /usr/share/datasets/fashion-mnist)")
    p.add_argument("--limit", type=int, metavar="N", help="train on the first N samples "
                   "(and test on the first N/6)")
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--batch-size", type=int, default=batch_size)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--verbose", type=int, default=1, choices=[0, 1, 2])
    p.add_argument("--out", metavar="DIR", help="directory for the PNG plots (default: a new "
                   "runs/<script>-<date>-<time> per run)")
    return p


def load(args, image_shape):
    """((x_train, y_train_onehot), (x_test, y_test_labels)); images scaled to [0, 1] and
    reshaped to ``image_shape`` per sample, as the book does."""
    (x_train, y_train), (x_test, y_test) = (mnist.load_data(args.data) if args.data
                                            else fashion_mnist.load_data())
    if args.limit:
        x_train, y_train = x_train[:args.limit], y_train[:args.limit]
        x_test, y_test = x_test[:max(args.limit // 6, 1)], y_test[:max(args.limit // 6, 1)]
    x_train, x_test = scaled(x_train, image_shape), scaled(x_test, image_shape)
    return (x_train, to_categorical(y_train, num_classes=10)), (x_test, y_test)


def scaled(images, image_shape):
    """uint8 images as float32 in [0, 1], each reshaped to ``image_shape``. The book writes
    ``x.astype("float32") / 255``; dividing in place saves a second copy of the data (188 MB
    for Fashion-MNIST's training images) at the peak of the job's memory."""
    x = images.reshape((len(images), *image_shape)).astype("float32")
    x /= 255
    return x


def report(model, history, x_test, y_test, args, name):
    """Print test loss/accuracy and the confusion matrix; save history and matrix plots."""
    test_loss, test_acc = model.evaluate(x_test, to_categorical(y_test, 10),
                                         verbose=0)
    predictions = model.predict(x_test)
    print(f"Test loss: {test_loss:.4f}")
    print(f"Test accuracy: {test_acc:.4f}")
    print(f"predictions[11] sums to {predictions[11].sum():.4f}; "
          f"argmax {int(predictions[11].argmax())}, true class {int(y_test[11])}")
    matrix = metrics.confusion_matrix(y_test, predictions, num_classes=10)
    print("Confusion matrix (rows = true class, columns = predicted):")
    print(matrix)
    names = None if args.data else FASHION_CLASSES
    print(metrics.classification_report(y_test, predictions, target_names=names, digits=3))
    try:
        from tinytorch.metrics import plots
        out = run_dir(args.out, name)
        paths = [plots.plot_history(history, os.path.join(out, f"{name}_history.png")),
                 plots.plot_confusion_matrix(matrix, os.path.join(out, f"{name}_confusion.png"),
                                             class_names=names)]
        print("Saved plots:", ", ".join(paths))
    except ImportError as error:
        print(f"Plots skipped: {error}")
    return test_acc


def seed(args):
    tinytorch.manual_seed(args.seed)


def add_backend(p):
    """The ``--backend`` flag of the Keras-style examples."""
    p.add_argument("--backend", choices=["tinytorch", "keras"], default="tinytorch",
                   help="tinytorch.keras (default), or the same model on real Keras 2 "
                   "(pip install tensorflow-cpu tf-keras)")


def keras_api(name):
    """The Keras module an example builds, trains and evaluates its model with:
    ``tinytorch.keras``, or real Keras 2 (``tf_keras`` beside TensorFlow >= 2.16, whose own
    ``keras`` is Keras 3; else ``keras`` itself when it is Keras 2).

    Raises:
        SystemExit: for ``'keras'`` when no Keras 2 is installed, saying what to install.
    """
    if name == "tinytorch":
        import tinytorch.keras as keras
        import tinytorch.keras.preprocessing.image  # noqa: F401  (keras.preprocessing.image)
        return keras
    try:
        import tf_keras as keras
    except ImportError:
        try:
            import keras
        except ImportError:
            keras = None
    if keras is None or not keras.__version__.startswith("2."):
        found = "no Keras" if keras is None else f"Keras {keras.__version__}"
        raise SystemExit(f"--backend keras needs real Keras 2, the API tinytorch.keras "
                         f"follows, and found {found}: pip install tensorflow-cpu tf-keras")
    return keras


def compile_options(args):
    """Keyword arguments for ``compile`` beyond Keras' own: tinytorch's ``device``."""
    return {"device": args.device} if args.backend == "tinytorch" else {}


def fashion(args):
    """Fashion-MNIST (or the MNIST-format files in ``--data``) as float32 images
    (N, 28, 28, 1) in [0, 1] and integer labels: ((x_train, y_train), (x_test, y_test))."""
    (x_train, y_train), (x_test, y_test) = (mnist.load_data(args.data) if args.data
                                            else fashion_mnist.load_data())
    return ((scaled(x_train, (28, 28, 1)), y_train.astype("int64")),
            (scaled(x_test, (28, 28, 1)), y_test.astype("int64")))


def out_dir(args, name):
    """``--out``/<name>, created: where an example writes its files; without ``--out``, a
    fresh ``runs/<name>-<date>-<time>`` (see :func:`run_dir`)."""
    if not args.out:
        return run_dir(None, name)
    path = os.path.join(args.out, name)
    os.makedirs(path, exist_ok=True)
    return path


def save_grid(images, path, ncols, row_titles=None, title=None):
    """A PNG grid of grey images (see ``tinytorch.metrics.plots.plot_image_grid``); None
    (and a note) when matplotlib is missing."""
    try:
        from tinytorch.metrics import plots
        return plots.plot_image_grid(images, path, ncols, row_titles, title)
    except ImportError as error:
        print(f"Plot skipped: {error}")
        return None
