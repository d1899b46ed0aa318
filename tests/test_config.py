"""Settings files: discovery, every key, command-line precedence, errors, --show-config."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import ROOT, run

from lambda6lint import config
from lambda6lint.pricing import DEFAULT_PRICES, Prices

EXAMPLE = ROOT / "examples" / "sam-app" / "template.yaml"  # I9651, W9601, W9630
W9650_BAD = ROOT / "fixtures" / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project folder as the current folder, holding a copy of the SAM example."""
    (tmp_path / "infra").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "infra" / "app.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_of(capsys, *argv):
    code, out, err = run(capsys, "--format", "json", *argv)
    assert code in (0, 1), err
    return {(f["rule"], f["path"].replace(os.sep, "/")) for f in json.loads(out)["findings"]}


def write_pyproject(folder, body, header="[tool.lambda6lint]\n"):
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + header + body)


def write_dedicated(folder, body):
    (folder / ".lambda6lint.toml").write_text(body)


# ---------------------------------------------------------------- discovery


def test_no_settings_file_means_defaults(project):
    settings = config.load()
    assert settings.path is None
    assert settings.select == [] and settings.fail_on == "warning" and settings.prices == DEFAULT_PRICES
    assert settings.root == str(project)


def test_pyproject_found_from_a_subfolder(project, monkeypatch):
    write_pyproject(project, 'select = ["W9601"]\n')
    monkeypatch.chdir(project / "infra")
    settings = config.load()
    assert settings.path == str(project / "pyproject.toml")
    assert settings.select == ["W9601"] and settings.source("select") == settings.path
    assert settings.root == str(project)


