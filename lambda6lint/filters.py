"""The findings stage: what users asked to see, at the severity they asked for.

Applied uniformly to every format's findings after the rules ran: rule selection, configured
severity overrides, in-source suppressions (resource or template Metadata, ignore comments; applied
as each graph is checked, by the worker that checked it: `checking.check`), excluded paths and
per-path ignores, and the baseline. Renderers decide nothing of this.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter

from lambda6lint.config import path_matches
from lambda6lint.findings import INPUT_ERROR, Finding, Rule
from lambda6lint.model import Api, Location

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.baseline import Baseline
    from lambda6lint.engine import Result
    from lambda6lint.model import Resource
    from lambda6lint.options import Options


def apply(result: Result, options: Options) -> None:
    """Severity overrides, ignored paths and the baseline. In-source suppressions were applied where the
    rules ran (`checking.check`, `apply_suppressions`): a finding's own resource decides them."""
    if options.severity:
        for finding in result.findings:
            apply_severity(finding, options)
    if options.exclude or options.per_path_ignores:
        result.findings = [f for f in result.findings if not path_ignored(f, options)]
    if options.baseline is not None:
        apply_baseline(result, options.baseline)


def selected(rule: Rule, options: Options) -> bool:
    """Whether the user asked for the rule's findings. An input error (E9600) is reported whatever is
    selected, as ruff reports a syntax error: a file that was not read did not pass. Only `ignore`
    (or a per-path ignore) leaves it out."""
    if options.select and not rule.matches(options.select) and rule.id != INPUT_ERROR:
        return False
    return not rule.matches(options.ignore)


def severity_override(rule: Rule, overrides: Mapping[str, str]) -> str | None:
    """The configured severity of a rule: an exact id or name wins over a prefix, a longer prefix over a shorter."""
    best: tuple[int, str] | None = None
    for pattern, level in overrides.items():
        if not rule.matches([pattern]):
            continue
        rank = 1000 if pattern in (rule.id, rule.name) or pattern.upper() == rule.id else len(pattern)
        if best is None or rank >= best[0]:
            best = (rank, level)
    return best[1] if best else None


def apply_severity(finding: Finding, options: Options) -> None:
    level = severity_override(finding.rule, options.severity) if options.severity else None
    if level is not None:
        finding.severity = level


def excluded(path: str, options: Options) -> bool:
    if not options.exclude:
        return False
    root = options.exclude_root or options.root or os.getcwd()
    return any(path_matches(glob, each, root) for each in _written_and_real(path) for glob in options.exclude)


def _written_and_real(path: str) -> tuple[str, ...]:
    """A path as written, and where it leads when a symlink on the way leads elsewhere: a link to an
    excluded folder (`sb -> infra/sandbox`) is that folder, for `exclude` and `per-path-ignores` alike."""
    real = os.path.realpath(path)
    return (path,) if real == os.path.abspath(path) else (path, real)


def path_ignored(finding: Finding, options: Options) -> bool:
    """Excluded files (a folder source's own files too) and `per-path-ignores`."""
    path = finding.location.path
    if excluded(path, options):
        return True
    if not options.per_path_ignores:
        return False
    root = options.root or os.getcwd()
    return any(
        finding.rule.matches(rules) and any(path_matches(glob, each, root) for each in _written_and_real(path))
        for glob, rules in options.per_path_ignores.items()
    )


def apply_baseline(result: Result, baseline: Baseline) -> None:
    """Leave out the findings the baseline records (each recorded once hides one finding): first those it
    records in the same words, then any of the same fingerprint (a message's price or wording changed)."""
    from lambda6lint.baseline import eligible  # (a run with a baseline only)

    budget = Counter(baseline.fingerprints)
    said = Counter(baseline.said)
    hidden: set[int] = set()
    for exact in (True, False):
        for finding in result.findings:
            if id(finding) in hidden or not eligible(finding) or budget[finding.fingerprint] <= 0:
                continue
            if exact and said[(finding.fingerprint, finding.message)] <= 0:
                continue
            said[(finding.fingerprint, finding.message)] -= 1
            budget[finding.fingerprint] -= 1
            hidden.add(id(finding))
    result.baselined += len(hidden)
    result.findings = [f for f in result.findings if id(f) not in hidden]


