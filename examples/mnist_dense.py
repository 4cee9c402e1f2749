"""Book example A: a dense network on MNIST-format data (Keras API on tinytorch).

    python examples/mnist_dense.py                   # Dense(10, sigmoid) -> softmax, sgd
    python examples/mnist_dense.py --relu            # ReLU in the hidden layer (~ +2 %)
    python examples/mnist_dense.py --units 512 --relu --epochs 20
    python examples/mnist_dense.py --data ~/mnist    # the real MNIST IDX files

Book's figures on MNIST: ~0.90 test accuracy; Dense(512, relu) ~0.94 after 5 epochs,
~0.96 after 20.
"""

from _common import load
from _common import parser
from _common import report
from _common import seed

from tinytorch.keras.layers import Dense
from tinytorch.keras.models import Sequential


def main(argv=None):
    p = parser(__doc__, epochs=5)
    p.add_argument("--units", type=int, default=10, help="hidden units (book: 10, then 512)")
    p.add_argument("--relu", action="store_true", help="ReLU instead of sigmoid in layer 1")
    p.add_argument("--optimizer", default="sgd")
    args = p.parse_args(argv)
    seed(args)
    (x_train, y_train), (x_test, y_test) = load(args, (784,))

    model = Sequential()
    model.add(Dense(args.units, activation="relu" if args.relu else "sigmoid",
                    input_shape=(784,)))
    model.add(Dense(10, activation="softmax"))
    model.summary()
    model.compile(loss="categorical_crossentropy", optimizer=args.optimizer,
                  metrics=["accuracy"], device=args.device)
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        verbose=args.verbose)
    return report(model, history, x_test, y_test, args, "mnist_dense")


if __name__ == "__main__":
    main()
