"""The op table of the random-program tester (tests/autograd/test_random_programs.py).

Each emitter draws one statement from a ``Builder`` (tests/autograd/random_programs.py): it
picks operands among the values built so far, writes the Python expression (the same source
runs with ``import torch`` and ``import tinytorch as torch``) and says the result's shape and
a bound on its magnitude. An emitter returns None where the values at hand do not fit it;
the builder then draws another. The families are the issue's: elementwise with broadcasting,
reductions, views, cat/stack, matmul, softmax, cumsum, where/clamp/maximum, nn ops, and the
in-place writes add_, mul_ and __setitem__ (on views too).
"""

import math

SCALARS = (0.5, -1.5, 2.0, 0.25, -0.75)  # exact in binary, so results stay exact


def broadcast(*shapes):
    """The broadcast shape of ``shapes``, or None when they do not broadcast."""
    ndim = max(len(s) for s in shapes)
    out = []
    for sizes in zip(*[(1,) * (ndim - len(s)) + tuple(s) for s in shapes]):
        big = {n for n in sizes if n != 1}
        if len(big) > 1:
            return None
        out.append(big.pop() if big else 1)
    return tuple(out)


def numel(shape):
    return math.prod(shape)


def _dims(b, x):
    return b.choice(range(-len(x.shape), len(x.shape)))


# --- elementwise ----------------------------------------------------------------------------
UNARY = [  # (template, magnitude bound from the input's and the scalar's)
    ("-{x}", lambda m, c: m), ("{x} * {c}", lambda m, c: m * abs(c)),
    ("{x}.abs()", lambda m, c: m), ("{x}.relu()", lambda m, c: m),
    ("{x}.tanh()", lambda m, c: 1.0), ("{x}.sigmoid()", lambda m, c: 1.0),
    ("{x}.sin()", lambda m, c: 1.0), ("{x} ** 2", lambda m, c: m * m),
    ("{c} - {x}", lambda m, c: m + abs(c)),
    ("{x}.exp()", lambda m, c: math.exp(m) if m < 5 else math.inf),
    ("F.silu({x})", lambda m, c: m), ("F.elu({x})", lambda m, c: m),
    ("F.leaky_relu({x}, 0.125)", lambda m, c: m), ("F.softplus({x})", lambda m, c: m + 1.0),
]
PASS_THROUGH = [  # backwards that return their gradient unchanged; results may alias x
    "{x}.contiguous()", "{x}.clone()", "F.dropout({x}, p=0.25, training=False)",
    "{x}.to(torch.float64)", "{x}.double()", "{x} + 0",
]


def unary(b):
    x = b.pick()
    template, bound = b.choice(UNARY)
    c = b.scalar()
    return b.emit(template.format(x=x, c=c), x.shape, bound(x.mag, c))


def pass_through(b):
    x = b.pick()
    template = b.choice(PASS_THROUGH)
    return b.emit(template.format(x=x), x.shape, x.mag, base=None if "+" in template else x)


BINARY = [
    ("{x} + {y}", lambda m, n: m + n), ("{x} - {y}", lambda m, n: m + n),
    ("{x} * {y}", lambda m, n: m * n), ("{x} / ({y} * {y} + 0.5)", lambda m, n: 2 * m),
    ("torch.maximum({x}, {y})", max), ("torch.minimum({x}, {y})", max),
    ("torch.where({x} > {y}, {x}, {y} * 2)", lambda m, n: max(m, 2 * n)),
    ("torch.where({y} < 0, {x}.sin(), {x})", lambda m, n: max(m, 1.0)),
]


def binary(b):
    x = b.pick()
    y = b.pick(lambda v: broadcast(v.shape, x.shape) is not None)
    if b.flip():
        x, y = y, x
    template, bound = b.choice(BINARY)
    return b.emit(template.format(x=x, y=y), broadcast(x.shape, y.shape), bound(x.mag, y.mag))


def clamp(b):
    x = b.pick()
    lo, hi = sorted((b.scalar(), b.scalar()))
    template = b.choice(["{x}.clamp({lo}, {hi})", "{x}.clamp(min={lo})",
                         "torch.clamp({x}, max={hi})"])
    return b.emit(template.format(x=x, lo=lo, hi=hi), x.shape, max(x.mag, abs(lo), abs(hi)))


