"""Neural-network building blocks (``tinytorch.nn``), as ``torch.nn``: ``Module`` and its
layers, ``Parameter``, ``functional``, ``init`` and ``utils``."""

from tinytorch.nn import functional
from tinytorch.nn import init
from tinytorch.nn import parallel
from tinytorch.nn.parallel import DataParallel
from tinytorch.nn import utils
from tinytorch.nn.modules import AdaptiveAvgPool2d
from tinytorch.nn.modules import AdaptiveMaxPool2d
from tinytorch.nn.modules import AvgPool1d
from tinytorch.nn.modules import AvgPool2d
from tinytorch.nn.modules import BatchNorm1d
from tinytorch.nn.modules import BatchNorm2d
from tinytorch.nn.modules import BatchNorm3d
from tinytorch.nn.modules import BCELoss
from tinytorch.nn.modules import BCEWithLogitsLoss
from tinytorch.nn.modules import Bilinear
from tinytorch.nn.modules import Conv1d
from tinytorch.nn.modules import Conv2d
from tinytorch.nn.modules import ConvTranspose2d
from tinytorch.nn.modules import CrossEntropyLoss
from tinytorch.nn.modules import Dropout
from tinytorch.nn.modules import ELU
from tinytorch.nn.modules import Embedding
from tinytorch.nn.modules import Flatten
from tinytorch.nn.modules import GELU
from tinytorch.nn.modules import GroupNorm
from tinytorch.nn.modules import GRU
from tinytorch.nn.modules import GRUCell
from tinytorch.nn.modules import Hardtanh
from tinytorch.nn.modules import HuberLoss
from tinytorch.nn.modules import Identity
from tinytorch.nn.modules import KLDivLoss
from tinytorch.nn.modules import L1Loss
from tinytorch.nn.modules import LayerNorm
from tinytorch.nn.modules import LSTM
from tinytorch.nn.modules import LSTMCell
from tinytorch.nn.modules import LeakyReLU
from tinytorch.nn.modules import Linear
from tinytorch.nn.modules import LogSoftmax
from tinytorch.nn.modules import MaxPool1d
from tinytorch.nn.modules import MaxPool2d
from tinytorch.nn.modules import Module
from tinytorch.nn.modules import ModuleDict
from tinytorch.nn.modules import ModuleList
from tinytorch.nn.modules import MSELoss
from tinytorch.nn.modules import MultiheadAttention
from tinytorch.nn.modules import CTCLoss
from tinytorch.nn.modules import NLLLoss
from tinytorch.nn.modules import ParameterDict
from tinytorch.nn.modules import ParameterList
from tinytorch.nn.modules import ReLU
from tinytorch.nn.modules import RNN
from tinytorch.nn.modules import RNNBase
from tinytorch.nn.modules import RNNCell
from tinytorch.nn.modules import RNNCellBase
from tinytorch.nn.modules import ReLU6
from tinytorch.nn.modules import SELU
from tinytorch.nn.modules import Sequential
from tinytorch.nn.modules import Sigmoid
from tinytorch.nn.modules import SiLU
from tinytorch.nn.modules import SmoothL1Loss
from tinytorch.nn.modules import Softmax
from tinytorch.nn.modules import Softplus
from tinytorch.nn.modules import SyncBatchNorm
from tinytorch.nn.modules import Tanh
from tinytorch.nn.modules import Transformer
from tinytorch.nn.modules import TransformerDecoder
from tinytorch.nn.modules import TransformerDecoderLayer
from tinytorch.nn.modules import TransformerEncoder
from tinytorch.nn.modules import TransformerEncoderLayer
from tinytorch.nn.modules import Unflatten
from tinytorch.nn.modules import Upsample
from tinytorch.nn.parameter import Buffer
from tinytorch.nn.parameter import Parameter
from tinytorch.nn.modules import CosineSimilarity  # lossF
from tinytorch.nn.modules import PairwiseDistance  # lossF
from tinytorch.nn.modules import CosineEmbeddingLoss  # lossF
from tinytorch.nn.modules import GaussianNLLLoss  # lossF
from tinytorch.nn.modules import HingeEmbeddingLoss  # lossF
from tinytorch.nn.modules import MarginRankingLoss  # lossF
from tinytorch.nn.modules import MultiLabelMarginLoss  # lossF
from tinytorch.nn.modules import MultiLabelSoftMarginLoss  # lossF
from tinytorch.nn.modules import MultiMarginLoss  # lossF
from tinytorch.nn.modules import PoissonNLLLoss  # lossF
from tinytorch.nn.modules import SoftMarginLoss  # lossF
from tinytorch.nn.modules import TripletMarginLoss  # lossF
from tinytorch.nn.modules import TripletMarginWithDistanceLoss  # lossF
from tinytorch.nn.modules import AdaptiveLogSoftmaxWithLoss
from tinytorch.nn.modules import FractionalMaxPool2d
from tinytorch.nn.modules import FractionalMaxPool3d
from tinytorch.nn.modules import CrossMapLRN2d
from tinytorch.nn import _functional_docs  # noqa: F401  (attaches F's docstrings)
from tinytorch.nn import _functional_docs_pool  # noqa: F401
from tinytorch.nn import _functional_docs_lossF  # noqa: F401  (lossF)
from tinytorch.nn.modules import _module_docs  # noqa: F401  (attaches Module's)
from tinytorch.nn.modules import _transformer_docs  # noqa: F401
# --- actE: more activations, padding, pixel shuffle, channel and alpha dropout
from tinytorch.nn.modules import CELU
from tinytorch.nn.modules import GLU
from tinytorch.nn.modules import Hardshrink
from tinytorch.nn.modules import Hardsigmoid
from tinytorch.nn.modules import Hardswish
from tinytorch.nn.modules import LogSigmoid
from tinytorch.nn.modules import Mish
from tinytorch.nn.modules import PReLU
from tinytorch.nn.modules import RReLU
from tinytorch.nn.modules import Softmax2d
from tinytorch.nn.modules import Softmin
from tinytorch.nn.modules import Softshrink
from tinytorch.nn.modules import Softsign
from tinytorch.nn.modules import Tanhshrink
from tinytorch.nn.modules import Threshold
from tinytorch.nn.modules import AlphaDropout
from tinytorch.nn.modules import Dropout1d
from tinytorch.nn.modules import Dropout2d
from tinytorch.nn.modules import Dropout3d
from tinytorch.nn.modules import FeatureAlphaDropout
from tinytorch.nn.modules import CircularPad1d
from tinytorch.nn.modules import CircularPad2d
from tinytorch.nn.modules import CircularPad3d
from tinytorch.nn.modules import ConstantPad1d
from tinytorch.nn.modules import ConstantPad2d
from tinytorch.nn.modules import ConstantPad3d
from tinytorch.nn.modules import ReflectionPad1d
from tinytorch.nn.modules import ReflectionPad2d
from tinytorch.nn.modules import ReflectionPad3d
from tinytorch.nn.modules import ReplicationPad1d
from tinytorch.nn.modules import ReplicationPad2d
from tinytorch.nn.modules import ReplicationPad3d
from tinytorch.nn.modules import ZeroPad1d
from tinytorch.nn.modules import ZeroPad2d
from tinytorch.nn.modules import ZeroPad3d
from tinytorch.nn.modules import PixelShuffle
from tinytorch.nn.modules import PixelUnshuffle
from tinytorch.nn import _functional_docs_extra  # noqa: F401  (actE's F docstrings)
# --- nnJ: instance and local response norm, 1-D adaptive pooling, upsampling layers
from tinytorch.nn.modules import InstanceNorm1d
from tinytorch.nn.modules import InstanceNorm2d
from tinytorch.nn.modules import InstanceNorm3d
from tinytorch.nn.modules import LocalResponseNorm
from tinytorch.nn.modules import UpsamplingBilinear2d
from tinytorch.nn.modules import UpsamplingNearest2d
from tinytorch.nn.modules import AdaptiveAvgPool1d
from tinytorch.nn.modules import AdaptiveMaxPool1d
# --- foldK: sliding blocks
from tinytorch.nn.modules import Fold
from tinytorch.nn.modules import Unfold
# --- nnK: bags of embeddings, channel shuffle, 1-D transposed convolution
from tinytorch.nn.modules import ChannelShuffle
from tinytorch.nn.modules import ConvTranspose1d
from tinytorch.nn.modules import EmbeddingBag
# --- vol3D: 3-D convolution and pooling
from tinytorch.nn.modules import AdaptiveAvgPool3d
from tinytorch.nn.modules import AdaptiveMaxPool3d
from tinytorch.nn.modules import AvgPool3d
from tinytorch.nn.modules import Conv3d
from tinytorch.nn.modules import ConvTranspose3d
from tinytorch.nn.modules import MaxPool3d
from tinytorch.nn import _functional_docs_vol3d  # noqa: F401  (vol3D's F docstrings)
# --- normL: RMS norm, LP pooling, max unpooling, lazy modules
from tinytorch.nn.modules import LazyBatchNorm1d
from tinytorch.nn.modules import LazyBatchNorm2d
from tinytorch.nn.modules import LazyBatchNorm3d
from tinytorch.nn.modules import LazyConv1d
from tinytorch.nn.modules import LazyConv2d
from tinytorch.nn.modules import LazyConvTranspose1d
from tinytorch.nn.modules import LazyConvTranspose2d
from tinytorch.nn.modules import LazyConvTranspose3d
from tinytorch.nn.modules import LazyConv3d
from tinytorch.nn.modules import LazyInstanceNorm1d
from tinytorch.nn.modules import LazyInstanceNorm2d
from tinytorch.nn.modules import LazyInstanceNorm3d
from tinytorch.nn.modules import LazyLinear
from tinytorch.nn.modules import LPPool1d
from tinytorch.nn.modules import LPPool2d
from tinytorch.nn.modules import LPPool3d
from tinytorch.nn.modules import MaxUnpool1d
from tinytorch.nn.modules import MaxUnpool2d
from tinytorch.nn.modules import MaxUnpool3d
from tinytorch.nn.modules import RMSNorm
from tinytorch.nn.parameter import UninitializedBuffer
from tinytorch.nn.parameter import UninitializedParameter
