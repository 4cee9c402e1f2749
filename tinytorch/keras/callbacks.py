"""Keras callbacks: hooks fit() calls at the start/end of training, epochs and batches.

``logs`` is a dict of Python floats: ``loss``, each metric, and ``val_…`` at epoch end.
"""

import csv
import math
import os

from tinytorch.keras import _console


class Callback:
    """Base class; ``self.model`` and ``self.params`` are set by fit()."""

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None):
        """Called once before the first epoch."""

    def on_train_end(self, logs=None):
        """Called once after the last epoch."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called before epoch ``epoch`` (0-based)."""

    def on_epoch_end(self, epoch, logs=None):
        """Called after epoch ``epoch`` with its training and validation logs."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch."""

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch with the running epoch averages."""


class CallbackList:
    """Dispatches each hook to a list of callbacks in order."""

    def __init__(self, callbacks, model, params):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)

    def call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(*args)


class History(Callback):
    """Records every epoch's logs: ``history.history['loss']`` is a list, one per epoch.

    fit() returns this object; ``history.epoch`` lists the epoch indices.
    """

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


def _mode_sign(mode, monitor):
    """+1 when larger is better, -1 when smaller is (Keras' 'auto' looks at the name)."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode == "auto":
        return 1 if ("acc" in monitor or monitor.endswith(("precision", "recall"))) else -1
    return 1 if mode == "max" else -1


class EarlyStopping(Callback):
    """Stop training when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs.

    Args:
        monitor (str): a log key, default ``'val_loss'``.
        min_delta (float): smallest change that counts as an improvement.
        patience (int): epochs without improvement before stopping.
        mode (str): ``'min'``, ``'max'`` or ``'auto'`` (from the name).
        baseline (float, optional): the value to beat from the start.
        restore_best_weights (bool): load the best epoch's weights when stopping.
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False):
        super().__init__()
        self.monitor, self.patience, self.verbose = monitor, patience, verbose
        self.sign = _mode_sign(mode, monitor)
        self.min_delta = abs(min_delta)
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = self.baseline if self.baseline is not None else -self.sign * math.inf
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            raise KeyError(f"EarlyStopping monitors {self.monitor!r}, which is not in the "
                           f"logs (available: {', '.join(sorted(logs or {}))})")
        if self.sign * (current - self.best) > self.min_delta:
            self.best, self.wait = current, 0
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch and self.verbose:
            _console.echo(f"Epoch {self.stopped_epoch + 1:05d}: early stopping")


class ModelCheckpoint(Callback):
    """Save the model (or its weights) after every ``period`` epochs.

    ``filepath`` may contain format fields from the epoch number and logs, e.g.
    ``'weights.{epoch:02d}-{val_loss:.2f}.safetensors'``. With ``save_best_only`` only an
    improvement of ``monitor`` writes a file.
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", period=1):
        super().__init__()
        self.filepath, self.monitor, self.verbose = os.fspath(filepath), monitor, verbose
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.sign = _mode_sign(mode, monitor)
        self.period = period
        self.best = -self.sign * math.inf

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if (epoch + 1) % self.period:
            return
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None or self.sign * (current - self.best) <= 0:
                return
            self.best = current
        if self.verbose:
            _console.echo(f"Epoch {epoch + 1:05d}: saving model to {path}")
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)


class LearningRateScheduler(Callback):
    """Set the optimizer's learning rate at each epoch start to ``schedule(epoch, lr)``
    (or ``schedule(epoch)`` for a one-argument function)."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        try:
            lr = self.schedule(epoch, optimizer.lr)
        except TypeError:
            lr = self.schedule(epoch)
        optimizer.lr = float(lr)
        if self.verbose:
            _console.echo(f"Epoch {epoch + 1:05d}: LearningRateScheduler setting learning "
                          f"rate to {float(lr)}.")


class CSVLogger(Callback):
    """Write one CSV row per epoch (``epoch`` then the sorted log keys) to ``filename``."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename, self.separator, self.append = os.fspath(filename), separator, append

    def on_train_begin(self, logs=None):
        self.keys = None
        exists = self.append and os.path.exists(self.filename)
        self.has_header = exists and os.path.getsize(self.filename) > 0
        self.file = open(self.filename, "a" if self.append else "w", newline="")

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        writer = csv.writer(self.file, delimiter=self.separator)
        if not self.has_header:
            writer.writerow(["epoch", *self.keys])
            self.has_header = True
        writer.writerow([epoch, *(logs.get(k, "NA") for k in self.keys)])
        self.file.flush()

    def on_train_end(self, logs=None):
        self.file.close()
