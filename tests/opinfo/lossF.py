"""Op database entries for the margin, embedding and likelihood losses and the distances
(``pairwise_distance``, ``pdist``) of ``tinytorch.nn.functional``.

References are written from the definitions in NumPy (loops where clearer); samples keep the
hinge arguments at least 0.05 from their kinks so finite differences are meaningful (the
kinks themselves are tested against PyTorch in tests/nn/test_lossF.py).
"""

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tinytorch
import tinytorch.nn.functional as F
from tests.opinfo import ErrorCase
from tests.opinfo import OpInfo
from tests.opinfo import Sample
from tests.opinfo import floats

REDUCTION = st.sampled_from(["none", "mean", "sum"])
GAP = 0.05


def TF():
    import torch.nn.functional as torch_f
    return torch_f


def _reduce(loss, reduction):
    loss = np.asarray(loss, dtype=np.float64)
    return {"none": loss, "mean": loss.mean(), "sum": loss.sum()}[reduction]


def _away(values, kinks=(0.0,)):
    assume(all(np.all(np.abs(np.asarray(values) - k) > GAP) for k in kinks))


def _norm(d, p, axis=-1):
    a = np.abs(d)
    if p == np.inf:
        return a.max(axis)
    if p == 0:
        return (a != 0).sum(axis).astype(np.float64)
    return (a ** p).sum(axis) ** (1.0 / p)


def _softplus(x):
    return np.logaddexp(0.0, x)


def _long(d, values):
    return tinytorch.tensor(values, device=d)


def _ones(d, *shape):
    return tinytorch.ones(*shape, device=d, dtype=tinytorch.float64)


def _lib(x):
    """The library ``x`` belongs to (tinytorch or torch), for the weights the samples hold as
    arrays."""
    if isinstance(x, tinytorch.Tensor):
        return tinytorch
    import torch
    return torch


def _weighted(name):
    """fn(*args, weight=array) with the weight made a (non-differentiable) tensor of the
    library of ``args[0]``."""
    def call(*args, weight=None, **kw):
        lib = _lib(args[0])
        fn = getattr(F if lib is tinytorch else TF(), name)
        if isinstance(weight, np.ndarray):
            weight = lib.tensor(weight, dtype=args[0].dtype, device=args[0].device)
        return fn(*args, weight=weight, **kw)
    return call


def _shape(draw, min_dims=1, max_dims=2):
    return draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=4))


# --- margin ranking, hinge embedding, soft margin ------------------------------------------
@st.composite
def margin_ranking_sample(draw):
    shape = _shape(draw, 0)
    margin = draw(st.sampled_from([0.0, 0.5]))
    t = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0])))
    x2, z = draw(floats(shape)), draw(floats(shape))
    _away(z)
    return Sample((np.asarray(x2 + t * (margin - z)), x2, t),
                  {"margin": margin, "reduction": draw(REDUCTION)})


def margin_ranking_ref(x1, x2, t, margin=0.0, reduction="mean"):
    return _reduce(np.maximum(0.0, -t * (x1 - x2) + margin), reduction)


@st.composite
def hinge_sample(draw):
    shape = _shape(draw, 0)
    margin = draw(st.sampled_from([1.0, 0.5]))
    x = draw(floats(shape))
    _away(x, (margin,))
    t = np.array(draw(hnp.arrays(np.int64, shape, elements=st.sampled_from([-1, 1]))))
    return Sample((x, t), {"margin": margin, "reduction": draw(REDUCTION)})


def hinge_ref(x, t, margin=1.0, reduction="mean"):
    return _reduce(np.where(t == 1, x, np.maximum(0.0, margin - x)), reduction)


@st.composite
def soft_margin_sample(draw):
    shape = _shape(draw, 0)
    # an int target: PyTorch's soft_margin_loss has no gradient for it (tinytorch's has)
    t = np.array(draw(hnp.arrays(np.int64, shape, elements=st.sampled_from([-1, 1]))))
    return Sample((draw(floats(shape)), t), {"reduction": draw(REDUCTION)})


def soft_margin_ref(x, t, reduction="mean"):
    return _reduce(_softplus(-t * x), reduction)


