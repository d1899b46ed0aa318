"""The run: sources → loaders → one Network → rules → findings (then `filters`: suppressions, baseline).

The engine only orchestrates: which loader reads a source, and which sources must be linked with
each other, is the loaders' business (loaders/__init__.py); what a finding means is the rules'.
Input problems become E9600 findings; they never stop the other files from being linted.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable

from lambda6lint import discover as discovery
from lambda6lint import filters, workers
from lambda6lint.checking import Batches, check
from lambda6lint.explain import Undecided
from lambda6lint.findings import INPUT_ERROR, RANK, Finding
from lambda6lint.loaders import Piece
from lambda6lint.model import Location
from lambda6lint.options import Options
from lambda6lint.records import dataclass, field
from lambda6lint.registry import registry, rule_by_id

__all__ = ["INPUT_ERROR", "Options", "Result", "lint", "registry", "rule_by_id"]


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files linted as infrastructure code
    errors: list[Finding] = field(default_factory=list)  # E9600 findings (also in `findings`)
    baselined: int = 0  # findings left out because the baseline records them
    undecided: list[Undecided] = field(default_factory=list)  # what rules needed and could not know
    sources: dict[str, int] = field(default_factory=dict)  # source kind (discover.py) → how many were linted
    excluded: int = 0  # sources left out by `exclude`

    def count(self, at_least: str) -> int:
        """Unsuppressed findings at or above a severity."""
        floor = RANK[at_least]
        return sum(1 for f in self.findings if not f.suppressed and RANK[f.severity] >= floor)


def lint(paths: Iterable[str], options: Options | None = None) -> Result:
    options = options or Options()
    result = Result()
    pending: dict[Callable, list] = {}  # link function → parsed sources it must join
    error_rule = rule_by_id(INPUT_ERROR)
    batches = Batches(options)  # standalone pieces, checked a batch at a time (checking.py)

    def input_error(where: Location, message: str) -> None:
        result.errors.append(error_rule.finding(None, f"cannot lint this file: {message}", where))

    gc_was_enabled = gc.isenabled()
    gc.disable()  # the loaders build many small containers; cyclic GC only slows them (libs.md §2.2)
    try:
        for source, loaded in workers.loaded(discovery.discover(paths), options, batches):
            if loaded is None:
                result.excluded += 1
                continue
            for where, message in loaded.errors:
                input_error(where, message)
            if loaded.pending and loaded.link is not None:
                pending.setdefault(loaded.link, []).extend(loaded.pending)
            if loaded.files:
                result.sources[source.kind] = result.sources.get(source.kind, 0) + 1
            result.files.extend(loaded.files)
        standalone = batches.flush()
        linked: list[Piece] = [piece for link, parsed in pending.items() for piece in link(parsed)]
        joined = check(linked, options)
    finally:
        if gc_was_enabled:
            gc.enable()
    findings = result.errors + standalone.findings + joined.findings
    result.findings = sorted((f for f in findings if filters.selected(f.rule, options)), key=Finding.sort_key)
    result.undecided = standalone.functions + joined.functions + standalone.nats + joined.nats
    result.files = list(dict.fromkeys(os.path.normpath(f) for f in result.files))  # a shared module once
    filters.apply(result, options)
    return result
