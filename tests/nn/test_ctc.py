"""nn.CTCLoss / F.ctc_loss against PyTorch 2.13 beyond the op database: the module, the
concatenated-targets and unbatched forms, float32, and infinite losses (NaN gradients, or 0
with zero_infinity)."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


def _both(fn, x, *args, device="cpu", **kwargs):
    """fn(lib, log_probs, ...) under both libraries (tinytorch's on ``device``): (loss,
    gradient w.r.t. the logits)."""
    out = []
    for lib in (tinytorch, torch):
        logits = (lib.tensor(x, requires_grad=True, device=device) if lib is tinytorch
                  else lib.tensor(x, requires_grad=True))
        loss = fn(lib, logits.log_softmax(-1), *args, **kwargs)
        loss.sum().backward()
        out.append((np.array(loss.tolist()), logits.grad.cpu().numpy()))
    return out


def test_module_and_forms_match_pytorch(device):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((7, 3, 5))
    flat, lengths = [1, 2, 3, 2, 4, 4], (3, 1, 2)

    def module(lib, lp, targets, inputs, target_lengths, **kw):
        tensor = lib.tensor(targets, device=lp.device)
        return lib.nn.CTCLoss(**kw)(lp, tensor, inputs, target_lengths)

    for kw in ({}, {"blank": 4, "reduction": "sum"}, {"reduction": "none"}):
        flat_kw = [v if v != 4 else 0 for v in flat] if kw.get("blank") == 4 else flat
        (ours, g), (theirs, h) = _both(module, x, flat_kw, (7, 5, 6), lengths, device=device,
                                       **kw)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
        np.testing.assert_allclose(g, h, atol=1e-12)
    assert repr(tinytorch.nn.CTCLoss(blank=1)) == "CTCLoss()"


def test_unbatched_and_float32_match_pytorch():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 4))

    def unbatched(lib, lp):
        return lib.nn.functional.ctc_loss(lp, lib.tensor([1, 2]), lib.tensor(6),
                                          lib.tensor(2), reduction="none")

    (ours, g), (theirs, h) = _both(unbatched, x)
    assert ours.shape == theirs.shape == ()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_allclose(g, h, atol=1e-12)
    (ours, g), (theirs, h) = _both(
        lambda lib, lp: lib.nn.functional.ctc_loss(lp, lib.tensor([[1, 3]]), (5,), (2,)),
        x[:, None, :].astype(np.float32))
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    np.testing.assert_allclose(g, h, atol=1e-6)


@pytest.mark.parametrize("zero_infinity", [False, True])
def test_impossible_alignments_match_pytorch(zero_infinity):
    x = np.random.default_rng(2).standard_normal((6, 3, 5))
    targets = [[1, 2, 3, 4, 1, 2, 3], [1, 1, 1, 0, 0, 0, 0], [2, 3, 0, 0, 0, 0, 0]]

    def run(lib, lp):
        return lib.nn.functional.ctc_loss(lp, lib.tensor(targets), (6, 2, 6), (7, 3, 2),
                                          reduction="none", zero_infinity=zero_infinity)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NaN gradients without NumPy's invalid-value warning
        (ours, g), (theirs, h) = _both(run, x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_allclose(g, h, atol=1e-12, equal_nan=True)
    assert np.isnan(g).any() != zero_infinity
