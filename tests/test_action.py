"""The GitHub Action (action.yml), run locally: GitHub isn't reachable, so each `run:` step is
executed as the runner would — `bash --noprofile --norc -eo pipefail FILE`, with the step's `env:`,
`${{ ... }}` expressions replaced by test values, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY /
RUNNER_TEMP files — in a throwaway workspace. Every folder involved (workspace, runner temp, the
action's own path) has a space in its name. The install step pip-installs a copy of this working
tree (the action's own ref); without a package index it cannot, and the tests skip. The
`actions/cache` step is not run here: every run is a cache miss.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow  # runs real tools in subprocesses: `pytest -m 'not slow'` skips it

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
BAD = FIXTURES / "W9610" / "bad-shared-route-table-no-eigw.yaml"  # warnings (W9610) and notes (I9651, I9660)
BROKEN = FIXTURES / "E9600" / "bad-unclosed-flow.yaml"
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".benchmarks"
)


def step(step_id: str) -> dict:
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


class Runner:
    """Just enough of a GitHub runner for a composite action's `run:` steps."""

    def __init__(self, tmp: Path, action_path: Path, inputs: dict[str, str], outputs: dict[str, dict[str, str]]):
        self.tmp = tmp
        self.workspace = tmp / "my workspace"
        self.workspace.mkdir(parents=True, exist_ok=True)
        self.runner_temp = tmp / "runner temp"
        self.runner_temp.mkdir(exist_ok=True)
        self.step_summary = tmp / "step summary.md"
        self.env: dict[str, str] = {}
        defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"no such inputs: {unknown}"
        self.context = {f"inputs.{k}": v for k, v in {**defaults, **inputs}.items()}
        self.context["github.action_path"] = str(action_path)
        self.context["runner.temp"] = str(self.runner_temp)
        for step_id, values in outputs.items():
            for name, value in values.items():
                self.context[f"steps.{step_id}.outputs.{name}"] = value

    def expand(self, text: str) -> str:
        def value(match: re.Match) -> str:
            expression = match.group(1)
            assert expression in self.context, f"action.yml uses ${{{{ {expression} }}}}, unknown to this test"
            return self.context[expression]

        return EXPRESSION.sub(value, text)

    def run(self, spec: dict, timeout: int = 300) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
        assert spec["shell"] == "bash"
        script = self.tmp / f"step-{spec['id']}.sh"
        script.write_text(self.expand(spec["run"]))
        output = self.tmp / f"output-{spec['id']}"
        output.write_text("")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "PYTHON"))}
        env.pop("VIRTUAL_ENV", None)
        env.update(
            GITHUB_OUTPUT=str(output),
            GITHUB_ENV=str(self.tmp / "github-env"),
            GITHUB_PATH=str(self.tmp / "github-path"),
            GITHUB_STEP_SUMMARY=str(self.step_summary),
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTION_PATH=self.context["github.action_path"],
            RUNNER_TEMP=str(self.runner_temp),
            RUNNER_OS="Linux",
            RUNNER_ARCH="X64",
            NO_COLOR="1",
        )
        env.update(self.env)
        env.update({k: self.expand(str(v)) for k, v in spec.get("env", {}).items()})
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        self.context.update({f"steps.{spec['id']}.outputs.{k}": v for k, v in outputs.items()})
        return proc, outputs


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> str:
    """The install step, once: the path of the lambda6lint it installed."""
    tmp = tmp_path_factory.mktemp("action-install")
    action_path = tmp / "action ref"
    shutil.copytree(ROOT, action_path, ignore=COPY_IGNORE)
    runner = Runner(tmp, action_path, {}, {})
    proc, outputs = runner.run(step("prepare"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.fullmatch(r"lambda6lint-Linux-X64-CPython-3\.\d+\.\d+-[0-9a-f]{16}", outputs["key"])
    proc, outputs = runner.run(step("install"), timeout=600)
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        offline = ("No matching distribution", "Could not find a version", "Failed to establish", "Network")
        if any(sign in log for sign in offline):
            pytest.skip(f"the install step needs a package index: {log[-500:]}")
        pytest.fail(f"install step failed ({proc.returncode}): {log}")
    assert "lambda6lint" in proc.stdout  # `lambda6lint --version`
    assert Path(outputs["bin"]).is_file()
    return outputs["bin"]


def lint(
    tmp_path: Path,
    installed: str,
    files: Mapping[str, Path | str],
    inputs: Mapping[str, str] | None = None,
    git: bool = False,
    env: Mapping[str, str] | None = None,
):
    runner = Runner(tmp_path, ROOT, dict(inputs or {}), {"install": {"bin": installed}})
    runner.env.update(env or {})
    if git:
        subprocess.run(["git", "init", "-q", str(runner.workspace)], check=True)
    for name, content in files.items():
        target = runner.workspace / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content.read_text() if isinstance(content, Path) else content)
    proc, outputs = runner.run(step("lint"))
    return runner, proc, outputs


def sarif_results(path: str) -> list[tuple[str, str, int]]:
    log = json.loads(Path(path).read_text())
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    return sorted(
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in log["runs"][0]["results"]
    )


def test_action_shape():
    assert ACTION["runs"]["using"] == "composite"
    install = step("install")["run"]
    assert 'pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"' in install
    for spec in ACTION["runs"]["steps"]:
        # inputs reach the scripts through env only: no `${{ ... }}` inside a script (injection)
        assert "${{" not in spec.get("run", ""), spec["name"]
    cache = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["key"] == "${{ steps.prepare.outputs.key }}"
    assert cache["with"]["path"] == "${{ runner.temp }}/lambda6lint-venv"  # the venv the install step makes
    assert set(ACTION["inputs"]) >= {"paths", "sarif-file", "annotate", "fail-on", "category", "isolated"}
    assert ACTION["inputs"]["plan-summary"]["default"] == "true"
    assert ACTION["inputs"]["isolated"]["default"] == "false"
    assert set(ACTION["outputs"]) == {"sarif-file", "exit-code"}


def test_warnings_fail_by_default_and_sarif_is_written(tmp_path, installed, sarif_validator):
    runner, proc, outputs = lint(tmp_path, installed, {"infra/stack.yaml": BAD, "infra/other.yml": "a: 1\n"})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert outputs["exit-code"] == "1"
    sarif = runner.workspace / "lambda6lint.sarif"
    assert outputs["sarif-file"] == str(sarif)
    sarif_validator.validate(json.loads(sarif.read_text()))
    results = sarif_results(outputs["sarif-file"])
    assert {r[0] for r in results} == {"W9610", "I9651", "I9660"}
    assert all(uri == "infra/stack.yaml" and line >= 1 for _, uri, line in results)
    # the diff annotations, one workflow command per finding
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == len(results)
    assert any(a.startswith("::warning file=infra/stack.yaml,line=") for a in annotations)
    assert any(a.startswith("::notice file=infra/stack.yaml,line=") for a in annotations)


@pytest.mark.parametrize(
    ("fail_on", "status", "step_status"),
    [("note", 1, 1), ("warning", 1, 1), ("error", 0, 0), ("never", 0, 0), ("", 1, 1)],
)
def test_exit_status_follows_fail_on(tmp_path, installed, fail_on, status, step_status):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"fail-on": fail_on})
    assert proc.returncode == step_status, proc.stdout + proc.stderr
    assert outputs["exit-code"] == str(status)
    assert (runner.workspace / "lambda6lint.sarif").is_file()  # written whatever the verdict


