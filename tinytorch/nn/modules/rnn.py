"""Recurrent layers: ``RNN``, ``LSTM`` and ``GRU`` over whole sequences (padded or packed),
with PyTorch's parameter names, layouts, initialisation and checks (see NOTE [Recurrent
layers] in ``tinytorch/_ops/nn_rnn.py`` for how they run)."""

import math
import numbers
import warnings

from tinytorch import _creation
from tinytorch._ops import nn_rnn
from tinytorch.amp import autocast_mode as _autocast
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter
from tinytorch.nn.utils.rnn import PackedSequence

_NAMES = ("weight_ih_l{}{}", "weight_hh_l{}{}", "bias_ih_l{}{}", "bias_hh_l{}{}",
          "weight_hr_l{}{}")


def _check_sizes(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size):
    if (not isinstance(dropout, numbers.Number) or isinstance(dropout, bool)
            or not 0 <= dropout <= 1):
        raise ValueError("dropout should be a number in range [0, 1] representing the "
                         "probability of an element being zeroed")
    if dropout > 0 and num_layers == 1:
        warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                      "non-zero dropout expects num_layers greater than 1, but got "
                      f"dropout={dropout} and num_layers={num_layers}", stacklevel=4)
    for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                              ("input_size", input_size, int), ("hidden_size", hidden_size, int)):
        if not isinstance(value, kind):
            raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                            f"{type(value).__name__}")
        if kind is int and value <= 0:
            raise ValueError(f"{name} must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")


