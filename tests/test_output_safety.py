"""What the run writes and prints cannot be redirected or hijacked by the repository it lints.

A pull request controls every file in the tree: it can plant a symlink where a report goes, and
put newlines, ESC sequences and workflow commands (`::add-mask::`, `::error::`, `##[...]`) into
logical ids and file names that the text and github formats print into a CI log.
"""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import ROOT

from lambda6lint.cli import main
from lambda6lint.config import load_toml

EXAMPLE = (ROOT / "examples" / "sam-app" / "template.yaml").read_text()
HOSTILE_ID = (
    "Thumb\n::add-mask::hunter2\n  ::error file=x.yaml::pwned\x1b[2J\x9b31m##[stop-commands]tok"
    "##vso[task.prependpath]/tmp/evil##VSO[task.setvariable variable=x]1##teamcity[progressMessage 'x']"
)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository (the project root for reports) holding one template with findings."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "template.yaml").write_text(EXAMPLE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def outside(tmp_path_factory):
    """A file outside the repository, such as ~/.bashrc, that a planted link points at."""
    target = tmp_path_factory.mktemp("home") / ".bashrc"
    target.write_text("original\n")
    return target


def lint(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "option",
    [
        ["--format", "sarif", "--output", "lambda6lint.sarif"],
        ["--report", "sarif:lambda6lint.sarif"],
        ["--write-baseline", "lambda6lint.sarif"],
    ],
    ids=["output", "report", "write-baseline"],
)
def test_a_planted_symlink_is_replaced_not_followed(repo, outside, capsys, option):
    (repo / "lambda6lint.sarif").symlink_to(outside)
    code, _, err = lint(capsys, *option, "template.yaml")
    assert code in (0, 1), err
    assert outside.read_text() == "original\n"
    report = repo / "lambda6lint.sarif"
    assert not report.is_symlink() and report.is_file() and json.loads(report.read_text())
    assert [p.name for p in repo.iterdir() if p.name.endswith(".tmp")] == []  # no temporary file left behind


def test_a_symlinked_folder_in_the_repository_is_refused(repo, outside, capsys):
    (repo / "reports").symlink_to(outside.parent, target_is_directory=True)
    code, _, err = lint(capsys, "--format", "sarif", "-o", "reports/out.sarif", "template.yaml")
    assert code == 2
    assert "reports is a symbolic link; refusing to write through it" in err and "Traceback" not in err
    assert sorted(p.name for p in outside.parent.iterdir()) == [".bashrc"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/out.sarif", "the folder missing does not exist"),
        ("/nonexistent-l6l/out.sarif", "the folder /nonexistent-l6l does not exist"),  # (not ../../nonexistent-l6l)
        ("template.yaml/out.sarif", "the folder template.yaml is not a folder"),
        ("folder", "folder: is a folder"),
    ],
)
def test_unwritable_destinations_are_clean_errors(repo, capsys, target, message):
    (repo / "folder").mkdir()
    for argv in (["-o", target], ["--report", f"json:{target}"], ["--write-baseline", target]):
        code, _, err = lint(capsys, *argv, "template.yaml")
        assert code == 2, argv
        assert err.startswith("lambda6lint: error: ") and message in err and "Traceback" not in err


