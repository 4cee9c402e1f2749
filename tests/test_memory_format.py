"""Memory formats against PyTorch 2.13: strides of channels-last copies, when a tensor is
returned as is, Tensor.to(copy=True), Module.to(memory_format=...) training the same."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tinytorch

torch = pytest.importorskip("torch")
SCRIPT = """
import sys
lib = __import__(sys.argv[1])
x = lib.arange(24.).reshape(1, 2, 3, 4)
y = x.contiguous(memory_format=lib.channels_last)
print(y.stride(), y.is_contiguous(), y.is_contiguous(memory_format=lib.channels_last))
z = x.to(memory_format=lib.channels_last)
print(z.stride(), x.to(memory_format=lib.preserve_format) is x,
      y.to(memory_format=lib.channels_last) is y)
print(y.clone().stride(), y.clone(memory_format=lib.contiguous_format).stride(),
      (y + 1).stride(), y.contiguous().stride(), lib.clone(y).stride())
print(x.to(copy=True) is x, x.to(lib.float32, copy=True) is x, x.to(copy=False) is x)
for f in [lambda: lib.ones(2, 3).contiguous(memory_format=lib.channels_last),
          lambda: lib.ones(2, 3).to(memory_format=lib.channels_last),
          lambda: x.contiguous(memory_format=lib.preserve_format) is x,
          lambda: lib.ones(2, 3).is_contiguous(memory_format=lib.channels_last),
          lambda: lib.ones(1, 2, 3, 4, 5).contiguous(memory_format=lib.channels_last_3d).stride(),
          lambda: repr(lib.channels_last).split('.')[-1], repr(lib.strided).split('.')[-1],
          lambda: repr(x.layout).split('.')[-1]]:
    try:
        print(f() if callable(f) else f)
    except Exception as e:
        print(type(e).__name__, e)
a = lib.arange(24., requires_grad=True)
b = a.reshape(1, 2, 3, 4).contiguous(memory_format=lib.channels_last)
(b * lib.arange(24.).reshape(1, 2, 3, 4)).sum().backward()
print(a.grad.tolist())
"""


def test_formats_behave_as_pytorchs(tmp_path):
    script = tmp_path / "formats.py"
    script.write_text(SCRIPT)
    root = str(Path(__file__).resolve().parents[1])
    outs = [subprocess.run([sys.executable, str(script), lib], capture_output=True, text=True,
                           check=True, cwd=root).stdout for lib in ("tinytorch", "torch")]
    assert outs[0] == outs[1]


def test_a_channels_last_model_trains_as_the_contiguous_one():
    nn = tinytorch.nn

    def run(fmt):
        tinytorch.manual_seed(0)
        model = nn.Sequential(nn.Conv2d(2, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(8, 4, 3), nn.Flatten(), nn.Linear(4 * 3 * 3, 10))
        model = model.to(memory_format=fmt)
        opt = tinytorch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = tinytorch.randn(5, 2, 12, 12).to(memory_format=fmt)
        y = tinytorch.randint(0, 10, (5,))
        for _ in range(3):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        return model

    dense, last = run(tinytorch.contiguous_format), run(tinytorch.channels_last)
    assert last[0].weight.is_contiguous(memory_format=tinytorch.channels_last)
    assert not last[0].weight.is_contiguous()
    for p, q in zip(dense.parameters(), last.parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().contiguous().numpy())


def test_bad_format_is_refused():
    with pytest.raises(TypeError, match="memory_format must be tinytorch.memory_format"):
        tinytorch.ones(2).contiguous(memory_format="channels_last")


def test_convert_conv_weight_memory_format_matches_pytorch():
    torch = pytest.importorskip("torch")
    strides = []
    for lib in (tinytorch, torch):
        model = lib.nn.Sequential(lib.nn.Conv2d(2, 4, 3), lib.nn.ReLU(),
                                  lib.nn.ConvTranspose2d(4, 2, 3), lib.nn.Conv3d(2, 2, 2))
        first = model[0].weight
        lib.nn.utils.convert_conv2d_weight_memory_format(model, lib.channels_last)
        lib.nn.utils.convert_conv3d_weight_memory_format(model, lib.channels_last_3d)
        assert model[0].weight is first  # the Parameter stays (optimizers keep it)
        strides.append([m.weight.stride() for m in (model[0], model[2], model[3])])
    assert strides[0] == strides[1]
