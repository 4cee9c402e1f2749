"""The legacy hook-based spectral normalization (``nn.utils.spectral_norm``), which PyTorch
has reimplemented as :func:`tinytorch.nn.utils.parametrizations.spectral_norm`; kept for
scripts and checkpoints that use it (keys ``<name>_orig``, ``<name>_u``, ``<name>_v``)."""

from tinytorch._grad_mode import no_grad
from tinytorch._ops.nn_misc import normalize
from tinytorch.nn.parameter import Parameter
from tinytorch.nn.utils.parametrizations import default_output_dim
from tinytorch.nn.utils.parametrizations import normalize_into
from tinytorch.nn.utils.parametrizations import sigma
from tinytorch.nn.utils.parametrizations import weight_matrix

__all__ = ["SpectralNorm", "remove_spectral_norm", "spectral_norm"]


class SpectralNorm:
    """The forward pre-hook that sets ``module.<name>`` to ``<name>_orig / sigma`` before every
    forward, running the power method on the buffers ``<name>_u``, ``<name>_v`` in training
    mode.

    Args:
        name (str): the parameter's name. Default: ``"weight"``.
        n_power_iterations (int): power-method iterations per forward. Default: ``1``.
        dim (int): the output dim. Default: ``0``.
        eps (float): floor for the norms in the power method. Default: ``1e-12``.

    Raises:
        ValueError: ``n_power_iterations`` is not positive.

    >>> from tinytorch.nn.utils.spectral_norm import SpectralNorm
    >>> SpectralNorm(n_power_iterations=3).n_power_iterations
    3
    """

    _version = 1

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        self.name = name
        self.dim = dim
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but "
                             f"got n_power_iterations={n_power_iterations}")
        self.n_power_iterations = n_power_iterations
        self.eps = eps

    def reshape_weight_to_matrix(self, weight):
        """``weight`` with ``dim`` first and the other dims flattened.

        Args:
            weight (Tensor): the weight.

        Returns:
            Tensor: the matrix.

        >>> from tinytorch.nn.utils.spectral_norm import SpectralNorm
        >>> SpectralNorm(dim=1).reshape_weight_to_matrix(tinytorch.ones(2, 3, 4)).shape
        torch.Size([3, 8])
        """
        return weight_matrix(weight, self.dim)

    def compute_weight(self, module, do_power_iteration):
        """``<name>_orig / sigma``, after ``n_power_iterations`` steps of the power method
        (which update ``<name>_u`` and ``<name>_v`` in place) when ``do_power_iteration``.

        Args:
            module (Module): the module.
            do_power_iteration (bool): update u and v first.

        Returns:
            Tensor: the normalized weight.

        >>> m = tinytorch.nn.utils.spectral_norm(tinytorch.nn.Linear(3, 3))
        >>> m.weight_orig.data = tinytorch.eye(3) * 2
        >>> fn = next(iter(m._forward_pre_hooks.values()))
        >>> fn.compute_weight(m, do_power_iteration=True).diagonal()
        tensor([1., 1., 1.], grad_fn=<DiagonalBackward0>)
        """
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    normalize_into(v, weight_mat.t(), u, self.eps)
                    normalize_into(u, weight_mat, v, self.eps)
            # See the clones in parametrizations._SpectralNorm.forward
            u, v = u.clone(), v.clone()
        return weight / sigma(weight_mat, u, v)

    def remove(self, module):
        """Put back parameter ``name`` (the current normalized weight, no power iteration) in
        place of ``<name>_orig``, ``<name>_u`` and ``<name>_v``.

        Args:
            module (Module): the module.

        >>> m = tinytorch.nn.utils.spectral_norm(tinytorch.nn.Linear(2, 2))
        >>> next(iter(m._forward_pre_hooks.values())).remove(m)
        >>> sorted(m.state_dict())
        ['bias', 'weight']
        """
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name,
                self.compute_weight(module, do_power_iteration=module.training))

    @staticmethod
    def apply(module, name, n_power_iterations, dim, eps):
        """Move parameter ``name`` to ``<name>_orig``, add random unit buffers ``<name>_u``
        and ``<name>_v``, and register the hook.

        Args:
            module (Module): the module.
            name (str): the parameter's name.
            n_power_iterations (int): power-method iterations per forward.
            dim (int): the output dim.
            eps (float): floor for the norms in the power method.

        Returns:
            SpectralNorm: the registered hook.

        Raises:
            RuntimeError: ``name`` already has a spectral_norm hook.
            ValueError: parameter ``name`` is None.

        >>> from tinytorch.nn.utils.spectral_norm import SpectralNorm
        >>> m = tinytorch.nn.Linear(3, 2)
        >>> SpectralNorm.apply(m, "weight", 1, 0, 1e-12).name, m.weight_u.shape
        ('weight', torch.Size([2]))
        """
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(
                    f"Cannot register two spectral_norm hooks on the same parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters[name]
        if weight is None:
            raise ValueError(f"`SpectralNorm` cannot be applied as parameter `{name}` is None")
        with no_grad():
            h, w = fn.reshape_weight_to_matrix(weight).shape
            u = normalize(weight.new_empty(h).normal_(0, 1), dim=0, eps=fn.eps)
            v = normalize(weight.new_empty(w).normal_(0, 1), dim=0, eps=fn.eps)
        delattr(module, fn.name)
        module.register_parameter(fn.name + "_orig", weight)
        # a plain attribute, so code that reads module.weight before the first forward works
        setattr(module, fn.name, weight.data)
        module.register_buffer(fn.name + "_u", u)
        module.register_buffer(fn.name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Apply spectral normalization, ``W / sigma(W)``, with a forward pre-hook: parameter
    ``name`` moves to ``<name>_orig``, and before every forward ``module.<name>`` is set to it
    divided by ``sigma = u^T W v``, the power-method estimate of its largest singular value
    (https://arxiv.org/abs/1802.05957). ``u`` and ``v`` (buffers ``<name>_u``, ``<name>_v``,
    random at first) take ``n_power_iterations`` steps per forward in training mode only.

    PyTorch recommends :func:`tinytorch.nn.utils.parametrizations.spectral_norm`.

    Args:
        module (Module): the module holding the parameter.
        name (str): the parameter's name. Default: ``"weight"``.
        n_power_iterations (int): power-method iterations per forward. Default: ``1``.
        eps (float): floor for the norms in the power method. Default: ``1e-12``.
        dim (int, optional): the output dim. Default: ``None``, meaning 1 for
            ``ConvTranspose2d`` and 0 otherwise.

    Returns:
        Module: ``module``, with the hook.

    >>> m = tinytorch.nn.utils.spectral_norm(tinytorch.nn.Linear(20, 40))
    >>> sorted(m.state_dict())
    ['bias', 'weight_orig', 'weight_u', 'weight_v']
    """
    if dim is None:
        dim = default_output_dim(module)
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module, name="weight"):
    """Remove the hook-based spectral normalization from ``module``: ``name`` becomes a plain
    parameter again, holding the current normalized weight.

    Args:
        module (Module): the module.
        name (str): the parameter's name. Default: ``"weight"``.

    Returns:
        Module: ``module``.

    Raises:
        ValueError: ``module`` has no spectral_norm on ``name``.

    >>> m = tinytorch.nn.utils.spectral_norm(tinytorch.nn.Linear(2, 2))
    >>> sorted(tinytorch.nn.utils.remove_spectral_norm(m).state_dict())
    ['bias', 'weight']
    """
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"spectral_norm of '{name}' not found in {module}")
