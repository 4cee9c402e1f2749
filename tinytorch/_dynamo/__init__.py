"""``torch._dynamo``'s name scripts reach for: ``eval_frame.OptimizedModule``, the type of
``tinytorch.compile(module)`` (``isinstance(model, torch._dynamo.eval_frame.OptimizedModule)``
tells a compiled model from a plain one) and ``exc.InvalidBackend``."""

from tinytorch._dynamo import eval_frame  # noqa: F401
from tinytorch._dynamo import exc  # noqa: F401
