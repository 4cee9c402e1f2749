"""Single recurrent steps: ``RNNCell``, ``LSTMCell`` and ``GRUCell``, with PyTorch's parameter
names (``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``), gate layouts, initialisation
and checks. Each step is two GEMMs and one fused cell op (``tinytorch/_ops/nn_rnn.py``)."""

import math

from tinytorch import _creation
from tinytorch import _dtype
from tinytorch._ops import nn_rnn
from tinytorch._ops.nn_misc import Linear
from tinytorch.nn import init
from tinytorch.nn.modules.module import Module
from tinytorch.nn.parameter import Parameter


class RNNCellBase(Module):
    """The base of :class:`RNNCell`, :class:`LSTMCell` and :class:`GRUCell`: it
    holds ``weight_ih`` ``(G * hidden_size, input_size)``, ``weight_hh``
    ``(G * hidden_size, hidden_size)`` and the biases ``bias_ih``, ``bias_hh``
    ``(G * hidden_size,)``, G the number of gate blocks (1, 4 or 3), all initialised from
    U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).

    Args:
        input_size (int): the number of features of the input.
        hidden_size (int): the number of features of the hidden state.
        bias (bool): use the biases ``bias_ih`` and ``bias_hh``. Default: ``True``.
        num_chunks (int): G.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> cell = tinytorch.nn.GRUCell(2, 3)
    >>> isinstance(cell, tinytorch.nn.RNNCellBase), cell.weight_ih.shape
    (True, torch.Size([9, 2]))
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        rows = num_chunks * hidden_size
        self.weight_ih = Parameter(_creation.empty(rows, input_size, device=device, dtype=dtype))
        self.weight_hh = Parameter(_creation.empty(rows, hidden_size, device=device,
                                                   dtype=dtype))
        for name in ("bias_ih", "bias_hh"):
            if bias:
                setattr(self, name, Parameter(_creation.empty(rows, device=device, dtype=dtype)))
            else:
                self.register_parameter(name, None)
        self.reset_parameters()

    def reset_parameters(self):
        """Re-initialise every parameter from
        U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), as at construction.

        >>> cell = tinytorch.nn.RNNCell(2, 4)
        >>> cell.reset_parameters()
        >>> bool(cell.weight_hh.abs().max() <= 0.5)
        True
        """
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _step(self, mode, input, hx, n_states):
        """PyTorch's checks, then one step from ``hx`` (a tuple of 1-D or 2-D states, or None)
        -> the new states, unbatched like the input."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                             "instead")
        for i, h in enumerate(hx or ()):
            if h.dim() not in (1, 2):
                which = "hidden" if n_states == 1 else f"hx[{i}]"
                raise ValueError(f"{name}: Expected {which} to be 1D or 2D, got {h.dim()}D "
                                 "instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            zeros = _creation.zeros(input.size(0), self.hidden_size, dtype=input.dtype,
                                    device=input.device)
            hx = (zeros,) * n_states
        elif not batched:
            hx = tuple(h.unsqueeze(0) for h in hx)
        self._check(mode, input, hx, n_states)
        gi = Linear.apply(input, self.weight_ih, self.bias_ih)
        state = nn_rnn.step(mode, gi, hx, self.weight_hh, self.bias_hh)
        return state if batched else tuple(s.squeeze(0) for s in state)

    def _check(self, mode, input, hx, n_states):
        if len(hx) != n_states:
            raise RuntimeError(f"{mode.lower()}_cell expects two hidden states")
        if input.size(1) != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} "
                               f"expected {self.input_size}")
        for i, h in enumerate(hx):
            if input.size(0) != h.size(0):
                raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{i} "
                                   f"batch size {h.size(0)}")
            if h.size(1) != self.hidden_size:
                raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got {h.size(1)}, "
                                   f"expected {self.hidden_size}")
        for t in (input,) + tuple(hx):
            if t.dtype != self.weight_ih.dtype:
                raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                                   f"{_dtype.SCALAR_TYPE_NAMES[t.dtype]} and "
                                   f"{_dtype.SCALAR_TYPE_NAMES[self.weight_ih.dtype]}")


