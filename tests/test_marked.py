"""The YAML/JSON loader: positions, CloudFormation tags, YAML 1.1 scalars and the safety limits.

Every finding's line comes from these marks, and every hostile input is stopped here, so the loader
is tested directly rather than only through rules.
"""

from __future__ import annotations

import json
import pickle
import sys

import pytest
import yaml

from lambda6lint import model
from lambda6lint.loaders.common import marked, yamlmarks
from lambda6lint.loaders.common.errors import MAX_QUOTE, InputError
from lambda6lint.loaders.common.marked import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    LDict,
    LList,
    decode,
    load_text,
    read_source,
)


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load_text(text)
    return info.value


# ----- marks --------------------------------------------------------------------------------

YAML_DOC = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      SubnetIds:
        - !Ref A
        - subnet-1
      Ids: [x, !Ref B]
"""


def test_yaml_key_and_item_marks_are_one_based():
    """Findings point at `line:column` as editors count them, so marks must be 1-based and exact."""
    doc = load_text(YAML_DOC)
    assert isinstance(doc, LDict)
    assert (doc.line, doc.column) == (1, 1)
    assert doc.key_marks == {"Resources": (1, 1)}
    assert doc["Resources"].key_marks == {"Fn": (2, 3)}
    fn = doc["Resources"]["Fn"]
    assert fn.key_marks == {"Type": (3, 5), "Properties": (4, 5)}
    subnets = fn["Properties"]["SubnetIds"]
    assert isinstance(subnets, LList)
    assert subnets.item_marks == [(6, 11), (7, 11)]
    assert fn["Properties"]["Ids"].item_marks == [(8, 13), (8, 16)]
    assert fn.mark_of("Nope") == (fn.line, fn.column)
    assert subnets.mark_of(5) == (subnets.line, subnets.column)


TEMPLATE = {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"SubnetIds": [{"Ref": "A"}, "s-1"]}}}}


@pytest.mark.parametrize(
    "text, fn_mark, type_mark, item_marks",
    [
        pytest.param(json.dumps(TEMPLATE, indent=2), (3, 5), (4, 7), [(7, 11), (10, 11)], id="indented"),
        pytest.param(json.dumps(TEMPLATE, indent="\t"), (3, 3), (4, 4), [(7, 6), (10, 6)], id="tabs"),
        pytest.param(json.dumps(TEMPLATE, separators=(",", ":")), (1, 15), (1, 21), [(1, 79), (1, 91)], id="minified"),
    ],
)
def test_json_marks(text, fn_mark, type_mark, item_marks):
    """JSON goes through the same event builder; tabs count as one column and minified JSON is one long line."""
    doc = load_text(text)
    assert doc == TEMPLATE
    fn = doc["Resources"]["Fn"]
    assert doc["Resources"].key_marks["Fn"] == fn_mark
    assert fn.key_marks["Type"] == type_mark
    assert fn["Properties"]["SubnetIds"].item_marks == item_marks
    line, column = fn_mark
    assert text.splitlines()[line - 1][column - 1 :].startswith('"Fn"')


@pytest.mark.parametrize("text", [YAML_DOC, json.dumps(TEMPLATE, indent=2)], ids=["yaml", "json"])
def test_a_place_a_loader_notes_is_a_location_made_without_a_records_init(text):
    """What `located` gives (most places a loader notes are never read) is made by one C call, not a frozen
    record's `__init__` (issue #14), and is in every way a reader sees the `Location` it stands for."""
    doc = load_text(text)
    fn, subnets = doc["Resources"]["Fn"], doc["Resources"]["Fn"]["Properties"]["SubnetIds"]
    called: list[str] = []
    sys.setprofile(lambda frame, event, arg: called.append(frame.f_code.co_name) if event == "call" else None)
    try:
        places = [fn.located("t", "Type"), subnets.located("t", 1), doc.located("t", "Resources")]
    finally:
        sys.setprofile(None)
    assert "__init__" not in called and "__new__" not in called
    expected = [model.Location("t", *fn.mark_of("Type")), model.Location("t", *subnets.mark_of(1))]
    expected.append(model.Location("t", *doc.mark_of("Resources")))
    assert places == expected and expected == places and [hash(p) for p in places] == [hash(e) for e in expected]
    assert places[0] != expected[1] and expected[1] != places[0] and places[0] != places[1]
    assert {*places, *expected} == set(expected)
    assert all(isinstance(p, model.Location) for p in places)
    assert [repr(p).partition("(")[2] for p in places] == [repr(e).partition("(")[2] for e in expected]
    assert [(p.path, p.line, p.column) for p in places] == [(e.path, e.line, e.column) for e in expected]
    copies = pickle.loads(pickle.dumps(places))
    assert [type(c) for c in copies] == [model.Location] * 3 and copies == expected
    with pytest.raises(AttributeError):
        places[0].line = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        assert places[0] < places[1]


