"""``Bidirectional``: a recurrent layer run forwards and backwards, outputs merged."""

import tinytorch
from tinytorch.keras import _saving
from tinytorch.keras.layers.base import Layer

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Run a copy of ``layer`` over the sequence and another with ``go_backwards`` flipped,
    and merge their outputs (Keras 2's ``Bidirectional``). With ``return_sequences`` the
    backward copy's outputs are put back in time order before merging, so step t holds both
    directions' outputs at t.

    Args:
        layer: a :class:`SimpleRNN`, :class:`LSTM` or :class:`GRU`; used as a config only
            (the forward copy, named ``forward_<name>``, is made from it, as in Keras).
        merge_mode (str or None): ``'concat'`` (default), ``'sum'``, ``'mul'``, ``'ave'``,
            or None for a list ``[forward, backward]``.
        weights (list, optional): initial weights, the forward copy's then the backward's.
        backward_layer (optional): the backward copy, if not derived from ``layer``; it
            must differ in ``go_backwards`` and agree in ``return_sequences`` and
            ``return_state``.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    With ``return_state`` the output is followed by the forward states, then the backward
    ones; ``initial_state`` is split the same way.

    >>> from tinytorch.keras.layers import Bidirectional, LSTM
    >>> Bidirectional(LSTM(10, return_sequences=True)).compute_output_shape((5, 4))
    (5, 20)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `Bidirectional` layer with a `Layer` "
                             f"instance. You passed: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(f"`backward_layer` need to be a `Layer` instance. You passed: "
                             f"{backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError('Invalid merge mode. Merge mode should be one of {"sum", "mul", '
                             '"ave", "concat", None}')
        if ("input_shape" not in kwargs and "batch_input_shape" not in kwargs
                and layer.declared_input_shape is not None):
            kwargs["input_shape"] = layer.declared_input_shape
        super().__init__(**kwargs)
        self.layer_spec = _saving.layer_spec(layer)
        self.backward_spec = backward_layer and _saving.layer_spec(backward_layer)
        self.forward_layer = _recreate(self.layer_spec, go_backwards=False)
        self.backward_layer = backward_layer or _recreate(self.layer_spec, go_backwards=True)
        self.forward_layer.name = "forward_" + self.forward_layer.name
        self.backward_layer.name = "backward_" + self.backward_layer.name
        _check_pair(self.forward_layer, self.backward_layer)
        self.merge_mode = merge_mode
        self.initial_weights = weights
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state

    def build(self, input_shape):
        """Build both copies for ``input_shape`` and load the constructor's ``weights``, if
        given.

        Args:
            input_shape (tuple): ``(timesteps, features)``.

        >>> from tinytorch.keras.layers import SimpleRNN
        >>> layer = Bidirectional(SimpleRNN(4))
        >>> layer.build((5, 3))
        >>> layer.count_params()  # two copies of (3*4 + 4*4 + 4)
        64
        """
        self.forward_layer.ensure_built(input_shape)
        self.backward_layer.ensure_built(input_shape)
        if self.initial_weights:
            half = len(self.initial_weights) // 2
            self.forward_layer.set_weights(self.initial_weights[:half])
            self.backward_layer.set_weights(self.initial_weights[half:])
            self.initial_weights = None

    def compute_output_shape(self, input_shape):
        output = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            output, states = output[0], list(output[1:])
        if self.merge_mode == "concat":
            output = (*output[:-1], 2 * output[-1])
        outputs = [output, output] if self.merge_mode is None else [output]
        if not self.return_state and self.merge_mode is not None:
            return output
        return outputs + states + states

    def keras_weights(self):
        return self.forward_layer.keras_weights() + self.backward_layer.keras_weights()

    def call(self, inputs, mask=None, training=None, initial_state=None):
        """Run both copies over ``inputs`` and merge their outputs. A layer called on a
        tensor outside a model builds itself for its shape first.

        Args:
            inputs (Tensor or list): (batch, timesteps, features), or Keras'
                ``[inputs, *initial_state]``.
            mask: passed to both copies (which support only None).
            training (bool, optional): passed to both copies (input ``dropout``).
            initial_state (list of Tensor, optional): the forward copy's states followed by
                the backward copy's.

        Returns:
            Tensor or list: the merged output (a list ``[forward, backward]`` when
            ``merge_mode`` is None), followed with ``return_state`` by the forward then the
            backward final states.

        Raises:
            ValueError: if ``initial_state`` has an odd number of tensors.

        >>> from tinytorch.keras.layers import LSTM
        >>> layer = Bidirectional(LSTM(4, return_sequences=True))
        >>> layer(tinytorch.ones(2, 5, 3)).shape
        torch.Size([2, 5, 8])
        """
        if isinstance(inputs, (list, tuple)):  # Keras' layer([x, *initial_state])
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
        if not self.built:  # called on a tensor outside a model, as Keras allows
            self.ensure_built(tuple(inputs.shape[1:]))
        forward_state = backward_state = None
        if initial_state is not None:
            if len(initial_state) % 2:
                raise ValueError(f"When passing `initial_state` to a Bidirectional RNN, the "
                                 f"state should be a list containing the states of the "
                                 f"underlying RNNs. Found: {len(initial_state)} tensors")
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(inputs, mask=mask, training=training,
                               initial_state=forward_state)
        y_rev = self.backward_layer(inputs, mask=mask, training=training,
                                    initial_state=backward_state)
        states = []
        if self.return_state:
            states = y[1:] + y_rev[1:]
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = y_rev.flip(1)
        output = _merge(self.merge_mode, y, y_rev)
        if not self.return_state:
            return output
        return (output if self.merge_mode is None else [output]) + states

    def get_config(self):
        config = {**super().get_config(), "layer": self.layer_spec,
                  "merge_mode": self.merge_mode}
        if self.backward_spec:
            config["backward_layer"] = self.backward_spec
        return config

    @classmethod
    def from_config(cls, config):
        """Recreate the wrapper, and the layers in its config, from :meth:`get_config`.

        Args:
            config (dict): ``layer`` (and ``backward_layer``) as ``{"class_name", "config"}``
                dicts, and the wrapper's other arguments.

        Returns:
            Bidirectional: a new layer (new weights).

        >>> from tinytorch.keras.layers import GRU
        >>> config = Bidirectional(GRU(4), merge_mode='sum').get_config()
        >>> Bidirectional.from_config(config).merge_mode
        'sum'
        """
        config = dict(config)
        config["layer"] = _saving.model_from_config(config["layer"])
        if config.get("backward_layer"):
            config["backward_layer"] = _saving.model_from_config(config["backward_layer"])
        return cls(**config)


def _recreate(spec, go_backwards):
    config = dict(spec["config"])
    if go_backwards:
        config["go_backwards"] = not config["go_backwards"]
    return _saving.model_from_config({"class_name": spec["class_name"], "config": config})


def _check_pair(forward, backward):
    if forward.go_backwards == backward.go_backwards:
        raise ValueError("Forward layer and backward layer should have different "
                         "`go_backwards` value.")
    for name in ("stateful", "return_sequences", "return_state"):
        if getattr(forward, name) != getattr(backward, name):
            raise ValueError(f"Forward layer and backward layer are expected to have the same "
                             f"value for attribute {name}, got {getattr(forward, name)} and "
                             f"{getattr(backward, name)}")


def _merge(mode, y, y_rev):
    if mode == "concat":
        return tinytorch.cat([y, y_rev], -1)
    if mode == "sum":
        return y + y_rev
    if mode == "ave":
        return (y + y_rev) / 2
    if mode == "mul":
        return y * y_rev
    return [y, y_rev]
