"""``SyncBatchNorm``: batch normalisation with statistics over every rank's batch."""

from tinytorch import _creation
from tinytorch import distributed as dist
from tinytorch._ops.join import cat
from tinytorch import _grad_mode as grad_mode
from tinytorch.distributed.nn import functional as dist_fn
from tinytorch.nn.modules.instancenorm import _InstanceNorm
from tinytorch.nn.modules.normalization import _BatchNorm


class SyncBatchNorm(_BatchNorm):
    """Batch normalisation over ``(N, C, *)`` whose training statistics cover the whole global
    batch: the per-channel sums are all-reduced across the ranks of ``process_group``, so
    every rank normalises with the mean and variance of all ranks' inputs together (and
    gradients flow back across ranks the same way). In eval mode, or outside a process group,
    it is :class:`BatchNorm2d`'s computation.

    Args:
        num_features (int): C, the number of channels.
        eps, momentum, affine, track_running_stats: as in :class:`BatchNorm1d`.
        process_group (ProcessGroup, optional): the ranks to share statistics with (default:
            all).

    >>> import tinytorch
    >>> tinytorch.nn.SyncBatchNorm(3)(tinytorch.randn(4, 3, 5)).shape
    torch.Size([4, 3, 5])
    """

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True,
                 track_running_stats=True, process_group=None, device=None, dtype=None, *,
                 bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats,
                         device=device, dtype=dtype, bias=bias)
        self.process_group = process_group

    def _check_input_dim(self, input):
        if input.dim() < 2:
            raise ValueError(f"expected at least 2D input (got {input.dim()}D input)")

    def forward(self, input):
        """Normalise ``input``: in training mode inside a process group
        of more than one rank, with the mean and (biased) variance of all ranks' batches together,
        updating the running statistics with their unbiased variance; otherwise as
        :class:`BatchNorm2d`.

        Args:
            input (Tensor): ``(N, C, *)``.

        Returns:
            Tensor: of ``input``'s shape.

        Raises:
            ValueError: ``input`` has fewer than 2 dimensions.

        >>> bn = tinytorch.nn.SyncBatchNorm(2)
        >>> bn(tinytorch.tensor([[1.0, 2.0], [3.0, 6.0]]))
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]], grad_fn=<...>)
        """
        if not (self.training and dist.is_initialized()
                and dist.get_world_size(self.process_group) > 1):
            return super().forward(input)
        self._check_input_dim(input)
        factor = self._update_factor()
        channels = input.shape[1]
        dims = [0] + list(range(2, input.dim()))
        shape = [1, channels] + [1] * (input.dim() - 2)
        count = _creation.full((1,), input.numel() // channels, dtype=input.dtype,
                               device=input.device)
        totals = dist_fn.all_reduce(cat([input.sum(dims), count]),
                                    group=self.process_group)
        n = totals[channels]
        mean = totals[:channels] / n
        centred = input - mean.reshape(shape)
        var = dist_fn.all_reduce((centred * centred).sum(dims), group=self.process_group) / n
        out = centred * (var + self.eps).rsqrt().reshape(shape)
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        if self.track_running_stats:
            self._update_running(mean.detach(), var.detach(), float(n), factor)
        return out

    def _update_running(self, mean, var, n, factor):
        with grad_mode.no_grad():
            self.running_mean.mul_(1 - factor).add_(mean * factor)
            self.running_var.mul_(1 - factor).add_(var * (factor * n / (n - 1)))

    @classmethod
    def convert_sync_batchnorm(cls, module, process_group=None):
        """Return ``module`` with every BatchNorm layer replaced by a SyncBatchNorm that
        shares its parameters and running statistics (and its training mode).

        Args:
            module (Module): the module holding BatchNorm layers (or one itself).
            process_group (ProcessGroup, optional): the ranks the new layers share statistics
                with. Default: all.

        Returns:
            Module: ``module`` with its BatchNorm children replaced in place, or the new
            SyncBatchNorm if ``module`` is a BatchNorm layer itself.

        >>> import tinytorch
        >>> net = tinytorch.nn.Sequential(tinytorch.nn.Conv2d(1, 4, 3),
        ...                               tinytorch.nn.BatchNorm2d(4))
        >>> type(tinytorch.nn.SyncBatchNorm.convert_sync_batchnorm(net)[1]).__name__
        'SyncBatchNorm'
        """
        out = module
        # PyTorch's InstanceNorm is not a _BatchNorm (tinytorch's shares its code): left alone
        if isinstance(module, _BatchNorm) and not isinstance(module, _InstanceNorm):
            out = cls(module.num_features, module.eps, module.momentum, module.affine,
                      module.track_running_stats, process_group)
            if module.affine:
                out.weight = module.weight
                out.bias = module.bias
            out.running_mean = module.running_mean
            out.running_var = module.running_var
            out.num_batches_tracked = module.num_batches_tracked
            out.training = module.training
        for name, child in module.named_children():
            out.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return out
