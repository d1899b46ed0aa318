"""The cfn-lint plug-in: lambda6lint's CloudFormation and SAM rules inside cfn-lint.

    cfn-lint template.yaml -a lambda6lint.cfnlint        # or, in .cfnlintrc:  append_rules: [lambda6lint.cfnlint]

`-a NAME` that is not a folder makes cfn-lint `importlib.import_module(NAME)` and instantiate every
class in the module's namespace that derives from its `CloudFormationLintRule`
(`cfnlint.helpers.create_rules`; the same in 1.51 and 1.58). So this module defines one such class
per catalog rule — id, short description, documentation, source URL and tags taken from the
registry — and nothing else that derives from it. Importing one of these classes into another
module would make cfn-lint register it twice there (`DuplicateRuleError`): don't.

No rule is implemented twice. cfn-lint only tells us which file it is linting; every class asks
for the findings of one engine run over that file (`lambda6lint.engine.lint`, the run our CLI
makes, cached for the template being linted) and turns its own rule's findings into matches at the
engine's exact line and column, with the engine's message. A finding the run places in a local nested
template that linting that template alone does not make (it depends on what the parent passes) is
reported in the parent, at the nested stack's resource, naming the place in the child (cfn-lint
reports one file at a time). cfn-lint's own machinery then applies:
`--ignore-checks`, `ignore_checks` in `.cfnlintrc` and template Metadata, `--include-checks I` for
the I rules, and every output format.

Because the engine reads the file itself, the result does not depend on how cfn-lint treats SAM:
cfn-lint < 1.54 turns `AWS::Serverless::Function` into `AWS::Lambda::Function` with
aws-sam-translator before rules run, later versions keep it and merge Globals; either way the
matches are those of `lambda6lint FILE`. What cfn-lint cannot hand over is a template read from
standard input (there is no file to read): those get no lambda6lint findings.

E9600 (input-error) is registered too. When cfn-lint itself cannot parse a file it reports E0000
and runs no rule, so E9600 never doubles a cfn-lint parse error; it appears only when cfn-lint
could read a file that lambda6lint refuses (a safety limit: nesting depth, size, alias expansion),
so a template we could not check never passes silently.

Findings suppressed in source (`Metadata: lambda6lint: ignore`, or cfn-lint's `ignore_checks`,
which the engine honours as well) are not reported, as in the CLI's output.

lambda6lint's settings file (`.lambda6lint.toml` or `[tool.lambda6lint]`, found from the current
folder upwards, as the CLI finds it) applies too: select, ignore, exclude, per-path ignores, prices
(so the cost figures in messages are the CLI's) and Terraform variables. Only `severity` and
`fail-on` cannot: in cfn-lint the id's letter is the severity, and cfn-lint decides the exit
status. A settings file with an error is reported as E9600 on each template, at line 1.

This is the only module that imports cfn-lint; install it with `pip install 'lambda6lint[cfnlint]'`.
"""

from __future__ import annotations

import os

from cfnlint.rules import CloudFormationLintRule, RuleMatch

from lambda6lint import config, engine
from lambda6lint.config import ConfigError
from lambda6lint.findings import Finding, Rule
from lambda6lint.model import Location
from lambda6lint.report.escape import printable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["findings_for", "rule_classes"]

#: The last engine run: (the cfn-lint Template it was made for, findings by rule id). cfn-lint runs
#: every rule over one template before the next, so one slot is enough; holding the Template keeps
#: its id() from being reused by a later one.
_last: tuple[Any, dict[str, list[Finding]]] | None = None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


#: The engine options from lambda6lint's settings file, or the settings error; read once per run.
_settings: engine.Options | ConfigError | None = None


def _options() -> engine.Options | ConfigError:
    """The options the CLI would use without flags: those of the settings file found from cwd."""
    global _settings
    if _settings is None:
        try:
            _settings = config.load().options()
        except ConfigError as exc:
            _settings = exc
    return _settings


