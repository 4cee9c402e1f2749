"""Keras callbacks: hooks fit() calls at the start/end of training, epochs and batches.

``logs`` is a dict of Python floats: ``loss``, each metric, and ``val_…`` at epoch end.
"""

import csv
import math
import os

from tinytorch.keras import _console


class Callback:
    """Base class; ``self.model`` and ``self.params`` are set by fit().

    Subclasses override the hooks they need; the others do nothing. fit() calls
    ``on_train_begin``, then per epoch ``on_epoch_begin``, ``on_train_batch_begin`` and
    ``on_train_batch_end`` around each batch, ``on_epoch_end``, and last ``on_train_end``.
    Keras' test and predict hooks are not called (evaluate and predict take no callbacks).

    >>> class PrintLoss(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(f"epoch {epoch}: loss {logs['loss']:.2f}")
    >>> PrintLoss().on_epoch_end(0, {'loss': 0.25})
    epoch 0: loss 0.25
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        """Set ``self.model``, the model being trained (fit() calls this).

        Args:
            model (Model): the model.

        >>> from tinytorch.keras import Sequential
        >>> model, callback = Sequential(), Callback()
        >>> callback.set_model(model)
        >>> callback.model is model
        True
        """
        self.model = model

    def set_params(self, params):
        """Set ``self.params``, the training parameters (fit() calls this).

        Args:
            params (dict): fit() gives ``batch_size``, ``epochs``, ``steps`` (batches an
                epoch), ``samples`` (None for a generator) and ``verbose``.

        >>> callback = Callback()
        >>> callback.set_params({'epochs': 2})
        >>> callback.params['epochs']
        2
        """
        self.params = params

    def on_train_begin(self, logs=None):
        """Called once before the first epoch.

        Args:
            logs (dict, optional): None from fit() (kept for Keras' signature).

        >>> history = History()
        >>> history.on_train_begin()
        >>> history.history
        {}
        """

    def on_train_end(self, logs=None):
        """Called once after the last epoch, also when training stopped early.

        Args:
            logs (dict, optional): None from fit() (kept for Keras' signature).

        >>> Callback().on_train_end()  # the base class does nothing
        """

    def on_epoch_begin(self, epoch, logs=None):
        """Called before epoch ``epoch`` (0-based).

        Args:
            epoch (int): index of the epoch.
            logs (dict, optional): None from fit() (kept for Keras' signature).

        >>> Callback().on_epoch_begin(0)  # the base class does nothing
        """

    def on_epoch_end(self, epoch, logs=None):
        """Called after epoch ``epoch`` with its training and validation logs.

        Args:
            epoch (int): index of the epoch (0-based).
            logs (dict): the epoch's mean loss and metrics, and the validation results
                under ``val_`` keys (``{'loss': 0.3, 'acc': 0.9, 'val_loss': 0.4, …}``).

        >>> history = History()
        >>> history.on_train_begin()
        >>> history.on_epoch_end(0, {'loss': 0.5, 'val_loss': 0.75})
        >>> history.history['val_loss']
        [0.75]
        """

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch.

        Args:
            batch (int): index of the batch within the epoch.
            logs (dict, optional): None from fit() (kept for Keras' signature).

        >>> Callback().on_train_batch_begin(0)  # the base class does nothing
        """

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch with the running epoch averages.

        Args:
            batch (int): index of the batch within the epoch.
            logs (dict): the loss and metrics averaged over the epoch's batches so far.

        >>> Callback().on_train_batch_end(0, {'loss': 0.5})  # the base class does nothing
        """


class CallbackList:
    """Dispatches each hook to a list of callbacks in order (fit() builds one).

    Args:
        callbacks (list of Callback): the callbacks, called in this order.
        model (Model): given to each callback's :meth:`~Callback.set_model`.
        params (dict): given to each callback's :meth:`~Callback.set_params`.

    >>> history = History()
    >>> callbacks = CallbackList([history], None, {'epochs': 1})
    >>> callbacks.call('on_train_begin', None)
    >>> callbacks.call('on_epoch_end', 0, {'loss': 0.5})
    >>> history.history
    {'loss': [0.5]}
    """

    def __init__(self, callbacks, model, params):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)

    def call(self, hook, *args):
        """Call the hook named ``hook`` on every callback, in order (Keras' CallbackList has
        one method per hook instead).

        Args:
            hook (str): a hook's name, e.g. ``'on_epoch_end'``.
            *args: the hook's arguments.

        >>> CallbackList([Callback()], None, {}).call('on_epoch_begin', 0, None)
        """
        for callback in self.callbacks:
            getattr(callback, hook)(*args)


class History(Callback):
    """Records every epoch's logs: ``history.history['loss']`` is a list, one per epoch.

    fit() returns this object; ``history.epoch`` lists the epoch indices.

    >>> history = History()
    >>> history.on_train_begin()
    >>> for epoch, loss in enumerate([0.5, 0.25]):
    ...     history.on_epoch_end(epoch, {'loss': loss})
    >>> history.epoch, history.history
    ([0, 1], {'loss': [0.5, 0.25]})
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
        verbose (int): 1 prints the epoch at which training stopped.
        mode (str): ``'min'``, ``'max'`` or ``'auto'`` (from the name: ``'max'`` for
            accuracy, precision and recall, ``'min'`` otherwise).
        baseline (float, optional): the value to beat from the start.
        restore_best_weights (bool): load the best epoch's weights when stopping.

    Raises:
        ValueError: for another ``mode``.

    >>> from tinytorch.keras import Sequential, layers
    >>> stop = EarlyStopping(monitor='loss', patience=1)
    >>> stop.set_model(Sequential([layers.Dense(1, input_shape=(2,))]))
    >>> stop.on_train_begin()
    >>> for epoch, loss in enumerate([0.5, 0.75]):
    ...     stop.on_epoch_end(epoch, {'loss': loss})
    >>> stop.model.stop_training, stop.stopped_epoch
    (True, 1)
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
        """Compare the monitored value with the best so far; set ``model.stop_training``
        after ``patience`` epochs without improvement.

        Args:
            epoch (int): index of the epoch (0-based).
            logs (dict): the epoch's logs, which must hold ``monitor``.

        Raises:
            KeyError: if ``monitor`` is not in ``logs`` (Keras warns and goes on).

        >>> stop = EarlyStopping(monitor='acc')
        >>> stop.on_train_begin()
        >>> stop.on_epoch_end(0, {'acc': 0.5})
        >>> stop.best
        0.5
        """
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

    Args:
        filepath (str or os.PathLike): where to write, formatted with ``epoch`` (1-based) and
            the log keys.
        monitor (str): the log key ``save_best_only`` compares. Default: ``'val_loss'``.
        verbose (int): 1 prints a line for each file written.
        save_best_only (bool): write only when ``monitor`` improved (an epoch without it in
            the logs writes nothing; Keras warns).
        save_weights_only (bool): write :meth:`Model.save_weights` (the ``state_dict``)
            instead of :meth:`Model.save` (architecture, weights and compile settings); both
            are tinytorch's safetensors format, not HDF5.
        mode (str): ``'min'``, ``'max'`` or ``'auto'``, as for :class:`EarlyStopping`.
        period (int): epochs between checkpoints. Default: 1.

    Raises:
        ValueError: for another ``mode``.

    >>> import os, tempfile
    >>> from tinytorch.keras import Sequential, layers
    >>> with tempfile.TemporaryDirectory() as d:
    ...     checkpoint = ModelCheckpoint(os.path.join(d, 'w.{epoch:02d}.safetensors'),
    ...                                  save_weights_only=True)
    ...     checkpoint.set_model(Sequential([layers.Dense(1, input_shape=(2,))]))
    ...     checkpoint.on_epoch_end(0, {'loss': 0.5})
    ...     os.listdir(d)
    ['w.01.safetensors']
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
    (or ``schedule(epoch)`` for a one-argument function).

    Args:
        schedule (callable): ``schedule(epoch, lr)`` or ``schedule(epoch)``, returning the
            new learning rate; ``epoch`` is 0-based, ``lr`` the optimizer's current ``lr``
            (so the model needs a ``tinytorch.keras`` optimizer, not a ``tinytorch.optim``
            one, which has no ``lr``).
        verbose (int): 1 prints the rate set at each epoch.

    >>> from tinytorch.keras import Sequential, layers, optimizers
    >>> model = Sequential([layers.Dense(1, input_shape=(2,))])
    >>> model.compile(optimizers.SGD(lr=0.1), 'mse')
    >>> scheduler = LearningRateScheduler(lambda epoch, lr: lr / 2)
    >>> scheduler.set_model(model)
    >>> scheduler.on_epoch_begin(0)
    >>> model.optimizer.lr
    0.05
    """

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
    """Write one CSV row per epoch (``epoch`` then the sorted log keys) to ``filename``.

    Args:
        filename (str or os.PathLike): the CSV file.
        separator (str): the field delimiter. Default: ``','``.
        append (bool): add to an existing file (without a second header) instead of
            overwriting it.

    >>> import os, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     logger = CSVLogger(os.path.join(d, 'log.csv'))
    ...     logger.on_train_begin()
    ...     logger.on_epoch_end(0, {'loss': 0.5, 'acc': 0.75})
    ...     logger.on_train_end()
    ...     pathlib.Path(d, 'log.csv').read_text().splitlines()
    ['epoch,acc,loss', '0,0.75,0.5']
    """

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
