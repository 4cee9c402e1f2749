"""``tinytorch.onnx``: importable, so scripts that import it run; tinytorch cannot export
ONNX, and :func:`export` says what to do instead."""


def is_in_onnx_export():
    """Returns whether an ONNX export is running.

    Returns:
        bool: always False: tinytorch never runs an ONNX export.

    >>> tinytorch.onnx.is_in_onnx_export()
    False
    """
    return False


def export(model, args=(), f=None, **kwargs):
    """Not supported: tinytorch records no graph to export.

    Args:
        model (nn.Module): the model PyTorch would export.
        args (tuple): the example inputs PyTorch would trace with.
        f (str or file, optional): where PyTorch would write the ONNX file.
        **kwargs: PyTorch's other export options.

    Raises:
        NotImplementedError: always; the message names the way to get an ONNX file: save
        the weights with ``tinytorch.save(model.state_dict(), path)`` (a safetensors file),
        load them into the same model written for PyTorch, and call ``torch.onnx.export``.

    >>> tinytorch.onnx.export(tinytorch.nn.Linear(2, 1), (tinytorch.ones(1, 2),), "m.onnx")
    Traceback (most recent call last):
    NotImplementedError: tinytorch.onnx.export: tinytorch cannot export ONNX ...
    """
    raise NotImplementedError(
        "tinytorch.onnx.export: tinytorch cannot export ONNX (it runs eagerly and records no "
        "graph to export). Save the weights with tinytorch.save(model.state_dict(), "
        "'model.safetensors'), load them in PyTorch into the same model "
        "(model.load_state_dict(safetensors.torch.load_file('model.safetensors'))) and call "
        "torch.onnx.export there.")
