"""Baselines: --write-baseline records today's findings, --baseline reports only new ones."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import ROOT, run, shared_nat_module

from lambda6lint import baseline, engine, filters
from lambda6lint.findings import Finding
from lambda6lint.model import Location

EXAMPLE = ROOT / "examples" / "sam-app" / "template.yaml"  # I9651 NatGateway, W9601 + W9630 ThumbnailFunction

NEW_FUNCTION = """
  ResizeFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      InlineCode: |
        def handler(event, context):
            return {"ok": True}
      VpcConfig:
        SubnetIds:
          - !Ref PrivateSubnetA
        SecurityGroupIds:
          - !GetAtt FunctionSecurityGroup.GroupId
"""


MONEY = " NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A git work tree (as far as finding its root goes) holding the SAM example in infra/."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "infra" / "app.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings_of(capsys, *argv):
    code, out, err = run(capsys, "--format", "json", *argv)
    assert code in (0, 1), err
    return [(f["rule"], f["resource"]) for f in json.loads(out)["findings"]]


def shift_lines(path, count=7):
    """Insert unrelated lines above every resource (a new resource at the top of Resources)."""
    text = path.read_text()
    filler = "  Topic:\n    Type: AWS::SNS::Topic\n" + "".join(
        f"  Queue{i}:\n    Type: AWS::SQS::Queue\n" for i in range(count)
    )
    path.write_text(text.replace("Resources:\n", "Resources:\n" + filler, 1))


def test_write_then_read_round_trip_with_moved_lines(project, capsys):
    code, out, err = run(capsys, "--write-baseline", "baseline.json", "infra")
    assert code == 0
    assert "recorded 3 finding(s) in baseline.json" in err
    assert (
        out.strip()
        == "No problems in 1 template. 3 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."
    )

    template = project / "infra" / "app.yaml"
    before = findings_of(capsys, "--isolated", "infra")
    shift_lines(template)
    after_lines = run(capsys, "--format", "json", "infra")[1]
    assert [f["line"] for f in json.loads(after_lines)["findings"]] != [1]  # lines really moved
    code, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 0
    assert (
        out.strip()
        == "No problems in 1 template. 3 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."
    )

    # a new problem: only it is reported (the edit also changes the I9651 message: still baselined)
    template.write_text(template.read_text() + NEW_FUNCTION)
    assert sorted(findings_of(capsys, "infra")) == sorted([*before, ("W9601", "ResizeFunction")])
    code, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 1
    lines = [line for line in out.splitlines() if not line.startswith(" ")]  # notes are indented
    assert len(lines) == 2 and " W9601 " in lines[0] and lines[0].endswith("[ResizeFunction]")
    assert lines[1] == "Found 1 problem (1 warning) in 1 template. 3 baselined." + MONEY
    assert findings_of(capsys, "--baseline", "baseline.json", "infra") == [("W9601", "ResizeFunction")]


def test_baseline_file_is_readable_sorted_and_line_free(project, capsys):
    shutil.copy(EXAMPLE, project / "infra" / "another.yaml")
    run(capsys, "--write-baseline", "baseline.json", ".")
    text = (project / "baseline.json").read_text()
    document = json.loads(text)
    assert text.startswith("{\n  ") and document["tool"] == "lambda6lint" and document["version"] == 1
    rows = document["findings"]
    assert len(rows) == 6
    assert rows == sorted(rows, key=lambda r: (r["path"], r["resource"], r["rule"], r["key"], r["fingerprint"]))
    assert [r["path"] for r in rows] == ["infra/another.yaml"] * 3 + ["infra/app.yaml"] * 3
    first = next(r for r in rows if r["rule"] == "W9601")
    assert set(first) == {"rule", "name", "path", "resource", "key", "message", "fingerprint"}
    assert first["rule"] == "W9601" and first["name"] == "function-dualstack-disabled"
    assert first["resource"] == "ThumbnailFunction" and "Ipv6AllowedForDualStack" in first["message"]
    assert '"line"' not in text
    # writing again after moving lines gives the same file
    shift_lines(project / "infra" / "app.yaml")
    run(capsys, "--write-baseline", "again.json", ".")
    assert (project / "again.json").read_text() == text


def test_baseline_works_from_another_folder_and_another_checkout(project, capsys, monkeypatch, tmp_path_factory):
    run(capsys, "--write-baseline", "baseline.json", "infra")
    # the same repository, linted from a subfolder and by absolute path
    monkeypatch.chdir(project / "infra")
    assert (
        run(capsys, "--baseline", "../baseline.json", ".")[1]
        .strip()
        .endswith("3 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.")
    )
    assert run(capsys, "--baseline", "../baseline.json", str(project / "infra" / "app.yaml"))[0] == 0
    # another machine: the repository checked out somewhere else
    elsewhere = tmp_path_factory.mktemp("ci") / "checkout"
    shutil.copytree(project, elsewhere)
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 0 and out.strip().endswith(
        "3 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."
    )


def test_baselined_findings_leave_every_format(project, capsys):
    run(capsys, "--select", "W9601", "--write-baseline", "baseline.json", "infra")
    sarif = json.loads(run(capsys, "--baseline", "baseline.json", "--format", "sarif", "infra")[1])
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"W9630", "I9651"}
    gitlab = json.loads(run(capsys, "--baseline", "baseline.json", "--format", "gitlab", "infra")[1])
    assert {i["check_name"] for i in gitlab} == {"W9630", "I9651"}
    github = run(capsys, "--baseline", "baseline.json", "--format", "github", "infra")[1]
    assert "W9601" not in github and github.rstrip().endswith(
        "1 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."
    )
    data = json.loads(run(capsys, "--baseline", "baseline.json", "--format", "json", "infra")[1])
    assert data["summary"].endswith("1 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.")


def test_baselined_findings_do_not_count_for_the_exit_status(project, capsys):
    run(capsys, "--select", "W96", "--write-baseline", "baseline.json", "infra")
    assert run(capsys, "infra")[0] == 1
    assert run(capsys, "--baseline", "baseline.json", "infra")[0] == 0  # only I9651 (a note) is left
    assert run(capsys, "--baseline", "baseline.json", "--fail-on", "note", "infra")[0] == 1


def test_fixed_findings_drop_out_and_new_ones_show(project, capsys):
    run(capsys, "--write-baseline", "baseline.json", "infra")
    fixed = EXAMPLE.read_text().replace(
        "        SecurityGroupIds:", "        Ipv6AllowedForDualStack: true\n        SecurityGroupIds:"
    )
    (project / "infra" / "app.yaml").write_text(fixed)
    assert "W9601" not in {rule for rule, _ in findings_of(capsys, "infra")}
    # W9601 is gone; the three findings that setting the flag brings to light are new
    code, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 1 and out.strip().endswith(
        "2 baselined. NAT gateways that could go: 1, est. $36.50/month + $0.045/GB."
    )
    assert findings_of(capsys, "--baseline", "baseline.json", "infra") == [
        ("W9610", "PrivateRouteTable"),
        ("I9660", "ThumbnailFunction"),
        ("W9620", "ThumbnailFunction"),
    ]


def test_suppressed_findings_and_input_errors_are_not_recorded(project, capsys):
    text = EXAMPLE.read_text().replace(
        "  ThumbnailFunction:\n", "  ThumbnailFunction:\n    Metadata:\n      lambda6lint:\n        ignore: [W9630]\n"
    )
    (project / "infra" / "app.yaml").write_text(text)
    (project / "infra" / "broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
    code, _, _ = run(capsys, "--write-baseline", "baseline.json", "infra")
    assert code == 2  # the broken file still makes it an input error
    rows = json.loads((project / "baseline.json").read_text())["findings"]
    assert sorted(r["rule"] for r in rows) == ["I9651", "W9601"]
    code, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 2 and "E9600" in out and "1 suppressed. 2 baselined." in out


def test_one_entry_hides_one_finding():
    rule = engine.rule_by_id("W9601")
    twins = [Finding(rule, "same", Location("a.yaml", line), resource="Fn") for line in (3, 9)]
    assert twins[0].fingerprint == twins[1].fingerprint
    result = engine.Result(findings=list(twins))
    filters.apply_baseline(result, baseline.Baseline("b.json", baseline.Counter({twins[0].fingerprint: 1})))
    assert result.findings == [twins[1]] and result.baselined == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read the baseline"),
        ("{", "invalid JSON"),
        ("[]", "not a lambda6lint baseline"),
        ('{"tool": "lambda6lint", "version": 9, "findings": []}', "version 9"),
        ('{"tool": "lambda6lint", "version": true, "findings": []}', "version True"),  # (True == 1 in Python)
        ('{"tool": "lambda6lint", "version": 1.0, "findings": []}', "version 1.0"),
        ('{"tool": "lambda6lint", "version": "' + "v" * 5000 + '", "findings": []}', "version 'vvvv"),
        ('{"tool": "lambda6lint", "version": 1, "findings": [{"rule": "W9601"}]}', "findings[0] has no fingerprint"),
        # refused before json builds it (64 MB of `{}`: 21 million dicts, 1.6 GB)
        ("2,000,001 empty rows", "over 2,000,000 objects"),
    ],
)
def test_bad_baseline_files_are_usage_errors(project, capsys, content, words):
    if content == "2,000,001 empty rows":
        content = '{"tool": "lambda6lint", "version": 1, "findings": [' + "{}," * 2_000_000 + "{}]}"
    if content is not None:
        (project / "baseline.json").write_text(content)
    code, out, err = run(capsys, "--baseline", "baseline.json", "infra")
    assert code == 2 and out == ""
    assert "baseline.json" in err and words in err
    assert len(err) < 1000, err[:200]  # a message names a value, it does not replay it


def test_writing_ignores_an_old_baseline(project, capsys):
    (project / "old.json").write_text('{"tool": "lambda6lint", "version": 1, "findings": []}')
    run(capsys, "--select", "W9601", "--write-baseline", "old.json", "infra")
    code, _, err = run(capsys, "--baseline", "old.json", "--write-baseline", "old.json", "infra")
    assert code == 0 and "recorded 3 finding(s)" in err


def test_a_report_may_not_overwrite_the_baseline_it_reads(project, capsys):
    run(capsys, "--write-baseline", "baseline.json", "infra")
    before = (project / "baseline.json").read_text()
    for argv in (["--report", "json:baseline.json"], ["-o", "./baseline.json"]):
        code, out, err = run(capsys, "--baseline", "baseline.json", *argv, "infra")
        assert code == 2 and out == "" and "--baseline file" in err
    assert (project / "baseline.json").read_text() == before


def test_a_baseline_written_to_the_null_device_still_hides_what_it_records(project, capsys):
    """The recorded baseline is applied as written, not read back (`/dev/null` reads as empty)."""
    code, _, err = run(capsys, "--write-baseline", os.devnull, "infra")
    assert code == 0 and "recorded 3 finding(s)" in err


def test_a_baseline_written_from_another_folder_outside_git_is_warned_of_and_credits_nothing(tmp_path, monkeypatch):
    """Outside a git work tree paths are relative to where lambda6lint ran: run from a subfolder, the baseline
    matched nothing, and the files it names, not found, read as deleted: their NAT gateways were credited as
    removed and every NAT gateway as added (helper, living with it)."""
    from lambda6lint import plan as planning
    from lambda6lint.options import Options

    (tmp_path / "stacks" / "a").mkdir(parents=True)
    (tmp_path / "infra").mkdir()
    shutil.copy(
        ROOT / "fixtures" / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml", tmp_path / "infra" / "t.yaml"
    )
    shutil.copy(ROOT / "fixtures" / "W9650" / "bad-nat-per-az.yaml", tmp_path / "stacks" / "a" / "t.yaml")
    monkeypatch.chdir(tmp_path)  # (no git work tree above it)
    written = engine.lint(["."], Options(plan=True))
    assert written.plan is not None
    baseline.write("base.json", written.findings, costs=planning.costs(written.plan))
    at_root = engine.lint(["."], Options(plan=True, baseline=baseline.load("base.json")))
    assert at_root.warnings == [] and at_root.plan is not None and at_root.plan.delta == []
    monkeypatch.chdir(tmp_path / "stacks")
    below = engine.lint(["a"], Options(plan=True, baseline=baseline.load("../base.json")))
    [(where, said)] = below.warnings
    assert where.path == "../base.json" and "written from another folder" in said
    assert below.plan is not None and below.plan.delta == [] and not below.plan.baseline


def test_of_findings_one_fingerprint_stands_for_the_one_recorded_in_the_same_words_is_hidden():
    """Two Terraform roots of one module find one NAT gateway in their own words (one root's VPC lacks
    IPv6: more steps): the baseline recorded one root's; the other's is the new one, whichever comes first."""
    rule = engine.rule_by_id("I9651")
    prod, dev = (Finding(rule, words, Location("m/main.tf", 5), resource="module.net.nat") for words in ("4", "6"))
    assert prod.fingerprint == dev.fingerprint
    recorded = baseline.Baseline("b.json", baseline.Counter({prod.fingerprint: 1}))
    recorded.said = baseline.Counter({(prod.fingerprint, "4"): 1})
    result = engine.Result(findings=[dev, prod])
    filters.apply_baseline(result, recorded)
    assert result.findings == [dev] and result.baselined == 1
    result = engine.Result(findings=[Finding(rule, "4, at other prices", Location("m/main.tf", 5), resource="x")])
    filters.apply_baseline(result, baseline.Baseline("b.json", baseline.Counter({result.findings[0].fingerprint: 1})))
    assert result.findings == [] and result.baselined == 1  # (other words: the fingerprint still hides it)


def test_a_root_added_or_removed_beside_another_calling_one_module_changes_the_bill(tmp_path, monkeypatch, capsys):
    """A baseline written with one environment calling a module: adding a second, the same, adds its NAT
    gateways to the bill; deleting it from a baseline of both removes them (one finding stands for both
    roots' NAT gateways: it recorded one root's count and said "no change")."""
    call = shared_nat_module(tmp_path)
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "main.tf").write_text(call)
    monkeypatch.chdir(tmp_path)
    run(capsys, ".", "--write-baseline", "base.json")
    (row,) = [r for r in json.loads((tmp_path / "base.json").read_text())["findings"] if r["rule"] == "W9650"]
    assert (row["monthly"], row["nat_gateways"]) == (73.0, 2)
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "main.tf").write_text(call)
    out = run(capsys, ".", "--baseline", "base.json")[1]
    assert "This change adds 2 of the like NAT gateways of module.net.aws_nat_gateway.zone[0]" in out, out
    assert "(modules/net/main.tf; 2 → 4): +$73.00/month" in out, out
    run(capsys, ".", "--write-baseline", "base.json")
    (row,) = [r for r in json.loads((tmp_path / "base.json").read_text())["findings"] if r["rule"] == "W9650"]
    assert (row["monthly"], row["nat_gateways"]) == (146.0, 4)
    shutil.rmtree(tmp_path / "staging")
    out = run(capsys, ".", "--baseline", "base.json")[1]
    assert "removes 2 of the like NAT gateways" in out and "(modules/net/main.tf; 4 → 2): −$73.00/month" in out, out