class RNNCell(RNNCellBase):
    r"""One Elman RNN step: h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), act ``tanh`` or
    ``relu``.

    Args:
        input_size (int): features of the input.
        hidden_size (int): features of the hidden state.
        bias (bool): use ``bias_ih`` and ``bias_hh``. Default: ``True``.
        nonlinearity (str): ``'tanh'`` or ``'relu'``. Default: ``'tanh'``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    Inputs ``input`` ``(N, input_size)`` or ``(input_size,)`` and ``hidden`` (zeros if
    omitted); returns h' ``(N, hidden_size)`` (unbatched like the input).

    >>> import tinytorch
    >>> cell = tinytorch.nn.RNNCell(10, 20)
    >>> cell(tinytorch.randn(3, 10)).shape
    torch.Size([3, 20])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        """One step from ``input`` and the hidden state ``hx``.

        Args:
            input (Tensor): ``(N, input_size)`` or ``(input_size,)``.
            hx (Tensor, optional): the hidden state, ``(N, hidden_size)`` or ``(hidden_size,)``.
                Default: zeros.

        Returns:
            Tensor: the next hidden state ``h'``, ``(N, hidden_size)`` (unbatched like ``input``).

        Raises:
            ValueError: the input or a state is not 1-D or 2-D.
            RuntimeError: a size, the batch size or the dtype does not match the cell's, or
                ``nonlinearity`` is neither ``'tanh'`` nor ``'relu'``.

        >>> cell = tinytorch.nn.RNNCell(10, 20)
        >>> cell(tinytorch.randn(10)).shape
        torch.Size([20])
        """
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        mode = "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"
        return self._step(mode, input, None if hx is None else (hx,), 1)[0]


class LSTMCell(RNNCellBase):
    """One LSTM step: ``(i, f, g, o) = (σ, σ, tanh, σ)(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)``
    on their blocks of ``weight_ih`` and ``weight_hh``, ``c' = f c + i g``, ``h' = o tanh(c')``.

    Args:
        input_size (int): the number of features of the input.
        hidden_size (int): the number of features of the hidden state.
        bias (bool): use the biases ``bias_ih`` and ``bias_hh``. Default: ``True``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> cell = tinytorch.nn.LSTMCell(10, 20)
    >>> h, c = cell(tinytorch.randn(3, 10))
    >>> h.shape, c.shape
    (torch.Size([3, 20]), torch.Size([3, 20]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        """One step from ``input`` and the states ``hx = (h, c)``.

        Args:
            input (Tensor): ``(N, input_size)`` or ``(input_size,)``.
            hx (tuple of Tensor, optional): ``(h, c)``, each ``(N, hidden_size)`` or
                ``(hidden_size,)``. Default: zeros.

        Returns:
            (Tensor, Tensor): the next ``(h', c')``, each ``(N, hidden_size)`` (unbatched like
            ``input``).

        Raises:
            ValueError: the input or a state is not 1-D or 2-D.
            RuntimeError: a size, the batch size or the dtype does not match the cell's, or
                ``hx`` does not hold two states.

        >>> cell = tinytorch.nn.LSTMCell(10, 20)
        >>> x, h, c = tinytorch.randn(3, 10), tinytorch.zeros(3, 20), tinytorch.zeros(3, 20)
        >>> cell(x, (h, c))[1].shape
        torch.Size([3, 20])
        """
        return self._step("LSTM", input, None if hx is None else tuple(hx), 2)


class GRUCell(RNNCellBase):
    """One GRU step, gate blocks in the order (r, z, n):
    ``r, z = σ(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`` on their blocks,
    ``n = tanh(x W_inᵀ + b_in + r (h W_hnᵀ + b_hn))``, ``h' = (1 - z) n + z h``.

    Args:
        input_size (int): the number of features of the input.
        hidden_size (int): the number of features of the hidden state.
        bias (bool): use the biases ``bias_ih`` and ``bias_hh``. Default: ``True``.
        device (tinytorch.device, optional): where the parameters are created.
        dtype (tinytorch.dtype, optional): their dtype.

    >>> import tinytorch
    >>> cell = tinytorch.nn.GRUCell(10, 20)
    >>> cell(tinytorch.randn(3, 10), tinytorch.randn(3, 20)).shape
    torch.Size([3, 20])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        """One step from ``input`` and the hidden state ``hx``.

        Args:
            input (Tensor): ``(N, input_size)`` or ``(input_size,)``.
            hx (Tensor, optional): the hidden state, ``(N, hidden_size)`` or ``(hidden_size,)``.
                Default: zeros.

        Returns:
            Tensor: the next hidden state ``h'``, ``(N, hidden_size)`` (unbatched like ``input``).

        Raises:
            ValueError: the input or a state is not 1-D or 2-D.
            RuntimeError: a size, the batch size or the dtype does not match the cell's.

        >>> cell = tinytorch.nn.GRUCell(10, 20)
        >>> cell(tinytorch.randn(3, 10)).shape
        torch.Size([3, 20])
        """
        return self._step("GRU", input, None if hx is None else (hx,), 1)[0]
