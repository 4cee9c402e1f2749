"""The relaxed (concrete, Gumbel-softmax) categorical distributions, after
``torch.distributions.relaxed_categorical``: ``ExpRelaxedCategorical`` (log of a point of the
simplex) and ``RelaxedOneHotCategorical``, its exponential."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.categorical import Categorical
from tinytorch.distributions.categorical import CategoricalWrapper
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import ExpTransform
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import clamp_probs

__all__ = ["ExpRelaxedCategorical", "RelaxedOneHotCategorical"]


class ExpRelaxedCategorical(CategoricalWrapper):
    """The log of a relaxed one-hot categorical sample: ``log_softmax((logits + g) / t)`` with
    Gumbel noise ``g`` (Maddison et al., 2017; Jang et al., 2017). Parameters as
    ``Categorical``'s; give ``probs`` or ``logits``, not both.

    Args:
        temperature (Tensor): the relaxation temperature, positive.
        probs (Tensor): event probabilities.
        logits (Tensor): unnormalised event log-probabilities.
        validate_args (bool, optional): see ``Distribution``.

    >>> d = ExpRelaxedCategorical(tinytorch.tensor(1.0), tinytorch.tensor([0.5, 0.5]))
    >>> d.log_prob(tinytorch.tensor([-0.5, -0.5]))
    tensor(-1.3863)
    """

    support = constraints.real_vector  # the true support is a submanifold of it
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits)
        self.temperature = temperature
        self._init_shapes(validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_params(ExpRelaxedCategorical, batch_shape, (), _instance)
        new.temperature = self.temperature
        new._categorical = self._categorical.expand(batch_shape)
        return new

    def rsample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        uniforms = clamp_probs(tinytorch.rand(shape, dtype=self.logits.dtype,
                                              device=self.logits.device))
        gumbels = -((-(uniforms.log())).log())
        scores = (self.logits + gumbels) / self.temperature
        return scores - scores.logsumexp(dim=-1, keepdim=True)

    def log_prob(self, value):
        k = self._categorical._num_events
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        log_scale = (tinytorch.full_like(self.temperature, float(k)).lgamma()
                     - self.temperature.log().mul(-(k - 1)))
        score = logits - value.mul(self.temperature)
        score = (score - score.logsumexp(dim=-1, keepdim=True)).sum(-1)
        return score + log_scale


class RelaxedOneHotCategorical(TransformedDistribution):
    """The relaxed one-hot categorical (Gumbel-softmax) distribution on the simplex:
    reparameterised samples approach one-hot draws as the temperature goes to 0. Give
    ``probs`` or ``logits``, not both.

    Args:
        temperature (Tensor): the relaxation temperature, positive.
        probs (Tensor): event probabilities.
        logits (Tensor): unnormalised event log-probabilities.
        validate_args (bool, optional): see ``Distribution``.

    >>> d = RelaxedOneHotCategorical(tinytorch.tensor(1.0), tinytorch.tensor([0.5, 0.5]))
    >>> d.rsample((4,)).sum(-1)
    tensor([1., 1., 1., 1.])
    """

    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, temperature, probs=None, logits=None, validate_args=None):
        base_dist = ExpRelaxedCategorical(temperature, probs, logits,
                                          validate_args=validate_args)
        super().__init__(base_dist, ExpTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(RelaxedOneHotCategorical, _instance)
        return super().expand(batch_shape, _instance=new)

    temperature = property(lambda self: self.base_dist.temperature,
                           doc="The relaxation temperature.")
    logits = property(lambda self: self.base_dist.logits,
                      doc="The normalised log-probabilities.")
    probs = property(lambda self: self.base_dist.probs, doc="The normalised probabilities.")