class RNNBase(Module):
    """The base of :class:`RNN`, :class:`LSTM` and :class:`GRU`: it builds the
    parameters ``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}``
    (and ``weight_hr_l{k}`` with ``proj_size``), suffixed ``_reverse`` for the second direction,
    each initialised from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), and runs the sequence.

    Args:
        mode (str): ``'RNN_TANH'``, ``'RNN_RELU'``, ``'LSTM'`` or ``'GRU'``.
        input_size (int): the number of features of each input step.
        hidden_size (int): the number of features of the hidden state.
        num_layers (int): stacked layers, each fed the output of the one below. Default: 1.
        bias (bool): use the biases ``bias_ih_l{k}`` and ``bias_hh_l{k}``. Default: ``True``.
        batch_first (bool): input and output are ``(N, L, *)`` instead of ``(L, N, *)`` (the
            states are not affected). Default: ``False``.
        dropout (float): dropout on the output of each layer but the last, in training mode.
            Default: 0.
        bidirectional (bool): add a second direction that reads the sequence backwards.
            Default: ``False``.
        proj_size (int): LSTM only: project ``h`` to this many features. Default: 0 (none).
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> rnn = tinytorch.nn.modules.rnn.RNNBase("GRU", 4, 3)
    >>> [name for name, _ in rnn.named_parameters()]
    ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        if mode not in nn_rnn.GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        _check_sizes(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        self._flat_weights_names = []
        self._all_weights = []
        gates = nn_rnn.GATES[mode] * hidden_size
        real_hidden = proj_size or hidden_size
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else real_hidden * directions
            shapes = ((gates, layer_input), (gates, real_hidden), (gates,), (gates,),
                      (proj_size, hidden_size))
            for direction in range(directions):
                suffix = "_reverse" if direction == 1 else ""
                names = []
                for k, (pattern, shape) in enumerate(zip(_NAMES, shapes)):
                    if (k in (2, 3) and not bias) or (k == 4 and not proj_size):
                        continue
                    names.append(pattern.format(layer, suffix))
                    setattr(self, names[-1], Parameter(_creation.empty(
                        *shape, device=device, dtype=dtype)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise every parameter from
        U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as at construction.

        >>> rnn = tinytorch.nn.GRU(4, 4)
        >>> rnn.reset_parameters()
        >>> bool(rnn.weight_hh_l0.abs().max() <= 0.5)
        True
        """
        stdv = 1.0 / math.sqrt(self.hidden_size)
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def flatten_parameters(self):
        """A no-op kept for PyTorch compatibility: PyTorch packs the
        weights into one cuDNN buffer; tinytorch keeps them separate.

        >>> tinytorch.nn.LSTM(4, 3).flatten_parameters()
        """

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    @property
    def all_weights(self):
        """The parameters per layer and direction, each list in the order
        ``weight_ih, weight_hh, bias_ih, bias_hh[, weight_hr]``."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def _layer_weights(self):
        """Per layer and direction: (w_ih, w_hh, b_ih, b_hh, w_hr), None where absent."""
        out = []
        for names in self._all_weights:
            w = {n.rsplit("_l", 1)[0]: getattr(self, n) for n in names}
            out.append((w["weight_ih"], w["weight_hh"], w.get("bias_ih"), w.get("bias_hh"),
                        w.get("weight_hr")))
        return out

    # --- checks, with PyTorch's messages ---------------------------------------------------
    def check_input(self, input, batch_sizes):
        """Check ``input`` against the layer, with PyTorch's messages.

        Args:
            input (Tensor): the padded input ``(L, N, H_in)`` (or ``(N, L, H_in)``), or a packed
                sequence's data ``(sum of lengths, H_in)``.
            batch_sizes (Tensor or None): the packed sequence's batch sizes; None for padded input.

        Raises:
            ValueError: the input's dtype is not the weights'.
            RuntimeError: the input has the wrong number of dimensions or of features.

        >>> rnn = tinytorch.nn.GRU(4, 3)
        >>> rnn.check_input(tinytorch.zeros(5, 2, 4), None)
        """
        weight_dtype = self.weight_ih_l0.dtype
        if input.dtype != weight_dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight_dtype}). Convert input: input.to({weight_dtype}), or "
                             f"convert model: model.to({input.dtype})")
        expected_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_dim:
            raise RuntimeError(f"input must have {expected_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.size(-1)}")

    def get_expected_hidden_size(self, input, batch_sizes, size=None):
        """The shape the hidden state must have for ``input``.

        Args:
            input (Tensor): the padded input, or a packed sequence's data.
            batch_sizes (Tensor or None): the packed sequence's batch sizes; None for padded input.
            size (int, optional): the last dimension; default: ``proj_size`` if set, else
                ``hidden_size``.

        Returns:
            tuple: ``(num_layers * num_directions, N, size)``.

        >>> rnn = tinytorch.nn.GRU(4, 3, num_layers=2)
        >>> rnn.get_expected_hidden_size(tinytorch.zeros(5, 2, 4), None)
        (2, 2, 3)
        """
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        directions = 2 if self.bidirectional else 1
        return (self.num_layers * directions, mini_batch,
                size or self.proj_size or self.hidden_size)

    def check_hidden_size(self, hx, expected_hidden_size, msg="Expected hidden size {}, got {}"):
        """Check that ``hx`` has the shape ``expected_hidden_size``.

        Args:
            hx (Tensor): a state.
            expected_hidden_size (tuple): its expected shape.
            msg (str): the error message, formatted with the expected and the actual shape.

        Raises:
            RuntimeError: the shapes differ.

        >>> rnn = tinytorch.nn.GRU(4, 3)
        >>> rnn.check_hidden_size(tinytorch.zeros(1, 2, 3), (1, 2, 3))
        """
        if tuple(hx.size()) != tuple(expected_hidden_size):
            raise RuntimeError(msg.format(tuple(expected_hidden_size), list(hx.size())))

    def check_forward_args(self, input, hidden, batch_sizes):
        """Check ``input`` and the hidden state ``hidden``
        (:meth:`check_input`, then :meth:`check_hidden_size`).

        Args:
            input (Tensor): the padded input, or a packed sequence's data.
            hidden (Tensor): the hidden state.
            batch_sizes (Tensor or None): the packed sequence's batch sizes; None for padded input.

        >>> rnn = tinytorch.nn.GRU(4, 3)
        >>> rnn.check_forward_args(tinytorch.zeros(5, 2, 4), tinytorch.zeros(1, 2, 3), None)
        """
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    # --- forward ---------------------------------------------------------------------------
    def _state_sizes(self):
        """The last dim of each initial state: (h,) here, (h, c) for LSTM."""
        return (self.proj_size or self.hidden_size,)

    def _check_hidden_dims(self, hx, batched):
        want = 3 if batched else 2
        if hx[0].dim() != want:
            raise RuntimeError(f"For {'batched 3-D' if batched else 'unbatched 2-D'} input, hx "
                               f"should also be {want}-D but got {hx[0].dim()}-D tensor")

    def _check_states(self, input, hx, batch_sizes):
        self.check_forward_args(input, hx[0], batch_sizes)

    def _padded(self, input, hx):
        """A padded input and hx made batched, or PyTorch's errors."""
        if input.dim() not in (2, 3):
            name = "RNN" if self.mode.startswith("RNN") else self.mode
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D "
                             f"{'tensor ' if name == 'RNN' else ''}instead")
        batched = input.dim() == 3
        if hx is not None:
            self._check_hidden_dims(hx, batched)
            if not batched:
                hx = tuple(h.unsqueeze(1) for h in hx)
        if not batched:
            input = input.unsqueeze(0 if self.batch_first else 1)
        return input, hx, batched

    def _run(self, input, hx):
        """The forward the recurrent modules share: ``hx`` a tuple of states or None ->
        (output, tuple of final states)."""
        packed = isinstance(input, PackedSequence)
        if packed:
            data, batch_sizes, sorted_indices, unsorted_indices = input
            if hx is not None and sorted_indices is not None:
                hx = tuple(h.index_select(1, sorted_indices) for h in hx)
            rows = int(batch_sizes[0])
        else:
            data, hx, batched = self._padded(input, hx)
            batch_sizes, rows = None, data.size(0 if self.batch_first else 1)
        if hx is None:
            layers = self.num_layers * (2 if self.bidirectional else 1)
            hx = tuple(_creation.zeros(layers, rows, n, dtype=data.dtype, device=data.device)
                       for n in self._state_sizes())
        self._check_states(data, hx, batch_sizes)
        if packed:
            sizes = batch_sizes.tolist()
        else:
            data = data.transpose(0, 1) if self.batch_first else data
            sizes = [rows] * data.size(0)
            if not sizes:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        weights = self._layer_weights()
        if (_autocast.on and (self.mode != "LSTM" or not (packed or self.proj_size))
                and self.mode != "GRU" and _autocast.active(data)):
            # PyTorch's mkldnn_rnn_layer: LSTM (padded, no projection) and RNN in bfloat16
            data, *hx = _autocast.cast("rnn", data, *hx)
            weights = [_autocast.cast("rnn", *w) for w in weights]
        output, state = nn_rnn.rnn(self.mode, data if packed else data.reshape(-1, data.size(-1)),
                                   sizes, tuple(hx), weights, self.num_layers,
                                   self.dropout, self.training, self.bidirectional)
        if packed:
            if unsorted_indices is not None:
                state = tuple(s.index_select(1, unsorted_indices) for s in state)
            return PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), state
        output = output.reshape(len(sizes), rows, output.size(-1))
        if self.batch_first:
            output = output.transpose(0, 1)
        if not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            state = tuple(s.squeeze(1) for s in state)
        return output, state

    def forward(self, input, hx=None):
        """Run the sequence ``input`` from the hidden state ``hx`` (the forward
        of :class:`RNN` and :class:`GRU`).

        Args:
            input (Tensor or PackedSequence): ``(L, N, H_in)`` (``(N, L, H_in)`` with
                ``batch_first``), ``(L, H_in)`` unbatched, or a
                :class:`~tinytorch.nn.utils.rnn.PackedSequence`.
            hx (Tensor, optional): the initial hidden state ``(D * num_layers, N, H_out)``
                (``(D * num_layers, H_out)`` unbatched), D = 2 if bidirectional else 1.
                Default: zeros.

        Returns:
            (Tensor or PackedSequence, Tensor): ``output``, the last layer's h at every step,
            ``(L, N, D * H_out)`` (packed if the input was), and ``h_n``, every layer's final h.

        Raises:
            ValueError: the input is not 2-D or 3-D, or its dtype is not the weights'.
            RuntimeError: the input's features, or a state's shape, do not match the layer.

        >>> gru = tinytorch.nn.GRU(10, 20)
        >>> output, hn = gru(tinytorch.randn(5, 10))
        >>> output.shape, hn.shape
        (torch.Size([5, 20]), torch.Size([1, 20]))
        """
        output, state = self._run(input, None if hx is None else (hx,))
        return output, state[0]

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        for name, default in (("num_layers", 1), ("bias", True), ("batch_first", False),
                              ("dropout", 0), ("bidirectional", False)):
            if getattr(self, name) != default:
                s += f", {name}={getattr(self, name)}"
        return s


