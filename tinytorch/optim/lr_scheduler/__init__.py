"""Learning-rate schedulers with torch.optim.lr_scheduler's API and exact values.

Each scheduler updates ``group["lr"]`` of its optimizer's parameter groups on ``step()``,
using PyTorch's recursive (chainable) formulas so the sequences match PyTorch's to the bit.
"""

from tinytorch.optim.lr_scheduler._base import LRScheduler
from tinytorch.optim.lr_scheduler._base import _LRScheduler  # noqa: F401 (PyTorch's old name)
from tinytorch.optim.lr_scheduler._compose import ChainedScheduler
from tinytorch.optim.lr_scheduler._compose import SequentialLR
from tinytorch.optim.lr_scheduler._cosine import CosineAnnealingLR
from tinytorch.optim.lr_scheduler._cosine import CosineAnnealingWarmRestarts
from tinytorch.optim.lr_scheduler._cyclic import CyclicLR
from tinytorch.optim.lr_scheduler._decay import ConstantLR
from tinytorch.optim.lr_scheduler._decay import ExponentialLR
from tinytorch.optim.lr_scheduler._decay import LambdaLR
from tinytorch.optim.lr_scheduler._decay import LinearLR
from tinytorch.optim.lr_scheduler._decay import MultiplicativeLR
from tinytorch.optim.lr_scheduler._decay import MultiStepLR
from tinytorch.optim.lr_scheduler._decay import PolynomialLR
from tinytorch.optim.lr_scheduler._decay import StepLR
from tinytorch.optim.lr_scheduler._one_cycle import OneCycleLR
from tinytorch.optim.lr_scheduler._plateau import ReduceLROnPlateau

__all__ = ["ChainedScheduler", "ConstantLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts",
           "CyclicLR", "ExponentialLR", "LRScheduler", "LambdaLR", "LinearLR", "MultiStepLR",
           "MultiplicativeLR", "OneCycleLR", "PolynomialLR", "ReduceLROnPlateau", "SequentialLR",
           "StepLR"]
