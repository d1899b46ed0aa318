"""Property-based fuzzing of every loader: whatever a mutated fixture holds, lambda6lint raises
nothing, needs no catch-all ("internal error"), ends within its budget, and still reports the
finding of a control template linted beside it.

Mutations: bytes and lines of any file, the structure of YAML/JSON documents (random values and
random intrinsic functions), random HCL expressions in Terraform modules, CDK manifests (paths that
point back, out, or nowhere) and plan JSON. The normal suite runs a short derandomised sample;
`LAMBDA6LINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py` runs a long random one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import VALID, VALID_LINE

from lambda6lint import engine
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import load_text
from lambda6lint.loaders.terraform import modules
from lambda6lint.loaders.terraform.functions import FUNCTIONS, SPECIAL

LONG = "LAMBDA6LINT_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=int(os.environ.get("LAMBDA6LINT_FUZZ_EXAMPLES", "50")),
    derandomize=not LONG,  # the normal suite is reproducible; a long run explores
    deadline=timedelta(seconds=30),  # budgets end the worst input in a few seconds
    database=None,  # no example database: each run stands alone
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CFN_SEEDS = sorted(
    p
    for p in FIXTURES.glob("[EWI]*/*")
    if p.suffix in (".yaml", ".json", ".template") and not p.name.endswith(".tfplan.json")
)
TF_SEEDS = sorted(p for p in FIXTURES.glob("[EWI]*/*") if p.is_dir() and any(p.glob("*.tf")))
PLAN_SEEDS = sorted(FIXTURES.glob("[EWI]*/*.tfplan.json"))
CDK_SEEDS = sorted(FIXTURES.glob("cdk/*/cdk.out"))

STRINGS = [
    "",
    "::/0",
    "0.0.0.0/0",
    "10.0.0.0/16",
    "2600:1f18::/56",
    "${AWS::Region}",
    "${a}${a}",
    "${!Literal}",
    "AWS::NoValue",
    "AWS::Lambda::Function",
    "AWS::CloudFormation::Stack",
    "AWS::LanguageExtensions",
    "Q${N}",
    "aws:cloudformation:stack",
    "cdk:cloud-assembly",
    "true",
    "com.amazonaws.us-east-1.s3",
    "s3:GetObject",
    ".",
    "..",
    "../../../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    "/proc/self/environ",
    "manifest.json",
    "\x00",
    "\x1b[31m::error::x",
    "\u202e",
    "9" * 4000,
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(STRINGS),
)
KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["Type", "Properties", "Ref", "Fn::Sub", "Resources", "Fn::ForEach::Loop", "Transform"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def intrinsics(names: list[str]) -> st.SearchStrategy[Any]:
    """Random CloudFormation intrinsic functions over the template's own names."""
    name = st.sampled_from(names) if names else st.text(max_size=6)
    subs = st.sampled_from(["${a}", "${a}${a}${b}", "x-${AWS::StackName}", "${Missing.Attr}", "${!a}", "${"])
    return st.recursive(
        SCALARS | name,
        lambda inner: st.one_of(
            st.builds(lambda x: {"Ref": x}, name | inner),
            st.builds(lambda s: {"Fn::Sub": s}, subs),
            st.builds(
                lambda s, v: {"Fn::Sub": [s, v]}, subs, st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)
            ),
            st.builds(lambda s, v: {"Fn::Join": [s, v]}, st.text(max_size=2), st.lists(inner, max_size=4) | inner),
            st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, name, inner, inner),
            st.builds(lambda i, v: {"Fn::Select": [i, v]}, st.integers(-2, 4) | inner, st.lists(inner, max_size=3)),
            st.builds(lambda a, b: {"Fn::GetAtt": [a, b]}, name, st.sampled_from(["Arn", "GroupId", "Outputs.X"])),
            st.builds(lambda x: {"Fn::GetAtt": x}, name | inner),
            st.builds(lambda x: {"Fn::ImportValue": x}, inner),
            st.builds(lambda m, a, b: {"Fn::FindInMap": [m, a, b]}, name | inner, name | inner, name | inner),
            st.builds(lambda x: {"Condition": x}, name | inner),
            st.builds(lambda a, b: {"Fn::Equals": [a, b]}, inner, inner),
            st.builds(lambda x: {"Fn::Not": [x]}, inner),
            st.builds(lambda x: {"Fn::And": x}, st.lists(inner, max_size=3)),
            st.builds(lambda x: {"Fn::Base64": x}, inner),
            st.builds(lambda x: {"Fn::Cidr": x}, st.lists(inner, max_size=3)),
            st.builds(lambda x: {"Fn::GetAZs": x}, inner),
        ),
        max_leaves=10,
    )


