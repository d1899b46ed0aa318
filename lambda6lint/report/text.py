"""Compiler-style text: `path:line:col: W9601 message [Resource]`, related places as notes, then a summary.

    infra/net.yaml:30:3: W9610 Route table PrivateRouteTable … [PrivateRouteTable]
        infra/app.yaml:12:3: note: function Ingest allows IPv6
    Found 1 problem (1 warning) in 2 templates.

One finding per line unless `width` is given (a terminal): then long messages wrap with an
indent. Template text is escaped (see `escape`), so no line can be taken for a CI command.
"""

from __future__ import annotations

from collections import Counter

from lambda6lint.engine import Result
from lambda6lint.findings import INPUT_ERROR, Finding
from lambda6lint.report import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
MAX_NOTES = 10
CONTINUATION = " " * 6
NOTE_INDENT = " " * 4


def render(result: Result, color: bool = False, width: int = 0, quiet: bool = False, explain: bool = False) -> str:
    lines: list[str] = []
    paths: dict[str, str] = {}  # (a file's findings and notes name it again and again: escaped once)
    for finding in result.findings:
        if not finding.suppressed:
            lines += finding_lines(finding, color, width, paths)
    if explain:
        lines.extend(explain_lines(result, width))
    if not quiet:
        text = summary(result, explained=explain)
        lines += _wrap("", text, width, 0, "") if width else [text]
    return "".join(escape.line(line) + "\n" for line in lines)


def explain_lines(result: Result, width: int = 0) -> list[str]:
    """`--explain`: per function, NAT gateway and API not fully checked, what could not be known and why."""
    lines: list[str] = []
    subject = None
    for item in result.undecided:
        if item.subject is not subject:
            subject = item.subject
            kind = noun(item.subject)
            where = item.subject.location
            lines.append(
                f"{escape.path(where.path)}:{where.line}:{where.column}: not fully checked: {kind} "
                + escape.printable(item.subject.name)
            )
        head = f"{NOTE_INDENT}{escape.path(item.location.path)}:{item.location.line}:{item.location.column}: "
        body = escape.printable(item.text)
        lines += _wrap(head, body, width, len(head), NOTE_INDENT * 2) if width else [head + body]
    return lines


#: How the summary names each kind of source (discover.py), singular and plural.
_KINDS = {
    "template": ("template", "templates"),
    "cdk-assembly": ("CDK assembly", "CDK assemblies"),
    "terraform-module": ("Terraform module", "Terraform modules"),
    "terraform-plan": ("Terraform plan", "Terraform plans"),
}


def _linted(result: Result) -> str:
    """`2 templates, 1 CDK assembly and 3 Terraform modules`, or `0 templates`."""
    counts = result.sources
    parts = [f"{counts[kind]} {names[counts[kind] != 1]}" for kind, names in _KINDS.items() if counts.get(kind)]
    if not parts:
        files = len(result.files)
        return f"{files} template{'s' if files != 1 else ''}"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


#: What --explain and the summary call each kind of subject that could not be fully checked (markdown too).
SUBJECTS = {
    "function": ("function", "functions"),
    "nat_gateway": ("NAT gateway", "NAT gateways"),
    "api": ("API", "APIs"),
    "module_call": ("module call", "module calls"),
}


def noun(subject: Any) -> str:
    """What a subject is called: its kind's name, a module call's own (an Fn::ForEach is a "loop")."""
    return getattr(subject, "noun", "") or SUBJECTS.get(subject.kind, (subject.kind,))[0]


