"""The pre-commit hook as pre-commit would call it: the entry plus every staged YAML/JSON file."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest
import yaml
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow  # runs real tools in subprocesses: `pytest -m 'not slow'` skips it

HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]


def test_hook_definition():
    assert HOOK["id"] == "lambda6lint" and HOOK["language"] == "python"
    assert HOOK["require_serial"] is True  # one process: stacks joined by exports are linted together
    pattern = re.compile(HOOK["files"])
    names = ("template.yaml", "infra/stack.yml", "cdk.out/App.template.json", "vpc.template", "main.tf")
    for name in (*names, "terraform.tfvars", "prod.auto.tfvars", "terraform.tfvars.json"):
        assert pattern.search(name), name
    assert pattern.search("app/samconfig.toml") and pattern.search("samconfig.toml")
    assert not pattern.search("main.py") and not pattern.search("pyproject.toml")
    for kind in ("CloudFormation", "SAM", "CDK", "Terraform modules", "Terraform plan"):
        assert kind in HOOK["description"], kind


def test_readme_says_what_the_hook_receives_and_how_to_add_it():
    """README "pre-commit": the snippet adds this hook, and the files it says the hook receives are those
    its `files` pattern passes (a suffix the pattern gains or loses is said there)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### pre-commit\n", 1)[1].split("\n### ", 1)[0]
    snippet = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    assert [h["id"] for h in snippet["repos"][0]["hooks"]] == [HOOK["id"]]
    said = " ".join(section.split("The hook receives the staged ", 1)[1].split(" files and lints", 1)[0].split())
    assert said == "YAML/JSON (`.template` and `.cform` too), `.tf`, `.tfvars` and `samconfig.toml`"
    pattern = re.compile(HOOK["files"])
    for name in ("a.yaml", "a.yml", "a.json", "a.template", "a.cform", "a.tf", "a.tfvars", "samconfig.toml"):
        assert pattern.search(name), name
    suffixes = re.search(r"\\\.\(([^)]*)\)", HOOK["files"])
    assert suffixes and set(suffixes.group(1).split("|")) == {"ya?ml", "json", "template", "cform", "tf", "tfvars"}