def test_pyproject_without_our_table_is_passed_over(project, monkeypatch):
    write_dedicated(project, 'select = ["W9630"]\n')
    sub = project / "infra"
    (sub / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    monkeypatch.chdir(sub)
    assert config.load().path == str(project / ".lambda6lint.toml")


def test_dedicated_file_beats_pyproject_in_the_same_folder(project):
    write_pyproject(project, 'select = ["W9601"]\n')
    write_dedicated(project, 'select = ["W9630"]\n')
    settings = config.load()
    assert settings.path == str(project / ".lambda6lint.toml") and settings.select == ["W9630"]


def test_nearest_file_wins_and_nothing_is_merged(project, monkeypatch):
    write_dedicated(project, 'select = ["W9630"]\nfail-on = "error"\n')
    write_pyproject(project / "infra", 'ignore = ["I"]\n')
    monkeypatch.chdir(project / "infra")
    settings = config.load()
    assert settings.path == str(project / "infra" / "pyproject.toml")
    assert settings.select == [] and settings.ignore == ["I"] and settings.fail_on == "warning"


def test_config_flag_names_the_file_and_isolated_ignores_all(project, capsys):
    write_dedicated(project, 'select = ["W9630"]\n')
    other = project / "other.toml"
    other.write_text('select = ["I9651"]\n')
    assert rules_of(capsys, "infra") == {("W9630", "infra/app.yaml")}
    assert rules_of(capsys, "--config", str(other), "infra") == {("I9651", "infra/app.yaml")}
    assert len(rules_of(capsys, "--isolated", "infra")) == 3
    write_pyproject(project, 'select = ["W9601"]\n')
    assert rules_of(capsys, "--config", "pyproject.toml", "infra") == {("W9601", "infra/app.yaml")}


def test_config_and_isolated_together_are_a_usage_error(project, capsys):
    """One names a settings file to read, the other says to read none: --isolated won silently."""
    (project / "other.toml").write_text('select = ["I9651"]\n')
    code, out, err = run(capsys, "--isolated", "--config", "other.toml", "infra")
    assert code == 2 and out == "" and "--config other.toml cannot be used with --isolated" in err


def test_missing_config_file_is_an_error(project, capsys):
    code, _, err = run(capsys, "--config", "nope.toml", "infra")
    assert code == 2 and "nope.toml" in err


# ---------------------------------------------------------------- every key, through the CLI


def test_select_and_ignore(project, capsys):
    write_pyproject(project, 'select = ["W96"]\nignore = ["missing-gateway-endpoint"]\n')
    assert rules_of(capsys, "infra") == {("W9601", "infra/app.yaml")}


def test_a_single_string_is_a_list_of_one(project, capsys):
    write_dedicated(project, 'select = "W9630"\n')
    assert rules_of(capsys, "infra") == {("W9630", "infra/app.yaml")}


def test_command_line_overrides_the_file(project, capsys):
    write_dedicated(project, 'select = ["W9630"]\nfail-on = "error"\n')
    assert rules_of(capsys, "--select", "W9601", "infra") == {("W9601", "infra/app.yaml")}
    assert run(capsys, "infra")[0] == 0  # fail-on = "error" from the file: a warning is not enough
    assert run(capsys, "--fail-on", "warning", "infra")[0] == 1
    _, out, _ = run(capsys, "--show-config", "--select", "W9601")
    assert 'select = ["W9601"]  # --select' in out
    assert f'fail-on = "error"  # {project / ".lambda6lint.toml"}' in out


def test_fail_on(project, capsys):
    write_dedicated(project, 'select = ["I9651"]\nfail-on = "note"\n')
    assert run(capsys, "infra")[0] == 1
    write_dedicated(project, 'select = ["I9651"]\n')
    assert run(capsys, "infra")[0] == 0


def test_severity_override_changes_every_output_and_the_exit_status(project, capsys):
    write_dedicated(project, 'select = ["W9630"]\nfail-on = "error"\n')
    assert run(capsys, "infra")[0] == 0
    write_dedicated(project, 'select = ["W9630"]\nfail-on = "error"\nseverity = {W9630 = "error"}\n')
    code, out, _ = run(capsys, "infra")
    assert code == 1 and "1 error" in out
    sarif = json.loads(run(capsys, "--format", "sarif", "infra")[1])
    assert [r["level"] for r in sarif["runs"][0]["results"]] == ["error"]
    # the rule as code scanning shows it (its severity filter reads the rule's), the others as they are
    (rule,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "W9630"]
    assert rule["defaultConfiguration"]["level"] == rule["properties"]["problem.severity"] == "error"
    (other,) = [r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "W9601"]
    assert other["defaultConfiguration"]["level"] == "warning"
    assert json.loads(run(capsys, "--format", "json", "infra")[1])["findings"][0]["severity"] == "error"
    assert run(capsys, "--format", "github", "infra")[1].startswith("::error ")
    assert json.loads(run(capsys, "--format", "gitlab", "infra")[1])[0]["severity"] == "critical"


def test_severity_override_can_lower_too_and_the_most_specific_pattern_wins(project, capsys):
    write_dedicated(project, 'severity = {W96 = "note", function-dualstack-disabled = "error", I = "warning"}\n')
    _, out, _ = run(capsys, "--format", "json", "infra")
    assert {f["rule"]: f["severity"] for f in json.loads(out)["findings"]} == {
        "W9601": "error",
        "W9630": "note",
        "I9651": "warning",
    }
    write_dedicated(project, 'severity = {W96 = "note", I = "note"}\n')
    assert run(capsys, "infra")[0] == 0  # only notes left below fail-on = warning
    sarif = json.loads(run(capsys, "--format", "sarif", "infra")[1])
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"note"}


