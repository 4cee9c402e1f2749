"""Merge layers of the functional API: ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum``, ``Concatenate``, ``Dot`` and their lower-case function forms
(``concatenate([a, b])`` builds the layer and calls it).

Each takes a list of inputs. The elementwise ones accept shapes that broadcast as Keras'
``_compute_elemwise_op_output_shape`` allows (equal, or 1, per axis). Axes are Keras'
(channels-last); on images they are mapped to the internal NCHW layout (NOTE [Keras layout]).
"""

import functools

import tinytorch
from tinytorch.keras.layers.base import Layer
from tinytorch.nn import functional as F

_TO_INTERNAL_4D = {0: 0, 1: 2, 2: 3, 3: 1}  # Keras (N, H, W, C) axis -> NCHW axis


def internal_axis(axis, rank):
    """The axis of the internal layout that holds Keras' ``axis`` of a rank-``rank`` tensor."""
    axis = axis % rank
    return _TO_INTERNAL_4D[axis] if rank == 4 else axis


class _Merge(Layer):
    """Base of the merge layers: checks the list of inputs and its shapes."""

    min_inputs = 2

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, list):
            raise ValueError("A merge layer should be called on a list of inputs.")
        if len(input_shape) < self.min_inputs:
            raise ValueError(f"A merge layer should be called on a list of at least "
                             f"{self.min_inputs} inputs. Got {len(input_shape)} inputs.")

    def build(self, input_shape):
        """Check the inputs' shapes; a merge layer has no weights.

        Args:
            input_shape (list): one sample shape per input (Keras layout, no batch axis).

        Raises:
            ValueError: if ``input_shape`` is not a list of enough shapes, or the shapes do
                not merge.

        >>> Add().build([(3,), (3,)])
        """
        self._check_inputs(input_shape)
        self.compute_output_shape(input_shape)

    def compute_output_shape(self, input_shape):
        """The shape of the elementwise result: per axis the inputs' common size, where an
        input of size 1 broadcasts.

        Args:
            input_shape (list): one sample shape per input (no batch axis).

        Returns:
            tuple: shape of one output sample.

        Raises:
            ValueError: if the inputs differ in rank or a size other than 1.

        >>> Add().compute_output_shape([(4, 1), (1, 3)])
        (4, 3)
        """
        self._check_inputs(input_shape)
        ranks = {len(s) for s in input_shape}
        if len(ranks) > 1:
            raise ValueError(f"Inputs of {type(self).__name__} must have the same rank. Got "
                             f"input shapes: {input_shape}")
        out = []
        for dims in zip(*input_shape):
            sizes = {d for d in dims if d != 1}
            if len(sizes) > 1:
                raise ValueError(f"Operands could not be broadcast together with shapes "
                                 f"{input_shape}")
            out.append(sizes.pop() if sizes else 1)
        return tuple(out)

    def call(self, inputs):
        """Check the list of inputs and merge it (see :meth:`merge`).

        Args:
            inputs (list of Tensor): batches in the internal layout.

        Returns:
            Tensor: the merged batch.

        >>> Add().call([tinytorch.ones(1, 2), tinytorch.ones(1, 2)]).tolist()
        [[2.0, 2.0]]
        """
        self._check_inputs([tuple(x.shape[1:]) for x in inputs])
        return self.merge(list(inputs))

    def merge(self, inputs):
        """Fold the inputs with the layer's ``combine`` (e.g. ``tinytorch.add``) from the left.

        Args:
            inputs (list of Tensor): batches whose shapes broadcast together.

        Returns:
            Tensor: the merged batch.

        >>> Maximum().merge([tinytorch.tensor([1.0, 5.0]), tinytorch.tensor([3.0, 2.0])])
        tensor([3., 5.])
        """
        return functools.reduce(self.combine, inputs)


class Add(_Merge):
    """Elementwise sum of the inputs (``layers.add([a, b])``), all of the same shape (or
    broadcasting where a size is 1).

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Add()([a, b]).tolist()
    [[4.0, 6.0]]
    """

    combine = staticmethod(tinytorch.add)


