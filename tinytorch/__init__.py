"""tinytorch: a small, real deep-learning library with PyTorch's API.

An eager ``Tensor`` records operations on a tape for reverse-mode autodiff; every op is
dispatched to its device's backend (NumPy on "cpu", CuPy plus raw CUDA kernels on "cuda").
"""

from tinytorch import autograd
from tinytorch import cuda
from tinytorch import optim
from tinytorch._creation import arange
from tinytorch._creation import as_tensor
from tinytorch._creation import empty
from tinytorch._creation import empty_like
from tinytorch._creation import eye
from tinytorch._creation import from_dlpack
from tinytorch._creation import from_numpy
from tinytorch._creation import full
from tinytorch._creation import full_like
from tinytorch._creation import linspace
from tinytorch._creation import ones
from tinytorch._creation import ones_like
from tinytorch._creation import rand
from tinytorch._creation import rand_like
from tinytorch._creation import randint
from tinytorch._creation import randint_like
from tinytorch._creation import randn
from tinytorch._creation import randn_like
from tinytorch._creation import randperm
from tinytorch._creation import tensor
from tinytorch._creation import zeros
from tinytorch._creation import zeros_like
from tinytorch._device import device
from tinytorch._dtype import bool_ as bool
from tinytorch._dtype import dtype
from tinytorch._dtype import float16
from tinytorch._dtype import float32
from tinytorch._dtype import float64
from tinytorch._dtype import get_default_dtype
from tinytorch._dtype import int8
from tinytorch._dtype import int16
from tinytorch._dtype import int32
from tinytorch._dtype import int64
from tinytorch._dtype import set_default_dtype
from tinytorch._dtype import uint8
from tinytorch._ops.arithmetic import abs
from tinytorch._ops.arithmetic import add
from tinytorch._ops.arithmetic import div
from tinytorch._ops.arithmetic import floor_divide
from tinytorch._ops.arithmetic import fmod
from tinytorch._ops.arithmetic import lerp
from tinytorch._ops.arithmetic import maximum
from tinytorch._ops.arithmetic import minimum
from tinytorch._ops.arithmetic import mul
from tinytorch._ops.arithmetic import neg
from tinytorch._ops.arithmetic import pow
from tinytorch._ops.arithmetic import remainder
from tinytorch._ops.arithmetic import sub
from tinytorch._ops.arithmetic import where
from tinytorch._ops.conversion import Size
from tinytorch._ops.linalg import matmul
from tinytorch._ops.pointwise import ceil
from tinytorch._ops.pointwise import clamp
from tinytorch._ops.pointwise import clip
from tinytorch._ops.pointwise import cos
from tinytorch._ops.pointwise import exp
from tinytorch._ops.pointwise import expm1
from tinytorch._ops.pointwise import floor
from tinytorch._ops.pointwise import log
from tinytorch._ops.pointwise import log1p
from tinytorch._ops.pointwise import log_softmax
from tinytorch._ops.pointwise import reciprocal
from tinytorch._ops.pointwise import relu
from tinytorch._ops.pointwise import round
from tinytorch._ops.pointwise import rsqrt
from tinytorch._ops.pointwise import sigmoid
from tinytorch._ops.pointwise import sign
from tinytorch._ops.pointwise import sin
from tinytorch._ops.pointwise import softmax
from tinytorch._ops.pointwise import sqrt
from tinytorch._ops.pointwise import square
from tinytorch._ops.pointwise import tanh
from tinytorch._ops.pointwise import trunc
from tinytorch._ops.reduction import mean
from tinytorch._ops.reduction import sum
from tinytorch._ops.shape import expand
from tinytorch._ops.shape import permute
from tinytorch._ops.shape import reshape
from tinytorch._ops.shape import t
from tinytorch._ops.shape import transpose
from tinytorch._random import Generator
from tinytorch._random import initial_seed
from tinytorch._random import manual_seed
from tinytorch._tensor import Tensor
from tinytorch.autograd.grad_mode import enable_grad
from tinytorch.autograd.grad_mode import inference_mode
from tinytorch.autograd.grad_mode import is_grad_enabled
from tinytorch.autograd.grad_mode import no_grad
from tinytorch.autograd.grad_mode import set_grad_enabled

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16

__version__ = "0.1.0"


def is_tensor(obj):
    """True if ``obj`` is a tinytorch Tensor."""
    return isinstance(obj, Tensor)


def numel(input):
    """Number of elements of ``input``."""
    return input.numel()
