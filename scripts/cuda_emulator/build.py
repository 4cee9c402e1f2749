"""Build the CUDA kernel emulator: every kernel of tinytorch/backends/cuda/kernels compiled as
host C++ (emu.h maps the CUDA built-ins; a block's threads run one after another, or as 256
cooperative contexts for kernels that call __syncthreads), plus a registry that launches
each template instantiation by its NVRTC name expression.

    python scripts/cuda_emulator/build.py OUTDIR    -> OUTDIR/libttemu.so
"""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tinytorch.backends.cuda import _launch  # noqa: E402  (imports CuPy, the real or fake one)

# Kernels that synchronise the block (block reductions) run as cooperative contexts.
SYNC = {"tt_softmax_forward", "tt_softmax_backward", "tt_cross_entropy_forward",
        "tt_cross_entropy_backward", "tt_batch_norm_stats", "tt_batch_norm_backward_reduce",
        "tt_attention_softmax"}

RUNNER = """
template <typename... A, size_t... I>
void call(void (*k)(A...), void** args, std::index_sequence<I...>) {
    k(*reinterpret_cast<A*>(args[I])...);
}
template <typename... A>
void run(void (*k)(A...), unsigned grid, void** args, bool sync) {
    gridDim.x = grid;
    for (unsigned b = 0; b < grid; ++b) {
        blockIdx.x = b;
        if (sync) {
            tt_emu_block([&] { call(k, args, std::index_sequence_for<A...>{}); });
            continue;
        }
        for (unsigned t = 0; t < 256; ++t) {
            threadIdx.x = t;
            call(k, args, std::index_sequence_for<A...>{});
        }
    }
}
typedef void (*launcher)(unsigned, void**);
std::map<std::string, launcher> g_reg;
"""


def source():
    here = pathlib.Path(__file__).parent
    parts = [(here / "emu.h").read_text(), (_launch.KERNEL_DIR / "common.cuh").read_text()]
    parts += [(_launch.KERNEL_DIR / f"{name}.cu").read_text() for name in _launch.SOURCES]
    entries = []
    for name, kernels in _launch.SOURCES.items():
        for kernel, prefixes in kernels.items():
            for prefix in prefixes:
                for ctype in _launch.CTYPES.values():
                    e = _launch.name_expression(kernel, prefix, ctype)
                    sync = "true" if kernel in SYNC else "false"
                    entries.append(f'    g_reg["{e}"] = [](unsigned g, void** a) '
                                   f'{{ run(&{e}, g, a, {sync}); }};')
    launch = ('extern "C" int tt_emu_launch(const char* name, unsigned grid, void** args) {\n'
              '  if (g_reg.empty()) {\n' + "\n".join(entries) + "\n  }\n"
              "  auto it = g_reg.find(name);\n  if (it == g_reg.end()) return 1;\n"
              "  it->second(grid, args);\n  return 0;\n}\n")
    return "\n".join(parts + [RUNNER, launch]).replace("__restrict__", "__restrict")


def main(outdir):
    out = pathlib.Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "emu.cpp").write_text(source())
    subprocess.run(["g++", "-std=c++20", "-O1", "-shared", "-fPIC", "-o",
                    str(out / "libttemu.so"), str(out / "emu.cpp")], check=True)


if __name__ == "__main__":
    main(sys.argv[1])
