"""Bool inputs: tinytorch raises where PyTorch raises (same exception type) and otherwise
gives PyTorch's result dtype (see NOTE [Bool refusals]). Each case is one call written once
and run on both libraries."""

import operator

import pytest

import tinytorch

torch = pytest.importorskip("torch")


class _Lib:
    """One library's names for a case: ``t`` (the package), ``F``, and bool (``b``, ``m`` a
    matrix, ``c`` a batch of matrices), float (``f``) and int64 (``i``) tensors."""

    def __init__(self, lib, device):
        self.t, self.F = lib, lib.nn.functional
        kw = {"device": device} if lib is tinytorch else {}
        self.b = lib.tensor([True, False, True], **kw)
        self.m = lib.tensor([[True, False], [False, True]], **kw)
        self.c = lib.tensor([[[True, False], [False, True]]], **kw)
        self.f = lib.tensor([1.5, -2.0, 0.5], **kw)
        self.i = lib.tensor([1, 0, 3], **kw)


# (id, call): PyTorch refuses these ...
REFUSED = [
    ("sub_", lambda x: x.b.sub_(x.b)), ("isub_operator", lambda x: x.b.__isub__(x.b)),
    ("abs", lambda x: x.t.abs(x.b)), ("absolute", lambda x: x.t.absolute(x.b)),
    ("abs_", lambda x: x.b.abs_()), ("abs_operator", lambda x: abs(x.b)),
    ("pos_operator", lambda x: +x.b), ("positive", lambda x: x.t.positive(x.b)),
    ("round", lambda x: x.t.round(x.b)), ("round_decimals", lambda x: x.t.round(x.b, decimals=1)),
    ("floor", lambda x: x.t.floor(x.b)), ("ceil", lambda x: x.t.ceil(x.b)),
    ("trunc", lambda x: x.t.trunc(x.b)), ("fix", lambda x: x.t.fix(x.b)),
    ("trunc_", lambda x: x.b.trunc_()), ("frac", lambda x: x.t.frac(x.b)),
    ("argmax", lambda x: x.t.argmax(x.b)), ("argmin_dim", lambda x: x.t.argmin(x.m, 1)),
    ("topk", lambda x: x.t.topk(x.b, 1)), ("kthvalue", lambda x: x.t.kthvalue(x.b, 1)),
    ("median", lambda x: x.t.median(x.b)), ("median_dim", lambda x: x.t.median(x.m, 0)),
    ("searchsorted", lambda x: x.t.searchsorted(x.b, x.b)),
    ("searchsorted_bool_scalar", lambda x: x.t.searchsorted(x.b, True)),
    ("bucketize", lambda x: x.t.bucketize(True, x.b)),
    ("isin", lambda x: x.t.isin(x.b, x.b)), ("isin_other", lambda x: x.t.isin(x.i, x.b)),
    ("floordiv", lambda x: x.b // x.b), ("floordiv_true", lambda x: x.b // True),
    ("rfloordiv_true", lambda x: True // x.b),
    ("div_trunc", lambda x: x.t.div(x.b, x.b, rounding_mode="trunc")),
    ("mod", lambda x: x.b % x.b), ("rmod_true", lambda x: True % x.b),
    ("remainder", lambda x: x.t.remainder(x.b, True)), ("fmod", lambda x: x.t.fmod(x.b, x.b)),
    ("pow", lambda x: x.b ** x.b), ("rpow_true", lambda x: True ** x.b),
    ("pow_", lambda x: x.b.pow_(x.b)),
    ("matmul_dot", lambda x: x.b @ x.b), ("matmul_mv", lambda x: x.m @ x.m[0]),
    ("matmul_mm", lambda x: x.m @ x.m), ("bmm", lambda x: x.t.bmm(x.c, x.c)),
    ("dot", lambda x: x.t.dot(x.b, x.b)), ("mm", lambda x: x.t.mm(x.m, x.m)),
    ("mv", lambda x: x.t.mv(x.m, x.m[0])), ("addmm", lambda x: x.t.addmm(x.m, x.m, x.m)),
    ("inner", lambda x: x.t.inner(x.b, x.b)), ("linear", lambda x: x.F.linear(x.m, x.m)),
    ("clamp_bool_min", lambda x: x.t.clamp(x.b, True)),
    ("clamp_bool_max", lambda x: x.t.clamp(x.b, max=True)),
    ("clamp_bool_both", lambda x: x.t.clamp(x.b, False, True)),
    ("clamp_two_tensors", lambda x: x.t.clamp(x.b, x.b, x.b)),
    ("clamp_min_", lambda x: x.b.clamp_min_(True)),
    ("addcmul", lambda x: x.t.addcmul(x.b, x.b, x.b)),
    ("lerp", lambda x: x.t.lerp(x.b, x.b, x.b)), ("lerp_scalar", lambda x: x.t.lerp(x.b, x.b, 0.5)),
    ("cross", lambda x: x.t.cross(x.b, x.b, dim=0)), ("trace", lambda x: x.t.trace(x.m)),
    ("hypot", lambda x: x.t.hypot(x.b, x.b)), ("logaddexp", lambda x: x.t.logaddexp(x.b, x.b)),
    ("relu", lambda x: x.t.relu(x.b)), ("relu_", lambda x: x.b.relu_()),
    ("F.relu", lambda x: x.F.relu(x.b)), ("hardtanh", lambda x: x.F.hardtanh(x.b)),
    ("relu6", lambda x: x.F.relu6(x.b)), ("leaky_relu", lambda x: x.F.leaky_relu(x.b)),
    ("rrelu", lambda x: x.F.rrelu(x.b)), ("elu", lambda x: x.F.elu(x.b)),
    ("celu", lambda x: x.F.celu(x.b)), ("selu", lambda x: x.F.selu(x.b)),
    ("gelu", lambda x: x.F.gelu(x.b)), ("silu", lambda x: x.F.silu(x.b)),
    ("mish", lambda x: x.F.mish(x.b)), ("softplus", lambda x: x.F.softplus(x.b)),
    ("hardsigmoid", lambda x: x.F.hardsigmoid(x.b)), ("hardswish", lambda x: x.F.hardswish(x.b)),
    ("hardshrink", lambda x: x.F.hardshrink(x.b)), ("softshrink", lambda x: x.F.softshrink(x.b)),
    ("logsigmoid", lambda x: x.F.logsigmoid(x.b)), ("softsign", lambda x: x.F.softsign(x.b)),
    ("tanhshrink", lambda x: x.F.tanhshrink(x.b)),
    ("threshold", lambda x: x.F.threshold(x.b, 0.5, 0.0)), ("glu", lambda x: x.F.glu(x.m)),
    ("softmax", lambda x: x.F.softmax(x.m, 1)), ("softmax_dim0", lambda x: x.F.softmax(x.m, 0)),
    ("log_softmax", lambda x: x.F.log_softmax(x.m, 1)),
    ("add_int_", lambda x: x.b.add_(2)), ("mul_float_", lambda x: x.b.mul_(x.f)),
    ("div_", lambda x: x.b.div_(2)), ("exp_", lambda x: x.b.exp_()),
    ("sqrt_", lambda x: x.b.sqrt_()), ("sigmoid_", lambda x: x.b.sigmoid_()),
    ("iadd_int", lambda x: operator.iadd(x.b, 2)),
]

# ... and accepts these, with these result dtypes
ACCEPTED = [
    ("add", lambda x: x.b + x.b), ("add_int", lambda x: x.b + 2), ("mul", lambda x: x.b * x.b),
    ("div", lambda x: x.b / 2), ("floordiv_int", lambda x: x.b // 2),
    ("mod_float", lambda x: x.b % 2.5), ("pow_true", lambda x: x.b ** True),
    ("pow_false", lambda x: x.b ** False), ("pow_int", lambda x: x.b ** 2),
    ("rpow_int", lambda x: 2 ** x.b), ("square", lambda x: x.t.square(x.b)),
    ("sign", lambda x: x.t.sign(x.b)), ("max", lambda x: x.t.max(x.b)),
    ("min_dim", lambda x: x.t.min(x.m, 0)), ("amax", lambda x: x.t.amax(x.m, 0)),
    ("sort", lambda x: x.t.sort(x.b)), ("argsort", lambda x: x.t.argsort(x.b)),
    ("cumsum", lambda x: x.t.cumsum(x.b, 0)), ("cumprod", lambda x: x.t.cumprod(x.b, 0)),
    ("prod", lambda x: x.t.prod(x.b)), ("sum", lambda x: x.t.sum(x.b)),
    ("clamp_int", lambda x: x.t.clamp(x.b, 0, 1)), ("clamp_tensor", lambda x: x.t.clamp(x.b, x.b)),
    ("maximum", lambda x: x.t.maximum(x.b, x.b)), ("where", lambda x: x.t.where(x.b, x.b, x.b)),
    ("outer", lambda x: x.t.outer(x.b, x.b)), ("matmul_float", lambda x: x.m.float() @ x.m.float()),
    ("sigmoid", lambda x: x.t.sigmoid(x.b)), ("exp", lambda x: x.t.exp(x.b)),
    ("searchsorted_int", lambda x: x.t.searchsorted(x.b, 2)),
    ("bucketize_float", lambda x: x.t.bucketize(x.f, x.b)),
    ("iadd_bool", lambda x: operator.iadd(x.b, x.b)), ("mul_bool_", lambda x: x.b.mul_(True)),
    ("and", lambda x: x.b & x.b), ("invert", lambda x: ~x.b),
]


def _outcome(call, lib, device):
    try:
        out = call(_Lib(lib, device))
    except Exception as e:  # noqa: BLE001 - the exception's type is what is compared
        return "raises", type(e).__name__
    outs = out if isinstance(out, tuple) else (out,)
    return "returns", tuple(str(o.dtype).split(".")[-1] for o in outs)


@pytest.mark.parametrize("case", REFUSED + ACCEPTED, ids=[c[0] for c in REFUSED + ACCEPTED])
def test_bool_input_raises_or_returns_as_pytorch(case, device):
    name, call = case
    expected = _outcome(call, torch, "cpu")
    assert expected[0] == ("raises" if (name, call) in REFUSED else "returns"), expected
    assert _outcome(call, tinytorch, device) == expected
