"""The geometric distribution, after ``torch.distributions.Geometric``."""

import tinytorch
from tinytorch.distributions import constraints
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.utils import broadcast_all
from tinytorch.distributions.utils import broadcast_params
from tinytorch.distributions.bernoulli import BinaryParam
from tinytorch.distributions.bernoulli import check_one_of
from tinytorch.nn.functional import binary_cross_entropy_with_logits

__all__ = ["Geometric"]


class Geometric(Distribution):
    """The number of failures before the first success of Bernoulli trials with success
    probability ``probs`` (or log-odds ``logits``): ``P(k) = (1 - p)^k p``, k = 0, 1, ...

    Args:
        probs (Number or Tensor): the success probability, in (0, 1].
        logits (Number or Tensor): the log-odds of success.
        validate_args (bool, optional): see ``Distribution``.

    Raises:
        ValueError: neither or both of ``probs`` and ``logits`` are given, or a probability
            is 0 (PyTorch's messages).

    >>> Geometric(tinytorch.tensor([0.5])).log_prob(tinytorch.tensor([2.0]))
    tensor([-2.0794])
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        check_one_of(probs, logits)
        if probs is not None:
            (self.probs,), batch_shape = broadcast_params(probs)
        else:
            (self.logits,), batch_shape = broadcast_params(logits)
        super().__init__(batch_shape, validate_args=validate_args)
        if self._validate_args and probs is not None:
            value = self.probs
            valid = value > 0
            if not valid.all():
                raise ValueError(
                    f"Expected parameter probs ({type(value).__name__} of shape "
                    f"{tuple(value.shape)}) of distribution {self!r} to be positive but found "
                    f"invalid values:\n{value.detach()[~valid]}")

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Geometric, batch_shape, ("probs", "logits"), _instance)

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return tinytorch.zeros_like(self.probs)

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    # the success probability and its log-odds, each computed from the other on first use
    logits = BinaryParam.__dict__["logits"]
    probs = BinaryParam.__dict__["probs"]

    def sample(self, sample_shape=()):
        shape = self._extended_shape(sample_shape)
        tiny = tinytorch.finfo(self.probs.dtype).tiny
        with tinytorch.no_grad():
            u = tinytorch.rand(shape, dtype=self.probs.dtype, device=self.probs.device)
            return (u.clamp(min=tiny).log() / (-self.probs).log1p()).floor()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        # a certain success (p = 1) at k = 0 has log-probability 0, not 0 * log(0)
        probs = tinytorch.where((probs == 1) & (value == 0), 0.0, probs)
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        return binary_cross_entropy_with_logits(self.logits, self.probs,
                                                reduction="none") / self.probs
