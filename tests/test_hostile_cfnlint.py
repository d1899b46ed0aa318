"""Template text reaching cfn-lint through the plug-in cannot drive a terminal or a CI log.

cfn-lint prints a match's message as the rule gives it. Its own rules quote a value with `repr`
(`'Evil\\x1b[31m'`); the plug-in handed over the engine's message raw, so a logical id holding ESC,
a newline and `::error::` (a GitHub workflow command at the start of the next line), a carriage
return or `##vso[` (Azure Pipelines, anywhere in a line) reached the log as they are. The message is
escaped as the CLI's text report escapes it (report/escape.py), which leaves every message of valid
input as it is (test_cfnlint_plugin compares them with the CLI's for every fixture).
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from test_cfnlint_plugin import EXE_PARAMS, OURS, PLUGIN, cfn_lint, matches_json

pytestmark = pytest.mark.slow  # runs cfn-lint in a subprocess

#: A logical id no CloudFormation deploys, but one a pull request may write (cfn-lint's E3001 says so).
EVIL = "Evil\x1b[31mRED\n::error file=x::pwned\r##vso[task.setvariable variable=a]b\u202etxt.yaml"


def _template() -> str:
    text = (FIXTURES / "W9601" / "bad-flag-absent.yaml").read_text()
    quoted = '"' + EVIL.encode("unicode_escape").decode("ascii").replace("\\x1b", "\\e") + '"'
    return text.replace("  ReportFunction:\n", f"  {quoted}:\n", 1)


@pytest.mark.parametrize("exe", EXE_PARAMS)
def test_a_crafted_logical_id_reaches_cfn_lint_escaped(exe, tmp_path):
    (tmp_path / "t.yaml").write_text(_template())
    ours = [
        m["Message"]
        for m in matches_json(cfn_lint(exe, "t.yaml", "-a", PLUGIN, "-f", "json", cwd=tmp_path))
        if OURS.fullmatch(m["Rule"]["Id"])
    ]
    assert [m for m in ours if "Evil" in m], ours  # the finding is there, naming the function
    for message in ours:
        assert message.isprintable(), message  # no ESC, newline, carriage return or bidirectional control
        assert "##vso[" not in message
        assert "\\x1b[31mRED\\n::error" in message  # shown, escaped, as the CLI's text report shows it
    text = cfn_lint(exe, "t.yaml", "-a", PLUGIN, cwd=tmp_path).stdout
    assert "W9601" in text
    assert "\x1b" not in text and "\r" not in text
    assert not [line for line in text.splitlines() if line.lstrip().startswith("::")], text
