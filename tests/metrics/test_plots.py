"""Plots are written as PNG files."""

import pytest

import tinytorch

pytest.importorskip("matplotlib")
from tinytorch.metrics import plots  # noqa: E402

PNG_MAGIC = b"\x89PNG"


def is_png(path):
    with open(path, "rb") as f:
        return f.read(4) == PNG_MAGIC


def test_plot_history_writes_png(tmp_path):
    path = plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7],
                               "accuracy": [0.5, 0.8]}, tmp_path / "h.png")
    assert is_png(path)


def test_plot_confusion_matrix_writes_png(tmp_path):
    path = plots.plot_confusion_matrix([[3, 1], [0, 4]], tmp_path / "cm.png",
                                       class_names=["a", "b"], normalize=True)
    assert is_png(path)


def test_plot_decision_boundary_writes_png(tmp_path):
    x = tinytorch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    path = plots.plot_decision_boundary(lambda g: (g[:, 0] > 0.5).float(), x, [0, 1, 0],
                                        tmp_path / "db.png", resolution=20)
    assert is_png(path)


def test_decision_grid_covers_points():
    grid = plots.decision_grid([[0.0, -1.0], [2.0, 3.0]], resolution=5, margin=0.0)
    assert tuple(grid.shape) == (25, 2)
    assert grid[:, 0].min().item() == 0.0 and grid[:, 1].max().item() == 3.0


def test_history_without_curves_raises(tmp_path):
    with pytest.raises(ValueError, match="no training curves"):
        plots.plot_history({"val_loss": [1.0]}, tmp_path / "x.png")


@pytest.fixture
def saved_figures(monkeypatch):
    figures, save = [], plots._save

    def record(figure, path):
        figures.append(figure)
        return save(figure, path)
    monkeypatch.setattr(plots, "_save", record)
    return figures


@pytest.mark.parametrize("epochs, ticks", [
    (1, [1]), (3, [1, 2, 3]), (10, list(range(1, 11))), (20, [1, *range(2, 21, 2)]),
    (21, [1, 5, 10, 15, 20]), (300, [1, 50, 100, 150, 200, 250, 300])])
def test_history_x_axis_labels_whole_epochs_from_the_first(epochs, ticks, tmp_path,
                                                           saved_figures):
    plots.plot_history({"loss": [1.0] * epochs}, tmp_path / "h.png")
    axes = saved_figures[0].axes[0]
    assert list(axes.get_xticks()) == ticks
    assert axes.get_xlim() == (0.5, epochs + 0.5)


def test_history_legend_names_the_held_out_set(tmp_path, saved_figures):
    plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, tmp_path / "h.png",
                       val_label="test")
    labels = [t.get_text() for t in saved_figures[0].axes[0].get_legend().get_texts()]
    assert labels == ["train loss", "test loss"]


def test_confusion_matrix_colour_bar_is_as_tall_as_the_matrix(tmp_path, saved_figures):
    plots.plot_confusion_matrix([[5, 1, 0], [2, 7, 1], [0, 0, 9]], tmp_path / "cm.png",
                                class_names=["T-shirt/top", "Trouser", "Ankle boot"])
    matrix, bar = saved_figures[0].axes
    assert bar.get_window_extent().height == pytest.approx(
        matrix.get_window_extent().height, abs=1.0)
