"""Transfer learning on Fashion-MNIST: a CNN trained on five classes (T-shirt, trouser,
pullover, dress, coat), its convolutional base frozen, and a new dense head trained on only
500 images of the other five (sandal, shirt, sneaker, bag, ankle boot); against the same
network trained from scratch on those 500 images.

    python examples/transfer_learning.py                # base on 6,000 images, 3 epochs
    python examples/transfer_learning.py --limit 30000  # base on every image of its classes
    python examples/transfer_learning.py --backend keras  # the same models on real Keras 2

Prints both test accuracies on the 5,000 test images of the new classes and writes them to
--out/transfer_learning/results.txt.
"""

import os
import time

import numpy as np
from _common import add_backend
from _common import compile_options
from _common import fashion
from _common import keras_api
from _common import out_dir
from _common import parser


def conv_base(keras, image):
    """The convolutional base: two conv + pool stages, flattened (1,600 features)."""
    layers = keras.layers
    x = layers.Conv2D(32, 3, activation="relu")(image)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    return layers.Flatten(name="features")(x)


def head(keras, features, name):
    layers = keras.layers
    x = layers.Dense(64, activation="relu", name=f"{name}_dense")(features)
    return layers.Dense(5, activation="softmax", name=f"{name}_classes")(x)


def subset(x, y, classes, limit=None):
    keep = np.isin(y, classes)
    x, y = x[keep][:limit], y[keep][:limit] - classes[0]
    return x, y


def train(keras, model, x, y, args, epochs, lr=1e-3):
    model.compile(keras.optimizers.Adam(learning_rate=lr), "sparse_categorical_crossentropy",
                  metrics=["accuracy"], **compile_options(args))
    model.fit(x, y, batch_size=args.batch_size, epochs=epochs, verbose=args.verbose)


def main(argv=None):
    p = parser(__doc__.splitlines()[0], epochs=3, batch_size=32)
    p.add_argument("--head-samples", type=int, default=500)
    p.add_argument("--head-epochs", type=int, default=20)
    add_backend(p)
    p.set_defaults(limit=6000)
    args = p.parse_args(argv)
    keras = keras_api(args.backend)
    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_test, y_test) = fashion(args)
    old, new = [0, 1, 2, 3, 4], [5, 6, 7, 8, 9]
    start = time.perf_counter()

    image = keras.Input(shape=(28, 28, 1), name="image")
    features = conv_base(keras, image)
    base_model = keras.Model(image, head(keras, features, "old"), name="five_class_cnn")
    train(keras, base_model, *subset(x_train, y_train, old, args.limit), args, args.epochs)
    x_old, y_old = subset(x_test, y_test, old)
    print(f"Base CNN on its own five classes: test accuracy "
          f"{base_model.evaluate(x_old, y_old, verbose=0)[1]:.4f}")

    extractor = keras.Model(image, features, name="conv_base")
    extractor.trainable = False
    fresh_image = keras.Input(shape=(28, 28, 1), name="new_image")
    transfer = keras.Model(fresh_image, head(keras, extractor(fresh_image), "new"),
                           name="transfer")
    transfer.summary()
    x_few, y_few = subset(x_train, y_train, new, args.head_samples)
    x_new, y_new = subset(x_test, y_test, new)
    train(keras, transfer, x_few, y_few, args, args.head_epochs)

    scratch_image = keras.Input(shape=(28, 28, 1), name="scratch_image")
    scratch = keras.Model(scratch_image, head(keras, conv_base(keras, scratch_image), "scratch"),
                          name="scratch")
    train(keras, scratch, x_few, y_few, args, args.head_epochs)

    results = {"transfer (frozen base + new head)": transfer.evaluate(x_new, y_new,
                                                                      verbose=0)[1],
               "from scratch": scratch.evaluate(x_new, y_new, verbose=0)[1]}
    lines = [f"Test accuracy on the {len(y_new)} test images of the new classes, "
             f"{len(y_few)} training images:"]
    lines += [f"  {name}: {acc:.4f}" for name, acc in results.items()]
    print("\n".join(lines))
    print(f"Total time: {time.perf_counter() - start:.0f}s")
    path = os.path.join(out_dir(args, "transfer_learning"), "results.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"Saved: {path}")
    return results


if __name__ == "__main__":
    main()
