"""Command line: `lambda6lint [PATH ...]`, `lambda6lint plan [PATH ...]`, `lambda6lint rules [RULE ...]` and
`lambda6lint rule RULE`.

Exit status: 0 nothing at or above --fail-on, 1 findings, 2 usage, output or input error (E9600); a plan
exits 0 unless a usage, output or input error.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence

from lambda6lint import __version__

TYPE_CHECKING = False  # as in every module: importing typing costs ~2 ms of start-up; type checkers take it as true
if TYPE_CHECKING:
    import argparse
    from typing import Any

    from lambda6lint.config import Settings
    from lambda6lint.engine import Result
    from lambda6lint.findings import Rule

DESCRIPTION = """\
Lint infrastructure code for what stands between VPC Lambda functions and IPv6 egress, and what
their NAT gateways cost meanwhile. Reads, never executes:
  CloudFormation and SAM templates  YAML or JSON files (folders are walked for them)
  CDK cloud assemblies              a cdk.out folder with its manifest.json
  Terraform modules                 folders of *.tf and *.tf.json files (a .tf or
                                    terraform.tfvars file named stands for its folder)
  Terraform plans                   `terraform show -json` output

commands:
  lambda6lint [PATH ...]            lint (this page)
  lambda6lint plan [PATH ...]       the migration plan: NAT gateway costs, steps left, diagrams
  lambda6lint rules [RULE ...]      the rule catalog; with rules, their full documentation
  lambda6lint rule RULE             one rule's full documentation (id or name), like `ruff rule`
"""

EXAMPLES = """\
examples:
  lambda6lint                               lint every template under the current folder
  lambda6lint template.yaml infra/          lint a file and a folder
  lambda6lint --format sarif -o out.sarif . write SARIF for GitHub code scanning
  lambda6lint --report sarif:out.sarif --report gitlab:gl.json .
                                            text on the terminal and two reports, from one run
  lambda6lint --select W96 --ignore W9630   only warnings, without the endpoint rule
  lambda6lint --fail-on error .             exit 1 only for errors
  lambda6lint --statistics .                how many findings per rule
  lambda6lint --show-config                 the effective settings and where each came from
  lambda6lint --write-baseline .lambda6lint-baseline.json .
                                            accept today's findings; later runs with
  lambda6lint --baseline .lambda6lint-baseline.json .
                                            report only new ones
  lambda6lint rule W9601                    what W9601 finds, why, and the fix
  lambda6lint --explain --parameters prod.json infra/
                                            decide with deployment parameter values; say
                                            what still could not be decided, and why

exit status: 0 = nothing at or above --fail-on, 1 = findings, 2 = usage error, a report that
cannot be written, or an input error (E9600) — also with --exit-zero or --fail-on never
"""

FAIL_ON = ("error", "warning", "note", "never")

PLAN_DESCRIPTION = """\
The migration plan: per VPC, its NAT gateways and what they cost a month, the Lambda functions
behind each, for each the steps left to replace it by a free egress-only internet gateway (with
the file and line each step changes), what keeps the others, and what could not be decided. The
same inputs and settings as a lint run; markdown and html draw the path of each function to the
internet (missing routes and endpoints dashed).
"""

PLAN_EXAMPLES = """\
examples:
  lambda6lint plan infra/                   the plan as text
  lambda6lint plan --format markdown -o plan.md --gb-per-month 200 .
                                            markdown with Mermaid diagrams; 200 GB per NAT gateway
  lambda6lint plan --format html -o plan.html .
                                            one page, diagrams included, nothing loaded from the network
  lambda6lint plan --baseline .lambda6lint-baseline.json .
                                            what this change adds to or saves from the bill