def test_clean_templates_pass(tmp_path, installed):
    good = FIXTURES / "E9602" / "good-all-subnets-dual-stack.yaml"  # silent for every rule
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": good}, {"fail-on": "note"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sarif_results(outputs["sarif-file"]) == []


def test_paths_working_directory_args_and_plain_text(tmp_path, installed):
    files = {"repo/infra/a.yaml": BAD, "repo/infra/b.yaml": BAD, "repo/other/c.yaml": BAD}
    runner, proc, outputs = lint(
        tmp_path,
        installed,
        files,
        {
            "paths": "infra/a.yaml\n  infra/b.yaml\n",
            "working-directory": "repo",
            "args": "--select W96",
            "annotate": "false",
            "sarif-file": "reports/out.sarif",
        },
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "infra/a.yaml:" in proc.stdout and not re.search(r"^::", proc.stdout, re.M)  # text, not commands
    assert outputs["sarif-file"] == str(runner.workspace / "reports" / "out.sarif")
    results = sarif_results(outputs["sarif-file"])
    assert {r[0] for r in results} == {"W9610"}  # --select W96 dropped the note
    assert {r[1] for r in results} == {"infra/a.yaml", "infra/b.yaml"}


def test_repository_relative_uris_from_a_subfolder(tmp_path, installed):
    """Code scanning needs URIs relative to the repository root, not to working-directory."""
    files = {"infra/stack.yaml": BAD}
    runner, proc, outputs = lint(tmp_path, installed, files, {"working-directory": "infra", "paths": "."}, git=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert {r[1] for r in sarif_results(outputs["sarif-file"])} == {"infra/stack.yaml"}
    assert "::warning file=infra/stack.yaml," in proc.stdout


def test_no_sarif_when_sarif_file_is_empty(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"sarif-file": ""})
    assert proc.returncode == 1
    assert outputs["sarif-file"] == ""
    assert not list(runner.workspace.glob("*.sarif"))


def test_unreadable_template_fails_even_with_never(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BROKEN}, {"fail-on": "never"})
    assert proc.returncode == 2
    assert outputs["exit-code"] == "2"
    assert [r[0] for r in sarif_results(outputs["sarif-file"])] == ["E9600"]
    assert "::error file=stack.yaml," in proc.stdout


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"fail-on": "sometimes"}, "fail-on must be"),
        ({"annotate": "yes"}, "annotate must be"),
        ({"isolated": "1"}, "isolated must be"),
        ({"job-summary": "no"}, "job-summary must be"),
        ({"plan-summary": "maybe"}, "plan-summary must be"),
        ({"sarif-suppressed": "keep"}, "sarif-suppressed must be"),
        ({"args": "--select 'W96"}, "args cannot be split"),
        ({"working-directory": "nowhere"}, "working-directory 'nowhere' does not exist"),
    ],
)
def test_bad_inputs_are_usage_errors(tmp_path, installed, inputs, message):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, inputs)
    assert proc.returncode == 2
    assert f"::error title=lambda6lint::{message}" in proc.stdout
    assert outputs["exit-code"] == "2" and outputs["sarif-file"] == ""


