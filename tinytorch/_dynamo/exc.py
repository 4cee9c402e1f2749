"""``torch._dynamo.exc``'s errors that :func:`tinytorch.compile` raises, with PyTorch's
classes (both ``RuntimeError``\\ s), so an ``except`` written for PyTorch catches them."""


class TorchDynamoException(RuntimeError):
    """Base of the compiler's errors, as PyTorch's.

    >>> issubclass(TorchDynamoException, RuntimeError)
    True
    """


class InvalidBackend(TorchDynamoException):
    """A ``backend=`` name PyTorch does not register (PyTorch's message).

    Args:
        name (str): the name given.

    >>> str(InvalidBackend("nope"))[:26]
    "Invalid backend: 'nope', s"
    """

    def __init__(self, name):
        super().__init__(f"Invalid backend: {name!r}, see `torch._dynamo.list_backends()` "
                         "for available backends.")
