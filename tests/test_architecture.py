"""The one-way flow of ARCHITECTURE.md, enforced on the import graph.

discover → loaders → graph (model, network) → rules → findings → report. Imports under
`if TYPE_CHECKING:` are annotations only and do not count; imports inside functions do (a cycle
hidden in a function is still a cycle).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator, Sequence

import pytest
from conftest import ROOT

PACKAGE = ROOT / "lambda6lint"
RULES = ROOT / "rules"


def module_name(path) -> str:
    if path.is_relative_to(RULES):
        parts = ["lambda6lint", "rules", *path.relative_to(RULES).with_suffix("").parts]
    else:
        parts = ["lambda6lint", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in [*PACKAGE.rglob("*.py"), *RULES.glob("*.py")]}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except what sits under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports(name: str) -> set[str]:
    """The lambda6lint modules `name` imports at run time (`from a import b` counts as a.b when b is a module)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("lambda6lint"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("lambda6lint"):
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def _loaded(argv: str, names: Sequence[str], drop: Sequence[str] = ()) -> list[bool]:
    """Which of `names` are imported after one lint run of `argv` in a fresh process (those of `drop` forgotten
    first: the editable install's finder imports some of them before any of ours)."""
    code = (
        f"import sys; [sys.modules.pop(m, None) for m in {tuple(drop)!r}]\n"
        "from lambda6lint import cli\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        f"print(*(m in sys.modules for m in {tuple(names)!r}))"
    )
    proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip(), (argv, proc.stderr[-2000:])
    return [word == "True" for word in proc.stdout.splitlines()[-1].split()]


def test_rules_import_only_the_api():
    for name, deps in GRAPH.items():
        if name.startswith("lambda6lint.rules."):
            assert deps <= {"lambda6lint.api"}, f"{name} imports {sorted(deps - {'lambda6lint.api'})}"


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("lambda6lint.loaders", ("lambda6lint.network", "lambda6lint.rules", "lambda6lint.report", "lambda6lint.api")),
        ("lambda6lint.report", ("lambda6lint.loaders",)),
        ("lambda6lint.model", ("lambda6lint.loaders", "lambda6lint.network", "lambda6lint.rules")),
        ("lambda6lint.network", ("lambda6lint.loaders", "lambda6lint.rules", "lambda6lint.report")),
    ],
)
def test_layers_do_not_reach_back(layer, forbidden):
    for name, deps in GRAPH.items():
        if name == layer or name.startswith(layer + "."):
            bad = sorted(d for d in deps if d.startswith(forbidden))
            assert not bad, f"{name} imports {bad}"


