"""The attention-weights kernel written once over ``xp`` (see NOTE [Fully masked attention
rows] in ``tinytorch/_ops/nn_attention.py``)."""


class ArrayAttentionKernels:
    """Mixin: the subclass sets ``xp`` and the row reductions ``_max_keepdims`` /
    ``_sum_keepdims`` (ArrayNNKernels, which the CPU backend overrides for 2-D rows)."""

    xp = None

    def attention_softmax_(self, scores, scale, bias, safe):
        xp = self.xp
        if scale != 1:
            scores *= scale
        if bias is not None:
            scores += bias
        cols = scores.shape[-1]
        if not scores.size:
            return scores
        # As (rows, cols): the CPU backend's fast 2-D row max and sum apply.
        contiguous = scores.flags.c_contiguous
        rows = scores.reshape(-1, cols) if contiguous else xp.ascontiguousarray(scores) \
            .reshape(-1, cols)
        top = self._max_keepdims(rows, 1)
        dead = top == -xp.inf  # an all -inf row: shifting by 0 keeps it -inf, exp() makes 0s
        top[dead] = 0
        rows -= top
        xp.exp(rows, out=rows)
        total = self._sum_keepdims(rows, 1)
        total[dead] = 1 if safe else xp.nan  # 0 / 1 = 0, or 0 / NaN = NaN, with no warning
        rows /= total
        if not contiguous:
            scores[...] = rows.reshape(scores.shape)
        return scores
