"""Compiler-style text: `path:line:col: W9601 message [Resource]`, then a one-line summary."""

from __future__ import annotations

from lambda6lint.engine import Result
from lambda6lint.findings import INPUT_ERROR

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def render(result: Result, color: bool = False) -> str:
    lines = []
    shown = [f for f in result.findings if not f.suppressed]
    for f in shown:
        where = f"{f.location.path}:{f.location.line}:{f.location.column}:"
        rule_id = f.rule.id
        if color:
            where = f"{_BOLD}{where}{_RESET}"
            rule_id = f"{_COLORS[f.severity]}{rule_id}{_RESET}"
        suffix = f" [{f.resource}]" if f.resource else ""
        lines.append(f"{where} {rule_id} {f.message}{suffix}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def summary(result: Result) -> str:
    shown = [f for f in result.findings if not f.suppressed]
    counts = {sev: sum(1 for f in shown if f.severity == sev) for sev in ("error", "warning", "note")}
    suppressed = len(result.findings) - len(shown)
    files = len(result.files)
    if not shown:
        text = f"No problems in {files} template{'s' if files != 1 else ''}."
    else:
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n]
        text = f"Found {len(shown)} problem{'s' if len(shown) != 1 else ''} ({', '.join(parts)}) in " + (
            f"{files} template{'s' if files != 1 else ''}."
        )
    unreadable = len({f.location.path for f in shown if f.rule.id == INPUT_ERROR})
    if unreadable:
        text += f" {unreadable} file{'s' if unreadable != 1 else ''} could not be read (E9600)."
    if suppressed:
        text += f" {suppressed} suppressed."
    if result.baselined:
        text += f" {result.baselined} baselined."
    return text
