"""The book's small networks as channels-first ``nn`` modules: LeNet-5, the dense MNIST
net (example A) and the MNIST CNN (example B)."""

from tinytorch import nn


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al., 1998) for (N, 1, 32, 32) inputs: conv5×5(6) - pool -
    conv5×5(16) - pool - dense 120 - dense 84 - dense ``num_classes``; tanh activations and
    average pooling as in the original. 61,706 parameters for 10 classes.

    Args:
        num_classes (int): the number of output logits (default 10).

    >>> sum(p.numel() for p in LeNet5().parameters())
    61706
    """

    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Linear(16 * 5 * 5, 120), nn.Tanh(), nn.Linear(120, 84), nn.Tanh(),
            nn.Linear(84, num_classes))

    def forward(self, x):
        """Return the class logits of a batch of images.

        Args:
            x (Tensor): images ``(N, 1, 32, 32)``.

        Returns:
            Tensor: logits ``(N, num_classes)``.

        >>> model = LeNet5().eval()
        >>> tuple(model(tinytorch.zeros(2, 1, 32, 32)).shape)
        (2, 10)
        """
        return self.classifier(self.features(x).flatten(1))


class BookDenseNet(nn.Module):
    """The book's example A: 784 → ``hidden`` (sigmoid, or ReLU) → 10 logits.
    7,960 parameters with the book's 10 hidden units. Returns logits (use
    ``nn.CrossEntropyLoss``; softmax them for probabilities).

    Args:
        hidden (int): the number of hidden units (default 10).
        num_classes (int): the number of output logits (default 10).
        activation (str): ``'sigmoid'`` (default, the book's) or ``'relu'``; any other
            value means sigmoid.

    >>> sum(p.numel() for p in BookDenseNet().parameters())
    7960
    >>> BookDenseNet(hidden=100, activation="relu").net[2]
    ReLU()
    """

    def __init__(self, hidden=10, num_classes=10, activation="sigmoid"):
        super().__init__()
        act = nn.ReLU() if activation == "relu" else nn.Sigmoid()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), act,
                                 nn.Linear(hidden, num_classes))

    def forward(self, x):
        """Return the class logits of a batch of images.

        Args:
            x (Tensor): images ``(N, 1, 28, 28)`` (or anything of 784 values per sample).

        Returns:
            Tensor: logits ``(N, num_classes)``.

        >>> model = BookDenseNet().eval()
        >>> tuple(model(tinytorch.zeros(2, 1, 28, 28)).shape)
        (2, 10)
        """
        return self.net(x)


class BookCNN(nn.Module):
    """The book's example B for (N, 1, 28, 28): conv5×5(32) - ReLU - pool2 - conv5×5(64) -
    ReLU - pool2 - dense 10 (logits). 62,346 parameters.

    Args:
        num_classes (int): the number of output logits (default 10).

    >>> sum(p.numel() for p in BookCNN().parameters())
    62346
    """

    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Linear(64 * 4 * 4, num_classes)

    def forward(self, x):
        """Return the class logits of a batch of images.

        Args:
            x (Tensor): images ``(N, 1, 28, 28)``.

        Returns:
            Tensor: logits ``(N, num_classes)``.

        >>> model = BookCNN().eval()
        >>> tuple(model(tinytorch.zeros(2, 1, 28, 28)).shape)
        (2, 10)
        """
        return self.classifier(self.features(x).flatten(1))
