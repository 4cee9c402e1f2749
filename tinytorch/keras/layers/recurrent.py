"""Keras' recurrent layers ``SimpleRNN``, ``LSTM`` and ``GRU`` on the fused recurrent ops of
``tinytorch.nn`` (NOTE [Recurrent layers] in ``tinytorch/_ops/nn_rnn.py``).

# NOTE [Keras recurrent layers]
A Keras recurrent layer is the PyTorch layer of the same kind with its weights laid out
differently, so it runs the same fused cell op and only the weights are rearranged:
- Keras stores ``kernel`` (features, G*units), ``recurrent_kernel`` (units, G*units) and
  ``bias``; they are kept transposed here (``weight_ih`` (G*units, features), ``weight_hh``
  (G*units, units), PyTorch's orientation, as ``Dense`` keeps its kernel) and
  ``get_weights``/``set_weights`` speak Keras' layouts.
- LSTM: Keras' gate order i, f, c, o is PyTorch's i, f, g, o; Keras has one bias, which is
  PyTorch's ``b_ih`` with ``b_hh = 0``.
- GRU with ``reset_after=True`` (Keras 2's default) computes h' = z h + (1 - z) tanh(x_h +
  r (h U_h + b_rh)), PyTorch's GRU; its bias (2, 3*units) is (input bias, recurrent bias),
  PyTorch's ``b_ih`` and ``b_hh``; Keras' gate order z, r, h becomes PyTorch's r, z, n by
  swapping the first two blocks on each call. ``reset_after=False`` (r applied before the
  recurrent matmul) has no PyTorch counterpart and is refused.
- SimpleRNN is PyTorch's RNN (tanh or relu) with one bias.
- ``go_backwards`` reads the sequence from its end and, as Keras, returns the sequence of
  outputs in that (reversed) order.
- Input ``dropout`` follows the code path Keras 2 takes: LSTM and GRU with tanh, sigmoid, a
  bias and no unrolling (the fused "cuDNN-compatible" path) drop each input element
  independently; SimpleRNN, and LSTM/GRU otherwise, drop the same features at every time
  step (the cell's cached mask). ``recurrent_dropout`` needs a mask inside the fused cell's
  hidden projection and is refused.
"""

import tinytorch
from tinytorch import nn
from tinytorch._ops import nn_rnn
from tinytorch._ops.join import cat
from tinytorch.keras import activations
from tinytorch.keras import initializers
from tinytorch.keras._graph import is_shape_list
from tinytorch.keras.layers.base import Layer
from tinytorch.nn import functional as F


