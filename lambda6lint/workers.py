"""Sources loaded in discovery order, in this process or spread over worker processes (`--jobs`).

A worker loads, builds and checks the sources it is given (templates, Terraform modules and plans)
and sends back what the engine keeps of them: errors, files, light findings (checking.py), and the
templates that link with others, as their text (pickling a parse tree back costs more than parsing
it again, issue #14); those and CDK assemblies, whose stacks link, are built in this process.
Results are merged in discovery order, so a run's findings, order and exit status do not depend
on the number of workers.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import select
import signal
import struct
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from lambda6lint import discover, filters
from lambda6lint.checking import Batches, Checked
from lambda6lint.findings import Finding
from lambda6lint.loaders import Document, Loaded
from lambda6lint.loaders.common.marked import InputError
from lambda6lint.loaders.registry import LOADERS
from lambda6lint.model import Location
from lambda6lint.registry import rule_by_id

if TYPE_CHECKING:
    from lambda6lint.discover import Source
    from lambda6lint.options import Options

#: Source kinds a worker can load on its own (a CDK assembly's stacks are linked in this process).
PORTABLE = frozenset({discover.TEMPLATE, discover.TERRAFORM_MODULE, discover.TERRAFORM_PLAN})
#: Fewer portable sources than this per worker are loaded here: starting workers would cost more.
MIN_PER_WORKER = 8
MAX_CHUNK = 16


def cores() -> int:
    """The CPUs this process may run on (the default of `--jobs`)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def load(source: Source, options: Options) -> Loaded | None:
    """One source's pieces; None when `exclude` leaves it out. Input problems become `errors`."""
    loader = LOADERS.get(source.kind)
    if loader is None:
        return Loaded()
    if filters.excluded(source.path, options):
        return None
    try:
        return loader(source, options)
    except InputError as exc:
        return Loaded(errors=[(Location(exc.path or source.path, exc.line, exc.column), exc.message)])
    except RecursionError:
        return Loaded(errors=[(Location(source.path), "nested too deeply")])


def loaded(sources: Iterable[Source], options: Options, batches: Batches) -> Iterator[tuple[Source, Loaded | None]]:
    """Each source with what it gave, in discovery order; built pieces go to `batches` (checked there,
    or already checked by a worker and merged into it in order)."""
    jobs = max(1, getattr(options, "jobs", 1))
    found = list(sources) if jobs > 1 else sources
    portable = [s for s in found if s.kind in PORTABLE] if isinstance(found, list) else []
    if jobs == 1 or len(portable) < MIN_PER_WORKER * 2 or not hasattr(os, "fork"):
        for source in found:
            result = load(source, options)
            if result is not None:
                batches.add(result.built)
            yield source, result
        return
    assert isinstance(found, list)
    yield from _spread(found, options, batches, min(jobs, math.ceil(len(portable) / MIN_PER_WORKER)))


def _spread(sources: list[Source], options: Options, batches: Batches, jobs: int) -> Iterator[tuple[Source, Any]]:
    portable = [s for s in sources if s.kind in PORTABLE]
    size = max(1, min(MAX_CHUNK, math.ceil(len(portable) / (jobs * 4))))
    chunks = [portable[i : i + size] for i in range(0, len(portable), size)]
    pool = _Pool(chunks, options, jobs)
    try:
        done: list[Loaded | None] = []
        index = 0
        for source in sources:
            if source.kind not in PORTABLE:
                result = load(source, options)
                if result is not None:
                    batches.add(result.built)
                yield source, result
                continue
            if not done:
                done, checked = pool.result(index)
                index += 1
                done.reverse()
                batches.flush()  # what this process checked comes first: discovery order
                batches.checked.extend(_unpack(checked))
            yield source, done.pop()
    finally:
        pool.close()


