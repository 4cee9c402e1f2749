"""Composite kernels: each written once, over other kernels of the contract (``self.<kernel>``),
and shared by every backend.

NOTE [Composite kernels]
A composite kernel (a backward formula built from contract kernels, or the broadcast reduction
``sum_to``) is a method of ``CompositeKernels``, a mixin of both kinds of backend:
- the array backends (``ArrayAPIBackend``, so the CPU and, where no fused kernel overrides it,
  CUDA): ``self.mul`` and friends are NumPy or CuPy kernels and the formula computes arrays;
- the graph backend (``tinytorch/autograd/graph_backend``): the same kernels are tinytorch ops
  on Tensors, so with ``create_graph=True`` the formula is recorded and can be differentiated
  again (see NOTE [Double backward]).
So one formula gives the gradient and its double backward. A formula calls kernels only (no
operators on its arguments: they may be arrays or Tensors) and takes Python scalars as they
come; a comparison gives a mask, which the graph backend detaches. Where a forward saved a
value the graph cannot see through (CrossEntropy's log-probabilities, the normalisation
statistics, the recurrent cells' gates), the graph backend re-derives that value with its
dependence on the input and then calls the shared formula. A fused CUDA kernel may override a
composite kernel; its test compares it with this formula (tests/backends/test_cuda_kernels.py).
So may the recurrent cells' fused NumPy backwards on the array backends, for the first-order
path (tests/autograd/test_composite_kernels.py). The CPU backend runs a few of them on
bfloat16 arrays as float32 and rounds once (NOTE [bfloat16 on the CPU]).
"""

import contextlib
import functools
import math
from itertools import accumulate


_BCE_EPSILON = 9.999999960041972e-13  # float(numpy.float32(1e-12)): PyTorch's EPSILON, a float

# NOTE [Weight gradients beside the loop]
# A recurrence's hidden weight gradient dWₕₕ = Σₜ dghₜᵀ hₜ₋₁ is a GEMM over every step, which
# the backward loop over the steps produces one at a time. It is summed in blocks of
# _STEPS_PER_GEMM steps, each block's GEMM started (``beside``) as soon as its steps are done:
# on the CPU a worker thread runs it while the loop, one small kernel after another on the
# calling thread, goes on (the loop leaves the second core idle), elsewhere at once. The
# blocks are fixed by the step count, and their GEMMs are added in the order they were
# started, so the result is the same bits on any number of threads, run to run (it differs
# from one GEMM over all steps by rounding). The LSTM step of the benchmarks (28 steps, batch
# 100, hidden 128): the weight gradient's GEMM took ~2.7 ms after the loop, split over two
# threads; beside the loop only the last block's remains.
_STEPS_PER_GEMM = 7


def _plus(backend, total, running):
    """``total`` plus the result of a block started with ``beside`` (``running``: its join)."""
    if running is None:
        return total
    part = running()
    return part if total is None else backend.add(total, part)


