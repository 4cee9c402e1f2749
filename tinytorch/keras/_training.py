"""The loops behind ``Model.fit``, ``evaluate``, ``predict`` and ``train_on_batch``, for any
number of inputs and outputs (a Sequential model has one of each).

Whole arrays are converted to tensors on the model's device once; batches are slices (or,
when shuffling, index gathers) of those tensors, so no per-sample Python work happens.
Rank-4 inputs move to the internal NCHW layout here, once (see NOTE [Keras layout]).
"""

import math

import tinytorch
from tinytorch.backends import _heap
from tinytorch.keras import _console
from tinytorch.keras import losses
from tinytorch.keras import metrics as metrics_module
from tinytorch.keras.callbacks import CallbackList
from tinytorch.keras.callbacks import History
from tinytorch.keras.layers.base import to_internal
from tinytorch.keras.layers.base import to_keras
from tinytorch.keras.utils import Sequence


def _by_name(model, value, names, what):
    """A model's arrays as a list in ``names`` order, from one array, a list or a dict."""
    if isinstance(value, dict):
        missing = [n for n in names if n not in value]
        if missing:
            raise ValueError(f"No data provided for {missing}. Need data for each key in: "
                             f"{names}")
        return [value[n] for n in names]
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if len(values) != len(names):
        raise ValueError(f"Error when checking model {what}: the list of arrays you are "
                         f"passing to your model is not the size the model expected. Expected "
                         f"to see {len(names)} array(s), but instead got {len(values)}.")
    return values


def _on_device(model, t):
    return t.to(model.device) if model.device is not None else t


def as_inputs(model, x):
    """The inputs as a list of tensors on the model's device in the internal layout: float32
    (Keras casts to floatx), int64 for integer ``Input(dtype=...)``. Builds a Sequential model
    from the data's shape if needed."""
    if not model.built:
        model.build((None, *tinytorch.as_tensor(x).shape[1:]))
    tensors = []
    for value, dtype in zip(_by_name(model, x, model.input_names, "input"), model.input_dtypes):
        t = tinytorch.as_tensor(value)
        wanted = tinytorch.int64 if "int" in dtype else tinytorch.float32
        t = t.to(wanted) if t.dtype != wanted else t
        tensors.append(to_internal(_on_device(model, t)))
    return tensors


def as_targets(model, y):
    """One target tensor per output (None for outputs without a loss): int64 labels for a
    sparse loss, else float32; images stay channels-last (losses compare in Keras' layout).
    As Keras, a 1-D target for a (None, k) output becomes a column (N, 1)."""
    targets = []
    values = _by_name(model, y, model.output_names, "target")
    for value, fn, shape in zip(values, model.loss_fns, model.output_shapes()):
        if fn is None or value is None:
            targets.append(None)
            continue
        t = tinytorch.as_tensor(value)
        sparse = fn is losses.sparse_categorical_crossentropy
        wanted = tinytorch.int64 if sparse else tinytorch.float32
        t = t.to(wanted) if t.dtype != wanted else t
        if t.ndim == 1 and len(shape) == 2 and not sparse:
            t = t.reshape(-1, 1)
        targets.append(_on_device(model, t))
    return targets


def _check_compiled(model):
    if model.optimizer is None or not model.loss_fns:
        raise RuntimeError("You must compile your model before training/testing. "
                           "Use `model.compile(optimizer, loss)`.")


def _losses(model, xs, ys):
    """(weighted total loss, per-output mean losses (None without a loss), outputs)."""
    fused = [losses.fusable_activation(fn) for fn in model.loss_fns]
    outputs, logits = model.call_with_logits(xs, fused)
    outputs = [to_keras(o) for o in outputs]
    total, parts = None, []
    for fn, weight, out, lg, target in zip(model.loss_fns, model.loss_weights, outputs,
                                           logits, ys):
        if fn is None:
            parts.append(None)
            continue
        per_sample = fn(target, to_keras(lg), from_logits=True) if lg is not None \
            else fn(target, out)
        part = per_sample.mean()
        parts.append(part)
        total = part * weight if total is None else total + part * weight
    return total, parts, outputs


class _Tracker:
    """Running means of the total and per-output losses and the metrics over an epoch, named
    as Keras names them (``loss``, ``dense_2_loss``, ``dense_2_acc`` …)."""

    def __init__(self, model):
        names = model.output_names
        multi = len(names) > 1
        self.loss_names = [f"{n}_loss" if multi and fn is not None else None
                           for n, fn in zip(names, model.loss_fns)]
        self.metrics = []
        for i, (name, wanted) in enumerate(zip(names, model.output_metrics)):
            units = model.output_units(i)
            for m in wanted:
                metric = metrics_module.get(m, model.loss_fns[i], units)
                label = f"{name}_{metric.name}" if multi else metric.name
                self.metrics.append((label, i, metric))
        self.totals, self.count = {}, 0

    def update(self, total, parts, ys, outputs, size):
        self.count += size
        values = [("loss", total)] + [(n, p) for n, p in zip(self.loss_names, parts) if n]
        for name, value in values:
            self.totals[name] = self.totals.get(name, 0.0) + value.detach().item() * size
        with tinytorch.no_grad():
            for _, i, metric in self.metrics:
                metric.update_state(ys[i], outputs[i].detach())

    def logs(self):
        logs = {name: value / max(self.count, 1) for name, value in self.totals.items()}
        logs.update({label: metric.result() for label, _, metric in self.metrics})
        return logs