def test_exclude_globs(project, capsys):
    for name in ("legacy", "cdk.out/asm"):
        (project / name).mkdir(parents=True)
        shutil.copy(EXAMPLE, project / name / "old.yaml")
    everything = {p for _, p in rules_of(capsys, ".")}
    assert everything == {"infra/app.yaml", "legacy/old.yaml", "cdk.out/asm/old.yaml"}
    write_dedicated(project, 'exclude = ["legacy/", "cdk.out"]\n')
    assert {p for _, p in rules_of(capsys, ".")} == {"infra/app.yaml"}
    # a named file that is excluded is skipped too (a pre-commit hook names every file, with
    # --only-templates); left with nothing to lint, the run says so, as it does finding nothing
    assert rules_of(capsys, "--only-templates", "legacy/old.yaml") == set()
    code, out, err = run(capsys, "legacy/old.yaml")
    assert code == 2 and out == "" and "`exclude` leaves out all 1 found (--allow-empty" in err
    assert run(capsys, "--exclude", "*", ".")[0] == 2  # a glob that matches everything does not pass
    assert run(capsys, "--exclude", "*", "--allow-empty", ".")[0] == 0
    # the command line replaces the file's globs
    assert {p for _, p in rules_of(capsys, "--exclude", "infra/*.yaml", ".")} == {
        "legacy/old.yaml",
        "cdk.out/asm/old.yaml",
    }
    write_dedicated(project, 'exclude = ["**/old.yaml"]\n')
    assert {p for _, p in rules_of(capsys, ".")} == {"infra/app.yaml"}
    # an empty --exclude clears the file's (it was dropped: only --isolated did; helper)
    assert {p for _, p in rules_of(capsys, "--exclude", "", ".")} == everything
    # `/name` anchors a name at the settings file's folder, as in .gitignore (it matched nothing)
    (project / "infra" / "legacy").mkdir()
    shutil.copy(EXAMPLE, project / "infra" / "legacy" / "old.yaml")
    write_dedicated(project, 'exclude = ["/legacy"]\n')
    assert {p for _, p in rules_of(capsys, ".")} == {"infra/app.yaml", "infra/legacy/old.yaml", "cdk.out/asm/old.yaml"}
    # an absolute path inside the root is that path, as a shell's completion writes it (it matched nothing)
    write_dedicated(project, f"exclude = [{json.dumps(str(project / 'infra' / 'legacy'))}]\n")
    assert {p for _, p in rules_of(capsys, ".")} == {"infra/app.yaml", "legacy/old.yaml", "cdk.out/asm/old.yaml"}
    assert {p for _, p in rules_of(capsys, "--exclude", str(project / "legacy"), ".")} == {
        "infra/app.yaml",
        "infra/legacy/old.yaml",
        "cdk.out/asm/old.yaml",
    }


def test_globs_are_relative_to_the_settings_file(project, capsys, monkeypatch):
    (project / "legacy").mkdir()
    shutil.copy(EXAMPLE, project / "legacy" / "old.yaml")
    write_dedicated(project, 'exclude = ["legacy/*.yaml"]\nper-path-ignores = {"infra/**" = ["W9601"]}\n')
    monkeypatch.chdir(project / "infra")
    found = rules_of(capsys, "..")
    assert {p for _, p in found} == {"../infra/app.yaml"}
    assert "W9601" not in {r for r, _ in found}


@pytest.mark.parametrize("settings_file", [True, False])
def test_exclude_globs_on_the_command_line_are_relative_to_the_current_folder(project, capsys, settings_file):
    """`--exclude` is relative to the current folder, settings file or not (with one, the file's folder
    was used: the same command excluded other files as a settings file came and went)."""
    (project / "infra" / "legacy").mkdir()
    shutil.copy(EXAMPLE, project / "infra" / "legacy" / "old.yaml")
    if settings_file:
        write_dedicated(project, 'per-path-ignores = {"infra/**" = ["W9601"]}\n')
    os.chdir(project / "infra")
    found = rules_of(capsys, "--exclude", "legacy/*.yaml", ".")
    assert {p for _, p in found} == {"app.yaml"}
    assert ("W9601" in {r for r, _ in found}) is not settings_file  # (the file's globs: from its folder)
    shown = run(capsys, "--exclude", "legacy/*.yaml", "--show-config")[1]
    assert (f"# --exclude globs are relative to: {project / 'infra'}" in shown) is settings_file


def test_per_path_ignores(project, capsys):
    (project / "legacy").mkdir()
    shutil.copy(EXAMPLE, project / "legacy" / "old.yaml")
    write_pyproject(project, '[tool.lambda6lint.per-path-ignores]\n"legacy/**" = ["W96"]\n"*.yaml" = ["I9651"]\n')
    assert rules_of(capsys, ".") == {
        ("W9601", "infra/app.yaml"),
        ("W9630", "infra/app.yaml"),
    }


def test_terraform_var_files_and_vars_are_relative_to_the_file(project, monkeypatch):
    (project / "env").mkdir()
    write_pyproject(
        project, '[tool.lambda6lint.terraform]\nvar-files = ["env/prod.tfvars"]\nvars = {region = "eu-west-1"}\n'
    )
    monkeypatch.chdir(project / "infra")
    settings = config.load()
    assert [os.path.abspath(p) for p in settings.var_files] == [str(project / "env" / "prod.tfvars")]
    assert settings.tf_vars == {"region": "eu-west-1"}
    assert settings.source("terraform.var-files") == str(project / "pyproject.toml")