exit status: 0 = a plan was written, 2 = usage error, a report that cannot be written, or an input
error (E9600; the plan of the other files is still written)
"""
#: What a plan does not take of a lint run's options, with the value a plan runs with.
LINT_ONLY = {
    "quiet": False,
    "explain": False,
    "statistics": False,
    "color": "never",
    "sarif_category": "lambda6lint",
    "sarif_omit_suppressed": False,
    "select": None,  # (the settings file's)
    "ignore": None,
    "fail_on": None,
    "exit_zero": False,
    "write_baseline": None,
}


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 1:
        import argparse  # (argparse calls it)

        raise argparse.ArgumentTypeError(f"expected a number of processes (1 or more), got {value!r}")
    return jobs


def _report(value: str, formats: Sequence[str] = ()) -> tuple[str, str]:
    from lambda6lint.report import FORMATS, PLAN_REPORTS

    formats = formats or (*FORMATS, *PLAN_REPORTS)
    fmt, sep, path = value.partition(":")
    if not sep or not path or fmt not in formats:
        import argparse  # (argparse calls it)

        raise argparse.ArgumentTypeError(f"expected FORMAT:FILE with FORMAT one of {', '.join(formats)}, got {value!r}")
    return fmt, path


def _plan_report(value: str) -> tuple[str, str]:
    from lambda6lint.report import PLAN_FORMATS

    return _report(value, PLAN_FORMATS)


def _gb(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < 1e12:
        import argparse  # (argparse calls it)

        raise argparse.ArgumentTypeError(f"expected a number of GB ≥ 0, got {value!r}")
    return number


def lint_parser(command: str = "lint") -> argparse.ArgumentParser:
    """The parser of a lint run, or with `command="plan"` of `lambda6lint plan` (the same inputs and
    settings; only the outputs differ)."""
    import argparse

    from lambda6lint.report import FORMATS, PLAN_FORMATS

    plan = command == "plan"
    parser = argparse.ArgumentParser(
        prog="lambda6lint plan" if plan else "lambda6lint",
        description=PLAN_DESCRIPTION if plan else DESCRIPTION,
        epilog=PLAN_EXAMPLES if plan else EXAMPLES,
        formatter_class=_help_formatter(),
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders (default: .)")
    output = parser.add_argument_group("Output")
    output.add_argument(
        "--format",
        "-f",
        choices=PLAN_FORMATS if plan else FORMATS,
        default="text",
        help="output format (default: text)",
    )
    output.add_argument(
        "--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout (the summary goes to stderr)"
    )
    output.add_argument(
        "--report",
        type=_plan_report if plan else _report,
        action="append",
        default=[],
        metavar="FORMAT:FILE",
        help="also write a report in FORMAT to FILE (repeatable): one run, several reports"
        + ("" if plan else "; plan-text, plan-markdown, plan-json, plan-html: the migration plan"),
    )
    output.add_argument(
        "--gb-per-month",
        type=_gb,
        metavar="GB",
        help="GB each NAT gateway processes a month: its data processing joins the estimates "
        "(replaces the settings file's prices.gb-per-month)",
    )
    if plan:
        parser.set_defaults(**LINT_ONLY)
        _input_arguments(parser, plan=True)
        return parser
    output.add_argument("--quiet", "-q", action="store_true", help="print findings only: no summary line")
    output.add_argument(
        "--explain",
        action="store_true",
        help="after the findings, list what could not be decided for each function, NAT gateway and API, and why",
    )
    output.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    output.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (default auto: on a terminal, unless NO_COLOR is set)",
    )
    output.add_argument(
        "--sarif-category",
        default="lambda6lint",
        metavar="NAME",
        help="SARIF automationDetails category: one per analysis of a repository (default: lambda6lint)",
    )
    output.add_argument(
        "--sarif-omit-suppressed",
        action="store_true",
        help="leave findings suppressed in source out of SARIF (GitHub code scanning would show them as open alerts)",
    )
    rules = parser.add_argument_group("Rules and exit status")
    rules.add_argument(
        "--select",
        type=_ids,
        action="extend",
        default=None,
        metavar="IDS",
        help="only these rules: ids, names or prefixes, comma-separated (W96,E9602; '' clears the settings file's)",
    )
    rules.add_argument(
        "--ignore",
        type=_ids,
        action="extend",
        default=None,
        metavar="IDS",
        help="skip these rules: ids, names or prefixes, comma-separated ('' clears the settings file's)",
    )
    rules.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="lowest severity that makes the exit status 1, or never (default: warning, or the settings file's)",
    )
    rules.add_argument(
        "--exit-zero", action="store_true", help="exit 0 whatever the findings (input errors still exit 2)"
    )
    _input_arguments(parser)
    return parser


#: The lint options that take no value, as written (a test reads them from `lint_parser`).
_FLAGS = {
    "--quiet": "quiet",
    "-q": "quiet",
    "--explain": "explain",
    "--statistics": "statistics",
    "--sarif-omit-suppressed": "sarif_omit_suppressed",
    "--exit-zero": "exit_zero",
    "--isolated": "isolated",
    "--show-config": "show_config",
    "--only-templates": "only_templates",
    "--allow-empty": "allow_empty",
}


def _lint_defaults() -> dict[str, Any]:
    """`vars(lint_parser().parse_args([]))`, new lists each time (a test compares them)."""
    return {
        **dict.fromkeys(_FLAGS.values(), False),
        **dict.fromkeys(("output", "gb_per_month", "select", "ignore", "fail_on", "config", "exclude"), None),
        **dict.fromkeys(("baseline", "write_baseline", "config_env", "tf_dir"), None),
        **{name: [] for name in ("report", "parameters", "parameter", "var_file", "var")},
        "paths": ["."],
        "format": "text",
        "color": "auto",
        "sarif_category": "lambda6lint",
        "jobs": 0,
    }


def _flags_and_paths(args: list[str]) -> argparse.Namespace | None:
    """A lint command line of options that take no value followed by paths (`lambda6lint --only-templates a.yaml`,
    as pre-commit runs it), read as `lint_parser` reads it, without argparse: with gettext and locale, which its
    messages load, that is ~3 ms of a small template's run (issue #14). None for anything else (an option with a
    value, `--help`, an abbreviation, a path before an option or that starts with `-`): argparse reads it."""
    from types import SimpleNamespace

    options = _lint_defaults()
    paths: list[str] = []
    for arg in args:
        if not arg.startswith("-"):
            paths.append(arg)
        elif arg in _FLAGS and not paths:
            options[_FLAGS[arg]] = True
        else:
            return None
    options["paths"] = paths or options["paths"]
    return SimpleNamespace(**options)  # type: ignore[return-value]  # (read by attribute, as argparse's)


def _input_arguments(parser: argparse.ArgumentParser, plan: bool = False) -> None:
    """What to lint and how to read it: the options a lint run and a plan share."""
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
        default=None,
        metavar="GLOBS",
        help="files and folders not to lint, comma-separated globs (replace the settings file's; '' clears it)",
    )
    baseline_help = "show what the change adds to or saves from the bill since FILE" if plan else None
    settings.add_argument(
        "--baseline", metavar="FILE", help=baseline_help or "report only findings not recorded in FILE"
    )
    if not plan:
        settings.add_argument(
            "--write-baseline", metavar="FILE", help="record the current findings in FILE (then report none of them)"
        )
    parser.add_argument(
        "--only-templates",
        action="store_true",
        help="skip named files a folder walk would: not templates, or in folders it skips (for pre-commit)",
    )
    parser.add_argument(
        "--allow-empty", action="store_true", help="finding nothing to lint is not an error (exit 0 instead of 2)"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes that lint templates, Terraform modules and plans (default: one per core; 1: this one only)",
    )
    cloudformation = parser.add_argument_group("CloudFormation")
    cloudformation.add_argument(
        "--parameters",
        action="append",
        default=[],
        metavar="FILE",
        help="parameter values (repeatable): aws CLI JSON, Key=Value pairs, a CodePipeline template "
        "configuration or a git-sync deployment file",
    )
    cloudformation.add_argument(
        "--parameter", action="append", default=[], metavar="KEY=VALUE", help="one parameter value (repeatable)"
    )
    cloudformation.add_argument(
        "--config-env",
        metavar="ENV",
        help="the samconfig environment whose parameter_overrides and stack_name apply (default: default)",
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


def rules_parser(command: str) -> argparse.ArgumentParser:
    import argparse

    if command == "rule":
        parser = argparse.ArgumentParser(
            prog="lambda6lint rule", description="Print a rule's full documentation (offline, from this version)."
        )
        parser.add_argument(
            "rules", nargs=1, metavar="RULE", help="a rule id or name (W9601, missing-gateway-endpoint)"
        )
    else:
        parser = argparse.ArgumentParser(
            prog="lambda6lint rules",
            description="List the rule catalog; given rules (ids, names or prefixes), print their full documentation.",
        )
        parser.add_argument("rules", nargs="*", metavar="RULE", help="ids, names or prefixes (W9601, W96, I)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return parser


def run() -> None:
    """The `lambda6lint` command (and `python -m lambda6lint`): `main`, then a fast exit (fastexit.py)."""
    import gc

    gc.disable()  # as `_lint` does for the run: what start-up imports (modules, classes) lives until the end too
    from lambda6lint import fastexit

    fastexit.run(main)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # a lone surrogate (a JSON "\ud800", a file name that is not UTF-8) or a character the terminal's
    # encoding lacks is written as "?": it must not lose the whole report
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")
    try:
        if args[:1] in (["rules"], ["rule"]):
            return _rules(args[0], rules_parser(args[0]).parse_args(args[1:]))
        if args[:1] == ["plan"]:
            return _lint(lint_parser("plan").parse_args(args[1:]), plan=True)
        return _lint(_flags_and_paths(args) or lint_parser().parse_args(args))
    except BrokenPipeError:  # `lambda6lint | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug is exit 2 (the run failed), never a traceback and 1 (findings)
        last = exc.__traceback__  # walked to the frame that raised: `traceback` would cost start-up
        while last is not None and last.tb_next is not None:
            last = last.tb_next
        where = f"{os.path.basename(last.tb_frame.f_code.co_filename)}:{last.tb_lineno}" if last else "?"
        # no message: it may quote the input
        print(f"lambda6lint: internal error: {type(exc).__name__} at {where} (please report it)", file=sys.stderr)
        return 2


def _error(message: str) -> int:
    from lambda6lint.report.escape import printable  # a settings key may hold "\n::error::…"

    print(f"lambda6lint: error: {printable(message)}", file=sys.stderr)
    return 2


def _rules(command: str, options: argparse.Namespace) -> int:
    from lambda6lint.engine import registry
    from lambda6lint.report import catalog

    known = registry()
    if not options.rules:
        sys.stdout.write(catalog.render(known, options.format))
        return 0
    chosen: list[Rule] = []
    for pattern in options.rules:
        if command == "rule":
            found = [r for r in known if pattern.upper() == r.id or pattern == r.name]
        else:
            found = [r for r in known if r.matches([pattern])]
        if not found:
            matching = [r for r in known if r.matches([pattern])] if command == "rule" else []
            if matching:  # (a prefix, as `rules` takes: `rule` names one rule)
                return _error(
                    f"`rule` takes one rule's id or name; {pattern!r} matches {len(matching)} "
                    f"(see `lambda6lint rules {pattern}`)"
                )
            return _error(f"no rule matches {pattern!r} (see `lambda6lint rules`)")
        chosen.extend(r for r in found if r not in chosen)
    sys.stdout.write(catalog.render_docs(chosen, options.format))
    return 0


def _lint(options: argparse.Namespace, plan: bool = False) -> int:
    from lambda6lint import engine, fastexit, filters

    known = engine.registry()
    for pattern in [*(options.select or ()), *(options.ignore or ())]:
        if not any(rule.matches([pattern]) for rule in known):
            return _error(f"no rule matches {pattern!r} (see `lambda6lint rules`)")
    if not options.sarif_category.strip("/ "):
        return _error("--sarif-category needs a name (e.g. lambda6lint, infra-prod)")
    if options.explain and options.format == "gitlab":
        return _error(
            "--explain adds to text, json, sarif, github and markdown: GitLab's code quality has no place for it"
        )
    if options.statistics and options.format not in ("text", "json"):
        return _error("--statistics prints text or json: use --report for other formats")
    destinations = [path for _, path in options.report] + [options.output, options.write_baseline]
    written = [os.path.abspath(p) for p in destinations if p]
    if len(set(written)) != len(written):
        return _error("--output, --report and --write-baseline name the same file twice")
    if options.tf_dir and not os.path.isdir(options.tf_dir):
        return _error(f"--tf-dir {options.tf_dir}: no such folder")
    reports = {os.path.abspath(p) for p in [*(path for _, path in options.report), options.output] if p}
    if options.baseline and os.path.abspath(options.baseline) in reports:
        return _error("--output or --report names the --baseline file: it would be overwritten by a report")
    tf_vars = {}
    for item in options.var:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            return _error(f"--var needs NAME=VALUE, got {item!r}")
        tf_vars[name.strip()] = value
    parameters = {}
    for item in options.parameter:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            return _error(f"--parameter needs KEY=VALUE, got {item!r}")
        parameters[name.strip()] = value
    settings = _settings(options, tf_vars, parameters)
    if settings is None:
        return 2
    if options.show_config:
        from lambda6lint.config import show

        sys.stdout.write(show(settings))
        return 0
    missing = [p for p in options.paths if not os.path.lexists(p)]  # (a symlink to nothing is there: an E9600)
    if missing:
        command = next((p for p in missing if p in ("plan", "rules", "rule")), None)
        hint = f" (a command comes first: `lambda6lint {command} [options] …`)" if command else ""
        if "-" in missing:  # (as cfn-lint and ruff take it: a template's text alone has no files around it)
            hint += " (standard input is not read: name the files or folders to lint)"
        return _error(f"no such file or folder: {', '.join(missing)}{hint}")
    baseline = None
    if options.baseline and not options.write_baseline:
        from lambda6lint.baseline import BaselineError, load

        try:
            baseline = load(options.baseline)
        except BaselineError as exc:
            return _error(str(exc))
    from lambda6lint.config import ConfigError

    try:
        wants_plan = plan or any(fmt.startswith("plan-") for fmt, _ in options.report)
        run_options = settings.options(
            only_templates=options.only_templates,
            allow_empty=options.allow_empty,
            tf_dir=options.tf_dir,
            baseline=baseline,
            plan=wants_plan,
        )
    except ConfigError as exc:
        return _error(str(exc))
    # (the text report without --explain names only what was not fully checked, not why: explain.py stops early)
    run_options.subjects_only = options.format == "text" and not (options.explain or options.report or wants_plan)
    if options.jobs:
        run_options.jobs = options.jobs
    else:
        from lambda6lint.workers import cores

        run_options.jobs = cores()
    import gc

    gc.disable()  # a run's objects live until it ends: no collection need scan them (issue #14)
    result = engine.lint(options.paths, run_options)
    gc.freeze()  # nor the one at exit (hcl.py frees python-hcl2's cyclic trees as it goes)
    fastexit.keep(result)  # nor, on the command line, does freeing it (1,000 templates' findings: 7-10 ms)
    if not (options.only_templates or result.errors):  # (pre-commit lints a commit's files: others may declare
        _warn_undeclared(result, settings, parameters, tf_vars)  # them; a file that cannot be read may too)
        _warn_unused(options, result)
    if result.warnings:
        from lambda6lint.report.escape import printable

        for where, text in result.warnings:  # (as ruff warns of a noqa comment naming no rule: on stderr)
            print(
                f"lambda6lint: warning: {printable(f'{where.path}:{where.line}:{where.column}: {text}')}",
                file=sys.stderr,
            )
    nothing = not (result.files or result.errors)
    if nothing and not (options.only_templates or options.allow_empty):
        # (all of them left out by `exclude`: a glob that matches everything must not pass either)
        left_out = f": `exclude` leaves out all {result.excluded} found" if result.excluded else ""
        built = list(result.built)
        if engine.SERVERLESS_HINT not in built and any(
            os.path.basename(p).startswith("serverless.") for p in options.paths
        ):
            built.append(engine.SERVERLESS_HINT)
        hint = "".join(f"; {said}" for said in built)
        return _error(
            f"no templates, CDK assemblies or Terraform modules found in {', '.join(options.paths)}{left_out} "
            f"(--allow-empty makes that a success{hint})"
        )
    status = 0
    if options.write_baseline or options.report or options.output:  # (a report to stdout writes no file)
        from lambda6lint.outfile import OutputError, write_text
    if options.write_baseline:
        from lambda6lint import baseline as baselines

        try:
            checked = [rule.id for rule in known if filters.selected(rule, run_options)]
            costs = None
            if result.plan is not None:
                from lambda6lint.plan import costs as nat_costs

                costs = nat_costs(result.plan)
            recorded = baselines.write(options.write_baseline, result.findings, checked, costs)
        except OutputError as exc:
            return _error(str(exc))
        filters.apply_baseline(result, recorded)
        if not options.quiet:
            count = sum(recorded.fingerprints.values())
            print(f"lambda6lint: recorded {count} finding(s) in {options.write_baseline}", file=sys.stderr)
    if plan:
        return _plan(result, options)
    for fmt, path in options.report:
        try:
            write_text(path, _render(result, fmt, options))
        except OutputError as exc:
            status = _error(str(exc))
    to_terminal = options.output is None and sys.stdout.isatty()
    report = _render(
        result,
        options.format,
        options,
        color=options.output is None and _color(options.color, to_terminal),
        width=_terminal_width() if to_terminal else 0,
        quiet=options.quiet,
        statistics=options.statistics,
        explain=options.explain,
    )
    if options.output:
        try:
            write_text(options.output, report)
        except OutputError as exc:
            status = _error(str(exc))
        else:
            if not options.quiet:  # a CI log should say what happened even when the report went to a file
                from lambda6lint.report.text import summary

                print(f"{summary(result)} Report: {options.output}", file=sys.stderr)
    else:
        sys.stdout.write(report)
    return status or _status(result, "never" if options.exit_zero else settings.fail_on)


def _plan(result: Result, options: argparse.Namespace) -> int:
    """`lambda6lint plan`: the plan in every format asked for; 2 after an input or output error."""
    from lambda6lint import diagram
    from lambda6lint.outfile import OutputError, write_text
    from lambda6lint.report import render_plan
    from lambda6lint.report.text import summary

    assert result.network is not None and result.plan is not None
    diagram.draw(result.network, result.plan)
    status = 0
    for fmt, path in [*options.report, *([(options.format, options.output)] if options.output else [])]:
        try:
            write_text(path, render_plan(result, fmt))
        except OutputError as exc:
            status = _error(str(exc))
    if options.output:
        print(f"{summary(result)} Plan: {options.output}", file=sys.stderr)
    else:
        sys.stdout.write(render_plan(result, options.format))
    return status or _status(result, "never")


def _render(result: Result, fmt: str, options: argparse.Namespace, **terminal: Any) -> str:
    """A report in `fmt`, with the SARIF options of the command line (`terminal`: colour, width, ...);
    `plan-<format>` is the migration plan."""
    from lambda6lint.report import render

    if fmt.startswith("plan-"):
        from lambda6lint import diagram
        from lambda6lint.report import render_plan

        assert result.network is not None and result.plan is not None
        diagram.draw(result.network, result.plan)
        return render_plan(result, fmt.removeprefix("plan-"))

    return render(
        result,
        fmt,
        category=options.sarif_category,
        omit_suppressed=options.sarif_omit_suppressed,
        **terminal,
    )


def _status(result: Result, fail_on: str) -> int:
    from lambda6lint.findings import INPUT_ERROR

    if any(f.rule.id == INPUT_ERROR and not f.suppressed for f in result.findings):  # ignored: doesn't count
        return 2
    if fail_on == "never":
        return 0
    return 1 if result.count(fail_on) else 0


def _terminal_width() -> int:
    import shutil  # with its compression modules: only for a terminal

    return shutil.get_terminal_size().columns


def _columns() -> int:
    """`shutil.get_terminal_size().columns`, without importing shutil and its compression modules."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _help_formatter() -> type[argparse.HelpFormatter]:
    """argparse's own formatter asks shutil for the width each time it is made (on every add_argument)."""
    import argparse

    class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
            super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)

    return _HelpFormatter