def _batches(n, batch_size, order):
    for start in range(0, n, batch_size):
        stop = min(start + batch_size, n)
        yield (slice(start, stop) if order is None else order[start:stop]), stop - start


def _split(arrays, index):
    return [None if a is None else a[index] for a in arrays]


def _validation(model, xs, ys, validation_split, validation_data):
    if validation_data is not None:
        if len(validation_data) not in (2, 3):
            raise ValueError(f"validation_data should be a tuple (x_val, y_val), got "
                             f"{len(validation_data)} elements")
        return xs, ys, as_inputs(model, validation_data[0]), \
            as_targets(model, validation_data[1])
    if not validation_split:
        return xs, ys, None, None
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    split = int(xs[0].shape[0] * (1.0 - validation_split))  # Keras holds out the *last* ones
    return (_split(xs, slice(None, split)), _split(ys, slice(None, split)),
            _split(xs, slice(split, None)), _split(ys, slice(split, None)))


def _check_lengths(xs, ys):
    sizes = {t.shape[0] for t in xs}
    targets = {t.shape[0] for t in ys if t is not None}
    if len(sizes) > 1:
        raise ValueError(f"All input arrays (x) should have the same number of samples. Got "
                         f"array shapes: {[tuple(t.shape) for t in xs]}")
    if targets and targets != sizes:
        raise ValueError(f"Input arrays should have the same number of samples as target "
                         f"arrays. Found {xs[0].shape[0]} input samples and "
                         f"{sorted(targets)[0]} target samples.")


def prepare_step(model):
    """Apply the trainable set frozen by compile(): only those parameters get gradients, and
    the optimizer updates only them (a GAN's two models share the discriminator)."""
    if model._trainable_params is None:
        model._trainable_params = model.trainable_parameters()
    wanted = {id(p) for p in model._trainable_params}
    for p in model.parameters():
        p.requires_grad_(id(p) in wanted)
    if hasattr(model.optimizer, "bind"):
        model.optimizer.bind(model._trainable_params)


def _step(model, xs, ys, tracker, size):
    optimizer = model.optimizer
    optimizer.zero_grad()
    total, parts, outputs = _losses(model, xs, ys)
    total.backward()
    optimizer.step()
    tracker.update(total, parts, ys, outputs, size)


class _Batches:
    """Where fit() takes its batches from: arrays (sliced here) or a Sequence / iterator of
    ``(x, y)`` batches (``ImageDataGenerator.flow``)."""

    def __init__(self, model, x, y, batch_size, shuffle, steps_per_epoch):
        self.model, self.batch_size, self.shuffle = model, batch_size, shuffle
        self.source = x if isinstance(x, Sequence) or hasattr(x, "__next__") else None
        if self.source is None:
            self.xs, self.ys = as_inputs(model, x), as_targets(model, y)
            _check_lengths(self.xs, self.ys)
            self.steps = math.ceil(self.xs[0].shape[0] / batch_size)
            self.samples = self.xs[0].shape[0]
        else:
            if steps_per_epoch is None and not isinstance(x, Sequence):
                raise ValueError("steps_per_epoch is needed to fit on a generator")
            self.steps = int(steps_per_epoch or len(x))
            self.samples = None
            self.iterator = iter(x)

    def holdout(self, validation_split, validation_data):
        """Validation tensors (from ``validation_data`` or the last ``validation_split``)."""
        if self.source is not None:
            if validation_split:
                raise ValueError("validation_split is not supported with a generator; "
                                 "pass validation_data")
            _, _, vxs, vys = _validation(self.model, [], [], 0.0, validation_data)
            return vxs, vys
        self.xs, self.ys, vxs, vys = _validation(self.model, self.xs, self.ys,
                                                 validation_split, validation_data)
        self.steps = math.ceil(self.xs[0].shape[0] / self.batch_size)
        self.samples = self.xs[0].shape[0]
        return vxs, vys

    def epoch(self):
        """Yield (inputs, targets, batch size) for one epoch."""
        if self.source is None:
            n = self.xs[0].shape[0]
            order = tinytorch.randperm(n, device=self.xs[0].device) if self.shuffle else None
            for index, size in _batches(n, self.batch_size, order):
                yield _split(self.xs, index), _split(self.ys, index), size
            return
        for _ in range(self.steps):
            xb, yb = next(self.iterator)[:2]
            xs, ys = as_inputs(self.model, xb), as_targets(self.model, yb)
            yield xs, ys, xs[0].shape[0]