def _undecided(result: Result, explained: bool, where: str = "above") -> str:
    subjects = list(dict.fromkeys(u.subject for u in result.undecided))
    if not subjects:
        return ""
    parts = []
    nouns = [noun(s) for s in subjects]
    for singular in dict.fromkeys([names[0] for names in SUBJECTS.values()] + nouns):
        count = nouns.count(singular)
        if count:
            plural = next((names[1] for names in SUBJECTS.values() if names[0] == singular), singular + "s")
            parts.append(f"{count} {plural if count != 1 else singular}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f" {listed} not fully checked" + (f" ({where})." if explained else ": --explain shows why.")


def finding_lines(f: Finding, color: bool = False, width: int = 0, paths: dict[str, str] | None = None) -> list[str]:
    """A finding's lines; `paths`: the escaped paths this report already printed (`escape.path`), by path."""
    paths = {} if paths is None else paths
    where = f.location
    shown = paths.get(where.path)
    if shown is None:
        shown = paths[where.path] = escape.path(where.path)
    at = f"{shown}:{where.line}:{where.column}:"
    rule_id = f.rule.id
    body = escape.printable(f.message)
    if f.resource:
        body += f" [{escape.printable(f.resource)}]"
    if width or color:
        plain_width = len(at) + len(rule_id) + 2
        head = f"{_BOLD}{at}{_RESET} {_COLORS[f.severity]}{rule_id}{_RESET} " if color else f"{at} {rule_id} "
        lines = _wrap(head, body, width, plain_width, CONTINUATION) if width else [head + body]
    else:
        lines = [f"{at} {rule_id} {body}"]
    if not f.related:
        return lines
    notes = f.related[:MAX_NOTES]
    for place, text in notes:
        shown = paths.get(place.path)
        if shown is None:
            shown = paths[place.path] = escape.path(place.path)
        head = f"{NOTE_INDENT}{shown}:{place.line}:{place.column}: note: "
        body = escape.printable(text)
        if not (width or color):
            lines.append(head + body)
            continue
        for line in _wrap(head, body, width, len(head), NOTE_INDENT * 2) if width else [head + body]:
            lines.append(f"{_DIM}{line}{_RESET}" if color else line)
    if len(f.related) > len(notes):
        lines.append(f"{NOTE_INDENT}… and {len(f.related) - len(notes)} more")
    return lines


def _wrap(head: str, body: str, width: int, head_width: int, indent: str) -> list[str]:
    """`head` + `body` wrapped at `width` columns, later lines indented by `indent`.

    `head_width` is how wide `head` shows (colour codes take no room); words are never split.
    """
    import textwrap  # a terminal only

    first, *rest = textwrap.wrap(body, max(20, width - head_width), break_long_words=False, break_on_hyphens=False) or [
        ""
    ]
    lines = [head + first]
    if rest:
        again = textwrap.wrap(
            " ".join(rest), max(20, width - len(indent)), break_long_words=False, break_on_hyphens=False
        )
        lines += [indent + chunk for chunk in again]
    return lines


def statistics(result: Result) -> list[tuple[int, Finding]]:
    """(count, a finding of that rule) per rule with unsuppressed findings, most frequent first."""
    shown = [f for f in result.findings if not f.suppressed]
    counts = Counter(f.rule.id for f in shown)
    sample = {f.rule.id: f for f in shown}
    return sorted(((n, sample[rule_id]) for rule_id, n in counts.items()), key=lambda item: (-item[0], item[1].rule.id))


def render_statistics(result: Result, quiet: bool = False) -> str:
    """`--statistics`: one line per rule, `count  id  name  severity`, like ruff's."""
    rows = statistics(result)
    width = max((len(str(n)) for n, _ in rows), default=1)
    name_width = max((len(f.rule.name) for _, f in rows), default=0)
    lines = [f"{n:>{width}}  {f.rule.id}  {f.rule.name:<{name_width}}  {f.severity}" for n, f in rows]
    if not quiet:
        lines.append(summary(result))
    return "".join(line + "\n" for line in lines)


def summary(result: Result, explained: bool = False, listed: str = "above") -> str:
    shown = [f for f in result.findings if not f.suppressed]
    by_severity = Counter(f.severity for f in shown)
    counts = {sev: by_severity[sev] for sev in ("error", "warning", "note")}
    suppressed = len(result.findings) - len(shown)
    unreadable = len({f.location.path for f in shown if f.rule.id == INPUT_ERROR})
    if not shown:
        text = f"No problems in {_linted(result)}."
    else:
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n]
        # nothing linted, only unreadable files: not "in 0 templates" when the file was a plan or a module
        where = "" if unreadable and not result.files else f" in {_linted(result)}"
        text = f"Found {len(shown)} problem{'s' if len(shown) != 1 else ''} ({', '.join(parts)}){where}."
    if unreadable:
        text += f" {unreadable} file{'s' if unreadable != 1 else ''} could not be read (E9600)."
    if suppressed:
        text += f" {suppressed} suppressed."
    if result.baselined:
        text += f" {result.baselined} baselined."
    text += _undecided(result, explained, listed)
    if result.plan is not None and result.plan.in_summary:
        from lambda6lint.plan import at_stake  # (imported by the run that built the plan)

        stake, change = at_stake(result.plan), "; ".join(item.text for item in result.plan.delta)
        text += f" {stake}." if stake else ""
        text += f" {change[0].upper()}{change[1:]}." if change else ""
    return escape.line(escape.printable(text))  # (one line, though the baseline delta quotes names)