# --- multilabel soft margin, cosine embedding -----------------------------------------------
@st.composite
def multilabel_soft_sample(draw):
    shape = _shape(draw, 1)
    kwargs = {"reduction": draw(REDUCTION)}
    if draw(st.booleans()):
        kwargs["weight"] = draw(floats(shape[-1:], 0.5, 2.0))
    return Sample((draw(floats(shape)), draw(floats(shape, 0.0, 1.0))), kwargs)


def multilabel_soft_ref(x, t, weight=None, reduction="mean"):
    loss = t * _softplus(-x) + (1 - t) * _softplus(x)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.mean(-1), reduction)


def _cosine(x1, x2):
    dim = x1.ndim - 1
    return (x1 * x2).sum(dim) / np.sqrt(((x1 * x1).sum(dim) + 1e-12)
                                        * ((x2 * x2).sum(dim) + 1e-12))


@st.composite
def cosine_embedding_sample(draw):
    batched = draw(st.booleans())
    shape = (draw(st.integers(1, 4)),) * batched + (draw(st.integers(1, 4)),)
    x1, x2 = draw(floats(shape)), draw(floats(shape))
    assume(np.all(np.abs(x1).sum(-1) > 0.3) and np.all(np.abs(x2).sum(-1) > 0.3))
    margin = draw(st.sampled_from([0.0, 0.5, -0.3]))
    _away(_cosine(x1, x2), (margin,))
    t = np.array(draw(hnp.arrays(np.int64, shape[:-1], elements=st.sampled_from([-1, 1]))))
    return Sample((x1, x2, t), {"margin": margin, "reduction": draw(REDUCTION)})


def cosine_embedding_ref(x1, x2, t, margin=0.0, reduction="mean"):
    cos = _cosine(x1, x2)
    return _reduce(np.where(t == 1, 1 - cos, np.maximum(0.0, cos - margin)), reduction)


# --- triplet losses -----------------------------------------------------------------------------
def _l1(x1, x2):
    return abs(x1 - x2).sum(-1)


def _triplet_parts(a, p, n, distance, swap):
    dist_pos, dist_neg = distance(a, p), distance(a, n)
    return dist_pos, (np.minimum(dist_neg, distance(p, n)) if swap else dist_neg)


@st.composite
def triplet_sample(draw, with_distance=False):
    shape = _shape(draw, 1)
    a, p, n = (draw(floats(shape)) for _ in range(3))
    for x1, x2 in ((a, p), (a, n), (p, n)):  # away from the norms' kinks
        _away(x1 - x2)
    kwargs = {"margin": draw(st.sampled_from([1.0, 0.5])), "swap": draw(st.booleans()),
              "reduction": draw(REDUCTION)}
    if with_distance:
        kwargs["distance_function"] = draw(st.sampled_from([None, _l1]))
        distance = kwargs["distance_function"] or (lambda x, y: _norm(x - y + 1e-6, 2))
    else:
        kwargs["p"] = draw(st.sampled_from([2.0, 1.0, 3.0]))
        distance = lambda x, y: _norm(x - y + 1e-6, kwargs["p"])  # noqa: E731
    dist_pos, dist_neg = _triplet_parts(a, p, n, distance, kwargs["swap"])
    _away(kwargs["margin"] + dist_pos - dist_neg)
    if kwargs["swap"]:
        _away(distance(a, n) - distance(p, n))
    return Sample((a, p, n), kwargs)


def triplet_ref(a, p, n, margin=1.0, p_norm=2.0, eps=1e-6, swap=False, reduction="mean",
                distance_function=None):
    distance = distance_function or (lambda x, y: _norm(x - y + eps, p_norm))
    dist_pos, dist_neg = _triplet_parts(a, p, n, distance, swap)
    return _reduce(np.maximum(0.0, margin + dist_pos - dist_neg), reduction)


def triplet_margin_ref(a, pos, n, p=2.0, **kw):
    return triplet_ref(a, pos, n, p_norm=p, **kw)


# --- Poisson and Gaussian negative log likelihoods --------------------------------------------
@st.composite
def poisson_sample(draw):
    shape = _shape(draw, 0)
    log_input, full = draw(st.booleans()), draw(st.booleans())
    x = draw(floats(shape, -2.0, 2.0) if log_input else floats(shape, 0.1, 3.0))
    t = draw(floats(shape, 0.1, 4.0))
    _away(t, (1.0,))
    return Sample((x, t), {"log_input": log_input, "full": full, "reduction": draw(REDUCTION)})


