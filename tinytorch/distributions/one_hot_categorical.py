"""The one-hot categorical distribution, after ``torch.distributions.OneHotCategorical``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.categorical import Categorical
from tinytorch.distributions.categorical import CategoricalWrapper
from tinytorch.nn.functional import one_hot

__all__ = ["OneHotCategorical", "OneHotCategoricalStraightThrough"]


class OneHotCategorical(CategoricalWrapper):
    """The categorical distribution with one-hot samples of size ``probs.size(-1)`` (the event
    dimension). Parameters as ``Categorical``'s.

    Args:
        probs (Tensor): event probabilities (normalised over the last dimension).
        logits (Tensor): event log-probabilities (unnormalised).
        validate_args (bool, optional): see ``Distribution``.

    >>> OneHotCategorical(tinytorch.tensor([0.25, 0.75])).log_prob(tinytorch.tensor([0.0, 1.0]))
    tensor(-0.2877)
    """

    support = constraints.one_hot
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits)
        self._init_shapes(validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(OneHotCategorical, batch_shape, (), _instance)
        new._categorical = self._categorical.expand(batch_shape)
        return new

    @property
    def mean(self):
        return self._categorical.probs

    @property
    def mode(self):
        probs = self._categorical.probs
        return one_hot(probs.argmax(dim=-1), num_classes=probs.shape[-1]).to(probs)

    @property
    def variance(self):
        return self._categorical.probs * (1 - self._categorical.probs)

    def sample(self, sample_shape=()):
        probs = self._categorical.probs
        indices = self._categorical.sample(sample_shape)
        return one_hot(indices, self._categorical._num_events).to(probs)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.max(-1)[1])

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        n = self.event_shape[0]
        values = tinytorch.eye(n, dtype=self._param.dtype, device=self._param.device)
        values = values.view((n,) + (1,) * len(self.batch_shape) + (n,))
        if expand:
            values = values.expand((n,) + tuple(self.batch_shape) + (n,))
        return values


class OneHotCategoricalStraightThrough(OneHotCategorical):
    """A ``OneHotCategorical`` with the straight-through gradient estimator (Bengio et al.,
    2013): ``rsample`` returns one-hot samples whose gradient is that of ``probs``.

    Args:
        probs (Tensor): event probabilities (normalised over the last dimension).
        logits (Tensor): event log-probabilities (unnormalised).
        validate_args (bool, optional): see ``Distribution``.

    >>> logits = tinytorch.zeros(3, requires_grad=True)
    >>> OneHotCategoricalStraightThrough(logits=logits).rsample().sum().backward()
    >>> logits.grad
    tensor([0., 0., 0.])
    """

    has_rsample = True

    def rsample(self, sample_shape=()):
        samples = self.sample(sample_shape)
        probs = self._categorical.probs
        return samples + (probs - probs.detach())
