"""tinytorch: a small, real deep-learning library with PyTorch's API.

An eager ``Tensor`` records operations on a tape for reverse-mode autodiff; every op is
dispatched to its device's backend (NumPy on "cpu", CuPy plus raw CUDA kernels on "cuda").
"""

from math import e  # torch.e, torch.inf, torch.nan and torch.pi are Python floats
from math import inf
from math import nan
from math import pi

from tinytorch import autograd
from tinytorch import cuda
from tinytorch import optim
from tinytorch._creation import arange
from tinytorch._creation import as_tensor
from tinytorch._creation import asarray
from tinytorch._creation import get_default_device
from tinytorch._creation import set_default_device
from tinytorch._creation import empty
from tinytorch._creation import empty_like
from tinytorch._creation import eye
from tinytorch._creation import from_dlpack
from tinytorch._creation import from_numpy
from tinytorch._creation import full
from tinytorch._creation import full_like
from tinytorch._creation import linspace
from tinytorch._creation import binomial
from tinytorch._creation import range
from tinytorch._creation import multinomial
from tinytorch._creation import poisson
from tinytorch._creation import _dirichlet_grad
from tinytorch._creation import _standard_gamma
from tinytorch._creation import _standard_gamma_grad
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
from tinytorch._dtype import bfloat16
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
from tinytorch._dtype import promote_types
from tinytorch._dtype import set_default_dtype
from tinytorch._dtype import uint8
from tinytorch._finfo import finfo
from tinytorch._finfo import iinfo
from tinytorch._ops.arithmetic import abs
from tinytorch._ops.arithmetic import abs as absolute
from tinytorch._ops.arithmetic import add
from tinytorch._ops.arithmetic import div
from tinytorch._ops.arithmetic import div as divide
from tinytorch._ops.arithmetic import div as true_divide
from tinytorch._ops.arithmetic import floor_divide
from tinytorch._ops.arithmetic import fmod
from tinytorch._ops.arithmetic import lerp
from tinytorch._ops.arithmetic import maximum
from tinytorch._ops.arithmetic import minimum
from tinytorch._ops.arithmetic import mul
from tinytorch._ops.arithmetic import mul as multiply
from tinytorch._ops.arithmetic import neg
from tinytorch._ops.arithmetic import neg as negative
from tinytorch._ops.arithmetic import pow
from tinytorch._ops.arithmetic import remainder
from tinytorch._ops.arithmetic import sub
from tinytorch._ops.arithmetic import sub as subtract
from tinytorch._ops.arithmetic import where
from tinytorch._ops.compare import allclose
from tinytorch._ops.compare import bitwise_and
from tinytorch._ops.compare import gcd
from tinytorch._ops.compare import lcm
from tinytorch._ops.math_numeric import corrcoef
from tinytorch._ops.math_numeric import cov
from tinytorch._ops.math_numeric import cumulative_trapezoid
from tinytorch._ops.math_numeric import frexp
from tinytorch._ops.math_numeric import histogram
from tinytorch._ops.math_numeric import trapezoid
from tinytorch._ops.math_numeric import trapz
from tinytorch._ops.compare import bitwise_not
from tinytorch._ops.compare import bitwise_or
from tinytorch._ops.compare import bitwise_xor
from tinytorch._ops.compare import bitwise_left_shift
from tinytorch._ops.compare import bitwise_right_shift
from tinytorch._ops.compare import eq
from tinytorch._ops.compare import equal
from tinytorch._ops.compare import ge
from tinytorch._ops.compare import ge as greater_equal
from tinytorch._ops.compare import gt
from tinytorch._ops.compare import gt as greater
from tinytorch._ops.compare import isfinite
from tinytorch._ops.compare import isinf
from tinytorch._ops.compare import isnan
from tinytorch._ops.compare import le
from tinytorch._ops.compare import le as less_equal
from tinytorch._ops.compare import logical_and
from tinytorch._ops.compare import logical_not
from tinytorch._ops.compare import logical_or
from tinytorch._ops.compare import logical_xor
from tinytorch._ops.compare import lt
from tinytorch._ops.compare import lt as less
from tinytorch._ops.compare import ne
from tinytorch._ops.compare import ne as not_equal
from tinytorch._ops.conversion import Size
from tinytorch._ops.linalg import bmm
from tinytorch._ops.linalg import dot
from tinytorch._ops.linalg import einsum
from tinytorch._ops.linalg import matmul
from tinytorch._ops.linalg import mm
from tinytorch._ops.linalg import outer
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
from tinytorch._ops.reduction import all
from tinytorch._ops.reduction import amax
from tinytorch._ops.reduction import amin
from tinytorch._ops.reduction import any
from tinytorch._ops.reduction import argmax
from tinytorch._ops.reduction import argmin
from tinytorch._ops.reduction import cumsum
from tinytorch._ops.reduction import logsumexp
from tinytorch._ops.reduction import max
from tinytorch._ops.reduction import mean
from tinytorch._ops.reduction import min
from tinytorch._ops.reduction import norm
from tinytorch._ops.reduction import prod
from tinytorch._ops.reduction import std
from tinytorch._ops.reduction import std_mean
from tinytorch._ops.reduction import sum
from tinytorch._ops.reduction import var
from tinytorch._ops.reduction import var_mean
from tinytorch._ops.sorting import argsort
from tinytorch._ops.sorting import msort
from tinytorch._ops.sorting import sort
from tinytorch._ops.sorting import topk
from tinytorch._ops.counting import argwhere
from tinytorch._ops.counting import bincount
from tinytorch._ops.counting import bucketize
from tinytorch._ops.counting import count_nonzero
from tinytorch._ops.counting import isin
from tinytorch._ops.counting import repeat_interleave
from tinytorch._ops.counting import searchsorted
from tinytorch._ops.counting import unique
from tinytorch._ops.mathops import addmm
from tinytorch._ops.mathops import addmv
from tinytorch._ops.mathops import baddbmm
from tinytorch._ops.mathops import cdist
from tinytorch._ops.mathops import diff
from tinytorch._ops.mathops import dist
from tinytorch._ops.mathops import kthvalue
from tinytorch._ops.mathops import median
from tinytorch._ops.gradient import gradient
from tinytorch._ops.mathops_misc import kron
from tinytorch._ops.mathops_misc import meshgrid
from tinytorch._ops.mathops_misc import nan_to_num
from tinytorch._ops.mathops_misc import tensordot
from tinytorch._ops.mathops_misc import rot90
from tinytorch._ops.statistics import cummax
from tinytorch._ops.statistics import cummin
from tinytorch._ops.statistics import histc
from tinytorch._ops.statistics import mode
from tinytorch._ops.statistics import nanquantile
from tinytorch._ops.statistics import quantile
from tinytorch._ops.indexing import gather
from tinytorch._ops.indexing import index_select
from tinytorch._ops.indexing import masked_fill
from tinytorch._ops.indexing import nonzero
from tinytorch._ops.indexing import scatter
from tinytorch._ops.indexing import scatter_add
from tinytorch._ops.index_extra import take_along_dim
from tinytorch._ops.join import cat
from tinytorch._ops.join import chunk
from tinytorch._ops.join import concat
from tinytorch._ops.join import concat as concatenate
from tinytorch._ops.join import narrow
from tinytorch._ops.join import split
from tinytorch._ops.join import stack
from tinytorch._ops.join import unbind
from tinytorch._ops.shape import broadcast_shapes
from tinytorch._ops.shape import broadcast_tensors
from tinytorch._ops.shape import broadcast_to
from tinytorch._memory_format import clone
from tinytorch._ops.shape import expand
from tinytorch._ops.shape import flatten
from tinytorch._ops.shape import flip
from tinytorch._ops.shape import movedim
from tinytorch._ops.shape import permute
from tinytorch._ops.shape import reshape
from tinytorch._ops.shape import roll
from tinytorch._ops.shape import squeeze
from tinytorch._ops.shape import swapaxes
from tinytorch._ops.shape import swapaxes as swapdims
from tinytorch._ops.shape import t
from tinytorch._ops.shape import tile
from tinytorch._ops.shape import transpose
from tinytorch._ops.shape import tril
from tinytorch._ops.shape import triu
from tinytorch._ops.shape import unflatten
from tinytorch._ops.shape import unsqueeze
# --- tensG: shape, index and construction ops (docs/pytorch_drop_in.md) ---------------------
from tinytorch._ops.diagonal import cross
from tinytorch._ops.diagonal import cumprod
from tinytorch._ops.diagonal import diag
from tinytorch._ops.diagonal import diag_embed
from tinytorch._ops.diagonal import diagflat
from tinytorch._ops.diagonal import diagonal
from tinytorch._ops.diagonal import diagonal_scatter
from tinytorch._ops.diagonal import logcumsumexp
from tinytorch._ops.diagonal import trace
from tinytorch._ops.diagonal import tril_indices
from tinytorch._ops.diagonal import triu_indices
from tinytorch._ops.index_extra import index_add
from tinytorch._ops.index_extra import index_copy
from tinytorch._ops.index_extra import index_fill
from tinytorch._ops.index_extra import masked_scatter
from tinytorch._ops.index_extra import masked_select
from tinytorch._ops.index_extra import select_scatter
from tinytorch._ops.index_extra import slice_scatter
from tinytorch._ops.index_extra import take
from tinytorch._ops.scatter_reduce import index_reduce
from tinytorch._ops.scatter_reduce import scatter_reduce
from tinytorch._ops.shape import movedim as moveaxis
from tinytorch._ops.stacking import atleast_1d
from tinytorch._ops.stacking import atleast_2d
from tinytorch._ops.stacking import atleast_3d
from tinytorch._ops.stacking import block_diag
from tinytorch._ops.stacking import cartesian_prod
from tinytorch._ops.stacking import column_stack
from tinytorch._ops.stacking import combinations
from tinytorch._ops.stacking import dsplit
from tinytorch._ops.stacking import dstack
from tinytorch._ops.stacking import hsplit
from tinytorch._ops.stacking import hstack
from tinytorch._ops.stacking import narrow_copy
from tinytorch._ops.stacking import ravel
from tinytorch._ops.stacking import row_stack
from tinytorch._ops.stacking import select
from tinytorch._ops.stacking import tensor_split
from tinytorch._ops.stacking import unravel_index
from tinytorch._ops.stacking import vsplit
from tinytorch._ops.stacking import vstack
from tinytorch._ops.tensor_extra import addcdiv
from tinytorch._ops.tensor_extra import addcmul
from tinytorch._ops.tensor_extra import clamp_max
from tinytorch._ops.tensor_extra import clamp_min
from tinytorch._ops.tensor_extra import logspace
from tinytorch import _tensor_docs_tensG  # noqa: F401,E402  (the new methods' docstrings)
from tinytorch._memory_format import channels_last
from tinytorch._memory_format import channels_last_3d
from tinytorch._memory_format import contiguous_format
from tinytorch._memory_format import layout
from tinytorch._memory_format import memory_format
from tinytorch._memory_format import preserve_format
from tinytorch._memory_format import strided
from tinytorch._printing import set_printoptions
from tinytorch._windows import bartlett_window
from tinytorch._windows import blackman_window
from tinytorch._windows import hamming_window
from tinytorch._windows import hann_window
from tinytorch._windows import kaiser_window
from tinytorch._ops.real_views import adjoint
from tinytorch._ops.real_views import angle
from tinytorch._ops.real_views import conj
from tinytorch._ops.real_views import conj_physical
from tinytorch._ops.real_views import detach
from tinytorch._ops.real_views import is_conj
from tinytorch._ops.real_views import is_neg
from tinytorch._ops.real_views import nonzero_static
from tinytorch._ops.real_views import resolve_conj
from tinytorch._ops.real_views import resolve_neg
from tinytorch._ops.real_views import rsub
from tinytorch._ops.real_views import scalar_tensor
from tinytorch._ops.real_views import split_with_sizes
from tinytorch._ops.real_views import unsafe_chunk
from tinytorch._ops.real_views import unsafe_split
from tinytorch._typeinfo import can_cast
from tinytorch._typeinfo import get_device
from tinytorch._typeinfo import is_same_size
from tinytorch._typeinfo import is_signed
from tinytorch._typeinfo import is_complex
from tinytorch._typeinfo import is_floating_point
from tinytorch._typeinfo import is_nonzero
from tinytorch._typeinfo import result_type
from tinytorch._typeinfo import typename
from tinytorch._random import Generator
from tinytorch._random import get_rng_state
from tinytorch._random import initial_seed
from tinytorch._random import manual_seed
from tinytorch._random import seed
from tinytorch._random import set_rng_state
from tinytorch._tensor import Tensor