def test_usage_error_writes_no_sarif(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"args": "--select NOPE"})
    assert proc.returncode == 2
    assert "no rule matches" in proc.stderr
    assert proc.stderr.count("no rule matches") == 1
    assert outputs["sarif-file"] == "" and not (runner.workspace / "lambda6lint.sarif").exists()


def test_paths_and_args_with_spaces(tmp_path, installed):
    files = {"my infra/stack.yaml": BAD, "other stack.yaml": BAD, "my infra/skip me.yaml": BAD, "unrelated.yaml": BAD}
    inputs = {"paths": "my infra\n  other stack.yaml  \n\n", "args": "--select W96 --exclude 'my infra/skip me.yaml'"}
    runner, proc, outputs = lint(tmp_path, installed, files, inputs)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    results = sarif_results(outputs["sarif-file"])
    assert {r[1] for r in results} == {"my%20infra/stack.yaml", "other%20stack.yaml"}  # URIs, percent-encoded
    assert {r[0] for r in results} == {"W9610"}
    assert "::warning file=my infra/stack.yaml," in proc.stdout


def test_one_run_writes_annotations_sarif_and_the_job_summary(tmp_path, installed):
    """Lint once, render many: the linter runs a single time for all three."""
    calls = tmp_path / "calls.log"
    shim = tmp_path / "shim bin"
    shim.mkdir()
    (shim / "python").symlink_to(Path(installed).parent / "python")
    (shim / "lambda6lint").write_text(f'#!/bin/sh\necho run >> "{calls}"\nexec "{installed}" "$@"\n')
    (shim / "lambda6lint").chmod(0o755)
    runner, proc, outputs = lint(tmp_path, str(shim / "lambda6lint"), {"stack.yaml": BAD})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert calls.read_text() == "run\n"
    assert proc.stdout.count("::warning file=stack.yaml,") >= 1
    assert sarif_results(outputs["sarif-file"])
    summary = runner.step_summary.read_text()
    assert summary.startswith("### lambda6lint\n") and "| ⚠️ warning | [W9610](" in summary
    # the migration plan follows the findings, from the same run
    findings, plan = summary.split("\n## lambda6lint migration plan\n")
    assert "NAT gateways that could go" in findings.splitlines()[2]  # the summary line states the money
    assert "\n### VPC Vpc (stack\\.yaml:" in plan and "\n```mermaid\nflowchart LR\n" in plan


def test_job_summary_can_be_turned_off(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"job-summary": "false"})
    assert proc.returncode == 1 and not runner.step_summary.exists()


def test_the_plan_can_be_left_out_of_the_job_summary(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"plan-summary": "false"})
    assert proc.returncode == 1 and "migration plan" not in runner.step_summary.read_text()


def test_nothing_to_plan_adds_no_plan(tmp_path, installed):
    clean = FIXTURES / "E9600" / "good-valid-template.yaml"
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": clean})
    assert proc.returncode == 0 and "migration plan" not in runner.step_summary.read_text()


