"""Suppression comments, shared by every text format: `# lambda6lint:ignore W9601 reason` (or `//`).

A comment inside a resource's block, or in the comment lines directly above it, ignores the named rules
(ids, names or prefixes, separated by spaces or commas) for that resource; what follows is the
reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_IGNORE = re.compile(r"(?:#|//)\s*lambda6lint:\s*ignore\b=?(.*)")
_RULE = re.compile(r"[EWIewi]\d{1,4}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+")


def ignored(line: str) -> list[str]:
    """The rules an ignore comment on `line` names (empty when there is none)."""
    match = _IGNORE.search(line)
    if not match:
        return []
    rules = []
    for token in re.split(r"[\s,]+", match.group(1).strip()):
        if not token:
            continue
        if not _RULE.fullmatch(token):
            break  # the reason starts here
        rules.append(token)
    return rules


def block_suppressions(lines: Sequence[str], start: int, end: int) -> frozenset[str]:
    """Rules ignored by comments in lines `start`..`end` (1-based, inclusive) or the comment lines just above."""
    found: set[str] = set()
    above = start - 2
    while 0 <= above < len(lines) and lines[above].lstrip().startswith(("#", "//")):
        found.update(ignored(lines[above]))
        above -= 1
    for line in lines[max(start - 1, 0) : min(end, len(lines))]:
        if "lambda6lint" in line:
            found.update(ignored(line))
    return frozenset(found)
