"""Plots written to PNG files: training curves, a confusion-matrix heat map and a 2-D
decision boundary. Needs matplotlib (``pip install 'tinytorch[plot]'``).

Figures are drawn on matplotlib's object API with the Agg canvas, so nothing touches
pyplot's global state or needs a display.
"""

import os

import tinytorch


def _figure(size):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError("tinytorch's plots need matplotlib: pip install 'tinytorch[plot]' "
                          "(or pip install matplotlib)") from error
    figure = Figure(figsize=size)
    FigureCanvasAgg(figure)
    return figure


def _save(figure, path):
    path = os.fspath(path)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    return path


def epoch_ticks(epochs):
    """The epochs to label on a history plot's x-axis: all of them up to 10, else the
    first and every 2nd, 5th, 10th, ... so that at most 11 labels show."""
    steps = (m * 10 ** k for k in range(12) for m in (1, 2, 5))
    step = next(s for s in steps if epochs / s <= 10)
    return sorted({1, *range(step, epochs + 1, step)})


def plot_history(history, path, title=None, val_label="validation"):
    """Loss and metric curves per epoch, training vs validation, one panel per quantity.

    Args:
        history: a Keras ``History`` (``model.fit``'s result) or a dict of per-epoch lists
            (keys like 'loss', 'accuracy', 'val_loss', 'val_accuracy').
        path (str): the PNG file to write.
        title (str, optional): a title over the panels.
        val_label (str): what the ``val_`` curves are called in the legend, e.g. ``'test'``
            when ``validation_data`` was the test set.

    Returns:
        str: ``path``.
    """
    logs = getattr(history, "history", history)
    names = [k for k in logs if not k.startswith("val_")]
    if not names:
        raise ValueError(f"history has no training curves to plot (keys: {list(logs)})")
    figure = _figure((5 * len(names), 4))
    for i, name in enumerate(names):
        axes = figure.add_subplot(1, len(names), i + 1)
        epochs = range(1, len(logs[name]) + 1)
        axes.plot(epochs, logs[name], "o-", label=f"train {name}")
        if f"val_{name}" in logs:
            axes.plot(epochs, logs[f"val_{name}"], "s--", label=f"{val_label} {name}")
        axes.set_xlabel("epoch")
        axes.set_xticks(epoch_ticks(len(epochs)))
        axes.set_xlim(0.5, len(epochs) + 0.5)
        axes.set_ylabel(name)
        axes.legend()
        axes.grid(alpha=0.3)
    if title:
        figure.suptitle(title)
    return _save(figure, path)


def plot_confusion_matrix(matrix, path, class_names=None, normalize=False, title=None):
    """Heat map of a confusion matrix (rows = true class, columns = predicted), with counts.

    Args:
        matrix: (C, C) tensor/array from :func:`tinytorch.metrics.confusion_matrix`.
        path (str): the PNG file to write.
        class_names (list, optional): tick labels.
        normalize (bool): show each row as fractions of its true class.

    Returns:
        str: ``path``.
    """
    matrix = tinytorch.as_tensor(matrix).cpu().double()
    if normalize:
        matrix = matrix / matrix.sum(1, keepdim=True).clamp(min=1)
    n = matrix.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(n)]
    figure = _figure((1.0 + 0.6 * n, 0.8 + 0.6 * n))
    axes = figure.add_subplot(1, 1, 1)
    image = axes.imshow(matrix.numpy(), cmap="Blues")
    # A colour bar in its own axes cut from the matrix's, so it is exactly as tall.
    from mpl_toolkits.axes_grid1 import make_axes_locatable  # ships with matplotlib
    figure.colorbar(image, cax=make_axes_locatable(axes).append_axes("right", "5%", pad=0.1))
    axes.set_xticks(range(n), names, rotation=45, ha="right")
    axes.set_yticks(range(n), names)
    axes.set_xlabel("predicted class")
    axes.set_ylabel("true class")
    top = float(matrix.max()) if n else 0.0
    for (i, j), value in _cells(matrix):
        axes.text(j, i, f"{value:.2f}" if normalize else f"{int(value)}", ha="center",
                  va="center", fontsize=8, color="white" if value > top / 2 else "black")
    axes.set_title(title or "confusion matrix")
    return _save(figure, path)


