"""Keras metric objects and how 'accuracy' resolves."""

import pytest

import tinytorch
from tinytorch.keras import losses
from tinytorch.keras import metrics


def t(values):
    return tinytorch.tensor(values, dtype=tinytorch.float32)


def test_precision_and_recall_accumulate_over_batches():
    precision, recall = metrics.Precision(), metrics.Recall()
    for y_true, y_pred in (([[1, 0], [0, 1]], [[0.9, 0.2], [0.6, 0.7]]),
                           ([[1, 0]], [[0.1, 0.3]])):
        precision.update_state(t(y_true), t(y_pred))
        recall.update_state(t(y_true), t(y_pred))
    # predicted positives: (0,0) (1,0) (1,1) -> tp 2, fp 1; actual positives 3 -> fn 1
    assert precision.result() == pytest.approx(2 / 3)
    assert recall.result() == pytest.approx(2 / 3)
    precision.reset_states()
    assert precision.result() == 0.0


@pytest.mark.parametrize("loss,units,expected", [
    (losses.categorical_crossentropy, 10, metrics.categorical_accuracy),
    (losses.sparse_categorical_crossentropy, 10, metrics.sparse_categorical_accuracy),
    (losses.binary_crossentropy, 1, metrics.binary_accuracy),
    (losses.mean_squared_error, 1, metrics.binary_accuracy)])
def test_accuracy_resolves_like_keras(loss, units, expected):
    metric = metrics.get("acc", loss, units)
    assert metric.fn is expected and metric.name == "acc"


def test_categorical_accuracy_running_mean():
    metric = metrics.get("accuracy", losses.categorical_crossentropy, 2)
    metric.update_state(t([[1, 0], [0, 1]]), t([[0.9, 0.1], [0.8, 0.2]]))
    metric.update_state(t([[0, 1]]), t([[0.3, 0.7]]))
    assert metric.result() == pytest.approx(2 / 3)


def test_loss_names_work_as_metrics():
    metric = metrics.get("mae")
    metric.update_state(t([[1.0, 2.0]]), t([[2.0, 2.0]]))
    assert metric.result() == pytest.approx(0.5)


def test_unknown_metric_raises():
    with pytest.raises(ValueError, match="Unknown metric function: 'acuracy'"):
        metrics.get("acuracy")
