"""``torch.distributions``: probability distributions with sampling (reparameterised where
PyTorch has it), log-densities, moments and KL divergences, built from tinytorch's Tensor ops
so they run on any device and differentiate through the tape (docs/distributions.md)."""

from tinytorch.distributions import constraints
from tinytorch.distributions.bernoulli import Bernoulli
from tinytorch.distributions.categorical import Categorical
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.exponential import Exponential
from tinytorch.distributions.independent import Independent
from tinytorch.distributions.kl import kl_divergence
from tinytorch.distributions.kl import register_kl
from tinytorch.distributions.laplace import Laplace
from tinytorch.distributions.multivariate_normal import MultivariateNormal
from tinytorch.distributions.normal import Normal
from tinytorch.distributions.one_hot_categorical import OneHotCategorical
from tinytorch.distributions.uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Exponential", "Independent", "Laplace",
           "MultivariateNormal", "Normal", "OneHotCategorical", "Uniform", "constraints",
           "kl_divergence", "register_kl"]