# ----- CloudFormation short tags ------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("!Ref Vpc", {"Ref": "Vpc"}),
        ("!GetAtt Role.Arn", {"Fn::GetAtt": ["Role", "Arn"]}),
        ("!GetAtt Db.Endpoint.Address", {"Fn::GetAtt": ["Db", "Endpoint.Address"]}),
        ("!GetAtt [Role, Arn]", {"Fn::GetAtt": ["Role", "Arn"]}),
        ("!Sub 'arn:${AWS::Partition}:s3:::${B}'", {"Fn::Sub": "arn:${AWS::Partition}:s3:::${B}"}),
        ("!Sub ['${A}', {A: 1}]", {"Fn::Sub": ["${A}", {"A": 1}]}),
        ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
        ("!GetAZs ''", {"Fn::GetAZs": ""}),
        ("!GetAZs", {"Fn::GetAZs": ""}),
        ("!If [C, 1, !Ref AWS::NoValue]", {"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}),
        ("!Cidr [!GetAtt Vpc.CidrBlock, 4, 8]", {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 4, 8]}),
        ("!ImportValue shared-vpc", {"Fn::ImportValue": "shared-vpc"}),
        ("!Condition IsProd", {"Condition": "IsProd"}),
        ("!Join ['', [a, !Ref B]]", {"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
        ("!Split [',', !ImportValue ids]", {"Fn::Split": [",", {"Fn::ImportValue": "ids"}]}),
        ("!FindInMap [M, !Ref AWS::Region, Cidr]", {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "Cidr"]}),
        ("!Base64 hello", {"Fn::Base64": "hello"}),
        ("!Equals [!Ref Env, prod]", {"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
        ("!Not [!Condition C]", {"Fn::Not": [{"Condition": "C"}]}),
        ("!And [!Condition A, !Condition B]", {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
        ("!Or [!Condition A, !Equals [1, 1]]", {"Fn::Or": [{"Condition": "A"}, {"Fn::Equals": [1, 1]}]}),
        ("!GetAtt\n  - Role\n  - Arn", {"Fn::GetAtt": ["Role", "Arn"]}),
    ],
)
def test_short_tags_become_long_form(value, expected):
    """Rules only ever see the long form, so YAML and JSON templates are read the same way."""
    assert load_text(f"v: {value}")["v"] == expected


def test_tagged_collection_keeps_marks():
    """A tagged list is still an LList, so a `!If`'s branches point at their own lines."""
    doc = load_text("v: !If\n  - C\n  - [!Ref A]\n  - !Ref B\n")
    args = doc["v"]["Fn::If"]
    assert isinstance(args, LList)
    assert args.item_marks == [(2, 5), (3, 5), (4, 5)]
    assert args[1].item_marks == [(3, 6)]


# ----- YAML 1.1 scalars ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", True),
        ("No", False),
        ("on", True),
        ("OFF", False),
        ("true", True),
        ("y", "y"),  # YAML 1.1 resolver of PyYAML: single letters stay text
        ("42", 42),
        ("0x1f", 31),
        ("017", 15),
        ("1_000", 1000),
        ("-7", -7),
        ("3.5", 3.5),
        ("~", None),
        ("null", None),
        ("", None),
        ("2024-01-01", "2024-01-01"),
        ("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
        ('"true"', "true"),
        ("'10'", "10"),
        ("'0x1f'", "0x1f"),
        ("10.0.0.0/16", "10.0.0.0/16"),
        ("'::/0'", "::/0"),
        ("=", "="),
    ],
)
def test_yaml_11_scalars(text, expected):
    """CloudFormation reads YAML 1.1: `yes`/`off` are booleans, quoted values stay text, dates stay text."""
    value = load_text(f"v: {text}")["v"]
    assert value == expected
    assert type(value) is type(expected)


def test_merge_keys():
    """`<<` copies keys the mapping lacks; explicit keys win wherever they are, earlier merges win over later."""
    doc = load_text("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  y: 3\n  <<: [*a, *b]\nd:\n  <<: *b\n  w: 4\n")
    assert doc["c"] == {"x": 1, "y": 3, "z": 2}
    assert doc["d"] == {"z": 2, "x": 2, "w": 4}
    assert doc["c"].key_marks["y"] == (4, 3)
    assert doc["c"].key_marks["z"] == doc["b"].key_marks["z"]


def test_merge_of_a_scalar_is_rejected():
    err = error_of("c:\n  <<: 1\n")
    assert "merge" in err.message and err.line == 2


@pytest.mark.parametrize("text", ["'<<': {a: 1}\nb: 2\n", '{"<<": {"a": 1}, "b": 2}'])
def test_quoted_merge_key_is_an_ordinary_key(text):
    """Only a plain `<<` is YAML's merge key; JSON has no merge keys at all."""
    assert load_text(text) == {"<<": {"a": 1}, "b": 2}


def test_aliases_of_plain_nodes():
    doc = load_text("a: &x !Ref R\nb: *x\nc: &l [1, 2]\nd: *l\n")
    assert doc["b"] == {"Ref": "R"}
    assert doc["d"] == [1, 2]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("!If [C, 1, 2]", {"Fn::If": ["C", 1, 2]}),
        ("!GetAtt [R, Arn]", {"Fn::GetAtt": ["R", "Arn"]}),
    ],
)
def test_alias_of_tagged_collection_keeps_tag(value, expected):
    """An alias must mean the same value as its anchor."""
    doc = load_text(f"a: &x {value}\nb: *x\n")
    assert doc["a"] == expected
    assert doc["b"] == doc["a"]


def test_json_exponent_is_a_number():
    """JSON is read as YAML; a JSON number must still be a number."""
    assert load_text('{"a": 1e3}') == {"a": 1000.0}


# ----- tags that must not be constructed ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['touch {flag}']",
        "!!python/object/apply:os.system\n- touch {flag}\n",
        "a: !!python/object/new:os.system ['touch {flag}']",
        "a: !!python/name:os.system",
        "a: !!python/module:os",
        "%TAG ! tag:yaml.org,2002:\n---\na: !python/object/apply:os.system ['touch {flag}']",
        "a: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {flag}']",
        "%TAG !e! tag:evil.example,2000:\n---\na: !e!run x",
        "a: !!set {{a, b}}",
        "a: !Foo.Bar x",
    ],
)
def test_unsafe_tags_are_rejected_and_nothing_runs(tmp_path, text):
    """A template is untrusted input: Python tags are refused, however they are spelled, and never executed."""
    flag = tmp_path / "pwned"
    err = error_of(text.format(flag=flag))
    assert "unsupported YAML tag" in err.message
    assert err.line >= 1 and err.column >= 1
    assert not flag.exists()