def _train_epoch(model, batches, tracker, progbar, callbacks):
    logs = {}
    model.train()
    for step, (xs, ys, size) in enumerate(batches.epoch()):
        callbacks.call("on_train_batch_begin", step, None)
        _step(model, xs, ys, tracker, size)
        logs = tracker.logs()
        progbar.update(1, logs)
        callbacks.call("on_train_batch_end", step, logs)
    return logs


def fit(model, x, y, batch_size, epochs, verbose, callbacks, validation_split,
        validation_data, shuffle, initial_epoch, steps_per_epoch=None):
    """Train ``model``; the loop Keras runs (see ``Model.fit`` for the arguments).

    Each epoch: shuffle (when asked), one optimizer step per batch, running averages of the
    losses and metrics shown by the progress bar, then validation and the callbacks.
    ``x`` may also be a Sequence or iterator of ``(x, y)`` batches (``y`` is then None).
    """
    _check_compiled(model)
    batches = _Batches(model, x, y, batch_size, shuffle, steps_per_epoch)
    vxs, vys = batches.holdout(validation_split, validation_data)
    prepare_step(model)
    history = History()
    params = {"batch_size": batch_size, "epochs": epochs, "steps": batches.steps,
              "samples": batches.samples, "verbose": verbose}
    callback_list = CallbackList([history, *callbacks], model, params)
    model.stop_training = False
    callback_list.call("on_train_begin", None)
    for epoch in range(initial_epoch, epochs):
        callback_list.call("on_epoch_begin", epoch, None)
        if verbose:
            _console.echo(f"Epoch {epoch + 1}/{epochs}")
        progbar = _console.Progbar(batches.steps, verbose)
        logs = _train_epoch(model, batches, _Tracker(model), progbar, callback_list)
        if vxs is not None:
            val_logs = _evaluate_tensors(model, vxs, vys, batch_size)
            logs.update({f"val_{key}": value for key, value in val_logs.items()})
        progbar.close(logs)
        callback_list.call("on_epoch_end", epoch, logs)
        if model.stop_training:
            break
    callback_list.call("on_train_end", None)
    _heap.trim()  # the freed buffers kept between steps (NOTE [Heap reuse]) go back
    return history


def train_on_batch(model, x, y):
    """One optimizer step on (x, y); the batch's logs."""
    _check_compiled(model)
    xs, ys = as_inputs(model, x), as_targets(model, y)
    _check_lengths(xs, ys)
    prepare_step(model)
    tracker = _Tracker(model)
    model.train()
    _step(model, xs, ys, tracker, xs[0].shape[0])
    return tracker.logs()


def _evaluate_tensors(model, xs, ys, batch_size, progbar=None):
    tracker = _Tracker(model)
    model.eval()
    with tinytorch.no_grad():
        for index, size in _batches(xs[0].shape[0], batch_size, None):
            yb = _split(ys, index)
            total, parts, outputs = _losses(model, _split(xs, index), yb)
            tracker.update(total, parts, yb, outputs, size)
            if progbar is not None:
                progbar.update(1, {"loss": tracker.logs()["loss"]})
    return tracker.logs()


def evaluate(model, x, y, batch_size, verbose):
    """{'loss': …, output losses …, metrics …} over (x, y) (one batch if ``batch_size`` is
    None), with a progress bar when ``verbose`` is 1."""
    _check_compiled(model)
    xs, ys = as_inputs(model, x), as_targets(model, y)
    _check_lengths(xs, ys)
    batch_size = batch_size or xs[0].shape[0]
    progbar = _console.Progbar(math.ceil(xs[0].shape[0] / batch_size), verbose)
    logs = _evaluate_tensors(model, xs, ys, batch_size, progbar)
    progbar.close(logs)
    return logs


def predict(model, x, batch_size, verbose):
    """Outputs for ``x`` in batches, concatenated, as a NumPy array per output (a list when
    the model has several outputs)."""
    xs = as_inputs(model, x)
    n = xs[0].shape[0]
    batch_size = batch_size or n
    model.eval()
    chunks = []
    progbar = _console.Progbar(math.ceil(n / batch_size), verbose)
    with tinytorch.no_grad():
        for index, _ in _batches(n, batch_size, None):
            outputs, _ = model.call_with_logits(_split(xs, index), None)
            chunks.append([to_keras(o) for o in outputs])
            progbar.update(1, {})
    progbar.close({})
    results = [tinytorch.cat(list(parts)).cpu().numpy() for parts in zip(*chunks)]
    return results[0] if len(results) == 1 else results
