"""``tinytorch.metrics``: classification metrics on tensors, and PNG plots
(``tinytorch.metrics.plots``, needs matplotlib)."""

from tinytorch.metrics.classification import accuracy
from tinytorch.metrics.classification import classification_report
from tinytorch.metrics.classification import confusion_matrix
from tinytorch.metrics.classification import f1_score
from tinytorch.metrics.classification import precision
from tinytorch.metrics.classification import recall
from tinytorch.metrics.classification import sensitivity

__all__ = ["accuracy", "classification_report", "confusion_matrix", "f1_score", "precision",
           "recall", "sensitivity"]
