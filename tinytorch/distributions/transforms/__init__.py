"""Invertible maps between constrained spaces, after ``torch.distributions.transforms``:
``TransformedDistribution`` pushes a base distribution through them (``LogNormal`` is a
``Normal`` through ``ExpTransform``)."""

from tinytorch.distributions.transforms._base import ComposeTransform
from tinytorch.distributions.transforms._base import Transform
from tinytorch.distributions.transforms._base import identity_transform
from tinytorch.distributions.transforms._elementwise import AbsTransform
from tinytorch.distributions.transforms._elementwise import AffineTransform
from tinytorch.distributions.transforms._elementwise import ExpTransform
from tinytorch.distributions.transforms._elementwise import PowerTransform
from tinytorch.distributions.transforms._elementwise import SigmoidTransform
from tinytorch.distributions.transforms._elementwise import SoftplusTransform
from tinytorch.distributions.transforms._elementwise import TanhTransform
from tinytorch.distributions.transforms._simplex import SoftmaxTransform
from tinytorch.distributions.transforms._simplex import StickBreakingTransform

__all__ = ["AbsTransform", "AffineTransform", "ComposeTransform", "ExpTransform", "PowerTransform",
           "SigmoidTransform", "SoftmaxTransform", "SoftplusTransform", "StickBreakingTransform",
           "TanhTransform", "Transform", "identity_transform"]
