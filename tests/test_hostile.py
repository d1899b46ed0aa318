"""Hostile input through the command line: every bad file is one E9600, and the good file is still linted.

A pre-commit hook or CI job runs on whatever is in the repository, so no input may crash, hang,
execute code or hide the findings of the other files (RULES.md, E9600).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from lambda6lint.cli import main
from lambda6lint.loaders.common.marked import MAX_BYTES

HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"

# A dual-stack function without Ipv6AllowedForDualStack: one W9601 on its VpcConfig line.
VALID = (
    HEADER
    + """\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  VpcV6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
  Subnet:
    Type: AWS::EC2::Subnet
    DependsOn: VpcV6
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref Vpc}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: 'def handler(e, c): pass'}
      VpcConfig:
        SubnetIds: [!Ref Subnet]
        SecurityGroupIds: [!Ref Sg]
"""
)
VALID_LINE = next(n for n, line in enumerate(VALID.splitlines(), 1) if "VpcConfig:" in line)

_FINDING = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?P<rule>[EWI]\d{4}) (?P<message>.*)$")


def parse(output: str) -> list[dict]:
    found = []
    for line in output.splitlines():
        match = _FINDING.match(line)
        if match:
            item = match.groupdict()
            item["line"], item["column"] = int(item["line"]), int(item["column"])
            found.append(item)
    return found


def run_cli(capsys, *args: str) -> tuple[int, list[dict], str]:
    """The command line in this process (not timed: each hostile file's E9600 names the limit that stopped it,
    and test_deep_nesting_in_a_subprocess runs the real process under a time limit)."""
    status = main(list(args))
    out = capsys.readouterr().out
    return status, parse(out), out


def billion_laughs() -> str:
    lines = [HEADER.rstrip("\n"), "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\nResources: {}\n"


DEPTH = 50_000
WIDTH = 1_000_000

HOSTILE = {
    "laughs.yaml": (lambda flag: billion_laughs().encode(), "alias expansion too large"),
    "deep.yaml": (lambda flag: (HEADER + "Resources: " + "[" * DEPTH + "]" * DEPTH + "\n").encode(), "nesting deeper"),
    "deep-map.yaml": (
        lambda flag: (HEADER + "Resources: " + "{a: " * DEPTH + "}" * DEPTH + "\n").encode(),
        "nesting deeper",
    ),
    "deep.json": (
        lambda flag: (
            '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ' + "[" * DEPTH + "]" * DEPTH + "}"
        ).encode(),
        "nesting deeper",
    ),
    "wide.json": (  # a million nodes read by json in C: refused there, where libyaml would stop
        lambda flag: ('{"AWSTemplateFormatVersion": "2010-09-09",\n"Resources": [' + "{}," * WIDTH + "{}]}").encode(),
        "document too large",
    ),
    "python.yaml": (
        lambda flag: (
            HEADER + f"Resources:\n  X:\n    Type: !!python/object/apply:os.system ['touch {flag}']\n"
        ).encode(),
        "unsupported YAML tag",
    ),
    "python-object.yaml": (
        lambda flag: (
            HEADER + "Resources: !!python/object:subprocess.Popen {args: [touch, " + str(flag) + "]}\n"
        ).encode(),
        "unsupported YAML tag",
    ),
    "huge.yaml": (lambda flag: HEADER.encode() + b"#" * (20 * 1024 * 1024) + b"\nResources: {}\n", "larger than"),
    "binary.yaml": (lambda flag: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64, "binary file"),
    "latin1.yaml": (lambda flag: HEADER.encode() + b"Description: caf\xe9\nResources: {}\n", "not UTF-8"),
    "empty.yaml": (lambda flag: b"", "empty"),
    "duplicate.yaml": (
        lambda flag: (HEADER + "Resources:\n  A: {Type: AWS::SNS::Topic}\n  A: {Type: AWS::SQS::Queue}\n").encode(),
        "duplicate key 'A'",
    ),
    "unclosed.json": (
        lambda flag: b'{"AWSTemplateFormatVersion": "2010-09-09",\n "Resources": {"A": [1, 2}\n',
        "not valid YAML/JSON",
    ),
}


@pytest.fixture
def valid(tmp_path):
    path = tmp_path / "valid.yaml"
    path.write_text(VALID)
    return path


def test_valid_template_alone(capsys, valid):
    status, found, _ = run_cli(capsys, str(valid))
    assert status == 1
    assert [(f["rule"], f["line"]) for f in found] == [("W9601", VALID_LINE)]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_named_explicitly(capsys, tmp_path, valid, name):
    """Exit 2, one E9600 at a real line naming the bad file, and the valid template's finding still reported."""
    make, message = HOSTILE[name]
    flag = tmp_path / "pwned"
    bad = tmp_path / name
    bad.write_bytes(make(flag))
    status, found, out = run_cli(capsys, str(bad), str(valid))
    assert status == 2, out
    errors = [f for f in found if f["rule"] == "E9600"]
    assert len(errors) == 1, out
    assert errors[0]["path"] == str(bad)
    assert errors[0]["line"] >= 1 and errors[0]["column"] >= 1
    assert message in errors[0]["message"]
    assert [(f["path"], f["rule"], f["line"]) for f in found if f["rule"] != "E9600"] == [
        (str(valid), "W9601", VALID_LINE)
    ]
    assert not flag.exists()


@pytest.mark.parametrize(
    "name, line",
    [
        ("latin1.yaml", 2),
        ("duplicate.yaml", 4),
        ("deep.yaml", 2),
        ("laughs.yaml", 7),
        ("unclosed.json", 2),
        ("wide.json", 2),
    ],
)
def test_hostile_error_line(capsys, tmp_path, name, line):
    """The E9600 points at the line to fix, not just the top of the file."""
    bad = tmp_path / name
    bad.write_bytes(HOSTILE[name][0](tmp_path / "pwned"))
    _, found, out = run_cli(capsys, str(bad))
    assert [f["line"] for f in found if f["rule"] == "E9600"] == [line], out


