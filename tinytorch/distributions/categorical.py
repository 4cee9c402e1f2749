"""The categorical distribution, after ``torch.distributions.Categorical``."""

import math

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.bernoulli import check_one_of
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import enumerate_values
from tinytorch.distributions.utils import lazy_property
from tinytorch.distributions.utils import logits_to_probs
from tinytorch.distributions.utils import probs_to_logits
from tinytorch.distributions.utils import size

__all__ = ["Categorical"]


class Categorical(Distribution):
    """The categorical distribution over ``{0, ..., K-1}``, ``K = probs.size(-1)``; leading
    dimensions of the parameter are batch dimensions. Give ``probs`` (non-negative, any positive
    sum: they are normalised) or ``logits`` (unnormalised log-probabilities: normalised with
    logsumexp), not both.

    Args:
        probs (Tensor): event probabilities, at least 1-D.
        logits (Tensor): event log-probabilities (unnormalised), at least 1-D.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both parameters are given, or the parameter is 0-d.

    >>> Categorical(tinytorch.tensor([1.0, 3.0])).probs
    tensor([0.2500, 0.7500])
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        check_one_of(probs, logits)
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
            self._param = self.probs
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
            self._param = self.logits
        self._num_events = self._param.shape[-1]
        batch_shape = self._param.shape[:-1] if self._param.dim() > 1 else ()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(Categorical, batch_shape, ("probs", "logits"), _instance,
                                  event_shape=(self._num_events,))
        new._param = new.probs if "probs" in self.__dict__ else new.logits
        new._num_events = self._num_events
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        """The normalised log-probabilities."""
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        """The normalised probabilities."""
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        """The shape of the given parameter: ``batch_shape + (K,)``."""
        return self._param.size()

    @property
    def mean(self):
        return tinytorch.full(self._extended_shape(), math.nan, dtype=self.probs.dtype,
                              device=self.probs.device)

    @property
    def mode(self):
        return self.probs.argmax(dim=-1)

    @property
    def variance(self):
        return self.mean

    def sample(self, sample_shape=()):
        sample_shape = size(sample_shape)
        with tinytorch.no_grad():
            probs_2d = self.probs.reshape(-1, self._num_events)
            samples_2d = tinytorch.multinomial(probs_2d, sample_shape.numel(), True).T
        return samples_2d.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        value, log_pmf = tinytorch.broadcast_tensors(value, self.logits)
        value = value[..., :1]
        return log_pmf.gather(-1, value).squeeze(-1)

    def entropy(self):
        min_real = tinytorch.finfo(self.logits.dtype).min
        logits = tinytorch.clamp(self.logits, min=min_real)
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        return enumerate_values(self._num_events, self._param, self._batch_shape, expand,
                                dtype=tinytorch.long)


class CategoricalWrapper(Distribution):
    """A distribution over ``K`` categories held as ``self._categorical`` (a Categorical):
    its parameters are the categorical's, and the event is the last dimension."""

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def _init_shapes(self, validate_args):
        """``Distribution.__init__`` with the shapes of ``self._categorical``, set before."""
        Distribution.__init__(self, self._categorical.batch_shape,
                              self._categorical.param_shape[-1:], validate_args=validate_args)

    @property
    def _param(self):
        return self._categorical._param

    @property
    def probs(self):
        """The normalised probabilities."""
        return self._categorical.probs

    @property
    def logits(self):
        """The normalised log-probabilities."""
        return self._categorical.logits

    @property
    def param_shape(self):
        """The shape of the given parameter: ``batch_shape + (K,)``."""
        return self._categorical.param_shape
