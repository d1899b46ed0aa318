"""GitLab Code Quality (`--format gitlab`): a JSON array of issues for `artifacts: reports: codequality`.

Each issue carries GitLab's required fields: description, check_name (the rule id), fingerprint,
severity and location.path (repo-relative) with location.lines.begin. Severities map as
error → critical, warning → major, note → info. GitLab keeps one issue per fingerprint, so a
fingerprint that occurs twice in one report is made unique by its occurrence number.
"""

from __future__ import annotations

import hashlib
import json

from lambda6lint import paths
from lambda6lint.engine import Result
from lambda6lint.findings import Finding
from lambda6lint.report.escape import json_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SEVERITIES = {"error": "critical", "warning": "major", "note": "info"}


def _category(finding: Finding) -> str:
    """A Code Climate category (GitLab ignores it; other Code Climate readers want one)."""
    if finding.rule.severity == "error":
        return "Bug Risk"
    return "Performance" if "cost" in finding.rule.tags else "Compatibility"


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    message = f"{finding.message} [{finding.resource}]" if finding.resource else finding.message
    path = paths.portable(finding.location.path)
    return {
        "type": "issue",
        "description": f"{finding.rule.id} {message}",
        "check_name": finding.rule.id,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "categories": [_category(finding)],
        "location": {"path": path, "lines": {"begin": max(1, finding.location.line)}},
    }


def document(result: Result) -> list[dict[str, Any]]:
    issues = []
    seen: dict[str, int] = {}
    for finding in result.findings:
        if finding.suppressed:
            continue
        fingerprint = finding.fingerprint
        occurrence = seen.get(fingerprint, 0)
        seen[fingerprint] = occurrence + 1
        if occurrence:
            fingerprint = hashlib.sha256(f"{fingerprint}#{occurrence}".encode()).hexdigest()[:32]
        issues.append(issue(finding, fingerprint))
    return issues


def render(result: Result) -> str:
    return json_text(json.dumps(document(result), indent=2, ensure_ascii=False)) + "\n"
