"""Module backward hooks (``register_full_backward_hook``, ``register_full_backward_pre_hook``)
run as PyTorch's ``torch.utils.hooks.BackwardHook`` runs them.

NOTE [Module backward hooks]
A module with backward hooks has its tensor arguments and its tensor outputs passed through
an identity Function, ``BackwardHookFunction`` (PyTorch's node name). In backward the
outputs' node runs first: it packs the gradients of the outputs (None for an output that is
not a tensor), lets each pre hook replace them and keeps them; the inputs' node then calls
each hook with ``(module, grad_input, grad_output)``, grad_input one entry per positional
argument (None for one that is not a tensor or gets no gradient), and passes on what a hook
returns in its place. When no input requires grad there is no inputs' node: the outputs'
node calls the hooks with grad_input all None (and warns, as PyTorch). PyTorch attaches
these callbacks to its graph nodes (``Node.register_hook``); tinytorch's Function backward
is the same place in the graph.
"""

import warnings

from tinytorch import _grad_mode
from tinytorch._tensor import Tensor
from tinytorch.autograd.function import Function


class BackwardHookFunction(Function):
    """Identity on the tensors it is given; its backward hands their gradients to
    ``on_backward`` and passes on what it returns."""

    @staticmethod
    def forward(ctx, *tensors, on_backward, materialize):
        ctx.on_backward = on_backward
        ctx.set_materialize_grads(materialize)
        ctx.mark_non_differentiable(*[t for t in tensors if not t.requires_grad])
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return ctx.on_backward(grads)


def _pack(index, values, size):
    packed = [None] * size
    for i, value in zip(index, values):
        packed[i] = value
    return tuple(packed)


class BackwardHook:
    """One module call's hooks (see NOTE [Module backward hooks])."""

    def __init__(self, module, hooks, pre_hooks):
        self.module, self.hooks, self.pre_hooks = module, hooks, pre_hooks
        self.grad_outputs = None
        self.n_inputs = self.n_outputs = -1
        self.input_index = self.output_index = None

    @staticmethod
    def _wrap(values, on_backward, materialize):
        """``values`` with its tensors passed through BackwardHookFunction, and their
        positions; unchanged (positions None) when none requires grad or grad mode is off."""
        index = [i for i, v in enumerate(values) if isinstance(v, Tensor)]
        tensors = [values[i] for i in index]
        if not (_grad_mode.is_grad_enabled() and any(t.requires_grad for t in tensors)):
            return values, None
        wrapped = list(values)
        for i, t in zip(index, BackwardHookFunction.apply(*tensors, on_backward=on_backward,
                                                          materialize=materialize)):
            wrapped[i] = t
        return tuple(wrapped), index

    def setup_input_hook(self, args):
        # grad_input of a tensor the gradient does not reach is zeros (PyTorch's node
        # materializes the gradients it computes), grad_output of an unused output None
        args, self.input_index = self._wrap(args, self._inputs_backward, True)
        self.n_inputs = len(args)
        return args

    def setup_output_hook(self, result):
        single = not isinstance(result, tuple)
        outputs, self.output_index = self._wrap((result,) if single else result,
                                                self._outputs_backward, False)
        self.n_outputs = len(outputs)
        return outputs[0] if single else outputs

    def _outputs_backward(self, grads):
        self.grad_outputs = _pack(self.output_index, grads, self.n_outputs)
        for hook in self.pre_hooks:
            replaced = hook(self.module, self.grad_outputs)
            if replaced is None:
                continue
            if len(replaced) != len(self.grad_outputs):
                raise RuntimeError(f"Backward pre hook returned an invalid number of "
                                   f"grad_output, got {len(replaced)}, but expected "
                                   f"{len(self.grad_outputs)}")
            self.grad_outputs = replaced
        grad_outputs = self.grad_outputs
        if self.input_index is None:
            warnings.warn("Full backward hook is firing when gradients are computed with "
                          "respect to module outputs since no inputs require gradients. See "
                          "https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html"
                          "#torch.nn.Module.register_full_backward_hook for more details.",
                          UserWarning, stacklevel=2)
            for hook in self.hooks:
                result = hook(self.module, (None,) * self.n_inputs, grad_outputs)
                if result is not None and not (isinstance(result, tuple)
                                               and all(r is None for r in result)):
                    raise RuntimeError("Backward hook for Modules where no input requires "
                                       "gradient should always return None or None for all "
                                       "gradients.")
            self.grad_outputs = None
        return tuple(grad_outputs[i] for i in self.output_index)

    def _inputs_backward(self, grads):
        if self.grad_outputs is None:  # the gradient reached the inputs around the outputs
            return grads
        grad_input = _pack(self.input_index, grads, self.n_inputs)
        for hook in self.hooks:
            replaced = hook(self.module, grad_input, self.grad_outputs)
            if replaced is None:
                continue
            if len(replaced) != len(grad_input):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, "
                                   f"got {len(replaced)}, but expected {len(grad_input)}")
            grad_input = replaced
        self.grad_outputs = None
        return tuple(grad_input[i] for i in self.input_index)
