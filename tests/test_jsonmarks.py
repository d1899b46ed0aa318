"""JSON read by `jsonmarks` gives exactly what the YAML path gives: values, types, marks, errors.

The YAML path (libyaml's events) is the reference: every JSON fixture (templates, plans, CDK
manifests and templates), the corpus' JSON files when ../shared is beside the repository, and
hostile or odd JSON are read both ways and compared node by node.
"""

from __future__ import annotations

import bisect
import json
import pickle
import re
from typing import Any
from unittest import mock

import pytest
from conftest import FIXTURES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda6lint.loaders.common import jsonmarks, marked
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import (
    MAX_DEPTH,
    FilledDict,
    FilledList,
    LDict,
    LList,
    OffsetDict,
    OffsetList,
    load_text,
    load_yaml,
)
from lambda6lint.loaders.terraform import plan as tfplan

CORPUS = SHARED / "corpus"
FIXTURE_FILES = sorted(FIXTURES.rglob("*.json"))
CORPUS_FILES = sorted(CORPUS.rglob("*.json")) if CORPUS.is_dir() else []
#: What a JSON string may hold raw and YAML refuses (C1 controls but NEL, surrogates, U+FFFE/U+FFFF):
#: the JSON path reads it (E9600/good-plan-c1-control-in-string), the YAML path cannot be its reference.
_YAML_REFUSED = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_readable(text: str) -> str:
    """The text with each character only JSON allows replaced by one YAML allows: the same marks."""
    return _YAML_REFUSED.sub("?", text)


def fast(text: str, max_nodes: int = marked.MAX_NODES) -> tuple[bool, Any]:
    return jsonmarks.load(text, OffsetDict, OffsetList, MAX_DEPTH, max_nodes)


def same(a: Any, b: Any, where: str = "$") -> None:
    """Equal values of equal types (a container read from JSON may be its offset form), with equal marks
    on every container."""
    assert _kind(a) is _kind(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(b, LDict):
        assert (a.line, a.column) == (b.line, b.column), where
        assert list(a) == list(b), where
        assert a.key_marks == b.key_marks, where
        for key in b:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(b, LList):
        assert (a.line, a.column) == (b.line, b.column), where
        assert a.item_marks == b.item_marks, where
        assert len(a) == len(b), where
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{index}]")
    else:
        assert a == b, where


def _kind(value: Any) -> type:
    return {OffsetDict: LDict, FilledDict: LDict, OffsetList: LList, FilledList: LList}.get(type(value), type(value))


def outcome(read, text: str, **kwargs: Any) -> tuple[str, Any]:
    try:
        return "ok", read(text, **kwargs)
    except InputError as exc:
        return "error", (exc.message, exc.line, exc.column)


def read_both(text: str, max_nodes: int = marked.MAX_NODES) -> None:
    kind, theirs = outcome(load_yaml, text, max_nodes=max_nodes)
    ours = outcome(load_text, text, max_nodes=max_nodes)
    assert ours[0] == kind, (ours, theirs)
    if kind == "ok":
        same(ours[1], theirs)
    else:
        assert ours[1] == theirs


def test_there_are_json_fixtures():
    assert len(FIXTURE_FILES) > 50


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_json_fixture_reads_as_the_yaml_path_reads_it(path):
    text = yaml_readable(marked.decode(path.read_bytes()))
    read_both(text)
    try:
        json.loads(text)
    except ValueError:
        return  # broken on purpose (E9600 fixtures): the YAML path reads it and names the problem
    if text.count("\r") == text.count("\r\n"):
        assert fast(text)[0], "valid JSON should take the JSON path"
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")  # as a Windows checkout has it
    read_both(crlf)
    assert fast(crlf)[0], "JSON with CR LF line ends should take the JSON path"


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not beside the repository")
def test_every_json_file_of_the_corpus_reads_as_the_yaml_path_reads_it():
    for path in CORPUS_FILES:
        try:
            text = marked.decode(path.read_bytes())
        except InputError:
            continue
        read_both(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "b": [1, 2.5, -3, 1e3, 1E+3, -0, 1.5e-7, true, false, null, "x"]}',
        '{"a": {"b": {"c": []}}, "d": {}}',
        '[{"k": "v"}, [[], [1]], "s"]',
        '{"esc": "a\\"b\\\\c\\/d\\u00e9\\n\\t", "": "empty key"}',
        '{"unicode": "é – 日本", "k2": "v"}',
        '  \n\n  {"a":1,\n"b":\n  [\n1,\n  2]}  \n',
        '{"a":1,"b":{"c":[1,{"d":2}]}}',
        '{"big": 123456789012345678901234567890, "neg": -1.0}',
        '{"tab":\t1}',
        '{"a": 1,\r\n"b":\r\n  [\r\n1,\r\n\r\n  2]}\r\n',  # CR LF: one break to both
        '"just a string"',
        "[]",
    ],
)
def test_json_values_and_marks_match(text):
    assert fast(text)[0]
    read_both(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',  # duplicate key: same message, same place
        '{"x": {"a": [1, 2], "b": 3, "a": {"deep": 1}}}',
        f'{{"{"K" * 500}": 1, "{"K" * 500}": {{}}}}',  # a long key written twice: quoted as the YAML path quotes it
        f'{{"{"K" * 500}": [], "{"K" * 500}": 2}}',
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # over the depth limit
        "{" + ", ".join(f'"k{i}": ' for i in range(1)) + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}",
        "[" * 5000 + "]" * 5000,  # deeper than json itself reads: the YAML path decides
        '{"a": 1} {"b": 2}',  # trailing data
        '{"a": NaN}',  # not JSON
        '{"a": 1,}',  # not JSON (YAML flow allows it)
        '{"a": 1,\r"b": 2}',  # CR alone: a line break to libyaml only
        '{"a": 1,\r\n"b": 2,\r"a": 3}',
        '{"a": 1,\r\n"a": 2}',  # CR LF: the key written twice is named where the YAML path names it
        '{"a": "\u2028"}',
        '{"a": "\u2029", "b": 1}',
        '{"a": "\x85"}',  # NEL: a break to libyaml only, in a text that is not ASCII
        '{"é": 1,\r"b": 2}',  # a CR alone in a text that is not ASCII
        '{"é": 1,\r\n"b": 2}',
        "[1, 2",
    ],
)
def test_errors_and_oddities_match(text):
    read_both(text)