def run_hook(cwd, *files):
    entry = shlex.split(HOOK["entry"])
    command = [sys.executable, "-m", "lambda6lint", *entry[1:], *files]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def run_ci(cwd, *argv):
    """What CI runs: the linter on whole folders."""
    command = [sys.executable, "-m", "lambda6lint", *argv]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_hook_ignores_unrelated_yaml_and_json(tmp_path):
    (tmp_path / "workflow.yml").write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n')
    (tmp_path / "chart.yaml").write_text("{{ .Values.broken }\n")
    (tmp_path / "empty.yaml").write_text("")
    proc = run_hook(tmp_path, "workflow.yml", "package.json", "chart.yaml", "empty.yaml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No problems in 0 templates." in proc.stdout


def test_hook_reports_staged_templates(tmp_path):
    template = (FIXTURES / "W9610" / "bad-shared-route-table-no-eigw.yaml").read_text()
    (tmp_path / "stack.yaml").write_text(template)
    (tmp_path / "workflow.yml").write_text("on: push\n")
    proc = run_hook(tmp_path, "stack.yaml", "workflow.yml")
    assert proc.returncode == 1
    assert proc.stdout.startswith("stack.yaml:")


def test_hook_lints_the_module_of_a_staged_var_file(tmp_path):
    module = FIXTURES / "W9601" / "bad-flag-false-from-tfvars"
    for source in module.iterdir():
        (tmp_path / "tf").mkdir(exist_ok=True)
        (tmp_path / "tf" / source.name).write_text(source.read_text())
    proc = run_hook(tmp_path, "tf/terraform.tfvars")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("tf/main.tf:") and " W9601 " in proc.stdout
    (tmp_path / "tf" / "other.auto.tfvars").write_text("allow_ipv6 = true\n")  # loaded after terraform.tfvars
    proc = run_hook(tmp_path, "tf/other.auto.tfvars", "--select", "W9601")
    assert proc.returncode == 0 and "No problems in 1 Terraform module." in proc.stdout, proc.stdout
    (tmp_path / "tf" / "prod.tfvars").write_text("allow_ipv6 = false\n")  # not loaded by terraform itself
    proc = run_hook(tmp_path, "tf/prod.tfvars")
    assert proc.returncode == 0 and "No problems in 0 templates." in proc.stdout, proc.stdout


def test_hook_lints_the_cdk_assembly_of_a_staged_stack_template(tmp_path):
    """A committed cdk.out's stack template (a stage's too) stands for its assembly, as a .tf file for its
    module: linted with its stack metadata and its other stacks, with fixes in the CDK app's words."""
    import shutil

    shutil.copytree(FIXTURES / "cdk" / "stage-nested" / "cdk.out", tmp_path / "cdk.out")
    (tmp_path / ".git").mkdir()  # (the repository: each file's tree; any file of the assembly stands for it)
    stage = "cdk.out/assembly-Prod/ProdServiceC810982D.template.json"
    proc = run_hook(tmp_path, stage, "cdk.out/tree.json", "cdk.out/assembly-Prod/ProdServiceC810982D.assets.json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.rstrip().endswith("in 1 CDK assembly. 2 functions not fully checked: --explain shows why."), (
        proc.stdout
    )
    whole = run_ci(tmp_path, "cdk.out")
    assert proc.stdout == whole.stdout


def test_hook_lints_the_roots_that_call_a_staged_local_module(tmp_path):
    """A commit that changes only a local module: the hook lints the roots of the repository that call it
    (through other modules too), as a walk of the repository does, so its resources have the addresses,
    variable values and fingerprints (a baseline's) they have in CI. Alone, its root's tfvars were not
    read and the function's finding was missed."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "I9605" / "bad-local-module-vpc-without-ipv6", tmp_path / "prod")
    (tmp_path / "prod" / "modules" / "unused").mkdir()
    (tmp_path / "prod" / "modules" / "unused" / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    (tmp_path / ".git").mkdir()  # (the work tree the callers are searched in)
    staged = run_hook(tmp_path, "prod/modules/network/main.tf", "--format", "json")
    whole = run_ci(tmp_path, ".", "--format", "json")
    found = json.loads(staged.stdout)
    assert found["findings"] and found["findings"] == json.loads(whole.stdout)["findings"], staged.stdout
    assert found["files"][0] == "prod/main.tf", found["files"]
    alone = json.loads(run_hook(tmp_path, "prod/modules/unused/main.tf", "--format", "json").stdout)
    assert alone["files"] == ["prod/modules/unused/main.tf"], alone  # (called by nothing: linted as its own root)
    shutil.move(tmp_path / "prod" / "modules", tmp_path / "modules")  # (a root a walk leaves out: as it does)
    main = tmp_path / "prod" / "main.tf"
    main.write_text(main.read_text().replace('"./modules/network"', '"../modules/network"'))
    left_out = run_hook(tmp_path, "modules/network/main.tf", "--format", "json", "--exclude", "prod")
    assert json.loads(left_out.stdout)["files"] == ["modules/network/main.tf"], left_out.stdout
    assert json.loads(run_hook(tmp_path, "modules/network/main.tf", "--format", "json").stdout)["files"][0] == (
        "prod/main.tf"
    )


def test_the_roots_of_a_module_are_found_through_chains_and_cycles():
    from lambda6lint.discover import _roots

    called = {"/r/m/net": {"/r/m/app"}, "/r/m/app": {"/r/prod", "/r/dev"}, "/r/m/a": {"/r/m/b"}, "/r/m/b": {"/r/m/a"}}
    assert _roots("/r/m/net", called) == ["/r/dev", "/r/prod"]
    assert _roots("/r/m/a", called) == ["/r/m/a", "/r/m/b"]  # (a cycle of calls has no root: each, as a walk)
    assert _roots("/r/m/a", {"/r/m/a": {"/r/m/a"}}) == ["/r/m/a"]  # (a module calling itself: alone)
    assert _roots("/r/x", called) == ["/r/x"]


@pytest.mark.parametrize(
    ("fixture", "staged", "as_json"),
    [
        ("nested-grandchild", "stacks/fns/worker.yaml", False),  # TemplateURL, two levels down
        ("nested-grandchild", "stacks/fns/worker.yaml", True),  # the parents in JSON
        ("nested-application", "network.yaml", False),  # a SAM application's Location
    ],
)
def test_hook_lints_the_parents_of_a_staged_nested_template(tmp_path, fixture, staged, as_json):
    """A commit that changes only a nested stack's template: the hook lints the root templates that nest it
    (as CI's walk does: the child is read with what its parent passes), not the child alone, which took its
    parameters' Defaults and reported an E9633 CI does not (a commit blocked by a finding CI never shows)."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "cross-stack" / fixture, tmp_path / "infra")
    if as_json:
        for parent in ("root.yaml", "stacks/services.yaml"):
            path = tmp_path / "infra" / parent
            path.write_text(json.dumps(yaml.safe_load(path.read_text().replace("!Ref ", "")), indent=2))
    (tmp_path / ".git").mkdir()  # (the work tree the parents are searched in)
    staged_run = run_hook(tmp_path, f"infra/{staged}", "--format", "json")
    whole = run_ci(tmp_path, "infra", "--format", "json")
    found = json.loads(staged_run.stdout)
    assert found["findings"] == json.loads(whole.stdout)["findings"], staged_run.stdout
    assert found["summary"] == json.loads(whole.stdout)["summary"]  # (the templates it linted: the top ones)
    assert f"infra/{staged}" in found["files"] and found["files"][0] != f"infra/{staged}", found["files"]


@pytest.mark.parametrize(
    ("written", "before"),
    [
        ("'TemplateURL': stacks/services.yaml", ""),  # a quoted key
        ("TemplateURL: *child", "Metadata:\n  Child: &child stacks/services.yaml\n"),  # an alias
        ("TemplateURL: !!str stacks/services.yaml", ""),  # a tag YAML reads as a string
        ("TemplateURL: >-\n        stacks/services.yaml", ""),  # a folded scalar
        ("TemplateURL: stacks/services.yaml", "Metadata:\n  Notes: '%s'\n" % ("x" * 1_200_000)),  # past 1 MB
    ],
)
def test_the_parent_of_a_staged_nested_template_is_found_however_yaml_writes_its_name(tmp_path, written, before):
    """The search for a staged template's parents reads a parent as its loader does: a scan of its text missed
    each of these (and read 1 MB of a 5 MB template), and the hook linted the child alone, with its Defaults."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "cross-stack" / "nested-grandchild", tmp_path / "infra")
    root = tmp_path / "infra" / "root.yaml"
    text = root.read_text().replace("TemplateURL: stacks/services.yaml", written)
    root.write_text(text.replace("Resources:\n", before + "Resources:\n", 1))
    (tmp_path / ".git").mkdir()
    staged_run = json.loads(run_hook(tmp_path, "infra/stacks/fns/worker.yaml", "--format", "json").stdout)
    whole = json.loads(run_ci(tmp_path, "infra", "--format", "json").stdout)
    assert staged_run["findings"] == whole["findings"], staged_run  # (none: the root passes what it needs)
    assert staged_run["files"][0] == "infra/root.yaml", staged_run["files"]


LOOPED = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: %s\n%sResources:\n%s"
ENVS = "Parameters:\n  Envs: {Type: CommaDelimitedList, Default: 'a,b'}\n"
STACK = (
    "%(indent)s%(id)s:\n%(indent)s  Type: %(type)s\n%(indent)s  Properties:\n"
    "%(indent)s    %(prop)s: %(url)s\n%(indent)s    Parameters: {NodeRuntime: nodejs22.x}\n"
)


def _looped(collection, url, transform="AWS::LanguageExtensions", kind="AWS::CloudFormation::Stack", outer=None):
    """A root nesting stacks/services.yaml (the nested-grandchild fixture's middle) only inside a loop over
    `collection` (inside a literal loop over `outer` too), with the TemplateURL (Location) `url`."""
    prop = "Location" if kind == "AWS::Serverless::Application" else "TemplateURL"
    if outer is None:
        body = STACK % {"indent": "        ", "id": "Services${Env}", "type": kind, "prop": prop, "url": url}
        loop = f"  Fn::ForEach::Svc:\n    - Env\n    - {collection}\n    -\n{body}"
    else:
        body = STACK % {"indent": "            ", "id": "S${Env}${Tier}", "type": kind, "prop": prop, "url": url}
        inner = f"        Fn::ForEach::Svc:\n          - Env\n          - {collection}\n          -\n{body}"
        loop = f"  Fn::ForEach::Tiers:\n    - Tier\n    - {outer}\n    -\n{inner}"
    return LOOPED % (transform, ENVS + "  Names: {Type: CommaDelimitedList, Default: services}\n", loop)


IS_PROD = "Conditions:\n  IsProd: !Equals [!Ref 'AWS::Region', us-east-1]\n"
STAGE = (
    "Parameters:\n  Stage: {Type: String}\n"
    "Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n  Always: !Equals [a, a]\n"
)


@pytest.mark.parametrize(
    ("root", "args"),
    [
        # a loop over a parameter given a value: CI nests the child with what the root passes (no E9633); the
        # hook linted services.yaml alone, with its Default (E9633, a finding CI never shows)
        (_looped("!Ref Envs", "stacks/services.yaml"), ["--parameter", "Envs=a,b"]),
        # the same with no value: the loop is not expanded, CI lints the root and the child alone
        (_looped("!Ref Envs", "stacks/services.yaml"), []),
        # the path written from the loop's identifier, over a parameter given a value, and over a literal list
        (_looped("!Ref Names", "!Sub 'stacks/${Env}.yaml'"), ["--parameter", "Names=services"]),
        (_looped("!Ref Names", "!Sub 'stacks/${Env}.yaml'"), []),
        (_looped("[services]", "!Sub 'stacks/${Env}.yaml'"), []),
        (_looped("!Ref Envs", "!Join ['', [stacks/, services.yaml]]"), ["--parameter", "Envs=a"]),
        # a SAM application's Location, in a loop of a template SAM transforms too
        (
            _looped(
                "!Ref Envs",
                "stacks/services.yaml",
                "[AWS::LanguageExtensions, AWS::Serverless-2016-10-31]",
                "AWS::Serverless::Application",
            ),
            ["--parameter", "Envs=a"],
        ),
        # inside a loop inside a literal loop, the inner one over a parameter (given a value, and not)
        (_looped("!Ref Envs", "stacks/services.yaml", outer="[x, y]"), ["--parameter", "Envs=a"]),
        (_looped("!Ref Envs", "stacks/services.yaml", outer="[x, y]"), []),
        # a branch of Fn::If (CI lints the root, and the child alone), and a stack a condition guards
        (
            LOOPED
            % (
                "[]",
                IS_PROD,
                STACK
                % {
                    "indent": "  ",
                    "id": "Services",
                    "type": "AWS::CloudFormation::Stack",
                    "prop": "TemplateURL",
                    "url": "!If [IsProd, stacks/services.yaml, stacks/none.yaml]",
                },
            ),
            [],
        ),
        # the same, staged in the other branch: CI nests the template of each branch with what the root passes
        (
            LOOPED
            % (
                "[]",
                IS_PROD,
                STACK
                % {
                    "indent": "  ",
                    "id": "Services",
                    "type": "AWS::CloudFormation::Stack",
                    "prop": "TemplateURL",
                    "url": "!If [IsProd, stacks/none.yaml, stacks/services.yaml]",
                },
            ),
            [],
        ),
        # a branch of Fn::If whose condition the run decides (a value given, a literal): CI nests it (no E9633)
        (
            LOOPED
            % (
                "[]",
                STAGE,
                STACK
                % {
                    "indent": "  ",
                    "id": "Services",
                    "type": "AWS::CloudFormation::Stack",
                    "prop": "TemplateURL",
                    "url": "!If [IsProd, stacks/services.yaml, stacks/none.yaml]",
                },
            ),
            ["--parameter", "Stage=prod"],
        ),
        (
            LOOPED
            % (
                "[AWS::Serverless-2016-10-31]",
                STAGE,
                STACK
                % {
                    "indent": "  ",
                    "id": "Services",
                    "type": "AWS::Serverless::Application",
                    "prop": "Location",
                    "url": "!If [Always, stacks/services.yaml, stacks/none.yaml]",
                },
            ),
            [],
        ),
        (
            LOOPED
            % (
                "[]",
                IS_PROD,
                "  Services:\n    Type: AWS::CloudFormation::Stack\n    Condition: IsProd\n    Properties:\n"
                "      TemplateURL: stacks/services.yaml\n      Parameters: {NodeRuntime: nodejs22.x}\n",
            ),
            [],
        ),
    ],
    ids=[
        "loop-over-a-parameter-given-a-value",
        "loop-over-a-parameter-with-no-value",
        "sub-of-the-item-over-a-parameter-given-a-value",
        "sub-of-the-item-over-a-parameter-with-no-value",
        "sub-of-the-item-over-a-literal-list",
        "join-in-a-loop",
        "sam-application-in-a-loop",
        "loop-in-a-literal-loop-given-a-value",
        "loop-in-a-literal-loop-with-no-value",
        "a-branch-of-fn-if",
        "the-other-branch-of-fn-if",
        "a-branch-of-fn-if-a-value-given-decides",
        "a-branch-of-fn-if-a-literal-condition-decides",
        "a-stack-a-condition-guards",
    ],
)
def test_a_staged_nested_template_stands_for_a_parent_that_names_it_inside_an_intrinsic(tmp_path, root, args):
    """A root that nests the staged template's chain only in a `Fn::ForEach` loop (or names it in a branch of
    `Fn::If`): the caller scan took the loops it could not expand over the template's own text (a collection from a
    parameter) for nothing, and the hook linted the child alone, not the root: where the run gives the parameter a
    value, CI's walk nests the child with what the root passes, and the hook reported the E9633 of its Default; where
    it does not, the root's own findings and summary were not CI's. Each file the root may name counts; a branch of an
    undecided `Fn::If` is nested with what the root passes, as a decided one is (no E9633 from its Default)."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "cross-stack" / "nested-grandchild", tmp_path / "infra")
    (tmp_path / "infra" / "root.yaml").write_text(root)
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, "infra", "--format", "json", *args).stdout)
    for staged in ("infra/stacks/services.yaml", "infra/stacks/fns/worker.yaml"):
        found = json.loads(run_hook(tmp_path, staged, "--format", "json", *args).stdout)
        assert found["findings"] == whole["findings"], (staged, found)
        assert found["summary"] == whole["summary"] and found["files"][0] == "infra/root.yaml", (staged, found)
        assert sorted(found["files"]) == sorted(whole["files"])
    if "!If" in root:  # (the branch taken, or each where none is decided, is nested with what the root passes)
        assert not any(f["rule"] == "E9633" for f in whole["findings"]), whole["findings"]