@pytest.mark.parametrize("tag", ["!!binary aGVsbG8=", "!!timestamp 2024-01-01", "!!str 12"])
def test_binary_and_timestamp_kept_as_text(tag):
    value = load_text(f"a: {tag}")["a"]
    assert value == tag.split(" ", 1)[1]


@pytest.mark.parametrize("text, expected", [("!!int '5'", 5), ("!!bool yes", True), ("!!float 1", 1.0)])
def test_explicit_core_tags(text, expected):
    assert load_text(f"a: {text}")["a"] == expected


def test_bad_core_tag_value_reports_position():
    err = error_of("a: 1\nb: !!int abc\n")
    assert "invalid int" in err.message and (err.line, err.column) == (2, 4)


# ----- duplicate keys and other syntax ------------------------------------------------------


@pytest.mark.parametrize(
    "text, key, first, where",
    [
        ("a: 1\na: 2\n", "a", 1, (2, 1)),
        ("Resources:\n  Fn:\n    Type: X\n    Properties: {}\n    Type: Y\n", "Type", 3, (5, 5)),
        ('{\n  "A": 1,\n  "B": 2,\n  "A": 3\n}', "A", 2, (4, 3)),
        ('{"x": {"k": 1, "k": 2}}', "k", 1, (1, 16)),
    ],
)
def test_duplicate_keys(text, key, first, where):
    """Last-wins would silently deploy a different template than the one reviewed: the error names both places."""
    err = error_of(text)
    assert repr(key) in err.message
    assert f"first defined at line {first}" in err.message
    assert (err.line, err.column) == where


