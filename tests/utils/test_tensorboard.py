"""``tinytorch.utils.tensorboard.SummaryWriter`` (tensorboardX's, taking tinytorch tensors):
the event files it writes hold the values logged, read back record by record."""

import struct

import numpy as np
import pytest

import tinytorch

pytest.importorskip("tensorboardX")
from tensorboardX.proto import event_pb2  # noqa: E402

from tinytorch.utils.tensorboard import SummaryWriter  # noqa: E402


def _events(log_dir):
    """Every Event in the event files under log_dir (TFRecord: length, crc, data, crc)."""
    events = []
    for path in sorted(log_dir.glob("events.out.tfevents.*")):
        data = path.read_bytes()
        at = 0
        while at < len(data):
            (length,) = struct.unpack("<Q", data[at:at + 8])
            events.append(event_pb2.Event.FromString(data[at + 12:at + 12 + length]))
            at += 12 + length + 4
    return events


def _values(log_dir):
    return {(v.tag, e.step): v for e in _events(log_dir) for v in e.summary.value}



def test_tensors_are_logged_as_their_values(tmp_path):
    weights = tinytorch.randn(200, requires_grad=True)  # a parameter: logged detached
    with SummaryWriter(str(tmp_path)) as writer:
        for step in range(3):
            writer.add_scalar("loss", tinytorch.tensor(1.0 / (step + 1)), step)
        writer.add_scalars("acc", {"train": tinytorch.tensor(0.75), "test": 0.5}, 2)
        writer.add_histogram("weights", weights, 2)
        writer.add_image("image", tinytorch.rand(3, 8, 8), 2)
        writer.add_images("batch", tinytorch.rand(2, 3, 4, 4), global_step=2)
        writer.add_text("note", "tinytorch", 2)
    values = _values(tmp_path)
    assert [values["loss", s].simple_value for s in range(3)] == pytest.approx([1, 0.5, 1 / 3])
    for run, value in (("train", 0.75), ("test", 0.5)):  # one run directory per curve
        assert _values(tmp_path / "acc" / run)["acc", 2].simple_value == pytest.approx(value)
    histogram = values["weights", 2].histo
    assert histogram.num == 200
    assert histogram.sum == pytest.approx(float(weights.detach().sum()), rel=1e-5)
    assert (histogram.min, histogram.max) == pytest.approx(
        (float(weights.min()), float(weights.max())))
    assert values["image", 2].image.width == 8 and values["batch", 2].image.height == 4
    assert values["note/text_summary", 2].tensor.string_val == [b"tinytorch"]
    assert np.isfinite(histogram.sum_squares)


def test_add_graph_refuses_with_a_reason(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        with pytest.raises(NotImplementedError, match="PyTorch's JIT tracer"):
            writer.add_graph(tinytorch.nn.Linear(2, 2), tinytorch.ones(1, 2))