def poisson_ref(x, t, log_input=True, full=False, eps=1e-8, reduction="mean"):
    loss = np.exp(x) - t * x if log_input else x - t * np.log(x + eps)
    if full:
        with np.errstate(divide="ignore", invalid="ignore"):
            stirling = t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t)
        loss = loss + np.where(t <= 1, 0.0, stirling)
    return _reduce(loss, reduction)


@st.composite
def gaussian_sample(draw):
    shape = _shape(draw, 1, 3)
    var_shape = draw(st.sampled_from(
        [shape, shape[:-1]] + [shape[:i] + (1,) + shape[i + 1:] for i in range(len(shape))
                               if shape[i] > 1]))
    return Sample((draw(floats(shape)), draw(floats(shape)), draw(floats(var_shape, 0.1, 2.0))),
                  {"full": draw(st.booleans()), "reduction": draw(REDUCTION)})


def gaussian_ref(x, t, var, full=False, eps=1e-6, reduction="mean"):
    if var.shape != x.shape and var.shape == x.shape[:-1]:
        var = var[..., None]
    var = np.maximum(var, eps)
    loss = 0.5 * (np.log(var) + (x - t) ** 2 / var) + (0.5 * np.log(2 * np.pi) if full else 0)
    return _reduce(np.broadcast_to(loss, np.broadcast_shapes(x.shape, var.shape)), reduction)


# --- multi-class and multi-label margins -------------------------------------------------------
def _scores(draw):
    """(x, n, c, batched): ``(n, c)`` scores, or ``(c,)`` ones for one sample."""
    c, batched = draw(st.integers(1, 4)), draw(st.booleans())
    n = draw(st.integers(1, 3)) if batched else 1
    return draw(floats((n, c) if batched else (c,))), n, c, batched


@st.composite
def multi_margin_sample(draw):
    x, n, c, batched = _scores(draw)
    t = np.array(draw(hnp.arrays(np.int64, (n,) if batched else (), elements=st.integers(
        0, c - 1))))
    kwargs = {"p": draw(st.sampled_from([1, 2])), "margin": draw(st.sampled_from([1.0, 0.5])),
              "reduction": draw(REDUCTION)}
    x2 = x.reshape(n, c)
    _away(kwargs["margin"] - x2[np.arange(n), t.reshape(n)][:, None] + x2)
    if draw(st.booleans()):
        kwargs["weight"] = draw(floats((c,), 0.5, 2.0))
    return Sample((x, t), kwargs)


def multi_margin_ref(x, t, p=1, margin=1.0, weight=None, reduction="mean"):
    c = x.shape[-1] if x.ndim else 1
    x2, t2 = x.reshape(-1, c), t.reshape(-1)
    loss = np.zeros(len(t2))
    for i, y in enumerate(t2):
        for j in range(c):
            if j != y:
                h = max(0.0, margin - x2[i, y] + x2[i, j]) ** p
                loss[i] += h * (1.0 if weight is None else weight[y])
    return _reduce((loss / c).reshape(t.shape), reduction)


@st.composite
def multilabel_margin_sample(draw):
    x, n, c, batched = _scores(draw)
    t = np.array(draw(hnp.arrays(np.int64, (n, c), elements=st.integers(-1, c - 1))))
    x2 = x.reshape(n, c)
    _away(1 - x2[:, :, None] + x2[:, None, :])
    return Sample((x, t if batched else t[0]), {"reduction": draw(REDUCTION)})


def multilabel_margin_ref(x, t, reduction="mean"):
    c = x.shape[-1]
    x2, t2 = x.reshape(-1, c), t.reshape(-1, c)
    loss = np.zeros(len(t2))
    for i, row in enumerate(t2):
        targets = list(row[:list(row).index(-1)] if -1 in row else row)
        for y in targets:
            loss[i] += sum(max(0.0, 1 - x2[i, y] + x2[i, j]) for j in range(c)
                           if j not in targets)
    loss = loss / c
    return _reduce(loss if x.ndim == 2 else loss[0], reduction)


