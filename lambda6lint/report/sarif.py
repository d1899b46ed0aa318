"""SARIF 2.1.0 for GitHub code scanning and other viewers, built from plain dicts.

One run, the whole catalog in `tool.driver.rules` (help pinned to this release's docs,
`problem.severity` for every rule, `security-severity` for those tagged `security`),
repo-relative URIs, fingerprints that ignore line numbers, in-source suppressions kept as
`suppressions` with the user's reason as justification, input errors also reported as
`toolExecutionNotifications` (and then `executionSuccessful: false`), a suppression that names no
rule as a `toolConfigurationNotifications` warning, and
`automationDetails.id` = `CATEGORY/`: upload-sarif lets that id win over its own `category`
input, so the category is ours to set (research/libs.md §4.3).
"""

from __future__ import annotations

import json

from lambda6lint import __version__, paths
from lambda6lint.engine import Result, of_suppression, registry
from lambda6lint.filters import severity_override
from lambda6lint.findings import EXAMPLE_FORMATS, PROBLEM_SEVERITY, REPOSITORY, SECURITY_SEVERITY, Finding, Rule
from lambda6lint.model import Location
from lambda6lint.report.escape import json_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "note": "note"}
CATEGORY = "lambda6lint"


def _text(value: str, limit: int = 1024) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _plain(value: str) -> str:
    """A message's text in which nothing is an embedded link: `[text](destination)` is one in a plain
    text message (SARIF 2.1.0 §3.11.6; code scanning links `[x](1)` to related location 1), and a name
    from a template must not make one. Its `]` is escaped there, and the backslashes before it, so that
    `aws_subnet.a[0]` reads as written. (A search, not a regular expression: one that matched the
    backslashes first went back over a run of them at each one, 80 s for 100,000.)"""
    if "](" not in value:
        return value
    parts: list[str] = []
    start = 0
    while (at := value.find("](", start)) >= 0:
        run = at
        while run > start and value[run - 1] == "\\":
            run -= 1
        parts += [value[start:run], "\\" * (2 * (at - run)), "\\]"]
        start = at + 1
    return "".join([*parts, value[start:]])


def rule_descriptor(rule: Rule, severity: str | None = None) -> dict[str, Any]:
    """`severity`: the run's for the rule when settings override it (code scanning shows the rule's)."""
    severity = severity or rule.severity
    doc = rule.doc
    markdown = f"## What it does\n{doc.what}\n\n## Why is this bad?\n{doc.why}\n\n"
    for example in doc.examples:  # one per input format, each cut from the rule's fixtures
        language = EXAMPLE_FORMATS[example.format]
        markdown += (
            f"## Example ({example.format})\n```{language}\n{example.bad.rstrip()}\n```\n\n"
            f"Use instead:\n```{language}\n{example.good.rstrip()}\n```\n\n"
        )
    markdown += f"## Fix\n{doc.fix}\n"
    if rule.source_url:
        markdown += f"\nSource: {rule.source_url}\n"
    properties: dict[str, Any] = {
        "tags": list(rule.tags),
        "precision": "high",
        "problem.severity": PROBLEM_SEVERITY[severity],
    }
    if "security" in rule.tags:
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    markdown += f"\n[Full documentation]({rule.help_uri})\n"
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _text(rule.summary)},
        "fullDescription": {"text": _text(doc.what)},
        "help": {"text": _text(f"{doc.why} Fix: {doc.fix}", 4000), "markdown": markdown},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": properties,
    }


def _physical(location: Location) -> dict[str, Any]:
    uri, relative = paths.uri(location.path)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "SRCROOT"
    return {
        "artifactLocation": artifact,
        "region": {"startLine": max(1, location.line), "startColumn": max(1, location.column)},
    }


def result_object(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": _physical(finding.location)}
    if finding.resource:
        location["logicalLocations"] = [
            {
                "name": finding.resource,
                "fullyQualifiedName": finding.resource_path or finding.resource,
                "kind": "resource",
            }
        ]
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": LEVELS[finding.severity],
        "message": {"text": _plain(finding.message)},
        "locations": [location],
        "partialFingerprints": {"lambda6lint/v1": finding.fingerprint},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(where), "message": {"text": _plain(text)}}
            for i, (where, text) in enumerate(finding.related[:10], 1)
        ]
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    return result


def document(result: Result, category: str = CATEGORY, omit_suppressed: bool = False) -> dict[str, Any]:
    rules = registry()
    index = {rule.id: i for i, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": _plain(f.message)},
            "locations": [{"physicalLocation": _physical(f.location)}],
            "descriptor": {"id": f.rule.id},
        }
        for f in result.errors
    ]
    notifications += [  # what could not be decided (--explain): notes about the run, not results
        {
            "level": "note",
            "message": {"text": _plain(_text(f"{u.subject.name} not fully checked: {u.text}"))},
            "locations": [{"physicalLocation": _physical(u.location)}],
            "descriptor": {"id": "not-fully-checked"},
        }
        for u in result.undecided
    ]
    configuration = [  # a suppression that names no rule: the user's setting, not the run, is wrong
        {
            "level": "warning",
            "message": {"text": _plain(text)},
            "locations": [{"physicalLocation": _physical(where)}],
            "descriptor": {"id": "unknown-rule-in-suppression"},
        }
        for where, text in result.warnings
        if of_suppression(text)
    ]
    notifications += [  # (a plan made from other code than the .tf beside it)
        {
            "level": "warning",
            "message": {"text": _plain(text)},
            "locations": [{"physicalLocation": _physical(where)}],
            "descriptor": {"id": "warning"},
        }
        for where, text in result.warnings
        if not of_suppression(text)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors, "toolExecutionNotifications": notifications}
    if configuration:
        invocation["toolConfigurationNotifications"] = configuration
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "lambda6lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPOSITORY,
                "rules": [rule_descriptor(r, severity_override(r, result.severity)) for r in rules],
            }
        },
        "automationDetails": {"id": category.rstrip("/") + "/"},
        "originalUriBaseIds": {"SRCROOT": {"uri": paths.root_uri()}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": [result_object(f, index) for f in result.findings if not (omit_suppressed and f.suppressed)],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(result: Result, category: str = CATEGORY, omit_suppressed: bool = False) -> str:
    return json_text(json.dumps(document(result, category, omit_suppressed), indent=2, ensure_ascii=False)) + "\n"
