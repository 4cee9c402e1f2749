"""Matrix decompositions (no gradient): what ``nn.init.orthogonal_`` needs."""

from tinytorch._ops._op import Op


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
    """Q (m, min(m, n)) of the QR decomposition of ``input`` (m, n), sign-normalised."""
    if input.ndim != 2:
        raise RuntimeError(f"orthogonal_factor expects a 2-D tensor, got shape {list(input.shape)}")
    return OrthogonalFactor.apply(input)
