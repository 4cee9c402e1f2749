"""``tinytorch.compile``: PyTorch's ``torch.compile``, accepted so scripts run unchanged."""

from tinytorch._ops import _util


def warn_once(name, what):
    """Warn, the first time ``name`` is called in this process, that it ``what`` (a
    ``UserWarning`` pointing at the user's line)."""
    _util.warn_once(f"{name} {what} (this warning is shown once)")


# PyTorch 2.13's inductor modes and registered backend names (torch._dynamo.list_backends with
# exclude_tags=()): another string is refused as there; a callable backend is accepted
_MODES = ("default", "lite", "reduce-overhead", "max-autotune-no-cudagraphs", "max-autotune")
_BACKENDS = frozenset({
    "aot_eager", "aot_eager_decomp_partition", "aot_eager_decomp_partition_crossref",
    "aot_eager_decomp_partition_with_mode", "aot_eager_default_partitioner", "aot_ts",
    "cudagraphs", "dynamo_accuracy_minifier_backend", "dynamo_minifier_backend", "eager",
    "eager_debug", "eager_noexcept", "inductor", "invoke_subgraph", "openxla", "openxla_eval",
    "pre_dispatch_eager", "ts", "tvm"})


def compile(model=None, *, fullgraph=False, dynamic=None, backend=None,  # noqa: A001
            mode=None, options=None, name=None, disable=False, recompile_limit=None,
            isolate_recompiles=False, shapes_spec=None):
    """PyTorch's ``torch.compile``, run eagerly: tinytorch has no compiler.

    An ``nn.Module`` comes back wrapped, as PyTorch wraps it, in an
    :class:`~tinytorch._dynamo.eval_frame.OptimizedModule` (``compiled._orig_mod`` is the
    module, ``state_dict`` keys start with ``_orig_mod.``, attributes, ``train``/``eval``
    and parameters are the module's; NOTE [Compiled modules]); a function comes back
    unchanged. The first call in a process warns once (a ``UserWarning``) that nothing is
    compiled. Used without ``model`` (``@tinytorch.compile(mode="max-autotune")``) it
    returns a decorator.

    Args:
        model (callable, optional): an ``nn.Module`` or a function.
        fullgraph (bool): PyTorch's; no effect.
        dynamic (bool, optional): PyTorch's; no effect.
        backend (str or callable, optional): one of PyTorch's backend names, or a callable;
            no effect.
        mode (str, optional): one of PyTorch's modes (``"default"``, ``"reduce-overhead"``,
            ``"max-autotune"``, ...); no effect.
        options (dict, optional): PyTorch's backend options, not with ``mode``; no effect.
        name, recompile_limit, isolate_recompiles, shapes_spec: PyTorch's; no effect.
        disable (bool): return ``model`` itself, as PyTorch does (and warn nothing).

    Returns:
        The wrapped module, the function itself, or a decorator.

    Raises:
        RuntimeError: both ``mode`` and ``options``, an unknown ``mode`` (for the default
            backend), or an unknown backend name (``torch._dynamo.exc.InvalidBackend``, a
            RuntimeError), with PyTorch's messages.
        AssertionError: ``model`` is not callable, as PyTorch's.

    >>> import warnings
    >>> from tinytorch import nn
    >>> net = nn.Linear(2, 2)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     compiled = tinytorch.compile(net)
    >>> compiled._orig_mod is net, list(compiled.state_dict())
    (True, ['_orig_mod.weight', '_orig_mod.bias'])
    >>> tinytorch.compile(net, disable=True) is net
    True
    """
    if model is None:
        def decorate(fn):
            if fn is None:
                raise RuntimeError("Model can't be None")
            return compile(fn, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                           options=options, name=name, disable=disable,
                           recompile_limit=recompile_limit,
                           isolate_recompiles=isolate_recompiles, shapes_spec=shapes_spec)
        return decorate
    from tinytorch._dynamo import eval_frame, exc  # not at the top: nn imports this module
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be "
                           "specified at the same time.")
    if backend is None or backend == "inductor":
        if mode is not None and mode not in _MODES:
            raise RuntimeError(f"Unrecognized mode={mode}, should be one of: {', '.join(_MODES)}")
    elif isinstance(backend, str) and backend not in _BACKENDS:
        raise exc.InvalidBackend(backend)
    if not callable(model):
        raise AssertionError(f"A callable function is expected, but {type(model)} is provided.")
    if disable:
        return model
    warn_once("tinytorch.compile", "compiles nothing: tinytorch runs eagerly and has no compiler")
    return eval_frame.OptimizedModule(model) if isinstance(model, eval_frame.Module) else model
