"""Nothing outside the linted tree is read into a result (confine.py), whatever the tree holds.

A pull request plants every path lambda6lint follows — Terraform `file()`, tfvars, `.tf` files,
local and registry module folders, templates found in a walk, CDK templates and stages — pointing
outside the repository (absolute paths, `..`, symlinks) and at `.git/config` and `/proc`. Each
payload is an IAM action that a W9630 finding quotes, so a read shows up in the report; a control
inside the tree proves the channel works. A canary file outside the tree and a canary environment
variable must appear in no output format.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from isolated import cfn_template, policy, run, tf_module

FILE_CANARY = "lambda6lint-canary-file-7f3a"
GIT_CANARY = "lambda6lint-canary-git-51c2"
ENV_CANARY = "lambda6lint-canary-env-9d0e"
FORMATS = ("text", "json", "sarif", "github", "gitlab")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and /proc")


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def link(path, target):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A repository whose every followed path points at a canary outside it (or in its .git)."""
    base = tmp_path_factory.mktemp("leaks")
    outside, repo = base / "outside", base / "repo"
    secret = write(outside / "policy.json", policy(f"s3:{FILE_CANARY}"))
    write(outside / "evil.tf", tf_module(json.dumps(policy(f"s3:{FILE_CANARY}"))))
    write(outside / "module" / "main.tf", tf_module(json.dumps(policy(f"s3:{FILE_CANARY}"))))
    write(outside / "vars.tfvars", f"data_policy = {json.dumps(policy(f's3:{FILE_CANARY}'))}\n")
    write(outside / "stack.yaml", cfn_template(f"s3:{FILE_CANARY}"))
    stack_json = write(outside / "stack.json", json.dumps(_cfn_json(f"s3:{FILE_CANARY}")))
    write(outside / "stage" / "manifest.json", _manifest("Stage", "Stage.template.json"))
    write(outside / "stage" / "Stage.template.json", json.dumps(_cfn_json(f"s3:{FILE_CANARY}")))

    write(repo / ".git" / "config", policy(f"s3:{GIT_CANARY}"))
    variable = 'variable "data_policy" {\n  default = "{}"\n}\n'
    modules = {
        "tf-control": tf_module('file("policy.json")'),  # inside: read, quoted
        "tf-absolute": tf_module(f'file("{secret}")'),
        "tf-dotdot": tf_module('file("../../outside/policy.json")'),
        "tf-path-module": tf_module('file("${path.module}/../../outside/policy.json")'),
        "tf-symlink": tf_module('file("linked.json")'),
        "tf-git": tf_module('file("${path.module}/../.git/config")'),
        "tf-template-dotdot": tf_module('templatefile("../../outside/policy.json", {})'),
        "tf-template-git": tf_module('templatefile("${path.module}/../.git/config", {})'),
        "tf-template-control": tf_module('templatefile("policy.json.tpl", { action = "s3:quoted-from-a-template" })'),
        "tf-proc": tf_module('file("/proc/self/environ")'),
        "tf-tfvars": tf_module("var.data_policy", variable),
        "tf-auto-tfvars": tf_module("var.data_policy", variable),
        "tf-local-module": 'module "m" {\n  source = "../../outside/module"\n}\n',
        "tf-modules-json": 'module "m" {\n  source = "example/m/aws"\n}\n',
    }
    for name, text in modules.items():
        write(repo / name / "main.tf", text)
    write(repo / "tf-control" / "policy.json", policy("s3:control-inside-the-tree"))
    write(repo / "tf-template-control" / "policy.json.tpl", policy("${action}"))
    link(repo / "tf-symlink" / "linked.json", secret)
    link(repo / "tf-tfvars" / "terraform.tfvars", outside / "vars.tfvars")
    link(repo / "tf-auto-tfvars" / "x.auto.tfvars", "../../outside/vars.tfvars")
    link(repo / "tf-symlinked-tf" / "main.tf", outside / "evil.tf")
    write(
        repo / "tf-modules-json" / ".terraform" / "modules" / "modules.json",
        json.dumps({"Modules": [{"Key": "m", "Source": "example/m/aws", "Dir": str(outside / "module")}]}),
    )
    link(repo / "cfn" / "stack.yaml", outside / "stack.yaml")
    link(repo / "cfn" / "stack.template", "../../outside/stack.yaml")
    cdk = repo / "cdk.out"
    artifacts = json.loads(_manifest("Linked", "Linked.template.json"))["artifacts"]
    artifacts["Stage"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": "assembly-Stage"}}
    write(cdk / "manifest.json", json.dumps({"version": "36.0.0", "artifacts": artifacts}))
    link(cdk / "Linked.template.json", stack_json)
    link(cdk / "assembly-Stage", outside / "stage")
    return repo


def _cfn_json(action: str) -> dict:
    from lambda6lint.loaders.common.marked import load_text

    return load_text(cfn_template(action))  # short tags in their long form, as JSON templates have them


def _manifest(stack: str, template: str) -> str:
    artifact = {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region"}
    artifact["properties"] = {"templateFile": template}
    return json.dumps({"version": "36.0.0", "artifacts": {stack: artifact}})


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_canary_in_any_format(planted, fmt):
    env = {"LAMBDA6LINT_CANARY": ENV_CANARY, "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "")}
    proc = run(["--format", fmt, "."], cwd=planted, env=env)
    assert proc.returncode in (1, 2), proc.stderr
    assert "control-inside-the-tree" in proc.stdout  # the channel works: a value read is quoted
    assert "quoted-from-a-template" in proc.stdout  # (a template's too)
    for canary in (FILE_CANARY, GIT_CANARY, ENV_CANARY):
        assert canary not in proc.stdout and canary not in proc.stderr, (fmt, canary)


def test_paths_out_of_the_tree_are_unknown_not_errors(planted):
    """A refused path is an unknown value: no finding, no error of its own (only the CDK manifest's
    templates, which must exist, are reported)."""
    proc = run(["--format", "json", "."], cwd=planted)
    findings = json.loads(proc.stdout)["findings"]
    errors = {(f["path"], f["message"]) for f in findings if f["rule"] == "E9600"}
    assert {path for path, _ in errors} <= {"cdk.out/manifest.json"}, errors
    quoted = [f for f in findings if f["rule"] == "W9630"]
    assert [f["path"] for f in quoted] == ["tf-control/main.tf", "tf-template-control/main.tf"]


def test_a_cdk_manifest_cannot_tell_whether_a_file_outside_exists(tmp_path):
    """A manifest naming templates through an in-tree link to / learnt which files exist on the machine
    ("is not a regular file" against "is missing"): outside the assembly, nothing is looked at."""
    outside = write(tmp_path / "outside" / "secret.txt", FILE_CANARY)
    assembly = tmp_path / "repo" / "cdk.out"
    link(assembly / "root", "/")
    artifacts = {
        name: {"type": "aws:cloudformation:stack", "properties": {"templateFile": f"root{target}"}}
        for name, target in (("There", outside), ("NotThere", tmp_path / "outside" / "absent.txt"))
    }
    artifacts["Stage"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": "stage"}}
    link(assembly / "stage" / "manifest.json", outside)
    artifacts["NoStage"] = {"type": "cdk:cloud-assembly", "properties": {"directoryName": "nostage"}}
    link(assembly / "nostage" / "manifest.json", tmp_path / "outside" / "absent.json")
    write(assembly / "manifest.json", json.dumps({"version": "36.0.0", "artifacts": artifacts}))
    proc = run(["--format", "json", "."], cwd=assembly.parent)
    errors = sorted(f["message"] for f in json.loads(proc.stdout)["findings"])
    assert errors == [
        "cannot lint this file: stack NotThere: template absent.txt is outside the assembly",
        "cannot lint this file: stack There: template secret.txt is outside the assembly",
        "cannot lint this file: stage NoStage: its assembly folder is missing",
        "cannot lint this file: stage Stage: its assembly folder is missing",
    ], errors


@pytest.mark.parametrize(("table", "key"), [("terraform", "var-files"), ("cloudformation", "parameter-files")])
def test_settings_file_var_and_parameter_files_stay_in_the_tree(tmp_path, table, key):
    """A settings file comes with the pull request: the files it names may not lie outside its tree
    (a parameter file's content is quoted in its error: a secret would be printed)."""
    (tmp_path / "outside").mkdir()
    write(tmp_path / "outside" / "vars.tfvars", f'x = "{FILE_CANARY}"\naws_secret_access_key={FILE_CANARY}\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "main.tf", tf_module('"{}"'))
    setting = f"{table}.{key}"
    for listed in ("../outside/vars.tfvars", str(tmp_path / "outside" / "vars.tfvars"), "~/vars.tfvars", ".git/x"):
        write(repo / ".lambda6lint.toml", f"[{table}]\n{key} = [{json.dumps(listed)}]\n")
        proc = run(["."], cwd=repo)
        assert proc.returncode == 2 and setting in proc.stderr and "tree" in proc.stderr
        assert FILE_CANARY not in proc.stdout + proc.stderr
    link(repo / "vars.tfvars", tmp_path / "outside" / "vars.tfvars")
    write(repo / ".lambda6lint.toml", f'[{table}]\n{key} = ["vars.tfvars"]\n')
    proc = run(["."], cwd=repo)
    assert proc.returncode == 2 and setting in proc.stderr
    assert FILE_CANARY not in proc.stdout + proc.stderr
    write(
        repo / "inside.tfvars",
        'x = "fine"\n' if table == "terraform" else '[{"ParameterKey": "X", "ParameterValue": "y"}]',
    )
    write(repo / ".lambda6lint.toml", f'[{table}]\n{key} = ["inside.tfvars"]\n')
    assert run(["."], cwd=repo).returncode in (0, 1)


def test_a_named_symlink_never_widens_what_the_other_paths_read(tmp_path):
    """`lambda6lint $(git diff --name-only)` names what a pull request adds, symlinks included: a symlink
    to a file above the repository has that folder as its tree, which must not become the tree of the
    other files named (a Terraform file()'s secret reached the report). A folder named does widen."""
    (tmp_path / "secret.txt").write_text("aws_secret_access_key=CANARY-WIDENED\n")
    (tmp_path / "notes.yaml").write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "main.tf").write_text(QUOTING_FUNCTION.replace("VALUE", 'file("../secret.txt")'))
    (repo / "up.yaml").symlink_to(tmp_path / "notes.yaml")
    for paths in (["repo/main.tf", "repo/up.yaml"], ["repo/up.yaml", "repo/main.tf"]):
        proc = run(["--format", "json", *paths], cwd=tmp_path)
        assert "CANARY-WIDENED" not in proc.stdout + proc.stderr, paths
    (repo / "inside.txt").write_text("CONTROL-QUOTED")  # the channel works: a value read in the tree is quoted
    (repo / "main.tf").write_text(QUOTING_FUNCTION.replace("VALUE", 'file("inside.txt")'))
    assert "CONTROL-QUOTED" in run(["--format", "json", "repo/main.tf", "repo/up.yaml"], cwd=tmp_path).stdout


#: A function with IPv6-only egress whose AWS_USE_DUALSTACK_ENDPOINT W9631 quotes.
QUOTING_FUNCTION = """
resource "aws_vpc" "v" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "s" {
  vpc_id          = aws_vpc.v.id
  cidr_block      = "10.0.1.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)
}
resource "aws_egress_only_internet_gateway" "e" {
  vpc_id = aws_vpc.v.id
}
resource "aws_route_table" "r" {
  vpc_id = aws_vpc.v.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.e.id
  }
}
resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.s.id
  route_table_id = aws_route_table.r.id
}
resource "aws_security_group" "g" {
  vpc_id = aws_vpc.v.id
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.12"
  handler       = "a.b"
  filename      = "f.zip"
  environment {
    variables = {
      AWS_USE_DUALSTACK_ENDPOINT = VALUE
    }
  }
  vpc_config {
    subnet_ids                  = [aws_subnet.s.id]
    security_group_ids          = [aws_security_group.g.id]
    ipv6_allowed_for_dual_stack = true
  }
}
"""


def test_python_m_does_not_import_the_linted_folders_modules(tmp_path):
    """`python -m lambda6lint .` puts the current folder first on sys.path: a pull request's `yaml.py`
    would run in place of PyYAML."""
    (tmp_path / "yaml.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w').close()\nraise SystemExit(99)\n")
    write(tmp_path / "template.yaml", cfn_template("s3:GetObject"))
    proc = subprocess.run(
        [sys.executable, "-m", "lambda6lint", "--isolated", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if "No module named lambda6lint" in proc.stderr:
        pytest.skip("lambda6lint is not installed (run from its checkout)")
    assert not (tmp_path / "ran").exists() and proc.returncode in (0, 1), proc.stderr


def test_a_samconfig_or_settings_file_linking_out_of_the_tree_is_not_read(tmp_path):
    """samconfig beside a SAM template, and the settings file found by walking up, may be symlinks a
    pull request plants: one to a file outside the tree is never read into a report or an error."""
    outside = tmp_path / "outside"
    config = 'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Action=s3:{}"\n'
    write(outside / "samconfig.toml", config.format(FILE_CANARY))
    write(outside / "keys.toml", f"{FILE_CANARY} = 1\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    template = cfn_template("ACTION").replace("Action: 'ACTION'", "Action: !Ref Action")
    header = "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Action:\n    Type: String\nResources:\n"
    write(repo / "template.yaml", template.replace("Resources:\n", header, 1))
    write(repo / "samconfig.toml", config.format("GetObject"))
    assert "s3:GetObject" in run(["--isolated", "."], cwd=repo).stdout  # the channel works inside the tree
    (repo / "samconfig.toml").unlink()
    link(repo / "samconfig.toml", outside / "samconfig.toml")
    proc = run(["--isolated", "--format", "json", "--explain", "."], cwd=repo)
    assert proc.returncode in (0, 1) and FILE_CANARY not in proc.stdout + proc.stderr
    link(repo / ".lambda6lint.toml", outside / "keys.toml")
    proc = run(["."], cwd=repo)
    assert proc.returncode == 2 and "outside its tree" in proc.stderr and FILE_CANARY not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "name", [".GIT", ".Git", ".git.", ".git ", ".git::$INDEX_ALLOCATION", "GIT~1", ".g\u200cit", "\ufeff.git"]
)
def test_every_name_a_file_system_takes_for_git_is_refused(tmp_path, name):
    """macOS and Windows open `.git/config` as `.GIT/config`, Windows as `.git./config` or `GIT~1/config`,
    HFS+ as `.g\\u200cit/config`: a path naming it so must not reach the checkout's credentials. (This
    file system tells them apart; the folder made under the name stands in for `.git`.)"""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    try:
        write(repo / name / "config", "CANARY-GIT-CASE")
    except OSError:
        pytest.skip(f"this file system cannot name {name!r}")
    (repo / "main.tf").write_text(QUOTING_FUNCTION.replace("VALUE", f'file("{name}/config")'))
    proc = run(["--format", "json", "."], cwd=repo)
    assert "CANARY-GIT-CASE" not in proc.stdout + proc.stderr
    (repo / "gitlike").mkdir()
    write(repo / "gitlike" / "config", "CONTROL-QUOTED")  # the channel works for any other folder
    (repo / "main.tf").write_text(QUOTING_FUNCTION.replace("VALUE", 'file("gitlike/config")'))
    assert "CONTROL-QUOTED" in run(["--format", "json", "."], cwd=repo).stdout


@pytest.mark.parametrize("name", [".gitignore", ".github", "git", "x.git", ".gitx"])
def test_names_like_git_are_still_read(name):
    from lambda6lint.confine import is_git

    assert not is_git(name)


def test_real_paths_kept_for_a_run_are_what_realpath_says(tmp_path, monkeypatch):
    """`confine.real_path` keeps each folder's real path for the run (a tree 900 folders deep took minutes
    of lstat): through symlinked folders, symlinks to symlinks, `..` after a symlink, relative links, paths
    that do not exist and relative paths, it gives what `os.path.realpath` gives, and `within` decides alike."""
    from lambda6lint import confine

    tree = tmp_path / "repo"
    deep = tree / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "main.tf").write_text("")
    outside = write(tmp_path / "outside" / "x" / "secret.tf", "")
    link(tree / "up", "a/b")
    link(tree / "a" / "out", "../../outside/x")
    link(tree / "a" / "loop", "loop")
    link(tree / "a" / "again", "../up")
    link(tree / "a" / "b" / "c" / "far.tf", str(outside))
    monkeypatch.chdir(tree)
    confine.forget()
    paths = [
        "a/b/c/main.tf",
        "up/c/main.tf",
        "a/again/c/main.tf",
        "a/out/secret.tf",
        "a/out/../x/secret.tf",
        "up/../b/c/main.tf",
        "a/loop/x",
        "a/b/c/far.tf",
        "a/b/c/gone/none.tf",
        ".",
        str(deep),
        str(tmp_path / "outside"),
    ]
    for _ in range(2):  # (the second time, from what the first kept)
        for path in paths:
            assert confine.real_path(path) == os.path.realpath(path), path
            inside = (os.path.realpath(path) + os.sep).startswith(str(tree.resolve()) + os.sep)
            assert confine.within(path, str(tree)) == inside, path
    assert not confine.within("a/b\0/main.tf", str(tree))
    assert confine.within("a/b/c/main.tf", "/")
    confine.forget()