def test_category_names_the_analysis(tmp_path, installed):
    runner, proc, outputs = lint(tmp_path, installed, {"stack.yaml": BAD}, {"category": "infra-prod"})
    log = json.loads(Path(outputs["sarif-file"]).read_text())
    assert log["runs"][0]["automationDetails"]["id"] == "infra-prod/"


def test_isolated_ignores_the_repositorys_settings(tmp_path, installed):
    files = {"stack.yaml": BAD, ".lambda6lint.toml": 'ignore = ["W96"]\nfail-on = "never"\n'}
    runner, proc, outputs = lint(tmp_path, installed, files)
    assert proc.returncode == 0 and {r[0] for r in sarif_results(outputs["sarif-file"])} == {"I9651", "I9660"}
    runner, proc, outputs = lint(tmp_path / "isolated", installed, files, {"isolated": "true"})
    found = {r[0] for r in sarif_results(outputs["sarif-file"])}
    assert proc.returncode == 1 and found == {"W9610", "I9651", "I9660"}


def test_suppressed_findings_stay_out_of_the_sarif_unless_asked(tmp_path, installed):
    ignore = "Metadata:\n  lambda6lint:\n    ignore: [I9651]\n    reason: NAT stays for the partner\n"
    files = {"stack.yaml": ignore + BAD.read_text()}
    runner, proc, outputs = lint(tmp_path, installed, files)
    assert {r[0] for r in sarif_results(outputs["sarif-file"])} == {"W9610", "I9660"}
    runner, proc, outputs = lint(tmp_path / "kept", installed, files, {"sarif-suppressed": "true"})
    results = json.loads(Path(outputs["sarif-file"]).read_text())["runs"][0]["results"]
    kept = [r for r in results if r["ruleId"] == "I9651"]
    assert kept and kept[0]["suppressions"] == [{"kind": "inSource", "justification": "NAT stays for the partner"}]


def test_windows_runners_are_refused_with_a_message(tmp_path):
    runner = Runner(tmp_path, ROOT, {}, {})
    runner.env["RUNNER_OS"] = "Windows"
    proc, outputs = runner.run(step("prepare"))
    assert proc.returncode == 2
    assert "::error title=lambda6lint::lambda6lint's action runs on Linux and macOS runners, not Windows" in proc.stdout


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n#", start + 1)
    return text[start:end]


def test_readme_input_table_is_action_ymls():
    """README "GitHub Actions": the table names every input action.yml has, none other, each with its
    default (an input left empty shows no literal: `fail-on`'s default is the settings file's), and the
    outputs are action.yml's."""
    section = readme_section("GitHub Actions")
    table = section.split("| input | default | meaning |", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    cells = {row.split("|")[1].strip("` "): row.split("|")[2].strip() for row in table}
    assert list(cells) == list(ACTION["inputs"])
    for name, shown in cells.items():
        default = str(ACTION["inputs"][name].get("default", ""))
        if default:
            assert shown == f"`{default}`", (name, shown, default)
        else:
            assert shown == "" or (shown.startswith("(") and shown.endswith(")")), (name, shown)
    outputs = section.split("\nOutputs: ", 1)[1].split("). ", 1)[0]
    assert set(re.findall(r"`([a-z-]+)` \(", outputs)) == set(ACTION["outputs"])


def test_readme_workflows_use_the_actions_inputs():
    blocks = re.findall(r"```yaml\n(.*?)```", readme_section("GitHub Actions"), re.S)
    assert len(blocks) == 2
    workflow = yaml.safe_load(blocks[0])
    steps = workflow["jobs"]["lambda6lint"]["steps"]
    ours = [s for s in steps if s.get("uses", "").startswith("lambda6lint/lambda6lint@")]
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(ours) == 1 and len(upload) == 1 and steps.index(ours[0]) < steps.index(upload[0])
    assert set(ours[0]["with"]) <= set(ACTION["inputs"])
    assert upload[0]["with"]["sarif_file"] == ours[0]["with"]["sarif-file"]
    assert "always()" in upload[0]["if"] or "cancelled()" in upload[0]["if"]  # also after a failing lint
    assert workflow["permissions"]["security-events"] == "write"
    variant = yaml.safe_load(textwrap.dedent(blocks[1]))
    annotate_only = next(s for s in variant if s.get("uses", "").startswith("lambda6lint/lambda6lint@"))
    assert set(annotate_only["with"]) <= set(ACTION["inputs"]) and annotate_only["with"]["sarif-file"] == ""