def test_output_outside_the_repository_may_go_through_system_links(repo, tmp_path_factory, capsys):
    """Only links inside the project are the repository's: a symlinked temp folder elsewhere is the machine's."""
    real = tmp_path_factory.mktemp("real")
    alias = tmp_path_factory.mktemp("alias") / "runner-temp"
    alias.symlink_to(real, target_is_directory=True)
    code, _, _ = lint(capsys, "--format", "json", "-o", str(alias / "out.json"), "template.yaml")
    assert code == 1 and json.loads((real / "out.json").read_text())["findings"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_device_or_fifo_the_user_names_is_written_through_not_replaced(repo, capsys):
    """`-o /dev/null` or a pipe must not become a regular file (as root, renaming over /dev/null
    replaced the machine's device); a link to one planted in the repository is still replaced."""
    import stat
    import threading

    for argv in (["-o", os.devnull], ["--report", f"json:{os.devnull}"], ["--write-baseline", os.devnull]):
        code, _, err = lint(capsys, *argv, "template.yaml")
        assert code in (0, 1), err
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    pipe = repo / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, _, _ = lint(capsys, "--format", "json", "-o", "pipe", "template.yaml")
    reader.join(timeout=30)
    assert code == 1 and json.loads(received[0])["findings"]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    (repo / "planted").symlink_to(pipe)
    code, _, _ = lint(capsys, "-o", "planted", "template.yaml")  # replaced, never opened: no reader hangs
    assert code == 1 and (repo / "planted").is_file() and not (repo / "planted").is_symlink()


def hostile_template(repo) -> None:
    """The example with the function's logical id full of control characters and workflow commands."""
    quoted = json.dumps(HOSTILE_ID)  # a YAML double-quoted key holds the escapes
    (repo / "template.yaml").write_text(EXAMPLE.replace("  ThumbnailFunction:\n", f"  {quoted}:\n", 1))


def assert_no_command(out: str, allowed: tuple[str, ...] = ()) -> None:
    assert "\x1b" not in out and "\x9b" not in out
    assert "##[" not in out
    assert not re.search(r"##(vso|teamcity)\[", out, re.IGNORECASE)  # Azure Pipelines, TeamCity: anywhere
    for line in out.splitlines():
        if line.lstrip().startswith("::"):
            assert line.startswith(allowed), line


def test_text_output_escapes_template_content(repo, capsys):
    hostile_template(repo)
    code, out, _ = lint(capsys, "--color", "never", "template.yaml")
    assert code == 1
    assert_no_command(out)
    assert (
        "[Thumb\\n::add-mask::hunter2\\n  ::error file=x.yaml::pwned\\x1b[2J\\x9b31m#\\x23[stop-commands]tok"
        "#\\x23vso[task.prependpath]/tmp/evil#\\x23VSO[task.setvariable variable=x]1"
        "#\\x23teamcity[progressMessage 'x']]"
    ) in out


def test_file_names_cannot_start_a_command(repo, capsys):
    (repo / "::add-mask::hunter2.yaml").write_text(EXAMPLE)
    (repo / "x\n::error::pwned.yaml").write_text(EXAMPLE)
    (repo / "~~~ all clear.yaml").write_text(EXAMPLE)  # Buildkite folds what follows a group header away
    code, out, _ = lint(capsys, ".")
    assert code == 1
    assert_no_command(out)
    assert "./::add-mask::hunter2.yaml:138:7: W9601" in out
    assert "x\\n::error::pwned.yaml:138:7: W9601" in out
    assert "\n./~~~ all clear.yaml:138:7: W9601" in out and not re.search(r"^(---|\+\+\+|~~~) ", out, re.M)


#: Characters ICU's collation gives no weight (listed by ICU 72 through PyICU), which the Azure and GitHub
#: agents' culture-sensitive IndexOf("##vso[") and StartsWith("::") step over on Linux: a combining
#: grapheme joiner, Mongolian and Khmer marks, a tag, a Latin combining mark, the Arabic tatweel, the Mongolian
#: nirugu.
WEIGHTLESS = "\u034f\u180b\u17b4\U000e0020\u0301\u0640\u180a"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "markdown", "plan", "plan-json"])
def test_weightless_characters_cannot_hide_a_command(repo, capsys, fmt):
    """`#\u034f#vso[` is `##vso[` to the agents; `\u180b::error` starts a line with `::`. Read as they read it
    (weightless characters left out), no output holds a command."""
    for i, char in enumerate(WEIGHTLESS):
        (repo / f"{char}::error title=x{i}::pwned.yaml").write_text(EXAMPLE)
    hostile = f"Thumb#{WEIGHTLESS[0]}#vso[task.setvariable variable=x]1#{WEIGHTLESS[3]}#[group]x"
    (repo / "template.yaml").write_text(EXAMPLE.replace("  ThumbnailFunction:\n", f"  '{hostile}':\n", 1))
    argv = ["plan", "."] if fmt == "plan" else ["plan", "--format", "json", "."] if fmt == "plan-json" else None
    code, out, err = lint(capsys, *(argv or ["--format", fmt, "--color", "never", "."]))
    assert code in (0, 1), err
    assert "setvariable" in out  # (the value is there, escaped)
    read = out.translate(dict.fromkeys(map(ord, WEIGHTLESS)))
    own = ("::group::", "::endgroup::", "::warning file=", "::notice file=", "::error file=")  # (github's own)
    assert_no_command(read, allowed=own if fmt == "github" else ())


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_bidirectional_controls_cannot_reorder_what_is_shown(repo, capsys, fmt):
    """A file name or a logical id with U+202E (right-to-left override) shows, in a terminal or a CI
    log, text in another order than it is ("Trojan Source", CVE-2021-42574): printed escaped."""
    (repo / "safe\u202elmay.yaml").write_text(EXAMPLE.replace("  ThumbnailFunction:\n", '  "Thumb\u2066nail":\n', 1))
    _, out, _ = lint(capsys, "--format", fmt, "--color", "never", ".")
    assert "safe\\u202elmay.yaml" in out and "Thumb\\u2066nail" in out
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", out)


