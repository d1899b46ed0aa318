"""The pre-commit hook with the real pre-commit, in throwaway git repositories.

The hook's source is a copy of this working tree committed into a temporary git repository
(try-repo and `repo:` read a commit, so uncommitted work would otherwise be missed, and git is
never run in the working tree itself). The user's repository holds templates, unrelated YAML and
JSON, and Terraform files. pre-commit builds the hook's virtualenv by pip-installing the hook
repository, which needs a package index: when that fails for want of a network, the tests skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".benchmarks"
)
OFFLINE = (
    "No matching distribution found",
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Max retries exceeded",
)
CROSS_STACK = FIXTURES / "cross-stack" / "exports"  # app.yaml imports network.yaml's exports
TFVARS_MODULE = FIXTURES / "W9601" / "bad-flag-false-from-tfvars"  # the function's flag comes from tfvars
BAD_NETWORK = FIXTURES / "W9610" / "bad-shared-route-table-no-eigw.yaml"
BAD_SAM = FIXTURES / "W9601" / "bad-globals-flag-false.sam.yaml"
GOOD = FIXTURES / "E9602" / "good-all-subnets-dual-stack.yaml"  # silent for every rule

TERRAFORM = """\
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"""


def git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=60)


def new_repo(path: Path, env: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main", env=env)
    git(path, "config", "user.email", "dev@example.com", env=env)
    git(path, "config", "user.name", "Dev", env=env)
    git(path, "config", "commit.gpgsign", "false", env=env)
    return path


class World:
    """The hook repository (a committed copy of this tree), pre-commit's cache, and a user repository."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        empty = tmp / "gitconfig"
        empty.write_text("")
        # (a PYTHONPATH of the shell running the tests would reach the hook's own virtualenv too)
        leaks = ("GIT_", "PRE_COMMIT", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(leaks)}
        self.env.update(
            GIT_CONFIG_GLOBAL=str(empty),
            GIT_CONFIG_NOSYSTEM="1",
            PRE_COMMIT_HOME=str(tmp / "pre-commit-home"),
            PRE_COMMIT_COLOR="never",
            NO_COLOR="1",
        )
        self.hooks = tmp / "hook-repo"
        shutil.copytree(ROOT, self.hooks, ignore=COPY_IGNORE)
        git(tmp, "init", "-q", "-b", "main", str(self.hooks), env=self.env)
        for key, value in (("user.email", "ci@example.com"), ("user.name", "CI"), ("commit.gpgsign", "false")):
            git(self.hooks, "config", key, value, env=self.env)
        git(self.hooks, "add", "-A", env=self.env)
        git(self.hooks, "commit", "-q", "-m", "lambda6lint working tree", env=self.env)
        self.rev = git(self.hooks, "rev-parse", "HEAD", env=self.env).stdout.strip()

    def user_repo(self, name: str, extra: dict[str, str] | None = None) -> Path:
        repo = new_repo(self.tmp / name, self.env)
        files: dict[str, str] = {
            "infra/network.yaml": BAD_NETWORK.read_text(),
            "infra/app.sam.yaml": BAD_SAM.read_text(),
            "infra/good.yaml": GOOD.read_text(),
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            "package.json": '{"name": "app", "version": "1.0.0"}\n',
            "chart/values.yaml": "{{ .Values.broken }\n",
            "terraform/main.tf": TERRAFORM,
            "README.md": "# app\n",
            **(extra or {}),
        }
        for rel, text in files.items():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(text)
        (repo / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {self.hooks}\n    rev: {self.rev}\n    hooks:\n      - id: lambda6lint\n"
        )
        git(repo, "add", "-A", env=self.env)
        git(repo, "commit", "-q", "--no-verify", "-m", "existing project", env=self.env)  # findings predate the hook
        return repo

    def pre_commit(self, repo: Path, *args: str) -> subprocess.CompletedProcess:
        assert PRE_COMMIT
        proc = subprocess.run([PRE_COMMIT, *args], cwd=repo, env=self.env, capture_output=True, text=True, timeout=300)
        self._skip_if_offline(proc)
        return proc

    def git(self, repo: Path, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(["git", *args], cwd=repo, env=self.env, capture_output=True, text=True, timeout=300)
        self._skip_if_offline(proc)
        return proc

    def _skip_if_offline(self, proc: subprocess.CompletedProcess) -> None:
        log_file = Path(self.env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        log = proc.stdout + proc.stderr + (log_file.read_text(errors="replace") if log_file.exists() else "")
        if "An unexpected error has occurred" in log and any(sign in log for sign in OFFLINE):
            pytest.skip("pre-commit could not build the hook's environment without a package index")


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    return World(tmp_path_factory.mktemp("pre-commit"))


def test_try_repo_lints_named_templates_and_skips_the_rest(world):
    repo = world.user_repo("try-repo")
    files = ["infra/network.yaml", "infra/good.yaml", ".github/workflows/ci.yml", "package.json", "chart/values.yaml"]
    proc = world.pre_commit(repo, "try-repo", str(world.hooks), "lambda6lint", "--ref", world.rev, "--files", *files)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^lambda6lint\.+Failed$", out, re.M), out
    assert "infra/network.yaml:" in out and "W9610" in out
    assert "in 2 templates." in out  # network.yaml and good.yaml; the rest skipped as not templates
    assert "app.sam.yaml" not in out and "values.yaml" not in out


def test_commit_touching_one_template_lints_only_that(world):
    repo = world.user_repo("commits")
    assert world.pre_commit(repo, "install").returncode == 0
    # 1. a clean template changed: only it is linted, the commit goes through
    good = repo / "infra" / "good.yaml"
    good.write_text(good.read_text() + "# reviewed\n")
    world.git(repo, "add", "infra/good.yaml")
    proc = world.pre_commit(repo, "run", "--verbose")  # what the commit runs, with the hook's output shown
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No problems in 1 template." in proc.stdout
    commit = world.git(repo, "commit", "-q", "-m", "touch the clean template")
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "Installing environment" not in commit.stdout + commit.stderr  # built once, by `pre-commit run`
    # 2. a template with findings changed: the commit is refused, naming that template only
    sam = repo / "infra" / "app.sam.yaml"
    sam.write_text(sam.read_text() + "# reviewed\n")
    world.git(repo, "add", "infra/app.sam.yaml")
    commit = world.git(repo, "commit", "-q", "-m", "touch the SAM template")
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "infra/app.sam.yaml:" in out and "W9601" in out
    assert "network.yaml" not in out and "in 1 template." in out
    world.git(repo, "reset", "-q", "--hard")
    # 3. only Terraform, Markdown and unrelated YAML/JSON changed: nothing to fail on
    (repo / "terraform" / "main.tf").write_text(TERRAFORM + "# reviewed\n")
    (repo / "README.md").write_text("# app\n\nmore\n")
    (repo / "package.json").write_text('{"name": "app", "version": "1.0.1"}\n')
    world.git(repo, "add", "-A")
    commit = world.git(repo, "commit", "-q", "-m", "unrelated files")
    assert commit.returncode == 0, commit.stdout + commit.stderr


def test_commit_of_two_stacks_joined_by_an_export_fails(world):
    """The hook runs once for all staged files (require_serial): each stack alone is clean, together they are not.

    Without it, pre-commit splits ten files into one process per CPU and the two stacks land apart.
    """
    repo = world.user_repo("cross-stack")
    assert world.pre_commit(repo, "install").returncode == 0
    (repo / "stacks").mkdir()
    for name in ("app.yaml", "network.yaml"):
        (repo / "stacks" / name).write_text((CROSS_STACK / name).read_text())
    for n in range(8):
        (repo / "stacks" / f"clean-{n}.yaml").write_text(GOOD.read_text())
    world.git(repo, "add", "stacks")
    commit = world.git(repo, "commit", "-q", "-m", "two stacks")
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "stacks/network.yaml:" in out and "W9610" in out  # the network stack's route table, for the app's function
    assert "stacks/app.yaml:" in out and "W9601" in out
    assert "Found 2 problems (2 warnings) in 10 templates." in out


def test_commit_of_only_a_tfvars_file_lints_its_module(world):
    module = {f"tf/{p.name}": p.read_text() for p in TFVARS_MODULE.iterdir()}
    module["tf/terraform.tfvars"] = "allow_ipv6 = true\n"
    # the flag alone is this test's subject (with it on, the rollout rules have advice of their own)
    module[".lambda6lint.toml"] = 'select = ["W9601"]\n'
    repo = world.user_repo("tfvars", module)
    assert world.pre_commit(repo, "install").returncode == 0
    # the var file turns the function's IPv6 flag off: the module's main.tf now has a finding
    (repo / "tf" / "terraform.tfvars").write_text("allow_ipv6 = false\n")
    world.git(repo, "add", "tf/terraform.tfvars")
    commit = world.git(repo, "commit", "-q", "-m", "turn IPv6 off")
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "tf/main.tf:" in out and "W9601" in out and "aws_lambda_function.fn" in out
    # and back on: the same module, linted again, is clean
    (repo / "tf" / "terraform.tfvars").write_text("allow_ipv6 = true  # reviewed\n")
    world.git(repo, "add", "tf/terraform.tfvars")
    commit = world.git(repo, "commit", "-q", "-m", "IPv6 on")
    assert commit.returncode == 0, commit.stdout + commit.stderr
