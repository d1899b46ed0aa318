"""Command line: `lambda6lint [PATH ...]` and `lambda6lint rules`.

Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error (E9600).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lambda6lint import __version__

if TYPE_CHECKING:
    from lambda6lint.config import Settings

EXAMPLES = """\
examples:
  lambda6lint                               lint every template under the current folder
  lambda6lint template.yaml infra/          lint a file and a folder
  lambda6lint --format sarif -o out.sarif . write SARIF for GitHub code scanning
  lambda6lint --select W96 --ignore W9630   only warnings, without the endpoint rule
  lambda6lint --fail-on error .             exit 1 only for errors
  lambda6lint --show-config                 the effective settings and where each came from
  lambda6lint --write-baseline .lambda6lint-baseline.json .
                                            accept today's findings; later runs with
  lambda6lint --baseline .lambda6lint-baseline.json .
                                            report only new ones
  lambda6lint --format gitlab -o gl-code-quality-report.json .
                                            a GitLab Code Quality report
  lambda6lint rules                         list the rule catalog

exit status: 0 = nothing at or above --fail-on, 1 = findings, 2 = usage or input error (E9600)
"""

FORMATS = ("text", "json", "sarif", "github", "gitlab")


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def lint_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lambda6lint",
        description=(
            "Lint CloudFormation and SAM templates for what stands between VPC Lambda functions "
            "and IPv6 egress, and what their NAT gateways cost meanwhile."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders (default: .)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument(
        "--select",
        type=_ids,
        action="extend",
        default=[],
        metavar="IDS",
        help="only these rules: ids, names or prefixes, comma-separated (e.g. W96,E9602)",
    )
    parser.add_argument(
        "--ignore",
        type=_ids,
        action="extend",
        default=[],
        metavar="IDS",
        help="skip these rules: ids, names or prefixes, comma-separated",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "note"),
        default=None,
        help="lowest severity that makes the exit status 1 (default: warning, or the settings file's fail-on)",
    )
    settings = parser.add_argument_group("Settings and baseline")
    settings.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (.lambda6lint.toml or pyproject.toml) instead of searching upwards",
    )
    settings.add_argument("--isolated", action="store_true", help="ignore every settings file")
    settings.add_argument(
        "--show-config", action="store_true", help="print the effective settings and where each came from, then exit"
    )
    settings.add_argument(
        "--exclude",
        type=_ids,
        action="extend",
        default=[],
        metavar="GLOBS",
        help="files and folders not to lint, comma-separated globs (replaces the settings file's exclude)",
    )
    settings.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    settings.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings in FILE (then report none of them)"
    )
    parser.add_argument(
        "--only-templates",
        action="store_true",
        help="skip named files that do not look like templates, as a folder walk does (for pre-commit)",
    )
    terraform = parser.add_argument_group("Terraform")
    terraform.add_argument(
        "--var-file", action="append", default=[], metavar="FILE", help="a .tfvars file (repeatable), as terraform's"
    )
    terraform.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="a variable value (repeatable), as terraform's"
    )
    terraform.add_argument("--tf-dir", metavar="DIR", help="for a plan JSON: the folder of the .tf files it came from")
    parser.add_argument("--version", action="version", version=f"lambda6lint {__version__}")
    return parser


def rules_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lambda6lint rules", description="List the rule catalog.")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["rules"]:
            return _list_rules(rules_parser().parse_args(args[1:]))
        return _lint(lint_parser().parse_args(args))
    except BrokenPipeError:  # `lambda6lint | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug is exit 2 (the run failed), never a traceback and 1 (findings)
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{os.path.basename(frame.filename)}:{frame.lineno}"  # no message: it may quote the input
        print(f"lambda6lint: internal error: {type(exc).__name__} at {where} (please report it)", file=sys.stderr)
        return 2


def _list_rules(options: argparse.Namespace) -> int:
    from lambda6lint.engine import registry
    from lambda6lint.report import catalog

    sys.stdout.write(catalog.render(registry(), options.format))
    return 0


def _lint(options: argparse.Namespace) -> int:
    from lambda6lint import engine, filters
    from lambda6lint.report import render

    known = engine.registry()
    for pattern in [*options.select, *options.ignore]:
        if not any(rule.matches([pattern]) for rule in known):
            print(f"lambda6lint: error: no rule matches {pattern!r} (see `lambda6lint rules`)", file=sys.stderr)
            return 2
    tf_vars = {}
    for item in options.var:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            print(f"lambda6lint: error: --var needs NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        tf_vars[name.strip()] = value
    settings = _settings(options, tf_vars)
    if settings is None:
        return 2
    if options.show_config:
        from lambda6lint.config import show

        sys.stdout.write(show(settings))
        return 0
    missing = [p for p in options.paths if not os.path.exists(p)]
    if missing:
        print(f"lambda6lint: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    baseline = None
    if options.baseline and not options.write_baseline:
        from lambda6lint.baseline import BaselineError, load

        try:
            baseline = load(options.baseline)
        except BaselineError as exc:
            print(f"lambda6lint: error: {exc}", file=sys.stderr)
            return 2
    result = engine.lint(
        options.paths,
        settings.options(only_templates=options.only_templates, tf_dir=options.tf_dir, baseline=baseline),
    )
    if options.write_baseline:
        from lambda6lint import baseline as baselines

        written = baselines.write(options.write_baseline, result.findings)
        filters.apply_baseline(result, baselines.load(options.write_baseline))
        print(f"lambda6lint: recorded {written} finding(s) in {options.write_baseline}", file=sys.stderr)
    options.fail_on = settings.fail_on
    color = options.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render(result, options.format, color=color, fail_on=options.fail_on)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        sys.stdout.write(report)
    if any(f.rule.id == engine.INPUT_ERROR and not f.suppressed for f in result.findings):  # ignored: doesn't count
        return 2
    return 1 if result.count(options.fail_on) else 0


def _settings(options: argparse.Namespace, tf_vars: dict[str, str]) -> Settings | None:
    """The settings file's values with the command line's on top; None after reporting an error."""
    from lambda6lint.config import ConfigError, load, override

    try:
        settings = load(options.config, isolated=options.isolated)
    except ConfigError as exc:
        print(f"lambda6lint: error: {exc}", file=sys.stderr)
        return None
    override(settings, "--select", "select", options.select, lambda v: setattr(settings, "select", v))
    override(settings, "--ignore", "ignore", options.ignore, lambda v: setattr(settings, "ignore", v))
    override(settings, "--fail-on", "fail-on", options.fail_on, lambda v: setattr(settings, "fail_on", v))
    override(settings, "--exclude", "exclude", options.exclude, lambda v: setattr(settings, "exclude", v))
    override(
        settings, "--var-file", "terraform.var-files", options.var_file, lambda v: setattr(settings, "var_files", v)
    )
    override(settings, "--var", "terraform.vars", tf_vars, lambda v: settings.tf_vars.update(v))
    return settings
