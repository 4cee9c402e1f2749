"""``vmap``: a function mapped over a dimension of its inputs, by its definition.

NOTE [vmap as a loop]: PyTorch runs the function once on "batched tensors" and each op's
batching rule handles the batch dimension. tinytorch has no batching rules: ``vmap`` calls the
function once per index of the mapped dimension, on the inputs' slices (views, so gradients
reach the inputs), and stacks each output along its ``out_dims``. That is the definition of
``vmap``, so every function gets PyTorch's values, nested vmaps and ``vmap(grad(f))`` included;
it costs one call per slice (``chunk_size`` changes nothing), and Python control flow on
values (``.item()``, ``if x > 0``) works here where PyTorch refuses it. An output with
``out_dims=None`` must be the same for every slice (PyTorch checks instead whether it depends
on the batch). With a batch of size 0 the function runs once on zeros of a slice's shape, to
learn the outputs' shapes.
"""

import functools

from tinytorch import _random
from tinytorch._ops.join import stack
from tinytorch._ops.compare import equal
from tinytorch._tensor import Tensor
from tinytorch.func import _pytree

_RANDOM_IN_ERROR_MODE = (
    "vmap: called random operation while in randomness error mode. Please either use the "
    "'same' or 'different' randomness flags on vmap or perform the randomness operation out "
    "of vmap")


def _name(func):
    if hasattr(func, "__name__"):
        return func.__name__
    if isinstance(func, functools.partial):
        return f"functools.partial({_name(func.func)}, ...)"
    return repr(func)


def _check_randomness(randomness):
    if randomness not in ("error", "different", "same"):
        raise RuntimeError("Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")


class _Randomness:
    """Watches the random draws of one vmap call: 'error' refuses them, 'same' records each
    generator's state before its first draw and :meth:`rewind` gives it back before every
    slice, 'different' lets the stream run on."""

    def __init__(self, mode):
        self.mode, self.saved = mode, {}

    def __call__(self, generator):
        if self.mode == "error":
            raise RuntimeError(_RANDOM_IN_ERROR_MODE)
        if self.mode == "same" and generator not in self.saved:
            self.saved[generator] = _random.stash_state(generator)

    def rewind(self):
        for stash in self.saved.values():
            _random.rewind(stash)


