"""fuse_conv_bn_eval / fuse_linear_bn_eval and their weight functions against PyTorch's in
float64, their errors, and skip_init's checks."""

import numpy as np
import pytest

import tinytorch
from tinytorch.nn.utils import fuse_conv_bn_eval
from tinytorch.nn.utils import fuse_conv_bn_weights
from tinytorch.nn.utils import fuse_linear_bn_eval
from tinytorch.nn.utils import skip_init

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def _pair(make, device="cpu"):
    theirs = make(torch).double().eval()
    state = {k: (RNG.standard_normal(tuple(v.shape)) ** 2 if "var" in k
                 else RNG.standard_normal(tuple(v.shape))) if v.is_floating_point()
             else v.numpy() for k, v in theirs.state_dict().items()}
    theirs.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    ours = make(tinytorch).double().eval().to(device)
    ours.load_state_dict({k: tinytorch.tensor(v, device=device) for k, v in state.items()})
    return ours, theirs


LAYERS = {
    "conv2d": (lambda lib: lib.nn.Sequential(lib.nn.Conv2d(2, 3, 3), lib.nn.BatchNorm2d(3)),
               (2, 2, 5, 5), False),
    "conv2d-nobias": (lambda lib: lib.nn.Sequential(lib.nn.Conv2d(2, 3, 3, bias=False),
                                                    lib.nn.BatchNorm2d(3, affine=False)),
                      (2, 2, 5, 5), False),
    "convT2d": (lambda lib: lib.nn.Sequential(lib.nn.ConvTranspose2d(2, 3, 3),
                                              lib.nn.BatchNorm2d(3)), (2, 2, 4, 4), True),
    "linear": (lambda lib: lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.BatchNorm1d(3)),
               (5, 4), None),
    "linear-bn1": (lambda lib: lib.nn.Sequential(lib.nn.Linear(4, 3, bias=False),
                                                 lib.nn.BatchNorm1d(1)), (5, 4), None),
}


def _fuse(lib, seq, transpose):
    utils = tinytorch.nn.utils if lib is tinytorch else torch.nn.utils
    if transpose is None:
        return utils.fuse_linear_bn_eval(seq[0], seq[1])
    return utils.fuse_conv_bn_eval(seq[0], seq[1], transpose=transpose)


@pytest.mark.parametrize("make, shape, transpose", LAYERS.values(), ids=LAYERS.keys())
def test_fused_layer_equals_torch_and_the_unfused_pair(make, shape, transpose, device):
    ours, theirs = _pair(make, device)
    fused_ours, fused_theirs = _fuse(tinytorch, ours, transpose), _fuse(torch, theirs, transpose)
    for key, value in fused_theirs.state_dict().items():
        np.testing.assert_allclose(fused_ours.state_dict()[key].detach().cpu().numpy(),
                                   value.detach().numpy(), rtol=1e-13, atol=1e-15, err_msg=key)
    assert fused_ours is not ours[0] and isinstance(fused_ours.bias, tinytorch.nn.Parameter)
    x = tinytorch.tensor(RNG.standard_normal(shape), device=device)
    if make is not LAYERS["linear-bn1"][0]:  # BatchNorm1d(1) cannot follow Linear(4, 3)
        np.testing.assert_allclose(fused_ours(x).detach().cpu().numpy(),
                                   ours(x).detach().cpu().numpy(), rtol=1e-10, atol=1e-12)


def test_fuse_weights_keep_the_conv_dtypes_and_requires_grad():
    w = tinytorch.ones(2, 1, 1, 1, dtype=tinytorch.float64, requires_grad=True)
    fused_w, fused_b = fuse_conv_bn_weights(w, None, tinytorch.zeros(2), tinytorch.ones(2), 1e-5,
                                            None, None)
    assert fused_w.dtype == tinytorch.float64 and fused_w.requires_grad
    assert fused_b.dtype == tinytorch.float64 and not fused_b.requires_grad


def _errors(lib):
    nn = lib.nn
    utils = tinytorch.nn.utils if lib is tinytorch else torch.nn.utils
    return [
        (lambda: utils.fuse_conv_bn_eval(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2).eval()),
         "Fusion only for eval!"),
        (lambda: utils.fuse_linear_bn_eval(nn.Linear(1, 2).eval(), nn.BatchNorm1d(3).eval()),
         "To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got "
         "linear.out_features=2 and bn.num_features=3"),
        (lambda: utils.fuse_conv_bn_eval(
            nn.Conv2d(1, 2, 1).eval(), nn.BatchNorm2d(2, track_running_stats=False).eval()),
         "bn.running_mean and bn.running_var must not be None"),
    ]


@pytest.mark.parametrize("case", range(3))
def test_fusion_errors_match_torch(case):
    for lib in (tinytorch, torch):
        call, message = _errors(lib)[case]
        with pytest.raises(AssertionError) as info:
            call()
        assert str(info.value) == message


def test_skip_init_builds_the_module_on_the_device():
    m = skip_init(tinytorch.nn.Linear, 3, 2, bias=False, dtype=tinytorch.float64)
    assert m.weight.shape == (2, 3) and m.weight.dtype == tinytorch.float64
    assert m.weight.device.type == "cpu" and m.bias is None


class _NoDevice(tinytorch.nn.Module):
    def __init__(self, size):
        super().__init__()


@pytest.mark.parametrize("cls, message", [
    (_NoDevice, "Module must support a 'device' arg to skip initialization"),
    (int, "Expected a Module; got <class 'int'>"),
])
def test_skip_init_errors_match_torch(cls, message):
    with pytest.raises(RuntimeError) as info:
        skip_init(cls, 1)
    assert str(info.value) == message
    with pytest.raises(RuntimeError) as info:
        torch.nn.utils.skip_init(torch.nn.Module if cls is _NoDevice else cls)
    assert str(info.value) == message
