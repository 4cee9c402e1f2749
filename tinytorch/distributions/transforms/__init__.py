"""Invertible maps between constrained spaces, after ``torch.distributions.transforms``:
``TransformedDistribution`` pushes a base distribution through them (``LogNormal`` is a
``Normal`` through ``ExpTransform``)."""

from tinytorch.distributions.transforms._base import ComposeTransform
from tinytorch.distributions.transforms._base import Transform
from tinytorch.distributions.transforms._base import identity_transform
from tinytorch.distributions.transforms._elementwise import AbsTransform
from tinytorch.distributions.transforms._elementwise import AffineTransform
from tinytorch.distributions.transforms._elementwise import CumulativeDistributionTransform
from tinytorch.distributions.transforms._elementwise import ExpTransform
from tinytorch.distributions.transforms._elementwise import PowerTransform
from tinytorch.distributions.transforms._elementwise import SigmoidTransform
from tinytorch.distributions.transforms._elementwise import SoftplusTransform
from tinytorch.distributions.transforms._elementwise import TanhTransform
from tinytorch.distributions.transforms._matrix import CorrCholeskyTransform
from tinytorch.distributions.transforms._matrix import LowerCholeskyTransform
from tinytorch.distributions.transforms._matrix import PositiveDefiniteTransform
from tinytorch.distributions.transforms._shape import CatTransform
from tinytorch.distributions.transforms._shape import IndependentTransform
from tinytorch.distributions.transforms._shape import ReshapeTransform
from tinytorch.distributions.transforms._shape import StackTransform
from tinytorch.distributions.transforms._simplex import SoftmaxTransform
from tinytorch.distributions.transforms._simplex import StickBreakingTransform

__all__ = ["AbsTransform", "AffineTransform", "CatTransform", "ComposeTransform",
           "CorrCholeskyTransform", "CumulativeDistributionTransform", "ExpTransform",
           "IndependentTransform", "LowerCholeskyTransform", "PositiveDefiniteTransform",
           "PowerTransform", "ReshapeTransform", "SigmoidTransform", "SoftmaxTransform",
           "SoftplusTransform", "StackTransform", "StickBreakingTransform", "TanhTransform",
           "Transform", "identity_transform"]
