"""The main-process side of multi-process loading: start workers, hand out index batches
round-robin, put results back in order, and shut everything down cleanly."""

import itertools
import multiprocessing
import queue
import time

from tinytorch.utils.data._utils import worker as _worker
from tinytorch.utils.data.dataloader import count_yielded

_JOIN_TIMEOUT = 5.0


class MultiProcessingDataLoaderIter:
    """Keeps ``prefetch_factor * num_workers`` batches in flight; returns them in order."""

    def __init__(self, loader):
        ctx = loader.multiprocessing_context or multiprocessing.get_context()
        self._num_workers = loader.num_workers
        self._prefetch = max(loader.prefetch_factor, 1) * loader.num_workers
        self._timeout = loader.timeout
        self._in_order = loader.in_order
        self._persistent = loader.persistent_workers
        self._shutdown = False
        self._data_queue = ctx.Queue()
        self._done_event = ctx.Event()
        self._index_queues, self._workers = [], []
        spec, seed = _worker.WorkerSpec(loader), _worker.draw_base_seed(loader.generator)
        for worker_id in range(self._num_workers):
            index_queue = ctx.Queue()
            index_queue.cancel_join_thread()
            w = ctx.Process(target=_worker.worker_loop, daemon=True,
                            args=(spec, index_queue, self._data_queue, self._done_event,
                                  worker_id, self._num_workers, seed))
            w.start()
            self._index_queues.append(index_queue)
            self._workers.append(w)
        self.reset(loader, first_iter=True)

    def reset(self, loader, first_iter=False):
        """Start an epoch; persistent workers are told to restart their streams."""
        self._sampler_iter = iter(loader._index_sampler)
        self._length = None if loader._is_iterable else len(loader)
        self._dataset, self._num_yielded = loader.dataset, 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._send_idx = self._rcvd_idx = self._tasks_outstanding = 0
        self._task_info = {}
        self._workers_status = [True] * self._num_workers
        self._worker_cycle = itertools.cycle(range(self._num_workers))
        if not first_iter:
            for q in self._index_queues:
                q.put(_worker.ResumeIteration())
            acks = 0
            while acks < self._num_workers:  # drop what an unfinished epoch left behind
                _, data = self._get_data()
                acks += isinstance(data, _worker.ResumeIteration)
        for _ in range(self._prefetch):
            self._try_put_index()

    def __iter__(self):
        return self

    def __len__(self):
        return self._length

    @property
    def is_shut_down(self):
        return self._shutdown

    def __next__(self):
        data = self._next_data()
        count_yielded(self)
        return data

    def _next_data(self):
        while True:
            if self._shutdown or not self._advance_to_pending():
                if not self._persistent:
                    self._shutdown_workers()
                raise StopIteration
            info = self._task_info[self._rcvd_idx]
            if len(info) == 2:  # arrived earlier, out of order
                del self._task_info[self._rcvd_idx]
                self._rcvd_idx += 1
                return self._process(info[1])
            idx, data = self._get_data()
            self._tasks_outstanding -= 1
            if isinstance(data, _worker.IterableDatasetStopIteration):
                self._retire(data.worker_id)
                self._try_put_index()
            elif idx == self._rcvd_idx or not self._in_order:
                del self._task_info[idx]
                self._rcvd_idx += idx == self._rcvd_idx
                return self._process(data)
            else:
                self._task_info[idx] += (data,)

    def _advance_to_pending(self):
        """Skip tasks that will never arrive; False when nothing is outstanding."""
        while self._rcvd_idx < self._send_idx:
            info = self._task_info.get(self._rcvd_idx)
            if info is not None and (len(info) == 2 or self._workers_status[info[0]]):
                return True
            self._task_info.pop(self._rcvd_idx, None)
            self._rcvd_idx += 1
        return False

    def _retire(self, worker_id):
        """An iterable worker ran dry: stop sending it work (and stop it, unless persistent)."""
        self._workers_status[worker_id] = False
        if not self._persistent:
            self._index_queues[worker_id].put(None)

    def _try_put_index(self):
        if self._tasks_outstanding >= self._prefetch:
            return
        try:
            index = next(self._sampler_iter)
        except StopIteration:
            return
        for _ in range(self._num_workers):
            worker_id = next(self._worker_cycle)
            if self._workers_status[worker_id]:
                break
        else:
            return
        self._index_queues[worker_id].put((self._send_idx, index))
        self._task_info[self._send_idx] = (worker_id,)
        self._tasks_outstanding += 1
        self._send_idx += 1

    def _process(self, data):
        self._try_put_index()
        if isinstance(data, _worker.ExceptionWrapper):
            self._shutdown_workers()
            data.reraise()
        return _worker.from_transport(data)

    def _get_data(self):
        start = time.monotonic()
        wait = min(_worker.POLL_INTERVAL, self._timeout or _worker.POLL_INTERVAL)
        while True:
            try:
                return self._data_queue.get(timeout=wait)
            except queue.Empty:
                self._check_alive(start)

    def _check_alive(self, start):
        if self._timeout > 0 and time.monotonic() - start >= self._timeout:
            self._shutdown_workers()
            raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds")
        dead = [str(w.pid) for w, up in zip(self._workers, self._workers_status)
                if up and w.exitcode is not None]
        if dead:
            self._shutdown_workers()
            raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(dead)}) exited "
                               f"unexpectedly")

    def _shutdown_workers(self):
        """Stop every worker and close the queues; safe to call more than once. A worker
        still busy with a task (stuck in __getitem__, or past a timeout) is terminated at
        once: its result is no longer wanted, and waiting for it could take any time."""
        if self._shutdown:
            return
        self._shutdown = True
        self._done_event.set()
        busy = {info[0] for info in getattr(self, "_task_info", {}).values() if len(info) == 1}
        for q in self._index_queues:
            q.put(None)
        for worker_id, w in enumerate(self._workers):
            if worker_id in busy:
                w.terminate()
            w.join(timeout=_JOIN_TIMEOUT)
            if w.is_alive():
                w.terminate()
                w.join()
        for q in (*self._index_queues, self._data_queue):
            q.cancel_join_thread()
            q.close()

    def __del__(self):
        if getattr(self, "_workers", None) is not None:
            self._shutdown_workers()
