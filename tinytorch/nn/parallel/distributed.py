"""``DistributedDataParallel``: one model per rank, gradients averaged while backward runs.

NOTE [DDP gradient buckets]: the parameters that require grad are laid into flat buckets of
at most ``bucket_cap_mb``, in reverse order of ``module.parameters()`` (backward produces the
last layers' gradients first). Each parameter's post-accumulate-grad hook copies its gradient
into its bucket's slot; when a bucket's last slot is filled, it and any full buckets after it
are divided by the world size and all-reduced without blocking, in bucket order (the same
order on every rank, whatever order the hooks fire in), while backward goes on with earlier
layers. Each hook call also tests the buckets in flight, which drives MPI's progress. The
hook that fills the last bucket waits for all of them and writes the averages into ``.grad``.
With ``find_unused_parameters`` the autograd graph is walked after forward; parameters it does
not reach count as ready with zero gradients when backward starts, and a parameter no rank
used keeps its ``.grad``. Inside ``no_sync()`` the hooks do nothing, so gradients accumulate
locally until the next synchronised backward reduces the sums.
"""

import contextlib

from tinytorch import _creation
from tinytorch import _tensor
from tinytorch import distributed as dist
from tinytorch import _grad_mode as grad_mode
from tinytorch.distributed import _collectives
from tinytorch.nn.modules.module import Module

_MB = 1024 * 1024
_UNFINISHED = (
    "Expected to have finished reduction in the prior iteration before starting a new one. "
    "This error indicates that your module has parameters that were not used in producing "
    "loss. You can enable unused parameter detection by passing the keyword argument "
    "`find_unused_parameters=True` to `torch.nn.parallel.DistributedDataParallel`, and by "
    "making sure all `forward` function outputs participate in calculating loss. Parameters "
    "which did not receive grad for rank {rank}: {names}")


class _Bucket:
    """A flat gradient buffer for some parameters, and the all-reduce in flight on it."""

    def __init__(self, params):
        self.params = params
        self.buffer = _creation.zeros(sum(p.numel() for p in params), dtype=params[0].dtype,
                                      device=params[0].device)
        self.slots = []
        offset = 0
        for p in params:
            self.slots.append(self.buffer[offset:offset + p.numel()])
            offset += p.numel()
        self.waiting = len(params)
        self.work = None


def _assign_buckets(params, cap_bytes):
    """Buckets of ``params`` in reverse order, at most ``cap_bytes`` each (a parameter larger
    than that has one to itself), one dtype and device per bucket."""
    buckets, current, size = [], [], 0
    for p in reversed(params):
        nbytes = p.numel() * p.element_size()
        if current and (size + nbytes > cap_bytes or p.dtype != current[0].dtype
                        or p.device != current[0].device):
            buckets.append(_Bucket(current))
            current, size = [], 0
        current.append(p)
        size += nbytes
    buckets.append(_Bucket(current))
    return buckets


def _reachable_leaves(outputs):
    """ids of the leaf tensors the autograd graph of ``outputs`` reaches."""
    stack, seen, leaves = [], set(), set()
    todo = [outputs]
    while todo:
        obj = todo.pop()
        if isinstance(obj, _tensor.Tensor):
            if obj._grad_fn is None:
                leaves.add(id(obj))
            else:
                stack.append(obj._grad_fn)
        elif isinstance(obj, (list, tuple)):
            todo.extend(obj)
        elif isinstance(obj, dict):
            todo.extend(obj.values())
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for edge in node.next_edges:  # (node, output_nr), or (leaf, None): NOTE [Edges]
            if edge is not None and edge[1] is None:
                leaves.add(id(edge[0]))
            elif edge is not None:
                stack.append(edge[0])
    return leaves


