"""torch.special's orthogonal polynomials of ``x`` and degree ``n``: Chebyshev's of the
four kinds, on [-1, 1] and shifted to [0, 1], Hermite's (physicists' H and probabilists' He),
Laguerre's and Legendre's. PyTorch's cases and recurrences (NOTE [Orthogonal polynomials as
PyTorch's]): ``n`` is truncated to an integer, ``n < 0`` gives 0. x and n are Tensors or
numbers (at least one a Tensor) that broadcast and promote together; integers compute in the
default float dtype, half types are refused, as PyTorch's. Not differentiable (PyTorch's
outputs do not require grad)."""

from tinytorch._ops.math_cephes import Special
from tinytorch._ops.math_cephes import float_pair


def _polynomial(name, x, n, kernel, *options):
    x, degree = float_pair(name, x, n)
    return Special.apply(x, degree, kernel=kernel, options=options)


def chebyshev_polynomial_t(x, n):
    """Returns Chebyshev's polynomial of the first kind ``T_n(x)`` (``T_n(cos θ) = cos(nθ)``) at
    each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.chebyshev_polynomial_t(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-1., 26.])
    """
    return _polynomial("chebyshev_polynomial_t", x, n, "chebyshev_polynomial", "t", False)


def chebyshev_polynomial_u(x, n):
    """Returns Chebyshev's polynomial of the second kind ``U_n(x)`` (``U_n(cos θ) = sin((n+1)θ)
    / sin θ``) at each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.chebyshev_polynomial_u(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-1., 56.])
    """
    return _polynomial("chebyshev_polynomial_u", x, n, "chebyshev_polynomial", "u", False)


def chebyshev_polynomial_v(x, n):
    """Returns Chebyshev's polynomial of the third kind ``V_n(x)`` (``V_n(cos θ) = cos((n+½)θ) /
    cos(θ/2)``) at each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.chebyshev_polynomial_v(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-1., 41.])
    """
    return _polynomial("chebyshev_polynomial_v", x, n, "chebyshev_polynomial", "v", False)


def chebyshev_polynomial_w(x, n):
    """Returns Chebyshev's polynomial of the fourth kind ``W_n(x)`` (``W_n(cos θ) = sin((n+½)θ)
    / sin(θ/2)``) at each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.chebyshev_polynomial_w(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-1., 71.])
    """
    return _polynomial("chebyshev_polynomial_w", x, n, "chebyshev_polynomial", "w", False)


def shifted_chebyshev_polynomial_t(x, n):
    """Returns the shifted Chebyshev polynomial of the first kind ``T*_n(x) = T_n(2x - 1)`` at
    each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.shifted_chebyshev_polynomial_t(tinytorch.tensor([0.25, 2.0]), 3)
    tensor([ 1., 99.])
    """
    return _polynomial("shifted_chebyshev_polynomial_t", x, n, "chebyshev_polynomial",
                       "t", True)


def shifted_chebyshev_polynomial_u(x, n):
    """Returns the shifted Chebyshev polynomial of the second kind ``U*_n(x) = U_n(2x - 1)`` at
    each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.shifted_chebyshev_polynomial_u(tinytorch.tensor([0.25, 2.0]), 3)
    tensor([  1., 204.])
    """
    return _polynomial("shifted_chebyshev_polynomial_u", x, n, "chebyshev_polynomial",
                       "u", True)


def shifted_chebyshev_polynomial_v(x, n):
    """Returns the shifted Chebyshev polynomial of the third kind ``V*_n(x) = V_n(2x - 1)`` at
    each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.shifted_chebyshev_polynomial_v(tinytorch.tensor([0.25, 2.0]), 3)
    tensor([  1., 169.])
    """
    return _polynomial("shifted_chebyshev_polynomial_v", x, n, "chebyshev_polynomial",
                       "v", True)


def shifted_chebyshev_polynomial_w(x, n):
    """Returns the shifted Chebyshev polynomial of the fourth kind ``W*_n(x) = W_n(2x - 1)`` at
    each element of ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.shifted_chebyshev_polynomial_w(tinytorch.tensor([0.25, 2.0]), 3)
    tensor([  1., 239.])
    """
    return _polynomial("shifted_chebyshev_polynomial_w", x, n, "chebyshev_polynomial",
                       "w", True)


def hermite_polynomial_h(x, n):
    """Returns the physicists' Hermite polynomial ``H_n(x)`` (``H_2(x) = 4x² - 2``); NaN past
    degree 512 (128 in float32), as PyTorch's at each element of ``x``, for the degree
    ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.hermite_polynomial_h(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-5., 40.])
    """
    return _polynomial("hermite_polynomial_h", x, n, "hermite_polynomial", False)


def hermite_polynomial_he(x, n):
    """Returns the probabilists' Hermite polynomial ``He_n(x)`` (``He_2(x) = x² - 1``); NaN past
    degree 512 (128 in float32), as PyTorch's at each element of ``x``, for the degree
    ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.hermite_polynomial_he(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-1.3750,  2.0000])
    """
    return _polynomial("hermite_polynomial_he", x, n, "hermite_polynomial", True)


def laguerre_polynomial_l(x, n):
    """Returns Laguerre's polynomial ``L_n(x)`` (``L_1(x) = 1 - x``) at each element of
    ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.laguerre_polynomial_l(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-0.1458, -0.3333])
    """
    return _polynomial("laguerre_polynomial_l", x, n, "laguerre_polynomial")


def legendre_polynomial_p(x, n):
    """Returns Legendre's polynomial ``P_n(x)`` (``P_2(x) = (3x² - 1) / 2``) at each element of
    ``x``, for the degree ``n``.

    Args:
        x (Tensor or number): the points.
        n (Tensor or number): the degree (truncated to an integer; at least one of ``x`` and
            ``n`` is a Tensor).

    Returns:
        Tensor: the result, of the broadcast shape and the promoted float dtype.

    >>> tinytorch.special.legendre_polynomial_p(tinytorch.tensor([0.5, 2.0]), 3)
    tensor([-0.4375, 17.0000])
    """
    return _polynomial("legendre_polynomial_p", x, n, "legendre_polynomial")