# Named where users reach them, as PyTorch's (``<class 'torch.Tensor'>``, not the defining
# private module): reprs, typename, pickles by reference all say tinytorch.Tensor.
for _cls in (Tensor, Size, dtype, device, finfo, iinfo):
    _cls.__module__ = "tinytorch"
del _cls
from tinytorch import _tensor_docs  # noqa: F401  (attaches Tensor's docstrings)
from tinytorch import _tensor_docs_ops  # noqa: F401
from tinytorch import _torch_docs_compare  # noqa: F401  (the functions' docstrings)
from tinytorch import _torch_docs_creation  # noqa: F401
from tinytorch import _torch_docs_index  # noqa: F401
from tinytorch import _torch_docs_pointwise  # noqa: F401
from tinytorch import _torch_docs_reduce  # noqa: F401
from tinytorch import _torch_docs_shape  # noqa: F401
from tinytorch._anomaly import is_check_nan_enabled as is_anomaly_check_nan_enabled
from tinytorch._anomaly import is_enabled as is_anomaly_enabled
from tinytorch._anomaly import set_enabled as set_anomaly_enabled
from tinytorch._grad_mode import enable_grad
from tinytorch._grad_mode import inference_mode
from tinytorch._grad_mode import is_grad_enabled
from tinytorch._grad_mode import is_inference_mode_enabled
from tinytorch._grad_mode import no_grad
from tinytorch._grad_mode import set_grad_enabled
from tinytorch import nn  # noqa: E402  (after the core names nn's modules use)

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16