# --- reductions, cumsum, softmax --------------------------------------------------------------
def reduction(b):
    x = b.pick(lambda v: v.shape)
    name = b.choice(["sum", "mean", "amax", "amin", "logsumexp", "var", "prod"])
    keepdim = b.flip()
    if name in ("sum", "mean", "amax", "amin") and b.flip():
        shape, args = (), ""
    elif len(x.shape) > 1 and name in ("sum", "mean", "amax", "amin") and b.flip():
        dims = sorted({len(x.shape) - 1, b.choice(range(len(x.shape) - 1))})
        shape = tuple(1 if i in dims else n for i, n in enumerate(x.shape) if keepdim or
                      i not in dims)
        args = f"dim={tuple(dims)}, keepdim={keepdim}"
    else:
        d = _dims(b, x)
        axis = d % len(x.shape)
        if name == "var" and x.shape[axis] < 2:
            return None
        shape = tuple(1 if i == axis else n for i, n in enumerate(x.shape) if keepdim or
                      i != axis)
        args = f"{d}, keepdim={keepdim}"
    size = numel(x.shape)
    if name == "prod":  # a bound past float's range is inf: emit squashes it (MAG_LIMIT)
        mag = x.mag ** size if size * math.log(max(x.mag, 1.0)) < 700 else math.inf
    else:
        mag = {"sum": x.mag * size, "logsumexp": x.mag + math.log(max(size, 1)) + 1,
               "var": 4 * x.mag * x.mag * size}.get(name, x.mag)
    return b.emit(f"{x}.{name}({args})", shape, mag)


def cumsum(b):
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    kind = b.choice(["cumsum", "cumsum", "cumprod", "logcumsumexp"])
    if kind == "cumprod":  # zeros among the values: cumprod's backward has a path for them
        return b.emit(f"{x}.cumprod({d})", x.shape, max(x.mag, 1.0) ** x.shape[d])
    if kind == "logcumsumexp":
        return b.emit(f"torch.logcumsumexp({x}, {d})", x.shape,
                      x.mag + math.log(max(x.shape[d], 1)) + 1)
    template = b.choice(["{x}.cumsum({d})", "torch.cumsum({x}, dim={d})"])
    return b.emit(template.format(x=x, d=d), x.shape, x.mag * numel(x.shape))


def softmax(b):
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    size = max(numel(x.shape), 1)
    template, mag = b.choice([("F.softmax({x}, dim={d})", 1.0),
                              ("{x}.log_softmax({d})", 2 * x.mag + math.log(size)),
                              ("torch.log_softmax({x}, {d})", 2 * x.mag + math.log(size))])
    return b.emit(template.format(x=x, d=d), x.shape, mag)


