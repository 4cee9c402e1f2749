"""``tinytorch.utils.summary``: a per-layer table for any ``nn.Module`` (output shapes,
parameter counts) and the memory one sample's forward pass needs."""

import tinytorch


class ModelSummary:
    """What :func:`summary` measured; ``str()`` is the table.

    Attributes:
        rows (list): ``(name, type, output_shape, params)`` per leaf module, in call order.
        total_params, trainable_params (int): parameter counts.
        activation_values (int): output elements of one sample summed over the leaf modules
            (in-place modules, whose output is their input, are not counted again).
        input_bytes, activation_bytes, param_bytes (int): sizes at the parameters' dtype.
    """

    def __init__(self, rows, total, trainable, activations, input_values, itemsize):
        self.rows = rows
        self.total_params, self.trainable_params = total, trainable
        self.activation_values = activations
        self.input_bytes = input_values * itemsize
        self.activation_bytes = activations * itemsize
        self.param_bytes = total * itemsize

    def __str__(self):
        mb = lambda n: f"{n / 2 ** 20:,.2f} MB"  # noqa: E731
        lines = ["-" * 72, f"{'Layer (type)':<32}{'Output Shape':<26}{'Param #':>14}",
                 "=" * 72]
        for name, kind, shape, params in self.rows:
            lines.append(f"{f'{name} ({kind})':<32}{str(list(shape)):<26}{params:>14,}")
        lines += ["=" * 72,
                  f"Total params: {self.total_params:,}",
                  f"Trainable params: {self.trainable_params:,}",
                  f"Non-trainable params: {self.total_params - self.trainable_params:,}",
                  "-" * 72,
                  f"Activations per sample (forward): {self.activation_values:,} values",
                  f"Input size per sample: {mb(self.input_bytes)}",
                  f"Forward activations per sample: {mb(self.activation_bytes)}",
                  f"Forward + backward per sample (x2): {mb(2 * self.activation_bytes)}",
                  f"Params size: {mb(self.param_bytes)}",
                  "-" * 72]
        return "\n".join(lines)

    __repr__ = __str__


def summary(model, input_size, device=None, dtype=None):
    """Run one zero sample of ``input_size`` (no batch axis, e.g. ``(3, 224, 224)``) through
    ``model`` and tabulate every leaf module's output shape and parameters.

    The model is run in eval mode (BatchNorm statistics are not touched) without gradients,
    and restored to its mode afterwards.

    Args:
        model (nn.Module): any module.
        input_size (tuple): shape of one input sample.
        device (str, optional): where to run; defaults to the parameters' device.
        dtype (tinytorch.dtype, optional): input dtype; defaults to the parameters' dtype.

    Returns:
        ModelSummary: print it for the table and the memory figures.

    >>> from tinytorch import nn
    >>> from tinytorch.utils import summary
    >>> summary(nn.Linear(784, 10), (784,)).total_params
    7850
    """
    params = list(model.parameters())
    if device is None:
        device = params[0].device if params else "cpu"
    dtype = dtype or (params[0].dtype if params else tinytorch.float32)
    names = {module: name for name, module in model.named_modules()}
    rows, activations = [], [0]

    def record(module, inputs, output):
        own = sum(p.numel() for p in module.parameters(recurse=False))
        rows.append((names.get(module, "?"), type(module).__name__,
                     (-1, *output.shape[1:]), own))
        if not (inputs and output is inputs[0]):
            activations[0] += output[0].numel()

    leaves = [m for m in model.modules() if not list(m.children())]
    handles = [m.register_forward_hook(record) for m in leaves]
    was_training = model.training
    try:
        model.eval()
        with tinytorch.no_grad():
            model(tinytorch.zeros(1, *input_size, dtype=dtype, device=device))
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    total = sum(p.numel() for p in params)
    trainable = sum(p.numel() for p in params if p.requires_grad)
    input_values = 1
    for size in input_size:
        input_values *= size
    itemsize = tinytorch.empty(0, dtype=dtype).element_size()
    return ModelSummary(rows, total, trainable, activations[0], input_values, itemsize)
