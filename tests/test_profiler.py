"""tinytorch.profiler (NOTE [Profiler]): the events of forward ops, backward nodes and
record_function ranges with their self and total times, the table, the schedule and when
on_trace_ready runs (against PyTorch's), the Chrome trace, and that nothing stays installed
after a profile ends."""

import json
import warnings

import pytest

import tinytorch
from tinytorch._ops._op import Op
from tinytorch.autograd.function import Function
from tinytorch.profiler import ProfilerActivity
from tinytorch.profiler import profile
from tinytorch.profiler import record_function
from tinytorch.profiler import schedule
from tinytorch.profiler import tensorboard_trace_handler

torch = pytest.importorskip("torch")


def _train_step():
    model = tinytorch.nn.Sequential(tinytorch.nn.Linear(4, 3), tinytorch.nn.ReLU())
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("forward"):
            loss = model(tinytorch.ones(2, 4)).sum()
        loss.backward()
    return prof


def test_events_name_ops_nodes_and_ranges_and_nest():
    events = _train_step().events()
    names = [e.name for e in events]
    assert names[:4] == ["forward", "aten::linear", "aten::relu", "aten::sum"]
    assert {"SumBackward0", "ReluBackward0", "AddmmBackward0"} <= set(names)
    forward = events[0]
    children = [e for e in events[1:4]]
    assert all(e.depth == 1 for e in children) and forward.depth == 0
    assert forward.self_cpu_time_total == pytest.approx(
        forward.cpu_time_total - sum(e.cpu_time_total for e in children))
    assert events[1].input_shapes == [[2, 4], [3, 4], [3]]


def test_table_and_key_averages():
    prof = _train_step()
    averages = prof.key_averages()
    assert [a.key for a in averages][:2] == ["forward", "aten::linear"]
    assert all(a.count == 1 for a in averages)
    table = averages.table(sort_by="self_cpu_time_total", row_limit=3)
    lines = table.splitlines()
    assert "Self CPU %" in lines[1] and "# of Calls" in lines[1]
    rows = [line for line in lines[3:] if not line.startswith(("-", "Self CPU time"))]
    assert len(rows) == 3
    assert lines[-1].startswith("Self CPU time total: ")
    by_shape = prof.key_averages(group_by_input_shape=True).table()
    assert "Input Shapes" in by_shape and "[[2, 4], [3, 4], [3]]" in by_shape


@pytest.mark.parametrize("kwargs, steps", [
    ({"wait": 1, "warmup": 1, "active": 2, "repeat": 2}, 10),
    ({"wait": 0, "warmup": 1, "active": 1, "skip_first": 2}, 7),
    ({"wait": 2, "warmup": 1, "active": 3}, 12),
])
def test_schedule_and_on_trace_ready_like_pytorch(kwargs, steps):
    def run(lib, profiler):
        calls = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # warmup=0 warns in both
            actions = [profiler.schedule(**kwargs)(i).name for i in range(steps)]
            with profiler.profile(schedule=profiler.schedule(**kwargs),
                                  on_trace_ready=lambda p: calls.append(p.step_num)) as prof:
                for _ in range(steps):
                    lib.ones(2) * 2
                    prof.step()
        return actions, calls
    assert run(tinytorch, tinytorch.profiler) == run(torch, torch.profiler)


def test_a_scheduled_recording_holds_its_steps_ops_only():
    recorded = []
    with profile(schedule=schedule(wait=1, warmup=1, active=1),
                 on_trace_ready=lambda p: recorded.append([e.name for e in p.events()])) as p:
        for step in range(3):
            with record_function(f"step{step}"):
                tinytorch.ones(1) * 2
            p.step()
    assert recorded == [["step2", "aten::mul"]]


def test_chrome_trace_and_tensorboard_handler(tmp_path):
    prof = _train_step()
    prof.export_chrome_trace(tmp_path / "trace.json")
    events = json.loads((tmp_path / "trace.json").read_text())["traceEvents"]
    assert events[0]["name"] == "forward" and events[0]["ph"] == "X" and events[0]["dur"] > 0
    with profile(on_trace_ready=tensorboard_trace_handler(str(tmp_path / "tb"), "worker")):
        tinytorch.ones(1) + 1
    (written,) = (tmp_path / "tb").iterdir()
    assert written.name.startswith("worker.") and written.name.endswith(".pt.trace.json")


def test_nothing_stays_installed_and_profiles_do_not_nest():
    apply = (Op.__dict__["apply"], Function.__dict__["apply"])
    with pytest.raises(ValueError):
        with profile():
            raise ValueError("inside")
    assert (Op.__dict__["apply"], Function.__dict__["apply"]) == apply
    with profile():
        with pytest.raises(RuntimeError, match="already enabled"):
            with profile():
                pass
    assert (Op.__dict__["apply"], Function.__dict__["apply"]) == apply
    with pytest.raises(RuntimeError, match="didn't finish"):
        profile().events()
    with pytest.raises(ValueError, match="Invalid profiler schedule arguments"):
        schedule(wait=0, warmup=0, active=0)


def test_the_autograd_profiler_spelling():
    with tinytorch.autograd.profiler.profile() as prof:
        with tinytorch.autograd.profiler.record_function("block"):
            y = (tinytorch.ones(3, requires_grad=True) * 2).sum()
        y.backward()
    assert [e.name for e in prof.function_events] == ["block", "aten::mul", "aten::sum",
                                                     "SumBackward0", "MulBackward0"]
    assert prof.self_cpu_time_total > 0 and "Self CPU time total" in prof.table()
    with tinytorch.autograd.profiler.profile(enabled=False) as off:
        tinytorch.ones(1) * 2
    assert list(off.function_events) == []


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.nn.functional.max_pool2d(x, 2),
    lambda lib, x: lib.nn.functional.avg_pool2d(x, 2),
    lambda lib, x: lib.nn.functional.adaptive_avg_pool2d(x, 1),
    lambda lib, x: lib.nn.functional.kl_div(x, x.exp(), reduction="sum"),
    lambda lib, x: lib.log1p(x.abs()),
    lambda lib, x: lib.fmax(x, x),
    lambda lib, x: lib.special.i0e(x),
], ids=["max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "kl_div", "log1p", "fmax", "i0e"])
def test_forward_ops_are_named_as_pytorch_names_them(call):
    # snake case of node names with digits and acronyms: MaxPool2DWithIndices is PyTorch's
    # aten::max_pool2d_with_indices (it was aten::max_pool2_dwith_indices), KLDiv aten::kl_div
    names = {}
    for lib, prof_mod in ((tinytorch, tinytorch.profiler), (torch, torch.profiler)):
        x = lib.ones(1, 2, 4, 4, requires_grad=True)
        with prof_mod.profile() as prof:
            call(lib, x)
        names[lib] = {e.name for e in prof.events()}
    ours = names[tinytorch] - {"aten::exp", "aten::abs"}
    assert ours and ours <= names[torch], (ours, names[torch])