def test_import_graph_has_no_cycle():
    """A cycle means two modules cannot be understood (or imported) one before the other."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(GRAPH[name]):
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :] + [dep]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_the_graph_is_read_at_all():
    """Guards the test itself: the analysis sees the imports it must judge."""
    assert "lambda6lint.api" in GRAPH["lambda6lint.rules.W9601_function_dualstack_disabled"]
    assert "lambda6lint.loaders.common.aws" in GRAPH["lambda6lint.loaders.cloudformation.mapper"]
    assert "lambda6lint.loaders.terraform.modules" in GRAPH["lambda6lint.loaders.registry"]


def test_no_module_imports_typing_at_run_time():
    """`typing` is for type checkers: importing it is ~2 ms of a small run's start-up (issue #14). Modules
    import it under `if TYPE_CHECKING:`, with their own `TYPE_CHECKING = False` (type checkers take it as true)."""
    offenders = []
    for name, path in MODULES.items():
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                imported = [node.module]
            else:
                continue
            if "typing" in imported:
                offenders.append(f"{name}:{node.lineno}")
    assert not offenders, "imports typing at run time: " + ", ".join(offenders)


def test_a_run_does_not_import_typing():
    """The same, seen from a process (PyYAML and the stdlib modules a template run uses do not import it either;
    tomllib, for a settings file, and python-hcl2's lark, for Terraform, do). Nor the standard `dataclasses`
    (with `inspect`, 5 ms): `lambda6lint.records` makes our classes."""
    code = (
        "import sys; from lambda6lint import cli\n"
        "for argv in sys.argv[1:]: cli.main(argv.split())\n"
        "found = sorted({'typing', 'dataclasses', 'inspect'} & set(sys.modules))\n"
        "sys.exit(f'imported: {found}' if found else 0)"
    )
    runs = [  # --isolated: no settings file, so no tomllib
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml",
        "--isolated --jobs 1 --format sarif --explain fixtures/W9610/bad-nat-route-tables-without-ipv6.json",
        "plan --isolated --jobs 1 --format json fixtures/W9601/bad-flag-false.tfplan.json",
    ]
    proc = subprocess.run([sys.executable, "-c", code, *runs], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_a_yaml_run_does_not_import_json():
    """The mirror of the next test: json (~3 ms of start-up) is for JSON inputs and JSON reports; a YAML
    template linted to text needs none of it. The JSON report shows the check can fail."""
    runs = {
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": False,
        "--isolated --jobs 1 fixtures/W9650/bad-globals-regional-nat-gateway.sam.yaml": False,
        "--isolated --jobs 1 --format json fixtures/W9601/bad-flag-absent.yaml": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["json"]) == [imported], argv


def test_a_json_run_does_not_import_yaml():
    """PyYAML (~11 ms of a run's start-up) is imported by a run that reads YAML (`yamlmarks`), not by
    one over JSON alone: templates, a CDK assembly, a plan (issue #14: nothing imported that the run
    does not use). The YAML run shows the check can fail."""
    runs = {
        "--isolated --jobs 1 --format sarif --explain fixtures/W9610/bad-nat-route-tables-without-ipv6.json": False,
        "--isolated --jobs 1 fixtures/cdk/stage-nested/cdk.out": False,
        "plan --isolated --jobs 1 --format json fixtures/W9601/bad-flag-false.tfplan.json": False,
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["yaml"]) == [imported], argv


def test_pyyaml_is_imported_without_compiling_its_patterns():
    """`yamlmarks` defers the patterns PyYAML compiles at import (6 ms of a small run's start-up): its
    pure-Python reader's `Reader.NON_PRINTABLE` (a class over all of Unicode, for a reader libyaml replaces),
    `SafeConstructor.timestamp_regexp` (a timestamp is kept as its text) and the resolver's implicit types
    until a scalar asks one. `re.compile` is itself again afterwards, the pure-Python reader still rejects
    what the pattern rejects, the resolver still types what it typed, and an import of PyYAML before ours
    is left alone."""
    code = (
        "import re, sys\n"
        "compile_ = re.compile\n"
        "if sys.argv[1] == 'first': import yaml\n"
        "from lambda6lint.loaders.common import marked, yamlmarks\n"
        "import yaml.reader, yaml.constructor, yaml.resolver\n"
        "merge = [r for _, r in yaml.resolver.Resolver.yaml_implicit_resolvers['<']]\n"
        "stamp = yaml.constructor.SafeConstructor.timestamp_regexp\n"
        "print(re.compile is compile_, isinstance(yaml.reader.Reader.NON_PRINTABLE, re.Pattern),\n"
        "      isinstance(stamp, re.Pattern), isinstance(merge[0], re.Pattern))\n"
        "try: yaml.load('a: \\x07', Loader=yaml.SafeLoader)\n"
        "except yaml.reader.ReaderError as exc: print('#x0007' in str(exc))\n"
        "print(yaml.load('a: b', Loader=yaml.SafeLoader), marked.load_yaml('a: !Ref b'))\n"
        "print(yaml.load('{t: 2001-12-14, n: ~, i: 0x1F, b: yes, m: {<<: {k: v}}}', Loader=yaml.SafeLoader))\n"
        "print(marked.load_yaml('{t: 2001-12-14, n: ~, i: 0x1F, f: 1.5, b: yes, m: {<<: {k: v}}}'))\n"
    )
    for first, compiled in (("ours", "False"), ("first", "True")):
        proc = subprocess.run([sys.executable, "-c", code, first], cwd=ROOT, capture_output=True, text=True, timeout=99)
        assert proc.stdout.splitlines() == [
            f"True {compiled} {compiled} {compiled}",
            "True",
            "{'a': 'b'} {'a': {'Ref': 'b'}}",
            "{'t': datetime.date(2001, 12, 14), 'n': None, 'i': 31, 'b': True, 'm': {'k': 'v'}}",
            "{'t': '2001-12-14', 'n': None, 'i': 31, 'f': 1.5, 'b': True, 'm': {'k': 'v'}}",
        ], (first, proc.stdout[-500:], proc.stderr[-2000:])


def test_default_routes_and_egress_to_all_need_no_ipaddress():
    """`ipaddress` (1.2 ms of start-up) is for CIDRs other than `0.0.0.0/0` and `::/0`, which nearly every template
    writes and which are canonical as written (a NAT gateway's default route, a security group's egress to all).
    A route to `0.0.0.0/1` shows the check can fail. (The editable install's finder imports it first: dropped.)"""
    runs = {
        "--isolated --jobs 1 fixtures/W9650/bad-globals-regional-nat-gateway.sam.yaml": False,
        "--isolated --jobs 1 fixtures/W9650/bad-nat-per-az.yaml": False,
        "--isolated --jobs 1 fixtures/I9605/bad-split-default-route-to-nat.yaml": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["ipaddress"], drop=["ipaddress"]) == [imported], argv


def test_the_default_routes_cidrs_read_as_ipaddress_reads_them():
    """The answers given without `ipaddress` are its own."""
    import ipaddress

    from lambda6lint.loaders.common import netvalues

    for cidr in ("0.0.0.0/0", "::/0"):
        network = ipaddress.ip_network(cidr)
        assert netvalues.normal_cidr(cidr) == str(network)
        assert netvalues.reaches_ipv6_internet(cidr) is network.overlaps(ipaddress.ip_network("2000::/3"))


def test_a_run_without_suppressions_or_baseline_imports_neither(tmp_path):
    """The baseline (`baseline`) and suppression (`comments`) modules are for runs that have one (issue #14: nothing
    imported that the run does not use). A template with an ignore comment shows the check can fail."""
    fixture = ROOT / "fixtures/W9650/bad-globals-regional-nat-gateway.sam.yaml"
    commented = tmp_path / "commented.sam.yaml"
    commented.write_text(fixture.read_text().replace("Resources:\n", "Resources:\n  # lambda6lint:ignore W9650\n", 1))
    runs = {
        f"--isolated --jobs 1 {fixture}": [False, False],
        f"--isolated --jobs 1 --format sarif {fixture}": [False, False],
        f"--isolated --jobs 1 {commented}": [False, True],
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.baseline", "lambda6lint.loaders.common.comments"]) == imported, argv


def test_a_template_run_imports_neither_contextlib_nor_weakref_unless_it_merges_globals():
    """contextlib (0.5 ms of start-up, issue #14) is replaced by `try` and a context class in what every run imports
    (the exit, the output writer, the CloudFormation mapper); weakref (0.5 ms) serves SAM Globals merges, which a
    template with Globals shows (the check can fail). The editable install's finder imports both first: dropped."""
    code = (
        "import sys; [sys.modules.pop(m, None) for m in ('contextlib', 'weakref')]\n"
        "from lambda6lint import cli, fastexit, outfile\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        "print(*(m in sys.modules for m in ('contextlib', 'weakref')))"
    )
    runs = {
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": ["False", "False"],
        "--isolated --jobs 1 --format json fixtures/W9601/bad-flag-absent.yaml": ["False", "False"],
        "--isolated --jobs 1 fixtures/E9602/bad-globals-ipv4-subnet.sam.yaml": ["False", "True"],
    }
    for argv, imported in runs.items():
        proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.stdout.splitlines()[-1].split() == imported, (argv, proc.stdout[-500:], proc.stderr[-2000:])


def test_a_small_run_imports_neither_heapq_nor_math():
    """heapq merges the lists of subnets and routes --explain and the NAT gateway rules name in order, where two of
    them hold any (test_network's `_in_place_order` test: merging two imports it), math nothing a template run needs
    (0.3 and 0.2 ms of start-up, issue #14; PyYAML's datetime imports math: a JSON run shows it). A NAT gateway's
    W9650 imported heapq for one list or none before (the check can fail)."""
    runs = {
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": [False, True],
        "--isolated --jobs 1 fixtures/W9601/bad-two-functions.json": [False, False],
        "--isolated --jobs 1 fixtures/W9650/bad-globals-regional-nat-gateway.sam.yaml": [False, True],
        "--isolated --jobs 1 --explain fixtures/W9650/bad-nat-per-az.yaml": [False, True],
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["heapq", "math"], drop=["heapq", "math"]) == imported, argv


def test_a_run_of_flags_and_paths_imports_no_argparse():
    """A lint command line of options without a value and paths (pre-commit's) is read without argparse, and so
    without gettext and locale, which its messages load (~3 ms of a small template's run, issue #14); an option
    with a value is read by argparse (the check can fail)."""
    runs = {
        "--isolated --only-templates fixtures/W9601/bad-flag-absent.yaml": [False] * 3,
        "--isolated --explain -q fixtures/W9601/bad-two-functions.json fixtures/W9601/bad-flag-absent.yaml": [False]
        * 3,
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": [True] * 3,
    }
    for argv, imported in runs.items():
        names = ["argparse", "gettext", "locale"]
        assert _loaded(argv, names, drop=names) == imported, argv


def test_a_run_imports_neither_importlib_nor_warnings():
    """The rule catalog imports its modules with `__import__`: `importlib.import_module` would import importlib, and
    with it warnings, which nothing else a run uses imports (0.3 ms of start-up, issue #14). The editable install's
    finder imports both first: dropped."""
    for argv in ("--isolated fixtures/W9601/bad-flag-absent.yaml", "--isolated fixtures/W9601/bad-two-functions.json"):
        assert _loaded(argv, ["importlib", "warnings"], drop=["importlib", "warnings"]) == [False, False], argv


def test_patterns_a_small_run_no_longer_compiles_read_as_before():
    """A policy ARN, a Node.js runtime and JSON's `1e3` in YAML are read without compiling a pattern where the text
    cannot match it (~0.5 ms of a small template's run, issue #14): each reads as the pattern it replaces, for
    generated text near them (Unicode digits too: `\\d` is `isdecimal`)."""
    import random
    import re

    from lambda6lint import runtimes
    from lambda6lint.loaders.common import aws, yamlmarks

    arn = re.compile(r"arn:(?:\$\{AWS::Partition\}|[^:]*):iam::aws:policy/")
    node = re.compile(r"^nodejs(\d+)?")
    rng = random.Random(14)
    parts = ["arn:", "aws", "aws-cn", "${AWS::Partition}", ":", "iam::aws:policy/", "iam", "::", "/", "x", "\n", ""]
    for _ in range(20000):
        name = "".join(rng.choice(parts) for _ in range(rng.randint(0, 6)))
        assert aws._aws_policy_arn(name) == bool(arn.match(name)), name
    parts = ["nodejs", "NodeJS", " ", "1", "8", "22", "٣", "𝟙", "²", ".x", "x", "-", "python3.12", ""]
    for _ in range(20000):
        runtime = "".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
        match = node.match(runtime.strip().lower())
        expected = None if match is None else int(match.group(1)) if match.group(1) else 0
        assert runtimes.node_major(runtime) == expected, runtime
    number = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?[eE][-+]?[0-9]+")
    numbers = 0
    for _ in range(50000):  # (text the pattern does not match reads as before: only the pattern was asked of it)
        value = "".join(rng.choice("-+0123456789.eEx") for _ in range(rng.randint(1, 8)))
        if number.fullmatch(value):
            numbers += 1
            assert yamlmarks._resolve(value, 1, 1) == float(value), value
    assert numbers > 100


def test_a_small_run_compiles_no_policy_arn_node_or_json_number_pattern():
    """The process view of the test above: a template with a managed policy's ARN, a Node.js function and CIDRs
    compiles none of the three (it fails without the change)."""
    code = (
        "import re, sys; compiled = []; compile = re.compile\n"
        "re.compile = lambda p, f=0: compiled.append(p) or compile(p, f)\n"
        "from lambda6lint import cli\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        "print(*(any(p.startswith(s) for p in compiled) for s in ('arn:', '^nodejs', '-?(?:0')))"
    )
    argv = "--isolated fixtures/E9602/bad-ipv4-only-vpc.yaml"
    proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.stdout.splitlines()[-1].split() == ["False"] * 3, (proc.stdout[-500:], proc.stderr[-2000:])


def test_a_nat_gateway_outside_a_cdk_assembly_compiles_no_construct_path_or_bool_pattern(tmp_path):
    """A NAT gateway is matched against CDK's construct paths only when it has one that can match (two patterns,
    ~0.4 ms of a small template's run with a NAT gateway, issue #14), and a plain `Nat` or `ToNat` (every letter one
    of a bool word's) asks no bool pattern: its words are known without it. CDK assemblies whose construct paths
    name a NAT gateway show the check can fail."""
    code = (
        "import re, sys; compiled = []; compile = re.compile\n"
        "re.compile = lambda p, f=0: compiled.append(p) or compile(p, f)\n"
        "from lambda6lint import cli\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        "starts = ('^(.*)/[^/]*Subnet', '^.*/Regional', '^(?:yes')\n"
        "print(*(any(str(p).startswith(s) for p in compiled) for s in starts))"
    )
    template = tmp_path / "nat.yaml"
    fixture = (ROOT / "fixtures/W9650/bad-nat-per-az.yaml").read_text()
    template.write_text(fixture.replace("Resources:\n", "Resources:\n  Nat: ToNat\n", 1))
    runs = {
        f"--isolated {template}": ["False", "False", "False"],
        "--isolated fixtures/W9650/bad-regional-nat-gateway.yaml": ["False", "False", "False"],
        "--isolated fixtures/cdk/nat-partial/cdk.out": ["True", "False", "False"],
        "--isolated fixtures/cdk/regional-nat/cdk.out": ["False", "True", "False"],
    }
    for argv, compiled in runs.items():
        proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.stdout.splitlines()[-1].split() == compiled, (argv, proc.stdout[-500:], proc.stderr[-2000:])


def test_a_small_run_imports_neither_bisect_fnmatch_nor_the_nested_stack_loader(tmp_path):
    """bisect serves the blocks of suppression comments and CDK's NAT gateways, fnmatch an `exclude` glob of one
    name, nested.py templates that nest a stack or an application: a template run without them imports none of the
    three (0.1, 0.1 and 0.2 ms of start-up, issue #14). A comment, a glob and a nested stack show the check can fail.
    (The editable install's finder imports fnmatch first: dropped.)"""
    fixture = ROOT / "fixtures/W9650/bad-nat-per-az.yaml"
    commented = tmp_path / "commented.yaml"
    commented.write_text(fixture.read_text().replace("Resources:\n", "Resources:\n  # lambda6lint:ignore W9650\n", 1))
    runs = {
        f"--isolated --jobs 1 {fixture}": [False, False, False],
        f"--isolated --jobs 1 --explain {fixture}": [False, False, False],
        f"--isolated --jobs 1 {commented}": [True, False, False],
        f"--isolated --jobs 1 --exclude *.json {fixture}": [False, True, False],
        "--isolated --jobs 1 fixtures/cross-stack/nested-condition-from-root-parameter/root.yaml": [
            False,
            False,
            True,
        ],
    }
    for argv, imported in runs.items():
        names = ["bisect", "fnmatch", "lambda6lint.loaders.cloudformation.nested"]
        assert _loaded(argv, names, drop=["bisect", "fnmatch"]) == imported, argv


def test_a_template_without_an_api_imports_no_api_reader():
    """apis.py reads API Gateway's and SAM's APIs: the mapper imports it for a template with one (the types
    vocabulary.API_TYPES names, each of which it fills) or a SAM template (which may make one implicitly) only, 0.4 ms
    of every other template's start-up (issue #14). A template with an API and a SAM one show the check can fail."""
    from lambda6lint.loaders.cloudformation import apis, vocabulary

    assert set(apis.FILLERS) == vocabulary.API_TYPES
    runs = {
        "--isolated --jobs 1 fixtures/W9650/bad-nat-per-az.yaml": False,
        "--isolated --jobs 1 fixtures/W9601/bad-two-functions.json": False,
        "--isolated --jobs 1 fixtures/I9640/bad-ipv4-apis-and-domains.yaml": True,
        "--isolated --jobs 1 fixtures/W9650/bad-globals-regional-nat-gateway.sam.yaml": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.loaders.cloudformation.apis"]) == [imported], argv


def test_a_template_run_imports_no_terraform_package():
    """The loader registry imports the Terraform package on the first Terraform source (0.1 ms of a template run's
    start-up, issue #14); a module and a plan show the check can fail."""
    runs = {
        "--isolated --jobs 1 fixtures/W9650/bad-nat-per-az.yaml": False,
        "--isolated --jobs 1 fixtures/W9601/bad-two-functions.json": False,
        "--isolated --jobs 1 fixtures/W9601/bad-flag-false.tfplan.json": True,
        "--isolated --jobs 1 fixtures/W9610/bad-associations-counted-like-their-subnets": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.loaders.terraform"]) == [imported], argv


def test_a_report_to_stdout_imports_no_file_writer(tmp_path):
    """outfile.py writes reports and baselines to files (never through a planted symlink): a report to stdout
    imports it not (0.1 ms of start-up, issue #14); `--output`, `--report` and `--write-baseline` do."""
    fixture = "fixtures/W9650/bad-nat-per-az.yaml"
    runs = {
        f"--isolated {fixture}": False,
        f"--isolated --format json {fixture}": False,
        f"--isolated --output {tmp_path / 'out.txt'} {fixture}": True,
        f"--isolated --report json:{tmp_path / 'out.json'} {fixture}": True,
        f"--isolated --write-baseline {tmp_path / 'baseline.json'} {fixture}": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.outfile"]) == [imported], argv
    assert all((tmp_path / name).exists() for name in ("out.txt", "out.json", "baseline.json"))


def test_a_lint_run_draws_no_diagram():
    """A lint run builds the NAT gateways' plan for its summary's money line but never draws it: diagram.py (its
    classes and code, 0.6 M instructions of a NAT template's run, issue #14) only for the plan's reports."""
    fixture = "fixtures/W9650/bad-nat-per-az.yaml"
    runs = {
        f"--isolated {fixture}": False,
        f"--isolated --explain --format json {fixture}": False,
        f"plan --isolated {fixture}": True,
        f"plan --isolated --format markdown {fixture}": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.plan", "lambda6lint.diagram"]) == [True, imported], argv


def test_a_lint_summary_states_the_money_without_the_plan_report():
    """The money line a lint run's summary ends with is plan.py's (`at_stake`), which the plan's reports print too: a
    lint run imports no plan report (plan_text.py, 0.5 M instructions of a NAT template's run, issue #14), whose
    summary still states the money; `plan` imports it."""
    fixture = "fixtures/W9650/bad-nat-per-az.yaml"
    runs = {
        f"--isolated {fixture}": False,
        f"--isolated --explain {fixture}": False,
        f"plan --isolated {fixture}": True,
    }
    for argv, imported in runs.items():
        assert _loaded(argv, ["lambda6lint.plan", "lambda6lint.report.plan_text"]) == [True, imported], argv
    proc = subprocess.run(
        [sys.executable, "-m", "lambda6lint", "--isolated", fixture], cwd=ROOT, capture_output=True, text=True
    )
    assert "NAT gateways that could go: 2, est. $" in proc.stdout.splitlines()[-1], proc.stdout[-500:]


def test_a_plain_template_run_imports_neither_sam_nor_recent_nor_foreach():
    """SAM's Globals, policy templates and connectors (`sam`) are for a template with SAM resources, the cache of
    parsed files (`recent`) for one beside a samconfig file or with nested stacks, and the expansion of `Fn::ForEach`
    (`foreach`) for one with loops (each a module import, ~0.3 Mi instructions of a small template's start-up before
    its code runs, issue #14). A SAM template, one beside a samconfig and one with loops show the check can fail."""
    names = [
        "lambda6lint.loaders.cloudformation.sam",
        "lambda6lint.loaders.common.recent",
        "lambda6lint.loaders.cloudformation.foreach",
    ]
    runs = {
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": [False, False, False],
        "--isolated --jobs 1 fixtures/W9601/bad-two-functions.json": [False, False, False],
        "--isolated --jobs 1 fixtures/W9650/bad-nat-per-az.yaml": [False, False, False],
        "--isolated --jobs 1 fixtures/W9630/bad-dynamodb-crud-policy.sam.yaml": [True, False, False],
        "--isolated --jobs 1 fixtures/W9601/good-flag-from-ssm-parameter-samconfig/template.yaml": [True, True, False],
        "--isolated --jobs 1 fixtures/W9610/bad-foreach-makes-no-ipv6-route.sam.yaml": [True, False, True],
    }
    for argv, imported in runs.items():
        assert _loaded(argv, names) == imported, argv


def test_a_run_makes_no_enum_class():
    """An enum class costs ~0.56 Mi instructions to make (four plain classes' worth, issue #14): `model.Unknown` is
    one for type checkers only. A run's UNKNOWN is still one object, pickled (a --jobs worker's) and copied as
    itself, and written as the enum's member was."""
    code = (
        "import copy, enum, pickle, sys; from lambda6lint import cli\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        "from lambda6lint.model import UNKNOWN\n"
        "made = [c.__qualname__ for c in enum.Enum.__subclasses__() if c.__module__.startswith('lambda6lint')]\n"
        "same = pickle.loads(pickle.dumps([UNKNOWN]))[0] is UNKNOWN is copy.deepcopy(UNKNOWN)\n"
        "print(made, same, repr(UNKNOWN), f'{UNKNOWN}')"
    )
    argv = "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml"
    proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
    last = proc.stdout.splitlines()[-1:]
    assert last == ["[] True UNKNOWN Unknown.UNKNOWN"], (proc.stdout[-500:], proc.stderr[-2000:])