def test_the_node_limit_is_kept_and_named_where_libyaml_names_it():
    text = json.dumps({"a": list(range(50)), "b": {"c": [1, 2, 3]}})
    read_both(text, max_nodes=40)
    read_both(text, max_nodes=59)
    with pytest.raises(InputError, match=r"too large \(over 59 nodes\)"):
        fast(text, max_nodes=59)  # said by the JSON path, not left to libyaml
    assert fast(text, max_nodes=60)[0] is True  # 60 nodes: a document, 3 keys, 2 lists, a mapping, 53 items


_EMPTIES = ", ".join(["{}"] * 40)


@pytest.mark.parametrize(
    "text",
    [
        f'{{"Resources": {{"a": [{_EMPTIES}]}}}}',  # read whole, then counted: refused at the 31st node
        f"[{_EMPTIES}]",  # a list at the top
        f'[{{"x": 1, "x": 2}}, {_EMPTIES}]',  # a key written twice before the node past the limit: named first
        f'[{_EMPTIES}, {{"x": 1, "x": 2}}]',  # ... after it: the limit is
        f'{{"a": {{"b": [{_EMPTIES}]}}, "a": 1}}',
        "[" + "[" * 20 + "]" * 20 + f", {_EMPTIES}, " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "]",
        "[" * 20 + f"{{}}, {_EMPTIES}" + "]" * 20,  # the limit crossed deep down
        f'{{"k": "{"x" * 70}", "l": [{_EMPTIES}]}}',
    ],
)
@pytest.mark.parametrize("limit", [30, 41, 45])
def test_over_the_node_limit_json_is_refused_where_the_yaml_path_refuses_it(text, limit):
    """Counted in document order, as libyaml's events are: what the YAML path says first (a key written
    twice, nesting too deep, the node past the limit) is said, at the same place — by this path,
    without libyaml reading a document only to refuse it (a crafted template: 1,000,000 nodes)."""
    theirs = outcome(load_yaml, text, max_nodes=limit)
    with mock.patch.object(marked, "load_yaml", side_effect=AssertionError("read by libyaml")):
        ours = outcome(load_text, text, max_nodes=limit)
    assert ours == theirs


@pytest.mark.parametrize(
    "text",
    ["[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), '{"a]{": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)],
)
@pytest.mark.parametrize("limit", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 2 * MAX_DEPTH, 2 * MAX_DEPTH + 1])
def test_the_node_past_the_limit_too_deep_is_said_too_deep(text, limit):
    """libyaml checks a container's depth before counting it: at the node past the limit, too deep wins."""
    assert outcome(load_text, text, max_nodes=limit) == outcome(load_yaml, text, max_nodes=limit)


def test_a_plan_over_the_node_limit_is_refused_without_libyaml():
    text = json.dumps({"format_version": "1.2", "planned_values": {"root_module": {}}, "x": [{}] * 60})
    theirs = outcome(load_yaml, text, max_nodes=50)
    assert theirs[0] == "error" and "too large" in theirs[1][0]
    with mock.patch.object(marked, "load_yaml", side_effect=AssertionError("read by libyaml")):
        assert outcome(load_text, text, max_nodes=50, outline=PLAN_OUTLINE) == theirs


def test_json_escapes_libyaml_refuses_are_read():
    """A character outside the BMP as JSON writes it (`json.dumps`' default): libyaml refuses the
    surrogate pair ("invalid Unicode character escape code"), JSON reads it."""
    text = '{"Description": "deploy \\ud83d\\ude80"}'
    with pytest.raises(InputError):
        load_yaml(text)
    assert load_text(text) == {"Description": "deploy \U0001f680"}


PLAN = """{
  "format_version": "1.2",
  "variables": {"azs": {"value": ["a", "b"]}},
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_vpc.main", "values": {"cidr_block": "10.0.0.0/16", "tags": {"a": [1, {"b": null}]}}}
  ]}},
  "resource_changes": [{"address": "aws_vpc.main", "change": {"after_unknown": {"id": true}}}],
  "configuration": {"root_module": {"resources": [{"address": "aws_vpc.main", "expressions": {}}]}}
}
"""


PLAN_OUTLINE = tfplan._POINTED_AT


def test_only_the_sections_asked_for_carry_marks():
    """A plan's `planned_values` are pointed at; its other sections are only looked up."""
    done, ours = fast_sections(PLAN)
    assert done
    theirs = load_yaml(PLAN)
    assert ours == theirs  # the same values
    same(ours["planned_values"], theirs["planned_values"], "$.planned_values")
    assert ours.key_marks == theirs.key_marks
    assert type(ours["configuration"]) is dict and type(ours["resource_changes"][0]["change"]) is dict


@pytest.mark.parametrize(
    "text",
    [
        PLAN.replace('"tags": {"a"', '"tags": {"b": 1, "a": 2, "a"'),  # a duplicate where marks are kept
        PLAN.replace('"tags": {"a": [1', '"tags": {"a": [' + "[" * MAX_DEPTH + "]" * MAX_DEPTH),  # too deep there
        PLAN.replace('"resource_changes": [', '"resource_changes": [' + "[" * 2000 + "]" * 2000 + ","),  # for json too
        PLAN.replace('"format_version": "1.2",', '"format_version": "1.2", "format_version": "1.3",'),
        PLAN.replace('"configuration"', '"planned_values": {}, "configuration"'),
        PLAN + "{}",
        PLAN.replace("}\n", "},\n", 1)[:-3] + ",}",
    ],
)
def test_sections_read_without_marks_keep_every_limit(text):
    kind, theirs = outcome(load_yaml, text)
    ours = outcome(load_text, text, outline={"planned_values": True})
    assert ours[0] == kind
    if kind == "error":
        assert ours[1] == theirs


