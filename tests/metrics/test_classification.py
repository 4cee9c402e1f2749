"""Classification metrics against hand-computed values."""

import pytest

import tinytorch
from tinytorch import metrics

# 3 classes, 8 samples. Confusion matrix (rows true, cols predicted):
#   [[2, 1, 0],
#    [0, 2, 1],
#    [1, 0, 1]]
Y_TRUE = [0, 0, 0, 1, 1, 1, 2, 2]
Y_PRED = [0, 0, 1, 1, 1, 2, 0, 2]


def close(tensor, expected):
    assert tinytorch.as_tensor(tensor).tolist() == pytest.approx(expected, abs=1e-6)


def test_confusion_matrix_rows_are_true_class(device):
    matrix = metrics.confusion_matrix(tinytorch.tensor(Y_TRUE, device=device),
                                      tinytorch.tensor(Y_PRED, device=device))
    assert matrix.dtype == tinytorch.int64 and matrix.device.type == device
    assert matrix.tolist() == [[2, 1, 0], [0, 2, 1], [1, 0, 1]]


def test_confusion_matrix_num_classes_pads():
    assert metrics.confusion_matrix([0, 1], [1, 1], num_classes=3).tolist() == \
        [[0, 1, 0], [0, 1, 0], [0, 0, 0]]


def test_accuracy_is_trace_over_total():
    close(metrics.accuracy(Y_TRUE, Y_PRED), 5 / 8)


def test_scores_are_reduced_with_argmax():
    scores = tinytorch.eye(3)[tinytorch.tensor(Y_PRED)] * 0.9
    close(metrics.accuracy(Y_TRUE, scores), 5 / 8)


def test_precision_recall_f1_per_class():
    precision = [2 / 3, 2 / 3, 1 / 2]
    recall = [2 / 3, 2 / 3, 1 / 2]
    close(metrics.precision(Y_TRUE, Y_PRED), precision)
    close(metrics.recall(Y_TRUE, Y_PRED), recall)
    close(metrics.sensitivity(Y_TRUE, Y_PRED), recall)
    close(metrics.f1_score(Y_TRUE, Y_PRED), [2 / 3, 2 / 3, 1 / 2])


def test_averages():
    close(metrics.precision(Y_TRUE, Y_PRED, average="macro"), (2 / 3 + 2 / 3 + 1 / 2) / 3)
    close(metrics.recall(Y_TRUE, Y_PRED, average="weighted"),
          (3 * 2 / 3 + 3 * 2 / 3 + 2 * 1 / 2) / 8)
    close(metrics.f1_score(Y_TRUE, Y_PRED, average="micro"), 5 / 8)


def test_empty_class_scores_zero_not_nan():
    close(metrics.precision([0, 1], [0, 0]), [0.5, 0.0])


def test_unknown_average_raises():
    with pytest.raises(ValueError, match="average must be"):
        metrics.precision(Y_TRUE, Y_PRED, average="samples")


def test_length_mismatch_raises():
    with pytest.raises(ValueError, match="same number of samples, got 2 and 3"):
        metrics.accuracy([0, 1], [0, 1, 1])


def test_classification_report_layout():
    report = metrics.classification_report(Y_TRUE, Y_PRED, target_names=["a", "b", "c"])
    lines = report.splitlines()
    assert lines[0].split() == ["precision", "recall", "f1-score", "support"]
    assert lines[2].split() == ["a", "0.67", "0.67", "0.67", "3"]
    assert lines[6].split() == ["accuracy", "0.62", "8"]
    assert lines[7].split()[:2] == ["macro", "avg"]
