"""Random programs for the differential tester (tests/autograd/test_random_programs.py): a
hypothesis strategy that draws a DAG of ops (tests/autograd/program_ops.py) over 2-3 float64
leaves, the runner that executes one in either library, and the comparison.

A program is Python source: the same lines run with ``torch`` bound to tinytorch or to
PyTorch, so a failing program prints as a script that reproduces the disagreement in both.
Leaf values are multiples of 1/8 in [-2, 2]: sums and products of them are exact in float64
whatever the summation order, so ties (relu at 0, maximum of equal values, the max of a
pooling window) are ties in both libraries and a mismatch is never rounding on a kink.
"""

import math
import warnings
from dataclasses import dataclass
from dataclasses import field

import numpy as np
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.autograd import program_ops

LEAVES = "abc"
MAG_LIMIT = 1e4  # a value whose bound passes this goes through tanh (no overflow, no inf)
# How the loss is differentiated: backward; autograd.grad; second derivatives; two backwards
# over a retained graph (the second adds into .grad); autograd.grad twice without
# retain_graph (PyTorch refuses the second only through a node whose saved values were freed).
MODES = ("backward", "grad", "second", "twice", "again")


class Skip(Exception):
    """The values at hand do not fit the drawn op."""


@dataclass(eq=False)
class Val:
    name: str
    shape: tuple
    mag: float
    base: "Val" = None  # the value this one may share memory with (views, aliases)
    leaf: bool = False
    uses: int = 0

    def __str__(self):
        return self.name

    def root(self):
        v = self
        while v.base is not None:
            v = v.base
        return v


def grid_arrays(shape, nonzero=False):
    ints = st.integers(-16, 16).filter(bool) if nonzero else st.integers(-16, 16)
    return hnp.arrays(np.int64, shape, elements=ints).map(lambda a: a / 8.0)


def literal(array):
    return repr(np.asarray(array).tolist())


