"""Instance normalisation (InstanceNorm1d/2d/3d) and LocalResponseNorm."""

import warnings

from tinytorch._ops._util import user_stacklevel
from tinytorch.nn import functional as F
from tinytorch.nn.modules.module import Module
from tinytorch.nn.modules.normalization import _BatchNorm

_ARGS = """
    Args:
        num_features (int): C, the number of channels.
        eps (float): added to the variance for stability. Default: 1e-5.
        momentum (float or None): weight of the instance statistics in the running ones
            (None counts as 0). Default: 0.1.
        affine (bool): learnable per-channel ``weight`` and ``bias``. Default: False.
        track_running_stats (bool): keep running statistics, updated in training and used in
            eval mode (else the instance's own statistics are used in both). Default: False.
        device (tinytorch.device, optional): where the parameters and buffers are created.
        dtype (tinytorch.dtype, optional): their dtype.
        bias (bool): with ``affine``, a learnable ``bias`` (keyword only). Default: True.
"""


class _InstanceNorm(_BatchNorm):
    """Shared InstanceNorm forward: the channel count check, unbatched input, and
    ``F.instance_norm`` with the instance statistics in training (or without running ones)."""

    _no_batch_dim = None  # the number of dims of an unbatched input

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False,
                 track_running_stats=False, device=None, dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device,
                         dtype, bias=bias)

    def _check_input_dim(self, input):
        if input.dim() not in (self._no_batch_dim, self._no_batch_dim + 1):
            raise ValueError(f"expected {self._no_batch_dim}D or {self._no_batch_dim + 1}D "
                             f"input (got {input.dim()}D input)")

    def forward(self, input):
        """Normalise each channel of each instance over its spatial dims.

        Args:
            input (Tensor): ``(N, C, *spatial)`` or unbatched ``(C, *spatial)``.

        Returns:
            Tensor: of ``input``'s shape.

        Raises:
            ValueError: the wrong number of dims, or (with ``affine``) of channels.

        >>> tinytorch.nn.InstanceNorm1d(2)(tinytorch.tensor([[1.0, 3.0], [0.0, 4.0]]))
        tensor([[-1.0000,  1.0000],
                [-1.0000,  1.0000]])
        """
        self._check_input_dim(input)
        feature_dim = input.dim() - self._no_batch_dim
        if input.size(feature_dim) != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match "
                                 f"num_features ({self.num_features}), but got: "
                                 f"{input.size(feature_dim)}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You "
                          "can silence this warning by not passing in num_features, which is "
                          "not used because affine=False", UserWarning,
                          stacklevel=user_stacklevel())
        unbatched = input.dim() == self._no_batch_dim
        y = F.instance_norm(input.unsqueeze(0) if unbatched else input, self.running_mean,
                            self.running_var, self.weight, self.bias,
                            self.training or not self.track_running_stats,
                            self.momentum if self.momentum is not None else 0.0, self.eps)
        return y.squeeze(0) if unbatched else y

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys,
                              unexpected_keys, error_msgs):
        # Before PyTorch 0.4 (no version) InstanceNorm kept running stats by default.
        keys = [prefix + name for name in ("running_mean", "running_var")
                if prefix + name in state_dict]
        if local_metadata.get("version", None) is None and not self.track_running_stats \
                and keys:
            klass = type(self).__name__
            error_msgs.append(
                "Unexpected running stats buffer(s) {names} for {klass} with "
                "track_running_stats=False. If state_dict is a checkpoint saved before 0.4.0, "
                "this may be expected because {klass} does not track running stats by default "
                "since 0.4.0. Please remove these keys from state_dict. If the running stats "
                "are actually needed, instead set track_running_stats=True in {klass} to "
                "enable them. See the documentation of {klass} for details."
                .format(names=" and ".join(f'"{k}"' for k in keys), klass=klass))
            for key in keys:
                state_dict.pop(key)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys,
                                      unexpected_keys, error_msgs)


class InstanceNorm1d(_InstanceNorm):
    __doc__ = """Instance normalisation over ``(N, C, L)`` or ``(C, L)``: each channel of each
    instance normalised over L, y = (x - mean) / √(var + eps) · weight + bias.
    """ + _ARGS + """
    >>> tinytorch.nn.InstanceNorm1d(3)(tinytorch.randn(2, 3, 5)).shape
    torch.Size([2, 3, 5])
    """
    _no_batch_dim = 2


class InstanceNorm2d(_InstanceNorm):
    __doc__ = """Instance normalisation over ``(N, C, H, W)`` or ``(C, H, W)`` (see
    :class:`InstanceNorm1d`).
    """ + _ARGS + """
    >>> tinytorch.nn.InstanceNorm2d(3)(tinytorch.randn(2, 3, 4, 4)).shape
    torch.Size([2, 3, 4, 4])
    """
    _no_batch_dim = 3


class InstanceNorm3d(_InstanceNorm):
    __doc__ = """Instance normalisation over ``(N, C, D, H, W)`` or ``(C, D, H, W)`` (see
    :class:`InstanceNorm1d`).
    """ + _ARGS + """
    >>> tinytorch.nn.InstanceNorm3d(3)(tinytorch.randn(2, 3, 2, 4, 4)).shape
    torch.Size([2, 3, 2, 4, 4])
    """
    _no_batch_dim = 4


class LocalResponseNorm(Module):
    """Local response normalisation across channels:
    y_c = x_c / (k + alpha/size · Σ x_{c'}²)^beta, the sum over the ``size`` channels around c
    (``size // 2`` before, ``(size - 1) // 2`` after; zeros beyond the ends).

    Args:
        size (int): the number of channels summed over.
        alpha (float): the multiplier. Default: 1e-4.
        beta (float): the exponent. Default: 0.75.
        k (float): the additive constant. Default: 1.

    >>> tinytorch.nn.LocalResponseNorm(2)(tinytorch.ones(1, 3, 2)).shape
    torch.Size([1, 3, 2])
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        """Normalise ``input`` across channels (see the class).

        Args:
            input (Tensor): ``(N, C, *)``, at least 3-D.

        Returns:
            Tensor: of ``input``'s shape.

        >>> tinytorch.nn.LocalResponseNorm(3)(tinytorch.ones(1, 2, 1))
        tensor([[[1.0000],
                 [1.0000]]])
        """
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)