#: What a suppression that names no rule may have meant to be one of ours (cfn-lint's `ignore_checks`,
#: read too, name cfn-lint's rules: E3012 is not a typo): an id in our range, or a rule name.
_OURS = r"[EWIewi]96\d*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+"


def suppression_warnings(
    resources: Iterable[Resource], rules: Sequence[Rule], owners: list[tuple[int, Any]] | None = None
) -> list[tuple[Location, str]]:
    """Suppressions that name no rule (a typo: `W9061`, `W96O1`, `function-dualstack`): they ignore
    nothing, and the user who wrote them believes otherwise. Said once per place and pattern: the instances
    of a counted resource share their block's comment. Those of resources come first, then those of their
    templates, each in the order of `resources`; `owners` gets, for each warning, 0 and its (first) resource
    or 1 and its template, so that warnings of parts checked apart can be put in that order (checking.py)."""
    found: dict[tuple[Location, str], list[Resource]] = {}
    resources = resources if isinstance(resources, list) else list(resources)
    templates = dict.fromkeys(map(attrgetter("template"), resources))  # (in the order first met; by identity)
    for res in resources:
        if not res.suppress:  # (most resources)
            continue
        if isinstance(res, Api) and res.implicit:  # (its makers' suppressions: said where they are written)
            continue
        for pattern in res.suppress:
            if _unread(pattern, rules, ""):
                found.setdefault((res.location, pattern), []).append(res)
    said: dict[tuple[Location, str], tuple[int, Any]] = {}
    for (where, pattern), declared in found.items():
        more = f" (and {len(declared) - 1} more declared there)" if len(declared) > 1 else ""
        said.setdefault((where, _unread(pattern, rules, f"of {declared[0].ident}{more}")), (0, declared[0]))
    for template in templates:
        for pattern in template.suppress:
            if text := _unread(pattern, rules, "of the template"):
                said.setdefault((Location(template.path), text), (1, template))
        for where in template.unattached:
            said.setdefault((where, UNATTACHED), (1, template))
    if owners is not None:
        owners += said.values()
    return list(said)


#: What is said of an ignore comment that belongs to no resource.
UNATTACHED = (
    "this ignore comment belongs to no resource (a blank line before the resource's key, or no resource "
    "below it), so it ignores nothing: put it inside the resource, or on the lines right above its key"
)


def _unread(pattern: str, rules: Sequence[Rule], whose: str) -> str:
    """What is wrong with a suppression that ignores nothing ("" when it names a rule)."""
    from lambda6lint.loaders.common.comments import METADATA_KEY, MISTYPED  # (a run with suppressions only)

    if pattern.startswith(MISTYPED + METADATA_KEY):
        key = pattern.removeprefix(MISTYPED + METADATA_KEY)
        return (
            f"`{key}` under the Metadata `lambda6lint` {whose} is not a key it reads (ignore: [{{id, reason}}], reason)"
        )
    if _names_no_rule(pattern, rules):
        return f"{_shown(pattern)} in the suppressions {whose} names no rule"
    return ""


def _names_no_rule(pattern: str, rules: Sequence[Rule]) -> bool:
    from lambda6lint.loaders.common.comments import MISTYPED

    if pattern.startswith(MISTYPED):
        return True
    return bool(re.fullmatch(_OURS, pattern)) and not any(rule.matches([pattern]) for rule in rules)


def _shown(pattern: str) -> str:
    from lambda6lint.loaders.common.comments import MISTYPED

    return f"`{pattern.removeprefix(MISTYPED)}`"


def apply_suppressions(finding: Finding) -> None:
    """In-source suppressions: on the resource (Metadata or an ignore comment) or the whole template.

    `Finding.suppressed` becomes the reason the user wrote, else a description of where it was ignored.
    """
    res = finding.resource_obj
    if res is None:
        return
    for scope, where in ((res.suppress, f"on {res.id}"), (res.template.suppress, "for the whole template")):
        reasons = [reason for pattern, reason in scope.items() if finding.rule.matches([pattern])]
        if reasons:
            finding.suppressed = next((r for r in reasons if r), f"ignored in source {where}")
            return
