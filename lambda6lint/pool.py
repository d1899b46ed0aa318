"""Forked worker processes for `--jobs` (workers.py decides what they do).

Deliberately small: `multiprocessing` cost the parent 17 ms to import and ~60 ms of CPU in its
Pool's three threads while the workers needed every core. Workers are forked (they share the
parent's imports and the work to do), take task numbers from one pipe (4 bytes each, so every
read is a whole number) and send each result, pickled and length-prefixed, on a pipe of their own,
sized to hold all they send (`PIPE_BYTES`): a worker never waits for the parent to read.
The parent is one of the `jobs`: while it waits for a result it takes the next task itself (no
pickling for those, nor `pack`: a result it made is used as it is), instead of sitting beside the
workers on a machine with `jobs` cores. A task whose worker raised or died is done by the parent
instead: a run never loses a source.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


#: A result pipe's size: ~50 KB a chunk of 16 templates, ~1 MB a worker's share of 1,000. At the
#: default 64 KB, a worker that finished two chunks while the parent did one of its own waited in
#: `write` until the parent read (strace: up to 0.3 s a write on a loaded machine, idle meanwhile).
#: Linux's unprivileged limit (/proc/sys/fs/pipe-max-size); a system that allows less keeps its own.
PIPE_BYTES = 1 << 20


def _roomy(fd: int) -> None:
    """`fd`'s pipe holds `PIPE_BYTES` where the system lets it (Linux), else stays as it is."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):  # (not Linux; over the system's or the user's limit)
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


class _Done:
    """A task this process did itself while it waited: its result as it is, never pickled."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class Pool:
    """`work(number)` for each task number below `tasks`, by `jobs` processes: this one, which takes
    tasks itself whenever it waits for a result (rather than idle beside busy workers on a machine
    with `jobs` cores), and `jobs - 1` forked workers. A worker sends `pack(result)`, which this
    process turns back with `unpack`; what this process does itself is neither packed nor unpacked."""

    HEAD = struct.Struct("!iI")  # task number (-1: failed), payload length

    def __init__(
        self,
        tasks: int,
        work: Callable[[int], Any],
        jobs: int,
        pack: Callable[[Any], Any] = lambda result: result,
        unpack: Callable[[Any], Any] = lambda packed: packed,
    ):
        self.work = work
        self.unpack = unpack
        self.results: dict[int, Any] = {}
        self.pipes: dict[int, int] = {}  # result pipe → worker pid
        self.buffers: dict[int, bytearray] = {}
        self.pids: list[int] = []
        tasks_read, tasks_write = os.pipe()
        for _ in range(jobs - 1):
            results_read, results_write = os.pipe()
            _roomy(results_read)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker (coverage does not follow forks)
                os.close(results_read)
                os.close(tasks_write)
                for other in self.pipes:
                    os.close(other)
                _serve(work, pack, tasks_read, results_write)
            os.close(results_write)
            self.pids.append(pid)
            self.pipes[results_read] = pid
            self.buffers[results_read] = bytearray()
        self.tasks: int | None = tasks_read  # this process takes tasks too
        numbers = memoryview(b"".join(struct.pack("!i", i) for i in range(tasks)))
        while numbers:  # every taker reads 4 bytes at a time, so each takes whole numbers
            numbers = numbers[os.write(tasks_write, numbers) :]
        os.close(tasks_write)

    def result(self, index: int) -> Any:
        """Task `index`'s result: while it is not there, read what the workers sent, else do the next
        task here; if its worker died or failed, do it here."""
        while index not in self.results and (self.pipes or self.tasks is not None):
            ready, _, _ = select.select(list(self.pipes), [], [], 0 if self.tasks is not None else None)
            for fd in ready:
                self._read(fd)
            if ready or self.tasks is None:
                continue
            raw = os.read(self.tasks, 4)  # every number was written before: never blocks
            if len(raw) < 4:
                os.close(self.tasks)
                self.tasks = None
                continue
            (number,) = struct.unpack("!i", raw)
            self.results[number] = _Done(self.work(number))
        found = self.results.pop(index, None)
        if found is None:  # its worker died or failed: this process does it
            return self.work(index)
        return found.value if isinstance(found, _Done) else self.unpack(pickle.loads(found))

    def _read(self, fd: int) -> None:
        data = os.read(fd, 1 << 20)
        buffer = self.buffers[fd]
        if not data:
            del self.pipes[fd], self.buffers[fd]
            os.close(fd)
            return
        buffer += data
        while len(buffer) >= self.HEAD.size:
            number, length = self.HEAD.unpack_from(buffer)
            if len(buffer) < self.HEAD.size + length:
                break
            payload = bytes(buffer[self.HEAD.size : self.HEAD.size + length])
            del buffer[: self.HEAD.size + length]
            if number >= 0:
                self.results[number] = payload

    def close(self) -> None:
        """Reap the workers; stop those still running (this process stopped early: an error, ^C)."""
        if self.tasks is not None:
            os.close(self.tasks)
            self.tasks = None
        for fd, pid in self.pipes.items():
            os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        self.pipes = {}
        for pid in self.pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _serve(  # pragma: no cover - runs in the worker
    work: Callable[[int], Any], pack: Callable[[Any], Any], tasks: int, results: int
) -> None:
    """A worker's life: take task numbers until there are none, send each result (packed), exit."""
    import gc

    gc.disable()  # as the engine does while loading: cyclic GC only slows the loaders
    status = 0
    try:
        while True:
            raw = os.read(tasks, 4)
            if len(raw) < 4:
                break
            (number,) = struct.unpack("!i", raw)
            try:
                payload = pickle.dumps(pack(work(number)), pickle.HIGHEST_PROTOCOL)
            except Exception:
                number, payload = -1, b""  # the parent does this task itself
            message = Pool.HEAD.pack(number, len(payload)) + payload
            view = memoryview(message)
            while view:
                view = view[os.write(results, view) :]
    except BaseException:
        status = 1
    finally:
        os._exit(status)
