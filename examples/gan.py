"""A GAN on Fashion-MNIST in Keras' functional style (the book's GAN chapter recipe): a
convolutional generator and discriminator, the discriminator frozen inside the combined
``gan = Model(z, discriminator(generator(z)))``, both trained with ``train_on_batch``.

    python examples/gan.py                 # 4,000 real images, 5 epochs of batch 64
    python examples/gan.py --limit 6000    # the run in docs/keras_functional.md
    python examples/gan.py --limit 60000 --epochs 3
    python examples/gan.py --backend keras # the same models on real Keras 2

Per epoch: the mean discriminator and adversarial losses and a PNG grid of samples from fixed
latent points (--out/gan/samples_epoch_N.png). At the end, one objective quality figure: a
small CNN classifier trained on the real images scores 1,000 generated samples - its mean
confidence (max softmax) and how many of the ten classes the samples cover - beside the same
figures on real test images (--out/gan/quality.txt).
"""

import math
import os
import time

import numpy as np
from _common import FASHION_CLASSES
from _common import add_backend
from _common import compile_options
from _common import fashion
from _common import keras_api
from _common import out_dir
from _common import parser
from _common import save_grid

LATENT = 32


def build_generator(keras):
    layers = keras.layers
    z = keras.Input(shape=(LATENT,))
    x = layers.Dense(32 * 7 * 7, activation="leaky_relu")(z)
    x = layers.Reshape((7, 7, 32))(x)
    x = layers.UpSampling2D()(x)
    x = layers.Conv2D(32, 3, padding="same", activation="leaky_relu")(x)
    x = layers.UpSampling2D()(x)
    x = layers.Conv2D(16, 3, padding="same", activation="leaky_relu")(x)
    image = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(x)
    return keras.Model(z, image, name="generator")


def build_discriminator(keras):
    layers = keras.layers
    image = keras.Input(shape=(28, 28, 1))
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="leaky_relu")(image)
    x = layers.Conv2D(64, 3, strides=2, padding="same", activation="leaky_relu")(x)
    x = layers.Dropout(0.4)(layers.Flatten()(x))
    fake = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(image, fake, name="discriminator")


def build_gan(keras):
    """(generator, discriminator, gan); the book's optimizers: RMSprop with clipping (its
    ``decay=1e-8`` left out: it moves the rate by 1e-5 in 1,000 steps, and Keras 2.11+ has
    no ``decay``; ``learning_rate``, as Keras 2.11+ ignores the book's ``lr``)."""
    generator, discriminator = build_generator(keras), build_discriminator(keras)
    rmsprop = keras.optimizers.RMSprop
    discriminator.compile(rmsprop(learning_rate=0.0008, clipvalue=1.0),
                          loss="binary_crossentropy")
    discriminator.trainable = False  # frozen in the gan only: compile() fixed its own set
    z = keras.Input(shape=(LATENT,))
    gan = keras.Model(z, discriminator(generator(z)), name="gan")
    gan.compile(rmsprop(learning_rate=0.0004, clipvalue=1.0), loss="binary_crossentropy")
    return generator, discriminator, gan


def train_epoch(generator, discriminator, gan, real, batch_size, rng):
    """One pass over ``real``: label 1 = generated, noisy labels, then fool the frozen
    discriminator. Returns the mean discriminator and adversarial losses."""
    d_losses, a_losses = [], []
    for start in range(0, len(real) - batch_size + 1, batch_size):
        z = rng.normal(size=(batch_size, LATENT)).astype("float32")
        fake = generator.predict(z, verbose=0)
        images = np.concatenate([fake, real[start:start + batch_size]])
        labels = np.concatenate([np.ones((batch_size, 1)), np.zeros((batch_size, 1))])
        labels += 0.05 * rng.random(labels.shape)
        d_losses.append(discriminator.train_on_batch(images, labels.astype("float32")))
        z = rng.normal(size=(batch_size, LATENT)).astype("float32")
        a_losses.append(gan.train_on_batch(z, np.zeros((batch_size, 1), "float32")))
    return float(np.mean(d_losses)), float(np.mean(a_losses))


def judge(keras, x_train, y_train, args):
    """A small CNN classifier of the real images (the quality judge)."""
    layers = keras.layers
    judge_model = keras.Sequential([
        layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
        layers.MaxPooling2D(), layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax")])
    judge_model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"],
                        **compile_options(args))
    judge_model.fit(x_train, y_train, batch_size=64, epochs=args.judge_epochs, verbose=0)
    return judge_model


def quality(judge_model, images):
    """(mean max-softmax confidence, classes holding >= 1 % of the samples, normalised
    entropy of the predicted-class histogram) of ``images``."""
    probs = judge_model.predict(images, batch_size=256, verbose=0)
    counts = np.bincount(probs.argmax(1), minlength=10) / len(probs)
    entropy = -sum(p * math.log(p) for p in counts if p > 0) / math.log(10)
    return float(probs.max(1).mean()), int((counts >= 0.01).sum()), entropy, counts


def report_quality(judge_model, generator, x_test, y_test, folder, rng):
    acc = judge_model.evaluate(x_test, y_test, verbose=0)[1]
    samples = generator.predict(rng.normal(size=(1000, LATENT)).astype("float32"), verbose=0)
    lines = [f"judge CNN test accuracy on real images: {acc:.4f}"]
    for name, images in (("real test images", x_test[:1000]), ("generated samples", samples)):
        conf, covered, entropy, counts = quality(judge_model, images)
        lines.append(f"{name}: mean confidence {conf:.3f}, classes covered {covered}/10, "
                     f"class entropy {entropy:.3f}")
        lines.append("  " + ", ".join(f"{c}: {p:.0%}" for c, p in zip(FASHION_CLASSES, counts)))
    print("\n".join(lines))
    path = os.path.join(folder, "quality.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def main(argv=None):
    p = parser(__doc__.splitlines()[0], epochs=5, batch_size=64)
    p.add_argument("--judge-epochs", type=int, default=2)
    add_backend(p)
    p.set_defaults(limit=4000)
    args = p.parse_args(argv)
    keras = keras_api(args.backend)
    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    (x_train, y_train), (x_test, y_test) = fashion(args)
    real = x_train[:args.limit]
    generator, discriminator, gan = build_gan(keras)
    gan.summary()
    folder = out_dir(args, "gan")
    fixed = rng.normal(size=(32, LATENT)).astype("float32")
    start, rows = time.perf_counter(), ["epoch,d_loss,a_loss"]
    for epoch in range(1, args.epochs + 1):
        real = real[rng.permutation(len(real))]
        d_loss, a_loss = train_epoch(generator, discriminator, gan, real, args.batch_size, rng)
        rows.append(f"{epoch},{d_loss:.4f},{a_loss:.4f}")
        path = save_grid(generator.predict(fixed, verbose=0), os.path.join(
            folder, f"samples_epoch_{epoch}.png"), 8, title=f"epoch {epoch}")
        print(f"Epoch {epoch}/{args.epochs} - discriminator loss {d_loss:.4f} - adversarial "
              f"loss {a_loss:.4f} - {time.perf_counter() - start:.0f}s" +
              (f" - {path}" if path else ""))
    with open(os.path.join(folder, "losses.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    judge_model = judge(keras, x_train[:args.limit], y_train[:args.limit], args)
    path = report_quality(judge_model, generator, x_test, y_test, folder, rng)
    print(f"Saved: {os.path.join(folder, 'losses.csv')}, {path}")
    print(f"Total time: {time.perf_counter() - start:.0f}s")


if __name__ == "__main__":
    main()
