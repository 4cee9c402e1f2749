"""VGG11/13/16/19 (Simonyan & Zisserman, 2014) with torchvision's module layout, so a
torchvision ``state_dict`` (``features.N.weight``, ``classifier.N.weight``) loads as is.
Architectures only: weights start from PyTorch's default initialisation, nothing is
downloaded.
"""

from tinytorch import nn

# Output channels per 3×3 'same' convolution; "M" is a 2×2 max pool with stride 2.
CONFIGS = {
    "vgg11": [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg13": [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    "vgg16": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
              512, 512, 512, "M"],
    "vgg19": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M",
              512, 512, 512, 512, "M"],
}


def make_features(config, in_channels=3, batch_norm=False):
    """The convolutional trunk: conv3×3 (+BN) + ReLU per entry, max pool per "M"."""
    layers = []
    for item in config:
        if item == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            continue
        layers.append(nn.Conv2d(in_channels, item, kernel_size=3, padding=1))
        if batch_norm:
            layers.append(nn.BatchNorm2d(item))
        layers.append(nn.ReLU(inplace=True))
        in_channels = item
    return nn.Sequential(*layers)


class VGG(nn.Module):
    """VGG: ``features`` (conv trunk), ``avgpool`` (adaptive, to 7×7), ``classifier``
    (4096-4096-num_classes with ReLU and dropout). Input (N, 3, 224, 224).

    Args:
        features (Module): the convolutional trunk, 512 channels out, e.g.
            ``make_features(CONFIGS["vgg16"])``.
        num_classes (int): the number of output logits (default 1000).
        dropout (float): the dropout probability in the classifier (default 0.5).

    >>> from tinytorch.models import vgg16
    >>> sum(p.numel() for p in vgg16().parameters())
    138357544
    """

    def __init__(self, features, num_classes=1000, dropout=0.5):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = nn.Sequential(
            nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(p=dropout),
            nn.Linear(4096, num_classes))

    def forward(self, x):
        """Return the class logits of a batch of images: the trunk, the pool to 7x7, then
        the classifier.

        Args:
            x (Tensor): images ``(N, 3, H, W)``, H and W at least 32.

        Returns:
            Tensor: logits ``(N, num_classes)``.

        Building a VGG takes seconds (its classifier alone has 120 M weights), so the full
        model's lines are skipped here; the last lines run its first steps on a small trunk:

        >>> model = vgg11(num_classes=10).eval()  # doctest: +SKIP
        >>> tuple(model(tinytorch.zeros(2, 3, 224, 224)).shape)  # doctest: +SKIP
        (2, 10)
        >>> trunk = make_features([8, "M"])  # VGG's trunk ends with 512 channels
        >>> tuple(nn.AdaptiveAvgPool2d((7, 7))(trunk(tinytorch.zeros(2, 3, 32, 32))).shape)
        (2, 8, 7, 7)
        """
        x = self.avgpool(self.features(x))
        return self.classifier(x.flatten(1))


def _vgg(name, batch_norm, num_classes):
    return VGG(make_features(CONFIGS[name], batch_norm=batch_norm), num_classes)


def vgg11(num_classes=1000, batch_norm=False):
    """VGG 11-layer model (configuration "A"), torchvision's architecture without
    weights: 132,863,336 parameters for 1000 classes.

    Args:
        num_classes (int): the number of output logits (default 1000).
        batch_norm (bool): a BatchNorm2d after each convolution (default False).

    Returns:
        VGG: the model, freshly initialised (building it takes seconds).

    Its 11 weight layers: the 3x3 convolutions of ``CONFIGS["vgg11"]`` and 3 linear ones.

    >>> sum(isinstance(item, int) for item in CONFIGS["vgg11"]) + 3
    11
    """
    return _vgg("vgg11", batch_norm, num_classes)


def vgg13(num_classes=1000, batch_norm=False):
    """VGG 13-layer model (configuration "B"), torchvision's architecture without
    weights: 133,047,848 parameters for 1000 classes.

    Args:
        num_classes (int): the number of output logits (default 1000).
        batch_norm (bool): a BatchNorm2d after each convolution (default False).

    Returns:
        VGG: the model, freshly initialised (building it takes seconds).

    Its 13 weight layers: the 3x3 convolutions of ``CONFIGS["vgg13"]`` and 3 linear ones.

    >>> sum(isinstance(item, int) for item in CONFIGS["vgg13"]) + 3
    13
    """
    return _vgg("vgg13", batch_norm, num_classes)


def vgg16(num_classes=1000, batch_norm=False):
    """VGG 16-layer model (configuration "D"), torchvision's architecture without
    weights: 138,357,544 parameters for 1000 classes.

    Args:
        num_classes (int): the number of output logits (default 1000).
        batch_norm (bool): a BatchNorm2d after each convolution (default False).

    Returns:
        VGG: the model, freshly initialised (building it takes seconds).

    Its 16 weight layers: the 3x3 convolutions of ``CONFIGS["vgg16"]`` and 3 linear ones.

    >>> sum(isinstance(item, int) for item in CONFIGS["vgg16"]) + 3
    16
    """
    return _vgg("vgg16", batch_norm, num_classes)


def vgg19(num_classes=1000, batch_norm=False):
    """VGG 19-layer model (configuration "E"), torchvision's architecture without
    weights: 143,667,240 parameters for 1000 classes.

    Args:
        num_classes (int): the number of output logits (default 1000).
        batch_norm (bool): a BatchNorm2d after each convolution (default False).

    Returns:
        VGG: the model, freshly initialised (building it takes seconds).

    Its 19 weight layers: the 3x3 convolutions of ``CONFIGS["vgg19"]`` and 3 linear ones.

    >>> sum(isinstance(item, int) for item in CONFIGS["vgg19"]) + 3
    19
    """
    return _vgg("vgg19", batch_norm, num_classes)
