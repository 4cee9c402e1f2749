"""The linear-algebra functions PyTorch removed in 1.9 (``torch.solve``, ``torch.lstsq``,
``torch.eig``, ``torch.symeig``, ``torch.matrix_rank``) and their Tensor methods: as in PyTorch
they exist, so that an old script fails with PyTorch's message saying what replaces each,
not with an AttributeError."""

_REMOVED = "This function was deprecated since version 1.9 and is now removed."


def _removed(name, advice):
    """A function ``name`` that raises PyTorch's RuntimeError: ``_REMOVED`` and ``advice``."""
    def function(input, *args, **kwargs):
        raise RuntimeError(f"{_REMOVED}{advice}")
    function.__name__ = function.__qualname__ = name
    function.__module__ = "tinytorch"
    function.__doc__ = (
        f"Removed from PyTorch in 1.9: raises PyTorch's RuntimeError, which names the "
        f"``torch.linalg`` function that replaces ``torch.{name}``.\n\n"
        f"Args:\n    input (Tensor): ignored.\n    others: ignored (the removed function's "
        f"arguments).\n\nReturns:\n    Never returns.\n\n"
        f"Raises:\n    RuntimeError: always.\n\n"
        f">>> try:\n...     tinytorch.{name}(tinytorch.eye(2))\n"
        f"... except RuntimeError as error:\n...     print(str(error).splitlines()[0][:50])\n"
        f"{_REMOVED[:50]}\n")
    return function


FUNCTIONS = {name: _removed(name, advice) for name, advice in {
    "matrix_rank": (
        "\nPlease use the `torch.linalg.matrix_rank` function instead. The parameter 'symmetric' "
        "was renamed in `torch.linalg.matrix_rank()` to 'hermitian'."),
    "solve": (
        " `torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has "
        "its arguments reversed and does not return the LU factorization.\n\nTo get the LU "
        "factorization see `torch.lu`, which can be used with `torch.lu_solve` or "
        "`torch.lu_unpack`.\nX = torch.solve(B, A).solution should be replaced with:\n"
        "X = torch.linalg.solve(A, B)"),
    "lstsq": (
        " `torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n`torch.linalg.lstsq` "
        "has reversed arguments and does not return the QR decomposition in the returned tuple "
        "(although it returns other information about the problem).\n\nTo get the QR "
        "decomposition consider using `torch.linalg.qr`.\n\nThe returned solution in "
        "`torch.lstsq` stored the residuals of the solution in the last m - n columns of the "
        "returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field "
        "'residuals' of the returned named tuple.\n\nThe unpacking of the solution, as in\n"
        "X, _ = torch.lstsq(B, A).solution[:A.size(1)]\nshould be replaced with:\n"
        "X = torch.linalg.lstsq(A, B).solution"),
    "symeig": (
        " The default behavior has changed from using the upper triangular portion of the "
        "matrix by default to using the lower triangular portion.\n\nL, _ = "
        "torch.symeig(A, upper=upper) should be replaced with:\nL = torch.linalg.eigvalsh(A, "
        "UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, eigenvectors=True) "
        "should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')"),
    "eig": (
        " `torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than "
        "real tensors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be replaced "
        "with:\nL_complex = torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, "
        "eigenvectors=True) should be replaced with:\nL_complex, V_complex = "
        "torch.linalg.eig(A)"),
}.items()}
# the Tensor methods PyTorch keeps (x.solve(A) ...); matrix_rank never was one
METHODS = {name: FUNCTIONS[name] for name in ("solve", "lstsq", "eig", "symeig")}
