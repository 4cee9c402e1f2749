"""PyTorch's tensor printing (``torch/_tensor_str.py``) over a NumPy host array: by default
precision 4, line width 80, summaries with 3 edge items above 1000 elements, integer-valued
floats as ``1.``, scientific notation when the magnitudes span more than 1000x. ``OPTIONS``
holds what ``tinytorch.set_printoptions`` changes."""

import math
import types

import numpy as np

OPTIONS = types.SimpleNamespace(precision=4, threshold=1000, edgeitems=3, linewidth=80,
                                sci_mode=None)


class _Formatter:
    """Decides one width and notation for every element, as PyTorch's ``_Formatter``."""

    def __init__(self, values):
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(str(v)))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)].astype(np.float64)
        if finite.size == 0:
            return
        absolute = np.abs(finite)
        lo, hi = absolute.min(), absolute.max()
        self.int_mode = bool((finite == np.ceil(finite)).all())
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
                         if OPTIONS.sci_mode is None else OPTIONS.sci_mode)
        precision = OPTIONS.precision
        for v in finite.tolist():
            if self.sci_mode:
                width = len(f"{v:.{precision}e}")
            elif self.int_mode:
                width = len(f"{v:.0f}") + 1
            else:
                width = len(f"{v:.{precision}f}")
            self.max_width = max(self.max_width, width)

    def format(self, v):
        if not self.floating:
            text = str(v)
        elif self.sci_mode:
            text = f"{v:{self.max_width}.{OPTIONS.precision}e}"
        elif self.int_mode:
            text = f"{v:.0f}" + ("" if math.isinf(v) or math.isnan(v) else ".")
        else:
            text = f"{v:.{OPTIONS.precision}f}"
        return (self.max_width - len(text)) * " " + text


def _summarized(a):
    """The elements that will be printed (edge items of every dim) for the formatter."""
    edge = OPTIONS.edgeitems
    if a.ndim > 1 and not edge:
        return a[:0].reshape(-1)
    if a.ndim == 0 or a.shape[0] <= 2 * edge:
        return a if a.ndim <= 1 else np.concatenate([_summarized(x).reshape(-1) for x in a])
    head, tail = a[:edge], a[a.shape[0] - edge:]
    if a.ndim == 1:
        return np.concatenate([head, tail])
    return np.concatenate([_summarized(x).reshape(-1) for x in list(head) + list(tail)])


def _vector(a, indent, summarize, fmt):
    per_line = max(1, math.floor((OPTIONS.linewidth - indent) / (fmt.max_width + 2)))
    edge = OPTIONS.edgeitems
    if summarize and not edge:
        data = ["..."]
    elif summarize and a.shape[0] > 2 * edge:
        data = ([fmt.format(v) for v in a[:edge].tolist()] + [" ..."]
                + [fmt.format(v) for v in a[a.shape[0] - edge:].tolist()])
    else:
        data = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _body(a, indent, summarize, fmt):
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    edge = OPTIONS.edgeitems
    if summarize and a.shape[0] > 2 * edge:
        rows = ([_body(a[i], indent + 1, summarize, fmt) for i in range(edge)] + ["..."]
                + [_body(a[i], indent + 1, summarize, fmt)
                   for i in range(a.shape[0] - edge, a.shape[0])])
    else:
        rows = [_body(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def format_tensor(host, suffixes):
    """``tensor(...)`` text for a NumPy array plus PyTorch's suffixes (``dtype=…`` …)."""
    indent = len("tensor(")
    if host.dtype.kind == "V":  # bfloat16, printed from its exact float32 values as PyTorch does
        host = host.astype(np.float32)
    if host.size == 0:
        body = "[]"
    else:
        summarize = host.size > OPTIONS.threshold
        fmt = _Formatter(_summarized(host) if summarize else host)
        body = _body(host, indent, summarize, fmt)
    parts = [body]
    last = len(body) - body.rfind("\n") + 1
    for suffix in suffixes:
        if last + len(suffix) + 2 > OPTIONS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last += len(suffix) + 2
    return "tensor(" + "".join(parts) + ")"
