"""The layers of ``tinytorch.nn`` (one file per family, as ``torch.nn.modules``)."""

from tinytorch.nn.modules.activation import ELU
from tinytorch.nn.modules.adaptive import AdaptiveLogSoftmaxWithLoss
from tinytorch.nn.modules.activation import GELU
from tinytorch.nn.modules.activation import Hardtanh
from tinytorch.nn.modules.activation import LeakyReLU
from tinytorch.nn.modules.activation import LogSoftmax
from tinytorch.nn.modules.activation import ReLU
from tinytorch.nn.modules.activation import ReLU6
from tinytorch.nn.modules.activation import SELU
from tinytorch.nn.modules.activation import SiLU
from tinytorch.nn.modules.activation import Sigmoid
from tinytorch.nn.modules.activation import Softmax
from tinytorch.nn.modules.activation import Softplus
from tinytorch.nn.modules.activation import Tanh
from tinytorch.nn.modules.attention import MultiheadAttention
from tinytorch.nn.modules.container import ModuleDict
from tinytorch.nn.modules.container import ModuleList
from tinytorch.nn.modules.container import ParameterDict
from tinytorch.nn.modules.container import ParameterList
from tinytorch.nn.modules.container import Sequential
from tinytorch.nn.modules.conv import Conv1d
from tinytorch.nn.modules.conv import Conv2d
from tinytorch.nn.modules.conv import ConvTranspose2d
from tinytorch.nn.modules.dropout import Dropout
from tinytorch.nn.modules.flatten import Flatten
from tinytorch.nn.modules.flatten import Unflatten
from tinytorch.nn.modules.linear import Bilinear
from tinytorch.nn.modules.linear import Identity
from tinytorch.nn.modules.linear import Linear
from tinytorch.nn.modules.loss import BCELoss
from tinytorch.nn.modules.loss import BCEWithLogitsLoss
from tinytorch.nn.modules.loss import CrossEntropyLoss
from tinytorch.nn.modules.loss import HuberLoss
from tinytorch.nn.modules.loss import KLDivLoss
from tinytorch.nn.modules.loss import L1Loss
from tinytorch.nn.modules.loss import MSELoss
from tinytorch.nn.modules.loss import CTCLoss
from tinytorch.nn.modules.loss import NLLLoss
from tinytorch.nn.modules.loss import SmoothL1Loss
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.normalization import BatchNorm1d
from tinytorch.nn.modules.normalization import BatchNorm2d
from tinytorch.nn.modules.normalization import BatchNorm3d
from tinytorch.nn.modules.normalization import GroupNorm
from tinytorch.nn.modules.normalization import LayerNorm
from tinytorch.nn.modules.pooling import AdaptiveAvgPool2d
from tinytorch.nn.modules.pooling import AdaptiveMaxPool2d
from tinytorch.nn.modules.pooling import AvgPool1d
from tinytorch.nn.modules.pooling import AvgPool2d
from tinytorch.nn.modules.pooling import MaxPool1d
from tinytorch.nn.modules.pooling import MaxPool2d
from tinytorch.nn.modules.rnn import GRU
from tinytorch.nn.modules.rnn import LSTM
from tinytorch.nn.modules.rnn import RNN
from tinytorch.nn.modules.rnn import RNNBase
from tinytorch.nn.modules.rnn_cell import GRUCell
from tinytorch.nn.modules.rnn_cell import LSTMCell
from tinytorch.nn.modules.rnn_cell import RNNCell
from tinytorch.nn.modules.rnn_cell import RNNCellBase
from tinytorch.nn.modules.sparse import Embedding
from tinytorch.nn.modules.sync_batchnorm import SyncBatchNorm
from tinytorch.nn.modules.transformer import Transformer
from tinytorch.nn.modules.transformer import TransformerDecoder
from tinytorch.nn.modules.transformer import TransformerDecoderLayer
from tinytorch.nn.modules.transformer import TransformerEncoder
from tinytorch.nn.modules.transformer import TransformerEncoderLayer
from tinytorch.nn.modules.upsampling import Upsample

__all__ = ["AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "BCELoss",
           "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Bilinear", "Conv1d",
           "Conv2d", "ConvTranspose2d", "CrossEntropyLoss", "Dropout", "ELU", "Embedding",
           "Flatten", "GELU", "GroupNorm", "Hardtanh", "HuberLoss", "Identity", "KLDivLoss",
           "L1Loss", "LayerNorm", "LeakyReLU", "Linear", "LogSoftmax", "MSELoss", "MaxPool1d",
           "MaxPool2d", "Module", "ModuleDict", "ModuleList", "MultiheadAttention", "NLLLoss",
           "CTCLoss", "ParameterDict", "ParameterList", "ReLU", "ReLU6", "SELU", "Sequential",
           "SiLU", "Sigmoid", "SmoothL1Loss", "Softmax", "Softplus", "Tanh", "Transformer",
           "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder",
           "TransformerEncoderLayer", "Unflatten", "Upsample"]
