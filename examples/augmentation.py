"""Data augmentation when data are scarce: the same small CNN trained on 2,000 Fashion-MNIST
images with and without Keras' augmentation layers (RandomFlip and RandomTranslation by
whole pixels, up to 5 % - the random crop + flip recipe; active only while training), test
accuracy side by side. ``--heavy`` adds RandomRotation and RandomZoom: each bilinear layer
resamples (blurs) the training images again, which sharp test images never are.

    python examples/augmentation.py                       # 2,000 images, 25 epochs each
    python examples/augmentation.py --method generator    # ImageDataGenerator(...).flow
    python examples/augmentation.py --heavy               # + rotation and zoom layers
    python examples/augmentation.py --backend keras       # the same models on real Keras 2

Writes a PNG of augmented training images and results.txt under --out/augmentation/.
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
from _common import save_grid


def augmentation_layers(keras, seed_value, heavy=False):
    layers = keras.layers
    chosen = [layers.RandomFlip("horizontal", seed=seed_value, input_shape=(28, 28, 1)),
              layers.RandomTranslation(0.05, 0.05, fill_mode="constant", interpolation="nearest",
                                       seed=seed_value + 1)]
    if heavy:
        chosen += [layers.RandomRotation(0.03, fill_mode="constant", seed=seed_value + 2),
                   layers.RandomZoom(0.1, fill_mode="constant", seed=seed_value + 3)]
    return chosen


def cnn(keras, augment_with=()):
    """Conv(32)-pool-Conv(64)-pool-dropout-softmax, after the given augmentation layers."""
    layers = keras.layers
    first = {} if augment_with else {"input_shape": (28, 28, 1)}
    return keras.Sequential([*augment_with,
                       layers.Conv2D(32, 3, activation="relu", **first),
                       layers.MaxPooling2D(), layers.Conv2D(64, 3, activation="relu"),
                       layers.MaxPooling2D(), layers.Flatten(), layers.Dropout(0.3),
                       layers.Dense(10, activation="softmax")])


def generator(keras):
    return keras.preprocessing.image.ImageDataGenerator(
        width_shift_range=0.1, height_shift_range=0.1, rotation_range=10, zoom_range=0.1,
        horizontal_flip=True, fill_mode="constant")


def fit(keras, model, x, y, args, augmented):
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"],
                  **compile_options(args))
    if augmented and args.method == "generator":
        flow = generator(keras).flow(x, y, batch_size=args.batch_size, seed=args.seed)
        return model.fit(flow, epochs=args.epochs, verbose=args.verbose)
    return model.fit(x, y, batch_size=args.batch_size, epochs=args.epochs,
                     verbose=args.verbose)


def preview(keras, x, args, folder):
    """Eight training images over four augmented versions of each."""
    if args.method == "generator":
        flow = generator(keras).flow(x[:8], batch_size=8, shuffle=False, seed=args.seed)
        versions = [flow[0] for _ in range(4)]
    else:
        model = keras.Sequential(augmentation_layers(keras, args.seed, args.heavy))
        versions = [np.asarray(model(x[:8], training=True)) for _ in range(4)]
    images = list(x[:8]) + [img for batch in versions for img in batch]
    return save_grid(images, os.path.join(folder, "augmented.png"), 8,
                     ["original", "aug 1", "aug 2", "aug 3", "aug 4"])


def main(argv=None):
    p = parser(__doc__.splitlines()[0], epochs=25, batch_size=32)
    p.add_argument("--method", choices=["layers", "generator"], default="layers")
    p.add_argument("--heavy", action="store_true",
                   help="add RandomRotation and RandomZoom to the layers")
    p.add_argument("--test-limit", type=int, default=10000)
    add_backend(p)
    p.set_defaults(limit=2000)
    args = p.parse_args(argv)
    keras = keras_api(args.backend)
    (x_train, y_train), (x_test, y_test) = fashion(args)
    x, y = x_train[:args.limit], y_train[:args.limit]
    x_test, y_test = x_test[:args.test_limit], y_test[:args.test_limit]
    folder = out_dir(args, "augmentation")
    start, results = time.perf_counter(), {}
    for augmented in (False, True):
        keras.utils.set_random_seed(args.seed)
        layers_used = augmentation_layers(keras, args.seed, args.heavy) if augmented and \
            args.method == "layers" else ()
        model = cnn(keras, layers_used)
        history = fit(keras, model, x, y, args, augmented)
        method = args.method + (", heavy" if args.heavy and args.method == "layers" else "")
        name = f"with augmentation ({method})" if augmented else "without augmentation"
        results[name] = (history.history["accuracy"][-1],
                         model.evaluate(x_test, y_test, verbose=0)[1])
    lines = [f"{len(x)} training images, {args.epochs} epochs; test on {len(x_test)} images:"]
    lines += [f"  {name}: train accuracy {train:.4f}, test accuracy {test:.4f}"
              for name, (train, test) in results.items()]
    print("\n".join(lines))
    print(f"Total time: {time.perf_counter() - start:.0f}s")
    path = os.path.join(folder, "results.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("Saved:", ", ".join(p for p in (path, preview(keras, x, args, folder)) if p))
    return results


if __name__ == "__main__":
    main()
