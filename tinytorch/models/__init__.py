"""``tinytorch.models``: architectures from the book and the classic CNNs (no weights are
downloaded). VGG and ResNet use torchvision's parameter names."""

from tinytorch.models.resnet import ResNet
from tinytorch.models.resnet import resnet18
from tinytorch.models.small import BookCNN
from tinytorch.models.small import BookDenseNet
from tinytorch.models.small import LeNet5
from tinytorch.models.vgg import VGG
from tinytorch.models.vgg import vgg11
from tinytorch.models.vgg import vgg13
from tinytorch.models.vgg import vgg16
from tinytorch.models.vgg import vgg19

__all__ = ["BookCNN", "BookDenseNet", "LeNet5", "ResNet", "VGG", "resnet18", "vgg11", "vgg13",
           "vgg16", "vgg19"]
