"""A rule's documented examples are cut from its fixtures, so the docs show code the rule is proven to
flag (bad, from a bad-* fixture) and to accept (good, from a good-* fixture) in that format.

Checked for the rules whose examples are written that way; the others' examples are being rewritten
and join `CUT` when they are."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from lambda6lint import engine

CUT = ("I9640", "W9621")
SUFFIXES = {"cloudformation": (".yaml", ".json"), "terraform": (".tf",)}
MARKER = re.compile(r"\s+#\s*expect:.*$")


def chunks(example: str) -> list[list[str]]:
    """The example's runs of lines between `...` lines."""
    found: list[list[str]] = [[]]
    for line in example.splitlines():
        if line.strip() == "...":
            found.append([])
        else:
            found[-1].append(line)
    return [c for c in found if c]


def contains(text: str, chunk: list[str]) -> bool:
    """Whether `chunk` appears as consecutive lines of `text`, indented alike (markers ignored)."""
    lines = [MARKER.sub("", line) for line in text.splitlines()]
    for start in range(len(lines) - len(chunk) + 1):
        first = lines[start]
        if not first.endswith(chunk[0]):
            continue
        prefix = first[: len(first) - len(chunk[0])]
        if prefix.strip():
            continue
        if all(
            lines[start + i] == (prefix + c if c else "") or (not c and not lines[start + i].strip())
            for i, c in enumerate(chunk)
        ):
            return True
    return False


def sources(rule_id: str, kind: str, fmt: str) -> list[str]:
    files = [p for p in (FIXTURES / rule_id).rglob("*") if p.is_file() and p.name.endswith(SUFFIXES[fmt])]
    return [p.read_text() for p in files if any(part.startswith(kind + "-") for part in p.relative_to(FIXTURES).parts)]


@pytest.mark.parametrize("rule", [r for r in engine.registry() if r.id in CUT], ids=lambda r: r.id)
def test_examples_are_cut_from_fixtures(rule):
    formats = {e.format for e in rule.doc.examples}
    assert formats >= {"cloudformation", "terraform"}
    for example in rule.doc.examples:
        for kind, text in (("bad", example.bad), ("good", example.good)):
            texts = sources(rule.id, kind, example.format)
            for chunk in chunks(text):
                assert any(contains(t, chunk) for t in texts), f"{rule.id} {example.format} {kind}: {chunk[:2]}…"


def test_the_check_can_fail():
    assert not contains("a:\n  b: 1\n", ["a:", "  b: 2"])
    assert contains("x:\n  a:\n    b: 1  # expect: W9621\n", ["a:", "  b: 1"])