__all__ += ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]
__all__ += ["SyncBatchNorm"]
# --- actE: more activations, padding, pixel shuffle, channel and alpha dropout
from tinytorch.nn.modules.activation_extra import CELU
from tinytorch.nn.modules.activation_extra import GLU
from tinytorch.nn.modules.activation_extra import Hardshrink
from tinytorch.nn.modules.activation_extra import Hardsigmoid
from tinytorch.nn.modules.activation_extra import Hardswish
from tinytorch.nn.modules.activation_extra import LogSigmoid
from tinytorch.nn.modules.activation_extra import Mish
from tinytorch.nn.modules.activation_extra import PReLU
from tinytorch.nn.modules.activation_extra import RReLU
from tinytorch.nn.modules.activation_extra import Softmax2d
from tinytorch.nn.modules.activation_extra import Softmin
from tinytorch.nn.modules.activation_extra import Softshrink
from tinytorch.nn.modules.activation_extra import Softsign
from tinytorch.nn.modules.activation_extra import Tanhshrink
from tinytorch.nn.modules.activation_extra import Threshold
from tinytorch.nn.modules.dropout import AlphaDropout
from tinytorch.nn.modules.dropout import Dropout1d
from tinytorch.nn.modules.dropout import Dropout2d
from tinytorch.nn.modules.dropout import Dropout3d
from tinytorch.nn.modules.dropout import FeatureAlphaDropout
from tinytorch.nn.modules.padding import CircularPad1d
from tinytorch.nn.modules.padding import CircularPad2d
from tinytorch.nn.modules.padding import CircularPad3d
from tinytorch.nn.modules.padding import ConstantPad1d
from tinytorch.nn.modules.padding import ConstantPad2d
from tinytorch.nn.modules.padding import ConstantPad3d
from tinytorch.nn.modules.padding import ReflectionPad1d
from tinytorch.nn.modules.padding import ReflectionPad2d
from tinytorch.nn.modules.padding import ReflectionPad3d
from tinytorch.nn.modules.padding import ReplicationPad1d
from tinytorch.nn.modules.padding import ReplicationPad2d
from tinytorch.nn.modules.padding import ReplicationPad3d
from tinytorch.nn.modules.padding import ZeroPad1d
from tinytorch.nn.modules.padding import ZeroPad2d
from tinytorch.nn.modules.padding import ZeroPad3d
from tinytorch.nn.modules.pixelshuffle import PixelShuffle
from tinytorch.nn.modules.pixelshuffle import PixelUnshuffle
__all__ += ["CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "LogSigmoid", "Mish", "PReLU",
            "RReLU", "Softmax2d", "Softmin", "Softshrink", "Softsign", "Tanhshrink", "Threshold",
            "AlphaDropout", "Dropout1d", "Dropout2d", "Dropout3d", "FeatureAlphaDropout",
            "CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d",
            "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
            "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d",
            "ZeroPad3d", "PixelShuffle", "PixelUnshuffle"]

# lossF: margin, embedding and likelihood losses, distances
from tinytorch.nn.modules.distance import CosineSimilarity
from tinytorch.nn.modules.distance import PairwiseDistance
from tinytorch.nn.modules.loss_margin import CosineEmbeddingLoss
from tinytorch.nn.modules.loss_margin import GaussianNLLLoss
from tinytorch.nn.modules.loss_margin import HingeEmbeddingLoss
from tinytorch.nn.modules.loss_margin import MarginRankingLoss
from tinytorch.nn.modules.loss_margin import MultiLabelMarginLoss
from tinytorch.nn.modules.loss_margin import MultiLabelSoftMarginLoss
from tinytorch.nn.modules.loss_margin import MultiMarginLoss
from tinytorch.nn.modules.loss_margin import PoissonNLLLoss
from tinytorch.nn.modules.loss_margin import SoftMarginLoss
from tinytorch.nn.modules.loss_margin import TripletMarginLoss
from tinytorch.nn.modules.loss_margin import TripletMarginWithDistanceLoss
__all__ += ["CosineSimilarity", "PairwiseDistance", "CosineEmbeddingLoss", "GaussianNLLLoss",
            "HingeEmbeddingLoss", "MarginRankingLoss", "MultiLabelMarginLoss",
            "MultiLabelSoftMarginLoss", "MultiMarginLoss", "PoissonNLLLoss", "SoftMarginLoss",
            "TripletMarginLoss", "TripletMarginWithDistanceLoss"]
