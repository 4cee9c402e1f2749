"""The pruning methods of ``nn.utils.prune``: Identity, RandomUnstructured, L1Unstructured,
RandomStructured, LnStructured and CustomFromMask, with PyTorch's checks and messages.

NOTE [Pruning ties]: the deterministic methods rank with ``topk``, as PyTorch's do; where
entries tie at the cut-off, ours prunes the lowest flat indices first, while PyTorch's CPU
``topk`` (a selection algorithm) picks an order of its own. Without ties the same entries go.
"""

import numbers

from tinytorch import _creation
from tinytorch._ops.mathops import kthvalue
from tinytorch._ops.reduction import norm
from tinytorch._ops.sorting import topk
from tinytorch.nn.utils._prune_base import BasePruningMethod


def _validate_pruning_amount_init(amount):
    if not isinstance(amount, numbers.Real):
        raise TypeError(f"Invalid type for amount: {amount}. Must be int or float.")
    if (isinstance(amount, numbers.Integral) and amount < 0) or (
            not isinstance(amount, numbers.Integral)
            and (float(amount) > 1.0 or float(amount) < 0.0)):
        raise ValueError(f"amount={amount} should either be a float in the range [0, 1] or a "
                         "non-negative integer")


def _validate_pruning_amount(amount, tensor_size):
    if isinstance(amount, numbers.Integral) and amount > tensor_size:
        raise ValueError(f"amount={amount} should be smaller than the number of parameters to "
                         f"prune={tensor_size}")


def _validate_structured_pruning(t):
    shape = t.shape
    if len(shape) <= 1:
        raise ValueError("Structured pruning can only be applied to multidimensional tensors. "
                         f"Found tensor of shape {shape} with {len(shape)} dims")


def _validate_pruning_dim(t, dim):
    if dim >= t.dim():
        raise IndexError(f"Invalid index {dim} for tensor of size {t.shape}")


def _compute_nparams_toprune(amount, tensor_size):
    if isinstance(amount, numbers.Integral):
        return amount
    return round(amount * tensor_size)


def _nparams_toprune(amount, tensor_size):
    nparams = _compute_nparams_toprune(amount, tensor_size)
    _validate_pruning_amount(nparams, tensor_size)
    return nparams


def _channels_to_prune(t, dim, amount):
    """(channels along ``dim``, how many of them to prune), checked as PyTorch checks them."""
    _validate_structured_pruning(t)
    _validate_pruning_dim(t, dim)
    nchannels = t.shape[dim]
    return nchannels, _nparams_toprune(amount, nchannels)


def _channel_mask(t, dim, index, default_mask):
    """``default_mask`` on the channels ``index`` selects along ``dim``, zeros elsewhere."""
    mask = _creation.zeros_like(t)
    slc = [slice(None)] * len(t.shape)
    slc[dim] = index
    mask[tuple(slc)] = 1
    mask *= default_mask.to(dtype=mask.dtype)
    return mask


class Identity(BasePruningMethod):
    """Prune nothing: the reparametrization with an all-ones mask (see :func:`identity`).

    >>> from tinytorch.nn.utils import prune
    >>> prune.Identity.apply(tinytorch.nn.Linear(2, 1), "bias").PRUNING_TYPE
    'unstructured'
    """

    PRUNING_TYPE = "unstructured"

    def compute_mask(self, t, default_mask):
        return default_mask

    @classmethod
    def apply(cls, module, name):
        """Prune ``module.name`` with ``Identity`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.Identity.apply(m, "weight")
        >>> int(m.weight_mask.sum())
        6
        """
        return super().apply(module, name)


class RandomUnstructured(BasePruningMethod):
    """Prune ``amount`` entries chosen uniformly at random (see :func:`random_unstructured`).

    Args:
        amount (int or float): how many entries (int) or which fraction (float in [0, 1]).

    >>> from tinytorch.nn.utils import prune
    >>> int(prune.RandomUnstructured(amount=2).prune(tinytorch.ones(4)).sum())
    2
    """

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_pruning_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        nparams_toprune = _nparams_toprune(self.amount, t.nelement())
        mask = default_mask.clone()
        if nparams_toprune != 0:
            prob = _creation.rand_like(t)
            mask.view(-1)[topk(prob.view(-1), k=nparams_toprune).indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount):
        """Prune ``module.name`` with ``RandomUnstructured`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            amount (int or float): see the class.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.RandomUnstructured.apply(m, "weight", amount=2)
        >>> int(m.weight_mask.sum())
        4
        """
        return super().apply(module, name, amount=amount)


class L1Unstructured(BasePruningMethod):
    """Prune the ``amount`` entries of smallest absolute value (see :func:`l1_unstructured`).

    Args:
        amount (int or float): how many entries (int) or which fraction (float in [0, 1]).

    >>> from tinytorch.nn.utils import prune
    >>> prune.L1Unstructured(amount=0.5).prune(tinytorch.tensor([3.0, -1.0, 0.5, 2.0]))
    tensor([3., -0., 0., 2.])
    """

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        _validate_pruning_amount_init(amount)
        self.amount = amount

    def compute_mask(self, t, default_mask):
        nparams_toprune = _nparams_toprune(self.amount, t.nelement())
        mask = default_mask.clone()
        if nparams_toprune != 0:
            smallest = topk(t.abs().view(-1), k=nparams_toprune, largest=False)
            mask.view(-1)[smallest.indices] = 0
        return mask

    @classmethod
    def apply(cls, module, name, amount, importance_scores=None):
        """Prune ``module.name`` with ``L1Unstructured`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            amount (int or float): see the class.
            importance_scores (Tensor, optional): rank by these instead; the tensor's shape.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.L1Unstructured.apply(m, "weight", amount=2)
        >>> int(m.weight_mask.sum())
        4
        """
        return super().apply(module, name, amount=amount, importance_scores=importance_scores)