def test_wrapped_lines_cannot_start_a_command(repo, capsys, monkeypatch):
    """On a terminal a long message wraps: a continuation line starting with `::` is escaped too."""
    import shutil

    hostile_template(repo)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((40, 24)))
    _, out, _ = lint(capsys, "--color", "never", "template.yaml")
    assert_no_command(out)
    assert re.search(r"^ +\\x3a:error$", out, re.M)  # the wrap put `::error` first on a line: escaped


def test_github_annotations_escape_esc_and_newlines(repo, capsys):
    hostile_template(repo)
    _, out, _ = lint(capsys, "--format", "github", "template.yaml")
    assert_no_command(out, allowed=("::warning file=", "::notice file=", "::error file="))
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert len(annotations) == 3
    assert any("%0A" not in a and "\\x1b[2J" in a and "\\n::add-mask::" in a for a in annotations)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_reports_keep_the_value_but_print_no_raw_control_characters(repo, capsys, fmt):
    hostile_template(repo)
    _, out, _ = lint(capsys, "--format", fmt, "template.yaml")
    assert_no_command(out)
    assert any(HOSTILE_ID in text for text in strings(json.loads(out)))  # parsed back, the value is intact


def test_printable_skips_its_regular_expression_only_where_it_would_change_nothing():
    """`escape.printable` answers printable text without its regular expression: the same result as
    escaping every value, for every character."""
    from lambda6lint.report import escape

    def reference(value: str) -> str:
        escaped = re.sub(escape._CONTROL, escape._escaped, value)
        return re.sub(r"##(?=\[|vso\[|teamcity\[)", "#\\\\x23", escaped, flags=re.IGNORECASE)

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        value = f"ab{chr(code)}c"
        assert escape.printable(value) == reference(value), hex(code)
    for value in ("##[group]x", "a ##[ b", "##vso[task.x]", "a##VSO[b", "##teamcity[x", "## a", "tab\there", "::x", ""):
        assert escape.printable(value) == reference(value)


