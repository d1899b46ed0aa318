"""Documentation never drifts from the registry; every rule is documented in the fixed shape, with
an example per input format cut from its fixtures."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_fixtures import fixture_files, fixture_format, marked_files

from lambda6lint import docs, engine
from lambda6lint.findings import EXAMPLE_FORMATS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_every_input_budget_as_the_code_has_it():
    """The "Bounded work" table is what a reviewer reads to judge hostile input: a limit changed in
    the code and not there (a plan's, from 64 to 256 MB) is caught here."""
    from lambda6lint import baseline, config
    from lambda6lint.loaders.cloudformation import cdk, foreach, includes, intrinsics, mapper, nested, sam
    from lambda6lint.loaders.common import marked
    from lambda6lint.loaders.terraform import budget, evaluator, functions, hcl, models, modules, plan

    table = README.split("**Bounded work.**", 1)[1].split("\n\n", 2)[1]
    rows = {line.split(" | ")[0].strip("| "): line for line in table.splitlines()[2:]}
    mb = 1024 * 1024
    expected = {
        "a template": [f"{marked.MAX_BYTES // mb} MB", f"{marked.MAX_NODES:,} nodes", f"{marked.MAX_DEPTH} levels"],
        "a `.tf` or tfvars file": [f"{modules.MAX_TF_BYTES // mb} MB", f"{hcl.MAX_HEREDOC_WORK:,} steps"],
        "a Terraform plan": [
            f"{plan.MAX_PLAN_BYTES // mb} MB",
            f"{plan.MAX_PLAN_NODES:,} nodes",
            f"{marked.MAX_DEPTH} levels",
            f"{plan.MAX_PASSED_LEVELS} levels of modules",
        ],
        "`.terraform/modules/modules.json`, a settings file, a baseline": [
            f"{modules.MAX_MANIFEST_BYTES // mb} MB, {config.MAX_SETTINGS_BYTES // mb} MB, "
            f"{baseline.MAX_BYTES // mb} MB"
        ],
        "CloudFormation intrinsic functions, per template": [
            f"{intrinsics.MAX_STEPS:,} steps",
            f"{intrinsics.MAX_TEXT:,}",
        ],
        "SAM `Globals.Function`, per template": [f"{sam.MAX_GLOBALS:,} properties"],
        "CloudFormation `Fn::ForEach` (loops beyond it stay loops, said in `--explain`, without an E9600)": [
            f"{foreach.MAX_NODES:,} nodes made per template",
            f"{foreach.MAX_TEXT:,} characters its loops write",
            f"{mapper.MAX_REMADE:,} made again",
        ],
        "Terraform, per root module": [
            f"{budget.MAX_STEPS:,} evaluation steps",
            f"at most {budget.MAX_VALUE:,} characters",
            f"{budget.MAX_WORK:,} in all",
            f"{budget.MAX_INT_BITS:,} bits",
            f"{budget.MAX_BLOCKS:,} nested blocks",
            f"{budget.MAX_MODULES:,} module instances",
            f"{modules.MAX_MODULE_DEPTH} levels of modules",
        ],
        "Terraform modelling limits (values beyond them are unknown, without an E9600)": [
            f"{evaluator.MAX_INSTANCES} instances",
            f"{functions.MAX_ITEMS:,} items",
            f"Terraform's own {functions.MAX_RANGE:,}",
            f"{functions.MAX_UNKNOWN} unknown items per `slice()`",
            f"`file()` and `templatefile()` of {functions.MAX_FILE_BYTES // 1024} KB",
            f"{evaluator.MAX_TEMPLATE_BYTES // (1024 * 1024)} MB of templates parsed per root module",
            f"{models.MAX_WAYS} combinations",
        ],
        "a CDK assembly": [f"{cdk._MAX_NESTING} levels of stages and {cdk._MAX_NESTING} of nested stacks"],
        "a template's local nested stacks": [
            f"{nested.MAX_CHILDREN} stacks and {nested.MAX_CHILD_BYTES // mb} MB of templates in all",
            f"{nested.MAX_DEPTH} levels deep",
        ],
        "a template's local `AWS::Include` snippets and SAM `DefinitionUri` documents": [
            f"{includes.MAX_INCLUDES}, each at most a template's size, {includes.MAX_INCLUDE_BYTES // mb} MB in all"
        ],
    }
    for row, limits in expected.items():
        assert row in rows, f"README's Bounded work table lacks the row {row!r}"
        for limit in limits:
            assert limit in rows[row], f"{row}: {limit!r} not in {rows[row]!r}"


def test_readme_says_the_pre_commit_search_limits_as_the_code_has_them():
    """The pre-commit section's limits on the search for a staged module's callers, and on the chain of
    callers no call makes, are the code's (a limit changed in discover.py or engine.py and not there is
    caught here)."""
    from lambda6lint import discover

    mb = 1024 * 1024
    terraform_pre_commit = README.split("pre-commit: a staged `.tf` file stands for", 1)[1].split("\n## Rules\n")[0]
    section = " ".join(terraform_pre_commit.split())
    assert (
        f"Past {discover._MAX_CALL_BYTES // mb} MB read, {discover._MAX_CALL_ENTRIES:,} files listed or "
        f"{discover._MAX_CALLS:,} calls, a staged file stands for itself"
    ) in section
    assert f"past {engine._MAX_UNMADE_LEVELS} such callers up a chain, alone" in section


def test_readme_rule_table_matches_registry():
    assert docs.readme_with_table(README, engine.registry()) == README, "run `python -m lambda6lint.docs`"


def test_generated_rule_docs_are_current():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == docs.rules_markdown(engine.registry()), "run `python -m lambda6lint.docs`"


@pytest.mark.parametrize("rule", engine.registry(), ids=lambda r: r.id)
def test_rule_metadata(rule):
    assert re.fullmatch(r"[EWI]96\d\d", rule.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule.name)
    for part in ("what", "why", "fix"):
        assert getattr(rule.doc, part).strip(), f"{rule.id} lacks doc.{part}"
    assert rule.doc.examples and all(e.bad.strip() and e.good.strip() for e in rule.doc.examples)
    assert rule.summary and rule.tags
    assert rule.check is not None or rule.id == engine.INPUT_ERROR


def test_rule_module_names_match_ids():
    modules = sorted(p.stem for p in (ROOT / "rules").glob("[EWI]*.py"))
    assert [m.split("_", 1)[0] for m in modules] == sorted(r.id for r in engine.registry())
    for module in modules:
        rule = next(r for r in engine.registry() if r.id == module.split("_", 1)[0])
        assert module.split("_", 1)[1] == rule.name.replace("-", "_")


def test_readme_test_command_is_what_ci_runs():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert len(blocks) >= 2
    ci = (ROOT / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci
    assert "examples/sam-app" in blocks[0]


def _matches(shown: str, printed: str, places: bool = True) -> bool:
    """A line of the README's example is a printed line: `…` stands for any text; without `places`, so do
    the `:line:column` of file positions (an example whose file is not in the repository)."""
    pattern = ".*".join(re.escape(part) for part in shown.split("…"))
    if not places:
        pattern = re.sub(r"\\.yaml:\d+:\d+:", r"\\.yaml:\\d+:\\d+:", pattern)
    return re.fullmatch(pattern, printed) is not None


def _shown_in_order(shown: list[str], printed: list[str], places: bool = True) -> bool:
    position = 0
    for line in shown:
        found = next((i for i in range(position, len(printed)) if _matches(line, printed[i], places)), None)
        if found is None:
            return False
        position = found + 1
    return True


def _section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else len(README)]


def _in_root(capsys, *argv: str) -> tuple[int, str, str]:
    import os

    from conftest import run

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return run(capsys, *argv)
    finally:
        os.chdir(cwd)


def test_readme_text_output_is_what_the_example_prints(capsys):
    """README "Usage": the text output shown is the bundled example's, line for line where shown (`…`
    stands for the rest of a message), in order, and its summary is the run's last line."""
    block = _section("\n## Usage\n").split("Text output reads like a compiler's", 1)[1].split("```\n", 2)[1]
    shown = block.splitlines()
    code, out, _ = _in_root(capsys, "--color", "never", "examples/sam-app")
    printed = out.splitlines()
    assert code == 1
    assert _shown_in_order(shown, printed), f"README's example:\n{block}\nprinted:\n{out}"
    assert _matches(shown[-1], printed[-1])


def test_readme_explain_output_is_what_explain_prints(capsys, tmp_path, monkeypatch):
    """README "What could not be decided": the `--explain` example is the bundled example with its subnet
    list made a parameter (the README's file is `infra/app.yaml`; its line numbers are not compared)."""
    from conftest import run

    block = _section("\n### What could not be decided\n").split("```console\n", 1)[1].split("```", 1)[0]
    command, *shown = block.splitlines()
    assert command == "$ lambda6lint --explain infra/"
    template = (ROOT / "examples" / "sam-app" / "template.yaml").read_text(encoding="utf-8")
    listed = "        SubnetIds:\n          - !Ref PrivateSubnetA\n          - !Ref PrivateSubnetB\n"
    assert listed in template
    template = template.replace(listed, "        SubnetIds: !Ref FunctionSubnets\n")
    template = template.replace(
        "\nResources:\n", "\nParameters:\n  FunctionSubnets:\n    Type: CommaDelimitedList\n\nResources:\n"
    )
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "app.yaml").write_text(template, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--color", "never", "--explain", "infra/")
    assert code == 0
    assert len(shown) == len(out.splitlines()) and all(
        _matches(s, p, places=False) for s, p in zip(shown, out.splitlines(), strict=True)
    ), f"README's example:\n{block}\nprinted:\n{out}"


def test_readme_baseline_file_is_what_write_baseline_writes(capsys, tmp_path):
    """README "Baseline": the file shown is what `--write-baseline` writes for the bundled example, entry for
    entry where shown (a message cut with `…` is the start of the real one; `"…"` in `rules` stands for the
    rules between)."""
    import json

    block = _section("\n## Baseline\n").split("```json\n", 1)[1].split("```", 1)[0]
    shown = json.loads(block)
    written = tmp_path / "baseline.json"
    code, _, _ = _in_root(capsys, "--write-baseline", str(written), "examples/sam-app")
    assert code == 0
    real = json.loads(written.read_text(encoding="utf-8"))
    assert {k: v for k, v in shown.items() if k not in ("findings", "rules")} == {
        k: v for k, v in real.items() if k not in ("findings", "rules")
    }
    cut = shown["rules"].index("…")
    assert (
        real["rules"][:cut] == shown["rules"][:cut]
        and real["rules"][len(real["rules"]) - len(shown["rules"]) + cut + 1 :] == shown["rules"][cut + 1 :]
    )
    for entry in shown["findings"]:
        same = [f for f in real["findings"] if f["fingerprint"] == entry["fingerprint"]]
        assert len(same) == 1, f"no finding of the example has the fingerprint of {entry}"
        assert same[0].keys() == entry.keys()
        assert {k: v for k, v in same[0].items() if k != "message"} == {
            k: v for k, v in entry.items() if k != "message"
        }
        assert same[0]["message"].startswith(entry["message"].removesuffix("…"))


def test_readme_names_the_folders_a_walk_skips():
    """README "Usage": the folders a walk skips are discover.SKIP_DIRS (the caches as "caches")."""
    from lambda6lint import discover

    said = _section("\n## Usage\n").split("Folders are walked (", 1)[1].split(" are skipped)", 1)[0]
    named = set(re.findall(r"`([^`]+)`", said))
    assert named == {d for d in discover.SKIP_DIRS if not d.endswith("cache__") and d != ".mypy_cache"}
    assert said.endswith(" and caches")


def test_readme_names_every_field_of_the_json_report():
    """README "Usage": the `--format json` paragraph names each top-level field and each finding's field
    docs/report.schema.json has (a field added there is said here)."""
    import json

    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    said = " ".join(
        _section("\n## Usage\n").split("`--format json` writes one document: ", 1)[1].split("\n\n")[0].split()
    )
    for field in schema["properties"]:
        assert f"`{field}`" in said, field
    for field in schema["$defs"]["finding"]["properties"]:
        assert re.search(rf"(?<![\w`]){field}\b|`{field}`", said), field


def test_readme_names_the_terraform_functions_the_evaluator_computes():
    """README "Terraform": the functions it says are computed are those functions.FUNCTIONS has (with the
    `to*` conversions said as such), and those the evaluator computes itself (`file`, `templatefile`,
    `try`, `can`); a function added or dropped is said there."""
    from lambda6lint.loaders.terraform import functions

    said = _section("\n## Terraform\n").split("and the functions modules use around networking", 1)[1]
    said = said.split("(an attribute a known object lacks", 1)[0]
    named = set(re.findall(r"`([a-z]+)`", said)) | (
        {"cidrsubnet", "cidrsubnets"} if "`cidrsubnet(s)`" in said else set()
    )
    conversions = {f for f in functions.FUNCTIONS if f.startswith("to")} if "the `to*` conversions" in said else set()
    assert named | conversions == set(functions.FUNCTIONS) | {"file", "templatefile", "try", "can"}


def test_readme_says_a_modelled_module_terraform_init_installed_is_modelled(tmp_path):
    """README "Terraform": a modelled module is modelled even where `terraform init` installed it (findings at
    the call, never in .terraform/), and a call given an input no release the model follows has reads that
    installed code instead; the README once said the models applied only without .terraform/modules."""
    import shutil

    from conftest import FIXTURES

    said = " ".join(_section("\n## Terraform\n").split())
    assert "A modelled module is modelled whether or not `terraform init` installed it" in said
    assert "where `terraform init` installed the module, that installed code is read instead" in said
    assert "Without it, `terraform-aws-modules/vpc/aws`" not in said
    installed = FIXTURES / "W9611" / "bad-registry-module-from-terraform-dir"
    result = engine.lint([str(installed)])
    places = [f.location.path for f in result.findings] + [w.path for f in result.findings for w, _ in f.related]
    assert places and not [p for p in places if ".terraform" in p]
    shutil.copytree(installed, tmp_path / "m")
    main_tf = tmp_path / "m" / "main.tf"
    main_tf.write_text(main_tf.read_text().replace('  name = "orders"\n', '  name = "orders"\n  future_input = 1\n'))
    given = engine.lint([str(tmp_path / "m")])
    assert "W9601" in {f.rule.id for f in given.findings}  # (the installed copy's dual-stack subnets)
    assert not [u for u in given.undecided if "built-in model" in u.text]


def test_readme_option_table_is_the_command_lines():
    """README "Usage": the option table names every option `lambda6lint --help` has, short forms included,
    and none other, with the same choices."""
    from lambda6lint import cli

    table = _section("\n## Usage\n").split("| option | meaning |", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    named = [re.findall(r"`(-[-\w]+)(?: ([^`]*))?`", row.split(" | ")[0]) for row in table]
    shown = {option: words for row in named for option, words in row}
    actions = [a for a in cli.lint_parser()._actions if a.option_strings]
    assert set(shown) == {option for a in actions for option in a.option_strings}
    for action in actions:
        if action.choices:
            assert shown[action.option_strings[0]].split("\\|") == list(action.choices)


#: The options of `lambda6lint plan` its README sentence does not list as options for what is read: help,
#: version, short forms and the output's, said after it.
PLAN_UNLISTED = {"-h", "--help", "--version", "-f", "--format", "-o", "--output", "--report", "-j"}
PLAN_UNLISTED |= {"--show-config", "--only-templates", "--allow-empty"}


def test_readme_plan_options_are_the_plan_commands(capsys):
    """README "Migration plan": the options it says `lambda6lint plan` takes are its options, those it says
    it does not take are a usage error, and its formats are the plan's."""
    from lambda6lint import cli

    said = " ".join(
        _section("\n## Migration plan\n").split("It takes the same paths", 1)[1].split("per VPC")[0].split()
    )
    taken, refused = said.split(" but none of those for the findings ", 1)
    refused, formats = refused.split("`--format` is ", 1)
    plan = {o for a in cli.lint_parser("plan")._actions for o in a.option_strings}
    assert set(re.findall(r"`(--[\w-]+)`", taken)) == plan - PLAN_UNLISTED
    for option in re.findall(r"`(--[\w-]+)`", refused):
        assert option not in plan
        with pytest.raises(SystemExit) as exit:
            cli.main(["plan", option, "examples/sam-app"])
        assert exit.value.code == 2 and "unrecognized arguments" in capsys.readouterr().err
    (choices,) = [a.choices for a in cli.lint_parser("plan")._actions if "--format" in a.option_strings]
    assert re.findall(r"`(\w+)`", formats.split(", with")[0]) == list(choices)


def test_readme_layout_names_every_module_and_only_files_that_exist():
    """README "Development": the layout names each module of the package (a new one is said there), and
    every `.py` file and top-level entry it names exists."""
    block = _section("\n## Development\n").split("```\n", 2)[1]
    for path in sorted((ROOT / "lambda6lint").rglob("*.py")):
        if path.name != "__init__.py":
            assert re.search(rf"(?<![\w.]){re.escape(path.stem)}\b", block), f"README's layout lacks {path}"
    files = {p.name for folder in ("lambda6lint", "tests", "bench", "fixtures") for p in (ROOT / folder).rglob("*.py")}
    for name in re.findall(r"(?<![\w*])\w+\.py\b", block):
        assert name in files, f"README's layout names {name}, which is no file"
    for line in block.splitlines():
        if line and not line[0].isspace():
            for entry in re.findall(r"[\w.][\w./<>-]*", line.split("  ")[0]):
                if "<" not in entry:
                    assert (ROOT / entry).exists(), f"README's layout names {entry}, which does not exist"
    assert (ROOT / "fixtures" / "cdk" / "synth.sh").exists() and (ROOT / "tests" / "schemas").is_dir()
    assert (ROOT / "fixtures" / "tfplan" / "regenerate.sh").exists()
    rules = {r.id for r in engine.registry()}
    for folder in sorted((ROOT / "fixtures").iterdir()):
        if folder.is_dir() and folder.name not in rules:
            assert f"fixtures/{folder.name}/" in block, f"README's layout lacks fixtures/{folder.name}/"


# Rule examples are cut from fixtures: the bad one from a `bad-*` fixture, the good one from a
# `good-*` fixture of the example's format, so documentation shows code the rule is proven to flag
# and to accept (tests/test_fixtures.py proves the fixtures).

#: The fixture formats (as tests/test_fixtures.py tells them apart) an example's format is matched against.
EXAMPLE_FIXTURES = {"cloudformation": {"cfn-yaml", "sam"}, "terraform": {"terraform"}}
SKIP = "..."
_MARKER = re.compile(r"\s*#\s*expect:.*$")


def snippet_chunks(snippet: str) -> list[list[str]]:
    """The snippet's runs of lines between `...` lines, without their common indentation."""
    lines = [line.rstrip() for line in snippet.splitlines()]
    code = [line for line in lines if line.strip() and line.strip() != SKIP]
    indent = min((len(line) - len(line.lstrip()) for line in code), default=0)
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == SKIP:
            chunks.append([])
        else:
            chunks[-1].append(line[indent:])
    trimmed = []
    for chunk in chunks:
        while chunk and not chunk[0]:
            chunk.pop(0)
        while chunk and not chunk[-1]:
            chunk.pop()
        if chunk:
            trimmed.append(chunk)
    return trimmed


def _chunk_at(lines: list[str], chunk: list[str], start: int, offset: str) -> bool:
    if start + len(chunk) > len(lines):
        return False
    return all(
        (not line.strip()) if not want else line == offset + want
        for want, line in zip(chunk, lines[start:], strict=False)
    )


def _runs_in_order(lines: list[str], chunks: list[list[str]], position: int, offset: str) -> bool:
    for chunk in chunks:
        found = next((i for i in range(position, len(lines)) if _chunk_at(lines, chunk, i, offset)), None)
        if found is None:
            return False
        position = found + len(chunk)
    return True


def contains(text: str, snippet: str) -> bool:
    """True if the snippet's lines, without their common indentation, are consecutive lines of the
    text with one constant extra indentation; a `...` line stands for any number of lines (the runs
    between appear in order); trailing `# expect: …` markers of the text are ignored."""
    lines = [_MARKER.sub("", line).rstrip() for line in text.splitlines()]
    chunks = snippet_chunks(snippet)
    if not chunks:
        return False
    first = chunks[0][0]
    for start, line in enumerate(lines):
        offset = line[: len(line) - len(first)]
        if not line.endswith(first) or offset.strip() or not _chunk_at(lines, chunks[0], start, offset):
            continue
        if _runs_in_order(lines, chunks[1:], start + len(chunks[0]), offset):
            return True
    return False


def example_fixtures(rule_id: str, fmt: str, kind: str) -> list:
    """The files an example's `kind` ("bad" or "good") snippet of format `fmt` may be cut from: the
    YAML templates, or the .tf files of the Terraform module folders (not JSON, not plans)."""
    return [
        file
        for path in fixture_files()
        if path.parent.name == rule_id
        and path.name.startswith(kind + "-")
        and fixture_format(path) in EXAMPLE_FIXTURES[fmt]
        for file in marked_files(path)
    ]


def test_every_example_format_has_fixtures():
    assert EXAMPLE_FIXTURES.keys() == EXAMPLE_FORMATS.keys()


@pytest.mark.parametrize("rule", engine.registry(), ids=lambda r: r.id)
def test_rule_has_an_example_per_format_in_order(rule):
    """One example per input format, CloudFormation first (`Doc.bad`/`Doc.good`, which SARIF renders
    as YAML, are the first example's)."""
    from test_fixtures import NOT_APPLICABLE

    applies = [fmt for fmt in EXAMPLE_FORMATS if fmt not in NOT_APPLICABLE.get(rule.id, {})]
    assert [e.format for e in rule.doc.examples] == applies, rule.id


EXAMPLES = [
    (rule, example, kind) for rule in engine.registry() for example in rule.doc.examples for kind in ("bad", "good")
]


@pytest.mark.parametrize(("rule", "example", "kind"), EXAMPLES, ids=[f"{r.id}-{e.format}-{k}" for r, e, k in EXAMPLES])
def test_example_is_cut_from_a_fixture(rule, example, kind):
    snippet = getattr(example, kind)
    files = example_fixtures(rule.id, example.format, kind)
    assert files, f"{rule.id} has no {kind}-* {example.format} fixture to cut its example from"
    if any(contains(file.read_text(encoding="utf-8"), snippet) for file in files):
        return
    candidates = "\n".join(f"  {file.relative_to(ROOT)}" for file in files)
    pytest.fail(
        f"{rule.id} {example.format} `{kind}` example is in none of its {kind}-* fixtures.\n"
        f"Snippet:\n{snippet}\nCandidates:\n{candidates}"
    )


CODE = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:  # expect: W9601
        SubnetIds: [!Ref A]

        SecurityGroupIds: [!Ref Sg]
"""


@pytest.mark.parametrize(
    "snippet",
    [
        "Fn:\n  Type: AWS::Lambda::Function\n",
        "    Fn:\n      Type: AWS::Lambda::Function\n",  # its own indentation is removed
        "VpcConfig:\n  SubnetIds: [!Ref A]\n",  # at an extra indentation; the marker is ignored
        "VpcConfig:\n  SubnetIds: [!Ref A]\n\n  SecurityGroupIds: [!Ref Sg]\n",  # a blank line
        "Fn:\n  ...\n    VpcConfig:\n      ...\n      SecurityGroupIds: [!Ref Sg]\n",
        "Resources:\n...\n",
        "Fn:\n...\n  Properties:\n",  # `...` may stand for no line at all
    ],
)
def test_contains_finds(snippet):
    assert contains(CODE, snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        "Fn:\n  Type: AWS::SQS::Queue\n",
        "Fn:\n  Properties:\n",  # not consecutive
        "Fn:\nType: AWS::Lambda::Function\n",  # indentation within the snippet counts
        "Fn:\n    Type: AWS::Lambda::Function\n",
        "  Fn:\nType: AWS::Lambda::Function\n",  # ... and the common indentation is the least
        "VpcConfig:\n  ...\n  Type: AWS::Lambda::Function\n",  # the runs between `...` in order
        "Fn:\n  ...\n  VpcConfig:\n",  # one extra indentation for the whole snippet
        "VpcConfig:  # expect: W9601\n",  # markers are not documentation
        "VpcConfig:\n  SubnetIds: [!Ref A]\n  SecurityGroupIds: [!Ref Sg]\n",  # blank lines count
        "SubnetIds: [!Ref A]\n  Fn:\n",  # a line that ends like the first is not enough
        "",
        "...\n",
    ],
)
def test_contains_rejects(snippet):
    assert not contains(CODE, snippet)


def test_contains_needs_whitespace_before_the_first_line():
    assert not contains("  SubnetIds: [!Ref A]\n", "Ids: [!Ref A]\n")
    assert contains("  - !Ref A  # expect: E9602 x2\n", "- !Ref A\n")