def test_keys_are_text():
    """CloudFormation keys are text: `1:` and `true:` are two keys (equal in Python), `1:` and `'1':` one."""
    doc = marked.load_text("1: a\ntrue: b\nnull: c\n2020-01-01: d\n")
    assert doc == {"1": "a", "true": "b", "": "c", "2020-01-01": "d"}
    err = error_of("1: a\n'1': b\n")
    assert "duplicate key '1'" in err.message and (err.line, err.column) == (2, 1)
    err = error_of("!!int 1: {}\n1: []\n")  # a tagged key, and a container value
    assert "duplicate key '1'" in err.message


LONG_KEY = "K" * 1000  # libyaml reads an implicit key of at most 1,024 characters


@pytest.mark.parametrize(
    "text",
    [
        f"{LONG_KEY}: 1\n{LONG_KEY}: 2\n",
        f"{LONG_KEY}: {{}}\n{LONG_KEY}: []\n",  # the second value a container: YAML's other branch
        f'{{"{LONG_KEY}": 1, "{LONG_KEY}": 2}}',
        f'{{"{LONG_KEY}": {{}}, "{LONG_KEY}": [1]}}',
        f'{{"x": [{{"{LONG_KEY}": {{}}, "{LONG_KEY}": 2}}], "y": {{"{LONG_KEY}": 1, "{LONG_KEY}": [1]}}}}',
    ],
)
def test_a_duplicate_key_is_named_not_replayed(text):
    """A message quotes at most about MAX_QUOTE characters of a key written twice, whatever its value,
    JSON or YAML: a crafted template's key would otherwise be copied whole into every report."""
    err = error_of(text)
    assert err.message.startswith("duplicate key 'KKK") and "…" in err.message
    assert len(err.message) < MAX_QUOTE + 50


@pytest.mark.parametrize(
    "text, where",
    [
        ("a: [1, 2\nb: 3\n", None),
        ('{"a": 1 "b": 2}', None),
        ("a:\n\t- 1\n", (2, 1)),
        ("- *nope\n", (1, 3)),
        ("a: &a [*a]\n", (1, 8)),
        ("? [a]\n: 1\n", (1, 3)),
    ],
)
def test_syntax_errors_have_positions(text, where):
    err = error_of(text)
    assert err.line >= 1 and err.column >= 1
    if where:
        assert (err.line, err.column) == where


@pytest.mark.parametrize("text", ["", "---\n", "# only a comment\n"])
def test_empty_document_is_none(text):
    assert load_text(text) is None


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("a: 1\n---\nb: 2\n", 2, "a second document"),
        ('{"a": 1}\n{"b": 2}\n', 2, "data after the end of the document"),
        ('{"a": 1} "b"\n', 1, "data after the end of the document"),
    ],
)
def test_a_second_document_is_an_error(text, line, message):
    """CloudFormation reads one document: what follows it is reported, never silently dropped."""
    with pytest.raises(InputError) as caught:
        load_text(text)
    assert message in caught.value.message and caught.value.line == line


@pytest.mark.parametrize("text", ["a: 1\n...\n", "---\na: 1\n", '{"a": 1}\n\n'])
def test_one_document_with_markers_is_fine(text):
    assert load_text(text) == {"a": 1}


# ----- limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("open_, close", [("[", "]"), ("{a: ", "}")])
def test_depth_limit(open_, close):
    """MAX_DEPTH levels load; one more is an error at the opening bracket that crossed the limit."""
    ok = open_ * MAX_DEPTH + close * MAX_DEPTH
    assert load_text(ok) is not None
    deep = open_ * (MAX_DEPTH + 1) + close * (MAX_DEPTH + 1)
    err = error_of(deep)
    assert "nesting deeper" in err.message
    assert err.line == 1 and err.column == MAX_DEPTH * len(open_) + 1


@pytest.mark.parametrize(
    "text", ["[" * 50_000 + "]" * 50_000, "a:\n" + "".join(" " * i + "- \n" for i in range(1, 400))]
)
def test_very_deep_nesting_is_an_error_not_a_crash(text):
    """libyaml's composer overflows the C stack here; the event builder must stop at MAX_DEPTH.

    Whether our check or libyaml's own scanner limit (PyYAML ≥ 6.0.2) stops it first depends on
    the library version: the user sees the same error either way, somewhere on the first line.
    """
    err = error_of(text)
    assert "nesting deeper" in err.message
    assert err.line >= 1 and err.column >= 1


