"""Renderers: they format a run's result and decide nothing."""

from __future__ import annotations

from lambda6lint.engine import Result

FORMATS = ("text", "json", "sarif", "github", "gitlab", "markdown")
PLAN_FORMATS = ("text", "markdown", "json", "html")
#: What a lint run's `--report` also writes from the same run: the plan, `plan-<format>`.
PLAN_REPORTS = tuple(f"plan-{fmt}" for fmt in PLAN_FORMATS)


def render_plan(result: Result, fmt: str) -> str:
    """The migration plan of `result` (its diagrams drawn: `diagram.draw`) in `fmt`, one of PLAN_FORMATS."""
    if fmt == "markdown":
        from lambda6lint.report import plan_markdown

        return plan_markdown.render(result)
    if fmt == "json":
        from lambda6lint.report import plan_json

        return plan_json.render(result)
    if fmt == "html":
        from lambda6lint.report import plan_html

        return plan_html.render(result)
    from lambda6lint.report import plan_text

    return plan_text.render(result)


def render(
    result: Result,
    fmt: str,
    *,
    color: bool = False,
    width: int = 0,
    quiet: bool = False,
    statistics: bool = False,
    explain: bool = False,
    category: str = "lambda6lint",
    omit_suppressed: bool = False,
) -> str:
    """`result` in format `fmt`; `statistics` gives counts per rule instead (text and json only); `explain`
    lists what could not be decided (text and github after the findings, markdown in a section of its
    own; JSON and SARIF always carry it; GitLab's code quality report has no place for it)."""
    if fmt == "sarif":
        from lambda6lint.report import sarif

        return sarif.render(result, category, omit_suppressed)
    if fmt == "json":
        from lambda6lint.report import jsonout

        return jsonout.render_statistics(result) if statistics else jsonout.render(result)
    if fmt == "gitlab":
        from lambda6lint.report import gitlab

        return gitlab.render(result)
    if fmt == "github":
        from lambda6lint.report import github

        return github.render(result, quiet=quiet, explain=explain)
    if fmt == "markdown":
        from lambda6lint.report import markdown

        return markdown.render(result, explain=explain)
    from lambda6lint.report import text

    if statistics:
        return text.render_statistics(result, quiet=quiet)
    return text.render(result, color=color, width=width, quiet=quiet, explain=explain)
