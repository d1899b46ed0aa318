"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff, and one
per suppression that names no rule (also said on stderr, which the diff does not show)."""

from __future__ import annotations

from lambda6lint import paths
from lambda6lint.engine import Result, of_suppression
from lambda6lint.filters import UNATTACHED
from lambda6lint.report import escape
from lambda6lint.report.escape import printable
from lambda6lint.report.text import explain_lines, summary

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(value: str) -> str:
    """Control characters (ESC and newlines too) escaped as text, then `%` as the runner unescapes it."""
    return printable(value).replace("%", "%25")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, quiet: bool = False, explain: bool = False) -> str:
    lines = []
    for f in result.findings:
        if f.suppressed:
            continue
        path = paths.portable(f.location.path)
        title = f"{f.rule.id} {f.rule.name}"
        message = f"{f.message} [{f.resource}]" if f.resource else f.message
        lines.append(
            f"::{_LEVELS[f.severity]} file={_property(path)},line={f.location.line},col={f.location.column},"
            f"title={_property(title)}::{_data(message)}"
        )
    for where, text in result.warnings:  # a suppression that names no rule: on the line, where it is fixed
        title = "lambda6lint: warning"
        if of_suppression(text):
            title = (
                "lambda6lint: suppression ignores nothing"
                if text == UNATTACHED
                else "lambda6lint: suppression names no rule"
            )
        lines.append(
            f"::warning file={_property(paths.portable(where.path))},line={where.line},col={where.column},"
            f"title={_property(title)}::{_data(text)}"
        )
    if explain and result.undecided:  # in the log, folded: what could not be decided is no annotation
        explained = [escape.line(line) for line in explain_lines(result)]
        lines += ["::group::Not fully checked (--explain)", *explained, "::endgroup::"]
    if not quiet:
        lines.append(escape.line(summary(result, explained=explain)))
    return "".join(line + "\n" for line in lines)