# --- distances ----------------------------------------------------------------------------------
@st.composite
def pairwise_sample(draw):
    bs = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3,
                                                min_side=1, max_side=4))
    x1, x2 = draw(floats(bs.input_shapes[0])), draw(floats(bs.input_shapes[1]))
    kwargs = {"p": draw(st.sampled_from([2.0, 1.0, 3.0, np.inf])),
              "eps": draw(st.sampled_from([1e-6, 0.0])), "keepdim": draw(st.booleans())}
    _away(x1 - x2)  # away from the norms' kinks
    if kwargs["p"] == np.inf and np.broadcast_shapes(x1.shape, x2.shape)[-1] > 1:
        top = np.sort(np.abs(x1 - x2), -1)
        _away(top[..., -1] - top[..., -2])
    return Sample((x1, x2), kwargs)


def pairwise_ref(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    out = _norm(x1 - x2 + eps, p)
    return out[..., None] if keepdim else out


@st.composite
def pdist_sample(draw):
    n, m = draw(st.integers(1, 4)), draw(st.integers(1, 3))  # PyTorch's backward crashes at 0
    x = draw(floats((n, m)))
    p = draw(st.sampled_from([2.0, 1.0, 3.0, 0.0, np.inf]))
    diffs = x[:, None, :] - x[None, :, :]
    assume(all(np.abs(diffs[i, j]).min() > GAP for i in range(n) for j in range(i + 1, n)))
    if p == np.inf:  # one largest difference per pair
        top = np.sort(np.abs(diffs), -1)
        assume(m == 1 or np.all(top[..., -1] - top[..., -2] > GAP) or n < 2)
    return Sample((x,), {"p": p})


def pdist_ref(x, p=2.0):
    n = x.shape[0]
    return np.array([_norm(x[i] - x[j], p) for i in range(n) for j in range(i + 1, n)])


def _tf(name):
    return lambda *a, **kw: getattr(TF(), name)(*a, **kw)


def _err(make, exc, match):
    return ErrorCase(make, exc, match)


_ERRORS_MARGIN = [
    _err(lambda d: ((_ones(d, 3), _ones(d, 3, 1), _ones(d, 3)), {}), RuntimeError,
         "margin_ranking_loss : All input tensors should have same dimension"),
    _err(lambda d: ((_ones(d, 3), _ones(d, 3), _ones(d, 3)), {"reduction": "bad"}), ValueError,
         "bad is not a valid value for reduction")]
_ERRORS_COSINE = [
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 2, 1)), {}), RuntimeError,
         "0D or 1D target tensor expected, multi-target not supported"),
    _err(lambda d: ((_ones(d, 3), _ones(d, 3), _ones(d, 2)), {}), RuntimeError,
         r"1D target tensor expects 2D input tensors, but found inputs with sizes \[3\] and "
         r"\[3\]\."),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d)), {}), RuntimeError,
         "0D target tensor expects 1D input tensors")]
_ERRORS_TRIPLET = [
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 3)), {}), RuntimeError,
         "The anchor, positive, and negative tensors are expected to have the same number of "
         "dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 2, 3)), {"margin": 0}),
         ValueError, "margin must be greater than 0, got 0")]
_ERRORS_GAUSSIAN = [
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), -_ones(d, 2, 3)), {}), ValueError,
         "var has negative entry/entries"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), -1.0), {}), ValueError,
         "var has negative entry/entries"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 1, 1)), {}), ValueError,
         "var is of incorrect size"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 3)), {}), ValueError,
         "var is of incorrect size"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2, 3), _ones(d, 2, 3)), {"reduction": "x"}),
         ValueError, "x is not valid")]
_ERRORS_MULTI_MARGIN = [
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [0, 1])), {"p": 3}), ValueError,
         "only p == 1 and p == 2 supported"),
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [0, 1])), {"weight": _ones(d, 1, 3)}), ValueError,
         "weight must be one-dimensional"),
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [0, 1])), {"weight": _ones(d, 2)}), RuntimeError,
         r"inconsistent weight size, expected 3 but got \[2\]"),
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [0, 3])), {}), RuntimeError, "target out of range"),
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [0, 1, 1])), {}), RuntimeError,
         r"multi_margin_loss: target tensor should be 1-D with size equal to the number of "
         r"input samples \(batch size\). Expected target size \[2\], but got \[3\]. Input has "
         r"shape \[2, 3\]."),
    _err(lambda d: ((_ones(d, 2, 3, 4), _long(d, [0, 1])), {}), RuntimeError,
         r"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
         r"\[2, 3, 4\]"),
    _err(lambda d: ((_ones(d, 2, 3), _ones(d, 2)), {}), RuntimeError,
         "expected scalar type Long but found Double")]