@pytest.mark.parametrize(
    ("link", "url", "args"),
    [
        # the pattern's folder is a symlink to the staged file's real folder: the loader nests it through the link
        ("infra/link", "!Sub 'link/${Env}.yaml'", ["--parameter", "Names=services"]),
        ("infra/link", "!Sub 'link/${Env}.yaml'", []),
        # the same one folder down
        ("infra/deep/link", "!Sub 'deep/link/${Env}.yaml'", ["--parameter", "Names=services"]),
        ("infra/deep/link", "!Sub 'deep/link/${Env}.yaml'", []),
    ],
    ids=["given-a-value", "no-value", "deeper-given-a-value", "deeper-no-value"],
)
def test_a_staged_template_a_pattern_names_through_a_symlinked_folder_stands_for_the_root(tmp_path, link, url, args):
    """root.yaml names `link/${Env}.yaml` in a loop, where `link` is a symlink to stacks/ inside the tree: its loader
    nests stacks/services.yaml through the link (confine.inside lets a symlink that stays in the tree be read), so a
    walk lints the root, and the staged file under the real folder stands for it, as the walk lints it (the pattern is
    matched against the real paths of the templates the scan met)."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "cross-stack" / "nested-grandchild", tmp_path / "infra")
    (tmp_path / link).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / link).symlink_to(os.path.relpath(tmp_path / "infra" / "stacks", (tmp_path / link).parent))
    (tmp_path / "infra" / "root.yaml").write_text(_looped("!Ref Names", url))
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, "infra", "--format", "json", *args).stdout)
    for staged in ("infra/stacks/services.yaml", "infra/stacks/fns/worker.yaml"):
        found = json.loads(run_hook(tmp_path, staged, "--format", "json", *args).stdout)
        assert found["findings"] == whole["findings"], (staged, found)
        assert found["summary"] == whole["summary"] and found["files"][0] == "infra/root.yaml", (staged, found)
        # (the walk reads stacks/ as itself too, and drops what the root nests of it: the hook has no need to; without
        # a value the loop nests nothing, and the chain is linted alone where it is)
        assert set(found["files"]) <= set(whole["files"])
        assert (f"{link}/services.yaml" in found["files"]) == bool(args), found["files"]


def test_a_pattern_of_a_template_nested_through_a_symlinked_folder_is_resolved_from_the_link(tmp_path):
    """root.yaml nests `deep/link/services.yaml` (`deep/link` → ../stacks), which names `../fns/${Name}.yaml` in a
    loop over a parameter: a path from it resolves from the path it was nested as (`deep/link/../fns`: deep/fns), not
    from where the walk met it (stacks/../fns), as for a path written out (`discover._resolve`), so the staged
    deep/fns/worker.yaml stands for the root, which a walk lints. (The loader does not expand a nested template's loop
    over what its parent passes: the worker is then linted alone, with its Default, as the walk lints it.)"""
    import json
    import shutil

    infra = tmp_path / "infra"
    shutil.copytree(FIXTURES / "cross-stack" / "nested-grandchild", infra)
    (infra / "deep").mkdir()
    (infra / "deep" / "link").symlink_to("../stacks")
    shutil.move(infra / "stacks" / "fns", infra / "deep" / "fns")
    root = infra / "root.yaml"
    root.write_text(root.read_text().replace("stacks/services.yaml", "deep/link/services.yaml"))
    (infra / "stacks" / "services.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::LanguageExtensions\nParameters:\n"
        "  NodeRuntime: {Type: String, Default: nodejs18.x}\n  Names: {Type: CommaDelimitedList, Default: worker}\n"
        "Resources:\n  Fn::ForEach::W:\n    - Name\n    - !Ref Names\n    - W${Name}:\n"
        "        Type: AWS::CloudFormation::Stack\n        Properties:\n"
        "          TemplateURL: !Sub '../fns/${Name}.yaml'\n          Parameters: {Runtime: !Ref NodeRuntime}\n"
    )
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, "infra", "--format", "json").stdout)
    found = json.loads(run_hook(tmp_path, "infra/deep/fns/worker.yaml", "--format", "json").stdout)
    assert found["findings"] == whole["findings"] and [f["rule"] for f in found["findings"]] == ["E9633"], found
    assert found["summary"] == whole["summary"] and found["files"][0] == "infra/root.yaml", found
    assert set(found["files"]) <= set(whole["files"])  # (the walk reads stacks/services.yaml as itself too)


@pytest.mark.parametrize(
    "url",
    [
        "!Sub 'other/${Env}.yaml'",  # a loop's pattern another folder's files fit
        "!Sub '${Env}'",  # what nothing of the text tells (the item is the whole path)
        "!Sub 'https://bucket.s3.amazonaws.com/${Env}.yaml'",  # no local file
        "!Ref Envs",
    ],
)
def test_a_staged_template_a_loop_cannot_name_does_not_stand_for_the_loops_template(tmp_path, url):
    """A pattern the staged file does not fit, or one that tells nothing of the file, does not make the root a top:
    the hook lints the staged chain alone, and says what CI says of it."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "cross-stack" / "nested-grandchild", tmp_path / "infra")
    (tmp_path / "infra" / "root.yaml").write_text(_looped("!Ref Envs", url))
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, "infra/stacks", "--format", "json").stdout)
    found = json.loads(run_hook(tmp_path, "infra/stacks/services.yaml", "--format", "json").stdout)
    assert found["findings"] == whole["findings"] and found["files"] == whole["files"], found
    assert "infra/root.yaml" not in found["files"]


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("stacks/a.yaml", ["stacks/a.yaml"]),
        ("!If [C, stacks/a.yaml, !If [D, stacks/b.yaml, !Ref 'AWS::NoValue']]", ["stacks/a.yaml", "stacks/b.yaml"]),
        ("!Sub 'stacks/${Env}-${!Literal}.yaml'", ["stacks/\0-${Literal}.yaml"]),
        ("!Sub ['${Env}/t.yaml', {X: 1}]", ["\0/t.yaml"]),
        ("!Join ['/', [stacks, !If [C, a.yaml, b.yaml]]]", ["stacks/a.yaml", "stacks/b.yaml"]),
        ("!Join ['', [!Ref Env, .yaml]]", ["\0.yaml"]),
        ("!Sub '${Dir}/${Env}'", []),  # (tells nothing of the file)
        ("!Ref Env", []),
        ("!Sub 's3://bucket/${Env}.yaml'", []),
        ("!Join ['', !Ref Parts]", []),
    ],
)
def test_what_a_template_may_name_inside_a_loop_and_an_intrinsic(url, named):
    """The caller scan's read of a template: a loop it cannot expand still makes its stacks, whose paths are patterns
    where the text cannot tell them (`\\0`: any text), one for each branch of a condition. Without
    AWS::LanguageExtensions a loop is none (CloudFormation rejects the template): it names nothing."""
    from lambda6lint.loaders.cloudformation import nested

    text = _looped("!Ref Envs", url).replace("S${Env}${Tier}", "S").replace("Services${Env}", "S")
    assert nested.named_files("root.yaml", text.encode()) == (named, 0)
    plain = text.replace("Transform: AWS::LanguageExtensions", "Transform: []")
    assert nested.named_files("root.yaml", plain.encode()) == ([], 0)