def _color(choice: str, to_terminal: bool) -> bool:
    """`--color`: always and never win; auto colours a terminal unless NO_COLOR is set (no-color.org)."""
    if choice != "auto":
        return choice == "always"
    return to_terminal and not os.environ.get("NO_COLOR")


def _warn(message: str) -> None:
    from lambda6lint.report.escape import printable

    print(f"lambda6lint: warning: {printable(message)}", file=sys.stderr)


def _warn_unused(options: argparse.Namespace, result: Result) -> None:
    """Options the run had no use for: the user expected them to change something (a CI job's SARIF
    category on a text report, the .tf folder of a plan the run does not lint)."""
    sarif = options.format == "sarif" or any(fmt == "sarif" for fmt, _ in options.report)
    used = [f for f in ("--sarif-category", "--sarif-omit-suppressed") if _given(options, f)]
    if used and not sarif:
        verb = "apply" if len(used) > 1 else "applies"
        _warn(
            f"{' and '.join(used)} {verb} to SARIF output, and this run writes none (--format sarif, --report sarif:F)"
        )
    if options.tf_dir and "terraform-plan" not in result.sources:
        _warn(f"--tf-dir {options.tf_dir} is the folder of a Terraform plan's code, and this run lints no plan")


def _given(options: argparse.Namespace, flag: str) -> bool:
    name = flag.lstrip("-").replace("-", "_")
    return getattr(options, name, None) not in (None, False, LINT_ONLY.get(name))