def _cells(matrix):
    values = matrix.tolist()
    return (((i, j), v) for i, row in enumerate(values) for j, v in enumerate(row))


def decision_grid(x, resolution=200, margin=0.5):
    """A (resolution², 2) tensor of points covering the 2-D inputs ``x`` plus ``margin``."""
    x = tinytorch.as_tensor(x).cpu().float()
    low, high = x.amin(0) - margin, x.amax(0) + margin
    xs = tinytorch.linspace(float(low[0]), float(high[0]), resolution)
    ys = tinytorch.linspace(float(low[1]), float(high[1]), resolution)
    gx = xs.reshape(1, resolution).expand(resolution, resolution).reshape(-1)
    gy = ys.reshape(resolution, 1).expand(resolution, resolution).reshape(-1)
    return tinytorch.stack([gx, gy], 1)


def plot_decision_boundary(predict, x, y, path, resolution=200, title=None):
    """Colour the plane by a classifier's output and draw the labelled 2-D points on top.

    Args:
        predict: callable mapping an (M, 2) float32 tensor to (M,) or (M, 1) scores in [0, 1]
            (binary), or (M, C) class scores; its result may be a tensor or an array.
        x: (N, 2) points. y: (N,) integer labels.
        path (str): the PNG file to write.

    Returns:
        str: ``path``.
    """
    grid = decision_grid(x, resolution)
    scores = tinytorch.as_tensor(predict(grid)).cpu().float()
    if scores.ndim == 2 and scores.shape[1] > 1:
        scores = scores.argmax(1).float()
    surface = scores.reshape(resolution, resolution)
    gx = grid[:, 0].reshape(resolution, resolution)
    gy = grid[:, 1].reshape(resolution, resolution)
    points, labels = tinytorch.as_tensor(x).cpu().float(), tinytorch.as_tensor(y).cpu()
    figure = _figure((5, 5))
    axes = figure.add_subplot(1, 1, 1)
    axes.contourf(gx.numpy(), gy.numpy(), surface.numpy(), levels=20, cmap="RdBu", alpha=0.6)
    axes.scatter(points[:, 0].numpy(), points[:, 1].numpy(), c=labels.reshape(-1).numpy(),
                 cmap="RdBu", edgecolors="k", linewidths=0.4, s=18)
    axes.set_xlabel("X1")
    axes.set_ylabel("X2")
    axes.set_title(title or "decision boundary")
    return _save(figure, path)


def plot_image_grid(images, path, ncols, row_titles=None, title=None):
    """Grey-scale images (N, H, W) or (N, H, W, 1), values in [0, 1], in rows of ``ncols``
    (e.g. inputs over their reconstructions, or a GAN's samples).

    Args:
        images: array-like of images. path (str): the PNG to write. ncols (int): per row.
        row_titles (list of str, optional): a label left of each row. title (str, optional).

    Returns:
        str: ``path``.
    """
    images = tinytorch.as_tensor(images).float().cpu()
    images = images.reshape(images.shape[0], images.shape[1], images.shape[2])
    nrows = -(-images.shape[0] // ncols)
    figure = _figure((ncols * 0.9, nrows * 0.9 + (0.3 if title else 0)))
    for i in range(images.shape[0]):
        axes = figure.add_subplot(nrows, ncols, i + 1)
        axes.imshow(images[i].numpy(), cmap="gray", vmin=0.0, vmax=1.0)
        axes.set_xticks([])
        axes.set_yticks([])
        if row_titles and i % ncols == 0:
            axes.set_ylabel(row_titles[i // ncols], fontsize=7)
    if title:
        figure.suptitle(title, fontsize=9)
    return _save(figure, path)
