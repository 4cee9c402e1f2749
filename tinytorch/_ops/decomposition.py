"""Matrix decompositions (no gradient): what ``nn.init.orthogonal_`` needs."""

from tinytorch import _dtype
from tinytorch._ops._op import Op
from tinytorch._ops._util import not_implemented_for


class OrthogonalFactor(Op):
    """Q of the reduced QR of a 2-D ``a``, columns signed so that diag(R) >= 0 (which makes
    Q uniformly distributed when ``a`` is Gaussian). Not differentiable."""

    differentiable = False

    @staticmethod
    def forward(ctx, a):
        be = ctx.backend
        q, r = be.qr(a)
        return be.mul(q, be.sign(be.einsum("ii->i", r)))

    @staticmethod
    def backward(ctx, grad_output):
        raise RuntimeError("orthogonal_factor is not differentiable")


def orthogonal_factor(input):
    """Q (m, min(m, n)) of the reduced QR decomposition of ``input`` (m, n), its columns
    signed so that diag(R) >= 0 (Q is then uniformly distributed for a Gaussian ``input``),
    as ``nn.init.orthogonal_`` needs. Not differentiable; tinytorch's own (no PyTorch name).

    Args:
        input (Tensor): a 2-D floating-point tensor.

    Returns:
        Tensor: Q, with orthonormal columns.

    Raises:
        RuntimeError: ``input`` is not 2-D.
        NotImplementedError: ``input`` is float16 or bfloat16 (PyTorch's QR has no kernel).

    >>> q = tinytorch.nn.init.orthogonal_factor(tinytorch.randn(4, 3))
    >>> q.shape, tinytorch.allclose(q.T @ q, tinytorch.eye(3), atol=1e-5)
    (torch.Size([4, 3]), True)
    """
    if input.ndim != 2:
        raise RuntimeError(f"orthogonal_factor expects a 2-D tensor, got shape {list(input.shape)}")
    if input.dtype in (_dtype.float16, _dtype.bfloat16):
        not_implemented_for("geqrf_cpu", input)
    return OrthogonalFactor.apply(input)
