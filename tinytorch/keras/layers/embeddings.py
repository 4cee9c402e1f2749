"""Embedding: integer indices -> dense vectors, with Keras' defaults."""

import tinytorch
from tinytorch import nn
from tinytorch.keras import initializers
from tinytorch.keras.layers.base import Layer
from tinytorch.nn import functional as F


class Embedding(Layer):
    """Turn indices in ``[0, input_dim)`` into vectors of ``output_dim``: output shape
    ``(*input_shape, output_dim)``. Float inputs are cast to integers (as Keras does).

    Args:
        input_dim (int): vocabulary size.
        output_dim (int): vector size.
        embeddings_initializer (str): default ``'uniform'`` (U(-0.05, 0.05)).
        mask_zero (bool): not supported (True raises).
        input_length (int, optional): sequence length, i.e. ``input_shape=(input_length,)``.
        **kwargs: ``name``, ``trainable``, ``input_shape`` (see :class:`Layer`).

    Raises:
        NotImplementedError: if ``mask_zero`` is True.

    >>> from tinytorch.keras.layers import Embedding
    >>> Embedding(1000, 64, input_length=10).compute_output_shape((10,))
    (10, 64)
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 mask_zero=False, input_length=None, **kwargs):
        if input_length is not None and "input_shape" not in kwargs \
                and "batch_input_shape" not in kwargs:
            kwargs["input_shape"] = (input_length,)
        super().__init__(**kwargs)
        if mask_zero:
            raise NotImplementedError("Embedding(mask_zero=True): masking is not supported")
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = embeddings_initializer
        self.input_length = input_length

    def build(self, input_shape):
        self.embeddings = nn.Parameter(tinytorch.empty(self.input_dim, self.output_dim))
        initializers.initialize(_initializer_name(self.embeddings_initializer),
                                self.embeddings, (self.input_dim, self.output_dim))

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def call(self, x):
        """Look up the vector of each index (float indices are cast to int64 first).

        Args:
            x (Tensor): indices in ``[0, input_dim)``, any shape.

        Returns:
            Tensor: ``(*x.shape, output_dim)``.

        >>> layer = Embedding(10, 4)
        >>> layer.build((3,))
        >>> layer(tinytorch.tensor([[1.0, 2.0, 3.0]])).shape
        torch.Size([1, 3, 4])
        """
        if x.dtype != tinytorch.int64:
            x = x.long()
        return F.embedding(x, self.embeddings)

    def keras_weights(self):
        return [(self.embeddings, None)]

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": self.embeddings_initializer, "mask_zero": False,
                "input_length": self.input_length}


def _initializer_name(identifier):
    return "random_uniform" if identifier == "uniform" else identifier