class Builder:
    """Draws statements; tracks each value's shape, magnitude bound and aliasing."""

    def __init__(self, draw, leaves):
        self.draw = draw
        self.vals = []
        self.lines = []
        self.families = set()
        self.operand_mag = 0.0
        for name, values in zip(LEAVES, leaves):
            self.lines.append(f"{name} = torch.tensor({literal(values)}, dtype=torch.float64, "
                              f"device=device, requires_grad=True)")
            self.vals.append(Val(name, values.shape, float(np.abs(values).max()), leaf=True))
        self.leaves = list(self.vals)

    # --- drawing helpers used by the op table ---
    def choice(self, options):
        return self.draw(st.sampled_from(list(options)))

    def flip(self):
        return self.draw(st.booleans())

    def scalar(self):
        return self.choice(program_ops.SCALARS)

    def permutation(self, n):
        return self.draw(st.permutations(range(n)))

    def pick(self, pred=None, fallback=True):
        """A value satisfying ``pred`` (newest first, so shrinking keeps chains); with
        ``fallback=False`` None is one of the options (the caller then builds its own)."""
        cands = [v for v in reversed(self.vals) if pred is None or pred(v)]
        if not fallback:
            cands.append(None)
        if not cands:
            raise Skip
        v = cands[self.draw(st.integers(0, len(cands) - 1))]
        if v is not None:
            v.uses += 1
        return v

    def operand(self, shape):
        """Source for a tensor of ``shape``: a value of that shape, or another one's elements
        (flattened, sliced, repeated, reshaped: a view of a value used beside it)."""
        v = self.pick(lambda v: v.shape == tuple(shape), fallback=False)
        if v is None:
            n = program_ops.numel(shape)
            v = self.pick(lambda v: v.shape and (program_ops.numel(v.shape) or not n))
            have = program_ops.numel(v.shape)
            rep = f".repeat({-(-n // have)})" if have < n else ""
            text = f"{v}.flatten(){rep}[:{n}].reshape({', '.join(map(str, shape))})"
        else:
            text = str(v)
        self.operand_mag = max(self.operand_mag, v.mag)
        self.last_operand = v
        return text

    def source(self, text, y, target, view=False):
        """``text`` (value y, or an expression of it) as the source of an in-place write into
        ``target`` (or into a view of it taken on the spot): cloned when it may share part of
        the written memory. PyTorch refuses a partial overlap it can check and computes one
        it cannot ("too hard" layouts) in its loop's order, an undefined result; tinytorch
        computes it out of place (docs/random_programs.md). The refusals are checked in
        tests/_ops/test_overlapping_writes.py."""
        if y.root() is target.root() and (view or y is not target):
            return f"{text}.clone()"
        return text

    def offsets(self, shape):
        """Source for a float64 tensor of ``shape`` whose elements differ from each other and
        from every grid value and its sums (0.1 + 0.01 log(k + 2), to 8 digits): added to a
        value that one library computes exactly and the other rounds (a normalised element
        equal to its mean, a mean of equal rows), it moves every element off the kinks and
        ties where the two roundings would part."""
        values = [round(0.1 + 0.01 * math.log(k + 2), 8) for k in range(program_ops.numel(shape))]
        return (f"torch.tensor({literal(np.reshape(values, shape))}, dtype=torch.float64, "
                "device=device)")

    def int_literal(self, shape, high):
        values = self.draw(hnp.arrays(np.int64, shape, elements=st.integers(0, high - 1)))
        return f"torch.tensor({literal(values)}, dtype=torch.long, device=device)"  # empty too

    def pick_target(self):
        """The value an in-place op writes to: mostly one that is not a leaf or a leaf's view
        (those raise in both libraries, which ends the program early)."""
        rarely = self.draw(st.integers(0, 9)) == 9
        return self.pick(lambda v: rarely or not v.root().leaf)

    # --- statements ---
    def emit(self, expr, shape, mag, base=None):
        if not mag <= MAG_LIMIT:
            expr, mag, base = f"({expr}).tanh()", 1.0, None
        v = Val(f"v{len(self.vals) - len(self.leaves)}", tuple(shape), mag, base)
        self.lines.append(f"{v} = {expr}")
        self.vals.append(v)
        return v

    def write(self, target, line, mag):
        if not mag <= MAG_LIMIT:
            return None
        root = target.root()
        for v in self.vals:  # every value that may share the target's memory
            if v.root() is root:
                v.mag = max(v.mag, mag)
        self.lines.append(line)
        return target

    def step(self):
        for _ in range(8):
            family, emitter = self.choice(program_ops.OPS)
            self.operand_mag = 0.0
            try:
                done = emitter(self)
            except Skip:
                continue
            if done is not None:
                self.families.add(family)
                # not on repeat_interleave's result (nor a view or an alias of it, such as
                # its .contiguous()): PyTorch's is a view of an internal temporary, so after
                # a write into it its retained .grad follows the old value
                # (docs/random_programs.md)
                if (not done.leaf and not self._interleaved(done)
                        and self.draw(st.integers(0, 7)) == 7):
                    self.lines.append(f"{done}.retain_grad()")
                return

    def _interleaved(self, v):
        """Whether v or a value it may share memory with was made by repeat_interleave."""
        made = set()
        while v is not None:
            made.add(f"{v} = ")
            v = v.base
        return any(line.startswith(tuple(made)) and ".repeat_interleave(" in line
                   for line in self.lines)


@dataclass
class Program:
    lines: list
    leaves: list
    values: list
    retained: list
    mode: str
    families: set = field(default_factory=set)

    def __repr__(self):  # hypothesis prints the falsifying example: show it as a script
        return "\n" + self.source()

    def source(self, header="import tinytorch as torch  # or: import torch"):
        """A runnable script: the program, then what the tester compares."""
        out = [header, "F = torch.nn.functional", 'device = "cpu"', *self.lines]
        for name in observed_names(self):
            out.append(f"print({name!r}, {name})")
        return "\n".join(out)


