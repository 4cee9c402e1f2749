"""``nn.init.dirac_`` / ``sparse_`` and the deprecated ``nn.init`` names, the deprecated
``nn.utils.clip_grad_norm``, and ``nn.DataParallel`` without a GPU, against PyTorch."""

import warnings

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape, groups", [((4, 2, 3), 1), ((6, 4, 3, 3), 2), ((3, 4, 3, 3, 3), 1),
                                           ((4, 4, 2, 2), 4)])
def test_dirac_matches_pytorch(shape, groups):
    mine = tinytorch.nn.init.dirac_(tinytorch.empty(*shape), groups)
    theirs = torch.nn.init.dirac_(torch.empty(*shape), groups)
    np.testing.assert_array_equal(mine.numpy(), theirs.numpy())


def test_dirac_and_sparse_refuse_as_pytorch():
    for call in (lambda lib: lib.nn.init.dirac_(lib.empty(2, 2)),
                 lambda lib: lib.nn.init.dirac_(lib.empty(3, 2, 2), 2),
                 lambda lib: lib.nn.init.sparse_(lib.empty(2), 0.1)):
        errors = []
        for lib in (tinytorch, torch):
            with pytest.raises(ValueError) as info:
                call(lib)
            errors.append(str(info.value))
        assert errors[0] == errors[1]


def test_sparse_zeros_the_same_count_in_every_column():
    w = tinytorch.nn.init.sparse_(tinytorch.empty(10, 5), sparsity=0.25, std=2.0)
    assert (w == 0).sum(0).tolist() == [3] * 5  # ceil(0.25 * 10)
    assert 0.5 < float(w[w != 0].std()) < 4


@pytest.mark.parametrize("name", ["uniform", "normal", "constant", "eye", "dirac",
                                  "xavier_uniform", "xavier_normal", "kaiming_uniform",
                                  "kaiming_normal", "orthogonal", "sparse"])
def test_deprecated_init_names_warn_as_pytorch_and_fill(name):
    args = {"constant": (0.5,), "sparse": (0.5,)}.get(name, ())
    shape = (3, 3, 3) if name == "dirac" else (3, 3)
    caught = []
    for lib in (tinytorch, torch):
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            out = getattr(lib.nn.init, name)(lib.zeros(*shape), *args)
        caught.append((record[0].category, str(record[0].message), record[0].filename))
        assert tuple(out.shape) == shape
    assert caught[0][:2] == caught[1][:2] and caught[0][2] == __file__


def test_deprecated_clip_grad_norm_warns_and_clips():
    p = tinytorch.nn.Parameter(tinytorch.ones(4))
    p.grad = tinytorch.ones(4)
    with pytest.warns(FutureWarning, match="clip_grad_norm` is now deprecated"):
        total = tinytorch.nn.utils.clip_grad_norm([p], 1.0)
    assert float(total) == 2.0 and p.grad.tolist() == pytest.approx([0.5] * 4)


@pytest.mark.skipif(tinytorch.cuda.is_available(), reason="the no-GPU path")
def test_data_parallel_without_a_gpu_calls_the_module_as_pytorch_does():
    net = tinytorch.nn.Linear(3, 2)
    ref = torch.nn.Linear(3, 2)
    dp, ref_dp = tinytorch.nn.DataParallel(net), torch.nn.DataParallel(ref)
    assert dp.module is net and dp.device_ids == ref_dp.device_ids == []
    assert list(dp.state_dict()) == list(ref_dp.state_dict())
    assert repr(dp) == repr(ref_dp)
    x = tinytorch.ones(5, 3)
    assert dp(x).tolist() == net(x).tolist()
    assert tinytorch.nn.parallel.DataParallel is tinytorch.nn.DataParallel