def test_terraform_settings_reach_the_engine_and_the_command_line_wins(project, capsys, monkeypatch):
    from lambda6lint import engine

    seen = []
    real = engine.lint

    def spy(paths, options=None):
        seen.append(options)
        return real(paths, options)

    monkeypatch.setattr(engine, "lint", spy)
    write_dedicated(project, '[terraform]\nvar-files = ["a.tfvars"]\nvars = {env = "prod", n = 3}\n')
    (project / "a.tfvars").write_text('env = "test"\n')
    (project / "b.tfvars").write_text('env = "test"\n')
    run(capsys, "infra")
    assert list(seen[-1].tf_var_files) == ["a.tfvars"] and seen[-1].tf_vars == {"env": "prod", "n": "3"}
    run(capsys, "--var-file", "b.tfvars", "--var", "env=dev", "infra")
    assert list(seen[-1].tf_var_files) == ["b.tfvars"] and seen[-1].tf_vars == {"env": "dev", "n": "3"}


def test_prices_change_the_cost_messages(project, capsys):
    shutil.copy(W9650_BAD, project / "infra" / "nat.yaml")
    _, out, _ = run(capsys, "--select", "W9650,I9651", "infra")
    assert out.count("$36.50/month fixed plus $0.045/GB") == 2 and "us-east-1 list prices" in out
    write_pyproject(project, "[tool.lambda6lint.prices]\nnat-hourly = 0.059\nnat-per-gb = 0.052\nipv4-hourly = 0\n")
    _, out, _ = run(capsys, "--select", "W9650,I9651", "infra")
    # 730 h × ($0.059 + $0) = $43.07
    lines = out.splitlines()
    assert any(" W9650 " in line and "$43.07/month fixed plus $0.052/GB" in line for line in lines)
    assert any(" I9651 " in line and "$43.07/month fixed plus $0.052/GB" in line for line in lines)
    assert "configured prices" in out and "us-east-1" not in out
    _, out, _ = run(capsys, "--select", "W9630", "infra")
    assert "$0.052/GB processing" in out


def test_prices_accept_integers_and_keep_defaults_for_unset_keys(project):
    write_dedicated(project, "[prices]\nnat-hourly = 1\n")
    assert config.load().prices == Prices(nat_hourly=1.0)


