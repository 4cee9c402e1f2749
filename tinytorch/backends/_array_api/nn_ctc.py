"""The CTC loss's kernels over ``xp`` (Graves et al., 2006, in log space, as PyTorch's
``LossCTC.cpp``): the forward (alpha) recursion over time steps, vectorised over the batch
and the extended label positions, and the backward (beta) recursion with the gradient
with respect to the log-probabilities.

Shapes: ``log_probs`` (T, N, C); ``targets`` (N, S) padded int64; ``input_lengths``,
``target_lengths`` host lists of N ints. The extended labels l' of a sample interleave
blanks and its labels (blank, l1, blank, l2, ..., blank): 2S + 1 positions."""

NEG_INF = float("-inf")


class ArrayCTCKernels:
    """Mixin: the subclass sets ``xp``."""

    xp = None

    def _log_add(self, *terms):
        """log(sum(exp(terms))) elementwise, -inf where every term is -inf (no NaN, no
        warning)."""
        xp = self.xp
        top = terms[0]
        for t in terms[1:]:
            top = xp.maximum(top, t)
        safe = xp.where(xp.isneginf(top), 0, top)
        total = sum(xp.exp(t - safe) for t in terms)
        return xp.where(xp.isneginf(top), NEG_INF, xp.log(xp.where(total > 0, total, 1)) + safe)

    def _ctc_setup(self, log_probs, targets, target_lengths, blank):
        """Extended labels (N, S'), their log-probabilities (T, N, S'), whether position s
        may be reached from s - 2 (N, S'), and the valid positions (N, S')."""
        xp = self.xp
        n, s = targets.shape
        ext = xp.full((n, 2 * s + 1), blank, dtype=targets.dtype)
        ext[:, 1::2] = targets
        lp = xp.take_along_axis(log_probs, xp.broadcast_to(ext[None], (log_probs.shape[0],)
                                                           + ext.shape), axis=2)
        skip = xp.zeros(ext.shape, dtype=bool)
        skip[:, 3::2] = ext[:, 3::2] != ext[:, 1:-2:2]
        lengths = xp.asarray(target_lengths)[:, None]
        valid = xp.arange(2 * s + 1)[None, :] < 2 * lengths + 1
        return ext, lp, skip, valid

    def ctc_loss(self, log_probs, targets, input_lengths, target_lengths, blank):
        """-> (negative log-likelihood per sample (N,), log_alpha (T, N, S'))."""
        xp = self.xp
        ext, lp, skip, valid = self._ctc_setup(log_probs, targets, target_lengths, blank)
        t_max, n, width = lp.shape
        alpha = xp.full((t_max, n, width), NEG_INF, dtype=log_probs.dtype)
        if t_max:
            alpha[0, :, 0] = lp[0, :, 0]
            alpha[0, :, 1:2] = xp.where(valid[:, 1:2], lp[0, :, 1:2], NEG_INF)
        neg = xp.full((n, 1), NEG_INF, dtype=log_probs.dtype)
        neg2 = xp.full((n, 2), NEG_INF, dtype=log_probs.dtype)
        for t in range(1, t_max):
            a = alpha[t - 1]
            one = xp.concatenate([neg, a], axis=1)[:, :width]  # alpha[t - 1, s - 1]
            two = xp.where(skip, xp.concatenate([neg2, a], axis=1)[:, :width], NEG_INF)
            alpha[t] = xp.where(valid, self._log_add(a, one, two) + lp[t], NEG_INF)
        rows = xp.arange(n)
        last_t = xp.asarray(input_lengths) - 1
        end = 2 * xp.asarray(target_lengths)
        at_end = alpha[last_t, rows, end]
        before = xp.where(end > 0, alpha[last_t, rows, xp.maximum(end - 1, 0)], NEG_INF)
        nll = -self._log_add(at_end, before)
        nll = xp.where(last_t < 0, xp.where(end == 0, 0.0, float("inf")), nll)
        return nll.astype(log_probs.dtype), alpha

    def ctc_loss_backward(self, grad, log_probs, targets, input_lengths, target_lengths, nll,
                          log_alpha, blank, zero_infinity):
        """dL/dlog_probs (T, N, C) for per-sample gradients ``grad`` (N,), PyTorch's formula
        exp(lp) - exp(log sum_{s: l'(s) = c} alpha beta + nll - lp), zero past each input's
        length (and for infinite losses with ``zero_infinity``)."""
        xp = self.xp
        ext, lp, skip, valid = self._ctc_setup(log_probs, targets, target_lengths, blank)
        t_max, n, width = lp.shape
        lengths = xp.asarray(input_lengths)
        end = 2 * xp.asarray(target_lengths)
        positions = xp.arange(width)[None, :]
        last = (positions == end[:, None]) | ((positions == end[:, None] - 1) & (end[:, None] > 0))
        beta = xp.full((t_max, n, width), NEG_INF, dtype=log_probs.dtype)
        neg = xp.full((n, 1), NEG_INF, dtype=log_probs.dtype)
        neg2 = xp.full((n, 2), NEG_INF, dtype=log_probs.dtype)
        skip_next = xp.concatenate([skip, xp.zeros((n, 2), dtype=bool)], axis=1)[:, 2:]
        for t in range(t_max - 1, -1, -1):
            start = (lengths - 1 == t)[:, None]
            inside = (t < lengths - 1)[:, None]
            if t + 1 < t_max:
                b = beta[t + 1]
                one = xp.concatenate([b, neg], axis=1)[:, 1:]  # beta[t + 1, s + 1]
                two = xp.where(skip_next, xp.concatenate([b, neg2], axis=1)[:, 2:], NEG_INF)
                step = self._log_add(b, one, two) + lp[t]
            else:
                step = xp.full((n, width), NEG_INF, dtype=log_probs.dtype)
            beta[t] = xp.where(valid & start & last, lp[t],
                               xp.where(valid & inside, step, NEG_INF))
        ab = log_alpha + beta
        top = ab.max(axis=2, keepdims=True)
        top = xp.where(xp.isneginf(top), 0, top)
        onehot = (ext[:, :, None] == xp.arange(log_probs.shape[2])[None, None, :])
        summed = xp.einsum("tns,nsc->tnc", xp.exp(ab - top), onehot.astype(log_probs.dtype))
        lcab = xp.where(summed > 0, xp.log(xp.where(summed > 0, summed, 1)) + top, NEG_INF)
        finite = xp.isfinite(nll)[None, :, None]
        out = xp.exp(log_probs) - xp.exp(lcab + xp.where(finite, nll[None, :, None], 0)
                                         - log_probs)
        # an impossible alignment (infinite loss): NaN as PyTorch's, or 0 with zero_infinity
        out = xp.where(finite, out, 0.0 if zero_infinity else float("nan"))
        alive = (xp.arange(t_max)[:, None] < lengths[None, :])[:, :, None]
        return xp.where(alive, out * grad[None, :, None], 0).astype(log_probs.dtype)
