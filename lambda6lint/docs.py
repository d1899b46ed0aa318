"""Generate the rule documentation from the rule modules: `python -m lambda6lint.docs`.

Writes docs/rules.md and the rule table between the markers in README.md; a test fails when
either is out of date, so documentation never drifts from the registry. The README's links are
absolute and pinned to this version's tag, so they work on the package index too.
"""

from __future__ import annotations

import pathlib
import re
import sys
from collections.abc import Sequence

from lambda6lint.engine import registry
from lambda6lint.findings import Rule
from lambda6lint.report.catalog import examples

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table(rules: Sequence[Rule]) -> str:
    rows = ["| id | name | severity | what it finds |", "|---|---|---|---|"]
    rows += [f"| [{r.id}]({r.help_uri}) | `{r.name}` | {r.severity} | {r.summary} |" for r in rules]
    return "\n".join(rows)


def rules_markdown(rules: Sequence[Rule]) -> str:
    parts = [
        "# lambda6lint rules",
        "",
        "Generated from the rule modules by `python -m lambda6lint.docs`.",
        "",
        "Each example is cut from the rule's test fixtures (`fixtures/<RULE>/`): the first snippet from a file "
        "the rule reports, the one after it from a file the rule accepts. A line `...` stands for lines left out.",
        "",
    ]
    for r in rules:
        d = r.doc
        parts += [
            f"## {r.id} {r.name}",
            "",
            f"*{r.severity}* · {r.summary}" + (f" · [source]({r.source_url})" if r.source_url else ""),
            "",
            "### What it does",
            d.what,
            "",
            "### Why is this bad?",
            d.why,
            "",
        ]
        parts += examples(d.examples, "###")
        parts += [
            "### Fix",
            d.fix,
            "",
        ]
    return "\n".join(parts)


def readme_with_table(readme: str, rules: Sequence[Rule]) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{START}\n{rule_table(rules)}\n{END}", readme)


def main(root: str = ".") -> int:
    base = pathlib.Path(root)
    rules = registry()
    (base / "docs").mkdir(exist_ok=True)
    (base / "docs" / "rules.md").write_text(rules_markdown(rules), encoding="utf-8")
    readme = base / "README.md"
    if readme.exists():
        readme.write_text(readme_with_table(readme.read_text(encoding="utf-8"), rules), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