def _lines_cannot_command(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line, line
        assert not re.search(r"##(vso|teamcity)\[", line, re.IGNORECASE), line
        assert "\x1b" not in line and "\x07" not in line, line


def test_settings_keys_and_values_cannot_start_a_command(repo, capsys):
    """A settings file's unknown key was quoted raw in the error, and --show-config printed values raw:
    a key or value holding "\\n::error::…" printed a workflow command of its own into the CI log."""
    (repo / ".lambda6lint.toml").write_text('"x\\n::add-mask::hunter2\\u001b[2J" = 1\n')
    assert main(["template.yaml"]) == 2
    err = capsys.readouterr().err
    _lines_cannot_command(err)
    assert "x\\n::add-mask::hunter2\\x1b[2J" in err  # (what the key was can still be read)
    (repo / ".lambda6lint.toml").write_text(
        'exclude = ["##vso[task.prependpath]/tmp/evil"]\n'
        '[cloudformation]\nparameters = {"a\\n::error::x" = "b\\n  ::error::y ##[stop-commands]\\u0007\\"q\\\\",'
        ' A = "##VSO[task.setvariable variable=A]1"}\n'
    )
    assert main(["template.yaml", "--show-config"]) == 0
    shown = capsys.readouterr().out
    _lines_cannot_command(shown)
    written = load_toml(str(repo / ".lambda6lint.toml"))["cloudformation"]["parameters"]
    (repo / "shown.toml").write_text(shown)
    assert load_toml(str(repo / "shown.toml"))["cloudformation"]["parameters"] == written  # still the same TOML


def test_the_settings_file_path_shown_is_one_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "a\n::error::pwned"
    folder.mkdir()
    (folder / ".git").mkdir()
    (folder / "template.yaml").write_text(EXAMPLE)
    (folder / ".lambda6lint.toml").write_text('select = ["W9601"]\n')
    monkeypatch.chdir(folder)
    assert main(["template.yaml", "--show-config"]) == 0
    _lines_cannot_command(capsys.readouterr().out)


NAT_TEMPLATE = (ROOT / "fixtures" / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml").read_text()


def hostile_nat(repo, capsys, name: str = HOSTILE_ID) -> None:
    """A template whose replaceable NAT gateway has a hostile logical id, and a baseline of the branch
    before it (no NAT gateway): the summary then says what the change adds, naming it."""
    quoted = json.dumps(name)
    key = f"  {quoted}:\n" if len(quoted) < 1024 else f"  ? {quoted}\n  :\n"  # (YAML's longer keys are explicit)
    text = NAT_TEMPLATE.replace("  NatGateway:  # expect: W9650\n", key, 1)
    (repo / "template.yaml").write_text(text.replace("!Ref NatGateway\n", f"!Ref {quoted}\n"))
    (repo / "base.yaml").write_text(EXAMPLE)
    assert main(["--write-baseline", "baseline.json", "base.yaml"]) in (0, 1)
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "github"],
        ["--format", "text"],
        ["--statistics"],
        ["--format", "sarif", "-o", "out.sarif"],  # (the summary goes to stderr)
        ["plan"],
        ["plan", "--format", "text", "-o", "plan.txt"],
    ],
)
def test_the_baseline_change_names_a_nat_gateway_on_one_line(repo, capsys, argv):
    """'This change adds a NAT gateway … (Nat\\n::error …)': the sentence printed the NAT gateway's
    name raw, in the summary (text, github, --statistics, stderr) and the plan's text."""
    hostile_nat(repo, capsys)
    plan = argv[0] == "plan"
    command, options = (argv[:1], argv[1:]) if plan else ([], argv)
    _, out, err = lint(capsys, *command, "--baseline", "baseline.json", *options, "template.yaml")
    written = (repo / "plan.txt").read_text() if "plan.txt" in argv else ""
    for text in (out, err, written):
        assert_no_command(text, allowed=("::warning file=", "::notice file="))
    shown = out + err + written
    assert ("adds a NAT gateway serving only Lambda functions (Thumb\\n::add-mask::" in shown) or plan, shown
    assert "Thumb\\n::add-mask::hunter2" in shown


def test_the_plan_names_what_it_did_not_read_on_one_line(repo, capsys):
    """The plan's totals name the Fn::ForEach loops (and module calls) whose resources it could not
    count: printed raw."""
    loop = "Fn::ForEach::W\n::error file=README.md,line=1::FORGED\x1b]0;pwned\x07"
    fixture = (ROOT / "fixtures" / "W9650" / "good-nat-beside-foreach-loop.yaml").read_text()
    assert "Fn::ForEach::Workers:" in fixture
    (repo / "template.yaml").write_text(fixture.replace("Fn::ForEach::Workers:", f"{json.dumps(loop)}:", 1))
    _, out, _ = lint(capsys, "plan", "template.yaml")
    assert_no_command(out)
    assert "\x07" not in out and "Fn::ForEach::W\\n::error" in out


def test_explained_file_names_cannot_start_a_command_in_github_logs(repo, capsys):
    """The runner trims spaces before it looks for `::`: a file named ` ::error …` made --explain's
    lines in the github format workflow commands."""
    fixture = (ROOT / "fixtures" / "W9650" / "good-nat-beside-foreach-loop.yaml").read_text()
    (repo / " ::error file=README.md,line=1::FORGED.yaml").write_text(fixture)
    _, out, _ = lint(capsys, "--format", "github", "--explain", " ::error file=README.md,line=1::FORGED.yaml")
    assert_no_command(out, allowed=("::group::", "::endgroup::", "::warning file=", "::notice file="))
    assert "./ ::error file=README.md,line=1::FORGED.yaml:" in out


def test_sarif_messages_hold_no_embedded_link_from_a_template(repo, capsys):
    """`[text](https://…)` and `[text](7)` in a plain text message are embedded links (SARIF §3.11.6):
    a NAT gateway's name made them; brackets of Terraform addresses stay as written."""
    hostile_nat(repo, capsys, "Nat [Dismiss: false positive](https://evil.example/fix) [see](7) list[0]")
    _, out, _ = lint(capsys, "--format", "sarif", "template.yaml")
    texts = [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]]
    assert any("Nat [Dismiss: false positive\\](https://evil.example/fix) [see\\](7) list[0]" in t for t in texts)
    assert not any(re.search(r"(?<!\\)\]\(", t) for t in texts)