def billion_laughs(levels: int = 9) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb():
    """10^10 nodes after expansion from a few hundred bytes: refused at the alias that crosses MAX_NODES."""
    err = error_of(billion_laughs())
    assert "alias expansion too large" in err.message
    assert 2 <= err.line <= 10


def test_moderate_aliases_are_fine():
    """Aliases below the limit load, and share the anchored node instead of copying it."""
    doc = load_text(billion_laughs(levels=3))
    assert len(doc["d"]) == 10 and doc["d"][0] is doc["c"]


def test_node_limit_stops_parsing_early(monkeypatch):
    """A document over MAX_NODES without any alias must be refused as soon as the limit is crossed."""
    limit = 1000
    monkeypatch.setattr(marked, "MAX_NODES", limit)
    real_lend = yamlmarks._lend  # (what hands the loader each event)
    consumed = 0

    def counting_lend(*args):
        get_event = real_lend(*args)

        def counted():
            nonlocal consumed
            consumed += 1
            return get_event()

        return counted

    monkeypatch.setattr(yamlmarks, "_lend", counting_lend)
    err = error_of("a:\n" + "- 1\n" * 50_000)
    assert "too large" in err.message
    assert consumed < 3 * limit
    assert err.line > 1


def test_node_limit_constant_is_sane():
    assert MAX_NODES >= 100_000 and MAX_DEPTH >= 64


# ----- reading files ------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b" ", b"\n", b" \t\r\n\x0b\x0c", b"\x00", b" a ", b"\x85", b"{}\n", b"\xa0"])
def test_blank_is_what_strip_leaves_nothing_of(data):
    assert marked._blank(data) is (not data.strip())


@pytest.mark.parametrize(
    "data, message, where",
    [
        (b"", "empty file", (1, 1)),
        (b" \n\t\r\n  ", "empty file", (1, 1)),
        (b"\x0b\x0c ", "empty file", (1, 1)),  # every byte bytes.strip strips: blank
        (b"a\x00b", "NUL byte", (1, 1)),
        (b"a: 1\n\nb: \x00", "NUL byte", (3, 1)),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte", (3, 1)),
        (b"ab\xff", "0xff", (1, 3)),
        (b"a: 1\nDescription: caf\xe9\n", "0xe9", (2, 17)),
        (b"\xff\xfea\x00:\x00", "UTF-16/32 is not supported", (1, 1)),  # UTF-16 with BOM
        ("a: 1\nb: 2\n".encode("utf-16-be"), "UTF-16/32 is not supported", (1, 1)),  # no BOM
        ("a: 1\nb: 2\n".encode("utf-32"), "UTF-16/32 is not supported", (1, 1)),
        ("a: 1\nb: 2\n".encode("utf-32-le"), "UTF-16/32 is not supported", (1, 1)),
    ],
)
def test_decode_errors(data, message, where):
    with pytest.raises(InputError) as info:
        decode(data)
    assert message in info.value.message
    assert (info.value.line, info.value.column) == where


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_its_bom_is_read_where_asked(encoding):
    """What Windows PowerShell's `>` writes: a plan's loader asks for it (`utf16_ok`), nothing else does."""
    data = (("" if encoding == "utf-16" else "\ufeff") + '{"a": "caf\u00e9"}\n').encode(encoding)
    assert decode(data, utf16_ok=True) == '{"a": "caf\u00e9"}\n'
    with pytest.raises(InputError, match="UTF-16/32 is not supported"):
        decode(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("a: 1".encode("utf-16-be"), "UTF-16/32 is not supported"),  # no BOM: still refused
        ("a: 1".encode("utf-32"), "UTF-16/32 is not supported"),  # (UTF-32 LE's BOM starts as UTF-16 LE's)
        (b"\xff\xfea\x00:", "not UTF-16 text: truncated data at byte 4"),
        (b"\xfe\xff\xd8\x00\x00a", "not UTF-16 text: illegal UTF-16 surrogate at byte 2"),
        ("\ufeff \n".encode("utf-16-le"), "empty file"),
        ("\ufeffa\n\0".encode("utf-16-le"), "binary file (NUL character)"),
    ],
)
def test_utf16_that_is_not_text_is_refused(data, message):
    with pytest.raises(InputError) as info:
        decode(data, utf16_ok=True)
    assert message in info.value.message


def test_utf8_bom_is_accepted():
    assert decode(b"\xef\xbb\xbfa: caf\xc3\xa9\n") == "a: caf\u00e9\n"
    assert load_text(decode(b"\xef\xbb\xbfa: 1\n")) == {"a": 1}


