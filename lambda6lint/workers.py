"""Sources loaded in discovery order, in this process or spread over worker processes (`--jobs`).

A worker loads, builds and checks the sources it is given (templates, Terraform modules and plans)
and sends back what the engine keeps of them: errors, files, light findings (checking.py), and the
templates that link with others, as their text (pickling a parse tree back costs more than parsing
it again, issue #14); those and CDK assemblies, whose stacks link, are built in this process.
Results are merged in discovery order, so a run's findings, order and exit status do not depend
on the number of workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from lambda6lint import discover, filters
from lambda6lint.checking import Batches, Checked, failure
from lambda6lint.findings import Finding
from lambda6lint.loaders import Document, Loaded
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.registry import KIND_NAMES, LOADERS
from lambda6lint.model import Location
from lambda6lint.registry import rule_by_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.discover import Source
    from lambda6lint.loaders import Piece
    from lambda6lint.options import Options

    Hand = Callable[[Piece], Piece]

#: Source kinds a worker can load on its own (a CDK assembly's stacks are linked in this process).
PORTABLE = frozenset(
    {discover.TEMPLATE, discover.TERRAFORM_MODULE, discover.TERRAFORM_PLAN, discover.JSON_FILE, discover.JSON_TEMPLATE}
)
#: Fewer portable sources than this per worker are loaded here: starting workers would cost more.
MIN_PER_WORKER = 8
MAX_CHUNK = 16
MIN_CHUNK = 2


def cores() -> int:
    """The CPUs this process may run on (the default of `--jobs`)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def load(source: Source, options: Options, hand: Hand | None = None) -> Loaded | None:
    """One source's pieces; None when `exclude` leaves it out. Input problems become `errors`. `hand`: what a CDK
    assembly's loader gives each stack that links with nothing as soon as it is built (engine.py)."""
    loader = LOADERS.get(source.kind)
    if loader is None:
        return Loaded()
    if filters.excluded(source.path, options):
        return None
    try:
        if hand is not None and source.kind == discover.CDK_ASSEMBLY:
            from lambda6lint.loaders.cloudformation.cdk import load_assembly

            return load_assembly(source, options, hand)
        return loader(source, options)
    except InputError as exc:
        return Loaded(errors=[(Location(exc.path or source.path, exc.line, exc.column), exc.message)])
    except Exception as exc:  # noqa: BLE001 - one bad source never stops the run (exit 2 via E9600)
        kind = getattr(exc, "read_as", source.kind)  # (what a `json-file` was read as: registry.json_file)
        return Loaded(errors=[(Location(source.path), failure(exc, KIND_NAMES.get(kind, "it")))])


def loaded(
    sources: Iterable[Source], options: Options, batches: Batches, hand: Hand | None = None
) -> Iterator[tuple[Source, Loaded | None]]:
    """Each source with what it gave, in discovery order; built pieces go to `batches` (checked there,
    or already checked by a worker and merged into it in order). `hand`: as `load`'s."""
    jobs = max(1, getattr(options, "jobs", 1))
    found = list(sources) if jobs > 1 else sources
    portable = [s for s in found if s.kind in PORTABLE] if isinstance(found, list) else []
    if jobs == 1 or len(portable) < MIN_PER_WORKER * 2 or not hasattr(os, "fork"):
        for source in found:
            result = load(source, options, hand)
            if result is not None:
                batches.add(result.built)
                result.built = []  # (checked there, or waiting in it: the engine keeps `result` a while)
            yield source, result
        return
    assert isinstance(found, list)
    yield from _spread(found, options, batches, min(jobs, -(-len(portable) // MIN_PER_WORKER)), hand=hand)


def _spread(
    sources: list[Source], options: Options, batches: Batches, jobs: int, hand: Hand | None = None
) -> Iterator[tuple[Source, Any]]:
    from lambda6lint.pool import Pool  # only a run that starts workers

    portable = [s for s in sources if s.kind in PORTABLE]
    chunks = _chunks(portable, jobs)
    pool = Pool(len(chunks), lambda number: _work(chunks[number], options), jobs, _pack, _unpack)
    try:
        done: list[Loaded | None] = []
        index = 0
        for source in sources:
            if source.kind not in PORTABLE:
                result = load(source, options, hand)
                if result is not None:
                    batches.add(result.built)
                    result.built = []
                yield source, result
                continue
            if not done:
                done, checked = pool.result(index)
                index += 1
                done.reverse()
                batches.flush()  # what this process checked comes first: discovery order
                batches.checked.extend(checked)
            yield source, done.pop()
    finally:
        pool.close()


def _chunks(portable: list[Source], jobs: int) -> list[list[Source]]:
    """Chunks that shrink towards the end (each a share of what is left), so that workers finish
    together: the last ones take a few sources, not MAX_CHUNK."""
    chunks, start = [], 0
    while start < len(portable):
        size = max(MIN_CHUNK, min(MAX_CHUNK, (len(portable) - start) // (jobs * 4)))
        chunks.append(portable[start : start + size])
        start += size
    return chunks


def _work(chunk: list[Source], options: Options) -> tuple[list[Loaded | None], Checked]:
    """Load and check a chunk of sources (in a worker, or in this process while it waits for one)."""
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
    return out, batches.flush()


def _pack(result: tuple[list[Loaded | None], Checked]) -> tuple:
    """What a worker sends of a chunk's result, which is small: its findings name their rule by id (the
    parent has its own catalog); the rest pickles as it is."""
    out, checked = result
    findings = [
        (f.rule.id, f.message, f.location, f.resource, f.resource_path, f.resource_obj, f.related, f.key, f.suppressed)
        for f in checked.findings
    ]
    return out, (findings, checked.undecided, checked.plan, checked.warnings, checked.kinds)


def _unpack(packed: tuple) -> tuple[list[Loaded | None], Checked]:
    out, (findings, undecided, plan, warnings, kinds) = packed
    checked = Checked()
    for rule_id, message, location, resource, path, obj, related, key, suppressed in findings:
        finding = Finding(rule_by_id(rule_id), message, location, resource, path, obj, related, key, suppressed)
        checked.findings.append(finding)
    checked.functions, checked.nats, checked.apis, checked.modules = undecided
    checked.plan, checked.warnings, checked.kinds = plan, warnings, kinds
    return out, checked