class Subtract(_Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs).

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    Raises:
        ValueError: when called on other than two inputs.

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Subtract()([a, b]).tolist()
    [[-2.0, 2.0]]
    """

    def _check_inputs(self, input_shape):
        super()._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError("A `Subtract` layer should be called on exactly 2 inputs")

    def merge(self, inputs):
        """``inputs[0] - inputs[1]``.

        Args:
            inputs (list of Tensor): the two batches.

        Returns:
            Tensor: their difference.

        >>> Subtract().merge([tinytorch.tensor([5.0]), tinytorch.tensor([3.0])]).tolist()
        [2.0]
        """
        return inputs[0] - inputs[1]


class Multiply(_Merge):
    """Elementwise product of the inputs.

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Multiply()([a, b]).tolist()
    [[3.0, 8.0]]
    """

    combine = staticmethod(tinytorch.mul)


class Average(Add):
    """Elementwise mean of the inputs.

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Average()([a, b]).tolist()
    [[2.0, 3.0]]
    """

    def merge(self, inputs):
        """The sum of the inputs divided by their number.

        Args:
            inputs (list of Tensor): batches whose shapes broadcast together.

        Returns:
            Tensor: their elementwise mean.

        >>> Average().merge([tinytorch.tensor([1.0]), tinytorch.tensor([4.0])]).tolist()
        [2.5]
        """
        return super().merge(inputs) / len(inputs)


class Maximum(_Merge):
    """Elementwise maximum of the inputs.

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Maximum()([a, b]).tolist()
    [[3.0, 4.0]]
    """

    combine = staticmethod(tinytorch.maximum)


class Minimum(_Merge):
    """Elementwise minimum of the inputs.

    Args:
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Minimum()([a, b]).tolist()
    [[1.0, 2.0]]
    """

    combine = staticmethod(tinytorch.minimum)


class Concatenate(_Merge):
    """Join the inputs along ``axis`` (default -1: the features, or the channels of images).

    Args:
        axis (int): the Keras axis to join along, counting the batch axis as 0; it cannot be
            the batch axis. Default: -1.
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> from tinytorch.keras import Input
    >>> from tinytorch.keras.layers import Concatenate
    >>> Concatenate()([Input(shape=(3,)), Input(shape=(5,))]).shape
    (None, 8)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_inputs(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError("A `Concatenate` layer should be called on a list of at least 2 "
                             "inputs")

    def compute_output_shape(self, input_shape):
        """The inputs' common shape with the sizes along ``axis`` added up.

        Args:
            input_shape (list): one sample shape per input (no batch axis).

        Returns:
            tuple: shape of one output sample.

        Raises:
            ValueError: if ``axis`` is the batch axis, or the shapes differ elsewhere than
                along ``axis``.

        >>> Concatenate(axis=1).compute_output_shape([(2, 3), (4, 3)])
        (6, 3)
        """
        self._check_inputs(input_shape)
        rank = len(input_shape[0]) + 1
        axis = self.axis % rank - 1  # in the sample shape (no batch axis)
        if axis < 0:
            raise ValueError("Concatenate cannot join along the batch axis")
        rest = {tuple(s[:axis]) + tuple(s[axis + 1:]) for s in input_shape}
        if len(rest) > 1 or any(len(s) != rank - 1 for s in input_shape):
            raise ValueError(f"A `Concatenate` layer requires inputs with matching shapes "
                             f"except for the concat axis. Got inputs shapes: {input_shape}")
        shape = list(input_shape[0])
        shape[axis] = sum(s[axis] for s in input_shape)
        return tuple(shape)

    def merge(self, inputs):
        """``tinytorch.cat`` along ``axis`` (mapped to the internal layout for images).

        Args:
            inputs (list of Tensor): batches of equal shape except along ``axis``.

        Returns:
            Tensor: the joined batch.

        >>> Concatenate().merge([tinytorch.ones(1, 2), tinytorch.zeros(1, 1)]).tolist()
        [[1.0, 1.0, 0.0]]
        """
        return tinytorch.cat(inputs, internal_axis(self.axis, inputs[0].ndim))

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class Dot(_Merge):
    """Dot product of two inputs along ``axes`` (per sample), e.g. the cosine similarity of
    two vectors with ``normalize=True``. Inputs of rank 2 or 3 (with the batch axis).

    Args:
        axes (int or pair): the axis of each input to sum over (Keras counts the batch axis).
        normalize (bool): L2-normalise both inputs along ``axes`` first. Default: False.
        **kwargs: ``name``, ``trainable`` (see :class:`Layer`).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> Dot(axes=1)([a, b]).tolist()
    [[11.0]]
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        self.axes = list(axes) if isinstance(axes, (list, tuple)) else [axes, axes]
        self.normalize = normalize

    def _check_inputs(self, input_shape):
        super()._check_inputs(input_shape)
        if len(input_shape) != 2:
            raise ValueError("A `Dot` layer should be called on a list of 2 inputs.")
        if any(len(s) not in (1, 2) for s in input_shape):
            raise ValueError(f"Dot supports inputs of rank 2 or 3 (batch included), got "
                             f"{[(None, *s) for s in input_shape]}")

    def _sample_axes(self, input_shape):
        return [a % (len(s) + 1) - 1 for a, s in zip(self.axes, input_shape)]

    def compute_output_shape(self, input_shape):
        """The first input's shape without its axis, then the second's without its axis;
        ``(1,)`` for two vectors.

        Args:
            input_shape (list): the two sample shapes (no batch axis), each of rank 1 or 2.

        Returns:
            tuple: shape of one output sample.

        Raises:
            ValueError: for other than two inputs, a rank other than 1 or 2, or sizes that
                differ along ``axes``.

        >>> Dot(axes=(1, 2)).compute_output_shape([(3, 4), (5, 3)])
        (4, 5)
        """
        self._check_inputs(input_shape)
        a, b = self._sample_axes(input_shape)
        if input_shape[0][a] != input_shape[1][b]:
            raise ValueError(f"Dimension incompatibility {input_shape[0][a]} != "
                             f"{input_shape[1][b]}. Layer shapes: {input_shape}")
        shape = input_shape[0][:a] + input_shape[0][a + 1:] + \
            input_shape[1][:b] + input_shape[1][b + 1:]
        return tuple(shape) or (1,)

    def merge(self, inputs):
        """Per sample, the sum over ``axes`` of the product of the two inputs (a batched
        matrix product), after L2 normalisation when ``normalize`` is set.

        Args:
            inputs (list of Tensor): the two batches, (N, d) or (N, m, d).

        Returns:
            Tensor: the batch of dot products, at least (N, 1).

        >>> x = tinytorch.tensor([[3.0, 4.0]])
        >>> Dot(axes=1, normalize=True).merge([x, x]).tolist()  # cosine similarity
        [[1.0]]
        """
        x, y = inputs
        a, b = (axis + 1 for axis in self._sample_axes([x.shape[1:], y.shape[1:]]))
        if self.normalize:
            x, y = F.normalize(x, dim=a), F.normalize(y, dim=b)
        x = (x.transpose(1, 2) if a == 1 else x) if x.ndim == 3 else x.unsqueeze(1)
        y = (y.transpose(1, 2) if b == 2 else y) if y.ndim == 3 else y.unsqueeze(2)
        out = x @ y  # (N, m, k) @ (N, k, n)
        out = out.squeeze(2) if inputs[1].ndim == 2 else out
        out = out.squeeze(1) if inputs[0].ndim == 2 else out
        return out if out.ndim > 1 else out.unsqueeze(1)

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _functional(cls, result):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = _FUNCTIONAL_DOC.format(cls=cls.__name__, name=merge.__name__, result=result)
    return merge


_FUNCTIONAL_DOC = """``{cls}(**kwargs)(inputs)``: see :class:`{cls}`.

    Args:
        inputs (list): tensors, or KerasTensors of the functional API.
        **kwargs: the layer's arguments (``name``).

    Returns:
        The merged tensor (a KerasTensor for KerasTensor inputs).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> {name}([a, b]).tolist()
    {result}
    """

add = _functional(Add, "[[4.0, 6.0]]")
subtract = _functional(Subtract, "[[-2.0, 2.0]]")
multiply = _functional(Multiply, "[[3.0, 8.0]]")
average = _functional(Average, "[[2.0, 3.0]]")
maximum = _functional(Maximum, "[[3.0, 4.0]]")
minimum = _functional(Minimum, "[[1.0, 2.0]]")


def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis, **kwargs)(inputs)``: see :class:`Concatenate`.

    Args:
        inputs (list): tensors, or KerasTensors of the functional API.
        axis (int): the Keras axis to join along. Default: -1.
        **kwargs: the layer's other arguments (``name``).

    Returns:
        The joined tensor (a KerasTensor for KerasTensor inputs).

    >>> from tinytorch.keras import Input
    >>> concatenate([Input(shape=(3,)), Input(shape=(5,))]).shape
    (None, 8)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """``Dot(axes, normalize, **kwargs)(inputs)``: see :class:`Dot`.

    Args:
        inputs (list): the two tensors, or KerasTensors of the functional API.
        axes (int or pair): the axis of each input to sum over (counting the batch axis).
        normalize (bool): L2-normalise both inputs along ``axes`` first. Default: False.
        **kwargs: the layer's other arguments (``name``).

    Returns:
        The batch of dot products (a KerasTensor for KerasTensor inputs).

    >>> a, b = tinytorch.tensor([[1.0, 4.0]]), tinytorch.tensor([[3.0, 2.0]])
    >>> dot([a, b], axes=1).tolist()
    [[11.0]]
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)
