"""The relaxed (concrete) Bernoulli distributions, after
``torch.distributions.relaxed_bernoulli``: ``LogitRelaxedBernoulli`` on the reals and
``RelaxedBernoulli``, its sigmoid, on (0, 1)."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.bernoulli import BinaryParam
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import SigmoidTransform
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import clamp_probs

__all__ = ["LogitRelaxedBernoulli", "RelaxedBernoulli"]


class LogitRelaxedBernoulli(BinaryParam):
    """The logit of a ``RelaxedBernoulli`` sample: ``(logit(u) + logits) / temperature`` for
    ``u ~ Uniform(0, 1)`` (Maddison et al., 2017). Give ``probs`` or ``logits``, not both.

    Args:
        temperature (Tensor): the relaxation temperature, positive.
        probs (Number or Tensor): the probability of 1.
        logits (Number or Tensor): the log-odds of 1.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given.

    >>> d = LogitRelaxedBernoulli(tinytorch.tensor(0.5), tinytorch.tensor([0.3]))
    >>> d.log_prob(tinytorch.tensor([0.0]))
    tensor([-2.2538])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.real
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self.temperature = temperature
        super().__init__(self._set_param(probs, logits), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_binary(LogitRelaxedBernoulli, batch_shape, _instance)
        new.temperature = self.temperature
        return new

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        probs = clamp_probs(self.probs.expand(shape))
        uniforms = clamp_probs(tinytorch.rand(shape, dtype=probs.dtype, device=probs.device))
        return (uniforms.log() - (-uniforms).log1p() + probs.log()
                - (-probs).log1p()) / self.temperature

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        diff = logits - value.mul(self.temperature)
        return self.temperature.log() + diff - 2 * diff.exp().log1p()


class RelaxedBernoulli(TransformedDistribution):
    """The relaxed (concrete) Bernoulli distribution on (0, 1): the sigmoid of a
    ``LogitRelaxedBernoulli``; reparameterised samples approach Bernoulli draws as the
    temperature goes to 0. Give ``probs`` or ``logits``, not both.

    Args:
        temperature (Tensor): the relaxation temperature, positive.
        probs (Number or Tensor): the probability of 1.
        logits (Number or Tensor): the log-odds of 1.
        validate_args (bool, optional): see ``Distribution``.

    >>> d = RelaxedBernoulli(tinytorch.tensor(0.5), tinytorch.tensor([0.3]))
    >>> d.log_prob(tinytorch.tensor([0.5]))
    tensor([-0.8675])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        base_dist = LogitRelaxedBernoulli(temperature, probs, logits)
        super().__init__(base_dist, SigmoidTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(RelaxedBernoulli, _instance)
        return super().expand(batch_shape, _instance=new)

    temperature = property(lambda self: self.base_dist.temperature,
                           doc="The relaxation temperature.")
    logits = property(lambda self: self.base_dist.logits, doc="The log-odds of 1.")
    probs = property(lambda self: self.base_dist.probs, doc="The probability of 1.")
