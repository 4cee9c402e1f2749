"""``DataParallel``: PyTorch's single-process wrapper, for the one device tinytorch drives."""

from tinytorch import _device
from tinytorch import cuda
from tinytorch._nested import map_tensors
from tinytorch.nn.modules.module import Module


class DataParallel(Module):
    """Runs ``module`` on the GPU, as PyTorch's ``DataParallel`` does with one device: its
    parameters move to ``cuda:device_ids[0]`` and each call's tensor arguments follow them.
    Without a GPU it calls ``module`` as it is (as PyTorch's does). The state dict's keys start
    with ``module.``, as PyTorch's. tinytorch drives one GPU per process: several
    ``device_ids`` raise an error pointing to ``DistributedDataParallel`` (splitting the batch
    over replicas would change, e.g., batch-norm statistics).

    Args:
        module (nn.Module): the model.
        device_ids (list of int or tinytorch.device, optional): the GPUs; default: all.
        output_device (int or tinytorch.device, optional): where outputs go; default:
            ``device_ids[0]``.
        dim (int): the dim PyTorch scatters inputs along. Default: 0.

    Raises:
        RuntimeError: more than one device id.

    >>> import tinytorch
    >>> net = tinytorch.nn.DataParallel(tinytorch.nn.Linear(2, 3))
    >>> net(tinytorch.ones(4, 2)).shape, list(net.state_dict())
    (torch.Size([4, 3]), ['module.weight', 'module.bias'])
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        self.module = module
        self.device_ids = []
        if not cuda.is_available():
            return
        ids = _device_ids(device_ids)
        self.dim = dim
        self.device_ids = ids
        self.output_device = ids[0] if output_device is None else output_device
        self.src_device_obj = _device.device("cuda", ids[0])
        self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        """``module(*inputs, **kwargs)``, the tensors among them moved to the module's GPU.

        Args:
            inputs: the module's positional arguments.
            kwargs: its keyword arguments.

        Returns:
            What ``module`` returns.

        Raises:
            RuntimeError: a parameter or buffer of ``module`` is not on ``device_ids[0]``.

        >>> import tinytorch
        >>> tinytorch.nn.DataParallel(tinytorch.nn.Identity())(tinytorch.ones(2)).tolist()
        [1.0, 1.0]
        """
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        return _call_on(self.module, self.src_device_obj, inputs, kwargs)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0,
                  module_kwargs=None):
    """PyTorch's functional :class:`DataParallel`: ``module(*inputs, **module_kwargs)`` on
    ``device_ids[0]``, whose module must already be there. As PyTorch's, it needs a GPU.

    Args:
        module (nn.Module): the model, on the GPU.
        inputs (Tensor or tuple): its positional arguments.
        device_ids (list of int or tinytorch.device, optional): the GPUs; default: all.
        output_device (int or tinytorch.device, optional): accepted; the one GPU's.
        dim (int): the dim PyTorch scatters inputs along. Default: 0.
        module_kwargs (dict, optional): its keyword arguments.

    Returns:
        What ``module`` returns.

    Raises:
        RuntimeError: no GPU (PyTorch's "device type could not be determined"), more than one
            device id, or a parameter of ``module`` off ``device_ids[0]``.

    >>> import tinytorch
    >>> tinytorch.nn.parallel.data_parallel(tinytorch.nn.Identity(), tinytorch.ones(2))
    Traceback (most recent call last):
    RuntimeError: device type could not be determined
    """
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    if not cuda.is_available():
        raise RuntimeError("device type could not be determined")
    source = _device.device("cuda", _device_ids(device_ids)[0])
    return _call_on(module, source, inputs, module_kwargs or {})


def _device_ids(device_ids):
    """The one GPU index of ``device_ids`` (default: all GPUs); several raise an error."""
    if device_ids is None:
        device_ids = list(range(cuda.device_count()))
    ids = [d if isinstance(d, int) else _device.device(d).index or 0 for d in device_ids]
    if len(ids) > 1:
        raise RuntimeError(f"DataParallel over devices {ids}: tinytorch drives one GPU per "
                           "process; use DistributedDataParallel with one process per GPU")
    return ids


def _call_on(module, source, inputs, kwargs):
    """``module`` called on its GPU ``source``, the tensor arguments moved there."""
    for t in list(module.parameters()) + list(module.buffers()):
        if t.device != source:
            raise RuntimeError(f"module must have its parameters and buffers on device "
                               f"{source} (device_ids[0]) but found one of them on device: "
                               f"{t.device}")

    def to_gpu(t):
        return t.to(source)
    return module(*map_tensors(to_gpu, inputs), **map_tensors(to_gpu, kwargs))