def _loss(b, name, outputs):
    terms = []
    for v in outputs:
        weights = b.draw(grid_arrays(v.shape, nonzero=True))
        terms.append(f"({v} * torch.tensor({literal(weights)}, dtype=torch.float64, "
                     f"device=device)).sum()")
    b.lines.append(f"{name} = " + " + ".join(terms))


@st.composite
def programs(draw, max_ops=14):
    """A random program: 2-3 leaves with mutually broadcastable shapes, 1..max_ops drawn
    statements, a loss over the values nothing else used, and one way to differentiate it."""
    n = draw(st.integers(2, 3))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=n, min_dims=1, max_dims=3,
                                                    min_side=1, max_side=4)).input_shapes
    b = Builder(draw, [draw(grid_arrays(s)) for s in shapes])
    # the larger of two draws: hypothesis favours a bound, and programs should be long
    # (the 6-14 ops) while shrinking can still take them to one op
    for _ in range(max(draw(st.integers(1, max_ops)), draw(st.integers(1, max_ops)))):
        b.step()
    values = [v for v in b.vals if not v.leaf]
    sinks = [v for v in values if v.uses == 0] or (values or b.leaves)[-1:]
    # every op in the table has double backward; but PyTorch's second derivative through a
    # hooked value an op keeps for its backward is off (exp's doubled, prod's 16 where it is
    # 0), and so is logcumsumexp's where an incoming gradient is 0 (its backward takes log|g|:
    # NaN, or a finite value finite differences refute), so a program with either is not
    # differentiated twice (docs/random_programs.md)
    once = any("register_hook" in line or "logcumsumexp" in line for line in b.lines)
    mode = draw(st.sampled_from([m for m in MODES if not (once and m == "second")]))
    leaves = ", ".join(LEAVES[:n])
    if mode == "twice":  # the second backward accumulates into the .grad of the first
        _loss(b, "loss", sinks[:len(sinks) // 2 + 1])
        b.lines.append("loss.backward(retain_graph=True)")
        _loss(b, "loss2", sinks[len(sinks) // 2:])
        b.lines.append("loss2.backward()")
    else:
        _loss(b, "loss", sinks)
    if mode == "backward":
        b.lines.append("loss.backward()")
    elif mode in ("grad", "second", "again"):
        create = ", create_graph=True" if mode == "second" else ""
        inputs = leaves
        if mode == "grad" and values:  # also the gradient of some intermediate values
            mids = draw(st.lists(st.sampled_from(values), max_size=2, unique_by=id))
            inputs = ", ".join([leaves] + [str(v) for v in mids])
        b.lines.append(f"grads = torch.autograd.grad(loss, [{inputs}]{create}, "
                       "allow_unused=True)")
    if mode == "again":
        b.lines.append(f"grads_again = torch.autograd.grad(loss, [{leaves}], allow_unused=True)")
    if mode == "second":
        b.lines.append("gg = loss * loss + sum((g * g).sum() for g in grads if g is not None)")
        b.lines.append(f"grads2 = torch.autograd.grad(gg, [{leaves}], allow_unused=True)")
    retained = [line.split(".")[0] for line in b.lines if line.endswith(".retain_grad()")]
    for family in sorted(b.families):
        event(family)
    event(f"mode {mode}")
    if any(v.base is not None and v.uses and v.base.uses > 1 for v in b.vals):
        event("a view and its base both used")
    if any(v.uses > 2 for v in b.vals):
        event("a value used 3+ times")
    return Program(b.lines, list(LEAVES[:n]), [v.name for v in values], retained, mode,
                   b.families)


def observed_names(program):
    """Every quantity the tester compares, as expressions over the program's names."""
    return list(_observed(program))


def _observed(program):
    """{name: index of the line that completes it}: after an error at line k, only what
    was complete before k is compared (a failed backward may have added to some .grad)."""
    lines = program.lines

    def line(start):
        return next((i for i, text in enumerate(lines) if text.startswith(start)), len(lines))

    out = dict.fromkeys(program.leaves + program.values, -1)
    out["loss"] = line("loss =")
    if program.mode in ("backward", "twice"):
        last = max(i for i, text in enumerate(lines) if ".backward(" in text)
        out.update(dict.fromkeys([f"{t}.grad" for t in program.leaves + program.retained],
                                 last))
    if program.mode == "twice":
        out["loss2"] = line("loss2 =")
    for name in ("grads", "grads_again", "gg", "grads2"):
        i = line(f"{name} =")
        if i < len(lines) and name == "gg":
            out[name] = i
        elif i < len(lines):  # one gradient per input listed
            inputs = lines[i].split("[", 1)[1].split("]", 1)[0].count(",") + 1
            out.update({f"{name}[{k}]": i for k in range(inputs)})
    return out


@dataclass
class Outcome:
    error: tuple  # (line number, builtin exception type, message) or None
    observed: dict  # name -> NumPy array, or None (a gradient that is None)


def _builtin(exc_type):
    return next(c for c in exc_type.__mro__ if c.__module__ == "builtins")


def run(program, lib, device):
    """Execute ``program`` with ``torch`` bound to ``lib``; stop at the first exception."""
    ns = {"torch": lib, "F": lib.nn.functional, "device": device}
    error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. NumPy's overflow warning; values are compared
        for i, line in enumerate(program.lines):
            try:
                exec(line, ns)
            except Exception as e:  # noqa: BLE001 -- the error itself is compared
                error = (i, _builtin(type(e)), f"{type(e).__name__}: {e}")
                break
        observed = {}
        for name in observed_names(program):
            try:
                t = eval(name, ns)
            except (NameError, AttributeError, IndexError, TypeError):
                continue  # not reached before the error
            observed[name] = None if t is None else np.array(t.detach().cpu().numpy())
    return Outcome(error, observed)


def differences(program, ours, theirs, rtol=1e-9, atol=1e-9):
    """What tinytorch's outcome gets wrong against PyTorch's: an error PyTorch does not
    raise (or the wrong type, or at another line), a quantity that differs or is missing."""
    found = []
    if ours.error is None and theirs.error is not None and "is not implemented" in theirs.error[2]:
        pass  # PyTorch has no such derivative (SDPA's double backward): tinytorch may have one
    elif ours.error is not None or theirs.error is not None:
        if ours.error is None or theirs.error is None or ours.error[:2] != theirs.error[:2]:
            found.append(f"error: tinytorch {_where(program, ours.error)}; "
                         f"torch {_where(program, theirs.error)}")
    complete = _observed(program)
    for name, want in theirs.observed.items():
        if theirs.error is not None and complete[name] >= theirs.error[0]:
            continue  # see _observed
        if name not in ours.observed:
            found.append(f"{name}: missing in tinytorch")
            continue
        got = ours.observed[name]
        if (got is None) != (want is None):
            found.append(f"{name}: tinytorch {got}, torch {want}")
        elif want is not None and not _close(got, want, rtol, atol):
            found.append(f"{name}:\n  tinytorch {got.tolist()}\n  torch     {want.tolist()}")
    return found


def _close(got, want, rtol, atol):
    if got.shape != want.shape or got.dtype != want.dtype:
        return False
    scale = atol * max(1.0, float(np.max(np.abs(want[np.isfinite(want)]), initial=0.0)))
    return bool(np.allclose(got, want, rtol=rtol, atol=scale, equal_nan=True))


def _where(program, error):
    return "no error" if error is None else f"{error[2]!r} at `{program.lines[error[0]]}`"


def describe(program, found):
    return ("tinytorch differs from PyTorch on this program:\n" + "\n".join(found)
            + "\n\n--- program (runs with either import) ---\n" + program.source() + "\n")
