"""One graph across templates: `Fn::ImportValue` joins plain CloudFormation stacks linted together.

Each fixtures/cross-stack/<scenario>/ folder is linted as one run; the `# expect: RULE` markers in all
its files are the complete set of findings (every rule), so a scenario without markers must be silent.
"""

from __future__ import annotations

import collections
import re

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import engine

CROSS = FIXTURES / "cross-stack"
_MARK = re.compile(r"#\s*expect:\s*([EWI]\d{4})")


def expected(folder):
    found = collections.Counter()
    for path in sorted(folder.glob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in _MARK.finditer(line):
                found[(path.name, number, match.group(1))] += 1
    return found


@pytest.mark.parametrize("scenario", sorted(p.name for p in CROSS.iterdir() if p.is_dir()))
def test_cross_stack_scenario(scenario, monkeypatch):
    monkeypatch.chdir(ROOT)
    folder = CROSS / scenario
    result = engine.lint([str(folder.relative_to(ROOT))])
    got = collections.Counter((f.location.path.rsplit("/", 1)[-1], f.location.line, f.rule.id) for f in result.findings)
    assert got == expected(folder)


def test_each_template_alone_knows_nothing_of_the_other(monkeypatch):
    """Linted alone, the importing template's subnets are unknown: no finding about them."""
    monkeypatch.chdir(ROOT)
    alone = engine.lint([str((CROSS / "exports" / "app.yaml").relative_to(ROOT))])
    assert alone.findings == []


def test_related_location_names_the_importing_function(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = engine.lint([str((CROSS / "exports").relative_to(ROOT))])
    finding = next(f for f in result.findings if f.rule.id == "W9610")
    assert finding.location.path.endswith("network.yaml")
    assert [where.path.rsplit("/", 1)[-1] for where, _ in finding.related] == ["app.yaml"]


def test_duplicate_export_names_are_ambiguous(tmp_path):
    """Two stacks exporting one name (say dev and prod copies) cannot both be the import's source."""
    for copy in ("a", "b"):
        (tmp_path / copy).mkdir()
        (tmp_path / copy / "network.yaml").write_text((CROSS / "exports" / "network.yaml").read_text())
    (tmp_path / "app.yaml").write_text((CROSS / "exports" / "app.yaml").read_text())
    result = engine.lint([str(tmp_path)])
    assert not any(f.rule.id in ("W9601", "W9610") for f in result.findings)
