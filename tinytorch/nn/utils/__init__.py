"""``tinytorch.nn.utils``: gradient clipping, parameter/vector conversion, ``rnn`` (packed
sequences), ``parametrize`` and ``parametrizations`` (weight and spectral norm), the legacy
hook-based ``weight_norm`` and ``spectral_norm``, ``prune``, ``stateless``, conv/linear-BatchNorm
fusion and ``skip_init``."""

from tinytorch.nn.utils import parametrizations
from tinytorch.nn.utils import parametrize
from tinytorch.nn.utils import prune
from tinytorch.nn.utils import stateless
from tinytorch.nn.utils import rnn
from tinytorch.nn.utils.clip_grad import clip_grad_norm
from tinytorch.nn.utils.memory_format import convert_conv2d_weight_memory_format
from tinytorch.nn.utils.memory_format import convert_conv3d_weight_memory_format
from tinytorch.nn.utils.clip_grad import clip_grad_norm_
from tinytorch.nn.utils.clip_grad import clip_grad_value_
from tinytorch.nn.utils.clip_grad import clip_grads_with_norm_
from tinytorch.nn.utils.clip_grad import get_total_norm
from tinytorch.nn.utils.convert_parameters import parameters_to_vector
from tinytorch.nn.utils.convert_parameters import vector_to_parameters
from tinytorch.nn.utils.fusion import fuse_conv_bn_eval
from tinytorch.nn.utils.fusion import fuse_conv_bn_weights
from tinytorch.nn.utils.fusion import fuse_linear_bn_eval
from tinytorch.nn.utils.fusion import fuse_linear_bn_weights
from tinytorch.nn.utils.init import skip_init
from tinytorch.nn.utils.spectral_norm import remove_spectral_norm
from tinytorch.nn.utils.spectral_norm import spectral_norm
from tinytorch.nn.utils.weight_norm import remove_weight_norm
from tinytorch.nn.utils.weight_norm import weight_norm

__all__ = ["clip_grad_norm", "clip_grad_norm_", "convert_conv2d_weight_memory_format",
           "convert_conv3d_weight_memory_format", "clip_grad_value_", "clip_grads_with_norm_",
           "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval",
           "fuse_linear_bn_weights", "get_total_norm", "parameters_to_vector",
           "parametrizations", "parametrize", "prune", "remove_spectral_norm",
           "remove_weight_norm", "rnn", "skip_init", "spectral_norm", "stateless",
           "vector_to_parameters", "weight_norm"]