class _RNN(Layer):
    """What the three recurrent layers share (Keras' ``RNN`` over one cell)."""

    gates = 1  # blocks of ``units`` in the kernel
    states = 1  # state tensors (h) or (h, c)

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", *, dropout=0.0, recurrent_dropout=0.0,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, time_major=False, **kwargs):
        super().__init__(**kwargs)
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        for given, refused, reason in (
                (f"recurrent_dropout={recurrent_dropout}", recurrent_dropout > 0,
                 "its mask would act inside the fused cell's recurrent matmul; use dropout= "
                 "(on the inputs) or a Dropout layer"),
                ("stateful=True", stateful,
                 "states are not carried between batches; pass initial_state= instead"),
                ("time_major=True", time_major,
                 "inputs are (batch, timesteps, features); transpose them first")):
            if refused:
                raise NotImplementedError(f"{type(self).__name__}({given}) is not supported: "
                                          f"{reason}")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = kernel_initializer
        self.recurrent_initializer = recurrent_initializer
        self.bias_initializer = bias_initializer
        self.dropout = float(dropout)
        self.recurrent_dropout = float(recurrent_dropout)
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = False
        self.unroll = bool(unroll)
        self.time_major = False

    # --- weights ----------------------------------------------------------------------------
    def build(self, input_shape):
        if is_shape_list(input_shape):  # layer([x, *initial_state])
            input_shape = input_shape[0]
        features = _check_rank(self, input_shape)
        width = self.gates * self.units
        self.weight_ih = nn.Parameter(tinytorch.empty(width, features))
        initializers.initialize(self.kernel_initializer, self.weight_ih, (features, width))
        self.weight_hh = nn.Parameter(tinytorch.empty(width, self.units))
        initializers.initialize(self.recurrent_initializer, self.weight_hh, (self.units, width))
        self.bias = None
        if self.use_bias:
            shape = self._bias_shape()
            self.bias = nn.Parameter(tinytorch.empty(*shape))
            initializers.initialize(self.bias_initializer, self.bias, shape)

    def _bias_shape(self):
        return (self.gates * self.units,)

    def keras_weights(self):
        slots = [(self.weight_ih, (1, 0)), (self.weight_hh, (1, 0))]
        return slots + [(self.bias, None)] if self.use_bias else slots

    def _fused_weights(self):
        """(w_ih, w_hh, b_ih, b_hh, None) in PyTorch's layout and gate order."""
        return self.weight_ih, self.weight_hh, self.bias, None, None

    # --- shapes -----------------------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        """``(units,)``, or ``(timesteps, units)`` with ``return_sequences``; with
        ``return_state`` a list: that shape, then ``(units,)`` per state.

        Args:
            input_shape (tuple): ``(timesteps, features)``, or a list of it followed by the
                initial states' shapes.

        Returns:
            tuple or list: shape of one output sample, or a list of shapes.

        >>> LSTM(8, return_state=True).compute_output_shape((5, 3))
        [(8,), (8,), (8,)]
        """
        if is_shape_list(input_shape):
            input_shape = input_shape[0]
        _check_rank(self, input_shape)
        out = (input_shape[0], self.units) if self.return_sequences else (self.units,)
        return [out] + [(self.units,)] * self.states if self.return_state else out

    # --- forward ----------------------------------------------------------------------------
    def call(self, inputs, mask=None, training=None, initial_state=None):
        """Run over ``inputs`` from ``initial_state``. A layer called on a tensor outside a
        model builds itself for its shape first.

        Args:
            inputs (Tensor or list): (batch, timesteps, features), or Keras'
                ``[inputs, *initial_state]``.
            mask: only None; masking is not supported.
            training (bool, optional): whether input ``dropout`` applies; default: the
                layer's training mode.
            initial_state (list of Tensor, optional): one (batch, units) tensor per state
                (h, or h and c for LSTM); zeros by default.

        Returns:
            Tensor or list: the last output (batch, units), or every step's (batch,
            timesteps, units) with ``return_sequences``; with ``return_state`` a list of
            that and the final states.

        Raises:
            NotImplementedError: if ``mask`` is given.
            ValueError: if ``inputs`` is not of rank 3, or ``initial_state`` has the wrong
                number of tensors or shapes.

        >>> layer = SimpleRNN(4, return_sequences=True)
        >>> layer(tinytorch.ones(2, 5, 3)).shape
        torch.Size([2, 5, 4])
        """
        if isinstance(inputs, (list, tuple)):  # Keras' layer([x, *initial_state])
            inputs, initial_state = inputs[0], list(inputs[1:]) or initial_state
        if mask is not None:
            raise NotImplementedError(f"{type(self).__name__}: masking is not supported")
        if not self.built:  # called on a tensor outside a model, as Keras allows
            self.ensure_built(tuple(inputs.shape[1:]))
        x = self._input_dropout(inputs, self.training if training is None else training)
        if self.go_backwards:
            x = x.flip(1)
        batch, steps, features = x.shape
        data = x.transpose(0, 1).reshape(steps * batch, features)
        output, final = nn_rnn.rnn(self.mode, data, [batch] * steps,
                                   self._initial_state(initial_state, x),
                                   [self._fused_weights()], 1, 0.0, False, False)
        final = [s[0] for s in final]
        out = (output.reshape(steps, batch, self.units).transpose(0, 1)
               if self.return_sequences else final[0])
        return [out, *final] if self.return_state else out

    def _input_dropout(self, x, training):
        if x.dtype != self.weight_ih.dtype:  # Keras casts inputs to the layer's dtype
            x = x.to(self.weight_ih.dtype)
        if not (self.dropout and training):
            return x
        if self._time_constant_dropout():
            keep = tinytorch.ones(x.shape[0], 1, x.shape[2], dtype=x.dtype, device=x.device)
            return x * F.dropout(keep, self.dropout, True)
        return F.dropout(x, self.dropout, True)

    def _time_constant_dropout(self):
        """Whether Keras drops the same input features at every step (see NOTE [Keras
        recurrent layers])."""
        return True

    def _initial_state(self, given, x):
        if given is None:
            return tuple(tinytorch.zeros(1, x.shape[0], self.units, dtype=x.dtype,
                                         device=x.device) for _ in range(self.states))
        given = list(given) if isinstance(given, (list, tuple)) else [given]
        if len(given) != self.states:
            raise ValueError(f"An `initial_state` was passed that is not compatible with "
                             f"`cell.state_size`. Received {len(given)} initial state "
                             f"tensor(s); however `cell.state_size` is "
                             f"{[self.units] * self.states}")
        for state in given:
            if tuple(state.shape) != (x.shape[0], self.units):
                raise ValueError(f"{self.name}: an initial state must have shape (batch, "
                                 f"units) = {(x.shape[0], self.units)}, got "
                                 f"{tuple(state.shape)}")
        return tuple(s.to(x.dtype).unsqueeze(0) for s in given)

    def get_config(self):
        return {**super().get_config(), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards,
                "stateful": False, "unroll": self.unroll, "time_major": False,
                "units": self.units, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias, "kernel_initializer": self.kernel_initializer,
                "recurrent_initializer": self.recurrent_initializer,
                "bias_initializer": self.bias_initializer, "dropout": self.dropout,
                "recurrent_dropout": self.recurrent_dropout}


def _check_rank(layer, input_shape):
    """The number of features of a (timesteps, features) sample shape, or Keras' error."""
    if len(input_shape) != 2:
        raise ValueError(f"Input 0 of layer {layer.name} is incompatible with the layer: "
                         f"expected ndim=3, found ndim={len(input_shape) + 1}. Full shape "
                         f"received: {(None, *input_shape)}")
    return input_shape[-1]


