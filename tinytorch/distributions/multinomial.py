"""The multinomial distribution, after ``torch.distributions.Multinomial``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.binomial import Binomial
from tinytorch.distributions.categorical import Categorical
from tinytorch.distributions.categorical import CategoricalWrapper
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import size

__all__ = ["Multinomial"]


class Multinomial(CategoricalWrapper):
    """The counts of each of ``K = probs.size(-1)`` categories in ``total_count`` draws of a
    categorical distribution (the event dimension is the last). ``probs`` are normalised by
    their sum, ``logits`` by logsumexp, as ``Categorical``'s; give one, not both. ``sample``
    needs ``total_count``; ``log_prob`` takes the total from each value.

    Args:
        total_count (int): the number of draws. Default: 1.
        probs (Tensor): event probabilities.
        logits (Tensor): event log-probabilities (unnormalised).
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        NotImplementedError: ``total_count`` is not an int (PyTorch's message).

    >>> Multinomial(2, probs=tinytorch.ones(2)).log_prob(tinytorch.tensor([1.0, 1.0]))
    tensor(-0.6931)
    """

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial = Binomial(total_count=total_count, probs=self.probs)
        self._init_shapes(validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(Multinomial, batch_shape, (), _instance)
        new.total_count = self.total_count
        new._categorical = self._categorical.expand(batch_shape)
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=()):
        sample_shape = size(sample_shape)
        samples = self._categorical.sample(size((self.total_count,), sample_shape))
        # (total_count,) + sample_shape + batch_shape -> sample_shape + batch_shape + (draws,)
        samples = samples.permute(*range(1, samples.dim()), 0)
        counts = tinytorch.zeros(self._extended_shape(sample_shape), dtype=samples.dtype,
                                 device=samples.device)
        counts.scatter_add_(-1, samples, tinytorch.ones_like(samples))
        return counts.type_as(self.probs)

    def entropy(self):
        # n in the parameters' dtype (PyTorch's is int64, so its lgamma(n + 1) is float32's)
        n = tinytorch.tensor(self.total_count, dtype=self.probs.dtype, device=self.probs.device)
        term1 = n * self._categorical.entropy() - tinytorch.lgamma(n + 1)
        support = self._binomial.enumerate_support(expand=False)[1:]
        binomial_probs = tinytorch.exp(self._binomial.log_prob(support))
        term2 = (binomial_probs * tinytorch.lgamma(support + 1)).sum([0, -1])
        return term1 + term2

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        # a category of probability 0 that was never drawn contributes 0, not 0 * -inf
        logits = tinytorch.where((value == 0) & (logits == -float("inf")), 0.0, logits)
        log_factorial_n = tinytorch.lgamma(value.sum(-1) + 1)
        log_factorial_xs = tinytorch.lgamma(value + 1).sum(-1)
        return log_factorial_n - log_factorial_xs + (logits * value).sum(-1)
