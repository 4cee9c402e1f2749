"""Gumbel-softmax, composed as PyTorch composes it (so gradients and double backward come from
softmax's): a softmax of the logits plus Gumbel(0, 1) noise, over a temperature; with ``hard``
the one-hot of its argmax carrying the soft sample's gradient (straight-through)."""

import warnings

from tinytorch import _creation


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """A sample from the Gumbel-softmax (concrete) distribution of ``logits``:
    softmax((logits + g) / tau) with g ~ Gumbel(0, 1) drawn elementwise.

    Args:
        logits (Tensor): unnormalised log-probabilities, ``(*, num_features, *)``.
        tau (float): the temperature (> 0). Default: 1.
        hard (bool): return a one-hot of each sample's argmax along ``dim`` whose gradient
            is the soft sample's (straight-through). Default: False.
        eps (float): deprecated and unused (a warning when it is not 1e-10).
        dim (int): the dimension the softmax runs over. Default: -1.

    Returns:
        Tensor: of ``logits``' shape; each slice along ``dim`` sums to 1.

    >>> y = tinytorch.nn.functional.gumbel_softmax(tinytorch.zeros(2, 3), hard=True)
    >>> y.sum(-1)
    tensor([1., 1.])
    """
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -_creation.empty_like(logits).exponential_().log()  # ~Gumbel(0, 1)
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft  # the reparameterisation trick
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = _creation.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