def _warn_undeclared(result: Result, settings: Settings, parameters: dict[str, str], tf_vars: dict[str, str]) -> None:
    """Values given by name that no root template or module of the run declares decide nothing: a typo
    left what they were meant to decide undecided, silently (Terraform warns of an undeclared variable).
    So does a samconfig environment no samconfig beside a template has."""
    from lambda6lint.loaders.cloudformation.parameters import CONFIG_ENV

    # A settings file's values are for every run of the repository: one linting no source of their kind
    # (a CI job per kind) is not warned of them.
    templates = bool({"template", "cdk-assembly"} & result.sources.keys())
    env, origin = settings.config_env, settings.source("cloudformation.config-env")
    if env != "default" and CONFIG_ENV not in result.declared and (templates or origin == "--config-env"):
        origin = "--config-env" if origin == "--config-env" else f"{origin}: cloudformation.config-env"
        _warn(f"{origin} {env}: no samconfig file beside a template of this run has environment `{env}`")
    for given, on_command_line, key, what, declarer, kind in (
        (settings.parameters, parameters, "cloudformation.parameters", "parameter", "template", templates),
        (settings.tf_vars, tf_vars, "terraform.vars", "variable", "root module", "terraform-module" in result.sources),
    ):
        for name in given:
            if name not in result.declared and (kind or name in on_command_line):
                flag = "--parameter" if what == "parameter" else "--var"
                origin = f"{flag} {name}" if name in on_command_line else f"{settings.path}: {key}.{name}"
                said = f"{origin}: no {declarer} of this run declares {what} `{name}`: its value decides nothing"
                said += (
                    " (a nested stack's parameters take their values from its parent)"
                    if what == "parameter"
                    else " (a called module's variables take theirs from its module block)"
                )
                _warn(said)