def test_a_pattern_a_template_names_fits_a_path_in_linear_time():
    from lambda6lint.discover import _fits

    assert _fits("/r/stacks/fns/worker.yaml", ["/r/stacks/", ".yaml"])  # (any text, `/` too)
    assert _fits("/r/a-b-c.yaml", ["/r/", "-", "-", ".yaml"]) and not _fits("/r/a-b.yaml", ["/r/", "-", "-", ".yaml"])
    assert not _fits("/r/x.yml", ["/r/", ".yaml"]) and not _fits("/r/.yaml", ["/r/.yaml", ".yaml"])
    many = ["/r/", *["a"] * 20_000, ".yaml"]  # (a regular expression of as many `.*` backtracks for ages)
    assert not _fits("/r/" + "a" * 19_999 + "b.yaml", many) and _fits("/r/" + "a" * 20_000 + ".yaml", many)


def test_a_staged_openapi_document_stands_for_the_template_whose_api_names_it(tmp_path):
    """A commit that turns a REST API's `ipAddressType` to IPv4 in its OpenAPI document only: CI lints the
    template with the document it names (`DefinitionUri`); the hook linted the document alone, and nothing."""
    import json

    (tmp_path / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"
        "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n"
        "      DefinitionUri: ./openapi.yaml\n"
    )
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.1\ninfo: {title: x, version: '1'}\nx-amazon-apigateway-endpoint-configuration:\n"
        "  ipAddressType: ipv4\npaths: {}\n"
    )
    (tmp_path / ".git").mkdir()
    staged_run = json.loads(run_hook(tmp_path, "openapi.yaml", "--format", "json").stdout)
    whole = json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)
    assert [f["rule"] for f in whole["findings"]] == ["I9640"], whole
    assert staged_run["findings"] == whole["findings"], staged_run