class CompositeKernels:
    """Mixin: composite kernels over the contract's kernels (see NOTE [Composite kernels])."""

    def one_thread(self):
        """A context for a loop of small dependent kernels; only the CPU backend, whose
        kernels split over threads, acts on it (NOTE [Loops of small kernels])."""
        return contextlib.nullcontext()

    def beside(self, task):
        """``task()`` now, and a function that returns its result; the CPU backend runs it on
        a worker thread beside the caller (NOTE [Weight gradients beside the loop])."""
        result = task()
        return lambda: result

    # --- broadcast reduction (see NOTE [Broadcast reduction in backward]) --------------------
    def sum_to(self, a, shape):
        if a.shape == shape:
            return a
        # Sum the leading dims broadcasting added, then the dims that were 1 in `shape`.
        lead = a.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and a.shape[lead + i] != 1)
        return self.reshape(self.sum(a, axes, True) if axes else a, shape)

    # --- activations -------------------------------------------------------------------------
    def relu_backward(self, grad_output, y):
        # PyTorch's where(y <= 0, 0, g): y is ReLU's output, >= 0 or NaN, so y != 0 is the same
        # test (NaN passes g). Not g times the mask: an inf or NaN g where y is 0 would give
        # NaN, where PyTorch's gradient is 0 (the CPU backend's where(mask, g, 0) is as fast)
        return self.where(self.ne(y, 0), grad_output, 0)

    def sigmoid_backward(self, g, y):
        return self.mul(self.mul(self.sub(1, y), y), g)

    def tanh_backward(self, g, y):
        return self.mul(g, self.sub(1, self.mul(y, y)))

    def rnn_cell_backward(self, g, h, nonlinearity):  # dL/d(gi + gh) from the cell's output
        return self.tanh_backward(g, h) if nonlinearity == "tanh" else self.relu_backward(g, h)

    def leaky_relu_backward(self, g, x, negative_slope):
        return self.where(self.gt(x, 0), g, self.mul(g, negative_slope))

    def elu_backward(self, g, x, alpha, scale, input_scale):
        # the exp term depends on x only where x < 0: PyTorch's elu_double_backward masks x < 0
        # (minimum(x, 0) would pass half a gradient at x = 0), while the first derivative takes
        # that branch at x = 0 too
        neg = self.mul(self.exp(self.mul(self.where(self.lt(x, 0), x, 0), input_scale)),
                       alpha * scale * input_scale)
        return self.mul(g, self.where(self.le(x, 0), neg, scale))  # NaN: scale, as PyTorch's

    def silu_backward(self, g, x):
        s = self.sigmoid(x)
        return self.mul(g, self.mul(s, self.add(1, self.mul(x, self.sub(1, s)))))

    def mish_backward(self, g, x):  # one product with g, as PyTorch's: an inf g stays ±inf
        t = self.tanh(self.softplus(x, 1.0, math.inf))
        d = self.mul(self.mul(x, self.sigmoid(x)), self.sub(1, self.mul(t, t)))
        return self.mul(g, self.add(t, d))

    def softplus_backward(self, g, x, beta, threshold):
        bx = self.mul(x, beta)
        return self.where(self.gt(bx, threshold), g, self.mul(g, self.sigmoid(bx)))

    def hardtanh_backward(self, g, x, min_val, max_val):  # NaN passes g, as PyTorch's
        outside = self.logical_or(self.le(x, min_val), self.ge(x, max_val))
        return self.where(self.logical_not(outside), g, 0)  # see relu_backward

    # --- recurrent cells (gate blocks: LSTM i, f, g, o; GRU r, z, n) --------------------------
    def lstm_cell_backward(self, grad_h, grad_c, gates, tanh_c, c_prev):
        """-> (dL/d(gi + gh), dL/dc_prev) from the activated gates and tanh(c):
        dc = g_c + g_h o (1 - tanh²c), then each gate's share of c and h through its
        activation's derivative, and dc f."""
        i, f, g, o = self.split(gates, 4, 1)
        dc = self.add(grad_c, self.tanh_backward(self.mul(grad_h, o), tanh_c))
        d = self.concatenate([self.sigmoid_backward(self.mul(dc, g), i),
                              self.sigmoid_backward(self.mul(dc, c_prev), f),
                              self.tanh_backward(self.mul(dc, i), g),
                              self.sigmoid_backward(self.mul(grad_h, tanh_c), o)], 1)
        return d, self.mul(dc, f)

    def gru_cell_backward(self, grad_h, gates, gh, h_prev):
        """-> (dL/dgi, dL/dgh, dL/dh_prev) from the activated gates (r, z, n): with
        h = n + z (h_prev - n), dn' = g_h (1 - z) (1 - n²) reaches gi_n, and r gh_n's share
        dn' r reaches gh_n; r's is dn' gh_n through σ'."""
        r, z, n = self.split(gates, 3, 1)
        gh_n = self.split(gh, 3, 1)[2]
        dz = self.sigmoid_backward(self.mul(grad_h, self.sub(h_prev, n)), z)
        dn = self.tanh_backward(self.mul(grad_h, self.sub(1, z)), n)
        dr = self.sigmoid_backward(self.mul(dn, gh_n), r)
        return (self.concatenate([dr, dz, dn], 1), self.concatenate([dr, dz, self.mul(dn, r)], 1),
                self.mul(grad_h, z))

    def recurrence_backward(self, mode, grad_output, grad_state, gi, h0, c0, w_hh, b_hh, w_hr,
                            steps, batch_sizes, reverse, cells=None):
        """Back through time for ``Recurrence`` (one layer, one direction; NOTE [Recurrent
        layers]): each step's cell backward and the hidden GEMM dh₋ = dgh Wₕₕ in reverse step
        order; dWₕₕ = Σ dghᵀ h₋ a GEMM per block of steps beside the loop (NOTE [Weight
        gradients beside the loop]), dWₕᵣ one GEMM over all steps.
        ``steps[t]``: step t's saved (h₋, ...) as ``Recurrence`` saved them; ``cells``: where
        the per-step cell backwards come from (``self`` by default).
        -> (dL/dgi, dL/dh0, dL/dc0, dL/dWₕₕ, dL/dbₕₕ, dL/dWₕᵣ)."""
        cells = cells or self
        grad_steps = self.split(grad_output, list(accumulate(batch_sizes[:-1])), 0)
        d_state = grad_state
        d_gi, d_gh, d_proj = [None] * len(steps), [None] * len(steps), [None] * len(steps)
        order = range(len(steps)) if reverse else range(len(steps) - 1, -1, -1)
        d_w_hh, done, running = None, [], None  # NOTE [Weight gradients beside the loop]
        try:
            with self.one_thread():  # NOTE [Loops of small kernels]
                for k, t in enumerate(order, 1):
                    d_state = self._step_back(mode, t, batch_sizes, steps[t], grad_steps[t],
                                              d_state, d_gi, d_gh, d_proj, w_hh, w_hr, cells)
                    done.append(t)
                    if len(done) == _STEPS_PER_GEMM and k < len(steps):
                        previous, running = running, None
                        d_w_hh = _plus(self, d_w_hh, previous)
                        running = self.beside(functools.partial(self._steps_gemm, d_gh,
                                                                steps, done))
                        done = []
        finally:
            previous, running = running, None
            d_w_hh = _plus(self, d_w_hh, previous)  # the workers are free again
        # the last block after the loop, where its GEMM may split over the threads
        d_w_hh = _plus(self, d_w_hh, functools.partial(self._steps_gemm, d_gh, steps, done))
        d_gi_all = self.concatenate(d_gi, 0)
        d_gh_all = d_gi_all if mode != "GRU" else self.concatenate(d_gh, 0)
        d_b_hh = None if b_hh is None else self.sum(d_gh_all, (0,), False)
        d_w_hr = None if w_hr is None else self.matmul(
            self.transpose(self.concatenate(d_proj, 0), (1, 0)),
            self.concatenate([s[4] for s in steps], 0))
        return (d_gi_all, d_state[0], d_state[1] if c0 is not None else None, d_w_hh, d_b_hh,
                d_w_hr)

    def _step_back(self, mode, t, batch_sizes, saved, grad_step, d_state, d_gi, d_gh, d_proj,
                   w_hh, w_hr, cells):
        """One step of ``recurrence_backward``'s loop: fills d_gi[t], d_gh[t] (d_proj[t]) and
        returns the gradient of the state before step t."""
        n, rows = batch_sizes[t], batch_sizes[0]
        rest = None if n == rows else [self.split(d, [n], 0) for d in d_state]
        mine = d_state if rest is None else [r[0] for r in rest]
        dh = self.add(grad_step, mine[0])
        direct = None  # dL/dh₋ not through the hidden GEMM (GRU's z h₋)
        if mode == "LSTM":
            if w_hr is not None:
                d_proj[t] = dh
                dh = self.matmul(dh, w_hr)
            d_gi[t], dc = cells.lstm_cell_backward(dh, mine[1], *saved[1:4])
            d_gh[t], back = d_gi[t], [None, dc]
        elif mode == "GRU":
            d_gi[t], d_gh[t], direct = cells.gru_cell_backward(dh, saved[1], saved[2], saved[0])
            back = [None]
        else:
            d_gi[t] = d_gh[t] = cells.rnn_cell_backward(
                dh, saved[1], "tanh" if mode == "RNN_TANH" else "relu")
            back = [None]
        back[0] = self.matmul(d_gh[t], w_hh)
        if direct is not None:
            back[0] = self.add(back[0], direct)
        return back if rest is None else [self.concatenate([b, r[1]], 0)
                                          for b, r in zip(back, rest)]

    def _steps_gemm(self, d_gh, steps, ts):
        """Σₜ dghₜᵀ hₜ₋₁ over the steps ``ts``, as one GEMM (hₜ₋₁ is what step t saved first)."""
        return self.matmul(self.transpose(self.concatenate([d_gh[t] for t in ts], 0), (1, 0)),
                           self.concatenate([steps[t][0] for t in ts], 0))

    # --- softmax family ----------------------------------------------------------------------
    def softmax_backward(self, g, y, axis):
        gy = self.mul(g, y)
        return self.sub(gy, self.mul(y, self.sum(gy, axis, True)))

    def log_softmax_backward(self, g, y, axis):
        return self.sub(g, self.mul(self.exp(y), self.sum(g, axis, True)))

    # --- losses ------------------------------------------------------------------------------
    def cross_entropy_backward(self, grad_losses, log_probs, target, weight, ignore_index,
                               label_smoothing):
        """g_i ((1-ε) w[t_i] (p_i - onehot(t_i)) + ε/C (p_i Σw - w)), p = e^log_probs. The
        NLL backward gives -(1-ε) g_i w[t_i] onehot(t_i); its row sums give (1-ε) g_i w[t_i]."""
        c = log_probs.shape[1]
        g = grad_losses if not label_smoothing else self.mul(grad_losses, 1 - label_smoothing)
        rows = self.nll_loss_backward(g, target, weight, ignore_index, c)
        p = self.exp(log_probs)
        grad = self.sub(rows, self.mul(p, self.sum(rows, 1, True)))
        if label_smoothing > 0:
            counted = grad_losses if ignore_index is None else self.mul(
                grad_losses, self.ne(target, ignore_index))
            b = self.expand_dims(self.mul(counted, label_smoothing / c), 1)
            if weight is None:
                grad = self.add(grad, self.mul(b, self.sub(self.mul(p, c), 1)))
            else:
                grad = self.add(grad, self.mul(b, self.sub(self.mul(p, self.sum(weight)),
                                                           weight)))
        return grad

    def smooth_l1_backward(self, g, d, beta):
        if beta == 0:
            return self.mul(g, self.sign(d))
        # PyTorch's d <= -beta ? -1 : d >= beta ? 1 : d / beta: a NaN difference gives NaN
        return self.mul(g, self.where(self.le(d, -beta), -1.0,
                                      self.where(self.ge(d, beta), 1.0, self.mul(d, 1 / beta))))

    def binary_cross_entropy_backward(self, g, p, y):
        """-> (grad_p, grad_y); p (1 - p) clamped at PyTorch's EPSILON, a float 1e-12
        (9.99999996e-13) in every dtype. grad_y is PyTorch's -logit(p) g, unclamped unlike the
        forward's logs: -inf or inf at p = 1 or 0 (NaN where g is 0 there)."""
        gp = self.div(self.mul(g, self.sub(p, y)),
                      self.maximum(self.mul(self.sub(1, p), p), _BCE_EPSILON))
        return gp, self.mul(self.neg(self.log(self.div(p, self.sub(1, p)))), g)

    def binary_cross_entropy_with_logits_backward(self, g, x, y, pos_weight):
        """-> (grad_x, grad_y, grad_pos_weight (None without pos_weight)), unreduced. As
        PyTorch's, grad_x is (σ(x) - y) g, or ((p y + 1 - y) σ(x) - p y) g with pos_weight p:
        accurate where σ(x) is tiny (1 - y - σ(-x) gave 0 at x = -50, PyTorch 2e-22)."""
        s = self.sigmoid(x)
        if pos_weight is None:
            return self.mul(g, self.sub(s, y)), self.mul(g, self.neg(x)), None
        sp_neg = self.softplus(self.neg(x), 1.0, math.inf)  # log(1 + e^-x), no threshold
        py = self.mul(pos_weight, y)
        return (self.mul(g, self.sub(self.mul(self.sub(self.add(py, 1), y), s), py)),
                self.mul(g, self.sub(self.mul(self.sub(pos_weight, 1), sp_neg), x)),
                self.mul(g, self.mul(y, sp_neg)))

    def kl_div_backward(self, g, x, t, log_target):
        """-> (grad_x, grad_t)."""
        if log_target:
            e = self.exp(t)
            return (self.neg(self.mul(g, e)),
                    self.mul(self.mul(g, e), self.add(self.sub(t, x), 1)))
        # PyTorch's, through its forward xlogy(t, t) - t x: xlogy(t != 0, t) + t / t - x, so
        # g (log t + 1 - x), NaN where t < 0 and also where t == 0 (0 / 0; it was g (1 - x))
        zero = self.eq(t, 0)
        grad_t = self.mul(g, self.sub(self.add(self.log(self.where(zero, 1, t)), 1), x))
        return self.neg(self.mul(g, t)), self.where(zero, math.nan, grad_t)

    # --- normalisation -----------------------------------------------------------------------
    def batch_norm_backward(self, g, x, weight, save_mean, save_invstd, training):
        """-> (grad_x, grad_weight, grad_bias): with x̂ = (x - μ) σ̂⁻¹ per channel,
        gx = (g - Σg/n - x̂ Σ(g x̂)/n) w σ̂⁻¹ when training (batch statistics), g w σ̂⁻¹ in eval;
        the affine gradients whether or not they are used."""
        axes = (0,) + tuple(range(2, x.ndim))
        channel = (1, -1) + (1,) * (x.ndim - 2)
        invstd = self.reshape(save_invstd, channel)
        xhat = self.mul(self.sub(x, self.reshape(save_mean, channel)), invstd)
        gbias = self.sum(g, axes)
        gweight = self.sum(self.mul(g, xhat), axes)
        scale = invstd if weight is None else self.mul(invstd, self.reshape(weight, channel))
        if not training:
            return self.mul(g, scale), gweight, gbias
        n = math.prod(x.shape[:1] + x.shape[2:])  # values per channel (no channel: fine)
        centred = self.sub(self.sub(g, self.reshape(self.div(gbias, n), channel)),
                           self.mul(xhat, self.reshape(self.div(gweight, n), channel)))
        return self.mul(centred, scale), gweight, gbias

    def layer_norm_backward(self, g, x, weight, mean, invstd, normalized_ndim):
        """-> (grad_x, grad_weight, grad_bias): with x̂ = (x - μ) σ̂⁻¹ and ĝ = g w,
        gx = σ̂⁻¹ (ĝ - mean(ĝ) - x̂ mean(ĝ x̂)); the affine gradients whether or not used."""
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        lead = tuple(range(x.ndim - normalized_ndim))
        xhat = self.mul(self.sub(x, mean), invstd)
        gw, gb = self.mul(g, xhat), g
        if lead:
            gw, gb = self.sum(gw, lead), self.sum(gb, lead)
        if 0 in x.shape:  # an empty x: no means of nothing (NumPy warns)
            return g, gw, gb
        if weight is not None:
            g = self.mul(g, weight)
        gx = self.mul(invstd, self.sub(self.sub(g, self.mean(g, axes, True)),
                                       self.mul(xhat, self.mean(self.mul(g, xhat), axes, True))))
        return gx, gw, gb

    def rms_norm_backward(self, g, x, weight, invrms, normalized_ndim):
        """-> (grad_x, grad_weight): with r = 1/√(mean(x²) + ε), x̂ = x r and ĝ = g w,
        gx = r (ĝ - x̂ mean(ĝ x̂)); the weight's gradient whether or not it is used."""
        axes = tuple(range(x.ndim - normalized_ndim, x.ndim))
        lead = tuple(range(x.ndim - normalized_ndim))
        xhat = self.mul(x, invrms)
        gw = self.mul(g, xhat)
        if lead:
            gw = self.sum(gw, lead)
        if 0 in x.shape:  # an empty x: no means of nothing (NumPy warns)
            return g, gw
        if weight is not None:
            g = self.mul(g, weight)
        gx = self.mul(invrms, self.sub(g, self.mul(xhat, self.mean(self.mul(g, xhat), axes,
                                                                      True))))
        return gx, gw