def findings_for(cfn: Any) -> dict[str, list[Finding]]:
    """The engine's unsuppressed findings in the file of a cfn-lint Template, by rule id."""
    global _last
    if _last is not None and _last[0] is cfn:
        return _last[1]
    by_rule: dict[str, list[Finding]] = {}
    filename = getattr(cfn, "filename", None)
    options = _options()
    if isinstance(options, ConfigError):
        error = engine.rule_by_id(engine.INPUT_ERROR)
        where = Location(filename if isinstance(filename, str) else "", 1, 1)
        by_rule[error.id] = [error.finding(None, f"lambda6lint settings: {options}", where)]
    elif isinstance(filename, str) and filename not in ("", "-") and os.path.isfile(filename):
        result = engine.lint([filename], options, plans=False)  # (a Terraform plan handed to cfn-lint: passed over)
        nested: list[Finding] = []
        for finding in result.findings:
            if finding.suppressed:
                continue
            if _same_file(finding.location.path, filename):
                by_rule.setdefault(finding.rule.id, []).append(finding)
            else:
                nested.append(finding)
        for finding in _through_parent(nested, filename, options):
            by_rule.setdefault(finding.rule.id, []).append(finding)
    _last = (cfn, by_rule)
    return by_rule


def _through_parent(nested: list[Finding], filename: str, options: engine.Options) -> list[Finding]:
    """Findings the file's run places in a local nested template (cfn-lint reports one file at a time):
    those that linting that template alone does not find — they depend on what this file passes it —
    are reported here, at the nested stack's resource (`resource` is its logical id, `location` none),
    with the place in the child in the message."""
    alone: dict[str, set[tuple[str, int, int]]] = {}
    placed = []
    for finding in nested:
        res = finding.resource_obj
        stack = res.template.nesting.split("/", 1)[0] if res is not None else ""
        child = finding.location.path
        if not stack or not os.path.isfile(child):
            continue
        if child not in alone:
            alone[child] = {
                (f.rule.id, f.location.line, f.location.column)
                for f in engine.lint([child], options).findings
                if not f.suppressed and _same_file(f.location.path, child)
            }
        if (finding.rule.id, finding.location.line, finding.location.column) in alone[child]:
            continue  # (cfn-lint reports it where it is, when it lints that file)
        shown = os.path.relpath(child, os.path.dirname(filename) or ".")
        where = f"{shown}:{finding.location.line}:{finding.location.column}"
        message = f"In nested stack {stack} ({where}): {finding.message}"
        placed.append(Finding(finding.rule, message, NOWHERE, stack, severity=finding.severity))
    return placed


#: The location of a finding placed at a nested stack's resource: cfn-lint finds the resource's line.
NOWHERE = Location("", 0, 0)


def _match(self: CloudFormationLintRule, cfn: Any) -> list[RuleMatch]:
    """Each finding of the rule as a match. Its message is escaped as the CLI's text report escapes it:
    cfn-lint prints it as given, and a logical id can hold ESC, a newline and `::error::` or `##vso[`."""
    matches = []
    for finding in findings_for(cfn).get(self.id, []):
        path: list[str | int] = ["Resources", finding.resource] if finding.resource else []
        message = printable(finding.message)
        if finding.location is NOWHERE:
            matches.append(RuleMatch(path, message))
            continue
        line, column = finding.location.line - 1, finding.location.column - 1
        # `location` is 0-based (start line, start column, end line, end column); cfn-lint adds 1.
        matches.append(RuleMatch(path, message, location=(line, column, line, column + 1)))
    return matches


def _description(rule: Rule) -> str:
    return f"{rule.doc.what} {rule.doc.why} Fix: {rule.doc.fix} (lambda6lint rule {rule.name}: {rule.help_uri})"


def _rule_class(rule: Rule) -> type[CloudFormationLintRule]:
    attributes: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"{rule.id} {rule.name}: {rule.summary}",
        "id": rule.id,
        "shortdesc": rule.summary,
        "description": _description(rule),
        "source_url": rule.source_url or rule.help_uri,
        "tags": ["lambda6lint", *rule.tags],
        "match": _match,
    }
    return type(f"Lambda6Lint{rule.id}", (CloudFormationLintRule,), attributes)


def _register() -> dict[str, type[CloudFormationLintRule]]:
    classes = {rule.id: _rule_class(rule) for rule in engine.registry()}
    for cls in classes.values():
        globals()[cls.__name__] = cls  # cfn-lint finds the rules in this module's namespace
    return classes


_CLASSES = _register()


def rule_classes() -> dict[str, type[CloudFormationLintRule]]:
    """The cfn-lint rule class of every catalog rule, by id."""
    return dict(_CLASSES)