def _mapped_inputs(in_dims, args, func):
    """(batch size, flat in_dims, flat args, args spec) with PyTorch's checks."""
    where = f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)):
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) "
                         f"tuple matching the structure of inputs, got: {type(in_dims)}.")
    if not args:
        raise ValueError(f"vmap({_name(func)})(<inputs>): got no inputs. Maybe you forgot to "
                         "add inputs, or you are trying to vmap over a function with no "
                         "inputs. The latter is unsupported.")
    flat_args, spec = _pytree.flatten(args)
    flat_in_dims = _pytree.broadcast(in_dims, spec)
    if flat_in_dims is None:
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`. "
                         f"in_dims has structure {_pytree.flatten(in_dims)[1]} but inputs has "
                         f"structure {spec}.")
    for i, (arg, in_dim) in enumerate(zip(flat_args, flat_in_dims)):
        if in_dim is None:
            continue
        if not isinstance(in_dim, int):
            raise ValueError(f"{where}: Got in_dim={in_dim} for an input but in_dim must be "
                             "either an integer dimension or None.")
        if not isinstance(arg, Tensor):
            raise ValueError(f"{where}: Got in_dim={in_dim} for an input but the input is of "
                             f"type {type(arg)}. We cannot vmap over non-Tensor arguments, "
                             "please use None as the respective in_dim")
        if not -arg.dim() <= in_dim < arg.dim():
            raise ValueError(f"{where}: Got in_dim={in_dim} for some input, but that input is "
                             f"a Tensor of dimensionality {arg.dim()} so expected in_dim to "
                             f"satisfy -{arg.dim()} <= in_dim < {arg.dim()}.")
        flat_in_dims[i] = in_dim % arg.dim()
    sizes = [arg.shape[d] for arg, d in zip(flat_args, flat_in_dims) if d is not None]
    if not sizes:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(size != sizes[0] for size in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                         f"dimension, got sizes {sizes} for the mapped dimension")
    return sizes[0], flat_in_dims, flat_args, spec


def _check_out_dims(out_dims, func):
    leaves, _ = _pytree.flatten(out_dims)
    if not all(d is None or isinstance(d, int) for d in leaves):
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims}): `out_dims` must be "
                         "an int, None or a python collection of ints representing where in "
                         "the outputs the vmapped dimension should appear.")


def _flat_out_dims(output, out_dims, func):
    _, spec = _pytree.flatten(output)
    if isinstance(output, Tensor) and isinstance(out_dims, tuple) and len(out_dims) == 1:
        return list(out_dims), spec  # PyTorch's edge case: (d,) for a single tensor
    flat = _pytree.broadcast(out_dims, spec)
    if flat is None:
        raise ValueError(f"vmap({_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims "
                         "is not compatible with the structure of `outputs`. out_dims has "
                         f"structure {_pytree.flatten(out_dims)[1]} but outputs has "
                         f"structure {spec}.")
    return flat, spec


def _stacked(outputs, out_dims, func, batch_size):
    """The slices' outputs as one output, each leaf stacked along its out_dim."""
    flat_out_dims, spec = _flat_out_dims(outputs[0], out_dims, func)
    columns = zip(*(_pytree.flatten(out)[0] for out in outputs))
    name = _name(func)
    result = []
    for column, out_dim in zip(columns, flat_out_dims):
        if out_dim is None:
            if isinstance(column[0], Tensor) and not all(equal(column[0], c) for c in column):
                raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor "
                                 "when out_dim is None")
            result.append(column[0])
            continue
        if not isinstance(column[0], Tensor):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{type(column[0])}. Did you mean to set out_dims= to None for "
                             "output?")
        stacked = stack(column, out_dim)
        result.append(stacked if batch_size else stacked.narrow(out_dim, 0, 0))
    return _pytree.unflatten(result, spec)


def _slice(arg, in_dim, index):
    if in_dim is None:
        return arg
    if index is None:  # a batch of size 0: zeros of a slice's shape
        return arg.new_zeros(arg.shape[:in_dim] + arg.shape[in_dim + 1:])
    return arg.select(in_dim, index)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """``func`` mapped over a dimension of its inputs: the returned function calls ``func`` on
    each slice of the inputs along ``in_dims`` and stacks the outputs along ``out_dims``.
    tinytorch runs this as a loop over the slices (NOTE [vmap as a loop]), not with batching
    rules: the values are PyTorch's, the speed is one call per slice.

    Args:
        func (Callable): takes tensors (or nested tuples/lists/dicts of them, or anything else
            under a ``None`` in_dim) and returns a tensor or a nested structure of tensors.
        in_dims (int or tuple): the dimension of each input to map over; a tuple matches the
            positional arguments (nested tuples match nested inputs), ``None`` passes an input
            whole to every call. Keyword arguments are never mapped. Default: 0.
        out_dims (int or tuple): where the mapped dimension goes in each output (``None``:
            the output is the same for every slice and returned once). Default: 0.
        randomness (str): ``'error'`` (a random op inside raises), ``'different'`` (each slice
            draws its own numbers) or ``'same'`` (every slice draws the same numbers).
            Default: ``'error'``.
        chunk_size (int, optional): accepted for PyTorch's API; the loop runs one slice at a
            time whatever it is. Default: None.

    Returns:
        Callable: the mapped function, taking ``func``'s arguments.

    Raises:
        RuntimeError: an unknown ``randomness``; with ``'error'``, a random op inside.
        ValueError: ``chunk_size`` below 1; (when called) ``in_dims`` or ``out_dims`` that do
            not fit the inputs or outputs, mapped sizes that differ, non-tensor outputs.

    >>> x = tinytorch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> tinytorch.vmap(tinytorch.dot)(x, x)
    tensor([ 5., 25.])
    >>> tinytorch.vmap(lambda row, b: row * b, in_dims=(1, None))(x, 10.0)
    tensor([[10., 30.],
            [20., 40.]])
    """
    _check_randomness(randomness)
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    def wrapped(*args, **kwargs):
        _check_out_dims(out_dims, func)
        batch_size, flat_in_dims, flat_args, spec = _mapped_inputs(in_dims, args, func)
        watch = _Randomness(randomness)
        outputs = []
        with _random.watching_draws(watch):
            for index in range(batch_size) if batch_size else [None]:
                watch.rewind()
                sliced = [_slice(a, d, index) for a, d in zip(flat_args, flat_in_dims)]
                outputs.append(func(*_pytree.unflatten(sliced, spec), **kwargs))
        return _stacked(outputs, out_dims, func, batch_size)
    return wrapped
