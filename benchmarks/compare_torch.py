"""tinytorch / PyTorch speed ratios, each library in its own worker process.

Why separate processes: on a small machine NumPy's OpenBLAS threads keep spinning for a while
after a GEMM and take the cores PyTorch's OpenMP threads need (and the other way round), so
two libraries timed in one process slow each other down (PyTorch's 1000x1000 graph went from
2.45 ms alone to 16.6 ms beside tinytorch). Here one worker per library (and one for the
hand-written NumPy "ceiling", benchmarks/numpy_ceiling.py) is started once; the parent sends
it JSON commands through a pipe. For each workload the workers build and warm up, then rounds
of ~0.2 s alternate between them with a pause between rounds (--pause, default 0.3 s) so that
spinning threads have gone to sleep. A ratio is the median over rounds of the two times taken
side by side (round i of tinytorch over round i of PyTorch): a drift in the machine's speed
then moves both sides of a ratio together. Report ratios, not absolute times, with the CPU.

    python benchmarks/compare_torch.py                     # CPU workloads
    python benchmarks/compare_torch.py --device cuda       # GPU workloads
    python benchmarks/compare_torch.py --only cnn_step --rounds 15 --json out.json

Where the machine sets OPENBLAS_CORETYPE (which pins NumPy's OpenBLAS but not PyTorch's BLAS),
run the comparison under ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE``.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import workloads  # noqa: E402  (the benchmarks folder is on sys.path above)

LIBS = ("tinytorch", "torch")


# --- the worker: one library per process -------------------------------------------------------
def _library(name):
    if name == "numpy":
        import numpy_ceiling
        return numpy_ceiling
    return __import__(name)


def _sync_fn(lib_name, lib, device):
    if device.startswith("cuda") and lib_name != "numpy":
        return lib.cuda.synchronize
    return lambda: None


def _time(step, sync, inner):
    sync()
    t0 = time.perf_counter()
    for _ in range(inner):
        step()
    sync()
    return (time.perf_counter() - t0) / inner


def _build(lib_name, lib, name, device):
    if lib_name == "numpy":
        fn, kwargs = workloads.NUMPY_CEILINGS[name]
        return getattr(lib, fn)(**kwargs)
    lib.manual_seed(0)
    return getattr(workloads, name)(lib, device)


def worker(lib_name):
    """Serve JSON commands on stdin, one JSON reply per line on stdout."""
    lib = _library(lib_name)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the replies
    step = sync = None
    inner = 1
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "info":
            reply = _worker_info(lib_name, lib)
        elif cmd["cmd"] == "build":
            step = _build(lib_name, lib, cmd["workload"], cmd["device"])
            sync = _sync_fn(lib_name, lib, cmd["device"])
            for _ in range(3):
                step()
            once = _time(step, sync, 1)
            inner = max(1, min(2000, int(cmd["round_s"] / max(once, 1e-7))))
            reply = {"inner": inner}
        elif cmd["cmd"] == "round":
            reply = {"seconds": _time(step, sync, inner)}
        else:
            break
        out.write(json.dumps(reply) + "\n")
        out.flush()


def _worker_info(lib_name, lib):
    """Versions, threads and BLAS as this library's process sees them."""
    info = {"version": getattr(lib, "__version__", None),
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    try:
        from threadpoolctl import threadpool_info
        info["threadpools"] = [{k: p.get(k) for k in ("user_api", "internal_api", "version",
                                                       "num_threads", "architecture")}
                               for p in threadpool_info()]
    except ImportError:
        info["threadpools"] = "threadpoolctl not installed"
    if lib_name == "torch":
        info["num_threads"] = lib.get_num_threads()
        info["config"] = lib.__config__.show()
    if lib_name == "tinytorch":
        import numpy
        info["numpy"] = numpy.__version__
        info["numpy_config"] = numpy.show_config(mode="dicts").get("Build Dependencies")
    return info


# --- the parent: alternate rounds between the workers --------------------------------------
class Worker:
    def __init__(self, lib_name):
        self.name = lib_name
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", lib_name], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, cwd=str(HERE.parent))

    def ask(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} worker died (command {cmd}); see its stderr")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def compare(workers, name, device, rounds, pause, round_s=0.2):
    """Rounds alternating between the workers, ``pause`` seconds apart; paired ratios."""
    active = [w for w in workers
              if w.name != "numpy" or (device == "cpu" and name in workloads.NUMPY_CEILINGS)]
    for w in active:
        w.ask(cmd="build", workload=name, device=device, round_s=round_s)
        time.sleep(pause)
    times = {w.name: [] for w in active}
    for i in range(rounds):
        for w in (active if i % 2 == 0 else active[::-1]):  # neither always goes first
            times[w.name].append(w.ask(cmd="round")["seconds"])
            time.sleep(pause)
    row = {"workload": name, "device": device, "rounds": rounds,
           **{f"{k}_ms": round(statistics.median(v) * 1e3, 4) for k, v in times.items()},
           "ratio_vs_torch": _paired_ratio(times["tinytorch"], times["torch"])}
    if "numpy" in times:
        row["ratio_vs_numpy"] = _paired_ratio(times["tinytorch"], times["numpy"])
    return row


def _paired_ratio(mine, theirs):
    """The median over rounds of the two times taken in the same round."""
    return round(statistics.median(a / b for a, b in zip(mine, theirs)), 3)


def _cpuinfo():
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                key, _, value = ln.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    return fields


def machine_info(device, workers):
    """The CPU (model, family/model numbers, the SIMD flags that decide oneDNN's kernels),
    versions, and each worker's own view of its threads and BLAS."""
    cpu = _cpuinfo()
    flags = cpu.get("flags", "").split()
    model = cpu.get("model name", platform.processor())
    if "cpu family" in cpu:
        model += f" (family {cpu['cpu family']}, model {cpu.get('model', '?')})"
    info = {"python": platform.python_version(), "machine": platform.machine(),
            "processor": model, "cpu_count": os.cpu_count(),
            "simd": [f for f in ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni",
                                 "amx_tile", "amx_bf16") if f in flags],
            "hypervisor": "hypervisor" in flags, "date": time.strftime("%Y-%m-%d"),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
            "harness": "separate processes, alternating rounds"}
    for w in workers:
        info[w.name] = w.ask(cmd="info")
    if device.startswith("cuda"):
        import cupy
        props = cupy.cuda.runtime.getDeviceProperties(0)
        info.update(gpu=props["name"].decode(), cupy=cupy.__version__,
                    driver=cupy.cuda.runtime.driverGetVersion(),
                    cuda_runtime=cupy.cuda.runtime.runtimeGetVersion())
    return info