class RandomStructured(BasePruningMethod):
    """Prune ``amount`` whole channels along ``dim`` chosen at random (see
    :func:`random_structured`).

    Args:
        amount (int or float): how many channels (int) or which fraction (float in [0, 1]).
        dim (int): the channel dimension. Default: -1.

    >>> from tinytorch.nn.utils import prune
    >>> mask = prune.RandomStructured(amount=1, dim=1).compute_mask(
    ...     tinytorch.ones(2, 3), default_mask=tinytorch.ones(2, 3))
    >>> mask.sum(0).tolist().count(0.0)
    1
    """

    PRUNING_TYPE = "structured"

    def __init__(self, amount, dim=-1):
        _validate_pruning_amount_init(amount)
        self.amount = amount
        self.dim = dim

    def compute_mask(self, t, default_mask):
        nchannels, nparams_toprune = _channels_to_prune(t, self.dim, self.amount)
        if nparams_toprune == 0:
            return default_mask
        prob = _creation.rand(nchannels, device=t.device)
        threshold = kthvalue(prob, k=nparams_toprune).values
        return _channel_mask(t, self.dim, prob > threshold, default_mask)

    @classmethod
    def apply(cls, module, name, amount, dim=-1):
        """Prune ``module.name`` with ``RandomStructured`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            amount (int or float): see the class.
            dim (int): the channel dimension. Default: -1.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.RandomStructured.apply(m, "weight", amount=1, dim=0)
        >>> int(m.weight_mask.sum())
        3
        """
        return super().apply(module, name, amount=amount, dim=dim)


class LnStructured(BasePruningMethod):
    """Prune the ``amount`` channels along ``dim`` of smallest ``n``-norm (see
    :func:`ln_structured`).

    Args:
        amount (int or float): how many channels (int) or which fraction (float in [0, 1]).
        n (int, float, inf, -inf, 'fro', 'nuc'): the norm's order, as for ``tinytorch.norm``.
        dim (int): the channel dimension. Default: -1.

    >>> from tinytorch.nn.utils import prune
    >>> prune.LnStructured(amount=1, n=1, dim=0).prune(tinytorch.tensor([[1.0, 2.0], [4.0, 0.0]]))
    tensor([[0., 0.],
            [4., 0.]])
    """

    PRUNING_TYPE = "structured"

    def __init__(self, amount, n, dim=-1):
        _validate_pruning_amount_init(amount)
        self.amount = amount
        self.n = n
        self.dim = dim

    def compute_mask(self, t, default_mask):
        nchannels, nparams_toprune = _channels_to_prune(t, self.dim, self.amount)
        dims = list(range(t.dim()))
        dims.remove(dims[self.dim])
        kept = topk(norm(t, p=self.n, dim=dims), k=nchannels - nparams_toprune, largest=True)
        if nparams_toprune == 0:
            return default_mask
        return _channel_mask(t, self.dim, kept.indices, default_mask)

    @classmethod
    def apply(cls, module, name, amount, n, dim, importance_scores=None):
        """Prune ``module.name`` with ``LnStructured`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            amount (int or float): see the class.
            n (int, float, inf, -inf, 'fro', 'nuc'): the norm's order.
            dim (int): the channel dimension.
            importance_scores (Tensor, optional): rank by these instead; the tensor's shape.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.LnStructured.apply(m, "weight", amount=1, n=2, dim=0)
        >>> int(m.weight_mask.sum())
        3
        """
        return super().apply(module, name, amount=amount, n=n, dim=dim,
                             importance_scores=importance_scores)


class CustomFromMask(BasePruningMethod):
    """Prune with a given mask (see :func:`custom_from_mask`).

    Args:
        mask (Tensor): the mask, the tensor's shape; zeros prune.

    >>> from tinytorch.nn.utils import prune
    >>> prune.CustomFromMask(tinytorch.tensor([1.0, 0.0])).prune(tinytorch.tensor([5.0, 6.0]))
    tensor([5., 0.])
    """

    PRUNING_TYPE = "global"

    def __init__(self, mask):
        self.mask = mask

    def compute_mask(self, t, default_mask):
        if default_mask.shape != self.mask.shape:
            raise AssertionError(f"default_mask shape {default_mask.shape} must match self.mask "
                                 f"shape {self.mask.shape}")
        return default_mask * self.mask.to(dtype=default_mask.dtype)

    @classmethod
    def apply(cls, module, name, mask):
        """Prune ``module.name`` with ``CustomFromMask`` (composed with earlier pruning).

        Args:
            module (Module): the module holding the tensor.
            name (str): the parameter's name in ``module``.
            mask (Tensor): the mask, the tensor's shape.

        Returns:
            BasePruningMethod: the method registered as the pre-hook.

        >>> from tinytorch.nn.utils import prune
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> _ = prune.CustomFromMask.apply(m, "weight", mask=tinytorch.eye(2, 3))
        >>> int(m.weight_mask.sum())
        2
        """
        return super().apply(module, name, mask=mask)