def test_bad_byte_after_bom_is_located():
    with pytest.raises(InputError) as info:
        decode(b"\xef\xbb\xbfab: 1\nc\xffd\n")
    assert "0xff" in info.value.message
    assert (info.value.line, info.value.column) == (2, 2)


def test_read_source(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes("Description: d\u00e9j\u00e0 vu\n".encode())
    assert read_source(str(path)) == "Description: d\u00e9j\u00e0 vu\n"


def test_read_source_size_limit(tmp_path):
    """Refused by size before being decoded or parsed; exactly MAX_BYTES is still read."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * MAX_BYTES)
    assert len(read_source(str(path))) == MAX_BYTES
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError) as info:
        read_source(str(path))
    assert "larger than 5 MB" in info.value.message and info.value.line == 1


def test_read_source_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_source(str(tmp_path / "nope.yaml"))
    assert "cannot read" in info.value.message


def test_input_error_clamps_position():
    err = InputError("x", 0, -3)
    assert (err.line, err.column) == (1, 1)


# ----- libyaml's events as tuples (yamlmarks._lend) ------------------------------------------

EVERY_EVENT = """\
%YAML 1.1
---
Base: &base {Type: 'AWS::EC2::Subnet', Tags: [a, !Ref B]}
Copy:
  <<: *base
  Props: !If [C, [1, 2.5, true, null, 0x1F, 2026-12-06], !Ref AWS::NoValue]
Again: *base
Text: !Sub |
  ${A}-"x"
...
"""


def _shape(node: object) -> object:
    """A document with its classes and marks, all the way down."""
    if isinstance(node, dict):
        marks = (getattr(node, "line", None), getattr(node, "column", None), getattr(node, "key_marks", None))
        return type(node), marks, [(k, _shape(v)) for k, v in node.items()]
    if isinstance(node, list):
        marks = (getattr(node, "line", None), getattr(node, "column", None), getattr(node, "item_marks", None))
        return type(node), marks, [_shape(v) for v in node]
    return type(node), node


def test_reading_gives_pyyaml_its_event_classes_back():
    """The C parser's module names `yamlmarks`' event makers only while it reads: after a read, one that fails half
    way or at a second document too, PyYAML's C loader makes its own events again (the cfn-lint plugin's)."""
    from yaml import _yaml, events

    from lambda6lint.loaders.common import yamlmarks

    assert load_text(EVERY_EVENT)["Copy"]["Type"] == "AWS::EC2::Subnet"
    assert "did not find expected" in error_of("a: [1\n").message
    assert "second document" in error_of("a: 1\n---\nb: 2\n").message
    assert "unknown alias" in error_of("a: *nope\n").message
    for name in yamlmarks._EVENTS:
        assert getattr(_yaml, name) is getattr(events, name)
    assert isinstance(next(iter(yaml.parse("a: 1", Loader=yaml.CSafeLoader)), None), events.StreamStartEvent)
    assert yaml.load("a: [1, !!str 2]", Loader=yaml.CSafeLoader) == {"a": [1, "2"]}


def test_events_made_as_usual_read_alike(monkeypatch):
    """Where another thread runs (it might parse YAML meanwhile), the C parser's events are made as PyYAML makes
    them and turned into tuples; without libyaml, the pure-Python parser's are: the same document, marks and all."""
    import threading

    from lambda6lint.loaders.common import yamlmarks

    lent = _shape(load_text(EVERY_EVENT))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        parser, classes = yamlmarks._Loader("a: 1"), {}
        yamlmarks._lend(parser, classes, {})
        parser.dispose()
        assert classes == {}  # (nothing lent)
        assert _shape(load_text(EVERY_EVENT)) == lent
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(yamlmarks, "_Loader", yaml.SafeLoader)
    assert _shape(load_text(EVERY_EVENT)) == lent
    assert "second document" in error_of("a: 1\n---\nb: 2\n").message