@pytest.mark.parametrize(
    "text",
    [
        PLAN.replace('"after_unknown": {"id": true}', '"after_unknown": {"id": true, "id": false}'),  # duplicate
        PLAN.replace('"expressions": {}', '"expressions": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH),  # deep
    ],
)
def test_sections_without_marks_are_what_json_makes_of_them(text):
    """Decided (issue #14): sections never pointed at are built by json in C, so a key written twice
    keeps its last value (as Terraform's own reader and json.loads do) and nesting is json's own limit."""
    with pytest.raises(InputError):
        load_yaml(text)
    ours = load_text(text, outline={"planned_values": True})
    assert ours == json.loads(text)
    assert isinstance(ours["planned_values"], LDict) and type(ours["configuration"]) is dict


@pytest.mark.parametrize("outline", [{"planned_values": True}, PLAN_OUTLINE], ids=["section", "outline"])
def test_sections_count_nodes_like_the_yaml_path(outline):
    nodes = 0
    for limit in range(40, 80):
        kind, _ = outcome(load_yaml, PLAN, max_nodes=limit)
        if kind == "ok":
            nodes = limit
            break
    assert fast_sections(PLAN, nodes, outline)[0] is True
    assert outcome(fast_sections, PLAN, max_nodes=nodes - 1, outline=outline) == outcome(
        load_yaml, PLAN, max_nodes=nodes - 1
    )  # refused here, where and as the YAML path refuses it
    # the bound from punctuation (strings full of it) exceeds the limit: nodes are counted one by one
    punctuated = PLAN.replace('"format_version": "1.2"', '"format_version": "' + ":,[{" * 50 + '"')
    assert fast_sections(punctuated, nodes, outline)[0] is True
    refused = outcome(fast_sections, punctuated, max_nodes=nodes - 1, outline=outline)
    assert refused == outcome(load_yaml, punctuated, max_nodes=nodes - 1) and refused[0] == "error"


def test_a_plan_over_the_node_limit_is_refused_before_json_builds_it():
    """A plain value is built whole by json before it can be counted: a 250 MB plan of one list of 84
    million `{}` took 6.5 GB only to be refused. Its nodes are counted in the text first, and it is
    refused where the YAML path refuses it, with none of it built; one within the limit whose
    punctuation says otherwise (empty containers) is read, counted once."""
    plan = json.loads(PLAN)
    plan["planned_values"]["root_module"]["resources"][0]["values"]["tags"] = [{}] * 300
    text = json.dumps(plan)
    built = []

    def scan(text: str, index: int) -> Any:
        value, end = real(text, index)
        built.append(end - index)
        return value, end

    real = jsonmarks._scan_plain
    with mock.patch.object(jsonmarks, "_scan_plain", scan):
        refused = outcome(fast_sections, text, max_nodes=200, outline=PLAN_OUTLINE)
        assert refused == outcome(load_yaml, text, max_nodes=200) and refused[0] == "error"
        assert built == []  # nothing read before it was refused
        # 300 `{}` and 300 `,` (600 > 400), 330 nodes: read, and its resource's values built once
        assert fast_sections(text, 400, PLAN_OUTLINE)[0] is True
        assert outcome(load_yaml, text, max_nodes=400)[0] == "ok"
        assert max(built) > 600


@pytest.mark.parametrize("text", ["[{}{}{}{}{}{}]", '{"a": [{}{}{}{}]}', '{"a": {}{}{}{}}'])
def test_a_text_not_json_that_the_bound_passes_is_refused_as_the_yaml_path_refuses_it(text):
    """Empty objects' braces are no nodes: the bound (`jsonmarks._within`, colons for braces) passes these,
    json refuses them, and what is said is the YAML path's syntax error, not "too large" (f6b4efd changed
    it, review). Where the bound does not pass a text (`[[][][]]`), it is refused as too large before json
    reads it, as the docstring of `jsonmarks.load` says."""
    assert outcome(load_text, text, max_nodes=2, outline=PLAN_OUTLINE) == outcome(load_yaml, text, max_nodes=2)


def test_an_outline_marks_its_levels_and_the_rest_when_asked():
    """A plan's modules are marked as the YAML path marks them, and where each resource starts; the
    resources are plain until a finding asks, and then marked as the YAML path marks them."""
    done, ours = fast_sections(PLAN, marked.MAX_NODES, PLAN_OUTLINE)
    theirs = load_yaml(PLAN)
    assert done and ours == _reduced(theirs)
    assert ours.key_marks == theirs.key_marks
    for a, b in [
        (ours["planned_values"], theirs["planned_values"]),
        (ours["planned_values"]["root_module"], theirs["planned_values"]["root_module"]),
    ]:
        assert (_kind(a), a.line, a.column, a.key_marks) == (LDict, b.line, b.column, b.key_marks)
    resources = ours["planned_values"]["root_module"]["resources"]
    expected = theirs["planned_values"]["root_module"]["resources"]
    assert (_kind(resources), resources.item_marks) == (LList, expected.item_marks)
    assert type(resources[0]) is dict and type(ours["configuration"]) is dict
    (values,) = jsonmarks.Lines(PLAN).path_marks(resources.offsets[0], ("values",))
    assert values == expected[0].key_marks["values"]
    later = jsonmarks.Lines(PLAN).load_member(values, OffsetDict, OffsetList, MAX_DEPTH)
    same(later, expected[0]["values"], "$.values")


def _reduced(doc: Any) -> Any:
    """A plan read whole with its members as the outline keeps them (`jsonmarks.Reduced`)."""
    out = dict(doc)
    for key, how in PLAN_OUTLINE.items():
        if key in out and isinstance(how, jsonmarks.Reduced):
            out[key] = how.keep(out[key])
    return out


STATE = {"values": {"root_module": {"resources": [{"address": "aws_vpc.main", "values": {"id": "vpc-1"}}]}}}
CHANGE = {"actions": ["update"], "before": {"cidr_block": "10.0.0.0/16"}, "after": {"cidr_block": "10.0.0.0/16"}}
#: A plan of what exists: its state before, each change's values before and after, none of which a check reads.
EXISTING = json.loads(PLAN) | {
    "prior_state": STATE,
    "resource_drift": [],
    "output_changes": {"id": {"before": "vpc-1", "after": "vpc-1"}},
    "relevant_attributes": [{"resource": "aws_vpc.main", "attribute": ["id"]}],
    "checks": [],
    "resource_changes": [{"address": "aws_vpc.main", "change": CHANGE | {"after_unknown": {"id": True}}}],
}


def test_a_plan_keeps_only_what_is_read_of_what_exists():
    """`prior_state`, the values before and after each change and the other members no check reads
    are read, checked and counted, and not kept (their memory serves `configuration` after them);
    `resource_changes` keeps each resource's `after_unknown`, as the YAML path's read reduced gives."""
    text = json.dumps(EXISTING)
    doc = load_text(text, outline=PLAN_OUTLINE)
    assert doc == _reduced(load_yaml(text))
    assert doc["resource_changes"] == {"aws_vpc.main": {"id": True}}
    assert [key for key in EXISTING if doc[key] is None] == [
        "prior_state", "resource_drift", "output_changes", "relevant_attributes", "checks"
    ]  # fmt: skip
    # what the plan's loader makes of either read is the same
    unknown = {"aws_vpc.main": {"id": True}}
    assert tfplan._Plan("p", doc).unknown == tfplan._Plan("p", load_yaml(text)).unknown == unknown


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(EXISTING | {"prior_state": {"values": [[1, 2, 3]] * 40}}),  # over the limit in what is not kept
        json.dumps(EXISTING).replace('"actions": ["update"]', '"actions": ["update"}'),  # not JSON there
        json.dumps(EXISTING).replace('"checks": []', '"checks": [], "checks": []'),  # a member written twice
    ],
)
def test_what_a_plan_does_not_keep_is_read_to_every_limit(text):
    """A member read and not kept is still read: its nodes count, and what the YAML path refuses in
    it (not JSON, a key written twice at the top) is refused the same way."""
    theirs = outcome(load_yaml, text, max_nodes=150)
    assert theirs[0] == "error"
    assert outcome(load_text, text, max_nodes=150, outline=PLAN_OUTLINE) == theirs