HCL_ATOMS = st.one_of(
    st.integers(-3, 300).map(str),
    st.sampled_from(
        [
            "1e999",
            "0.5",
            "9" * 200,
            "true",
            "null",
            '"10.0.0.0/16"',
            '"::/0"',
            '""',
            '"${local.fuzz}${local.fuzz}"',
            "var.x",
            "local.fuzz",
            "local.other",
            "count.index",
            "each.key",
            "each.value",
            "aws_subnet.private",
            "aws_subnet.private[*].id",
            "aws_vpc.main.id",
            "aws_vpc.main.ipv6_cidr_block",
            "module.m.out",
            "data.aws_x.y.z",
            "path.module",
            "self.x",
            '"/etc/passwd"',
            '"../../../../etc/passwd"',
            '"/proc/self/environ"',
            '"/dev/zero"',
        ]
    ),
)
HCL_FUNCTIONS = [*sorted(FUNCTIONS), *sorted(SPECIAL), "templatefile", "nosuch"]
HCL_CALLS = st.sampled_from(HCL_FUNCTIONS)


def _calls(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(HCL_CALLS, st.lists(inner, min_size=1, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})")


HCL_EXPRESSIONS = st.recursive(
    HCL_ATOMS
    | st.sampled_from(['["10.0.0.0/16", "10.1.0.0/16"]', '{a = "x", b = ["y"]}', '["a", "b", "a"]', "[[1], [2, [3]]]"]),
    lambda inner: st.one_of(
        _calls(inner),  # three times as likely as each other form: the function library is the widest surface
        _calls(inner),
        _calls(inner),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", "&&", "||"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(["a", "b", "cidr_block"]), inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}"
        ),
        st.tuples(inner, inner).map(lambda t: f"[for x in {t[0]} : {t[1]}]"),
        st.tuples(inner, inner).map(lambda t: f"{{for k, v in {t[0]} : k => {t[1]}}}"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda x: f'"pre-${{{x}}}-post"'),
        st.tuples(inner, inner, inner).map(
            lambda t: f'"%{{ if {t[0]} ~}} ${{{t[1]}}} %{{~ else }}${{{t[2]}}}%{{ endif }}"'
        ),
        st.tuples(inner, inner).map(lambda t: f'"[%{{ for k, v in {t[0]} ~}}${{k}}=${{{t[1]}}},%{{ endfor }}]"'),
        inner.map(lambda x: f"-({x})"),
        inner.map(lambda x: f"!({x})"),
    ),
    max_leaves=10,
)


# ----- mutations ---------------------------------------------------------------------------------


def mutate_bytes(data: bytes, draw) -> bytes:
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip" and position < len(data):
            data = data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1 :]
        elif action == "insert":
            data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
        else:
            data = data[:position] + data[position + draw(st.integers(1, 16)) :]
    return data


def mutate_lines(text: str, draw) -> str:
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 4))):
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = "  " + lines[i]
    return "".join(lines)


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a document, iteratively."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                out.append((item, key))
                stack.append(value)
        elif isinstance(item, list):
            for index, value in enumerate(item):
                out.append((item, index))
                stack.append(value)
    return out


def mutate_document(doc: Any, draw, values: st.SearchStrategy[Any], focus: tuple[str, ...] = ()) -> Any:
    """Replace, delete or add a few nodes of a parsed YAML/JSON document (mostly below one of the
    `focus` sections, when it has them: a mutation there keeps the document a template or a plan)."""
    doc = json.loads(json.dumps(doc))  # plain containers
    sections = [doc[k] for k in focus if isinstance(doc, dict) and isinstance(doc.get(k), (dict, list))]
    for _ in range(draw(st.integers(1, 4))):
        inside = sections and draw(st.integers(0, 3)) > 0
        slots = _slots(draw(st.sampled_from(sections)), []) if inside else _slots(doc, [])
        if not slots:
            return draw(values)
        container, key = slots[draw(st.integers(0, len(slots) - 1))]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            container[key] = draw(values)
        elif action == "delete":
            del container[key]
        elif isinstance(container, dict):
            container[draw(KEYS)] = draw(values)
        else:
            container.insert(key, draw(values))
    return doc


def names_of(doc: Any) -> list[str]:
    names = ["AWS::StackName", "AWS::Region", "AWS::NoValue"]
    for section in ("Resources", "Parameters", "Conditions", "Mappings"):
        found = doc.get(section) if isinstance(doc, dict) else None
        names += [str(k) for k in found] if isinstance(found, dict) else []
    return names


# ----- the property ------------------------------------------------------------------------------


def check(folder: Path, *paths: Path) -> None:
    """Lint the mutated input beside the control: no exception, no catch-all, the control's finding."""
    control = folder / "control.yaml"
    control.write_text(VALID)
    result = engine.lint([*map(str, paths), str(control)])
    modules._PARSED.clear()  # a long run parses thousands of short-lived files
    internal = [f.message for f in result.findings if "internal error" in f.message]
    assert not internal, internal
    kept = [(f.rule.id, f.location.line) for f in result.findings if f.location.path == str(control)]
    assert ("W9601", VALID_LINE) in kept, [f.message for f in result.findings]


