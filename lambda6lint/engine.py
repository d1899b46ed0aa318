"""The run: sources → loaders → one Network → rules → findings (then `filters`: suppressions, baseline).

The engine only orchestrates: which loader reads a source, and which sources must be linked with
each other, is the loaders' business (loaders/__init__.py); what a finding means is the rules'.
Input problems become E9600 findings; they never stop the other files from being linted. Neither
does a bug: any exception while loading or linking one source, or in one rule, is an E9600
("internal error …: <type>"), so the run ends with exit status 2 and the rest is still reported.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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


_KIND_NAMES = {
    discovery.TEMPLATE: "this template",
    discovery.CDK_ASSEMBLY: "this CDK cloud assembly",
    discovery.TERRAFORM_MODULE: "this Terraform module",
    discovery.TERRAFORM_PLAN: "this Terraform plan",
}


def _failure(exc: Exception, what: str) -> str:
    """The E9600 message for an exception that is not an InputError."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"internal error while reading {what}: {type(exc).__name__} (a bug in lambda6lint: please report it)"


def _link(
    link: Callable[[list[Any]], list[Piece]], parsed: list[Any], report: Callable[[Location, str], None]
) -> list[Piece]:
    """`link(parsed)`, where a source that cannot be linked is reported and the others still are."""
    try:
        return link(parsed)
    except Exception:  # noqa: BLE001 - find the source at fault, below
        pass
    good = []
    for item in parsed:
        path = getattr(item, "path", ".")
        try:
            link([item])
            good.append(item)
        except InputError as exc:
            report(Location(exc.path or path, exc.line, exc.column), exc.message)
        except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
            report(Location(path), _failure(exc, "this template"))
    try:
        return link(good)
    except Exception as exc:  # noqa: BLE001 - each links alone but not together: lose the links, not the findings
        if good:
            report(Location(getattr(good[0], "path", ".")), _failure(exc, "the templates linked with this one"))
        return [piece for item in good for piece in link([item])]


def lint(paths: Iterable[str], options: Options | None = None) -> Result:
    options = options or Options()
    paths = list(paths)
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
            except Exception as exc:  # noqa: BLE001 - one bad source never stops the run (exit 2 via E9600)
                input_error(Location(source.path), _failure(exc, _KIND_NAMES.get(source.kind, "it")))
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
            pieces.extend(_link(link, parsed, input_error))
    finally:
        if gc_was_enabled:
            gc.enable()
    context = Context(prices=options.prices)
    findings = list(result.errors)
    where = Location(result.files[0] if result.files else (paths or ["."])[0])
    try:
        network = Network([r for _, found in pieces for r in found], [template for template, _ in pieces])
    except Exception as exc:  # noqa: BLE001 - no graph, no rule: say so rather than crash
        findings.append(error_rule.finding(None, f"cannot lint: {_failure(exc, 'the resource graph')}", where))
        network = Network([], [])
    for rule in registry():
        if rule.check is None or not filters.selected(rule, options):
            continue
        try:
            findings.extend(rule.check(network, context))
        except Exception as exc:  # noqa: BLE001 - one rule's bug never hides the others' findings
            message = f"cannot lint: internal error in rule {rule.id}: {type(exc).__name__}; its findings are missing"
            findings.append(error_rule.finding(None, message, where))
    try:
        result.undecided = undecided(network)
    except Exception as exc:  # noqa: BLE001 - explaining is a courtesy: its bug must not hide findings
        findings.append(error_rule.finding(None, f"cannot lint: {_failure(exc, 'what could not be decided')}", where))
    result.findings = sorted((f for f in findings if filters.selected(f.rule, options)), key=Finding.sort_key)
    result.network = network
    if options.plan or network.of(NatGateway):
        from lambda6lint import plan

        found = plan.build(network, options.prices, result.undecided, options.gb_per_month, options.baseline)
        found.in_summary = any(filters.selected(rule_by_id(r), options) for r in plan.RULE_OF.values())
        result.plan = found
    result.files = list(dict.fromkeys(os.path.normpath(f) for f in result.files))  # a shared module once
    filters.apply(result, options)
    return result
