"""Markdown (`--format markdown`): the summary and a table of findings, for a GitHub job summary or a comment.

Template text is escaped for Markdown and HTML, so a file name or message cannot inject links,
images or markup. GitHub caps a job summary at 1 MiB, so the table stops at `MAX_ROWS` findings.
"""

from __future__ import annotations

import re

from lambda6lint import paths
from lambda6lint.engine import Result
from lambda6lint.report.escape import printable
from lambda6lint.report.text import noun, summary

MAX_ROWS = 500
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_ICONS = {"error": "🛑 error", "warning": "⚠️ warning", "note": "ℹ️ note"}  # noqa: RUF001


def cell(value: str) -> str:
    """`value` as literal text in a table cell."""
    text = printable(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render(result: Result, explain: bool = False) -> str:
    shown = [f for f in result.findings if not f.suppressed]
    lines = ["### lambda6lint", "", cell(summary(result, explained=explain, listed="below")), ""]
    if shown:
        lines += ["| severity | rule | location | message |", "|---|---|---|---|"]
        for f in shown[:MAX_ROWS]:
            where = f"{paths.portable(f.location.path)}:{f.location.line}"
            message = f"{f.message} [{f.resource}]" if f.resource else f.message
            rule = f"[{f.rule.id}]({f.rule.help_uri}) {cell(f.rule.name)}"
            lines.append(f"| {_ICONS[f.severity]} | {rule} | {cell(where)} | {cell(message)} |")
        if len(shown) > MAX_ROWS:
            lines += ["", f"… and {len(shown) - MAX_ROWS} more: see the full report."]
    if explain and result.undecided:
        lines += [*([""] if lines[-1] else []), "#### Not fully checked", ""]
        for u in result.undecided[:MAX_ROWS]:
            subject = f"{noun(u.subject)} {u.subject.name}"
            where = f"{paths.portable(u.location.path)}:{u.location.line}"
            lines.append(f"- {cell(subject)}: {cell(u.text)} ({cell(where)})")
        if len(result.undecided) > MAX_ROWS:
            lines.append(f"- … and {len(result.undecided) - MAX_ROWS} more: see the full report.")
    return "\n".join(lines) + "\n"
