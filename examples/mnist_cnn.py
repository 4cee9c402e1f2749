"""Book example B: the CNN (two conv-pool stages, softmax) on MNIST-format data.

    python examples/mnist_cnn.py                     # book: sgd, batch 100, 5 epochs
    python examples/mnist_cnn.py --optimizer adam --epochs 3   # the main job's settings
    python examples/mnist_cnn.py --data ~/mnist      # the real MNIST (book: ~0.97)
"""

import time

from _common import load
from _common import parser
from _common import report
from _common import seed

from tinytorch.keras import optimizers
from tinytorch.keras.layers import Conv2D
from tinytorch.keras.layers import Dense
from tinytorch.keras.layers import Flatten
from tinytorch.keras.layers import MaxPooling2D
from tinytorch.keras.models import Sequential


def build_model():
    """The book's CNN: 62,346 parameters."""
    model = Sequential()
    model.add(Conv2D(32, (5, 5), activation="relu", input_shape=(28, 28, 1)))
    model.add(MaxPooling2D((2, 2)))
    model.add(Conv2D(64, (5, 5), activation="relu"))
    model.add(MaxPooling2D((2, 2)))
    model.add(Flatten())
    model.add(Dense(10, activation="softmax"))
    return model


def main(argv=None, defaults=None, name="mnist_cnn"):
    p = parser(__doc__, epochs=5)
    p.add_argument("--optimizer", default="sgd", help="a Keras optimizer name")
    p.add_argument("--lr", type=float, help="learning rate (default: the optimizer's)")
    p.add_argument("--validation-split", type=float, default=0.0)
    p.set_defaults(**(defaults or {}))
    args = p.parse_args(argv)
    seed(args)
    (x_train, y_train), (x_test, y_test) = load(args, (28, 28, 1))

    model = build_model()
    model.summary()
    optimizer = optimizers.get(args.optimizer)
    if args.lr is not None:
        optimizer.lr = args.lr
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"],
                  device=args.device)
    start = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        verbose=args.verbose, validation_split=args.validation_split)
    print(f"Training time: {time.perf_counter() - start:.0f}s")
    return report(model, history, x_test, y_test, args, name)


if __name__ == "__main__":
    main()