def test_what_calls_a_staged_module_is_searched_in_its_tree_only(tmp_path):
    """A symlink to a .tf file or a template outside the work tree, naming the staged module or template
    as its child, is not read: it never makes a folder of the tree a root (nor reads what it points to)."""
    from lambda6lint.discover import _calls
    from lambda6lint.engine import _nested_files

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.tf").write_text('module "m" {\n  source = "../repo/modules/net"\n}\n')
    (outside / "evil.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  S:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties:\n      TemplateURL: ../repo/child.yaml\n"
    )
    repo = tmp_path / "repo"
    (repo / "modules" / "net").mkdir(parents=True)
    (repo / "modules" / "net" / "main.tf").write_text('variable "x" {\n  default = 1\n}\n')
    (repo / "child.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")
    (repo / "evil").mkdir()
    (repo / "evil" / "link.tf").symlink_to(outside / "evil.tf")
    (repo / "evil" / "link.yaml").symlink_to(outside / "evil.yaml")
    os.mkfifo(repo / "fifo.tf")  # (never opened: it would block)
    assert _calls(str(repo), _nested_files) == {}


def test_what_calls_a_staged_module_is_read_as_terraform_reads_it(tmp_path, monkeypatch):
    """A call in a comment line is none (a commented-out module block: the module alone is what CI lints);
    an excluded caller in the middle of a chain is none (its callee becomes the root, as in a walk); past a
    limit on calls, what calls what is not known and a staged module stands for itself."""
    from lambda6lint import discover
    from lambda6lint.engine import _nested_files

    (tmp_path / "envs" / "legacy").mkdir(parents=True)
    (tmp_path / "envs" / "legacy" / "main.tf").write_text('# module "net" {\n#   source = "../../modules/net"\n# }\n')
    (tmp_path / "old.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  # S:\n  #   Type: AWS::CloudFormation::Stack\n"
        "  #   Properties:\n  #     TemplateURL: stacks/net.yaml\n  T: {Type: AWS::SNS::Topic}\n"
    )
    (tmp_path / "new.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  S:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties: {TemplateURL: stacks/app.yaml}  # TemplateURL: stacks/net.yaml\n"
    )
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "app").mkdir(parents=True)
    (tmp_path / "modules" / "app" / "main.tf").write_text('module "net" {\n  source = "../net"\n}\n')
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "main.tf").write_text('module "app" {\n  source = "../modules/app"\n}\n')
    (tmp_path / "prod" / "zz.tf").write_text('module "other" {\n  source = "../modules/other"\n}\n')
    called = discover._calls(str(tmp_path), _nested_files)
    prod = os.path.realpath(tmp_path / "prod")
    assert called[os.path.realpath(tmp_path / "modules" / "app")] == {prod}  # (each of a module's files calls)
    assert called[os.path.realpath(tmp_path / "modules" / "other")] == {prod}
    net = os.path.realpath(tmp_path / "modules" / "net")
    assert called[net] == {os.path.realpath(tmp_path / "modules" / "app")}  # (not envs/legacy's comment)
    assert os.path.realpath(tmp_path / "stacks" / "net.yaml") not in called
    real = os.path.realpath(tmp_path)
    assert called[os.path.join(real, "stacks", "app.yaml")] == {os.path.join(real, "new.yaml")}
    monkeypatch.chdir(tmp_path)
    assert discover._roots("modules/net", called) == ["prod"]
    assert discover._roots("modules/net", called, lambda path: path == "prod") == ["modules/app"]
    monkeypatch.setattr(discover, "_MAX_CALLS", 1)
    assert discover._calls(str(tmp_path), _nested_files) == {}


def test_a_bare_manifest_json_stands_for_its_assembly(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "cdk" / "isolated-dualstack" / "cdk.out", tmp_path / "cdk.out")
    proc = run_hook(tmp_path / "cdk.out", "manifest.json")
    assert proc.stdout.rstrip().endswith("in 1 CDK assembly."), proc.stdout


def test_a_staged_samconfig_stands_for_the_templates_beside_it(tmp_path):
    """A commit that only turns a parameter off in samconfig.toml changes what the template beside it deploys:
    the hook lints that template with it, as CI does (the hook's pattern used to leave samconfig.toml out, and
    the file alone was no template)."""
    import json

    app = tmp_path / "app"
    app.mkdir()
    template = (FIXTURES / "W9601" / "bad-flag-from-parameter-default.yaml").read_text()
    (app / "template.yaml").write_text(template.replace("Default: 'false'", "Default: 'true'"))
    (app / "buildspec.yml").write_text("version: 0.2\nphases:\n  build:\n    commands: [sam build]\n")
    (app / "samconfig.toml").write_text(
        'version = 0.1\n[default.deploy.parameters]\nstack_name = "app"\nparameter_overrides = "EnableIpv6=false"\n'
    )
    (tmp_path / ".git").mkdir()
    staged = json.loads(run_hook(tmp_path, "app/samconfig.toml", "--format", "json").stdout)
    assert staged["files"] == ["app/template.yaml"]
    assert [f["rule"] for f in staged["findings"]] == ["W9601"]
    assert staged["findings"] == json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)["findings"]
    left_out = run_hook(tmp_path, "app/samconfig.toml", "--exclude", "app/template.yaml")
    assert left_out.returncode == 0 and "No problems in 0 templates" in left_out.stdout, left_out.stdout