def test_markdown_cells_make_no_math_mention_or_reference(repo, capsys):
    """GitHub reads `$…$` as math (every W9650 message has two dollar amounts), notifies `@name` and
    links `#12` and `owner/repo#2`, all in the rendered text where a backslash is gone."""
    hostile_nat(repo, capsys, "Nat$$x^2$$ @octocat @org/team #1 owner/repo#2")
    _, out, _ = lint(capsys, "--format", "markdown", "template.yaml")
    row = next(line for line in out.splitlines() if "W9650" in line)
    assert "$" not in row.replace("\\$", "")
    assert re.search(r"@(?!&#8203;)\w", row) is None and re.search(r"(?<!&)#(?!&#8203;)\d", row) is None
    assert "Nat\\$\\$x^2\\$\\$ @&#8203;octocat @&#8203;org/team \\#&#8203;1 owner/repo\\#&#8203;2" in row


def test_invisible_characters_are_shown_escaped(repo, capsys):
    """A zero-width space makes `Thumb\u200bnailFunction` look like another function; Unicode tags and
    variation selectors hide bytes ("ASCII smuggling"); a soft hyphen is invisible. Escaped in the text
    report, and as \\u escapes in JSON."""
    name = "Thumb\u200bnail\u2060\ufeff\U000e0041\u00ad\ufe0f\U000e0100"
    quoted = '"Thumb\\u200bnail\\u2060\\ufeff\\U000e0041\\u00ad\\ufe0f\\U000e0100"'  # (YAML's escapes)
    (repo / "template.yaml").write_text(EXAMPLE.replace("  ThumbnailFunction:\n", f"  {quoted}:\n", 1))
    _, out, _ = lint(capsys, "--color", "never", "template.yaml")
    assert "Thumb\\u200bnail\\u2060\\ufeff\\U000e0041\\xad\\ufe0f\\U000e0100" in out
    _, out, _ = lint(capsys, "--format", "json", "template.yaml")
    assert not re.search("[\u200b\u2060\ufeff\U000e0041\u00ad\ufe0f\U000e0100]", out)
    assert any(name in text for text in strings(json.loads(out)))


def test_a_long_name_cannot_push_the_job_summary_past_its_cap(repo, capsys):
    """GitHub drops a job summary over 1 MiB, and the Action writes the findings' and the plan's
    Markdown into one: a 200,000-character NAT gateway name made them 1.2 MB."""
    from lambda6lint.report import markdown

    hostile_nat(repo, capsys, "Nat" + "A" * 200_000)
    lint(capsys, "--report", "markdown:summary.md", "--report", "plan-markdown:plan.md", "template.yaml")
    sizes = [len((repo / name).read_bytes()) for name in ("summary.md", "plan.md")]
    assert all(size <= markdown.MAX_BYTES for size in sizes) and sum(sizes) < 1024 * 1024, sizes
    assert "NatAAAA" in (repo / "summary.md").read_text()  # (clipped, not dropped)


def test_a_vpc_too_large_for_the_job_summary_does_not_hide_the_others(repo, capsys):
    """The plan's Markdown stopped at the first VPC section over its budget: a pull request's 150 NAT
    gateways of 3,000-character names hid every VPC after them, a NAT gateway that could go among them."""
    resources = {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.9.0.0/16"}},
        "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.9.0.0/24"}},
    }
    for number in range(150):
        resources[f"N{number:03d}" + "x" * 3000] = {
            "Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": {"Ref": "Subnet"}, "AllocationId": "eipalloc-0123456789abcdef0"},
        }
    (repo / "a_hostile.json").write_text(json.dumps({"Resources": resources}))
    (repo / "template.yaml").unlink()
    (repo / "b_legit.yaml").write_text(NAT_TEMPLATE)
    _, out, _ = lint(capsys, "plan", "--format", "markdown", ".")
    assert len(out.encode()) < 1024 * 1024
    assert "#### NAT gateway NatGateway: ready to go" in out, out[:2000]
    assert "… and 1 more VPCs" in out