# ---------------------------------------------------------------- errors: file + key, exit 2


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ('fail_on = "error"\n', "fail_on", "did you mean 'fail-on'"),
        ("colour = true\n", "colour", "unknown key"),
        ("K" * 5000 + " = true\n", "K" * 99 + "…", "unknown key"),  # named, not replayed
        ('fail-on = "fatal"\n', "fail-on", "'fatal'"),
        ("select = [1]\n", "select", "list of non-empty strings"),
        ('select = ["X1234"]\n', "select", "no rule matches 'X1234'"),
        ('ignore = ["W9601", "nope"]\n', "ignore", "no rule matches 'nope'"),
        ('select = ["' + "X" * 5000 + '"]\n', "select", "no rule matches 'XXXX"),  # named, not replayed
        ('severity = {W9601 = "fatal"}\n', "severity.W9601", "'fatal'"),
        ('severity = {X9 = "error"}\n', "severity.X9", "no rule matches"),
        ('severity = "error"\n', "severity", "expected a table"),
        ("exclude = true\n", "exclude", "list of non-empty strings"),
        ('per-path-ignores = {"a/**" = "Z"}\n', 'per-path-ignores."a/**"', "no rule matches 'Z'"),
        ('per-path-ignores = ["a"]\n', "per-path-ignores", "expected a table"),
        ("[prices]\nnat-hourly = -1\n", "prices.nat-hourly", "≥ 0"),
        ('[prices]\nnat-hourly = "0.05"\n', "prices.nat-hourly", "number"),
        ("[prices]\nipv4-hourly = true\n", "prices.ipv4-hourly", "number"),
        ("[prices]\nnat-hour = 0.05\n", "prices.nat-hour", "did you mean 'nat-hourly'"),
        ("[terraform]\nvar-file = ['x']\n", "terraform.var-file", "did you mean 'var-files'"),
        ("[terraform]\nvars = {a = [1]}\n", "terraform.vars.a", "expected a string"),
        ("[terraform]\nvar-files = 'x.tfvars'\nvars = 3\n", "terraform.vars", "expected a table"),
    ],
)
@pytest.mark.parametrize("kind", ["dedicated", "pyproject"])
def test_bad_settings_name_the_file_and_the_key(project, capsys, body, key, words, kind):
    if kind == "dedicated":
        write_dedicated(project, body)
        path, full_key = project / ".lambda6lint.toml", key
    else:
        body = body.replace("[prices]", "[tool.lambda6lint.prices]").replace(
            "[terraform]", "[tool.lambda6lint.terraform]"
        )
        write_pyproject(project, body)
        path, full_key = project / "pyproject.toml", f"tool.lambda6lint.{key}"
    for argv in (["infra"], ["--show-config"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert err.startswith(f"lambda6lint: error: {path}: {full_key}: "), err
        assert words in err
        assert len(err) < 1000, err[:200]  # a message names a value, it does not replay it


def test_invalid_toml_names_the_file(project, capsys):
    write_dedicated(project, "select = [\n")
    code, _, err = run(capsys, "infra")
    assert code == 2 and str(project / ".lambda6lint.toml") in err and "not valid TOML" in err


def test_tool_table_in_the_dedicated_file_gets_a_hint(project, capsys):
    write_dedicated(project, '[tool.lambda6lint]\nselect = ["W9601"]\n')
    code, _, err = run(capsys, "infra")
    assert code == 2 and ".lambda6lint.toml: tool: in .lambda6lint.toml the settings go at the top level" in err


def test_tool_table_that_is_not_a_table(project, capsys):
    (project / "pyproject.toml").write_text('[tool]\nlambda6lint = "on"\n')
    code, _, err = run(capsys, "infra")
    assert code == 2 and "pyproject.toml: tool.lambda6lint: must be a table" in err


# ---------------------------------------------------------------- --show-config


def test_show_config_without_a_file(project, capsys):
    code, out, _ = run(capsys, "--show-config")
    assert code == 0
    assert out.startswith("# settings file: none found")
    assert 'fail-on = "warning"  # default' in out
    assert "nat-hourly = 0.045  # default" in out


def test_show_config_isolated(project, capsys):
    write_dedicated(project, 'select = ["W9630"]\n')
    _, out, _ = run(capsys, "--show-config", "--isolated")
    assert out.startswith("# settings file: none read (--isolated)") and "select = []  # default" in out


def test_show_config_prints_effective_values_and_their_origins(project, capsys):
    write_pyproject(
        project,
        'select = ["W96"]\nseverity = {W9630 = "error"}\nexclude = ["legacy"]\n'
        'per-path-ignores = {"a/*.yaml" = ["W9601"]}\n\n'
        "[tool.lambda6lint.prices]\nnat-hourly = 0.059\n",
    )
    code, out, _ = run(capsys, "--show-config", "--ignore", "W9601", "--exclude", "tmp/**")
    assert code == 0
    origin = str(project / "pyproject.toml")
    assert out.splitlines()[0] == f"# settings file: {origin} [tool.lambda6lint]"
    assert f"# globs are relative to: {project}" in out
    for line in (
        f'select = ["W96"]  # {origin}',
        'ignore = ["W9601"]  # --ignore',
        f'severity = {{W9630 = "error"}}  # {origin}',
        'fail-on = "warning"  # default',
        'exclude = ["tmp/**"]  # --exclude',
        f'per-path-ignores = {{"a/*.yaml" = ["W9601"]}}  # {origin}',
        "var-files = []  # default",
        f"nat-hourly = 0.059  # {origin}",
        "nat-per-gb = 0.045  # default",
    ):
        assert line in out.splitlines(), line


def test_show_config_output_is_toml_that_reads_back(project, capsys):
    write_dedicated(project, 'select = ["W96"]\nseverity = {W9630 = "error"}\n[prices]\nnat-per-gb = 0.05\n')
    _, out, _ = run(capsys, "--show-config")
    (project / "shown.toml").write_text(out)
    again = config.load_toml(str(project / "shown.toml"))
    assert config.parse(again, "shown.toml").prices == Prices(nat_per_gb=0.05)
    assert again["severity"] == {"W9630": "error"}


# ---------------------------------------------------------------- globs


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("legacy", "legacy/a.yaml", True),
        ("legacy", "infra/legacy/a.yaml", True),
        ("legacy/", "legacy/sub/a.yaml", True),
        ("./legacy", "legacy/a.yaml", True),
        ("*.json", "infra/x.json", True),
        ("*.json", "infra/x.yaml", False),
        ("infra/*.yaml", "infra/a.yaml", True),
        ("infra/*.yaml", "infra/sub/a.yaml", False),
        ("infra/**/*.yaml", "infra/sub/deep/a.yaml", True),
        ("infra/**/*.yaml", "infra/a.yaml", True),
        ("**/dev.yaml", "a/b/dev.yaml", True),
        ("**/dev.yaml", "dev.yaml", True),
        ("stacks/*/dev.yaml", "stacks/a/dev.yaml", True),
        ("stacks/*/dev.yaml", "other/stacks/a/dev.yaml", False),
        ("stack[0-9].yaml", "stack1.yaml", True),
        ("stack[!0-9].yaml", "stack1.yaml", False),
        ("leg", "legacy/a.yaml", False),
        ("infra", "../elsewhere/infra/a.yaml", False),
    ],
)
def test_path_matches(tmp_path, pattern, path, expected):
    root = tmp_path / "root"
    assert config.path_matches(pattern, str(root / path), str(root)) is expected


