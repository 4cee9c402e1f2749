"""The loops behind ``Sequential.fit``, ``evaluate`` and ``predict``.

Whole arrays are converted to tensors on the model's device once; batches are slices (or,
when shuffling, index gathers) of those tensors, so no per-sample Python work happens.
"""

import math

import tinytorch
from tinytorch.keras import _console
from tinytorch.keras import losses
from tinytorch.keras.callbacks import CallbackList
from tinytorch.keras.callbacks import History


def as_input(model, x):
    """``x`` (array, list or tensor) as a float32 tensor on the model's device; builds the
    model from its shape if needed."""
    x = tinytorch.as_tensor(x)
    if x.dtype != tinytorch.float32:
        x = x.float()  # Keras casts every input to floatx
    if not model.built:
        model.build((None, *x.shape[1:]))
    return x.to(model.device) if model.device is not None else x


def as_target(model, y):
    """``y`` as a tensor on the model's device: int64 labels for a sparse loss, else float32."""
    y = tinytorch.as_tensor(y)
    wanted = tinytorch.int64 if model.loss_fn is losses.sparse_categorical_crossentropy \
        else tinytorch.float32
    y = y.to(wanted) if y.dtype != wanted else y
    return y.to(model.device) if model.device is not None else y


def _check_compiled(model):
    if model.loss_fn is None:
        raise RuntimeError("You must compile your model before training/testing. "
                           "Use `model.compile(optimizer, loss)`.")


def _loss_and_output(model, xb, yb):
    fused = losses.fusable_activation(model.loss_fn)
    output, logits = model.call_with_logits(xb, fused)
    if logits is not None:
        per_sample = model.loss_fn(yb, logits, from_logits=True)
    else:
        per_sample = model.loss_fn(yb, output)
    return per_sample.mean(), output


def _batches(n, batch_size, order):
    for start in range(0, n, batch_size):
        stop = min(start + batch_size, n)
        yield (slice(start, stop) if order is None else order[start:stop]), stop - start


def _validation(model, x, y, validation_split, validation_data):
    if validation_data is not None:
        vx, vy = validation_data[0], validation_data[1]
        return x, y, as_input(model, vx), as_target(model, vy)
    if not validation_split:
        return x, y, None, None
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    split = int(x.shape[0] * (1.0 - validation_split))  # Keras holds out the *last* samples
    return x[:split], y[:split], x[split:], y[split:]


def _check_lengths(x, y):
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"Input arrays should have the same number of samples as target "
                         f"arrays. Found {x.shape[0]} input samples and {y.shape[0]} "
                         f"target samples.")


def _train_epoch(model, x, y, batch_size, shuffle, metrics, progbar, callbacks):
    n = x.shape[0]
    order = tinytorch.randperm(n, device=x.device) if shuffle else None
    optimizer = model.optimizer
    total, count, logs = 0.0, 0, {}
    model.train()
    for step, (index, size) in enumerate(_batches(n, batch_size, order)):
        callbacks.call("on_train_batch_begin", step, None)
        xb, yb = x[index], y[index]
        optimizer.zero_grad()
        loss, output = _loss_and_output(model, xb, yb)
        loss.backward()
        optimizer.step()
        total, count = total + loss.detach().item() * size, count + size
        with tinytorch.no_grad():
            for metric in metrics:
                metric.update_state(yb, output.detach())
        logs = {"loss": total / count, **{m.name: m.result() for m in metrics}}
        progbar.update(1, logs)
        callbacks.call("on_train_batch_end", step, logs)
    return logs


def _bind_optimizer(model):
    for layer in model.layers:
        for param in layer.parameters():
            param.requires_grad_(layer.trainable)
    if hasattr(model.optimizer, "bind"):
        model.optimizer.bind(p for p in model.parameters() if p.requires_grad)


def fit(model, x, y, batch_size, epochs, verbose, callbacks, validation_split,
        validation_data, shuffle, initial_epoch):
    """Train ``model``; the loop Keras runs (see ``Sequential.fit`` for the arguments).

    Each epoch: shuffle (when asked), one optimizer step per batch, running averages of the
    loss and metrics shown by the progress bar, then validation and the callbacks.
    """
    _check_compiled(model)
    x, y = as_input(model, x), as_target(model, y)
    _check_lengths(x, y)
    x, y, vx, vy = _validation(model, x, y, validation_split, validation_data)
    _bind_optimizer(model)
    steps = math.ceil(x.shape[0] / batch_size)
    history = History()
    params = {"batch_size": batch_size, "epochs": epochs, "steps": steps,
              "samples": x.shape[0], "verbose": verbose}
    callback_list = CallbackList([history, *callbacks], model, params)
    metrics = model.make_metrics()
    model.stop_training = False
    callback_list.call("on_train_begin", None)
    for epoch in range(initial_epoch, epochs):
        callback_list.call("on_epoch_begin", epoch, None)
        if verbose:
            _console.echo(f"Epoch {epoch + 1}/{epochs}")
        for metric in metrics:
            metric.reset_states()
        progbar = _console.Progbar(steps, verbose)
        logs = _train_epoch(model, x, y, batch_size, shuffle, metrics, progbar, callback_list)
        if vx is not None:
            val_logs = _evaluate_tensors(model, vx, vy, batch_size, model.make_metrics())
            logs.update({f"val_{key}": value for key, value in val_logs.items()})
        progbar.close(logs)
        callback_list.call("on_epoch_end", epoch, logs)
        if model.stop_training:
            break
    callback_list.call("on_train_end", None)
    return history


def _evaluate_tensors(model, x, y, batch_size, metrics, progbar=None):
    total, count = 0.0, 0
    model.eval()
    with tinytorch.no_grad():
        for index, size in _batches(x.shape[0], batch_size, None):
            xb, yb = x[index], y[index]
            loss, output = _loss_and_output(model, xb, yb)
            total, count = total + loss.item() * size, count + size
            for metric in metrics:
                metric.update_state(yb, output)
            if progbar is not None:
                progbar.update(1, {"loss": total / count})
    return {"loss": total / max(count, 1), **{m.name: m.result() for m in metrics}}


def evaluate(model, x, y, batch_size, verbose):
    """{'loss': …, metric: …} over (x, y), with a progress bar when ``verbose`` is 1."""
    _check_compiled(model)
    x, y = as_input(model, x), as_target(model, y)
    _check_lengths(x, y)
    progbar = _console.Progbar(math.ceil(x.shape[0] / batch_size), verbose)
    logs = _evaluate_tensors(model, x, y, batch_size, model.make_metrics(), progbar)
    progbar.close(logs)
    return logs


def predict(model, x, batch_size, verbose):
    """Outputs for ``x`` in batches, concatenated and returned as a NumPy array."""
    x = as_input(model, x)
    model.eval()
    outputs = []
    progbar = _console.Progbar(math.ceil(x.shape[0] / batch_size), verbose)
    with tinytorch.no_grad():
        for index, _ in _batches(x.shape[0], batch_size, None):
            outputs.append(model(x[index]))
            progbar.update(1, {})
    progbar.close({})
    return tinytorch.cat(outputs).cpu().numpy()