def test_makers_lent_before_an_interruption_are_given_back(monkeypatch):
    """A read interrupted while the makers are being lent (Ctrl-C) leaves PyYAML's C parser its own event classes:
    each is given back from the moment its maker replaced it."""
    from yaml import _yaml, events

    from lambda6lint.loaders.common import yamlmarks

    class Interrupting:
        """The C parser's module, interrupted as its fourth event class is replaced."""

        def __init__(self) -> None:
            object.__setattr__(self, "replaced", 0)

        def __getattr__(self, name: str) -> object:
            return getattr(_yaml, name)

        def __setattr__(self, name: str, value: object) -> None:
            if name in yamlmarks._EVENTS and value is not getattr(events, name):  # (a maker, not a class given back)
                object.__setattr__(self, "replaced", self.replaced + 1)
                if self.replaced == 4:
                    raise KeyboardInterrupt
            setattr(_yaml, name, value)

    monkeypatch.setattr(yamlmarks, "_libyaml", Interrupting())
    with pytest.raises(KeyboardInterrupt):
        load_text("a: 1\n")
    for name in yamlmarks._EVENTS:
        assert getattr(_yaml, name) is getattr(events, name)


def _pattern_of(tag: str) -> str:
    """PyYAML's implicit-type pattern for `tag` (its text, compiled or not)."""
    resolvers = [r for rs in yamlmarks._IMPLICIT.values() for t, r in rs if t == tag]
    (found,) = {getattr(r, "_pattern", None) or r.pattern for r in resolvers}
    return found


def _chars_and_needs(items, needed: str) -> tuple[set[str], bool]:
    """Every character a match of parsed pattern `items` may hold, and whether each match holds `needed`."""
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_constants as sre

    chars: set[str] = set()
    needs = False
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
            needs = needs or chr(av) == needed
        elif op is sre.IN:
            for kind, value in av:
                assert kind in (sre.LITERAL, sre.RANGE), (kind, value)  # no negation, no \d: a bounded set
                chars.update(chr(c) for c in ([value] if kind is sre.LITERAL else range(value[0], value[1] + 1)))
        elif op is sre.BRANCH:
            found = [_chars_and_needs(alternative, needed) for alternative in av[1]]
            chars.update(*(c for c, _ in found))
            needs = needs or all(n for _, n in found)
        elif op is sre.SUBPATTERN:
            c, n = _chars_and_needs(av[-1], needed)
            chars |= c
            needs = needs or n
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            c, n = _chars_and_needs(av[2], needed)
            chars |= c
            needs = needs or (n and av[0] >= 1)
        else:
            assert op is sre.AT, (op, av)  # ^ and $: no character
    return chars, needs


def test_the_characters_a_plain_scalar_of_each_type_is_made_of_are_read_from_pyyaml():
    """`_resolve` skips a type's pattern for a scalar holding a character its matches never hold, or lacking one
    they all hold: each table entry covers every character the pattern can match and names one it always does
    (its `$` also matches before a final line break)."""
    import re

    try:
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:  # Python 3.10
        import sre_parse as _parser

    assert yamlmarks._MADE_OF
    for tag, (made_of, needed) in yamlmarks._MADE_OF.items():
        chars, needs = _chars_and_needs(_parser.parse(_pattern_of(tag), re.X), needed)
        assert chars | {"\n"} <= made_of, (tag, sorted(chars - made_of))
        if tag == yamlmarks._CORE + "bool":  # its words are known without it (`_known_tag`: the next test checks
            assert needed == "\n"  # them), so what asks it can match only as a word before a final line break
            continue
        assert needs or not needed, tag


def test_a_plain_scalar_resolves_as_without_the_character_check(monkeypatch):
    """The same type and value for scalars of every type, near misses and text, with or without the character check
    and the words and numbers known without a pattern."""
    import random

    rng = random.Random(14)
    alphabet = "0123456789_.eE+-:xabfinINFAtTZ ~ylsuoO/\t"
    values = [
        "true",
        "Off",
        "NULL",
        "~",
        "null",
        "128",
        "-0x1F",
        "0b101",
        "0o17",
        "017",
        "1_000",
        "1:30",
        "1.5e+3",
        ".inf",
        "-.Inf",
        ".NaN",
        "1e3",
        "2012-10-17",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 Z",
        "10.0.0.0/16",
        "::/0",
        "python3.12",
        "Type",
        "nodejs22.x",
        "1.2.3",
        "0.0.0.0/0",
        "0",
        "00",
        "09",
        "0777",
        "-0",
        "+12",
        "443",
        "\u0663",
        "yes",
        "YES",
        "oN",
        "False",
        "+",
        "-",
        ".",
    ]
    values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    numeric = "0123456789_.-:eT "
    values += [rng.choice("0123456789.-+:") + "".join(rng.choice(numeric) for _ in range(9)) for _ in range(20000)]

    def resolved(value: str) -> object:
        try:
            return yamlmarks._resolve(value, 1, 1)
        except InputError as exc:  # (`0x_`: an int of no digits)
            return str(exc)

    checked = [resolved(v) for v in values]
    monkeypatch.setattr(yamlmarks, "_MADE_OF", {})
    monkeypatch.setattr(yamlmarks, "_known_tag", lambda value: None)
    unchecked = [resolved(v) for v in values]
    assert [(type(x), x) for x in checked] == [(type(x), x) for x in unchecked]