def test_a_staged_file_of_values_the_run_reads_stands_for_what_takes_them(tmp_path):
    """A settings file's `var-files` and `parameter-files` give every root module and every template values:
    a commit that only flips one there lints what takes them, as CI does (the file alone was no template)."""
    import json
    import shutil

    module = tmp_path / "infra" / "net"
    shutil.copytree(FIXTURES / "W9601" / "bad-flag-false-from-tfvars", module)
    (module / "terraform.tfvars").unlink()
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "prod.tfvars").write_text("allow_ipv6 = false\n")
    template = (FIXTURES / "W9601" / "bad-flag-from-parameter-default.yaml").read_text()
    (tmp_path / "infra" / "app.yaml").write_text(template.replace("Default: 'false'", "Default: 'true'"))
    (tmp_path / "env" / "prod.json").write_text('{"Parameters": {"EnableIpv6": "false"}}\n')
    (tmp_path / "env" / "notes.yaml").write_text("owner: platform\n")
    (tmp_path / ".lambda6lint.toml").write_text(
        '[terraform]\nvar-files = ["env/prod.tfvars"]\n[cloudformation]\nparameter-files = ["env/prod.json"]\n'
    )
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)
    assert sorted(f["rule"] for f in whole["findings"]) == ["W9601", "W9601"]
    var_file = json.loads(run_hook(tmp_path, "env/prod.tfvars", "--format", "json").stdout)
    assert var_file["files"] == ["infra/net/main.tf", "infra/net/variables.tf"]
    assert var_file["findings"] == [f for f in whole["findings"] if f["path"].endswith(".tf")]
    parameter_file = json.loads(run_hook(tmp_path, "env/prod.json", "--format", "json").stdout)
    assert parameter_file["files"] == ["infra/app.yaml"]
    assert parameter_file["findings"] == [f for f in whole["findings"] if f["path"] == "infra/app.yaml"]
    other = run_hook(tmp_path, "env/notes.yaml")
    assert other.returncode == 0 and "No problems in 0 templates" in other.stdout, other.stdout


def test_a_staged_module_whose_only_call_makes_nothing_is_linted_as_its_own_root(tmp_path):
    """`count = 0` on the call: the root makes nothing of the module, and CI's walk lints the module alone. The
    hook, which finds callers by their text, linted the root only, and the module's findings never showed."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "W9601" / "bad-flag-false-from-tfvars", tmp_path / "modules" / "fn")
    (tmp_path / "dev").mkdir()
    call = 'module "fn" {\n  source = "../modules/fn"\n  count  = %d\n}\n'
    (tmp_path / "dev" / "main.tf").write_text(call % 0)
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)
    staged = json.loads(run_hook(tmp_path, "modules/fn/main.tf", "--format", "json").stdout)
    assert [f["rule"] for f in whole["findings"]] == ["W9601"] and staged["findings"] == whole["findings"], staged
    assert sorted(staged["files"]) == sorted(whole["files"])
    (tmp_path / "dev" / "main.tf").write_text(call % 1)  # (made: its findings are the root's, as in CI)
    whole = json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)
    staged = json.loads(run_hook(tmp_path, "modules/fn/main.tf", "--format", "json").stdout)
    assert staged["findings"] == whole["findings"] and staged["files"] == whole["files"], staged
    assert staged["summary"] == whole["summary"] == "Found 2 problems (1 warning, 1 note) in 1 Terraform module."


def _hook_matches_ci(tmp_path, files, links=()):
    """A module `modules/fn` that W9601 flags when a caller passes `allow_ipv6 = false`, the callers in `files`
    and `links` (symlinked folders): the staged module gives CI's findings, summary and files (a walk also
    lists a module's files at the path it meets them by, through no symlink)."""
    import json
    import shutil

    shutil.copytree(FIXTURES / "W9601" / "bad-flag-false-from-tfvars", tmp_path / "modules" / "fn")
    (tmp_path / "modules" / "fn" / "terraform.tfvars").unlink()  # (a called module's own var file is not read)
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)
    for relative, target in links:
        (tmp_path / relative).symlink_to(target, target_is_directory=True)
    (tmp_path / ".git").mkdir()
    whole = json.loads(run_ci(tmp_path, ".", "--format", "json").stdout)
    assert [f["rule"] for f in whole["findings"]] == ["W9601"], whole
    staged = json.loads(run_hook(tmp_path, "modules/fn/main.tf", "--format", "json").stdout)
    assert staged["findings"] == whole["findings"] and staged["summary"] == whole["summary"], staged
    assert set(staged["files"]) <= set(whole["files"]) and (links or len(staged["files"]) == len(whole["files"]))


CALL_FN = 'module "fn" {\n  source     = "%s"\n  allow_ipv6 = false\n}\n'
UNMADE = 'module "%s" {\n  source = "%s"\n  count  = 0\n}\n'


def test_a_call_in_a_module_called_through_a_symlinked_folder_is_resolved_from_the_symlink(tmp_path):
    """`dev` calls `../link`, a symlink to `real/m`, which calls `../modules/fn`: Terraform resolves that from
    the path `m` is called by (`link/../modules/fn` is `modules/fn`), and so does CI's walk. The search for
    callers resolved it from `real/m` only, found no caller of `modules/fn`, and the hook linted it alone."""
    files = {"dev/main.tf": 'module "m" {\n  source = "../link"\n}\n', "real/m/main.tf": CALL_FN % "../modules/fn"}
    files["real/modules/fn/main.tf"] = "# (what real/m calls from its own folder)\n"
    _hook_matches_ci(tmp_path, files, links=[("link", "real/m")])


def test_calls_through_a_symlink_loop_are_resolved_a_bounded_number_of_times(tmp_path):
    """`p/s` leads back to `p`, and `q` and `r` call each other through it: each call resolved from the path it
    was called by makes a longer path to the same folders (`p/s/s/s/q`…), at most `_MAX_ALIASES` each."""
    from lambda6lint import discover

    (tmp_path / "p" / "q").mkdir(parents=True)
    (tmp_path / "p" / "r").mkdir()
    (tmp_path / "p" / "s").symlink_to(tmp_path / "p", target_is_directory=True)
    (tmp_path / "p" / "main.tf").write_text('module "q" {\n  source = "./s/q"\n}\n')
    (tmp_path / "p" / "q" / "main.tf").write_text('module "r" {\n  source = "../s/r"\n}\n')
    (tmp_path / "p" / "r" / "main.tf").write_text('module "q" {\n  source = "../s/q"\n}\n')
    real = os.path.realpath(tmp_path / "p")
    called = discover._calls(str(tmp_path))
    assert called[os.path.join(real, "q")] == {real, os.path.join(real, "r")}
    assert called[os.path.join(real, "r")] == {os.path.join(real, "q")}