def _settings(options: argparse.Namespace, tf_vars: dict[str, str], parameters: dict[str, str]) -> Settings | None:
    """The settings file's values with the command line's on top; None after reporting an error."""
    from lambda6lint.config import ConfigError, load, override

    if options.isolated and options.config:  # (as ruff: one says read this file, the other read none)
        _error(f"--config {options.config} cannot be used with --isolated, which reads no settings file")
        return None
    try:
        settings = load(options.config, isolated=options.isolated)
    except ConfigError as exc:
        _error(str(exc))
        return None
    override(settings, "--fail-on", "fail-on", options.fail_on, lambda v: setattr(settings, "fail_on", v))
    for flag, key in (("--select", "select"), ("--ignore", "ignore"), ("--exclude", "exclude")):
        given = getattr(options, key)
        if given is not None:  # (given, even empty: `--ignore ''` clears the file's)
            setattr(settings, key, given)
            settings.origin[key] = flag
    override(
        settings, "--var-file", "terraform.var-files", options.var_file, lambda v: setattr(settings, "var_files", v)
    )
    override(settings, "--var", "terraform.vars", tf_vars, lambda v: settings.tf_vars.update(v))
    override(
        settings,
        "--parameters",
        "cloudformation.parameter-files",
        options.parameters,
        lambda v: setattr(settings, "parameter_files", v),
    )
    override(settings, "--parameter", "cloudformation.parameters", parameters, lambda v: settings.parameters.update(v))
    override(
        settings,
        "--gb-per-month",
        "prices.gb-per-month",
        options.gb_per_month,
        lambda v: setattr(settings, "gb_per_month", v),
    )
    override(
        settings,
        "--config-env",
        "cloudformation.config-env",
        options.config_env,
        lambda v: setattr(settings, "config_env", v),
    )
    for path in settings.var_files:  # Terraform refuses a missing one: so do we, rather than ignore it
        if not os.path.isfile(path):
            what = "is not a regular file" if os.path.lexists(path) else "does not exist"
            _error(f"variable file {path} {what} (from {settings.source('terraform.var-files')})")
            return None
    return settings