def test_deep_nesting_in_a_subprocess(tmp_path, valid):
    """libyaml's composer segfaults on this input; a crash would kill the whole run, so check the real process."""
    paths = []
    for name in ("deep.yaml", "deep-map.yaml", "deep.json"):
        path = tmp_path / name
        path.write_bytes(HOSTILE[name][0](None))
        paths.append(str(path))
    proc = subprocess.run(
        [sys.executable, "-m", "lambda6lint", *paths, str(valid)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    found = parse(proc.stdout)
    assert sorted(f["path"] for f in found if f["rule"] == "E9600") == sorted(paths)
    assert [(f["path"], f["rule"]) for f in found if f["rule"] != "E9600"] == [(str(valid), "W9601")]


# ----- folder walks and --only-templates ------------------------------------------------------

WORKFLOW = """\
name: ci
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.sha }}"
"""

HELM = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  {{- range .Values.items }}
  key: value
"""


def test_folder_walk_skips_junk_but_reports_broken_templates(capsys, tmp_path):
    """Walked files are sniffed: junk that is not a template is silent, a broken template is still an E9600."""
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "node_modules" / "pkg").mkdir(parents=True)
    (root / "infra" / "valid.yaml").write_text(VALID)
    (root / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW)
    (root / "chart.yaml").write_text(HELM)
    (root / "image.yaml").write_bytes(HOSTILE["binary.yaml"][0](None))
    (root / "empty.yaml").write_bytes(b"")
    (root / "notes.json").write_text('{"a": [1, 2')
    (root / "node_modules" / "pkg" / "broken.yaml").write_text(HEADER + "Resources: [\n")
    (root / ".aws-sam" / "build").mkdir(parents=True)  # sam build's copy of the templates: linted twice
    (root / ".aws-sam" / "build" / "template.yaml").write_text(HEADER + "Resources: [\n")
    (root / "live" / ".terragrunt-cache" / "a1" / "b2").mkdir(parents=True)  # Terragrunt's copy of a module
    (root / "live" / ".terragrunt-cache" / "a1" / "b2" / "main.tf").write_text('resource "aws_vpc" "v" {\n')
    (root / "README.md").write_text("AWSTemplateFormatVersion: [\n")
    broken = {
        root / "infra" / "broken.yaml": HEADER + "Resources:\n  A: [1, 2\n",
        root / "infra" / "latin1.yaml": None,
        root / "infra" / "deep.json": None,
        root / "infra" / "python.yaml": None,
        root / "infra" / "laughs.template": billion_laughs(),
    }
    for path, text in broken.items():
        if text is None:
            path.write_bytes(HOSTILE[path.name][0](tmp_path / "pwned"))
        else:
            path.write_text(text)
    status, found, out = run_cli(capsys, str(root))
    assert status == 2, out
    assert sorted(f["path"] for f in found if f["rule"] == "E9600") == sorted(str(p) for p in broken)
    assert all(f["line"] >= 1 for f in found)
    assert [(f["path"], f["rule"]) for f in found if f["rule"] != "E9600"] == [
        (str(root / "infra" / "valid.yaml"), "W9601")
    ]
    for silent in ("ci.yml", "chart.yaml", "image.yaml", "empty.yaml", "notes.json", "node_modules", "README"):
        assert silent not in out
    assert not (tmp_path / "pwned").exists()


def test_only_templates_skips_named_non_templates(capsys, tmp_path):
    """A pre-commit hook passes every changed YAML file by name; `--only-templates` treats them like a walk."""
    workflow = tmp_path / "ci.yml"
    workflow.write_text(WORKFLOW)
    chart = tmp_path / "chart.yaml"
    chart.write_text(HELM)
    image = tmp_path / "image.yaml"
    image.write_bytes(HOSTILE["binary.yaml"][0](None))
    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    paths = [str(workflow), str(chart), str(image), str(empty)]

    status, found, out = run_cli(capsys, "--only-templates", *paths)
    assert status == 0, out
    assert found == []

    # named without the flag, the same files are read as templates and the unreadable ones are reported
    status, found, out = run_cli(capsys, *paths)
    assert status == 2
    assert sorted(f["path"] for f in found if f["rule"] == "E9600") == sorted([str(chart), str(image), str(empty)])


def test_only_templates_still_lints_real_templates(capsys, tmp_path, valid):
    workflow = tmp_path / "ci.yml"
    workflow.write_text(WORKFLOW)
    bad = tmp_path / "duplicate.yaml"
    bad.write_bytes(HOSTILE["duplicate.yaml"][0](None))
    status, found, out = run_cli(capsys, "--only-templates", str(workflow), str(valid), str(bad))
    assert status == 2, out
    assert sorted((f["path"], f["rule"]) for f in found) == sorted([(str(valid), "W9601"), (str(bad), "E9600")])


def test_size_limit_boundary(capsys, tmp_path):
    """Just under MAX_BYTES is linted (comments are cheap); one byte over is an E9600."""
    path = tmp_path / "padded.yaml"
    body = VALID.encode()
    path.write_bytes(body + b"#" * (MAX_BYTES - len(body)))
    status, found, out = run_cli(capsys, str(path))
    assert status == 1 and [f["rule"] for f in found] == ["W9601"], out
    path.write_bytes(body + b"#" * (MAX_BYTES - len(body) + 1))
    status, found, out = run_cli(capsys, str(path))
    assert status == 2 and [f["rule"] for f in found] == ["E9600"], out