def _paths(node: Any, at: tuple = ()) -> list[tuple[tuple, list[tuple[int, int]]]]:
    """Every path into a marked tree, with the marks of its steps (as `_TreeMarks` walks them)."""
    found = []
    steps = list(node) if isinstance(node, LDict) else range(len(node)) if isinstance(node, LList) else []
    for step in steps:
        mark = node.mark_of(step)
        for path, marks in [((), []), *_paths(node[step])]:
            found.append(((step, *path), [mark, *marks]))
    return found


PLAN_FIXTURES = sorted(FIXTURES.rglob("*.tfplan.json"))


@pytest.mark.parametrize("compact", [False, True], ids=["as-written", "compact"])
@pytest.mark.parametrize("path", PLAN_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_path_is_marked_as_the_yaml_path_marks_it(path, compact):
    """A plan's resources are read plain, where each starts kept; what a finding points at in one is
    found in the text, each step's mark as the YAML path has it, as far as the path leads."""
    text = yaml_readable(path.read_text())
    try:
        text = json.dumps(json.loads(text)) if compact else text
        doc = load_text(text, outline=PLAN_OUTLINE)
    except (ValueError, InputError):
        pytest.skip("not a plan read (an input error's fixture)")
    lines, checked = doc.lines, 0
    for (resources, at), (expected, _) in zip(_resources(doc), _resources(load_yaml(text)), strict=True):
        # (a child module's resources are read plain with its module, in its parent's `child_modules`: found by path)
        starts = resources.offsets if isinstance(resources, OffsetList) else lines.place(at)[1]
        assert [lines.mark(start) for start in starts] == expected.item_marks
        for start, resource, theirs in zip(starts, resources, expected, strict=True):
            assert type(resource) is dict and resource == theirs
            for steps, marks in _paths(theirs):
                assert lines.path_marks(start, steps) == marks, steps
                assert lines.path_marks(start, (*steps, "absent", 0)) == marks, steps
                if isinstance(steps[-1], int):
                    assert lines.path_marks(start, (*steps[:-1], steps[-1] + 99)) == marks[:-1]
                    assert lines.path_marks(start, (*steps[:-1], -1)) == marks[:-1]
                checked += 1
            assert lines.path_marks(start, ("absent",)) == [] and lines.path_marks(start, ()) == []
    assert checked > 3


def _resources(doc: Any) -> list:
    """The resource lists of a plan's root module and of its child modules, each with its path (`Lines.place`)."""
    found, modules = [], [(doc["planned_values"]["root_module"], (((), "planned_values"), "root_module"))]
    while modules:
        module, at = modules.pop(0)
        found.append((module.get("resources", []), (at, "resources")))
        modules += [(child, ((at, "child_modules"), i)) for i, child in enumerate(module.get("child_modules", []))]
    return found


def test_a_path_through_a_key_written_twice_is_not_marked():
    """A marked read refuses such a member (json keeps the last value): no mark on that path, and a
    path elsewhere in the same resource is marked."""
    text = (FIXTURES / "W9601" / "bad-flag-false.tfplan.json").read_text()
    twice = text.replace(
        '"ipv6_allowed_for_dual_stack": false',
        '"ipv6_allowed_for_dual_stack": true, "ipv6_allowed_for_dual_stack": false',
        1,
    )
    assert twice != text
    doc = load_text(twice, outline=PLAN_OUTLINE)
    ((resources, _),) = _resources(doc)
    (start,) = [at for at, r in zip(resources.offsets, resources, strict=True) if r["type"] == "aws_lambda_function"]
    with pytest.raises(ValueError, match="twice"):
        doc.lines.path_marks(start, ("values", "vpc_config", 0, "ipv6_allowed_for_dual_stack"))
    (line, column), *_ = doc.lines.path_marks(start, ("values", "runtime"))[1:]
    assert twice.splitlines()[line - 1][column - 1 :].startswith('"runtime"')


def test_a_plan_marks_members_with_the_lines_of_its_read():
    """A plan marks members after its read with the Lines the read made (not a second split of a
    100 MB text): its containers keep them; a plan read the YAML way makes its own when asked."""
    doc = load_text(PLAN, outline=PLAN_OUTLINE)
    lines = doc.lines
    assert lines.text is PLAN and doc["planned_values"].lines is lines
    assert tfplan._Plan("p.json", doc, PLAN).source._lines is lines
    assert tfplan._Plan("p.json", load_yaml(PLAN), PLAN).source._lines is None


@pytest.mark.parametrize(
    "text",
    [
        PLAN.replace(
            '"root_module": {"resources"', '"root_module": {"child_modules": [], "child_modules": [], "resources"'
        ),
        PLAN.replace('"planned_values": {"root_module": {', '"planned_values": {"root_module": {"resources": [], '),
        PLAN.replace('"root_module": {"resources": [', '"root_module": {"resources": [1, "a", [], '),
        PLAN.replace(
            '"root_module": {"resources": [', '"root_module": {"resources": [' + "[" * 3000 + "]" * 3000 + ","
        ),  # noqa: E501
    ],
)
def test_an_outline_keeps_every_limit_where_it_marks(text):
    assert text != PLAN
    kind, theirs = outcome(load_yaml, text)
    ours = outcome(load_text, text, outline=PLAN_OUTLINE)
    assert ours[0] == kind
    if kind == "error":
        assert ours[1] == theirs
    else:
        assert ours[1] == _reduced(theirs)
        resources = ours[1]["planned_values"]["root_module"]["resources"]
        assert resources.item_marks == theirs["planned_values"]["root_module"]["resources"].item_marks


def test_what_an_outline_leaves_plain_is_what_json_makes_of_it():
    """A key written twice in a resource's values keeps its last value, as json and Terraform read it."""
    text = PLAN.replace('"values": {"cidr_block"', '"values": {"cidr_block": 1, "cidr_block"')
    assert text != PLAN
    with pytest.raises(InputError):
        load_yaml(text)
    ours = load_text(text, outline=PLAN_OUTLINE)
    assert ours["planned_values"]["root_module"]["resources"][0]["values"]["cidr_block"] == "10.0.0.0/16"


def fast_sections(text: str, max_nodes: int = marked.MAX_NODES, outline: Any = None) -> tuple[bool, Any]:
    outline = {"planned_values": True} if outline is None else outline
    return jsonmarks.load(text, OffsetDict, OffsetList, MAX_DEPTH, max_nodes, outline)


def test_json_containers_make_their_marks_only_when_asked():
    """Decided (issue #14): a container read from JSON keeps offsets into the text; a mark is made
    when asked for (most never are), asking for one makes no others, and each is the YAML path's."""
    text = '{"a": {"b": [1, {"c": 2}]},\n "d": 3}'
    ours, theirs = load_text(text), load_yaml(text)
    inner = ours["a"]
    for container, slot in ((inner, LDict.key_marks), (inner, LDict.line), (inner["b"], LList.item_marks)):
        with pytest.raises(AttributeError):
            slot.__get__(container)  # not made yet
    assert inner.mark_of("b") == theirs["a"].mark_of("b") == (1, 8)
    assert inner.key_mark("b") == theirs["a"].key_mark("b") == (1, 8)
    assert inner.key_mark("missing") is None is theirs["a"].key_mark("missing")
    assert inner["b"].mark_of(1) == theirs["a"]["b"].mark_of(1) == (1, 17)
    assert inner["b"].mark_of(2) == inner["b"].mark_of(-1) == theirs["a"]["b"].mark_of(2) == (1, 13)
    assert inner.mark_of("missing") == theirs["a"].mark_of("missing") == (1, 7)
    with pytest.raises(AttributeError):
        LDict.key_marks.__get__(inner)  # one key's mark asked: the others still offsets
    same(ours, theirs)
    same(pickle.loads(pickle.dumps(load_text(text))), theirs)  # a copy keeps what it can still mark


def _unplaced(container: Any) -> bool:
    """True while a container read from JSON has not looked for where it is in the text."""
    try:
        type(container)._offsets.__get__(container)  # the slot itself: `offsets` finds it
    except AttributeError:
        return True
    return False


def test_json_containers_and_lines_are_looked_up_without_a_getattr_hook():
    """Decided (issue #14): what is found when first read (a container's marks and offsets, the lines'
    starts) is found by descriptors on those names alone. A `__getattr__` on a class sends every lookup
    on its instances (each `get`, `items`, `mark`) through CPython's slow path: 3.7% more instructions
    over 1,000 JSON templates, 4.2% over a CDK assembly. The marks stay lazy
    (`test_json_containers_make_their_marks_only_when_asked`)."""
    for cls in (OffsetDict, OffsetList, jsonmarks.Lines):
        assert not hasattr(cls, "__getattr__"), cls
        ours = [base for base in cls.__mro__ if base.__module__.startswith("lambda6lint.")]
        assert not any("__getattribute__" in vars(base) for base in ours), cls
    lines = jsonmarks.Lines("[\n" + "1,\n" * jsonmarks._COUNTED + "2]")
    assert "starts" not in vars(lines)
    assert lines.mark(len(lines.text) - 2) == (jsonmarks._COUNTED + 2, 1) and "starts" in vars(lines)


TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"VpcConfig": {"SubnetIds": ["a", "b"]}}},
        "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupEgress": [{"CidrIp": "0.0.0.0/0"}]}},
    },
}


