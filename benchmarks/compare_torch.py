"""Side-by-side timings: the same workloads in tinytorch and PyTorch in one process run.

Prints per-step times and the ratio tinytorch / PyTorch (and tinytorch / hand-written NumPy
for the CPU training steps and the graphs, whose "ceiling" is the leanest possible Python tape:
see benchmarks/numpy_ceiling.py). Ratios, not absolute times: these machines are noisy, so the
libraries are timed in alternating rounds (~0.2 s each) and a ratio is the median over rounds
of the two times taken side by side in that round; the times printed are each library's median
round. A drift in the machine's speed (other guests, frequency) then moves both sides of a
ratio together instead of landing in one library's median and not the other's.

    python benchmarks/compare_torch.py                 # CPU workloads
    python benchmarks/compare_torch.py --device cuda   # GPU workloads (adds VGG16)
    python benchmarks/compare_torch.py --only cnn_step --json out.json

Where the machine sets OPENBLAS_CORETYPE (these machines pin NumPy's OpenBLAS to its Haswell
kernels, which PyTorch's own BLAS ignores), unset it and OPENBLAS_L2_SIZE for the comparison:
``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/compare_torch.py``.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tinytorch  # noqa: E402

try:
    import torch
except ImportError:  # the ratios need PyTorch; say so plainly
    sys.exit("compare_torch.py needs PyTorch: pip install -e '.[torch]'")


def _sync(lib, device):
    if device.startswith("cuda"):
        lib.cuda.synchronize()


# --- workloads: build(lib, device) -> step() -------------------------------------------------
def tiny_graph(lib, device, n=10):
    a, b, c = (lib.randn(n, n, device=device, requires_grad=True) for _ in range(3))

    def step():
        (a * b + c).sum().backward()
    return step


def large_graph(lib, device):
    return tiny_graph(lib, device, 1000)


def matmul_fwd_bwd(lib, device):
    x = lib.randn(128, 784, device=device)
    w = lib.randn(784, 512, device=device, requires_grad=True)

    def step():
        (x @ w).sum().backward()
    return step


def _train_step(lib, device, model, x_shape, batch, lr=0.01):
    model = model.to(device)
    opt = lib.optim.SGD(model.parameters(), lr=lr)
    x = lib.rand(batch, *x_shape, device=device)
    y = lib.randint(0, 10, (batch,), device=device)
    loss_fn = lib.nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def dense_step(lib, device):
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 10), nn.Sigmoid(), nn.Linear(10, 10))
    return _train_step(lib, device, model, (784,), 100)


def mlp_step(lib, device):
    nn = lib.nn
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
    return _train_step(lib, device, model, (784,), 128)


def book_cnn(nn):
    return nn.Sequential(
        nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1024, 10))


def cnn_step(lib, device):
    return _train_step(lib, device, book_cnn(lib.nn), (1, 28, 28), 100)


def vgg16_step(lib, device):
    nn = lib.nn
    layers, c = [], 3
    for v in (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
              512, 512, 512, "M"):
        if v == "M":
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]
            c = v
    model = nn.Sequential(*layers, nn.Flatten(), nn.Linear(25088, 4096), nn.ReLU(),
                          nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 1000))
    return _train_step(lib, device, model, (3, 224, 224), 16)


CPU_WORKLOADS = ["tiny_graph", "large_graph", "matmul_fwd_bwd", "dense_step", "mlp_step",
                 "cnn_step"]
CUDA_WORKLOADS = ["large_graph", "matmul_fwd_bwd", "dense_step", "mlp_step", "cnn_step",
                  "vgg16_step"]
NUMPY_CEILINGS = {"tiny_graph": ("make_tiny_graph", {}),
                  "large_graph": ("make_tiny_graph", {"n": 1000}),
                  "dense_step": ("make_dense", {}),
                  "mlp_step": ("make_dense", {"batch": 128, "hidden": 512, "act": "relu"}),
                  "cnn_step": ("make_cnn", {})}


def _time(step, sync, inner):
    sync()
    t0 = time.perf_counter()
    for _ in range(inner):
        step()
    sync()
    return (time.perf_counter() - t0) / inner


def _inner_count(step, sync):
    """Steps per round: enough for ~0.2 s per round."""
    once = _time(step, sync, 1)
    return max(1, min(2000, int(0.2 / max(once, 1e-7))))


def compare(name, device, rounds):
    builders = {"tinytorch": (tinytorch, globals()[name]), "torch": (torch, globals()[name])}
    steps, syncs = {}, {}
    for label, (lib, build) in builders.items():
        lib.manual_seed(0)
        steps[label] = build(lib, device)
        syncs[label] = (lambda lib=lib: _sync(lib, device))
        for _ in range(3):
            steps[label]()
    if device == "cpu" and name in NUMPY_CEILINGS:
        import numpy_ceiling
        fn, kwargs = NUMPY_CEILINGS[name]
        steps["numpy"] = getattr(numpy_ceiling, fn)(**kwargs)
        syncs["numpy"] = lambda: None
        steps["numpy"]()
    inner = {k: _inner_count(steps[k], syncs[k]) for k in steps}
    times = {k: [] for k in steps}
    for _ in range(rounds):
        for k in steps:
            times[k].append(_time(steps[k], syncs[k], inner[k]))
    med = {k: statistics.median(v) for k, v in times.items()}
    row = {"workload": name, "device": device,
           **{f"{k}_ms": round(v * 1e3, 4) for k, v in med.items()},
           "ratio_vs_torch": _paired_ratio(times["tinytorch"], times["torch"])}
    if "numpy" in med:
        row["ratio_vs_numpy"] = _paired_ratio(times["tinytorch"], times["numpy"])
    return row


def _paired_ratio(mine, theirs):
    """The median over rounds of the two times taken in the same round."""
    return round(statistics.median(a / b for a, b in zip(mine, theirs)), 3)


def _cpu_model():
    """The CPU's model name with its family/model numbers: "AMD EPYC" alone names several
    generations, whose speed ratios to PyTorch differ."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                key, _, value = ln.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        return platform.processor()
    name = fields.get("model name", platform.processor())
    if "cpu family" in fields:
        name += f" (family {fields['cpu family']}, model {fields.get('model', '?')})"
    return name


