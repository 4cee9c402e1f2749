"""A node's name (``grad_fn.name()``, a printed tensor's ``grad_fn=<...>``) is PyTorch's for
the same call (NOTE [Node names] in tinytorch/_ops/_op.py): a table of expressions run in
both libraries. The names that still differ are listed in docs/pytorch_drop_in.md."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _inputs(lib):
    """The same float64 inputs in either library, each requiring grad."""
    rng = np.random.default_rng(0)

    def t(*shape):
        return lib.tensor(rng.standard_normal(shape), dtype=lib.float64, requires_grad=True)

    return dict(x=t(3, 4), y=t(3, 4), x3=t(2, 3, 4), m=t(4, 5), m3=t(2, 4, 5), v=t(4),
                w=t(5, 4), b=t(5), s=t(), img=t(2, 3, 8, 8), k=t(4, 3, 3, 3), kt=t(3, 2, 3, 3),
                x4=t(2, 4, 5, 5), idx=lib.tensor([0, 2]), cls=lib.tensor([0, 1, 2]),
                cls4=lib.zeros(2, 5, 5, dtype=lib.int64),
                spd=lib.tensor(np.eye(3) * 3 + 0.1, dtype=lib.float64, requires_grad=True))


CASES = {
    # indexing: the last step that does something (a whole-dim slice in a tuple is skipped)
    "x[0:2]": lambda L, F, a: a.x[0:2], "x[:]": lambda L, F, a: a.x[:],
    "x[1]": lambda L, F, a: a.x[1], "x[:, 1]": lambda L, F, a: a.x[:, 1],
    "x[None]": lambda L, F, a: a.x[None], "x[..., ::2]": lambda L, F, a: a.x[..., ::2],
    "x[...]": lambda L, F, a: a.x[...], "x[:, 0:4]": lambda L, F, a: a.x[:, 0:4],
    "x[:, -4:]": lambda L, F, a: a.x[:, -4:], "x[0, 1:3]": lambda L, F, a: a.x[0, 1:3],
    "x[1:, 0]": lambda L, F, a: a.x[1:, 0], "x[0, None]": lambda L, F, a: a.x[0, None],
    "x[idx]": lambda L, F, a: a.x[a.idx], "x[idx, 1:]": lambda L, F, a: a.x[a.idx, 1:],
    "narrow": lambda L, F, a: a.x.narrow(1, 0, 4), "select": lambda L, F, a: a.x.select(0, 1),
    "tensor_split": lambda L, F, a: a.x.tensor_split(2, 1)[0],
    "split": lambda L, F, a: a.x.split(2, 1)[0],
    "split sizes": lambda L, F, a: a.x.split([1, 3], 1)[0],
    "index_select": lambda L, F, a: a.x.index_select(0, a.idx),
    "take": lambda L, F, a: a.x.take(a.idx),
    "index_copy": lambda L, F, a: a.x.index_copy(0, a.idx, a.y[:2] * 1),
    "einsum diagonal": lambda L, F, a: L.einsum("ii->i", a.x[:, :3]),
    # views
    "unsqueeze": lambda L, F, a: a.x.unsqueeze(0), "squeeze()": lambda L, F, a: a.x[None].squeeze(),
    "squeeze(0)": lambda L, F, a: a.x[None].squeeze(0),
    "squeeze((0,))": lambda L, F, a: a.x[None].squeeze((0,)),
    "view": lambda L, F, a: a.x.view(12), "reshape": lambda L, F, a: a.x.reshape(2, 6),
    "reshape copies": lambda L, F, a: a.x.t().reshape(12),
    "flatten": lambda L, F, a: a.x.flatten(), "unflatten": lambda L, F, a: a.x.unflatten(1, (2, 2)),
    "t": lambda L, F, a: a.x.t(), "t 1-d": lambda L, F, a: a.v.t(),
    "transpose": lambda L, F, a: a.x3.transpose(0, 2), "transpose 0-d": lambda L, F, a:
    a.s.transpose(0, 0), "mT": lambda L, F, a: a.x3.mT, "swapaxes": lambda L, F, a:
    a.x.swapaxes(0, 1), "permute": lambda L, F, a: a.x.permute(1, 0),
    # arithmetic and pointwise
    "pow": lambda L, F, a: a.x ** 2, "pow tensor": lambda L, F, a: a.x ** a.y,
    "pow 0-d": lambda L, F, a: a.x ** a.s, "rpow": lambda L, F, a: 2 ** a.x,
    "rpow float": lambda L, F, a: 2.5 ** a.x, "square": lambda L, F, a: a.x.square(),
    "rsub": lambda L, F, a: 1 - a.x, "torch.rsub": lambda L, F, a: L.rsub(a.x, a.y),
    "minimum": lambda L, F, a: L.minimum(a.x, a.y), "fmax": lambda L, F, a: L.fmax(a.x, a.y),
    "fmin": lambda L, F, a: L.fmin(a.x, a.y), "logaddexp": lambda L, F, a: L.logaddexp(a.x, a.y),
    "logaddexp2": lambda L, F, a: L.logaddexp2(a.x, a.y),
    "lerp tensor": lambda L, F, a: a.x.lerp(a.y, a.y), "log1p": lambda L, F, a: a.x.log1p(),
    "erfc": lambda L, F, a: a.x.erfc(), "floor": lambda L, F, a: a.x.floor(),
    "ceil": lambda L, F, a: a.x.ceil(), "round": lambda L, F, a: a.x.round(),
    "round decimals": lambda L, F, a: a.x.round(decimals=1),
    "trunc": lambda L, F, a: a.x.trunc(), "sign": lambda L, F, a: a.x.sign(),
    "clamp": lambda L, F, a: a.x.clamp(-1, 1), "clamp min": lambda L, F, a: a.x.clamp(min=0),
    "clamp tensor": lambda L, F, a: a.x.clamp(a.v.detach(), a.v.detach() + 1),
    "clamp_min": lambda L, F, a: a.x.clamp_min(0), "clamp_max": lambda L, F, a:
    L.clamp_max(a.x, a.v.detach()),
    "relu": lambda L, F, a: a.x.relu(), "gelu": lambda L, F, a: F.gelu(a.x),
    "celu": lambda L, F, a: F.celu(a.x),
    "silu": lambda L, F, a: F.silu(a.x), "elu": lambda L, F, a: F.elu(a.x),
    "leaky_relu": lambda L, F, a: F.leaky_relu(a.x),
    # reductions
    "sum dim": lambda L, F, a: a.x.sum(1), "mean dim": lambda L, F, a: a.x.mean(0),
    "prod dim": lambda L, F, a: a.x.prod(1), "max": lambda L, F, a: a.x.max(),
    "sum_to_size": lambda L, F, a: a.x.sum_to_size(()),
    "min": lambda L, F, a: a.x.min(), "max dim": lambda L, F, a: a.x.max(1)[0],
    "min dim": lambda L, F, a: a.x.min(1)[0], "amax": lambda L, F, a: a.x.amax(1),
    "amin": lambda L, F, a: a.x.amin(), "std": lambda L, F, a: a.x.std(1),
    "norm": lambda L, F, a: a.x.norm(), "logsumexp": lambda L, F, a: a.x.logsumexp(1),
    "cumsum": lambda L, F, a: a.x.cumsum(1), "cummax": lambda L, F, a: a.x.cummax(1)[0],
    "cummin": lambda L, F, a: a.x.cummin(1)[0], "logcumsumexp": lambda L, F, a:
    a.x.logcumsumexp(1), "topk": lambda L, F, a: a.x.topk(2)[0],
    "kthvalue": lambda L, F, a: a.x.kthvalue(2)[0], "median dim": lambda L, F, a:
    a.x.median(1)[0], "nanmedian dim": lambda L, F, a: a.x.nanmedian(1)[0],
    # products
    "mm": lambda L, F, a: a.x.mm(a.m), "matmul": lambda L, F, a: a.x @ a.m,
    "mv": lambda L, F, a: a.x.mv(a.v), "dot": lambda L, F, a: a.v.dot(a.v),
    "bmm": lambda L, F, a: a.x3.bmm(a.m3), "linear": lambda L, F, a: F.linear(a.x, a.w),
    "linear bias": lambda L, F, a: F.linear(a.x, a.w, a.b),
    "linear 3-d bias": lambda L, F, a: F.linear(a.x3, a.w, a.b),
    # copies
    "clone": lambda L, F, a: a.x.clone(), "contiguous": lambda L, F, a: a.x.t().contiguous(),
    "float": lambda L, F, a: a.x.float(), "repeat": lambda L, F, a: a.x.repeat(2, 1),
    "tile": lambda L, F, a: a.x.tile(2), "tril": lambda L, F, a: a.x.tril(),
    "triu": lambda L, F, a: a.x.triu(1), "pad": lambda L, F, a: F.pad(a.x, (1, 1)),
    # linear algebra and special functions
    "det": lambda L, F, a: L.linalg.det(a.spd), "slogdet": lambda L, F, a:
    L.linalg.slogdet(a.spd)[1], "inv": lambda L, F, a: L.inverse(a.spd),
    "solve": lambda L, F, a: L.linalg.solve(a.spd, a.x[:3, :2]),
    "solve_triangular": lambda L, F, a: L.linalg.solve_triangular(a.spd.triu(), a.x[:3],
                                                                  upper=True),
    "eigvalsh": lambda L, F, a: L.linalg.eigvalsh(a.spd),
    "svdvals": lambda L, F, a: L.linalg.svdvals(a.spd),
    "qr": lambda L, F, a: L.linalg.qr(a.spd)[0], "matrix_exp": lambda L, F, a: a.spd.matrix_exp(),
    "lu_factor": lambda L, F, a: L.linalg.lu_factor(a.spd)[0],
    "pinv": lambda L, F, a: L.linalg.pinv(a.spd), "i0e": lambda L, F, a: L.special.i0e(a.x),
    "i1": lambda L, F, a: L.special.i1(a.x), "i1e": lambda L, F, a: L.special.i1e(a.x),
    "entr": lambda L, F, a: L.special.entr(a.x), "erfcx": lambda L, F, a: L.special.erfcx(a.x),
    "log_ndtr": lambda L, F, a: L.special.log_ndtr(a.x),
    "ndtri": lambda L, F, a: L.special.ndtri(a.x.sigmoid()),
    "digamma": lambda L, F, a: a.x.digamma(), "polygamma": lambda L, F, a: a.x.polygamma(1),
    "igammac": lambda L, F, a: L.igammac(a.x.exp(), a.y.exp()),
    "xlog1py": lambda L, F, a: L.special.xlog1py(a.x, a.y.exp()),
    # nn
    "conv2d": lambda L, F, a: F.conv2d(a.img, a.k),
    "conv_transpose2d": lambda L, F, a: F.conv_transpose2d(a.img, a.kt),
    "max_pool2d": lambda L, F, a: F.max_pool2d(a.img, 2),
    "avg_pool2d": lambda L, F, a: F.avg_pool2d(a.img, 2),
    "adaptive_avg_pool2d 1": lambda L, F, a: F.adaptive_avg_pool2d(a.img, 1),
    "adaptive_avg_pool2d": lambda L, F, a: F.adaptive_avg_pool2d(a.img, 3),
    "adaptive_max_pool2d": lambda L, F, a: F.adaptive_max_pool2d(a.img, 2),
    "fractional_max_pool2d": lambda L, F, a: F.fractional_max_pool2d(a.img, 2, output_size=2),
    "fractional_max_pool3d": lambda L, F, a: F.fractional_max_pool3d(a.img, (1, 2, 2), (1, 2, 2)),
    "nearest": lambda L, F, a: F.interpolate(a.img, scale_factor=2),
    "bilinear": lambda L, F, a: F.interpolate(a.img, scale_factor=2, mode="bilinear"),
    "unfold": lambda L, F, a: F.unfold(a.img, 3),
    "fold": lambda L, F, a: F.fold(a.x3.reshape(1, 4, 6), (3, 4), 2),
    "batch_norm": lambda L, F, a: F.batch_norm(a.img, None, None, training=True),
    "layer_norm": lambda L, F, a: F.layer_norm(a.x, (4,)),
    "cross_entropy": lambda L, F, a: F.cross_entropy(a.x, a.cls),
    "cross_entropy none": lambda L, F, a: F.cross_entropy(a.x, a.cls, reduction="none"),
    "cross_entropy smoothing": lambda L, F, a: F.cross_entropy(a.x, a.cls,
                                                               label_smoothing=0.1),
    "cross_entropy 4-d": lambda L, F, a: F.cross_entropy(a.x4, a.cls4),
    "margin_ranking_loss": lambda L, F, a: F.margin_ranking_loss(
        a.v, a.v * 2, a.v.detach().sign(), reduction="none"),
    "nll_loss": lambda L, F, a: F.nll_loss(a.x, a.cls),
    "nll_loss 4-d": lambda L, F, a: F.nll_loss(a.x4, a.cls4),
    "nll_loss none 1-d": lambda L, F, a: F.nll_loss(a.v, a.cls[0], reduction="none"),
    "cross_entropy none 1-d smoothing": lambda L, F, a: F.cross_entropy(
        a.v, a.cls[0], reduction="none", label_smoothing=0.1),
    "nll_loss none 4-d": lambda L, F, a: F.nll_loss(a.x4, a.cls4, reduction="none"),
    "cross_entropy none 3-d": lambda L, F, a: F.cross_entropy(a.x3, a.cls4[:, 0, :4],
                                                              reduction="none"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_grad_fn_name_is_pytorchs(case):
    fn = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # x.T-style deprecations, the same in both
        ours = fn(tinytorch, tinytorch.nn.functional, _Namespace(_inputs(tinytorch)))
        theirs = fn(torch, torch.nn.functional, _Namespace(_inputs(torch)))
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    assert repr(ours.grad_fn) == f"<{theirs.grad_fn.name()} object at {hex(id(ours.grad_fn))}>"


def test_dropout_is_a_multiply_on_the_cpu():
    """PyTorch's CPU dropout multiplies by the scaled mask: its node is MulBackward0."""
    x = tinytorch.ones(4, requires_grad=True)
    assert tinytorch.nn.functional.dropout(x, 0.5).grad_fn.name() == "MulBackward0"
    assert torch.nn.functional.dropout(torch.ones(4, requires_grad=True), 0.5).grad_fn.name() \
        == "MulBackward0"


class _Namespace:
    def __init__(self, values):
        self.__dict__.update(values)
