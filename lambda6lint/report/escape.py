"""Template text made harmless for a terminal and a CI log.

Everything a report prints can come from a pull request: logical ids, file names, messages that
quote values. Printed raw, an ESC sequence rewrites the terminal, and a line that starts with
`::` (after spaces) is a GitHub Actions workflow command (`::add-mask::`, `::error::`), as is
`##[command]` anywhere in a line (the runner's legacy form). So control characters (and the
bidirectional ones that reorder what is shown) are shown escaped (`\\n`, `\\x1b`, `\\u202e`), `##[`
is broken up, and no printed line starts with `::`.
"""

from __future__ import annotations

import re

#: Control characters, line separators, and the bidirectional controls that make a terminal or a log
#: show text in another order than it is (CVE-2021-42574, "Trojan Source": a file name `x\u202ey.yaml`).
_CONTROL = (
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # (compiled when first needed)
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")  # json.dumps(ensure_ascii=False) leaves these raw
LEGACY_COMMAND = "##["


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def printable(value: str) -> str:
    """`value` on one line, with control characters escaped and no workflow command inside it."""
    if value.isprintable() and LEGACY_COMMAND not in value:
        return value  # nearly every value: a scan in C, where the regular expression costs ten times more
    return re.sub(_CONTROL, _escaped, value).replace(LEGACY_COMMAND, "#\\x23[")


def path(value: str) -> str:
    """A path at the start of a line: printable, and `./`-prefixed when it would start with `:`."""
    text = printable(value)
    return "./" + text if text.startswith(":") else text


def line(text: str) -> str:
    """A printed line that cannot be a workflow command, whatever its content."""
    stripped = text.lstrip()
    if stripped.startswith("::"):
        cut = len(text) - len(stripped)
        return text[:cut] + "\\x3a" + stripped[1:]
    return text


def json_text(text: str) -> str:
    """Serialised JSON with the characters json.dumps leaves raw escaped too (same value once parsed)."""
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(LEGACY_COMMAND, "#\\u0023[")