# --- nnJ: instance and local response norm, 1-D adaptive pooling, upsampling layers
from tinytorch.nn.modules.instancenorm import InstanceNorm1d
from tinytorch.nn.modules.instancenorm import InstanceNorm2d
from tinytorch.nn.modules.instancenorm import InstanceNorm3d
from tinytorch.nn.modules.instancenorm import LocalResponseNorm
from tinytorch.nn.modules.upsampling import UpsamplingBilinear2d
from tinytorch.nn.modules.upsampling import UpsamplingNearest2d
from tinytorch.nn.modules.pooling import AdaptiveAvgPool1d
from tinytorch.nn.modules.pooling import AdaptiveMaxPool1d
__all__ += ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm",
            "UpsamplingBilinear2d", "UpsamplingNearest2d", "AdaptiveAvgPool1d",
            "AdaptiveMaxPool1d"]
# foldK: sliding blocks
from tinytorch.nn.modules.fold import Fold
from tinytorch.nn.modules.fold import Unfold
__all__ += ["Fold", "Unfold"]
# nnK: bags of embeddings, channel shuffle, 1-D transposed convolution
from tinytorch.nn.modules.channelshuffle import ChannelShuffle
from tinytorch.nn.modules.conv import ConvTranspose1d
from tinytorch.nn.modules.sparse import EmbeddingBag
__all__ += ["ChannelShuffle", "ConvTranspose1d", "EmbeddingBag"]
# vol3D: 3-D convolution and pooling
from tinytorch.nn.modules.conv import Conv3d
from tinytorch.nn.modules.conv import ConvTranspose3d
from tinytorch.nn.modules.pooling import AdaptiveAvgPool3d
from tinytorch.nn.modules.pooling import AdaptiveMaxPool3d
from tinytorch.nn.modules.pooling import AvgPool3d
from tinytorch.nn.modules.pooling import MaxPool3d
__all__ += ["AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "AvgPool3d", "Conv3d", "ConvTranspose3d",
            "MaxPool3d"]
# normL: RMS norm, LP pooling, max unpooling, lazy modules
from tinytorch.nn.modules.lazy import LazyBatchNorm1d
from tinytorch.nn.modules.lazy import LazyBatchNorm2d
from tinytorch.nn.modules.lazy import LazyBatchNorm3d
from tinytorch.nn.modules.lazy import LazyConv1d
from tinytorch.nn.modules.lazy import LazyConv2d
from tinytorch.nn.modules.lazy import LazyConv3d
from tinytorch.nn.modules.lazy import LazyConvTranspose1d
from tinytorch.nn.modules.lazy import LazyConvTranspose2d
from tinytorch.nn.modules.lazy import LazyConvTranspose3d
from tinytorch.nn.modules.lazy import LazyInstanceNorm1d
from tinytorch.nn.modules.lazy import LazyInstanceNorm2d
from tinytorch.nn.modules.lazy import LazyInstanceNorm3d
from tinytorch.nn.modules.lazy import LazyLinear
from tinytorch.nn.modules.lazy import LazyModuleMixin
from tinytorch.nn.modules.normalization import RMSNorm
from tinytorch.nn.modules.pooling import LPPool1d
from tinytorch.nn.modules.pooling import LPPool2d
from tinytorch.nn.modules.pooling import LPPool3d
from tinytorch.nn.modules.pooling import MaxUnpool1d
from tinytorch.nn.modules.pooling import MaxUnpool2d
from tinytorch.nn.modules.pooling import MaxUnpool3d
__all__ += ["LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyConv1d", "LazyConv2d",
            "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
            "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d", "LazyLinear",
            "LazyModuleMixin",
            "RMSNorm", "LPPool1d", "LPPool2d", "MaxUnpool1d", "MaxUnpool2d"]
__all__ += ["LPPool3d", "MaxUnpool3d"]
__all__ += ["AdaptiveLogSoftmaxWithLoss"]
from tinytorch.nn.modules.pooling_fractional import FractionalMaxPool2d
from tinytorch.nn.modules.pooling_fractional import FractionalMaxPool3d
__all__ += ["FractionalMaxPool2d", "FractionalMaxPool3d"]
from tinytorch.nn.modules.normalization import CrossMapLRN2d
__all__ += ["CrossMapLRN2d"]
