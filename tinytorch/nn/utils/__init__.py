"""``tinytorch.nn.utils``: gradient clipping, parameter/vector conversion and ``rnn`` (packed
sequences)."""

from tinytorch.nn.utils import rnn
from tinytorch.nn.utils.clip_grad import clip_grad_norm_
from tinytorch.nn.utils.clip_grad import clip_grad_value_
from tinytorch.nn.utils.clip_grad import clip_grads_with_norm_
from tinytorch.nn.utils.clip_grad import get_total_norm
from tinytorch.nn.utils.convert_parameters import parameters_to_vector
from tinytorch.nn.utils.convert_parameters import vector_to_parameters

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm",
           "parameters_to_vector", "rnn", "vector_to_parameters"]