def main(argv=None):
    p = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    p.add_argument("--device", default="cpu")
    p.add_argument("--only", help="comma-separated workload names")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--pause", type=float, default=0.3, help="seconds between rounds")
    p.add_argument("--round", type=float, default=0.2, dest="round_s",
                   help="seconds of steps a round (see docs/benchmarking.md on cold starts)")
    p.add_argument("--no-numpy", action="store_true", help="skip the NumPy ceilings")
    p.add_argument("--json", help="also write the results (and machine info) to this file")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args.worker)
    names = args.only.split(",") if args.only else (
        workloads.CUDA_WORKLOADS if args.device.startswith("cuda") else workloads.CPU_WORKLOADS)
    workers = [Worker(n) for n in LIBS + (() if args.no_numpy else ("numpy",))]
    try:
        rows = []
        print(f"{'workload':18} {'tinytorch ms':>13} {'torch ms':>10} {'tt/torch':>9} "
              f"{'tt/numpy':>9}")
        for name in names:
            row = compare(workers, name, args.device, args.rounds, args.pause, args.round_s)
            rows.append(row)
            ceiling = f"{row['ratio_vs_numpy']:9.2f}" if "ratio_vs_numpy" in row else f"{'-':>9}"
            print(f"{name:18} {row['tinytorch_ms']:13.3f} {row['torch_ms']:10.3f} "
                  f"{row['ratio_vs_torch']:9.2f} {ceiling}", flush=True)
        if args.json:
            info = machine_info(args.device, workers)
            info["harness_options"] = dict(rounds=args.rounds, pause_s=args.pause,
                                           round_s=args.round_s)
            Path(args.json).write_text(json.dumps({"machine": info, "results": rows}, indent=2))
    finally:
        for w in workers:
            w.close()


if __name__ == "__main__":
    main()
