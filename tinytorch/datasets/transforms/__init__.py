"""Image transforms with torchvision's names, working on tensors (or NumPy arrays for
``ToTensor``), PIL-free: ``Compose``, ``ToTensor``, ``Normalize``, ``Lambda`` and the random
augmentations ``RandomHorizontalFlip``, ``RandomCrop``, ``RandomRotation``, ``RandomAffine``;
``transforms.functional`` has the functional forms."""

from tinytorch.datasets.transforms import functional
from tinytorch.datasets.transforms._augment import RandomAffine
from tinytorch.datasets.transforms._augment import RandomCrop
from tinytorch.datasets.transforms._augment import RandomHorizontalFlip
from tinytorch.datasets.transforms._augment import RandomRotation
from tinytorch.datasets.transforms._basic import Compose
from tinytorch.datasets.transforms._basic import Lambda
from tinytorch.datasets.transforms._basic import Normalize
from tinytorch.datasets.transforms._basic import ToTensor
from tinytorch.datasets.transforms.functional import InterpolationMode

__all__ = ["Compose", "InterpolationMode", "Lambda", "Normalize", "RandomAffine", "RandomCrop",
           "RandomHorizontalFlip", "RandomRotation", "ToTensor", "functional"]