@pytest.mark.parametrize("indent", [2, None], ids=["indented", "compact"])
def test_a_template_is_read_without_offsets_below_its_sections(indent):
    """Decided (issue #14): the top and its sections keep offsets as read; every container further
    down finds its own when first asked for a mark (a finding's), and asking makes no sibling look."""
    text = json.dumps(TEMPLATE, indent=indent)
    ours, theirs = load_text(text), load_yaml(text)
    resources = ours["Resources"]
    assert not _unplaced(ours) and not _unplaced(resources)
    fn, sg = resources["Fn"], resources["Sg"]
    subnets = fn["Properties"]["VpcConfig"]["SubnetIds"]
    assert all(map(_unplaced, (fn, fn["Properties"], subnets, sg, sg["Properties"])))
    assert subnets.mark_of(1) == theirs["Resources"]["Fn"]["Properties"]["VpcConfig"]["SubnetIds"].mark_of(1)
    looked_at = ours.lines._places
    assert not _unplaced(subnets) and fn.path in looked_at and fn["Properties"].path in looked_at  # the way to it
    assert sg.path not in looked_at and _unplaced(sg) and not ours.lines._all  # beside it: not
    same(ours, theirs)


@pytest.mark.parametrize(
    "text",
    [
        '{"Resources": {"R": {"Properties": {"a": 1, "b": {"c": 2}, "a": 3}}}}',  # below the sections
        '{"Resources": {"R": {"P": [{"k": 1, "k": 2}]}}}',  # in a list's object
        '{"Resources": {"R": 1, "R": 2}}',  # in a section
        '{"Resources": {}, "Resources": {}}',  # at the top
        '{"a": {"b": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}}",  # too deep below the sections
        '{"a": ' + "{" * MAX_DEPTH + "}" * MAX_DEPTH + "}",  # too deep through them
        "[" + "{}," * 40 + "{}]",
        '{"a\nb": 1}',  # a raw line break in a key: not JSON (json refuses it); YAML folds it
        '{"Resources": {"a\tb": {"c\u0001": 1}}}',
    ],
)
def test_what_the_read_without_offsets_leaves_to_the_marked_read_is_said_as_before(text):
    read_both(text)
    read_both(text, max_nodes=30)