class RNN(RNNBase):
    r"""An Elman RNN over a sequence: h_t = act(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh),
    act ``tanh`` or ``relu``, stacked ``num_layers`` deep.

    Args:
        input_size (int): features of each input step.
        hidden_size (int): features of the hidden state.
        num_layers (int): stacked layers, each fed the one below's output. Default: 1.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        bias (bool): use ``bias_ih`` and ``bias_hh``. Default: ``True``.
        batch_first (bool): input and output are ``(N, L, ·)`` instead of ``(L, N, ·)``.
        dropout (float): dropout on each layer's output but the last (training only).
        bidirectional (bool): a second direction reading the sequence backwards.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.
        **kwargs: ``proj_size`` is refused (``ValueError``), as in PyTorch.

    Inputs ``input, h_0``: ``(L, N, H_in)`` (``(L, H_in)`` unbatched) or a
    :class:`~tinytorch.nn.utils.rnn.PackedSequence`; ``h_0`` ``(D * num_layers, N, H)``,
    zeros if omitted. Returns ``(output, h_n)``: the last layer's h at every step
    ``(L, N, D * H)`` (packed if the input was) and every layer's final h.

    >>> import tinytorch
    >>> rnn = tinytorch.nn.RNN(10, 20, 2)
    >>> output, hn = rnn(tinytorch.randn(5, 3, 10), tinytorch.randn(2, 3, 20))
    >>> output.shape, hn.shape
    (torch.Size([5, 3, 20]), torch.Size([2, 3, 20]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None,
                 **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         device=device, dtype=dtype, **kwargs)


class LSTM(RNNBase):
    """A multi-layer long short-term memory (LSTM) RNN. Per step, with
    ``(i, f, g, o) = (σ, σ, tanh, σ)(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh)`` in that gate
    order: ``c_t = f c_{t-1} + i g`` and ``h_t = o tanh(c_t)``, projected by ``weight_hr`` to
    ``proj_size`` features when ``proj_size > 0``.

    Args:
        input_size (int): the number of features of each input step.
        hidden_size (int): the number of features of the hidden state.
        num_layers (int): stacked layers, each fed the output of the one below. Default: 1.
        bias (bool): use the biases ``bias_ih_l{k}`` and ``bias_hh_l{k}``. Default: ``True``.
        batch_first (bool): input and output are ``(N, L, *)`` instead of ``(L, N, *)`` (the
            states are not affected). Default: ``False``.
        dropout (float): dropout on the output of each layer but the last, in training mode.
            Default: 0.
        bidirectional (bool): add a second direction that reads the sequence backwards.
            Default: ``False``.
        proj_size (int): if > 0, project ``h`` to this many features. Default: 0.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    Inputs ``input, (h_0, c_0)``; returns ``output, (h_n, c_n)`` (see :meth:`forward`); ``h``
    has ``proj_size`` features when set, ``c`` always ``hidden_size``.

    >>> import tinytorch
    >>> lstm = tinytorch.nn.LSTM(10, 20, 2)
    >>> output, (hn, cn) = lstm(tinytorch.randn(5, 3, 10))
    >>> output.shape, hn.shape, cn.shape
    (torch.Size([5, 3, 20]), torch.Size([2, 3, 20]), torch.Size([2, 3, 20]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device, dtype)

    def _state_sizes(self):
        return (self.proj_size or self.hidden_size, self.hidden_size)

    def get_expected_cell_size(self, input, batch_sizes):
        """The shape the cell state must have for ``input``.

        Args:
            input (Tensor): the padded input, or a packed sequence's data.
            batch_sizes (Tensor or None): the packed sequence's batch sizes; None for padded input.

        Returns:
            tuple: ``(num_layers * num_directions, N, hidden_size)``.

        >>> lstm = tinytorch.nn.LSTM(4, 6, proj_size=3)
        >>> lstm.get_expected_cell_size(tinytorch.zeros(5, 2, 4), None)
        (1, 2, 6)
        """
        return self.get_expected_hidden_size(input, batch_sizes, self.hidden_size)

    def _check_hidden_dims(self, hx, batched):
        want = 3 if batched else 2
        if hx[0].dim() != want or hx[1].dim() != want:
            raise RuntimeError(f"For {'batched 3-D' if batched else 'unbatched 2-D'} input, hx "
                               f"and cx should also be {want}-D but got ({hx[0].dim()}-D, "
                               f"{hx[1].dim()}-D) tensors")

    def _check_states(self, input, hx, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hx[0], self.get_expected_hidden_size(input, batch_sizes),
                               "Expected hidden[0] size {}, got {}")
        self.check_hidden_size(hx[1], self.get_expected_cell_size(input, batch_sizes),
                               "Expected hidden[1] size {}, got {}")

    def forward(self, input, hx=None):
        """Run the sequence ``input`` from the states ``hx = (h_0, c_0)``.

        Args:
            input (Tensor or PackedSequence): ``(L, N, H_in)`` (``(N, L, H_in)`` with
                ``batch_first``), ``(L, H_in)`` unbatched, or a
                :class:`~tinytorch.nn.utils.rnn.PackedSequence`.
            hx (tuple of Tensor, optional): ``(h_0, c_0)``, ``h_0`` of
                ``(D * num_layers, N, H_out)`` and ``c_0`` of ``(D * num_layers, N, hidden_size)``
                (no N unbatched), D = 2 if bidirectional else 1, ``H_out = proj_size`` if set else
                ``hidden_size``. Default: zeros.

        Returns:
            (Tensor or PackedSequence, (Tensor, Tensor)): ``output``, the last layer's h at every
            step, ``(L, N, D * H_out)`` (packed if the input was), and ``(h_n, c_n)``, every layer's
            final states.

        Raises:
            ValueError: the input is not 2-D or 3-D, or its dtype is not the weights'.
            RuntimeError: the input's features, or a state's shape, do not match the layer.

        >>> lstm = tinytorch.nn.LSTM(10, 20, proj_size=5)
        >>> output, (hn, cn) = lstm(tinytorch.randn(5, 3, 10))
        >>> output.shape, hn.shape, cn.shape
        (torch.Size([5, 3, 5]), torch.Size([1, 3, 5]), torch.Size([1, 3, 20]))
        """
        return self._run(input, None if hx is None else (hx[0], hx[1]))  # indexed as PyTorch


class GRU(RNNBase):
    """A multi-layer gated recurrent unit (GRU) RNN. Per step, with gate order
    (r, z, n): ``r, z = σ(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`` on their blocks,
    ``n = tanh(x W_inᵀ + b_in + r (h W_hnᵀ + b_hn))``, ``h_t = (1 - z) n + z h_{t-1}``.

    Args:
        input_size (int): the number of features of each input step.
        hidden_size (int): the number of features of the hidden state.
        num_layers (int): stacked layers, each fed the output of the one below. Default: 1.
        bias (bool): use the biases ``bias_ih_l{k}`` and ``bias_hh_l{k}``. Default: ``True``.
        batch_first (bool): input and output are ``(N, L, *)`` instead of ``(L, N, *)`` (the
            states are not affected). Default: ``False``.
        dropout (float): dropout on the output of each layer but the last, in training mode.
            Default: 0.
        bidirectional (bool): add a second direction that reads the sequence backwards.
            Default: ``False``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.
        **kwargs: ``proj_size`` is refused (``ValueError``), as in PyTorch.

    Inputs and returns: as :class:`RNN` (see :meth:`RNNBase.forward`).

    >>> import tinytorch
    >>> gru = tinytorch.nn.GRU(10, 20, 2, batch_first=True)
    >>> output, hn = gru(tinytorch.randn(3, 5, 10))
    >>> output.shape, hn.shape
    (torch.Size([3, 5, 20]), torch.Size([2, 3, 20]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, device=device, dtype=dtype, **kwargs)
