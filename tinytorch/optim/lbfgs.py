"""LBFGS."""

from tinytorch import _creation
from tinytorch._ops.join import cat
from tinytorch._grad_mode import enable_grad
from tinytorch._grad_mode import no_grad
from tinytorch.optim._line_search import strong_wolfe
from tinytorch.optim.optimizer import Optimizer
from tinytorch.optim.optimizer import check_lr
from tinytorch.optim.optimizer import plain_options

_STORED_AT_STEP_END = ("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad",
                       "prev_loss")


class LBFGS(Optimizer):
    r"""L-BFGS, as ``torch.optim.LBFGS``: quasi-Newton steps over all parameters flattened
    into one vector, with the inverse Hessian approximated from the last ``history_size``
    steps :math:`s` and gradient changes :math:`y` (pairs with :math:`y's \le 10^{-10}` are
    skipped) by the two-loop recursion, scaled by :math:`y's / y'y`.

    One call of :meth:`step` runs up to ``max_iter`` iterations and ``max_eval`` closure
    evaluations, and stops early when the largest gradient entry is at most
    ``tolerance_grad``, or a step or loss change is below ``tolerance_change``. Without a
    line search each iteration moves by ``lr`` times the direction (the first one scaled
    by :math:`\min(1, 1/\|g\|_1)`); ``line_search_fn="strong_wolfe"`` searches along it
    (see NOTE [LBFGS line search]). The closure re-evaluates the model, calls backward and
    returns the loss; it runs with gradients enabled.

    Args:
        params (iterable): tensors to optimize (one parameter group only), on one device.
        lr (float or Tensor): learning rate (default 1).
        max_iter (int): iterations per :meth:`step` (default 20).
        max_eval (int, optional): closure evaluations per :meth:`step` (default
            ``max_iter * 5 // 4``).
        tolerance_grad (float): first-order optimality tolerance (default 1e-7).
        tolerance_change (float): tolerance on step and loss changes (default 1e-9).
        history_size (int): number of :math:`(s, y)` pairs kept (default 100).
        line_search_fn (str, optional): ``"strong_wolfe"`` or None (default None).

    Raises:
        ValueError: a negative lr, or more than one parameter group.

    >>> import tinytorch
    >>> w = tinytorch.tensor([1.0, -2.0], dtype=tinytorch.float64, requires_grad=True)
    >>> opt = LBFGS([w], line_search_fn="strong_wolfe")
    >>> def closure():
    ...     opt.zero_grad()
    ...     loss = ((w - 3) ** 2).sum()
    ...     loss.backward()
    ...     return loss
    >>> opt.step(closure).item()
    29.0
    >>> [round(v, 6) for v in w.tolist()]
    [3.0, 3.0]
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7,
                 tolerance_change=1e-9, history_size=100, line_search_fn=None):
        check_lr(lr)
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = {"lr": lr, "max_iter": max_iter, "max_eval": max_eval,
                    "tolerance_grad": tolerance_grad, "tolerance_change": tolerance_change,
                    "history_size": history_size, "line_search_fn": line_search_fn}
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def step(self, closure):
        """Run up to ``max_iter`` L-BFGS iterations.

        Args:
            closure (Callable): re-evaluates the model and returns the loss (required).

        Returns:
            The loss the first closure call returned.

        >>> import tinytorch
        >>> w = tinytorch.tensor([2.0], dtype=tinytorch.float64, requires_grad=True)
        >>> opt = LBFGS([w], max_iter=5)
        >>> def closure():
        ...     opt.zero_grad()
        ...     loss = (w ** 2).sum()
        ...     loss.backward()
        ...     return loss
        >>> opt.step(closure).item()
        4.0
        >>> opt.state[w]["func_evals"], round(w.item(), 6)
        (3, 0.0)
        """
        return super().step(closure)

    def _step(self, closure):
        if len(self.param_groups) != 1:  # add_param_group after construction
            raise AssertionError(
                f"Expected exactly one param_group, but got {len(self.param_groups)}")
        state = self.state[self._params[0]]
        before = list(state)
        with no_grad():
            loss = self._iterate(closure)
        # PyTorch keeps the direction and history in locals and stores them when the step
        # ends ('al' is stored as it is made): keys new in this step follow that order, so
        # state_dict()'s layout is PyTorch's.
        for key in _STORED_AT_STEP_END:
            if key in state and key not in before:
                state[key] = state.pop(key)
        return loss

    def _iterate(self, closure):
        group = plain_options(self.param_groups[0])
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_change = group["tolerance_change"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        with enable_grad():
            orig_loss = closure()
        loss, flat_grad = float(orig_loss), self._flat_grad()
        evals = 1
        state["func_evals"] += 1
        if _max_abs(flat_grad) <= group["tolerance_grad"]:
            return orig_loss
        for n_iter in range(1, max_iter + 1):
            state["n_iter"] += 1
            d = state["d"] = self._direction(state, flat_grad, group["history_size"])
            state["prev_flat_grad"], state["prev_loss"] = flat_grad.clone(), loss
            t = state["t"] = (min(1.0, 1.0 / float(flat_grad.abs().sum())) * lr
                              if state["n_iter"] == 1 else lr)
            gtd = float(flat_grad.dot(d))
            if gtd > -tolerance_change:
                break
            if group["line_search_fn"] is None:
                self._move(t, d)
                used = int(n_iter != max_iter)
                if used:
                    loss, flat_grad = self._evaluate(closure)
            elif group["line_search_fn"] != "strong_wolfe":
                raise RuntimeError("only 'strong_wolfe' is supported")
            else:
                (t, loss, flat_grad, _), used = self._search(
                    closure, d, t, (0, loss, flat_grad, gtd), max_eval - evals)
                state["t"] = t
                self._move(t, d)
            evals += used
            state["func_evals"] += used
            if (n_iter == max_iter or evals >= max_eval
                    or _max_abs(flat_grad) <= group["tolerance_grad"]
                    or _max_abs(d * t) <= tolerance_change
                    or abs(loss - state["prev_loss"]) < tolerance_change):
                break
        return orig_loss

    def _direction(self, state, flat_grad, history_size):
        """The quasi-Newton direction: the two-loop recursion over the kept (s, y) pairs,
        after adding the last one (see the class docstring)."""
        if state["n_iter"] == 1:
            state.update(old_dirs=[], old_stps=[], ro=[], H_diag=1)
            return flat_grad.neg()
        dirs, stps, ro = state["old_dirs"], state["old_stps"], state["ro"]
        y = flat_grad - state["prev_flat_grad"]
        s = state["d"] * float(state["t"])
        ys = float(y.dot(s))
        if ys > 1e-10:
            if len(dirs) == history_size:
                del dirs[0], stps[0], ro[0]
            dirs.append(y)
            stps.append(s)
            ro.append(1.0 / ys)
            state["H_diag"] = ys / float(y.dot(y))
        al = state.setdefault("al", [None] * history_size)
        q = flat_grad.neg()
        for i in reversed(range(len(dirs))):
            al[i] = float(stps[i].dot(q)) * float(ro[i])
            q.add_(dirs[i], alpha=-al[i])
        r = q * float(state["H_diag"])
        for i in range(len(dirs)):
            r.add_(stps[i], alpha=al[i] - float(dirs[i].dot(r)) * float(ro[i]))
        return r

    def _evaluate(self, closure):
        """(loss as a float, flat gradient) from one closure call."""
        with enable_grad():
            loss = closure()
        return float(loss), self._flat_grad()

    def _flat_grad(self):
        return cat([_creation.zeros(p.numel(), dtype=p.dtype, device=p.device)
                    if p.grad is None else p.grad.reshape(-1) for p in self._params])

    def _move(self, t, d):
        """params += t * d, ``d`` flat."""
        offset = 0
        for p in self._params:
            p.add_(d[offset:offset + p.numel()].view_as(p), alpha=t)
            offset += p.numel()

    def _search(self, closure, d, t, start, max_ls):
        """Strong-Wolfe search from the current parameters, which it leaves there."""
        origin = [p.clone() for p in self._params]

        def evaluate(t):
            self._move(t, d)
            result = self._evaluate(closure)
            for p, x in zip(self._params, origin):
                p.copy_(x)
            return result

        return strong_wolfe(evaluate, d, start, t, max_ls)


def _max_abs(flat):
    return float(flat.abs().max())