@pytest.mark.parametrize(
    "text",
    [
        '{"a\\"b": {"c\\u0041": {"\\u00e9}": [1, {"]": "},"}]}}, "x": 1}',  # keys with escapes, strings with brackets
        '{ "a" : { "b" : [ { } , [ ] , { "c" : [ [ 1 ] ] } ] } , "d" : { } }',
        '{"a":{"b":{"c":{"d":[1,2,{"e":[]}]}}},"f":[[[]]]}',
        '{\t"a":\t{\n\n"b":\t[\t1 ,\n2\t]\t}\n}\n',
        '{"s": {"t": {"u": -1.5e+10, "v": "\\\\", "w": true, "x": null, "y": false}}}',
        '[[{"a": {"b": {"c": 1}}}], {"d": [{"e": 2}]}]',
    ],
)
def test_places_are_found_in_any_layout(text):
    assert fast(text)[0]
    read_both(text)


_TEXT = st.text(alphabet='ab"\\{}[],: \t\né日/-', max_size=6)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(
    value=st.dictionaries(_TEXT, _JSON, max_size=4) | st.lists(_JSON, max_size=4),
    indent=st.sampled_from([None, 0, 1, 2, "\t"]),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" ,  ", " :\t")]),
    stepped=st.sampled_from([jsonmarks._STEPPED, -1]),
    crlf=st.booleans(),
)
def test_any_json_reads_as_the_yaml_path_reads_it(value, indent, separators, stepped, crlf):
    """Values, types and every container's marks, whatever the layout (found in the text when asked:
    level by level, or, as for a deep place, all at once), with Windows line ends too."""
    text = json.dumps(value, indent=indent, separators=separators, ensure_ascii=False)
    text = text.replace("\n", "\r\n") if crlf else text
    with mock.patch.object(jsonmarks, "_STEPPED", stepped):
        assert fast(text)[0]
        read_both(text)


@settings(max_examples=150, deadline=None)
@given(value=st.lists(_JSON, min_size=1, max_size=6), data=st.data())
def test_any_json_over_any_node_limit_is_refused_as_the_yaml_path_refuses_it(value, data):
    text = json.dumps(value, indent=data.draw(st.sampled_from([None, 1])))
    nodes = _nodes(value)
    limit = data.draw(st.integers(0, nodes))
    theirs = outcome(load_yaml, text, max_nodes=limit)
    assert theirs[0] == ("ok" if limit == nodes else "error")
    with mock.patch.object(marked, "load_yaml", side_effect=AssertionError("read by libyaml")):
        assert outcome(load_text, text, max_nodes=limit) == theirs


def _nodes(value: Any) -> int:
    """Nodes as libyaml's events count them: each container, key and scalar."""
    if isinstance(value, dict):
        return 1 + sum(1 + _nodes(item) for item in value.values())
    return 1 + sum(map(_nodes, value)) if isinstance(value, list) else 1


