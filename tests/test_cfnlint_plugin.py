"""The cfn-lint plug-in, run by the real cfn-lint: same ids, messages, lines and columns as our CLI.

cfn-lint is the one in this virtualenv (the `test` extra pins 1.58, which keeps SAM resources
unexpanded). More cfn-lint executables — an older one that still transforms SAM with
aws-sam-translator, such as 1.51 — are tested when their paths are given in
LAMBDA6LINT_TEST_CFN_LINT (separated by os.pathsep; .ci/run builds a cfn-lint 1.51 virtualenv
with lambda6lint installed and sets it). Those tests skip when it is not set.
"""

from __future__ import annotations

import collections
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from lambda6lint import cli, discover, engine

pytestmark = pytest.mark.slow  # runs real tools in subprocesses: `pytest -m 'not slow'` skips it

ENV = "LAMBDA6LINT_TEST_CFN_LINT"
PLUGIN = "lambda6lint.cfnlint"
OURS = re.compile(r"[EWI]96\d\d")


def _venv_cfn_lint() -> str | None:
    return shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or shutil.which("cfn-lint")


def _version(exe: str) -> tuple[int, ...]:
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", proc.stdout + proc.stderr)
    assert found, f"{exe} --version: {proc.stdout}{proc.stderr}"
    return tuple(int(part) for part in found.groups())


def _executables() -> list[tuple[str, str]]:
    """(test id, path) of every cfn-lint to test; the virtualenv's first."""
    found = []
    venv = _venv_cfn_lint()
    if venv:
        found.append(venv)
    found.extend(p for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip())
    out = []
    for exe in found:
        if not os.access(exe, os.X_OK):
            out.append((f"missing:{exe}", exe))
            continue
        out.append(("cfn-lint-" + ".".join(map(str, _version(exe))), exe))
    return out


EXECUTABLES = _executables()
EXE_PARAMS = [pytest.param(exe, id=name) for name, exe in EXECUTABLES] or [
    pytest.param(None, id="no-cfn-lint", marks=pytest.mark.skip(reason="cfn-lint is not installed"))
]


def fixtures() -> list[str]:
    """The CloudFormation and SAM fixtures (not Terraform's)."""
    return sorted(
        str(p.relative_to(ROOT))
        for p in FIXTURES.glob("[EWI]*/*")
        if p.suffix in (".yaml", ".yml", ".json", ".template")
        and p.name.startswith(("bad-", "good-"))
        and p.is_file()
        and discover.file_kind(str(p)) == discover.TEMPLATE
    )