def test_the_staged_modules_of_one_long_chain_walk_it_once_a_round():
    """`pre-commit run --all-files` on a chain of 300 modules each calling the next with `count = 0`: each
    staged module walked the whole chain above it, each round (25 s where CI takes 0.6 s). The tops found
    above a module are kept for the round; what each stands for is unchanged."""
    from lambda6lint.discover import TERRAFORM_MODULE, Source, standing

    chain = [f"/r/c{i}" for i in range(300)]
    calls = {"/r": {callee: {caller} for caller, callee in zip(chain[:-1], chain[1:], strict=True)}}
    staged = [Source(path, TERRAFORM_MODULE, explicit=True, tree="/r") for path in chain[1:]]
    settled = {"/r/c0", "/r/c1", "/r/c2"}.__contains__
    asked: list[str] = []

    def excluded(path: str) -> bool:
        asked.append(path)
        return False

    memo: dict = {}
    kept = [standing(s, calls, settled, excluded, memo) for s in staged]
    assert len(asked) < 3 * len(chain), len(asked)  # (without `memo`: 44,255)
    assert kept == [standing(s, calls, settled) for s in staged]
    assert kept[0] == [staged[0]] and kept[5] == [Source("/r/c3", TERRAFORM_MODULE, explicit=True, tree="/r")]


def test_a_staged_module_in_a_recursion_of_modules_reports_what_ci_reports(tmp_path):
    """`a` calls `b` and `b` calls `a`, and nothing else calls either: Terraform loads neither. CI's walk lints
    each as a root and reports the recursion (E9600) twice and nothing else, as each is called; the hook,
    staging `a`, linted `a` alone and reported its findings and `module.b`'s too."""
    import json
    import shutil

    for name, other in (("a", "b"), ("b", "a")):
        shutil.copytree(FIXTURES / "W9601" / "bad-flag-false-from-tfvars", tmp_path / name)
        (tmp_path / name / "terraform.tfvars").unlink()
        (tmp_path / name / "call.tf").write_text(f'module "{other}" {{\n  source = "../{other}"\n}}\n')
    (tmp_path / ".git").mkdir()
    whole = run_ci(tmp_path, ".", "--format", "json")
    assert {f["rule"] for f in json.loads(whole.stdout)["findings"]} == {"E9600"}, whole.stdout
    staged = run_hook(tmp_path, "a/main.tf", "--format", "json")
    assert json.loads(staged.stdout)["findings"] == json.loads(whole.stdout)["findings"], staged.stdout
    assert staged.returncode == whole.returncode == 2


def test_a_staged_module_under_a_caller_no_call_makes_is_linted_under_that_caller(tmp_path):
    """A root calls `mid` with `count = 0`, and `mid` calls `fn`: CI's walk lints `mid` as a root of its own,
    which makes `fn`. A staged `fn` is linted there too, not alone (the hook linted it alone: a second copy
    of its findings under other addresses, or none that CI reports)."""
    files = {"modules/mid/main.tf": CALL_FN % "../fn", "dev/main.tf": UNMADE % ("mid", "../modules/mid")}
    _hook_matches_ci(tmp_path, files)


def test_a_staged_module_under_callers_no_call_makes_several_levels_up(tmp_path):
    """dev calls `a` with `count = 0`, `a` calls `b` with `count = 0`, `b` calls `fn`: CI lints `a` and `b`
    as roots, and `b` makes `fn`; the hook finds that in two rounds."""
    files = {
        "modules/b/main.tf": CALL_FN % "../fn",
        "modules/a/main.tf": UNMADE % ("b", "../b"),
        "dev/main.tf": UNMADE % ("a", "../modules/a"),
    }
    _hook_matches_ci(tmp_path, files)


def test_a_staged_module_called_through_a_symlinked_folder_stands_for_its_caller(tmp_path):
    """`source = "./fn"` where `fn` is a symlink to the shared module: Terraform (and a walk) reads the
    module there; the hook looked its callers up by the text of the path and linted the module alone."""
    _hook_matches_ci(tmp_path, {"live/main.tf": CALL_FN % "./fn"}, links=[("live/fn", "../modules/fn")])


@pytest.mark.parametrize(
    "caller, text",
    [
        # `source` at column 0 below a comment line: the scan took the comment's line for the call's
        ("dev/main.tf", 'module "fn" {\n# the shared module\nsource = "../modules/fn"\n  allow_ipv6 = false\n}\n'),
        # escapes Terraform decodes in the path: the scan compared the text as written
        ("dev/main.tf", 'module "fn" {\n  source     = "\\u002e\\u002e/modules/fn"\n  allow_ipv6 = false\n}\n'),
        ("dev/main.tf.json", '{"module": {"fn": {"source": "..\\/modules\\/fn", "allow_ipv6": false}}}\n'),
        # `{` right before `source` (as in a one-line block)
        ("dev/main.tf", 'module "fn" {source = "../modules/fn"\n  allow_ipv6 = false\n}\n'),
    ],
    ids=["source-at-column-0-below-a-comment", "hcl-unicode-escapes", "json-escaped-slashes", "brace-before-source"],
)
def test_a_call_written_unusually_is_a_call(tmp_path, caller, text):
    """The staged module stands for its caller however the call is written, as CI's walk reads it (the hook
    linted the module alone: its findings under other addresses, or ones CI does not report)."""
    _hook_matches_ci(tmp_path, {caller: text})