def test_a_place_deep_in_a_template_is_found_as_the_yaml_path_marks_it():
    """A place deeper than a template's ever are: every container of the text is placed in one pass
    (stepping down level by level would read what lies below each level again)."""
    inner: Any = ["subnet-1", "subnet-2"]
    for level in range(MAX_DEPTH // 2 - 3):
        inner = {"Fn::If": ["C", inner, [f"x{level}"] * 3]}
    text = json.dumps({"Resources": {"Fn": {"Properties": {"SubnetIds": inner}}}}, indent=1)
    ours_doc, theirs_doc = load_text(text), load_yaml(text)
    ours, theirs = (doc["Resources"]["Fn"]["Properties"]["SubnetIds"] for doc in (ours_doc, theirs_doc))
    while isinstance(ours, dict):
        deepest, yaml_deepest = ours, theirs
        ours, theirs = ours["Fn::If"][1], theirs["Fn::If"][1]
    assert _unplaced(ours) and ours == ["subnet-1", "subnet-2"] and not ours.lines._all
    assert ours.mark_of(1) == theirs.mark_of(1) and (ours.line, ours.column) == (theirs.line, theirs.column)
    assert ours.lines._all and deepest.key_mark("Fn::If") == yaml_deepest.key_mark("Fn::If")
    inner, yaml_inner = (
        doc["Resources"]["Fn"]["Properties"]["SubnetIds"]["Fn::If"][2] for doc in (ours_doc, theirs_doc)
    )
    assert inner.mark_of(2) == yaml_inner.mark_of(2)  # a shallow place of the same text, from the same pass


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab\n{", max_size=300), picks=st.lists(st.integers(0, 300), max_size=20))
def test_a_mark_counted_from_the_nearest_one_before_it_is_the_marks_line_and_column(text, picks):
    """Marks asked in any order (a template's are counted from the nearest mark already made)."""
    lines = jsonmarks.Lines(text)
    for offset in (pick % (len(text) + 1) for pick in picks):
        assert lines.mark(offset) == (text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
        assert lines.mark(offset) == (
            bisect.bisect_right(lines.starts, offset),
            offset - lines.starts[bisect.bisect_right(lines.starts, offset) - 1] + 1,
        )


@settings(max_examples=300, deadline=None)
@given(value=_JSON, data=st.data())
def test_a_text_too_short_for_more_nodes_holds_no_more(value, data):
    """`_short_enough` lets a plan skip counting its text: it must never pass one that holds more nodes
    than the limit. The tightest text (no spaces) of N nodes is 2N - 1 characters long: `[0,0]`."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    limit = data.draw(st.integers(0, _nodes(value) + 2))
    if jsonmarks._short_enough(text, limit):
        assert _nodes(value) <= limit
    assert jsonmarks._short_enough(text, _nodes(value)) == (len(text) <= 2 * _nodes(value))


@settings(max_examples=300, deadline=None)
@given(value=_JSON, data=st.data(), indent=st.sampled_from([None, 1]))
def test_a_text_within_the_punctuation_bound_holds_no_more_nodes(value, data, indent):
    """`_within` lets a plan's plain values go uncounted: it must never pass a text that holds more
    nodes than the limit (empty objects, and `:` `,` `[` `{` in strings, only make it pass fewer)."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    nodes = _nodes(value)
    limit = data.draw(st.integers(0, nodes + 2))
    if jsonmarks._within(text, limit):
        assert nodes <= limit
    outside = jsonmarks._STRING.sub("", text)
    bound = 1 + sum(map(outside.count, ":,[{"))
    assert jsonmarks._within(outside, bound)  # never tighter than needed when the four counts pass
    assert jsonmarks._within(text, nodes) is (
        1 + sum(map(text.count, ":,[")) + text.count(":") <= nodes or 1 + sum(map(text.count, ":,[{")) <= nodes
    )


@pytest.mark.parametrize(
    "text, nodes",
    [
        ("[{},{},{}]", 4),  # objects without members: the colons counted twice are the tighter bound
        ('{"a":0,"b":0}', 5),  # members with colons of their own: only the four counts pass it
        ('[{"a":0},{"b":0}]', 7),
        ('{"a":{"b":{"c":[[0]]}}}', 9),
        ('["{{{{", ":::", 0]', 4),  # punctuation in strings: a bound above the count
    ],
)
def test_the_punctuation_bound_at_the_node_count(text, nodes):
    assert _nodes(json.loads(text)) == nodes
    assert jsonmarks._within(jsonmarks._STRING.sub("", text), nodes)
    assert not jsonmarks._within(text, nodes - 1)


def test_the_shortest_texts_of_n_nodes_are_at_the_bound():
    """The tightest texts pass at their own node count and not one below it."""
    for text, nodes in (("0", 1), ("[0]", 2), ("[[]]", 2), ("[0,0]", 3), ('{"":0}', 3), ("[0,[0]]", 4)):
        assert jsonmarks._short_enough(text, nodes)
        assert not jsonmarks._short_enough(text, nodes - 1)


def _plan_read(text: str, outline: Any, max_nodes: int = marked.MAX_NODES) -> tuple[str, Any]:
    """`jsonmarks.load` of a plan with `outline`: what it read (or that it left the text to the YAML path), or
    the error it raised."""
    try:
        return "ok", jsonmarks.load(text, OffsetDict, OffsetList, MAX_DEPTH, max_nodes, outline)
    except InputError as exc:
        return "error", (exc.message, exc.line, exc.column)


#: The outline of a plan as it was before `jsonmarks.DROPPED`: what is not kept read plain, then let go.
_BUILT_AND_FREED = {
    key: jsonmarks.Reduced(jsonmarks._nothing) if how is jsonmarks.DROPPED else how for key, how in PLAN_OUTLINE.items()
}


def _mangled(text: str, data: Any) -> str:
    """`text` cut short, or with one character replaced by a piece of JSON syntax, or as it is."""
    how = data.draw(st.sampled_from(["as is", "cut", "replaced"]))
    at = data.draw(st.integers(0, max(len(text) - 1, 0)))
    if how == "cut":
        return text[:at]
    if how == "replaced":
        piece = data.draw(st.sampled_from([*'{}[],:"\\ 0-eE.x', "NaN", "1e999", "\x00"]))
        return text[:at] + piece + text[at + 1 :]
    return text


@settings(max_examples=300, deadline=None)
@given(value=_JSON, data=st.data(), indent=st.sampled_from([None, 1]))
def test_what_is_skipped_ends_and_is_refused_where_a_plain_read_says(value, data, indent):
    """`_skip` steps over exactly what json's plain read reads, valid or not: the same end, and the same
    refusal (not JSON, NaN, a cut text), whatever it holds."""
    text = _mangled(json.dumps(value, indent=indent, ensure_ascii=data.draw(st.booleans())), data)
    at = data.draw(st.integers(0, len(text)))

    def end(scan: Any) -> Any:
        try:
            return scan(text, at)[1]
        except (StopIteration, ValueError, RecursionError) as exc:
            return type(exc) if not isinstance(exc, ValueError) else ValueError

    assert end(jsonmarks._skip) == end(jsonmarks._scan_plain)


@settings(max_examples=200, deadline=None)
@given(state=_JSON, data=st.data(), limit=st.sampled_from([marked.MAX_NODES, 40, 12]))
def test_a_plan_s_state_read_without_building_it_reads_as_before(state, data, limit):
    """A member a plan does not keep (`prior_state`, `checks`, …) read by `_skip` reads as when it was built
    and let go: the same document, the same refusals (not JSON, a cut text, over the node limit, where the
    count is not bounded by the text's punctuation and the plain read counts it)."""
    key = data.draw(st.sampled_from(["prior_state", "resource_drift", "checks", "output_changes"]))
    text = _mangled(json.dumps(EXISTING | {key: state}, indent=data.draw(st.sampled_from([None, 1]))), data)
    assert _plan_read(text, PLAN_OUTLINE, limit) == _plan_read(text, _BUILT_AND_FREED, limit)


@pytest.mark.parametrize(
    "state",
    [
        "1" * 5000,  # an integer over Python's 4,300 digits
        '"' + "x" * 100_000 + '"',  # a long string
        '"\\ud800\\u00e9\\"\\\\"',  # escapes, a lone surrogate
        "[" * 3000 + "]" * 3000,  # deeper than json's recursion: the YAML path says so
        "[" * 200 + "]" * 200,  # deeper than the templates' limit, within json's
        '{"a": NaN}',  # not JSON
        '{"a": 1e400, "b": -0.0, "c": [1.5E-7, 10000000000000000000000]}',
        '{"a": 1, "a": 2}',  # a key written twice, in what is not kept: as json reads it (the last)
        "[1, 2,]",  # a trailing comma
        '{"a": [1, 2]',  # cut short
    ],
)
def test_a_plan_s_state_read_without_building_it_is_checked_as_before(state):
    text = json.dumps(EXISTING).replace(json.dumps(STATE), state)
    assert state in text
    ours = _plan_read(text, PLAN_OUTLINE)
    assert ours == _plan_read(text, _BUILT_AND_FREED)
    assert outcome(load_text, text, outline=PLAN_OUTLINE) == outcome(load_text, text, outline=_BUILT_AND_FREED)


def test_a_plan_s_state_is_read_without_building_it():
    """A plan of what exists holds its state as large as its planned values: read (checked, counted) in the
    memory of its longest list, not built whole and then let go (tracemalloc's peak, not a time)."""
    import tracemalloc

    resources = [{"address": f"aws_vpc.v{i}", "values": {"id": f"vpc-{i}", "tags": {"a": "b"}}} for i in range(4000)]
    text = json.dumps(EXISTING | {"prior_state": {"values": {"root_module": {"resources": resources}}}})
    state = len(json.dumps(resources))  # ~320 KB of text: ~3 MB of dicts when built
    tracemalloc.start()
    try:
        doc = load_text(text, outline=PLAN_OUTLINE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc["prior_state"] is None and doc["resource_changes"] == {"aws_vpc.main": {"id": True}}
    assert peak < state  # (its list of 4,000 counts: 32 KB, and the small plan around it)


def test_a_plans_resources_are_read_whole_with_one_string_per_key():
    """A list of `ITEMS` is read in one call of json's scanner, so that each key is one string however many
    resources have it (read resource by resource, a 100 MB plan's 72,610 each had their own: 38% more memory), and
    where each resource starts is found when first asked for, as the YAML path marks it."""
    resource = '{"address": "aws_vpc.a%d", "values": {"cidr_block": "10.0.0.0/16", "tags": {"Name": "n"}}}'
    first_one = '{"address": "aws_vpc.main", "values"'
    text = PLAN.replace(first_one, f"{resource % 1},\n    {resource % 2},\n    {first_one}")
    doc = load_text(text, outline=PLAN_OUTLINE)
    resources = doc["planned_values"]["root_module"]["resources"]
    first, second = resources[0], resources[1]
    pairs = [*zip(first, second, strict=True), *zip(first["values"], second["values"], strict=True)]
    assert len(pairs) == 4 and all(a is b for a, b in pairs)
    assert bool(doc.lines._places) is False  # (nothing placed yet)
    expected = load_yaml(text)["planned_values"]["root_module"]["resources"]
    assert resources.item_marks == expected.item_marks and resources == expected
    assert [doc.lines.path_marks(at, ("values", "tags")) for at in resources.offsets] == [
        [r.key_marks["values"], r["values"].key_marks["tags"]] for r in expected
    ]
