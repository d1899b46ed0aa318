"""Markdown (`--format markdown`): the summary and a table of findings, for a GitHub job summary or a comment.

Template text is escaped for Markdown and HTML, so a file name or message cannot inject links,
images, markup, math, mentions or issue references. GitHub caps a job summary at 1 MiB, and the
Action adds the plan's Markdown to this report's: the table stops at `MAX_ROWS` findings or
`MAX_BYTES`, and a cell at `MAX_CELL` characters (a name may be as long as a template allows).
"""

from __future__ import annotations

import re

from lambda6lint import paths
from lambda6lint.engine import Result
from lambda6lint.report.escape import printable
from lambda6lint.report.text import noun, summary

MAX_ROWS = 500
MAX_BYTES = 480 * 1024  # (this report and the plan's, each at most this: one job summary under 1 MiB)
MAX_CELL = 4000
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")  # ($: GitHub reads `$…$` as math)
#: `@name` (a mention, notified) and `#12` (an issue reference): GitHub finds them in the rendered text,
#: where a backslash is gone, so a zero-width space goes after `@` and `#`.
_REFERENCES = re.compile(r"(@|\\#)(?=[0-9A-Za-z])")
_ICONS = {"error": "🛑 error", "warning": "⚠️ warning", "note": "ℹ️ note"}  # noqa: RUF001


def cell(value: str) -> str:
    """`value` as literal text in a table cell."""
    value = value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"
    text = printable(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _REFERENCES.sub(r"\1&#8203;", _SPECIAL.sub(r"\\\1", text))


class Budget:
    """The bytes a report may still add after `lines` (1 KiB kept for saying what was left out)."""

    def __init__(self, lines: list[str], total: int = MAX_BYTES):
        self.left = total - 1024 - sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)

    def add(self, lines: list[str], more: list[str], share: float = 1.0) -> bool:
        """Add `more` to `lines` if it fits in `share` of what is left."""
        size = sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in more)
        if size > self.left * share:
            return False
        self.left -= size
        lines += more
        return True


def render(result: Result, explain: bool = False) -> str:
    shown = [f for f in result.findings if not f.suppressed]
    lines = ["### lambda6lint", "", cell(summary(result, explained=explain, listed="below")), ""]
    budget = Budget(lines)
    if shown:
        lines += ["| severity | rule | location | message |", "|---|---|---|---|"]
        rows = 0
        for f in shown[:MAX_ROWS]:
            where = f"{paths.portable(f.location.path)}:{f.location.line}"
            message = f"{f.message} [{f.resource}]" if f.resource else f.message
            rule = f"[{f.rule.id}]({f.rule.help_uri}) {cell(f.rule.name)}"
            if not budget.add(lines, [f"| {_ICONS[f.severity]} | {rule} | {cell(where)} | {cell(message)} |"]):
                break
            rows += 1
        if len(shown) > rows:
            lines += ["", f"… and {len(shown) - rows} more: see the full report."]
    if explain and result.undecided:
        lines += [*([""] if lines[-1] else []), "#### Not fully checked", ""]
        rows = 0
        for u in result.undecided[:MAX_ROWS]:
            subject = f"{noun(u.subject)} {u.subject.name}"
            where = f"{paths.portable(u.location.path)}:{u.location.line}"
            if not budget.add(lines, [f"- {cell(subject)}: {cell(u.text)} ({cell(where)})"]):
                break
            rows += 1
        if len(result.undecided) > rows:
            lines.append(f"- … and {len(result.undecided) - rows} more: see the full report.")
    return "\n".join(lines) + "\n"
