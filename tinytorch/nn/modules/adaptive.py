"""``nn.AdaptiveLogSoftmaxWithLoss``: the adaptive softmax of Grave et al. ("Efficient softmax
approximation for GPUs", 2016), PyTorch's module: its arguments, errors, parameter names and
layout (``head``, ``tail.<i>.0``, ``tail.<i>.1``), so state dicts load both ways."""

import collections
import itertools

from tinytorch._ops import join
from tinytorch.nn import functional as F
from tinytorch.nn.modules.container import ModuleList
from tinytorch.nn.modules.container import Sequential
from tinytorch.nn.modules.linear import Linear
from tinytorch.nn.modules.module import Module

_ASMoutput = collections.namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    r"""A softmax over many classes as a head over the ``cutoffs[0]`` most frequent classes
    plus one entry per cluster of the others, and per cluster a two-layer projection (through
    ``in_features // div_value ** (i + 1)`` features) to its classes' logits. The log
    probability of a class in cluster i is the head's log probability of the cluster plus the
    cluster's own log-softmax of the class.

    Args:
        in_features (int): the features of each input.
        n_classes (int): the number of classes.
        cutoffs (Sequence[int]): increasing, unique cluster boundaries in [1, n_classes - 1].
        div_value (float): the shrink of each cluster's projection (default 4.0).
        head_bias (bool): whether the head has a bias (default False).

    ``forward(input, target)`` returns ``(output, loss)``: each target's log probability and
    the mean negative log-likelihood. Input (N, in_features) with target (N,), or
    (in_features,) with a 0-d target. ``log_prob(input)`` gives every class's log probability,
    ``predict(input)`` the most probable class.

    >>> asm = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4])
    >>> out, loss = asm(tinytorch.randn(3, 8), tinytorch.tensor([0, 5, 9]))
    >>> out.shape, asm.log_prob(tinytorch.randn(3, 8)).shape
    (torch.Size([3]), torch.Size([3, 10]))
    """

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False,
                 device=None, dtype=None):
        super().__init__()
        cutoffs = list(cutoffs)
        if not cutoffs:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted "
                             "in an increasing order, where each value is between 1 and "
                             "n_classes-1")
        self.in_features = in_features
        self.n_classes = n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value = div_value
        self.head_bias = head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        factory = {"device": device, "dtype": dtype}
        self.head = Linear(in_features, self.head_size, bias=head_bias, **factory)
        self.tail = ModuleList()
        for i, (low, high) in enumerate(itertools.pairwise(self.cutoffs)):
            hidden = int(in_features // (div_value ** (i + 1)))
            self.tail.append(Sequential(Linear(in_features, hidden, bias=False, **factory),
                                        Linear(hidden, high - low, bias=False, **factory)))

    def reset_parameters(self):
        """Initialise every layer again, as its constructor did.

        >>> asm = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4])
        >>> asm.reset_parameters()
        """
        self.head.reset_parameters()
        for projection in self.tail:
            for layer in projection:
                layer.reset_parameters()

    def forward(self, input, target):
        if target.dim() == 1:
            if input.size(0) != target.size(0):
                raise RuntimeError("Input and target should have the same size in the batch "
                                   "dimension.")
            if input.dim() != 2:
                raise RuntimeError(f"1D target tensor expects 2D input tensors, but found "
                                   f"inputs with size {input.size()}")
        elif target.dim() == 0:
            if input.dim() != 1:
                raise RuntimeError(f"0D target tensor expects 1D input tensors, but found "
                                   f"inputs with size {input.size()}")
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        batched = target.dim() == 1
        x = input if batched else input.unsqueeze(0)
        t = target if batched else target.unsqueeze(0)
        if t.numel() and (bool(t.min() < 0) or bool(t.max() >= self.n_classes)):
            raise RuntimeError(f"Target values should be in [0, {self.n_classes - 1}], but "
                               f"values in range [{t.min().item()}, {t.max().item()}] were "
                               "found. ")
        # each row's entry of the head: its class in the shortlist, else its cluster's
        head_index = t.clone()
        cluster_part = x.new_zeros(t.size(0))  # log p(class | cluster), 0 in the shortlist
        for i, (low, high) in enumerate(itertools.pairwise(self.cutoffs)):
            rows = ((t >= low) & (t < high)).nonzero().squeeze(1)
            if not rows.numel():
                continue
            head_index = head_index.index_fill(0, rows, self.shortlist_size + i)
            logprob = F.log_softmax(self.tail[i](x.index_select(0, rows)), dim=1)
            local = logprob.gather(1, (t.index_select(0, rows) - low).unsqueeze(1)).squeeze(1)
            cluster_part = cluster_part.index_copy(0, rows, local)
        head_logprob = F.log_softmax(self.head(x), dim=1)
        output = cluster_part + head_logprob.gather(1, head_index.unsqueeze(1)).squeeze(1)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _full_log_prob(self, x, head_output):
        """Every class's log probability, from x and the head's output for it."""
        head_logprob = F.log_softmax(head_output, dim=1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i, projection in enumerate(self.tail):
            cluster = head_logprob[:, self.shortlist_size + i].unsqueeze(1)
            parts.append(F.log_softmax(projection(x), dim=1) + cluster)
        return join.cat(parts, 1)

    def log_prob(self, input):
        """The log probability of every class.

        Args:
            input (Tensor): (N, in_features).

        Returns:
            Tensor: (N, n_classes), each row's log probabilities.

        >>> asm = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4])
        >>> asm.log_prob(tinytorch.randn(2, 8)).exp().sum(1)
        tensor([1., 1.], grad_fn=<SumBackward1>)
        """
        return self._full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most probable class of each input row (``log_prob(input).argmax(1)``; a row
        whose head prefers a shortlist class needs no cluster: no cluster member can be more
        probable).

        Args:
            input (Tensor): (N, in_features).

        Returns:
            Tensor: (N,) int64 classes.

        >>> asm = tinytorch.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4])
        >>> asm.predict(tinytorch.randn(3, 8)).shape
        torch.Size([3])
        """
        head_output = self.head(input)
        best = head_output.argmax(dim=1)
        outside = best >= self.shortlist_size
        if not bool(outside.any()):
            return best
        if bool(outside.all()):
            return self._full_log_prob(input, head_output).argmax(dim=1)
        best[outside] = self._full_log_prob(input[outside], head_output[outside]).argmax(dim=1)
        return best

