"""``nn.utils.parametrizations``: weight normalization, spectral normalization and orthogonal
weights (``_orthogonal``) as parametrizations (:mod:`tinytorch.nn.utils.parametrize`), as PyTorch's
``torch.nn.utils.parametrizations``. The math lives here once; the legacy hook-based
``nn.utils.weight_norm`` and ``nn.utils.spectral_norm`` use it too."""

from tinytorch._grad_mode import no_grad
from tinytorch._ops.linalg import dot
from tinytorch._ops.linalg_products import mv
from tinytorch._ops.nn_misc import normalize
from tinytorch._tensor import Tensor
from tinytorch.nn.modules.conv import ConvTranspose2d
from tinytorch.nn.modules.module import Module
from tinytorch.nn.utils import parametrize
from tinytorch.nn.utils._orthogonal import orthogonal

__all__ = ["orthogonal", "spectral_norm", "weight_norm"]


def norm_except_dim(v, pow, dim):
    """PyTorch's ``torch.norm_except_dim``: the ``pow``-norm over every dim of ``v`` but
    ``dim``, with the others kept as size 1; ``dim=-1`` means the whole tensor (0-d)."""
    if dim == -1:
        return v.norm(pow)
    size = [1] * v.dim()
    size[dim] = v.shape[dim]
    return v.transpose(0, dim).reshape(v.shape[dim], -1).norm(pow, dim=1).reshape(size)


def weight_norm_value(v, g, dim):
    """PyTorch's ``torch._weight_norm``: ``w = g * v / ||v||`` (norm as in
    :func:`norm_except_dim`)."""
    return v * (g / norm_except_dim(v, 2, dim))


def weight_matrix(weight, dim):
    """``weight`` as the matrix spectral norm works on: ``dim`` first, the rest flattened."""
    if dim != 0:
        weight = weight.permute(dim, *(d for d in range(weight.dim()) if d != dim))
    return weight.reshape(weight.shape[0], -1)


def normalize_into(out, matrix, vec, eps):
    """One half step of the power method, in place (buffers keep their identity):
    ``out = normalize(matrix @ vec)``."""
    out.copy_(normalize(mv(matrix, vec), dim=0, eps=eps))


def sigma(weight_mat, u, v):
    """The spectral norm estimate ``u^T W v``."""
    return dot(u, mv(weight_mat, v))


def default_output_dim(module):
    """Spectral norm's ``dim=None``: 1 for transposed convolutions (weight ``(in, out, ...)``),
    else 0."""
    return 1 if isinstance(module, ConvTranspose2d) else 0


class _WeightNorm(Module):
    """``w = g v / ||v||``, from ``(g, v)`` = ``(original0, original1)``."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return weight_norm_value(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Apply weight normalization, ``w = g v / ||v||``, to a parameter: it becomes the
    output of a parametrization of a magnitude ``g`` (``parametrizations.<name>.original0``)
    and a direction ``v`` (``original1``) (https://arxiv.org/abs/1602.07868).

    The norm is over every dim but ``dim`` (one magnitude per output channel by default);
    ``dim=None`` takes it over the whole tensor. A state dict saved with the legacy
    ``nn.utils.weight_norm`` (``<name>_g``, ``<name>_v``) loads into the module.

    Args:
        module (Module): the module holding the parameter.
        name (str): the parameter's name. Default: ``"weight"``.
        dim (int, optional): the dim that keeps its own magnitude. Default: ``0``.

    Returns:
        Module: ``module``, parametrized.

    >>> from tinytorch.nn.utils.parametrizations import weight_norm
    >>> m = weight_norm(tinytorch.nn.Linear(20, 40))
    >>> m.parametrizations.weight.original0.shape, m.parametrizations.weight.original1.shape
    (torch.Size([40, 1]), torch.Size([40, 20]))
    """
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)

    def _weight_norm_compat_hook(module, state_dict, prefix, *args):
        g_key, v_key = f"{prefix}{name}_g", f"{prefix}{name}_v"
        if g_key in state_dict and v_key in state_dict:
            state_dict[f"{prefix}parametrizations.{name}.original0"] = state_dict.pop(g_key)
            state_dict[f"{prefix}parametrizations.{name}.original1"] = state_dict.pop(v_key)

    module.register_load_state_dict_pre_hook(_weight_norm_compat_hook)
    return module


class _SpectralNorm(Module):
    """``W / sigma(W)``, sigma estimated by power iteration on the buffers ``_u``, ``_v``
    (updated in training mode only); a 1-D weight is just normalized."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of "
                             f"[-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but "
                             f"got n_power_iterations={n_power_iterations}")
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = weight_matrix(weight.detach(), self.dim)
            h, w = weight_mat.shape
            u = weight_mat.new_empty(h).normal_(0, 1)
            v = weight_mat.new_empty(w).normal_(0, 1)
            self.register_buffer("_u", normalize(u, dim=0, eps=self.eps))
            self.register_buffer("_v", normalize(v, dim=0, eps=self.eps))
            # PyTorch starts u and v near the singular vectors rather than at random
            self._power_method(weight_mat, 15)

    @no_grad()
    def _power_method(self, weight_mat, n_power_iterations):
        for _ in range(n_power_iterations):
            normalize_into(self._u, weight_mat, self._v, self.eps)
            normalize_into(self._v, weight_mat.t(), self._u, self.eps)

    def forward(self, weight):
        if weight.ndim == 1:
            return normalize(weight, dim=0, eps=self.eps)
        weight_mat = weight_matrix(weight, self.dim)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        # clones: a second forward's in-place update must not touch what the first one's
        # backward saved (D(real) - D(fake) in a GAN step)
        return weight / sigma(weight_mat, self._u.clone(), self._v.clone())

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Apply spectral normalization, ``W / sigma(W)`` with ``sigma`` the largest singular
    value, to a parameter or buffer (https://arxiv.org/abs/1802.05957).

    The weight is seen as a matrix with ``dim`` first and the other dims flattened; ``sigma``
    is ``u^T W v``, with the singular vectors ``u``, ``v`` (buffers
    ``parametrizations.<name>.0._u`` and ``._v``) estimated by 15 power-method iterations at
    registration and ``n_power_iterations`` more on every access in training mode (none in
    eval mode). A 1-D weight is divided by its 2-norm.

    Args:
        module (Module): the module holding the tensor.
        name (str): the tensor's name. Default: ``"weight"``.
        n_power_iterations (int): power-method iterations per access in training.
            Default: ``1``.
        eps (float): floor for the norms in the power method. Default: ``1e-12``.
        dim (int, optional): the output dim. Default: ``None``, meaning 1 for
            ``ConvTranspose2d`` and 0 otherwise.

    Returns:
        Module: ``module``, parametrized.

    Raises:
        ValueError: ``module`` has no tensor ``name``, or ``n_power_iterations`` is not
            positive.
        IndexError: ``dim`` is out of range for the weight.

    >>> from tinytorch.nn.utils.parametrizations import spectral_norm
    >>> m = spectral_norm(tinytorch.nn.Linear(20, 40))
    >>> list(m.state_dict())[2:]
    ['parametrizations.weight.0._u', 'parametrizations.weight.0._v']
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"Module '{module}' has no parameter or buffer with name '{name}'")
    if dim is None:
        dim = default_output_dim(module)
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
