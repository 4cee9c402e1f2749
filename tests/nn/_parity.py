"""Running a tinytorch module and its PyTorch twin on the same state and inputs (float64) and
comparing outputs, gradients of every input and parameter, and NaN patterns."""

import numpy as np

import tinytorch

RNG = np.random.default_rng(0)


def arrays(*shapes):
    return [RNG.standard_normal(s) for s in shapes]


def to_torch_state(module):
    import torch
    return {k: torch.from_numpy(np.array(v.detach().cpu().numpy()))
            for k, v in module.state_dict().items()}


def to_tiny_state(module, device):
    return {k: tinytorch.tensor(v.detach().numpy(), device=device)
            for k, v in module.state_dict().items()}


def _tensors(lib, inputs, kwargs, device, grad):
    """``inputs``: arrays, or ints naming an earlier input (the same tensor object, as in
    self-attention). Array kwargs become tensors (masks keep their dtype)."""
    kw = {"device": device} if lib is tinytorch else {}
    made = []
    for a in inputs:
        made.append(made[a] if isinstance(a, int) else lib.tensor(a, requires_grad=grad, **kw))
    kwargs = {k: lib.tensor(v, **kw) if isinstance(v, np.ndarray) else v
              for k, v in kwargs.items()}
    return made, kwargs


def _numpy(t):
    return t.detach().cpu().numpy() if hasattr(t, "cpu") else np.asarray(t)


def run(lib, module, inputs, kwargs, device="cpu", grad=True):
    """(outputs, [input grads..., parameter grads...]) of module(*inputs, **kwargs), backward
    from a fixed weighted sum of the first output (NaN entries left out)."""
    tensors, kwargs = _tensors(lib, inputs, kwargs, device, grad)
    context = lib.enable_grad() if grad else lib.no_grad()
    with context:
        out = module(*tensors, **kwargs)
    outs = list(out) if isinstance(out, tuple) else [out]
    if not grad:
        return [None if o is None else _numpy(o) for o in outs], []
    first = outs[0]
    weights = np.linspace(-1, 1, first.numel()).reshape(tuple(first.shape))
    kw = {"device": device} if lib is tinytorch else {}
    w = lib.tensor(weights, **kw)
    lib.where(lib.isnan(first), 0.0, first * w).sum().backward()
    unique = []
    for t in tensors:
        if not any(t is u for u in unique):
            unique.append(t)
    params = list(module.parameters()) if hasattr(module, "parameters") else []
    grads = [t.grad for t in unique] + [p.grad for p in params]
    return [None if o is None else _numpy(o) for o in outs], [
        None if g is None else _numpy(g) for g in grads]


def assert_same(ours, theirs, what, rtol=1e-9, atol=1e-10):
    assert len(ours) == len(theirs), what
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if b is None:
            assert a is None, f"{what} {i}: expected None"
            continue
        assert a.shape == b.shape, f"{what} {i}: shape {a.shape} != {b.shape}"
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=f"{what} {i} NaNs")
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"{what} {i}")


def compare(build, inputs, kwargs, device, train=True, grad=True, direction="to_torch"):
    """Build both, share the state (tinytorch's loaded into torch, or the reverse), run and
    compare outputs and gradients; also the state-dict keys and the repr."""
    import torch
    ours, theirs = build(tinytorch), build(torch)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    if direction == "to_torch":
        theirs.load_state_dict(to_torch_state(ours))
        ours = ours.to(device)
    else:
        ours = ours.to(device)
        ours.load_state_dict(to_tiny_state(theirs, device))
    ours.train(train)
    theirs.train(train)
    out, grads = run(tinytorch, ours, inputs, kwargs, device, grad)
    ref, ref_grads = run(torch, theirs, inputs, kwargs, "cpu", grad)
    assert_same(out, ref, "output")
    assert_same(grads, ref_grads, "gradient")
    return out, ref


def both_or_same_error(run, torch_args, tiny_args):
    """``(run(torch, *torch_args), run(tinytorch, *tiny_args))``, or None where PyTorch raises,
    after checking that tinytorch raises the same exception type (the random-configuration
    sweeps: a configuration PyTorch refuses must be refused)."""
    import pytest
    import torch
    try:
        expected = run(torch, *torch_args)
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        with pytest.raises(type(error)):
            run(tinytorch, *tiny_args)
        return None
    return expected, run(tinytorch, *tiny_args)