class DistributedDataParallel(Module):
    """Data parallelism across processes: wrap the model on every rank; each rank runs forward
    and backward on its own batch, and after backward every rank holds the gradients averaged
    over all ranks, so identical optimizer steps keep the replicas identical. See NOTE [DDP
    gradient buckets] for how the all-reduce overlaps backward.

    Args:
        module (Module): the model (the same architecture on every rank).
        device_ids (list, optional): for a CUDA model, its one device (as PyTorch).
        output_device: accepted for PyTorch compatibility (outputs stay where forward puts them).
        dim (int): accepted for PyTorch compatibility (one device per process).
        broadcast_buffers (bool): copy rank 0's buffers (BatchNorm's running statistics) to
            every rank at the start of each forward (default ``True``).
        process_group (ProcessGroup, optional): the ranks to average over (default: all).
        bucket_cap_mb (float, optional): bucket size in MiB (default 25).
        find_unused_parameters (bool): walk the graph after each forward so that parameters
            not used in it do not stall the reduction (default ``False``).
        check_reduction, gradient_as_bucket_view, static_graph: accepted for PyTorch
            compatibility; they change no result here (``.grad`` is never a bucket view).

    Raises:
        RuntimeError: the ranks' models differ, or a backward left parameters without
            gradients (at the next forward; see ``find_unused_parameters``).

    >>> model = DistributedDataParallel(net)  # doctest: +SKIP
    >>> loss_fn(model(x), y).backward()  # doctest: +SKIP
    """

    def __init__(self, module, device_ids=None, output_device=None, dim=0,
                 broadcast_buffers=True, process_group=None, bucket_cap_mb=None,
                 find_unused_parameters=False, check_reduction=False,
                 gradient_as_bucket_view=False, static_graph=False):
        super().__init__()
        params = [p for p in module.parameters() if p.requires_grad]
        if not params:
            raise RuntimeError("DistributedDataParallel is not needed when a module doesn't "
                               "have any parameter that requires a gradient.")
        if device_ids is not None and len(device_ids) > 1:
            raise ValueError("device_ids can only be None or contain a single element.")
        self.module = module
        self.process_group = process_group
        self.device_ids = device_ids
        self.output_device = output_device
        self.dim = dim
        self.broadcast_buffers = broadcast_buffers
        self.find_unused_parameters = find_unused_parameters
        self.gradient_as_bucket_view = gradient_as_bucket_view
        self.static_graph = static_graph
        self.require_backward_grad_sync = True
        self.require_forward_param_sync = True
        self.bucket_bytes_cap = int((25 if bucket_cap_mb is None else bucket_cap_mb) * _MB)
        self._world_size = dist.get_world_size(process_group)
        self._src = dist.get_global_rank(dist.group.WORLD if process_group is None
                                         else process_group, 0)
        self._params = params
        self._names = {id(p): n for n, p in module.named_parameters() if p.requires_grad}
        self._verify_same_model()
        self._sync_module_states()
        self._buckets = _assign_buckets(params, self.bucket_bytes_cap)
        self._slot_of = {id(p): (b, i) for b in self._buckets for i, p in enumerate(b.params)}
        self._expect = False  # a synchronised backward is due
        self._next = 0  # the next bucket to launch
        self._ready = set()  # ids of the parameters marked ready this backward
        self._unused = []
        self._locally_unused = set()
        for p in params:
            p.register_post_accumulate_grad_hook(self._grad_ready)

    def forward(self, *inputs, **kwargs):
        """Run the wrapped module on this rank's inputs.

        First, with ``broadcast_buffers``, copy rank 0's buffers to every rank; then call the
        module; then (when grad mode is on and gradients are synchronised, i.e. outside
        :meth:`no_sync`) arm the all-reduce of the gradients for the coming backward.

        Args:
            *inputs: the module's positional inputs.
            **kwargs: the module's keyword inputs.

        Returns:
            The module's output.

        Raises:
            RuntimeError: the previous backward left parameters without gradients (the message
                names them; see ``find_unused_parameters``).

        >>> net = tinytorch.nn.Linear(3, 2)
        >>> ddp = DistributedDataParallel(net)  # doctest: +SKIP
        >>> ddp(tinytorch.ones(4, 3)).shape  # doctest: +SKIP
        torch.Size([4, 2])
        """
        if self._expect and self._ready:
            missing = [self._names[id(p)] for p in self._params if id(p) not in self._ready]
            raise RuntimeError(_UNFINISHED.format(rank=dist.get_rank(self.process_group),
                                                  names=", ".join(missing)))
        if self.broadcast_buffers and self.require_forward_param_sync:
            self._sync_buffers()
        output = self.module(*inputs, **kwargs)
        self._expect = grad_mode.is_grad_enabled() and self.require_backward_grad_sync
        if self._expect:
            self._prepare_for_backward(output)
        return output

    @contextlib.contextmanager
    def no_sync(self):
        """Inside, backward accumulates gradients locally without communicating; the first
        synchronised backward after it averages the accumulated sums.

        Yields:
            None: the block runs with gradient synchronisation off.

        >>> import tinytorch
        >>> with ddp.no_sync():  # doctest: +SKIP
        ...     ddp(x1).sum().backward()
        >>> ddp(x2).sum().backward()  # doctest: +SKIP
        """
        previous = self.require_backward_grad_sync
        self.require_backward_grad_sync = False
        try:
            yield
        finally:
            self.require_backward_grad_sync = previous

    # --- construction --------------------------------------------------------------------------
    def _verify_same_model(self):
        mine = [[n, list(p.shape), str(p.dtype)] for n, p in self.module.named_parameters()
                if p.requires_grad]
        everyone = [None] * self._world_size
        dist.all_gather_object(everyone, mine, group=self.process_group)
        for rank, theirs in enumerate(everyone):
            if len(theirs) != len(everyone[0]):
                raise RuntimeError(f"DDP expects same model across all ranks, but Rank {rank} "
                                   f"has {len(theirs)} params, while rank 0 has inconsistent "
                                   f"{len(everyone[0])} params.")
            for ours, first in zip(theirs, everyone[0]):
                if ours != first:
                    raise RuntimeError(f"DDP expects same model across all ranks, but rank "
                                       f"{rank} has parameter {ours}, while rank 0 has {first}")

    def _sync_module_states(self):
        for t in list(self.module.parameters()) + list(self.module.buffers()):
            dist.broadcast(t.detach(), src=self._src, group=self.process_group)

    def _sync_buffers(self):
        for b in self.module.buffers():
            dist.broadcast(b, src=self._src, group=self.process_group)

    # --- the reduction (NOTE [DDP gradient buckets]) -------------------------------------------
    def _prepare_for_backward(self, output):
        for b in self._buckets:
            b.waiting = len(b.params)
            b.work = None
        self._next = 0
        self._ready = set()
        self._unused = []
        if self.find_unused_parameters:
            used = _reachable_leaves(output)
            self._unused = [p for p in self._params if id(p) not in used]
        self._locally_unused = {id(p) for p in self._unused}

    def _grad_ready(self, param):
        if not self._expect or id(param) in self._ready:
            return
        with grad_mode.no_grad():
            unused, self._unused = self._unused, []
            for p in unused:  # ready with zeros at the first hook of this backward
                self._mark_ready(p, None)
            self._mark_ready(param, param.grad)

    def _mark_ready(self, param, grad):
        bucket, i = self._slot_of[id(param)]
        if grad is None:
            bucket.slots[i].zero_()
        else:
            bucket.slots[i].copy_(grad.reshape(-1))
        self._ready.add(id(param))
        bucket.waiting -= 1
        while self._next < len(self._buckets) and self._buckets[self._next].waiting == 0:
            nxt = self._buckets[self._next]
            nxt.buffer.div_(self._world_size)
            nxt.work = _collectives.all_reduce_unchecked(
                nxt.buffer, self.process_group, "DistributedDataParallel's gradient all_reduce")
            self._next += 1
        for b in self._buckets[:self._next]:
            b.work.is_completed()  # MPI progresses a non-blocking operation when tested
        if self._next == len(self._buckets):
            self._finalize()

    def _finalize(self):
        for b in self._buckets:
            b.work.wait()
        used = self._globally_used() if self.find_unused_parameters else None
        for b in self._buckets:
            for p, slot in zip(b.params, b.slots):
                if used is not None and not used[id(p)]:
                    continue  # no rank used it: its .grad stays as it was, as PyTorch's
                if p.grad is None:
                    p.grad = slot.view_as(p).clone()
                else:
                    p.grad.copy_(slot.view_as(p))
        self._expect = False
        self._ready = set()

    def _globally_used(self):
        """{id(param): whether any rank's forward used it} (one small all-reduce)."""
        flags = _creation.zeros(len(self._params), dtype=self._params[0].dtype,
                                device=self._params[0].device)
        for i, p in enumerate(self._params):
            if id(p) not in self._locally_unused:
                flags[i] = 1.0
        _collectives.all_reduce_unchecked(flags, self.process_group,
                                          "DistributedDataParallel's unused-parameter map").wait()
        return {id(p): bool(f) for p, f in zip(self._params, flags.tolist())}
