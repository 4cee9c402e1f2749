"""The CPU thread count behind ``tinytorch.set_num_threads`` / ``get_num_threads``.

NOTE [CPU threads]: tinytorch keeps one thread setting, here, for every pool of CPU threads
it uses. Today that is the BLAS library under NumPy (OpenBLAS, MKL or BLIS: every matmul and
convolution GEMM), limited through threadpoolctl; a pool of tinytorch's own worker threads
must size itself from :func:`get_num_threads` and be resized in :func:`set_num_threads`.
DataLoader worker processes are separate: ``num_workers`` counts those.
"""

_setting = [None]  # the count set_num_threads was given; None until then


def _blas_controller():
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl must find)
    from threadpoolctl import ThreadpoolController
    return ThreadpoolController().select(user_api="blas")


def get_num_threads():
    """The number of threads used for intra-op parallelism on the CPU.

    Returns:
        int: the count given to :func:`set_num_threads`, or before that the BLAS library's
        own (by default one per core, or ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS``).

    >>> import tinytorch
    >>> tinytorch.get_num_threads() >= 1
    True
    """
    if _setting[0] is not None:
        return _setting[0]
    counts = [lib.num_threads for lib in _blas_controller().lib_controllers]
    return max(counts) if counts else 1


def set_num_threads(num):
    """Set the number of threads used for intra-op parallelism on the CPU.

    tinytorch's CPU kernels run on NumPy; this limits the BLAS library under it (every
    matmul and convolution) for the whole process, as ``torch.set_num_threads`` does for
    PyTorch's intra-op pool. See NOTE [CPU threads].

    Args:
        num (int): a positive number of threads.

    Raises:
        RuntimeError: ``num`` is not a positive ``int`` (PyTorch's messages).

    >>> import tinytorch
    >>> before = tinytorch.get_num_threads()
    >>> tinytorch.set_num_threads(1)
    >>> tinytorch.get_num_threads()
    1
    >>> tinytorch.set_num_threads(before)
    """
    if isinstance(num, bool) or not isinstance(num, int):
        raise RuntimeError(f"set_num_threads expects an int, but got {type(num).__name__}")
    if num <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _blas_controller().limit(limits=num)
    _setting[0] = num