def _require(layer, what, identifier, supported):
    """The name of activation ``identifier`` if the fused cell computes it, else a named
    error."""
    name = "linear" if identifier is None else getattr(identifier, "__name__", identifier)
    if name not in supported:
        raise NotImplementedError(
            f"{type(layer).__name__}({what}={name!r}) is not supported: the fused "
            f"{type(layer).__name__} cell computes {what}={' or '.join(map(repr, supported))}")
    return name


class SimpleRNN(_RNN):
    """Keras' fully-connected RNN: h_t = activation(x_t kernel + h_{t-1} recurrent_kernel +
    bias), on inputs (batch, timesteps, features).

    Args:
        units (int): size of the state and the output.
        activation (str): ``'tanh'`` (default) or ``'relu'``.
        use_bias (bool): default True.
        kernel_initializer (str): default ``'glorot_uniform'``.
        recurrent_initializer (str): default ``'orthogonal'``.
        bias_initializer (str): default ``'zeros'``.
        dropout (float): fraction of the input features dropped while training (the same
            features at every time step, as Keras' cell does).
        recurrent_dropout (float): only 0 (see NOTE [Keras recurrent layers]).
        return_sequences (bool): return every step's output (batch, timesteps, units)
            instead of the last one (batch, units).
        return_state (bool): also return the final state: ``[output, h]``.
        go_backwards (bool): read the sequence backwards (outputs in that order).
        unroll (bool): accepted; no effect on results.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Weights (``get_weights()``): kernel (features, units), recurrent_kernel (units, units),
    bias (units,).

    >>> from tinytorch.keras.layers import SimpleRNN
    >>> SimpleRNN(32, return_sequences=True).compute_output_shape((5, 10))
    (5, 32)
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", **kwargs):
        activation = _require(self, "activation", activation, ("tanh", "relu"))
        super().__init__(units, activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, **kwargs)
        self.mode = "RNN_TANH" if activation == "tanh" else "RNN_RELU"


class LSTM(_RNN):
    """Keras' long short-term memory layer, gates (i, f, c, o) in that order:
    c_t = f c_{t-1} + i tanh(z_c), h_t = o tanh(c_t), z = x_t kernel + h_{t-1}
    recurrent_kernel + bias.

    Args: as :class:`SimpleRNN`, plus ``recurrent_activation`` (``'sigmoid'``, the only one
    supported, as ``activation`` must be ``'tanh'``) and ``unit_forget_bias`` (default True:
    the forget gate's bias starts at 1). Dropout drops input elements independently (Keras'
    fused path) unless ``use_bias=False`` or ``unroll=True``. ``return_state`` returns
    ``[output, h, c]``.

    Weights: kernel (features, 4*units), recurrent_kernel (units, 4*units), bias (4*units,).

    >>> from tinytorch.keras.layers import LSTM
    >>> from tinytorch.keras.models import Sequential
    >>> Sequential([LSTM(32, input_shape=(5, 10))]).count_params()
    5504
    """

    gates, states, mode = 4, 2, "LSTM"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, **kwargs):
        activation = _require(self, "activation", activation, ("tanh",))
        super().__init__(units, activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(_require(
            self, "recurrent_activation", recurrent_activation, ("sigmoid",)))
        self.unit_forget_bias = bool(unit_forget_bias)

    def build(self, input_shape):
        """Create the weights (see :class:`SimpleRNN`); with ``unit_forget_bias`` the forget
        gate's block of the bias starts at 1.

        Args:
            input_shape (tuple): ``(timesteps, features)``.

        >>> layer = LSTM(2)
        >>> layer.build((5, 3))
        >>> layer.bias.tolist()  # gates i, f, c, o
        [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
        """
        super().build(input_shape)
        if self.use_bias and self.unit_forget_bias:
            with tinytorch.no_grad():
                self.bias[self.units:2 * self.units].fill_(1.0)

    def _time_constant_dropout(self):
        return not self.use_bias or self.unroll

    def get_config(self):
        return {**super().get_config(), "recurrent_activation":
                activations.serialize(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias}


class GRU(_RNN):
    """Keras' gated recurrent unit, gates (z, r, h) in that order, with Keras 2's default
    ``reset_after=True``: z, r = σ(x_t W + b_x + h_{t-1} U + b_h) on their blocks,
    h~ = tanh(x_t W_h + b_xh + r (h_{t-1} U_h + b_hh)), h_t = z h_{t-1} + (1 - z) h~.

    Args: as :class:`LSTM` without ``unit_forget_bias``, plus ``reset_after`` (only True is
    supported: the fused GRU cell applies the reset gate after the recurrent matmul).
    ``return_state`` returns ``[output, h]``.

    Weights: kernel (features, 3*units), recurrent_kernel (units, 3*units), bias
    (2, 3*units): the input bias, then the recurrent bias.

    >>> from tinytorch.keras.layers import GRU
    >>> from tinytorch.keras.models import Sequential
    >>> Sequential([GRU(32, input_shape=(5, 10))]).count_params()
    4224
    """

    gates, mode = 3, "GRU"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", *, reset_after=True, **kwargs):
        activation = _require(self, "activation", activation, ("tanh",))
        super().__init__(units, activation, use_bias, kernel_initializer,
                         recurrent_initializer, bias_initializer, **kwargs)
        self.recurrent_activation = activations.get(_require(
            self, "recurrent_activation", recurrent_activation, ("sigmoid",)))
        if not reset_after:
            raise NotImplementedError("GRU(reset_after=False) is not supported: the fused GRU "
                                      "cell applies the reset gate after the recurrent "
                                      "matmul (reset_after=True, Keras 2's default)")
        self.reset_after = True

    def _bias_shape(self):
        return (2, self.gates * self.units)

    def _fused_weights(self):
        swap = self._keras_to_torch_gates
        if self.bias is None:
            return swap(self.weight_ih), swap(self.weight_hh), None, None, None
        return (swap(self.weight_ih), swap(self.weight_hh), swap(self.bias[0]),
                swap(self.bias[1]), None)

    def _keras_to_torch_gates(self, w):
        """Blocks (z, r, h) along dim 0 -> PyTorch's (r, z, n)."""
        u = self.units
        return cat([w[u:2 * u], w[:u], w[2 * u:]], 0)

    def _time_constant_dropout(self):
        return not self.use_bias or self.unroll

    def get_config(self):
        return {**super().get_config(), "recurrent_activation":
                activations.serialize(self.recurrent_activation), "reset_after": True}
