"""cross_entropy / nll_loss decide between class indices and class probabilities, and reject
target dtypes, exactly as PyTorch 2.13 does; the dtype errors add the fix."""

import numpy as np
import pytest

import tinytorch
import tinytorch.nn.functional as F

torch = pytest.importorskip("torch")

LOGITS = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
VOLUME = np.random.default_rng(1).normal(size=(2, 3, 4)).astype("float32")


def both(lib, array):
    return lib.tensor(array) if lib is torch else tinytorch.tensor(array)


CASES = {  # name: (loss, input, target array, dtype name, kwargs)
    "float_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "float32", {}),
    "double_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "float64", {}),
    "int32_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "int32", {}),
    "int16_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "int16", {}),
    "int8_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "int8", {}),
    "bool_N": ("cross_entropy", LOGITS, [0, 1, 1, 0], "bool", {}),
    "uint8_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "uint8", {}),
    "int64_N": ("cross_entropy", LOGITS, [0, 1, 2, 0], "int64", {}),
    "int32_smoothed": ("cross_entropy", LOGITS, [0, 1, 2, 0], "int32",
                       {"label_smoothing": 0.1}),
    "int32_batch_5": ("cross_entropy", LOGITS, [0, 1, 2, 0, 1], "int32", {}),
    "float_batch_5": ("cross_entropy", LOGITS, [0, 1, 2, 0, 1], "float32", {}),
    "long_same_shape": ("cross_entropy", LOGITS, np.zeros((4, 3)), "int64", {}),
    "probs": ("cross_entropy", LOGITS, np.full((4, 3), 1 / 3), "float32", {}),
    "probs_ignore_index": ("cross_entropy", LOGITS, np.full((4, 3), 1 / 3), "float32",
                           {"ignore_index": 1}),
    "float_scalar_for_1d": ("cross_entropy", LOGITS[0], 1, "float32", {}),
    "int32_volume": ("cross_entropy", VOLUME, np.zeros((2, 4)), "int32", {}),
    "nll_float": ("nll_loss", LOGITS, [0, 1, 2, 0], "float32", {}),
    "nll_int32": ("nll_loss", LOGITS, [0, 1, 2, 0], "int32", {}),
    "nll_uint8": ("nll_loss", LOGITS, [0, 1, 2, 0], "uint8", {}),
    "nll_multi_target": ("nll_loss", LOGITS, np.zeros((4, 1)), "float32", {}),
    "nll_int32_volume": ("nll_loss", VOLUME, np.zeros((2, 4)), "int32", {}),
}


def run(lib, case):
    loss, x, target, dtype, kwargs = CASES[case]
    functional = torch.nn.functional if lib is torch else F
    target = np.asarray(target).astype(dtype)
    return getattr(functional, loss)(both(lib, x), both(lib, target), **kwargs)


@pytest.mark.parametrize("case", sorted(CASES))
def test_class_targets_follow_pytorch(case):
    try:
        expected = run(torch, case)
    except Exception as error:  # noqa: BLE001 (whatever PyTorch raises is the spec)
        with pytest.raises(type(error)) as raised:
            run(tinytorch, case)
        assert str(raised.value).startswith(str(error).splitlines()[0])
    else:
        got = run(tinytorch, case)
        np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-5, atol=1e-6)
        assert got.dtype.name == str(expected.dtype).split(".")[1]


def test_float_class_indices_name_the_fix():
    with pytest.raises(RuntimeError, match=r"but got Float \(class-index targets must be "
                                           r"integers: pass target\.long\(\); a target of class "
                                           r"probabilities must have the input's shape\)"):
        F.cross_entropy(tinytorch.tensor(LOGITS), tinytorch.tensor([0.0, 1.0, 2.0, 0.0]))
    with pytest.raises(RuntimeError, match=r"but got Int \(pass target\.long\(\)\)"):
        tinytorch.nn.CrossEntropyLoss()(tinytorch.tensor(LOGITS),
                                        tinytorch.tensor([0, 1, 2, 0], dtype=tinytorch.int32))
