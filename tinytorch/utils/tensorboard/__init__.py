"""``tinytorch.utils.tensorboard``: ``SummaryWriter``, as ``torch.utils.tensorboard`` has it.

tensorboardX writes the event files (``pip install 'tinytorch[tensorboard]'``): its
``SummaryWriter`` is the one PyTorch's was made from, with the same methods and arguments.
View the logs with TensorBoard (``pip install tensorboard; tensorboard --logdir runs``).
"""

import functools

from tinytorch._nested import map_tensors

try:
    import tensorboardX
except ImportError as e:  # PyTorch's module needs the tensorboard package in the same way
    raise ImportError("tinytorch.utils.tensorboard needs tensorboardX: pip install "
                      "'tinytorch[tensorboard]'") from e

__all__ = ["SummaryWriter"]


def _arrays(value):
    """``value`` with every tinytorch tensor in it as a NumPy array, detached, on the CPU."""
    return map_tensors(lambda t: t.detach().cpu().numpy(), value)


class SummaryWriter(tensorboardX.SummaryWriter):
    """Writes TensorBoard event files under ``log_dir``: tensorboardX's ``SummaryWriter``
    (PyTorch's came from it; the same ``add_scalar``, ``add_scalars``, ``add_histogram``,
    ``add_image(s)``, ``add_text``, ``add_hparams``, ``add_figure``, ``add_embedding``,
    ``add_pr_curve`` ..., ``flush`` and ``close``), taking tinytorch tensors wherever it takes
    PyTorch's: each ``add_*`` method gets them as NumPy arrays, detached and on the CPU.
    ``add_graph`` refuses: it traces the model with PyTorch's JIT.

    Args:
        log_dir (str, optional): the directory; default ``runs/CURRENT_DATETIME_HOSTNAME``.
        comment (str): appended to the default directory's name.
        purge_step (int, optional): drop events from this step on, after a crash.
        max_queue (int): events kept in memory before a write. Default: 10.
        flush_secs (int): seconds between writes. Default: 120.
        filename_suffix (str): appended to the event file's name.

    >>> import tempfile
    >>> import tinytorch
    >>> from tinytorch.utils.tensorboard import SummaryWriter
    >>> with tempfile.TemporaryDirectory() as logs:
    ...     with SummaryWriter(logs) as writer:
    ...         writer.add_scalar("loss", tinytorch.tensor(0.25), 1)
    ...         writer.add_histogram("weights", tinytorch.randn(100), 1)
    """

    def __init__(self, log_dir=None, comment="", purge_step=None, max_queue=10, flush_secs=120,
                 filename_suffix=""):
        super().__init__(log_dir=log_dir, comment=comment, purge_step=purge_step,
                         max_queue=max_queue, flush_secs=flush_secs,
                         filename_suffix=filename_suffix)

    def __getattribute__(self, name):
        method = super().__getattribute__(name)
        if not name.startswith("add_") or name == "add_graph":
            return method

        @functools.wraps(method)
        def with_arrays(*args, **kwargs):
            return method(*map(_arrays, args), **{k: _arrays(v) for k, v in kwargs.items()})
        return with_arrays

    def add_graph(self, model, input_to_model=None, verbose=False, use_strict_trace=True):
        """Refuses: the graph comes from tracing the model with PyTorch's JIT, which tinytorch
        does not have (see ``tinytorch.jit``).

        Args:
            model (nn.Module): the model.
            input_to_model (Tensor or tuple, optional): what the trace would run it on.
            verbose (bool): PyTorch's option.
            use_strict_trace (bool): PyTorch's option.

        Raises:
            NotImplementedError: always.

        >>> import tempfile
        >>> from tinytorch.utils.tensorboard import SummaryWriter
        >>> with tempfile.TemporaryDirectory() as logs:
        ...     with SummaryWriter(logs) as writer:
        ...         writer.add_graph(tinytorch.nn.Linear(2, 2))
        Traceback (most recent call last):
        ...
        NotImplementedError: add_graph needs PyTorch's JIT tracer, which tinytorch does not have
        """
        raise NotImplementedError("add_graph needs PyTorch's JIT tracer, which tinytorch does "
                                  "not have")