def machine_info(device):
    import numpy
    info = {"python": platform.python_version(), "machine": platform.machine(),
            "processor": _cpu_model(), "numpy": numpy.__version__,
            "torch": torch.__version__, "tinytorch": tinytorch.__version__,
            "torch_threads": torch.get_num_threads(), "date": time.strftime("%Y-%m-%d"),
            "cpu_count": os.cpu_count(),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
            "cpu_heap_reuse": tinytorch.backends.get_backend("cpu").heap_reuse}
    if device.startswith("cuda"):
        import cupy
        props = cupy.cuda.runtime.getDeviceProperties(0)
        info.update(gpu=props["name"].decode(), cupy=cupy.__version__,
                    driver=cupy.cuda.runtime.driverGetVersion(),
                    cuda_runtime=cupy.cuda.runtime.runtimeGetVersion(),
                    cudnn=torch.backends.cudnn.version())
    return info


def main(argv=None):
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--device", default="cpu")
    p.add_argument("--only", help="comma-separated workload names")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--json", help="also write the results (and machine info) to this file")
    args = p.parse_args(argv)
    names = args.only.split(",") if args.only else (
        CUDA_WORKLOADS if args.device.startswith("cuda") else CPU_WORKLOADS)
    rows = []
    if os.environ.get("OPENBLAS_CORETYPE"):
        print(f"note: OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']} pins NumPy's BLAS "
              "kernels; see this script's docstring", file=sys.stderr)
    print(f"{'workload':16} {'tinytorch ms':>13} {'torch ms':>10} {'tt/torch':>9} {'tt/numpy':>9}")
    for name in names:
        row = compare(name, args.device, args.rounds)
        rows.append(row)
        ceiling = f"{row['ratio_vs_numpy']:9.2f}" if "ratio_vs_numpy" in row else f"{'-':>9}"
        print(f"{name:16} {row['tinytorch_ms']:13.3f} {row['torch_ms']:10.3f} "
              f"{row['ratio_vs_torch']:9.2f} {ceiling}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine_info(args.device),
                                               "results": rows}, indent=2))


if __name__ == "__main__":
    main()