__version__ = "0.1.0"


def is_tensor(obj):
    """Returns True if ``obj`` is a tinytorch Tensor.

    Args:
        obj (object): the object to test.

    Returns:
        bool: ``isinstance(obj, tinytorch.Tensor)``.

    >>> tinytorch.is_tensor(tinytorch.zeros(1)), tinytorch.is_tensor([0.0])
    (True, False)
    """
    return isinstance(obj, Tensor)


def numel(input):
    """Returns the total number of elements in the ``input`` tensor.

    Args:
        input (Tensor): the input tensor.

    Returns:
        int: the product of its sizes.

    >>> tinytorch.numel(tinytorch.zeros(2, 3))
    6
    """
    return input.numel()

# --- data-io: utils.data and serialization -------------------------------------------------
from tinytorch import utils  # noqa: E402  (tinytorch.utils.data needs the names above)
from tinytorch import distributed  # noqa: E402  (no MPI library loads until a group forms)
from tinytorch.serialization import load  # noqa: E402
from tinytorch.serialization import save  # noqa: E402

# --- drop-in names a PyTorch script meets in its first hour (docs/pytorch_drop_in.md) -------
from tinytorch import accelerator  # noqa: E402
from tinytorch import amp  # noqa: E402
from tinytorch import func  # noqa: E402
from tinytorch.func import vmap  # noqa: E402
from tinytorch import mps  # noqa: E402
from tinytorch import multiprocessing  # noqa: E402
from tinytorch import onnx  # noqa: E402
from tinytorch import random  # noqa: E402
from tinytorch import xpu  # noqa: E402
from tinytorch import _legacy  # noqa: E402
from tinytorch import _inplace_functions  # noqa: E402
from tinytorch import _nn_functions  # noqa: E402

