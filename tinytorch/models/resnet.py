"""ResNet-18 (He et al., 2015) with torchvision's module names (``conv1``, ``bn1``,
``layer1.0.conv1``, ``layer2.0.downsample.0``, ``fc`` …). Architecture only."""

from tinytorch import nn


class BasicBlock(nn.Module):
    """Two 3×3 conv-BN stages with an identity (or 1×1 conv-BN ``downsample``) shortcut."""

    expansion = 1

    def __init__(self, in_planes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    """ResNet for (N, 3, H, W) images: stem, four stages of ``block``, global average pool,
    ``fc``.

    Args:
        block (type): the residual block class, e.g. :class:`BasicBlock`.
        layers (sequence of int): the number of blocks in each of the four stages.
        num_classes (int): the number of output logits (default 1000).

    >>> model = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10)  # ResNet-10
    >>> sum(p.numel() for p in model.parameters())
    4910922
    """

    def __init__(self, block, layers, num_classes=1000):
        super().__init__()
        self.in_planes = 64
        self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._stage(block, 64, layers[0], 1)
        self.layer2 = self._stage(block, 128, layers[1], 2)
        self.layer3 = self._stage(block, 256, layers[2], 2)
        self.layer4 = self._stage(block, 512, layers[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

    def _stage(self, block, planes, blocks, stride):
        downsample = None
        if stride != 1 or self.in_planes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv2d(self.in_planes, planes * block.expansion, 1, stride=stride,
                          bias=False),
                nn.BatchNorm2d(planes * block.expansion))
        stage = [block(self.in_planes, planes, stride, downsample)]
        self.in_planes = planes * block.expansion
        stage += [block(self.in_planes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*stage)

    def forward(self, x):
        """Return the class logits of a batch of images.

        Args:
            x (Tensor): images ``(N, 3, H, W)``, H and W at least 32.

        Returns:
            Tensor: logits ``(N, num_classes)``.

        >>> model = ResNet(BasicBlock, [1, 1, 1, 1], num_classes=10).eval()
        >>> tuple(model(tinytorch.zeros(2, 3, 32, 32)).shape)
        (2, 10)
        """
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))


def resnet18(num_classes=1000):
    """ResNet-18 (torchvision's architecture, no weights): 11,689,512 parameters for 1000
    classes.

    Args:
        num_classes (int): the number of output logits (default 1000).

    Returns:
        ResNet: the model, freshly initialised.

    >>> model = resnet18(num_classes=10)
    >>> [len(stage) for stage in (model.layer1, model.layer2, model.layer3, model.layer4)]
    [2, 2, 2, 2]
    """
    return ResNet(BasicBlock, [2, 2, 2, 2], num_classes)
