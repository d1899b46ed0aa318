"""Documentation never drifts from the registry; every rule is documented in the fixed shape."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from lambda6lint import docs, engine

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_matches_registry():
    assert docs.readme_with_table(README, engine.registry()) == README, "run `python -m lambda6lint.docs`"


def test_generated_rule_docs_are_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == docs.rules_markdown(engine.registry()), "run `python -m lambda6lint.docs`"


@pytest.mark.parametrize("rule", engine.registry(), ids=lambda r: r.id)
def test_rule_metadata(rule):
    assert re.fullmatch(r"[EWI]96\d\d", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    for part in ("what", "why", "fix"):
        assert getattr(rule.doc, part).strip(), f"{rule.id} lacks doc.{part}"
    assert rule.doc.examples and all(e.bad.strip() and e.good.strip() for e in rule.doc.examples)
    assert rule.summary and rule.tags
    assert rule.check is not None or rule.id == engine.INPUT_ERROR


def test_rule_module_names_match_ids():
    modules = sorted(p.stem for p in (ROOT / "rules").glob("[EWI]*.py"))
    assert [m.split("_", 1)[0] for m in modules] == sorted(r.id for r in engine.registry())
    for module in modules:
        rule = next(r for r in engine.registry() if r.id == module.split("_", 1)[0])
        assert module.split("_", 1)[1] == rule.name.replace("-", "_")


def test_readme_test_command_is_what_ci_runs():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(blocks) >= 2
    ci = (ROOT / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci
    assert "examples/sam-app" in blocks[0]