globals().update(_legacy.tensor_types("tinytorch", "cpu"))  # FloatTensor, LongTensor, ...
globals().update(_inplace_functions.FUNCTIONS)  # relu_, clamp_, zero_, ...
globals().update(_nn_functions.FUNCTIONS)  # conv2d, dropout, layer_norm, embedding, ...
from tinytorch import _removed  # noqa: E402
globals().update(_removed.FUNCTIONS)  # solve, lstsq, eig, symeig, matrix_rank: PyTorch's errors
from tinytorch import _view_copies  # noqa: E402
globals().update(_view_copies.FUNCTIONS)  # permute_copy, t_copy, split_copy, ...
from tinytorch import jit  # noqa: E402
from tinytorch import profiler  # noqa: E402
from tinytorch.autograd import profiler as _autograd_profiler  # noqa: E402,F401  (its spelling)
from tinytorch import testing  # noqa: E402
from tinytorch import cpu  # noqa: E402
from tinytorch._errors import OutOfMemoryError  # noqa: E402
from tinytorch.random import default_generator  # noqa: E402
from tinytorch._compile import compile  # noqa: E402
from tinytorch import _dynamo  # noqa: E402,F401  (torch._dynamo.eval_frame.OptimizedModule)
from tinytorch._settings import are_deterministic_algorithms_enabled  # noqa: E402
from tinytorch._settings import get_float32_matmul_precision  # noqa: E402
from tinytorch._settings import get_num_interop_threads  # noqa: E402
from tinytorch._settings import is_deterministic_algorithms_warn_only_enabled  # noqa: E402
from tinytorch._settings import set_float32_matmul_precision  # noqa: E402
from tinytorch._settings import set_num_interop_threads  # noqa: E402
from tinytorch._settings import use_deterministic_algorithms  # noqa: E402
from tinytorch.amp import autocast  # noqa: E402
from tinytorch.amp import get_autocast_dtype  # noqa: E402
from tinytorch.amp import is_autocast_enabled  # noqa: E402
from tinytorch.amp.autocast_mode import set_autocast_dtype  # noqa: E402
from tinytorch.amp.autocast_mode import set_autocast_enabled  # noqa: E402
from tinytorch.backends.threads import get_num_threads  # noqa: E402
from tinytorch.backends.threads import set_num_threads  # noqa: E402