def test_a_staged_file_in_a_folder_the_walk_skips_is_skipped(tmp_path):
    """`pre-commit run --all-files` passes every tracked file: one committed under `.aws-sam`, `node_modules`
    or a virtualenv is never linted by CI's walk, so the hook skips it too (it reported findings CI does not)."""
    import shutil

    bad = FIXTURES / "W9601" / "bad-flag-absent.yaml"
    for folder in (".aws-sam/build", "node_modules/pkg", "venv/lib", "sub/.terraform/modules/m"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(bad, tmp_path / folder / "template.yaml")
    (tmp_path / ".git").mkdir()
    assert run_ci(tmp_path, ".").returncode == 2  # nothing to lint: the walk skips them all
    staged = [
        f"{folder}/template.yaml"
        for folder in (".aws-sam/build", "node_modules/pkg", "venv/lib", "sub/.terraform/modules/m")
    ]
    proc = run_hook(tmp_path, *staged)
    assert proc.returncode == 0 and "W9601" not in proc.stdout, proc.stdout + proc.stderr
    shutil.copy(bad, tmp_path / "template.yaml")  # (and one where the walk does lint it still is)
    proc = run_hook(tmp_path, *staged, "template.yaml")
    assert proc.returncode == 1 and proc.stdout.count("W9601") == 1, proc.stdout + proc.stderr


def test_a_staged_template_among_a_cdk_assemblys_assets_stands_for_the_assembly(tmp_path):
    """A bundled custom resource's template under `cdk.out/asset.*/`: CI's walk lints the assembly and never
    reads the asset's files on their own; the hook linted it as a plain template and blocked the commit."""
    import shutil

    shutil.copytree(FIXTURES / "cdk" / "stage-nested" / "cdk.out", tmp_path / "cdk.out")
    (tmp_path / "cdk.out" / "asset.0123abcd" / "nested").mkdir(parents=True)
    shutil.copy(
        FIXTURES / "W9601" / "bad-flag-absent.yaml", tmp_path / "cdk.out" / "asset.0123abcd" / "nested" / "t.yaml"
    )
    (tmp_path / ".git").mkdir()
    proc = run_hook(tmp_path, "cdk.out/asset.0123abcd/nested/t.yaml")
    whole = run_ci(tmp_path, ".")
    assert "asset.0123abcd" not in whole.stdout and whole.returncode == 1, whole.stdout + whole.stderr
    assert (proc.returncode, proc.stdout) == (whole.returncode, whole.stdout), proc.stdout + proc.stderr


def test_the_call_scan_skips_comment_lines_however_long_and_finds_the_calls_after_them():
    """Each line is tested for a comment once (a 1 MB comment line of 75,000 calls was copied once per
    call: 16 s per commit), and a call on the next line is still found."""
    from lambda6lint import discover

    text = b"# " + b' source="./a"' * 1000 + b'\nmodule "b" {\n  source = "./b"\n}\n  // source = "./c"\nsource="./d"'
    assert list(discover._local_calls(text)) == ["./b", "./d"]
    assert list(discover._local_calls(b'source = "./e"')) == []  # (no character before)
    assert list(discover._local_calls(b'#x\n source = "./e"')) == ["./e"]


def test_a_named_symlink_out_of_the_work_tree_is_skipped_as_a_walk_skips_it(tmp_path):
    """A job feeding a pull request's changed files to `--only-templates`: `evil.yaml -> ../outside/x.yaml`
    was read from its target's tree and its logical ids printed; a walk refuses it. One inside stays linted."""
    import shutil

    (tmp_path / "outside").mkdir()
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", tmp_path / "outside" / "secret.yaml")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "evil.yaml").symlink_to("../outside/secret.yaml")
    proc = run_hook(repo, "evil.yaml")
    assert (proc.returncode, proc.stdout) == (0, "No problems in 0 templates.\n"), proc.stdout + proc.stderr
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", repo / "real.yaml")
    (repo / "link.yaml").symlink_to("real.yaml")
    proc = run_hook(repo, "evil.yaml", "link.yaml")
    assert proc.returncode == 1 and proc.stdout.count("W9601") == 1, proc.stdout + proc.stderr


def test_a_staged_symlink_and_its_staged_target_are_one_template_as_in_a_walk(tmp_path):
    """A commit adding `link.yaml -> template.yaml` stages both: the hook linted each, every finding twice,
    where CI's walk lints the real file once. A link staged alone stands for its target too: linted under its
    own name, its findings were not those of the baseline CI wrote (a commit retargeting a link was blocked)."""
    import shutil

    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", tmp_path / "template.yaml")
    (tmp_path / "link.yaml").symlink_to("template.yaml")
    for staged in (("link.yaml", "template.yaml"), ("template.yaml", "link.yaml"), ("link.yaml",)):
        proc = run_hook(tmp_path, *staged)
        assert proc.stdout.count("W9601") == 1 and "link.yaml" not in proc.stdout, proc.stdout + proc.stderr
        assert proc.stdout == run_ci(tmp_path, ".").stdout
    run_ci(tmp_path, ".", "--write-baseline", ".lambda6lint-baseline.json")
    proc = run_hook(tmp_path, "link.yaml", "--baseline", ".lambda6lint-baseline.json")
    assert proc.returncode == 0 and "1 baselined" in proc.stdout, proc.stdout + proc.stderr
    (tmp_path / ".aws-sam").mkdir()  # (a target no walk lints as itself: the link is what CI lints)
    (tmp_path / "template.yaml").rename(tmp_path / ".aws-sam" / "built.yaml")
    (tmp_path / "link.yaml").unlink()
    (tmp_path / "link.yaml").symlink_to(".aws-sam/built.yaml")
    proc = run_hook(tmp_path, "link.yaml")
    assert proc.stdout.startswith("link.yaml:") and proc.stdout == run_ci(tmp_path, ".").stdout, proc.stdout


def test_a_staged_file_of_values_walks_a_tree_holding_a_symlinked_template_as_ci_does(tmp_path):
    """A staged parameter file walks its tree for the templates it reaches: a symlinked template there
    crashed that walk (an internal error, the commit blocked); it is the real file, once, as in CI."""
    import shutil

    (tmp_path / ".git").mkdir()
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", tmp_path / "template.yaml")
    (tmp_path / "link.yaml").symlink_to("template.yaml")
    (tmp_path / "prod.json").write_text("[]\n")
    proc = run_hook(tmp_path, "prod.json", "--parameters", "prod.json")
    assert proc.returncode == 1 and proc.stdout.count("W9601") == 1, proc.stdout + proc.stderr
    assert proc.stdout == run_ci(tmp_path, ".", "--parameters", "prod.json").stdout


def test_a_named_file_under_a_symlinked_folder_is_skipped_as_a_walk_skips_it(tmp_path):
    """`c/secret.yaml` where `c -> ../outside`: the tree of its folder was where the link leads, so it was
    read and its logical ids printed; a walk never enters a symlinked folder, wherever it leads."""
    import shutil

    (tmp_path / "outside").mkdir()
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", tmp_path / "outside" / "secret.yaml")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "c").symlink_to("../outside")
    proc = run_hook(repo, "c/secret.yaml")
    assert (proc.returncode, proc.stdout) == (0, "No problems in 0 templates.\n"), proc.stdout + proc.stderr


def test_a_staged_plan_beside_its_modules_tf_files_stands_for_the_module(tmp_path):
    """CI's walk lints the module, not a plan kept beside its `.tf` files; the hook (its pattern passes
    `*.json`) linted a stale committed plan and blocked the commit on a finding CI never reports."""
    import shutil

    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    shutil.copy(FIXTURES / "W9601" / "bad-flag-false.tfplan.json", tmp_path / "infra" / "plan.json")
    whole = run_ci(tmp_path, ".")
    assert (whole.returncode, whole.stdout) == (0, "No problems in 1 Terraform module.\n"), whole.stdout + whole.stderr
    proc = run_hook(tmp_path, "infra/plan.json")
    assert (proc.returncode, proc.stdout) == (whole.returncode, whole.stdout), proc.stdout + proc.stderr
