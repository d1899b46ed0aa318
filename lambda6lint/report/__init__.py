"""Renderers: they format a run's result and decide nothing."""

from __future__ import annotations

from lambda6lint.engine import Result


def render(result: Result, fmt: str, color: bool = False, fail_on: str = "warning") -> str:
    if fmt == "sarif":
        from lambda6lint.report import sarif

        return sarif.render(result)
    if fmt == "json":
        from lambda6lint.report import jsonout

        return jsonout.render(result)
    if fmt == "gitlab":
        from lambda6lint.report import gitlab

        return gitlab.render(result)
    if fmt == "github":
        from lambda6lint.report import github

        return github.render(result)
    from lambda6lint.report import text

    return text.render(result, color=color)
