"""The run: sources → loaders → one Network → rules → findings (then `filters`: suppressions, baseline).

The engine only orchestrates: which loader reads a source, and which sources must be linked with
each other, is the loaders' business (loaders/__init__.py); what a finding means is the rules'.
Input problems become E9600 findings; they never stop the other files from being linted.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lambda6lint import discover as discovery
from lambda6lint import filters
from lambda6lint.explain import Undecided, undecided
from lambda6lint.findings import INPUT_ERROR, RANK, Context, Finding
from lambda6lint.loaders import Loaded, Piece
from lambda6lint.loaders.common.marked import InputError
from lambda6lint.loaders.registry import LOADERS
from lambda6lint.model import Location, NatGateway
from lambda6lint.network import Network
from lambda6lint.options import Options
from lambda6lint.registry import registry, rule_by_id

if TYPE_CHECKING:
    from lambda6lint.plan import Plan

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
    network: Network | None = field(default=None, repr=False)  # the graph the rules ran on
    #: What the NAT gateways cost and which could go (diagrams: `plan.draw`); built when the run has a NAT
    #: gateway or was asked for a plan (`Options.plan`).
    plan: Plan | None = None

    def count(self, at_least: str) -> int:
        """Unsuppressed findings at or above a severity."""
        floor = RANK[at_least]
        return sum(1 for f in self.findings if not f.suppressed and RANK[f.severity] >= floor)


def lint(paths: Iterable[str], options: Options | None = None) -> Result:
    options = options or Options()
    result = Result()
    pieces: list[Piece] = []
    pending: dict[Callable, list] = {}  # link function → parsed sources it must join
    error_rule = rule_by_id(INPUT_ERROR)

    def input_error(where: Location, message: str) -> None:
        result.errors.append(error_rule.finding(None, f"cannot lint this file: {message}", where))

    gc_was_enabled = gc.isenabled()
    gc.disable()  # the loaders build many small containers; cyclic GC only slows them (libs.md §2.2)
    try:
        for source in discovery.discover(paths):
            loader = LOADERS.get(source.kind)
            if loader is None:
                continue
            if filters.excluded(source.path, options):
                result.excluded += 1
                continue
            try:
                loaded: Loaded = loader(source, options)
            except InputError as exc:
                input_error(Location(exc.path or source.path, exc.line, exc.column), exc.message)
                continue
            except RecursionError:
                input_error(Location(source.path), "nested too deeply")
                continue
            for where, message in loaded.errors:
                input_error(where, message)
            pieces.extend(loaded.built)
            if loaded.pending and loaded.link is not None:
                pending.setdefault(loaded.link, []).extend(loaded.pending)
            if loaded.files:
                result.sources[source.kind] = result.sources.get(source.kind, 0) + 1
            result.files.extend(loaded.files)
        for link, parsed in pending.items():
            pieces.extend(link(parsed))
    finally:
        if gc_was_enabled:
            gc.enable()
    network = Network([r for _, found in pieces for r in found], [template for template, _ in pieces])
    context = Context(prices=options.prices)
    findings = list(result.errors)
    for rule in registry():
        if rule.check is None or not filters.selected(rule, options):
            continue
        findings.extend(rule.check(network, context))
    result.findings = sorted((f for f in findings if filters.selected(f.rule, options)), key=Finding.sort_key)
    result.undecided = undecided(network)
    result.network = network
    if options.plan or network.of(NatGateway):
        from lambda6lint import plan

        found = plan.build(network, options.prices, result.undecided, options.gb_per_month, options.baseline)
        found.in_summary = any(filters.selected(rule_by_id(r), options) for r in plan.RULE_OF.values())
        result.plan = found
    result.files = list(dict.fromkeys(os.path.normpath(f) for f in result.files))  # a shared module once
    filters.apply(result, options)
    return result