def _text_or_bytes(data: Any, draw, path: Path) -> None:
    choice = draw(st.sampled_from(["bytes", "lines", "none"]))
    raw = data.encode() if isinstance(data, str) else data
    if choice == "bytes":
        path.write_bytes(mutate_bytes(raw, draw))
    elif choice == "lines":
        path.write_text(mutate_lines(raw.decode("utf-8", "replace"), draw))
    else:
        path.write_bytes(raw)


@FUZZ
@given(st.data())
def test_templates(data):
    seed = data.draw(st.sampled_from(CFN_SEEDS))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        target = folder / seed.name
        how = data.draw(st.sampled_from(["bytes", "lines", "structure", "intrinsics"]))
        if how in ("bytes", "lines"):
            _text_or_bytes(seed.read_bytes(), data.draw, target)
        else:
            try:
                doc = load_text(seed.read_text())
            except InputError:  # the E9600 fixtures that do not parse
                doc = {}
            values = VALUES if how == "structure" else intrinsics(names_of(doc))
            focus = ("Resources", "Conditions", "Mappings", "Outputs", "Globals", "Parameters")
            target.write_text(json.dumps(mutate_document(doc, data.draw, values, focus)))
        check(folder, target)


@FUZZ
@given(st.data())
def test_terraform_modules(data):
    seed = data.draw(st.sampled_from(TF_SEEDS))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / seed.name
        shutil.copytree(seed, folder, symlinks=True)
        main = sorted(folder.glob("*.tf"))[0]
        how = data.draw(st.sampled_from(["bytes", "lines", "expressions"]))
        if how == "expressions":
            lines = main.read_text().splitlines()
            assignments = [  # one-line arguments: `name = value`, the value complete on its line
                i
                for i, line in enumerate(lines)
                if " = " in line and line.strip()[:1].isalpha() and line.rstrip()[-1:] not in "{[(<"
            ]
            for _ in range(data.draw(st.integers(0, 3)) if assignments else 0):
                i = data.draw(st.sampled_from(assignments))
                lines[i] = lines[i].split(" = ", 1)[0] + " = " + data.draw(HCL_EXPRESSIONS)
            fuzz, other, count = (data.draw(HCL_EXPRESSIONS) for _ in range(3))
            lines.append(f"locals {{\n  fuzz  = {fuzz}\n  other = {other}\n}}")
            lines.append(  # a resource and an output that evaluate them
                f'resource "aws_security_group" "fuzz" {{\n  count  = {count}\n  vpc_id = local.fuzz\n'
                "  egress {\n    ipv6_cidr_blocks = local.other\n  }\n}\n"
                'output "fuzz" {\n  value = [local.fuzz, local.other]\n}'
            )
            main.write_text("\n".join(lines) + "\n")
        else:
            _text_or_bytes(main.read_bytes(), data.draw, main)
        check(Path(tmp), folder)


@FUZZ
@given(st.data())
def test_plans(data):
    seed = data.draw(st.sampled_from(PLAN_SEEDS))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / seed.name
        how = data.draw(st.sampled_from(["bytes", "lines", "structure", "structure", "utf-16"]))
        try:
            doc = json.loads(seed.read_text())
        except ValueError:  # the broken-plan fixture
            how = "bytes"
        if how == "utf-16":  # (what Windows PowerShell's `>` writes, its bytes mutated: decoded, or an E9600)
            target.write_bytes(mutate_bytes(seed.read_text().encode("utf-16"), data.draw))
        elif how == "structure":
            focus = ("planned_values", "resource_changes", "configuration", "variables")
            target.write_text(json.dumps(mutate_document(doc, data.draw, VALUES, focus)))
        else:
            _text_or_bytes(seed.read_bytes(), data.draw, target)
        check(Path(tmp), target)


PATHS = st.sampled_from([".", "..", "../..", "/etc", "/dev/zero", "manifest.json", "assembly-Prod", "x/../../y", ""])


@FUZZ
@given(st.data())
def test_cdk_assemblies(data):
    seed = data.draw(st.sampled_from(CDK_SEEDS))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cdk.out"
        shutil.copytree(seed, folder, symlinks=True)
        files = sorted(p for p in folder.rglob("*.json") if p.is_file())
        target = data.draw(st.sampled_from(files))
        how = data.draw(st.sampled_from(["bytes", "structure", "paths", "intrinsics"]))
        if how == "bytes":
            _text_or_bytes(target.read_bytes(), data.draw, target)
        else:
            try:
                doc = load_text(target.read_text())
            except InputError:
                doc = {}
            values = {"structure": VALUES, "paths": PATHS | VALUES, "intrinsics": intrinsics(names_of(doc))}[how]
            focus = ("artifacts", "Resources", "files")
            target.write_text(json.dumps(mutate_document(doc, data.draw, values, focus)))
        check(Path(tmp), folder)