class _Pool:
    """Forked workers, each taking chunk numbers from one pipe and sending results on its own.

    Deliberately small (no multiprocessing: its import and its three threads cost this process
    more CPU than it merges). A chunk a worker could not finish — it died, or raised — is loaded
    here instead, so a run never loses a source to a worker.
    """

    _HEAD = struct.Struct("!iI")  # chunk number (-1: failed), payload length

    def __init__(self, chunks: list[list[Source]], options: Options, jobs: int):
        self.chunks, self.options = chunks, options
        self.results: dict[int, Any] = {}
        self.pipes: dict[int, int] = {}  # result pipe → worker pid
        self.buffers: dict[int, bytearray] = {}
        self.pids: list[int] = []
        tasks_read, tasks_write = os.pipe()
        for _ in range(jobs):
            results_read, results_write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker (coverage does not follow forks)
                os.close(results_read)
                os.close(tasks_write)
                for other in self.pipes:
                    os.close(other)
                _serve(chunks, options, tasks_read, results_write)
            os.close(results_write)
            self.pids.append(pid)
            self.pipes[results_read] = pid
            self.buffers[results_read] = bytearray()
        os.close(tasks_read)
        tasks = memoryview(b"".join(struct.pack("!i", i) for i in range(len(chunks))))
        while tasks:  # workers read 4 bytes at a time, so each takes whole numbers
            tasks = tasks[os.write(tasks_write, tasks) :]
        os.close(tasks_write)

    def result(self, index: int) -> Any:
        """Chunk `index`'s result: read from the workers until it is there, or load it here."""
        while index not in self.results and self.pipes:
            ready, _, _ = select.select(list(self.pipes), [], [])
            for fd in ready:
                self._read(fd)
        found = self.results.pop(index, None)
        if found is None:  # its worker died or failed: this process loads it
            return _work(self.chunks[index], self.options)
        return pickle.loads(found)

    def _read(self, fd: int) -> None:
        data = os.read(fd, 1 << 20)
        buffer = self.buffers[fd]
        if not data:
            del self.pipes[fd], self.buffers[fd]
            os.close(fd)
            return
        buffer += data
        while len(buffer) >= self._HEAD.size:
            number, length = self._HEAD.unpack_from(buffer)
            if len(buffer) < self._HEAD.size + length:
                break
            payload = bytes(buffer[self._HEAD.size : self._HEAD.size + length])
            del buffer[: self._HEAD.size + length]
            if number >= 0:
                self.results[number] = payload

    def close(self) -> None:
        """Reap the workers; stop those still running (this process stopped early: an error, ^C)."""
        for fd, pid in self.pipes.items():
            os.close(fd)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        self.pipes = {}
        for pid in self.pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _serve(chunks: list[list[Source]], options: Options, tasks: int, results: int) -> None:  # pragma: no cover
    """A worker's life: take chunk numbers until there are none, send each result, exit."""
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
                payload = pickle.dumps(_work(chunks[number], options), pickle.HIGHEST_PROTOCOL)
            except Exception:
                number, payload = -1, b""  # the parent loads this chunk itself
            message = _Pool._HEAD.pack(number, len(payload)) + payload
            view = memoryview(message)
            while view:
                view = view[os.write(results, view) :]
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _work(chunk: list[Source], options: Options) -> tuple[list[Loaded | None], tuple]:
    """In a worker: load and check a chunk of sources; what goes back is small."""
    batches = Batches(options)
    out: list[Loaded | None] = []
    for source in chunk:
        result = load(source, options)
        if result is not None:
            batches.add(result.built)
            result.built = []
            for document in result.pending:
                if isinstance(document, Document) and document.text is not None:
                    document.doc = None  # the parent parses the text again (mapper.build)
        out.append(result)
    return out, _pack(batches.flush())


def _pack(checked: Checked) -> tuple:
    """Findings name their rule by id (the parent has its own catalog); the rest pickles as it is."""
    findings = [
        (f.rule.id, f.message, f.location, f.resource, f.resource_path, f.resource_obj, f.related, f.key, f.suppressed)
        for f in checked.findings
    ]
    return findings, checked.functions, checked.nats


def _unpack(packed: tuple) -> Checked:
    findings, functions, nats = packed
    checked = Checked()
    for rule_id, message, location, resource, path, obj, related, key, suppressed in findings:
        finding = Finding(rule_by_id(rule_id), message, location, resource, path, obj, related, key, suppressed)
        checked.findings.append(finding)
    checked.functions, checked.nats = functions, nats
    return checked