def test_the_bool_words_known_without_a_pattern_are_those_of_pyyaml_s_pattern():
    import re

    pattern = re.sub(r"\s", "", _pattern_of(yamlmarks._CORE + "bool"))
    assert pattern.startswith("^(?:") and pattern.endswith(")$"), pattern
    assert set(pattern[4:-2].split("|")) == yamlmarks._BOOL_WORDS


def test_a_small_template_compiles_no_float_or_timestamp_pattern():
    """Of the resolver's patterns compiled on first use, CIDRs, counts and names ask neither the float's nor the
    timestamp's (0.8 ms of a small template's start-up, issue #14), and `true` and `128` neither the bool's nor the
    int's (0.6 ms), nor does `Of` (no bool word) the bool's; `0777` (octal) asks the int's."""
    import subprocess
    import sys

    code = (
        "from lambda6lint.loaders.common import marked, yamlmarks\n"
        "marked.load_yaml('Type: x\\nCidr: 10.0.0.0/16\\nSize: 128\\nOn: true\\nV: ::/0\\nR: python3.12\\n')\n"
        "core = 'tag:yaml.org,2002:'\n"
        "rs = {t: r for rs in yamlmarks._IMPLICIT.values() for t, r in rs}\n"
        "print(*('match' in vars(rs[core + t]) for t in ('float', 'timestamp', 'int', 'bool')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=99)
    assert proc.stdout.split() == ["False", "False", "False", "False"], proc.stderr[-2000:]
    code = code.replace("Size: 128", "Size: 0777").replace("On: true", "On: Of")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=99)
    assert proc.stdout.split() == ["False", "False", "True", "False"], proc.stderr[-2000:]


@pytest.mark.parametrize("cls, text", [(LDict, "a: {b: 1}\n"), (LList, "a: [1]\n")])
def test_containers_made_without_init_have_what_init_gives(cls, text):
    """yamlmarks makes mappings and sequences with `dict.__new__`/`list.__new__` and sets their slots itself: every
    slot `__init__` sets is set, to the same kind of value (a slot added to the class must be set there too)."""
    made = cls(3, 4)
    read = load_text(text)["a"]
    assert type(read) is cls
    for name in (name for name in cls.__slots__ if name != "__weakref__"):
        assert hasattr(made, name) and hasattr(read, name), name
        assert type(getattr(read, name)) is type(getattr(made, name)), name
    assert (read.line, read.column) == (1, 4)
    assert (read.key_marks if cls is LDict else read.item_marks) == ({"b": (1, 5)} if cls is LDict else [(1, 5)])


def test_a_refused_character_is_placed_where_it_is_and_json_says_its_own_error():
    """YAML refuses control characters (but tab and line breaks); PyYAML's words for it ended in `<unicode string>`,
    an offset (libyaml's in UTF-8 bytes) and a 1:1 location. In YAML the character and its line and column are said
    (counted in characters past a multi-byte one); in JSON, which allows a C1 control in a string, JSON's own error:
    a `terraform show -json` plan mangled by a wrong code page held U+0080 while an eaten quote broke it."""
    err = error_of('Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: "é\x07"}\n')
    assert (err.message, err.line, err.column) == (
        "not valid YAML/JSON: control characters are not allowed: U+0007",
        4,
        31,
    )
    err = error_of('{\n  "Description": "caf\u0080e",\n  "Resources": {"Q": {"Type": "AWS::SQS::Queue" "x": 1}}\n}\n')
    assert (err.message, err.line, err.column) == ("not valid JSON: Expecting ',' delimiter", 3, 49)
    err = error_of('{"a": "é\u0080\n"}')  # (a JSON string may not hold a line break: the quote before it was eaten)
    assert (err.message, err.line, err.column) == ("not valid JSON: Invalid control character", 1, 10)
    assert load_text('{"a": "é\u0080"}') == {"a": "é\u0080"}  # (valid JSON: read, whatever YAML thinks of it)
