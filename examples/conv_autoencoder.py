"""A convolutional autoencoder on Fashion-MNIST in Keras' functional style: a 28x28 image
squeezed through a 7x7x8 code (392 numbers, half of 784) and rebuilt.

    python examples/conv_autoencoder.py                 # 6,000 training images, 5 epochs
    python examples/conv_autoencoder.py --limit 60000   # all of them
    python examples/conv_autoencoder.py --backend keras # the same model on real Keras 2

Prints the test reconstruction error (mean squared error per pixel, and the binary
cross-entropy it is trained on) against the trivial baseline of predicting each test image
as the mean training image, and writes a PNG of test inputs over their reconstructions
under --out/conv_autoencoder/.
"""

import os
import time

from _common import add_backend
from _common import compile_options
from _common import fashion
from _common import keras_api
from _common import out_dir
from _common import parser
from _common import save_grid


def build_autoencoder(keras):
    """Encoder: two conv + pool stages to (7, 7, 8); decoder: conv + upsampling back."""
    layers = keras.layers
    image = keras.Input(shape=(28, 28, 1), name="image")
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(image)
    x = layers.MaxPooling2D(2, padding="same")(x)
    x = layers.Conv2D(8, 3, activation="relu", padding="same")(x)
    code = layers.MaxPooling2D(2, padding="same", name="code")(x)
    x = layers.Conv2D(8, 3, activation="relu", padding="same")(code)
    x = layers.UpSampling2D(2)(x)
    x = layers.Conv2D(16, 3, activation="relu", padding="same")(x)
    x = layers.UpSampling2D(2)(x)
    decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    return keras.Model(image, decoded, name="autoencoder")


def main(argv=None):
    p = parser(__doc__.splitlines()[0], epochs=5, batch_size=128)
    add_backend(p)
    p.set_defaults(limit=6000)
    args = p.parse_args(argv)
    keras = keras_api(args.backend)
    keras.utils.set_random_seed(args.seed)
    (x_train, _), (x_test, _) = fashion(args)
    x_train, x_test = x_train[:args.limit], x_test[:max(args.limit // 6, 10)]
    model = build_autoencoder(keras)
    model.summary()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["mse"],
                  **compile_options(args))
    start = time.perf_counter()
    model.fit(x_train, x_train, batch_size=args.batch_size, epochs=args.epochs,
              verbose=args.verbose, validation_data=(x_test, x_test))
    print(f"Training time: {time.perf_counter() - start:.0f}s")
    bce, mse = model.evaluate(x_test, x_test, verbose=0)
    baseline = float(((x_test - x_train.mean(axis=0)) ** 2).mean())
    print(f"Test reconstruction: mse {mse:.4f} per pixel (mean-image baseline {baseline:.4f}), "
          f"binary cross-entropy {bce:.4f}")
    folder = out_dir(args, "conv_autoencoder")
    shown = x_test[:10]
    path = save_grid(list(shown) + list(model.predict(shown, verbose=0)),
                     os.path.join(folder, "reconstructions.png"), 10,
                     ["input", "decoded"], f"test images over reconstructions (mse {mse:.4f})")
    if path:
        print(f"Saved: {path}")
    return mse, baseline


if __name__ == "__main__":
    main()
