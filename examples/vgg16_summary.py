"""Book example C: VGG16's architecture, parameter count and activation memory.

Builds VGG16 twice: with the Keras API (channels-last, as the book writes it) to print
Keras' summary table (138,357,544 parameters), and as the channels-first ``nn`` model of
``tinytorch.models`` to run one image through it and measure what the forward pass
stores per image.

    python examples/vgg16_summary.py [--input-size 224]
"""

import argparse

from tinytorch import models
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential
from tinytorch.utils import summary

BLOCKS = ([64] * 2, [128] * 2, [256] * 3, [512] * 3, [512] * 3)


def keras_vgg16():
    """VGG16 as the book lists it: 3×3 'same' ReLU convolutions, 2×2 pools, 3 dense."""
    model = Sequential()
    model.add(Conv2D(64, (3, 3), padding="same", activation="relu", input_shape=(224, 224, 3)))
    for i, block in enumerate(BLOCKS):
        for filters in block[1:] if i == 0 else block:
            model.add(Conv2D(filters, (3, 3), padding="same", activation="relu"))
        model.add(MaxPooling2D((2, 2), strides=(2, 2)))
    model.add(Flatten())
    model.add(Dense(4096, activation="relu"))
    model.add(Dense(4096, activation="relu"))
    model.add(Dense(1000, activation="softmax"))
    return model


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--input-size", type=int, default=224,
                   help="image side for the measured forward pass (default 224)")
    p.add_argument("--out", help="unused (this example writes no files); accepted like the "
                   "other examples' --out")
    args = p.parse_args(argv)

    keras_model = keras_vgg16()
    keras_model.summary()
    del keras_model

    result = summary(models.vgg16(), (3, args.input_size, args.input_size))
    print(result)
    mib = result.activation_bytes / 2 ** 20
    print(f"One {args.input_size}x{args.input_size} image: {result.activation_values:,} "
          f"activation values = {mib:,.1f} MB in float32 for the forward pass "
          f"(about twice that with the gradients of backpropagation).")
    print("The book quotes >24 M values (~100 MB) per image; counting every layer output "
          "once gives the figure above.")
    return result


if __name__ == "__main__":
    main()
