"""`lambda6lint rules` and `lambda6lint rule ID`: the catalog as a table, full documentation, or JSON.

Everything comes from the rule modules, so it works offline and matches the installed version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from lambda6lint.findings import EXAMPLE_FORMATS, FORMAT_TITLES, Example, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def entry(rule: Rule) -> dict[str, Any]:
    """One rule for JSON: identity, severity, documentation and links."""
    doc = rule.doc
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity,
        "summary": rule.summary,
        "tags": list(rule.tags),
        "security_severity": rule.security_severity,
        "help_uri": rule.help_uri,
        "source_url": rule.source_url or None,
        "doc": {
            "what": doc.what,
            "why": doc.why,
            "bad": doc.bad,
            "good": doc.good,
            "fix": doc.fix,
            "examples": [{"format": e.format, "bad": e.bad, "good": e.good} for e in doc.examples],
        },
    }


def render(rules: Sequence[Rule], fmt: str = "text") -> str:
    """The catalog: one line per rule, or every entry as JSON."""
    if fmt == "json":
        return json.dumps([entry(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    width = max(len(r.name) for r in rules)
    lines = [f"{r.id}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def documentation(rule: Rule) -> str:
    """A rule's full documentation as Markdown, like `ruff rule`."""
    doc = rule.doc
    facts = [f"Severity: {rule.severity}", f"tags: {', '.join(rule.tags)}"]
    if rule.security_severity:
        facts.append(f"security-severity: {rule.security_severity}")
    lines = [
        f"# {rule.name} ({rule.id})",
        "",
        f"{rule.summary}.",
        "",
        " · ".join(facts),
        "",
        "## What it does",
        doc.what,
        "",
        "## Why is this bad?",
        doc.why,
        "",
        *examples(doc.examples, "##"),
        "## Fix",
        doc.fix,
        "",
        "## References",
        f"- Documentation: {rule.help_uri}",
    ]
    if rule.source_url:
        lines.append(f"- Source: {rule.source_url}")
    return "\n".join(lines) + "\n"


def examples(found: Sequence[Example], heading: str) -> list[str]:
    """A rule's examples as Markdown lines, one section per input format (`rule X`, docs/rules.md)."""
    lines: list[str] = []
    for example in found:
        language = EXAMPLE_FORMATS[example.format]
        lines += [
            f"{heading} Example ({FORMAT_TITLES[example.format]})",
            f"```{language}",
            example.bad.rstrip("\n"),
            "```",
            "",
            "Use instead:",
            f"```{language}",
            example.good.rstrip("\n"),
            "```",
            "",
        ]
    return lines


def render_docs(rules: Sequence[Rule], fmt: str = "text") -> str:
    """Full documentation of `rules`: Markdown one after another, or a JSON list."""
    if fmt == "json":
        return json.dumps([entry(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    return "\n".join(documentation(r) for r in rules)
