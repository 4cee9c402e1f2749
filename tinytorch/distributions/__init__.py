"""``torch.distributions``: probability distributions with sampling (reparameterised where
PyTorch has it), log-densities, moments and KL divergences, built from tinytorch's Tensor ops
so they run on any device and differentiate through the tape (docs/distributions.md)."""

from tinytorch.distributions import constraints
from tinytorch.distributions import kl_families  # noqa: F401 (registers the KL pairs)
from tinytorch.distributions import transforms
from tinytorch.distributions.bernoulli import Bernoulli
from tinytorch.distributions.beta import Beta
from tinytorch.distributions.binomial import Binomial
from tinytorch.distributions.categorical import Categorical
from tinytorch.distributions.cauchy import Cauchy
from tinytorch.distributions.chi2 import Chi2
from tinytorch.distributions.constraint_registry import biject_to
from tinytorch.distributions.constraint_registry import transform_to
from tinytorch.distributions.continuous_bernoulli import ContinuousBernoulli
from tinytorch.distributions.dirichlet import Dirichlet
from tinytorch.distributions.distribution import Distribution
from tinytorch.distributions.exponential import Exponential
from tinytorch.distributions.fishersnedecor import FisherSnedecor
from tinytorch.distributions.gamma import Gamma
from tinytorch.distributions.geometric import Geometric
from tinytorch.distributions.gumbel import Gumbel
from tinytorch.distributions.half_cauchy import HalfCauchy
from tinytorch.distributions.half_normal import HalfNormal
from tinytorch.distributions.independent import Independent
from tinytorch.distributions.inverse_gamma import InverseGamma
from tinytorch.distributions.kl import kl_divergence
from tinytorch.distributions.kl import register_kl
from tinytorch.distributions.kumaraswamy import Kumaraswamy
from tinytorch.distributions.laplace import Laplace
from tinytorch.distributions.log_normal import LogNormal
from tinytorch.distributions.logistic_normal import LogisticNormal
from tinytorch.distributions.lowrank_multivariate_normal import LowRankMultivariateNormal
from tinytorch.distributions.mixture_same_family import MixtureSameFamily
from tinytorch.distributions.multinomial import Multinomial
from tinytorch.distributions.multivariate_normal import MultivariateNormal
from tinytorch.distributions.negative_binomial import NegativeBinomial
from tinytorch.distributions.normal import Normal
from tinytorch.distributions.one_hot_categorical import OneHotCategorical
from tinytorch.distributions.one_hot_categorical import OneHotCategoricalStraightThrough
from tinytorch.distributions.pareto import Pareto
from tinytorch.distributions.poisson import Poisson
from tinytorch.distributions.relaxed_bernoulli import RelaxedBernoulli
from tinytorch.distributions.relaxed_categorical import RelaxedOneHotCategorical
from tinytorch.distributions.studentT import StudentT
from tinytorch.distributions.transformed_distribution import TransformedDistribution
from tinytorch.distributions.transforms import AbsTransform
from tinytorch.distributions.transforms import AffineTransform
from tinytorch.distributions.transforms import CatTransform
from tinytorch.distributions.transforms import ComposeTransform
from tinytorch.distributions.transforms import CorrCholeskyTransform
from tinytorch.distributions.transforms import CumulativeDistributionTransform
from tinytorch.distributions.transforms import ExpTransform
from tinytorch.distributions.transforms import IndependentTransform
from tinytorch.distributions.transforms import LowerCholeskyTransform
from tinytorch.distributions.transforms import PositiveDefiniteTransform
from tinytorch.distributions.transforms import PowerTransform
from tinytorch.distributions.transforms import ReshapeTransform
from tinytorch.distributions.transforms import SigmoidTransform
from tinytorch.distributions.transforms import SoftmaxTransform
from tinytorch.distributions.transforms import SoftplusTransform
from tinytorch.distributions.transforms import StackTransform
from tinytorch.distributions.transforms import StickBreakingTransform
from tinytorch.distributions.transforms import TanhTransform
from tinytorch.distributions.transforms import Transform
from tinytorch.distributions.transforms import identity_transform
from tinytorch.distributions.uniform import Uniform
from tinytorch.distributions.von_mises import VonMises
from tinytorch.distributions.weibull import Weibull

__all__ = ["AbsTransform", "AffineTransform", "Bernoulli", "Beta", "Binomial", "CatTransform",
           "Categorical", "Cauchy", "Chi2", "ComposeTransform", "ContinuousBernoulli",
           "CorrCholeskyTransform", "CumulativeDistributionTransform", "Dirichlet", "Distribution",
           "ExpTransform", "Exponential", "FisherSnedecor", "Gamma", "Geometric", "Gumbel",
           "HalfCauchy", "HalfNormal", "Independent", "IndependentTransform", "InverseGamma",
           "Kumaraswamy", "Laplace", "LogNormal", "LogisticNormal", "LowRankMultivariateNormal",
           "LowerCholeskyTransform", "MixtureSameFamily", "Multinomial", "MultivariateNormal",
           "NegativeBinomial", "Normal", "OneHotCategorical", "OneHotCategoricalStraightThrough",
           "Pareto", "Poisson", "PositiveDefiniteTransform", "PowerTransform", "RelaxedBernoulli",
           "RelaxedOneHotCategorical", "ReshapeTransform", "SigmoidTransform", "SoftmaxTransform",
           "SoftplusTransform", "StackTransform", "StickBreakingTransform", "StudentT",
           "TanhTransform", "Transform", "TransformedDistribution", "Uniform", "VonMises",
           "Weibull", "biject_to", "constraints", "identity_transform", "kl_divergence",
           "register_kl", "transform_to", "transforms"]