# --- pointwise math (mathD; docs/pytorch_drop_in.md) ---------------------------------------
from tinytorch._ops.math_binary import atan2  # noqa: E402
from tinytorch._ops.math_binary import atan2 as arctan2  # noqa: E402
from tinytorch._ops.math_binary import hypot  # noqa: E402
from tinytorch._ops.math_binary import logaddexp  # noqa: E402
from tinytorch._ops.math_binary import logaddexp2  # noqa: E402
from tinytorch._ops.math_binary import xlogy  # noqa: E402
from tinytorch._ops.math_binary import copysign  # noqa: E402
from tinytorch._ops.math_binary import nextafter  # noqa: E402
from tinytorch._ops.math_binary import fmax  # noqa: E402
from tinytorch._ops.math_binary import fmin  # noqa: E402
from tinytorch._ops.math_binary import heaviside  # noqa: E402
from tinytorch._ops.math_binary import ldexp  # noqa: E402
from tinytorch._ops.math_composite import deg2rad  # noqa: E402
from tinytorch._ops.math_composite import rad2deg  # noqa: E402
from tinytorch._ops.math_composite import frac  # noqa: E402
from tinytorch._ops.math_composite import positive  # noqa: E402
from tinytorch._ops.math_composite import float_power  # noqa: E402
from tinytorch._ops.math_composite import signbit  # noqa: E402
from tinytorch._ops.math_composite import isposinf  # noqa: E402
from tinytorch._ops.math_composite import isneginf  # noqa: E402
from tinytorch._ops.math_composite import isreal  # noqa: E402
from tinytorch._ops.math_composite import isclose  # noqa: E402
from tinytorch._ops.math_composite import nansum  # noqa: E402
from tinytorch._ops.math_composite import nanmean  # noqa: E402
from tinytorch._ops.math_unary import log2  # noqa: E402
from tinytorch._ops.math_unary import log10  # noqa: E402
from tinytorch._ops.math_unary import exp2  # noqa: E402
from tinytorch._ops.math_unary import tan  # noqa: E402
from tinytorch._ops.math_unary import asin  # noqa: E402
from tinytorch._ops.math_unary import asin as arcsin  # noqa: E402
from tinytorch._ops.math_unary import acos  # noqa: E402
from tinytorch._ops.math_unary import acos as arccos  # noqa: E402
from tinytorch._ops.math_unary import atan  # noqa: E402
from tinytorch._ops.math_unary import atan as arctan  # noqa: E402
from tinytorch._ops.math_unary import sinh  # noqa: E402
from tinytorch._ops.math_unary import cosh  # noqa: E402
from tinytorch._ops.math_unary import asinh  # noqa: E402
from tinytorch._ops.math_unary import asinh as arcsinh  # noqa: E402
from tinytorch._ops.math_unary import acosh  # noqa: E402
from tinytorch._ops.math_unary import acosh as arccosh  # noqa: E402
from tinytorch._ops.math_unary import atanh  # noqa: E402
from tinytorch._ops.math_unary import atanh as arctanh  # noqa: E402
from tinytorch._ops.math_unary import erf  # noqa: E402
from tinytorch._ops.math_unary import erfc  # noqa: E402
from tinytorch._ops.math_unary import erfinv  # noqa: E402
from tinytorch._ops.math_unary import sinc  # noqa: E402
from tinytorch._ops.math_unary import logit  # noqa: E402
from tinytorch._ops.pointwise import sign as sgn  # noqa: E402
from tinytorch._ops.pointwise import trunc as fix  # noqa: E402
from tinytorch import _torch_docs_math  # noqa: E402,F401  (their docstrings)
# --- linear algebra (linalgH): torch.linalg and its top-level forms ---------------------------
from tinytorch import linalg  # noqa: E402
from tinytorch._ops.linalg import outer as ger  # noqa: E402
from tinytorch._ops.linalg_api import cholesky_legacy as cholesky  # noqa: E402
from tinytorch._ops.linalg_api import det  # noqa: E402
from tinytorch._ops.linalg_api import inv as inverse  # noqa: E402
from tinytorch._ops.linalg_api import logdet  # noqa: E402
from tinytorch._ops.linalg_api import slogdet_legacy as slogdet  # noqa: E402
from tinytorch._ops.linalg_products import addbmm  # noqa: E402
from tinytorch._ops.linalg_products import addr  # noqa: E402
from tinytorch._ops.linalg_products import chain_matmul  # noqa: E402
from tinytorch._ops.linalg_products import inner  # noqa: E402
from tinytorch._ops.linalg_products import matrix_power  # noqa: E402
from tinytorch._ops.linalg_products import mv  # noqa: E402
from tinytorch._ops.linalg_spectral import pinverse  # noqa: E402
from tinytorch._ops.linalg_spectral import svd_legacy as svd  # noqa: E402
# --- triangular solves, LU, lstsq, matrix_exp (linalgS) -------------------------------------
from tinytorch._ops.linalg_lu import lu_unpack  # noqa: E402
from tinytorch._ops.linalg_more import geqrf  # noqa: E402
from tinytorch._ops.linalg_more import householder_product as orgqr  # noqa: E402
from tinytorch._ops.linalg_more import matrix_exp  # noqa: E402
from tinytorch._ops.linalg_legacy import cholesky_inverse  # noqa: E402
from tinytorch._ops.linalg_legacy import cholesky_solve  # noqa: E402
from tinytorch._ops.linalg_legacy import frobenius_norm  # noqa: E402
from tinytorch._ops.linalg_legacy import lu  # noqa: E402
from tinytorch._ops.linalg_legacy import lu_solve  # noqa: E402
from tinytorch._ops.linalg_legacy import nuclear_norm  # noqa: E402
from tinytorch._ops.linalg_legacy import triangular_solve  # noqa: E402
from tinytorch._ops.linalg_legacy import vander  # noqa: E402
# --- Tensor methods' top-level forms (tensorM; docs/pytorch_drop_in.md) ----------------------
from tinytorch._ops.math_more import aminmax  # noqa: E402
from tinytorch._ops.math_more import qr  # noqa: E402
from tinytorch._ops.math_more import renorm  # noqa: E402
from tinytorch._ops.math_more import unique_consecutive  # noqa: E402
from tinytorch._ops.math_more import vdot  # noqa: E402
from tinytorch._ops.mathops import nanmedian  # noqa: E402
from tinytorch._ops.random_fill import bernoulli  # noqa: E402
from tinytorch._ops.random_fill import normal  # noqa: E402
from tinytorch._ops.tensor_more import fliplr  # noqa: E402
from tinytorch._ops.tensor_more import flipud  # noqa: E402
from tinytorch._ops.tensor_more import fill  # noqa: E402
from tinytorch._ops.tensor_more import index_put  # noqa: E402
from tinytorch._ops.tensor_more import is_inference  # noqa: E402
from tinytorch._ops.strided import as_strided  # noqa: E402
from tinytorch._ops.strided import empty_strided  # noqa: E402
from tinytorch._ops.tensor_more import put  # noqa: E402
# --- the gamma family and torch.special (specialE; docs/pytorch_drop_in.md) ---------------------
from tinytorch._ops.math_bessel import i0  # noqa: E402
from tinytorch._ops.math_cephes import igamma  # noqa: E402
from tinytorch._ops.math_cephes import igammac  # noqa: E402
from tinytorch._ops.math_special import digamma  # noqa: E402
from tinytorch._ops.math_special import lgamma  # noqa: E402
from tinytorch._ops.math_special import mvlgamma  # noqa: E402
from tinytorch._ops.math_special import polygamma  # noqa: E402
from tinytorch import special  # noqa: E402

# --- probability distributions (distribD; docs/distributions.md) -----------------------------
from tinytorch import distributions  # noqa: E402

newaxis = None  # torch.newaxis: x[tinytorch.newaxis] inserts a dim, as x[None]

# NumPy's argument names (x.sum(axis=0), torch.cat(ts, axis=1)) and out=: NOTE [NumPy argument
# names] and NOTE [out= arguments] in _arg_forms.py
import sys as _sys  # noqa: E402

from tinytorch import _arg_forms  # noqa: E402

for _namespace in (_sys.modules[__name__], linalg, special):
    _arg_forms.accept(_namespace, [n for n in dir(_namespace) if not n.startswith("_")])
_arg_forms.accept(Tensor, [n for n in dir(Tensor) if not n.startswith("_")], outs=False)
for _namespace in (nn.functional, func, random):  # the same function objects, as in PyTorch
    _arg_forms.accept(_namespace, dir(_namespace), known_only=True)
_arg_forms.scalar_first(_sys.modules[__name__], in_place=False)  # add(x, -lr, g): NOTE
_arg_forms.scalar_first(Tensor, in_place=True)  # [Scalar-first overloads] in _arg_forms.py
del _namespace
