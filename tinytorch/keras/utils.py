"""Keras utilities: ``to_categorical``, ``set_random_seed`` and ``Sequence``."""

import random

import tinytorch
from tinytorch.backends import host_rng


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot encode integer class labels, as Keras does.

    Args:
        y: class labels (array, list or tensor) with values in [0, num_classes).
        num_classes (int, optional): defaults to max(y) + 1.
        dtype (str): element type of the result. Default: 'float32'.

    Returns:
        A NumPy array of shape ``y.shape + (num_classes,)`` (a trailing axis of size 1 in
        ``y`` is dropped first), like Keras.

    >>> to_categorical([0, 2], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    labels = tinytorch.as_tensor(y).long()
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels.reshape(labels.shape[:-1])
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    if labels.numel() and (int(labels.min()) < 0 or int(labels.max()) >= num_classes):
        raise ValueError(f"to_categorical: labels must be in [0, {num_classes}), got values "
                         f"from {int(labels.min())} to {int(labels.max())}")
    classes = tinytorch.arange(num_classes, device=labels.device)
    one_hot = labels.unsqueeze(-1) == classes
    return one_hot.to(getattr(tinytorch, dtype)).cpu().numpy()


def set_random_seed(seed):
    """Seed Python's ``random``, NumPy's global generator and tinytorch (every device), as
    Keras' ``set_random_seed`` seeds Python, NumPy and TensorFlow.

    Args:
        seed (int): the seed.

    Raises:
        ValueError: if ``seed`` is not an int.

    >>> set_random_seed(0)
    >>> a = tinytorch.rand(2)
    >>> set_random_seed(0)
    >>> bool((a == tinytorch.rand(2)).all())
    True
    """
    if not isinstance(seed, int):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} "
                         f"(of type {type(seed)})")
    random.seed(seed)
    host_rng.seed_numpy(seed)
    tinytorch.manual_seed(seed)


class Sequence:
    """Keras' ``Sequence``: batches by index, for ``fit`` (``len(seq)`` steps an epoch, batch
    ``seq[i]`` = ``(x, y)``, then ``seq.on_epoch_end()``), as ``ImageDataGenerator.flow``
    returns."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def on_epoch_end(self):
        """Called by ``fit`` after each epoch (e.g. to reshuffle)."""

    def __iter__(self):
        while True:  # Keras' iterators cycle for ever; fit() counts the steps
            for i in range(len(self)):
                yield self[i]
            self.on_epoch_end()
