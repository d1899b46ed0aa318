"""Table-driven: every fixture under fixtures/<RULE>/ triggers its rule exactly at the marked lines
(bad-*) or not at all (good-*); every rule has both kinds in every format it applies to."""

from __future__ import annotations

import collections
import os
import re

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import engine

_MARK = re.compile(r"#\s*expect:\s*([EWI]\d{4})(?:\s+x(\d+))?")
FORMATS = {
    "cfn-yaml": "CloudFormation YAML",
    "cfn-json": "CloudFormation JSON",
    "sam": "SAM",
    "terraform": "Terraform HCL",
    "tfplan": "Terraform plan JSON",
}
#: Formats a rule does not apply to, each with the reason; every other format needs both kinds.
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "E9600": {"sam": "an unreadable file is the same failure whether or not it declares the SAM transform"},
    "E9613": {
        "terraform": "Terraform orders creation by references: a subnet reading the VPC's IPv6 block waits for it",
        "tfplan": "a plan is already ordered by Terraform's references: there is no DependsOn to forget",
    },
}


def fixture_files():
    for path in sorted(FIXTURES.glob("[EWI]*/*")):
        if not path.name.startswith(("bad-", "good-")):
            continue
        if path.is_dir() or path.suffix in (".yaml", ".yml", ".json", ".template"):
            yield path


def fixture_format(path) -> str:
    if path.is_dir():
        return "terraform"
    if path.name.endswith(".tfplan.json"):
        return "tfplan"
    if path.name.endswith(".sam.yaml"):
        return "sam"
    return "cfn-json" if path.suffix == ".json" else "cfn-yaml"


def marked_files(path):
    """The files whose markers count: the fixture itself, or every .tf file (or template, with the files
    it includes) of a folder."""
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.suffix in (".tf", ".yaml", ".yml", ".json") and ".terraform" not in p.relative_to(path).parts
        )
    return [path]


def expected_lines(path, rule_id: str) -> collections.Counter:
    """Expected findings as (file relative to the repository, line)."""
    counts: collections.Counter = collections.Counter()
    for file in marked_files(path):
        for line, count in _expected_in_file(file, rule_id).items():
            counts[(str(file.relative_to(ROOT)), line)] += count
    return counts


def _expected_in_file(path, rule_id: str) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    if path.suffix == ".json":
        sidecar = path.with_name(path.name + ".expect")
        if sidecar.exists():
            for line in sidecar.read_text().splitlines():
                if line.strip():
                    rid, number = line.split()
                    if rid == rule_id:
                        counts[int(number)] += 1
        return counts
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        for match in _MARK.finditer(line):
            if match.group(1) == rule_id:
                counts[number] += int(match.group(2) or 1)
    return counts


def lint(path):
    return engine.lint([os.path.relpath(path, ROOT)])


@pytest.mark.parametrize("path", list(fixture_files()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    rule_id = path.parent.name
    result = lint(path)
    got = collections.Counter(
        (os.path.normpath(f.location.path), f.location.line) for f in result.findings if f.rule.id == rule_id
    )
    if path.name.startswith("good-"):
        assert not got, f"{rule_id} must stay silent on {path.name}: {[f.message for f in result.findings]}"
        return
    want = expected_lines(path, rule_id)
    assert want, f"{path.name}: a bad fixture needs `# expect: {rule_id}` markers (or a .json.expect sidecar)"
    assert got == want, (
        f"{rule_id} lines differ on {path.name}: got {sorted(got.elements())}, want {sorted(want.elements())}"
    )


@pytest.mark.parametrize("rule", engine.registry(), ids=lambda r: r.id)
def test_every_rule_has_good_and_bad_fixtures_per_format(rule):
    folder = FIXTURES / rule.id
    files = [p for p in fixture_files() if p.parent == folder]
    exempt = NOT_APPLICABLE.get(rule.id, {})
    assert set(exempt) <= set(FORMATS) and all(exempt.values()), f"{rule.id}: name each exempt format with a reason"
    formats = {fmt: label for fmt, label in FORMATS.items() if fmt not in exempt}
    missing = [
        f"{kind} {label}"
        for fmt, label in formats.items()
        for kind in ("bad", "good")
        if not any(p.name.startswith(kind + "-") and fixture_format(p) == fmt for p in files)
    ]
    assert not missing, f"{rule.id} lacks fixtures: {', '.join(missing)}"
