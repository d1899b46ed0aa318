"""Suppression comments, shared by every text format: `# lambda6lint:ignore W9601 reason` (or `//`).

A comment inside a resource's block, or in the comment lines directly above it, ignores the named rules
(ids, names or prefixes, separated by spaces or commas) for that resource; what follows is the
reason, kept with each rule it names (SARIF `justification`, JSON `suppressed`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from functools import cache

from lambda6lint.patterns import on_use

# Patterns, not compiled ones: `re` compiles them on first use (and keeps them), so a run whose files
# hold no ignore comment never pays for it.
_IGNORE = r"(?:#|//)\s*lambda6lint:\s*ignore\b[=:]?(.*)"  # (`ignore: W9650`, as ruff's `noqa: E501`)
_RULE = r"[EWIewi]\d{1,4}|[a-z][a-z0-9]*(?:-[a-z0-9]+)+"
#: A first word that tries to be a rule id and is not one (`W96O1`), or an id outside lambda6lint's
#: range (`W9061`): kept, marked, for a warning (`filters.suppression_warnings`), as it would otherwise
#: ignore nothing in silence. (cfn-lint's `ignore_checks` name cfn-lint's rules too: never marked.)
_MISTYPED = r"[EWIewi](?=[0-9A-Za-z]*\d)[0-9A-Za-z]{2,5}"
_OUR_IDS = r"[EWIewi](?:9(?:6\d{0,2})?)?"
MISTYPED = "?"
#: Marks a key of `Metadata: lambda6lint:` that is not one it reads (after MISTYPED): said as a warning.
METADATA_KEY = "Metadata.lambda6lint."


def marked(token: str) -> str:
    """`token` as a suppression of ours records it: an id outside our range marked (MISTYPED)."""
    is_id = re.fullmatch(r"[EWIewi]\d{1,4}", token) is not None
    return MISTYPED + token if is_id and not re.fullmatch(_OUR_IDS, token) else token


def ignore_comment(line: str) -> dict[str, str]:
    """The rules an ignore comment on `line` names, each with the comment's reason ("" when none)."""
    match = re.search(_IGNORE, line)
    if not match:
        return {}
    rules: list[str] = []
    text = match.group(1).strip()
    reason = 0  # where the reason starts: after the last rule id (one pass: a line may hold 100,000 ids)
    for token in _TOKEN.finditer(text):
        word = token.group(1)
        colon = word.endswith(":") and len(word) > 1  # (`W9650: reason`, as ruff's noqa: the reason follows)
        word = word[:-1] if colon else word
        # (a hyphenated word is a rule's name only when it is one: `long-lived` starts a reason)
        if not re.fullmatch(_RULE, word) or (not word[0].isdigit() and "-" in word and word not in _names()):
            if not rules and (re.fullmatch(_MISTYPED, word) or "-" in word):
                rules.append(MISTYPED + word)  # (it ignores nothing: said as a warning)
                reason = token.end()
            break  # the reason starts here
        rules.append(marked(word))
        reason = token.end()
        if colon:
            break  # (`W9650: E2 zone is legacy`: "E2" is the reason's)
    if not rules:  # (`# lambda6lint:ignore` alone, or with a reason only: it ignores nothing, said as a warning)
        return {MISTYPED + "lambda6lint:ignore": text}
    return dict.fromkeys(rules, text[reason:].strip())


@cache
def _names() -> frozenset[str]:
    """The catalog's rule names (read only where a comment holds a hyphenated word)."""
    from lambda6lint.registry import registry

    return frozenset(rule.name for rule in registry())


_TOKEN = on_use(r"([^\s,]+)[\s,]*")


def ignored(line: str) -> list[str]:
    """The rules an ignore comment on `line` names (empty when there is none)."""
    return list(ignore_comment(line))


def before_next(lines: Sequence[str], start: int, end: int) -> int:
    """`end` (1-based) of a block that starts at `start` and runs up to the next one, less the blank lines
    and the comment lines at its key's indentation or less that end it: those right above the next
    block are its comments (`block_suppressions` reads them there), the others nobody's (`unattached`)."""
    first = lines[start - 1] if 0 < start <= len(lines) else ""
    indent = len(first) - len(first.lstrip())
    while end > start:
        line = lines[end - 1] if end <= len(lines) else ""
        text = line.lstrip()
        if text and (not text.startswith(("#", "//")) or len(line) - len(text) > indent):
            break
        end -= 1
    return end


def block_suppressions(
    lines: Sequence[str], start: int, end: int, read: list[tuple[int, int]] | None = None
) -> dict[str, str]:
    """Rules (→ reason) ignored by comments in lines `start`..`end` (1-based) or the comment lines just above at
    the block's indentation or less (one indented deeper ends the block above: `before_next`). The lines it
    read, first to last, are added to `read` (`unattached`)."""
    found: dict[str, str] = {}
    first = lines[start - 1] if 0 < start <= len(lines) else ""
    indent = len(first) - len(first.lstrip())
    above = start - 2
    while 0 <= above < len(lines) and lines[above].lstrip().startswith(("#", "//")):
        if len(lines[above]) - len(lines[above].lstrip()) > indent:
            break
        found.update(ignore_comment(lines[above]))
        above -= 1
    for line in lines[max(start - 1, 0) : min(end, len(lines))]:
        if "lambda6lint" in line:
            found.update(ignore_comment(line))
    if read is not None:
        read.append((above + 2, end))
    return found


def unattached(lines: Sequence[str], read: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (line, column) of ignore comments outside every block `block_suppressions` read: with a blank
    line before the resource, or outside any resource, they ignore nothing (`filters.suppression_warnings`)."""
    spans = sorted(read)
    firsts = [first for first, _ in spans]
    reach = list(itertools.accumulate((last for _, last in spans), max))  # the furthest line read so far
    found = []
    for number, line in enumerate(lines, 1):
        if "lambda6lint" in line and re.search(_IGNORE, line):
            index = bisect.bisect_right(firsts, number) - 1
            if index < 0 or reach[index] < number:
                found.append((number, len(line) - len(line.lstrip()) + 1))
    return found