def cfn_lint(exe: str | None, *args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess:
    if exe is None or not os.access(exe, os.X_OK):
        pytest.fail(f"cfn-lint executable {exe!r} (from {ENV}) does not exist")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=600, input=stdin, env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # the plug-in must be importable from cfn-lint's own environment
    return env


def matches_json(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.stdout.strip(), f"cfn-lint printed nothing (exit {proc.returncode}): {proc.stderr}"
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"cfn-lint did not print JSON (exit {proc.returncode}): {proc.stdout[:2000]} {proc.stderr}")


def as_tuples(matches: list[dict]) -> dict[str, list[tuple[str, int, int, str]]]:
    by_file: dict[str, list[tuple[str, int, int, str]]] = collections.defaultdict(list)
    for m in matches:
        start = m["Location"]["Start"]
        by_file[m["Filename"]].append((m["Rule"]["Id"], start["LineNumber"], start["ColumnNumber"], m["Message"]))
    return by_file


_RUNS: dict[str, dict[str, list[tuple[str, int, int, str]]]] = {}


def fixture_run(exe: str) -> dict[str, list[tuple[str, int, int, str]]]:
    """One cfn-lint process over every fixture, with the I rules: matches by file."""
    if exe not in _RUNS:
        proc = cfn_lint(exe, "-a", PLUGIN, "--include-checks", "I", "--format", "json", "--", *fixtures())
        assert proc.returncode not in (1, 32), proc.stderr  # 1: crash or bad rule loading; 32: other
        _RUNS[exe] = as_tuples(matches_json(proc))
    return _RUNS[exe]


def cli_findings(path: str, tmp_path: Path) -> list[tuple[str, int, int, str]]:
    """Our CLI's unsuppressed findings on one file, as cfn-lint would print them."""
    out = tmp_path / "cli.json"
    cli.main([path, "--format", "json", "--output", str(out)])
    report = json.loads(out.read_text())
    return sorted(
        (f["rule"], f["line"], f["column"], f["message"])
        for f in report["findings"]
        if not f["suppressed"] and f["path"] == path
    )


@pytest.mark.parametrize("exe", EXE_PARAMS)
@pytest.mark.parametrize("path", fixtures())
def test_fixture_matches_cli(exe, path, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    got = fixture_run(exe).get(path, [])
    crashes = [m for m in got if m[0] in ("E0001", "E0002")]
    assert not crashes, f"cfn-lint could not run the rules on {path}: {crashes}"
    ours = sorted(m for m in got if OURS.fullmatch(m[0]))
    want = cli_findings(path, tmp_path)
    if any(m[0] == "E0000" for m in got):
        # cfn-lint's own parser refused it (and then runs no rule at all): so must lambda6lint have.
        assert [w[0] for w in want] == [engine.INPUT_ERROR], f"{path}: cfn-lint could not parse it: {got}"
        assert not ours, f"{path}: lambda6lint findings although cfn-lint could not parse it: {ours}"
        return
    assert ours == want, f"{path}: cfn-lint {ours} != lambda6lint {want}"


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_sam_functions_are_linted(exe):
    """Both SAM paths give findings: < 1.54 (transformed to AWS::Lambda::Function), >= 1.54 (kept)."""
    run = fixture_run(exe)
    sam_bad = [p for p in fixtures() if p.endswith(".sam.yaml") and "/bad-" in p]
    assert sam_bad
    silent = [p for p in sam_bad if not any(OURS.fullmatch(m[0]) for m in run.get(p, []))]
    assert not silent, f"no lambda6lint finding in SAM fixtures: {silent}"


def test_both_sam_generations_are_covered():
    """A reminder in the test report when only one side of cfn-lint 1.54 was tested."""
    versions = [
        tuple(int(x) for x in name.split("-")[-1].split(".")) for name, _ in EXECUTABLES if "missing" not in name
    ]
    if not any(v < (1, 54) for v in versions):
        pytest.skip(f"no cfn-lint < 1.54 to test (set {ENV}, as .ci/run does)")
    if not any(v >= (1, 54) for v in versions):
        pytest.skip("no cfn-lint >= 1.54 to test")


# --- registration ----------------------------------------------------------------------------


def test_one_rule_class_per_catalog_rule():
    cfnlint_helpers = pytest.importorskip("cfnlint.helpers")
    module = importlib.import_module(PLUGIN)
    rules = cfnlint_helpers.create_rules(module)  # exactly what `-a lambda6lint.cfnlint` instantiates
    assert sorted(r.id for r in rules) == sorted(r.id for r in engine.registry())
    for rule in engine.registry():
        cfn_rule = next(r for r in rules if r.id == rule.id)
        assert cfn_rule.shortdesc == rule.summary
        assert rule.doc.what in cfn_rule.description and rule.doc.fix in cfn_rule.description
        assert cfn_rule.source_url == (rule.source_url or rule.help_uri)
        assert set(rule.tags) <= set(cfn_rule.tags)
        assert cfn_rule.severity == {"E": "error", "W": "warning", "I": "informational"}[rule.id[0]]


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_list_rules_registers_each_rule_once(exe):
    proc = cfn_lint(exe, "-a", PLUGIN, "--list-rules")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = collections.Counter(re.findall(r"^([EWI]96\d\d):", proc.stdout, re.M))
    assert listed == collections.Counter(r.id for r in engine.registry())


def test_only_the_plugin_imports_cfn_lint():
    offenders = []
    for folder in ("lambda6lint", "rules"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "lambda6lint" / "cfnlint.py":
                continue
            if re.search(r"^\s*(import|from)\s+cfnlint\b", path.read_text(encoding="utf-8"), re.M):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders
    code = (
        "import sys; from lambda6lint import cli; cli.main(['rules']); cli.main(['fixtures/W9601']);"
        "sys.exit(3 if 'cfnlint' in sys.modules else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr  # 3: cfn-lint was imported


# --- cfn-lint's own configuration and formats apply -------------------------------------------

SAM = "fixtures/W9601/bad-globals-flag-false.sam.yaml"
NETWORK = "fixtures/E9602/bad-ipam-pool-subnets-and-one-without-ipv6.yaml"  # E, W and I findings


def _ids(matches: list[dict]) -> collections.Counter:
    return collections.Counter(m["Rule"]["Id"] for m in matches if OURS.fullmatch(m["Rule"]["Id"]))


def _cli_ids(path: str, tmp_path: Path, *, with_info: bool = True) -> collections.Counter:
    return collections.Counter(rid for rid, *_ in cli_findings(path, tmp_path) if with_info or not rid.startswith("I"))


@pytest.fixture
def project(tmp_path):
    """A folder with two templates, as a user's repository would have them."""
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(ROOT / SAM, folder / "app.yaml")
    shutil.copy(ROOT / NETWORK, folder / "network.yaml")
    return folder


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_informational_rules_need_include_checks(exe, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    want = _cli_ids("network.yaml", tmp_path)
    assert any(rid.startswith("I") for rid in want) and any(rid.startswith("W") for rid in want)
    default = _ids(matches_json(cfn_lint(exe, "network.yaml", "-a", PLUGIN, "-f", "json", cwd=project)))
    assert default == _cli_ids("network.yaml", tmp_path, with_info=False)
    with_info = _ids(matches_json(cfn_lint(exe, "network.yaml", "-a", PLUGIN, "-f", "json", "-c", "I", cwd=project)))
    assert with_info == want


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_ignore_checks_flag(exe, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    want = _cli_ids("network.yaml", tmp_path)
    ignored = sorted(want)[0]
    proc = cfn_lint(exe, "network.yaml", "-a", PLUGIN, "-f", "json", "-c", "I", "--ignore-checks", ignored, cwd=project)
    got = _ids(matches_json(proc))
    del want[ignored]
    assert got == want


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_cfnlintrc_append_rules(exe, project, tmp_path, monkeypatch):
    """`.cfnlintrc` loads the plug-in, picks the templates, includes I and ignores a rule."""
    monkeypatch.chdir(project)
    want = _cli_ids("app.yaml", tmp_path) + _cli_ids("network.yaml", tmp_path)
    ignored = "W9610"
    assert want[ignored]
    (project / ".cfnlintrc").write_text(
        "templates:\n  - '*.yaml'\nappend_rules:\n  - lambda6lint.cfnlint\n"
        f"include_checks:\n  - I\nignore_checks:\n  - {ignored}\n"
    )
    proc = cfn_lint(exe, "-f", "json", cwd=project)
    del want[ignored]
    assert _ids(matches_json(proc)) == want
    assert proc.returncode & 4, "warnings set bit 4 of cfn-lint's exit status"


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_template_metadata_ignore_checks(exe, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    text = (project / "app.yaml").read_text()
    assert "W9601" in _cli_ids("app.yaml", tmp_path)
    text = text.replace(
        "Resources:\n", "Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [W9601]\nResources:\n", 1
    )
    (project / "app.yaml").write_text(text)
    proc = cfn_lint(exe, "app.yaml", "-a", PLUGIN, "-f", "json", "-c", "I", cwd=project)
    assert "W9601" not in _ids(matches_json(proc))


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_text_and_parseable_formats(exe, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    want = cli_findings("app.yaml", tmp_path)
    proc = cfn_lint(exe, "app.yaml", "-a", PLUGIN, "-f", "parseable", cwd=project)
    got = [line.split(":", 5) for line in proc.stdout.splitlines() if OURS.search(line)]
    # parseable: file:line:column:endline:endcolumn:id:message
    assert sorted((g[5].split(":", 1)[0], int(g[1]), int(g[2])) for g in got) == [w[:3] for w in want]
    text = cfn_lint(exe, "app.yaml", "-a", PLUGIN, cwd=project).stdout
    for rid, line, column, message in want:
        assert f"{rid} {message}\napp.yaml:{line}:{column}" in text


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_sarif_format(exe, project, tmp_path, monkeypatch):
    monkeypatch.chdir(project)
    proc = cfn_lint(exe, "network.yaml", "-a", PLUGIN, "-f", "sarif", "-c", "I", cwd=project)
    if "Missing optional dependencies sarif" in proc.stdout + proc.stderr:
        pytest.skip("this cfn-lint lacks its [sarif] extra")
    sarif = json.loads(proc.stdout)
    results = sarif["runs"][0]["results"]
    got = sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in results
        if OURS.fullmatch(r["ruleId"])
    )
    assert got == sorted((rid, line) for rid, line, _, _ in cli_findings("network.yaml", tmp_path))
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    for rule in engine.registry():
        if rule.id in rules:
            assert rules[rule.id]["shortDescription"]["text"] == rule.summary


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_input_error_when_only_lambda6lint_refuses_the_file(exe, tmp_path, monkeypatch):
    """E9600 reaches cfn-lint only when cfn-lint could parse what lambda6lint refuses (a safety limit)."""
    lines = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Resources:",
        "  Queue:",
        "    Type: AWS::SQS::Queue",
        "    Metadata:",
    ]
    indent = "      "
    for level in range(130):
        lines.append(f"{indent}k{level}:")
        indent += "  "
    lines.append(f"{indent}leaf: 1")
    (tmp_path / "deep.yaml").write_text("\n".join(lines) + "\n")
    proc = cfn_lint(exe, "deep.yaml", "-a", PLUGIN, "-f", "json", cwd=tmp_path)
    got = [(m["Rule"]["Id"], m["Location"]["Start"]["LineNumber"]) for m in matches_json(proc)]
    monkeypatch.chdir(tmp_path)
    want = [(rid, line) for rid, line, _, _ in cli_findings("deep.yaml", tmp_path)]
    assert want and all(rid == engine.INPUT_ERROR for rid, _ in want)
    assert [g for g in got if OURS.fullmatch(g[0])] == want
    assert proc.returncode & 2


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_template_on_stdin_is_not_an_error(exe):
    """A template piped to cfn-lint has no file for the engine to read: no findings, no crash."""
    text = (ROOT / SAM).read_text()
    proc = cfn_lint(exe, "-", "-a", PLUGIN, "-f", "json", stdin=text)
    ids = [m["Rule"]["Id"] for m in json.loads(proc.stdout or "[]")]
    assert "E0002" not in ids and not any(OURS.fullmatch(i) for i in ids), proc.stdout + proc.stderr


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_lambda6lint_settings_file_applies(exe, project, tmp_path, monkeypatch):
    """`.lambda6lint.toml` is read as the CLI reads it: same rules, same prices in the messages."""
    monkeypatch.chdir(project)
    shutil.copy(ROOT / "fixtures" / "W9610" / "bad-shared-route-table-no-eigw.yaml", project / "nat.yaml")
    default = cli_findings("nat.yaml", tmp_path)
    (project / ".lambda6lint.toml").write_text('ignore = ["W9610"]\n\n[prices]\nnat-hourly = 0.09\n')
    want = cli_findings("nat.yaml", tmp_path)
    assert want and all(rid != "W9610" for rid, *_ in want) and any(rid == "W9610" for rid, *_ in default)
    assert {m for *_, m in want} - {m for *_, m in default}, "the price must change a message"
    proc = cfn_lint(exe, "nat.yaml", "-a", PLUGIN, "-f", "json", "-c", "I", cwd=project)
    got = sorted(m for m in as_tuples(matches_json(proc))["nat.yaml"] if OURS.fullmatch(m[0]))
    assert got == want


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_bad_settings_file_is_an_input_error(exe, project, monkeypatch):
    monkeypatch.chdir(project)
    (project / ".lambda6lint.toml").write_text('fail_on = "warning"\n')
    assert cli.main(["app.yaml"]) == 2
    proc = cfn_lint(exe, "app.yaml", "-a", PLUGIN, "-f", "json", cwd=project)
    got = [(m[0], m[1], m[3]) for m in as_tuples(matches_json(proc))["app.yaml"] if OURS.fullmatch(m[0])]
    assert len(got) == 1 and got[0][:2] == (engine.INPUT_ERROR, 1), got
    assert ".lambda6lint.toml" in got[0][2] and "fail_on" in got[0][2]
    assert proc.returncode & 2


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_sam_template_the_translator_rejects(exe, project, tmp_path, monkeypatch):
    """Before 1.54 a SAM transform error (E0001) stops every rule; from 1.54 on there is no transform."""
    monkeypatch.chdir(project)
    text = (
        (project / "app.yaml").read_text().replace("Globals:\n  Function:\n", "Globals:\n  Function:\n    Bogus: 1\n")
    )
    (project / "app.yaml").write_text(text)
    want = cli_findings("app.yaml", tmp_path)
    assert want
    got = as_tuples(matches_json(cfn_lint(exe, "app.yaml", "-a", PLUGIN, "-f", "json", cwd=project)))["app.yaml"]
    ours = sorted(m for m in got if OURS.fullmatch(m[0]))
    if _version(exe) < (1, 54):
        assert [m[0] for m in got] == ["E0001"] and not ours
    else:
        assert ours == want


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_readme_cfnlintrc_as_written(exe, tmp_path, monkeypatch):
    """The README's `.cfnlintrc`, copied as is, in a repository with templates under infra/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n### cfn-lint plugin\n") :]
    rc = re.search(r"```yaml\n(templates:.*?)```", section, re.S)
    assert rc, "the README's .cfnlintrc block"
    repo = tmp_path / "repo"
    (repo / "infra" / "net").mkdir(parents=True)
    shutil.copy(ROOT / NETWORK, repo / "infra" / "net" / "network.yaml")
    shutil.copy(ROOT / SAM, repo / "infra" / "app.yaml")
    (repo / ".cfnlintrc").write_text(rc.group(1))
    monkeypatch.chdir(repo)
    want: collections.Counter[str] = collections.Counter()
    for path in ("infra/app.yaml", "infra/net/network.yaml"):
        want += _cli_ids(path, tmp_path)
    for ignored in yaml.safe_load(rc.group(1)).get("ignore_checks", []):
        want = collections.Counter({rid: n for rid, n in want.items() if not rid.startswith(ignored)})
    proc = cfn_lint(exe, "-f", "json", cwd=repo)
    assert _ids(matches_json(proc)) == want


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_terraform_plan_handed_to_cfn_lint_gets_no_lambda6lint_findings(exe, tmp_path):
    """The plug-in runs the CloudFormation/SAM rules only: a plan JSON is left to cfn-lint's own rules."""
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": []}},
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    proc = cfn_lint(exe, "plan.json", "-a", PLUGIN, "-f", "json", "-c", "I", cwd=tmp_path)
    ids = [m["Rule"]["Id"] for m in matches_json(proc)] if proc.stdout.strip() else []
    assert not any(OURS.fullmatch(i) for i in ids) and "E0002" not in ids, proc.stdout + proc.stderr


def test_cfn_lint_is_an_optional_extra():
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(dep.startswith("cfn-lint") for dep in project["dependencies"])
    assert project["optional-dependencies"]["cfnlint"] == ["cfn-lint>=1.51"]


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_what_a_parent_finds_in_its_nested_template_is_reported_at_its_stack(exe):
    """cfn-lint reports one file at a time: a finding the parent's run places in a local nested template
    was dropped. One that linting that template alone does not find (it depends on what the parent
    passes) is reported in the parent, at the nested stack's resource; one it does find is not repeated."""
    joined = FIXTURES / "cross-stack" / "nested-function-in-joined-subnets"
    proc = cfn_lint(exe, "-a", PLUGIN, "--format", "json", "--", "root.yaml", "workers/workers.yaml", cwd=joined)
    got = as_tuples(matches_json(proc))
    stack = next(n for n, line in enumerate((joined / "root.yaml").read_text().splitlines(), 1) if line == "  Fleet:")
    placed = [m for m in got["root.yaml"] if m[0] == "W9601"]
    assert [(m[1], m[3].split(": Function")[0]) for m in placed] == [
        (stack, "In nested stack Fleet (workers/workers.yaml:26:7)")
    ], got
    assert not [m for m in got.get("workers/workers.yaml", []) if OURS.fullmatch(m[0])]  # (alone: undecided)
    shared = FIXTURES / "cross-stack" / "nested-stack"
    proc = cfn_lint(exe, "-a", PLUGIN, "--format", "json", "--", "parent.yaml", "nested/network.yaml", cwd=shared)
    got = as_tuples(matches_json(proc))
    assert [m[1] for m in got["nested/network.yaml"] if m[0] == "W9610"] == [77]
    assert not [m for m in got["parent.yaml"] if m[0] == "W9610" or "In nested stack" in m[3]], got["parent.yaml"]
