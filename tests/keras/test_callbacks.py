"""Callbacks: EarlyStopping, ModelCheckpoint, LearningRateScheduler, CSVLogger, custom."""

import csv

import numpy as np

from tinytorch.keras import callbacks
from tinytorch.keras.layers import Dense
from tinytorch.keras.models import Sequential


def compiled(optimizer="sgd"):
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile(loss="mse", optimizer=optimizer)
    return model


def data(n=20):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 2)).astype("float32")
    return x, (x @ np.array([[1.0], [-2.0]], "float32"))


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append("train_begin")

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(("epoch", epoch, sorted(logs)))

    def on_train_batch_end(self, batch, logs=None):
        self.events.append(("batch", batch))

    def on_train_end(self, logs=None):
        self.events.append("train_end")


def test_custom_callback_sees_every_hook():
    recorder = Recorder()
    compiled().fit(*data(), batch_size=10, epochs=2, verbose=0, callbacks=[recorder])
    assert recorder.events == ["train_begin", ("batch", 0), ("batch", 1),
                               ("epoch", 0, ["loss"]), ("batch", 0), ("batch", 1),
                               ("epoch", 1, ["loss"]), "train_end"]
    assert recorder.params["epochs"] == 2 and recorder.params["steps"] == 2


def test_early_stopping_stops_when_loss_stalls():
    model = compiled(optimizer="sgd")
    model.optimizer.lr = 0.0  # nothing improves
    stopper = callbacks.EarlyStopping(monitor="loss", patience=2)
    history = model.fit(*data(), epochs=20, verbose=0, callbacks=[stopper])
    assert len(history.epoch) == 3 and stopper.stopped_epoch == 2


def test_early_stopping_restores_best_weights():
    model = compiled()
    stopper = callbacks.EarlyStopping(monitor="loss", patience=0, baseline=-1.0,
                                      restore_best_weights=True)
    before = model.get_weights()
    model.fit(*data(), epochs=5, verbose=0, callbacks=[stopper])
    assert stopper.best_weights is None  # never beat the baseline: stops after 1 epoch
    assert len(model.history.epoch) == 1 and len(before) == 2


def test_learning_rate_scheduler_sets_lr_each_epoch():
    model = compiled()
    seen = []
    scheduler = callbacks.LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))
    recorder = Recorder()
    recorder.on_epoch_end = lambda epoch, logs=None: seen.append(model.optimizer.lr)
    model.fit(*data(), epochs=3, verbose=0, callbacks=[scheduler, recorder])
    np.testing.assert_allclose(seen, [0.1, 0.05, 0.1 / 3])


def test_csv_logger_writes_one_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    compiled().fit(*data(), epochs=3, verbose=0, validation_split=0.25,
                   callbacks=[callbacks.CSVLogger(path)])
    with path.open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["epoch", "loss", "val_loss"]
    assert [r[0] for r in rows[1:]] == ["0", "1", "2"]


def test_model_checkpoint_formats_path_and_saves_best_only(tmp_path):
    model = compiled()
    pattern = str(tmp_path / "w.{epoch:02d}-{loss:.2f}.safetensors")
    checkpoint = callbacks.ModelCheckpoint(pattern, monitor="loss", save_best_only=True,
                                           save_weights_only=True)
    model.fit(*data(), epochs=3, verbose=0, callbacks=[checkpoint])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names and names[0].startswith("w.01-")
    assert len(names) == 3  # sgd on a linear fit improves every epoch
