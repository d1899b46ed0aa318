"""Command line: `lambda6lint [PATH ...]` and `lambda6lint rules`.

Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error (E9600).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from lambda6lint import __version__

EXAMPLES = """\
examples:
  lambda6lint                               lint every template under the current folder
  lambda6lint template.yaml infra/          lint a file and a folder
  lambda6lint --format sarif -o out.sarif . write SARIF for GitHub code scanning
  lambda6lint --select W96 --ignore W9630   only warnings, without the endpoint rule
  lambda6lint --fail-on error .             exit 1 only for errors
  lambda6lint rules                         list the rule catalog

exit status: 0 = nothing at or above --fail-on, 1 = findings, 2 = usage or input error (E9600)
"""

FORMATS = ("text", "json", "sarif", "github")


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
        default="warning",
        help="lowest severity that makes the exit status 1 (default: warning)",
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


def _list_rules(options: argparse.Namespace) -> int:
    from lambda6lint.engine import registry
    from lambda6lint.report import catalog

    sys.stdout.write(catalog.render(registry(), options.format))
    return 0


def _lint(options: argparse.Namespace) -> int:
    from lambda6lint import engine
    from lambda6lint.report import render

    known = engine.registry()
    for pattern in [*options.select, *options.ignore]:
        if not any(rule.matches([pattern]) for rule in known):
            print(f"lambda6lint: error: no rule matches {pattern!r} (see `lambda6lint rules`)", file=sys.stderr)
            return 2
    missing = [p for p in options.paths if not os.path.exists(p)]
    if missing:
        print(f"lambda6lint: error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    tf_vars = {}
    for item in options.var:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            print(f"lambda6lint: error: --var needs NAME=VALUE, got {item!r}", file=sys.stderr)
            return 2
        tf_vars[name.strip()] = value
    result = engine.lint(
        options.paths,
        engine.Options(
            select=options.select,
            ignore=options.ignore,
            only_templates=options.only_templates,
            tf_var_files=options.var_file,
            tf_vars=tf_vars,
            tf_dir=options.tf_dir,
        ),
    )
    color = options.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render(result, options.format, color=color, fail_on=options.fail_on)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        sys.stdout.write(report)
    if any(not f.suppressed for f in result.errors):
        return 2
    return 1 if result.count(options.fail_on) else 0
