"""Machine-readable findings (`--format json`): a stable, flat shape for scripts."""

from __future__ import annotations

import json

from lambda6lint import __version__
from lambda6lint.engine import Result
from lambda6lint.report.escape import json_text
from lambda6lint.report.text import noun, summary


def render(result: Result) -> str:
    findings = [
        {
            "rule": f.rule.id,
            "name": f.rule.name,
            "severity": f.severity,
            "message": f.message,
            "path": f.location.path,
            "line": f.location.line,
            "column": f.location.column,
            "resource": f.resource,
            "resource_path": f.resource_path,
            "related": [
                {"path": where.path, "line": where.line, "column": where.column, "message": text}
                for where, text in f.related
            ],
            "fingerprint": f.fingerprint,
            "suppressed": f.suppressed,  # the reason given in the template, or how it was suppressed
        }
        for f in result.findings
    ]
    undecided = [
        {
            "subject": u.subject.id,
            "subject_path": u.subject.name,
            "subject_kind": u.subject.kind,
            "subject_noun": noun(u.subject),  # ("loop": an Fn::ForEach, of kind module_call)
            "fact": u.fact,
            "cause": u.cause,
            "resource": u.resource.id,
            "path": u.location.path,
            "line": u.location.line,
            "column": u.location.column,
        }
        for u in result.undecided
    ]
    document = {
        "version": __version__,
        "files": result.files,
        "sources": result.sources,
        "findings": findings,
        "undecided": undecided,  # what the rules needed and could not know (--explain), not findings
        "summary": summary(result),
        # (where the run's NAT gateways deploy, as their code says for certain: the summary's prices are us-east-1's)
        "regions": _regions(result),
        "warnings": [  # suppressions that name no rule, a stale plan, a named file not linted (also on stderr)
            {"path": where.path, "line": where.line, "column": where.column, "message": text}
            for where, text in result.warnings
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _regions(result: Result) -> list[str]:
    """The regions the run's NAT gateways deploy to, where their code says for certain."""
    if result.plan is None:
        return []
    from lambda6lint.plan import known_regions  # (imported by the run that built the plan)

    return known_regions(result.plan.nats)


def render_statistics(result: Result) -> str:
    """`--statistics --format json`: counts per rule, most frequent first."""
    from lambda6lint.report.text import statistics

    rows = [{"rule": f.rule.id, "name": f.rule.name, "severity": f.severity, "count": n} for n, f in statistics(result)]
    return json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n"