# --- views ------------------------------------------------------------------------------------
def _reshapes(shape):
    n = numel(shape)
    divisors = [d for d in range(1, n + 1) if n % d == 0]
    out = [(n,), (1, n), (n, 1)] + [(d, n // d) for d in divisors]
    out += [(d, e, n // (d * e)) for d in divisors for e in divisors if (n // d) % e == 0]
    return out


def reshape(b):
    x = b.pick()
    shape = b.choice(_reshapes(x.shape))
    text = ", ".join(map(str, shape))
    if b.flip():
        text = ", ".join("-1" if i == 0 else str(n) for i, n in enumerate(shape))
    method = b.choice(["reshape", "reshape", "view"])  # view raises where reshape would copy
    return b.emit(f"{x}.{method}({text})", shape, x.mag, base=x)


def flatten(b):
    x = b.pick()
    return b.emit(f"{x}.flatten()", (numel(x.shape),), x.mag, base=x)


def transpose(b):
    x = b.pick(lambda v: len(v.shape) >= 2)
    n = len(x.shape)
    kind = b.choice(["transpose", "permute", "mT", "t"] if n == 2 else
                    ["transpose", "permute", "mT"])
    if kind == "transpose":
        d0, d1 = b.choice(range(n)), b.choice(range(-n, n))
        shape = list(x.shape)
        shape[d0], shape[d1] = shape[d1], shape[d0]
        return b.emit(f"{x}.transpose({d0}, {d1})", tuple(shape), x.mag, base=x)
    if kind == "permute":
        perm = b.permutation(n)
        return b.emit(f"{x}.permute({', '.join(map(str, perm))})",
                      tuple(x.shape[p] for p in perm), x.mag, base=x)
    shape = x.shape[:-2] + x.shape[:-3:-1]
    return b.emit(f"{x}.{kind}" + ("()" if kind == "t" else ""), shape, x.mag, base=x)


def index_expr(b, shape):
    """An indexing expression for ``shape`` (an int, a slice, ``None`` or ``...``) and the
    shape it selects; never empty."""
    dims = [d for d, n in enumerate(shape) if n]  # a dim of size 0 has nothing to pick
    if not dims or b.choice(range(6)) == 0:
        return "[None]", (1,) + tuple(shape)
    d = b.choice(dims)
    n = shape[d]
    prefix = "..., " if d == len(shape) - 1 and d > 0 and b.flip() else ":, " * d
    kind = b.choice(["int", "slice", "step"])
    if kind == "int":
        i = b.choice(range(-n, n))
        return f"[{prefix}{i}]", shape[:d] + shape[d + 1:]
    start = b.choice(range(n))
    stop = b.choice(range(start + 1, n + 1))
    step = 2 if kind == "step" else 1
    sel = f"{start}:{stop}" + (":2" if step == 2 else "")
    return f"[{prefix}{sel}]", shape[:d] + (len(range(start, stop, step)),) + shape[d + 1:]


def index(b):
    x = b.pick()
    expr, shape = index_expr(b, x.shape)
    return b.emit(f"{x}{expr}", shape, x.mag, base=x)


def expand(b):
    x = b.pick()
    lead = b.choice([(), (2,), (3,)])
    sizes = [b.choice([2, 3]) if n == 1 and b.flip() else n for n in x.shape]
    text = [str(n) for n in lead] + [str(n) if n != m or not b.flip() else "-1"
                                     for n, m in zip(sizes, x.shape)]
    if not text:
        text = ["1"]
        lead = (1,)
    return b.emit(f"{x}.expand({', '.join(text)})", tuple(lead) + tuple(sizes), x.mag, base=x)


def squeeze(b):
    x = b.pick()
    n = len(x.shape)
    kind = b.choice(["squeeze_dim", "squeeze", "unsqueeze"] if n else ["unsqueeze"])
    if kind == "unsqueeze":
        d = b.choice(range(-n - 1, n + 1))
        shape = list(x.shape)
        shape.insert(d % (n + 1), 1)
        return b.emit(f"{x}.unsqueeze({d})", tuple(shape), x.mag, base=x)
    if kind == "squeeze":
        return b.emit(f"{x}.squeeze()", tuple(s for s in x.shape if s != 1), x.mag, base=x)
    d = _dims(b, x)
    shape = tuple(s for i, s in enumerate(x.shape) if i != d % n or s != 1)
    return b.emit(f"{x}.squeeze({d})", shape, x.mag, base=x)


# --- joins and matmul -------------------------------------------------------------------------
def stack(b):
    x = b.pick()
    others = [b.pick(lambda v: v.shape == x.shape) for _ in range(b.choice([1, 1, 2]))]
    n = len(x.shape)
    d = b.choice(range(-n - 1, n + 1))
    shape = list(x.shape)
    shape.insert(d % (n + 1), 1 + len(others))
    names = ", ".join(str(v) for v in [x] + others)
    return b.emit(f"torch.stack([{names}], {d})", tuple(shape),
                  max(v.mag for v in [x] + others))


def cat(b):
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    axis = d % len(x.shape)

    def fits(v):
        return (len(v.shape) == len(x.shape)
                and all(m == n for i, (m, n) in enumerate(zip(v.shape, x.shape)) if i != axis))

    others = [b.pick(fits) for _ in range(b.choice([1, 1, 2]))]
    shape = list(x.shape)
    shape[axis] = sum(v.shape[axis] for v in [x] + others)
    names = ", ".join(str(v) for v in [x] + others)
    return b.emit(f"torch.cat([{names}], dim={d})", tuple(shape),
                  max(v.mag for v in [x] + others))


def matmul_shape(s, t):
    if not s or not t:
        return None
    a = (1,) + tuple(s) if len(s) == 1 else tuple(s)
    c = tuple(t) + (1,) if len(t) == 1 else tuple(t)
    batch = broadcast(a[:-2], c[:-2])
    if a[-1] != c[-2] or batch is None:
        return None
    return batch + (a[-2],) * (len(s) > 1) + (c[-1],) * (len(t) > 1)


def matmul(b):
    x = b.pick(lambda v: v.shape)
    y = b.pick(lambda v: matmul_shape(x.shape, v.shape) is not None, fallback=False)
    if y is None:  # x against its own transpose: a value used as a view and as its base
        if len(x.shape) < 2:
            return b.emit(f"{x} @ {x}", (), x.mag * x.mag * x.shape[-1])
        # plus b.offsets: rows of opposite signs cancel to exactly 0 in one BLAS and to an
        # FMA's rounding of a product in another, which a later kink or tie tells apart
        shape = matmul_shape(x.shape, x.shape[:-2] + x.shape[:-3:-1])
        return b.emit(f"{x} @ {x}.mT + {b.offsets(shape)}", shape,
                      x.mag * x.mag * x.shape[-1] + 0.2)
    return b.emit(f"{b.choice(['{} @ {}', 'torch.matmul({}, {})']).format(x, y)}",
                  matmul_shape(x.shape, y.shape), x.mag * y.mag * x.shape[-1])


# --- nn ops -----------------------------------------------------------------------------------
def linear(b):
    x = b.pick(lambda v: v.shape)
    out = b.choice([1, 2, 3])
    weight = b.operand((out, x.shape[-1]))
    bias = f", {b.operand((out,))}" if b.flip() else ""
    return b.emit(f"F.linear({x}, {weight}{bias})", x.shape[:-1] + (out,),
                  (x.mag * x.shape[-1] + 1) * b.operand_mag)


def _image(b, ndims=4):
    """An (N, C, H, W) input: a 4-D value as it is, or another reshaped to a drawn shape."""
    x = b.pick(lambda v: len(v.shape) == ndims and min(v.shape[-2:]) >= 2, fallback=False)
    if x is not None:
        return str(x), x.shape, x.mag
    shape = (b.choice([1, 2]), b.choice([1, 2, 3]), b.choice([2, 3, 4]), b.choice([2, 3, 4]))
    return b.operand(shape), shape, b.operand_mag


def conv2d(b):
    x, (n, c, h, w), mag = _image(b)
    groups = b.choice([1, c])
    out = groups * b.choice([1, 2])
    k, stride, pad = b.choice([1, 2, 3]), b.choice([1, 2]), b.choice([0, 1])
    oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    if min(oh, ow) < 1:
        return None
    weight = b.operand((out, c // groups, k, k))
    bias = f", {b.operand((out,))}" if b.flip() else ", None"
    # plus b.offsets: equal products (a repeated operand) sum to equal results here and, in
    # PyTorch's CPU convolution, to results that differ by a rounding between batch entries,
    # which a later max or kink then tells apart
    shape = (n, out, oh, ow)
    return b.emit(f"F.conv2d({x}, {weight}{bias}, stride={stride}, padding={pad}, "
                  f"groups={groups}) + {b.offsets(shape)}", shape,
                  (mag * c * k * k + 1) * b.operand_mag + 0.2)


def pool(b):
    x, (n, c, h, w), mag = _image(b)
    kind = b.choice(["max_pool2d", "avg_pool2d", "adaptive_avg_pool2d"])
    # an average plus b.offsets: the libraries sum a window in different orders, and a tie
    # that a later max breaks would tell the roundings apart
    if kind == "adaptive_avg_pool2d":
        oh, ow = b.choice(range(1, h + 1)), b.choice(range(1, w + 1))
        return b.emit(f"F.adaptive_avg_pool2d({x}, ({oh}, {ow})) + "
                      f"{b.offsets((n, c, oh, ow))}", (n, c, oh, ow), mag + 0.2)
    k = b.choice([1, 2, 3])
    stride, pad = b.choice([1, 2]), b.choice(range(k // 2 + 1))
    oh, ow = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
    if min(oh, ow) < 1:
        return None
    call = f"F.{kind}({x}, {k}, stride={stride}, padding={pad})"
    if kind == "avg_pool2d":
        return b.emit(f"{call} + {b.offsets((n, c, oh, ow))}", (n, c, oh, ow), mag + 0.2)
    return b.emit(call, (n, c, oh, ow), mag)


def norm(b):
    """A normalisation plus b.offsets: an element equal to its mean normalises to exactly 0
    (or the bias) here and to a rounding of it in PyTorch's fused kernels, which a later kink
    (abs, relu, a clamp bound) or a tie (amax over rows) then tells apart."""
    kind = b.choice(["layer_norm", "batch_norm", "batch_norm_eval", "group_norm"])
    x = b.pick(lambda v: len(v.shape) >= (1 if kind == "layer_norm" else 2))
    shape = x.shape
    affine = b.flip()
    shift = f" + {b.offsets(shape)}"
    # eps=0.25: a constant input (zero variance, common on the grid) is normalised with
    # 1/sqrt(eps) = 2, not 316: its second derivatives then stay free of rounding blown up by
    # 316^3, in which the two libraries differ
    eps = ", eps=0.25"
    if kind == "layer_norm":
        normalized = shape[-b.choice([1, 2]):] if len(shape) > 1 else shape[-1:]
        extra = (f", {b.operand(normalized)}, {b.operand(normalized)}" if affine else "")
        return b.emit(f"F.layer_norm({x}, {list(normalized)}{extra}{eps}){shift}", shape,
                      math.sqrt(numel(normalized)) * b.operand_mag + b.operand_mag + 0.2)
    c = shape[1]
    # contiguous: PyTorch 2.13's CPU batch_norm backward reads a strided weight as if it were
    # contiguous when the input's spatial size is 1 ((N, C) or (N, C, 1)): wrong input gradients
    extra = (f", {b.operand((c,))}.contiguous(), {b.operand((c,))}.contiguous()" if affine
             else "")
    bound = math.sqrt(numel(shape)) * b.operand_mag + b.operand_mag + 0.2
    if kind == "group_norm":
        groups = b.choice([g for g in range(1, c + 1) if c % g == 0] or [1])  # c may be 0
        return b.emit(f"F.group_norm({x}, {groups}{extra}{eps}){shift}", shape, bound)
    # {x}.contiguous() and .flatten().reshape(...): the input and the gradient reaching
    # batch_norm are contiguous. PyTorch 2.13's CPU batch_norm backward permutes the input
    # gradient of an input whose strides look channels-last where a dim is 1 (e.g. (6, 1, 2, 1)
    # for (1, 2, 3, 1), or (3, 1, 3, 1) for (1, 3, 2, 1) with a contiguous incoming gradient:
    # the same input made contiguous gets the right one, which tinytorch gives either way)
    fold = f".flatten().reshape({shape})"
    if kind == "batch_norm_eval":
        stats = (f"torch.full(({c},), 0.25, dtype=torch.float64, device=device), "
                 f"torch.full(({c},), 1.5, dtype=torch.float64, device=device)")
        return b.emit(f"F.batch_norm({x}.contiguous(), {stats}{extra or ', None, None'}, "
                      f"training=False{eps}){fold}{shift}", shape,
                      (x.mag + 1) * b.operand_mag + b.operand_mag + 0.2)
    return b.emit(f"F.batch_norm({x}.contiguous(), None, None{extra or ', None, None'}, "
                  f"training=True{eps}){fold}{shift}", shape, bound)


LOSSES = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "bce_with_logits", "kl_div",
          "cross_entropy", "nll_loss"]


def loss(b):
    kind = b.choice(LOSSES)
    reduction = b.choice(["mean", "sum", "none"])
    x = b.pick(lambda v: v.shape)
    if kind in ("cross_entropy", "nll_loss"):
        return _class_loss(b, kind, x, reduction)
    y = b.operand(x.shape)
    mag = (x.mag + b.operand_mag) ** 2 * numel(x.shape) + 1
    shape = x.shape if reduction == "none" else ()
    if kind == "bce_with_logits":
        return b.emit(f"F.binary_cross_entropy_with_logits({x}, {y}.sigmoid(), "
                      f"reduction={reduction!r})", shape, mag)
    if kind == "kl_div":
        reduction = b.choice(["batchmean", "sum", "none"])
        return b.emit(f"F.kl_div({x}.log_softmax(-1), {y}.softmax(-1), "
                      f"reduction={reduction!r})", x.shape if reduction == "none" else (),
                      mag)
    option = {"smooth_l1_loss": ", beta=0.5", "huber_loss": ", delta=1.5"}.get(kind, "")
    return b.emit(f"F.{kind}({x}, {y}, reduction={reduction!r}{option})", shape, mag)


def _class_loss(b, kind, x, reduction):
    c = x.shape[1] if len(x.shape) >= 2 else x.shape[0]
    if not c:  # no class to draw a target from
        return None
    target_shape = x.shape[:1] + x.shape[2:] if len(x.shape) >= 2 else ()
    target = b.int_literal(target_shape, c)
    shape = target_shape if reduction == "none" else ()
    mag = 2 * x.mag * numel(x.shape) + math.log(c) + 1
    if kind == "nll_loss":
        dim = 1 if len(x.shape) >= 2 else 0
        return b.emit(f"F.nll_loss({x}.log_softmax({dim}), {target}, reduction={reduction!r})",
                      shape, mag)
    smoothing = ", label_smoothing=0.125" if b.flip() else ""
    return b.emit(f"F.cross_entropy({x}, {target}, reduction={reduction!r}{smoothing})",
                  shape, mag)


# --- in place ---------------------------------------------------------------------------------
def in_place(b):
    t = b.pick_target()
    kind = b.choice(["add_", "mul_", "setitem", "add_alpha"])
    if kind == "setitem":
        expr, shape = index_expr(b, t.shape)
        if expr == "[None]":
            expr = "[...]"
            shape = t.shape
        y = b.pick(lambda v: broadcast(v.shape, shape) == shape, fallback=False)
        value = b.source(str(y), y, t, view=True) if y is not None and b.flip() else str(
            b.scalar())
        return b.write(t, f"{t}{expr} = {value}", max(t.mag, y.mag if y else 2.0))
    y = b.pick(lambda v: broadcast(v.shape, t.shape) == t.shape, fallback=False)
    other = b.source(str(y), y, t) if y is not None and b.flip() else str(b.scalar())
    other_mag = y.mag if y is not None and other.startswith(str(y)) else 2.0
    if kind == "mul_":
        return b.write(t, f"{t}.mul_({other})", t.mag * other_mag)
    alpha = f", alpha={b.scalar()}" if kind == "add_alpha" else ""
    return b.write(t, f"{t}.add_({other}{alpha})", t.mag + 2 * other_mag)


# --- picking and scattering --------------------------------------------------------------------
def _sizes_with(b, shape, d):
    """``shape`` with dim ``d`` drawn again (1-4): an index tensor's or a source's shape."""
    return tuple(b.choice([1, 2, 3, 4]) if i == d else n for i, n in enumerate(shape))


def gather_scatter(b):
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    axis = d % len(x.shape)
    n = x.shape[axis]
    if not n:  # no index value to draw
        return None
    kind = b.choice(["gather", "take_along_dim", "index_select", "advanced", "scatter_add",
                     "scatter", "index_add", "masked_fill", "embedding"])
    if kind in ("gather", "take_along_dim"):  # repeated indices add up in backward
        shape = _sizes_with(b, x.shape, axis)
        idx = b.int_literal(shape, n)
        text = (f"torch.gather({x}, {d}, {idx})" if kind == "gather"
                else f"torch.take_along_dim({x}, {idx}, dim={d})")
        return b.emit(text, shape, x.mag)
    if kind in ("index_select", "advanced"):
        k = b.choice([1, 2, 3, 4])
        idx = b.int_literal((k,), n)
        shape = x.shape[:axis] + (k,) + x.shape[axis + 1:]
        if kind == "index_select":
            return b.emit(f"{x}.index_select({d}, {idx})", shape, x.mag)
        return b.emit(f"{x}[{':, ' * axis}{idx}]", shape, x.mag)
    if kind == "scatter_add":
        shape = _sizes_with(b, x.shape, axis)
        src = b.operand(shape)
        return b.emit(f"{x}.scatter_add({d}, {b.int_literal(shape, n)}, {src})", x.shape,
                      x.mag + b.operand_mag * shape[axis])
    if kind == "scatter":  # a value, not a source: repeated indices write the same number
        shape = _sizes_with(b, x.shape, axis)
        c = b.scalar()
        return b.emit(f"{x}.scatter({d}, {b.int_literal(shape, n)}, {c})", x.shape,
                      max(x.mag, abs(c)))
    if kind == "index_add":  # repeated rows: the CPU kernel's row fast path
        k = b.choice([1, 2, 3, 4, 5])
        src = b.operand(x.shape[:axis] + (k,) + x.shape[axis + 1:])
        alpha = f", alpha={b.scalar()}" if b.flip() else ""
        return b.emit(f"{x}.index_add({d}, {b.int_literal((k,), n)}, {src}{alpha})", x.shape,
                      x.mag + 2 * k * b.operand_mag)
    if kind == "masked_fill":
        y = b.pick(lambda v: broadcast(v.shape, x.shape) == x.shape)
        c = b.scalar()
        return b.emit(f"{x}.masked_fill({y} > {b.scalar()}, {c})", x.shape, max(x.mag, abs(c)))
    w = b.pick(lambda v: len(v.shape) == 2 and v.shape[0])  # embedding: rows of a 2-D value
    idx_shape = b.choice([(1,), (3,), (2, 2)])
    idx = b.int_literal(idx_shape, w.shape[0])
    padding = f", padding_idx={b.choice(range(w.shape[0]))}" if b.flip() else ""
    return b.emit(f"F.embedding({idx}, {w}{padding})", idx_shape + w.shape[1:], w.mag)


def pick_by_dim(b):
    """max/min/sort along a dim: the gradient goes to the chosen index (PyTorch's first
    among ties), except the full max/min, which splits it among ties."""
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    axis = d % len(x.shape)
    kind = b.choice(["max", "min", "max_all", "sort", "sort_desc", "split"])
    if kind == "max_all":
        return b.emit(f"{x}.{b.choice(['max', 'min'])}()", (), x.mag)
    if kind in ("sort", "sort_desc"):
        desc = ", descending=True" if kind == "sort_desc" else ""
        return b.emit(f"{x}.sort(dim={d}{desc}, stable=True)[0]", x.shape, x.mag)
    if kind == "split":
        return split(b, x, d, axis)
    keepdim = b.flip()
    shape = tuple(1 if i == axis else n for i, n in enumerate(x.shape) if keepdim or i != axis)
    form = b.choice(["{x}.{k}({d}, keepdim={kd})[0]", "torch.{k}({x}, {d}, {kd}).values"])
    return b.emit(form.format(x=x, k=kind, d=d, kd=keepdim), shape, x.mag)


def split(b, x, d, axis):
    """One output of unbind/chunk/split/narrow/select: a view of ``x``; the others get no
    gradient (their node still runs)."""
    n = x.shape[axis]
    if not n:
        return None
    kind = b.choice(["unbind", "chunk", "split", "split_sizes", "narrow", "select"])
    if kind in ("unbind", "select"):
        i = b.choice(range(-n, n))
        text = f"{x}.unbind({d})[{i}]" if kind == "unbind" else f"{x}.select({d}, {i})"
        return b.emit(text, x.shape[:axis] + x.shape[axis + 1:], x.mag, base=x)
    if kind == "split_sizes":
        cut = b.choice(range(n + 1))
        sizes = [cut, n - cut]
        i = b.choice(range(2))
        part = sizes[i]
        text = f"{x}.split({sizes}, {d})[{i}]"
    elif kind == "narrow":
        start = b.choice(range(n))
        part = b.choice(range(1, n - start + 1))
        text = f"{x}.narrow({d}, {start}, {part})"
    else:
        k = b.choice([1, 2, 3])
        size = -(-n // k) if kind == "chunk" else k
        pieces = [min(size, n - s) for s in range(0, n, size)]
        i = b.choice(range(len(pieces)))
        part = pieces[i]
        text = (f"{x}.chunk({k}, {d})[{i}]" if kind == "chunk"
                else f"torch.split({x}, {k}, {d})[{i}]")
    return b.emit(text, x.shape[:axis] + (part,) + x.shape[axis + 1:], x.mag, base=x)


def moves(b):
    """Copies that move elements: flip, roll, repeat, tile, repeat_interleave, pad, tril."""
    x = b.pick(lambda v: v.shape)
    d = _dims(b, x)
    axis = d % len(x.shape)
    kind = b.choice(["flip", "roll", "repeat", "repeat_interleave", "pad", "tril", "diagonal"])
    if kind == "flip":
        return b.emit(f"{x}.flip({d})", x.shape, x.mag)
    if kind == "roll":
        return b.emit(f"{x}.roll({b.choice([-2, -1, 1, 3])}, {d})", x.shape, x.mag)
    if kind == "repeat":
        reps = [b.choice([1, 2]) for _ in range(len(x.shape) + b.choice([0, 1]))]
        shape = tuple(reps[:len(reps) - len(x.shape)]) + tuple(
            r * s for r, s in zip(reps[len(reps) - len(x.shape):], x.shape))
        method = b.choice(["repeat", "tile"])
        return b.emit(f"{x}.{method}({', '.join(map(str, reps))})", shape, x.mag)
    if kind == "repeat_interleave":
        r = b.choice([1, 2, 3])
        shape = tuple(r * s if i == axis else s for i, s in enumerate(x.shape))
        return b.emit(f"{x}.repeat_interleave({r}, dim={d})", shape, x.mag)
    if kind == "pad":
        left, right = b.choice([0, 1, 2]), b.choice([0, 1])
        mode = b.choice(["constant", "replicate", "reflect", "circular"])
        n = x.shape[-1]
        if mode != "constant" and (len(x.shape) not in (2, 3) or max(left, right) >= n):
            mode = "constant"
        value = f", value={b.scalar()}" if mode == "constant" else ""
        return b.emit(f"F.pad({x}, ({left}, {right}), mode={mode!r}{value})",
                      x.shape[:-1] + (n + left + right,), max(x.mag, 2.0))
    if len(x.shape) < 2:
        return None
    if kind == "tril":
        k = b.choice([-1, 0, 1])
        return b.emit(f"torch.{b.choice(['tril', 'triu'])}({x}, {k})", x.shape, x.mag)
    shape = x.shape[:-2] + (min(x.shape[-2:]),)
    return b.emit(f"{x}.diagonal(0, -2, -1)", shape, x.mag, base=x)


def attention(b):
    q = b.pick(lambda v: len(v.shape) >= 2)
    batch, (length, e) = q.shape[:-2], q.shape[-2:]
    s, ev = b.choice([1, 2, 3]), b.choice([1, 2])
    k = b.operand(batch + (s, e))
    v = b.operand(batch + (s, ev))
    causal = ", is_causal=True" if b.flip() else ""
    # q and k as copies: tinytorch's fused op keeps them, PyTorch's math kernel copies of them,
    # so a later write into q or k raises in tinytorch only; the result as a copy: PyTorch's
    # CPU flash kernel (4-D inputs) keeps it, so a write into it raises in PyTorch only
    # (docs/random_programs.md; the op database's SAVED_DIFFERENCES). v plus b.offsets: a
    # weighted mean of equal rows is their (grid) value exactly, which each library's
    # summation rounds its own way, onto a clamp bound or a tie or off it
    return b.emit(f"F.scaled_dot_product_attention({q}.clone(), {k}.clone(), {v} + "
                  f"{b.offsets(batch + (s, ev))}{causal}).clone()", batch + (length, ev),
                  b.operand_mag + 0.2)


# --- in-place methods ------------------------------------------------------------------------
def in_place_method(b):
    """In-place methods that overwrite what the graph may have saved (PyTorch's version
    counter then raises at backward), on a value or on a view of it made on the spot."""
    t = b.pick_target()
    view, shape = "", t.shape
    if b.flip() and t.shape:
        view, shape = index_expr(b, t.shape)
    target = f"{t}{view}"
    kind = b.choice(["relu_", "sigmoid_", "tanh_", "neg_", "exp_", "clamp_", "zero_", "fill_",
                     "copy_", "masked_fill_", "index_add_", "sub_", "div_"])
    if kind in ("relu_", "sigmoid_", "tanh_", "neg_", "zero_"):
        return b.write(t, f"{target}.{kind}()", t.mag)
    if kind == "exp_":
        return b.write(t, f"{target}.exp_()", math.exp(t.mag) if t.mag < 5 else math.inf)
    if kind == "clamp_":
        lo, hi = sorted((b.scalar(), b.scalar()))
        return b.write(t, f"{target}.clamp_({lo}, {hi})", max(t.mag, 2.0))
    if kind == "fill_":
        return b.write(t, f"{target}.fill_({b.scalar()})", max(t.mag, 2.0))
    if kind == "masked_fill_":
        return b.write(t, f"{target}.masked_fill_({target} < {b.scalar()}, {b.scalar()})",
                       max(t.mag, 2.0))
    y = b.pick(lambda v: broadcast(v.shape, shape) == shape)
    src = b.source(str(y), y, t, view=bool(view))
    if kind == "copy_":  # also from a source without history: the old one must still go
        src = f"{src}.detach()" if b.flip() else src
        return b.write(t, f"{target}.copy_({src})", max(t.mag, y.mag))
    if kind == "sub_":
        return b.write(t, f"{target}.sub_({src})", t.mag + y.mag)
    if kind == "div_":
        return b.write(t, f"{target}.div_({y} * {y} + 0.5)", 2 * t.mag)
    dims = [d for d, n in enumerate(shape) if n]  # an index needs a dim to point into
    if not dims:
        return None
    d = b.choice(dims)
    k = b.choice([1, 2, 3])
    src = b.operand(shape[:d] + (k,) + shape[d + 1:])
    src = b.source(src, b.last_operand, t, view=True)  # index_add_ refuses any overlap
    return b.write(t, f"{target}.index_add_({d}, {b.int_literal((k,), shape[d])}, {src})",
                   t.mag + k * b.operand_mag)


# --- autograd's own features ------------------------------------------------------------------
def engine_feature(b):
    """A gradient hook that doubles what passes, or a write that autograd does not record:
    through ``detach()`` (same version counter: a saved value then raises at backward),
    through ``.data`` (a counter of its own: no check, the new values are used) or under
    ``no_grad`` (recorded nowhere, the old history stays)."""
    kind = b.choice(["hook", "detach", "data", "no_grad"])
    if kind == "hook":  # not on a view: PyTorch 2.13 crashed (a segfault in register_hook)
        t = b.pick(lambda v: v.base is None)  # on one program of the 5000 that hooked a view
        return b.write(t, f"{t}.register_hook(lambda g: g * 2)", t.mag)
    if kind == "data":  # into a fresh value nothing keeps (not even the op that made it):
        # what an op kept of memory written through .data is undefined (PyTorch's gradient
        # then depends on what its kernel kept: prod's result, layer_norm's input)
        x = b.pick()
        t = b.emit(f"{x} * 1", x.shape, x.mag)
        return b.write(t, f"{t}.data.mul_(2)", 2 * t.mag)
    t = b.pick_target()
    line = {"detach": f"{t}.detach().mul_(2)",
            "no_grad": f"with torch.no_grad(): {t}.mul_(2)"}[kind]
    return b.write(t, line, 2 * t.mag)


# The table: (family, emitter). Families are weighted by repetition; shrinking moves toward
# the first entries, so the simplest ops come first.
OPS = [("elementwise", unary), ("elementwise", binary), ("elementwise", binary),
       ("where/clamp/maximum", clamp), ("view", pass_through), ("reduction", reduction),
       ("reduction", reduction), ("view", reshape), ("view", transpose), ("view", index),
       ("view", index), ("view", expand), ("view", squeeze), ("view", flatten),
       ("cat/stack", cat), ("cat/stack", stack), ("matmul", matmul), ("softmax", softmax),
       ("cumsum", cumsum), ("nn", linear), ("nn", conv2d), ("nn", pool), ("nn", norm),
       ("nn", loss), ("matmul", matmul), ("in-place", in_place), ("in-place", in_place),
       ("in-place", in_place), ("gather/scatter", gather_scatter),
       ("gather/scatter", gather_scatter), ("max/sort/split", pick_by_dim),
       ("max/sort/split", pick_by_dim), ("moves", moves), ("attention", attention),
       ("in-place methods", in_place_method), ("in-place methods", in_place_method),
       ("engine", engine_feature)]
