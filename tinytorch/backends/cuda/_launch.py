"""Loading and launching our raw CUDA kernels (``kernels/*.cu``).

Every source is a set of templates instantiated for ``float`` and ``double`` through NVRTC
name expressions (templates cannot be ``extern "C"``; the name expressions give each
instantiation its own symbol, so no kernel is written once per dtype). ``SOURCES`` lists,
per file, each kernel and the template arguments that precede the element type; the NVRTC
compile test walks the same table, so a kernel listed here is a kernel CI compiles.

Modules are compiled once per (device, source text, options) and cached; CuPy also keeps
its own on-disk cache of the compiled binaries.
"""

import functools
import pathlib

import cupy
import numpy

KERNEL_DIR = pathlib.Path(__file__).parent / "kernels"
OPTIONS = ("--std=c++17",)
CTYPES = {"float32": "float", "float64": "double"}
BLOCK = 256  # threads per block; row kernels rely on it (see common.cuh TT_BLOCK)

_ACTS = ("Relu", "LeakyRelu", "Elu", "GeluErf", "GeluTanh", "Silu", "Sigmoid", "Tanh",
         "Softplus", "Hardtanh")
SOURCES = {
    "activation": {"tt_act_forward": _ACTS, "tt_act_backward": _ACTS},
    "nn_attention": {"tt_attention_softmax": ("",)},
    "softmax": {"tt_softmax_forward": ("",), "tt_softmax_backward": ("",),
                "tt_cross_entropy_forward": ("",), "tt_cross_entropy_backward": ("",)},
    "nn_conv": {"tt_im2col": ("",), "tt_col2im": ("",)},
    "nn_pool": {k: ("",) for k in ("tt_max_pool2d", "tt_max_pool2d_backward", "tt_avg_pool2d",
                                   "tt_avg_pool2d_backward", "tt_adaptive_avg_pool2d",
                                   "tt_adaptive_avg_pool2d_backward")},
    "nn_norm": {k: ("",) for k in ("tt_batch_norm_stats", "tt_batch_norm_apply",
                                   "tt_batch_norm_backward_reduce",
                                   "tt_batch_norm_backward_apply")},
    "random": {"tt_bernoulli_mask": ("",)},
    "nn_rnn": {"tt_rnn_cell_forward": ("RnnTanh", "RnnRelu"),
               "tt_rnn_cell_backward": ("RnnTanh", "RnnRelu"),
               **{k: ("",) for k in ("tt_lstm_cell_forward", "tt_lstm_cell_backward",
                                     "tt_gru_cell_forward", "tt_gru_cell_backward")}},
    "indexing": {"tt_segment_sum": ("",),
                 "tt_segment_reduce": ("ReduceProd", "ReduceMax", "ReduceMin")},
    "optim": {k: ("",) for k in ("tt_sgd_step", "tt_adam_step", "tt_adamax_step",
                                 "tt_nadam_step", "tt_rmsprop_step", "tt_adagrad_step",
                                 "tt_adadelta_step")},
}


@functools.lru_cache(maxsize=None)
def source_text(name):
    """The full text NVRTC compiles for ``kernels/<name>.cu`` (the shared header first)."""
    common = (KERNEL_DIR / "common.cuh").read_text()
    return common + "\n#line 1 \"" + name + ".cu\"\n" + (KERNEL_DIR / f"{name}.cu").read_text()


def name_expression(kernel, prefix, ctype):
    args = f"{prefix}, {ctype}" if prefix else ctype
    return f"{kernel}<{args}>"


def name_expressions(name):
    """Every template instantiation of source ``name``, for every element type."""
    return [name_expression(k, p, c) for k, prefixes in SOURCES[name].items()
            for p in prefixes for c in CTYPES.values()]


_modules = {}
_functions = {}


def get_function(name, kernel, dtype, prefix=""):
    """The compiled ``kernel`` of source ``name`` for arrays of ``dtype`` on this device."""
    dev = cupy.cuda.runtime.getDevice()
    key = (dev, name, kernel, prefix, dtype.name)
    function = _functions.get(key)
    if function is None:
        code = source_text(name)
        module = _modules.get((dev, code, OPTIONS))
        if module is None:
            module = _modules[dev, code, OPTIONS] = cupy.RawModule(
                code=code, options=OPTIONS, name_expressions=name_expressions(name))
        function = _functions[key] = module.get_function(
            name_expression(kernel, prefix, CTYPES[dtype.name]))
    return function


def supported(*arrays):
    """True when every array is float32/float64 of one dtype (what the templates cover)."""
    dtype = arrays[0].dtype
    return dtype.name in CTYPES and all(a.dtype == dtype for a in arrays)


def blocks(n):
    """Grid size for ``n`` elements in a grid-stride loop."""
    return int(min((n + BLOCK - 1) // BLOCK, 65536 * 8))


def launch(name, kernel, dtype, grid, args, prefix="", inplace=()):
    """Launch ``kernel`` over ``grid`` blocks of ``BLOCK`` threads.

    Raw kernels ignore strides, so this is the one place inputs are made contiguous:
    every ``cupy.ndarray`` argument is passed C-contiguous. Arrays in ``inplace`` that were
    not contiguous are run on a contiguous copy that is copied back afterwards. ``None``
    becomes a null pointer; Python floats become the kernel's element type ``dtype``,
    Python ints/bools become ``long long`` (kernels declare them so) and NumPy scalars
    pass as they are.
    """
    if grid == 0:
        return
    passed, copies = [], []
    for a in args:
        if isinstance(a, cupy.ndarray):
            c = a if a.flags.c_contiguous else cupy.ascontiguousarray(a)
            if c is not a and any(a is b for b in inplace):
                copies.append((a, c))
            passed.append(c)
        elif isinstance(a, numpy.ndarray):
            raise RuntimeError(f"Expected all tensors to be on the same device, but {kernel} got "
                               f"a host (cpu) array of shape {a.shape} among cuda arrays; move "
                               "it with .to('cuda')")
        elif a is None:
            passed.append(numpy.uint64(0))
        elif isinstance(a, numpy.generic):
            passed.append(a)
        elif isinstance(a, float):
            passed.append(dtype.type(a))
        else:
            passed.append(numpy.int64(a))
    with cupy.cuda.Device(_device_of(args)):
        get_function(name, kernel, dtype, prefix)((int(grid),), (BLOCK,), tuple(passed))
        for original, contiguous in copies:
            original[...] = contiguous


def _device_of(args):
    for a in args:
        if isinstance(a, cupy.ndarray):
            return a.device.id
    return cupy.cuda.runtime.getDevice()
