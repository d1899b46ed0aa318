"""`lambda6lint rules`: the catalog as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lambda6lint.findings import Rule


def render(rules: Sequence[Rule], fmt: str = "text") -> str:
    if fmt == "json":
        rows = [
            {"id": r.id, "name": r.name, "severity": r.severity, "summary": r.summary, "tags": list(r.tags)}
            for r in rules
        ]
        return json.dumps(rows, indent=2) + "\n"
    width = max(len(r.name) for r in rules)
    lines = [f"{r.id}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"