# ---------------------------------------------------------------- the README's example


def test_readme_example_is_valid_and_shows_every_key(tmp_path):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block, "README: the Configuration section has no ```toml example"
    (tmp_path / "pyproject.toml").write_text(block.group(1))
    table = config.load_toml(str(tmp_path / "pyproject.toml"))["tool"]["lambda6lint"]
    assert set(table) == set(config.TOP_KEYS)
    assert set(table["prices"]) == {*config.PRICE_KEYS, config.GB_KEY}
    assert set(table["terraform"]) == set(config.TERRAFORM_KEYS)
    assert set(table["cloudformation"]) == set(config.CLOUDFORMATION_KEYS)
    settings = config.load(str(tmp_path / "pyproject.toml"))
    assert settings.prices.nat_hourly == 0.059 and settings.severity["W9610"] == "error"
    assert settings.gb_per_month == 250


def test_an_empty_select_or_ignore_clears_the_files(project, capsys):
    """`--select ''` and `--ignore ''` replace the file's list with none, as `--exclude ''` does (README: the
    command line wins key by key); they were taken for absent, and the file's list stayed in force."""
    everything = rules_of(capsys, "--isolated", "infra")
    write_dedicated(project, 'ignore = ["I"]\n')
    assert "I9651" not in {rule for rule, _ in rules_of(capsys, "infra")}
    assert rules_of(capsys, "--ignore", "", "infra") == everything
    write_dedicated(project, 'select = ["I9651"]\n')
    assert rules_of(capsys, "--select", "", "infra") == everything
    code, out, _ = run(capsys, "--select", "", "--show-config")
    assert code == 0 and "select = []  # --select" in out


def test_a_symlink_to_an_excluded_folder_is_excluded(project, capsys):
    """`exclude` and `per-path-ignores` follow a symlink on the way: `sb -> infra` named on the command line
    linted what `exclude = ["infra"]` leaves out (README: excluded files are never read)."""
    os.symlink("infra", project / "sb")
    assert {p for _, p in rules_of(capsys, "sb")} == {"sb/app.yaml"}
    write_dedicated(project, 'exclude = ["infra"]\n')
    code, out, err = run(capsys, "sb")
    assert code == 2 and out == "" and "`exclude` leaves out all 1 found" in err
    write_dedicated(project, 'per-path-ignores = {"infra/**" = ["W9601"]}\n')
    found = rules_of(capsys, "sb")
    assert found and "W9601" not in {rule for rule, _ in found}
    assert "W9601" in {rule for rule, _ in rules_of(capsys, "--isolated", "sb")}