_ERRORS_MULTILABEL = [
    _err(lambda d: ((_ones(d, 2, 3), _long(d, [[0, 1, -1]])), {}), RuntimeError,
         r"inconsistent target size: \[1, 3\] for input of size: \[2, 3\]"),
    _err(lambda d: ((_ones(d, 1, 3), _long(d, [[0, -1, 7]])), {}), RuntimeError,
         "argument #2 'target' is out of range"),
    _err(lambda d: ((_ones(d, 2, 0), _long(d, [[], []])), {}), RuntimeError,
         r"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
         r"\[2, 0\]")]
_ERRORS_PDIST = [
    _err(lambda d: ((_ones(d, 3),), {}), RuntimeError, "pdist only supports 2D tensors, got: 1D"),
    _err(lambda d: ((_ones(d, 2, 3),), {"p": -1}), RuntimeError,
         "pdist only supports non-negative p values"),
    _err(lambda d: ((_long(d, [[1, 2]]),), {}), RuntimeError,
         "pdist only supports floating-point dtypes")]

OPS = [
    OpInfo("margin_ranking_loss", F.margin_ranking_loss, margin_ranking_ref,
           margin_ranking_sample(), _tf("margin_ranking_loss"), gradgrad=True,
           errors=_ERRORS_MARGIN),
    OpInfo("hinge_embedding_loss", F.hinge_embedding_loss, hinge_ref, hinge_sample(),
           _tf("hinge_embedding_loss"), gradgrad=True, errors=[
               _err(lambda d: ((_ones(d, 3), _ones(d, 3)), {"reduction": "bad"}), ValueError,
                    "bad is not a valid value for reduction")]),
    OpInfo("soft_margin_loss", F.soft_margin_loss, soft_margin_ref, soft_margin_sample(),
           _tf("soft_margin_loss"), gradgrad=True),
    OpInfo("multilabel_soft_margin_loss", _weighted("multilabel_soft_margin_loss"),
           multilabel_soft_ref, multilabel_soft_sample(),
           _weighted("multilabel_soft_margin_loss"), gradgrad=True, errors=[
               _err(lambda d: ((_ones(d), _ones(d)), {}), IndexError,
                    "Dimension specified as -1 but tensor has no dimensions")]),
    OpInfo("cosine_embedding_loss", F.cosine_embedding_loss, cosine_embedding_ref,
           cosine_embedding_sample(), _tf("cosine_embedding_loss"), gradgrad=True,
           errors=_ERRORS_COSINE),
    OpInfo("triplet_margin_loss", F.triplet_margin_loss, triplet_margin_ref, triplet_sample(),
           _tf("triplet_margin_loss"), gradgrad=True, errors=_ERRORS_TRIPLET),
    OpInfo("triplet_margin_with_distance_loss", F.triplet_margin_with_distance_loss,
           triplet_ref, triplet_sample(with_distance=True),
           _tf("triplet_margin_with_distance_loss"), gradgrad=True, errors=_ERRORS_TRIPLET),
    OpInfo("poisson_nll_loss", F.poisson_nll_loss, poisson_ref, poisson_sample(),
           _tf("poisson_nll_loss"), gradgrad=True),
    OpInfo("gaussian_nll_loss", F.gaussian_nll_loss, gaussian_ref, gaussian_sample(),
           _tf("gaussian_nll_loss"), gradgrad=True, errors=_ERRORS_GAUSSIAN),
    # PyTorch has no double backward for these three: tests/nn/test_lossF.py runs
    # gradgradcheck on tinytorch's.
    OpInfo("multi_margin_loss", _weighted("multi_margin_loss"), multi_margin_ref,
           multi_margin_sample(), _weighted("multi_margin_loss"), errors=_ERRORS_MULTI_MARGIN),
    OpInfo("multilabel_margin_loss", F.multilabel_margin_loss, multilabel_margin_ref,
           multilabel_margin_sample(), _tf("multilabel_margin_loss"), errors=_ERRORS_MULTILABEL),
    OpInfo("pdist", F.pdist, pdist_ref, pdist_sample(), _tf("pdist"), errors=_ERRORS_PDIST),
    OpInfo("pairwise_distance", F.pairwise_distance, pairwise_ref, pairwise_sample(),
           _tf("pairwise_distance"), gradgrad=True),
]
