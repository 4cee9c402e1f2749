"""``tinytorch.onnx``: importable, so scripts that import it run; tinytorch cannot export
ONNX, and :func:`export` says what to do instead."""


def is_in_onnx_export():
    """False: tinytorch never runs an ONNX export."""
    return False


def export(model, args=(), f=None, **kwargs):
    """Not supported: tinytorch records no graph to export.

    Raises:
        NotImplementedError: always; the message names the way to get an ONNX file: save
        the weights with ``tinytorch.save(model.state_dict(), path)`` (a safetensors file),
        load them into the same model written for PyTorch, and call ``torch.onnx.export``.
    """
    raise NotImplementedError(
        "tinytorch.onnx.export: tinytorch cannot export ONNX (it runs eagerly and records no "
        "graph to export). Save the weights with tinytorch.save(model.state_dict(), "
        "'model.safetensors'), load them in PyTorch into the same model "
        "(model.load_state_dict(safetensors.torch.load_file('model.safetensors'))) and call "
        "torch.onnx.export there.")
